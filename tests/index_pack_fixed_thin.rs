//! A thin pack that git completed itself (`git index-pack --stdin --fix-thin`), indexed again by
//! `gitstore index-pack`: the `.idx` and `.rev` are byte-identical to the ones git wrote for it,
//! in both index versions. (gitstore's own `--fix-thin` appends bases that zlib-rs compressed,
//! so its completed pack differs from git's; see `complete_thin` in `src/receive/index_pack.rs`.)

mod common;

use common::Fixture;
use std::path::PathBuf;

/// git's completed pack, and the `.idx`/`.rev` git wrote for it.
fn pack_git_fixed() -> (Fixture, PathBuf) {
    let src = common::history_repo();
    let thin = src.git_stdin(
        &["pack-objects", "-q", "--thin", "--revs", "--stdout"],
        b"main\n^main~6\nsigned\n^main~2\n",
    );
    let g = common::history_repo();
    let out = g.git_stdin(&["index-pack", "--stdin", "--fix-thin"], &thin);
    let name = String::from_utf8(out).unwrap();
    let hash = name.trim_end().strip_prefix("pack\t").unwrap().to_string();
    let pack = g.git_dir().join(format!("objects/pack/pack-{hash}.pack"));
    // completed: more objects than the thin pack announced
    let bytes = std::fs::read(&pack).unwrap();
    assert!(bytes[8..12] > thin[8..12], "git appended bases");
    (g, pack)
}

#[test]
fn index_of_a_pack_git_completed_is_byte_identical_to_gits() {
    let (_g, pack) = pack_git_fixed();
    let s = Fixture::empty_dir();
    let copy = s.path.join("fixed.pack");
    std::fs::copy(&pack, &copy).unwrap();
    let out = s.gitstore_output(&["index-pack", "fixed.pack"], b"");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read(copy.with_extension("idx")).unwrap(),
        std::fs::read(pack.with_extension("idx")).unwrap(),
        ".idx"
    );
    assert_eq!(
        std::fs::read(copy.with_extension("rev")).unwrap(),
        std::fs::read(pack.with_extension("rev")).unwrap(),
        ".rev"
    );
}

#[test]
fn index_v1_of_a_pack_git_completed_is_byte_identical_to_gits() {
    let (_g, pack) = pack_git_fixed();
    let s = Fixture::empty_dir();
    std::fs::copy(&pack, s.path.join("fixed.pack")).unwrap();
    let args = [
        "index-pack",
        "--index-version=1",
        "-o",
        "ours.idx",
        "fixed.pack",
    ];
    let out = s.gitstore_output(&args, b"");
    assert!(out.status.success(), "{out:?}");
    let theirs = [
        "index-pack",
        "--index-version=1",
        "-o",
        "theirs.idx",
        "fixed.pack",
    ];
    s.git(&theirs);
    assert_eq!(
        std::fs::read(s.path.join("ours.idx")).unwrap(),
        std::fs::read(s.path.join("theirs.idx")).unwrap()
    );
}

#[test]
fn pack_git_completed_read_from_stdin_is_stored_byte_identical() {
    let (g, pack) = pack_git_fixed();
    let bytes = std::fs::read(&pack).unwrap();
    let s = Fixture::bare();
    let out = s.gitstore_output(&["index-pack", "--stdin"], &bytes);
    assert!(out.status.success(), "{out:?}");
    let name = String::from_utf8(out.stdout).unwrap();
    let stored = s.git_dir().join(format!(
        "objects/pack/pack-{}",
        name.trim_end().strip_prefix("pack\t").unwrap()
    ));
    for ext in ["pack", "idx", "rev"] {
        assert_eq!(
            std::fs::read(stored.with_extension(ext)).unwrap(),
            std::fs::read(pack.with_extension(ext)).unwrap(),
            ".{ext}"
        );
    }
    drop(g);
}
