//! Branches as `git branch` makes them: which names are valid, where a new branch starts,
//! which branches are checked out and so protected, and the reflog messages git writes.
//!
//! | operation | rule | reflog message |
//! |---|---|---|
//! | [`create`] | a valid name (`refs/heads/<name>`, not `HEAD`, not `-…`); an existing branch only with `force`, and never one a worktree has checked out; the start point names one object (not an ambiguous ref) that peels to a commit | `branch: Created from <start>`, or `branch: Reset to <start>` |
//! | [`delete`] | not checked out; without `force` only a branch merged into `HEAD` | (the reflog is removed) |
//! | [`copy`] | as rename, but `old` stays and `HEAD` does not move; the new name is checked even when it is the old one | `Branch: copied refs/heads/<old> to refs/heads/<new>` |
//! | [`rename`] | both names valid; the new one free unless `force` (and never checked out); renaming the branch `HEAD` is on moves `HEAD` along, even an unborn one | `Branch: renamed refs/heads/<old> to refs/heads/<new>` |
//!
//! Start points and ancestry go through a caller's [`Resolver`], so the caller can report what
//! the resolver noticed on the way (ambiguous names, broken refs) as git does.
//!
//! ```no_run
//! use gitstore::branch;
//! use gitstore::revision::Resolver;
//! let repo = gitstore::Repository::open(".git")?;
//! let mut resolver = Resolver::new(&repo);
//! let created = branch::create(&mut resolver, b"topic", Some(b"main"), false)?;
//! println!("{} at {}", created.full, created.id);
//! branch::rename(&repo, Some(b"topic"), b"feature", false)?;
//! branch::delete(&mut resolver, b"feature", true)?;
//! # Ok::<(), gitstore::Error>(())
//! ```

use crate::error::Error;
use crate::identity;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::refs::name::check_ref_format;
use crate::refs::{RefEdit, RefName, Target};
use crate::repo::Repository;
use crate::revision::{abbreviate, default_abbrev_len, Hint, Resolver};
use crate::stores::Stores;
use bstr::{BString, ByteSlice};
use std::fmt;
use std::path::PathBuf;

/// Why a branch operation was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum BranchErrorKind {
    /// Not a valid branch name (git's `strbuf_check_branch_ref`).
    InvalidName,
    /// The branch exists and `force` was not given.
    AlreadyExists,
    /// A worktree has the branch checked out.
    CheckedOut {
        /// The worktree (the work tree's path, or the git directory of a bare repository).
        worktree: PathBuf,
    },
    /// No such branch.
    NotFound,
    /// The branch is not merged into `HEAD` and `force` was not given.
    NotFullyMerged,
    /// The start point names no object.
    InvalidStartPoint,
    /// The start point names more than one ref.
    AmbiguousStartPoint,
    /// The start point does not peel to a commit; `object` is what it peels to, if anything.
    NotABranchPoint {
        /// The object the start point ends at, and its kind.
        object: Option<(ObjectId, Kind)>,
    },
    /// "The current branch" was meant, but `HEAD` is detached.
    Detached,
    /// The rename itself failed (the error of [`crate::refs::RefStore::rename`]).
    RenameFailed(Box<Error>),
    /// The copy itself failed (the error of [`crate::refs::RefStore::copy`]).
    CopyFailed(Box<Error>),
    /// The deletion's transaction failed.
    DeleteFailed(Box<Error>),
    /// Reading the repository failed.
    Other(Box<Error>),
}

/// A branch operation was refused: why, and the name (branch or start point) concerned, as
/// given.
#[derive(Debug)]
pub struct BranchError {
    /// Why.
    pub kind: BranchErrorKind,
    /// The branch name or start point, as the caller gave it.
    pub name: BString,
}

impl BranchError {
    fn new(kind: BranchErrorKind, name: &[u8]) -> BranchError {
        BranchError {
            kind,
            name: name.into(),
        }
    }
}

impl From<crate::refs::Error> for BranchError {
    fn from(e: crate::refs::Error) -> BranchError {
        Error::from(e).into()
    }
}

impl From<Error> for BranchError {
    fn from(e: Error) -> BranchError {
        BranchError::new(BranchErrorKind::Other(Box::new(e)), b"")
    }
}

