//! Writing the entries: each one's header and zlib stream (copied from a source pack after
//! checking its CRC32, or made now), its offset and CRC32 noted for the index, the SHA-1 of
//! everything appended at the end.

use super::entry::{push_entry_header, push_ofs_distance, push_ref_base, Deflater};
use super::plan::{DeltaData, Entry, Plan};
use super::{PackOptions, PackStats, PackSummary, Phase, Progress};
use crate::error::{Error, Result};
use crate::hash::FileChecksum;
use crate::odb::Odb;
use crate::pack::write_index::sort_entries;
use crate::pack::IndexEntry;
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
    let total = order.len() as u64;
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let mut written = 0u64;
    let mut rest = order;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(chunk_len(plan, rest));
        rest = tail;
        let payloads = payloads(odb, plan, chunk, options, threads)?;
        for (&i, payload) in chunk.iter().zip(&payloads) {
            let entry = &plan.entries[i];
            buf.clear();
            let (size, data, copied) = match payload {
                Payload::Delta { size, data } => (*size, *data, None),
                Payload::Copied(c) => (c.size, c.data, Some(c)),
                Payload::Fresh { size, deflated } => (*size, deflated.as_slice(), None),
            };
            // a reused delta whose source failed its CRC check is written whole, fresh
            let delta = match payload {
                Payload::Fresh { .. } => None,
                _ => entry.delta.as_ref(),
            };
            match delta {
                Some(delta) => {
                    let base = plan.entries.get(delta.base).unwrap_or(entry);
                    let base_offset = offsets.get(delta.base).copied().unwrap_or(u64::MAX);
                    if options.ofs_delta && !base.preferred_base && base_offset < w.offset {
                        push_entry_header(&mut buf, 6, size);
                        push_ofs_distance(&mut buf, w.offset - base_offset);
                    } else {
                        push_entry_header(&mut buf, 7, size);
                        push_ref_base(&mut buf, &base.id);
                    }
                    stats.deltas += 1;
                    if copied.is_some() {
                        stats.reused_deltas += 1;
                    }
                }
                None => push_entry_header(&mut buf, entry.kind.pack_code(), size),
            }
            if copied.is_some() {
                stats.reused += 1;
            }
            // an entry copied with the header it had is checked already: its CRC32 stays
            let crc = match copied {
                Some(c) if c.header == buf.as_slice() => c.crc32,
                _ => {
                    let mut crc = crc32fast::Hasher::new();
                    crc.update(&buf);
                    crc.update(data);
                    crc.finalize()
                }
            };
            offsets[i] = w.offset;
            index.push(IndexEntry {
                id: entry.id,
                offset: w.offset,
                crc32: Some(crc),
            });
            w.put(&buf)?;
            w.put(data)?;
            written += 1;
            progress.update(Phase::Writing, written, total);
        }
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

/// Bytes of objects compressed anew held at once, at most (beyond one object).
const CHUNK_BYTES: u64 = 32 << 20;
/// Entries handled at once, at most.
const CHUNK_ENTRIES: usize = 4096;

/// How many of `order`'s next entries to prepare together: up to [`CHUNK_ENTRIES`], and no
/// more than [`CHUNK_BYTES`] of object data.
fn chunk_len(plan: &Plan, order: &[usize]) -> usize {
    let mut bytes = 0u64;
    for (n, &i) in order.iter().enumerate().take(CHUNK_ENTRIES) {
        bytes = bytes.saturating_add(plan.entries[i].size);
        if bytes > CHUNK_BYTES {
            return n.max(1);
        }
    }
    order.len().min(CHUNK_ENTRIES)
}

