//! Packs written by real git, read back through `gitstore::pack` and compared with
//! `git cat-file --batch`, `--batch-check` and `git verify-pack -v` byte for byte.
mod common;

use common::pack_bytes::{entry_header, varint, zlib};
use common::{idx_files, Fixture};
use gitstore::hash::{hash_object, FileChecksum};
use gitstore::pack::{
    write_verify_pack_s, write_verify_pack_v, DeltaBaseCache, ExternalBases, NoExternalBases, Pack,
    PackData, PackIndex,
};
use gitstore::{Error, FileBytes, Kind, Limits, ObjectId, Prefix};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `git cat-file --batch` for `ids`: kind and content of each.
fn git_batch(f: &Fixture, ids: &[ObjectId]) -> HashMap<ObjectId, (Kind, Vec<u8>)> {
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let out = f.git_stdin(&["cat-file", "--batch"], input.as_bytes());
    let mut rest = &out[..];
    let mut map = HashMap::new();
    while !rest.is_empty() {
        let nl = rest.iter().position(|&b| b == b'\n').unwrap();
        let line = std::str::from_utf8(&rest[..nl]).unwrap();
        let mut parts = line.split(' ');
        let id: ObjectId = parts.next().unwrap().parse().unwrap();
        let kind: Kind = parts.next().unwrap().parse().unwrap();
        let size: usize = parts.next().unwrap().parse().unwrap();
        let body = rest[nl + 1..nl + 1 + size].to_vec();
        rest = &rest[nl + 1 + size + 1..];
        map.insert(id, (kind, body));
    }
    map
}

fn pack_dir(f: &Fixture) -> PathBuf {
    f.git_dir().join("objects/pack")
}

/// Every object of the pack at `idx` read through gitstore equals git's view of it, headers
/// equal `--batch-check`, and the verify-pack output is identical.
fn check_pack_against_git(f: &Fixture, idx: &Path, external: &dyn ExternalBases) -> Pack {
    let pack = Pack::open(idx).unwrap();
    let ids: Vec<ObjectId> = pack.ids().collect();
    assert_eq!(ids.len(), pack.len());
    assert!(!ids.is_empty());
    let want = git_batch(f, &ids);
    let cache = DeltaBaseCache::default();
    let mut buf = Vec::new();
    for id in &ids {
        let kind = pack.read(id, &mut buf, &cache, external).unwrap().unwrap();
        let (wk, wb) = &want[id];
        assert_eq!((kind, &buf), (*wk, wb), "object {id}");
        let h = pack.read_header(id, external).unwrap().unwrap();
        assert_eq!((h.kind, h.size), (*wk, wb.len() as u64), "header of {id}");
        assert!(pack.contains(id));
        let p = Prefix::from_hex(&id.to_hex().as_bytes()[..12]).unwrap();
        let mut found = Vec::new();
        pack.lookup_prefix_into(&p, &mut found, 4);
        assert_eq!(found, vec![*id]);
    }
    // pack order, with a fresh (cold) cache and with no cache at all
    for cache in [DeltaBaseCache::default(), DeltaBaseCache::new(0)] {
        for e in pack.entries_by_offset().unwrap() {
            let kind = pack
                .read_at_offset(e.offset, &mut buf, &cache, external)
                .unwrap();
            assert_eq!((kind, &buf), (want[&e.id].0, &want[&e.id].1));
        }
    }
    pack
}

fn check_verify_pack(f: &Fixture, pack: &Pack) {
    let idx = pack.index().path().to_str().unwrap();
    let report = pack.verify().unwrap();
    let mut ours = Vec::new();
    write_verify_pack_v(&report, &mut ours).unwrap();
    let theirs = f.git(&["verify-pack", "-v", idx]);
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
    let mut ours = Vec::new();
    write_verify_pack_s(&report, &mut ours).unwrap();
    let theirs = f.git(&["verify-pack", "-s", idx]);
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
}

fn check_all_packs(f: &Fixture, dir: &Path) -> usize {
    let idxs = idx_files(dir);
    for idx in &idxs {
        let pack = check_pack_against_git(f, idx, &NoExternalBases);
        check_verify_pack(f, &pack);
    }
    idxs.len()
}

#[test]
fn pack_and_index_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pack>();
    assert_send_sync::<PackIndex>();
    assert_send_sync::<PackData>();
    assert_send_sync::<DeltaBaseCache>();
}