impl fmt::Display for BranchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use BranchErrorKind as K;
        let n = &self.name;
        match &self.kind {
            K::InvalidName => write!(f, "'{n}' is not a valid branch name"),
            K::AlreadyExists => write!(f, "a branch named '{n}' already exists"),
            K::CheckedOut { worktree } => write!(
                f,
                "branch '{n}' is used by worktree at '{}'",
                worktree.display()
            ),
            K::NotFound => write!(f, "branch '{n}' not found"),
            K::NotFullyMerged => write!(f, "the branch '{n}' is not fully merged"),
            K::InvalidStartPoint => write!(f, "not a valid object name: '{n}'"),
            K::AmbiguousStartPoint => write!(f, "ambiguous object name: '{n}'"),
            K::NotABranchPoint { .. } => write!(f, "not a valid branch point: '{n}'"),
            K::Detached => f.write_str("not on any branch"),
            K::RenameFailed(e) | K::CopyFailed(e) | K::DeleteFailed(e) | K::Other(e) => {
                write!(f, "{e}")
            }
        }
    }
}

impl std::error::Error for BranchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BranchErrorKind::RenameFailed(e)
            | BranchErrorKind::CopyFailed(e)
            | BranchErrorKind::DeleteFailed(e)
            | BranchErrorKind::Other(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

type Result<T> = std::result::Result<T, BranchError>;

/// `refs/heads/<name>` if `name` is a valid branch name (git's `strbuf_check_branch_ref`).
pub fn branch_ref(name: &[u8]) -> Option<RefName> {
    if name.starts_with(b"-") || name == b"HEAD" {
        return None;
    }
    let mut full = b"refs/heads/".to_vec();
    full.extend_from_slice(name);
    check_ref_format(&full).ok()?;
    RefName::new(full.as_slice()).ok()
}

/// A branch's name without `refs/heads/`.
pub fn short_name(name: &RefName) -> &[u8] {
    name.as_bytes()
        .strip_prefix(b"refs/heads/")
        .unwrap_or(name.as_bytes())
}

/// The branch `HEAD` points at (even an unborn one), symbolic branches followed; `None` when
/// `HEAD` is detached or missing.
pub fn current<'r>(repo: impl Into<Stores<'r>>) -> crate::Result<Option<RefName>> {
    let repo = repo.into();
    Ok(match repo.refs().find(&RefName::head())? {
        Some(r) => match r.target {
            Target::Symbolic(t) => Some(match repo.refs().resolve(&r.name)? {
                Some(res) => res.name().clone(),
                None => t,
            }),
            Target::Object(_) => None,
        },
        None => None,
    })
}

/// git's `branch_checked_out`: the worktree whose `HEAD` is at `full` (an unborn branch too),
/// given the [`current`] branch; a bare repository's `HEAD` checks nothing out.
pub fn checked_out<'r>(
    repo: impl Into<Stores<'r>>,
    current: Option<&RefName>,
    full: &RefName,
) -> Option<PathBuf> {
    let repo = repo.into();
    if current == Some(full) && repo.work_tree().is_some() {
        return Some(repo.work_tree().unwrap_or(repo.git_dir()).to_path_buf());
    }
    repo.worktrees()
        .into_iter()
        .find(|(_, b)| b.as_ref().map(|b| b.as_slice()) == Some(full.as_bytes()))
        .map(|(path, _)| path)
}

/// git's `dwim_branch_start`: the start point must name an object, be at most one ref by the
/// dwim rules (`v1` that is both a branch and a tag is refused), and peel to a commit.
pub fn start_point(resolver: &mut Resolver<'_>, start: &[u8]) -> Result<ObjectId> {
    let id = match resolver.lookup(start, Hint::Committish) {
        Ok(id) => id,
        _ => return Err(BranchError::new(BranchErrorKind::InvalidStartPoint, start)),
    };
    if resolver.dwim_ref(start)?.count > 1 {
        return Err(BranchError::new(
            BranchErrorKind::AmbiguousStartPoint,
            start,
        ));
    }
    match resolver.deref_tags(id)? {
        Some((commit, Kind::Commit)) => Ok(commit),
        object => Err(BranchError::new(
            BranchErrorKind::NotABranchPoint { object },
            start,
        )),
    }
}

