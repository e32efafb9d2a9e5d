//! Refs git reads but never writes, against git 2.47 on twin copies of
//! `tests/fixtures/refs_malformed.sh`: malformed names already on disk (loose and packed) are
//! listed with git's warning, verified, and deleted (`update-ref -d`, through and without
//! following symbolic refs); a damaged ref is "reference broken"; pseudorefs answer
//! `show-ref --verify` and `--exists`.

mod common;

use common::twins::{id, Twins};
use common::Fixture;

fn refs_malformed() -> Fixture {
    Fixture::from_script("refs_malformed")
}

/// Each command through git and gitstore on one pair of twins (full stderr compared).
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

/// Each command on twins of its own: for commands that change the refs.
fn run_each_on_fresh_twins(commands: &[&[&str]]) {
    for args in commands {
        Twins::full(refs_malformed).run(args, b"");
    }
}

#[test]
fn listing_skips_malformed_names_with_gits_warning() {
    let t = Twins::full(refs_malformed);
    run_all(
        &t,
        &[
            &["for-each-ref"],
            &["for-each-ref", "refs/heads/"],
            &["for-each-ref", "--format=%(refname) %(symref)"],
            &["show-ref"],
            &["show-ref", "-d"],
            &["show-ref", "--heads"],
            &["show-ref", "broken...ref"],
            &["branch"],
            &["branch", "--list", "b*"],
            &["tag"],
            &["tag", "-l", "x*"],
        ],
    );
}

#[test]
fn malformed_names_are_verified_as_git_does() {
    let t = Twins::full(refs_malformed);
    for name in [
        "refs/heads/broken...ref",
        "refs/tags/bad...tag",
        "refs/tags/zz..packed",
        "refs/heads/badname",
        "refs/heads/broken...symref",
        "refs/heads/dangling...symref",
        "refs/heads/to-nothing-bad",
        "refs/heads/nothing...here",
        "refs/heads/damaged",
        "refs/heads/to-damaged",
        "refs/heads/../config",
        "refs/tags/shadow",
    ] {
        run_all(
            &t,
            &[
                &["show-ref", "--exists", name],
                &["show-ref", "--verify", name],
                &["show-ref", "--verify", "-q", name],
            ],
        );
    }
    run_all(
        &t,
        &[
            &["rev-parse", "--verify", "shadow"],
            &["rev-parse", "refs/heads/badname"],
            &["symbolic-ref", "refs/heads/badname"],
            &["symbolic-ref", "-q", "refs/heads/badname"],
            &["symbolic-ref", "--no-recurse", "refs/heads/badname"],
            &["symbolic-ref", "refs/heads/broken...symref"],
            &["symbolic-ref", "refs/heads/to-damaged"],
        ],
    );
}

#[test]
fn update_ref_deletes_malformed_names_as_git_does() {
    let f = refs_malformed();
    let (main, topic) = (id(&f, "main"), id(&f, "topic"));
    let zero = "0000000000000000000000000000000000000000";
    run_each_on_fresh_twins(&[
        &["update-ref", "-d", "refs/heads/broken...ref"],
        &["update-ref", "--no-deref", "-d", "refs/heads/broken...ref"],
        &["update-ref", "-d", "refs/heads/broken...ref", &main],
        &["update-ref", "-d", "refs/heads/broken...ref", &topic],
        &["update-ref", "refs/heads/broken...ref", zero],
        &["update-ref", "-d", "refs/tags/zz..packed"],
        &["update-ref", "-d", "refs/tags/bad...tag", "-m", "gone"],
        &["update-ref", "refs/heads/broken...ref", "HEAD"],
        &["update-ref", "-d", "refs/heads/../config"],
        &["update-ref", "-d", "my-private-file"],
        &["update-ref", "-d", "refs/heads/badname"],
        &["update-ref", "--no-deref", "-d", "refs/heads/badname"],
        &[
            "update-ref",
            "--no-deref",
            "-d",
            "refs/heads/broken...symref",
        ],
        &[
            "update-ref",
            "--no-deref",
            "-d",
            "refs/heads/dangling...symref",
        ],
        &[
            "update-ref",
            "--no-deref",
            "-d",
            "refs/heads/to-nothing-bad",
        ],
        &["symbolic-ref", "-d", "refs/heads/badname"],
        &["symbolic-ref", "-d", "refs/heads/to-nothing-bad"],
    ]);
}

#[test]
fn a_damaged_ref_is_reference_broken_as_in_git() {
    run_each_on_fresh_twins(&[
        &["update-ref", "-d", "refs/heads/damaged"],
        &["update-ref", "refs/heads/damaged", "HEAD"],
        &["update-ref", "-d", "refs/heads/to-damaged"],
        &["update-ref", "refs/heads/to-damaged", "HEAD"],
        &["update-ref", "--no-deref", "-d", "refs/heads/to-damaged"],
        &["update-ref", "--no-deref", "refs/heads/to-damaged", "HEAD"],
        &["symbolic-ref", "-d", "refs/heads/to-damaged"],
    ]);
    for script in [
        "delete refs/heads/damaged\n",
        "update refs/heads/to-damaged HEAD\n",
    ] {
        Twins::full(refs_malformed).run(&["update-ref", "--stdin"], script.as_bytes());
    }
}

