//! Making deltas, after git's `diff-delta.c`: the base is indexed by the hash of each 16-byte
//! block (at 16-byte steps); a hash rolled over every 16-byte window of the target finds
//! candidate blocks, each match is grown forward (and backward over pending literal bytes),
//! and the result is written in git's delta format (drawn in [`crate::pack::delta`]):
//!
//! ```text
//! base size, target size    varints
//! 1oooossss + bytes         copy: offset bytes (bits 0-3), size bytes (bits 4-6), ≤ 64 KiB each
//! 0nnnnnnn + n bytes        insert n (1..=127) literal bytes
//! ```
//!
//! ```
//! use gitstore::pack::delta::apply;
//! use gitstore::pack_write::diff_delta::diff_delta;
//!
//! let base = b"the quick brown fox jumps over the lazy dog, again and again".repeat(4);
//! let mut target = base.clone();
//! target.extend_from_slice(b" and once more");
//! let delta = diff_delta(&base, &target);
//! assert!(delta.len() < 40);
//! let mut out = Vec::new();
//! apply(&base, &delta, &mut out, u64::MAX)?;
//! assert_eq!(out, target);
//! # Ok::<(), gitstore::error::DecodeError>(())
//! ```

/// Bytes per indexed block of the base, and the width of the rolling hash.
const WINDOW: usize = 16;
/// Most base blocks kept per hash bucket (git's `HASH_LIMIT`): repetitive bases would
/// otherwise make matching quadratic.
const BUCKET_LIMIT: usize = 64;
/// Longest copy one instruction can say (git writes no longer ones).
const MAX_COPY: usize = 0x10000;
/// Longest literal run one instruction can say.
const MAX_INSERT: usize = 0x7f;
/// Multiplier of the polynomial rolling hash.
const PRIME: u32 = 0x0100_0193;

/// `PRIME^(WINDOW-1)`, to take the oldest byte out of the rolling hash.
const fn top_power() -> u32 {
    let mut p = 1u32;
    let mut i = 1;
    while i < WINDOW {
        p = p.wrapping_mul(PRIME);
        i += 1;
    }
    p
}
const TOP: u32 = top_power();

fn hash_window(w: &[u8]) -> u32 {
    w.iter().fold(0u32, |h, &b| {
        h.wrapping_mul(PRIME).wrapping_add(u32::from(b))
    })
}

fn roll(h: u32, out: u8, into: u8) -> u32 {
    h.wrapping_sub(u32::from(out).wrapping_mul(TOP))
        .wrapping_mul(PRIME)
        .wrapping_add(u32::from(into))
}

/// A base object's blocks by hash, built once and used for every target tried against it.
#[derive(Debug, Clone)]
pub struct DeltaIndex {
    /// Length of the base it was built for.
    base_len: usize,
    /// log2 of the bucket count.
    bits: u32,
    /// `starts[b]..starts[b+1]` are bucket `b`'s blocks in `blocks`.
    starts: Vec<u32>,
    /// (full hash, offset in the base) of indexed blocks, ascending offsets within a bucket.
    blocks: Vec<(u32, u32)>,
}

