//! `gitstore fsck` takes the index as a root, as `git fsck` does: staged blobs, the cache
//! tree's trees and the resolve-undo stages are reachable (and named `:path`, `:`,
//! `:(1):path`), missing ones reported in git's words; an index git cannot read stops the check
//! with git's message. Each case is compared with git 2.47 byte for byte: stdout, stderr and
//! exit code, over several option sets.

mod common;

use common::{assert_identical, assert_identical_env, Fixture};
use gitstore::fsck::{fsck, ErrorClass, Finding, FsckOptions};
use gitstore::Repository;

const OPTION_SETS: &[&[&str]] = &[
    &["fsck"],
    &["fsck", "--name-objects"],
    &["fsck", "--unreachable"],
    &["fsck", "--connectivity-only"],
    &["fsck", "--cache", "HEAD"],
    &["fsck", "--strict", "--no-dangling"],
];

fn assert_all_identical(f: &Fixture) {
    for args in OPTION_SETS {
        assert_identical(f, args, b"");
    }
}

/// One commit (`a`, `d/b`), then `s` and `d/x` staged with a cache tree written for them.
fn staged() -> Fixture {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.write("d/b", "b\n");
    f.commit_all("one");
    f.write("s", "staged\n");
    f.write("d/x", "x\n");
    f.git(&["add", "s", "d/x"]);
    f.git(&["write-tree"]);
    f
}

fn remove_object(f: &Fixture, id: &str) {
    let id = id.trim();
    std::fs::remove_file(f.git_dir().join("objects").join(&id[..2]).join(&id[2..])).unwrap();
}

fn index_bytes(f: &Fixture) -> Vec<u8> {
    std::fs::read(f.git_dir().join("index")).unwrap()
}

/// Writes `body` (an index without its trailer) back with a correct SHA-1 trailer.
fn reseal(f: &Fixture, mut body: Vec<u8>) {
    let sum = gitstore::hash::FileChecksum::of(&body);
    body.extend_from_slice(&sum);
    std::fs::write(f.git_dir().join("index"), body).unwrap();
}

