//! Literal pathspecs, as `git ls-tree` reads and matches them.
//!
//! A path argument is taken relative to the directory the command runs in (the *prefix*,
//! `src/` below the top of the work tree), normalized (`./`, `../`, doubled slashes), and
//! matched against tree paths from the top:
//!
//! ```text
//! spec "src"   matches  src, src/a.c, src/x/y.c   (and the directory on the way: none)
//! spec "src/"  matches  src (a directory only), src/a.c, ...
//! spec "a/b/c" matches  a/b/c and below; the trees a and a/b lead to it
//! ```
//!
//! No wildcards: `ls-tree` takes its paths literally. No argument means the prefix itself
//! (git's `PATHSPEC_PREFER_CWD`); a spec naming the top matches everything.

use crate::revision::normalize_path;
use bstr::BString;
use std::path::{Path, PathBuf};

/// A path argument that leaves the work tree (`../..` from the top, or an absolute path
/// elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{arg}' is outside the repository")]
pub struct OutsideRepository {
    /// The argument as given.
    pub arg: BString,
    /// The top of the work tree, when there is one.
    pub top: Option<PathBuf>,
}

/// A set of literal path specs, normalized to paths from the top of the work tree.
///
/// ```
/// use gitstore::pathspec::Pathspec;
///
/// let spec = Pathspec::new(&["../docs/", "a.c"], b"src/", None)?;
/// assert!(spec.matches(b"docs", true, true));
/// assert!(spec.matches(b"docs/guide.md", false, false));
/// assert!(spec.matches(b"src/a.c", false, false));
/// assert!(!spec.matches(b"src/b.c", false, false));
/// // the walk goes into `src` only because a spec is below it
/// assert!(spec.matches(b"src", true, true) && spec.leads_below(b"src"));
/// # Ok::<(), gitstore::pathspec::OutsideRepository>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pathspec {
    /// Normalized specs; empty when everything matches.
    specs: Vec<BString>,
}

impl Pathspec {
    /// The specs `args` name from the directory `prefix` (relative to the top of the work
    /// tree, ending in `/`, or empty at the top). An absolute argument must lie below `top`
    /// (the work tree, canonical). No argument means the prefix.
    pub fn new(
        args: &[impl AsRef<[u8]>],
        prefix: &[u8],
        top: Option<&Path>,
    ) -> Result<Pathspec, OutsideRepository> {
        let mut specs = args
            .iter()
            .map(|arg| one(arg.as_ref(), prefix, top))
            .collect::<Result<Vec<_>, _>>()?;
        if specs.is_empty() && !prefix.is_empty() {
            specs.push(prefix.into());
        }
        // a spec naming the top (`.` there, `..` one level down) matches everything
        if specs.iter().any(|s| s.is_empty()) {
            specs.clear();
        }
        Ok(Pathspec { specs })
    }

    /// Whether every path matches.
    pub fn matches_all(&self) -> bool {
        self.specs.is_empty()
    }

    /// The normalized specs (empty when every path matches).
    pub fn specs(&self) -> &[BString] {
        &self.specs
    }

    /// Whether the tree entry at `path` is named: it is a spec, it is inside one, or it is a
    /// tree on the way to one. A spec ending in `/` names a directory (a tree, or a gitlink:
    /// `is_dir`) only.
    pub fn matches(&self, path: &[u8], is_tree: bool, is_dir: bool) -> bool {
        self.matches_all()
            || self
                .specs
                .iter()
                .any(|s| literal_match(s, path, is_tree, is_dir))
    }

    /// Whether the entry `name` of the directory `base` (its path with a trailing `/`, empty
    /// at the top) is of interest to a tree diff (git's `tree_entry_interesting`): as
    /// [`matches`](Self::matches) for a literal spec; a spec with glob characters (`*?[\`)
    /// names the paths it matches (`*` crosses `/`), the directories leading to its literal
    /// start and, in a `recursive` diff, every directory below that start (and, as git, every
    /// directory at the top).
    ///
    /// ```
    /// use gitstore::pathspec::Pathspec;
    ///
    /// let spec = Pathspec::new(&["src/*.rs"], b"", None)?;
    /// assert!(spec.interesting(b"", b"src", true, true, false));
    /// assert!(spec.interesting(b"src/", b"lib.rs", false, false, true));
    /// assert!(spec.interesting(b"src/", b"deep", true, true, true), "may hold a match");
    /// assert!(!spec.interesting(b"src/", b"deep", true, true, false));
    /// assert!(!spec.interesting(b"", b"docs", true, true, false));
    /// assert!(!spec.interesting(b"docs/", b"api", true, true, true));
    /// # Ok::<(), gitstore::pathspec::OutsideRepository>(())
    /// ```
    pub fn interesting(
        &self,
        base: &[u8],
        name: &[u8],
        is_tree: bool,
        is_dir: bool,
        recursive: bool,
    ) -> bool {
        if self.matches_all() {
            return true;
        }
        let mut path = Vec::new();
        self.specs.iter().any(|s| {
            let literal = literal_len(s);
            if literal == s.len() {
                if path.is_empty() {
                    path = [base, name].concat();
                }
                literal_match(s, &path, is_tree, is_dir)
            } else {
                glob_interesting(s, literal, base, name, is_tree, is_dir, recursive)
            }
        })
    }

