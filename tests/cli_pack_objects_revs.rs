//! `gitstore pack-objects --revs` / `--all`: the pack holds exactly the objects git's
//! `pack-objects` packs for the same revisions (the object set of `rev-list --objects`), git
//! accepts it, and a `--thin` pack is completed by `git index-pack --fix-thin` in a repository
//! that has the edge commits.

mod common;

use common::{fixtures, Fixture};
use std::collections::BTreeSet;

/// The ids in the pack at `pack` (relative to `f`), read by git: `index-pack --strict` must
/// accept it (and with `fix_thin`, complete it from the repository).
fn ids_in_pack(f: &Fixture, pack: &str, name: &str) -> BTreeSet<String> {
    f.git(&["index-pack", "--strict", "-o", &format!("{name}.idx"), pack]);
    let idx = std::fs::read(f.path.join(format!("{name}.idx"))).unwrap();
    let shown = f.git_stdin(&["show-index"], &idx);
    String::from_utf8(shown)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap().to_string())
        .collect()
}

fn pack_with(f: &Fixture, tool_is_git: bool, args: &[&str], stdin: &[u8], name: &str) -> String {
    let mut all = vec!["pack-objects", "--stdout", "-q"];
    all.extend_from_slice(args);
    let out = if tool_is_git {
        f.git_output(&all, stdin)
    } else {
        f.gitstore_output(&all, stdin)
    };
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        if tool_is_git { "git" } else { "gitstore" },
        String::from_utf8_lossy(&out.stderr)
    );
    let file = format!("{name}.pack");
    std::fs::write(f.path.join(&file), &out.stdout).unwrap();
    file
}

fn same_objects_as_git(f: &Fixture, args: &[&str], stdin: &[u8]) {
    let ours = pack_with(f, false, args, stdin, "ours");
    let theirs = pack_with(f, true, args, stdin, "theirs");
    let ours = ids_in_pack(f, &ours, "ours");
    let theirs = ids_in_pack(f, &theirs, "theirs");
    assert!(!ours.is_empty());
    assert!(ours == theirs, "{args:?} {stdin:?}: object sets differ");
}

#[test]
fn all_packs_every_reachable_object_as_git_does() {
    for f in [fixtures::history_graph(), fixtures::history_repo()] {
        same_objects_as_git(&f, &["--all"], b"");
        same_objects_as_git(&f, &["--revs", "--all"], b"");
    }
}

#[test]
fn revs_read_from_stdin_with_hidden_tips_pack_what_git_packs() {
    let f = fixtures::history_graph();
    for stdin in [
        &b"HEAD\n"[..],
        b"HEAD\n^HEAD~3\n",
        b"main\n--not\nside\n",
        b"v0.2\n^v0.1\n",
        b"side\nt1\nt2\n^v0.1\n",
        b"HEAD\nlonely\n--not\nother\n",
    ] {
        same_objects_as_git(&f, &["--revs"], stdin);
    }
}

#[test]
fn a_thin_pack_is_completed_by_git_from_the_edge_commits() {
    let f = fixtures::history_graph();
    let pack = pack_with(&f, false, &["--revs", "--thin"], b"HEAD\n^HEAD~4\n", "thin");
    let bytes = std::fs::read(f.path.join(&pack)).unwrap();
    let out = f.git_output(&["index-pack", "--stdin", "--fix-thin", "--strict"], &bytes);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let full = pack_with(&f, false, &["--revs"], b"HEAD\n^HEAD~4\n", "full");
    assert!(std::fs::metadata(f.path.join(&full)).unwrap().len() >= bytes.len() as u64);
    f.git(&["fsck", "--strict"]);
}

#[test]
fn a_bad_revision_on_stdin_is_fatal() {
    let f = fixtures::history_graph();
    let out = f.gitstore_output(&["pack-objects", "--revs", "--stdout"], b"no-such-thing\n");
    assert_eq!(out.status.code(), Some(128));
}
