//! `gitstore show-ref` against git 2.47 on twin fixtures: listing, `--verify`, `--exists`,
//! peeling with `-d`, `--abbrev`.

mod common;

use common::fixtures::refs_all_packed;
use common::twins::Twins;

/// The same commands, each through `Twins::run`.
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

#[test]
fn show_ref_lists_verifies_and_peels_like_git() {
    let f = common::history_repo();
    for args in [
        &["show-ref"][..],
        &["show-ref", "--head"],
        &["show-ref", "-d"],
        &["show-ref", "--heads"],
        &["show-ref", "--branches"],
        &["show-ref", "--tags", "-d"],
        &["show-ref", "x"],
        &["show-ref", "main"],
        &["show-ref", "heads/main"],
        &["show-ref", "eads/main"],
        &["show-ref", "nothing"],
        &["show-ref", "v1.0", "light"],
        &["show-ref", "--verify", "main"],
        &["show-ref", "--verify", "refs/heads/main"],
        &["show-ref", "--verify", "HEAD"],
        &[
            "show-ref",
            "--verify",
            "refs/heads/main",
            "refs/tags/v1.0-outer",
            "-d",
        ],
        &["show-ref", "--verify", "-q", "refs/heads/nope"],
        &["show-ref", "--verify", "refs/heads/nope"],
        &["show-ref", "--hash"],
        &["show-ref", "--hash=10", "main"],
        &["show-ref", "-s", "-d", "v1.0"],
        &["show-ref", "--abbrev", "main"],
        &[
            "show-ref",
            "--abbrev=12",
            "-d",
            "v2.0",
            "v1.0-outer",
            "tree-tag",
            "blob-tag",
        ],
        &["show-ref", "-q", "main"],
        &["show-ref", "-q", "nothing"],
        &["show-ref", "--exists", "refs/heads/main"],
        &["show-ref", "--exists", "refs/heads/nope"],
        &["show-ref", "--exists", "main"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn show_ref_abbrev_and_exists_match_git() {
    let t = Twins::full(refs_all_packed);
    run_all(
        &t,
        &[
            &["show-ref", "--abbrev=0"],
            &["show-ref", "--hash", "--abbrev=0"],
            &["show-ref", "--abbrev"],
            &["show-ref", "--abbrev=-1"],
            &["show-ref", "--abbrev=3"],
            &["show-ref", "--abbrev=50", "-d"],
            &["show-ref", "--abbrev=x"],
            &["show-ref", "--abbrev="],
            &["show-ref", "--exists"],
            &[
                "show-ref",
                "--exists",
                "refs/heads/main",
                "refs/heads/topic",
            ],
            &["show-ref", "--exists", "refs/heads/nope"],
            &["show-ref", "--exists", "refs/heads"],
            &["show-ref", "--exists", "refs/heads/main"],
        ],
    );
}