/// A branch [`create`] made or reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Its full name.
    pub full: RefName,
    /// The commit it now points at.
    pub id: ObjectId,
    /// Whether it existed (and was reset, with `force`).
    pub reset: bool,
    /// The reflog message written.
    pub message: BString,
}

/// `git branch [-f] <name> [<start>]`: creates `refs/heads/<name>` at `start` (default: the
/// current branch, or `HEAD` when detached).
pub fn create(
    resolver: &mut Resolver<'_>,
    name: &[u8],
    start: Option<&[u8]>,
    force: bool,
) -> Result<Created> {
    let repo = resolver.repo();
    let full =
        branch_ref(name).ok_or_else(|| BranchError::new(BranchErrorKind::InvalidName, name))?;
    let existing = repo.refs().resolve_id(full.as_bytes());
    let current = current(repo)?;
    if existing.is_some() {
        if !force {
            return Err(BranchError::new(BranchErrorKind::AlreadyExists, name));
        }
        if let Some(worktree) = checked_out(repo, current.as_ref(), &full) {
            return Err(BranchError::new(
                BranchErrorKind::CheckedOut { worktree },
                name,
            ));
        }
    }
    let start: BString = match start {
        Some(s) => s.into(),
        None => match &current {
            Some(c) => short_name(c).into(),
            None => "HEAD".into(),
        },
    };
    let id = start_point(resolver, &start)?;
    let mut message = BString::from(if existing.is_some() {
        "branch: Reset to "
    } else {
        "branch: Created from "
    });
    message.extend_from_slice(&start);
    let expected = if force { None } else { Some(ObjectId::null()) };
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::update(full.clone(), id, expected).message(message.clone()))?;
    tx.commit()?;
    Ok(Created {
        full,
        id,
        reset: existing.is_some(),
        message,
    })
}

/// What a deleted branch was, as `git branch -d` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Was {
    /// A branch at this id.
    Id(ObjectId),
    /// A symbolic branch pointing at this ref.
    Symbolic(RefName),
    /// A branch whose name breaks `check-ref-format`, already on disk.
    BadName,
}

/// `git branch (-d|-D) <name>`: deletes the branch and its reflog; returns its full name and the
/// id it was at. Without `force`, only a branch whose commit is an ancestor of `HEAD`.
pub fn delete(
    resolver: &mut Resolver<'_>,
    name: &[u8],
    force: bool,
) -> Result<(RefName, ObjectId)> {
    let (full, was) = delete_reporting(resolver, name, force)?;
    let id = match was {
        Was::Id(id) => id,
        _ => ObjectId::null(),
    };
    Ok((full, id))
}

/// [`delete`], saying what the branch was: a symbolic branch, or one with a malformed name
/// already on disk, is deleted without the merge check, as git deletes them.
pub fn delete_reporting(
    resolver: &mut Resolver<'_>,
    name: &[u8],
    force: bool,
) -> Result<(RefName, Was)> {
    let repo = resolver.repo();
    let current = current(repo)?;
    let full = branch_ref(name).or_else(|| malformed_branch_ref(name));
    // git asks whether a worktree has the branch before whether it exists
    if let Some(worktree) = full
        .as_ref()
        .and_then(|f| checked_out(repo, current.as_ref(), f))
    {
        return Err(BranchError::new(
            BranchErrorKind::CheckedOut { worktree },
            name,
        ));
    }
    let found = match &full {
        Some(f) => repo.refs().find(f)?,
        None => None,
    };
    let (Some(full), Some(found)) = (full, found) else {
        return Err(BranchError::new(BranchErrorKind::NotFound, name));
    };
    let (id, was) = match found.target {
        Target::Symbolic(target) => (None, Was::Symbolic(target)),
        Target::Object(_) if !full.is_well_formed() => (None, Was::BadName),
        Target::Object(id) => (Some(id), Was::Id(id)),
    };
    if let (Some(id), false) = (id, force) {
        // merged: the branch's commit is an ancestor of HEAD (git's default without an
        // upstream)
        let merged = match repo.refs().resolve_id(b"HEAD") {
            Some(h) => resolver.merge_bases(id, h)?.contains(&id),
            None => true,
        };
        if !merged {
            return Err(BranchError::new(BranchErrorKind::NotFullyMerged, name));
        }
    }
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::delete(full.clone(), id).no_deref())?;
    tx.commit()
        .map_err(|e| BranchError::new(BranchErrorKind::DeleteFailed(Box::new(e.into())), name))?;
    Ok((full, was))
}

