//! `gitstore pack-objects`: packs git accepts and reads back as the source repository, the pack
//! name printed as git prints it, files named and indexed as `git index-pack` would, git's
//! errors and exit codes for bad input, and a pack size within 10% of git's on the same
//! objects with the same window and depth.

mod common;

use common::{assert_identical, fixtures, longest_chain, Fixture};

/// `rev-list --objects --all` of `f`: the list `pack-objects` reads.
fn object_list(f: &Fixture) -> Vec<u8> {
    f.git(&["rev-list", "--objects", "--all"])
}

fn ids(list: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(list)
        .lines()
        .map(|l| l[..40].to_string())
        .collect()
}

/// Checks the pack at `pack` (relative to `f`) with git: `index-pack --strict` writes the same
/// `.idx` as `idx` (when given), `verify-pack -v` passes, and every listed object reads back
/// the same through a repository holding only the pack.
fn check_pack(f: &Fixture, pack: &str, idx: Option<&str>, list: &[u8]) {
    std::fs::copy(f.path.join(pack), f.path.join("check.pack")).unwrap();
    f.git(&["index-pack", "--strict", "-o", "check.idx", "check.pack"]);
    if let Some(idx) = idx {
        assert!(
            std::fs::read(f.path.join("check.idx")).unwrap()
                == std::fs::read(f.path.join(idx)).unwrap(),
            "{idx} differs from git index-pack's"
        );
    }
    f.git(&["verify-pack", "-v", "check.idx"]);
    f.git(&["init", "-q", "--bare", "only.git"]);
    let dest = f.path.join("only.git/objects/pack");
    std::fs::copy(f.path.join(pack), dest.join("pack-x.pack")).unwrap();
    std::fs::copy(f.path.join("check.idx"), dest.join("pack-x.idx")).unwrap();
    let stdin: String = ids(list).iter().map(|id| format!("{id}\n")).collect();
    let ours = f.git_stdin(
        &["--git-dir", "only.git", "cat-file", "--batch"],
        stdin.as_bytes(),
    );
    let theirs = f.git_stdin(&["cat-file", "--batch"], stdin.as_bytes());
    assert!(ours == theirs, "objects read back differ");
    std::fs::remove_dir_all(f.path.join("only.git")).unwrap();
}

#[test]
fn stdout_pack_passes_git_checks_and_reads_back_the_same() {
    for f in [fixtures::history_repo(), fixtures::history_graph()] {
        let list = object_list(&f);
        for extra in [&[][..], &["--delta-base-offset", "--no-reuse-delta"][..]] {
            let mut args = vec!["pack-objects", "--stdout"];
            args.extend_from_slice(extra);
            let out = f.gitstore_output(&args, &list);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // not a terminal and no --progress: nothing on stderr, as git
            assert!(out.stderr.is_empty());
            std::fs::write(f.path.join("out.pack"), &out.stdout).unwrap();
            check_pack(&f, "out.pack", None, &list);
        }
    }
}

