//! Second pass of `init`, `hash-object`, `cat-file`, `ls-tree`, `mktree` and the global options
//! against git: each test is a mismatch found by running both side by side, and compares
//! stdout, stderr and the exit code with git's.

mod common;

use common::Fixture;
use std::process::Output;

/// Runs `args` through git and gitstore from `dir` (relative to the fixture), with `env` added,
/// and asserts the same stdout, exit code and stderr (the first line only for a usage error).
fn assert_same_in(f: &Fixture, dir: &str, env: &[(&str, &str)], args: &[&str], stdin: &[u8]) {
    let run = |mut cmd: std::process::Command| -> Output {
        use std::io::Write;
        cmd.current_dir(f.path.join(dir))
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().expect("wait")
    };
    let g = run(f.git_command(args));
    let s = run(f.gitstore_command(args));
    let text = |o: &Output| {
        let t = String::from_utf8_lossy(&o.stderr).into_owned();
        if o.status.code() == Some(129) {
            t.lines().next().unwrap_or_default().to_string()
        } else {
            t
        }
    };
    assert_eq!(
        (
            s.status.code(),
            String::from_utf8_lossy(&s.stdout).into_owned(),
            text(&s)
        ),
        (
            g.status.code(),
            String::from_utf8_lossy(&g.stdout).into_owned(),
            text(&g)
        ),
        "gitstore (left) and git (right) differ for {args:?} in {dir:?} with {env:?}"
    );
}

/// A small repository: a file at the top, one in a subdirectory with a space in its name, a
/// gitlink, an annotated tag.
fn small_repo() -> Fixture {
    let f = Fixture::new();
    f.write("a", "hello\n");
    f.write("sub dir/deep/f", "x\n");
    f.write("sub dir/g", "g\n");
    f.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1111111111111111111111111111111111111111,gl",
    ]);
    f.commit_all("init");
    f.git(&["tag", "-a", "-m", "tag", "v1"]);
    f
}

#[test]
fn a_git_dir_named_from_a_subdirectory_makes_the_current_directory_the_top() {
    let f = small_repo();
    let sub = "sub dir";
    for (env, args) in [
        (&[][..], &["--git-dir=../.git", "ls-tree", "HEAD"][..]),
        (&[("GIT_DIR", "../.git")][..], &["ls-tree", "HEAD"][..]),
        (
            &[("GIT_DIR", "../.git")][..],
            &["cat-file", "-p", "HEAD:./a"][..],
        ),
        (
            &[("GIT_DIR", "../.git"), ("GIT_WORK_TREE", "..")][..],
            &["ls-tree", "HEAD"][..],
        ),
    ] {
        assert_same_in(&f, sub, env, args, b"");
    }
}
