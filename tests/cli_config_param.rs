//! git's global `-c <name>=<value>` and `--config-env=<name>=<envvar>`, and the
//! `GIT_CONFIG_PARAMETERS` variable they travel in, against git: every case runs the same
//! command through both and compares stdout, stderr and the exit code (or, for commands that
//! write, what they wrote).

mod common;

use common::Fixture;
use std::process::{Command, Output};

/// Config variables the outer environment could leak into the commands under test.
const CONFIG_ENV: &[&str] = &["GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"];

fn run(mut cmd: Command, stdin: &[u8], env: &[(&str, &str)]) -> Output {
    for k in CONFIG_ENV {
        cmd.env_remove(k);
    }
    cmd.envs(env.iter().copied());
    common::run_with_stdin(cmd, stdin)
}

/// Runs `args` through git and gitstore in `f` with `env` on top of the fixed environment;
/// asserts equal stdout, exit code and stderr (only its first line after a usage error, where
/// git lists all its options). Returns git's output.
fn same(f: &Fixture, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let g = run(f.git_command(args), stdin, env);
    let s = run(f.gitstore_command(args), stdin, env);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let shown = |o: &Output| {
        let t = text(&o.stderr);
        match o.status.code() {
            Some(129) => t.lines().next().unwrap_or_default().to_string(),
            _ => t,
        }
    };
    let what = format!("{args:?} with {env:?}");
    assert_eq!(
        text(&s.stdout),
        text(&g.stdout),
        "stdout differs for {what}"
    );
    assert_eq!(shown(&s), shown(&g), "stderr differs for {what}");
    assert_eq!(
        s.status.code(),
        g.status.code(),
        "exit code differs for {what}"
    );
    g
}

fn repo_with_commit() -> Fixture {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.commit_all("one");
    f
}

/// The identity variables of the fixed environment, which win over `user.name`.
fn without_identity_env(mut cmd: Command) -> Command {
    for k in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ] {
        cmd.env_remove(k);
    }
    cmd
}

#[test]
fn dash_c_core_abbrev_shortens_as_git() {
    let f = repo_with_commit();
    for n in ["12", "4", "40"] {
        let out = same(
            &f,
            &[
                "-c",
                &format!("core.abbrev={n}"),
                "rev-parse",
                "--short",
                "HEAD",
            ],
            b"",
            &[],
        );
        assert!(out.status.success());
    }
}

#[test]
fn dash_c_identity_makes_the_same_commit_as_git() {
    let f = repo_with_commit();
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]);
    for name in ["X", "A 'quoted' !name", "  spaced  ", "it's = \"odd\""] {
        let args = [
            "-c",
            &format!("user.name={name}"),
            "-c",
            "user.email=y@example.com",
            "commit-tree",
            &tree,
            "-m",
            "msg",
        ];
        let g = run(without_identity_env(f.git_command(&args)), b"", &[]);
        let s = run(without_identity_env(f.gitstore_command(&args)), b"", &[]);
        assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
        assert_eq!(
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&g.stdout),
            "{name:?}: {}",
            String::from_utf8_lossy(&s.stderr)
        );
    }
}

#[test]
fn later_dash_c_wins_over_earlier_and_over_inherited_parameters() {
    let f = repo_with_commit();
    let args = [
        "-c",
        "core.abbrev=9",
        "-c",
        "core.abbrev=13",
        "rev-parse",
        "--short",
        "HEAD",
    ];
    same(&f, &args, b"", &[]);
    same(
        &f,
        &["-c", "core.abbrev=13", "rev-parse", "--short", "HEAD"],
        b"",
        &[("GIT_CONFIG_PARAMETERS", "'core.abbrev'='9'")],
    );
}

