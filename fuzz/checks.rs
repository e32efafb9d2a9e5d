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
    ("index_file", index_file),
    ("ref_script", ref_script),
    ("plumbing_lines", plumbing_lines),
    ("format_strings", format_strings),
    ("pathspec", pathspec),
    ("date", date),
    ("mailmap", mailmap),
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

/// `.git/index`: the index file (the work tree's staging area), read by `fsck` for its roots.
/// Whatever verifies also parses unverified to the same entries.
pub fn index_file(data: &[u8]) {
    let limits = small_limits();
    let verified = gitstore::index_file::parse(data, true, &limits);
    let unverified = gitstore::index_file::parse(data, false, &limits);
    if let Ok(index) = verified {
        let again = unverified.expect("an index that verifies parses without verifying");
        assert_eq!(index.entries, again.entries);
        assert!(matches!(index.version, 2..=4));
    }
}

/// `update-ref --stdin`, both forms: commands are read one by one and parsed with ids taken as
/// hex; a command that parses was read whole (it ends at a terminator or the end of input).
pub fn ref_script(data: &[u8]) {
    use gitstore::refs::script::{read_command, Command, ScriptForm};
    for form in [ScriptForm::Lines, ScriptForm::Nul] {
        let mut input = data;
        let mut buf = Vec::new();
        let mut warnings = Vec::new();
        let mut resolve = |hex: &[u8]| Ok(ObjectId::from_hex(hex)?);
        let mut commands = 0;
        while let Ok(true) = read_command(&mut input, form, &mut buf) {
            assert!(!buf.is_empty());
            let _ = Command::parse(form, &buf, &mut resolve, &mut warnings);
            commands += 1;
            assert!(commands <= data.len(), "read more commands than bytes");
        }
        assert!(input.is_empty() || commands > 0);
    }
}

/// The line parsers of plumbing input, one line at a time: `mktree` (both forms),
/// `pack-objects` object lists, reflog lines, and the whole input as a loose ref file.
pub fn plumbing_lines(data: &[u8]) {
    use gitstore::pack_write::input::{parse_object_line, ObjectLine};
    let _ = gitstore::refs::loose::parse_loose(data);
    for line in data.split(|&b| b == b'\n') {
        for nul in [false, true] {
            if let Ok(entry) = gitstore::mktree::parse_line(line, nul) {
                assert!(!entry.name.is_empty() || line.ends_with(b"\t"));
            }
        }
        match parse_object_line(line) {
            Ok(ObjectLine::Object(o)) => assert_eq!(o.id.to_string().as_bytes(), &line[..40]),
            Ok(ObjectLine::Edge(id)) => assert_eq!(id.to_string().as_bytes(), &line[1..41]),
            _ => {}
        }
        if let Ok(entry) = gitstore::refs::reflog::parse_line(line) {
            assert!(line[..40].eq_ignore_ascii_case(entry.old.to_string().as_bytes()));
            assert!(line[41..81].eq_ignore_ascii_case(entry.new.to_string().as_bytes()));
        }
    }
}

/// The format languages given on the command line: `cat-file --batch=`, `log --format=`
/// (`--pretty=`), `for-each-ref --format=` and `--sort=`, `--date=`. The first byte picks one.
pub fn format_strings(data: &[u8]) {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    match which % 6 {
        0 => {
            let _ = gitstore::batch::Format::parse(text);
        }
        1 => {
            let _ = gitstore::pretty::UserFormat::parse(text, which & 0x80 != 0);
        }
        2 => {
            let _ = gitstore::pretty::CommitFormat::parse(text);
        }
        3 => {
            let _ = gitstore::refs::format::Format::parse(text);
        }
        4 => {
            if let Ok(s) = std::str::from_utf8(text) {
                let _ = gitstore::refs::format::SortKey::parse(s);
            }
        }
        _ => {
            if let Ok(s) = std::str::from_utf8(text) {
                if let Ok(format) = gitstore::date::DateFormat::parse(s) {
                    let ctx = gitstore::date::DateContext::at(1_700_000_000);
                    for (t, tz) in [(0, 0), (1_112_911_993, 200), (-1, -1200), (i64::MAX, 1400)] {
                        let _ = format.show(t, tz, &ctx);
                    }
                }
            }
        }
    }
}

