//! `verify-pack`: check every byte of a pack and its index, and describe every entry the way
//! `git verify-pack -v` does.
//!
//! Two checks live here. [`Pack::verify`] is strict and index-driven: it walks the entries the
//! `.idx` lists and stops at the first thing wrong. [`check_pack`] is what `git verify-pack`
//! does (it runs `git index-pack --verify`): when the strict check fails, the `.pack` is read
//! on its own, entry after entry from the 12-byte header, the trailer checked, every delta
//! rebuilt through an index made from what was read; a pack that reads is described in full
//! and only then is its `.idx` declared wrong.

use super::{
    data, index, EntryKind, ExternalBases, NoExternalBases, Pack, PackData, PackErrorKind,
    PackIndex,
};
use super::{Error, Result};
use crate::cursor::Cursor;
use crate::hash::hash_object;
use crate::limits::Limits;
use crate::location::Location;
use crate::mmap::FileBytes;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::pack::DeltaBaseCache;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// One entry of a verified pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedObject {
    /// The object id (its content was hashed and matches).
    pub id: ObjectId,
    /// The object's kind (for a delta: the kind of the base at the bottom of its chain).
    pub kind: Kind,
    /// Size of the object once rebuilt.
    pub size: u64,
    /// The size in the entry header: the object size, or for a delta the delta's size. This is
    /// the size `git verify-pack -v` prints.
    pub entry_size: u64,
    /// Bytes the entry takes in the pack, header included.
    pub size_in_pack: u64,
    /// Offset of the entry.
    pub offset: u64,
    /// Number of deltas between this object and a whole object (0 for a whole object).
    pub depth: u32,
    /// The delta's base, for a delta.
    pub base: Option<ObjectId>,
    /// CRC32 of the entry's bytes (checked against a v2 index).
    pub crc32: u32,
}

/// What [`Pack::verify`] found: every entry, in pack (offset) order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// The `.pack` file, as printed on the final `<path>: ok` line.
    pub pack_path: PathBuf,
    /// The index version (1 or 2).
    pub index_version: u32,
    /// The entries in offset order.
    pub objects: Vec<VerifiedObject>,
}

impl VerifyReport {
    /// The number of whole objects, and for each chain length with objects, how many.
    pub fn histogram(&self) -> (usize, Vec<(u32, usize)>) {
        let deepest = self.objects.iter().map(|o| o.depth).max().unwrap_or(0) as usize;
        let mut counts = vec![0usize; deepest + 1];
        for o in &self.objects {
            if let Some(c) = counts.get_mut(o.depth as usize) {
                *c += 1;
            }
        }
        let non_delta = counts.first().copied().unwrap_or(0);
        let chains = counts
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, &c)| c > 0)
            .map(|(d, &c)| (d as u32, c))
            .collect();
        (non_delta, chains)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "object"
    } else {
        "objects"
    }
}

/// Writes the histogram lines `git verify-pack -s` prints.
pub fn write_verify_pack_s(report: &VerifyReport, out: &mut dyn Write) -> io::Result<()> {
    let (non_delta, chains) = report.histogram();
    if non_delta > 0 {
        writeln!(out, "non delta: {non_delta} {}", plural(non_delta))?;
    }
    for (depth, n) in chains {
        writeln!(out, "chain length = {depth}: {n} {}", plural(n))?;
    }
    Ok(())
}

/// Writes exactly what `git verify-pack -v <idx>` prints for a good pack: one line per entry in
/// pack order (`id kind size size-in-pack offset [depth base]`), the histogram, and
/// `<pack path>: ok`.
pub fn write_verify_pack_v(report: &VerifyReport, out: &mut dyn Write) -> io::Result<()> {
    write_verify_pack_entries(report, out)?;
    out.write_all(report.pack_path.as_os_str().as_encoded_bytes())?;
    out.write_all(b": ok\n")
}

/// What `git verify-pack -v` prints before its verdict: one line per entry, the histogram.
pub fn write_verify_pack_entries(report: &VerifyReport, out: &mut dyn Write) -> io::Result<()> {
    let mut hex = [0u8; 40];
    for o in &report.objects {
        write!(
            out,
            "{} {:<6} {} {} {}",
            o.id.hex_to_buf(&mut hex),
            o.kind.as_str(),
            o.entry_size,
            o.size_in_pack,
            o.offset
        )?;
        if let (Some(base), true) = (o.base, o.depth > 0) {
            write!(out, " {} {}", o.depth, base.hex_to_buf(&mut hex))?;
        }
        out.write_all(b"\n")?;
    }
    write_verify_pack_s(report, out)
}

