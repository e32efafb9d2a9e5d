//! git's parse-options order against git 2.47: options after positional arguments
//! (`update-ref REF NEW -m MSG`) and `--end-of-options`, which ends the options without being
//! an argument, for the ref and object commands; stdout, stderr, exit code and the refs and
//! reflogs left behind compared byte for byte on twin fixtures.

mod common;

use common::fixtures::refs_branch_tag;
use common::twins::{id, Twins};

/// Each command through git and gitstore on one pair of twins (full stderr compared).
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

#[test]
fn ref_commands_take_options_after_their_arguments() {
    let t = Twins::full(refs_branch_tag);
    let topic = id(&t.git, "topic");
    run_all(
        &t,
        &[
            &["update-ref", "refs/heads/x", "HEAD", "-m", "made after"],
            &[
                "update-ref",
                "refs/heads/y",
                &topic,
                "--create-reflog",
                "-m",
                "why",
            ],
            &["update-ref", "refs/heads/x", "topic", "HEAD", "-mmoved"],
            &["update-ref", "-mfirst", "refs/heads/w", "HEAD"],
            &["update-ref", "-m-dash", "refs/heads/w2", "HEAD"],
            &["update-ref", "-dmgone", "refs/heads/w2"],
            &["show-ref", "-s5", "main"],
            &["show-ref", "main", "-ds7"],
            &["show-ref", "main", "-s"],
            &["update-ref", "-d", "refs/heads/y", "-m", "gone"],
            &["update-ref", "refs/heads/z", "HEAD", "--no-deref"],
            &["update-ref", "refs/heads/z", "HEAD", "--bogus"],
            &["update-ref", "refs/heads/z", "HEAD", "-m"],
            &[
                "symbolic-ref",
                "refs/heads/s",
                "refs/heads/x",
                "-m",
                "pointed",
            ],
            &["symbolic-ref", "refs/heads/s", "--short"],
            &["symbolic-ref", "refs/heads/s", "-q", "--no-recurse"],
            &["show-ref", "refs/heads/x", "--verify"],
            &["show-ref", "x", "--hash"],
            &["show-ref", "v1", "-d", "--abbrev=9"],
            &[
                "for-each-ref",
                "refs/heads",
                "--format=%(refname:short)",
                "--count",
                "2",
            ],
            &["for-each-ref", "refs/tags", "--sort", "-refname"],
            &["for-each-ref", "refs/heads", "--contains", "topic"],
            &["for-each-ref", "--contains", "refs/heads"],
            &[
                "for-each-ref",
                "refs/tags",
                "--points-at",
                "HEAD",
                "--count=1",
            ],
            &["update-ref", "-m", "-dashed", "refs/heads/d", "HEAD"],
            &["branch", "b2", "topic", "-f"],
            &["tag", "t2", "HEAD", "-m", "tagged after"],
            &["branch", "--list", "b*", "-v"],
        ],
    );
}

#[test]
fn end_of_options_ends_the_options_as_in_git() {
    let t = Twins::full(refs_branch_tag);
    run_all(
        &t,
        &[
            &["update-ref", "--end-of-options", "refs/heads/z", "HEAD"],
            &[
                "update-ref",
                "-m",
                "m",
                "--end-of-options",
                "refs/heads/w",
                "HEAD",
            ],
            &["update-ref", "--", "refs/heads/v", "HEAD"],
            &["update-ref", "-d", "--end-of-options", "refs/heads/z"],
            &[
                "symbolic-ref",
                "--end-of-options",
                "refs/heads/s2",
                "refs/heads/w",
            ],
            &["show-ref", "--end-of-options", "refs/heads/z"],
            &["show-ref", "--end-of-options", "--verify"],
            &["for-each-ref", "--end-of-options", "refs/heads"],
            &["for-each-ref", "--end-of-options", "--format=x"],
            &["branch", "--end-of-options", "b1"],
            &["branch", "-l", "--end-of-options", "b*"],
            &["tag", "--end-of-options", "t1"],
            &["tag", "-l", "--end-of-options", "t*"],
            &["rev-parse", "--end-of-options", "HEAD"],
            &["cat-file", "-t", "--end-of-options", "HEAD"],
            &["ls-tree", "--end-of-options", "HEAD"],
            &["rev-list", "--end-of-options", "HEAD"],
            &["log", "--oneline", "--end-of-options", "HEAD"],
            &["merge-base", "--end-of-options", "HEAD", "topic"],
            &["diff-tree", "--end-of-options", "HEAD"],
            &["diff-tree", "-r", "--end-of-options", "topic", "HEAD"],
            &["commit-tree", "--end-of-options", "HEAD^{tree}", "-m", "x"],
            &["index-pack", "--end-of-options", "x"],
        ],
    );
    // commands that leave no refs behind, each once through git and once through gitstore
    let f = refs_branch_tag();
    for args in [
        &["fsck", "--end-of-options"][..],
        &["fsck", "--end-of-options", "HEAD"],
        &["count-objects", "--end-of-options"],
        &["verify-pack", "--end-of-options"],
        &["prune-packed", "--end-of-options"],
    ] {
        f.assert_same(args, b"");
    }
    for (args, stdin) in [
        (
            &["pack-objects", "--end-of-options", "--stdout"][..],
            &b""[..],
        ),
        (&["mktag", "--end-of-options"], b""),
        (&["mktree", "--end-of-options"], b""),
        (&["unpack-objects", "--end-of-options"], b""),
    ] {
        t.run(args, stdin);
    }
}
