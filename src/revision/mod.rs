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
//! @{-1}                   the branch checked out before the current one
//! ```
//!
//! Ranges (`A..B`, `A...B`, `A^@`, `A^!`, `A^-n`) are commands to a walk rather than single
//! objects; [`parse_range`] and [`parse_parent_shorthand`] split them, and
//! [`Resolver::merge_bases`] supplies what `A...B` needs.
//!
//! [`resolve`] answers the common question "which object does this name?". [`Resolver`] gives
//! the details git prints on the way: warnings such as "refname 'X' is ambiguous", the
//! candidates of an ambiguous abbreviation, and the difference between "no such object" (git
//! tries the argument as a path next) and a fatal error ("log for 'main' only has 3 entries").
//!
//! Not supported (yet): `:<path>` and `:<n>:<path>` (they need the index), `@{upstream}` and
//! `@{push}`, reflog dates other than raw timestamps (`main@{yesterday}`), and regular
//! expressions beyond the subset of [`pattern`].
//!
//! ```no_run
//! let repo = gitstore::Repository::discover(".")?;
//! let tree = gitstore::revision::resolve(&repo, "HEAD~2^{tree}")?;
//! let readme = gitstore::revision::resolve(&repo, "v1.0:README")?;
//! # Ok::<(), gitstore::Error>(())
//! ```

mod error;
pub mod pattern;
mod walk;

pub use error::{
    Candidate, Diagnostic, RevisionError, RevisionErrorKind, SyntaxProblem, UnsupportedForm,
};
pub use walk::MAX_WALK;

use crate::error::{Error, Result};
use crate::object::{Kind, TagRef, TreeRef};
use crate::oid::{ObjectId, Prefix};
use crate::refs::name::REV_PARSE_RULES;
use crate::refs::{RefName, Resolved};
use crate::repo::Repository;
use bstr::{BStr, BString, ByteSlice};
use std::path::Path;
use walk::CommitCache;

/// Most tags followed when peeling one object (git stops at a tag chain this long too).
const MAX_PEEL: usize = 64;

/// Most `~n`, `^n` and `^{…}` operators in one expression.
pub const MAX_OPERATORS: usize = 4096;

/// Resolves `spec` to an object id. When it names none, the error is an
/// [`Error::Revision`] saying precisely why ([`RevisionErrorKind`]): an unknown name, an
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
pub fn resolve(repo: &Repository, spec: &str) -> Result<ObjectId> {
    resolve_with(repo, spec.as_bytes(), Hint::Any)
}

/// Like [`resolve`], for a name given as bytes and with a preference for the object's kind when
/// an abbreviation is ambiguous (`git rev-parse abc1^{commit}` prefers commits).
pub fn resolve_with(repo: &Repository, spec: &[u8], hint: Hint) -> Result<ObjectId> {
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
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = digits
            .iter()
            .try_fold(0usize, |n, d| {
                n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
            })
            .unwrap_or(usize::MAX);
        if n == 0 {
            return None;
        }
        n
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

/// One suffix operator, applied to what is left of it.
#[derive(Debug, Clone, Copy)]
enum Op<'a> {
    /// `^n` (n = 0: the commit itself).
    Parent(u32),
    /// `~n`.
    Ancestor(u32),
    /// `^{type}`; `None` for `^{}`, `Some(None)`-like "object" as `Peel::Any`.
    Peel(PeelTo, &'a [u8]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeelTo {
    Tags,
    Any,
    Kind(Kind),
    Message,
}

/// Where peeling stops.
#[derive(Clone, Copy)]
enum Until {
    /// At the first object that is not a tag.
    NotATag,
    /// At an object of this kind, following tags and a commit to its tree.
    Kind(Kind),
}

/// What peeling found.
enum Peeled {
    Found(ObjectId, Kind),
    /// The object reached that is not in the repository.
    Missing(ObjectId),
    /// Peeling towards a kind ended at an object of this kind.
    Mismatch(Kind),
    TooLong,
}

/// What an abbreviation lookup found.
enum Short {
    Found(ObjectId),
    Missing,
    Ambiguous(Prefix, Vec<ObjectId>),
}

/// What one step of resolution found: an object, or why there is none.
type Step = std::result::Result<ObjectId, RevisionErrorKind>;

/// Why resolution stops at once: what git dies of, or an I/O or corruption error.
enum Stop {
    Fatal(RevisionErrorKind),
    Error(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Error(e)
    }
}

fn unknown(name: &[u8]) -> RevisionErrorKind {
    RevisionErrorKind::UnknownName { name: name.into() }
}

/// The reason for a peel from `id` that found nothing: a missing object or a chain too long.
fn peel_failure(id: ObjectId, peeled: Peeled) -> RevisionErrorKind {
    match peeled {
        Peeled::Missing(missing) => RevisionErrorKind::MissingObject { id: missing },
        _ => RevisionErrorKind::TagChainTooLong {
            id,
            limit: MAX_PEEL,
        },
    }
}

/// Resolves revision expressions against one repository, keeping what git would print on the
/// way ([`Resolver::diagnostics`]) and caching the commits it reads.
pub struct Resolver<'r> {
    repo: &'r Repository,
    prefix: Option<BString>,
    quiet: bool,
    diagnostics: Vec<Diagnostic>,
    commits: CommitCache,
}

impl<'r> Resolver<'r> {
    /// A resolver over `repo`.
    pub fn new(repo: &'r Repository) -> Self {
        Resolver {
            repo,
            prefix: Some(BString::default()),
            quiet: false,
            diagnostics: Vec::new(),
            commits: CommitCache::default(),
        }
    }

    /// Sets the directory the command runs in, relative to the top of the work tree (`src/`),
    /// for `<rev>:./<path>` and `<rev>:../<path>`; `None` outside the work tree (in `.git`),
    /// where such paths are an error. The default is the top of the work tree.
    pub fn set_prefix(&mut self, prefix: Option<BString>) {
        self.prefix = prefix;
    }

    /// git's `GET_OID_QUIETLY`, for the lookups that follow: no "refname is ambiguous" warning
    /// and no ambiguous-abbreviation error for the name, nor for what `^{type}` or `:path`
    /// apply to; but git drops the flag under `~n` and `^n`, so `x~1` still warns about `x`.
    /// Other diagnostics (dangling symrefs, peel mismatches) are gathered all the same.
    pub fn set_quiet(&mut self, quiet: bool) {
        self.quiet = quiet;
    }

