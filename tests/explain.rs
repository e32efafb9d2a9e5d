//! `explain` (the teaching view) agrees with what `git verify-pack -v` says about every packed
//! object, and names loose files.

mod common;

use gitstore::explain::explain;
use gitstore::odb::locate::ObjectLocation;
use gitstore::{ObjectId, Repository};

#[test]
fn chains_agree_with_verify_pack() {
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let pack_dir = f.git_dir().join("objects/pack");
    let mut checked = 0;
    for entry in std::fs::read_dir(&pack_dir).unwrap() {
        let idx = entry.unwrap().path();
        if idx.extension().is_none_or(|e| e != "idx") {
            continue;
        }
        let listing = f.git_str(&["verify-pack", "-v", idx.to_str().unwrap()]);
        for line in listing.lines() {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() < 5 || cols[0].len() != 40 {
                continue;
            }
            let id: ObjectId = cols[0].parse().unwrap();
            let e = explain(&repo, &id).unwrap().unwrap();
            assert_eq!(e.header.kind.as_str(), cols[1]);
            let ObjectLocation::Packed { entry, .. } = &e.chain[0].location else {
                panic!("{id} should be packed");
            };
            assert_eq!(entry.header.size.to_string(), cols[2], "{line}");
            assert_eq!(entry.size_in_pack.to_string(), cols[3], "{line}");
            assert_eq!(entry.offset.to_string(), cols[4], "{line}");
            let depth: usize = cols.get(5).map_or(0, |d| d.parse().unwrap());
            assert_eq!(e.chain.len(), depth + 1, "{line}");
            if let Some(base) = cols.get(6) {
                assert_eq!(e.chain[1].id.to_string(), *base);
            }
            let mut text = Vec::new();
            e.write_text(&f.path, &mut text).unwrap();
            let text = String::from_utf8(text).unwrap();
            assert!(text.contains(&format!("at offset {}", cols[4])), "{text}");
            checked += 1;
        }
    }
    assert!(checked > 100);
}

#[test]
fn loose_objects_and_the_cli() {
    let f = common::history_repo();
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let out = String::from_utf8(f.gitstore(&["explain", "HEAD"])).unwrap();
    assert!(out.starts_with(&format!("HEAD names {head}.\n")), "{out}");
    assert!(out.contains(&format!("\n{head} is a commit of ")), "{out}");
    assert!(
        out.contains(&format!(".git/objects/{}/{}", &head[..2], &head[2..])),
        "{out}"
    );
    let missing = f.gitstore_output(&["explain", "nope"], b"");
    assert_eq!(missing.status.code(), Some(128));
}