impl Pack {
    /// Checks the pack completely: both checksums, the index's order, every entry's CRC32
    /// (v2 indexes), that every entry inflates to its announced size and ends where the next
    /// begins, and that every object hashes to its id. Bases must all be in the pack.
    pub fn verify(&self) -> Result<VerifyReport> {
        self.index.verify()?;
        let data = self.data()?;
        data.verify_checksum()?;
        let entries = self.entries_by_offset()?;
        let end = data.end_of_entries();
        let at = |offset: u64, kind| data.entry_error(None, offset, kind);
        for pair in entries.windows(2) {
            if let [a, b] = pair {
                if a.offset == b.offset {
                    return Err(at(a.offset, PackErrorKind::SharedOffset));
                }
            }
        }
        if let Some(first) = entries.first() {
            if first.offset != super::data::HEADER_LEN as u64 {
                return Err(at(first.offset, PackErrorKind::FirstEntryMisplaced));
            }
        }
        if let Some(last) = entries.last() {
            if last.offset >= end {
                return Err(at(last.offset, PackErrorKind::OffsetOutOfRange));
            }
        }
        let pos_of = |offset: u64| entries.binary_search_by_key(&offset, |e| e.offset).ok();

        let cache = DeltaBaseCache::new(self.limits.delta_base_cache);
        let mut memo: Vec<Option<(u32, Kind)>> = vec![None; entries.len()];
        let mut objects = Vec::with_capacity(entries.len());
        let mut buf = Vec::new();
        let mut scratch = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let next = entries.get(i + 1).map_or(end, |n| n.offset);
            let size_in_pack = next.saturating_sub(e.offset);
            let raw = usize::try_from(e.offset)
                .ok()
                .zip(usize::try_from(next).ok())
                .and_then(|(s, n)| data.bytes().get(s..n))
                .ok_or_else(|| at(e.offset, PackErrorKind::OffsetOutOfRange))?;
            let crc32 = crc32fast::hash(raw);
            if let Some(want) = e.crc32 {
                if want != crc32 {
                    return Err(data.entry_error(Some(e.id), e.offset, PackErrorKind::CrcMismatch));
                }
            }
            let h = data.entry_header(e.offset)?;
            let target = if h.kind.is_delta() {
                &mut scratch
            } else {
                &mut buf
            };
            let used = data.inflate_entry(e.offset, &h, target, self.limits.max_object_size)?;
            if h.header_len.checked_add(used).map(|n| n as u64) != Some(size_in_pack) {
                return Err(data.entry_error(
                    Some(e.id),
                    e.offset,
                    PackErrorKind::EntryEndMismatch,
                ));
            }
            let kind = match h.kind {
                EntryKind::Base(k) => k,
                _ => self.resolve(e.offset, Some(e.id), 0, &mut buf, &cache, &NoExternalBases)?,
            };
            let actual = hash_object(kind, &buf)?;
            if actual != e.id {
                return Err(Error::HashMismatch {
                    expected: e.id,
                    actual,
                    location: Location::Pack {
                        path: self.pack_path.clone(),
                        offset: e.offset,
                    },
                });
            }
            let base = match h.kind {
                EntryKind::Base(_) => None,
                EntryKind::OfsDelta { base_offset } => Some(
                    pos_of(base_offset)
                        .and_then(|p| entries.get(p))
                        .map(|b| b.id)
                        .ok_or_else(|| at(e.offset, PackErrorKind::DeltaBaseNotEntry))?,
                ),
                EntryKind::RefDelta { base } => Some(base),
            };
            let depth = self.chain_depth(i, &entries, &mut memo, &pos_of)?;
            objects.push(VerifiedObject {
                id: e.id,
                kind,
                size: buf.len() as u64,
                entry_size: h.size,
                size_in_pack,
                offset: e.offset,
                depth,
                base,
                crc32,
            });
        }
        Ok(VerifyReport {
            pack_path: self.pack_path.clone(),
            index_version: self.index.version(),
            objects,
        })
    }

    /// Depth of entry `i` (by position in `entries`), walking headers only, memoized.
    fn chain_depth(
        &self,
        i: usize,
        entries: &[super::IndexEntry],
        memo: &mut [Option<(u32, Kind)>],
        pos_of: &dyn Fn(u64) -> Option<usize>,
    ) -> Result<u32> {
        let data = self.data()?;
        let mut stack = Vec::new();
        let mut j = i;
        let (mut depth, kind) = loop {
            if let Some(known) = memo.get(j).copied().flatten() {
                break known;
            }
            let offset = entries.get(j).map_or(0, |e| e.offset);
            let h = data.entry_header(offset)?;
            let base_pos = match h.kind {
                EntryKind::Base(k) => break (0, k),
                EntryKind::OfsDelta { base_offset } => pos_of(base_offset),
                EntryKind::RefDelta { base } => match self.offset_of(&base)? {
                    Some(o) => pos_of(o),
                    None => return Err(self.missing_base(None, offset, &base)),
                },
            };
            stack.push(j);
            if stack.len() > self.limits.max_delta_chain {
                return Err(self.chain_limit(offset));
            }
            j = base_pos
                .ok_or_else(|| data.entry_error(None, offset, PackErrorKind::DeltaBaseNotEntry))?;
        };
        if stack.is_empty() {
            if let Some(m) = memo.get_mut(j) {
                *m = Some((0, kind));
            }
        }
        while let Some(k) = stack.pop() {
            depth += 1;
            if let Some(m) = memo.get_mut(k) {
                *m = Some((depth, kind));
            }
        }
        Ok(depth)
    }
}

