//! `gitstore cat-file` with an object on the command line, against git: every loose and packed
//! object in every mode (`-t`, `-s`, `-e`, `-p`, `TYPE`), peeling and refusals, ambiguous
//! prefixes, the empty tree every repository has, option errors in git's order. (The batch modes
//! are in `cli_cat_file_batch.rs`.)

mod common;

use common::fixtures::tree_with_gitlink;
use common::{assert_identical, Fixture};

fn str_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_end().to_string()
}

#[test]
fn cat_file_matches_git_for_every_loose_object() {
    let f = common::history_repo();
    // unpack everything so every object is loose
    let packs: Vec<_> = std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pack"))
        .collect();
    let loose_dir = Fixture::new();
    for pack in &packs {
        let data = std::fs::read(pack).unwrap();
        loose_dir.git_stdin(&["unpack-objects", "-q"], &data);
    }
    let listing = String::from_utf8(f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname) %(objecttype)",
    ]))
    .unwrap();
    // copy the remaining loose objects over too
    for line in listing.lines() {
        let (id, kind) = line.split_once(' ').unwrap();
        let body = f.git(&["cat-file", kind, id]);
        loose_dir.git_stdin(
            &["hash-object", "-w", "--literally", "-t", kind, "--stdin"],
            &body,
        );
    }
    assert_eq!(
        std::fs::read_dir(loose_dir.git_dir().join("objects/pack"))
            .unwrap()
            .count(),
        0
    );
    let mut count = 0;
    for line in listing.lines() {
        let (id, _) = line.split_once(' ').unwrap();
        for flag in ["-t", "-s", "-p", "-e"] {
            loose_dir.assert_same(&["cat-file", flag, id], b"");
        }
        loose_dir.assert_same(&["cat-file", &id[..12], "-t"], b"");
        count += 1;
    }
    assert!(count > 150, "{count} objects");
}

#[test]
fn cat_file_type_object_peels_and_errors_like_git() {
    let f = Fixture::new();
    f.write("x", "x\n");
    f.commit_all("one");
    f.git(&["tag", "-a", "-m", "t", "t1"]);
    let tag = f.git_str(&["rev-parse", "t1"]);
    let commit = f.git_str(&["rev-parse", "HEAD"]);
    for (kind, name) in [
        ("commit", &tag),
        ("tree", &tag),
        ("tree", &commit),
        ("tag", &tag),
        ("blob", &commit),
        ("commit", &commit),
    ] {
        f.assert_same(&["cat-file", kind, name], b"");
    }
    let missing = "0000000000000000000000000000000000000001";
    for args in [
        vec!["cat-file", "-t", missing],
        vec!["cat-file", "-e", missing],
        vec!["cat-file", "-p", "0000"],
        vec!["cat-file", "-e", "00000001"],
        vec!["cat-file", "blob", missing],
        vec!["cat-file", "-s", &commit[..7]],
        vec!["cat-file", "-p", "zzzz"],
    ] {
        f.assert_same(&args, b"");
    }
}

#[test]
fn ambiguous_prefixes_are_errors() {
    let f = Fixture::new();
    // find two blobs whose ids share 4 hex digits
    let mut seen = std::collections::HashMap::new();
    let mut prefix = None;
    for i in 0..5000 {
        let body = format!("{i}\n");
        let id = gitstore::hash::hash_object(gitstore::Kind::Blob, body.as_bytes()).unwrap();
        let p = id.to_string()[..4].to_string();
        if let Some(other) = seen.insert(p.clone(), body.clone()) {
            // one packed, one loose: the ambiguity spans stores
            let first = f.git_stdin(&["hash-object", "-w", "--stdin"], other.as_bytes());
            f.git_stdin(&["pack-objects", "-q", ".git/objects/pack/pack"], &first);
            f.git(&["prune-packed"]);
            assert_eq!(f.git_str(&["count-objects"]), "0 objects, 0 kilobytes");
            f.git_stdin(&["hash-object", "-w", "--stdin"], body.as_bytes());
            prefix = Some(p);
            break;
        }
    }
    let prefix = prefix.unwrap();
    f.assert_same(&["cat-file", "-t", &prefix], b"");
    f.assert_same(
        &["cat-file", "--batch-check"],
        format!("{prefix}\n").as_bytes(),
    );
}

