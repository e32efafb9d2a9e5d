//! Packed objects through the odb (and `cat-file` / `verify-pack` over them), against git: every
//! object of repositories with several packs written with different options plus loose objects,
//! REF_DELTA bases in another pack or loose, thin packs, packs appearing and vanishing under an
//! open odb, corrupt packs and indexes, `core.deltaBaseCacheLimit`, added stores and the memory
//! store, and reads from many threads.

mod common;

use common::pack_bytes::{entry_header, varint, zlib};
use common::{all_ids, idx_files};

use common::fixtures::small_packed;
use common::{assert_identical, Fixture};
use gitstore::hash::FileChecksum;
use gitstore::odb::{MemoryStore, ObjectStore, Odb};
use gitstore::{Kind, ObjectId, Repository};
use std::path::Path;
use std::sync::Arc;

fn assert_batches_same(f: &Fixture) {
    for args in [
        vec!["cat-file", "--batch-all-objects", "--batch-check"],
        vec![
            "cat-file",
            "--batch-all-objects",
            "--batch-check",
            "--unordered",
        ],
        vec!["cat-file", "--batch-all-objects", "--batch"],
        vec!["cat-file", "--batch-all-objects", "--batch", "--unordered"],
        vec![
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objecttype) %(objectname)",
        ],
        vec!["count-objects"],
        vec!["count-objects", "-v"],
        vec!["count-objects", "-vH"],
    ] {
        f.assert_same(&args, b"");
    }
}

fn assert_verify_pack_same(f: &Fixture) {
    let idxs = idx_files(&f.git_dir().join("objects/pack"));
    assert!(!idxs.is_empty());
    for idx in &idxs {
        let rel = f.rel(idx);
        for flag in ["-v", "-s"] {
            f.assert_same(&["verify-pack", flag, &rel], b"");
        }
        f.assert_same(&["verify-pack", &rel], b"");
    }
}

/// Repacks `f` with `args` and checks everything again.
fn repack_and_compare(f: &Fixture, args: &[&str]) {
    f.git(args);
    assert_batches_same(f);
    assert_verify_pack_same(f);
}

fn str_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_end().to_string()
}

/// Writes a pack of raw entries (each the entry's header and data, already encoded) with its v2
/// index into `objects/pack`, named by its checksum as git names packs.
fn write_raw_pack(objects: &Path, entries: &[(gitstore::ObjectId, Vec<u8>)]) {
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(entries.len() as u32).to_be_bytes());
    let mut listed = Vec::new();
    for (id, raw) in entries {
        listed.push((*id, pack.len() as u32, crc32fast::hash(raw)));
        pack.extend_from_slice(raw);
    }
    let sum = FileChecksum::of(&pack);
    pack.extend_from_slice(&sum);
    listed.sort_by_key(|e| e.0);
    let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for byte in 0..256usize {
        let n = listed
            .iter()
            .filter(|e| usize::from(e.0.as_bytes()[0]) <= byte)
            .count() as u32;
        idx.extend_from_slice(&n.to_be_bytes());
    }
    for e in &listed {
        idx.extend_from_slice(e.0.as_bytes());
    }
    for e in &listed {
        idx.extend_from_slice(&e.2.to_be_bytes());
    }
    for e in &listed {
        idx.extend_from_slice(&e.1.to_be_bytes());
    }
    idx.extend_from_slice(&sum);
    let idx_sum = FileChecksum::of(&idx);
    idx.extend_from_slice(&idx_sum);
    let name = format!("pack-{}", hex_of(&sum));
    let dir = objects.join("pack");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.pack")), pack).unwrap();
    std::fs::write(dir.join(format!("{name}.idx")), idx).unwrap();
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A REF_DELTA entry that rebuilds `base` followed by `tail`.
fn ref_delta_entry(base_id: &gitstore::ObjectId, base: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut delta = Vec::new();
    varint(base.len() as u64, &mut delta);
    varint((base.len() + tail.len()) as u64, &mut delta);
    // copy the whole base (offset 0, size in two bytes), then insert the tail
    assert!(base.len() < 0x10000 && !tail.is_empty() && tail.len() < 0x80);
    delta.extend_from_slice(&[
        0x80 | 0x10 | 0x20,
        (base.len() & 0xff) as u8,
        (base.len() >> 8) as u8,
    ]);
    delta.push(tail.len() as u8);
    delta.extend_from_slice(tail);
    let mut raw = Vec::new();
    entry_header(7, delta.len() as u64, &mut raw);
    raw.extend_from_slice(base_id.as_bytes());
    raw.extend_from_slice(&zlib(&delta));
    raw
}