/// Why a pack fails the check `git verify-pack` makes. git runs `index-pack --verify`: it reads
/// the `.pack` entry after entry from its start, without the index, then writes the index it
/// would make and compares it with the one on disk. Each variant is one of git's verdicts, as
/// data: the CLI words it as git does.
#[derive(Debug)]
#[non_exhaustive]
pub enum PackCheckError {
    /// The `.pack` file cannot be opened.
    NoPack {
        /// The index whose pack is missing (git names the `.idx` in its message).
        idx: PathBuf,
    },
    /// The `.idx` file cannot be opened or git would refuse its layout.
    NoIndex {
        /// The index.
        idx: PathBuf,
        /// What git finds wrong with the layout (see [`index::check_layout`]), if that is why.
        layout: Option<PackErrorKind>,
    },
    /// A v2 index entry points past the end of the large-offset table (git checks this when
    /// it reads the existing index, before it reads the pack).
    LargeOffset {
        /// The pack, as git names it in the message.
        pack: PathBuf,
    },
    /// The pack does not start with `PACK`.
    Signature,
    /// The pack's version is neither 2 nor 3.
    Version(u32),
    /// The pack ends in the middle of an entry (or before its trailer).
    EarlyEof,
    /// An entry's data does not inflate to its announced size.
    BadObject {
        /// Offset of the entry.
        offset: u64,
        /// zlib's status as git prints it: -3 for a data error, -5 for a stream longer than
        /// announced, 1 for a stream that ends short.
        status: i32,
        /// zlib's own words for a data error.
        zlib: Option<String>,
    },
    /// Bytes are left between the last entry and the trailer.
    Junk,
    /// The trailing checksum does not match the pack's bytes.
    Checksum,
    /// The entries read but an object cannot be rebuilt (a bad delta, a missing base, a limit).
    Object(Error),
    /// The pack is sound but the `.idx` is not exactly its index.
    Index {
        /// The index.
        idx: PathBuf,
        /// What the strict, index-driven check found.
        why: Box<Error>,
    },
}

