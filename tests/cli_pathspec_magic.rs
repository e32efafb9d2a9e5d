//! Path arguments with globs and `:(magic)` in history commands — `rev-list`, `log`,
//! `rev-list --objects` and `diff-tree` — compared with git byte for byte (stdout, stderr, exit
//! code), from the top of the work tree and from subdirectories, with the `GIT_*_PATHSPECS`
//! switches, and git's errors for arguments that are not pathspecs.

mod common;

use common::{assert_same_in, Fixture};

/// Pathspec sets that exercise each kind of spec on `history_repo`'s paths (src/main.c,
/// notes/note-N.txt, topic/file-N.txt, "name with spaces.txt", ünïcödé/файл.txt, a gitlink at
/// vendor/sub, …).
const SPECS: &[&[&str]] = &[
    &["*.txt"],
    &["notes/*-3.txt"],
    &["*/note-[12].txt"],
    &["name with*"],
    &[":(glob)*.txt"],
    &[":(glob)**/note-4.txt"],
    &[":(glob)notes/**"],
    &[":!notes"],
    &[":^src", ":!topic"],
    &["*.txt", ":(exclude)notes/note-1.txt"],
    &[":(exclude,glob)**/*.txt"],
    &[":(icase)SRC/MAIN.C"],
    &[":(icase)Notes/*-2.TXT"],
    &[":(literal)*.txt"],
    &[":/src"],
    &[":(top)notes/note-0.txt", "topic"],
    &["vendor/sub/"],
    &["v?ndor"],
    &["ünïcödé/*"],
];

fn commands(spec: &[&str]) -> Vec<Vec<String>> {
    let with = |head: &[&str]| {
        let mut args: Vec<String> = head.iter().map(|s| s.to_string()).collect();
        args.push("--".into());
        args.extend(spec.iter().map(|s| s.to_string()));
        args
    };
    vec![
        with(&["rev-list", "--all"]),
        with(&["rev-list", "--parents", "main"]),
        with(&["rev-list", "--full-history", "--parents", "--all"]),
        with(&["log", "--oneline", "--all"]),
        with(&["rev-list", "--objects", "main"]),
        with(&["diff-tree", "-r", "--name-status", "main~30", "main"]),
        with(&["diff-tree", "--name-only", "main~30", "main"]),
    ]
}

fn run_all(f: &Fixture, dir: &str, env: &[(&str, &str)]) {
    for spec in SPECS {
        for args in commands(spec) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert_same_in(f, dir, env, &args, b"");
        }
    }
}

#[test]
fn globs_and_magic_limit_history_as_git_does_from_the_top() {
    let f = Fixture::from_script("history_repo");
    run_all(&f, "", &[]);
    // `prefix:` is for git's own sub-processes, at the top only (below it git reports a BUG)
    for args in commands(&[":(prefix:0)notes", ":(prefix:6,icase)notes/NOTE-1.txt"]) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_same_in(&f, "", &[], &args, b"");
    }
}

#[test]
fn specs_are_relative_to_the_current_directory_unless_top() {
    let f = Fixture::from_script("history_repo");
    run_all(&f, "notes", &[]);
    for args in [
        &["rev-list", "--all", "--", "../src/*"][..],
        &["rev-list", "--all", "--", ":(icase)NOTE-1.TXT"],
        &["log", "--oneline", "main", "--", "*"],
        &["rev-list", "--all", "--", ":!note-2.txt"],
        &["rev-list", "--all", "--", "../../outside"],
        &["rev-list", "--all", "--", ":(top)../outside"],
    ] {
        assert_same_in(&f, "notes", &[], args, b"");
    }
}

#[test]
fn the_global_pathspec_switches_act_as_git_s() {
    let f = Fixture::from_script("history_repo");
    for env in [
        &[("GIT_LITERAL_PATHSPECS", "1")][..],
        &[("GIT_GLOB_PATHSPECS", "1")],
        &[("GIT_NOGLOB_PATHSPECS", "true")],
        &[("GIT_ICASE_PATHSPECS", "1")],
        &[("GIT_GLOB_PATHSPECS", "1"), ("GIT_NOGLOB_PATHSPECS", "1")],
        &[("GIT_LITERAL_PATHSPECS", "1"), ("GIT_ICASE_PATHSPECS", "1")],
    ] {
        for spec in [&["*.txt"][..], &[":(glob)notes/*"], &["NOTES"], &[":!src"]] {
            for args in commands(spec) {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                assert_same_in(&f, "", env, &args, b"");
            }
        }
    }
}

#[test]
fn arguments_that_are_not_pathspecs_fail_with_git_s_words() {
    let f = Fixture::from_script("history_repo");
    for spec in [
        "",
        ":(foo)x",
        ":(top",
        ":(top,nonsense)x",
        ":#x",
        ":(literal,glob)x",
        ":(prefix:x)y",
    ] {
        for head in [
            &["rev-list", "main"][..],
            &["log", "main"],
            &["diff-tree", "main~1", "main"],
        ] {
            let mut args = head.to_vec();
            args.extend(["--", spec]);
            assert_same_in(&f, "", &[], &args, b"");
        }
    }
}

#[test]
fn a_glob_without_dashdash_is_taken_as_a_path() {
    let f = Fixture::from_script("history_repo");
    for args in [
        &["log", "--oneline", "main", "*.c"][..],
        &["rev-list", "main", ":(glob)**/note-1.txt"],
        &["rev-list", "main", ":!notes"],
        &["rev-list", "main", ":/src"],
        &["rev-list", "main", ":^"],
        &["rev-list", "main", "a\\b"],
    ] {
        assert_same_in(&f, "", &[], args, b"");
    }
}
