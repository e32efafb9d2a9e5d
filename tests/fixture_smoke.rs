//! The fixture scripts build: `history_repo` comes out whole and passes `git fsck`.
mod common;

#[test]
fn history_repo_builds_and_fscks() {
    let f = common::history_repo();
    f.git(&["fsck", "--strict"]);
    let packs = std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .count();
    assert!(packs >= 2);
}
