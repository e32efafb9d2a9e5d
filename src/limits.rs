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
