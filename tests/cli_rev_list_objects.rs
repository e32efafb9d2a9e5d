//! `gitstore rev-list --objects` (and `--objects-edge`, `--objects-edge-aggressive`,
//! `--no-object-names`, `--missing=`, `--in-commit-order`) against git 2.47, byte for byte
//! (stdout, stderr, exit code), on the history fixtures.

mod common;

use common::fixtures::{history_graph, history_repo};
use common::{assert_identical, Fixture};

fn run(f: &Fixture, args: &str) {
    let mut all = vec!["rev-list"];
    all.extend(args.split_whitespace());
    assert_identical(f, &all, b"");
}

/// The object options, each crossed with the walk's orders and options.
const OBJECT_OPTIONS: &[&str] = &[
    "--objects",
    "--objects-edge",
    "--objects-edge-aggressive",
    "--objects --no-object-names",
    "--objects --in-commit-order",
    "--objects --topo-order --parents",
    "--objects --date-order --boundary",
    "--objects --reverse --timestamp",
    "--objects --max-count=2",
    "--objects-edge --skip=1 --first-parent",
    "--objects --count",
    "--objects --ancestry-path",
];

#[test]
fn every_ref_and_tag_like_git() {
    let f = history_graph();
    for options in OBJECT_OPTIONS {
        run(&f, &format!("{options} --all"));
    }
    let f = history_repo();
    run(&f, "--objects --all");
    run(&f, "--objects --branches --tags");
}

#[test]
fn ranges_over_pairs_like_git() {
    let f = history_graph();
    let revs = [
        "main",
        "side",
        "t1",
        "t2",
        "lonely",
        "v0.1",
        "main~3",
        "main~6^2",
        "main~8^4",
        "origin/main",
    ];
    let mut k = 0;
    for a in revs {
        for b in revs {
            if a == b {
                continue;
            }
            let options = OBJECT_OPTIONS[k % OBJECT_OPTIONS.len()];
            run(&f, &format!("{options} {a}..{b}"));
            k += 1;
            let options = OBJECT_OPTIONS[k % OBJECT_OPTIONS.len()];
            run(&f, &format!("{options} {b} ^{a}"));
            k += 1;
        }
    }
}

#[test]
fn trees_blobs_and_tags_named_directly_like_git() {
    let f = history_repo();
    for args in [
        "--objects v1.0-outer tree-tag blob-tag",
        "--objects HEAD^{tree} HEAD:src HEAD:src/main.c",
        "--objects HEAD:./src HEAD:notes/ HEAD~3",
        "--objects HEAD ^HEAD~4^{tree}",
        "--objects HEAD ^blob-tag ^tree-tag",
        "--objects-edge-aggressive main ^v1.0 tree-tag",
        "--objects --no-object-names blob-tag HEAD~2..HEAD",
    ] {
        run(&f, args);
    }
}

#[test]
fn odd_path_bytes_are_printed_raw_and_cut_at_a_newline() {
    let f = history_graph();
    run(&f, "--objects HEAD");
    let out = f.gitstore(&["rev-list", "--objects", "HEAD"]);
    assert!(out.windows(9).any(|w| w == b" odd/new\n"));
    assert!(out.windows(8).any(|w| w == b"odd/caf\xe9"));
}

/// history_repo with the loose blob of `src/main.c` at a new commit deleted.
fn with_missing_blob() -> Fixture {
    let f = history_repo();
    f.write("src/main.c", "a new, loose blob\n");
    f.commit_all("loose blob");
    let blob = f.git_str(&["rev-parse", "HEAD:src/main.c"]);
    let path = f
        .git_dir()
        .join("objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(path).unwrap();
    f
}

#[test]
fn missing_objects_for_every_action_like_git() {
    let f = with_missing_blob();
    for args in [
        "--objects HEAD",
        "--objects --missing=error HEAD",
        "--objects --missing=allow-any HEAD",
        "--objects --missing=print HEAD",
        "--objects --missing=allow-promisor HEAD",
        "--objects --missing=bogus --missing=print HEAD",
        "--objects --missing=print HEAD~1..HEAD",
    ] {
        run(&f, args);
    }
}

#[test]
fn missing_tree_like_git() {
    let f = history_graph();
    let tree = f.git_stdin(
        &["mktree", "--missing"],
        b"040000 tree 3333333333333333333333333333333333333333\tgone\n",
    );
    let tree = String::from_utf8_lossy(&tree).trim().to_string();
    let commit = f.git_str(&["commit-tree", "-p", "HEAD", "-m", "broken", &tree]);
    for options in [
        "--objects",
        "--objects --missing=print",
        "--objects --missing=allow-any",
    ] {
        run(&f, &format!("{options} {commit}"));
    }
}
