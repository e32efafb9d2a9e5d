//! git's usage text against git 2.47, byte for byte, for every git command gitstore has:
//! `<command> -h` (on git's stream, exit 129, inside a repository and outside one), an unknown
//! option (parse-options' complaint and the usage, or the usage alone), and a command given too
//! little.

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

/// Runs `<command> <rest…>` for every command in `f` through both and compares byte for byte;
/// git must exit with `code`.
fn assert_every_command_like_git(f: &Fixture, rest: &[&str], code: i32) {
    let mut differing = Vec::new();
    for command in COMMANDS {
        let mut args = vec![*command];
        args.extend_from_slice(rest);
        let git = shown(&f.git_output(&args, b""));
        let store = shown(&f.gitstore_output(&args, b""));
        if git.2 != Some(code) {
            continue;
        }
        if git != store {
            differing.push(format!("{args:?}:\n  git: {git:?}\n  gitstore: {store:?}"));
        }
    }
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}

/// [`assert_every_command_like_git`] for `-h`, which every command answers with 129.
fn assert_every_dash_h_like_git(f: &Fixture) {
    for command in COMMANDS {
        let out = f.git_output(&[command, "-h"], b"");
        assert_eq!(out.status.code(), Some(129), "git {command} -h");
    }
    assert_every_command_like_git(f, &["-h"], 129);
}

#[test]
fn dash_h_prints_gits_usage_and_exits_129_in_a_repository() {
    assert_every_dash_h_like_git(&Fixture::new());
}

#[test]
fn dash_h_prints_gits_usage_and_exits_129_outside_a_repository() {
    assert_every_dash_h_like_git(&Fixture::empty_dir());
}

#[test]
fn an_unknown_option_gets_gits_complaint_and_usage() {
    let f = Fixture::new();
    f.git(&["commit", "-q", "--allow-empty", "-m", "one"]);
    for rest in [&["--bogus"][..], &["--bogus=3"], &["-Q"], &["--no-bogus"]] {
        assert_every_command_like_git(&f, rest, 129);
    }
}

#[test]
fn verify_pack_without_a_pack_prints_gits_usage() {
    let f = Fixture::new();
    let args = ["verify-pack"];
    assert_eq!(
        shown(&f.gitstore_output(&args, b"")),
        shown(&f.git_output(&args, b""))
    );
}

#[test]
fn dash_h_among_other_arguments_prints_gits_usage() {
    let f = Fixture::new();
    f.git(&["commit", "-q", "--allow-empty", "-m", "one"]);
    let mut differing = Vec::new();
    for args in [
        &["update-ref", "-d", "-h"][..],
        &["update-ref", "-m", "-h", "refs/heads/x", "HEAD"],
        &["symbolic-ref", "-q", "-h"],
        &["for-each-ref", "--format=x", "-h"],
        &["cat-file", "-p", "-h"],
        &["branch", "-v", "-h"],
        &["tag", "-l", "-h"],
        &["init", "-q", "-h"],
        &["hash-object", "-w", "-h"],
        &["ls-tree", "-r", "-h"],
        &["count-objects", "-v", "-h"],
        &["verify-pack", "-v", "-h"],
        &["pack-objects", "--stdout", "-h"],
        &["fsck", "--strict", "-h"],
        &["mktree", "-z", "-h"],
        &["mktag", "--strict", "-h"],
        &["commit-tree", "-p", "HEAD", "-h"],
        &["rev-list", "--all", "-h"],
        &["log", "--oneline", "-h"],
        &["log", "HEAD", "-h"],
        &["merge-base", "--all", "-h"],
        &["diff-tree", "-r", "-h"],
        &["index-pack", "-v", "-h"],
        &["unpack-objects", "-n", "-h"],
        &["repack", "-a", "-h"],
        &["prune-packed", "-n", "-h"],
        &["rev-parse", "--verify", "-h"],
    ] {
        let git = shown(&f.git_output(args, b""));
        let store = shown(&f.gitstore_output(args, b""));
        if git != store {
            differing.push(format!("{args:?}:\n  git: {git:?}\n  gitstore: {store:?}"));
        }
    }
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}
