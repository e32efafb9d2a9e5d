//! `verify-pack`: check every byte of a pack and its index, and describe every entry the way
//! `git verify-pack -v` does.

use super::{EntryKind, NoExternalBases, Pack};
use crate::error::{Error, Location, Result};
use crate::hash::hash_object;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::pack::DeltaBaseCache;
use std::io::{self, Write};
use std::path::PathBuf;

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
    write_verify_pack_s(report, out)?;
    out.write_all(report.pack_path.as_os_str().as_encoded_bytes())?;
    out.write_all(b": ok\n")
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
        let at = |offset: u64, reason: String| data.corrupt(None, offset, reason);
        for pair in entries.windows(2) {
            if pair[0].offset == pair[1].offset {
                return Err(at(
                    pair[0].offset,
                    "two index entries share this offset".into(),
                ));
            }
        }
        if let Some(first) = entries.first() {
            if first.offset != super::data::HEADER_LEN as u64 {
                return Err(at(
                    first.offset,
                    "the first entry does not follow the header".into(),
                ));
            }
        }
        if let Some(last) = entries.last() {
            if last.offset >= end {
                return Err(at(
                    last.offset,
                    "entry offset is past the end of the pack".into(),
                ));
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
            let size_in_pack = next - e.offset;
            let raw = usize::try_from(e.offset)
                .ok()
                .zip(usize::try_from(next).ok())
                .and_then(|(s, n)| data.bytes().get(s..n))
                .ok_or_else(|| at(e.offset, "entry is outside the pack".into()))?;
            let crc32 = crc32fast::hash(raw);
            if let Some(want) = e.crc32 {
                if want != crc32 {
                    return Err(data.corrupt(Some(e.id), e.offset, "CRC32 mismatch"));
                }
            }
            let h = data.entry_header(e.offset)?;
            let target = if h.kind.is_delta() {
                &mut scratch
            } else {
                &mut buf
            };
            let used = data.inflate_entry(e.offset, &h, target, self.limits.max_object_size)?;
            if (h.header_len + used) as u64 != size_in_pack {
                return Err(data.corrupt(
                    Some(e.id),
                    e.offset,
                    "entry does not end where the next one starts",
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
                        .ok_or_else(|| at(e.offset, "OFS_DELTA base is not an entry".into()))?,
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
            j = base_pos.ok_or_else(|| data.corrupt(None, offset, "delta base is not an entry"))?;
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
