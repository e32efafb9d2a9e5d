//! git's `tree_entry_interesting` (tree-walk.c): whether an entry met while walking a tree is
//! named by a pathspec — the entry itself, everything below it, or nothing — with the
//! exclude specs taken away as git's table of twenty cases does.
//!
//! ```text
//! base "src/"  entry "gen" (tree)   spec "src/gen/x.c"   → Entry (leads to the spec)
//! base "src/gen/" entry "x.c"       spec "src"           → All   (below the spec)
//! base "src/"  entry "a.rs"         spec "*.rs"          → Entry (the glob matches)
//! ```

use super::{Item, Magic};
use std::cmp::Ordering;

/// An entry of a tree being walked.
pub(super) struct Entry<'a> {
    /// Its directory's path with a trailing `/` (empty at the top).
    pub base: &'a [u8],
    /// Its name.
    pub name: &'a [u8],
    /// A tree (git's `S_ISDIR`).
    pub is_tree: bool,
    /// A submodule.
    pub is_gitlink: bool,
}

/// git's `enum interesting`, without the "nothing after this either" shortcut (which only
/// saves reading).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Interesting {
    Not,
    Entry,
    All,
}

/// Whether `entry` is named by `items` (every path when there are none).
pub(super) fn tree_entry_interesting(items: &[Item], entry: &Entry<'_>, recursive: bool) -> bool {
    if items.is_empty() {
        return true;
    }
    let positive = do_match(items, entry, recursive, false);
    if positive == Interesting::Not || !items.iter().any(|i| i.magic.contains(Magic::EXCLUDE)) {
        return positive != Interesting::Not;
    }
    let negative = do_match(items, entry, recursive, true);
    let result = match (positive, negative) {
        (Interesting::All, Interesting::Not) => Interesting::Entry,
        (p, Interesting::Not) => p,
        (_, Interesting::Entry) if entry.is_tree => Interesting::Entry,
        _ => Interesting::Not,
    };
    result != Interesting::Not
}

/// git's `do_match` over the positive (`exclude` false) or the exclude specs.
fn do_match(items: &[Item], entry: &Entry<'_>, recursive: bool, exclude: bool) -> Interesting {
    let base = entry.base;
    for item in items.iter().rev() {
        if item.magic.contains(Magic::EXCLUDE) != exclude {
            continue;
        }
        let spec = item.path.as_slice();
        let wild = item.nowildcard_len < spec.len();
        if base.len() >= spec.len() {
            if match_dir_prefix(item, base, spec) {
                return Interesting::All;
            }
        } else if base.is_empty() || basecmp(item, base, spec, base.len()) == Ordering::Equal {
            let rest = spec.get(base.len()..).unwrap_or_default();
            if match_entry(item, entry, rest) {
                return Interesting::Entry;
            }
            if wild {
                let plain = item.nowildcard_len.saturating_sub(base.len());
                if fnmatch(item, rest, entry.name, plain) {
                    return Interesting::Entry;
                }
                if recursive && entry.is_tree {
                    return Interesting::Entry;
                }
            }
            continue;
        }
        // the spec's glob against the whole path
        if !wild || (item.nowildcard_len > 0 && !match_wildcard_base(item, base)) {
            continue;
        }
        let path = [base, entry.name].concat();
        if fnmatch(item, spec, &path, item.nowildcard_len) {
            return Interesting::Entry;
        }
        if recursive && entry.is_tree {
            return Interesting::Entry;
        }
    }
    Interesting::Not
}

/// The directory `base` is the spec or below it.
fn match_dir_prefix(item: &Item, base: &[u8], spec: &[u8]) -> bool {
    basecmp(item, base, spec, spec.len()) == Ordering::Equal
        && (spec.is_empty() || base.get(spec.len()) == Some(&b'/') || spec.ends_with(b"/"))
}

/// git's `match_wildcard_base`: `base` agrees with the spec's plain start.
fn match_wildcard_base(item: &Item, base: &[u8]) -> bool {
    let plain = item.nowildcard_len;
    if base.is_empty() {
        return true;
    }
    let n = base.len().min(plain);
    basecmp(item, base, &item.path, n) == Ordering::Equal
}

/// git's `match_entry`: the entry is `rest` (the spec below `base`), or a directory on its way.
fn match_entry(item: &Item, entry: &Entry<'_>, rest: &[u8]) -> bool {
    let name = entry.name;
    if name.len() > rest.len() {
        return false;
    }
    if rest.len() > name.len() {
        if rest[name.len()] != b'/' {
            return false;
        }
        // a file is no directory on the way; a submodule is only as `name/`
        if !entry.is_tree && (!entry.is_gitlink || rest.len() > name.len() + 1) {
            return false;
        }
    }
    strncmp(item, rest, name, name.len()) == Ordering::Equal
}

