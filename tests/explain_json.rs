//! `explain --json`: every view, on a loose object, a packed whole object and an object at the
//! end of a delta chain deeper than 10, parses and has the fields schema `gitstore.explain/1`
//! (documented in `gitstore::explain`) requires, with the same figures as the library view.

mod common;

use common::Fixture;
use serde_json::Value;

const LOOSE: &str = "HEAD:loose.txt";
const WHOLE: &str = "HEAD~1^{tree}";
const DEEP: &str = "HEAD:story.txt";

fn json(f: &Fixture, args: &[&str]) -> Value {
    let out = f.gitstore(&[&["explain", "--json"], args].concat());
    serde_json::from_slice(&out).expect("explain --json prints JSON")
}

fn has(v: &Value, fields: &[&str]) {
    for field in fields {
        assert!(v.get(field).is_some(), "{field} missing from {v}");
    }
}

fn is_id(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn check_place(place: &Value) {
    match place["store"].as_str() {
        Some("loose") => has(place, &["path", "size_on_disk"]),
        Some("packed") => has(
            place,
            &[
                "pack",
                "offset",
                "size_in_pack",
                "header_len",
                "type_code",
                "inflated_size",
            ],
        ),
        Some("other") => {}
        other => panic!("bad store {other:?}"),
    }
}

fn envelope(v: &Value, view: &str) {
    assert_eq!(v["schema"], "gitstore.explain/1");
    assert_eq!(v["view"], view);
    has(v, &["id", "kind", "size"]);
    assert!(is_id(&v["id"]));
    assert!(matches!(
        v["kind"].as_str(),
        Some("blob" | "tree" | "commit" | "tag")
    ));
}

#[test]
fn object_view_json_has_its_chain() {
    let f = Fixture::from_script("delta_chain");
    for rev in [LOOSE, WHOLE, DEEP] {
        let v = json(&f, &[rev]);
        envelope(&v, "object");
        let chain = v["chain"].as_array().unwrap();
        assert!(!chain.is_empty());
        for link in chain {
            assert!(is_id(&link["id"]));
            check_place(&link["place"]);
        }
        if rev == DEEP {
            assert!(chain.len() > 10);
        }
        let storage = &v["storage"];
        match storage["store"].as_str() {
            Some("loose") => has(storage, &["path", "file_size", "inflated_size", "ratio"]),
            Some("packed") => {
                has(
                    storage,
                    &[
                        "idx",
                        "idx_version",
                        "objects",
                        "lookup",
                        "pack",
                        "offset",
                        "header_bytes",
                        "size_len",
                        "type_code",
                        "inflated_size",
                        "compressed_size",
                        "ratio",
                    ],
                );
                has(
                    &storage["lookup"],
                    &["fanout_slot", "range", "probes", "position"],
                );
            }
            other => panic!("bad store {other:?}"),
        }
        assert_eq!(storage["store"] == "loose", rev == LOOSE);
    }
}

#[test]
fn raw_view_json_has_bytes_parts_and_zlib_for_loose_objects() {
    let f = Fixture::from_script("delta_chain");
    for rev in [LOOSE, WHOLE, DEEP] {
        let v = json(&f, &["--raw", rev]);
        envelope(&v, "raw");
        has(&v, &["bytes", "parts", "place", "zlib"]);
        check_place(&v["place"]);
        let bytes = hex::decode(v["bytes"].as_str().unwrap()).unwrap();
        let mut at = 0;
        for part in v["parts"].as_array().unwrap() {
            has(part, &["offset", "len", "role"]);
            assert_eq!(part["offset"].as_u64(), Some(at));
            at += part["len"].as_u64().unwrap();
            match part["role"].as_str().unwrap() {
                "mode" => has(part, &["mode"]),
                "entry_id" => assert!(is_id(&part["id"])),
                "header_line" => has(part, &["field"]),
                "object_header" | "space" | "name" | "nul" | "blank" | "message" | "content" => {}
                other => panic!("undocumented role {other}"),
            }
        }
        assert_eq!(at, bytes.len() as u64);
        if rev == LOOSE {
            has(
                &v["zlib"],
                &[
                    "file_size",
                    "cmf",
                    "flg",
                    "window_size",
                    "level_hint",
                    "header_check_ok",
                    "deflate_len",
                    "adler32_stored",
                    "adler32_computed",
                ],
            );
        } else {
            assert!(v["zlib"].is_null());
        }
    }
}

#[test]
fn delta_view_json_has_every_hop_and_instruction() {
    let f = Fixture::from_script("delta_chain");
    for rev in [LOOSE, WHOLE, DEEP] {
        let v = json(&f, &["--delta", rev]);
        envelope(&v, "delta");
        has(&v, &["hops", "base"]);
        let hops = v["hops"].as_array().unwrap();
        if rev == DEEP {
            assert!(hops.len() >= 10);
        } else {
            assert!(hops.is_empty());
        }
        for hop in hops {
            has(
                hop,
                &[
                    "id",
                    "pack",
                    "offset",
                    "size_in_pack",
                    "header_len",
                    "encoding",
                    "base",
                    "delta_size",
                    "base_size",
                    "result_size",
                    "instructions",
                ],
            );
            match hop["encoding"]["type"].as_str() {
                Some("ofs_delta") => has(&hop["encoding"], &["base_offset", "distance"]),
                Some("ref_delta") => {}
                other => panic!("bad encoding {other:?}"),
            }
            let mut written = 0;
            for op in hop["instructions"].as_array().unwrap() {
                has(op, &["op", "at", "result_offset", "len"]);
                assert_eq!(op["result_offset"].as_u64(), Some(written));
                written += op["len"].as_u64().unwrap();
                match op["op"].as_str() {
                    Some("copy") => has(op, &["base_offset"]),
                    Some("insert") => {
                        let bytes = hex::decode(op["bytes"].as_str().unwrap()).unwrap();
                        assert_eq!(bytes.len() as u64, op["len"].as_u64().unwrap());
                    }
                    other => panic!("bad op {other:?}"),
                }
            }
            assert_eq!(hop["result_size"].as_u64(), Some(written));
        }
        let base = &v["base"];
        assert!(is_id(&base["id"]));
        check_place(&base["place"]);
    }
}
