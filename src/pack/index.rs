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

use super::{Error, PackError, PackErrorKind, Result};
use crate::cursor::Cursor;
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

/// Where the tables of an index start, once its layout is known to be sound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexLayout {
    /// The format version: 1 or 2.
    pub version: u32,
    /// Number of objects (the last fan-out entry).
    pub len: usize,
    /// The fan-out table: `fanout[b]` ids start with a byte `<= b`.
    pub fanout: [u32; 256],
    ids_at: usize,
    /// v2: start of the CRC table. v1: unused.
    crc_at: usize,
    /// v2: start of the 32-bit offset table. v1: the first (offset, id) record.
    offsets_at: usize,
    large_at: usize,
    large_len: usize,
}

/// Checks the layout of index bytes as git's `check_packed_git_idx` does, in its order: long
/// enough for a fan-out table and trailer, a known version, a monotonic fan-out table, and a
/// length that fits the object count (v1 exactly; v2 with room for 0 to N-1 large offsets).
/// Last, a check git leaves to later reads: a v2 large-offset table of whole 8-byte entries
/// ([`PackErrorKind::IndexLargeTableMisaligned`]).
pub fn check_layout(b: &[u8]) -> std::result::Result<IndexLayout, PackErrorKind> {
    if b.len() < FANOUT_LEN + TRAILER_LEN {
        return Err(PackErrorKind::IndexTooSmall);
    }
    let mut c = Cursor::new(b);
    let version = if c.rest().starts_with(&V2_MAGIC) {
        c.skip(4).map_err(|_| PackErrorKind::IndexTooSmall)?;
        match c.be_u32().map_err(|_| PackErrorKind::IndexTooSmall)? {
            2 => 2,
            v => return Err(PackErrorKind::IndexVersion(v)),
        }
    } else {
        1
    };
    let mut fanout = [0u32; 256];
    let mut prev = 0u32;
    for (at, slot) in (0..=255u8).zip(fanout.iter_mut()) {
        let n = c.be_u32().map_err(|_| PackErrorKind::IndexTooSmall)?;
        if n < prev {
            return Err(PackErrorKind::IndexNotMonotonic { at });
        }
        prev = n;
        *slot = n;
    }
    let objects = u64::from(prev);
    let tables_at = c.position();
    let file_len = b.len() as u64;
    let wrong_size = PackErrorKind::IndexWrongSize {
        version,
        len: file_len,
        objects,
    };
    // u32 counts times small strides cannot overflow u64; checked all the same
    let need = |stride: u64| {
        objects
            .checked_mul(stride)
            .and_then(|t| t.checked_add((tables_at + TRAILER_LEN) as u64))
    };
    let len = usize::try_from(objects).map_err(|_| wrong_size.clone())?;
    if version == 1 {
        if Some(file_len) != need(24) {
            return Err(wrong_size);
        }
        return Ok(IndexLayout {
            version,
            len,
            fanout,
            ids_at: tables_at + 4,
            crc_at: 0,
            offsets_at: tables_at,
            large_at: 0,
            large_len: 0,
        });
    }
    let min = need(28).ok_or_else(|| wrong_size.clone())?;
    let max = objects
        .saturating_sub(1)
        .checked_mul(8)
        .and_then(|l| l.checked_add(min))
        .ok_or_else(|| wrong_size.clone())?;
    if file_len < min || file_len > max {
        return Err(wrong_size);
    }
    let extra = file_len - min;
    if extra % 8 != 0 {
        return Err(PackErrorKind::IndexLargeTableMisaligned);
    }
    // every table fits in the file (checked just above), so these sums are in range
    let ids_at = tables_at;
    let crc_at = ids_at + len * 20;
    let offsets_at = crc_at + len * 4;
    Ok(IndexLayout {
        version,
        len,
        fanout,
        ids_at,
        crc_at,
        offsets_at,
        large_at: offsets_at + len * 4,
        large_len: (extra / 8) as usize,
    })
}

/// How [`PackIndex::lookup_traced`] found (or missed) an id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IndexLookup {
    /// The id's first byte: the fan-out entry read.
    pub fanout_slot: u8,
    /// Positions of the ids starting with that byte: `fanout[slot - 1] .. fanout[slot]`.
    pub range: (usize, usize),
    /// Each position the binary search compared, in order.
    pub probes: Vec<usize>,
    /// Where the id is, if the index holds it.
    pub position: Option<usize>,
}

/// An opened, validated `.idx` file (version 1 or 2).
pub struct PackIndex {
    path: PathBuf,
    bytes: FileBytes,
    layout: IndexLayout,
}

impl std::fmt::Debug for PackIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackIndex")
            .field("path", &self.path)
            .field("version", &self.layout.version)
            .field("len", &self.layout.len)
            .finish()
    }
}

/// The big-endian `u32` at `at`, if the bytes reach that far.
fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..)?.first_chunk().copied().map(u32::from_be_bytes)
}

