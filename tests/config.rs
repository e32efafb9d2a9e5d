//! The config reader against `git config --file F --get KEY`, and a never-panics property.
mod common;

use gitstore::config::Config;
use proptest::prelude::*;
use std::path::Path;

/// A file using every odd corner of the syntax git accepts.
const ODD: &[u8] = b"\xef\xbb\xbf# leading comment\r
; another comment\r
[core]\r
\tBare = false\r
\tfileMode\r
\tbigFileThreshold = 512k\r
[Core]\n\
  AutoCRLF=input ; trailing comment\n\
[user]  # comment after header\n\
\tname = \"  Quoted  Name  \"   \n\
\temail =   spaced   inner   value   \n\
[remote \"Origin\"]\n\
\turl = https://example.com/a#b\n\
\tfetch = +refs/heads/*:refs/remotes/origin/*\n\
[remote \"with \\\"quote\\\" and \\\\slash\"]\n\
\turl = q\n\
[Branch.Main]\n\
\tremote = origin\n\
[esc]\n\
\ttab = a\\tb\n\
\tnl = a\\nb\n\
\tquote = say \\\"hi\\\"\n\
\tcont = first \\\n\
   second\n\
\tmixed = a\"  ;#  \"b # comment\n\
\tempty =\n\
\tdup = one\n\
\tdup = two\n\
[bools]\n\
\tyes = YES\n\
\toff = Off\n\
\tone = 1\n\
\ttwo = 2\n\
\tempty = \n\
\tbare\n\
[ints]\n\
\tk = 3k\n\
\tm = 2M\n\
\tg = 1g\n\
\thex = 0x1f\n\
\toct = 017\n\
\tneg = -42\n\
\tmax = 9223372036854775807\n\
\tbig = 9223372036854775807k\n\
\tunit = 12q\n\
[url \"https://a.b/\"]\n\
\tinsteadOf = ab:\n";

fn git_config(file: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let out = common::fixed_command(common::git_bin())
        .arg("config")
        .arg("--file")
        .arg(file)
        .args(args)
        .output()
        .expect("run git config");
    (out.status.code(), out.stdout)
}

#[test]
fn get_matches_git_config_get() {
    let f = common::Fixture::empty_dir();
    f.write("odd.config", ODD);
    let path = f.path.join("odd.config");
    let config = Config::load(&path).unwrap();
    let keys = [
        "core.bare",
        "core.filemode",
        "CORE.autocrlf",
        "core.bigfilethreshold",
        "user.name",
        "user.email",
        "remote.Origin.url",
        "remote.origin.url",
        "remote.Origin.fetch",
        "remote.with \"quote\" and \\slash.url",
        "branch.main.remote",
        "branch.Main.remote",
        "esc.tab",
        "esc.nl",
        "esc.quote",
        "esc.cont",
        "esc.mixed",
        "esc.empty",
        "esc.dup",
        "url.https://a.b/.insteadof",
        "missing.key",
        "core.missing",
        "nosection",
    ];
    for key in keys {
        let (code, stdout) = git_config(&path, &["--get", key]);
        let ours = config.get_raw(key);
        match ours {
            None => assert_eq!(code, Some(1), "{key}: git found {stdout:?}, we did not"),
            Some(v) => {
                assert_eq!(code, Some(0), "{key}: git did not find it");
                let mut expected = v.map(|v| v.to_vec()).unwrap_or_default();
                expected.push(b'\n');
                assert_eq!(
                    String::from_utf8_lossy(&stdout),
                    String::from_utf8_lossy(&expected),
                    "{key}"
                );
            }
        }
    }
}

#[test]
fn get_bool_matches_git_type_bool() {
    let f = common::Fixture::empty_dir();
    f.write("odd.config", ODD);
    let path = f.path.join("odd.config");
    let config = Config::load(&path).unwrap();
    for key in [
        "bools.yes",
        "bools.off",
        "bools.one",
        "bools.two",
        "bools.empty",
        "bools.bare",
        "bools.missing",
        "core.bare",
        "core.filemode",
        "user.name",
        "ints.k",
    ] {
        let (code, stdout) = git_config(&path, &["--type=bool", "--get", key]);
        match config.get_bool(key) {
            Ok(None) => assert_eq!(code, Some(1), "{key}"),
            Ok(Some(b)) => {
                assert_eq!(code, Some(0), "{key}");
                assert_eq!(stdout, format!("{b}\n").as_bytes(), "{key}");
            }
            Err(e) => assert_eq!(code, Some(128), "{key}: we said {e}"),
        }
    }
}

#[test]
fn get_int_matches_git_type_int() {
    let f = common::Fixture::empty_dir();
    f.write("odd.config", ODD);
    let path = f.path.join("odd.config");
    let config = Config::load(&path).unwrap();
    for key in [
        "ints.k",
        "ints.m",
        "ints.g",
        "ints.hex",
        "ints.oct",
        "ints.neg",
        "ints.max",
        "ints.big",
        "ints.unit",
        "ints.missing",
        "bools.one",
        "bools.bare",
        "bools.yes",
        "core.bigfilethreshold",
    ] {
        let (code, stdout) = git_config(&path, &["--type=int", "--get", key]);
        match config.get_int(key) {
            Ok(None) => assert_eq!(code, Some(1), "{key}"),
            Ok(Some(n)) => {
                assert_eq!(code, Some(0), "{key}");
                assert_eq!(stdout, format!("{n}\n").as_bytes(), "{key}");
            }
            Err(e) => assert_eq!(code, Some(128), "{key}: we said {e}"),
        }
    }
}