/// A repository whose only pack holds one REF_DELTA against a blob that is not in the pack.
fn thin_delta_repo() -> (Fixture, String, String, Vec<u8>) {
    let f = Fixture::new();
    let base: Vec<u8> = (0..200)
        .flat_map(|i| format!("base line {i}\n").into_bytes())
        .collect();
    let base_id = str_of(f.git_stdin(&["hash-object", "-w", "--stdin"], &base));
    let mut target = base.clone();
    target.extend_from_slice(b"one more line\n");
    let target_id = str_of(f.git_stdin(&["hash-object", "--stdin"], &target));
    let raw = ref_delta_entry(&base_id.parse().unwrap(), &base, b"one more line\n");
    write_raw_pack(
        &f.git_dir().join("objects"),
        &[(target_id.parse().unwrap(), raw)],
    );
    (f, base_id, target_id, target)
}

#[test]
fn every_object_of_a_packed_repository_reads_like_git() {
    let f = common::history_repo();
    let ids = all_ids(&f);
    assert!(ids.len() > 150);
    for (i, id) in ids.iter().enumerate() {
        for flag in ["-t", "-s", "-p"] {
            f.assert_same(&["cat-file", flag, id], b"");
        }
        if i % 7 == 0 {
            f.assert_same(&["cat-file", "-e", &id[..10]], b"");
        }
    }
    assert_batches_same(&f);
    assert_verify_pack_same(&f);
    // names on stdin: present, missing, abbreviated, with %(rest)
    let mut input = String::new();
    for id in ids.iter().step_by(5) {
        input.push_str(&format!("{id}\n{} some rest\n", &id[..8]));
    }
    input.push_str("0000000000000000000000000000000000000001\nnonsense\n\n");
    f.assert_same(&["cat-file", "--batch"], input.as_bytes());
    f.assert_same(&["cat-file", "--batch-check"], input.as_bytes());
    f.assert_same(
        &["cat-file", "--batch-check=%(objectname) [%(rest)]"],
        input.as_bytes(),
    );
    f.assert_same(&["cat-file", "--batch", "--buffer"], input.as_bytes());
}

#[test]
fn packs_written_with_different_options() {
    let f = common::history_repo();
    repack_and_compare(&f, &["repack", "-adfq", "--depth=50", "--window=250"]);
    repack_and_compare(&f, &["repack", "-adfq", "--window=0"]);
    repack_and_compare(&f, &["repack", "-adfq", "--depth=1"]);
    // index v1
    let g = common::history_repo();
    g.git(&["repack", "-adfq"]);
    let pack = g.pack_file();
    let idx = pack.with_extension("idx");
    std::fs::remove_file(&idx).unwrap();
    g.git(&["index-pack", "--index-version=1", pack.to_str().unwrap()]);
    assert_batches_same(&g);
    assert_verify_pack_same(&g);
    // index v2 with every offset in the 64-bit table
    std::fs::remove_file(&idx).unwrap();
    g.git(&[
        "index-pack",
        "--index-version=2,0x10",
        pack.to_str().unwrap(),
    ]);
    assert_batches_same(&g);
    assert_verify_pack_same(&g);
}

#[test]
fn ref_delta_and_thin_packs() {
    let src = common::history_repo();
    // a REF_DELTA pack: pack-objects without --delta-base-offset
    let dst = Fixture::bare();
    let pack = src.git_stdin(&["pack-objects", "--revs", "--all", "--stdout", "-q"], b"");
    dst.git_stdin(&["index-pack", "--stdin"], &pack);
    assert_batches_same(&dst);
    assert_verify_pack_same(&dst);
    // a thin pack on top of an older state, completed by index-pack --fix-thin
    let thin_dst = Fixture::bare();
    let base = src.git_stdin(&["pack-objects", "--revs", "--stdout", "-q"], b"main~10\n");
    thin_dst.git_stdin(&["index-pack", "--stdin"], &base);
    let thin = src.git_stdin(
        &["pack-objects", "--revs", "--thin", "--stdout", "-q"],
        b"main\n^main~10\n",
    );
    thin_dst.git_stdin(&["index-pack", "--stdin", "--fix-thin"], &thin);
    assert_batches_same(&thin_dst);
    assert_verify_pack_same(&thin_dst);
}

