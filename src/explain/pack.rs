//! The pack view (`gitstore explain --pack PACK`): a `.pack` file laid out, header, entries and
//! trailer, and its `.idx` summarised.
//!
//! ```text
//! .pack  offset 0   "PACK" | version (u32 BE) | object count (u32 BE)      12 bytes
//!        offset 12  entries, back to back:
//!                   type+size header (1 byte + 7 bits a byte while bit 7 is set)
//!                   OFS_DELTA: base distance (varint) | REF_DELTA: base id (20 bytes)
//!                   zlib stream of the object, or of the delta
//!        end - 20   SHA-1 of everything before it
//! .idx   v2: ff 74 4f 63 | version 2 | fan-out 256 × u32 | ids N × 20 | CRC32 N × 4
//!            | offsets N × 4 | large offsets L × 8 | pack SHA-1 | idx SHA-1
//!        v1: fan-out 256 × u32 | N × (offset u32, id) | pack SHA-1 | idx SHA-1
//! ```
//!
//! Every entry is read (headers only) to count kinds and chain lengths, as `git verify-pack -v`
//! reports them; only the first `limit` entries are listed, so a pack of millions of objects
//! gives a short view.

use crate::error::Result;
use crate::hash::FileChecksum;
use crate::limits::Limits;
use crate::mmap::FileBytes;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::pack::{index::check_layout, EntryKind, Pack, PackError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// How many entries the view lists unless told otherwise.
pub const DEFAULT_ENTRY_LIMIT: usize = 50;

/// A pack and its index, laid out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackView {
    /// The `.pack` file.
    pub pack: PathBuf,
    /// Its size in bytes.
    pub pack_size: u64,
    /// The 12-byte header.
    pub header: PackHeader,
    /// How many entries the index lists.
    pub entry_count: usize,
    /// The first entries in pack order (at most the limit asked for).
    pub entries: Vec<PackEntry>,
    /// Whether `entries` stops before the last entry.
    pub truncated: bool,
    /// Entries and bytes per stored type, for every type present, by type code.
    pub types: Vec<TypeCount>,
    /// Objects per delta-chain length, as `git verify-pack -s` counts them (0: whole).
    pub chains: Vec<ChainCount>,
    /// The 20-byte trailer.
    pub trailer: PackTrailer,
    /// The `.idx` file.
    pub index: IndexSummary,
}

/// The header of a `.pack` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackHeader {
    /// Always 0.
    pub offset: u64,
    /// Always 12.
    pub len: u64,
    /// The pack format version (2 or 3).
    pub version: u32,
    /// The object count it announces.
    pub objects: u32,
}

/// One entry of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackEntry {
    /// Where its header starts.
    pub offset: u64,
    /// The object it holds.
    pub id: ObjectId,
    /// The type code in its header (1-4 whole, 6 OFS_DELTA, 7 REF_DELTA).
    pub type_code: u8,
    /// The type code's name: `commit`, `tree`, `blob`, `tag`, `ofs_delta`, `ref_delta`.
    pub stored_as: &'static str,
    /// The object's kind (a delta's is its chain's whole object's); `None` when its chain
    /// leaves the pack.
    pub kind: Option<Kind>,
    /// The size its header announces: the object's, or for a delta the delta's (the size
    /// `git verify-pack -v` prints).
    pub size: u64,
    /// Bytes of its header (type, size and base).
    pub header_len: usize,
    /// Bytes it takes in the pack, header included.
    pub size_in_pack: u64,
    /// For a delta, its base.
    pub base: Option<EntryBase>,
    /// Deltas between it and a whole object (0 for a whole object).
    pub depth: u32,
}

/// The base of a delta entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryBase {
    /// The base's id (`None` for an OFS_DELTA whose offset is no entry).
    pub id: Option<ObjectId>,
    /// The base entry's offset, when it is in this pack.
    pub offset: Option<u64>,
}

/// How many entries of one stored type, and the bytes they take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeCount {
    /// The type code.
    pub type_code: u8,
    /// Its name, as in [`PackEntry::stored_as`].
    pub stored_as: &'static str,
    /// Entries stored so.
    pub entries: u64,
    /// Bytes they take in the pack, headers included.
    pub bytes: u64,
}

/// How many objects have a delta chain of one length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainCount {
    /// The chain length (0: stored whole).
    pub depth: u32,
    /// Objects with that length.
    pub objects: u64,
}

/// The trailer of a `.pack` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackTrailer {
    /// Where it starts: the end of the last entry.
    pub offset: u64,
    /// The SHA-1 stored.
    #[serde(serialize_with = "super::hex_bytes")]
    pub checksum: [u8; 20],
    /// Whether it is the SHA-1 of every byte before it.
    pub checksum_ok: bool,
}

