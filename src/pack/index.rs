//! [`PackIndex`]: the `.idx` file that maps object ids to offsets in a `.pack`.
//!
//! Version 2 (what git writes today):
//!
//! ```text
//! ff 74 4f 63  00 00 00 02           magic "\377tOc", version 2
//! fan-out: 256 × u32 BE              fan-out[b] = number of ids whose first byte is <= b
//! ids:     N × 20 bytes              sorted ascending
//! crc32:   N × u32 BE                CRC32 of each entry's bytes in the pack
//! offsets: N × u32 BE                MSB clear: offset; MSB set: index into the large table
//! large:   L × u64 BE                offsets >= 2^31
//! trailer: 20-byte checksum of the .pack, 20-byte SHA-1 of everything above
//! ```
//!
//! Version 1 has no magic: the fan-out comes first, then N × (u32 BE offset, 20-byte id), then
//! the same trailer. It has no CRC32 values and no large offsets.
//!
//! Every size is checked once when the index is opened (the fan-out is monotonic, its last entry
//! is the object count, the file length is exactly what the tables need), so lookups afterwards
//! can only fail on a bad large-offset reference, which is reported as corruption.

use crate::error::{Error, Location, Result};
use crate::hash::FileChecksum;
use crate::mmap::FileBytes;
use crate::oid::{ObjectId, Prefix};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

const V2_MAGIC: [u8; 4] = [0xff, b't', b'O', b'c'];
const FANOUT_LEN: usize = 256 * 4;
const TRAILER_LEN: usize = 40;

/// The result of looking up an abbreviated id in one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefixMatch {
    /// No id starts with the prefix.
    None,
    /// Exactly one id does.
    Unique(ObjectId),
    /// Several do: some of them (at least two), sorted.
    Ambiguous(Vec<ObjectId>),
}

/// One entry of an index, as iterated in id order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexEntry {
    /// The object id.
    pub id: ObjectId,
    /// Offset of the entry's header in the `.pack`.
    pub offset: u64,
    /// CRC32 of the entry's bytes in the pack (version 2 only).
    pub crc32: Option<u32>,
}

/// An opened, validated `.idx` file (version 1 or 2).
pub struct PackIndex {
    path: PathBuf,
    bytes: FileBytes,
    version: u32,
    len: usize,
    fanout: [u32; 256],
    ids_at: usize,
    /// v2: start of the CRC table. v1: unused.
    crc_at: usize,
    /// v2: start of the 32-bit offset table. v1: unused.
    offsets_at: usize,
    large_at: usize,
    large_len: usize,
}

impl std::fmt::Debug for PackIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackIndex")
            .field("path", &self.path)
            .field("version", &self.version)
            .field("len", &self.len)
            .finish()
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_be_bytes(a))
}

impl PackIndex {
    /// Opens (maps) and validates the index at `path`.
    pub fn open(path: &Path) -> Result<PackIndex> {
        let bytes = FileBytes::open(path).map_err(|e| Error::io(path, e))?;
        PackIndex::from_bytes(path.to_path_buf(), bytes)
    }

    /// Validates index bytes already in memory; `path` is only used in error messages.
    pub fn from_bytes(path: PathBuf, bytes: FileBytes) -> Result<PackIndex> {
        let corrupt = |reason: String| Error::Corrupt {
            id: None,
            location: Location::File(path.clone()),
            reason,
        };
        let b: &[u8] = &bytes;
        let (version, fanout_at) = if b.get(..4) == Some(&V2_MAGIC[..]) {
            match be32(b, 4) {
                Some(2) => (2, 8),
                Some(v) => return Err(corrupt(format!("unsupported pack index version {v}"))),
                None => return Err(corrupt("pack index is truncated".into())),
            }
        } else {
            (1, 0)
        };
        let mut fanout = [0u32; 256];
        let mut prev = 0u32;
        for (i, slot) in fanout.iter_mut().enumerate() {
            let v = be32(b, fanout_at + 4 * i)
                .ok_or_else(|| corrupt("pack index is truncated in the fan-out table".into()))?;
            if v < prev {
                return Err(corrupt(format!(
                    "pack index fan-out is not monotonic at byte {i}"
                )));
            }
            prev = v;
            *slot = v;
        }
        let len = fanout[255] as usize;
        let tables_at = fanout_at + FANOUT_LEN;
        let too_short = || corrupt(format!("pack index is too short for {len} objects"));
        let (ids_at, crc_at, offsets_at, large_at, large_len);
        if version == 1 {
            let need = len
                .checked_mul(24)
                .and_then(|t| t.checked_add(tables_at + TRAILER_LEN))
                .ok_or_else(too_short)?;
            if b.len() != need {
                return Err(corrupt(format!(
                    "pack index v1 is {} bytes, expected {need} for {len} objects",
                    b.len()
                )));
            }
            ids_at = tables_at + 4;
            crc_at = 0;
            offsets_at = tables_at;
            large_at = 0;
            large_len = 0;
        } else {
            let min = len
                .checked_mul(28)
                .and_then(|t| t.checked_add(tables_at + TRAILER_LEN))
                .ok_or_else(too_short)?;
            if b.len() < min {
                return Err(too_short());
            }
            let extra = b.len() - min;
            // git accepts a large table of up to N-1 entries; anything else is not an index.
            if extra % 8 != 0 || (len > 0 && extra / 8 > len - 1) || (len == 0 && extra != 0) {
                return Err(corrupt(format!(
                    "pack index v2 has a wrong size ({} bytes for {len} objects)",
                    b.len()
                )));
            }
            ids_at = tables_at;
            crc_at = ids_at + len * 20;
            offsets_at = crc_at + len * 4;
            large_at = offsets_at + len * 4;
            large_len = extra / 8;
        }
        Ok(PackIndex {
            path,
            bytes,
            version,
            len,
            fanout,
            ids_at,
            crc_at,
            offsets_at,
            large_at,
            large_len,
        })
    }

