//! Writing the files that sit beside a `.pack`: the `.idx` (version 1 or 2, the layout drawn in
//! [`super::index`]) and the `.rev` reverse index, byte for byte as git's `write_idx_file` and
//! `write_rev_file` write them. Both `pack-objects` (which knows its entries as it writes them)
//! and `index-pack` (which finds them by reading a pack) end here.
//!
//! The `.rev` file (git's `gitformat-pack`, "pack-*.rev files"):
//!
//! ```text
//! 52 49 44 58                   magic "RIDX"
//! 00 00 00 01                   version 1
//! 00 00 00 01                   hash function: 1 = SHA-1
//! positions: N × u32 BE         index position (in id order) of each entry, by pack offset
//! trailer: 20-byte checksum of the .pack, 20-byte SHA-1 of everything above
//! ```
//!
//! The functions here are pure: entries in, bytes out. Installing the files atomically is the
//! caller's part.

use super::index::IndexEntry;
use super::PackErrorKind;
use crate::hash::FileChecksum;
use crate::oid::ObjectId;

/// Which `.idx` to write: git's `--index-version=<version>[,<offset>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexVersion {
    /// 1 or 2.
    pub version: u32,
    /// Version 2: entries at offsets above this go to the 64-bit table (git's `off32_limit`,
    /// default `0x7fffffff`; offsets of 2³¹ and more always do). Lowering it lets a test write
    /// the large-offset table without a 2 GiB pack.
    pub off32_limit: u32,
}

impl Default for IndexVersion {
    fn default() -> Self {
        IndexVersion {
            version: 2,
            off32_limit: 0x7fff_ffff,
        }
    }
}

impl IndexVersion {
    fn needs_large(&self, offset: u64) -> bool {
        offset >> 31 != 0 || offset > u64::from(self.off32_limit)
    }
}

/// Why an index cannot be written for a set of entries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IndexWriteError {
    /// Two entries have the same id.
    #[error("object {0} appears twice in the pack")]
    Duplicate(ObjectId),
    /// A version 1 index cannot hold an offset of 4 GiB or more.
    #[error("offset {offset} of {id} does not fit a version 1 index")]
    OffsetTooLarge {
        /// The object.
        id: ObjectId,
        /// Its offset in the pack.
        offset: u64,
    },
    /// Neither 1 nor 2.
    #[error("unknown index version {0}")]
    Version(u32),
    /// More than 2³² entries.
    #[error("{0} entries are more than an index can count")]
    TooMany(usize),
}

impl From<IndexWriteError> for PackErrorKind {
    fn from(e: IndexWriteError) -> Self {
        PackErrorKind::IndexWrite(e)
    }
}

/// Sorts `entries` by id, as both files need them, and refuses duplicates.
pub fn sort_entries(entries: &mut [IndexEntry]) -> Result<(), IndexWriteError> {
    entries.sort_unstable_by_key(|e| e.id);
    match entries.windows(2).find(|w| w[0].id == w[1].id) {
        Some(w) => Err(IndexWriteError::Duplicate(w[0].id)),
        None => Ok(()),
    }
}

/// The `.idx` for a pack whose trailer is `pack_checksum`, from `entries` sorted by id (see
/// [`sort_entries`]). A missing CRC32 is written as 0.
///
/// ```
/// use gitstore::pack::index::IndexEntry;
/// use gitstore::pack::write_index::{write_idx, IndexVersion};
/// use gitstore::ObjectId;
///
/// let id: ObjectId = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".parse()?;
/// let entries = [IndexEntry { id, offset: 12, crc32: Some(0x1234) }];
/// let idx = write_idx(&entries, &[0; 20], IndexVersion::default())?;
/// assert_eq!(idx.len(), 8 + 256 * 4 + 20 + 4 + 4 + 40);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_idx(
    entries: &[IndexEntry],
    pack_checksum: &[u8; 20],
    version: IndexVersion,
) -> Result<Vec<u8>, IndexWriteError> {
    if u32::try_from(entries.len()).is_err() {
        return Err(IndexWriteError::TooMany(entries.len()));
    }
    let mut out = Vec::with_capacity(8 + 256 * 4 + entries.len() * 28 + 40);
    match version.version {
        1 => {}
        2 => {
            out.extend_from_slice(&[0xff, b't', b'O', b'c']);
            out.extend_from_slice(&2u32.to_be_bytes());
        }
        v => return Err(IndexWriteError::Version(v)),
    }
    let mut fanout = [0u32; 256];
    for e in entries {
        fanout[usize::from(e.id.as_bytes()[0])] += 1;
    }
    let mut total = 0u32;
    for n in fanout {
        total += n;
        out.extend_from_slice(&total.to_be_bytes());
    }
    if version.version == 1 {
        for e in entries {
            let offset = u32::try_from(e.offset).map_err(|_| IndexWriteError::OffsetTooLarge {
                id: e.id,
                offset: e.offset,
            })?;
            out.extend_from_slice(&offset.to_be_bytes());
            out.extend_from_slice(e.id.as_bytes());
        }
    } else {
        for e in entries {
            out.extend_from_slice(e.id.as_bytes());
        }
        for e in entries {
            out.extend_from_slice(&e.crc32.unwrap_or(0).to_be_bytes());
        }
        let mut large = Vec::new();
        for e in entries {
            let word = if version.needs_large(e.offset) {
                let at = u32::try_from(large.len()).unwrap_or(u32::MAX) | 0x8000_0000;
                large.push(e.offset);
                at
            } else {
                e.offset as u32
            };
            out.extend_from_slice(&word.to_be_bytes());
        }
        for offset in large {
            out.extend_from_slice(&offset.to_be_bytes());
        }
    }
    out.extend_from_slice(pack_checksum);
    let sum = FileChecksum::of(&out);
    out.extend_from_slice(&sum);
    Ok(out)
}

