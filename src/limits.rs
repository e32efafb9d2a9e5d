//! [`Limits`]: every ceiling the crate enforces on hostile input, named, with git-like defaults.

/// Ceilings on what the library will read, follow or hold in memory.
///
/// Every default is at least as generous as git, so nothing git reads is refused; each ceiling
/// only stops input that is hostile (a chain no tool makes, a size no machine holds). A crossed
/// limit is an [`Error::LimitExceeded`](crate::Error::LimitExceeded) naming it, or, where git
/// itself would just not find something, that answer.
///
/// ```
/// use gitstore::Limits;
///
/// let strict = Limits { max_delta_chain: 100, ..Limits::default() };
/// assert_eq!(strict.max_tag_chain, Limits::default().max_tag_chain);
/// ```
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
    /// How many REF_DELTA bases read from another store may be nested on one thread. Each
    /// level costs stack frames in the caller's [`ExternalBases`](crate::pack::ExternalBases)
    /// too, so this stays far below [`max_delta_chain`](Self::max_delta_chain): it is what
    /// stops a REF_DELTA cycle across packs even if an implementation forgets to pass `depth`.
    pub max_external_nesting: usize,
    /// Annotated tags followed when peeling one object (`v1^{}`, `^{commit}`, a ref's peeled
    /// value). git follows any chain; a tag cannot name itself, so only a hostile chain of
    /// millions ends here.
    pub max_tag_chain: usize,
    /// Trees nested inside one another that a walk enters (no file system checks out paths
    /// this deep).
    pub max_tree_depth: usize,
    /// Commits one revision walk (`A~n`, `:/text`, `@{n}` fallbacks) reads before giving up.
    pub max_commit_walk: u64,
    /// `~n`, `^n` and `^{…}` operators in one revision expression.
    pub max_revision_operators: usize,
    /// Bytes read from a loose ref file (a valid one is under 300 bytes; the rest is ignored).
    pub max_loose_ref_size: u64,
    /// Layers of a split commit-graph chain read (git writes a handful; a longer chain is
    /// ignored, as a damaged graph is).
    pub max_commit_graph_chain: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_object_size: 4 << 30,
            max_delta_chain: 50_000,
            delta_base_cache: 96 << 20,
            max_symref_depth: 5,
            max_alternates_depth: 5,
            max_external_nesting: 64,
            max_tag_chain: 1_000_000,
            max_tree_depth: 4096,
            max_commit_walk: 50_000_000,
            max_revision_operators: 4096,
            max_loose_ref_size: 64 * 1024,
            max_commit_graph_chain: 512,
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