/// A `.idx` file summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexSummary {
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub file_size: u64,
    /// Its format version (1 or 2).
    pub version: u32,
    /// Objects it lists.
    pub objects: usize,
    /// The file cut into its tables, in order.
    pub sections: Vec<Section>,
    /// The fan-out table: `fanout[b]` ids start with a byte `<= b`.
    pub fanout: Vec<u32>,
    /// The fan-out table summarised.
    pub fanout_summary: FanoutSummary,
    /// The pack checksum the index stores.
    #[serde(serialize_with = "super::hex_bytes")]
    pub pack_checksum: [u8; 20],
    /// Whether it is the `.pack` file's trailer.
    pub pack_checksum_ok: bool,
}

/// One table of a `.idx` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// `magic`, `fanout`, `ids`, `crc32`, `offsets`, `large_offsets`, `entries` (v1),
    /// `pack_checksum` or `idx_checksum`.
    pub name: &'static str,
    /// Where it starts.
    pub offset: u64,
    /// Its length.
    pub len: u64,
}

/// What the fan-out table says about how ids spread over their first byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FanoutSummary {
    /// First bytes no id starts with.
    pub empty_slots: usize,
    /// The fewest ids starting with one byte.
    pub min: u32,
    /// The most ids starting with one byte.
    pub max: u32,
    /// A first byte with that many ids.
    pub max_slot: u8,
    /// The most probes a binary search within one slot takes: `ceil(log2(max + 1))`.
    pub max_probes: u32,
}

/// Stored type names, by type code.
fn stored_as(code: u8) -> &'static str {
    match code {
        1 => "commit",
        2 => "tree",
        3 => "blob",
        4 => "tag",
        6 => "ofs_delta",
        7 => "ref_delta",
        _ => "invalid",
    }
}

/// The index path for `path`, a `.pack` or `.idx` file (or either without its extension).
pub fn idx_path(path: &Path) -> PathBuf {
    path.with_extension("idx")
}

/// Lays out the pack at `path` (its `.pack` or `.idx`), listing its first `limit` entries
/// (`None`: every entry).
pub fn pack_view(path: &Path, limit: Option<usize>, limits: Limits) -> Result<PackView> {
    let idx = idx_path(path);
    let pack = Pack::open_with_limits(&idx, limits)?;
    let data = pack.data()?;
    let bytes = data.bytes();
    let entries = pack.entries_by_offset()?;
    let end = data.end_of_entries();
    let position_of = |offset: u64| entries.binary_search_by_key(&offset, |e| e.offset).ok();

    // each entry's header, its base's position, and (once known) its depth and kind
    let mut headers = Vec::with_capacity(entries.len());
    for e in &entries {
        let h = data.entry_header(e.offset)?;
        let base = match h.kind {
            EntryKind::Base(_) => None,
            EntryKind::OfsDelta { base_offset } => position_of(base_offset),
            EntryKind::RefDelta { base } => pack.offset_of(&base)?.and_then(position_of),
        };
        headers.push((h, base));
    }
    let mut known: Vec<Option<(u32, Option<Kind>)>> = vec![None; entries.len()];
    for i in 0..entries.len() {
        let mut stack = Vec::new();
        let mut j = i;
        let (mut depth, kind) = loop {
            if let Some(k) = known.get(j).copied().flatten() {
                break k;
            }
            match headers.get(j) {
                Some((h, _)) if !h.kind.is_delta() => match h.kind {
                    EntryKind::Base(k) => break (0, Some(k)),
                    _ => break (0, None),
                },
                Some((_, Some(base))) if stack.len() <= limits.max_delta_chain => {
                    stack.push(j);
                    j = *base;
                }
                // a base outside the pack, or a chain too long (a cycle)
                _ => {
                    stack.push(j);
                    break (0, None);
                }
            }
        };
        if stack.is_empty() {
            if let Some(slot) = known.get_mut(j) {
                *slot = Some((depth, kind));
            }
        }
        while let Some(k) = stack.pop() {
            depth += 1;
            if let Some(slot) = known.get_mut(k) {
                *slot = Some((depth, kind));
            }
        }
    }

    let show = limit.unwrap_or(usize::MAX);
    let mut listed = Vec::with_capacity(show.min(entries.len()));
    let mut types: Vec<TypeCount> = Vec::new();
    let mut chains: Vec<ChainCount> = Vec::new();
    for (i, (e, (h, base_pos))) in entries.iter().zip(&headers).enumerate() {
        let next = entries.get(i + 1).map_or(end, |n| n.offset);
        let size_in_pack = next.saturating_sub(e.offset);
        let (depth, kind) = known.get(i).copied().flatten().unwrap_or((0, None));
        let code = h.kind.code();
        match types.iter_mut().find(|t| t.type_code == code) {
            Some(t) => {
                t.entries += 1;
                t.bytes += size_in_pack;
            }
            None => types.push(TypeCount {
                type_code: code,
                stored_as: stored_as(code),
                entries: 1,
                bytes: size_in_pack,
            }),
        }
        match chains.iter_mut().find(|c| c.depth == depth) {
            Some(c) => c.objects += 1,
            None => chains.push(ChainCount { depth, objects: 1 }),
        }
        if listed.len() < show {
            let base_entry = base_pos.and_then(|p| entries.get(p));
            let base = match h.kind {
                EntryKind::Base(_) => None,
                EntryKind::OfsDelta { base_offset } => Some(EntryBase {
                    id: base_entry.map(|b| b.id),
                    offset: Some(base_offset),
                }),
                EntryKind::RefDelta { base } => Some(EntryBase {
                    id: Some(base),
                    offset: base_entry.map(|b| b.offset),
                }),
            };
            listed.push(PackEntry {
                offset: e.offset,
                id: e.id,
                type_code: code,
                stored_as: stored_as(code),
                kind,
                size: h.size,
                header_len: h.header_len,
                size_in_pack,
                base,
                depth,
            });
        }
    }
    types.sort_by_key(|t| t.type_code);
    chains.sort_by_key(|c| c.depth);

    let checksum = data.checksum();
    let computed = FileChecksum::of(bytes.get(..end as usize).unwrap_or_default());
    let index = index_summary(&idx, &checksum)?;
    Ok(PackView {
        pack: pack.pack_path().to_path_buf(),
        pack_size: bytes.len() as u64,
        header: PackHeader {
            offset: 0,
            len: crate::pack::data::HEADER_LEN as u64,
            version: data.version(),
            objects: data.num_objects(),
        },
        entry_count: entries.len(),
        truncated: listed.len() < entries.len(),
        entries: listed,
        types,
        chains,
        trailer: PackTrailer {
            offset: end,
            checksum,
            checksum_ok: computed == checksum,
        },
        index,
    })
}

