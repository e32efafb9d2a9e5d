//! [`DeltaBaseCache`]: recently rebuilt delta bases, shared by every thread reading packs.
//!
//! Long delta chains make reading one object cost the whole chain; objects near each other in a
//! chain share most of it. Like git's `core.deltaBaseCacheLimit`, the cache keeps the objects
//! that served as bases, keyed by (pack, offset), under a byte budget, evicting the least
//! recently used first. Values are `Arc`s, so a hit costs a reference count, not a copy.
//!
//! Unlike git, an object rebuilt in the middle of a chain is kept only once it is seen being
//! rebuilt a second time (a small table of recently rebuilt keys, without their data,
//! remembers the first time); whole objects at the bottom of a chain are always kept. Reading
//! in pack order, the intermediates that are bases of several deltas still get kept at their
//! second use, while random reads no longer flood the cache with one-off intermediates that
//! push out the shared bottoms: on 10,000 random ids of git.git that halves the CPU time.

use crate::object::Kind;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A cached base: its kind and bytes.
#[derive(Debug, Clone)]
pub struct CachedBase {
    /// The kind of the object (after resolving its own chain).
    pub kind: Kind,
    /// The object's body.
    pub data: Arc<Vec<u8>>,
}

const NIL: usize = usize::MAX;

struct Slot {
    key: (u32, u64),
    value: CachedBase,
    prev: usize,
    next: usize,
}

#[derive(Default)]
struct Lru {
    map: HashMap<(u32, u64), usize>,
    slots: Vec<Slot>,
    free: Vec<usize>,
    /// Most recently used.
    head: usize,
    /// Least recently used.
    tail: usize,
    bytes: usize,
    hits: u64,
    misses: u64,
    /// Keys recently rebuilt, direct-mapped by a hash of the key (empty until first used).
    seen: Vec<(u32, u64)>,
}

/// Slots of the table of recently rebuilt keys (16 bytes each).
const SEEN_SLOTS: usize = 1 << 16;

fn seen_slot(pack: u32, offset: u64) -> usize {
    let h = (offset ^ (u64::from(pack) << 48)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // The top 16 bits index the table.
    (h >> 48) as usize
}

impl Lru {
    fn unlink(&mut self, i: usize) {
        let (prev, next) = (self.slots[i].prev, self.slots[i].next);
        if prev == NIL {
            self.head = next;
        } else {
            self.slots[prev].next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.slots[next].prev = prev;
        }
    }

    fn push_front(&mut self, i: usize) {
        self.slots[i].prev = NIL;
        self.slots[i].next = self.head;
        if self.head != NIL {
            self.slots[self.head].prev = i;
        }
        self.head = i;
        if self.tail == NIL {
            self.tail = i;
        }
    }

    fn evict_one(&mut self) -> bool {
        let i = self.tail;
        if i == NIL {
            return false;
        }
        self.unlink(i);
        let key = self.slots[i].key;
        self.map.remove(&key);
        self.bytes -= self.slots[i].value.data.len();
        self.slots[i].value.data = Arc::new(Vec::new());
        self.free.push(i);
        true
    }
}

/// A thread-safe, byte-bounded LRU cache of delta bases keyed by (pack id, offset).
pub struct DeltaBaseCache {
    budget: usize,
    inner: Mutex<Lru>,
}

impl std::fmt::Debug for DeltaBaseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeltaBaseCache")
            .field("budget", &self.budget)
            .field("bytes", &self.bytes())
            .finish()
    }
}

impl Default for DeltaBaseCache {
    /// A cache with git's default budget of 96 MiB.
    fn default() -> Self {
        DeltaBaseCache::new(crate::Limits::default().delta_base_cache)
    }
}

