//! Replays what the fuzzers found (`fuzz/corpus/<target>/`, when present) and a fixed set of
//! hostile inputs through every parser on stable, with the same assertions as the fuzz targets:
//! no panic, and whatever parses serializes back to the same bytes.

use gitstore::object::{
    header_bytes, parse_header, CommitRef, SignatureRef, TagRef, TreeRef, TreeRefIter, WriteTo,
};
use std::path::Path;

fn check_tree(data: &[u8]) {
    let lazy_ok = TreeRefIter::new(data).all(|e| e.is_ok());
    match TreeRef::parse(data) {
        Ok(tree) => {
            assert!(lazy_ok);
            assert_eq!(tree.to_vec(), data);
            let owned = tree.to_owned();
            assert_eq!(owned.size(), data.len() as u64);
            assert_eq!(owned.to_vec(), data);
            let _ = owned.validate();
            let mut out = Vec::new();
            tree.write_pretty(&mut out).unwrap();
        }
        Err(e) => {
            assert!(!lazy_ok);
            assert!(e.offset <= data.len(), "offset past the end: {e}");
        }
    }
}

fn exact_time(time: &[u8]) -> bool {
    time.len() < 19 && (time.len() == 1 || !time.starts_with(b"0"))
}

fn check_commit(data: &[u8]) {
    match CommitRef::parse(data) {
        Ok(commit) => {
            assert_eq!(commit.size(), data.len() as u64);
            assert_eq!(commit.to_vec(), data);
            let owned = commit.to_owned();
            let _ = owned.validate();
            if exact_time(commit.author.time) && exact_time(commit.committer.time) {
                assert_eq!(owned.to_vec(), data);
                assert_eq!(owned.size(), data.len() as u64);
            }
        }
        Err(e) => assert!(e.offset <= data.len(), "offset past the end: {e}"),
    }
}

fn check_tag(data: &[u8]) {
    match TagRef::parse(data) {
        Ok(tag) => {
            assert_eq!(tag.size(), data.len() as u64);
            assert_eq!(tag.to_vec(), data);
            let owned = tag.to_owned();
            let _ = owned.validate();
            if tag.tagger.map_or(true, |t| exact_time(t.time)) {
                assert_eq!(owned.to_vec(), data);
                assert_eq!(owned.size(), data.len() as u64);
            }
        }
        Err(e) => assert!(e.offset <= data.len(), "offset past the end: {e}"),
    }
}

fn check_header(data: &[u8]) {
    if let Ok((header, len)) = parse_header(data) {
        assert_eq!(header_bytes(header.kind, header.size), &data[..len]);
    }
}

fn check_signature(data: &[u8]) {
    if let Ok(sig) = SignatureRef::parse(data) {
        let mut out = Vec::new();
        sig.write_to(&mut out).unwrap();
        assert_eq!(out, data);
        let _ = (sig.seconds(), sig.offset_minutes());
    }
}

/// A fuzz target's name and the check it runs.
type Target = (&'static str, fn(&[u8]));

const TARGETS: &[Target] = &[
    ("tree", check_tree),
    ("commit", check_commit),
    ("tag", check_tag),
    ("object_header", check_header),
    ("signature", check_signature),
];

const ID: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

fn hostile_inputs() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\0".to_vec(),
        b" ".to_vec(),
        b"\n".to_vec(),
        b"\n\n".to_vec(),
        vec![0xff; 64],
        b"100644 ".to_vec(),
        b"100644 \0".to_vec(),
        b"100644 a\0".to_vec(),
        b"100644 a\0short".to_vec(),
        b"1006449999999999999999999 a\0aaaaaaaaaaaaaaaaaaaa".to_vec(),
        b"77777777777 a\0aaaaaaaaaaaaaaaaaaaa".to_vec(),
        b" a\0aaaaaaaaaaaaaaaaaaaa".to_vec(),
        b"40000 \xff\xfe\0aaaaaaaaaaaaaaaaaaaa100644 b".to_vec(),
        b"tree ".to_vec(),
        b"tree \n".to_vec(),
        format!("tree {ID}").into_bytes(),
        format!("tree {ID}\nparent {ID}").into_bytes(),
        format!("tree {ID}\nauthor <").into_bytes(),
        format!("tree {ID}\nauthor A <a> 1 +0000\ncommitter >< 1 +0000\n").into_bytes(),
        format!("tree {ID}\nauthor A <a> 99999999999999999999999 +0000\ncommitter C <c> 0 +0000\n")
            .into_bytes(),
        format!("tree {ID}\nauthor A <a> 01 +0000\ncommitter C <c> 0 +0000\n\n").into_bytes(),
        format!("tree {ID}\nauthor A <a> 1 +0000\ncommitter C <c> 0 +0000\nk v\n \n \n")
            .into_bytes(),
        format!("tree {ID}\nauthor A <a> 1 +0000\ncommitter C <c> 0 +0000\nk \n\n").into_bytes(),
        format!("object {ID}\ntype commit\ntag \n").into_bytes(),
        format!("object {ID}\ntype commit\ntag x\ntagger").into_bytes(),
        format!("object {ID}\ntype commit\ntag x\n\n-----BEGIN PGP SIGNATURE-----").into_bytes(),
        format!("object {ID}\ntype \ntag x\n").into_bytes(),
        b"blob 0\0".to_vec(),
        b"blob 18446744073709551616\0".to_vec(),
        b"commit 00\0".to_vec(),
        b"tag".to_vec(),
        b"A <a> 1 +000".to_vec(),
        b"A <a> 1 +00000".to_vec(),
        b"A <a> 1 +\xff\xff\xff\xff".to_vec(),
        b"A <<a>> 1 +0000".to_vec(),
        b" <> 18446744073709551616000 -9999".to_vec(),
    ];
    // Every prefix of valid objects of each kind.
    let commit = format!(
        "tree {ID}\nparent {ID}\nauthor A <a> 1 +0000\ncommitter C <c> 2 -0100\nencoding x\ngpgsig a\n b\n\nmsg"
    );
    let tag = format!(
        "object {ID}\ntype tree\ntag v\ntagger T <t> 3 +0000\n\nm\n-----BEGIN SSH SIGNATURE-----\ns\n"
    );
    let mut tree = b"100644 file\0".to_vec();
    tree.extend_from_slice(&[7; 20]);
    tree.extend_from_slice(b"40000 dir\0");
    tree.extend_from_slice(&[8; 20]);
    for whole in [commit.into_bytes(), tag.into_bytes(), tree] {
        for end in 0..=whole.len() {
            v.push(whole[..end].to_vec());
        }
    }
    v
}

#[test]
fn hostile_inputs_do_not_panic_any_parser() {
    for input in hostile_inputs() {
        for (_, check) in TARGETS {
            check(&input);
        }
    }
}

#[test]
fn fuzz_corpus_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, check) in TARGETS {
        for sub in ["corpus", "artifacts"] {
            let dir = root.join(sub).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if let Ok(data) = std::fs::read(&path) {
                    check(&data);
                }
            }
        }
    }
}