#[test]
fn bad_files_are_refused_on_the_line_git_names() {
    let f = common::Fixture::empty_dir();
    let cases: &[&[u8]] = &[
        b"[s]\nbare # comment\n",
        b"[s]\nk = \"unterminated\n",
        b"[s\n",
        b"\n\n[",
        b"[s]\nk = v\\q\n",
        b"[s]\n\n\n-k = v\n",
        b"[s \"sub]\n",
        b"[s \"sub\" ]\n",
        b"[s sub]\n",
        b"\xef\xbb[s]\n",
        b"[s]\nk = a\\\n\"b\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        let name = format!("bad{i}");
        f.write(&name, text);
        let path = f.path.join(&name);
        let out = common::fixed_command(common::git_bin())
            .arg("config")
            .arg("--file")
            .arg(&path)
            .arg("--list")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(128), "git accepted case {i}");
        let ours = Config::load(&path).expect_err("we accepted a file git refuses");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let ours = ours.to_string();
        let line = stderr
            .split("bad config line ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap();
        assert!(
            ours.contains(&format!("line {line}")),
            "case {i}: git: {stderr}, ours: {ours}"
        );
    }
}

#[test]
fn missing_file_is_empty() {
    let f = common::Fixture::empty_dir();
    let c = Config::load(&f.path.join("nope/config")).unwrap();
    assert!(c.entries().is_empty());
}

proptest! {
    #[test]
    fn parser_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(c) = Config::parse(&bytes, Path::new("fuzz")) {
            for e in c.entries() {
                let _ = c.get_bool(&format!("{}.{}", e.section, e.key));
                let _ = c.get_int(&format!("{}.{}", e.section, e.key));
            }
        }
    }

    #[test]
    fn parser_never_panics_on_config_like_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(&b"["[..]), Just(&b"]"[..]), Just(&b"\""[..]), Just(&b"\\"[..]),
                Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b" "[..]), Just(&b"="[..]),
                Just(&b"#"[..]), Just(&b";"[..]), Just(&b"key"[..]), Just(&b"."[..]),
                Just(&b"\xef\xbb\xbf"[..]), Just(&b"s"[..]), Just(&b"\t"[..]), Just(&b"n"[..]),
            ],
            0..64,
        )
    ) {
        let bytes: Vec<u8> = parts.concat();
        let _ = Config::parse(&bytes, Path::new("fuzz"));
    }
}

/// The only test in this binary that touches the process environment.
#[test]
fn for_repository_layers_system_global_repo_and_env() {
    let f = common::Fixture::empty_dir();
    f.write("system", "[l]\nsys = s\nwho = system\n");
    f.write("xdg/git/config", "[l]\nxdg = x\nwho = xdg\n");
    f.write("home/.gitconfig", "[l]\nhome = h\nwho = home\n");
    f.write("global", "[l]\nglobal = g\nwho = global\n");
    f.write("repo/config", "[l]\nrepo = r\nwho = repo\n");
    let p = |s: &str| f.path.join(s);
    let git_dir = p("repo");
    std::env::set_var("GIT_CONFIG_SYSTEM", p("system"));
    std::env::remove_var("GIT_CONFIG_NOSYSTEM");
    std::env::remove_var("GIT_CONFIG_GLOBAL");
    std::env::set_var("XDG_CONFIG_HOME", p("xdg"));
    std::env::set_var("HOME", p("home"));
    std::env::remove_var("GIT_CONFIG_COUNT");
    let c = Config::for_repository(&git_dir).unwrap();
    for k in ["l.sys", "l.xdg", "l.home", "l.repo"] {
        assert!(c.get(k).is_some(), "{k}");
    }
    assert_eq!(c.get("l.global"), None);
    assert_eq!(c.get("l.who").unwrap(), "repo");

    std::env::set_var("GIT_CONFIG_NOSYSTEM", "true");
    std::env::set_var("GIT_CONFIG_GLOBAL", p("global"));
    std::env::set_var("GIT_CONFIG_COUNT", "2");
    std::env::set_var("GIT_CONFIG_KEY_0", "L.Who");
    std::env::set_var("GIT_CONFIG_VALUE_0", "env");
    std::env::set_var("GIT_CONFIG_KEY_1", "l.Sub.key");
    std::env::set_var("GIT_CONFIG_VALUE_1", "");
    let c = Config::for_repository(&git_dir).unwrap();
    assert_eq!(c.get("l.sys"), None);
    assert_eq!(c.get("l.xdg"), None);
    assert_eq!(c.get("l.global").unwrap(), "g");
    assert_eq!(c.get("l.who").unwrap(), "env");
    assert_eq!(c.get("l.Sub.key").unwrap(), "");

    std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
    std::env::set_var("GIT_CONFIG_COUNT", "3");
    assert!(
        Config::for_repository(&git_dir).is_err(),
        "missing GIT_CONFIG_KEY_2"
    );
    std::env::set_var("GIT_CONFIG_COUNT", "1");
    let c = Config::for_repository(&git_dir).unwrap();
    assert_eq!(c.get("l.global"), None);
    for v in [
        "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_NOSYSTEM",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_COUNT",
        "GIT_CONFIG_KEY_0",
        "GIT_CONFIG_VALUE_0",
        "GIT_CONFIG_KEY_1",
        "GIT_CONFIG_VALUE_1",
    ] {
        std::env::remove_var(v);
    }
}