    /// Whether a spec reaches below the directory `path`, so a walk must go into it (git's
    /// `show_recursive`).
    pub fn leads_below(&self, path: &[u8]) -> bool {
        self.specs
            .iter()
            .any(|s| s.len() > path.len() && s.starts_with(path) && s[path.len()] == b'/')
    }
}

/// Whether `path` is named by the literal spec `s`: it is the spec, below it, or a tree on the
/// way to it.
fn literal_match(s: &[u8], path: &[u8], is_tree: bool, is_dir: bool) -> bool {
    let trimmed = s.strip_suffix(b"/").unwrap_or(s);
    (path == trimmed && (is_dir || trimmed.len() == s.len()))
        || (path.starts_with(trimmed) && path.get(trimmed.len()) == Some(&b'/'))
        || (is_tree && s.starts_with(path) && s.get(path.len()) == Some(&b'/'))
}

/// How many bytes of `spec` come before its first glob character (git's `simple_length`).
fn literal_len(spec: &[u8]) -> usize {
    spec.iter()
        .position(|c| b"*?[\\".contains(c))
        .unwrap_or(spec.len())
}

/// git's `do_match` for one spec with glob characters, whose first `literal` bytes are plain.
fn glob_interesting(
    spec: &[u8],
    literal: usize,
    base: &[u8],
    name: &[u8],
    is_tree: bool,
    is_dir: bool,
    recursive: bool,
) -> bool {
    if base.len() >= spec.len() {
        // the spec (taken literally) names a directory the entry is in
        let rest = base.get(spec.len()..).unwrap_or_default();
        if base.starts_with(spec)
            && (spec.is_empty() || rest.is_empty() || spec.ends_with(b"/") || rest[0] == b'/')
        {
            return true;
        }
    } else if base.is_empty() || spec.starts_with(base) {
        let rest = spec.get(base.len()..).unwrap_or_default();
        return entry_leads_to(rest, name, is_dir, is_tree)
            || fnmatch_after(rest, name, literal.saturating_sub(base.len()))
            || (recursive && is_tree);
    }
    // the directory the entry is in must agree with the spec's literal start
    if literal > 0 {
        let plain = spec.get(..literal).unwrap_or_default();
        let agrees = if base.len() >= literal {
            base.starts_with(plain)
        } else {
            plain.starts_with(base)
        };
        if !agrees {
            return false;
        }
    }
    let path = [base, name].concat();
    fnmatch_after(spec, &path, literal) || (recursive && is_tree)
}

/// git's `match_entry`: `name` is `rest` (the spec below the entry's directory), or a directory
/// on the way to it (a gitlink only for `name/`).
fn entry_leads_to(rest: &[u8], name: &[u8], is_dir: bool, is_tree: bool) -> bool {
    if name.len() > rest.len() {
        return false;
    }
    if rest.len() > name.len() {
        if rest.get(name.len()) != Some(&b'/') {
            return false;
        }
        let gitlink = is_dir && !is_tree;
        if !is_tree && (!gitlink || rest.len() > name.len() + 1) {
            return false;
        }
    }
    rest.starts_with(name)
}

/// git's `git_fnmatch` without magic: the first `prefix` bytes compared as they are, the rest
/// globbed with `*` matching `/` too.
fn fnmatch_after(pattern: &[u8], text: &[u8], prefix: usize) -> bool {
    if prefix > 0 {
        match (pattern.get(..prefix), text.get(..prefix)) {
            (Some(p), Some(t)) if p == t => {}
            _ => return false,
        }
    }
    crate::wildmatch::wildmatch(
        pattern.get(prefix..).unwrap_or_default(),
        text.get(prefix..).unwrap_or_default(),
        false,
    )
}

