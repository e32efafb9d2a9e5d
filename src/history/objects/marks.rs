//! What a reachable-objects walk remembers of each object it met: seen, hidden, the kind it was
//! met as, an edge already reported. One small map keyed by id, hashed by the id's own first
//! bytes (object ids are already uniformly random, so hashing them again only costs time).

use crate::oid::ObjectId;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Listed already (git's `SEEN`).
pub(crate) const SEEN: u8 = 1;
/// Reachable from the hidden side (git's `UNINTERESTING`).
pub(crate) const HIDDEN: u8 = 2;
/// Met as a tree.
pub(crate) const TREE: u8 = 4;
/// Met as a blob.
pub(crate) const BLOB: u8 = 8;
/// A commit reported as an edge (git's `SHOWN`).
pub(crate) const EDGE: u8 = 16;

/// Hashes an [`ObjectId`] by its first eight bytes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // ids arrive as one 20-byte write (after a length, which `write_usize` ignores)
        let mut word = [0u8; 8];
        let n = bytes.len().min(8);
        word[..n].copy_from_slice(&bytes[..n]);
        self.0 ^= u64::from_le_bytes(word);
    }

    fn write_usize(&mut self, _: usize) {}
}

/// The flags of every object met.
#[derive(Default)]
pub(crate) struct Marks(HashMap<ObjectId, u8, BuildHasherDefault<IdHasher>>);

impl Marks {
    pub(crate) fn get(&self, id: &ObjectId) -> u8 {
        self.0.get(id).copied().unwrap_or(0)
    }

    /// Sets `flags` on `id`; returns the flags it had before.
    pub(crate) fn set(&mut self, id: &ObjectId, flags: u8) -> u8 {
        let slot = self.0.entry(*id).or_insert(0);
        let before = *slot;
        *slot |= flags;
        before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_accumulate_per_id() {
        let mut marks = Marks::default();
        let a = ObjectId::EMPTY_TREE;
        assert_eq!(marks.get(&a), 0);
        assert_eq!(marks.set(&a, SEEN), 0);
        assert_eq!(marks.set(&a, TREE), SEEN);
        assert_eq!(marks.get(&a), SEEN | TREE);
        assert_eq!(marks.get(&ObjectId::from_bytes(&[1; 20]).unwrap()), 0);
    }
}