impl std::fmt::Display for PackCheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackCheckError::NoPack { idx } => write!(f, "no pack for index {}", idx.display()),
            PackCheckError::NoIndex { idx, layout } => {
                write!(f, "cannot open index {}", idx.display())?;
                match layout {
                    Some(kind) => write!(f, ": {kind}"),
                    None => Ok(()),
                }
            }
            PackCheckError::LargeOffset { pack } => write!(
                f,
                "an offset of the index of {} is past its large-offset table",
                pack.display()
            ),
            PackCheckError::Signature => f.write_str("not a pack (no PACK signature)"),
            PackCheckError::Version(v) => write!(f, "unsupported pack version {v}"),
            PackCheckError::EarlyEof => f.write_str("pack ends early"),
            PackCheckError::BadObject { offset, status, .. } => {
                write!(f, "bad object at offset {offset} (zlib status {status})")
            }
            PackCheckError::Junk => f.write_str("bytes after the last entry"),
            PackCheckError::Checksum => f.write_str("pack checksum mismatch"),
            PackCheckError::Object(e) => write!(f, "{e}"),
            PackCheckError::Index { idx, why } => {
                write!(f, "index {} does not match its pack: {why}", idx.display())
            }
        }
    }
}

impl std::error::Error for PackCheckError {}

/// The outcome of [`check_pack`]: what git prints on stdout comes from `report`, present
/// whenever the pack itself could be read (even if its index is wrong).
#[derive(Debug)]
pub struct PackCheck {
    /// Every entry, in pack order, as the pack itself describes them.
    pub report: Option<VerifyReport>,
    /// Why the pack or its index is bad, if it is.
    pub error: Option<PackCheckError>,
}

/// Checks the pack `idx_path` names as `git verify-pack` does (see [`PackCheckError`]).
///
/// A pack whose index passes [`Pack::verify`] is reported from that. Otherwise the pack is read
/// on its own, so that a wrong index (a flipped checksum or CRC, an object whose content no
/// longer matches its id) still yields the description of every entry git prints before it
/// complains about the index.
pub fn check_pack(idx_path: &Path, limits: Limits) -> PackCheck {
    let failed = |error| PackCheck {
        report: None,
        error: Some(error),
    };
    let pack_path = super::pack_path_for(idx_path);
    if !pack_path.is_file() {
        return failed(PackCheckError::NoPack {
            idx: idx_path.to_path_buf(),
        });
    }
    let no_index = |layout| PackCheckError::NoIndex {
        idx: idx_path.to_path_buf(),
        layout,
    };
    let Ok(bytes) = crate::file::read(idx_path) else {
        return failed(no_index(None));
    };
    match index::check_layout(&bytes) {
        Err(kind) if index::git_refuses(&kind) => return failed(no_index(Some(kind))),
        _ if large_offset_out_of_range(&bytes) => {
            return failed(PackCheckError::LargeOffset { pack: pack_path });
        }
        Err(_) => return failed(no_index(None)),
        Ok(_) => {}
    }
    let index = match PackIndex::from_bytes(idx_path.to_path_buf(), FileBytes::Owned(bytes)) {
        Ok(index) => index,
        Err(_) => return failed(no_index(None)),
    };
    let index_error = match Pack::new(index, pack_path.clone(), None, limits).verify() {
        Ok(report) => {
            return PackCheck {
                report: Some(report),
                error: None,
            }
        }
        Err(e) => e,
    };
    match read_pack_alone(&pack_path, limits) {
        Ok(mut report) => {
            report.pack_path = pack_path;
            PackCheck {
                report: Some(report),
                error: Some(PackCheckError::Index {
                    idx: idx_path.to_path_buf(),
                    why: Box::new(index_error),
                }),
            }
        }
        Err(e) => failed(e),
    }
}

/// Whether a v2 index (whose layout git accepts) has an entry whose large offset lies where
/// git's `check_pack_index_ptr` refuses to read: past the last 8 bytes of the file.
fn large_offset_out_of_range(b: &[u8]) -> bool {
    let mut c = Cursor::new(b);
    if c.bytes(4) != Ok(&[0xff, b't', b'O', b'c'][..]) {
        return false;
    }
    let Ok(n) = Cursor::at(b, 8 + 255 * 4).and_then(|mut c| c.be_u32()) else {
        return false;
    };
    let n = n as usize;
    // the tables of `n` entries: ids (20), CRCs (4), then offsets (4), then large offsets (8)
    let Some(offsets_at) = n.checked_mul(24).and_then(|t| t.checked_add(8 + 256 * 4)) else {
        return false;
    };
    let Some(large_at) = n.checked_mul(4).and_then(|t| t.checked_add(offsets_at)) else {
        return false;
    };
    let limit = b.len().saturating_sub(8);
    let Ok(mut offsets) = Cursor::at(b, offsets_at) else {
        return false;
    };
    (0..n).any(|_| match offsets.be_u32() {
        Ok(word) if word & 0x8000_0000 != 0 => ((word & 0x7fff_ffff) as usize)
            .checked_mul(8)
            .and_then(|k| k.checked_add(large_at))
            .map_or(true, |at| at >= limit),
        _ => false,
    })
}