/// The big-endian `u64` at `at`, if the bytes reach that far.
fn be64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..)?.first_chunk().copied().map(u64::from_be_bytes)
}

impl PackIndex {
    /// Opens (maps) and validates the index at `path`.
    pub fn open(path: &Path) -> Result<PackIndex> {
        let bytes = FileBytes::open(path).map_err(|e| Error::io(path, e))?;
        PackIndex::from_bytes(path.to_path_buf(), bytes)
    }

    /// Validates index bytes already in memory ([`check_layout`]); `path` is only used in
    /// errors.
    pub fn from_bytes(path: PathBuf, bytes: FileBytes) -> Result<PackIndex> {
        match check_layout(&bytes) {
            Ok(layout) => Ok(PackIndex {
                path,
                bytes,
                layout,
            }),
            Err(kind) => Err(PackError::new(kind, path).into()),
        }
    }

    /// The `.idx` file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The format version: 1 or 2.
    pub fn version(&self) -> u32 {
        self.layout.version
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.layout.len
    }

    /// Whether the index lists no object.
    pub fn is_empty(&self) -> bool {
        self.layout.len == 0
    }

    fn id_stride(&self) -> usize {
        if self.layout.version == 1 {
            24
        } else {
            20
        }
    }

    /// Where record `i` of the table at `base` (records of `stride` bytes) starts.
    #[inline]
    fn record(base: usize, i: usize, stride: usize) -> Option<usize> {
        i.checked_mul(stride)?.checked_add(base)
    }

    fn id_bytes(&self, i: usize) -> Option<&[u8]> {
        let at = Self::record(self.layout.ids_at, i, self.id_stride())?;
        self.bytes.get(at..)?.get(..20)
    }

    /// The `i`-th id in sorted order, or `None` when `i >= len()`.
    pub fn oid_at(&self, i: usize) -> Option<ObjectId> {
        if i >= self.layout.len {
            return None;
        }
        self.id_bytes(i).and_then(ObjectId::from_bytes)
    }

    /// The CRC32 of the `i`-th entry (version 2 only; `None` for v1 or `i >= len()`).
    pub fn crc32_at(&self, i: usize) -> Option<u32> {
        if self.layout.version == 1 || i >= self.layout.len {
            return None;
        }
        be32(&self.bytes, Self::record(self.layout.crc_at, i, 4)?)
    }

    /// The pack offset of the `i`-th entry. Fails on `i >= len()`
    /// ([`PackErrorKind::PositionPastEnd`]) and on a large-offset
    /// reference past the large-offset table ([`PackErrorKind::BadOffsetEntry`]).
    pub fn offset_at(&self, i: usize) -> Result<u64> {
        if i >= self.layout.len {
            let past = PackErrorKind::PositionPastEnd {
                position: i,
                len: self.layout.len,
            };
            return Err(PackError::new(past, &self.path).into());
        }
        let bad = || -> Error {
            PackError::new(PackErrorKind::BadOffsetEntry { position: i }, &self.path)
                .of(self.oid_at(i))
                .into()
        };
        let (base, stride) = match self.layout.version {
            1 => (self.layout.offsets_at, 24),
            _ => (self.layout.offsets_at, 4),
        };
        let v = Self::record(base, i, stride)
            .and_then(|at| be32(&self.bytes, at))
            .ok_or_else(bad)?;
        if self.layout.version == 1 || v & 0x8000_0000 == 0 {
            return Ok(u64::from(v));
        }
        let k = (v & 0x7fff_ffff) as usize;
        if k >= self.layout.large_len {
            return Err(bad());
        }
        Self::record(self.layout.large_at, k, 8)
            .and_then(|at| be64(&self.bytes, at))
            .ok_or_else(bad)
    }

    /// Range of positions whose id starts with `first`.
    fn bucket(&self, first: u8) -> (usize, usize) {
        let count = |b: Option<u8>| {
            b.and_then(|b| self.layout.fanout.get(usize::from(b)))
                .map_or(0, |&n| n as usize)
        };
        (count(first.checked_sub(1)), count(Some(first)))
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
        self.search(id, |_| {})
    }

    /// [`lookup`](Self::lookup), telling each step: the fan-out slot, the range it gives and
    /// every position the binary search probed (for `gitstore explain`).
    pub fn lookup_traced(&self, id: &ObjectId) -> IndexLookup {
        let first = id.first_byte();
        let (lo, hi) = self.bucket(first);
        let mut probes = Vec::new();
        let position = self.search(id, |mid| probes.push(mid));
        IndexLookup {
            fanout_slot: first,
            range: (lo, hi),
            probes,
            position,
        }
    }