#[test]
fn update_ref_stdin_still_refuses_malformed_names() {
    for script in [
        "delete refs/heads/broken...ref\n",
        "verify refs/heads/broken...ref\n",
        "create refs/heads/new...ref HEAD\n",
    ] {
        Twins::full(refs_malformed).run(&["update-ref", "--stdin"], script.as_bytes());
    }
}

#[test]
fn pseudorefs_answer_show_ref_verify_and_exists() {
    let t = Twins::full(refs_malformed);
    for name in [
        "FETCH_HEAD",
        "ORIG_HEAD",
        "MERGE_HEAD",
        "CHERRY_PICK_HEAD",
        "REVERT_HEAD",
        "BISECT_HEAD",
        "AUTO_MERGE",
        "HEAD",
        "NOPE_HEAD",
        "fetch_head",
        "FOO-BAR",
    ] {
        run_all(
            &t,
            &[
                &["show-ref", "--verify", name],
                &["show-ref", "--exists", name],
                &["show-ref", "--verify", "-q", name],
            ],
        );
    }
    run_all(
        &t,
        &[
            &["show-ref", "--verify", "FETCH_HEAD", "MERGE_HEAD", "HEAD"],
            &[
                "show-ref",
                "--verify",
                "-d",
                "--abbrev",
                "ORIG_HEAD",
                "FETCH_HEAD",
            ],
            &["show-ref", "--verify", "--hash", "CHERRY_PICK_HEAD"],
            &["show-ref", "--verify", "HEAD", "NOPE_HEAD", "ORIG_HEAD"],
        ],
    );
}

#[test]
fn symbolic_refs_to_one_level_targets_are_read_and_compared_as_in_git() {
    let t = Twins::full(refs_malformed);
    run_all(
        &t,
        &[
            &["symbolic-ref", "refs/heads/to-main"],
            &["symbolic-ref", "--no-recurse", "refs/heads/to-root"],
            &["symbolic-ref", "--short", "refs/heads/to-dash"],
            &["show-ref", "--exists", "refs/heads/to-main"],
            &["show-ref", "--verify", "refs/heads/to-head"],
        ],
    );
    let verify = |name: &str, target: &str| format!("symref-verify refs/heads/{name} {target}\n");
    for name in ["to-main", "to-head", "to-root", "to-dash"] {
        for target in [
            "main",
            "HEAD",
            "FOO_BAR",
            "foo-bar",
            "refs/heads/main",
            "ma..in",
        ] {
            t.run(
                &["update-ref", "--no-deref", "--stdin"],
                verify(name, target).as_bytes(),
            );
        }
    }
    for script in [
        "symref-delete refs/heads/to-main main\n",
        "symref-delete refs/heads/to-head FOO_BAR\n",
        "symref-update refs/heads/to-dash refs/heads/main ref foo-bar\n",
        "symref-update refs/heads/to-root refs/heads/topic ref FOO_BAR\n",
        "start\nsymref-verify refs/heads/to-head HEAD\nsymref-verify HEAD refs/heads/main\nprepare\ncommit\n",
    ] {
        Twins::full(refs_malformed).run(&["update-ref", "--no-deref", "--stdin"], script.as_bytes());
    }
}

#[test]
fn symbolic_refs_to_one_level_targets_are_written_as_in_git() {
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for target in ["main", "FOO_BAR", "HEAD", "foo-bar", "ORIG_HEAD", "ma..in"] {
        commands.push(vec!["symbolic-ref", "refs/heads/new", target, "-m", "made"]);
    }
    commands.push(vec!["symbolic-ref", "FOO_SYM", "main"]);
    commands.push(vec!["symbolic-ref", "HEAD", "main"]);
    commands.push(vec!["symbolic-ref", "lower", "refs/heads/main"]);
    for args in &commands {
        Twins::full(refs_malformed).run(args, b"");
    }
    for script in [
        "symref-create refs/heads/new main\n",
        "symref-create refs/heads/new ORIG_HEAD\n",
        "symref-create refs/heads/new HEAD\n",
        "symref-update refs/heads/to-main FOO_BAR\n",
        "symref-update refs/heads/topic foo-bar oid HEAD\n",
    ] {
        Twins::full(refs_malformed).run(&["update-ref", "--stdin"], script.as_bytes());
    }
}

#[test]
fn branch_delete_removes_malformed_and_symbolic_branches_as_git_does() {
    for name in [
        "broken...ref",
        "badname",
        "broken...symref",
        "dangling...symref",
        "to-nothing-bad",
        "to-main",
        "nothing...here",
    ] {
        Twins::full(refs_malformed).run(&["branch", "-d", name], b"");
        Twins::full(refs_malformed).run(&["branch", "-D", name], b"");
    }
}