/// Pathspecs (with git's `:(…)` magic) and wildmatch: the input is NUL-separated, the first
/// field the spec or pattern, the others paths matched against it. A pattern with no special
/// character matches itself.
pub fn pathspec(data: &[u8]) {
    use gitstore::pathspec::{Pathspec, PathspecGlobals};
    use gitstore::wildmatch::wildmatch;
    let mut fields = data.split(|&b| b == 0);
    let pattern = fields.next().unwrap_or_default();
    let paths: Vec<&[u8]> = fields.take(8).collect();
    for pathname in [false, true] {
        for path in &paths {
            let _ = wildmatch(pattern, path, pathname);
        }
        if !pattern.iter().any(|b| b"*?[\\".contains(b)) {
            assert!(wildmatch(pattern, pattern, pathname));
        }
    }
    for globals in [
        PathspecGlobals::default(),
        PathspecGlobals {
            icase: true,
            ..PathspecGlobals::default()
        },
    ] {
        let Ok(spec) = Pathspec::parse(&[pattern], b"sub/", None, globals) else {
            continue;
        };
        for path in &paths {
            let _ = spec.matches(path, false, false);
            let (base, name) = match path.iter().rposition(|&b| b == b'/') {
                Some(slash) => path.split_at(slash + 1),
                None => (&b""[..], &path[..]),
            };
            for is_tree in [false, true] {
                let _ = spec.interesting(base, name, is_tree, is_tree, true);
            }
        }
    }
}

/// Dates: `--since`/`--until` text (approxidate), a `TZ` value and a TZif file (the local
/// zone). A date git shows in ISO strict form parses back to the same second.
pub fn date(data: &[u8]) {
    use gitstore::date::{
        approxidate_careful, parse_date_basic, DateContext, DateFormat, TimeZone,
    };
    let ctx = DateContext::at(1_700_000_000);
    let _ = approxidate_careful(data, &ctx);
    let _ = parse_date_basic(data, &ctx);
    let _ = TimeZone::from_posix(data);
    if let Ok(zone) = TimeZone::from_tzif(data) {
        for t in [i64::MIN, -1, 0, 1_700_000_000, i64::MAX] {
            let local = zone.at(t);
            let _ = zone.mktime(local.git_offset() as i64, None);
        }
    }
    if let Some(bytes) = data.get(..10) {
        // git reads local dates from 1970 to 2099 only: a day inside those ends, in any zone
        let raw = u32::from_le_bytes(bytes[..4].try_into().unwrap());
        let seconds = 86_400 + i64::from(raw) % (4_102_358_400 - 86_400);
        let sign = if bytes[4] & 1 == 0 { 1 } else { -1 };
        let tz = sign * (i32::from(bytes[4] / 2 % 15) * 100 + i32::from(bytes[5] % 4) * 15);
        let shown = DateFormat::parse("iso-strict")
            .unwrap()
            .show(seconds, tz, &ctx);
        let parsed = parse_date_basic(shown.as_bytes(), &ctx);
        assert_eq!(parsed.map(|(t, _)| t as i64), Some(seconds), "{shown}");
    }
}

/// `.mailmap` files: parsed (lines git cannot read are skipped), then every name and email of
/// the input looked up.
pub fn mailmap(data: &[u8]) {
    let map = gitstore::mailmap::Mailmap::parse(data);
    for line in data.split(|&b| b == b'\n').take(16) {
        let (name, email) = match line.iter().position(|&b| b == b'<') {
            Some(lt) => (&line[..lt], &line[lt + 1..]),
            None => (line, &b""[..]),
        };
        let _ = map.map(name, email);
    }
}