fn raw(hex: &str) -> Vec<u8> {
    let hex = hex.trim();
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

#[test]
fn staged_blobs_and_cache_tree_are_reachable() {
    let f = staged();
    assert_all_identical(&f);
}

#[test]
fn missing_staged_blob_is_missing_and_named_by_its_path() {
    let f = staged();
    let blob = f.git_str(&["rev-parse", ":s"]);
    remove_object(&f, &blob);
    assert_all_identical(&f);
}

#[test]
fn missing_cache_tree_root_is_an_invalid_pointer_and_hides_its_subtrees() {
    let f = staged();
    let tree = f.git_str(&["write-tree"]);
    remove_object(&f, &tree);
    assert_all_identical(&f);
}

#[test]
fn missing_cache_tree_subtree_is_a_broken_link_and_an_invalid_pointer() {
    let f = staged();
    let tree = f.git_str(&["write-tree"]);
    let sub = f.git_str(&["rev-parse", &format!("{}:d", tree.trim())]);
    remove_object(&f, &sub);
    assert_all_identical(&f);
}

#[test]
fn cache_tree_naming_a_blob_is_a_non_tree() {
    let f = staged();
    let tree = raw(&f.git_str(&["write-tree"]));
    let blob = raw(&f.git_str(&["rev-parse", ":a"]));
    let mut bytes = index_bytes(&f);
    bytes.truncate(bytes.len() - 20);
    let at = bytes
        .windows(20)
        .position(|w| w == tree.as_slice())
        .unwrap();
    bytes[at..at + 20].copy_from_slice(&blob);
    reseal(&f, bytes);
    assert_all_identical(&f);
}

#[test]
fn index_entry_naming_a_tree_is_refused_as_a_blob() {
    let f = staged();
    let blob = raw(&f.git_str(&["rev-parse", ":s"]));
    let tree = raw(&f.git_str(&["rev-parse", "HEAD:d"]));
    let mut bytes = index_bytes(&f);
    bytes.truncate(bytes.len() - 20);
    let at = bytes
        .windows(20)
        .position(|w| w == blob.as_slice())
        .unwrap();
    bytes[at..at + 20].copy_from_slice(&tree);
    reseal(&f, bytes);
    assert_identical(&f, &["fsck"], b"");
    assert_identical(&f, &["fsck", "--name-objects"], b"");
}

/// A conflict on `c` resolved with `git add`: the index keeps the three stages in `REUC`.
fn resolved_conflict() -> Fixture {
    let f = Fixture::new();
    f.write("c", "base\n");
    f.commit_all("base");
    f.git(&["checkout", "-q", "-b", "side"]);
    f.write("c", "side\n");
    f.commit_all("side");
    f.git(&["checkout", "-q", "main"]);
    f.write("c", "main\n");
    f.commit_all("main");
    let _ = f.git_output(&["merge", "-q", "side"], b"");
    f.write("c", "resolved\n");
    f.git(&["add", "c"]);
    f
}

#[test]
fn resolve_undo_stages_are_reachable() {
    let f = resolved_conflict();
    // the stages are also reachable from the branches: drop them so only the index holds them
    f.git(&["update-ref", "-d", "refs/heads/side"]);
    f.git(&["reflog", "expire", "--expire=all", "--all"]);
    assert_all_identical(&f);
}

#[test]
fn missing_resolve_undo_stage_is_an_invalid_pointer() {
    let f = resolved_conflict();
    let side = f.git_str(&["rev-parse", "side:c"]);
    f.git(&["update-ref", "-d", "refs/heads/side"]);
    f.git(&["reflog", "expire", "--expire=all", "--all"]);
    remove_object(&f, &side);
    assert_all_identical(&f);
}

#[test]
fn unreadable_index_stops_fsck_with_gits_words() {
    let f = staged();
    let good = index_bytes(&f);
    let flip_last = {
        let mut b = good.clone();
        *b.last_mut().unwrap() ^= 1;
        b
    };
    let mut bad_signature = good.clone();
    bad_signature[3] = b'X';
    let mut bad_version = good.clone();
    bad_version[7] = 9;
    let body = &good[..good.len() - 20];
    let with_extension = |sig: &[u8; 4]| {
        let mut b = body.to_vec();
        b.extend_from_slice(sig);
        b.extend_from_slice(&[0, 0, 0, 0]);
        b
    };
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("checksum", flip_last, false),
        ("signature", bad_signature, false),
        ("version", bad_version, false),
        ("too small", good[..20].to_vec(), false),
        ("required extension", with_extension(b"abcd"), true),
        ("optional extension", with_extension(b"ABCD"), true),
    ];
    for (what, bytes, seal) in cases {
        if seal {
            reseal(&f, bytes);
        } else {
            std::fs::write(f.git_dir().join("index"), bytes).unwrap();
        }
        for args in [&["fsck"][..], &["fsck", "--connectivity-only"]] {
            eprintln!("case: {what}");
            assert_identical(&f, args, b"");
        }
    }
}

#[test]
fn git_index_file_is_ignored_as_git_ignores_it() {
    let f = staged();
    let other = f.path.join("other-index");
    std::fs::copy(f.git_dir().join("index"), &other).unwrap();
    let tree = f.git_str(&["write-tree"]);
    remove_object(&f, &tree);
    assert_identical_env(
        &f,
        &["fsck"],
        b"",
        &[("GIT_INDEX_FILE", "other-index")],
        &[],
    );
}

#[test]
fn library_reports_the_cache_tree_pointer_as_a_ref_error() {
    let f = staged();
    let tree = f.git_str(&["write-tree"]);
    remove_object(&f, &tree);
    let repo = Repository::open(f.git_dir()).unwrap();
    let report = fsck(&repo, &FsckOptions::new()).unwrap();
    assert!(report.errors.contains(&ErrorClass::Refs));
    let pointer = report.findings.iter().find_map(|x| match x {
        Finding::InvalidCacheTreePointer { id, index } => Some((id.to_string(), index.clone())),
        _ => None,
    });
    assert_eq!(
        pointer,
        Some((tree.trim().to_string(), f.git_dir().join("index")))
    );
}
