//! [`Resolver`]: an expression taken apart (suffix operators peeled off the right end by
//! [`syntax`], a `:path` split off) and applied step by step, each step either an object or the
//! reason there is none ([`RevisionErrorKind`]). Names themselves (refs, reflogs, `@{-n}`) are
//! read in [`names`], paths in trees and on disk in [`paths`].

mod names;
mod paths;
mod syntax;

use super::error::{
    Candidate, Diagnostic, RevisionError, RevisionErrorKind, SyntaxProblem, UnsupportedForm,
};
use super::walk;
use super::{abbreviate, pattern, split_path, Hint};
use crate::error::{Error, Result};
use crate::graph::{self, Commits};
use crate::object::{Kind, TagRef};
use crate::oid::{ObjectId, Prefix};
use crate::refs::{RefName, Resolved};
use crate::stores::Stores;
use bstr::BString;
use std::path::Path;
use syntax::{onion, suffix_op, syntax_problem, Op, PeelTo};

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

impl From<crate::refs::Error> for Stop {
    fn from(e: crate::refs::Error) -> Self {
        Stop::Error(e.into())
    }
}

fn unknown(name: &[u8]) -> RevisionErrorKind {
    RevisionErrorKind::UnknownName { name: name.into() }
}

/// The reason for a peel from `id` that found nothing: a missing object or a chain too long.
fn peel_failure(id: ObjectId, peeled: Peeled, limit: usize) -> RevisionErrorKind {
    match peeled {
        Peeled::Missing(missing) => RevisionErrorKind::MissingObject { id: missing },
        _ => RevisionErrorKind::TagChainTooLong { id, limit },
    }
}

/// Resolves revision expressions against one repository, keeping what git would print on the
/// way ([`Resolver::diagnostics`]) and caching the commits it reads. One resolver serves any
/// number of lookups: a command that resolves many names keeps one rather than building one per
/// name, so the commits read for one are not read again for the next.
pub struct Resolver<'r> {
    repo: Stores<'r>,
    prefix: Option<BString>,
    quiet: bool,
    diagnostics: Vec<Diagnostic>,
    commits: Commits,
}

impl<'r> Resolver<'r> {
    /// A resolver over `repo`.
    pub fn new(repo: impl Into<Stores<'r>>) -> Self {
        let repo = repo.into();
        Resolver {
            repo,
            prefix: Some(BString::default()),
            quiet: false,
            diagnostics: Vec::new(),
            commits: Commits::default(),
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

    /// The repository's parts this resolver reads.
    pub fn repo(&self) -> Stores<'r> {
        self.repo
    }

    /// The commits read so far (for `A~n`, `A...B`, `:/text`…).
    pub fn commits(&self) -> &Commits {
        &self.commits
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
        self.diagnose_path(treeish, rev, path, cwd, suggest, missing)
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
            let max_operators = self.repo.limits().max_revision_operators;
            if ops.len() > max_operators {
                return Ok(Err(RevisionErrorKind::TooManyOperators {
                    limit: max_operators,
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
            other => Err(peel_failure(
                id,
                other,
                self.repo.odb().limits().max_tag_chain,
            )),
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
            .map(|info| info.parents.clone()))
    }

    /// The one peeling loop: git's `deref_tag` ([`Until::NotATag`]) and `peel_to_type`
    /// ([`Until::Kind`]: tags to their target, a commit to its tree).
    fn peel(&mut self, id: ObjectId, until: Until) -> Result<Peeled> {
        let odb = self.repo.odb();
        let mut id = id;
        let mut data = Vec::new();
        for _ in 0..=odb.limits().max_tag_chain.saturating_add(1) {
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
            other => Err(peel_failure(
                id,
                other,
                self.repo.odb().limits().max_tag_chain,
            )),
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
                    other => Err(peel_failure(
                        id,
                        other,
                        self.repo.odb().limits().max_tag_chain,
                    )),
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

    /// The best common ancestors of two commits (tags followed), most recent first: what
    /// `A...B` excludes. Empty when either is not a commit or they share no history.
    pub fn merge_bases(&mut self, a: ObjectId, b: ObjectId) -> Result<Vec<ObjectId>> {
        let (Some(a), Some(b)) = (self.peel_to_commit(a)?, self.peel_to_commit(b)?) else {
            return Ok(Vec::new());
        };
        graph::merge_bases(self.repo.odb(), &mut self.commits, a, b)
    }

    /// git's `find_unique_abbrev`: the first `min_len` (4 to 40) hex digits of `id`, more when
    /// another object shares them.
    pub fn abbreviate(&self, id: &ObjectId, min_len: usize) -> Result<String> {
        abbreviate(self.repo, id, min_len)
    }
}
