//! `--json` for `ls-tree`, `cat-file --batch-check`, `for-each-ref` and `verify-pack -v`: the
//! JSON parses, names its versioned schema, and holds the same data git prints as text for the
//! same repository.

mod common;

use common::Fixture;
use serde_json::Value;

fn json(f: &Fixture, args: &[&str]) -> Value {
    serde_json::from_slice(&f.gitstore(args)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn null_or_str(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

#[test]
fn ls_tree_json_holds_what_git_ls_tree_long_prints() {
    let f = Fixture::from_script("odd_paths");
    for extra in [&["-r"][..], &[], &["-r", "-t"], &["-d"]] {
        let mut args = vec!["ls-tree", "--json"];
        args.extend_from_slice(extra);
        args.push("HEAD");
        let v = json(&f, &args);
        assert_eq!(v["schema"], "gitstore.ls-tree/1");
        let mut git_args = vec!["ls-tree", "-l", "-z"];
        git_args.extend_from_slice(extra);
        git_args.push("HEAD");
        let text = f.git(&git_args);
        let lines: Vec<&[u8]> = text.split(|&b| b == 0).filter(|l| !l.is_empty()).collect();
        let entries = v["entries"].as_array().unwrap();
        assert_eq!(entries.len(), lines.len(), "{extra:?}");
        for (e, line) in entries.iter().zip(lines) {
            let tab = line.iter().position(|&b| b == b'\t').unwrap();
            let (meta, path) = (&line[..tab], &line[tab + 1..]);
            let meta = String::from_utf8(meta.to_vec()).unwrap();
            let fields: Vec<&str> = meta.split_whitespace().collect();
            assert_eq!(e["mode"], fields[0]);
            assert_eq!(e["type"], fields[1]);
            assert_eq!(e["id"], fields[2]);
            match fields[3] {
                "-" => assert!(e["size"].is_null()),
                n => assert_eq!(e["size"].as_u64().unwrap(), n.parse::<u64>().unwrap()),
            }
            assert_eq!(e["path_bytes"], hex(path));
            assert_eq!(e["path"], String::from_utf8_lossy(path).as_ref());
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn cat_file_batch_check_json_holds_what_git_prints() {
    let f = Fixture::from_script("delta_chain");
    let all = common::all_ids(&f);
    let mut input: Vec<String> = all.clone();
    input.extend(["HEAD", "HEAD:story.txt", "nosuch", "HEAD~3^{tree}"].map(String::from));
    let stdin = input.join("\n") + "\n";
    let out = f.gitstore_output(&["cat-file", "--batch-check", "--json"], stdin.as_bytes());
    assert!(out.status.success());
    let git = f.git_stdin(
        &[
            "cat-file",
            "--batch-check=%(objectname) %(objecttype) %(objectsize) %(objectsize:disk) %(deltabase)",
        ],
        stdin.as_bytes(),
    );
    let git = String::from_utf8(git).unwrap();
    let answers: Vec<Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(answers.len(), input.len());
    let mut deltas = 0;
    for ((a, line), name) in answers.iter().zip(git.lines()).zip(&input) {
        assert_eq!(a["schema"], "gitstore.cat-file/1");
        assert_eq!(a["input"], name.as_str());
        if line.ends_with(" missing") {
            assert_eq!(a["status"], "missing");
            assert!(a["id"].is_null() && a["type"].is_null() && a["size"].is_null());
            continue;
        }
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(a["status"], "found");
        assert_eq!(a["id"], fields[0]);
        assert_eq!(a["type"], fields[1]);
        assert_eq!(a["size"].as_u64().unwrap().to_string(), fields[2]);
        assert_eq!(a["size_on_disk"].as_u64().unwrap().to_string(), fields[3]);
        if fields[4].bytes().all(|b| b == b'0') {
            assert!(a["delta_base"].is_null());
        } else {
            deltas += 1;
            assert_eq!(a["delta_base"], fields[4]);
        }
    }
    assert!(deltas > 10, "the fixture's deltas are seen");
    // --batch-all-objects: every object, no input name
    let out = f.gitstore_output(
        &["cat-file", "--batch-check", "--json", "--batch-all-objects"],
        b"",
    );
    let lines: Vec<Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), all.len());
    assert!(lines.iter().all(|l| l["input"].is_null()));
}

#[test]
fn cat_file_json_needs_batch_check_without_format() {
    let f = Fixture::from_script("delta_chain");
    for args in [
        &["cat-file", "--json", "-t", "HEAD"][..],
        &["cat-file", "--batch", "--json"],
        &["cat-file", "--batch-check=%(objectname)", "--json"],
    ] {
        let out = f.gitstore_output(args, b"HEAD\n");
        assert_eq!(out.status.code(), Some(129), "{args:?}");
    }
}

#[test]
fn for_each_ref_json_holds_what_git_prints() {
    let f = Fixture::from_script("refs_loose_and_packed");
    f.git(&["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    let format =
        "%(refname)%00%(objectname)%00%(objecttype)%00%(objectsize)%00%(symref)%00%(*objectname)";
    for extra in [
        &[][..],
        &["--sort=-refname"],
        &["--count=2", "refs/tags"],
        &["--points-at=main"],
    ] {
        let mut args = vec!["for-each-ref", "--json"];
        args.extend_from_slice(extra);
        let v = json(&f, &args);
        assert_eq!(v["schema"], "gitstore.for-each-ref/1");
        let fmt = format!("--format={format}");
        let mut git_args = vec!["for-each-ref", fmt.as_str()];
        git_args.extend_from_slice(extra);
        let text = f.git_str(&git_args);
        let refs = v["refs"].as_array().unwrap();
        assert_eq!(refs.len(), text.lines().count(), "{extra:?}");
        for (r, line) in refs.iter().zip(text.lines()) {
            let fields: Vec<&str> = line.split('\0').collect();
            assert_eq!(r["name"], fields[0]);
            assert_eq!(r["id"], fields[1]);
            assert_eq!(r["type"], fields[2]);
            assert_eq!(r["size"].as_u64().unwrap().to_string(), fields[3]);
            assert_eq!(null_or_str(&r["symref"]), fields[4]);
            assert_eq!(null_or_str(&r["peeled"]), fields[5]);
        }
    }
    let v = json(&f, &["for-each-ref", "--json"]);
    let refs = v["refs"].as_array().unwrap();
    assert!(refs.iter().any(|r| !r["symref"].is_null()));
    assert!(refs.iter().any(|r| !r["peeled"].is_null()));
}

#[test]
fn verify_pack_json_holds_what_git_verify_pack_v_prints() {
    let f = Fixture::from_script("delta_chain");
    let idx = common::idx_files(&f.git_dir().join("objects/pack"));
    let idx: Vec<String> = idx.iter().map(|p| p.display().to_string()).collect();
    let idx: Vec<&str> = idx.iter().map(String::as_str).collect();
    let mut args = vec!["verify-pack", "-v", "--json"];
    args.extend(&idx);
    let v = json(&f, &args);
    assert_eq!(v["schema"], "gitstore.verify-pack/1");
    let mut git_args = vec!["verify-pack", "-v"];
    git_args.extend(&idx);
    let text = f.git_str(&git_args);
    let packs = v["packs"].as_array().unwrap();
    assert_eq!(packs.len(), idx.len());
    let mut lines = text.lines();
    for p in packs {
        assert_eq!(p["ok"], true);
        let objects = p["objects"].as_array().unwrap();
        for o in objects {
            let line = lines.next().unwrap();
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(o["id"], fields[0]);
            assert_eq!(o["type"], fields[1]);
            assert_eq!(o["size"].as_u64().unwrap().to_string(), fields[2]);
            assert_eq!(o["size_in_pack"].as_u64().unwrap().to_string(), fields[3]);
            assert_eq!(o["offset"].as_u64().unwrap().to_string(), fields[4]);
            if fields.len() > 5 {
                assert_eq!(o["depth"].as_u64().unwrap().to_string(), fields[5]);
                assert_eq!(o["base"], fields[6]);
            } else {
                assert_eq!(o["depth"], 0);
                assert!(o["base"].is_null());
            }
        }
        let h = &p["histogram"];
        let non_delta = h["non_delta"].as_u64().unwrap();
        if non_delta > 0 {
            let line = lines.next().unwrap();
            assert_eq!(
                line,
                format!("non delta: {non_delta} object{}", s(non_delta))
            );
        }
        for c in h["chains"].as_array().unwrap() {
            let (len, n) = (
                c["length"].as_u64().unwrap(),
                c["objects"].as_u64().unwrap(),
            );
            let line = lines.next().unwrap();
            assert_eq!(line, format!("chain length = {len}: {n} object{}", s(n)));
        }
        let verdict = lines.next().unwrap();
        assert!(verdict.ends_with(": ok"), "{verdict}");
        assert_eq!(
            p["pack"].as_str().unwrap(),
            verdict.strip_suffix(": ok").unwrap()
        );
    }
    assert!(lines.next().is_none());
}

fn s(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Every answer of one command, validated against its committed schema under `docs/`.
fn assert_valid(schema: &str, v: &Value, what: &str) {
    let errors = common::json_schema::Schema::load(schema).errors(v);
    assert!(
        errors.is_empty(),
        "{what} breaks docs/{schema}:\n{}",
        errors.join("\n")
    );
}

#[test]
fn every_json_view_validates_against_its_committed_schema() {
    let odd = Fixture::from_script("odd_paths");
    for extra in [&["-r"][..], &[], &["-r", "-t"], &["-d"]] {
        let args = [&["ls-tree", "--json"][..], extra, &["HEAD"]].concat();
        assert_valid(
            "ls-tree.schema.json",
            &json(&odd, &args),
            &format!("{args:?}"),
        );
    }
    let deltas = Fixture::from_script("delta_chain");
    let mut names = common::all_ids(&deltas);
    names.extend(["HEAD".into(), "nope".into(), "0000".into(), "".into()]);
    let out = deltas.gitstore_output(
        &["cat-file", "--batch-check", "--json"],
        (names.join("\n") + "\n").as_bytes(),
    );
    let mut statuses = std::collections::BTreeSet::new();
    for line in out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: Value = serde_json::from_slice(line).unwrap();
        assert_valid("cat-file.schema.json", &v, "cat-file --batch-check --json");
        statuses.insert(v["status"].as_str().unwrap().to_string());
    }
    assert!(
        statuses.contains("found") && statuses.contains("missing"),
        "{statuses:?}"
    );
    let all = deltas.gitstore(&["cat-file", "--batch-check", "--json", "--batch-all-objects"]);
    for line in all.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: Value = serde_json::from_slice(line).unwrap();
        assert_valid("cat-file.schema.json", &v, "--batch-all-objects");
    }
    let pack = deltas.rel(&deltas.pack_file()).replace(".pack", ".idx");
    let v = json(&deltas, &["verify-pack", "-v", "--json", &pack]);
    assert!(!v["packs"][0]["histogram"]["chains"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_valid("verify-pack.schema.json", &v, "verify-pack -v --json");
    let v = json(&deltas, &["count-objects", "--json"]);
    assert_valid("count-objects.schema.json", &v, "count-objects --json");
    let refs = Fixture::from_script("refs_loose_and_packed");
    let v = json(&refs, &["for-each-ref", "--json"]);
    assert_valid("for-each-ref.schema.json", &v, "for-each-ref --json");
    let v = json(&deltas, &["for-each-ref", "--json"]);
    assert_valid("for-each-ref.schema.json", &v, "for-each-ref --json");
}
