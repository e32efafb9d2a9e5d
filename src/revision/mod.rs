//! Revision expressions (`man gitrevisions`) to object ids, the way `git rev-parse` reads them.
//!
//! ```text
//! 3a1b2c4, 3a1b…(40)      an object id, full or abbreviated (4 digits or more)
//! main, v1.0, origin      a ref, by git's "dwim" rules: <name>, refs/<name>, refs/tags/<name>,
//!                         refs/heads/<name>, refs/remotes/<name>, refs/remotes/<name>/HEAD
//! v1.0-3-g3a1b2c4         `git describe` output (the abbreviated id after "-g" counts)
//! @  HEAD                 HEAD
//! <rev>~3  <rev>~         the third / first first-parent ancestor
//! <rev>^2  <rev>^  ^0     the second / first parent; the commit itself
//! <rev>^{commit}          peel tags (and a commit to its tree) until that type: commit, tree,
//!                         blob, tag, object; ^{} peels tags only
//! <rev>^{/fix}            the youngest commit reachable from <rev> whose message matches
//! :/fix                   the same, from every ref
//! <rev>:<path>  <rev>:    a path in <rev>'s tree; the tree itself
//! <ref>@{3}  @{3}         the ref's (the current branch's) value three updates ago (reflog)
//! <ref>@{yesterday}       its value at a time: any date git's approxidate reads, relative to
//!                         `GIT_TEST_DATE_NOW` or the clock, in the zone of `TZ`
//! @{-1}                   the branch checked out before the current one
//! main@{upstream}  @{u}    the remote-tracking ref the branch (the current one) merges from;
//! main@{push}  @{push}     the one that tracks where it pushes (see [`crate::refs::tracking`])
//! ```
//!
//! Ranges (`A..B`, `A...B`, `A^@`, `A^!`, `A^-n`) are commands to a walk rather than single
//! objects; [`parse_range`] and [`parse_parent_shorthand`] split them, and
//! [`Resolver::merge_bases`] supplies what `A...B` needs.
//!
//! [`resolve`] answers the common question "which object does this name?", and when the answer
//! is none, says precisely why ([`RevisionError`], [`RevisionErrorKind`]): a path missing in a
//! tree, a peel to the wrong kind, an ancestor past a root, an ambiguous abbreviation and its
//! candidates, a syntax error and its offset. [`Resolver`] gives the details git prints on the
//! way as data ([`Diagnostic`]: an ambiguous refname, a dangling symref), and the difference
//! between "names nothing" (git tries the argument as a path next) and what git dies of
//! ([`RevisionError::is_fatal`]: "log for 'main' only has 3 entries"). git's wording of all
//! of it is the command line's.
//!
//! Not supported (yet): `:<path>` and `:<n>:<path>` (they need the index), and regular
//! expressions beyond the subset of [`pattern`].
//!
//! ```no_run
//! let repo = gitstore::Repository::discover(".")?;
//! let tree = gitstore::revision::resolve(&repo, "HEAD~2^{tree}")?;
//! let readme = gitstore::revision::resolve(&repo, "v1.0:README")?;
//! # Ok::<(), gitstore::Error>(())
//! ```

mod candidates;
mod error;
pub mod pattern;
mod resolver;
mod walk;

pub use candidates::{
    describe_candidates, CandidateDescription, CommitSummary, DescribedCandidate, TagSummary,
};
pub use error::{
    Candidate, Diagnostic, RevisionError, RevisionErrorKind, SyntaxProblem, UnsupportedForm,
};
pub use resolver::Resolver;

use crate::error::Result;
use crate::oid::ObjectId;
use crate::refs::RefName;
use crate::stores::Stores;
use bstr::{BString, ByteSlice};

/// Resolves `spec` to an object id. When it names none, the error is an
/// [`crate::Error::Revision`] saying precisely why ([`RevisionErrorKind`]): an unknown name, an
/// ambiguous abbreviation with its candidates, a path missing in a tree, an ancestor past a root,
/// a peel to the wrong kind, a syntax error and where, a reflog without that entry.
///
/// ```no_run
/// use gitstore::revision::{self, RevisionErrorKind};
/// let repo = gitstore::Repository::discover(".")?;
/// if let Err(gitstore::Error::Revision(e)) = revision::resolve(&repo, "HEAD:no/such/path") {
///     assert!(matches!(e.kind(), RevisionErrorKind::PathNotInTree { .. }));
/// }
/// # Ok::<(), gitstore::Error>(())
/// ```
pub fn resolve<'r>(repo: impl Into<Stores<'r>>, spec: &str) -> Result<ObjectId> {
    resolve_with(repo, spec.as_bytes(), Hint::Any)
}

