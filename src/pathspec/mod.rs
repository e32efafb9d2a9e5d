//! Pathspecs: the path arguments of git commands, as `ls-tree` takes them (literally) and as
//! `log`, `rev-list` and `diff-tree` take them (globs and `:(magic)`).
//!
//! A path argument is taken relative to the directory the command runs in (the *prefix*,
//! `src/` below the top of the work tree), normalized (`./`, `../`, doubled slashes), and
//! matched against tree paths from the top:
//!
//! ```text
//! spec "src"          matches  src, src/a.c, src/x/y.c
//! spec "src/"         matches  src (a directory only), src/a.c, ...
//! spec "a/b/c"        matches  a/b/c and below; the trees a and a/b lead to it
//! spec "*.c"          matches  a.c, src/x/y.c            (`*` crosses `/`)
//! spec ":(glob)*.c"   matches  a.c only                  (`*` stops at `/`, `**/` crosses)
//! spec ":!src"        takes src and below away from what the other specs match
//! spec ":(icase)A.C"  matches  a.c, A.c, …
//! spec ":/x" ":(top)x" match   x at the top, whatever the prefix
//! ```
//!
//! No argument means the prefix itself (git's `PATHSPEC_PREFER_CWD`); a spec naming the top
//! matches everything. Matching a tree entry is git's `tree_entry_interesting`
//! (`interesting.rs`); reading the magic is `pathspec.c`'s (`magic.rs`).

mod interesting;
mod magic;

pub use magic::{Magic, PathspecError, PathspecGlobals};

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

/// A set of path specs, normalized to paths from the top of the work tree: literal ones as
/// `git ls-tree` takes them ([`Pathspec::new`]), or with git's globs and magic as `log`,
/// `rev-list` and `diff-tree` take them ([`Pathspec::parse`]).
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
    /// The specs; empty when everything matches.
    items: Vec<Item>,
}

/// One spec: the path from the top it matches, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The path (or pattern) from the top of the work tree (git's `match`).
    pub path: BString,
    /// The magic it was given (`:(icase)`, `:!`, …) or that the environment adds.
    pub magic: Magic,
    /// How many leading bytes hold no glob character (git's `nowildcard_len`): all of them for
    /// a literal spec.
    pub nowildcard_len: usize,
    /// How many leading bytes came from the directory the command ran in; `:(icase)` compares
    /// them exactly.
    pub prefix_len: usize,
}

impl Item {
    /// A spec as `ls-tree` and the older commands take it: no magic; glob characters make a
    /// pattern.
    fn plain(path: BString, prefix_len: usize) -> Item {
        let nowildcard_len = simple_length(&path).max(prefix_len.min(path.len()));
        Item {
            path,
            magic: Magic::default(),
            nowildcard_len,
            prefix_len: prefix_len.min(nowildcard_len),
        }
    }

    /// Whether the spec holds a glob character that counts.
    pub fn has_wildcard(&self) -> bool {
        self.nowildcard_len < self.path.len()
    }
}