#[test]
fn history_repo_packs_match_git() {
    let f = common::history_repo();
    assert_eq!(check_all_packs(&f, &pack_dir(&f)), 1);
}

#[test]
fn aggressive_repack_with_long_chains_matches_git() {
    let f = common::history_repo();
    f.git(&["repack", "-adf", "-q", "--depth=50", "--window=250"]);
    assert_eq!(check_all_packs(&f, &pack_dir(&f)), 1);
}

#[test]
fn repack_without_deltas_matches_git() {
    let f = common::history_repo();
    f.git(&["repack", "-adf", "-q", "--window=0"]);
    assert_eq!(check_all_packs(&f, &pack_dir(&f)), 1);
}

#[test]
fn ref_delta_packs_and_v1_indexes_match_git() {
    let f = common::history_repo();
    let out = f.path.join("out");
    std::fs::create_dir(&out).unwrap();
    let base = out.join("refdelta");
    f.git(&[
        "pack-objects",
        "-q",
        "--revs",
        "--all",
        base.to_str().unwrap(),
    ]);
    let v1 = out.join("v1");
    f.git(&[
        "pack-objects",
        "-q",
        "--revs",
        "--all",
        "--delta-base-offset",
        "--index-version=1",
        v1.to_str().unwrap(),
    ]);
    let v1_ref = out.join("v1ref");
    f.git(&[
        "pack-objects",
        "-q",
        "--revs",
        "--all",
        "--index-version=1",
        v1_ref.to_str().unwrap(),
    ]);
    let idxs = idx_files(&out);
    assert_eq!(idxs.len(), 3);
    let mut versions = Vec::new();
    for idx in &idxs {
        let pack = check_pack_against_git(&f, idx, &NoExternalBases);
        versions.push(pack.index().version());
        check_verify_pack(&f, &pack);
        let report = pack.verify().unwrap();
        assert!(
            report.objects.iter().any(|o| o.depth > 0),
            "the pack has deltas"
        );
    }
    versions.sort();
    assert_eq!(versions, vec![1, 1, 2]);
}

#[test]
fn large_offset_table_matches_git() {
    let f = common::history_repo();
    let pack = idx_files(&pack_dir(&f))[0].with_extension("pack");
    let out = f.path.join("large.idx");
    f.git(&[
        "index-pack",
        "--index-version=2,0x100",
        "-o",
        out.to_str().unwrap(),
        pack.to_str().unwrap(),
    ]);
    let copy = f.path.join("large.pack");
    std::fs::copy(&pack, &copy).unwrap();
    let p = check_pack_against_git(&f, &out, &NoExternalBases);
    let idx_len = std::fs::metadata(&out).unwrap().len() as usize;
    assert!(
        idx_len > 8 + 1024 + p.len() * 28 + 40,
        "the index has a large-offset table"
    );
    assert!(p
        .entries_by_offset()
        .unwrap()
        .iter()
        .any(|e| e.offset > 0x100));
    check_verify_pack(&f, &p);
    p.index().verify().unwrap();
}

/// External bases read from other packs, passing the depth on.
struct OtherPacks {
    packs: Vec<Pack>,
    cache: DeltaBaseCache,
}

