//! What every fuzz target asserts, one function per parser. Shared by the cargo-fuzz targets
//! (`fuzz_targets/*.rs`) and by `tests/fuzz_replay.rs`, which replays the corpus and the
//! regressions on stable: the same input gets the same checks in both places.
//!
//! Each check must hold for any input: no panic, errors point inside the input, and what parses
//! is written back to the same bytes (or parses again to the same value).

use gitstore::config::Config;
use gitstore::hash::FileChecksum;
use gitstore::loose::inflate_object;
use gitstore::object::{
    header_bytes, parse_header, CommitRef, SignatureRef, TagRef, TreeRef, TreeRefIter, WriteTo,
};
use gitstore::pack::data::parse_entry_header;
use gitstore::pack::NoExternalBases;
use gitstore::pack::{delta, DeltaBaseCache, PackData, PackIndex};
use gitstore::refs::name::check_ref_format;
use gitstore::refs::{PackedRefs, RefName};
use gitstore::{FileBytes, Limits, ObjectId, Prefix};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A fuzz target's name and the check it runs.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by the name of its `fuzz_targets/<name>.rs` file.
pub const TARGETS: &[Target] = &[
    ("tree", tree),
    ("commit", commit),
    ("tag", tag),
    ("object_header", object_header),
    ("signature", signature),
    ("loose_object", loose_object),
    ("pack_index", pack_index),
    ("pack_entry", pack_entry),
    ("pack", pack),
    ("delta", delta_apply),
    ("packed_refs", packed_refs),
    ("ref_name", ref_name),
    ("config", config),
    ("revision_syntax", revision_syntax),
    ("commit_graph", commit_graph),
    ("receive_scan", receive_scan),
    ("commit_info", commit_info),
];

/// Limits small enough that a fuzzer cannot make a check allocate much.
fn small_limits() -> Limits {
    Limits {
        max_object_size: 1 << 20,
        max_delta_chain: 64,
        delta_base_cache: 1 << 20,
        ..Limits::default()
    }
}

/// A signature time written the way git writes it (the owned types normalize anything else).
fn exact_time(time: &[u8]) -> bool {
    time.len() < 19 && (time.len() == 1 || !time.starts_with(b"0"))
}

/// Tree bodies: the lazy iterator and the eager parser agree; what parses serializes back,
/// through the borrowed view and the owned copy; pretty-printing works.
pub fn tree(data: &[u8]) {
    let lazy_ok = TreeRefIter::new(data).all(|e| e.is_ok());
    match TreeRef::parse(data) {
        Ok(tree) => {
            assert!(lazy_ok);
            assert_eq!(tree.to_vec(), data);
            let owned = tree.to_owned();
            assert_eq!(owned.size(), data.len() as u64);
            assert_eq!(owned.to_vec(), data);
            let _ = owned.validate();
            let mut out = Vec::new();
            tree.write_pretty(&mut out).unwrap();
        }
        Err(e) => {
            assert!(!lazy_ok);
            assert!(e.offset <= data.len(), "offset past the end: {e}");
        }
    }
}

/// Commit bodies: what parses serializes back; the owned copy too unless a time is one git
/// refuses.
pub fn commit(data: &[u8]) {
    match CommitRef::parse(data) {
        Ok(commit) => {
            assert_eq!(commit.size(), data.len() as u64);
            assert_eq!(commit.to_vec(), data);
            let owned = commit.to_owned();
            let _ = owned.validate();
            if exact_time(commit.author.time) && exact_time(commit.committer.time) {
                assert_eq!(owned.to_vec(), data);
                assert_eq!(owned.size(), data.len() as u64);
            }
        }
        Err(e) => assert!(e.offset <= data.len(), "offset past the end: {e}"),
    }
}

/// Tag bodies, as commits.
pub fn tag(data: &[u8]) {
    match TagRef::parse(data) {
        Ok(tag) => {
            assert_eq!(tag.size(), data.len() as u64);
            assert_eq!(tag.to_vec(), data);
            let owned = tag.to_owned();
            let _ = owned.validate();
            if tag.tagger.map_or(true, |t| exact_time(t.time)) {
                assert_eq!(owned.to_vec(), data);
                assert_eq!(owned.size(), data.len() as u64);
            }
        }
        Err(e) => assert!(e.offset <= data.len(), "offset past the end: {e}"),
    }
}

