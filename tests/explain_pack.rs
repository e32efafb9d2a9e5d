//! `explain --pack PACK`: every entry's figures (id, kind, size, size in pack, offset, depth,
//! base) are those `git verify-pack -v` prints, the chain histogram is `verify-pack -s`'s, the
//! index's fan-out and offsets agree with `git show-index`, on a pack with a delta chain deeper
//! than 10 (`delta_chain.sh`) and on one with both OFS_DELTA and REF_DELTA entries
//! (`ofs_ref_pack.sh`); the header and trailer are the file's bytes; `--limit` (50 by default)
//! caps the entries listed; text fits 80 columns.

mod common;

use common::Fixture;
use gitstore::explain::pack::pack_view;
use gitstore::Limits;
use serde_json::Value;
use std::collections::BTreeMap;

fn pack_json(f: &Fixture, pack: &str, extra: &[&str]) -> Value {
    let out = f.gitstore(&[&["explain", "--json", "--pack", pack], extra].concat());
    serde_json::from_slice(&out).expect("JSON")
}

/// The two packs: the deep chain one (its path relative to the fixture) and the mixed one.
fn packs() -> Vec<(Fixture, String)> {
    let deep = Fixture::from_script("delta_chain");
    let deep_pack = deep.rel(&deep.pack_file());
    let mixed = Fixture::from_script("ofs_ref_pack");
    vec![(deep, deep_pack), (mixed, "mixed.pack".to_string())]
}

fn idx_of(pack: &str) -> String {
    pack.strip_suffix(".pack").unwrap().to_string() + ".idx"
}