/// Like [`resolve`], for a name given as bytes and with a preference for the object's kind when
/// an abbreviation is ambiguous (`git rev-parse abc1^{commit}` prefers commits).
pub fn resolve_with<'r>(repo: impl Into<Stores<'r>>, spec: &[u8], hint: Hint) -> Result<ObjectId> {
    Resolver::new(repo).lookup(spec, hint)
}

/// Which objects an ambiguous abbreviation should prefer (git's `GET_OID_COMMITTISH`…): when
/// exactly one of the candidates is of the wanted kind, it wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hint {
    /// No preference.
    #[default]
    Any,
    /// A commit.
    Commit,
    /// A commit, or a tag that peels to one.
    Committish,
    /// A tree.
    Tree,
    /// A tree, a commit, or a tag that peels to one of them.
    Treeish,
    /// A blob.
    Blob,
}

/// What the dwim rules made of a short ref name (git's `dwim_ref`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefMatch {
    /// How many rules matched an existing ref (more than one: the name is ambiguous).
    pub count: usize,
    /// The full name of the first match, symbolic refs followed (`HEAD` gives
    /// `refs/heads/main`).
    pub full_name: Option<RefName>,
    /// The id the first match resolves to.
    pub id: Option<ObjectId>,
}

/// `A..B` or `A...B`, as [`parse_range`] splits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range<'a> {
    /// The left side (`HEAD` when empty).
    pub from: &'a [u8],
    /// The right side (`HEAD` when empty).
    pub to: &'a [u8],
    /// `...`: the symmetric difference.
    pub symmetric: bool,
}

/// Splits `A..B` / `A...B` at the first `..`, an empty side meaning `HEAD`. `None` when there is
/// no `..`, or for `..` alone (a path, the parent directory).
pub fn parse_range(spec: &[u8]) -> Option<Range<'_>> {
    let dots = spec.find(b"..")?;
    let symmetric = spec.get(dots + 2) == Some(&b'.');
    let from = &spec[..dots];
    let to = &spec[dots + 2 + usize::from(symmetric)..];
    if from.is_empty() && to.is_empty() && !symmetric {
        return None;
    }
    let head: &[u8] = b"HEAD";
    Some(Range {
        from: if from.is_empty() { head } else { from },
        to: if to.is_empty() { head } else { to },
        symmetric,
    })
}

/// The parent shorthands of `git rev-parse` (see [`parse_parent_shorthand`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentShorthand<'a> {
    /// `A^@`: all parents of A, not A.
    Parents(&'a [u8]),
    /// `A^!`: A and none of its parents.
    Only(&'a [u8]),
    /// `A^-n` (`A^-` is `A^-1`): A but not its n-th parent.
    ExcludeParent(&'a [u8], usize),
}

/// Recognizes `A^@`, `A^!` and `A^-[n]` (at the first `^!`, `^@` or `^-`, which must end the
/// expression; `n` must be a positive number).
pub fn parse_parent_shorthand(spec: &[u8]) -> Option<ParentShorthand<'_>> {
    if let Some(i) = spec.find(b"^!") {
        return (i + 2 == spec.len()).then(|| ParentShorthand::Only(&spec[..i]));
    }
    if let Some(i) = spec.find(b"^@") {
        return (i + 2 == spec.len()).then(|| ParentShorthand::Parents(&spec[..i]));
    }
    let i = spec.find(b"^-")?;
    let digits = &spec[i + 2..];
    let n = if digits.is_empty() {
        1
    } else {
        crate::number::decimal_saturating(digits).filter(|&n| n > 0)?
    };
    Some(ParentShorthand::ExcludeParent(&spec[..i], n))
}

/// Splits `<rev>:<path>` at the first `:` outside `{…}` (so `HEAD^{/a:b}` is no path). `None`
/// when there is no such colon.
pub fn split_path(spec: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut depth = 0usize;
    for (i, &c) in spec.iter().enumerate() {
        match c {
            b'{' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => return Some((&spec[..i], &spec[i + 1..])),
            _ => {}
        }
    }
    None
}

/// git's `find_unique_abbrev`: the first `min_len` (clamped to 4..=40) hex digits of `id`,
/// extended until no other object in the repository starts with them
/// ([`Odb::abbreviate`](crate::odb::Odb::abbreviate)).
pub fn abbreviate<'r>(
    repo: impl Into<Stores<'r>>,
    id: &ObjectId,
    min_len: usize,
) -> Result<String> {
    Ok(repo.into().odb().abbreviate(id, min_len)?)
}

