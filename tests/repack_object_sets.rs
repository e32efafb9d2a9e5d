//! Which objects `gitstore repack` packs, against `git repack` on copies of one repository that
//! has objects reachable from refs, from reflogs only and from the index only, unreachable
//! objects loose and packed, and a `.keep` pack: afterwards the same objects loose, the same
//! objects in each pack, the same `.keep` packs, and the same words.

mod common;

use common::Fixture;
use std::collections::BTreeSet;

fn fixture() -> Fixture {
    Fixture::from_script("repack_unreachable")
}

/// The loose objects, and each pack's objects (the packs sorted by content, as names differ),
/// with whether the pack is kept.
fn object_sets(f: &Fixture) -> (BTreeSet<String>, Vec<(bool, Vec<String>)>) {
    let objects = f.git_dir().join("objects");
    let mut loose = BTreeSet::new();
    for dir in std::fs::read_dir(&objects).unwrap() {
        let dir = dir.unwrap();
        let name = dir.file_name().to_string_lossy().into_owned();
        if name.len() != 2 {
            continue;
        }
        for file in std::fs::read_dir(dir.path()).unwrap() {
            loose.insert(format!(
                "{name}{}",
                file.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    let mut packs = Vec::new();
    for idx in common::idx_files(&objects.join("pack")) {
        let out = f.git_stdin(&["show-index"], &std::fs::read(&idx).unwrap());
        let mut ids: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| l.split(' ').nth(1).unwrap().to_string())
            .collect();
        ids.sort();
        packs.push((idx.with_extension("keep").exists(), ids));
    }
    packs.sort();
    (loose, packs)
}

fn assert_same_objects_as_git(args: &[&str]) -> (BTreeSet<String>, Vec<(bool, Vec<String>)>) {
    let (g, s) = (fixture(), fixture());
    let go = g.git_output(args, b"");
    let so = s.gitstore_output(args, b"");
    assert_eq!(so.status.code(), go.status.code(), "{args:?}: {so:?}");
    assert_eq!(
        String::from_utf8_lossy(&so.stdout),
        String::from_utf8_lossy(&go.stdout),
        "{args:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&so.stderr),
        String::from_utf8_lossy(&go.stderr),
        "{args:?}"
    );
    let sets = object_sets(&s);
    assert_eq!(sets, object_sets(&g), "{args:?}: loose and packed objects");
    s.git(&["fsck", "--strict", "--no-dangling"]);
    sets
}

#[test]
fn fixture_has_every_kind_of_object_repack_tells_apart() {
    let (loose, packs) = object_sets(&fixture());
    assert_eq!(packs.len(), 3);
    assert_eq!(packs.iter().filter(|p| p.0).count(), 1);
    assert!(loose.len() > 10);
}

#[test]
fn repack_all_delete_packs_what_git_packs() {
    let (loose, packs) = assert_same_objects_as_git(&["repack", "-a", "-d"]);
    // the kept pack and the new one; unreachable loose objects stay loose, packed ones go
    assert_eq!(packs.len(), 2);
    assert_eq!(loose.len(), 2); // the orphan blob and commit
}

#[test]
fn repack_all_delete_without_reuse_packs_what_git_packs() {
    assert_same_objects_as_git(&["repack", "-a", "-d", "-f", "-q", "--window=4", "--depth=3"]);
}

#[test]
fn repack_all_keeps_old_packs_like_git() {
    assert_same_objects_as_git(&["repack", "-a", "-q"]);
}

#[test]
fn repack_delete_packs_only_reachable_loose_objects_like_git() {
    let (loose, packs) = assert_same_objects_as_git(&["repack", "-d"]);
    assert_eq!(packs.len(), 4);
    assert_eq!(loose.len(), 2); // the orphan blob and commit
}

#[test]
fn repack_of_reachable_loose_objects_keeps_them_loose_too_like_git() {
    assert_same_objects_as_git(&["repack", "-q"]);
}

#[test]
fn repack_all_delete_keeps_what_only_a_linked_worktree_reaches_like_git() {
    let make = || {
        let f = fixture();
        f.git(&["worktree", "add", "-q", "--detach", "linked", "main~1"]);
        std::fs::write(
            f.path.join("linked/wt-only.txt"),
            "in the linked worktree\n",
        )
        .unwrap();
        f.git(&["-C", "linked", "add", "wt-only.txt"]);
        f.git(&[
            "-C",
            "linked",
            "commit",
            "-q",
            "-m",
            "detached, linked only",
        ]);
        std::fs::write(f.path.join("linked/wt-staged.txt"), "staged there\n").unwrap();
        f.git(&["-C", "linked", "add", "wt-staged.txt"]);
        f
    };
    let (g, s) = (make(), make());
    let args = ["repack", "-a", "-d", "-q"];
    g.git(&args);
    let out = s.gitstore_output(&args, b"");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(object_sets(&s), object_sets(&g));
}