/// `"<kind> <size>\0"`: what parses is written back the same way.
pub fn object_header(data: &[u8]) {
    if let Ok((header, len)) = parse_header(data) {
        assert_eq!(header_bytes(header.kind, header.size), &data[..len]);
    }
}

/// Signature lines: what parses is written back the same way.
pub fn signature(data: &[u8]) {
    if let Ok(sig) = SignatureRef::parse(data) {
        let mut out = Vec::new();
        sig.write_to(&mut out).unwrap();
        assert_eq!(out, data);
        let _ = (sig.seconds(), sig.offset_minutes());
    }
}

/// Loose object files, both as raw bytes and deflated (so the header parser sees the input):
/// an object that inflates has exactly the size its header announces.
pub fn loose_object(data: &[u8]) {
    let limits = small_limits();
    let mut out = Vec::new();
    let _ = inflate_object(data, &mut out, &limits);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).unwrap();
    let deflated = z.finish().unwrap();
    match inflate_object(&deflated, &mut out, &limits) {
        Ok(kind) => {
            let (header, len) = parse_header(data).expect("inflated, so the header parsed");
            assert_eq!(header.kind, kind);
            assert_eq!(&out[..], &data[len..]);
        }
        Err(kind) => assert!(!kind.to_string().is_empty()),
    }
}

/// `.idx` files: whatever opens answers every query without panicking, and each id it lists is
/// found again by full id and by prefix.
pub fn pack_index(data: &[u8]) {
    let Ok(index) = PackIndex::from_bytes(PathBuf::from("fuzz.idx"), FileBytes::Owned(data.into()))
    else {
        return;
    };
    let _ = index.verify();
    for entry in index.iter().take(256) {
        let Ok(entry) = entry else { continue };
        // Unsorted ids make a binary search miss; it must not crash.
        if let Some(i) = index.lookup(&entry.id) {
            assert_eq!(index.oid_at(i), Some(entry.id));
        }
        let _ = index.crc32_at(0);
        let prefix = Prefix::from_hex(&entry.id.to_hex().as_bytes()[..7]).unwrap();
        let _ = index.lookup_prefix(&prefix);
    }
    let _ = index.offset_at(index.len());
    let _ = index.oid_at(index.len());
}

/// A pack entry header at an arbitrary offset, then its zlib stream.
pub fn pack_entry(data: &[u8]) {
    let Some((&at, rest)) = data.split_first() else {
        return;
    };
    let offset = u64::from(at);
    if let Ok(h) = parse_entry_header(rest, offset) {
        assert!(h.header_len <= rest.len());
        if let Some(EntryBase(base)) = ofs_base(h.kind) {
            assert!(base < offset);
        }
        let size = usize::try_from(h.size.min(1 << 20)).unwrap();
        let mut out = Vec::new();
        if let Ok(used) = gitstore::pack::data::inflate_exact(&rest[h.header_len..], size, &mut out)
        {
            assert_eq!(out.len(), size);
            assert!(used <= rest.len() - h.header_len);
        }
    }
}

struct EntryBase(u64);

fn ofs_base(kind: gitstore::pack::EntryKind) -> Option<EntryBase> {
    match kind {
        gitstore::pack::EntryKind::OfsDelta { base_offset } => Some(EntryBase(base_offset)),
        _ => None,
    }
}

