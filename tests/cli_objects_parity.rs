//! `hash-object`, `cat-file` and `init` against git for the cases where the exact text matters:
//! every test compares stdout, stderr and the exit code with git's, byte for byte.

mod common;

use common::Fixture;
use std::process::Output;

/// Runs `args` through git and gitstore in `f` and asserts the same stdout, stderr and exit
/// code. Returns git's output.
fn assert_identical(f: &Fixture, args: &[&str], stdin: &[u8]) -> Output {
    let g = f.git_output(args, stdin);
    let s = f.gitstore_output(args, stdin);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert_eq!(
        (s.status.code(), text(&s.stdout), text(&s.stderr)),
        (g.status.code(), text(&g.stdout), text(&g.stderr)),
        "gitstore (left) and git (right) differ for {args:?}"
    );
    g
}

fn append(f: &Fixture, rel: &str, text: &str) {
    let p = f.path.join(rel);
    let mut old = std::fs::read(&p).unwrap();
    old.extend_from_slice(text.as_bytes());
    std::fs::write(p, old).unwrap();
}

#[test]
fn broken_config_is_fatal_even_without_w_naming_the_file_as_git_does() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.write("sub/b.txt", "b\n");
    append(&f, ".git/config", "[core\n");
    for args in [
        &["hash-object", "a.txt"][..],
        &["hash-object", "-w", "a.txt"],
        &["-C", "sub", "hash-object", "b.txt"],
        &["-C", ".git", "hash-object", "../a.txt"],
        &["--git-dir=.git", "hash-object", "a.txt"],
        &["cat-file", "-t", "HEAD"],
    ] {
        let g = assert_identical(&f, args, b"");
        assert_eq!(g.status.code(), Some(128));
    }

    let bad_bool = Fixture::new();
    bad_bool.write("a.txt", "a\n");
    bad_bool.git(&["config", "core.bare", "maybe"]);
    let g = assert_identical(&bad_bool, &["hash-object", "a.txt"], b"");
    assert_eq!(
        String::from_utf8_lossy(&g.stderr),
        "fatal: bad boolean config value 'maybe' for 'core.bare'\n"
    );
}

#[test]
fn repository_formats_git_refuses_warn_without_w_and_are_fatal_with_it() {
    let cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "v1 unknown",
            &[
                ("core.repositoryformatversion", "1"),
                ("extensions.foo", "x"),
            ],
        ),
        (
            "v1 two unknown",
            &[
                ("core.repositoryformatversion", "1"),
                ("extensions.foo", "x"),
                ("extensions.bar", "y"),
            ],
        ),
        ("v0 v1-only", &[("extensions.objectFormat", "sha1")]),
        ("v2", &[("core.repositoryformatversion", "2")]),
    ];
    for (what, settings) in cases {
        let f = Fixture::new();
        f.write("a.txt", "a\n");
        let mut text = String::new();
        for (k, v) in settings {
            let (section, key) = k.split_once('.').unwrap();
            text.push_str(&format!("[{section}]\n\t{key} = {v}\n"));
        }
        append(&f, ".git/config", &text);
        let gentle = assert_identical(&f, &["hash-object", "a.txt"], b"");
        assert!(gentle.status.success(), "{what}");
        assert!(gentle.stderr.starts_with(b"warning: "), "{what}");
        let strict = assert_identical(&f, &["hash-object", "-w", "a.txt"], b"");
        assert_eq!(strict.status.code(), Some(128), "{what}");
    }
    // unknown extensions do not matter in a version-0 repository
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    append(&f, ".git/config", "[extensions]\n\tfoo = x\n");
    let g = assert_identical(&f, &["hash-object", "-w", "a.txt"], b"");
    assert!(g.status.success() && g.stderr.is_empty());
}