#[test]
fn packs_appearing_and_vanishing_under_an_open_odb() {
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let odb = repo.odb();
    let before = all_ids(&f);
    let mut buf = Vec::new();
    for id in &before {
        odb.read_to(&id.parse().unwrap(), &mut buf).unwrap();
    }
    // another process adds objects and repacks everything into one new pack, deleting the
    // packs this odb has mapped and the loose objects it has not seen
    f.write("new.txt", "brand new\n");
    f.commit_all("after the odb was opened");
    f.git(&["repack", "-adq"]);
    f.git(&["prune-packed"]);
    let after = all_ids(&f);
    assert!(after.len() > before.len());
    for id in &after {
        let id: ObjectId = id.parse().unwrap();
        let kind = odb.read_to(&id, &mut buf).unwrap();
        let h = odb.read_header(&id).unwrap();
        assert_eq!((h.kind, h.size), (kind, buf.len() as u64));
    }
    // a fresh prefix lookup sees the new pack too
    let newest = f.git_str(&["rev-parse", "HEAD"]);
    let prefix = gitstore::Prefix::from_hex(&newest.as_bytes()[..8]).unwrap();
    assert_eq!(
        odb.resolve_prefix(&prefix).unwrap().unwrap().to_string(),
        newest
    );
}

#[test]
fn one_odb_read_from_many_threads() {
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let ids: Vec<ObjectId> = all_ids(&f).iter().map(|i| i.parse().unwrap()).collect();
    let expected: Vec<(Kind, Vec<u8>)> = ids
        .iter()
        .map(|id| {
            let o = repo.odb().read(id).unwrap();
            (o.kind, o.data)
        })
        .collect();
    std::thread::scope(|s| {
        for t in 0..4 {
            let repo = repo.clone();
            let ids = &ids;
            let expected = &expected;
            s.spawn(move || {
                let mut buf = Vec::new();
                for (i, id) in ids.iter().enumerate().skip(t).step_by(2) {
                    let kind = repo.odb().read_to(id, &mut buf).unwrap();
                    assert_eq!((kind, &buf), (expected[i].0, &expected[i].1));
                }
            });
        }
    });
}

#[test]
fn added_stores_are_consulted_and_memory_store_works() {
    let f = Fixture::new();
    let mem = Arc::new(MemoryStore::new());
    let id = mem.write(Kind::Blob, b"only in memory\n").unwrap();
    let odb = Odb::open(f.git_dir().join("objects")).unwrap();
    assert!(!odb.contains(&id).unwrap());
    odb.add_store(mem.clone());
    assert_eq!(odb.read(&id).unwrap().data, b"only in memory\n");
    assert_eq!(odb.read_header(&id).unwrap().size, 15);
    let prefix = gitstore::Prefix::from_hex(&id.to_string().as_bytes()[..6]).unwrap();
    assert_eq!(odb.resolve_prefix(&prefix).unwrap(), Some(id));
    assert!(odb.ids_sorted().unwrap().contains(&id));
    // the odb itself is an ObjectStore too
    let as_store: &dyn ObjectStore = &odb;
    assert!(as_store.contains(&id).unwrap());
}