/// A whole pack: the input is `n` (1..=16 objects), `n` big-endian u16 entry offsets, then the
/// entries. The check builds a valid header, trailer and v2 index around them, so the fuzzer
/// spends its time on entries and delta chains, not on checksums. Every object that reads must
/// agree with its header-only read.
pub fn pack(data: &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n % 16) + 1;
    let Some((offset_bytes, entries)) = rest.split_at_checked(2 * n) else {
        return;
    };
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(n as u32).to_be_bytes());
    pack.extend_from_slice(entries);
    let checksum = FileChecksum::of(&pack);
    pack.extend_from_slice(&checksum);
    let end = 12 + entries.len() as u32;
    let offsets: Vec<u32> = offset_bytes
        .chunks_exact(2)
        .map(|c| (12 + u32::from(u16::from_be_bytes([c[0], c[1]]))).min(end.max(12)))
        .collect();

    // v2 index: ids 00..00, 01..01, … sorted; their first bytes fill the fan-out.
    let ids: Vec<ObjectId> = (0..n)
        .map(|i| ObjectId::from_bytes(&[i as u8; 20]).unwrap())
        .collect();
    let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for byte in 0..256usize {
        let count = ids
            .iter()
            .filter(|id| usize::from(id.as_bytes()[0]) <= byte)
            .count();
        idx.extend_from_slice(&(count as u32).to_be_bytes());
    }
    for id in &ids {
        idx.extend_from_slice(id.as_bytes());
    }
    idx.extend(std::iter::repeat(0).take(4 * n));
    for off in &offsets {
        idx.extend_from_slice(&off.to_be_bytes());
    }
    idx.extend_from_slice(&checksum);
    let idx_sum = FileChecksum::of(&idx);
    idx.extend_from_slice(&idx_sum);

    let limits = small_limits();
    let index = PackIndex::from_bytes(PathBuf::from("fuzz.idx"), FileBytes::Owned(idx))
        .expect("the index is built valid");
    let data = PackData::from_bytes(PathBuf::from("fuzz.pack"), FileBytes::Owned(pack))
        .expect("the pack header is built valid");
    let pack = gitstore::pack::Pack::from_parts(index, data, limits).expect("index matches");
    let cache = DeltaBaseCache::new(limits.delta_base_cache);
    let mut out = Vec::new();
    for id in &ids {
        let read = pack.read(id, &mut out, &cache, &NoExternalBases);
        let header = pack.read_header(id, &NoExternalBases);
        if let (Ok(Some(kind)), Ok(Some(header))) = (read, header) {
            assert_eq!(header.kind, kind, "{id}");
            assert_eq!(header.size, out.len() as u64, "{id}");
        }
    }
    let _ = pack.verify();
}

/// Deltas: the input is a u16 base length, the base, then the delta. A delta that applies
/// produces exactly the size its header announces.
pub fn delta_apply(data: &[u8]) {
    let Some((len, rest)) = data.split_at_checked(2) else {
        return;
    };
    let base_len = usize::from(u16::from_be_bytes([len[0], len[1]])).min(rest.len());
    let (base, delta) = rest.split_at(base_len);
    let mut out = Vec::new();
    if delta::apply(base, delta, &mut out, 1 << 20).is_ok() {
        let (base_size, result_size, _) = delta::parse_sizes(delta).unwrap();
        assert_eq!(base_size, base.len() as u64);
        assert_eq!(result_size, out.len() as u64);
    }
}

/// `packed-refs`: what parses serializes to a file that parses to the same records.
pub fn packed_refs(data: &[u8]) {
    match PackedRefs::parse(data) {
        Ok(refs) => {
            let again = PackedRefs::parse(&refs.serialize()).expect("serialized packed-refs");
            assert_eq!(again, refs);
            for r in &refs.refs {
                assert_eq!(refs.find(&r.name).map(|f| &f.name), Some(&r.name));
            }
        }
        Err(e) => assert!(e.line >= 1),
    }
}

/// Ref names: `check_ref_format` and `RefName::new` agree, and an accepted name has none of
/// the sequences git forbids anywhere in it.
pub fn ref_name(data: &[u8]) {
    let ok = check_ref_format(data).is_ok();
    if let Ok(name) = RefName::new(data) {
        assert_eq!(name.as_bytes(), data);
        let _ = (name.shorten_naive(), name.strip(1), name.strip(-1));
    }
    if ok {
        let forbidden: [&[u8]; 4] = [b"..", b"@{", b"//", b".lock/"];
        for f in forbidden {
            assert!(!data.windows(f.len()).any(|w| w == f), "{data:?} has {f:?}");
        }
        assert!(!data
            .iter()
            .any(|&c| c < 0x20 || c == 0x7f || b" ~^:?*[\\".contains(&c)));
        assert!(!data.ends_with(b".lock") && !data.ends_with(b"/") && !data.ends_with(b"."));
    }
}

/// Config files: whatever parses answers typed queries for each of its keys.
pub fn config(data: &[u8]) {
    if let Ok(config) = Config::parse(data, Path::new("fuzz.config")) {
        for e in config.entries().iter().take(64) {
            let key = match &e.subsection {
                Some(sub) => format!("{}.{}.{}", e.section, sub, e.key),
                None => format!("{}.{}", e.section, e.key),
            };
            let _ = config.get_bool(&key);
            let _ = config.get_int(&key);
            let _ = config.get_all(&key);
        }
    }
}

