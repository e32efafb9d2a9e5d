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

/// git's `has_glob_specials`: `*`, `?`, `[` or `\\`.
fn has_glob_specials(pattern: &[u8]) -> bool {
    pattern.iter().any(|c| b"*?[\\".contains(c))
}

/// The glob git's `for_each_glob_ref_in` matches full ref names against for `pattern` given
/// under `prefix` (`--branches=P` is `refs/heads/` and `P`; `--glob=P` has no prefix and gets
/// `refs/` unless `P` starts with it): a pattern without glob characters means everything
/// below it.
///
/// ```
/// use gitstore::refs::pattern::glob_pattern;
/// assert_eq!(glob_pattern(b"refs/heads/", b"topic"), b"refs/heads/topic/*");
/// assert_eq!(glob_pattern(b"", b"heads/t*"), b"refs/heads/t*");
/// ```
pub fn glob_pattern(prefix: &[u8], pattern: &[u8]) -> Vec<u8> {
    let mut glob = if prefix.is_empty() && !pattern.starts_with(b"refs/") {
        b"refs/".to_vec()
    } else {
        prefix.to_vec()
    };
    glob.extend_from_slice(pattern);
    if !has_glob_specials(pattern) {
        if !glob.ends_with(b"/") {
            glob.push(b'/');
        }
        glob.push(b'*');
    }
    glob
}

/// `show-ref`'s pattern rule: `pattern` is a tail of `name` that starts at a component
/// (`main` matches `refs/heads/main` and `refs/remotes/origin/main`, not `refs/heads/xmain`).
pub fn name_matches_tail(name: &[u8], pattern: &[u8]) -> bool {
    name.ends_with(pattern)
        && (name.len() == pattern.len() || name[name.len() - pattern.len() - 1] == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_ref_patterns_match_whole_trailing_components() {
        assert!(name_matches_tail(b"refs/heads/main", b"main"));
        assert!(name_matches_tail(b"refs/heads/main", b"heads/main"));
        assert!(name_matches_tail(b"main", b"main"));
        assert!(!name_matches_tail(b"refs/heads/xmain", b"main"));
        assert!(!name_matches_tail(b"main", b"refs/heads/main"));
    }

    #[test]
    fn a_glob_pattern_with_a_backslash_is_taken_as_a_glob() {
        assert_eq!(glob_pattern(b"refs/tags/", b"v\\1"), b"refs/tags/v\\1");
        assert_eq!(glob_pattern(b"refs/tags/", b"v1/"), b"refs/tags/v1/*");
        assert_eq!(glob_pattern(b"", b"refs/x"), b"refs/x/*");
    }

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