#[test]
fn entries_and_chains_agree_with_verify_pack() {
    for (f, pack) in packs() {
        let v = pack_json(&f, &pack, &["--limit", "0"]);
        let listing = f.git_str(&["verify-pack", "-v", &idx_of(&pack)]);
        let mut lines = listing.lines();
        let entries = v["entries"].as_array().unwrap();
        assert_eq!(v["truncated"], false);
        assert_eq!(v["entry_count"].as_u64(), Some(entries.len() as u64));
        for e in entries {
            let mut line = format!(
                "{} {:<6} {} {} {}",
                e["id"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["size"],
                e["size_in_pack"],
                e["offset"]
            );
            if e["depth"] != 0 {
                line += &format!(" {} {}", e["depth"], e["base"]["id"].as_str().unwrap());
            }
            assert_eq!(Some(line.as_str()), lines.next(), "{pack}");
        }
        let mut histogram = Vec::new();
        for c in v["chains"].as_array().unwrap() {
            let n = c["objects"].as_u64().unwrap();
            let objects = if n == 1 { "object" } else { "objects" };
            histogram.push(match c["depth"].as_u64().unwrap() {
                0 => format!("non delta: {n} {objects}"),
                d => format!("chain length = {d}: {n} {objects}"),
            });
        }
        let rest: Vec<&str> = lines.collect();
        assert_eq!(rest[..rest.len() - 1], histogram, "{pack}");
        // the library gives the same figures
        let view = pack_view(&f.path.join(&pack), None, Limits::default()).unwrap();
        assert_eq!(view.entries.len(), entries.len());
        assert!(view.trailer.checksum_ok && view.index.pack_checksum_ok);
    }
}

#[test]
fn the_deep_pack_has_a_chain_longer_than_ten() {
    let (f, pack) = packs().remove(0);
    let v = pack_json(&f, &pack, &["--limit", "0"]);
    let deepest = v["chains"].as_array().unwrap().last().unwrap()["depth"]
        .as_u64()
        .unwrap();
    assert!(deepest >= 10, "{deepest}");
}

#[test]
fn ofs_and_ref_deltas_are_told_apart() {
    let (f, pack) = packs().remove(1);
    let v = pack_json(&f, &pack, &["--limit", "0"]);
    let entries = v["entries"].as_array().unwrap();
    let by_offset: BTreeMap<u64, &Value> = entries
        .iter()
        .map(|e| (e["offset"].as_u64().unwrap(), e))
        .collect();
    let mut seen = [0; 2];
    for e in entries {
        match e["stored_as"].as_str().unwrap() {
            "ofs_delta" => {
                seen[0] += 1;
                assert_eq!(e["type_code"], 6);
                let base = by_offset[&e["base"]["offset"].as_u64().unwrap()];
                assert_eq!(base["id"], e["base"]["id"]);
                assert!(base["offset"].as_u64() < e["offset"].as_u64());
            }
            "ref_delta" => {
                seen[1] += 1;
                assert_eq!(e["type_code"], 7);
                // header: type and size, then the base's 20-byte id
                assert!(e["header_len"].as_u64().unwrap() > 20);
                let base = by_offset[&e["base"]["offset"].as_u64().unwrap()];
                assert_eq!(base["id"], e["base"]["id"]);
            }
            whole => {
                assert_eq!(Some(whole), e["kind"].as_str());
                assert!(e["base"].is_null());
            }
        }
    }
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    let types: Vec<(&str, u64)> = v["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["stored_as"].as_str().unwrap(),
                t["entries"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(types.contains(&("ofs_delta", seen[0])), "{types:?}");
    assert!(types.contains(&("ref_delta", seen[1])), "{types:?}");
    let text = String::from_utf8(f.gitstore(&["explain", "--pack", &pack])).unwrap();
    assert!(text.contains(" ofs_delta "), "{text}");
    assert!(text.contains(" ref_delta "), "{text}");
}

#[test]
fn index_agrees_with_show_index() {
    for (f, pack) in packs() {
        let v = pack_json(&f, &pack, &["--limit", "0"]);
        let idx_bytes = std::fs::read(f.path.join(idx_of(&pack))).unwrap();
        let shown = f.git_stdin(&["show-index"], &idx_bytes);
        let shown = String::from_utf8(shown).unwrap();
        let mut per_byte = [0u32; 256];
        let mut offsets = BTreeMap::new();
        for line in shown.lines() {
            let cols: Vec<&str> = line.split(' ').collect();
            let first = u8::from_str_radix(&cols[1][..2], 16).unwrap();
            per_byte[usize::from(first)] += 1;
            offsets.insert(cols[1].to_string(), cols[0].parse::<u64>().unwrap());
        }
        let index = &v["index"];
        assert_eq!(index["objects"].as_u64(), Some(offsets.len() as u64));
        assert_eq!(index["version"], 2);
        let fanout: Vec<u32> = index["fanout"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap() as u32)
            .collect();
        let mut total = 0;
        for (b, &n) in per_byte.iter().enumerate() {
            total += n;
            assert_eq!(fanout[b], total, "{pack}: fan-out slot {b:02x}");
        }
        let summary = &index["fanout_summary"];
        let max = *per_byte.iter().max().unwrap();
        assert_eq!(summary["max"], max);
        assert_eq!(summary["min"], *per_byte.iter().min().unwrap());
        assert_eq!(
            summary["empty_slots"].as_u64(),
            Some(per_byte.iter().filter(|&&n| n == 0).count() as u64)
        );
        assert_eq!(
            per_byte[summary["max_slot"].as_u64().unwrap() as usize],
            max
        );
        for e in v["entries"].as_array().unwrap() {
            assert_eq!(
                offsets[e["id"].as_str().unwrap()],
                e["offset"].as_u64().unwrap()
            );
        }
        // the tables cover the file exactly, the pack checksum is the .pack's trailer
        let mut at = 0;
        for s in index["sections"].as_array().unwrap() {
            assert_eq!(s["offset"].as_u64(), Some(at));
            at += s["len"].as_u64().unwrap();
        }
        assert_eq!(at, idx_bytes.len() as u64);
        assert_eq!(index["file_size"].as_u64(), Some(at));
        let n = offsets.len();
        assert_eq!(
            index["pack_checksum"].as_str().unwrap(),
            hex::encode(&idx_bytes[idx_bytes.len() - 40..idx_bytes.len() - 20])
        );
        assert_eq!(idx_bytes.len(), 8 + 1024 + n * 28 + 40);
    }
}

#[test]
fn header_and_trailer_are_the_files_bytes() {
    for (f, pack) in packs() {
        let v = pack_json(&f, &pack, &[]);
        let bytes = std::fs::read(f.path.join(&pack)).unwrap();
        assert_eq!(v["pack_size"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(&bytes[..4], b"PACK");
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        assert_eq!(v["header"]["version"], be(4));
        assert_eq!(v["header"]["objects"], be(8));
        assert_eq!(v["entry_count"], be(8));
        let end = bytes.len() - 20;
        assert_eq!(v["trailer"]["offset"].as_u64(), Some(end as u64));
        assert_eq!(v["trailer"]["checksum"], hex::encode(&bytes[end..]));
        assert_eq!(v["trailer"]["checksum_ok"], true);
        assert_eq!(v["entries"][0]["offset"], 12);
        // the .idx names the same pack
        let by_idx = pack_json(&f, &idx_of(&pack), &[]);
        assert_eq!(by_idx["trailer"], v["trailer"]);
    }
}

#[test]
fn limit_caps_the_entries_listed_but_not_the_counts() {
    let (f, pack) = packs().remove(0);
    let all = pack_json(&f, &pack, &["--limit", "0"]);
    let n = all["entry_count"].as_u64().unwrap();
    assert!(n > 50, "the deep pack has {n} entries");
    let default = pack_json(&f, &pack, &[]);
    assert_eq!(default["entries"].as_array().unwrap().len(), 50);
    assert_eq!(default["truncated"], true);
    assert_eq!(default["types"], all["types"]);
    assert_eq!(default["chains"], all["chains"]);
    assert_eq!(
        default["entries"].as_array().unwrap()[..],
        all["entries"].as_array().unwrap()[..50]
    );
    let three = pack_json(&f, &pack, &["--limit", "3"]);
    assert_eq!(three["entries"].as_array().unwrap().len(), 3);
    let text = String::from_utf8(f.gitstore(&["explain", "--pack", &pack])).unwrap();
    assert!(
        text.contains(&format!(
            "(the first 50 of {n}; --limit N for more, 0 for all)"
        )),
        "{text}"
    );
    let rows = |t: &str| {
        t.lines()
            .filter(|l| l.contains("  ofs_delta ") || l.contains("  blob "))
            .count()
    };
    let all_text =
        String::from_utf8(f.gitstore(&["explain", "--pack", &pack, "--limit", "0"])).unwrap();
    assert!(rows(&all_text) > rows(&text));
}

#[test]
fn text_fits_80_columns_without_colour_unless_asked() {
    for (f, pack) in packs() {
        let text =
            String::from_utf8(f.gitstore(&["explain", "--pack", &pack, "--limit", "0"])).unwrap();
        assert!(!text.contains('\x1b'));
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
        for part in ["header: \"PACK\"", "trailer: SHA-1", "fan-out: 256 counts"] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
        let coloured = f.gitstore(&["explain", "--pack", &pack, "--color=always"]);
        assert!(String::from_utf8(coloured).unwrap().contains("\x1b["));
    }
}

#[test]
fn a_missing_pack_is_an_error() {
    let f = Fixture::empty_dir();
    let out = f.gitstore_output(&["explain", "--pack", "nope.pack"], b"");
    assert_eq!(out.status.code(), Some(128));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fatal: no pack index at 'nope.idx'\n"
    );
}
