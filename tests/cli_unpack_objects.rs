//! `gitstore unpack-objects` against `git unpack-objects`: every object of a pack written loose
//! and read back through git unchanged (REF_DELTA and OFS_DELTA packs, a REF_DELTA whose base
//! comes later), `-n` writing nothing, objects already present skipped, `--strict`, and damaged
//! packs refused with git's words and exit codes, leaving no loose object behind.

mod common;

use common::damaged_packs::{self, blob_id, pack, ref_delta, whole};
use common::fixtures::history_repo;
use common::Fixture;
use gitstore::Kind;

/// Every loose object file under `objects/`.
fn loose_files(f: &Fixture) -> Vec<String> {
    let mut out = Vec::new();
    let objects = f.git_dir().join("objects");
    for dir in std::fs::read_dir(&objects).unwrap() {
        let dir = dir.unwrap();
        let name = dir.file_name().to_string_lossy().into_owned();
        if name.len() != 2 {
            continue;
        }
        for file in std::fs::read_dir(dir.path()).unwrap() {
            out.push(format!(
                "{name}{}",
                file.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    out.sort();
    out
}

/// `git cat-file --batch` of every object `f` holds.
fn all_objects(f: &Fixture) -> Vec<u8> {
    f.git(&["cat-file", "--batch-all-objects", "--batch"])
}

#[test]
fn unpacked_objects_read_back_through_git_equal_the_source() {
    let src = history_repo();
    let objects = src.git(&["rev-list", "--objects", "--all"]);
    for opts in [&[][..], &["--delta-base-offset"], &["--window=0"]] {
        let mut args = vec!["pack-objects", "-q", "--stdout"];
        args.extend_from_slice(opts);
        let pack = src.git_stdin(&args, &objects);
        let g = Fixture::new();
        let s = Fixture::new();
        let go = g.git_output(&["unpack-objects", "-q"], &pack);
        let so = s.gitstore_output(&["unpack-objects", "-q"], &pack);
        assert!(go.status.success());
        assert_eq!(
            (so.stdout, so.stderr, so.status.code()),
            (go.stdout, go.stderr, go.status.code()),
            "{opts:?}"
        );
        assert_eq!(loose_files(&s), loose_files(&g), "{opts:?}");
        assert_eq!(all_objects(&s), all_objects(&g), "{opts:?}");
        assert!(!loose_files(&s).is_empty());
    }
}

#[test]
fn ref_delta_whose_base_comes_later_waits_for_it() {
    let base = b"base content\n";
    let pack = pack(&[
        ref_delta(&blob_id(base), base.len(), b"derived\n"),
        whole(Kind::Blob, base),
    ]);
    let g = Fixture::new();
    let s = Fixture::new();
    let go = g.git_output(&["unpack-objects", "-q"], &pack);
    let so = s.gitstore_output(&["unpack-objects", "-q"], &pack);
    assert!(go.status.success());
    assert_eq!(so.status.code(), go.status.code());
    assert_eq!(loose_files(&s), loose_files(&g));
    assert_eq!(loose_files(&s).len(), 2);
    assert_eq!(all_objects(&s), all_objects(&g));
}

#[test]
fn dry_run_writes_nothing() {
    let src = history_repo();
    let objects = src.git(&["rev-list", "--objects", "--all"]);
    let pack = src.git_stdin(&["pack-objects", "-q", "--stdout"], &objects);
    let s = Fixture::new();
    let out = s.gitstore_output(&["unpack-objects", "-n", "-q"], &pack);
    assert!(out.status.success());
    assert!(loose_files(&s).is_empty());
}

#[test]
fn objects_already_present_are_left_alone() {
    let s = history_repo();
    let objects = s.git(&["rev-list", "--objects", "--all"]);
    let pack = s.git_stdin(&["pack-objects", "-q", "--stdout"], &objects);
    let before = loose_files(&s);
    let out = s.gitstore_output(&["unpack-objects", "-q"], &pack);
    assert!(out.status.success());
    assert_eq!(loose_files(&s), before);
}

#[test]
fn damaged_packs_are_refused_like_git_and_leave_no_loose_object() {
    for (name, pack) in damaged_packs::all() {
        let g = Fixture::new();
        let s = Fixture::new();
        let go = g.git_output(&["unpack-objects", "-q"], &pack);
        let so = s.gitstore_output(&["unpack-objects", "-q"], &pack);
        assert!(!go.status.success(), "{name}");
        assert_eq!(so.status.code(), go.status.code(), "{name}");
        // git words a zlib failure with zlib's own text first; the rest is the same
        let last = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(last(&so), last(&go), "{name}");
        assert_eq!(loose_files(&s), Vec::<String>::new(), "{name}: left behind");
    }
}

#[test]
fn strict_refuses_what_gits_fsck_refuses() {
    for (name, pack) in [
        ("null tree", damaged_packs::null_tree()),
        ("dangling tree", damaged_packs::dangling_tree()),
    ] {
        let g = Fixture::new();
        let s = Fixture::new();
        let go = g.git_output(&["unpack-objects", "-q", "--strict"], &pack);
        let so = s.gitstore_output(&["unpack-objects", "-q", "--strict"], &pack);
        assert_eq!(go.status.code(), Some(128), "{name}");
        assert_eq!(
            (String::from_utf8_lossy(&so.stderr), so.status.code()),
            (String::from_utf8_lossy(&go.stderr), go.status.code()),
            "{name}"
        );
        assert_eq!(loose_files(&s), Vec::<String>::new(), "{name}");
    }
}