/// gitstore reads SHA-1 repositories only. git prints a SHA-256 id here; printing a SHA-1 id
/// instead would be wrong, so gitstore refuses, with or without `-w`, and refuses to
/// re-initialize one too (git says "Reinitialized…").
#[test]
fn sha256_repository_is_refused_clearly_instead_of_hashed_with_sha1() {
    let f = Fixture::empty_dir();
    f.git(&["init", "-q", "--object-format=sha256", "-b", "main"]);
    f.write("a.txt", "a\n");
    let git = f.git_str(&["hash-object", "a.txt"]);
    assert_eq!(git.len(), 64);
    let _ = std::fs::remove_dir(f.git_dir().join("branches"));
    for args in [
        &["hash-object", "a.txt"][..],
        &["hash-object", "-w", "a.txt"],
        &["init"],
    ] {
        let s = f.gitstore_output(args, b"");
        assert_eq!(s.status.code(), Some(128), "{args:?}");
        assert!(s.stdout.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&s.stderr),
            "fatal: extensions.objectFormat = sha256 is not supported yet\n",
            "{args:?}"
        );
    }
    assert!(
        !f.git_dir().join("branches").exists(),
        "re-init refused before touching"
    );
}

#[test]
fn literally_hashes_and_writes_made_up_types_git_reads_back() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    for kind in ["bogus", "a b", "", "blob"] {
        assert_identical(
            &f,
            &["hash-object", "--literally", "-t", kind, "a.txt"],
            b"",
        );
        assert_identical(
            &f,
            &["hash-object", "--literally", "-t", kind, "--stdin"],
            b"x",
        );
    }
    assert_identical(&f, &["hash-object", "-t", "bogus", "a.txt"], b"");
    assert_identical(&f, &["hash-object", "-t", "", "a.txt"], b"");
    let out = f.gitstore_output(
        &["hash-object", "--literally", "-t", "bogus", "-w", "a.txt"],
        b"",
    );
    assert!(out.status.success());
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let git = f.git_str(&["cat-file", "-t", "--allow-unknown-type", &id]);
    assert_eq!(git, "bogus");
    assert_eq!(
        f.git_str(&["cat-file", "-s", "--allow-unknown-type", &id]),
        "2"
    );
}

#[test]
fn stdin_paths_reads_lines_as_git_does() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.write("b c.txt", "b\n");
    for input in [
        &b"a.txt\r\n"[..],
        b"a.txt\r\nb c.txt\r\n",
        b"\"a.txt\"x\n",
        b"\"b\\040c.txt\"\n",
        b"\"a.txt\n",
        b"\"a.txt\\q\"\n",
    ] {
        assert_identical(&f, &["hash-object", "--stdin-paths"], input);
    }
}

#[test]
fn non_utf8_names_and_empty_dash_c_work_as_in_git() {
    use std::os::unix::ffi::OsStrExt;
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.commit_all("one");
    let odd = std::ffi::OsStr::from_bytes(b"n\xff");
    std::fs::write(f.path.join(odd), "odd\n").unwrap();
    let run = |program: &std::path::Path, args: &[&std::ffi::OsStr]| {
        common::fixed_command(program)
            .current_dir(&f.path)
            .args(args)
            .output()
            .unwrap()
    };
    let rev = std::ffi::OsStr::from_bytes(b"HEAD\xff");
    let bad_type = std::ffi::OsStr::from_bytes(b"x\xff");
    let cases: [Vec<&std::ffi::OsStr>; 5] = [
        vec!["hash-object".as_ref(), odd],
        vec!["cat-file".as_ref(), "-t".as_ref(), rev],
        vec!["cat-file".as_ref(), "blob".as_ref(), rev],
        vec![
            "hash-object".as_ref(),
            "-t".as_ref(),
            bad_type,
            "a.txt".as_ref(),
        ],
        vec![
            "-C".as_ref(),
            "".as_ref(),
            "hash-object".as_ref(),
            "a.txt".as_ref(),
        ],
    ];
    for args in cases {
        let g = run(common::git_bin(), &args);
        let s = run(common::gitstore_bin(), &args);
        assert_eq!(
            (s.status.code(), &s.stdout, &s.stderr),
            (g.status.code(), &g.stdout, &g.stderr),
            "{args:?}"
        );
    }
}

#[test]
fn os_errors_read_as_strerror_without_rusts_os_error_suffix() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.write("plain-file", "");
    for (args, stdin) in [
        (&["hash-object", "missing"][..], &b""[..]),
        (&["hash-object", "--stdin-paths"], b"a.txt\nmissing\n"),
        (&["-C", "nonexist", "hash-object", "a.txt"], b""),
        (&["-C", "plain-file", "hash-object", "a.txt"], b""),
        (&["init", "plain-file"], b""),
        (&["hash-object", "."], b""),
        (&["hash-object", "-w", "."], b""),
    ] {
        let g = assert_identical(&f, args, stdin);
        assert_eq!(g.status.code(), Some(128), "{args:?}");
        assert!(!String::from_utf8_lossy(&g.stderr).contains("os error"));
    }
}