impl DeltaIndex {
    /// Indexes `base`. A base of 4 GiB or more is indexed only in its first 4 GiB.
    pub fn new(base: &[u8]) -> DeltaIndex {
        let base = &base[..base.len().min(u32::MAX as usize)];
        let n_blocks = base.len() / WINDOW;
        let mut bits = 4;
        while (1usize << bits) < n_blocks && bits < 31 {
            bits += 1;
        }
        let n_buckets = 1usize << bits;
        let mut hashes: Vec<(u32, u32)> = Vec::with_capacity(n_blocks);
        let mut prev: Option<u32> = None;
        for (b, block) in base.chunks_exact(WINDOW).enumerate() {
            let h = hash_window(block);
            // a run of identical blocks: the first one is enough
            if prev != Some(h) {
                hashes.push((h, (b * WINDOW) as u32));
            }
            prev = Some(h);
        }
        // counting sort by bucket, keeping offsets ascending, at most BUCKET_LIMIT a bucket
        let mut counts = vec![0u32; n_buckets + 1];
        for &(h, _) in &hashes {
            counts[bucket(h, bits) as usize + 1] += 1;
        }
        let mut thin = vec![1u32; n_buckets];
        for (b, t) in thin.iter_mut().enumerate() {
            let n = counts[b + 1] as usize;
            if n > BUCKET_LIMIT {
                // keep every t-th block: an even spread over the base
                *t = n.div_ceil(BUCKET_LIMIT) as u32;
                counts[b + 1] = n.div_ceil(*t as usize) as u32;
            }
        }
        for b in 0..n_buckets {
            counts[b + 1] += counts[b];
        }
        let mut blocks = vec![(0u32, 0u32); counts[n_buckets] as usize];
        let mut fill = counts.clone();
        let mut seen = vec![0u32; n_buckets];
        for &(h, off) in &hashes {
            let b = bucket(h, bits) as usize;
            let k = seen[b];
            seen[b] += 1;
            if k % thin[b] == 0 {
                if let Some(slot) = blocks.get_mut(fill[b] as usize) {
                    *slot = (h, off);
                }
                fill[b] += 1;
            }
        }
        DeltaIndex {
            base_len: base.len(),
            bits,
            starts: counts,
            blocks,
        }
    }

    /// Bytes this index holds on the heap.
    pub fn memory(&self) -> usize {
        self.starts.len() * 4 + self.blocks.len() * 8
    }

    /// The delta that makes `target` from `base` (the bytes this index was built for), or
    /// `None` if it would be longer than `max_size` (0: no limit) or `base` is not the indexed
    /// length.
    pub fn encode(&self, base: &[u8], target: &[u8], max_size: usize) -> Option<Vec<u8>> {
        if base.len() != self.base_len {
            return None;
        }
        let limit = if max_size == 0 { usize::MAX } else { max_size };
        let mut out = Vec::with_capacity(target.len().min(limit) / 4 + 32);
        push_varint(&mut out, base.len() as u64);
        push_varint(&mut out, target.len() as u64);
        let mut literal_from = 0;
        let mut i = 0;
        let mut h = target.get(..WINDOW).map(hash_window).unwrap_or(0);
        while i + WINDOW <= target.len() {
            let (off, len) = self.longest_match(base, target, i, h);
            if len < WINDOW {
                if let (Some(&out_byte), Some(&in_byte)) = (target.get(i), target.get(i + WINDOW)) {
                    h = roll(h, out_byte, in_byte);
                }
                i += 1;
                // a literal run can only grow the delta: give up as soon as it is too long
                if out.len() + (i - literal_from) > limit {
                    return None;
                }
                continue;
            }
            // grow the match backward over the literal bytes waiting before it
            let (mut off, mut start, mut len) = (off, i, len);
            while start > literal_from && off > 0 && base[off - 1] == target[start - 1] {
                off -= 1;
                start -= 1;
                len += 1;
            }
            push_literal(&mut out, &target[literal_from..start]);
            push_copies(&mut out, off, len);
            if out.len() > limit {
                return None;
            }
            i = start + len;
            literal_from = i;
            if let Some(w) = target.get(i..i + WINDOW) {
                h = hash_window(w);
            }
        }
        push_literal(&mut out, &target[literal_from..]);
        (out.len() <= limit).then_some(out)
    }

    /// The longest run of `base` equal to `target[at..]`, among the blocks whose hash is
    /// `h`: (base offset, length).
    fn longest_match(&self, base: &[u8], target: &[u8], at: usize, h: u32) -> (usize, usize) {
        let b = bucket(h, self.bits) as usize;
        let (Some(&from), Some(&to)) = (self.starts.get(b), self.starts.get(b + 1)) else {
            return (0, 0);
        };
        let want = &target[at..];
        let mut best = (0, 0);
        for &(bh, off) in self.blocks.get(from as usize..to as usize).unwrap_or(&[]) {
            if bh != h {
                continue;
            }
            let off = off as usize;
            let len = common_prefix(&base[off..], want);
            if len > best.1 {
                best = (off, len);
                if len >= 4 * MAX_COPY {
                    break;
                }
            }
        }
        best
    }
}