impl ExternalBases for OtherPacks {
    fn read_base(
        &self,
        id: &ObjectId,
        depth: usize,
        out: &mut Vec<u8>,
    ) -> gitstore::pack::Result<Option<Kind>> {
        for p in &self.packs {
            if let Some(k) = p.read_at_depth(id, depth, out, &self.cache, self)? {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }
}

/// A v2 index for `entries` (id, offset, crc32) of a pack whose checksum is `pack_sum`.
fn write_idx_v2(entries: &[(ObjectId, u64, u32)], pack_sum: &[u8]) -> Vec<u8> {
    let mut e = entries.to_vec();
    e.sort_by_key(|x| x.0);
    let mut out = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for b in 0..256usize {
        let n = e
            .iter()
            .filter(|x| (x.0.first_byte() as usize) <= b)
            .count() as u32;
        out.extend_from_slice(&n.to_be_bytes());
    }
    for x in &e {
        out.extend_from_slice(x.0.as_bytes());
    }
    for x in &e {
        out.extend_from_slice(&x.2.to_be_bytes());
    }
    for x in &e {
        out.extend_from_slice(&(x.1 as u32).to_be_bytes());
    }
    out.extend_from_slice(pack_sum);
    let sum = FileChecksum::of(&out);
    out.extend_from_slice(&sum);
    out
}

#[test]
fn thin_pack_fixed_by_index_pack_matches_git_and_raw_thin_pack_reads_external_bases() {
    let f = common::history_repo();
    let original = Pack::open(&idx_files(&pack_dir(&f))[0]).unwrap();
    let thin = f.git_stdin(
        &["pack-objects", "-q", "--revs", "--thin", "--stdout"],
        b"HEAD\n^HEAD~10\n",
    );
    let fixed = f.git_stdin(&["index-pack", "--fix-thin", "--stdin"], &thin);
    let name = String::from_utf8(fixed).unwrap();
    let hash = name.trim().trim_start_matches("pack\t");
    let fixed_idx = pack_dir(&f).join(format!("pack-{hash}.idx"));
    let fixed = check_pack_against_git(&f, &fixed_idx, &NoExternalBases);
    check_verify_pack(&f, &fixed);

    // The raw thin pack, indexed by hand from the fixed pack's entries that it holds.
    let dir = f.path.join("thin");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("thin.pack"), &thin).unwrap();
    let end = (thin.len() - 20) as u64;
    let entries: Vec<_> = fixed
        .index()
        .iter()
        .map(|e| e.unwrap())
        .filter(|e| e.offset < end)
        .map(|e| (e.id, e.offset, e.crc32.unwrap()))
        .collect();
    let count = u32::from_be_bytes(thin[8..12].try_into().unwrap()) as usize;
    assert_eq!(entries.len(), count);
    std::fs::write(
        dir.join("thin.idx"),
        write_idx_v2(&entries, &thin[thin.len() - 20..]),
    )
    .unwrap();
    let thin_pack = Pack::open(&dir.join("thin.idx")).unwrap();
    // Without external bases, some object fails with a clear error.
    let cache = DeltaBaseCache::default();
    let mut buf = Vec::new();
    let missing = thin_pack
        .ids()
        .filter_map(|id| {
            thin_pack
                .read(&id, &mut buf, &cache, &NoExternalBases)
                .err()
        })
        .next()
        .expect("a thin pack has external bases");
    assert!(missing.to_string().contains("REF_DELTA base"), "{missing}");
    let external = OtherPacks {
        packs: vec![original],
        cache: DeltaBaseCache::default(),
    };
    check_pack_against_git(&f, &dir.join("thin.idx"), &external);
}

// ---------------------------------------------------------------------------------------------
// Synthetic packs

fn ofs_encoding(mut back: u64, out: &mut Vec<u8>) {
    let mut bytes = vec![(back & 0x7f) as u8];
    back >>= 7;
    while back != 0 {
        back -= 1;
        bytes.push(0x80 | (back & 0x7f) as u8);
        back >>= 7;
    }
    bytes.reverse();
    out.extend_from_slice(&bytes);
}

/// A pack of one blob and `n` OFS_DELTA entries, each appending one byte to the previous
/// object. Returns the pack bytes and (id, offset, crc) of every entry.
fn deep_chain_pack(n: usize) -> (Vec<u8>, Vec<(ObjectId, u64, u32)>) {
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(n as u32 + 1).to_be_bytes());
    let mut entries = Vec::new();
    let mut content = b"base\n".to_vec();
    let start = pack.len();
    entry_header(3, content.len() as u64, &mut pack);
    pack.extend_from_slice(&zlib(&content));
    entries.push((
        hash_object(Kind::Blob, &content).unwrap(),
        start as u64,
        crc32fast::hash(&pack[start..]),
    ));
    let mut prev = start as u64;
    for i in 0..n {
        let mut delta = Vec::new();
        varint(content.len() as u64, &mut delta);
        varint(content.len() as u64 + 1, &mut delta);
        let len = content.len();
        delta.extend_from_slice(&[0x80 | 0x10 | 0x20, (len & 0xff) as u8, (len >> 8) as u8]);
        let byte = b'a' + (i % 26) as u8;
        delta.extend_from_slice(&[1, byte]);
        content.push(byte);
        let at = pack.len();
        entry_header(6, delta.len() as u64, &mut pack);
        ofs_encoding(at as u64 - prev, &mut pack);
        pack.extend_from_slice(&zlib(&delta));
        entries.push((
            hash_object(Kind::Blob, &content).unwrap(),
            at as u64,
            crc32fast::hash(&pack[at..]),
        ));
        prev = at as u64;
    }
    let sum = FileChecksum::of(&pack);
    pack.extend_from_slice(&sum);
    (pack, entries)
}

