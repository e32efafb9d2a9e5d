//! The library's `repack` and `prune_packed`: every object survives with the same bytes, git
//! accepts the result, `.keep` packs stay, and readers that opened the store before (in this
//! process, through another `Odb`) never miss an object while a repack — gitstore's or git's —
//! runs beside them.

mod common;

use common::Fixture;
use gitstore::odb::Odb;
use gitstore::repack::{prune_packed, repack, RepackOptions};
use gitstore::{Kind, ObjectId};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// git's `cat-file --batch` of every object: ids, kinds, sizes and bytes.
fn every_object_through_git(f: &Fixture) -> Vec<u8> {
    f.git(&["cat-file", "--batch-all-objects", "--batch"])
}

fn pack_files(f: &Fixture, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .collect();
    v.sort();
    v
}

fn loose_count(objects: &Path) -> usize {
    let mut n = 0;
    gitstore::loose::LooseStore::new(objects)
        .for_each_file(|id, _| {
            n += usize::from(id.is_some());
            Ok::<_, gitstore::loose::Error>(())
        })
        .unwrap();
    n
}

fn assert_git_accepts(f: &Fixture) {
    f.git(&["fsck", "--strict", "--no-dangling"]);
    for idx in pack_files(f, ".idx") {
        f.git(&[
            "verify-pack",
            "-v",
            &format!("{}/objects/pack/{idx}", f.git_dir().display()),
        ]);
    }
}

fn open_odb(f: &Fixture) -> Odb {
    Odb::open(f.git_dir().join("objects")).unwrap()
}

fn open_repo(f: &Fixture) -> gitstore::Repository {
    common::library::open(f)
}

#[test]
fn repack_all_delete_keeps_every_object_with_the_same_bytes() {
    let f = common::history_repo();
    let objects = f.git_dir().join("objects");
    assert!(loose_count(&objects) > 0 && !pack_files(&f, ".pack").is_empty());
    let before = every_object_through_git(&f);

    let done = repack(&open_repo(&f), &RepackOptions::all_delete()).unwrap();

    let written = done.written.expect("a pack");
    assert_eq!(
        pack_files(&f, ".pack"),
        [written.pack_path.file_name().unwrap().to_string_lossy()]
    );
    assert_eq!(loose_count(&objects), 0);
    assert!(!done.removed_packs.is_empty() && !done.pruned.is_empty());
    assert_eq!(every_object_through_git(&f), before);
    assert_git_accepts(&f);
}

#[test]
fn repack_without_all_packs_only_loose_objects_and_keeps_old_packs() {
    let f = common::history_repo();
    let objects = f.git_dir().join("objects");
    let old_packs = pack_files(&f, ".pack");
    let loose = loose_count(&objects);
    let before = every_object_through_git(&f);

    let options = RepackOptions {
        delete_redundant: true,
        ..RepackOptions::default()
    };
    let done = repack(&open_repo(&f), &options).unwrap();

    assert_eq!(done.written.unwrap().summary.entries.len(), loose);
    assert!(done.removed_packs.is_empty());
    assert_eq!(done.pruned.len(), loose);
    let now = pack_files(&f, ".pack");
    assert_eq!(now.len(), old_packs.len() + 1);
    assert!(old_packs.iter().all(|p| now.contains(p)));
    assert_eq!(loose_count(&objects), 0);
    assert_eq!(every_object_through_git(&f), before);
    assert_git_accepts(&f);
    // nothing loose left: nothing to pack
    assert!(repack(&open_repo(&f), &options).unwrap().written.is_none());
}

#[test]
fn kept_pack_is_neither_repacked_nor_deleted() {
    let f = common::history_repo();
    let kept = pack_files(&f, ".pack")[0].clone();
    let keep = f
        .git_dir()
        .join("objects/pack")
        .join(kept.replace(".pack", ".keep"));
    std::fs::write(&keep, b"").unwrap();
    let kept_ids = gitstore::pack::Pack::open(&keep.with_extension("idx"))
        .unwrap()
        .ids()
        .collect::<Vec<_>>();
    let before = every_object_through_git(&f);

    let done = repack(&open_repo(&f), &RepackOptions::all_delete()).unwrap();

    let written = done.written.unwrap();
    assert!(
        keep.exists()
            && keep.with_extension("pack").exists()
            && keep.with_extension("idx").exists()
    );
    let new = written
        .summary
        .entries
        .iter()
        .map(|e| e.id)
        .collect::<Vec<_>>();
    assert!(
        kept_ids.iter().all(|id| !new.contains(id)),
        "kept objects repacked"
    );
    assert_eq!(pack_files(&f, ".pack").len(), 2);
    assert_eq!(every_object_through_git(&f), before);
    assert_git_accepts(&f);
}

#[test]
fn prune_packed_removes_only_what_a_pack_holds() {
    let f = common::history_repo();
    let objects = f.git_dir().join("objects");
    let odb = open_odb(&f);
    let extra = odb.write(Kind::Blob, b"loose only\n").unwrap();
    f.git(&["update-ref", "refs/tags/extra", &extra.to_string()]);
    // packs the loose objects, `extra` too (a tag reaches it), removes none
    repack(&open_repo(&f), &RepackOptions::default()).unwrap();
    let odb = open_odb(&f);
    let only_loose = odb.write(Kind::Blob, b"written after the pack\n").unwrap();
    let loose = loose_count(&objects);

    let dry = prune_packed(&odb, true).unwrap();
    assert_eq!(dry.len(), loose - 1);
    assert_eq!(loose_count(&objects), loose);
    let removed = prune_packed(&odb, false).unwrap();
    assert_eq!(removed, dry);
    assert_eq!(loose_count(&objects), 1);
    assert!(odb.loose().unwrap().contains(&only_loose));
    assert!(!odb.loose().unwrap().contains(&extra));
    assert_eq!(odb.read(&extra).unwrap().data, b"loose only\n");
}