#[test]
fn base_name_writes_pack_idx_and_rev_and_prints_the_name() {
    let f = fixtures::history_repo();
    let list = object_list(&f);
    std::fs::create_dir(f.path.join("sub")).unwrap();
    let out = f.gitstore_output(&["pack-objects", "--window=5", "sub/p"], &list);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = String::from_utf8(out.stdout).unwrap();
    assert_eq!(name.len(), 41);
    let name = name.trim_end();
    // the name is the pack's trailer
    let pack = std::fs::read(f.path.join(format!("sub/p-{name}.pack"))).unwrap();
    assert_eq!(hex::encode(&pack[pack.len() - 20..]), name);
    for ext in ["idx", "rev"] {
        assert!(f.path.join(format!("sub/p-{name}.{ext}")).is_file());
    }
    let leftovers: Vec<_> = std::fs::read_dir(f.path.join("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with("tmp_"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    check_pack(
        &f,
        &format!("sub/p-{name}.pack"),
        Some(&format!("sub/p-{name}.idx")),
        &list,
    );
}

#[test]
fn empty_list_gives_git_s_empty_pack() {
    let f = fixtures::history_repo();
    assert_identical(&f, &["pack-objects", "--stdout"], b"");
}

#[test]
fn bad_input_and_usage_are_refused_as_git_refuses_them() {
    let f = fixtures::history_repo();
    assert_identical(&f, &["pack-objects", "--stdout"], b"garbage\n");
    assert_identical(&f, &["pack-objects", "--stdout"], b"-nope\n");
    assert_identical(
        &f,
        &["pack-objects", "--stdout"],
        b"0123456789012345678901234567890123456789\n",
    );
    assert_identical(&f, &["pack-objects"], b"");
    assert_identical(&f, &["pack-objects", "--stdout", "base"], b"");
    assert_identical(&f, &["pack-objects", "--stdout", "--index-version=3"], b"");
    assert_identical(
        &f,
        &["pack-objects", "--stdout", "--index-version=2,x"],
        b"",
    );
}

#[test]
fn progress_shows_git_s_phases_and_total() {
    let f = fixtures::history_repo();
    let list = object_list(&f);
    let n = ids(&list).len();
    let out = f.gitstore_output(&["pack-objects", "--progress", "--threads=1", "p"], &list);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let done: Vec<&str> = err
        .split(['\r', '\n'])
        .filter(|l| l.ends_with("done.") || l.starts_with("Total"))
        .collect();
    assert_eq!(done[0], format!("Enumerating objects: {n}, done."));
    assert_eq!(done[1], format!("Counting objects: 100% ({n}/{n}), done."));
    assert!(done[2].starts_with("Compressing objects: 100% ("), "{err}");
    assert_eq!(done[3], format!("Writing objects: 100% ({n}/{n}), done."));
    assert!(done[4].starts_with(&format!("Total {n} (delta ")), "{err}");
    // the last of -q and --progress wins, as in git
    let quiet = f.gitstore_output(&["pack-objects", "--progress", "-q", "--stdout"], &list);
    assert!(quiet.stderr.is_empty());
}

/// The same objects, window and depth, deltas searched anew by both: gitstore's pack is no
/// more than 10% bigger than git's.
#[test]
fn pack_size_is_close_to_git_s() {
    for f in [fixtures::history_repo(), fixtures::history_graph()] {
        let list = object_list(&f);
        let args = [
            "pack-objects",
            "--stdout",
            "--no-reuse-delta",
            "--window=10",
            "--depth=50",
            "--delta-base-offset",
        ];
        let git = f.git_stdin(&args, &list);
        let ours = f.gitstore_output(&args, &list);
        assert!(ours.status.success());
        assert!(
            ours.stdout.len() * 10 <= git.len() * 11,
            "ours {} bytes, git's {}",
            ours.stdout.len(),
            git.len()
        );
    }
}

/// git's fixture packs have chains up to 50 deep; `--depth=3` cuts the reused ones and bounds
/// the new ones, and `--window=1` (or 0) makes no new delta at all.
#[test]
fn depth_bounds_reused_and_new_chains_and_window_one_makes_no_delta() {
    let f = fixtures::history_repo();
    let list = object_list(&f);
    let git_idx = common::idx_files(&f.git_dir().join("objects/pack"));
    let deepest_before = git_idx
        .iter()
        .map(|p| longest_chain(&f, &f.rel(p)))
        .max()
        .unwrap();
    assert!(deepest_before > 3, "the fixture has deep chains to cut");
    for (args, most) in [
        (&["--depth=3"][..], 3),
        (&["--depth=3", "--no-reuse-delta"], 3),
        (&["--window=1", "--no-reuse-delta"], 0),
    ] {
        let mut full = vec!["pack-objects", "d"];
        full.extend_from_slice(args);
        let name = f.gitstore_output(&full, &list);
        assert!(name.status.success());
        let name = String::from_utf8(name.stdout).unwrap();
        let idx = format!("d-{}.idx", name.trim_end());
        assert!(longest_chain(&f, &idx) <= most, "{args:?}");
        check_pack(&f, &idx.replace(".idx", ".pack"), Some(&idx), &list);
    }
}