/// The abbreviation length git uses by default: `core.abbrev`, else one that grows with the
/// number of packed objects (7 for fewer than 16384, as git's "auto";
/// [`Odb::default_abbrev_len`](crate::odb::Odb::default_abbrev_len)).
pub fn default_abbrev_len<'r>(repo: impl Into<Stores<'r>>) -> usize {
    let repo = repo.into();
    repo.odb().default_abbrev_len(repo.config())
}

/// git's `normalize_path_copy` for a relative path: `.` components and repeated slashes go,
/// `..` removes the component before it; a trailing slash stays. `None` when `..` climbs
/// above the top.
///
/// ```
/// use gitstore::revision::normalize_path;
/// assert_eq!(normalize_path(b"sub/./x//y").unwrap(), "sub/x/y");
/// assert_eq!(normalize_path(b"sub/.").unwrap(), "sub/");
/// assert_eq!(normalize_path(b"sub/..").unwrap(), "");
/// assert_eq!(normalize_path(b"sub/../.."), None);
/// ```
pub fn normalize_path(path: &[u8]) -> Option<BString> {
    let mut out: Vec<u8> = Vec::with_capacity(path.len());
    let mut rest = path;
    loop {
        while let Some(r) = rest.strip_prefix(b"/") {
            rest = r;
        }
        if rest.is_empty() {
            break;
        }
        let end = rest.iter().position(|&b| b == b'/');
        let (comp, after) = match end {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, &b""[..]),
        };
        match comp {
            b"." => {}
            b".." => {
                // drop the last component and its slash
                if out.last() == Some(&b'/') {
                    out.pop();
                }
                out.pop()?;
                while out.last().is_some_and(|&b| b != b'/') {
                    out.pop();
                }
            }
            c => {
                out.extend_from_slice(c);
                if end.is_some() {
                    out.push(b'/');
                }
            }
        }
        rest = after;
    }
    Some(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_split_at_the_first_two_dots() {
        let r = parse_range(b"a..b").unwrap();
        assert_eq!((r.from, r.to, r.symmetric), (&b"a"[..], &b"b"[..], false));
        let r = parse_range(b"a...").unwrap();
        assert_eq!((r.from, r.to, r.symmetric), (&b"a"[..], &b"HEAD"[..], true));
        let r = parse_range(b"..b").unwrap();
        assert_eq!(r.from, b"HEAD");
        assert!(parse_range(b"..").is_none());
        assert!(parse_range(b"HEAD").is_none());
        assert!(parse_range(b"...").unwrap().symmetric);
    }

    #[test]
    fn parent_shorthands() {
        assert_eq!(
            parse_parent_shorthand(b"HEAD^!"),
            Some(ParentShorthand::Only(b"HEAD"))
        );
        assert_eq!(
            parse_parent_shorthand(b"HEAD^@"),
            Some(ParentShorthand::Parents(b"HEAD"))
        );
        assert_eq!(
            parse_parent_shorthand(b"HEAD^-"),
            Some(ParentShorthand::ExcludeParent(b"HEAD", 1))
        );
        assert_eq!(
            parse_parent_shorthand(b"x^-2"),
            Some(ParentShorthand::ExcludeParent(b"x", 2))
        );
        assert_eq!(parse_parent_shorthand(b"x^-0"), None);
        assert_eq!(parse_parent_shorthand(b"x^!y"), None);
        assert_eq!(parse_parent_shorthand(b"x^-1a"), None);
    }

    #[test]
    fn path_split_skips_braces() {
        assert_eq!(split_path(b"HEAD:a/b"), Some((&b"HEAD"[..], &b"a/b"[..])));
        assert_eq!(split_path(b"HEAD^{/a:b}"), None);
        assert_eq!(
            split_path(b"HEAD^{/a:b}:c"),
            Some((&b"HEAD^{/a:b}"[..], &b"c"[..]))
        );
    }
}