/// `refs/heads/<name>` for a malformed branch name git still deletes: safe as a path
/// ([`RefName::on_disk`]).
fn malformed_branch_ref(name: &[u8]) -> Option<RefName> {
    if name.starts_with(b"-") || name == b"HEAD" {
        return None;
    }
    let mut full = b"refs/heads/".to_vec();
    full.extend_from_slice(name);
    RefName::on_disk(full).ok()
}

/// `git branch (-m|-M) [<old>] <new>`: renames `old` (default: the current branch) and its
/// reflog; `HEAD` follows when it is on `old`. Returns the reflog message written.
pub fn rename(repo: &Repository, old: Option<&[u8]>, new: &[u8], force: bool) -> Result<BString> {
    let current = current(repo)?;
    let (old, old_full, new_full) = moved_names(current.as_ref(), old, new)?;
    // an unborn branch HEAD points at is renamed by pointing HEAD at the new name
    let is_head = current.as_ref() == Some(&old_full);
    let exists = repo.refs().find(&old_full)?.is_some();
    if !exists && !is_head {
        return Err(BranchError::new(BranchErrorKind::NotFound, &old));
    }
    if old_full != new_full {
        may_replace(repo, current.as_ref(), &new_full, new, force)?;
    }
    let message = BString::from(format!(
        "Branch: renamed {} to {}",
        old_full.as_bstr(),
        new_full.as_bstr()
    ));
    let who = identity::reflog_committer_with_env(repo.config(), repo.env())
        .map_err(crate::Error::from)?;
    if exists {
        repo.refs()
            .rename(&old_full, &new_full, force, &message, &who)
            .map_err(|e| {
                BranchError::new(BranchErrorKind::RenameFailed(Box::new(e.into())), &old)
            })?;
    }
    if is_head {
        let mut tx = repo.refs().transaction();
        tx.push(RefEdit::symbolic(RefName::head(), new_full).message(message.clone()))?;
        tx.commit_with(&who)?;
    }
    Ok(message)
}

/// The names a rename or copy works on: `old` as given (default: the current branch's short
/// name), its full name and `new`'s full name, each checked as a branch name.
fn moved_names(
    current: Option<&RefName>,
    old: Option<&[u8]>,
    new: &[u8],
) -> Result<(BString, RefName, RefName)> {
    let old: BString = match (old, current) {
        (Some(o), _) => o.into(),
        (None, Some(c)) => short_name(c).into(),
        (None, None) => return Err(BranchError::new(BranchErrorKind::Detached, b"")),
    };
    let old_full =
        branch_ref(&old).ok_or_else(|| BranchError::new(BranchErrorKind::InvalidName, &old))?;
    let new_full =
        branch_ref(new).ok_or_else(|| BranchError::new(BranchErrorKind::InvalidName, new))?;
    Ok((old, old_full, new_full))
}

/// Whether the branch `new_full` (as given: `new`) may be written over by a rename or copy:
/// only when it does not exist, or with `force` when no worktree has it checked out.
fn may_replace(
    repo: &Repository,
    current: Option<&RefName>,
    new_full: &RefName,
    new: &[u8],
    force: bool,
) -> Result<()> {
    if repo.refs().find(new_full)?.is_none() {
        return Ok(());
    }
    if !force {
        return Err(BranchError::new(BranchErrorKind::AlreadyExists, new));
    }
    match checked_out(repo, current, new_full) {
        Some(worktree) => Err(BranchError::new(
            BranchErrorKind::CheckedOut { worktree },
            new,
        )),
        None => Ok(()),
    }
}

/// `git branch (-c|-C) [<old>] <new>`: copies `old` (default: the current branch) and its
/// reflog to `new`; `HEAD` stays where it is. Returns the reflog message written.
pub fn copy(repo: &Repository, old: Option<&[u8]>, new: &[u8], force: bool) -> Result<BString> {
    let current = current(repo)?;
    let (old, old_full, new_full) = moved_names(current.as_ref(), old, new)?;
    if repo.refs().find(&old_full)?.is_none() {
        return Err(BranchError::new(BranchErrorKind::NotFound, &old));
    }
    may_replace(repo, current.as_ref(), &new_full, new, force)?;
    let message = BString::from(format!(
        "Branch: copied {} to {}",
        old_full.as_bstr(),
        new_full.as_bstr()
    ));
    let who = identity::reflog_committer_with_env(repo.config(), repo.env())
        .map_err(crate::Error::from)?;
    repo.refs()
        .copy(&old_full, &new_full, force, &message, &who)
        .map_err(|e| BranchError::new(BranchErrorKind::CopyFailed(Box::new(e.into())), &old))?;
    Ok(message)
}