/// How many leading bytes `a` and `b` share, compared eight at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut i = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let x = u64::from_le_bytes(x.try_into().unwrap_or([0; 8]));
        let y = u64::from_le_bytes(y.try_into().unwrap_or([0; 8]));
        let diff = x ^ y;
        if diff != 0 {
            return i + (diff.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + a[i..]
        .iter()
        .zip(&b[i..])
        .take_while(|(x, y)| x == y)
        .count()
}

fn bucket(h: u32, bits: u32) -> u32 {
    h.wrapping_mul(0x9E37_79B1) >> (32 - bits)
}

/// The delta from `base` to `target`, with no size limit.
pub fn diff_delta(base: &[u8], target: &[u8]) -> Vec<u8> {
    DeltaIndex::new(base)
        .encode(base, target, 0)
        .unwrap_or_default()
}

fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn push_literal(out: &mut Vec<u8>, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let n = bytes.len().min(MAX_INSERT);
        out.push(n as u8);
        out.extend_from_slice(&bytes[..n]);
        bytes = &bytes[n..];
    }
}

fn push_copies(out: &mut Vec<u8>, mut off: usize, mut len: usize) {
    while len > 0 {
        let n = len.min(MAX_COPY);
        let at = out.len();
        out.push(0x80);
        let mut cmd = 0x80u8;
        for k in 0..4 {
            let byte = (off >> (8 * k)) as u8;
            if byte != 0 {
                cmd |= 1 << k;
                out.push(byte);
            }
        }
        if n != MAX_COPY {
            for k in 0..3 {
                let byte = (n >> (8 * k)) as u8;
                if byte != 0 {
                    cmd |= 0x10 << k;
                    out.push(byte);
                }
            }
        }
        out[at] = cmd;
        off += n;
        len -= n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::delta::apply;
    use proptest::prelude::*;

    fn round_trip(base: &[u8], target: &[u8]) -> usize {
        let delta = diff_delta(base, target);
        let mut out = Vec::new();
        apply(base, &delta, &mut out, u64::MAX).unwrap();
        assert_eq!(out, target);
        delta.len()
    }

    #[test]
    fn edits_in_a_large_file_cost_little() {
        let base: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut target = base.clone();
        target[100_000..100_010].copy_from_slice(b"0123456789");
        target.splice(500_000..500_000, b"inserted".iter().copied());
        target.truncate(700_000);
        assert!(round_trip(&base, &target) < 200);
    }

    #[test]
    fn empty_and_tiny_inputs() {
        round_trip(b"", b"");
        round_trip(b"", b"abc");
        round_trip(b"abc", b"");
        round_trip(b"abcdefghijklmnopqrstuvwxyz", b"abcdefghijklmnopqrstuvwxyz");
    }

    #[test]
    fn copy_at_offset_zero_and_exactly_64k() {
        let base = vec![7u8; 3 * MAX_COPY + 5];
        let target = base.clone();
        round_trip(&base, &target);
    }

    #[test]
    fn size_limit_is_respected() {
        let base = vec![0u8; 1000];
        let target: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        assert!(DeltaIndex::new(&base).encode(&base, &target, 100).is_none());
    }

    proptest! {
        #[test]
        fn any_delta_applies(base in proptest::collection::vec(0u8..4, 0..600),
                             cuts in proptest::collection::vec((0usize..600, 0usize..40), 0..5)) {
            let mut target = base.clone();
            for (at, len) in cuts {
                let at = at.min(target.len());
                let end = (at + len).min(target.len());
                target.drain(at..end);
                target.extend_from_slice(&base[..len.min(base.len())]);
            }
            round_trip(&base, &target);
        }
    }
}