    /// The `.idx` file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The format version: 1 or 2.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the index lists no object.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn id_stride(&self) -> usize {
        if self.version == 1 {
            24
        } else {
            20
        }
    }

    fn id_bytes(&self, i: usize) -> Option<&[u8]> {
        let at = self.ids_at + i.checked_mul(self.id_stride())?;
        self.bytes.get(at..at + 20)
    }

    /// The `i`-th id in sorted order, or `None` when `i >= len()`.
    pub fn oid_at(&self, i: usize) -> Option<ObjectId> {
        if i >= self.len {
            return None;
        }
        self.id_bytes(i).and_then(ObjectId::from_bytes)
    }

    /// The CRC32 of the `i`-th entry (version 2 only; `None` for v1 or `i >= len()`).
    pub fn crc32_at(&self, i: usize) -> Option<u32> {
        if self.version == 1 || i >= self.len {
            return None;
        }
        be32(&self.bytes, self.crc_at + 4 * i)
    }

    /// The pack offset of the `i`-th entry. Fails on `i >= len()` and on a large-offset
    /// reference past the large-offset table.
    pub fn offset_at(&self, i: usize) -> Result<u64> {
        if i >= self.len {
            return Err(Error::InvalidInput(format!(
                "index position {i} is past the {} objects of {}",
                self.len,
                self.path.display()
            )));
        }
        let bad = || Error::Corrupt {
            id: self.oid_at(i),
            location: Location::File(self.path.clone()),
            reason: format!("bad offset entry at position {i}"),
        };
        if self.version == 1 {
            return be32(&self.bytes, self.offsets_at + 24 * i)
                .map(u64::from)
                .ok_or_else(bad);
        }
        let v = be32(&self.bytes, self.offsets_at + 4 * i).ok_or_else(bad)?;
        if v & 0x8000_0000 == 0 {
            return Ok(u64::from(v));
        }
        let k = (v & 0x7fff_ffff) as usize;
        if k >= self.large_len {
            return Err(bad());
        }
        be64(&self.bytes, self.large_at + 8 * k).ok_or_else(bad)
    }

    /// Range of positions whose id starts with `first`.
    fn bucket(&self, first: u8) -> (usize, usize) {
        let hi = self.fanout[first as usize] as usize;
        let lo = if first == 0 {
            0
        } else {
            self.fanout[first as usize - 1] as usize
        };
        (lo, hi)
    }

    /// Position of the first id in `lo..hi` for which `cmp` is not `Less`.
    fn lower_bound(&self, mut lo: usize, mut hi: usize, cmp: impl Fn(&[u8]) -> Ordering) -> usize {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.id_bytes(mid).map(&cmp) {
                Some(Ordering::Less) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    /// The sorted position of `id`, if the index holds it.
    pub fn lookup(&self, id: &ObjectId) -> Option<usize> {
        let (mut lo, mut hi) = self.bucket(id.first_byte());
        let want = id.as_bytes();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.id_bytes(mid)?.cmp(&want[..]) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Whether the index holds `id`.
    pub fn contains(&self, id: &ObjectId) -> bool {
        self.lookup(id).is_some()
    }

    /// Pushes onto `out` the ids that start with `prefix`, in order, stopping once `out` holds
    /// `limit` ids (so an odb can merge candidates across stores). Returns how many were pushed.
    pub fn lookup_prefix_into(
        &self,
        prefix: &Prefix,
        out: &mut Vec<ObjectId>,
        limit: usize,
    ) -> usize {
        let (lo, hi) = self.bucket(prefix.first_byte());
        let start = self.lower_bound(lo, hi, |bytes| match ObjectId::from_bytes(bytes) {
            Some(id) => prefix.cmp_id(&id),
            None => Ordering::Greater,
        });
        let mut pushed = 0;
        for i in start..hi {
            if out.len() >= limit {
                break;
            }
            match self.oid_at(i) {
                Some(id) if prefix.matches(&id) => {
                    out.push(id);
                    pushed += 1;
                }
                _ => break,
            }
        }
        pushed
    }

    /// Looks up an abbreviated id in this index alone.
    pub fn lookup_prefix(&self, prefix: &Prefix) -> PrefixMatch {
        let mut found = Vec::new();
        self.lookup_prefix_into(prefix, &mut found, 16);
        match found.len() {
            0 => PrefixMatch::None,
            1 => PrefixMatch::Unique(found[0]),
            _ => PrefixMatch::Ambiguous(found),
        }
    }

    /// The entries in id order. Offsets that cannot be read are reported by
    /// [`offset_at`](Self::offset_at); this iterator yields `Err` for them.
    pub fn iter(&self) -> impl Iterator<Item = Result<IndexEntry>> + '_ {
        (0..self.len).map(move |i| {
            Ok(IndexEntry {
                id: self.oid_at(i).unwrap_or_default(),
                offset: self.offset_at(i)?,
                crc32: self.crc32_at(i),
            })
        })
    }

    /// The copy of the `.pack` file's trailing checksum stored in the index.
    pub fn pack_checksum(&self) -> [u8; 20] {
        self.trailer_part(0)
    }

    /// The checksum of the index itself, as stored in its last 20 bytes.
    pub fn index_checksum(&self) -> [u8; 20] {
        self.trailer_part(20)
    }

    fn trailer_part(&self, skip: usize) -> [u8; 20] {
        let mut out = [0u8; 20];
        let start = self.bytes.len().saturating_sub(TRAILER_LEN) + skip;
        if let Some(s) = self.bytes.get(start..start + 20) {
            out.copy_from_slice(s);
        }
        out
    }

    /// Recomputes the index checksum and checks that the ids are strictly sorted.
    pub fn verify(&self) -> Result<()> {
        let corrupt = |reason: String| Error::Corrupt {
            id: None,
            location: Location::File(self.path.clone()),
            reason,
        };
        let body_len = self.bytes.len().saturating_sub(20);
        let actual = FileChecksum::of(self.bytes.get(..body_len).unwrap_or_default());
        if actual != self.index_checksum() {
            return Err(corrupt(format!(
                "index checksum mismatch: stored {}, computed {}",
                hex::encode(self.index_checksum()),
                hex::encode(actual)
            )));
        }
        for i in 1..self.len {
            if self.id_bytes(i - 1) >= self.id_bytes(i) {
                return Err(corrupt(format!(
                    "object ids are not sorted at position {i}"
                )));
            }
        }
        for first in 0..=255u8 {
            let (lo, hi) = self.bucket(first);
            for i in lo..hi {
                if self.id_bytes(i).and_then(|b| b.first()) != Some(&first) {
                    return Err(corrupt(format!(
                        "fan-out disagrees with the id at position {i}"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Builds a v2 index for `entries` (id, offset, CRC32; sorted here), offsets of 2 GiB and more
/// in the large table. Used to read a pack whose own index cannot be trusted.
pub(crate) fn build_v2(entries: &[(ObjectId, u64, u32)], pack_sum: [u8; 20]) -> Vec<u8> {
    let mut e = entries.to_vec();
    e.sort_by_key(|x| x.0);
    let mut out = V2_MAGIC.to_vec();
    out.extend_from_slice(&2u32.to_be_bytes());
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
    let mut large = Vec::new();
    for x in &e {
        if x.1 >= 0x8000_0000 {
            out.extend_from_slice(&(0x8000_0000u32 | (large.len() as u32)).to_be_bytes());
            large.push(x.1);
        } else {
            out.extend_from_slice(&(x.1 as u32).to_be_bytes());
        }
    }
    for l in large {
        out.extend_from_slice(&l.to_be_bytes());
    }
    out.extend_from_slice(&pack_sum);
    let sum = FileChecksum::of(&out);
    out.extend_from_slice(&sum);
    out
}

/// git's complaint (`check_packed_git_idx`) about index bytes it refuses to open, or `None`
/// when git accepts their layout. git names the file in each message.
pub fn git_rejection(b: &[u8], path: &Path) -> Option<String> {
    let path = path.display();
    if b.len() < FANOUT_LEN + TRAILER_LEN {
        return Some(format!("index file {path} is too small"));
    }
    let (version, fanout_at) = if b.get(..4) == Some(&V2_MAGIC[..]) {
        (be32(b, 4).unwrap_or(0), 8)
    } else {
        (1, 0)
    };
    if version != 1 && version != 2 {
        return Some(format!(
            "index file {path} is version {version} and is not supported by this binary \
             (try upgrading GIT to a newer version)"
        ));
    }
    let mut nr = 0u64;
    for i in 0..256 {
        let n = u64::from(be32(b, fanout_at + 4 * i)?);
        if n < nr {
            return Some(format!("non-monotonic index {path}"));
        }
        nr = n;
    }
    let len = b.len() as u64;
    let base = (FANOUT_LEN + TRAILER_LEN) as u64;
    if version == 1 {
        if len != base + nr * 24 {
            return Some(format!("wrong index v1 file size in {path}"));
        }
    } else {
        let min = 8 + base + nr * 28;
        let max = min + nr.saturating_sub(1) * 8;
        if len < min || len > max {
            return Some(format!("wrong index v2 file size in {path}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8, tail: u8) -> ObjectId {
        let mut raw = [tail; 20];
        raw[0] = n;
        ObjectId::from_raw(raw)
    }

    fn open(bytes: Vec<u8>) -> Result<PackIndex> {
        PackIndex::from_bytes("test.idx".into(), FileBytes::Owned(bytes))
    }

    #[test]
    fn lookups_offsets_and_prefixes_work_on_a_built_index() {
        let entries = [
            (id(0x12, 1), 12, 7),
            (id(0x12, 2), 0x1_0000_0000, 8),
            (id(0xff, 3), 40, 9),
            (id(0x00, 4), 100, 10),
        ];
        let idx = open(build_v2(&entries, [0; 20])).unwrap();
        assert_eq!(idx.len(), 4);
        idx.verify().unwrap();
        for (i, want) in [
            (id(0, 4), 100),
            (id(0x12, 1), 12),
            (id(0x12, 2), 0x1_0000_0000),
            (id(0xff, 3), 40),
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(idx.lookup(&want.0), Some(i));
            assert_eq!(idx.offset_at(i).unwrap(), want.1);
        }
        assert_eq!(idx.lookup(&id(0x12, 3)), None);
        let p: Prefix = "1201".parse().unwrap();
        assert_eq!(idx.lookup_prefix(&p), PrefixMatch::Unique(id(0x12, 1)));
        let p: Prefix = "1202".parse().unwrap();
        assert_eq!(idx.lookup_prefix(&p), PrefixMatch::Unique(id(0x12, 2)));
        let mut a = [0xab; 20];
        a[5] = 1;
        let mut b = [0xab; 20];
        b[5] = 2;
        let (a, b) = (ObjectId::from_raw(a), ObjectId::from_raw(b));
        let two = open(build_v2(&[(b, 12, 0), (a, 40, 0)], [0; 20])).unwrap();
        let p: Prefix = "abababab".parse().unwrap();
        assert_eq!(two.lookup_prefix(&p), PrefixMatch::Ambiguous(vec![a, b]));
        let mut one = Vec::new();
        assert_eq!(two.lookup_prefix_into(&p, &mut one, 1), 1);
        assert_eq!(one, vec![a]);
        let p: Prefix = "1300".parse().unwrap();
        assert_eq!(idx.lookup_prefix(&p), PrefixMatch::None);
        assert!(idx.offset_at(4).is_err());
        assert_eq!(idx.crc32_at(0), Some(10));
    }

    #[test]
    fn fan_out_lies_and_wrong_sizes_are_refused() {
        let entries = [(id(1, 1), 12, 0), (id(2, 2), 30, 0)];
        let good = build_v2(&entries, [0; 20]);
        let mut non_monotonic = good.clone();
        non_monotonic[8 + 4 * 5..8 + 4 * 5 + 4].copy_from_slice(&9u32.to_be_bytes());
        assert!(open(non_monotonic).is_err());
        let mut huge = good.clone();
        huge[8 + 4 * 255..8 + 4 * 256].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(open(huge).is_err());
        assert!(open(good[..good.len() - 1].to_vec()).is_err());
        assert!(open(Vec::new()).is_err());
        let mut bad_large = good.clone();
        bad_large[8 + 1024 + 48..8 + 1024 + 52].copy_from_slice(&0x8000_0005u32.to_be_bytes());
        let idx = open(bad_large).unwrap();
        assert!(idx.offset_at(0).is_err());
    }

    #[test]
    fn every_truncation_of_an_index_is_refused_without_panic() {
        let entries: Vec<_> = (0..20u8)
            .map(|i| (id(i * 13, i), u64::from(i) * 50 + 12, 0))
            .collect();
        let good = build_v2(&entries, [0; 20]);
        for n in 0..good.len() {
            assert!(open(good[..n].to_vec()).is_err(), "length {n}");
        }
    }
}
