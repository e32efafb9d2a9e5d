//! What a reachable-objects walk remembers of each object it met: seen, hidden, the kind it was
//! met as, an edge already reported. One table keyed by id, indexed by the id's own first bytes
//! (object ids are already uniformly random, so hashing them again only costs time).
//! One lookup per tree entry is most of the walk's own work, so it is kept cheap.

use crate::oid::ObjectId;

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

/// Marks for every id met: an open-addressing table of `(id, flags)` slots probed linearly
/// from the id's first bytes, kept at most half full. One slot holds the whole entry, so a
/// lookup is mostly one cache miss (a general hash map keeps keys and control bytes apart).
pub(crate) struct Marks {
    slots: Vec<Slot>,
    len: usize,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    id: [u8; 20],
    /// [`OCCUPIED`] plus the flags; `0` for an empty slot.
    flags: u8,
}

/// Set in every slot in use.
const OCCUPIED: u8 = 0x80;
const INITIAL_SLOTS: usize = 1 << 10;

impl Default for Marks {
    fn default() -> Self {
        Marks {
            slots: vec![Slot::default(); INITIAL_SLOTS],
            len: 0,
        }
    }
}

impl Marks {
    fn start(id: &[u8; 20], mask: usize) -> usize {
        let mut word = [0u8; 8];
        word.copy_from_slice(&id[..8]);
        (u64::from_le_bytes(word) as usize) & mask
    }

    /// The index of `id`'s slot, or of the empty slot where it would go.
    fn find(&self, id: &[u8; 20]) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = Self::start(id, mask);
        loop {
            let slot = &self.slots[i];
            if slot.flags == 0 || same_id(&slot.id, id) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    pub(crate) fn get(&self, id: &ObjectId) -> u8 {
        self.slots[self.find(id.as_bytes())].flags & !OCCUPIED
    }

    /// Sets `flags` on `id`; returns the flags it had before.
    pub(crate) fn set(&mut self, id: &ObjectId, flags: u8) -> u8 {
        let slot = self.slot(id);
        let before = *slot & !OCCUPIED;
        *slot |= flags;
        before
    }

    /// The flags of `id`, to read and change with one lookup.
    pub(crate) fn slot(&mut self, id: &ObjectId) -> &mut u8 {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let i = self.find(id.as_bytes());
        if self.slots[i].flags == 0 {
            self.slots[i] = Slot {
                id: *id.as_bytes(),
                flags: OCCUPIED,
            };
            self.len += 1;
        }
        // the flags keep OCCUPIED: no walk flag uses that bit
        &mut self.slots[i].flags
    }

    fn grow(&mut self) {
        let bigger = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        for slot in old.into_iter().filter(|s| s.flags != 0) {
            let i = self.find(&slot.id);
            self.slots[i] = slot;
        }
    }
}

/// `a == b` without a call to `memcmp`, which a 20-byte array comparison compiles to: three
/// word loads each, on the walk's hottest path.
#[inline]
fn same_id(a: &[u8; 20], b: &[u8; 20]) -> bool {
    let word = |x: &[u8; 20], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&x[at..at + 8]);
        u64::from_ne_bytes(w)
    };
    let tail = |x: &[u8; 20]| u32::from_ne_bytes([x[16], x[17], x[18], x[19]]);
    word(a, 0) == word(b, 0) && word(a, 8) == word(b, 8) && tail(a) == tail(b)
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

    #[test]
    fn ids_differing_in_any_byte_are_different() {
        let a = [7u8; 20];
        assert!(same_id(&a, &a));
        for i in 0..20 {
            let mut b = a;
            b[i] ^= 1;
            assert!(!same_id(&a, &b), "byte {i}");
        }
    }
}