/// One argument as git's pathspec code makes it: joined to the prefix and normalized, an
/// absolute path taken from the top of the work tree.
fn one(arg: &[u8], prefix: &[u8], top: Option<&Path>) -> Result<BString, OutsideRepository> {
    use std::os::unix::ffi::OsStrExt;
    let outside = || OutsideRepository {
        arg: arg.into(),
        top: top.map(Path::to_path_buf),
    };
    let joined = if arg.starts_with(b"/") {
        let top = top.ok_or_else(outside)?;
        let rest = Path::new(std::ffi::OsStr::from_bytes(arg))
            .strip_prefix(top)
            .map_err(|_| outside())?;
        let mut rel = rest.as_os_str().as_bytes().to_vec();
        if arg.ends_with(b"/") && !rel.is_empty() {
            rel.push(b'/');
        }
        rel
    } else {
        [prefix, arg].concat()
    };
    normalize_path(&joined).ok_or_else(outside)
}

/// `path` (from the top) relative to the directory `prefix` (ending in `/`), with `../` for
/// paths outside it, as git writes names relative to the current directory: `./` for the
/// prefix's own directory.
///
/// ```
/// use gitstore::pathspec::relative_to;
/// assert_eq!(relative_to(b"src/a.c", b"src/"), b"a.c");
/// assert_eq!(relative_to(b"docs/x.md", b"src/"), b"../docs/x.md");
/// assert_eq!(relative_to(b"src", b"src/"), b"./");
/// ```
pub fn relative_to(path: &[u8], prefix: &[u8]) -> Vec<u8> {
    if let Some(rest) = path.strip_prefix(prefix) {
        return rest.to_vec();
    }
    // a directory the prefix is in: `./` for the prefix itself, else one `../` a level
    if let Some(below) = prefix.strip_prefix(path).and_then(|r| r.strip_prefix(b"/")) {
        let ups = below.iter().filter(|&&b| b == b'/').count();
        return if ups == 0 {
            b"./".to_vec()
        } else {
            b"../".repeat(ups)
        };
    }
    let mut common = 0;
    for (i, (a, b)) in path.iter().zip(prefix.iter()).enumerate() {
        if a != b {
            break;
        }
        if *a == b'/' {
            common = i + 1;
        }
    }
    let ups = prefix[common..].iter().filter(|&&b| b == b'/').count();
    let mut out = b"../".repeat(ups);
    out.extend_from_slice(&path[common..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(args: &[&str], prefix: &str) -> Pathspec {
        Pathspec::new(args, prefix.as_bytes(), Some(Path::new("/work/top"))).unwrap()
    }

    #[test]
    fn no_argument_means_the_prefix_and_none_at_the_top_means_everything() {
        assert_eq!(spec(&[], "src/").specs(), ["src/"]);
        assert!(spec(&[], "").matches_all());
        assert!(spec(&[".."], "src/").matches_all());
        assert!(spec(&["."], "").matches_all());
    }

    #[test]
    fn arguments_are_joined_to_the_prefix_and_normalized() {
        assert_eq!(
            spec(&["./a//b", "../c/."], "src/").specs(),
            ["src/a/b", "c/"]
        );
        assert_eq!(spec(&["/work/top/d/e/"], "src/").specs(), ["d/e/"]);
    }

    #[test]
    fn leaving_the_work_tree_is_an_error_naming_the_argument() {
        let err = Pathspec::new(&["../.."], b"src/", Some(Path::new("/t"))).unwrap_err();
        assert_eq!(err.arg, "../..");
        assert_eq!(err.top.as_deref(), Some(Path::new("/t")));
        assert!(Pathspec::new(&["/elsewhere"], b"", Some(Path::new("/t"))).is_err());
        assert!(Pathspec::new(&["/t/x"], b"", None).is_err());
    }

    #[test]
    fn a_trailing_slash_names_directories_only() {
        let s = spec(&["d/"], "");
        assert!(s.matches(b"d", true, true));
        assert!(s.matches(b"d", false, true), "a gitlink is a directory");
        assert!(!s.matches(b"d", false, false));
        assert!(s.matches(b"d/x", false, false));
        assert!(!s.matches(b"dx", false, false));
    }

    #[test]
    fn trees_on_the_way_match_and_lead_below() {
        let s = spec(&["a/b/c"], "");
        assert!(s.matches(b"a", true, true) && s.leads_below(b"a"));
        assert!(s.matches(b"a/b", true, true) && s.leads_below(b"a/b"));
        assert!(
            !s.matches(b"a", false, false),
            "a blob named like the tree is not on the way"
        );
        assert!(s.matches(b"a/b/c/d", false, false));
        assert!(!s.leads_below(b"a/b/c"));
        assert!(!s.matches(b"a/bc", true, true));
    }

    #[test]
    fn relative_names_climb_out_of_the_prefix() {
        assert_eq!(relative_to(b"a/b/x", b"a/b/"), b"x");
        assert_eq!(relative_to(b"a", b"a/b/"), b"../");
        assert_eq!(relative_to(b"a/c/x", b"a/b/"), b"../c/x");
        assert_eq!(relative_to(b"x", b""), b"x");
    }
}
