//! Reflog entries name the committer as git's lenient `git_committer_info(0)` does: on a
//! machine where nobody configured an identity, updating a ref works and logs the guessed one,
//! exactly as git logs it. (Tags and commits stay strict; see `cli_write_parity.rs`.)

mod common;

use common::Fixture;

/// `key, value` pairs: config entries or environment variables.
type Pairs<'a> = &'a [(&'a str, &'a str)];

/// Twin repositories with one commit each, the same ids.
fn twins(config: &[(&str, &str)]) -> (Fixture, Fixture) {
    let make = || {
        let f = Fixture::new();
        f.write("a", "a\n");
        f.commit_all("one");
        for (k, v) in config {
            f.git(&["config", k, v]);
        }
        f
    };
    (make(), make())
}

fn without_identity(
    mut cmd: std::process::Command,
    extra: &[(&str, &str)],
) -> std::process::Command {
    for var in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(extra.iter().copied());
    cmd
}

#[test]
fn ref_updates_log_the_guessed_identity_as_git_does() {
    let cases: [(&str, Pairs, Pairs); 5] = [
        ("nothing configured", &[], &[]),
        (
            "useConfigOnly does not bind reflogs",
            &[("user.useConfigOnly", "true")],
            &[],
        ),
        (
            "email configured, name guessed",
            &[("user.email", "cfg@example.com")],
            &[],
        ),
        (
            "empty configured name",
            &[("user.name", ""), ("user.email", "e@x")],
            &[],
        ),
        (
            "a date git cannot read is still fatal",
            &[],
            &[("GIT_COMMITTER_DATE", "garbage")],
        ),
    ];
    for (what, config, env) in cases {
        let (g, s) = twins(config);
        for args in [
            &["update-ref", "-m", "by hand", "refs/heads/y", "HEAD"][..],
            &["branch", "b2"],
            &["symbolic-ref", "-m", "moved", "HEAD", "refs/heads/y"],
        ] {
            let git = without_identity(g.git_command(args), env).output().unwrap();
            let ours = without_identity(s.gitstore_command(args), env)
                .output()
                .unwrap();
            assert_eq!(
                (ours.status.code(), String::from_utf8_lossy(&ours.stderr)),
                (git.status.code(), String::from_utf8_lossy(&git.stderr)),
                "{what}: {args:?}"
            );
        }
        for log in ["logs/HEAD", "logs/refs/heads/y", "logs/refs/heads/b2"] {
            // git creates a ref's log file before it dies on a bad date, and leaves it empty;
            // gitstore creates none. Both mean "no entries".
            let read = |f: &Fixture| {
                std::fs::read(f.git_dir().join(log))
                    .ok()
                    .filter(|l| !l.is_empty())
            };
            let (theirs, mine) = (read(&g), read(&s));
            assert_eq!(
                mine.as_deref().map(String::from_utf8_lossy),
                theirs.as_deref().map(String::from_utf8_lossy),
                "{what}: {log}"
            );
        }
        for f in [&g, &s] {
            let locks: Vec<_> = walkdir::WalkDir::new(f.git_dir())
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".lock"))
                .map(|e| e.path().to_path_buf())
                .collect();
            assert!(locks.is_empty(), "{what}: locks left behind: {locks:?}");
        }
    }
}