impl Pathspec {
    /// The specs `args` name from the directory `prefix` (relative to the top of the work
    /// tree, ending in `/`, or empty at the top). An absolute argument must lie below `top`
    /// (the work tree, canonical). No argument means the prefix. Arguments are taken without
    /// magic (see [`Pathspec::parse`] for git's `:(…)` forms).
    pub fn new(
        args: &[impl AsRef<[u8]>],
        prefix: &[u8],
        top: Option<&Path>,
    ) -> Result<Pathspec, OutsideRepository> {
        let mut items = args
            .iter()
            .map(|arg| {
                let (path, prefix_len) = one(arg.as_ref(), prefix, top)?;
                Ok(Item::plain(path, prefix_len))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if items.is_empty() && !prefix.is_empty() {
            items.push(Item::plain(prefix.into(), prefix.len()));
        }
        // a spec naming the top (`.` there, `..` one level down) matches everything
        if items.iter().any(|i| i.path.is_empty()) {
            items.clear();
        }
        Ok(Pathspec { items })
    }

    /// Whether every path matches.
    pub fn matches_all(&self) -> bool {
        self.items.is_empty()
    }

    /// The specs (empty when every path matches).
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Whether every spec is a plain path: no glob character, no magic but `:(top)` and
    /// `:(literal)`, so that it names one entry (and everything below it).
    pub fn is_literal(&self) -> bool {
        self.items
            .iter()
            .all(|i| !i.has_wildcard() && i.magic.without(Magic::TOP | Magic::LITERAL).is_empty())
    }

    /// Whether the tree entry at `path` is named, taking every spec literally: it is a spec,
    /// it is inside one, or it is a tree on the way to one. A spec ending in `/` names a
    /// directory (a tree, or a gitlink: `is_dir`) only.
    pub fn matches(&self, path: &[u8], is_tree: bool, is_dir: bool) -> bool {
        self.matches_all()
            || self
                .items
                .iter()
                .any(|i| literal_match(&i.path, path, is_tree, is_dir))
    }

    /// Whether the entry `name` of the directory `base` (its path with a trailing `/`, empty
    /// at the top) is of interest to a tree walk (git's `tree_entry_interesting`): a literal
    /// spec names itself, what is below it and the directories leading to it; a spec with
    /// glob characters (`*?[\`) names the paths it matches (`*` crosses `/` unless
    /// `:(glob)`), the directories leading to its literal start and, in a `recursive` walk,
    /// every directory below that start; `:(exclude)` specs take away what they name.
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
        let entry = interesting::Entry {
            base,
            name,
            is_tree,
            is_gitlink: is_dir && !is_tree,
        };
        interesting::tree_entry_interesting(&self.items, &entry, recursive)
    }

    /// Whether a spec reaches below the directory `path`, so a walk must go into it (git's
    /// `show_recursive`).
    pub fn leads_below(&self, path: &[u8]) -> bool {
        self.items.iter().any(|i| {
            let s = &i.path;
            s.len() > path.len() && s.starts_with(path) && s[path.len()] == b'/'
        })
    }
}

/// git's `looks_like_pathspec`: whether a path argument given before `--` may name nothing on
/// disk and still be taken as a path: it holds a glob character (not escaped by `\`) or starts
/// with long-form magic `:(`.
///
/// ```
/// use gitstore::pathspec::looks_like_pathspec;
/// assert!(looks_like_pathspec(b"*.rs") && looks_like_pathspec(b":(glob)x"));
/// assert!(!looks_like_pathspec(b"a\\*b") && !looks_like_pathspec(b":!x"));
/// ```
pub fn looks_like_pathspec(arg: &[u8]) -> bool {
    let mut escaped = false;
    for &c in arg {
        if escaped {
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
        } else if b"*?[".contains(&c) {
            return true;
        }
    }
    arg.starts_with(b":(")
}

/// git's `check_filename`: whether the path argument `arg`, given in the directory `cwd` of the
/// work tree whose top is `top`, names something on disk: `:/path` from the top (`:/` alone
/// always does), `:!path` and `:^path` the path they exclude (alone, always).
pub fn names_existing_path(arg: &[u8], cwd: &Path, top: Option<&Path>) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (base, rel) = if let Some(rest) = arg.strip_prefix(b":/") {
        match (rest, top) {
            ([], _) => return true,
            (rest, Some(top)) => (top, rest),
            (_, None) => return false,
        }
    } else if let Some(rest) = arg.strip_prefix(b":!").or_else(|| arg.strip_prefix(b":^")) {
        if rest.is_empty() {
            return true;
        }
        (cwd, rest)
    } else {
        (cwd, arg)
    };
    !rel.is_empty()
        && base
            .join(std::ffi::OsStr::from_bytes(rel))
            .symlink_metadata()
            .is_ok()
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
fn simple_length(spec: &[u8]) -> usize {
    spec.iter()
        .position(|c| b"*?[\\".contains(c))
        .unwrap_or(spec.len())
}

/// One argument as git's pathspec code makes it: joined to the prefix and normalized, an
/// absolute path taken from the top of the work tree.
/// Returns the path and how many of its leading bytes are the part of the prefix it kept (git's
/// `prefix_path_gently`'s remaining prefix: `../` takes a level off).
fn one(
    arg: &[u8],
    prefix: &[u8],
    top: Option<&Path>,
) -> Result<(BString, usize), OutsideRepository> {
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
        let path = normalize_path(&rel).ok_or_else(outside)?;
        return Ok((path, 0));
    } else {
        [prefix, arg].concat()
    };
    let path = normalize_path(&joined).ok_or_else(outside)?;
    let kept = kept_prefix(&path, prefix);
    Ok((path, kept))
}

/// How much of `prefix` (a directory ending in `/`) leads `path`, in whole components.
fn kept_prefix(path: &[u8], prefix: &[u8]) -> usize {
    let mut kept = 0;
    for (i, (a, b)) in path.iter().zip(prefix).enumerate() {
        if a != b {
            break;
        }
        if *b == b'/' {
            kept = i + 1;
        }
    }
    kept
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

    fn paths(spec: &Pathspec) -> Vec<String> {
        spec.items().iter().map(|i| i.path.to_string()).collect()
    }

    fn spec(args: &[&str], prefix: &str) -> Pathspec {
        Pathspec::new(args, prefix.as_bytes(), Some(Path::new("/work/top"))).unwrap()
    }

    #[test]
    fn no_argument_means_the_prefix_and_none_at_the_top_means_everything() {
        assert_eq!(paths(&spec(&[], "src/")), ["src/"]);
        assert!(spec(&[], "").matches_all());
        assert!(spec(&[".."], "src/").matches_all());
        assert!(spec(&["."], "").matches_all());
    }

    #[test]
    fn arguments_are_joined_to_the_prefix_and_normalized() {
        assert_eq!(
            paths(&spec(&["./a//b", "../c/."], "src/")),
            ["src/a/b", "c/"]
        );
        assert_eq!(paths(&spec(&["/work/top/d/e/"], "src/")), ["d/e/"]);
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