/// Reads a pack without its index, as `git index-pack` does: entry after entry from the
/// header, then the trailer, then every delta; returns the report of a pack that is sound.
fn read_pack_alone(
    pack_path: &Path,
    limits: Limits,
) -> std::result::Result<VerifyReport, PackCheckError> {
    let bytes = FileBytes::open(pack_path).map_err(|_| PackCheckError::EarlyEof)?;
    let count = match data::parse_header(&bytes) {
        Ok((_, count)) => count,
        Err(PackErrorKind::BadMagic) => return Err(PackCheckError::Signature),
        Err(PackErrorKind::BadVersion(v)) => return Err(PackCheckError::Version(v)),
        // shorter than header and trailer: git reads what it can of the header first
        Err(_) => {
            let mut c = Cursor::new(&bytes);
            return Err(match c.bytes(4) {
                Ok(magic) if magic != b"PACK" => PackCheckError::Signature,
                Ok(_) if bytes.len() >= data::HEADER_LEN => match c.be_u32() {
                    Ok(v) if v != 2 && v != 3 => PackCheckError::Version(v),
                    _ => PackCheckError::EarlyEof,
                },
                Ok(_) => PackCheckError::EarlyEof,
                Err(_) => PackCheckError::EarlyEof,
            });
        }
    };
    let data = PackData::from_bytes(pack_path.to_path_buf(), bytes)
        .map_err(|_| PackCheckError::EarlyEof)?;
    let all = data.bytes();
    let end = data.end_of_entries();
    // (offset, id for whole objects, CRC32)
    let mut entries: Vec<(u64, Option<ObjectId>, u32)> = Vec::new();
    let mut c = Cursor::at(all, data::HEADER_LEN).map_err(|_| PackCheckError::EarlyEof)?;
    let mut buf = Vec::new();
    for _ in 0..count {
        let start = c.position();
        let offset = start as u64;
        let h = data::parse_entry_header(c.rest(), offset).map_err(|e| {
            if c.remaining() <= 1 {
                PackCheckError::EarlyEof
            } else {
                PackCheckError::Object(data.entry_error(
                    None,
                    offset,
                    PackErrorKind::BadEntryHeader(e),
                ))
            }
        })?;
        if h.size > limits.max_object_size {
            return Err(PackCheckError::Object(Error::LimitExceeded {
                what: "object size",
                limit: limits.max_object_size,
                location: Location::Pack {
                    path: pack_path.to_path_buf(),
                    offset,
                },
            }));
        }
        c.skip(h.header_len).map_err(|_| PackCheckError::EarlyEof)?;
        let input = c.rest();
        let size = usize::try_from(h.size).map_err(|_| PackCheckError::EarlyEof)?;
        let used = data::inflate_exact(input, size, &mut buf).map_err(|_| {
            match git_inflate(input, size) {
                GitInflate::EarlyEof => PackCheckError::EarlyEof,
                GitInflate::Status(status, zlib) => PackCheckError::BadObject {
                    offset,
                    status,
                    zlib,
                },
            }
        })?;
        c.skip(used).map_err(|_| PackCheckError::EarlyEof)?;
        if c.position() as u64 > end {
            return Err(PackCheckError::EarlyEof);
        }
        let raw = all.get(start..c.position()).unwrap_or_default();
        let id = match h.kind {
            EntryKind::Base(kind) => {
                Some(hash_object(kind, &buf).map_err(|e| PackCheckError::Object(e.into()))?)
            }
            _ => None,
        };
        entries.push((offset, id, crc32fast::hash(raw)));
    }
    if c.position() as u64 != end {
        return Err(PackCheckError::Junk);
    }
    data.verify_checksum()
        .map_err(|_| PackCheckError::Checksum)?;
    let checksum = data.checksum();

    // Rebuild the deltas through an index of what is known so far; a delta's own id is learned
    // when it is rebuilt, and REF_DELTA bases that are deltas are found through `known`.
    let placeholder = |offset: u64| {
        let mut raw = [0xffu8; 20];
        raw[12..].copy_from_slice(&offset.to_be_bytes());
        ObjectId::from_raw(raw)
    };
    let provisional: Vec<(ObjectId, u64, u32)> = entries
        .iter()
        .map(|&(o, id, crc)| (id.unwrap_or_else(|| placeholder(o)), o, crc))
        .collect();
    let pack = pack_with_index(&provisional, data, checksum, &limits)?;
    let cache = DeltaBaseCache::new(limits.delta_base_cache);
    let known = KnownDeltas {
        pack: &pack,
        cache: &cache,
        at: std::sync::Mutex::new(std::collections::HashMap::new()),
    };
    let mut complete = Vec::with_capacity(entries.len());
    for (o, id, crc) in &entries {
        let id = match id {
            Some(id) => *id,
            None => {
                let kind = pack
                    .read_at_offset(*o, &mut buf, &cache, &known)
                    .map_err(PackCheckError::Object)?;
                let id = hash_object(kind, &buf).map_err(|e| PackCheckError::Object(e.into()))?;
                if let Ok(mut at) = known.at.lock() {
                    at.insert(id, *o);
                }
                id
            }
        };
        complete.push((id, *o, *crc));
    }
    let data = pack.data.into_inner().ok_or(PackCheckError::EarlyEof)?;
    let pack = pack_with_index(&complete, data, checksum, &limits)?;
    pack.verify().map_err(PackCheckError::Object)
}