impl DeltaBaseCache {
    /// A cache holding at most `budget` bytes of object data (0 disables it).
    pub fn new(budget: usize) -> Self {
        DeltaBaseCache {
            budget,
            inner: Mutex::new(Lru {
                head: NIL,
                tail: NIL,
                ..Lru::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // A panic while holding the lock cannot leave the list half-linked in a way that
        // matters more than losing cached data, so poisoning is ignored.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The base cached for (`pack`, `offset`), marking it recently used.
    pub fn get(&self, pack: u32, offset: u64) -> Option<CachedBase> {
        if self.budget == 0 {
            return None;
        }
        let mut lru = self.lock();
        match lru.map.get(&(pack, offset)).copied() {
            Some(i) => {
                lru.hits += 1;
                lru.unlink(i);
                lru.push_front(i);
                Some(lru.slots[i].value.clone())
            }
            None => {
                lru.misses += 1;
                None
            }
        }
    }

    /// Records that the object at (`pack`, `offset`) was just rebuilt from a delta; returns
    /// whether it was recorded before (and not since forgotten), i.e. whether it is being
    /// reused and worth caching.
    pub fn note_rebuilt(&self, pack: u32, offset: u64) -> bool {
        if self.budget == 0 {
            return false;
        }
        let mut lru = self.lock();
        if lru.seen.is_empty() {
            lru.seen = vec![(u32::MAX, u64::MAX); SEEN_SLOTS];
        }
        let slot = lru.seen.get_mut(seen_slot(pack, offset));
        match slot {
            Some(s) if *s == (pack, offset) => true,
            Some(s) => {
                *s = (pack, offset);
                false
            }
            None => false,
        }
    }

    /// Whether an object of `size` bytes would be kept by [`insert`](Self::insert).
    pub fn would_keep(&self, size: usize) -> bool {
        self.budget > 0 && size <= self.budget / 4
    }

    /// Caches `data` as the object at (`pack`, `offset`), evicting old entries to stay within
    /// the budget. Objects larger than a quarter of the budget are not cached.
    pub fn insert(&self, pack: u32, offset: u64, kind: Kind, data: Arc<Vec<u8>>) {
        let size = data.len();
        if !self.would_keep(size) {
            return;
        }
        let mut lru = self.lock();
        if lru.map.contains_key(&(pack, offset)) {
            return;
        }
        while lru.bytes + size > self.budget && lru.evict_one() {}
        let slot = Slot {
            key: (pack, offset),
            value: CachedBase { kind, data },
            prev: NIL,
            next: NIL,
        };
        let i = match lru.free.pop() {
            Some(i) => {
                lru.slots[i] = slot;
                i
            }
            None => {
                lru.slots.push(slot);
                lru.slots.len() - 1
            }
        };
        lru.push_front(i);
        lru.map.insert((pack, offset), i);
        lru.bytes += size;
    }

    /// Bytes of object data currently held.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// (hits, misses) since the cache was made.
    pub fn stats(&self) -> (u64, u64) {
        let lru = self.lock();
        (lru.hits, lru.misses)
    }

    /// Drops every entry.
    pub fn clear(&self) {
        let mut lru = self.lock();
        while lru.evict_one() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Arc<Vec<u8>> {
        Arc::new(vec![0; n])
    }

    #[test]
    fn least_recently_used_is_evicted_first_and_budget_holds() {
        let c = DeltaBaseCache::new(400);
        c.insert(1, 10, Kind::Blob, data(100));
        c.insert(1, 20, Kind::Blob, data(100));
        c.insert(1, 30, Kind::Blob, data(100));
        assert!(c.get(1, 10).is_some());
        c.insert(1, 40, Kind::Tree, data(100));
        c.insert(1, 50, Kind::Tree, data(100));
        assert!(c.bytes() <= 400);
        assert!(c.get(1, 20).is_none(), "least recently used goes first");
        assert!(c.get(1, 10).is_some());
        assert!(c.get(1, 50).is_some());
        assert_eq!(c.get(1, 40).map(|b| b.kind), Some(Kind::Tree));
        assert!(c.get(2, 40).is_none(), "the pack id is part of the key");
        c.insert(1, 60, Kind::Blob, data(101));
        assert!(
            c.get(1, 60).is_none(),
            "over a quarter of the budget is not cached"
        );
        c.clear();
        assert_eq!(c.bytes(), 0);
    }

    #[test]
    fn a_rebuild_is_noted_and_recognised_the_second_time() {
        let c = DeltaBaseCache::new(1000);
        assert!(!c.note_rebuilt(1, 10), "first rebuild");
        assert!(c.note_rebuilt(1, 10), "second rebuild");
        assert!(!c.note_rebuilt(2, 10), "the pack id is part of the key");
        assert!(!DeltaBaseCache::new(0).note_rebuilt(1, 10));
        let c = DeltaBaseCache::new(0);
        c.note_rebuilt(1, 10);
        assert!(!c.note_rebuilt(1, 10), "a disabled cache keeps nothing");
    }

    #[test]
    fn cache_is_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<DeltaBaseCache>();
        let c = DeltaBaseCache::new(10_000);
        std::thread::scope(|s| {
            for t in 0..4u32 {
                let c = &c;
                s.spawn(move || {
                    for i in 0..500u64 {
                        c.insert(t, i, Kind::Blob, data(((i % 7) * 10) as usize));
                        let _ = c.get(t, i / 2);
                    }
                });
            }
        });
        assert!(c.bytes() <= 10_000);
    }
}