/// What a row of `git branch`'s listing shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    /// A branch.
    Branch {
        /// The full name (`refs/heads/…`).
        name: RefName,
        /// For a symbolic branch, where its chain of symbolic refs ends (git's `%(symref)`).
        symref: Option<RefName>,
    },
    /// `HEAD` detached from any branch (listed first, and only without patterns), with where
    /// it came from when the reflog says ([`detached_from`]).
    DetachedHead {
        /// Where the last checkout went, if any.
        from: Option<DetachedFrom>,
    },
}

/// How git marks a row of the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The current branch, or the detached `HEAD` (`*`).
    Current,
    /// Checked out in another worktree (`+`).
    OtherWorktree,
    /// Neither.
    None,
}

/// One row of [`list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedBranch {
    /// What the row is.
    pub listed: Listed,
    /// Its mark.
    pub mark: Mark,
    /// The commit it is at (`None` for a symbolic branch that does not resolve).
    pub id: Option<ObjectId>,
    /// The subject of that commit (or tag), when asked for (`git branch -v`).
    pub subject: Option<BString>,
}

/// `git branch [--list] [<pattern>…]`: the detached `HEAD` (when there are no patterns), then
/// the branches whose short names match one of `patterns` (wildmatch; all without patterns),
/// in name order, each marked current, checked out elsewhere, or not. `subjects`: read each
/// one's commit subject too (`-v`).
///
/// ```
/// use gitstore::branch::{self, Listed, Mark};
/// use gitstore::object::{Commit, Signature};
/// use gitstore::refs::RefName;
///
/// let repo = gitstore::Repository::in_memory()?;
/// let me = Signature::new("A U Thor", "author@example.com", 1_700_000_000, "+0000");
/// let commit = Commit::new(gitstore::ObjectId::EMPTY_TREE)
///     .with_author(me.clone())
///     .with_committer(me)
///     .with_message("First\n");
/// repo.commit_and_move(&RefName::new("refs/heads/main")?, &commit, None)?;
/// let rows = branch::list(&repo, &[], true)?;
/// assert_eq!(rows.len(), 1);
/// let main = RefName::new("refs/heads/main")?;
/// assert_eq!(rows[0].listed, Listed::Branch { name: main, symref: None });
/// assert_eq!(rows[0].mark, Mark::Current);
/// assert_eq!(rows[0].subject, Some("First".into()));
/// # Ok::<(), gitstore::Error>(())
/// ```
pub fn list(
    repo: &Repository,
    patterns: &[&[u8]],
    subjects: bool,
) -> crate::Result<Vec<ListedBranch>> {
    let current = current(repo)?;
    let subject = |id: Option<ObjectId>| -> crate::Result<Option<BString>> {
        let Some(id) = id.filter(|_| subjects) else {
            return Ok(None);
        };
        let mut data = Vec::new();
        Ok(Some(match repo.odb().try_read(&id, &mut data)? {
            Some(Kind::Commit | Kind::Tag) => crate::refs::format::subject_of(&data),
            _ => BString::default(),
        }))
    };
    let mut rows = Vec::new();
    if current.is_none() && patterns.is_empty() {
        if let Some(crate::refs::Resolved::Object { id, .. }) =
            repo.refs().resolve(&RefName::head())?
        {
            rows.push(ListedBranch {
                listed: Listed::DetachedHead {
                    from: detached_from(repo, id)?,
                },
                mark: Mark::Current,
                id: Some(id),
                subject: subject(Some(id))?,
            });
        }
    }
    let elsewhere = checked_out_elsewhere(repo, current.as_ref());
    for r in repo.refs().list(b"refs/heads/")?.refs {
        if !crate::refs::pattern::name_matches(r.name.as_bytes(), patterns) {
            continue;
        }
        let resolved = repo.refs().resolve(&r.name)?;
        let id = resolved.as_ref().and_then(|x| x.id());
        let mark = if current.as_ref() == Some(&r.name) {
            Mark::Current
        } else if elsewhere.contains(&r.name) {
            Mark::OtherWorktree
        } else {
            Mark::None
        };
        // git shows where the chain of symbolic refs ends
        let symref = match r.target {
            Target::Symbolic(to) => Some(resolved.map_or(to, |end| end.name().clone())),
            Target::Object(_) => None,
        };
        rows.push(ListedBranch {
            listed: Listed::Branch {
                name: r.name,
                symref,
            },
            mark,
            id,
            subject: subject(id)?,
        });
    }
    Ok(rows)
}