    /// The binary search within `id`'s fan-out bucket, calling `probed` with each position.
    #[inline]
    fn search(&self, id: &ObjectId, mut probed: impl FnMut(usize)) -> Option<usize> {
        let (mut lo, mut hi) = self.bucket(id.first_byte());
        let want = id.as_bytes();
        // most probes differ in the first eight bytes: one integer compare decides them
        let head = |b: &[u8]| b.first_chunk::<8>().map(|h| u64::from_be_bytes(*h));
        let want_head = head(want)?;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            probed(mid);
            let got = self.id_bytes(mid)?;
            let order = head(got)?
                .cmp(&want_head)
                .then_with(|| got.get(8..).cmp(&want.get(8..)));
            match order {
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
        match *found.as_slice() {
            [] => PrefixMatch::None,
            [one] => PrefixMatch::Unique(one),
            _ => PrefixMatch::Ambiguous(found),
        }
    }

    /// The entries in id order. Offsets that cannot be read are reported by
    /// [`offset_at`](Self::offset_at); this iterator yields `Err` for them.
    pub fn iter(&self) -> impl Iterator<Item = Result<IndexEntry>> + '_ {
        (0..self.layout.len).map(move |i| {
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
        let start = self
            .bytes
            .len()
            .saturating_sub(TRAILER_LEN)
            .saturating_add(skip);
        Cursor::at(&self.bytes, start)
            .and_then(|mut c| c.array())
            .unwrap_or_default()
    }

    /// Recomputes the index checksum and checks that the ids are strictly sorted and agree
    /// with the fan-out table.
    pub fn verify(&self) -> Result<()> {
        let corrupt = |kind| -> Error { PackError::new(kind, &self.path).into() };
        let body_len = self.bytes.len().saturating_sub(20);
        let computed = FileChecksum::of(self.bytes.get(..body_len).unwrap_or_default());
        let stored = self.index_checksum();
        if computed != stored {
            return Err(corrupt(PackErrorKind::ChecksumMismatch {
                stored,
                computed,
            }));
        }
        for position in 1..self.layout.len {
            if self.id_bytes(position - 1) >= self.id_bytes(position) {
                return Err(corrupt(PackErrorKind::IdsNotSorted { position }));
            }
        }
        for first in 0..=255u8 {
            let (lo, hi) = self.bucket(first);
            for position in lo..hi {
                if self.id_bytes(position).and_then(|b| b.first()) != Some(&first) {
                    return Err(corrupt(PackErrorKind::FanoutDisagrees { position }));
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

/// Whether git refuses to open an index whose layout [`check_layout`] found wrong (git accepts
/// a misaligned large-offset table and fails later).
pub fn git_refuses(kind: &PackErrorKind) -> bool {
    matches!(
        kind,
        PackErrorKind::IndexTooSmall
            | PackErrorKind::IndexVersion(_)
            | PackErrorKind::IndexNotMonotonic { .. }
            | PackErrorKind::IndexWrongSize { .. }
    )
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
    fn offset_past_the_last_position_is_a_typed_pack_error() {
        let idx = open(build_v2(&[(id(1, 1), 12, 7)], [0; 20])).unwrap();
        match idx.offset_at(1) {
            Err(Error::Corrupt(e)) => {
                assert_eq!(
                    e.kind,
                    PackErrorKind::PositionPastEnd {
                        position: 1,
                        len: 1
                    }
                );
                assert_eq!(e.path, std::path::Path::new("test.idx"));
            }
            other => panic!("{other:?}"),
        }
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
    fn check_layout_names_what_git_refuses_in_git_order() {
        let entries = [(id(1, 1), 12, 0), (id(2, 2), 30, 0)];
        let good = build_v2(&entries, [0; 20]);
        assert_eq!(check_layout(&good).map(|l| (l.version, l.len)), Ok((2, 2)));
        assert_eq!(check_layout(&[]), Err(PackErrorKind::IndexTooSmall));
        let mut v3 = good.clone();
        v3[7] = 3;
        assert_eq!(check_layout(&v3), Err(PackErrorKind::IndexVersion(3)));
        let mut dips = good.clone();
        dips[8 + 4 * 5..8 + 4 * 6].copy_from_slice(&9u32.to_be_bytes());
        assert_eq!(
            check_layout(&dips),
            Err(PackErrorKind::IndexNotMonotonic { at: 6 })
        );
        let short = &good[..good.len() - 1];
        assert!(matches!(
            check_layout(short),
            Err(PackErrorKind::IndexWrongSize { version: 2, .. })
        ));
        let mut misaligned = good.clone();
        misaligned.extend_from_slice(&[0; 4]);
        assert_eq!(
            check_layout(&misaligned),
            Err(PackErrorKind::IndexLargeTableMisaligned)
        );
        assert!(!git_refuses(&PackErrorKind::IndexLargeTableMisaligned));
        assert!(git_refuses(&PackErrorKind::IndexTooSmall));
        // a u32::MAX object count cannot overflow the size computation
        let mut huge = good.clone();
        for b in 0..256 {
            huge[8 + 4 * b..12 + 4 * b].copy_from_slice(&u32::MAX.to_be_bytes());
        }
        assert!(matches!(
            check_layout(&huge),
            Err(PackErrorKind::IndexWrongSize { .. })
        ));
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
