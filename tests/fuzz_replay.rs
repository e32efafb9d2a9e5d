//! Replays what the fuzzers found and a fixed set of hostile inputs through every parser on
//! stable, with the fuzz targets' own checks (`fuzz/checks.rs`): no panic, and whatever parses
//! serializes back to the same bytes.
//!
//! Inputs come from `fuzz/regressions/<target>/` (committed: minimized corpus entries and every
//! crash the fuzzers found, so CI guards them) and, on a machine that ran the fuzzers,
//! `fuzz/corpus/<target>/` and `fuzz/artifacts/<target>/`.

#[allow(dead_code)]
#[path = "../fuzz/checks.rs"]
mod checks;

use checks::TARGETS;
use std::path::Path;

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
    let mut replayed = 0;
    for (target, check) in TARGETS {
        for sub in ["regressions", "corpus", "artifacts"] {
            let dir = root.join(sub).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if let Ok(data) = std::fs::read(&path) {
                    check(&data);
                    replayed += 1;
                }
            }
        }
    }
    // The committed regressions alone hold more than one input per target.
    assert!(replayed > TARGETS.len(), "only {replayed} inputs replayed");
}
