//! `count-objects --json`: the same figures as `git count-objects -v` (sizes in bytes where git
//! prints KiB), under schema `gitstore.count-objects/1`.

mod common;

use common::Fixture;

#[test]
fn json_counts_agree_with_git_count_objects_v() {
    let f = Fixture::from_script("delta_chain");
    std::fs::write(f.git_dir().join("objects/pack/stray"), b"junk").unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&f.gitstore(&["count-objects", "--json"])).unwrap();
    assert_eq!(v["schema"], "gitstore.count-objects/1");
    let git = f.git_str(&["count-objects", "-v"]);
    let field = |name: &str| -> u64 {
        git.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(v["count"].as_u64().unwrap(), field("count"));
    assert_eq!(v["size"].as_u64().unwrap() / 1024, field("size"));
    assert_eq!(v["in_pack"].as_u64().unwrap(), field("in-pack"));
    assert_eq!(v["packs"].as_u64().unwrap(), field("packs"));
    assert_eq!(v["size_pack"].as_u64().unwrap() / 1024, field("size-pack"));
    assert_eq!(
        v["prune_packable"].as_u64().unwrap(),
        field("prune-packable")
    );
    assert_eq!(v["garbage"].as_u64().unwrap(), field("garbage"));
    assert_eq!(v["garbage"].as_u64().unwrap(), 1);
    assert_eq!(
        v["size_garbage"].as_u64().unwrap() / 1024,
        field("size-garbage")
    );
    assert_eq!(v["garbage_paths"].as_array().unwrap().len(), 1);
    assert_eq!(v["alternates"].as_array().unwrap().len(), 0);
    assert!(v["count"].as_u64().unwrap() > 0);
}
