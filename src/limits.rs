//! [`Limits`]: every ceiling the crate enforces on hostile input, named, with git-like defaults.

/// Ceilings on what the library will read, follow or hold in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest object body read into memory at once; bigger blobs must be streamed.
    pub max_object_size: u64,
    /// Longest delta chain followed before giving up (git itself has no hard limit; chains this
    /// long are only ever hostile).
    pub max_delta_chain: usize,
    /// Bytes of delta bases kept in the cache (git's `core.deltaBaseCacheLimit`, 96 MiB).
    pub delta_base_cache: usize,
    /// Symbolic refs followed before declaring a loop (git's limit is 5).
    pub max_symref_depth: usize,
    /// Nested `objects/info/alternates` files followed (git's limit is 5).
    pub max_alternates_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_object_size: 4 << 30,
            max_delta_chain: 50_000,
            delta_base_cache: 96 << 20,
            max_symref_depth: 5,
            max_alternates_depth: 5,
        }
    }
}

/// Deflate's best compression ratio: no zlib stream inflates to more than this many bytes per
/// compressed byte.
const MAX_INFLATE_RATIO: usize = 1032;

/// How much room to reserve up front for a zlib stream of `compressed` bytes that claims to
/// inflate to `announced` bytes (plus one, to notice an overlong stream). A hostile header
/// cannot make the reader allocate more than its input could ever produce.
pub(crate) fn inflate_capacity(announced: usize, compressed: usize) -> usize {
    announced
        .min(
            compressed
                .saturating_mul(MAX_INFLATE_RATIO)
                .saturating_add(64),
        )
        .saturating_add(1)
}

/// Makes room for more output in `out` while it is full and still short of `announced + 1`
/// bytes, doubling (flate2's `decompress_vec` writes only into spare capacity).
pub(crate) fn grow_for_inflate(out: &mut Vec<u8>, announced: usize) -> bool {
    if out.len() < out.capacity() {
        return true;
    }
    let want = announced.saturating_add(1).saturating_sub(out.len());
    want > 0 && out.try_reserve_exact(want.min(out.len().max(4096))).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_size_does_not_reserve_more_than_the_input_can_produce() {
        assert_eq!(inflate_capacity(4 << 30, 10), 10 * MAX_INFLATE_RATIO + 65);
        assert_eq!(inflate_capacity(100, 10), 101);
    }
}
