//! `gitstore log --parents` and `--children` against git 2.47 byte for byte: the related
//! commits after the id on the `commit` line and the `--oneline` line (abbreviated as the id
//! is, rewritten on a path-limited walk), nothing extra in a `--format`; and the
//! `--left-right`/`--boundary` mark with its space.

mod common;

use common::assert_identical;
use common::fixtures::history_graph;

#[test]
fn parents_and_children_in_every_form_like_git() {
    let f = history_graph();
    for related in ["--parents", "--children"] {
        for form in [
            "",
            "--oneline",
            "--format=%h:%s",
            "--format=tformat:%s%n%P",
            "--pretty=raw -2",
            "--pretty=fuller --abbrev-commit -3",
            "--decorate --oneline",
            "--abbrev=12 --oneline",
            "--no-abbrev-commit --oneline",
        ] {
            for walk in [
                "",
                "--reverse",
                "--first-parent",
                "-- src",
                "--full-history -- README",
            ] {
                let line = format!("log {related} {form} {walk}");
                let args: Vec<&str> = line.split_whitespace().collect();
                assert_identical(&f, &args, b"");
            }
        }
    }
}

#[test]
fn marks_are_followed_by_a_space_like_git() {
    let f = history_graph();
    for args in [
        "log --boundary --oneline side..main",
        "log --left-right side...main",
        "log --left-right --format=%m%h side...main",
        "log --parents --left-right --boundary --decorate side...main",
        "log --children --boundary --oneline side..main",
    ] {
        let args: Vec<&str> = args.split_whitespace().collect();
        assert_identical(&f, &args, b"");
    }
}

#[test]
fn merge_line_and_parent_placeholders_use_the_rewritten_parents_like_git() {
    let f = history_graph();
    for cmd in ["log", "rev-list"] {
        for args in [
            "--parents --full-history main -- README",
            "--parents --format=%P:%p --full-history main -- README",
            "--format=%P:%p --full-history main -- README",
            "--parents --pretty=raw --full-history main -- README",
            "--children --pretty --full-history main -- README",
        ] {
            let line = format!("{cmd} {args}");
            let args: Vec<&str> = line.split_whitespace().collect();
            assert_identical(&f, &args, b"");
        }
    }
}

#[test]
fn rev_list_prints_parents_and_children_even_without_the_commit_line_like_git() {
    let f = history_graph();
    for args in [
        "rev-list --children --format=%s --no-commit-header main",
        "rev-list --parents --format=%s --no-commit-header main",
        "rev-list --children --oneline main",
        "rev-list --children --header main",
        "rev-list --children --timestamp --format=%s --no-commit-header main",
    ] {
        let args: Vec<&str> = args.split_whitespace().collect();
        assert_identical(&f, &args, b"");
    }
}