/// The pure pieces of gitrevisions syntax: splitting ranges, parent shorthands and paths gives
/// sub-slices of the input.
pub fn revision_syntax(data: &[u8]) {
    use gitstore::revision::{parse_parent_shorthand, parse_range, split_path, ParentShorthand};
    if let Some(range) = parse_range(data) {
        assert!(range.from.len() + range.to.len() <= data.len() + 8);
    }
    match parse_parent_shorthand(data) {
        Some(ParentShorthand::Parents(r) | ParentShorthand::Only(r)) => {
            assert!(data.starts_with(r))
        }
        Some(ParentShorthand::ExcludeParent(r, n)) => {
            assert!(data.starts_with(r) && n > 0)
        }
        None => {}
    }
    if let Some((rev, path)) = split_path(data) {
        assert_eq!(rev.len() + 1 + path.len(), data.len());
    }
}

/// Commit-graph files: the input is the file without its trailer (the check seals it, so the
/// fuzzer gets past the checksum). What parses answers every lookup of every id it lists, with
/// parents that are ids it lists.
pub fn commit_graph(data: &[u8]) {
    use gitstore::graph::{CommitGraph, GraphFile};
    let mut bytes = data.to_vec();
    bytes.extend_from_slice(&FileChecksum::of(data));
    for file in [bytes, data.to_vec()] {
        let Ok(file) = GraphFile::parse(Box::new(file), Path::new("commit-graph"), 0) else {
            continue;
        };
        let ids: Vec<ObjectId> = (0..file.len()).map(|p| file.id(p).unwrap()).collect();
        for (p, id) in (0..).zip(&ids) {
            assert_eq!(file.position(id), Some(p));
        }
        let Ok(graph) = CommitGraph::from_layers(vec![file]) else {
            continue;
        };
        for id in &ids {
            let commit = graph.lookup(id).unwrap();
            assert!(commit.parents.iter().all(|p| graph.contains(p)));
        }
    }
}

/// The pack stream scanner of index-pack: the first byte is the entry count, the rest the
/// entries; the check adds the header and the trailer. What scans has that many entries, in
/// order, each CRC covering exactly its bytes. The raw input is scanned too, unsealed.
pub fn receive_scan(data: &[u8]) {
    use gitstore::receive::scan::{scan, ObjectSink, ScannedEntry};
    use gitstore::Kind;

    /// Keeps every body, as `--strict` and unpack-objects do.
    struct Keep;
    impl ObjectSink for Keep {
        fn wants(&mut self, _: Kind) -> bool {
            true
        }
        fn object(&mut self, _: &ScannedEntry, _: Kind, _: &mut Vec<u8>) -> gitstore::Result<()> {
            Ok(())
        }
        fn wants_deltas(&self) -> bool {
            true
        }
    }

    let limits = small_limits();
    let _ = scan(&mut &data[..], None, "p".into(), &limits, &mut Keep, true);
    let Some((&n, entries)) = data.split_first() else {
        return;
    };
    let count = u32::from(n % 32);
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&count.to_be_bytes());
    pack.extend_from_slice(entries);
    let checksum = FileChecksum::of(&pack);
    pack.extend_from_slice(&checksum);
    let mut copy = Vec::new();
    let scanned = scan(
        &mut &pack[..],
        Some(&mut copy),
        "p".into(),
        &limits,
        &mut Keep,
        true,
    );
    let Ok(scanned) = scanned else {
        return;
    };
    assert_eq!(copy, pack);
    assert_eq!(scanned.entries.len(), count as usize);
    assert_eq!(scanned.end_of_entries, pack.len() as u64 - 20);
    assert_eq!(scanned.checksum, checksum);
    let mut ends: Vec<u64> = scanned.entries.iter().skip(1).map(|e| e.offset).collect();
    ends.push(scanned.end_of_entries);
    for (e, end) in scanned.entries.iter().zip(ends) {
        let raw = pack.get(e.offset as usize..end as usize).unwrap();
        assert!(!raw.is_empty());
        assert_eq!(e.crc32, crc32fast_hash(raw));
    }
}

/// CRC-32 (IEEE), bit by bit: the fuzz crate does not depend on crc32fast.
fn crc32fast_hash(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The commit walk's quick commit parser: wherever the full parser accepts a commit, it agrees
/// on the tree and the parents.
pub fn commit_info(data: &[u8]) {
    let quick = gitstore::graph::parse_commit_info(data);
    if let Err(e) = &quick {
        assert!(e.offset <= data.len(), "offset past the end: {e}");
    }
    if let Ok(full) = CommitRef::parse(data) {
        let quick = quick.unwrap();
        assert_eq!(quick.tree, full.tree);
        assert_eq!(quick.parents, full.parents);
        assert!(quick.date >= 0);
    }
}
