//! Command-line options as git parses them, across commands: unknown options named as git
//! names them, an option given twice, missing and non-numeric values, `--end-of-options`, and
//! arguments (names, revisions, `-C ""`) that are not UTF-8.

mod common;

use common::fixtures::{refs_tag_of_tag, tree_with_gitlink};
use common::twins::Twins;
use common::Fixture;

#[test]
fn an_option_given_twice_is_accepted_as_git_accepts_it() {
    let f = tree_with_gitlink();
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
fn an_option_given_twice_keeps_its_last_value() {
    let t = Twins::first_line(refs_tag_of_tag);
    t.run(
        &[
            "for-each-ref",
            "--format=%(refname)",
            "--format=%(objectname:short) %(refname:short)",
            "--count=5",
            "--count=2",
        ],
        b"",
    );
    t.run(
        &["show-ref", "--hash=4", "--hash=9", "refs/heads/main"],
        b"",
    );
    t.run(&["show-ref", "--abbrev=4", "--abbrev=10", "--heads"], b"");
    t.run(&["rev-parse", "--short=4", "--short=11", "HEAD"], b"");
    t.run(
        &[
            "update-ref",
            "-m",
            "first",
            "-m",
            "second",
            "refs/heads/n",
            "HEAD",
        ],
        b"",
    );
    t.run(
        &[
            "symbolic-ref",
            "-m",
            "a",
            "-m",
            "b",
            "HEAD",
            "refs/heads/topic",
        ],
        b"",
    );
    t.run(&["tag", "-a", "-m", "x", "-m", "y", "twice"], b"");
    t.run(
        &["for-each-ref", "--format=%(contents)", "refs/tags/twice"],
        b"",
    );
}

#[test]
fn unknown_options_are_named_as_git_names_them() {
    let f = tree_with_gitlink();
    for args in [
        &["cat-file", "--bogus"][..],
        &["cat-file", "-tx", "HEAD"],
        &["cat-file", "--bogus=", "HEAD"],
        &["ls-tree", "--bogus=3", "HEAD"],
        &["init", "--bogus"],
        &["hash-object", "-q", "a"],
        &["count-objects", "-x"],
        &["verify-pack", "--x"],
        &["mktree", "--x"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn arguments_that_are_not_utf8_do_not_panic_the_option_checks() {
    use std::os::unix::ffi::OsStrExt;
    let f = tree_with_gitlink();
    let odd = std::ffi::OsStr::from_bytes(b"HEAD\xff");
    for args in [
        vec!["cat-file".as_ref(), "-t".as_ref(), odd],
        vec!["ls-tree".as_ref(), odd],
        vec!["cat-file".as_ref(), "--bogus".as_ref(), odd],
        vec!["-C".as_ref(), odd, "--bogus".as_ref()],
    ] {
        let out = common::fixed_command(common::gitstore_bin())
            .current_dir(&f.path)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(128 | 129)),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn end_of_options_ends_the_options_as_in_git() {
    let f = tree_with_gitlink();
    for args in [
        &["cat-file", "--end-of-options", "-t", "HEAD"][..],
        &["cat-file", "-t", "--end-of-options", "HEAD"],
        &["cat-file", "--end-of-options", "blob", "HEAD:a"],
        &["ls-tree", "--end-of-options", "HEAD"],
        &["ls-tree", "HEAD", "--end-of-options", "a"],
        &["hash-object", "--end-of-options", "a"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn missing_and_non_numeric_option_values_are_reported_in_git_words() {
    let f = refs_tag_of_tag();
    for args in [
        &["for-each-ref", "--format"][..],
        &["for-each-ref", "--sort"],
        &["for-each-ref", "--count=x"],
        &["show-ref", "--hash=x"],
        &["tag", "-m"],
        &["commit-tree", "HEAD^{tree}", "-m"],
        &["commit-tree", "-p"],
        &["update-ref", "-m"],
        &["symbolic-ref", "-m"],
    ] {
        f.assert_same(args, b"");
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
