//! `explain --delta`: every hop of a delta chain deeper than 10 agrees with git's
//! `verify-pack -v`, `cat-file --batch-check='%(objectsize:disk) %(deltabase)'` and
//! `show-index`, and replaying its instructions on the base rebuilds each object byte for byte.

mod common;

use common::Fixture;
use gitstore::explain::delta::{delta_chain, BaseEncoding, DeltaOp};
use gitstore::explain::Place;
use gitstore::{ObjectId, Repository};
use std::collections::HashMap;

/// `verify-pack -v` of the fixture's one pack: id → (size, size in pack, offset, depth, base).
fn verify_pack(f: &Fixture) -> HashMap<String, (u64, u64, u64, usize, Option<String>)> {
    let idx = common::idx_files(&f.git_dir().join("objects/pack"));
    assert_eq!(idx.len(), 1);
    let listing = f.git_str(&["verify-pack", "-v", idx[0].to_str().unwrap()]);
    let mut out = HashMap::new();
    for line in listing.lines() {
        let c: Vec<&str> = line.split_whitespace().collect();
        if c.len() < 5 || c[0].len() != 40 {
            continue;
        }
        let depth = c.get(5).map_or(0, |d| d.parse().unwrap());
        out.insert(
            c[0].to_string(),
            (
                c[2].parse().unwrap(),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                depth,
                c.get(6).map(|s| s.to_string()),
            ),
        );
    }
    out
}

/// `git show-index` of the fixture's pack: id → offset.
fn show_index(f: &Fixture) -> HashMap<String, u64> {
    let idx = common::idx_files(&f.git_dir().join("objects/pack"));
    let bytes = std::fs::read(&idx[0]).unwrap();
    let out = f.git_stdin(&["show-index"], &bytes);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[1].to_string(), c[0].parse().unwrap())
        })
        .collect()
}

fn deep_fixture() -> (Fixture, Repository) {
    let f = Fixture::from_script("delta_chain");
    let repo = Repository::open(f.git_dir()).unwrap();
    (f, repo)
}

fn id_of(f: &Fixture, rev: &str) -> ObjectId {
    f.git_str(&["rev-parse", rev]).trim().parse().unwrap()
}

#[test]
fn deep_chain_hops_agree_with_verify_pack_cat_file_and_show_index() {
    let (f, repo) = deep_fixture();
    let id = id_of(&f, "HEAD:story.txt");
    let listing = verify_pack(&f);
    let offsets = show_index(&f);
    let view = delta_chain(&repo, &id).unwrap().unwrap();
    let (_, _, _, depth, _) = listing[&id.to_string()];
    assert!(depth >= 10, "fixture chain is only {depth} deep");
    assert_eq!(view.hops.len(), depth);
    for (i, hop) in view.hops.iter().enumerate() {
        let name = hop.id.to_string();
        let (size, in_pack, offset, hop_depth, base) = listing[&name].clone();
        assert_eq!(hop_depth, depth - i, "{name}");
        assert_eq!(hop.delta_size, size, "{name}");
        assert_eq!(hop.size_in_pack, in_pack, "{name}");
        assert_eq!(hop.offset, offset, "{name}");
        assert_eq!(offsets[&name], offset, "{name}");
        assert_eq!(base.as_deref(), Some(hop.base.to_string().as_str()));
        let check = f.git_stdin(
            &["cat-file", "--batch-check=%(objectsize:disk) %(deltabase)"],
            format!("{name}\n").as_bytes(),
        );
        assert_eq!(
            String::from_utf8(check).unwrap(),
            format!("{} {}\n", hop.size_in_pack, hop.base)
        );
        let BaseEncoding::OfsDelta {
            base_offset,
            distance,
        } = hop.encoding
        else {
            panic!("git repack writes OFS_DELTA entries");
        };
        assert_eq!(base_offset, offsets[&hop.base.to_string()]);
        assert_eq!(distance, offset - base_offset);
    }
    let whole = view.base.expect("the chain ends at a whole object");
    assert_eq!(listing[&whole.id.to_string()].3, 0);
    let Place::Packed { offset, .. } = whole.place else {
        panic!("the whole base is packed");
    };
    assert_eq!(offset, offsets[&whole.id.to_string()]);
}

#[test]
fn replaying_each_hop_rebuilds_its_object() {
    let (f, repo) = deep_fixture();
    let id = id_of(&f, "HEAD:story.txt");
    let view = delta_chain(&repo, &id).unwrap().unwrap();
    for hop in &view.hops {
        let base = f.git(&["cat-file", "blob", &hop.base.to_string()]);
        assert_eq!(base.len() as u64, hop.base_size);
        let mut rebuilt = Vec::new();
        for op in &hop.instructions {
            match op {
                DeltaOp::Copy {
                    result_offset,
                    base_offset,
                    len,
                    ..
                } => {
                    assert_eq!(*result_offset, rebuilt.len() as u64);
                    let (start, len) = (*base_offset as usize, *len as usize);
                    rebuilt.extend_from_slice(&base[start..start + len]);
                }
                DeltaOp::Insert {
                    result_offset,
                    len,
                    bytes,
                    ..
                } => {
                    assert_eq!(*result_offset, rebuilt.len() as u64);
                    assert_eq!(*len as usize, bytes.len());
                    rebuilt.extend_from_slice(bytes);
                }
            }
        }
        assert_eq!(rebuilt.len() as u64, hop.result_size);
        assert_eq!(rebuilt, f.git(&["cat-file", "blob", &hop.id.to_string()]));
    }
}

#[test]
fn whole_and_loose_objects_have_no_hops() {
    let (f, repo) = deep_fixture();
    let offsets = show_index(&f);
    let listing = verify_pack(&f);
    let whole = listing
        .iter()
        .find(|(_, v)| v.3 == 0)
        .map(|(k, _)| k.parse::<ObjectId>().unwrap())
        .unwrap();
    let view = delta_chain(&repo, &whole).unwrap().unwrap();
    assert!(view.hops.is_empty());
    let base = view.base.unwrap();
    assert_eq!(base.id, whole);
    let Place::Packed {
        offset,
        size_in_pack,
        ..
    } = base.place
    else {
        panic!("packed");
    };
    assert_eq!(offset, offsets[&whole.to_string()]);
    assert_eq!(size_in_pack, listing[&whole.to_string()].1);

    let loose = id_of(&f, "HEAD:loose.txt");
    let view = delta_chain(&repo, &loose).unwrap().unwrap();
    assert!(view.hops.is_empty());
    let Place::Loose { path, size_on_disk } = view.base.unwrap().place else {
        panic!("loose");
    };
    assert_eq!(std::fs::metadata(&path).unwrap().len(), size_on_disk);
}

#[test]
fn delta_text_lists_every_instruction_within_80_columns() {
    let (f, repo) = deep_fixture();
    let id = id_of(&f, "HEAD:story.txt");
    let view = delta_chain(&repo, &id).unwrap().unwrap();
    let text = String::from_utf8(f.gitstore(&["explain", "--delta", "HEAD:story.txt"])).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    let ops = text
        .lines()
        .filter(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w.len() >= 2 && w[0].parse::<u64>().is_ok() && (w[1] == "copy" || w[1] == "insert")
        })
        .count();
    let want: usize = view.hops.iter().map(|h| h.instructions.len()).sum();
    assert_eq!(ops, want);
    assert!(text.contains(&format!("chain of {} deltas", view.hops.len())));
    for hop in &view.hops {
        assert!(text.contains(&format!("entry at offset {} ", hop.offset)));
    }
}
