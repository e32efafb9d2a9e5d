//! `gitstore <command> -h` against git 2.47: git's usage text, on the same stream, exit 129,
//! for every git command gitstore has, inside a repository and outside one.

mod common;

use common::Fixture;
use std::process::Output;

/// Every git command gitstore implements (`explain` is gitstore's own).
const COMMANDS: &[&str] = &[
    "branch",
    "cat-file",
    "commit-tree",
    "count-objects",
    "diff-tree",
    "for-each-ref",
    "fsck",
    "hash-object",
    "index-pack",
    "init",
    "log",
    "ls-tree",
    "merge-base",
    "mktag",
    "mktree",
    "pack-objects",
    "prune-packed",
    "repack",
    "rev-list",
    "rev-parse",
    "show-ref",
    "symbolic-ref",
    "tag",
    "unpack-objects",
    "update-ref",
    "verify-pack",
];

/// Stdout, stderr and exit code of `output`, for one comparison.
fn shown(output: &Output) -> (String, String, Option<i32>) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// Runs `<command> -h` for every command in `f` through both and compares byte for byte.
fn assert_every_dash_h_like_git(f: &Fixture) {
    let mut differing = Vec::new();
    for command in COMMANDS {
        let args = [*command, "-h"];
        let git = shown(&f.git_output(&args, b""));
        let store = shown(&f.gitstore_output(&args, b""));
        assert_eq!(git.2, Some(129), "git {command} -h");
        if git != store {
            differing.push(format!("{command}:\n  git: {git:?}\n  gitstore: {store:?}"));
        }
    }
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}

#[test]
fn dash_h_prints_gits_usage_and_exits_129_in_a_repository() {
    assert_every_dash_h_like_git(&Fixture::new());
}

#[test]
fn dash_h_prints_gits_usage_and_exits_129_outside_a_repository() {
    assert_every_dash_h_like_git(&Fixture::empty_dir());
}
