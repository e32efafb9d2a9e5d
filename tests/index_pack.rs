//! The library's `index-pack` and `unpack-objects`: typed errors for every damage, nothing left
//! behind, progress reported, ceilings from `Limits`, REF_DELTA bases later in the pack, and
//! the same index whatever the number of threads.

mod common;

use common::damaged_packs::{self, blob_id, pack, ref_delta, whole};
use common::fixtures::history_repo;
use common::Fixture;
use gitstore::pack::write_index::IndexWriteError;
use gitstore::pack::{PackError, PackErrorKind};
use gitstore::receive::{
    index_pack_file, index_pack_stream, unpack_objects, IndexPackOptions, Progress, StrictError,
    UnpackOptions,
};
use gitstore::{Error, Kind, Limits};
use std::sync::Mutex;

fn stream(
    pack: &[u8],
    options: &IndexPackOptions,
) -> (Fixture, gitstore::Result<gitstore::receive::IndexedPack>) {
    let f = Fixture::new();
    let repo = common::library::open(&f);
    let dir = repo.odb().objects_dir().join("pack");
    let r = index_pack_stream(&mut &pack[..], &dir, Some(repo.odb()), options, &|_| {});
    (f, r)
}

fn pack_kind(r: &gitstore::Result<gitstore::receive::IndexedPack>) -> PackErrorKind {
    match r {
        Err(Error::Pack(PackError { kind, .. })) => kind.clone(),
        other => panic!("expected a pack error, got {other:?}"),
    }
}

fn pack_dir_is_empty(f: &Fixture) -> bool {
    std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .next()
        .is_none()
}

#[test]
fn every_damage_has_its_typed_error_and_leaves_nothing() {
    let expected = |name: &str| match name {
        "truncated" => "EarlyEof",
        "bad trailer" | "fewer objects than it has" => "ChecksumMismatch",
        "more objects than it has" => "BadEntryType",
        "delta base missing" | "delta cycle" => "UnresolvedDeltas",
        "bad zlib" => "BadEntryData",
        "not a pack" => "BadMagic",
        other => panic!("no expectation for {other}"),
    };
    for (name, bytes) in damaged_packs::all() {
        let (f, r) = stream(&bytes, &IndexPackOptions::default());
        let kind = pack_kind(&r);
        assert!(
            format!("{kind:?}").starts_with(expected(name)),
            "{name}: {kind:?}"
        );
        assert!(pack_dir_is_empty(&f), "{name}: left behind");
    }
}

#[test]
fn a_cycle_counts_both_deltas_unresolved() {
    let bytes = damaged_packs::all()
        .into_iter()
        .find(|(n, _)| *n == "delta cycle")
        .unwrap()
        .1;
    let (_f, r) = stream(&bytes, &IndexPackOptions::default());
    assert_eq!(pack_kind(&r), PackErrorKind::UnresolvedDeltas { count: 2 });
}

#[test]
fn duplicates_are_refused_naming_the_object() {
    let (f, r) = stream(&damaged_packs::duplicate(), &IndexPackOptions::default());
    assert_eq!(
        pack_kind(&r),
        PackErrorKind::IndexWrite(IndexWriteError::Duplicate(
            "ce013625030ba8dba906f756967f9e9ca394464a".parse().unwrap()
        ))
    );
    assert!(pack_dir_is_empty(&f));
}

#[test]
fn strict_errors_name_the_object_and_the_problem() {
    let options = IndexPackOptions {
        strict: Some(gitstore::fsck::Options::strict()),
        ..IndexPackOptions::default()
    };
    let (f, r) = stream(&damaged_packs::null_tree(), &options);
    match r {
        Err(Error::Strict(StrictError::Fsck { problems, .. })) => {
            assert_eq!(problems[0].id.name(), "nullSha1")
        }
        other => panic!("{other:?}"),
    }
    assert!(pack_dir_is_empty(&f));
    let (f, r) = stream(&damaged_packs::dangling_tree(), &options);
    assert!(matches!(
        r,
        Err(Error::Strict(StrictError::MissingLink { .. }))
    ));
    assert!(pack_dir_is_empty(&f));
}

#[test]
fn an_object_over_the_size_limit_is_refused_before_it_is_inflated() {
    let options = IndexPackOptions {
        limits: Limits {
            max_object_size: 3,
            ..Limits::default()
        },
        ..IndexPackOptions::default()
    };
    let (f, r) = stream(&damaged_packs::good(), &options);
    assert!(
        matches!(
            r,
            Err(Error::LimitExceeded {
                what: "object size",
                ..
            })
        ),
        "{r:?}"
    );
    assert!(pack_dir_is_empty(&f));
}

#[test]
fn delta_chain_longer_than_the_limit_is_refused() {
    let src = history_repo();
    let objects = src.git(&["rev-list", "--objects", "--all"]);
    let bytes = src.git_stdin(&["pack-objects", "-q", "--stdout", "--depth=50"], &objects);
    let options = IndexPackOptions {
        limits: Limits {
            max_delta_chain: 2,
            ..Limits::default()
        },
        ..IndexPackOptions::default()
    };
    let (f, r) = stream(&bytes, &options);
    assert!(
        matches!(
            r,
            Err(Error::LimitExceeded {
                what: "delta chain length",
                ..
            })
        ),
        "{r:?}"
    );
    assert!(pack_dir_is_empty(&f));
}