/// git's `basecmp`: under `:(icase)`, the prefix part still compares exactly.
fn basecmp(item: &Item, base: &[u8], spec: &[u8], len: usize) -> Ordering {
    if item.magic.contains(Magic::ICASE) {
        let n = len.min(item.prefix_len);
        let exact = compare_n(base, spec, n, false);
        if exact != Ordering::Equal {
            return exact;
        }
        let (b, s) = (
            base.get(n..).unwrap_or_default(),
            spec.get(n..).unwrap_or_default(),
        );
        return compare_n(b, s, len - n, true);
    }
    compare_n(base, spec, len, false)
}

/// git's `ps_strncmp`.
fn strncmp(item: &Item, a: &[u8], b: &[u8], n: usize) -> Ordering {
    compare_n(a, b, n, item.magic.contains(Magic::ICASE))
}

/// C's `strncmp` (or `strncasecmp`) on byte strings whose end reads as a NUL.
fn compare_n(a: &[u8], b: &[u8], n: usize, icase: bool) -> Ordering {
    for i in 0..n {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        let (x, y) = if icase {
            (x.to_ascii_lowercase(), y.to_ascii_lowercase())
        } else {
            (x, y)
        };
        match x.cmp(&y) {
            Ordering::Equal if x == 0 => return Ordering::Equal,
            Ordering::Equal => {}
            other => return other,
        }
    }
    Ordering::Equal
}

/// git's `git_fnmatch`: the first `plain` bytes compared as they are, the rest globbed (`*`
/// crossing `/` unless `:(glob)`).
fn fnmatch(item: &Item, pattern: &[u8], text: &[u8], plain: usize) -> bool {
    if plain > 0 && strncmp(item, pattern, text, plain) != Ordering::Equal {
        return false;
    }
    let pattern = pattern.get(plain..).unwrap_or_default();
    let text = text.get(plain..).unwrap_or_default();
    let pathname = item.magic.contains(Magic::GLOB);
    if item.magic.contains(Magic::ICASE) {
        crate::wildmatch::wildmatch(
            &pattern.to_ascii_lowercase(),
            &text.to_ascii_lowercase(),
            pathname,
        )
    } else {
        crate::wildmatch::wildmatch(pattern, text, pathname)
    }
}

#[cfg(test)]
mod tests {
    use crate::pathspec::{Pathspec, PathspecGlobals};

    fn spec(args: &[&str]) -> Pathspec {
        Pathspec::parse(args, b"", None, PathspecGlobals::default()).unwrap()
    }

    #[test]
    fn a_glob_without_magic_crosses_directories() {
        let s = spec(&["*.rs"]);
        assert!(s.interesting(b"src/deep/", b"x.rs", false, false, true));
        assert!(
            s.interesting(b"", b"src", true, true, true),
            "every tree may hold one"
        );
        assert!(
            !s.interesting(b"", b"src", true, true, false),
            "unless the walk is flat"
        );
        assert!(!s.interesting(b"", b"README", false, false, true));
    }

    #[test]
    fn glob_magic_keeps_stars_inside_a_component() {
        let s = spec(&[":(glob)*.rs"]);
        assert!(s.interesting(b"", b"a.rs", false, false, true));
        assert!(!s.interesting(b"src/", b"a.rs", false, false, true));
        let deep = spec(&[":(glob)src/**/mod.rs"]);
        assert!(deep.interesting(b"src/a/b/", b"mod.rs", false, false, true));
        assert!(deep.interesting(b"src/", b"mod.rs", false, false, true));
        assert!(!deep.interesting(b"lib/a/", b"mod.rs", false, false, true));
    }

    #[test]
    fn icase_matches_any_case() {
        let s = spec(&[":(icase)readme.MD"]);
        assert!(s.interesting(b"", b"README.md", false, false, true));
        assert!(!s.interesting(b"", b"README.txt", false, false, true));
        let dir = spec(&[":(icase)SRC/lib.rs"]);
        assert!(dir.interesting(b"", b"src", true, true, false));
        assert!(dir.interesting(b"src/", b"LIB.RS", false, false, false));
    }

    #[test]
    fn excludes_take_away_what_they_name() {
        let s = spec(&["src", ":!src/gen"]);
        assert!(s.interesting(b"src/", b"lib.rs", false, false, true));
        // git's case 19: the directory is still read, what is in it is taken away
        assert!(s.interesting(b"src/", b"gen", true, true, true));
        assert!(!s.interesting(b"src/gen/", b"x.rs", false, false, true));
        let wild = spec(&["src", ":!*.md"]);
        assert!(
            wild.interesting(b"src/", b"doc", true, true, true),
            "may hold non-md files"
        );
        assert!(!wild.interesting(b"src/", b"a.md", false, false, true));
    }

    #[test]
    fn literal_magic_takes_glob_characters_as_they_are() {
        let s = spec(&[":(literal)a*"]);
        assert!(s.interesting(b"", b"a*", false, false, true));
        assert!(!s.interesting(b"", b"ab", false, false, true));
    }
}
