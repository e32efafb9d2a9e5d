//! `rev-list --objects --missing=allow-promisor` against git 2.47 on a partial clone: the
//! blobs its promisor pack's trees name are stepped over; a missing object nothing promised
//! stops the listing with git's words; without a promisor remote in the config (a remote's
//! `promisor` or `partialCloneFilter`, or `extensions.partialClone`) nothing is promised.

mod common;

use common::{assert_identical, Fixture};

fn partial_clone() -> Fixture {
    Fixture::from_script("partial_clone")
}

fn run(f: &Fixture, args: &str) {
    let mut all = vec!["rev-list"];
    all.extend(args.split_whitespace());
    assert_identical(f, &all, b"");
}

const ACTIONS: &[&str] = &[
    "--objects --all --missing=allow-promisor",
    "--objects --all --missing=allow-any",
    "--objects --all --missing=print",
    "--objects --missing=allow-promisor main~1..side",
    "--objects --missing=allow-promisor --in-commit-order v1",
];

#[test]
fn blobs_promised_by_the_promisor_pack_are_stepped_over_like_git() {
    let f = partial_clone();
    for args in ACTIONS {
        run(&f, args);
    }
    // the clone really lacks its blobs (else this proves nothing)
    let out = f.gitstore_output(&["rev-list", "--objects", "--all"], b"");
    assert!(!out.status.success());
}

/// A commit made in the clone, loose: its tree is in no promisor pack.
fn local_commit(f: &Fixture, tree_lines: &str) -> String {
    let tree = f.git_stdin(&["mktree", "--missing"], tree_lines.as_bytes());
    let tree = String::from_utf8_lossy(&tree).trim().to_string();
    let commit = f.git_str(&["commit-tree", "-p", "main", "-m", "local", &tree]);
    f.git(&["update-ref", "refs/heads/local", commit.trim()]);
    commit.trim().to_string()
}

#[test]
fn a_promised_blob_named_by_a_local_tree_is_stepped_over_like_git() {
    let f = partial_clone();
    // a.txt's first blob, missing, named by the promisor pack's first tree and by a new one
    let blob = f.git_str(&["rev-parse", "main~1:a.txt"]);
    local_commit(&f, &format!("100644 blob {}\told.txt\n", blob.trim()));
    for args in ACTIONS {
        run(&f, args);
    }
}

#[test]
fn a_missing_blob_nothing_promised_stops_like_git() {
    let f = partial_clone();
    local_commit(
        &f,
        "100644 blob 3333333333333333333333333333333333333333\tgone.txt\n",
    );
    for args in ACTIONS {
        run(&f, args);
    }
}

#[test]
fn without_a_promisor_remote_nothing_is_promised_like_git() {
    let f = partial_clone();
    // the clone's remote has a filter, which makes it a promisor remote by itself
    f.git(&["config", "--unset", "remote.origin.promisor"]);
    run(&f, "--objects --all --missing=allow-promisor");
    f.git(&["config", "--unset", "remote.origin.partialclonefilter"]);
    run(&f, "--objects --all --missing=allow-promisor");
    f.git(&["config", "remote.origin.promisor", "false"]);
    run(&f, "--objects --all --missing=allow-promisor");
    // `extensions.partialClone` names a promisor remote too
    f.git(&["config", "extensions.partialclone", "origin"]);
    run(&f, "--objects --all --missing=allow-promisor");
}
