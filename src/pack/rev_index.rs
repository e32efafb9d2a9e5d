//! Checking the `.rev` reverse index beside a pack, as git 2.47's `fsck` checks it (git's
//! `load_revindex_from_disk` then `verify_pack_revindex`). The layout is drawn in
//! [`super::write_index`]:
//!
//! ```text
//! "RIDX" | version 1 | hash id (1 or 2) | N × u32 BE index position, by pack offset | trailer
//!  4        4           4                  4·N                                         2 × 20
//! ```
//!
//! A `.rev` is first *loaded*: its size must be exactly `12 + 4·N + 40` for the `N` objects of
//! the `.idx`, then signature, version and hash id are read (the first failure is the answer,
//! [`RevIndexLoadError`]). A loaded `.rev` is then *verified* ([`RevIndexDamage`]): the SHA-1 of
//! all but its last 20 bytes must be those bytes, and the position at each slot must be the one
//! the `.idx` implies (entries sorted by offset); every wrong slot is reported.
//!
//! The functions here are pure but for [`check_rev_index_file`], which reads the file.

use super::PackIndex;
use crate::hash::FileChecksum;
use std::path::{Path, PathBuf};

/// Bytes before the positions: signature, version, hash id.
const HEADER: usize = 12;
/// Bytes after them: the pack's checksum and the file's own.
const TRAILER: usize = 40;

/// Why a `.rev` cannot be loaded (git then reads no positions from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevIndexLoadError {
    /// Shorter than a header and a trailer.
    TooSmall,
    /// Not 4 bytes for each object of the `.idx` between header and trailer.
    WrongSize,
    /// The first 4 bytes are not `RIDX`.
    UnknownSignature,
    /// A version other than 1.
    UnsupportedVersion(u32),
    /// A hash id other than 1 (SHA-1) or 2 (SHA-256).
    UnsupportedHashId(u32),
}

/// A slot of the `.rev` whose position is not the one the `.idx` implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongPosition {
    /// The slot (the rank of the entry by pack offset).
    pub slot: u64,
    /// The index position the `.idx` implies for that slot.
    pub expected: u32,
    /// The position the `.rev` holds.
    pub found: u32,
}

/// What is wrong with a `.rev` that loads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevIndexDamage {
    /// Its trailing SHA-1 is not that of the bytes before it.
    pub bad_checksum: bool,
    /// Every slot holding a wrong position, in slot order.
    pub wrong_positions: Vec<WrongPosition>,
}

/// The verdict on a pack's `.rev`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevIndexCheck {
    /// There is none (or it cannot be opened): nothing to check.
    Absent,
    /// It loads and is right.
    Sound,
    /// It cannot be loaded.
    Unloadable(RevIndexLoadError),
    /// It loads but is wrong.
    Damaged(RevIndexDamage),
}

/// The `.rev` path of a pack (`pack-<hash>.pack` → `pack-<hash>.rev`).
pub fn rev_index_path(pack_path: &Path) -> PathBuf {
    pack_path.with_extension("rev")
}

/// Loads `bytes` as the `.rev` of a pack of `objects` objects: the positions, or why not.
pub fn load_rev_index(bytes: &[u8], objects: usize) -> Result<&[u8], RevIndexLoadError> {
    let be32 = |at: usize| {
        bytes
            .get(at..at + 4)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    if bytes.len() < HEADER + TRAILER {
        return Err(RevIndexLoadError::TooSmall);
    }
    let positions = bytes.len() - HEADER - TRAILER;
    if Some(positions) != objects.checked_mul(4) {
        return Err(RevIndexLoadError::WrongSize);
    }
    if bytes.get(..4) != Some(b"RIDX") {
        return Err(RevIndexLoadError::UnknownSignature);
    }
    match (be32(4), be32(8)) {
        (1, 1 | 2) => Ok(&bytes[HEADER..HEADER + positions]),
        (1, id) => Err(RevIndexLoadError::UnsupportedHashId(id)),
        (version, _) => Err(RevIndexLoadError::UnsupportedVersion(version)),
    }
}

/// Checks `bytes` as the `.rev` of `index`.
pub fn check_rev_index(index: &PackIndex, bytes: &[u8]) -> RevIndexCheck {
    let positions = match load_rev_index(bytes, index.len()) {
        Ok(p) => p,
        Err(e) => return RevIndexCheck::Unloadable(e),
    };
    let (body, sum) = bytes.split_at(bytes.len() - 20);
    let mut damage = RevIndexDamage {
        bad_checksum: FileChecksum::of(body)[..] != *sum,
        wrong_positions: Vec::new(),
    };
    let found = positions
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    // an `.idx` whose offsets cannot all be read gives no order to compare with (as in git)
    if let Some(expected) = by_offset(index) {
        damage.wrong_positions = found
            .zip(expected)
            .zip(0u64..)
            .filter(|((found, expected), _)| found != expected)
            .map(|((found, expected), slot)| WrongPosition {
                slot,
                expected,
                found,
            })
            .collect();
    }
    if damage == RevIndexDamage::default() {
        RevIndexCheck::Sound
    } else {
        RevIndexCheck::Damaged(damage)
    }
}

/// The index positions of `index`'s entries in pack-offset order.
fn by_offset(index: &PackIndex) -> Option<Vec<u32>> {
    let mut pairs = Vec::with_capacity(index.len());
    for i in 0..index.len() {
        pairs.push((index.offset_at(i).ok()?, u32::try_from(i).ok()?));
    }
    pairs.sort_unstable();
    Some(pairs.into_iter().map(|(_, i)| i).collect())
}

/// Reads and checks the `.rev` beside `pack_path`, whose index is `index`.
pub fn check_rev_index_file(index: &PackIndex, pack_path: &Path) -> RevIndexCheck {
    match crate::file::read(&rev_index_path(pack_path)) {
        Ok(bytes) => check_rev_index(index, &bytes),
        Err(_) => RevIndexCheck::Absent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(positions: &[u32], version: u32, hash: u32) -> Vec<u8> {
        let mut b = b"RIDX".to_vec();
        b.extend_from_slice(&version.to_be_bytes());
        b.extend_from_slice(&hash.to_be_bytes());
        for p in positions {
            b.extend_from_slice(&p.to_be_bytes());
        }
        b.extend_from_slice(&[0; 20]);
        let sum = FileChecksum::of(&b);
        b.extend_from_slice(&sum);
        b
    }

    #[test]
    fn loading_checks_size_then_signature_version_and_hash_id() {
        let good = rev(&[1, 0], 1, 1);
        assert_eq!(load_rev_index(&good, 2), Ok(&good[12..20]));
        assert_eq!(
            load_rev_index(&good[..51], 0),
            Err(RevIndexLoadError::TooSmall)
        );
        assert_eq!(load_rev_index(&good, 3), Err(RevIndexLoadError::WrongSize));
        let mut bad = good.clone();
        bad[0] = b'X';
        assert_eq!(
            load_rev_index(&bad, 2),
            Err(RevIndexLoadError::UnknownSignature)
        );
        assert_eq!(
            load_rev_index(&rev(&[1, 0], 2, 9), 2),
            Err(RevIndexLoadError::UnsupportedVersion(2))
        );
        assert_eq!(
            load_rev_index(&rev(&[1, 0], 1, 3), 2),
            Err(RevIndexLoadError::UnsupportedHashId(3))
        );
        assert!(load_rev_index(&rev(&[1, 0], 1, 2), 2).is_ok());
    }
}
