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
    f.git(&["add", "-A"]);
    // not through commit_all: `add -A` would drop a gitlink with nothing checked out
    f.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1111111111111111111111111111111111111111,gl",
    ]);
    f.git(&["commit", "-q", "-m", "init"]);
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

#[test]
fn ls_tree_d_lists_gitlinks_as_git_does() {
    let f = small_repo();
    for args in [
        &["ls-tree", "-d", "HEAD"][..],
        &["ls-tree", "-d", "-r", "HEAD"],
        &["ls-tree", "HEAD", "gl/"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn ls_tree_output_modes_given_together_are_a_usage_error_naming_both_as_typed() {
    let f = small_repo();
    for args in [
        &["ls-tree", "--name-only", "--object-only", "HEAD"][..],
        &["ls-tree", "--object-only", "--name-status", "HEAD"],
        &["ls-tree", "-rl", "--name-only", "HEAD"],
        &["ls-tree", "--name-only", "--long", "HEAD"],
        &["ls-tree", "--name-only", "--name-only", "HEAD"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn ls_tree_paths_are_normalized_against_the_prefix_and_may_not_leave_the_work_tree() {
    let f = small_repo();
    let top = f.path.display().to_string();
    let abs_a = format!("{top}/a");
    let abs_sub = format!("{top}/sub dir/");
    for dir in [".", "sub dir", "sub dir/deep"] {
        for path in [
            ".",
            "..",
            "./",
            "../",
            "a/",
            "a//",
            "deep/../a",
            "../sub dir/deep",
            "../../x",
            &abs_a,
            &abs_sub,
            "/tmp",
        ] {
            for opt in ["-t", "-r", "-d"] {
                assert_same_in(&f, dir, &[], &["ls-tree", opt, "HEAD", path], b"");
            }
        }
    }
}

#[test]
fn an_option_given_twice_is_accepted_as_git_accepts_it() {
    let f = small_repo();
    for args in [
        &["ls-tree", "-r", "-r", "HEAD"][..],
        &["ls-tree", "--abbrev", "--abbrev=5", "HEAD"],
        &["cat-file", "-t", "-t", "HEAD"],
        &["cat-file", "-p", "-p", "HEAD"],
        &["count-objects", "-v", "-v"],
    ] {
        f.assert_same(args, b"");
    }
    f.assert_same(&["mktree", "-z", "-z"], b"");
}

#[test]
fn mktree_refuses_a_blank_line_outside_batch_mode_and_ignores_extra_arguments() {
    let f = small_repo();
    let line = b"100644 blob ce013625030ba8dba906f756967f9e9ca394464a\ta\n";
    f.assert_same(&["mktree"], b"\n");
    f.assert_same(&["mktree"], &[&line[..], b"\n", &line[..]].concat());
    f.assert_same(&["mktree", "-z"], b"\0");
    f.assert_same(
        &["mktree", "--batch"],
        &[&line[..], b"\n", &line[..]].concat(),
    );
    f.assert_same(&["mktree", "extra", "args"], line);
}

#[test]
fn relative_paths_in_names_follow_the_current_directory_in_batch_mode_and_ls_tree() {
    let f = small_repo();
    let names = b"HEAD:./deep/f\nHEAD:../a\nHEAD:deep\n";
    assert_same_in(&f, "sub dir", &[], &["cat-file", "--batch-check"], names);
    assert_same_in(&f, "sub dir", &[], &["cat-file", "--batch"], names);
    // git dies of a path that leaves the work tree, or of one outside any work tree
    let leaving = b"HEAD:./deep/f\nHEAD:../../x\nHEAD:a\n";
    assert_same_in(&f, "sub dir", &[], &["cat-file", "--batch-check"], leaving);
    assert_same_in(
        &f,
        ".git",
        &[],
        &["cat-file", "--batch-check"],
        b"HEAD:./a\n",
    );
    assert_same_in(&f, "sub dir", &[], &["ls-tree", "HEAD:./deep"], b"");
    assert_same_in(&f, "sub dir", &[], &["ls-tree", "HEAD:../../x"], b"");
    assert_same_in(&f, ".git", &[], &["ls-tree", "HEAD:./a"], b"");
}
