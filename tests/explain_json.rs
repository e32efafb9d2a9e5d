//! `explain --json`: every view, on a loose object, a packed whole object and an object at the
//! end of a delta chain deeper than 10, parses and has the fields schema `gitstore.explain/1`
//! (documented in `gitstore::explain`) requires, with the same figures as the library view; and
//! the JSON of every view (object, raw, delta, hash, pack) validates against the committed JSON
//! Schema `docs/explain.schema.json`, checked by a small validator of the subset of JSON Schema
//! that file uses (no validator crate is a dependency).

mod common;

use common::json_schema as schema;
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

fn assert_valid(schema: &schema::Schema, v: &Value, what: &str) {
    let errors = schema.errors(v);
    assert!(
        errors.is_empty(),
        "{what} breaks docs/explain.schema.json:\n{}",
        errors.join("\n")
    );
}

#[test]
fn every_view_validates_against_the_committed_schema() {
    let schema = schema::Schema::load("explain.schema.json");
    let f = Fixture::from_script("delta_chain");
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let mut views = std::collections::BTreeSet::new();
    for rev in [LOOSE, WHOLE, DEEP, "v1", "HEAD", head.trim()] {
        for view in [&[][..], &["--raw"], &["--delta"]] {
            let v = json(&f, &[view, &[rev]].concat());
            assert_valid(&schema, &v, &format!("explain --json {view:?} {rev}"));
            views.insert(v["view"].as_str().unwrap().to_string());
        }
    }
    let tree_lines = f.git(&["ls-tree", "HEAD"]);
    let commit = f.git(&["cat-file", "commit", "HEAD"]);
    let tree = f.git(&["cat-file", "tree", "HEAD"]);
    for (args, stdin) in [
        (&["--hash", "-"][..], &b"some content\n"[..]),
        (&["--hash", "-", "-t", "tree"], &tree_lines[..]),
        (&["--hash", "-", "-t", "tree"], &tree[..]),
        (&["--hash", "-", "-t", "commit"], &commit[..]),
    ] {
        let out = f.gitstore_output(&[&["explain", "--json"], args].concat(), stdin);
        assert!(out.status.success(), "{args:?}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_valid(&schema, &v, &format!("explain --json {args:?}"));
        views.insert(v["view"].as_str().unwrap().to_string());
    }
    let pack = f.rel(&f.pack_file());
    for limit in ["0", "3"] {
        let v = json(&f, &["--pack", &pack, "--limit", limit]);
        assert_valid(
            &schema,
            &v,
            &format!("explain --json --pack --limit {limit}"),
        );
        views.insert(v["view"].as_str().unwrap().to_string());
    }
    let mixed = Fixture::from_script("ofs_ref_pack");
    let v = json(&mixed, &["--pack", "mixed.pack", "--limit", "0"]);
    assert_valid(&schema, &v, "explain --json --pack mixed.pack");
    assert_eq!(
        views.into_iter().collect::<Vec<_>>(),
        ["delta", "hash", "object", "pack", "raw"]
    );
}

#[test]
fn the_schema_checker_rejects_what_the_schema_forbids() {
    let schema = schema::Schema::load("explain.schema.json");
    let f = Fixture::from_script("delta_chain");
    let good = json(&f, &["--raw", LOOSE]);
    assert_valid(&schema, &good, "the raw view");
    let mut extra = good.clone();
    extra["surprise"] = Value::Bool(true);
    assert!(!schema.errors(&extra).is_empty(), "an undocumented field");
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("parts");
    assert!(!schema.errors(&missing).is_empty(), "a missing field");
    let mut bad_id = good.clone();
    bad_id["id"] = Value::String("not an id".into());
    assert!(!schema.errors(&bad_id).is_empty(), "a bad id");
    let mut bad_view = good;
    bad_view["view"] = Value::String("nope".into());
    assert!(!schema.errors(&bad_view).is_empty(), "an unknown view");
}