#[test]
fn ref_delta_base_later_in_the_pack_is_resolved() {
    let base = b"base content\n";
    let bytes = pack(&[
        ref_delta(&blob_id(base), base.len(), b"derived\n"),
        whole(Kind::Blob, base),
    ]);
    let (f, r) = stream(&bytes, &IndexPackOptions::default());
    let done = r.unwrap();
    assert_eq!(done.objects, 2);
    let check = Fixture::empty_dir();
    check.write("c.pack", &bytes);
    check.git(&["index-pack", "c.pack"]);
    assert_eq!(
        std::fs::read(check.path.join("c.idx")).unwrap(),
        std::fs::read(&done.index).unwrap()
    );
    assert!(f
        .git_dir()
        .join("objects/pack")
        .join(format!("pack-{}.pack", done.name()))
        .exists());
}

#[test]
fn progress_reports_every_entry_and_every_delta() {
    let src = history_repo();
    let objects = src.git(&["rev-list", "--objects", "--all"]);
    let bytes = src.git_stdin(
        &["pack-objects", "-q", "--stdout", "--delta-base-offset"],
        &objects,
    );
    let f = Fixture::new();
    let repo = common::library::open(&f);
    let seen = Mutex::new(Vec::new());
    let done = index_pack_stream(
        &mut &bytes[..],
        &repo.odb().objects_dir().join("pack"),
        Some(repo.odb()),
        &IndexPackOptions::default(),
        &|p| seen.lock().unwrap().push(p),
    )
    .unwrap();
    let seen = seen.into_inner().unwrap();
    let total = done.objects as u32;
    assert!(seen.contains(&Progress::Receiving {
        done: total,
        total,
        bytes: bytes.len() as u64 - 20
    }));
    let last_resolving = seen
        .iter()
        .rev()
        .find(|p| matches!(p, Progress::Resolving { .. }))
        .unwrap();
    assert!(
        matches!(last_resolving, Progress::Resolving { done, total } if done == total && *total > 0)
    );
}

#[test]
fn the_index_does_not_depend_on_the_number_of_threads() {
    let src = history_repo();
    let objects = src.git(&["rev-list", "--objects", "--all"]);
    let bytes = src.git_stdin(&["pack-objects", "-q", "--stdout"], &objects);
    let f = Fixture::empty_dir();
    f.write("p.pack", &bytes);
    let mut indexes = Vec::new();
    for threads in [1, 2, 7] {
        let options = IndexPackOptions {
            threads,
            ..IndexPackOptions::default()
        };
        let idx = f.path.join(format!("p{threads}.idx"));
        index_pack_file(&f.path.join("p.pack"), &idx, None, &options, &|_| {}).unwrap();
        indexes.push(std::fs::read(&idx).unwrap());
    }
    assert!(indexes.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn unpack_reports_what_it_wrote_and_removes_it_on_failure() {
    let f = Fixture::new();
    let repo = common::library::open(&f);
    let good = damaged_packs::good();
    let done = unpack_objects(
        &mut &good[..],
        repo.odb(),
        &UnpackOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!((done.objects, done.written), (2, 2));
    let again = unpack_objects(
        &mut &good[..],
        repo.odb(),
        &UnpackOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!((again.objects, again.written), (2, 0));

    let g = Fixture::new();
    let repo = common::library::open(&g);
    let missing = pack(&[
        whole(Kind::Blob, b"kept?\n"),
        ref_delta(&[0x11; 20], 6, b"abc"),
    ]);
    let r = unpack_objects(
        &mut &missing[..],
        repo.odb(),
        &UnpackOptions::default(),
        &|_| {},
    );
    assert!(matches!(
        r,
        Err(Error::Pack(PackError {
            kind: PackErrorKind::UnresolvedDeltas { count: 1 },
            ..
        }))
    ));
    assert!(!repo
        .odb()
        .contains(&gitstore::hash::hash_object(Kind::Blob, b"kept?\n").unwrap())
        .unwrap());
}

#[test]
fn a_chain_of_duplicated_objects_is_refused_without_rebuilding_it_per_copy() {
    // every level twice: rebuilt under each copy of its base, 40 levels would be 2^40 deltas
    let mut entries = Vec::new();
    let mut previous = b"level 0\n".to_vec();
    entries.push(whole(Kind::Blob, &previous));
    entries.push(whole(Kind::Blob, &previous));
    for level in 1..40 {
        let next = format!("level {level:2}\n").into_bytes();
        for _ in 0..2 {
            entries.push(ref_delta(&blob_id(&previous), previous.len(), &next));
        }
        previous = next;
    }
    let (f, r) = stream(&pack(&entries), &IndexPackOptions::default());
    assert!(matches!(
        pack_kind(&r),
        PackErrorKind::IndexWrite(IndexWriteError::Duplicate(_))
    ));
    assert!(pack_dir_is_empty(&f));
}
