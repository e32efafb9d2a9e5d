//! `explain --hash FILE|-`: the bytes shown are exactly the header then the content, and the id
//! is what `git hash-object` (any `-t`) and, for `ls-tree` lines, `git mktree` give; a tree's
//! content is built one entry a step in git's order; no repository is needed; text fits 80
//! columns and `--limit` cuts the dump.

mod common;

use common::Fixture;
use gitstore::explain::hash::{hash, hash_tree_lines};
use gitstore::Kind;
use serde_json::Value;

fn hash_json(f: &Fixture, args: &[&str], stdin: &[u8]) -> Value {
    let out = f.gitstore_output(&[&["explain", "--json", "--hash"], args].concat(), stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn text(f: &Fixture, args: &[&str], stdin: &[u8]) -> String {
    let out = f.gitstore_output(&[&["explain", "--hash"], args].concat(), stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn blob_id_and_bytes_match_git_hash_object() {
    let f = Fixture::from_script("delta_chain");
    let content = std::fs::read(f.path.join("story.txt")).unwrap();
    let git_id = f.git_str(&["hash-object", "story.txt"]);
    let v = hash_json(&f, &["story.txt"], b"");
    assert_eq!(v["id"], git_id.trim());
    assert_eq!(v["kind"], "blob");
    assert_eq!(v["size"].as_u64(), Some(content.len() as u64));
    let mut expected = format!("blob {}\0", content.len()).into_bytes();
    assert_eq!(v["header_len"].as_u64(), Some(expected.len() as u64));
    expected.extend_from_slice(&content);
    assert_eq!(hex::decode(v["bytes"].as_str().unwrap()).unwrap(), expected);
    let out = text(&f, &["story.txt"], b"");
    assert!(out.ends_with(&format!("id: {}\n", git_id.trim())), "{out}");
    assert!(
        out.contains(&format!("\"blob {}\\0\"", content.len())),
        "{out}"
    );
}

#[test]
fn every_type_from_stdin_matches_git_hash_object() {
    let f = Fixture::from_script("delta_chain");
    for (kind, object) in [
        ("blob", "HEAD:loose.txt"),
        ("commit", "HEAD"),
        ("tag", "v1"),
        ("tree", "HEAD^{tree}"),
    ] {
        let content = f.git(&["cat-file", kind, object]);
        let git_id =
            String::from_utf8(f.git_stdin(&["hash-object", "-t", kind, "--stdin"], &content))
                .unwrap();
        let v = hash_json(&f, &["-", "-t", kind], &content);
        assert_eq!(v["id"], git_id.trim(), "{kind}");
        assert_eq!(v["kind"], kind);
        // a tree's own bytes are cut into its entries, not rebuilt from lines
        assert!(v["tree"].is_null());
        if kind == "tree" {
            let roles: Vec<&str> = v["parts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["role"].as_str().unwrap())
                .collect();
            assert!(roles.contains(&"entry_id"), "{roles:?}");
        }
    }
}

#[test]
fn tree_from_ls_tree_lines_is_built_in_git_order_and_matches_mktree() {
    let f = Fixture::from_script("delta_chain");
    let blob = f.git_str(&["rev-parse", "HEAD:story.txt"]);
    let sub = f.git_str(&["rev-parse", "HEAD:dir"]);
    let (blob, sub) = (blob.trim(), sub.trim());
    // out of order on purpose; "dir" (a tree) sorts as "dir/", after "dir.txt" and "dir-a"
    let lines = format!(
        "040000 tree {sub}\tdir\n100644 blob {blob}\tdir.txt\n100755 blob {blob}\tdir-a\n\
         120000 blob {blob}\tA link\n100644 blob {blob}\t\"quoted\\tname\"\n"
    );
    let git_id = String::from_utf8(f.git_stdin(&["mktree"], lines.as_bytes())).unwrap();
    let v = hash_json(&f, &["-", "-t", "tree"], lines.as_bytes());
    assert_eq!(v["id"], git_id.trim());
    let build = &v["tree"];
    assert_eq!(build["lines"], 5);
    let steps = build["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["A link", "dir-a", "dir.txt", "dir", "quoted\tname"]);
    let lines_of: Vec<u64> = steps.iter().map(|s| s["line"].as_u64().unwrap()).collect();
    assert_eq!(lines_of, [4, 3, 2, 1, 5]);
    assert_eq!(steps[3]["mode"], "040000");
    assert_eq!(steps[3]["stored_mode"], "40000");
    // the steps' bytes, one after the other, are the content git hashed
    let content: Vec<u8> = steps
        .iter()
        .flat_map(|s| hex::decode(s["bytes"].as_str().unwrap()).unwrap())
        .collect();
    let bytes = hex::decode(v["bytes"].as_str().unwrap()).unwrap();
    let header = format!("tree {}\0", content.len());
    assert_eq!(bytes, [header.as_bytes(), &content].concat());
    let mut at = 0;
    for s in steps {
        assert_eq!(s["offset"].as_u64(), Some(at));
        at += s["bytes"].as_str().unwrap().len() as u64 / 2;
    }
    // the library says the same
    let view = hash_tree_lines(lines.as_bytes()).unwrap();
    assert_eq!(view.id.to_string(), git_id.trim());
    assert_eq!(view.bytes, bytes);
    let out = text(&f, &["-", "-t", "tree"], lines.as_bytes());
    assert!(out.contains("step 4   line 1   040000 tree"), "{out}");
    assert!(out.contains("\"40000 dir\\0\" and 20 id bytes"), "{out}");
}

#[test]
fn the_empty_tree_and_the_empty_blob() {
    let f = Fixture::empty_dir();
    let v = hash_json(&f, &["-", "-t", "tree"], b"");
    assert_eq!(v["id"], "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    assert_eq!(v["tree"]["steps"].as_array().unwrap().len(), 0);
    let empty = hash(Kind::Blob, b"").unwrap();
    assert_eq!(
        empty.id.to_string(),
        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    );
    assert_eq!(empty.bytes, b"blob 0\0");
}

#[test]
fn works_outside_a_repository() {
    let f = Fixture::empty_dir();
    f.write("note.txt", "hello\n");
    let v = hash_json(&f, &["note.txt"], b"");
    assert_eq!(v["id"], "ce013625030ba8dba906f756967f9e9ca394464a");
}

#[test]
fn bad_input_is_refused_in_git_words() {
    let f = Fixture::empty_dir();
    let out = f.gitstore_output(
        &["explain", "--hash", "-", "-t", "tree"],
        b"100644 blob nothex\tx\n",
    );
    assert_eq!(out.status.code(), Some(128));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fatal: input format error: 100644 blob nothex\tx\n"
    );
    let out = f.gitstore_output(&["explain", "--hash", "-", "-t", "nope"], b"");
    assert_eq!(out.status.code(), Some(128));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fatal: invalid object type \"nope\"\n"
    );
    let out = f.gitstore_output(&["explain", "--hash", "missing.txt"], b"");
    assert_eq!(out.status.code(), Some(128));
    let slash = format!(
        "100644 blob {}\ta/b\n",
        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    );
    let out = f.gitstore_output(&["explain", "--hash", "-", "-t", "tree"], slash.as_bytes());
    assert_eq!(out.status.code(), Some(128));
    assert!(String::from_utf8_lossy(&out.stderr).contains("contains slash"));
}

#[test]
fn text_fits_80_columns_and_limit_cuts_the_dump() {
    let f = Fixture::from_script("delta_chain");
    let lines = f.git(&["ls-tree", "HEAD"]);
    let size = std::fs::metadata(f.path.join("story.txt")).unwrap().len() as usize;
    for (args, stdin) in [
        (&["story.txt"][..], &b""[..]),
        (&["-", "-t", "tree"], &lines[..]),
        (&["-", "-t", "tree", "--limit", "0"], &lines[..]),
    ] {
        for line in text(&f, args, stdin).lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
    }
    // 50 rows by default (2 for the 11-byte header, 48 of 8 content bytes), then how many
    // bytes are left out
    let out = text(&f, &["story.txt"], b"");
    let header = format!("blob {size}\0").len();
    assert_eq!(header, 11);
    let left = size - 48 * 8;
    assert!(
        out.contains(&format!("… {left} more bytes (--limit 0 shows them all)")),
        "{out}"
    );
    let out = text(&f, &["story.txt", "--limit", "3"], b"");
    let rows = out.lines().filter(|l| l.starts_with("00")).count();
    assert_eq!(rows, 3, "{out}");
    let out = text(&f, &["story.txt", "--limit", "0"], b"");
    assert!(!out.contains("more bytes"));
    let is_row = |l: &&str| {
        l.get(..4)
            .is_some_and(|o| o.bytes().all(|b| b.is_ascii_hexdigit()))
            && l.get(4..6) == Some("  ")
    };
    assert!(out.lines().filter(is_row).count() >= (header + size) / 8);
}

#[test]
fn colour_only_when_asked() {
    let f = Fixture::empty_dir();
    f.write("note.txt", "hello\n");
    let plain = text(&f, &["note.txt"], b"");
    assert!(!plain.contains('\x1b'));
    let coloured = text(&f, &["note.txt", "--color=always"], b"");
    assert!(coloured.contains("\x1b["));
    let never = text(&f, &["note.txt", "--color=never"], b"");
    assert_eq!(never, plain);
}