#[test]
fn the_empty_tree_is_present_in_every_repository_as_in_git() {
    let f = Fixture::new();
    let empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    assert!(!f.git_dir().join("objects/4b").exists());
    // a commit of the empty tree, with the tree never written
    let commit = format!("tree {empty}\nauthor A <a@b> 1 +0000\ncommitter C <c@d> 2 -0130\n\nm\n");
    let c = f.git_stdin(
        &["hash-object", "-t", "commit", "-w", "--stdin"],
        commit.as_bytes(),
    );
    let c = String::from_utf8(c).unwrap().trim().to_string();
    let tree_of_c = format!("{c}^{{tree}}");
    for args in [
        &["cat-file", "-t", empty][..],
        &["cat-file", "-s", empty],
        &["cat-file", "-e", empty],
        &["cat-file", "-p", empty],
        &["cat-file", "tree", empty],
        &["ls-tree", empty],
        &["ls-tree", &c],
        &["rev-parse", "--verify", &tree_of_c],
        &["cat-file", "--batch-all-objects", "--batch-check"],
    ] {
        let g = assert_identical(&f, args, b"");
        assert!(g.status.success(), "{args:?}");
    }
    assert_identical(
        &f,
        &["cat-file", "--batch"],
        format!("{empty}\n").as_bytes(),
    );
    assert!(!f.git_dir().join("objects/4b").exists());
}

#[test]
fn cat_file_option_errors_come_in_gits_order_with_gits_messages() {
    let f = tree_with_gitlink();
    for args in [
        &["cat-file", "-t"][..],
        &["cat-file", "-p", "--"],
        &["cat-file"],
        &["cat-file", "blob"],
        &["cat-file", "a", "b", "c"],
        &["cat-file", "-t", "HEAD", "HEAD"],
        &["cat-file", "-t", "-s", "HEAD"],
        &["cat-file", "-p", "-e", "HEAD"],
        &["cat-file", "-ts", "HEAD"],
        &["cat-file", "--batch-all-objects", "-t"],
        &["cat-file", "-t", "--batch-all-objects", "--batch"],
        &["cat-file", "--batch", "--batch-check"],
        &["cat-file", "--batch", "--batch"],
        &["cat-file", "--batch", "-t"],
        &["cat-file", "--batch", "HEAD"],
        &["cat-file", "--batch-all-objects"],
        &["cat-file", "--follow-symlinks", "--buffer"],
        &["cat-file", "-z", "-t", "HEAD"],
        &["cat-file", "-Z"],
        &["cat-file", "--allow-unknown-type", "-t", "HEAD"],
        &["cat-file", "-s", "--allow-unknown-type", "HEAD"],
        &["cat-file", "-p", "--allow-unknown-type", "HEAD"],
        &["cat-file", "--allow-unknown-type", "blob", "HEAD:a"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn cat_file_type_object_on_a_packed_repository_matches_git() {
    let f = common::history_repo();
    f.git(&["repack", "-adq"]);
    let listing = str_of(f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname) %(objecttype)",
    ]));
    for line in listing.lines() {
        let (id, kind) = line.split_once(' ').unwrap();
        assert_identical(&f, &["cat-file", kind, id], b"");
        // peeling (a commit as a tree, a tag as what it points at) and refusals
        for other in ["tree", "commit", "blob", "tag"] {
            if other != kind {
                assert_identical(&f, &["cat-file", other, id], b"");
            }
        }
    }
    assert_identical(&f, &["cat-file", "tree", "HEAD"], b"");
    assert_identical(&f, &["cat-file", "commit", "HEAD"], b"");
}