fn pack_with_index(
    entries: &[(ObjectId, u64, u32)],
    data: PackData,
    checksum: [u8; 20],
    limits: &Limits,
) -> std::result::Result<Pack, PackCheckError> {
    let idx_bytes = index::build_v2(entries, checksum);
    let index = PackIndex::from_bytes(
        data.path().with_extension("idx"),
        FileBytes::Owned(idx_bytes),
    )
    .map_err(PackCheckError::Object)?;
    Pack::from_parts(index, data, *limits).map_err(PackCheckError::Object)
}

/// REF_DELTA bases that are themselves deltas, by the id learned when they were rebuilt.
struct KnownDeltas<'a> {
    pack: &'a Pack,
    cache: &'a DeltaBaseCache,
    at: std::sync::Mutex<std::collections::HashMap<ObjectId, u64>>,
}

impl ExternalBases for KnownDeltas<'_> {
    fn read_base(&self, id: &ObjectId, depth: usize, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        let offset = self.at.lock().ok().and_then(|m| m.get(id).copied());
        match offset {
            Some(o) => self
                .pack
                .resolve(o, Some(*id), depth, out, self.cache, self)
                .map(Some),
            None => Ok(None),
        }
    }
}

/// How git's inflate loop ends on a stream that does not inflate to `size` bytes.
enum GitInflate {
    /// The input ran out first.
    EarlyEof,
    /// zlib's status as git prints it, and zlib's message for a data error.
    Status(i32, Option<String>),
}

/// Replays what `git index-pack` sees when it inflates an entry into a buffer of exactly
/// `size` bytes: a data error (-3, with zlib's words), a buffer that fills before the stream
/// ends (-5), a stream that ends short (1), or input that runs out (early EOF).
fn git_inflate(input: &[u8], size: usize) -> GitInflate {
    let mut z = flate2::Decompress::new(true);
    let mut out = Vec::new();
    if out.try_reserve_exact(size).is_err() {
        return GitInflate::Status(-5, None);
    }
    out.resize(size, 0);
    loop {
        let (tin, tout) = (z.total_in() as usize, z.total_out() as usize);
        let rest = input.get(tin..).unwrap_or_default();
        let room = out.get_mut(tout..).unwrap_or_default();
        match z.decompress(rest, room, flate2::FlushDecompress::None) {
            Err(e) => return GitInflate::Status(-3, e.message().map(str::to_string)),
            Ok(flate2::Status::StreamEnd) => return GitInflate::Status(1, None),
            Ok(_) => {
                let progressed = z.total_in() as usize != tin || z.total_out() as usize != tout;
                if progressed {
                    continue;
                }
                if z.total_out() as usize == size {
                    return GitInflate::Status(-5, None);
                }
                return GitInflate::EarlyEof;
            }
        }
    }
}
