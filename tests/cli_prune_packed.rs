//! `gitstore prune-packed` against `git prune-packed`: the `rm -f` lines of `-n` from any
//! directory, the files left after a real run (empty fan-out directories removed), usage errors.

mod common;

use common::{assert_identical, assert_identical_in, Fixture};

/// The history repository with its loose objects packed but not removed.
fn packed_but_loose() -> Fixture {
    let f = common::history_repo();
    f.git(&["repack", "-q"]);
    f
}

fn loose_files(f: &Fixture) -> Vec<String> {
    let objects = f.git_dir().join("objects");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&objects).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.len() == 2 {
            out.push(format!("{name}/"));
            for file in std::fs::read_dir(entry.path()).unwrap() {
                out.push(format!(
                    "{name}/{}",
                    file.unwrap().file_name().to_string_lossy()
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn prune_packed_dry_run_prints_git_rm_lines() {
    let f = packed_but_loose();
    let out = assert_identical(&f, &["prune-packed", "-n"], b"");
    assert!(out.stdout.starts_with(b"rm -f .git/objects/"));
    assert_identical(&f, &["prune-packed", "--dry-run", "-q"], b"");
    assert_identical_in(&f, "src", &["prune-packed", "-n"]);
}

#[test]
fn prune_packed_dry_run_in_a_bare_repository_matches_git() {
    let f = packed_but_loose();
    let bare = Fixture::empty_dir();
    bare.git(&["clone", "-q", "--bare", f.path.to_str().unwrap(), "b.git"]);
    let out = assert_identical(&bare, &["--git-dir=b.git", "prune-packed", "-n"], b"");
    assert!(out.stdout.starts_with(b"rm -f b.git/objects/"));
    assert_identical_in(&bare, "b.git", &["prune-packed", "-n"]);
}

#[test]
fn prune_packed_leaves_the_same_files_as_git() {
    let (g, s) = (packed_but_loose(), packed_but_loose());
    // an object in no pack stays; an empty fan-out directory goes
    for f in [&g, &s] {
        f.git_stdin(&["hash-object", "-w", "--stdin"], b"in no pack\n");
        std::fs::create_dir_all(f.git_dir().join("objects/00")).unwrap();
    }
    let before = loose_files(&s);
    let go = g.git_output(&["prune-packed"], b"");
    let so = s.gitstore_output(&["prune-packed"], b"");
    assert_eq!(
        (so.status.code(), &so.stdout, &so.stderr),
        (go.status.code(), &go.stdout, &go.stderr)
    );
    assert_eq!(loose_files(&s), loose_files(&g));
    assert_ne!(loose_files(&s), before);
    s.git(&["fsck", "--strict", "--no-dangling"]);
}

#[test]
fn prune_packed_with_an_argument_is_a_usage_error_like_git() {
    let f = packed_but_loose();
    assert_identical(&f, &["prune-packed", "extra"], b"");
}