#[test]
fn a_named_git_dir_that_is_no_repository_is_named_in_the_error() {
    let f = Fixture::empty_dir();
    f.write("a.txt", "a\n");
    for args in [
        &["--git-dir=nonexist", "hash-object", "-w", "a.txt"][..],
        &["--git-dir=nonexist", "cat-file", "-t", "HEAD"],
        &["--git-dir=nonexist", "hash-object", "a.txt"],
        &["cat-file", "-t", "HEAD"],
    ] {
        assert_identical(&f, args, b"");
    }
    let with_env = |program: &std::path::Path| {
        common::fixed_command(program)
            .current_dir(&f.path)
            .env("GIT_DIR", "nonexist")
            .args(["hash-object", "-w", "a.txt"])
            .output()
            .unwrap()
    };
    let (g, s) = (
        with_env(common::git_bin()),
        with_env(common::gitstore_bin()),
    );
    assert_eq!((s.status.code(), s.stderr), (g.status.code(), g.stderr));
}

/// Runs `args` through git in one empty directory and gitstore in another (`init` must create
/// in both); compares exit codes, stderr, and stdout with each directory's path replaced.
fn assert_identical_apart(args: &[&str], global_config: Option<&str>) -> (Fixture, Fixture) {
    let (g, s) = (Fixture::empty_dir(), Fixture::empty_dir());
    let run = |f: &Fixture, mut cmd: std::process::Command| {
        if let Some(text) = global_config {
            f.write("global.cfg", text);
            cmd.env("GIT_CONFIG_GLOBAL", f.path.join("global.cfg"));
        }
        let out = cmd.output().unwrap();
        let norm =
            |b: &[u8]| String::from_utf8_lossy(b).replace(&f.path.display().to_string(), "ROOT");
        (out.status.code(), norm(&out.stdout), norm(&out.stderr))
    };
    let go = run(&g, g.git_command(args));
    let so = run(&s, s.gitstore_command(args));
    assert_eq!(
        so, go,
        "gitstore (left) and git (right) differ for {args:?}"
    );
    (g, s)
}

#[test]
fn init_without_a_branch_name_prints_gits_master_hint_unless_quiet() {
    assert_identical_apart(&["init", "r"], None);
    assert_identical_apart(&["init", "--bare", "r"], None);
    assert_identical_apart(&["init", "-q", "r"], None);
    assert_identical_apart(&["init", "-b", "main", "r"], None);
    assert_identical_apart(&["init", "r"], Some("[init]\n\tdefaultBranch = trunk\n"));
}

#[test]
fn reinit_ignores_the_branch_name_with_gits_warning() {
    let f = Fixture::new();
    for args in [
        &["init", "-b", "other"][..],
        &["init", "-q", "-b", "other"],
        &["init"],
        &["init", "-q"],
    ] {
        assert_identical(&f, args, b"");
    }
    assert_eq!(f.git_str(&["symbolic-ref", "HEAD"]), "refs/heads/main");
}

#[test]
fn init_creates_the_directories_gits_default_templates_create() {
    fn layout(root: &std::path::Path) -> Vec<String> {
        let mut seen: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.path() != root)
            .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
            // sample hooks are templates gitstore does not copy
            .filter(|p| !(p.contains("hooks/") && p.ends_with(".sample")))
            .collect();
        seen.sort();
        seen
    }
    for args in [
        &["init", "-q", "-b", "main", "r"][..],
        &["init", "-q", "--bare", "-b", "main", "r"],
    ] {
        let (g, s) = assert_identical_apart(args, None);
        let git = layout(&g.path.join("r"));
        assert!(git.iter().any(|p| p.ends_with("branches")), "{git:?}");
        assert_eq!(layout(&s.path.join("r")), git, "{args:?}");
    }
}