#[test]
fn corrupt_packs_are_reported_not_panicked_on() {
    let f = common::history_repo();
    let pack = f.pack_file();
    let mut bytes = std::fs::read(&pack).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    std::fs::set_permissions(&pack, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    std::fs::write(&pack, &bytes).unwrap();
    let rel = pack.with_extension("idx");
    let rel = rel.strip_prefix(&f.path).unwrap().to_str().unwrap();
    let git = f.git_output(&["verify-pack", rel], b"");
    let ours = f.gitstore_output(&["verify-pack", rel], b"");
    assert!(!git.status.success());
    assert_eq!(ours.status.code(), git.status.code());
    // the reason is git's (which names the entry's offset, not the file)
    let fatal = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .filter(|l| l.starts_with("fatal: "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(fatal(&ours), fatal(&git));
    // reading every object: errors are fine, panics are not
    let out = f.gitstore_output(&["cat-file", "--batch-all-objects", "--batch"], b"");
    assert!(out.status.code().is_some(), "killed by a signal");
}

#[test]
fn parallel_reads_come_back_in_order() {
    use gitstore::odb::parallel::ReadMode;
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let odb = repo.odb();
    let mut ids: Vec<ObjectId> = Vec::new();
    for _ in 0..5 {
        ids.extend(all_ids(&f).iter().map(|i| i.parse::<ObjectId>().unwrap()));
    }
    ids.push("0000000000000000000000000000000000000001".parse().unwrap());
    ids.rotate_left(7);
    assert!(ids.len() > 1000);
    for mode in [ReadMode::Full, ReadMode::Header] {
        let mut sequential = Vec::new();
        odb.for_each_in_order(&ids, mode, 1, |id, item| {
            sequential.push((*id, item.map(|i| (i.kind, i.size, i.data.to_vec()))));
            Ok::<_, gitstore::odb::Error>(())
        })
        .unwrap();
        for threads in [2, 3, 8] {
            let mut parallel = Vec::new();
            odb.for_each_in_order(&ids, mode, threads, |id, item| {
                parallel.push((*id, item.map(|i| (i.kind, i.size, i.data.to_vec()))));
                Ok::<_, gitstore::odb::Error>(())
            })
            .unwrap();
            assert_eq!(parallel, sequential);
        }
        // stopping early from the callback stops cleanly
        let mut seen = 0;
        let err = odb.for_each_in_order(&ids, mode, 2, |_, _| {
            seen += 1;
            if seen == 300 {
                return Err(gitstore::Error::Callback("enough".into()));
            }
            Ok(())
        });
        assert!(err.is_err());
        assert_eq!(seen, 300);
    }
}

#[test]
fn handles_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Odb>();
    assert_send_sync::<Repository>();
    assert_send_sync::<gitstore::pack::Pack>();
    assert_send_sync::<gitstore::pack::DeltaBaseCache>();
    assert_send_sync::<MemoryStore>();
    assert_send_sync::<gitstore::refs::RefStore>();
}

#[test]
fn a_corrupt_index_is_reported_and_the_other_packs_still_read() {
    let f = small_packed();
    let pack_dir = f.git_dir().join("objects/pack");
    // 2000 bytes of noise as an index, next to a pack of the same name
    let mut state = 0x2545_f491_u32;
    let noise: Vec<u8> = (0..2000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(pack_dir.join("pack-1234.idx"), &noise).unwrap();
    std::fs::write(pack_dir.join("pack-1234.pack"), &noise[..100]).unwrap();
    let input = b"HEAD\nHEAD:a.txt\nHEAD~1\n";
    for args in [
        &["cat-file", "-t", "HEAD"][..],
        &["cat-file", "-p", "HEAD"][..],
        &["ls-tree", "HEAD"][..],
        &["count-objects", "-v"][..],
        &["cat-file", "--batch-check"][..],
    ] {
        let g = f.git_output(args, input);
        let s = f.gitstore_output(args, input);
        assert_eq!(
            (String::from_utf8_lossy(&s.stdout), s.status.code()),
            (String::from_utf8_lossy(&g.stdout), g.status.code()),
            "{args:?}"
        );
        // git repeats the complaint each time it retries the index; once is enough
        let lines = |o: &std::process::Output| {
            let mut l: Vec<String> = String::from_utf8_lossy(&o.stderr)
                .lines()
                .map(str::to_string)
                .collect();
            l.dedup();
            l
        };
        assert_eq!(lines(&s), lines(&g), "{args:?}");
        assert_eq!(
            lines(&s),
            vec!["error: non-monotonic index .git/objects/pack/pack-1234.idx".to_string()]
        );
    }
}

#[test]
fn delta_base_cache_limit_is_read_from_config() {
    let f = small_packed();
    f.git(&["config", "core.deltaBaseCacheLimit", "3k"]);
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    assert_eq!(repo.limits().delta_base_cache, 3 * 1024);
    assert_eq!(repo.odb().limits().delta_base_cache, 3 * 1024);
    f.git(&["config", "core.deltaBaseCacheLimit", "0"]);
    assert_identical(&f, &["cat-file", "--batch-all-objects", "--batch"], b"");
    // git reads it as unsigned: a negative value is not a number
    f.git(&["config", "core.deltaBaseCacheLimit", "-5"]);
    let g = f.git_output(&["cat-file", "-t", "HEAD"], b"");
    let s = f.gitstore_output(&["cat-file", "-t", "HEAD"], b"");
    assert_eq!(s.status.code(), Some(128));
    assert_eq!(s.status.code(), g.status.code());
    assert!(s.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&s.stderr);
    assert!(
        stderr.contains("bad numeric config value '-5' for 'core.deltabasecachelimit'")
            && stderr.contains("invalid unit"),
        "{stderr}"
    );
}

// git looks for a REF_DELTA base only in the delta's own pack (a thin pack has to be completed
// by `index-pack --fix-thin`) and calls such an object missing; gitstore's odb finds the base
// wherever it is, so these two are checked against the object's content, not against git.
#[test]
fn ref_delta_whose_base_is_a_loose_object_reads_through_the_odb() {
    let (f, _base_id, target_id, target) = thin_delta_repo();
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    let id: gitstore::ObjectId = target_id.parse().unwrap();
    let object = repo.odb().read(&id).unwrap();
    assert_eq!(object.kind, gitstore::Kind::Blob);
    assert_eq!(object.data, target);
    let h = repo.odb().read_header(&id).unwrap();
    assert_eq!(h.size, target.len() as u64);
    let out = f.gitstore_output(
        &["cat-file", "--batch-check"],
        format!("{target_id}\n").as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{target_id} blob {}\n", target.len())
    );
    assert_eq!(f.gitstore(&["cat-file", "blob", &target_id]), target);
}

#[test]
fn ref_delta_whose_base_is_in_another_pack_reads_through_the_odb() {
    let (f, base_id, target_id, target) = thin_delta_repo();
    // move the base into a pack of its own
    f.git_stdin(
        &["pack-objects", "-q", ".git/objects/pack/pack"],
        format!("{base_id}\n").as_bytes(),
    );
    f.git(&["prune-packed"]);
    let loose = f
        .git_dir()
        .join("objects")
        .join(&base_id[..2])
        .join(&base_id[2..]);
    assert!(!loose.exists());
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    let id: gitstore::ObjectId = target_id.parse().unwrap();
    assert_eq!(repo.odb().read(&id).unwrap().data, target);
    let h = repo.odb().read_header(&id).unwrap();
    assert_eq!(
        (h.kind, h.size),
        (gitstore::Kind::Blob, target.len() as u64)
    );
    // the base itself reads from its own pack like git reads it, and both packs count
    assert_identical(&f, &["cat-file", "-p", &base_id], b"");
    assert_identical(&f, &["count-objects", "-v"], b"");
    assert_eq!(f.gitstore(&["cat-file", "-p", &target_id]), target);
}

#[test]
fn a_pack_that_vanishes_before_its_first_read_is_found_again_after_a_repack() {
    let f = common::history_repo();
    let ids = str_of(f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname)",
    ]));
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    let odb = repo.odb();
    // nothing read yet: the packs' indexes are open, their data never mapped; another process
    // now repacks everything into one new pack and deletes the old packs and loose objects
    f.git(&["repack", "-adq"]);
    f.git(&["prune-packed"]);
    f.git(&["prune", "--expire=now"]);
    let mut buf = Vec::new();
    for id in ids.lines() {
        let id: gitstore::ObjectId = id.parse().unwrap();
        let kind = odb.read_to(&id, &mut buf).unwrap();
        let h = odb.read_header(&id).unwrap();
        assert_eq!((h.kind, h.size), (kind, buf.len() as u64), "{id}");
    }
}