/// Reads every id in `ids` through `odb` until `stop`, failing on the first miss or error;
/// returns how many full passes it made.
fn read_until(odb: &Odb, ids: &[ObjectId], stop: &AtomicBool) -> usize {
    let mut buf = Vec::new();
    let mut passes = 0;
    loop {
        let last = stop.load(Ordering::SeqCst);
        for id in ids {
            match odb.try_read(id, &mut buf) {
                Ok(Some(_)) => {}
                other => panic!("reading {id} beside a repack: {other:?}"),
            }
            odb.read_header(id)
                .unwrap_or_else(|e| panic!("header of {id}: {e}"));
        }
        passes += 1;
        if last {
            return passes;
        }
    }
}

/// Runs `repack_round` several times (each after new loose objects were written) while a
/// thread reads every object through an odb opened before the first round.
fn readers_never_miss_beside(f: &Fixture, mut repack_round: impl FnMut(usize)) {
    let stale = open_odb(f);
    let writer = open_odb(f);
    let mut ids = stale.ids_sorted().unwrap();
    let objects = f.git_dir().join("objects");
    for round in 0..6 {
        for n in 0..20 {
            ids.push(
                writer
                    .write(Kind::Blob, format!("round {round} blob {n}\n").as_bytes())
                    .unwrap(),
            );
        }
        let stop = AtomicBool::new(false);
        let passes = std::thread::scope(|s| {
            let reader = s.spawn(|| read_until(&stale, &ids, &stop));
            // a reader opened mid-way, in the same process
            let fresh = s.spawn(|| read_until(&Odb::open(&objects).unwrap(), &ids, &stop));
            repack_round(round);
            stop.store(true, Ordering::SeqCst);
            (reader.join().unwrap(), fresh.join().unwrap())
        });
        assert!(passes.0 >= 1 && passes.1 >= 1);
    }
    assert_git_accepts(f);
}

#[test]
fn readers_never_miss_an_object_beside_gitstore_repack() {
    let f = common::history_repo();
    readers_never_miss_beside(&f, |round| {
        let options = if round % 2 == 0 {
            RepackOptions::all_delete()
        } else {
            RepackOptions {
                delete_redundant: true,
                ..RepackOptions::default()
            }
        };
        repack(&open_repo(&f), &options).unwrap();
    });
}

#[test]
fn readers_never_miss_an_object_beside_git_repack() {
    let f = common::history_repo();
    readers_never_miss_beside(&f, |round| {
        let args: &[&str] = if round % 2 == 0 {
            &["repack", "-a", "-d", "-q"]
        } else {
            &["repack", "-d", "-q"]
        };
        f.git(args);
    });
}

#[test]
fn an_odb_opened_before_a_repack_reads_every_object_after_it() {
    let f = common::history_repo();
    let before = open_odb(&f);
    let ids = before.ids_sorted().unwrap();
    f.git(&["repack", "-a", "-d", "-q"]);
    for id in &ids {
        before.read(id).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

#[test]
fn a_pack_installed_within_the_same_mtime_tick_as_the_scan_is_found() {
    let f = common::history_repo();
    let pack_dir = f.git_dir().join("objects/pack");
    // the directory changed in the tick the odb scans it…
    let scanned = std::time::SystemTime::now();
    let set_mtime = |t| {
        std::fs::File::open(&pack_dir)
            .unwrap()
            .set_modified(t)
            .unwrap()
    };
    set_mtime(scanned);
    let odb = open_odb(&f);
    let id = odb
        .write(Kind::Blob, b"packed by another process\n")
        .unwrap();
    f.git(&["update-ref", "refs/tags/packed", &id.to_string()]);
    let options = RepackOptions {
        delete_redundant: true,
        ..RepackOptions::default()
    };
    repack(&open_repo(&f), &options).unwrap(); // another odb: another process
                                               // …and again within that tick (a coarse clock): the modification time did not move
    set_mtime(scanned);
    assert!(!odb.loose().unwrap().contains(&id));
    assert_eq!(odb.read(&id).unwrap().data, b"packed by another process\n");
}

#[test]
fn unreachable_objects_stay_loose_or_go_with_their_old_pack_as_with_git() {
    let f = common::history_repo();
    let odb = open_odb(&f);
    let loose = odb.write(Kind::Blob, b"no ref reaches me\n").unwrap();
    let packed = odb.write(Kind::Blob, b"packed, unreachable\n").unwrap();
    let base = f.git_dir().join("objects/pack/pack");
    f.git_stdin(
        &["pack-objects", "-q", base.to_str().unwrap()],
        format!("{packed}\n").as_bytes(),
    );
    std::fs::remove_file(odb.loose().unwrap().path_of(&packed)).unwrap();

    repack(&open_repo(&f), &RepackOptions::all_delete()).unwrap();

    let objects = f.git_dir().join("objects");
    assert_eq!(loose_count(&objects), 1);
    assert_eq!(pack_files(&f, ".pack").len(), 1);
    assert!(open_odb(&f).loose().unwrap().contains(&loose));
    let out = f.git_output(&["cat-file", "-t", &packed.to_string()], b"");
    assert!(
        !out.status.success(),
        "the unreachable packed blob is dropped"
    );
}
