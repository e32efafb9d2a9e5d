//! `gitstore rev-list --objects` beyond the plain listing, against git 2.47 byte for byte
//! (stdout, stderr, exit code): paths limiting the trees' entries (`-- <path>…`, with
//! `--objects-edge` cut to the parents the path-limited walk keeps), formatted commits before
//! the objects (`--format`, `--pretty`, `--oneline`, `--header`), the edges counted as shown
//! for `--boundary`, and the walk's options on a repository with missing blobs.

mod common;

use common::fixtures::history_graph;
use common::{assert_identical, Fixture};

fn run(f: &Fixture, args: &[&str]) {
    let mut all = vec!["rev-list"];
    all.extend(args);
    assert_identical(f, &all, b"");
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Paths of the fixture, one a case: directories, files, a submodule, a name with a space, a
/// quote, a tab, a newline, one that never existed, a directory with a trailing slash.
const PATHS: &[&[&str]] = &[
    &["src"],
    &["README"],
    &["odd"],
    &["odd/"],
    &["topics/t1.txt"],
    &["side.txt"],
    &["vendor/sub"],
    &["docs/with space.txt"],
    &["odd/\"quoted\"", "odd/tab\there"],
    &["odd/new\nline.txt"],
    &["main.txt", "src"],
    &["nothing/here"],
    &["link", "run.sh"],
];

const OPTIONS: &[&str] = &[
    "--objects",
    "--objects-edge",
    "--objects-edge-aggressive",
    "--objects --boundary",
    "--objects-edge --first-parent",
    "--objects --full-history",
    "--objects-edge --parents",
    "--objects --in-commit-order",
    "--objects --reverse",
    "--objects-edge --full-history --boundary",
    "--objects --no-object-names --max-count=3",
    "--objects --count",
];

#[test]
fn paths_limit_the_listed_entries_like_git() {
    let f = history_graph();
    for (k, paths) in PATHS.iter().enumerate() {
        for options in OPTIONS.iter().skip(k % 3).step_by(3) {
            let mut args = words(options);
            args.push("--all");
            args.push("--");
            args.extend(paths.iter());
            run(&f, &args);
        }
    }
}

#[test]
fn paths_over_ranges_with_edges_like_git() {
    let f = history_graph();
    let revs = [
        "main",
        "side",
        "t1",
        "lonely",
        "v0.1",
        "main~3",
        "main~6^2",
        "origin/main",
    ];
    let mut k = 0;
    for a in revs {
        for b in revs {
            if a == b {
                continue;
            }
            let range = format!("{a}..{b}");
            let mut args = words(OPTIONS[k % OPTIONS.len()]);
            args.push(&range);
            args.push("--");
            args.extend(PATHS[k % PATHS.len()].iter());
            run(&f, &args);
            k += 1;
        }
    }
}

#[test]
fn named_trees_are_limited_below_their_own_path_like_git() {
    let f = history_graph();
    for args in [
        "--objects main HEAD:src HEAD^{tree} -- README",
        "--objects main HEAD:odd -- odd/tab",
        "--objects v0.1 main^{tree} -- src/lib.rs",
    ] {
        run(&f, &words(args));
    }
}

#[test]
fn a_non_utf8_path_from_stdin_like_git() {
    let f = history_graph();
    let stdin = b"main\n^side\n--\nodd/caf\xe9.txt\n";
    assert_identical(&f, &["rev-list", "--objects", "--stdin"], stdin);
    assert_identical(&f, &["rev-list", "--objects-edge", "--stdin"], stdin);
}

#[test]
fn formatted_commits_come_before_the_objects_like_git() {
    let f = history_graph();
    for format in [
        "--format=%s",
        "--format=%H%n%P",
        "--pretty",
        "--pretty=raw",
        "--oneline",
        "--header",
        "--format=%s --no-commit-header",
        "--pretty=short --parents --boundary",
    ] {
        for rest in [
            "main",
            "--in-commit-order main~2",
            "--reverse -n 3 main",
            "side..main -- src",
        ] {
            run(&f, &words(&format!("--objects {format} {rest}")));
        }
        run(&f, &words(&format!("--objects-edge {format} main~3..main")));
    }
}

#[test]
fn printed_edges_are_not_boundaries_again_like_git() {
    let f = history_graph();
    for args in [
        "--objects-edge --boundary side..main",
        "--objects-edge --boundary main~6^2..main~3",
        "--objects-edge-aggressive --boundary side..main",
        "--objects-edge-aggressive --boundary ^side ^t1 main",
        "--objects --boundary side..main",
    ] {
        run(&f, &words(args));
    }
}

/// history_graph with a new commit whose blobs `src/lib.rs` and `deep/er/f` are deleted.
fn with_missing_blobs() -> Fixture {
    let f = history_graph();
    f.write("src/lib.rs", "a new, loose blob\n");
    f.write("deep/er/f", "another\n");
    f.commit_all("loose blobs");
    for path in ["HEAD:src/lib.rs", "HEAD:deep/er/f"] {
        let blob = f.git_str(&["rev-parse", path]);
        let file = f
            .git_dir()
            .join("objects")
            .join(&blob[..2])
            .join(&blob[2..]);
        std::fs::remove_file(file).unwrap();
    }
    f
}

#[test]
fn walk_options_with_missing_blobs_like_git() {
    let f = with_missing_blobs();
    for options in [
        "",
        "--reverse",
        "--boundary HEAD~3..HEAD",
        "--max-count=2",
        "--in-commit-order",
        "--no-object-names",
        "--first-parent",
        "--reverse --in-commit-order",
        "--format=%s",
        "--oneline --max-count=3",
        "--count",
    ] {
        for missing in [
            "",
            "--missing=print",
            "--missing=allow-any",
            "--missing=allow-promisor",
        ] {
            run(&f, &words(&format!("--objects {options} {missing} HEAD")));
        }
    }
    for args in [
        "--objects --missing=print HEAD -- src",
        "--objects --missing=print HEAD -- deep",
        "--objects --missing=allow-any HEAD -- deep/er/f README",
        "--objects HEAD -- README",
    ] {
        run(&f, &words(args));
    }
}

#[test]
fn marked_counting_of_objects_is_refused_like_git() {
    let f = history_graph();
    run(&f, &words("--objects --count --left-right side...main"));
    run(&f, &words("--count --left-right side...main"));
}