    /// The repository.
    pub fn repo(&self) -> &'r Repository {
        self.repo
    }

    /// What git would have printed so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Takes the diagnostics gathered so far.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// git's `get_oid_with_context`: the object `spec` names. When it names none, an
    /// [`Error::Revision`] says why; it is [fatal](RevisionError::is_fatal) for what git dies of
    /// (a reflog without that many entries, a relative path outside the work tree), and not
    /// otherwise (git goes on to try the argument as a path). Other errors are I/O or
    /// corruption.
    pub fn lookup(&mut self, spec: &[u8], hint: Hint) -> Result<ObjectId> {
        self.lookup_with(spec, hint, None)
    }

    /// git's `get_oid_with_context` with `GET_OID_ONLY_TO_DIE`: [`Resolver::lookup`], except
    /// that a `<rev>:<path>` naming nothing is fatal, with git's diagnosis:
    /// [`RevisionErrorKind::InvalidTreeish`], [`RevisionErrorKind::PathOnlyOnDisk`],
    /// [`RevisionErrorKind::PathNotInTree`]. A failure that is not fatal means git has nothing
    /// more precise to say than that the name names nothing.
    ///
    /// Paths are looked for on disk from the top of the work tree (where git runs), or from
    /// `cwd` outside it. With `suggest` (git's `rev-parse` passes its prefix, `cat-file` does
    /// not), a path found below the prefix is [`RevisionErrorKind::PathBelowPrefix`] instead.
    ///
    /// `git rev-parse` makes this pass quietly ([`Resolver::set_quiet`]) after a plain lookup
    /// failed, so what quiet does not silence is gathered a second time, as git prints it twice.
    pub fn lookup_only_to_die(
        &mut self,
        spec: &[u8],
        hint: Hint,
        cwd: &Path,
        suggest: bool,
    ) -> Result<ObjectId> {
        self.lookup_with(spec, hint, Some((cwd, suggest)))
    }

    fn lookup_with(
        &mut self,
        spec: &[u8],
        hint: Hint,
        to_die: Option<(&Path, bool)>,
    ) -> Result<ObjectId> {
        let (kind, fatal) = match self.find(spec, hint, to_die) {
            Ok(Ok(id)) => return Ok(id),
            Ok(Err(kind)) => (kind, false),
            Err(Stop::Fatal(kind)) => (kind, true),
            Err(Stop::Error(e)) => return Err(e),
        };
        Err(Error::Revision(RevisionError::new(spec, kind, fatal)))
    }

    fn find(
        &mut self,
        spec: &[u8],
        hint: Hint,
        to_die: Option<(&Path, bool)>,
    ) -> std::result::Result<Step, Stop> {
        let whole = match self.get_oid_1(spec, hint)? {
            Ok(id) => return Ok(Ok(id)),
            Err(kind) => kind,
        };
        if spec.first() == Some(&b':') {
            if spec.len() > 2 && spec[1] == b'/' {
                return Ok(self.search_all_refs(&spec[2..])?);
            }
            return Ok(Err(RevisionErrorKind::Unsupported {
                form: UnsupportedForm::IndexPath,
            }));
        }
        let Some((rev, path)) = split_path(spec) else {
            return Ok(Err(whole));
        };
        let treeish = match self.get_oid_1(rev, Hint::Treeish)? {
            Ok(id) => id,
            Err(kind) => {
                return match to_die {
                    Some(_) => Err(Stop::Fatal(RevisionErrorKind::InvalidTreeish {
                        rev: rev.into(),
                    })),
                    None => Ok(Err(kind)),
                }
            }
        };
        let path = self.relative_path(path)?;
        let missing = match self.tree_entry(treeish, rev, &path)? {
            Ok(id) => return Ok(Ok(id)),
            Err(kind) => kind,
        };
        let Some((cwd, suggest)) = to_die else {
            return Ok(Err(missing));
        };
        let base = match (&self.prefix, self.repo.work_tree()) {
            (Some(_), Some(top)) => top,
            _ => cwd,
        };
        let rev = BString::from(rev);
        match base.join(path.to_path_lossy()).symlink_metadata() {
            Ok(_) => Err(Stop::Fatal(RevisionErrorKind::PathOnlyOnDisk { rev, path })),
            Err(e) if is_missing_file_error(&e) => {
                let prefix = self.prefix.clone().unwrap_or_default();
                if suggest && !prefix.is_empty() {
                    let mut full = prefix;
                    full.extend_from_slice(&path);
                    if self.tree_entry(treeish, &rev, &full)?.is_ok() {
                        return Err(Stop::Fatal(RevisionErrorKind::PathBelowPrefix {
                            rev,
                            path,
                            full,
                        }));
                    }
                }
                Err(Stop::Fatal(RevisionErrorKind::PathNotInTree {
                    rev,
                    treeish,
                    path,
                }))
            }
            // git gives up on the diagnosis when it cannot tell
            Err(_) => Ok(Err(missing)),
        }
    }

    /// git's `get_oid_1`: everything but `:path` and `:/text`. Suffix operators are peeled off
    /// the right end in a loop (no recursion), then applied to the base, innermost first.
    fn get_oid_1(&mut self, spec: &[u8], hint: Hint) -> std::result::Result<Step, Stop> {
        let mut ops: Vec<(Op<'_>, &[u8])> = Vec::new();
        let mut rest = spec;
        let mut base_hint = hint;
        // git's get_parent and get_nth_ancestor look their base up without the caller's flags
        let mut quiet = self.quiet;
        loop {
            if ops.len() > MAX_OPERATORS {
                return Ok(Err(RevisionErrorKind::TooManyOperators {
                    limit: MAX_OPERATORS,
                }));
            }
            match suffix_op(rest) {
                Some(Ok((inner, op))) => {
                    ops.push((op, rest));
                    rest = inner;
                    base_hint = Hint::Committish;
                    quiet = false;
                    continue;
                }
                Some(Err(offset)) => {
                    return Ok(Err(RevisionErrorKind::Syntax {
                        offset,
                        problem: SyntaxProblem::NumberTooLarge,
                    }))
                }
                None => {}
            }
            if let Some((inner, to, pattern)) = onion(rest) {
                base_hint = match to {
                    PeelTo::Kind(Kind::Commit) | PeelTo::Message => Hint::Committish,
                    PeelTo::Kind(Kind::Tree) => Hint::Treeish,
                    _ => Hint::Any,
                };
                ops.push((Op::Peel(to, pattern), rest));
                rest = inner;
                continue;
            }
            break;
        }
        let mut id = match self.base(rest, base_hint, quiet)? {
            Ok(id) => id,
            Err(kind) => return Ok(Err(kind)),
        };
        while let Some((op, text)) = ops.pop() {
            let next = match op {
                Op::Parent(n) => self.parent(id, n)?,
                Op::Ancestor(n) => self.ancestor(id, n)?,
                Op::Peel(to, pattern) => self.peel_op(id, to, pattern, text)?,
            };
            match next {
                Ok(n) => id = n,
                Err(kind) => return Ok(Err(kind)),
            }
        }
        Ok(Ok(id))
    }

    /// A name without suffix operators: git's `get_oid_basic`, then describe output, then an
    /// abbreviated id. `quiet`: git's `GET_OID_QUIETLY`.
    fn base(&mut self, name: &[u8], hint: Hint, quiet: bool) -> std::result::Result<Step, Stop> {
        let reason = match self.basic(name, quiet)? {
            Ok(id) => return Ok(Ok(id)),
            Err(kind) => kind,
        };
        if let Some(id) = self.describe_name(name)? {
            return Ok(Ok(id));
        }
        Ok(Err(match self.short_oid(name, hint, !quiet)? {
            Short::Found(id) => return Ok(Ok(id)),
            Short::Ambiguous(prefix, ids) => self.ambiguity(prefix, ids),
            Short::Missing => match (reason, syntax_problem(name)) {
                (RevisionErrorKind::UnknownName { .. }, Some((offset, problem))) => {
                    RevisionErrorKind::Syntax { offset, problem }
                }
                (reason, _) => reason,
            },
        }))
    }

    /// The typed reason for an ambiguous abbreviation: the candidates and their kinds.
    fn ambiguity(&self, prefix: Prefix, ids: Vec<ObjectId>) -> RevisionErrorKind {
        let odb = self.repo.odb();
        let candidates = ids
            .into_iter()
            .map(|id| Candidate {
                id,
                kind: odb.try_read_header(&id).ok().flatten().map(|h| h.kind),
            })
            .collect();
        RevisionErrorKind::AmbiguousPrefix { prefix, candidates }
    }

    /// Full ids, refs by the dwim rules, reflog entries (`<ref>@{n}`, `@{n}`), `@{-n}`.
    fn basic(&mut self, name: &[u8], quiet: bool) -> std::result::Result<Step, Stop> {
        if name.len() == ObjectId::HEX_LEN {
            if let Ok(id) = ObjectId::from_hex(name) {
                if self.dwim_ref(name)?.count > 0 {
                    self.diagnostics
                        .push(Diagnostic::RefnameLooksLikeId { name: name.into() });
                }
                return Ok(Ok(id));
            }
        }
        let mut len = name.len();
        let mut selector: Option<&[u8]> = None;
        let mut nth_prior = false;
        let mut branch_mark = false;
        if name.last() == Some(&b'}') && name.len() >= 4 {
            let mut at = name.len() - 4;
            loop {
                if name[at] == b'@' && name.get(at + 1) == Some(&b'{') {
                    if name.get(at + 2) == Some(&b'-') {
                        if at != 0 {
                            return Ok(Err(unknown(name)));
                        }
                        nth_prior = true;
                    } else {
                        if is_branch_mark(&name[at..]) {
                            branch_mark = true;
                        } else {
                            selector = Some(&name[at + 2..name.len() - 1]);
                            len = at;
                        }
                        break;
                    }
                }
                if at == 0 {
                    break;
                }
                at -= 1;
            }
        }
        let base = &name[..len];
        if !base.is_empty() && ambiguous_path(base) {
            return Ok(Err(unknown(name)));
        }
        let mut prior_missing = false;
        if nth_prior {
            match self.nth_prior_checkout(base)? {
                Some(prev) if prev.len() == ObjectId::HEX_LEN => {
                    if let Ok(id) = ObjectId::from_hex(&prev) {
                        return Ok(Ok(id));
                    }
                }
                Some(_) => {}
                None => prior_missing = true,
            }
        }
        let selector = selector.filter(|s| !s.is_empty());
        let found = match selector {
            Some(_) if base.is_empty() => self.dwim_ref(b"HEAD")?,
            Some(_) => self.dwim_log(base)?,
            None => self.dwim_ref(base)?,
        };
        if found.count == 0 {
            return Ok(Err(match (selector, parse_nth_prior(base)) {
                _ if branch_mark => RevisionErrorKind::Unsupported {
                    form: UnsupportedForm::UpstreamOrPush,
                },
                (None, Some(n)) if prior_missing => RevisionErrorKind::NoPriorCheckout { n },
                (Some(_), _) if !base.is_empty() => {
                    RevisionErrorKind::NoReflog { name: base.into() }
                }
                _ => unknown(name),
            }));
        }
        if !quiet
            && (found.count > 1
                || matches!(self.short_oid(base, Hint::Any, false)?, Short::Found(_)))
        {
            self.diagnostics
                .push(Diagnostic::AmbiguousRefname { name: base.into() });
        }
        let Some(selector) = selector else {
            return Ok(found.id.ok_or_else(|| unknown(name)));
        };
        let Some(refname) = found.full_name else {
            return Ok(Err(unknown(name)));
        };
        let shown: BString = if base.is_empty() {
            match refname.as_bytes().strip_prefix(b"refs/heads/") {
                Some(b) => b.into(),
                None => "HEAD".into(),
            }
        } else {
            base.into()
        };
        let current = found.id.ok_or_else(|| unknown(name));
        self.reflog_at(&refname, shown.as_bstr(), selector, current)
    }

    /// git's `read_ref_at` for `@{n}` (n < 100000000) and `@{<timestamp>}`.
    fn reflog_at(
        &mut self,
        refname: &RefName,
        shown: &BStr,
        selector: &[u8],
        current: Step,
    ) -> std::result::Result<Step, Stop> {
        let mut nth: u64 = 0;
        for &c in selector {
            if !c.is_ascii_digit() {
                // an approximate date such as "yesterday": not supported
                return Ok(Err(RevisionErrorKind::Unsupported {
                    form: UnsupportedForm::ReflogDate,
                }));
            }
            nth = nth.saturating_mul(10).saturating_add(u64::from(c - b'0'));
        }
        let log = self.repo.refs().reflog(refname)?;
        let empty = || {
            Err(Stop::Fatal(RevisionErrorKind::ReflogEmpty {
                refname: refname.clone(),
            }))
        };
        if nth >= 100_000_000 {
            let at_time = i64::try_from(nth).unwrap_or(i64::MAX);
            if log.is_empty() {
                return empty();
            }
            for i in (0..log.len()).rev() {
                let e = &log[i];
                if e.committer.time > at_time {
                    continue;
                }
                return Ok(match log.get(i + 1) {
                    Some(newer) if !newer.old.is_null() => Ok(e.new),
                    None if e.committer.time == at_time => Ok(e.new),
                    _ => current,
                });
            }
            let oldest = &log[0];
            self.diagnostics.push(Diagnostic::ReflogTooShort {
                name: shown.into(),
                oldest: oldest.committer.time,
            });
            return Ok(Ok(if oldest.old.is_null() {
                oldest.new
            } else {
                oldest.old
            }));
        }
        let k = log.len() as u64;
        if k == 0 {
            if nth == 0 {
                return Ok(current);
            }
            return empty();
        }
        if nth == 0 {
            return Ok(current);
        }
        if nth < k {
            let i = (k - 1 - nth) as usize;
            let newer_old = log.get(i + 1).map(|n| n.old).unwrap_or_default();
            return Ok(if newer_old.is_null() {
                current
            } else {
                Ok(log[i].new)
            });
        }
        if nth == k && !log[0].old.is_null() {
            return Ok(Ok(log[0].old));
        }
        Err(Stop::Fatal(RevisionErrorKind::ReflogEntryMissing {
            name: shown.into(),
            entries: log.len(),
        }))
    }

    /// `<anything>-g<hex>`: the abbreviated commit id after `-g`.
    fn describe_name(&mut self, name: &[u8]) -> Result<Option<ObjectId>> {
        let mut i = name.len();
        while i > 2 {
            i -= 1;
            let c = name[i];
            if c.is_ascii_hexdigit() {
                continue;
            }
            if c == b'g' && name[i - 1] == b'-' {
                return match self.short_oid(&name[i + 1..], Hint::Commit, false)? {
                    Short::Found(id) => Ok(Some(id)),
                    _ => Ok(None),
                };
            }
            break;
        }
        Ok(None)
    }

    /// git's `get_short_oid`: 4 to 40 hex digits naming exactly one object (one of the kind
    /// `hint` prefers). Records the ambiguity when `report`.
    fn short_oid(&mut self, hex: &[u8], hint: Hint, report: bool) -> Result<Short> {
        let Ok(prefix) = Prefix::from_hex(hex) else {
            return Ok(Short::Missing);
        };
        let candidates = self.repo.odb().prefix_matches(&prefix)?;
        let found = match candidates.as_slice() {
            [] => return Ok(Short::Missing),
            [one] => Some(*one),
            many if hint != Hint::Any => {
                let mut ok = None;
                let mut count = 0;
                for id in many {
                    if self.satisfies(id, hint)? {
                        count += 1;
                        ok = Some(*id);
                    }
                }
                if count == 1 {
                    ok
                } else {
                    None
                }
            }
            _ => None,
        };
        match found {
            Some(id) => Ok(Short::Found(id)),
            None => {
                if report {
                    self.diagnostics.push(Diagnostic::AmbiguousPrefix {
                        prefix,
                        candidates: candidates.clone(),
                    });
                }
                Ok(Short::Ambiguous(prefix, candidates))
            }
        }
    }

    fn satisfies(&mut self, id: &ObjectId, hint: Hint) -> Result<bool> {
        let odb = self.repo.odb();
        let Some(header) = odb.try_read_header(id)? else {
            return Ok(false);
        };
        let kind = match (hint, header.kind) {
            (Hint::Committish | Hint::Treeish, Kind::Tag) => match self.deref_tags(*id)? {
                Some((_, k)) => k,
                None => return Ok(false),
            },
            (_, k) => k,
        };
        Ok(match hint {
            Hint::Any => true,
            Hint::Commit | Hint::Committish => kind == Kind::Commit,
            Hint::Tree => kind == Kind::Tree,
            Hint::Treeish => kind == Kind::Tree || kind == Kind::Commit,
            Hint::Blob => kind == Kind::Blob,
        })
    }

    /// Follows tags to the first object that is not one: its id and kind. `None` when an
    /// object on the way is missing.
    pub fn deref_tags(&mut self, id: ObjectId) -> Result<Option<(ObjectId, Kind)>> {
        Ok(match self.peel(id, Until::NotATag)? {
            Peeled::Found(id, kind) => Some((id, kind)),
            _ => None,
        })
    }

    /// The commit `id` names, following tags (git's `lookup_commit_reference`).
    pub fn peel_to_commit(&mut self, id: ObjectId) -> Result<Option<ObjectId>> {
        Ok(self.commit_of(id)?.ok())
    }

    /// [`Resolver::peel_to_commit`], saying why there is no commit.
    fn commit_of(&mut self, id: ObjectId) -> Result<Step> {
        Ok(match self.peel(id, Until::NotATag)? {
            Peeled::Found(c, Kind::Commit) => Ok(c),
            Peeled::Found(_, actual) | Peeled::Mismatch(actual) => {
                Err(RevisionErrorKind::CannotPeel {
                    id,
                    actual,
                    wanted: Kind::Commit,
                })
            }
            other => Err(peel_failure(id, other)),
        })
    }

    /// The parents of the commit `id` names (tags followed); `None` when it names no commit.
    pub fn parents(&mut self, id: ObjectId) -> Result<Option<Vec<ObjectId>>> {
        let Some(c) = self.peel_to_commit(id)? else {
            return Ok(None);
        };
        Ok(self
            .commits
            .get(self.repo.odb(), &c)?
            .map(|info| info.parents))
    }

    /// The one peeling loop: git's `deref_tag` ([`Until::NotATag`]) and `peel_to_type`
    /// ([`Until::Kind`]: tags to their target, a commit to its tree).
    fn peel(&mut self, id: ObjectId, until: Until) -> Result<Peeled> {
        let odb = self.repo.odb();
        let mut id = id;
        let mut data = Vec::new();
        for _ in 0..MAX_PEEL {
            let Some(kind) = odb.try_read_header(&id)?.map(|h| h.kind) else {
                return Ok(Peeled::Missing(id));
            };
            let done = match until {
                Until::NotATag => kind != Kind::Tag,
                Until::Kind(want) => kind == want,
            };
            if done {
                return Ok(Peeled::Found(id, kind));
            }
            match kind {
                Kind::Tag => {
                    data.clear();
                    odb.read_to(&id, &mut data)?;
                    let tag = TagRef::parse(&data).map_err(|source| Error::InvalidObject {
                        id: Some(id),
                        kind: Kind::Tag,
                        source,
                    })?;
                    id = tag.target;
                }
                Kind::Commit => match self.commits.get(odb, &id)? {
                    Some(c) => id = c.tree,
                    None => return Ok(Peeled::Missing(id)),
                },
                other => return Ok(Peeled::Mismatch(other)),
            }
        }
        Ok(Peeled::TooLong)
    }

    /// [`Resolver::peel`] for an operator (`want` `None`: any object), why it fails as a
    /// reason.
    fn peel_step(&mut self, id: ObjectId, want: Option<Kind>) -> Result<Step> {
        let Some(want) = want else {
            return Ok(match self.repo.odb().contains(&id)? {
                true => Ok(id),
                false => Err(RevisionErrorKind::MissingObject { id }),
            });
        };
        Ok(match self.peel(id, Until::Kind(want))? {
            Peeled::Found(id, _) => Ok(id),
            Peeled::Mismatch(actual) => Err(RevisionErrorKind::CannotPeel {
                id,
                actual,
                wanted: want,
            }),
            other => Err(peel_failure(id, other)),
        })
    }

    fn parent(&mut self, id: ObjectId, n: u32) -> Result<Step> {
        let commit = match self.commit_of(id)? {
            Ok(c) => c,
            Err(kind) => return Ok(Err(kind)),
        };
        if n == 0 {
            return Ok(Ok(commit));
        }
        let Some(info) = self.commits.get(self.repo.odb(), &commit)? else {
            return Ok(Err(RevisionErrorKind::MissingObject { id: commit }));
        };
        Ok(match info.parents.get(n as usize - 1) {
            Some(p) => Ok(*p),
            None => Err(RevisionErrorKind::NoSuchParent {
                commit,
                n,
                parents: info.parents.len(),
            }),
        })
    }

    fn ancestor(&mut self, id: ObjectId, n: u32) -> Result<Step> {
        let mut commit = match self.commit_of(id)? {
            Ok(c) => c,
            Err(kind) => return Ok(Err(kind)),
        };
        for done in 0..n {
            let Some(info) = self.commits.get(self.repo.odb(), &commit)? else {
                return Ok(Err(RevisionErrorKind::MissingObject { id: commit }));
            };
            match info.parents.first() {
                Some(p) => commit = *p,
                None => {
                    return Ok(Err(RevisionErrorKind::PastRoot {
                        root: commit,
                        remaining: n - done,
                    }))
                }
            }
        }
        Ok(Ok(commit))
    }

    fn peel_op(&mut self, id: ObjectId, to: PeelTo, pattern: &[u8], text: &[u8]) -> Result<Step> {
        if !self.repo.odb().contains(&id)? {
            return Ok(Err(RevisionErrorKind::MissingObject { id }));
        }
        let want = match to {
            PeelTo::Tags => {
                return Ok(match self.peel(id, Until::NotATag)? {
                    Peeled::Found(id, _) => Ok(id),
                    other => Err(peel_failure(id, other)),
                })
            }
            PeelTo::Any => None,
            PeelTo::Kind(k) => Some(k),
            PeelTo::Message => Some(Kind::Commit),
        };
        let peeled = match self.peel_step(id, want)? {
            Ok(id) => id,
            Err(kind) => {
                if let RevisionErrorKind::CannotPeel { actual, wanted, .. } = kind {
                    self.diagnostics.push(Diagnostic::PeelMismatch {
                        spec: text.into(),
                        expected: wanted,
                        actual,
                    });
                }
                return Ok(Err(kind));
            }
        };
        if to != PeelTo::Message || pattern.is_empty() {
            return Ok(Ok(peeled));
        }
        self.search_messages(&[peeled], pattern)
    }

    /// `:/text`: searches from every ref and HEAD.
    fn search_all_refs(&mut self, pattern: &[u8]) -> Result<Step> {
        let mut starts = Vec::new();
        let list = self.repo.refs().list(b"")?;
        let mut tips: Vec<RefName> = list.refs.into_iter().map(|r| r.name).collect();
        tips.push(RefName::head());
        for name in tips {
            let Ok(Some(Resolved::Object { id, .. })) = self.repo.refs().resolve(&name) else {
                continue;
            };
            if let Some(c) = self.peel_to_commit(id)? {
                starts.push(c);
            }
        }
        self.search_messages(&starts, pattern)
    }

    /// git's `get_oid_oneline`: `!-text` negates, `!!text` searches for `!text`.
    fn search_messages(&mut self, starts: &[ObjectId], pattern: &[u8]) -> Result<Step> {
        let written = pattern;
        let mut pattern = pattern;
        let mut negative = false;
        if let Some(rest) = pattern.strip_prefix(b"!") {
            if let Some(rest) = rest.strip_prefix(b"-") {
                negative = true;
                pattern = rest;
            } else if rest.starts_with(b"!") {
                pattern = rest;
            } else {
                return Ok(Err(RevisionErrorKind::BadPattern {
                    pattern: written.into(),
                }));
            }
        }
        let Some(re) = pattern::Pattern::new(pattern) else {
            return Ok(Err(RevisionErrorKind::BadPattern {
                pattern: written.into(),
            }));
        };
        let found = walk::find_by_message(
            self.repo.odb(),
            &mut self.commits,
            starts,
            |msg| re.is_match(msg),
            negative,
        )?;
        Ok(found.ok_or_else(|| RevisionErrorKind::NoMatchingCommit {
            pattern: pattern.into(),
        }))
    }

    /// git's `get_tree_entry`: `path` (from the top of the tree) inside the tree `treeish`
    /// names (a commit or tag is peeled to its tree; `rev` is how it was written). An empty path
    /// is the tree itself.
    fn tree_entry(&mut self, treeish: ObjectId, rev: &[u8], path: &[u8]) -> Result<Step> {
        let mut tree = match self.peel_step(treeish, Some(Kind::Tree))? {
            Ok(tree) => tree,
            Err(kind) => return Ok(Err(kind)),
        };
        if path.is_empty() {
            return Ok(Ok(tree));
        }
        let not_in_tree = || {
            Err(RevisionErrorKind::PathNotInTree {
                rev: rev.into(),
                treeish,
                path: path.into(),
            })
        };
        let odb = self.repo.odb();
        let mut rest = path;
        let mut data = Vec::new();
        loop {
            data.clear();
            match odb.try_read(&tree, &mut data)? {
                Some(Kind::Tree) => {}
                Some(_) => return Ok(not_in_tree()),
                None => return Ok(Err(RevisionErrorKind::MissingObject { id: tree })),
            }
            let parsed = TreeRef::parse(&data).map_err(|source| Error::InvalidObject {
                id: Some(tree),
                kind: Kind::Tree,
                source,
            })?;
            let (component, tail) = match rest.find_byte(b'/') {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            let Some(entry) = parsed.find(component) else {
                return Ok(not_in_tree());
            };
            match tail {
                None => return Ok(Ok(entry.id)),
                Some(_) if !entry.mode.is_tree() => return Ok(not_in_tree()),
                Some([]) => return Ok(Ok(entry.id)),
                Some(t) => {
                    tree = entry.id;
                    rest = t;
                }
            }
        }
    }

    /// git's `resolve_relative_path`: `./x` and `../x` are relative to the prefix; other paths
    /// are from the top. Fatal outside the work tree and for a path that leaves the repository,
    /// as in git.
    fn relative_path(&self, path: &[u8]) -> std::result::Result<BString, Stop> {
        if !path.starts_with(b"./") && !path.starts_with(b"../") {
            return Ok(path.into());
        }
        if self.prefix.is_none() {
            return Err(Stop::Fatal(
                RevisionErrorKind::RelativePathOutsideWorkTree { path: path.into() },
            ));
        }
        self.prefix_path(path).ok_or_else(|| {
            Stop::Fatal(RevisionErrorKind::PathOutsideRepository {
                path: path.into(),
                top: self
                    .repo
                    .work_tree()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
            })
        })
    }

    /// `path` (starting with `./` or `../`) joined to the prefix; `None` when it leaves the
    /// work tree.
    fn prefix_path(&self, path: &[u8]) -> Option<BString> {
        let prefix = self
            .prefix
            .as_deref()
            .map(|p| p.as_bytes())
            .unwrap_or_default();
        let mut parts: Vec<&[u8]> = prefix.split_str("/").filter(|p| !p.is_empty()).collect();
        let trailing = path.ends_with(b"/");
        for comp in path.split_str("/") {
            match comp {
                b"" | b"." => {}
                b".." => {
                    parts.pop()?;
                }
                c => parts.push(c),
            }
        }
        let mut out = BString::from(bstr::join("/", parts));
        if trailing && !out.is_empty() {
            out.push(b'/');
        }
        Some(out)
    }

    /// git's `dwim_ref`: tries the rev-parse rules on `name` (after `@` → `HEAD` and `@{-n}` →
    /// the n-th previous branch).
    pub fn dwim_ref(&mut self, name: &[u8]) -> Result<RefMatch> {
        let substituted = self.interpret_branch_name(name)?;
        let name = substituted.as_deref().map(|b| b.as_bytes()).unwrap_or(name);
        let mut m = RefMatch::default();
        if name.is_empty() {
            return Ok(m);
        }
        for (prefix, suffix) in REV_PARSE_RULES {
            let mut full = BString::from(prefix.as_bytes());
            full.extend_from_slice(name);
            full.extend_from_slice(suffix.as_bytes());
            let Ok(refname) = RefName::new(full.clone()) else {
                continue;
            };
            match self.repo.refs().resolve(&refname) {
                Ok(Some(Resolved::Object { name, id, .. })) => {
                    if m.count == 0 {
                        m.full_name = Some(name);
                        m.id = Some(id);
                    }
                    m.count += 1;
                }
                Ok(Some(Resolved::Unborn { .. })) => {
                    if full != "HEAD" {
                        self.diagnostics
                            .push(Diagnostic::DanglingSymref { name: full });
                    }
                }
                Ok(None) => {}
                Err(e) if e.is_packed_refs_corrupt() => return Err(e),
                Err(_) => {
                    if full.contains(&b'/') {
                        self.diagnostics.push(Diagnostic::BrokenRef { name: full });
                    }
                }
            }
        }
        Ok(m)
    }

    /// git's `dwim_log`: the first rule whose ref has a reflog (its own, or that of the ref it
    /// points at).
    fn dwim_log(&mut self, name: &[u8]) -> Result<RefMatch> {
        let substituted = self.interpret_branch_name(name)?;
        let name = substituted.as_deref().map(|b| b.as_bytes()).unwrap_or(name);
        let mut m = RefMatch::default();
        let refs = self.repo.refs();
        for (prefix, suffix) in REV_PARSE_RULES {
            let mut full = BString::from(prefix.as_bytes());
            full.extend_from_slice(name);
            full.extend_from_slice(suffix.as_bytes());
            let Ok(refname) = RefName::new(full) else {
                continue;
            };
            let Ok(Some(Resolved::Object {
                name: target, id, ..
            })) = refs.resolve(&refname)
            else {
                continue;
            };
            let log = if refs.reflog_exists(&refname) {
                refname
            } else if target != refname && refs.reflog_exists(&target) {
                target
            } else {
                continue;
            };
            if m.count == 0 {
                m.full_name = Some(log);
                m.id = Some(id);
            }
            m.count += 1;
        }
        Ok(m)
    }

    /// `@` is `HEAD`; `@{-n}` is the n-th branch checked out before the current one.
    fn interpret_branch_name(&mut self, name: &[u8]) -> Result<Option<BString>> {
        if name == b"@" {
            return Ok(Some("HEAD".into()));
        }
        if name.starts_with(b"@{-") && name.find_byte(b'}') == Some(name.len() - 1) {
            return self.nth_prior_checkout(name);
        }
        Ok(None)
    }

    /// `@{-n}` (the whole of `spec`): the branch (or detached id) that the n-th most recent
    /// "checkout: moving from A to B" line of HEAD's reflog moved away from.
    pub fn nth_prior_checkout(&mut self, spec: &[u8]) -> Result<Option<BString>> {
        let Some(n) = parse_nth_prior(spec) else {
            return Ok(None);
        };
        let log = self.repo.refs().reflog(&RefName::head())?;
        let mut remaining = n;
        for entry in log.iter().rev() {
            let Some(rest) = entry.message.strip_prefix(b"checkout: moving from ") else {
                continue;
            };
            let Some(to) = rest.find(b" to ") else {
                continue;
            };
            remaining -= 1;
            if remaining == 0 {
                return Ok(Some(rest[..to].into()));
            }
        }
        Ok(None)
    }

    /// The best common ancestors of two commits (tags followed), most recent first: what
    /// `A...B` excludes. Empty when either is not a commit or they share no history.
    pub fn merge_bases(&mut self, a: ObjectId, b: ObjectId) -> Result<Vec<ObjectId>> {
        let (Some(a), Some(b)) = (self.peel_to_commit(a)?, self.peel_to_commit(b)?) else {
            return Ok(Vec::new());
        };
        walk::merge_bases(self.repo.odb(), &mut self.commits, a, b)
    }

    /// git's `find_unique_abbrev`: the first `min_len` (4 to 40) hex digits of `id`, more when
    /// another object shares them.
    pub fn abbreviate(&self, id: &ObjectId, min_len: usize) -> Result<String> {
        abbreviate(self.repo, id, min_len)
    }
}

/// git's `find_unique_abbrev`: the first `min_len` (clamped to 4..=40) hex digits of `id`,
/// extended until no other object in the repository starts with them.
pub fn abbreviate(repo: &Repository, id: &ObjectId, min_len: usize) -> Result<String> {
    let len = min_len.clamp(Prefix::MIN_HEX_LEN, ObjectId::HEX_LEN);
    let hex = id.to_hex();
    if len == ObjectId::HEX_LEN {
        return Ok(hex);
    }
    let prefix =
        Prefix::from_hex(&hex.as_bytes()[..len]).map_err(|e| Error::InvalidInput(e.to_string()))?;
    let mut need = len;
    for other in repo.odb().prefix_matches(&prefix)? {
        if other == *id {
            continue;
        }
        let common = hex
            .bytes()
            .zip(other.to_hex().bytes())
            .take_while(|(a, b)| a == b)
            .count();
        need = need.max(common + 1);
    }
    Ok(hex[..need.min(ObjectId::HEX_LEN)].to_string())
}

/// The abbreviation length git uses by default: `core.abbrev`, else one that grows with the
/// number of packed objects (7 for fewer than 16384, as git's "auto").
pub fn default_abbrev_len(repo: &Repository) -> usize {
    if let Some(v) = repo.config().get("core.abbrev") {
        let v = v.to_str_lossy().to_ascii_lowercase();
        if let Ok(n) = v.parse::<usize>() {
            return n.clamp(Prefix::MIN_HEX_LEN, ObjectId::HEX_LEN);
        }
        if matches!(v.as_str(), "no" | "false" | "off") {
            return ObjectId::HEX_LEN;
        }
    }
    let count: u64 = repo.odb().packs().iter().map(|p| p.len() as u64).sum();
    let msb = if count == 0 {
        0
    } else {
        63 - count.leading_zeros()
    } as usize;
    ((msb + 2) / 2).max(7)
}

/// `@{-n}` → n (positive), with strtol's leniency (leading blanks, a `+`).
fn parse_nth_prior(spec: &[u8]) -> Option<usize> {
    let body = spec.strip_prefix(b"@{-")?;
    let close = body.find_byte(b'}')?;
    let digits = body[..close].trim_start();
    let digits = digits.strip_prefix(b"+").unwrap_or(digits);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .try_fold(0usize, |n, d| {
            n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
        })
        .unwrap_or(usize::MAX);
    (n > 0).then_some(n)
}

/// `@{u}`, `@{upstream}`, `@{push}` (any case) at the start of `s`.
fn is_branch_mark(s: &[u8]) -> bool {
    ["@{upstream}", "@{u}", "@{push}"]
        .iter()
        .any(|m| s.len() >= m.len() && s[..m.len()].eq_ignore_ascii_case(m.as_bytes()))
}

/// git's `is_missing_file_error`: the path (or a directory on the way) does not exist.
fn is_missing_file_error(e: &std::io::Error) -> bool {
    // ENOTDIR, 20 on Linux, macOS and the BSDs (`ErrorKind::NotADirectory` needs Rust 1.83)
    const ENOTDIR: i32 = 20;
    e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(ENOTDIR)
}

/// git's `ambiguous_path`: a component that is empty or only dots (`a//b`, `./x`, `x/`).
fn ambiguous_path(path: &[u8]) -> bool {
    let mut slash = true;
    for &c in path {
        match c {
            b'/' => {
                if slash {
                    return true;
                }
                slash = true;
            }
            b'.' => {}
            _ => slash = false,
        }
    }
    slash
}

/// A trailing `~<digits>`, `^<digits>`, `~` or `^`: `Some(Err(offset))` when the number
/// overflows, with the operator's offset.
fn suffix_op(s: &[u8]) -> Option<std::result::Result<(&[u8], Op<'static>), usize>> {
    let digits = s.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let op_at = s.len().checked_sub(digits + 1)?;
    let op = s[op_at];
    if op != b'~' && op != b'^' {
        return None;
    }
    let text = &s[op_at + 1..];
    let mut num: u64 = 0;
    for &d in text {
        num = match num
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(n) => n,
            None => return Some(Err(op_at)),
        };
    }
    if num > i32::MAX as u64 {
        return Some(Err(op_at));
    }
    let n = if text.is_empty() { 1 } else { num as u32 };
    let inner = &s[..op_at];
    Some(Ok(if op == b'^' {
        (inner, Op::Parent(n))
    } else {
        (inner, Op::Ancestor(n))
    }))
}

