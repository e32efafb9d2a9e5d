//! `gitstore fsck` on damaged refs, against `git fsck` (2.47) byte for byte: git walks every
//! ref raw, broken ones included, in name order. A bad name on disk (loose or packed), a file
//! that is no ref, a dangling or looping symbolic ref: `invalid sha1 pointer` with the null id
//! (exit 2); a ref to a missing object: the same with its id; a branch to a non-commit: `not a
//! commit` (exit 8); a bad `packed-refs` line: git's fatal (exit 128); a bad reflog line:
//! skipped, as git skips it. A symbolic ref stands for what it resolves to, under its own name.

mod common;

use common::{assert_identical, Fixture};

/// Two commits on `main`, a lightweight tag, no index.
fn base() -> Fixture {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    f.write("b", "b\n");
    f.commit_all("two");
    f.git(&["tag", "light"]);
    std::fs::remove_file(f.git_dir().join("index")).unwrap();
    f
}

fn head(f: &Fixture) -> String {
    f.git_str(&["rev-parse", "HEAD"]).trim().to_string()
}

fn assert_fsck_identical(f: &Fixture) {
    for args in [
        &["fsck"][..],
        &["fsck", "--name-objects"],
        &["fsck", "--connectivity-only"],
        &["fsck", "--unreachable", "--no-dangling"],
    ] {
        assert_identical(f, args, b"");
    }
}

#[test]
fn loose_refs_with_bad_names_point_at_nothing() {
    let f = base();
    let c = head(&f);
    for name in ["bad..name", "a:b", "sp ace", "trailing.lock.x.", "q?"] {
        f.write(&format!(".git/refs/heads/{name}"), format!("{c}\n"));
    }
    assert_fsck_identical(&f);
}

#[test]
fn packed_ref_with_bad_name_points_at_nothing() {
    let f = base();
    let c = head(&f);
    f.git(&["pack-refs", "--all"]);
    let packed = f.git_dir().join("packed-refs");
    let text = std::fs::read_to_string(&packed).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // where a sorted file has it
    lines.insert(1, format!("{c} refs/heads/bad..x"));
    std::fs::write(&packed, lines.join("\n") + "\n").unwrap();
    assert_fsck_identical(&f);
}

#[test]
fn ref_files_that_are_no_refs_point_at_nothing() {
    let f = base();
    let c = head(&f);
    f.write(".git/refs/heads/garbage", "garbage\n");
    f.write(".git/refs/heads/short", format!("{}\n", &c[..30]));
    f.write(".git/refs/heads/nul", format!("{}\n", "0".repeat(40)));
    f.write(".git/refs/heads/empty", "");
    // what follows a full id is ignored, as git ignores it
    f.write(".git/refs/heads/trailing", format!("{c} junk\n"));
    assert_fsck_identical(&f);
}

#[test]
fn dangling_and_looping_symbolic_refs_point_at_nothing() {
    let f = base();
    f.write(".git/refs/heads/dangling", "ref: refs/heads/nothing\n");
    f.write(".git/refs/heads/loop-a", "ref: refs/heads/loop-b\n");
    f.write(".git/refs/heads/loop-b", "ref: refs/heads/loop-a\n");
    assert_fsck_identical(&f);
}

#[test]
fn symbolic_ref_names_what_it_resolves_to() {
    let f = base();
    f.git(&["update-ref", "refs/remotes/origin/main", "HEAD~1"]);
    f.git(&[
        "symbolic-ref",
        "refs/remotes/origin/HEAD",
        "refs/remotes/origin/main",
    ]);
    // a missing blob below it is named from the symbolic ref, which sorts first
    let blob = f.git_str(&["rev-parse", "HEAD~1:a"]);
    let blob = blob.trim();
    std::fs::remove_file(
        f.git_dir()
            .join("objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();
    assert_fsck_identical(&f);
}

#[test]
fn refs_to_missing_objects_and_branches_to_non_commits() {
    let f = base();
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]);
    f.write(".git/refs/heads/tree", format!("{}\n", tree.trim()));
    f.write(".git/refs/tags/tree", format!("{}\n", tree.trim()));
    f.write(".git/refs/tags/gone", format!("{}\n", "1".repeat(40)));
    f.write(".git/refs/heads/gone", format!("{}\n", "2".repeat(40)));
    assert_fsck_identical(&f);
}

#[test]
fn bad_packed_refs_lines_are_fatal() {
    for line in ["garbage line", "^zzzz", "zzz refs/heads/zz"] {
        let f = base();
        f.git(&["pack-refs", "--all"]);
        let packed = f.git_dir().join("packed-refs");
        let mut text = std::fs::read_to_string(&packed).unwrap();
        text.push_str(line);
        text.push('\n');
        std::fs::write(&packed, text).unwrap();
        assert_identical(&f, &["fsck"], b"");
    }
}

#[test]
fn bad_reflog_lines_are_skipped_and_missing_entries_reported() {
    let f = base();
    let log = f.git_dir().join("logs/refs/heads/main");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("garbage\n");
    text.push_str(&format!(
        "{} {} C <c@x> 1700000000 +0000\tbad time\n",
        "3".repeat(40),
        "4".repeat(40)
    ));
    text.push_str("short 1234 C <c@x> 1700000000 +0000\n");
    std::fs::write(&log, text).unwrap();
    assert_fsck_identical(&f);
}
