//! The name patterns of ref listings: `for-each-ref`'s (a prefix up to a `/`, or a glob where
//! `*` stops at `/`) and `branch --list` / `tag --list`'s (a glob on the short name).
//!
//! ```
//! use gitstore::refs::pattern::{name_matches, name_matches_path};
//! assert!(name_matches_path(b"refs/heads/main", &[b"refs/heads"]));
//! assert!(name_matches(b"refs/heads/feature/x", &[b"f*"]));
//! ```

use crate::wildmatch::wildmatch;

/// `for-each-ref`'s pattern rule (`match_as_path`): a pattern matches a name it is a prefix of
/// up to a `/` (or that ends in `/`), or that it matches as a glob where `*` stops at `/`.
/// No patterns: everything matches.
pub fn name_matches_path(name: &[u8], patterns: &[&[u8]]) -> bool {
    patterns.is_empty()
        || patterns.iter().any(|p| {
            (name.starts_with(p)
                && (name.len() == p.len() || name[p.len()] == b'/' || p.ends_with(b"/")))
                || wildmatch(p, name, true)
        })
}

/// `branch --list` / `tag --list` pattern rule: the name without `refs/heads/`, `refs/tags/` or
/// `refs/remotes/` matched as a glob (where `*` also matches `/`).
pub fn name_matches(name: &[u8], patterns: &[&[u8]]) -> bool {
    let short = ["refs/heads/", "refs/tags/", "refs/remotes/"]
        .iter()
        .find_map(|p| name.strip_prefix(p.as_bytes()))
        .unwrap_or(name);
    patterns.is_empty() || patterns.iter().any(|p| wildmatch(p, short, false))
}

/// Whether git's `for-each-ref` walks the ref `name` at all for `patterns` (and so warns about
/// it when it is broken): it walks only below each pattern's literal prefix, the part before
/// its first `*`, `?`, `[` or `\`. No patterns: everything is walked.
pub fn walked_for(name: &[u8], patterns: &[&[u8]]) -> bool {
    patterns.is_empty()
        || patterns.iter().any(|p| {
            let end = p
                .iter()
                .position(|c| b"*?[\\".contains(c))
                .unwrap_or(p.len());
            name.starts_with(p.get(..end).unwrap_or(p))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refs_below_a_literal_prefix_are_walked() {
        assert!(walked_for(b"refs/heads/x", &[]));
        assert!(walked_for(b"refs/heads/x", &[b"refs/he*/y"]));
        assert!(!walked_for(b"refs/tags/x", &[b"refs/he*/y"]));
        assert!(walked_for(b"refs/tags/x", &[b"refs/heads", b"refs/t?gs"]));
    }

    #[test]
    fn path_patterns_match_whole_components() {
        assert!(name_matches_path(b"refs/heads/main", &[b"refs/heads"]));
        assert!(name_matches_path(b"refs/heads/main", &[b"refs/heads/"]));
        assert!(!name_matches_path(b"refs/heads/main", &[b"refs/hea"]));
        assert!(name_matches_path(b"refs/tags/v1", &[b"refs/tags/v*"]));
        assert!(name_matches(b"refs/heads/feature/x", &[b"f*"]));
    }
}