/// Reads the `.idx` at `path` and summarises it; `pack_trailer` is the `.pack` file's checksum.
fn index_summary(path: &Path, pack_trailer: &[u8; 20]) -> Result<IndexSummary> {
    let bytes = FileBytes::open(path).map_err(|e| crate::Error::io(path, e))?;
    let layout = check_layout(&bytes).map_err(|kind| PackError::new(kind, path))?;
    let n = layout.len as u64;
    let size = bytes.len() as u64;
    let mut sections = Vec::new();
    let mut at = 0u64;
    let mut push = |name, len: u64| {
        sections.push(Section {
            name,
            offset: at,
            len,
        });
        at += len;
    };
    if layout.version == 2 {
        push("magic", 8);
        push("fanout", 1024);
        push("ids", n * 20);
        push("crc32", n * 4);
        push("offsets", n * 4);
        push("large_offsets", size.saturating_sub(8 + 1024 + n * 28 + 40));
    } else {
        push("fanout", 1024);
        push("entries", n * 24);
    }
    push("pack_checksum", 20);
    push("idx_checksum", 20);
    let stored: [u8; 20] = bytes
        .get(bytes.len().saturating_sub(40)..)
        .and_then(|t| t.first_chunk().copied())
        .unwrap_or_default();
    let mut per_slot = layout.fanout.iter().scan(0u32, |prev, &total| {
        let here = total.saturating_sub(*prev);
        *prev = total;
        Some(here)
    });
    let mut summary = FanoutSummary {
        empty_slots: 0,
        min: u32::MAX,
        max: 0,
        max_slot: 0,
        max_probes: 0,
    };
    for slot in 0..=255u8 {
        let count = per_slot.next().unwrap_or(0);
        summary.empty_slots += usize::from(count == 0);
        summary.min = summary.min.min(count);
        if count > summary.max {
            summary.max = count;
            summary.max_slot = slot;
        }
    }
    summary.max_probes = u32::BITS - summary.max.leading_zeros();
    Ok(IndexSummary {
        path: path.to_path_buf(),
        file_size: size,
        version: layout.version,
        objects: layout.len,
        sections,
        fanout: layout.fanout.to_vec(),
        fanout_summary: summary,
        pack_checksum: stored,
        pack_checksum_ok: &stored == pack_trailer,
    })
}
