//! `gitstore repack` against `git repack`, each on its own copy of the same repository: the same
//! output and exit code, the same number of packs and loose objects afterwards, the same
//! objects with the same bytes, and packs git accepts; and a `cat-file --batch` process that
//! reads every object while repacks run beside it never misses one.

mod common;

use common::{all_ids, Fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;

fn pack_count(f: &Fixture) -> usize {
    common::idx_files(&f.git_dir().join("objects/pack")).len()
}

fn loose_count(f: &Fixture) -> String {
    let counts = String::from_utf8(f.git(&["count-objects", "-v"])).unwrap();
    counts.lines().next().unwrap().to_string() // "count: N"
}

/// `objects/info/packs`, checked to name exactly the packs there, with the names blanked (git's
/// packs and gitstore's differ: not the same deltas).
fn info_packs(f: &Fixture) -> Option<String> {
    let text = std::fs::read_to_string(f.git_dir().join("objects/info/packs")).ok()?;
    let mut named: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("P "))
        .map(|n| {
            f.git_dir()
                .join("objects/pack")
                .join(n)
                .with_extension("idx")
                .display()
                .to_string()
        })
        .collect();
    named.sort();
    let present: Vec<String> = common::idx_files(&f.git_dir().join("objects/pack"))
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(named, present, "objects/info/packs names the packs there");
    Some(
        text.lines()
            .map(|l| if l.is_empty() { "\n" } else { "P pack\n" })
            .collect(),
    )
}

fn sorted_ids(f: &Fixture) -> Vec<String> {
    let mut ids = all_ids(f);
    ids.sort();
    ids
}

/// Runs `args` through git in one copy of `make()` and through gitstore in another and
/// compares everything a user sees.
fn assert_repack_like_git(make: impl Fn() -> Fixture, args: &[&str]) -> Fixture {
    let (g, s) = (make(), make());
    let before = g.git(&["cat-file", "--batch-all-objects", "--batch"]);
    let go = g.git_output(args, b"");
    let so = s.gitstore_output(args, b"");
    assert_eq!(so.status.code(), go.status.code(), "{args:?}: {so:?}");
    assert_eq!(
        String::from_utf8_lossy(&so.stdout),
        String::from_utf8_lossy(&go.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&so.stderr),
        String::from_utf8_lossy(&go.stderr)
    );
    assert_eq!(pack_count(&s), pack_count(&g), "{args:?}: packs");
    assert_eq!(loose_count(&s), loose_count(&g), "{args:?}: loose objects");
    assert_eq!(sorted_ids(&s), sorted_ids(&g), "{args:?}: objects");
    assert_eq!(
        s.git(&["cat-file", "--batch-all-objects", "--batch"]),
        before
    );
    assert_eq!(
        info_packs(&s),
        info_packs(&g),
        "{args:?}: objects/info/packs"
    );
    s.git(&["fsck", "--strict", "--no-dangling"]);
    for idx in common::idx_files(&s.git_dir().join("objects/pack")) {
        s.git(&["verify-pack", "-v", idx.to_str().unwrap()]);
    }
    s
}

#[test]
fn repack_all_delete_matches_git() {
    let s = assert_repack_like_git(common::history_repo, &["repack", "-a", "-d"]);
    // the fixture's `git gc` wrote it; repack keeps it naming the packs there
    assert!(info_packs(&s).is_some());
}

#[test]
fn repack_all_delete_quiet_without_reuse_matches_git() {
    assert_repack_like_git(
        common::history_repo,
        &["repack", "-a", "-d", "-f", "-q", "--window=5", "--depth=20"],
    );
}

#[test]
fn repack_delete_alone_packs_loose_objects_like_git() {
    assert_repack_like_git(common::history_repo, &["repack", "-d"]);
}

#[test]
fn repack_without_delete_keeps_loose_objects_like_git() {
    assert_repack_like_git(common::history_repo, &["repack"]);
}

#[test]
fn repack_of_a_repository_already_packed_matches_git() {
    let packed = || {
        let f = common::history_repo();
        f.git(&["repack", "-a", "-d", "-q"]);
        f
    };
    assert_repack_like_git(packed, &["repack", "-d"]); // "Nothing new to pack."
    assert_repack_like_git(packed, &["repack", "-d", "-q"]);
    assert_repack_like_git(packed, &["repack", "-a", "-d"]);
}

#[test]
fn repack_keeps_a_kept_pack_like_git() {
    let kept = || {
        let f = common::history_repo();
        let idx = &common::idx_files(&f.git_dir().join("objects/pack"))[0];
        std::fs::write(idx.with_extension("keep"), b"").unwrap();
        f
    };
    assert_repack_like_git(kept, &["repack", "-a", "-d"]);
}

#[test]
fn repack_unknown_switch_is_a_usage_error() {
    let f = common::history_repo();
    let out = f.gitstore_output(&["repack", "-x"], b"");
    assert_eq!(
        out.status.code(),
        f.git_output(&["repack", "-x"], b"").status.code()
    );
}

/// A `gitstore cat-file --batch` process started before the first repack reads every object
/// again and again while `tool` repacks beside it, with new loose objects before each round.
fn batch_reader_never_misses_beside(tool: &str) {
    let f = common::history_repo();
    let ids = all_ids(&f);
    let mut cmd = f.gitstore_command(&["cat-file", "--batch-check"]);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut ask = |line: &mut String, id: &str| {
        writeln!(stdin, "{id}").unwrap();
        stdin.flush().unwrap();
        line.clear();
        stdout.read_line(line).unwrap();
        assert!(!line.contains("missing"), "{tool}: {line}");
        assert!(line.starts_with(id), "{tool}: {line}");
    };
    for round in 0..6 {
        f.git_stdin(
            &["hash-object", "-w", "--stdin"],
            format!("{tool} round {round}\n").as_bytes(),
        );
        let mut repack = if tool == "git" {
            f.git_command(&["repack", "-a", "-d", "-q"])
        } else {
            f.gitstore_command(&["repack", "-a", "-d", "-q"])
        };
        let mut running = repack.stdout(Stdio::null()).spawn().unwrap();
        let mut passes = 0;
        loop {
            let done = running.try_wait().unwrap();
            for id in &ids {
                ask(&mut line, id);
            }
            passes += 1;
            if let Some(status) = done {
                assert!(status.success(), "{tool} repack failed");
                break;
            }
        }
        assert!(passes >= 1);
    }
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn batch_reader_never_misses_an_object_beside_gitstore_repack() {
    batch_reader_never_misses_beside("gitstore");
}

#[test]
fn batch_reader_never_misses_an_object_beside_git_repack() {
    batch_reader_never_misses_beside("git");
}