#[test]
fn chain_of_ten_thousand_deltas_reads_without_recursion_and_matches_git() {
    let f = Fixture::bare();
    let (bytes, entries) = deep_chain_pack(10_000);
    let dir = f.path.join("objects/pack");
    std::fs::write(dir.join("pack-deep.pack"), &bytes).unwrap();
    std::fs::write(
        dir.join("pack-deep.idx"),
        write_idx_v2(&entries, &bytes[bytes.len() - 20..]),
    )
    .unwrap();
    let pack = Pack::open(&dir.join("pack-deep.idx")).unwrap();
    // git agrees with the hand-made index
    let git_idx = f.path.join("git.idx");
    f.git(&[
        "index-pack",
        "-o",
        git_idx.to_str().unwrap(),
        dir.join("pack-deep.pack").to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&git_idx).unwrap(),
        std::fs::read(dir.join("pack-deep.idx")).unwrap()
    );

    let top = entries.last().unwrap().0;
    let mut buf = Vec::new();
    let cold = DeltaBaseCache::new(0);
    let kind = pack
        .read(&top, &mut buf, &cold, &NoExternalBases)
        .unwrap()
        .unwrap();
    assert_eq!(kind, Kind::Blob);
    assert_eq!(buf.len(), 5 + 10_000);
    assert_eq!(hash_object(kind, &buf).unwrap(), top);
    let h = pack.read_header(&top, &NoExternalBases).unwrap().unwrap();
    assert_eq!((h.kind, h.size), (Kind::Blob, 10_005));
    let git = git_batch(&f, &[top]);
    assert_eq!(git[&top].1, buf);
    check_verify_pack(&f, &pack);
}

#[test]
fn delta_chain_longer_than_the_limit_is_limit_exceeded() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, entries) = deep_chain_pack(200);
    std::fs::write(dir.path().join("p.pack"), &bytes).unwrap();
    std::fs::write(
        dir.path().join("p.idx"),
        write_idx_v2(&entries, &bytes[bytes.len() - 20..]),
    )
    .unwrap();
    let limits = Limits {
        max_delta_chain: 100,
        ..Limits::default()
    };
    let pack = Pack::open_with_limits(&dir.path().join("p.idx"), limits).unwrap();
    let cache = DeltaBaseCache::default();
    let mut buf = Vec::new();
    let top = entries.last().unwrap().0;
    let err = Error::from(
        pack.read(&top, &mut buf, &cache, &NoExternalBases)
            .unwrap_err(),
    );
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                what: "delta chain length",
                limit: 100,
                ..
            }
        ),
        "{err}"
    );
    let err = Error::from(pack.read_header(&top, &NoExternalBases).unwrap_err());
    assert!(matches!(err, Error::LimitExceeded { .. }), "{err}");
    // within the limit is fine
    assert!(pack
        .read(&entries[100].0, &mut buf, &cache, &NoExternalBases)
        .unwrap()
        .is_some());
    // with a cold cache, the same depth is over the limit again
    let cold = DeltaBaseCache::new(0);
    assert!(pack
        .read(&entries[150].0, &mut buf, &cold, &NoExternalBases)
        .is_err());
}

#[test]
fn ref_delta_cycle_across_packs_is_bounded() {
    // Two packs, each holding one REF_DELTA whose base is the other's object.
    let a = ObjectId::from_raw([0xaa; 20]);
    let b = ObjectId::from_raw([0xbb; 20]);
    let dir = tempfile::tempdir().unwrap();
    let mut packs = Vec::new();
    for (me, base) in [(a, b), (b, a)] {
        let mut pack = b"PACK\0\0\0\x02\0\0\0\x01".to_vec();
        let delta = [1u8, 1, 0x91, 0, 1];
        entry_header(7, delta.len() as u64, &mut pack);
        pack.extend_from_slice(base.as_bytes());
        pack.extend_from_slice(&zlib(&delta));
        let crc = crc32fast::hash(&pack[12..]);
        let sum = FileChecksum::of(&pack);
        pack.extend_from_slice(&sum);
        let name = format!("{me}");
        std::fs::write(dir.path().join(format!("{name}.pack")), &pack).unwrap();
        std::fs::write(
            dir.path().join(format!("{name}.idx")),
            write_idx_v2(&[(me, 12, crc)], &sum),
        )
        .unwrap();
        packs.push(
            Pack::open_with_limits(
                &dir.path().join(format!("{name}.idx")),
                Limits {
                    max_delta_chain: 1000,
                    ..Limits::default()
                },
            )
            .unwrap(),
        );
    }
    let ext = OtherPacks {
        packs,
        cache: DeltaBaseCache::default(),
    };
    let mut buf = Vec::new();
    let err = Error::from(
        ext.packs[0]
            .read(&a, &mut buf, &ext.cache, &ext)
            .unwrap_err(),
    );
    assert!(matches!(err, Error::LimitExceeded { .. }), "{err}");
}