/// The branches other worktrees have checked out, as git marks them: the branch a worktree's
/// `HEAD` ends at, through symbolic branches; not the `current` one.
fn checked_out_elsewhere(repo: &Repository, current: Option<&RefName>) -> Vec<RefName> {
    repo.worktrees()
        .into_iter()
        .filter_map(|(_, branch)| RefName::new(branch?.as_slice()).ok())
        .map(|b| match repo.refs().resolve(&b).ok().flatten() {
            Some(res) => res.name().clone(),
            None => b,
        })
        .filter(|b| Some(b) != current)
        .collect()
}

/// Where a detached `HEAD` came from (see [`detached_from`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedFrom {
    /// What the last checkout went to: a ref name (less `refs/tags/` or `refs/remotes/`) when it
    /// still names that commit unambiguously, else the commit, abbreviated.
    pub name: BString,
    /// `HEAD` is still at that commit ("detached at"; else "detached from").
    pub at: bool,
}

/// git's `wt_status_get_detached_from`: the last `checkout: moving from A to B` of `HEAD`'s
/// reflog names what `HEAD` (at `head`) was detached at, or from when it moved since. B is
/// shown as the full ref it names by the dwim rules, less only `refs/tags/` or `refs/remotes/`
/// (so `checkout --detach main` shows `refs/heads/main`), when it names exactly one ref and
/// that ref still points at the commit the checkout went to; otherwise that commit,
/// abbreviated. `None`: no checkout in the reflog.
pub fn detached_from(repo: &Repository, head: ObjectId) -> crate::Result<Option<DetachedFrom>> {
    let log = repo.refs().reflog(&RefName::head())?;
    let found = log.iter().rev().find_map(|e| {
        let rest = e.message.strip_prefix(b"checkout: moving from ")?;
        let to = rest.find(b" to ")?;
        let target = &rest[to + 4..];
        let target = &target[..target.find_byte(b'\n').unwrap_or(target.len())];
        Some((target.to_vec(), e.new))
    });
    let Some((target, at)) = found else {
        return Ok(None);
    };
    let abbrev = abbreviate(repo, &at, default_abbrev_len(repo))?;
    // "HEAD" is relative to when the checkout happened: git uses the commit it went to
    let target = if target == b"HEAD" {
        abbrev.clone().into_bytes()
    } else {
        target
    };
    let mut resolver = Resolver::new(repo);
    let m = resolver.dwim_ref(&target)?;
    let still_there = match m.id {
        Some(id) if m.count == 1 => id == at || resolver.peel_to_commit(id)? == Some(at),
        _ => false,
    };
    let name = match m.full_name.filter(|_| still_there) {
        Some(full) => {
            let full = full.as_bytes();
            full.strip_prefix(b"refs/tags/")
                .or_else(|| full.strip_prefix(b"refs/remotes/"))
                .unwrap_or(full)
                .into()
        }
        None => abbrev.into(),
    };
    Ok(Some(DetachedFrom {
        name,
        at: at == head,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_follow_git_rules() {
        assert_eq!(
            branch_ref(b"topic").map(|r| r.as_bytes().to_vec()),
            Some(b"refs/heads/topic".to_vec())
        );
        assert!(branch_ref(b"a/b").is_some());
        assert!(branch_ref(b"HEAD").is_none());
        assert!(branch_ref(b"-x").is_none());
        assert!(branch_ref(b"a..b").is_none());
        assert!(branch_ref(b"a.lock").is_none());
        assert!(branch_ref(b"").is_none());
    }
}