/// Mode bits of the new loose object and its fan-out directory after `hash-object -w` run by
/// `program` under `umask`, in a fresh repository with `core.sharedRepository = shared`.
fn loose_modes(program: &std::path::Path, umask: &str, shared: Option<&str>) -> (u32, u32) {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    if let Some(s) = shared {
        f.git(&["config", "core.sharedRepository", s]);
    }
    f.write("a.txt", format!("{umask} {shared:?}\n"));
    let out = common::fixed_command("sh")
        .current_dir(&f.path)
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" hash-object -w a.txt"))
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let dir = f.git_dir().join("objects").join(&id[..2]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    (mode(&dir.join(&id[2..])), mode(&dir))
}

#[test]
fn loose_objects_get_gits_modes_under_umask_and_shared_repository() {
    for umask in ["077", "022", "002"] {
        for shared in [
            None,
            Some("group"),
            Some("all"),
            Some("0640"),
            Some("0600"),
            Some("umask"),
        ] {
            let git = loose_modes(common::git_bin(), umask, shared);
            let ours = loose_modes(common::gitstore_bin(), umask, shared);
            assert_eq!(ours, git, "umask {umask}, core.sharedRepository {shared:?}");
        }
    }
    assert_eq!(
        loose_modes(common::gitstore_bin(), "077", None),
        (0o400, 0o700)
    );
}

#[test]
fn shared_repository_mode_without_owner_write_is_refused_as_git_does() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    for value in ["0440", "bogus"] {
        let config = f.git_dir().join("config");
        let text = std::fs::read_to_string(&config).unwrap();
        let kept: String = text
            .lines()
            .filter(|l| !l.contains("sharedRepository"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&config, kept).unwrap();
        f.git(&["config", "core.sharedRepository", value]);
        let g = assert_identical(&f, &["hash-object", "-w", "a.txt"], b"");
        assert_eq!(g.status.code(), Some(128), "{value}");
    }
}

#[test]
fn the_empty_tree_is_present_in_every_repository_as_in_git() {
    let f = Fixture::new();
    let empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    assert!(!f.git_dir().join("objects/4b").exists());
    // a commit of the empty tree, with the tree never written
    let commit = format!("tree {empty}\nauthor A <a@b> 1 +0000\ncommitter C <c@d> 2 -0130\n\nm\n");
    let c = f.git_stdin(
        &["hash-object", "-t", "commit", "-w", "--stdin"],
        commit.as_bytes(),
    );
    let c = String::from_utf8(c).unwrap().trim().to_string();
    let tree_of_c = format!("{c}^{{tree}}");
    for args in [
        &["cat-file", "-t", empty][..],
        &["cat-file", "-s", empty],
        &["cat-file", "-e", empty],
        &["cat-file", "-p", empty],
        &["cat-file", "tree", empty],
        &["ls-tree", empty],
        &["ls-tree", &c],
        &["rev-parse", "--verify", &tree_of_c],
        &["cat-file", "--batch-all-objects", "--batch-check"],
    ] {
        let g = assert_identical(&f, args, b"");
        assert!(g.status.success(), "{args:?}");
    }
    assert_identical(
        &f,
        &["cat-file", "--batch"],
        format!("{empty}\n").as_bytes(),
    );
    assert!(!f.git_dir().join("objects/4b").exists());
}

#[test]
fn for_each_ref_shows_odd_signatures_as_git_does() {
    let f = Fixture::new();
    let empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    for (name, author) in [
        ("spaces", "A  <a@b>  1 +0000"),
        ("nospace", "A<a@b> 1 +0000"),
        ("noname", " <a@b> 1 +0000"),
        ("odd-name", "Odd  Name  <x@y> 12 -0000"),
    ] {
        let commit = format!("tree {empty}\nauthor {author}\ncommitter C <c@d> 2 -0130\n\nm\n");
        let args = [
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ];
        let id = f.git_stdin(&args, commit.as_bytes());
        let id = String::from_utf8(id).unwrap().trim().to_string();
        f.git(&["update-ref", &format!("refs/heads/{name}"), &id]);
    }
    assert_identical(
        &f,
        &[
            "for-each-ref",
            "--format=%(authorname)|%(authoremail)|%(author)|%(authordate:raw)|%(committername)",
            "refs/heads",
        ],
        b"",
    );
}