/// Whether `update-ref` run with `config` in a fresh copy of `make()` leaves a reflog for
/// `refs/heads/new`, by git and by gitstore.
fn reflog_after_update_ref(make: fn() -> Fixture, config: &str) -> (bool, bool) {
    let made = |bin_is_git: bool| {
        let f = make();
        let head = f.git_str(&["rev-parse", "HEAD"]);
        let args = ["-c", config, "update-ref", "refs/heads/new", &head];
        let cmd = if bin_is_git {
            f.git_command(&args)
        } else {
            f.gitstore_command(&args)
        };
        let out = run(cmd, b"", &[]);
        assert!(
            out.status.success(),
            "{config}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        f.git_dir().join("logs/refs/heads/new").exists()
    };
    (made(true), made(false))
}

fn bare_with_commit() -> Fixture {
    let f = repo_with_commit();
    f.git(&["config", "core.bare", "true"]);
    f
}

#[test]
fn dash_c_core_log_all_ref_updates_decides_the_reflog_as_git() {
    let (git, ours) = reflog_after_update_ref(repo_with_commit, "core.logAllRefUpdates=false");
    assert!(!git);
    assert_eq!(ours, git);
    let (git, ours) = reflog_after_update_ref(bare_with_commit, "core.logAllRefUpdates=true");
    assert!(git);
    assert_eq!(ours, git);
}

#[test]
fn dash_c_name_equals_is_the_empty_string() {
    // the empty string is false for a boolean, and not a severity for fsck
    let (git, ours) = reflog_after_update_ref(repo_with_commit, "core.logAllRefUpdates=");
    assert!(!git);
    assert_eq!(ours, git);
    let f = repo_with_commit();
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let tag = format!("object {head}\ntype commit\ntag ok\n\nm\n");
    same(
        &f,
        &["-c", "fsck.missingTaggerEntry=", "mktag"],
        tag.as_bytes(),
        &[],
    );
}

#[test]
fn dash_c_name_alone_has_no_value() {
    // git's "missing value" comes as `error:` and then `fatal: unable to parse 'X' from
    // command-line config`; gitstore says it in one `fatal:` line (the config layer does not
    // yet tell where a value came from)
    let f = repo_with_commit();
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let tag = format!("object {head}\ntype commit\ntag ok\n\nm\n");
    let args = [
        "-c",
        "fsck.missingTaggerEntry=ignore",
        "-c",
        "fsck.missingTaggerEntry",
        "mktag",
    ];
    let g = run(f.git_command(&args), tag.as_bytes(), &[]);
    let s = run(f.gitstore_command(&args), tag.as_bytes(), &[]);
    assert_eq!(s.status.code(), g.status.code());
    for out in [&g, &s] {
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains("missing value for 'fsck.missingtaggerentry'"),
            "{text}"
        );
    }
}

#[test]
fn dash_c_init_default_branch_names_the_initial_branch() {
    let g = Fixture::empty_dir();
    let s = Fixture::empty_dir();
    let args = ["-c", "init.defaultBranch=trunk", "init", "repo"];
    let go = run(g.git_command(&args), b"", &[]);
    let so = run(s.gitstore_command(&args), b"", &[]);
    assert_eq!(
        String::from_utf8_lossy(&so.stderr),
        String::from_utf8_lossy(&go.stderr)
    );
    assert_eq!(so.status.code(), go.status.code());
    let head = |f: &Fixture| std::fs::read_to_string(f.path.join("repo/.git/HEAD")).unwrap();
    assert_eq!(head(&g), "ref: refs/heads/trunk\n");
    assert_eq!(head(&s), head(&g));
}

#[test]
fn dash_c_fsck_severity_is_honoured_by_mktag() {
    let f = repo_with_commit();
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let bad_name = format!(
        "object {head}\ntype commit\ntag a..b\ntagger T <t@example.com> 1700000000 +0000\n\nm\n"
    );
    let no_tagger = format!("object {head}\ntype commit\ntag ok\n\nm\n");
    for (tag, config, ok) in [
        (&bad_name, "fsck.badTagName=ignore", true),
        (&bad_name, "fsck.badTagName=error", false),
        (&bad_name, "fsck.missingTaggerEntry=ignore", false),
        (&no_tagger, "fsck.missingTaggerEntry=ignore", true),
        (&no_tagger, "fsck.missingTaggerEntry=warn", false),
    ] {
        let out = same(&f, &["-c", config, "mktag"], tag.as_bytes(), &[]);
        assert_eq!(out.status.success(), ok, "{config}");
    }
}

#[test]
fn dash_c_bad_names_fail_as_git() {
    let f = repo_with_commit();
    for setting in [
        "foo", "foo=1", ".foo=1", "foo.=1", "a.1b=1", "a_b.c=1", "a.b_c=1", "=1", "", " a.b=1",
    ] {
        let out = same(&f, &["-c", setting, "rev-parse", "HEAD"], b"", &[]);
        assert_eq!(out.status.code(), Some(128), "{setting:?}");
    }
    // what git takes: a section of digits, an empty section before a subsection, any
    // subsection
    for setting in ["1a.b=1", ".a.b=1", "a.b c.d=1", "a.B.C"] {
        let out = same(&f, &["-c", setting, "rev-parse", "HEAD"], b"", &[]);
        assert!(out.status.success(), "{setting:?}");
    }
}

#[test]
fn dash_c_is_checked_outside_a_repository_too() {
    let f = Fixture::empty_dir();
    same(&f, &["-c", "foo", "hash-object", "--stdin"], b"x", &[]);
}

