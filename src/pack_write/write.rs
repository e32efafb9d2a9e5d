//! Writing the entries: each one's header and zlib stream (copied from a source pack after
//! checking its CRC32, or made now), its offset and CRC32 noted for the index, the SHA-1 of
//! everything appended at the end.

use super::entry::{deflate, push_entry_header, push_ofs_distance, push_ref_base};
use super::plan::{DeltaData, Entry, Plan};
use super::{PackOptions, PackStats, PackSummary, Phase, Progress};
use crate::error::{Error, Result};
use crate::hash::FileChecksum;
use crate::odb::Odb;
use crate::pack::write_index::sort_entries;
use crate::pack::{EntryKind, IndexEntry};
use std::io::Write;
use std::path::Path;

/// A writer that hashes and counts what passes through.
struct Hashing<'a> {
    out: &'a mut dyn Write,
    sum: FileChecksum,
    offset: u64,
    path: &'a Path,
}

impl Hashing<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io(self.path, e))?;
        self.sum.update(bytes);
        self.offset += bytes.len() as u64;
        Ok(())
    }
}

/// Writes the pack of `plan`'s entries in `order` to `out` (`path` names it in errors).
pub(crate) fn write_pack(
    odb: &Odb,
    plan: &Plan,
    order: &[usize],
    options: &PackOptions,
    progress: &dyn Progress,
    out: &mut dyn Write,
    path: &Path,
) -> Result<PackSummary> {
    let mut w = Hashing {
        out,
        sum: FileChecksum::new(),
        offset: 0,
        path,
    };
    let count = u32::try_from(order.len())
        .map_err(|_| super::PackWriteError::TooManyObjects(order.len()))?;
    let mut header = Vec::with_capacity(12);
    header.extend_from_slice(b"PACK");
    header.extend_from_slice(&2u32.to_be_bytes());
    header.extend_from_slice(&count.to_be_bytes());
    w.put(&header)?;

    let mut offsets = vec![u64::MAX; plan.entries.len()];
    let mut index = Vec::with_capacity(order.len());
    let mut stats = PackStats::default();
    let mut buf = Vec::new();
    let mut object = Vec::new();
    let total = order.len() as u64;
    for (n, &i) in order.iter().enumerate() {
        let entry = &plan.entries[i];
        buf.clear();
        encode(
            odb,
            plan,
            entry,
            &offsets,
            w.offset,
            options,
            &mut object,
            &mut buf,
            &mut stats,
        )?;
        offsets[i] = w.offset;
        index.push(IndexEntry {
            id: entry.id,
            offset: w.offset,
            crc32: Some(crc32fast::hash(&buf)),
        });
        w.put(&buf)?;
        progress.update(Phase::Writing, n as u64 + 1, total);
    }
    progress.finish(Phase::Writing, total);
    stats.total = total;
    let checksum = w.sum.clone().finish();
    w.out
        .write_all(&checksum)
        .and_then(|_| w.out.flush())
        .map_err(|e| Error::io(path, e))?;
    sort_entries(&mut index).map_err(super::PackWriteError::from)?;
    Ok(PackSummary {
        checksum,
        entries: index,
        stats,
    })
}

/// The bytes of `entry`'s pack entry, written at `offset`, into `buf`.
#[allow(clippy::too_many_arguments)]
fn encode(
    odb: &Odb,
    plan: &Plan,
    entry: &Entry,
    offsets: &[u64],
    offset: u64,
    options: &PackOptions,
    object: &mut Vec<u8>,
    buf: &mut Vec<u8>,
    stats: &mut PackStats,
) -> Result<()> {
    if let Some(delta) = &entry.delta {
        let base = &plan.entries[delta.base];
        let payload: Option<(u64, &[u8])> = match &delta.data {
            DeltaData::Computed { deflated, size } => Some((*size, deflated)),
            DeltaData::Reused => reusable(plan, entry)?,
        };
        if let Some((size, data)) = payload {
            let base_offset = offsets[delta.base];
            if options.ofs_delta && !base.preferred_base && base_offset < offset {
                push_entry_header(buf, 6, size);
                push_ofs_distance(buf, offset - base_offset);
            } else {
                push_entry_header(buf, 7, size);
                push_ref_base(buf, &base.id);
            }
            buf.extend_from_slice(data);
            stats.deltas += 1;
            if matches!(delta.data, DeltaData::Reused) {
                stats.reused += 1;
                stats.reused_deltas += 1;
            }
            return Ok(());
        }
    }
    if entry.delta.is_none() {
        if let Some((size, data)) = reusable(plan, entry)? {
            push_entry_header(buf, entry.kind.pack_code(), size);
            buf.extend_from_slice(data);
            stats.reused += 1;
            return Ok(());
        }
    }
    // a reused delta whose source failed its CRC check lands here: written whole
    odb.read_to(&entry.id, object)?;
    push_entry_header(buf, entry.kind.pack_code(), object.len() as u64);
    buf.extend_from_slice(&deflate(object, options.compression));
    Ok(())
}

/// The inflated size and compressed bytes of `entry`'s entry in its source pack, when it has
/// one of the form needed (a delta for a reused delta, else a whole object) and its CRC32
/// matches the source index.
fn reusable<'p>(plan: &'p Plan, entry: &Entry) -> Result<Option<(u64, &'p [u8])>> {
    let Some(source) = &entry.source else {
        return Ok(None);
    };
    let wanted_delta = entry.delta.is_some();
    if source.info.header.kind.is_delta() != wanted_delta {
        return Ok(None);
    }
    if let EntryKind::Base(kind) = source.info.header.kind {
        if kind != entry.kind {
            return Ok(None);
        }
    }
    let Some(crc) = source.crc32 else {
        return Ok(None);
    };
    let Some(pack) = plan.packs.get(source.pack) else {
        return Ok(None);
    };
    let bytes = pack.data()?.bytes();
    let start = usize::try_from(source.info.offset).ok();
    let len = usize::try_from(source.info.size_in_pack).ok();
    let whole = match (start, len) {
        (Some(s), Some(l)) => s.checked_add(l).and_then(|end| bytes.get(s..end)),
        _ => None,
    };
    let Some(whole) = whole else {
        return Ok(None);
    };
    if crc32fast::hash(whole) != crc {
        return Ok(None);
    }
    Ok(whole
        .get(source.info.header.header_len..)
        .map(|data| (source.info.header.size, data)))
}