/// The `.rev` for the same entries (sorted by id, as for [`write_idx`]).
pub fn write_rev(entries: &[IndexEntry], pack_checksum: &[u8; 20]) -> Vec<u8> {
    let mut by_offset: Vec<(u64, u32)> = entries
        .iter()
        .zip(0u32..)
        .map(|(e, pos)| (e.offset, pos))
        .collect();
    by_offset.sort_unstable();
    let mut out = Vec::with_capacity(12 + by_offset.len() * 4 + 40);
    out.extend_from_slice(b"RIDX");
    out.extend_from_slice(&1u32.to_be_bytes());
    out.extend_from_slice(&1u32.to_be_bytes());
    for (_, pos) in by_offset {
        out.extend_from_slice(&pos.to_be_bytes());
    }
    out.extend_from_slice(pack_checksum);
    let sum = FileChecksum::of(&out);
    out.extend_from_slice(&sum);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::PackIndex;

    fn entry(first: u8, offset: u64) -> IndexEntry {
        let mut bytes = [first; 20];
        bytes[19] = offset as u8;
        IndexEntry {
            id: ObjectId::from_raw(bytes),
            offset,
            crc32: Some((offset as u32).wrapping_mul(7)),
        }
    }

    #[test]
    fn written_index_reads_back_with_large_offsets() {
        let mut entries = vec![entry(9, 12), entry(1, 300), entry(200, 5_000_000_000)];
        sort_entries(&mut entries).unwrap();
        let version = IndexVersion {
            version: 2,
            off32_limit: 100,
        };
        let bytes = write_idx(&entries, &[7; 20], version).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.idx");
        std::fs::write(&path, &bytes).unwrap();
        let idx = PackIndex::open(&path).unwrap();
        idx.verify().unwrap();
        let back: Vec<IndexEntry> = idx.iter().map(|e| e.unwrap()).collect();
        assert_eq!(back, entries);
        assert_eq!(idx.pack_checksum(), [7; 20]);
    }

    #[test]
    fn version_one_refuses_offsets_past_four_gib_and_duplicates_are_refused() {
        let big = [entry(1, 1 << 32)];
        let v1 = IndexVersion {
            version: 1,
            ..IndexVersion::default()
        };
        assert!(matches!(
            write_idx(&big, &[0; 20], v1),
            Err(IndexWriteError::OffsetTooLarge { .. })
        ));
        let mut twice = vec![entry(3, 12), entry(3, 12)];
        assert!(matches!(
            sort_entries(&mut twice),
            Err(IndexWriteError::Duplicate(_))
        ));
    }

    #[test]
    fn rev_lists_index_positions_by_offset() {
        let mut entries = vec![entry(9, 12), entry(1, 300), entry(5, 40)];
        sort_entries(&mut entries).unwrap();
        let rev = write_rev(&entries, &[0; 20]);
        // ids in order 1 (300), 5 (40), 9 (12): by offset 9, 5, 1 = positions 2, 1, 0
        assert_eq!(&rev[12..24], &[0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0]);
        assert_eq!(rev.len(), 12 + 12 + 40);
    }
}