#[test]
fn packs_are_read_from_many_threads_at_once() {
    let f = common::history_repo();
    f.git(&["repack", "-adf", "-q", "--depth=50", "--window=250"]);
    let pack = Pack::open(&idx_files(&pack_dir(&f))[0]).unwrap();
    let ids: Vec<ObjectId> = pack.ids().collect();
    let want = git_batch(&f, &ids);
    let cache = DeltaBaseCache::new(64 * 1024);
    std::thread::scope(|s| {
        for t in 0..4 {
            let (pack, ids, want, cache) = (&pack, &ids, &want, &cache);
            s.spawn(move || {
                let mut buf = Vec::new();
                for id in ids.iter().skip(t).step_by(2) {
                    let k = pack
                        .read(id, &mut buf, cache, &NoExternalBases)
                        .unwrap()
                        .unwrap();
                    assert_eq!((k, &buf), (want[id].0, &want[id].1));
                }
            });
        }
    });
}

/// Reads everything a damaged pack offers; errors are expected, panics are bugs.
fn read_everything(index: Vec<u8>, pack: Vec<u8>) {
    let Ok(index) = PackIndex::from_bytes("fuzz.idx".into(), FileBytes::Owned(index)) else {
        return;
    };
    let _ = index.verify();
    let p: Prefix = "abcd".parse().unwrap();
    let _ = index.lookup_prefix(&p);
    let Ok(data) = PackData::from_bytes("fuzz.pack".into(), FileBytes::Owned(pack)) else {
        return;
    };
    let limits = Limits {
        max_object_size: 1 << 20,
        max_delta_chain: 100,
        ..Limits::default()
    };
    let Ok(pack) = Pack::from_parts(index, data, limits) else {
        return;
    };
    let cache = DeltaBaseCache::new(1 << 16);
    let mut buf = Vec::new();
    for i in 0..pack.len() {
        if let Some(id) = pack.index().oid_at(i) {
            let _ = pack.read(&id, &mut buf, &cache, &NoExternalBases);
            let _ = pack.read_header(&id, &NoExternalBases);
        }
        if let Ok(off) = pack.index().offset_at(i) {
            let _ = pack.read_at_offset(off, &mut buf, &cache, &NoExternalBases);
        }
    }
    let _ = pack.verify();
}

#[test]
fn damaged_packs_and_indexes_never_panic() {
    let f = Fixture::new();
    for i in 0..6 {
        f.write("a.txt", "line\n".repeat(20 + i));
        f.write("b.txt", format!("{i}\n"));
        f.commit_all(&format!("c{i}"));
    }
    f.git(&["repack", "-adq"]);
    let idx_path = idx_files(&pack_dir(&f))[0].clone();
    let idx = std::fs::read(&idx_path).unwrap();
    let pack = std::fs::read(idx_path.with_extension("pack")).unwrap();
    read_everything(idx.clone(), pack.clone());
    // The untouched pack mapped from disk is fully valid.
    Pack::open(&idx_path).unwrap().verify().unwrap();

    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..400 {
        let (mut i, mut p) = (idx.clone(), pack.clone());
        let target = if round % 4 == 0 { &mut i } else { &mut p };
        let flips = 1 + next() % 4;
        for _ in 0..flips {
            let at = (next() % target.len() as u64) as usize;
            target[at] = match next() % 3 {
                0 => target[at] ^ (1 << (next() % 8)),
                1 => 0xff,
                _ => next() as u8,
            };
        }
        if round % 7 == 0 {
            let cut = (next() % target.len() as u64) as usize;
            target.truncate(cut);
        }
        read_everything(i, p);
    }
    for cut in (0..pack.len()).step_by(7) {
        read_everything(idx.clone(), pack[..cut].to_vec());
    }
}