/// What follows an entry's header.
enum Payload<'p> {
    /// A delta found now.
    Delta { size: u64, data: &'p [u8] },
    /// An entry of a source pack, copied: a delta when the entry is written as one, else a
    /// whole object.
    Copied(Copied<'p>),
    /// A whole object compressed now.
    Fresh { size: u64, deflated: Vec<u8> },
}

/// An object compressed anew: its place in the chunk, its size, its zlib stream.
type Compressed = (usize, u64, Vec<u8>);

/// The payloads of `chunk`'s entries; the objects to compress anew are read and deflated on
/// `threads` threads.
fn payloads<'p>(
    odb: &Odb,
    plan: &'p Plan,
    chunk: &[usize],
    options: &PackOptions,
    threads: usize,
) -> Result<Vec<Payload<'p>>> {
    let mut out = Vec::with_capacity(chunk.len());
    let mut fresh = Vec::new();
    for (n, &i) in chunk.iter().enumerate() {
        let entry = &plan.entries[i];
        let copied = match &entry.delta {
            Some(d) => match &d.data {
                DeltaData::Computed {
                    size,
                    arena,
                    start,
                    end,
                } => Some(Payload::Delta {
                    size: *size,
                    data: plan.computed(*arena, *start, *end),
                }),
                DeltaData::Reused => reusable(plan, entry)?.map(Payload::Copied),
            },
            None => reusable(plan, entry)?.map(Payload::Copied),
        };
        // a reused delta whose source failed its CRC check is written whole
        out.push(copied.unwrap_or(Payload::Fresh {
            size: 0,
            deflated: Vec::new(),
        }));
        if matches!(out.last(), Some(Payload::Fresh { .. })) {
            fresh.push(n);
        }
    }
    if fresh.is_empty() {
        return Ok(out);
    }
    let compress = |part: &[usize]| -> Result<Vec<Compressed>> {
        let mut deflater = Deflater::new(options.compression);
        let mut object = Vec::new();
        part.iter()
            .map(|&n| {
                odb.read_to(&plan.entries[chunk[n]].id, &mut object)?;
                let mut deflated = Vec::new();
                deflater.deflate_into(&object, &mut deflated);
                Ok((n, object.len() as u64, deflated))
            })
            .collect()
    };
    let per_thread = fresh.len().div_ceil(threads.max(1));
    let done: Vec<Result<Vec<Compressed>>> = if threads <= 1 || fresh.len() < 16 {
        vec![compress(&fresh)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = fresh
                .chunks(per_thread)
                .map(|part| s.spawn(|| compress(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    for part in done {
        for (n, size, deflated) in part? {
            if let Some(slot) = out.get_mut(n) {
                *slot = Payload::Fresh { size, deflated };
            }
        }
    }
    Ok(out)
}

/// An entry of a source pack to copy.
struct Copied<'p> {
    /// The inflated size of what it holds.
    size: u64,
    /// Its header as the source pack has it.
    header: &'p [u8],
    /// Its zlib stream.
    data: &'p [u8],
    /// The CRC32 of header and stream, checked against the source index.
    crc32: u32,
}

/// `entry`'s entry in its source pack, when it has one of the form needed (a delta for a
/// reused delta, else a whole object) and its CRC32 matches the source index.
fn reusable<'p>(plan: &'p Plan, entry: &Entry) -> Result<Option<Copied<'p>>> {
    let Some(source) = &entry.source else {
        return Ok(None);
    };
    let wanted_delta = entry.delta.is_some();
    if source.is_delta() != wanted_delta {
        return Ok(None);
    }
    if source.whole.is_some_and(|kind| kind != entry.kind) {
        return Ok(None);
    }
    let Some(crc) = source.crc32 else {
        return Ok(None);
    };
    let Some(pack) = plan.packs.get(source.pack as usize) else {
        return Ok(None);
    };
    let bytes = pack.data()?.bytes();
    let start = usize::try_from(source.offset).ok();
    let len = usize::try_from(source.size_in_pack).ok();
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
    let Some((header, data)) = usize::try_from(source.header_len)
        .ok()
        .and_then(|at| whole.split_at_checked(at))
    else {
        return Ok(None);
    };
    Ok(Some(Copied {
        size: source.stored_size,
        header,
        data,
        crc32: crc,
    }))
}