/// Why a name that names nothing does not parse: `^{`, `@{`, `~` and `^` never appear in a ref
/// name, so one left in a name after the operators were taken off is a syntax error.
fn syntax_problem(name: &[u8]) -> Option<(usize, SyntaxProblem)> {
    for (i, pair) in name.windows(2).enumerate() {
        if (pair[0] == b'^' || pair[0] == b'@') && pair[1] == b'{' {
            match name[i + 2..].find_byte(b'}') {
                None => return Some((i, SyntaxProblem::UnclosedBrace)),
                Some(_) if pair[0] == b'^' => return Some((i, SyntaxProblem::UnknownPeelType)),
                Some(_) => {}
            }
        }
    }
    let at = name.iter().position(|&c| c == b'~' || c == b'^')?;
    Some((at, SyntaxProblem::BadOperator))
}

/// git's `peel_onion` syntax: `<rev>^{type}`, `<rev>^{}`, `<rev>^{/text}` (the last `^{`).
fn onion(s: &[u8]) -> Option<(&[u8], PeelTo, &[u8])> {
    if s.len() < 4 || s.last() != Some(&b'}') {
        return None;
    }
    let open = s.rfind(b"^{")?;
    if open == 0 {
        return None;
    }
    let inner = &s[..open];
    let rest = &s[open + 2..];
    let to = if rest.starts_with(b"commit}") {
        PeelTo::Kind(Kind::Commit)
    } else if rest.starts_with(b"tag}") {
        PeelTo::Kind(Kind::Tag)
    } else if rest.starts_with(b"tree}") {
        PeelTo::Kind(Kind::Tree)
    } else if rest.starts_with(b"blob}") {
        PeelTo::Kind(Kind::Blob)
    } else if rest.starts_with(b"object}") {
        PeelTo::Any
    } else if rest.starts_with(b"}") {
        PeelTo::Tags
    } else if rest.starts_with(b"/") {
        PeelTo::Message
    } else {
        return None;
    };
    let pattern = if to == PeelTo::Message {
        &rest[1..rest.len() - 1]
    } else {
        &[][..]
    };
    Some((inner, to, pattern))
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

    #[test]
    fn suffix_operators_overflow_to_nothing() {
        assert!(matches!(
            suffix_op(b"HEAD~99999999999999999999"),
            Some(Err(4))
        ));
        assert!(matches!(suffix_op(b"HEAD~2147483648"), Some(Err(4))));
        assert!(matches!(
            suffix_op(b"HEAD~2147483647"),
            Some(Ok((_, Op::Ancestor(2147483647))))
        ));
        assert!(matches!(suffix_op(b"HEAD^"), Some(Ok((_, Op::Parent(1))))));
        assert!(matches!(suffix_op(b"HEAD^0"), Some(Ok((_, Op::Parent(0))))));
        assert!(suffix_op(b"HEAD").is_none());
        assert!(suffix_op(b"").is_none());
        assert!(suffix_op(b"123").is_none());
    }

    #[test]
    fn onion_syntax() {
        assert!(matches!(onion(b"v1^{}"), Some((b"v1", PeelTo::Tags, _))));
        assert!(matches!(
            onion(b"v1^{tree}"),
            Some((b"v1", PeelTo::Kind(Kind::Tree), _))
        ));
        assert!(matches!(
            onion(b"x^{/a^{b}"),
            Some((
                _,
                PeelTo::Kind(_) | PeelTo::Tags | PeelTo::Any | PeelTo::Message,
                _
            )) | None
        ));
        assert!(onion(b"^{}").is_none());
        assert!(onion(b"x^{foo}").is_none());
        assert!(onion(b"^{").is_none());
        let (_, to, pat) = onion(b"HEAD^{/fix it}").unwrap();
        assert_eq!((to, pat), (PeelTo::Message, &b"fix it"[..]));
    }

    #[test]
    fn syntax_problems_point_at_the_operator() {
        assert_eq!(
            syntax_problem(b"HEAD^{foo"),
            Some((4, SyntaxProblem::UnclosedBrace))
        );
        assert_eq!(
            syntax_problem(b"HEAD@{"),
            Some((4, SyntaxProblem::UnclosedBrace))
        );
        assert_eq!(
            syntax_problem(b"HEAD^{foo}"),
            Some((4, SyntaxProblem::UnknownPeelType))
        );
        assert_eq!(
            syntax_problem(b"main~x"),
            Some((4, SyntaxProblem::BadOperator))
        );
        assert_eq!(syntax_problem(b"main@{1}"), None);
        assert_eq!(syntax_problem(b"feature/x"), None);
    }

    #[test]
    fn ambiguous_paths() {
        assert!(ambiguous_path(b"."));
        assert!(ambiguous_path(b"a/"));
        assert!(ambiguous_path(b"a//b"));
        assert!(ambiguous_path(b"a/./b"));
        assert!(!ambiguous_path(b"a/.b"));
        assert!(!ambiguous_path(b"main"));
    }

    #[test]
    fn nth_prior_parsing() {
        assert_eq!(parse_nth_prior(b"@{-1}"), Some(1));
        assert_eq!(parse_nth_prior(b"@{-12}"), Some(12));
        assert_eq!(parse_nth_prior(b"@{-0}"), None);
        assert_eq!(parse_nth_prior(b"@{-}"), None);
        assert_eq!(parse_nth_prior(b"@{-x}"), None);
        assert_eq!(
            parse_nth_prior(b"@{-99999999999999999999999}"),
            Some(usize::MAX)
        );
    }
}