#[test]
fn global_option_mistakes_are_reported_as_git() {
    let f = repo_with_commit();
    for args in [
        &["-c"][..],
        &["--config-env"],
        &["-cfoo=bar", "rev-parse", "HEAD"],
        &["--config-env=foo", "rev-parse", "HEAD"],
        &["--config-env=a.b=", "rev-parse", "HEAD"],
        &["--config-env=a.b=GITSTORE_UNSET_VAR", "rev-parse", "HEAD"],
        &["--config-env=foo=HOME", "rev-parse", "HEAD"],
    ] {
        let out = same(&f, args, b"", &[]);
        assert!(!out.status.success(), "{args:?}");
    }
}

#[test]
fn config_env_takes_the_value_from_the_environment() {
    let f = repo_with_commit();
    let env = [("ABBREV", "11"), ("EMPTY", "")];
    same(
        &f,
        &[
            "--config-env=core.abbrev=ABBREV",
            "rev-parse",
            "--short",
            "HEAD",
        ],
        b"",
        &env,
    );
    same(
        &f,
        &[
            "--config-env",
            "core.abbrev=ABBREV",
            "rev-parse",
            "--short",
            "HEAD",
        ],
        b"",
        &env,
    );
    // in order with -c: the later wins
    same(
        &f,
        &[
            "--config-env=core.abbrev=ABBREV",
            "-c",
            "core.abbrev=5",
            "rev-parse",
            "--short",
            "HEAD",
        ],
        b"",
        &env,
    );
}

#[test]
fn parameters_in_the_environment_are_read_in_both_forms() {
    let f = repo_with_commit();
    for text in [
        "'core.abbrev'='10'",
        "'core.abbrev=9'",
        "'core.abbrev=9' 'Core.Abbrev'='14'",
        "'core.abbrev'='14'\n\t'user.name'='it'\\''s'",
        "",
    ] {
        let out = same(
            &f,
            &["rev-parse", "--short", "HEAD"],
            b"",
            &[("GIT_CONFIG_PARAMETERS", text)],
        );
        assert!(out.status.success(), "{text:?}");
    }
}

#[test]
fn parameters_override_git_config_count() {
    let f = repo_with_commit();
    let out = same(
        &f,
        &["rev-parse", "--short", "HEAD"],
        b"",
        &[
            ("GIT_CONFIG_COUNT", "1"),
            ("GIT_CONFIG_KEY_0", "core.abbrev"),
            ("GIT_CONFIG_VALUE_0", "8"),
            ("GIT_CONFIG_PARAMETERS", "'core.abbrev'='11'"),
        ],
    );
    assert_eq!(out.stdout.len(), 12);
}

#[test]
fn bogus_parameters_in_the_environment_fail_as_git() {
    let f = repo_with_commit();
    for text in [
        " 'a.b=1'",
        "a.b=1",
        "'a.b'=1",
        "'a.b'='1'x",
        "'a.b",
        "''='1'",
        "'=1'",
        "'foo'='1'",
        "'a.1b=1'",
    ] {
        let out = same(
            &f,
            &["rev-parse", "HEAD"],
            b"",
            &[("GIT_CONFIG_PARAMETERS", text)],
        );
        assert_eq!(out.status.code(), Some(128), "{text:?}");
    }
    let out = same(
        &f,
        &["rev-parse", "HEAD"],
        b"",
        &[("GIT_CONFIG_COUNT", "x")],
    );
    assert_eq!(out.status.code(), Some(128));
}

/// What gitstore puts in `GIT_CONFIG_PARAMETERS` for the commands it starts is what git puts
/// there: git's own value, shown by an alias that prints it, against the library's.
#[test]
fn dash_c_builds_the_variable_git_exports() {
    let f = repo_with_commit();
    let settings = ["a.b", "c.d=", "e.f=x y 'q' !z", "g.h=a=b"];
    let mut args = Vec::new();
    for s in settings {
        args.extend(["-c", s]);
    }
    let alias = "alias.pe=!printenv GIT_CONFIG_PARAMETERS";
    args.extend(["-c", alias, "pe"]);
    let inherited = "'x.y=1'";
    let out = run(
        f.git_command(&args),
        b"",
        &[("GIT_CONFIG_PARAMETERS", inherited)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut ours = inherited.as_bytes().to_vec();
    for s in settings.iter().chain([&alias]) {
        ours = gitstore::config::push_parameter(Some(&ours), s.as_bytes());
    }
    ours.push(b'\n');
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&out.stdout)
    );
}
