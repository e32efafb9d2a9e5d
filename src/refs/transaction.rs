//! All-or-nothing ref updates, with git's locking protocol.
//!
//! 1. **prepare**: for every ref touched (and every symbolic ref on the way to it, and `HEAD` when
//!    it points at an updated branch) create `<ref>.lock` exclusively; under the locks, check
//!    each expected old value (compare-and-swap) and write the new value into the lock file.
//!    When refs are deleted, also lock `packed-refs` and write its new content (without them)
//!    into `packed-refs.lock`.
//! 2. **commit**: append the reflog lines, rename every lock over its ref, rename
//!    `packed-refs.lock`, then remove deleted loose refs, their reflogs and the directories they
//!    leave empty.
//!
//! Any failure before the renames drops every lock: nothing changes. A process that dies between
//! renames leaves each ref at its old or its new value, never anything else, plus stale `.lock`
//! files that make later writers fail loudly rather than lose an update.

use super::{loose, reflog, RefError, RefErrorKind, RefName, RefStore, Resolved, Target};
use super::{Error, Result};
use crate::lockfile::{LockError, LockErrorKind, LockFile};
use crate::object::Signature;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

mod conflicts;
mod files;
pub(super) use conflicts::check_directory_conflict;
use conflicts::{check_conflict_within, first_ref_below, name};
pub(super) use files::{append_log_line, remove_empty_dir_tree};
use files::{append_reflog, remove_empty_parents};

/// What a [`RefEdit`] does to its ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Point it at an object (create or update).
    Object(ObjectId),
    /// Make it a symbolic ref to another ref (always applied to the named ref itself).
    Symbolic(RefName),
    /// Remove it (loose file, `packed-refs` line and reflog).
    Delete,
    /// Change nothing, only check the expected old value under lock.
    Verify,
}

/// One change in a [`Transaction`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefEdit {
    /// The ref named by the caller (a symbolic ref is followed unless `no_deref`).
    pub name: RefName,
    /// What to do.
    pub change: Change,
    /// The value the ref must have, checked under lock: `None` = no check, `Some(null)` = must
    /// not exist, `Some(id)` = must be at `id` (after following symbolic refs).
    pub expected: Option<ObjectId>,
    /// The target the ref must be a symbolic ref to, checked under lock instead of `expected`
    /// (`update-ref --stdin`'s `symref-verify`, `symref-delete`, `symref-update … ref <old>`).
    pub expected_target: Option<RefName>,
    /// Change a symbolic ref itself instead of the ref it points to.
    pub no_deref: bool,
    /// The reflog message (`None`: the transaction's message).
    pub message: Option<BString>,
    /// Create the reflog even where `core.logAllRefUpdates` would not (`--create-reflog`).
    pub create_reflog: bool,
}

impl RefEdit {
    /// Points `name` at `new`, if it currently is at `expected` (see [`RefEdit::expected`]).
    pub fn update(name: RefName, new: ObjectId, expected: Option<ObjectId>) -> RefEdit {
        RefEdit {
            name,
            change: Change::Object(new),
            expected,
            expected_target: None,
            no_deref: false,
            message: None,
            create_reflog: false,
        }
    }

    /// Creates `name` at `new`; fails if it exists.
    pub fn create(name: RefName, new: ObjectId) -> RefEdit {
        RefEdit::update(name, new, Some(ObjectId::null()))
    }

    /// Deletes `name`, if it currently is at `expected`. Deleting a missing ref without an
    /// expected value succeeds, as in git.
    pub fn delete(name: RefName, expected: Option<ObjectId>) -> RefEdit {
        RefEdit {
            change: Change::Delete,
            ..RefEdit::update(name, ObjectId::null(), expected)
        }
    }

    /// Checks that `name` is at `expected` (null: does not exist) without changing it.
    pub fn verify(name: RefName, expected: Option<ObjectId>) -> RefEdit {
        RefEdit {
            change: Change::Verify,
            ..RefEdit::update(name, ObjectId::null(), expected)
        }
    }

    /// Makes `name` a symbolic ref to `target` (`git symbolic-ref`).
    pub fn symbolic(name: RefName, target: RefName) -> RefEdit {
        RefEdit {
            change: Change::Symbolic(target),
            no_deref: true,
            ..RefEdit::update(name, ObjectId::null(), None)
        }
    }

    /// Requires the ref to be a symbolic ref to `target` (checked under lock).
    pub fn expected_target(mut self, target: RefName) -> RefEdit {
        self.expected_target = Some(target);
        self
    }

    /// Sets the reflog message.
    pub fn message(mut self, msg: impl Into<BString>) -> RefEdit {
        self.message = Some(msg.into());
        self
    }

    /// Changes a symbolic ref itself rather than what it points to.
    pub fn no_deref(mut self) -> RefEdit {
        self.no_deref = true;
        self
    }

    /// Creates the reflogs this edit writes to even where `core.logAllRefUpdates` would not.
    pub fn create_reflog(mut self) -> RefEdit {
        self.create_reflog = true;
        self
    }
}

/// A reflog line to append at commit.
#[derive(Debug)]
struct LogWrite {
    name: RefName,
    old: ObjectId,
    new: ObjectId,
    message: BString,
    /// Create the log even where `core.logAllRefUpdates` would not.
    force: bool,
}

/// One held ref lock and what commit does with it.
#[derive(Debug)]
struct Locked {
    name: RefName,
    lock: LockFile,
    action: Action,
}

#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// The lock holds the new value: rename it into place.
    Write,
    /// Remove the loose file (if `loose`) and the reflog.
    Delete { loose: bool },
    /// Nothing to write (verify, log-only, no-op): release the lock.
    Release,
}

#[derive(Debug)]
struct Prepared {
    locks: Vec<Locked>,
    packed: Option<LockFile>,
    logs: Vec<LogWrite>,
}

/// A set of ref changes applied all together or not at all.
///
/// `push` edits, then `commit` (which prepares first); or `prepare` and later `commit` or
/// `abort`, as `git update-ref --stdin` does with `start`/`prepare`/`commit`/`abort`. Dropping
/// a transaction aborts it.
///
/// ```
/// use gitstore::object::{Commit, Signature};
/// use gitstore::refs::{self, RefEdit, RefErrorKind, RefName};
/// use gitstore::{repo::InitOptions, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::default())?;
/// let me = Signature::new("Me", "me@example.com", 1_700_000_000, "+0000");
/// let commit = Commit::default().with_author(me.clone()).with_committer(me.clone());
/// let id = repo.odb().write_object(&commit)?;
/// let (main, tag) = (RefName::new("refs/heads/main")?, RefName::new("refs/tags/v1")?);
///
/// // two refs, created together; each must not exist yet
/// let mut tx = repo.refs().transaction();
/// tx.push(RefEdit::create(main.clone(), id).message("branch: Created"))?;
/// tx.push(RefEdit::create(tag.clone(), id))?;
/// tx.commit_with(&me)?;
/// assert_eq!(repo.refs().resolve_id(b"refs/tags/v1"), Some(id));
///
/// // all or nothing: the second edit's expectation fails, so the first is not applied either
/// let mut tx = repo.refs().transaction();
/// tx.push(RefEdit::delete(tag.clone(), Some(id)))?;
/// tx.push(RefEdit::create(main.clone(), id))?;
/// match tx.commit_with(&me) {
///     Err(refs::Error::Ref(e)) => assert_eq!(e.kind, RefErrorKind::AlreadyExists),
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(repo.refs().resolve_id(b"refs/tags/v1"), Some(id));
/// assert_eq!(repo.refs().reflog(&main)?[0].message, "branch: Created");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Transaction<'s> {
    store: &'s RefStore,
    edits: Vec<RefEdit>,
    message: BString,
    prepared: Option<Prepared>,
}

/// git's words for a damaged ref met while locking `name`: it cannot be resolved.
fn broken_target(name: &RefName, e: Error) -> Error {
    match e {
        Error::Ref(RefError {
            name: target,
            kind: RefErrorKind::Corrupt { .. },
        }) => ref_err(name, RefErrorKind::BrokenTarget { target }),
        e => e,
    }
}

fn ref_err(name: &RefName, kind: RefErrorKind) -> Error {
    Error::Ref(RefError::new(name.as_bstr(), kind))
}

impl<'s> Transaction<'s> {
    pub(crate) fn new(store: &'s RefStore) -> Transaction<'s> {
        Transaction {
            store,
            edits: Vec::new(),
            message: BString::default(),
            prepared: None,
        }
    }

    /// Sets the reflog message for edits that have none of their own (`update-ref -m`).
    pub fn set_message(&mut self, msg: impl Into<BString>) {
        self.message = msg.into();
    }

    /// Adds an edit. Fails once the transaction is prepared
    /// ([`RefErrorKind::TransactionPrepared`]).
    pub fn push(&mut self, edit: RefEdit) -> Result<&mut Self> {
        if self.prepared.is_some() {
            return Err(Error::Ref(RefError::new(
                edit.name.as_bstr(),
                RefErrorKind::TransactionPrepared,
            )));
        }
        self.edits.push(edit);
        Ok(self)
    }

    /// The edits so far.
    pub fn edits(&self) -> &[RefEdit] {
        &self.edits
    }

    /// Whether [`Transaction::prepare`] has succeeded.
    pub fn is_prepared(&self) -> bool {
        self.prepared.is_some()
    }

    /// Takes every lock and checks every expected value. On error every lock is released and
    /// nothing has changed.
    pub fn prepare(&mut self) -> Result<()> {
        if self.prepared.is_none() {
            self.prepared = Some(self.do_prepare()?);
        }
        Ok(())
    }

    /// Releases every lock; nothing changes.
    pub fn abort(mut self) {
        self.prepared = None;
    }

    /// Prepares (if needed) and applies the edits, writing reflogs as the committer found in the
    /// store's config and environment ([`crate::identity::reflog_committer_with_env`], the
    /// process's environment unless the store was given one). The identity is only looked for
    /// when a reflog entry is to be written, as git looks for it.
    pub fn commit(self) -> Result<()> {
        let config = self.store.config().clone();
        let env = self.store.env().cloned();
        self.apply(move || {
            let env = env.unwrap_or_else(crate::env::Environment::from_process);
            Ok(crate::identity::reflog_committer_with_env(&config, &env)?)
        })
    }

    /// Prepares (if needed) and applies the edits, writing reflogs as `committer`.
    pub fn commit_with(self, committer: &Signature) -> Result<()> {
        self.apply(|| Ok(committer.clone()))
    }

    fn apply(mut self, committer: impl FnOnce() -> Result<Signature>) -> Result<()> {
        if let Some(memory) = &self.store.memory {
            return memory.commit(self.store, &self.edits, &self.message, committer);
        }
        self.prepare()?;
        let Some(prepared) = self.prepared.take() else {
            return Ok(());
        };
        let store = self.store;
        if !prepared.logs.is_empty() {
            // On an error here the locks are dropped, which rolls them back.
            let committer = committer()?;
            for log in &prepared.logs {
                append_reflog(store, log, &committer)?;
            }
        }
        let mut deleted = Vec::new();
        let mut releases = Vec::new();
        for locked in prepared.locks {
            match locked.action {
                Action::Write => locked.lock.commit()?,
                Action::Delete { loose } => {
                    deleted.push((locked.name, loose));
                    releases.push(locked.lock);
                }
                Action::Release => releases.push(locked.lock),
            }
        }
        if let Some(packed) = prepared.packed {
            packed.commit()?;
        }
        for (name, loose) in &deleted {
            if *loose {
                let path = store.loose_path(name.as_bytes());
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::io(path, e))
                    }
                    _ => {}
                }
            }
            let log = store.reflog_path(name.as_bytes());
            let _ = std::fs::remove_file(&log);
        }
        for lock in releases {
            lock.rollback()?;
        }
        for (name, _) in &deleted {
            let dir = store.dir_for(name.as_bytes());
            remove_empty_parents(dir, name.as_bytes());
            remove_empty_parents(&dir.join("logs"), name.as_bytes());
        }
        Ok(())
    }

    fn do_prepare(&self) -> Result<Prepared> {
        let store = self.store;
        if let Some(memory) = &store.memory {
            // no locks in memory: check now, and again (atomically) when committing
            memory.check(store, &self.edits, &self.message)?;
            return Ok(Prepared {
                locks: Vec::new(),
                packed: None,
                logs: Vec::new(),
            });
        }
        let (timeout, packed_timeout) = store.lock_timeouts();
        let head_target = match store.read_loose(&RefName::head())? {
            Some(Target::Symbolic(t)) => Some(t),
            _ => None,
        };

        // Which refs each edit touches: the chain of symbolic refs from the named ref to the
        // one written, plus HEAD when it points at the written branch.
        struct Plan<'e> {
            edit: &'e RefEdit,
            chain: Vec<RefName>,
        }
        let mut plans = Vec::with_capacity(self.edits.len());
        // git rejects a name given twice before looking at symrefs and HEAD
        let mut names: Vec<&RefName> = self.edits.iter().map(|e| &e.name).collect();
        names.sort();
        if let Some(pair) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(ref_err(pair[0], RefErrorKind::MultipleUpdates));
        }
        let mut seen: HashSet<RefName> = names.into_iter().cloned().collect();
        for edit in &self.edits {
            let mut chain = vec![edit.name.clone()];
            if !edit.no_deref {
                let mut last = edit.name.clone();
                while let Some(Target::Symbolic(next)) = store
                    .read_loose(&last)
                    .map_err(|e| broken_target(&edit.name, e))?
                {
                    if chain.len() >= store.limits().max_symref_depth {
                        return Err(ref_err(
                            &edit.name,
                            RefErrorKind::SymrefLoop {
                                limit: store.limits().max_symref_depth,
                            },
                        ));
                    }
                    if seen.contains(&next) {
                        return Err(ref_err(
                            &next,
                            RefErrorKind::MultipleUpdatesVia {
                                via: edit.name.as_bstr().into(),
                                symref: true,
                            },
                        ));
                    }
                    seen.insert(next.clone());
                    chain.push(next.clone());
                    last = next;
                }
            }
            let written = chain.last().unwrap_or(&edit.name).clone();
            let head = RefName::head();
            if matches!(
                edit.change,
                Change::Object(_) | Change::Delete | Change::Verify
            ) && head_target.as_ref() == Some(&written)
                && !chain.contains(&head)
            {
                if seen.contains(&head) {
                    return Err(ref_err(
                        &head,
                        RefErrorKind::MultipleUpdatesVia {
                            via: written.as_bstr().into(),
                            symref: false,
                        },
                    ));
                }
                seen.insert(head.clone());
                chain.insert(0, head);
            }
            if let Change::Symbolic(target) = &edit.change {
                if let Err(reason) = super::name::check_ref_format(target.as_bytes()) {
                    // git writes a symbolic ref to any well-formed name, one level or more
                    return Err(Error::Ref(RefError::new(
                        target.as_bstr(),
                        RefErrorKind::InvalidName { reason },
                    )));
                }
            }
            plans.push(Plan { edit, chain });
        }

        // every ref the transaction names or reaches, for git's "cannot process … at the same
        // time" between a ref it creates and another of its refs
        let affected: std::collections::BTreeSet<&RefName> =
            plans.iter().flat_map(|p| p.chain.iter()).collect();
        let deleting: HashSet<&RefName> = plans
            .iter()
            .filter(|p| p.edit.change == Change::Delete)
            .filter_map(|p| p.chain.last())
            .collect();

        let mut locks = Vec::new();
        let mut logs = Vec::new();
        let mut packed_needed = false;
        let mut any_delete = false;
        for plan in &plans {
            let edit = plan.edit;
            let written = plan.chain.last().unwrap_or(&edit.name);
            let message = edit.message.clone().unwrap_or_else(|| self.message.clone());
            // lock every ref of the chain; the last one is the one written
            let mut chain_locks = Vec::with_capacity(plan.chain.len());
            for name in &plan.chain {
                chain_locks.push(lock_ref(store, name, timeout)?);
            }
            // under lock: the current value
            let current = store
                .find(written)
                .map_err(|e| broken_target(&edit.name, e))?;
            let old_id = match &current {
                None => None,
                Some(r) => match &r.target {
                    Target::Object(id) => Some(*id),
                    Target::Symbolic(_) => match store.resolve(written) {
                        Ok(r) => r.and_then(|r| r.id()),
                        // a symbolic ref in a cycle, or to a damaged ref, can still be changed itself (git reads it
                        // without following it then)
                        Err(Error::Ref(RefError {
                            kind: RefErrorKind::SymrefLoop { .. } | RefErrorKind::Corrupt { .. },
                            ..
                        })) if edit.no_deref => None,
                        Err(e) => return Err(e),
                    },
                },
            };
            if let Some(want) = &edit.expected_target {
                check_old_target(
                    &edit.name,
                    written,
                    current.as_ref().map(|r| &r.target),
                    want,
                )?;
            }
            // git's check_old_oid names the ref as the caller gave it, not the end of the chain
            match (edit.expected, old_id) {
                (None, _) => {}
                (Some(e), None) if e.is_null() => {}
                (Some(e), Some(_)) if e.is_null() => {
                    return Err(ref_err(&edit.name, RefErrorKind::AlreadyExists))
                }
                (Some(_), None) if written == &edit.name => {
                    return Err(ref_err(written, RefErrorKind::Missing))
                }
                (Some(_), None) => {
                    return Err(ref_err(
                        &edit.name,
                        RefErrorKind::MissingTarget {
                            target: written.as_bstr().into(),
                        },
                    ))
                }
                (Some(e), Some(actual)) if e != actual => {
                    return Err(ref_err(
                        &edit.name,
                        RefErrorKind::Mismatch {
                            actual,
                            expected: e,
                        },
                    ))
                }
                _ => {}
            }
            let old = old_id.unwrap_or_else(ObjectId::null);
            if current.is_none() && matches!(edit.change, Change::Verify | Change::Delete) {
                // git's lock_raw_ref: a missing ref is locked as if created, so a ref below it
                // (or above it) is in the way
                check_directory_conflict(store, written, &deleting)?;
                check_conflict_within(store, written, &affected)?;
            }
            let Some(mut last_lock) = chain_locks.pop() else {
                continue;
            };
            let action = match &edit.change {
                Change::Verify => Action::Release,
                Change::Object(new) => {
                    let unchanged = matches!(current.as_ref().map(|r| &r.target), Some(Target::Object(id)) if id == new);
                    if current.is_none() {
                        check_directory_conflict(store, written, &deleting)?;
                        check_conflict_within(store, written, &affected)?;
                    }
                    if unchanged {
                        Action::Release
                    } else {
                        check_new_object(store, written, new)?;
                        write_lock(&mut last_lock, &loose::object_content(new))?;
                        logs.push(LogWrite {
                            name: written.clone(),
                            old,
                            new: *new,
                            message: message.clone(),
                            force: edit.create_reflog,
                        });
                        Action::Write
                    }
                }
                Change::Symbolic(target) => {
                    if current.is_none() {
                        check_directory_conflict(store, written, &deleting)?;
                        check_conflict_within(store, written, &affected)?;
                    }
                    write_lock(&mut last_lock, &loose::symbolic_content(target.as_bytes()))?;
                    // git logs a symref change only when the new target resolves, when it
                    // writes the log: after the edits before it in the transaction
                    let earlier = self.edits.iter().take_while(|e| !std::ptr::eq(*e, edit));
                    let pending = earlier.filter(|e| &e.name == target).last();
                    let resolved = match pending.map(|e| &e.change) {
                        Some(Change::Object(id)) => Some(*id),
                        Some(_) => None,
                        None => match store.resolve(target) {
                            Ok(Some(Resolved::Object { id, .. })) => Some(id),
                            _ => None,
                        },
                    };
                    if let Some(id) = resolved {
                        logs.push(LogWrite {
                            name: written.clone(),
                            old,
                            new: id,
                            message: message.clone(),
                            force: edit.create_reflog,
                        });
                    }
                    Action::Write
                }
                Change::Delete => {
                    any_delete = true;
                    let loose = store.read_loose(written)?.is_some();
                    if !written.is_root()
                        && store
                            .packed_refs_shared()?
                            .find(written.as_bytes())
                            .is_some()
                    {
                        packed_needed = true;
                    }
                    Action::Delete { loose }
                }
            };
            // the other refs of the chain (symrefs followed, HEAD) only get a reflog line
            // (git logs them even when the written ref already had the new value, and, as
            // git 2.47 does, for a verify too: from the value to the null id)
            let new_for_logs = match &edit.change {
                Change::Object(new) => Some(*new),
                Change::Delete | Change::Verify => Some(ObjectId::null()),
                // git logs the symbolic refs followed to it as it logs the ref made symbolic
                Change::Symbolic(_) => logs
                    .last()
                    .filter(|l| &l.name == written && action == Action::Write)
                    .map(|l| l.new),
            };
            // git closes each lock file once written (or taken): a transaction of thousands of
            // refs must not hold a descriptor per ref
            last_lock.close()?;
            for (name, mut lock) in plan.chain.iter().zip(chain_locks) {
                lock.close()?;
                if let Some(new) = new_for_logs {
                    logs.push(LogWrite {
                        name: name.clone(),
                        old,
                        new,
                        // git's ref_transaction_verify passes no message
                        message: if edit.change == Change::Verify {
                            BString::default()
                        } else {
                            message.clone()
                        },
                        force: edit.create_reflog,
                    });
                }
                locks.push(Locked {
                    name: name.clone(),
                    lock,
                    action: Action::Release,
                });
            }
            locks.push(Locked {
                name: written.clone(),
                lock: last_lock,
                action,
            });
        }

        let mut packed = None;
        if any_delete {
            let path = store.packed_refs_path();
            let mut lock = LockFile::acquire_with_timeout(&path, packed_timeout)?;
            if packed_needed {
                let mut refs = store.packed_refs()?;
                refs.refs
                    .retain(|r| !deleting.iter().any(|d| d.as_bytes() == r.name.as_slice()));
                // git peels what the old file left unsaid and writes a fully-peeled file
                refs.peel_unknown(|id| store.peel_tag(id));
                lock.write_all(&refs.serialize())
                    .map_err(|e| Error::io(lock.lock_path(), e))?;
                lock.close()?;
                packed = Some(lock);
            } else {
                lock.rollback()?;
            }
        }
        Ok(Prepared {
            locks,
            packed,
            logs,
        })
    }
}

/// git's `ref_update_check_old_target` and the checks around it in `lock_ref_for_update`:
/// `name` (as the caller gave it, `written` at the end of its chain) must be a symbolic ref to
/// `want`.
pub(super) fn check_old_target(
    name: &RefName,
    written: &RefName,
    current: Option<&Target>,
    want: &RefName,
) -> Result<()> {
    match current {
        None => Err(ref_err(written, RefErrorKind::Missing)),
        Some(Target::Symbolic(t)) if t == want => Ok(()),
        Some(Target::Symbolic(t)) => Err(ref_err(
            name,
            RefErrorKind::SymrefTargetMismatch {
                actual: t.as_bstr().into(),
                expected: want.as_bstr().into(),
            },
        )),
        Some(Target::Object(_)) => Err(ref_err(
            name,
            RefErrorKind::NotSymbolic {
                expected: want.as_bstr().into(),
            },
        )),
    }
}

/// git's `write_ref_to_lockfile`: a ref is only written with an object the repository has,
/// and a branch only with a commit.
fn check_new_object(store: &RefStore, name: &RefName, new: &ObjectId) -> Result<()> {
    match store.object_kind(new)? {
        None => Err(ref_err(name, RefErrorKind::NonexistentObject { id: *new })),
        Some(kind)
            if kind != crate::Kind::Commit && name.as_bytes().starts_with(b"refs/heads/") =>
        {
            Err(ref_err(name, RefErrorKind::NonCommitBranch { id: *new }))
        }
        Some(_) => Ok(()),
    }
}

pub(super) fn write_lock(lock: &mut LockFile, content: &[u8]) -> Result<()> {
    lock.write_all(content)
        .map_err(|e| Error::io(lock.lock_path(), e))?;
    Ok(lock.close()?)
}

/// Takes `<ref>.lock`, creating parent directories and clearing an empty directory tree that
/// sits where the ref file goes.
pub(super) fn lock_ref(
    store: &RefStore,
    name: &RefName,
    timeout: std::time::Duration,
) -> Result<LockFile> {
    let path = store.loose_path(name.as_bytes());
    if path.is_dir() && !remove_empty_dir_tree(&path) {
        // the first ref below it, loose (lock files aside) or packed, as git's merged iteration
        let mut dir = name.as_bytes().to_vec();
        dir.push(b'/');
        let packed = store.packed_refs_shared()?;
        let packed_below = packed.with_prefix(&dir).next().map(|r| r.name.clone());
        let loose_below = first_ref_below(store, name, &HashSet::new());
        let existing = match (loose_below, packed_below) {
            (Some(l), Some(p)) => l.min(p),
            (l, p) => l.or(p).unwrap_or_else(|| name.as_bstr().into()),
        };
        return Err(ref_err(name, RefErrorKind::DirectoryConflict { existing }));
    }
    let mut attempts = 0;
    loop {
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                // a file where a directory should be: an existing ref refs/heads/a for refs/heads/a/b
                let existing = (1..)
                    .map_while(|n| {
                        let prefix = name::rstrip_components(name.as_bytes(), n);
                        (!prefix.is_empty()).then_some(prefix)
                    })
                    .find(|p| store.loose_path(p).is_file())
                    .map(BString::from);
                return match existing {
                    Some(existing) => {
                        Err(ref_err(name, RefErrorKind::DirectoryConflict { existing }))
                    }
                    None => Err(Error::io(parent, e)),
                };
            }
        }
        match LockFile::acquire_with_timeout(&path, timeout) {
            Ok(lock) => return Ok(lock),
            // a concurrent deletion removed the (empty) parent directory: try again
            Err(LockError {
                kind: LockErrorKind::Create,
                source,
                ..
            }) if source.kind() == std::io::ErrorKind::NotFound && attempts < 3 => {
                attempts += 1;
            }
            Err(LockError {
                kind: LockErrorKind::Create,
                path,
                source,
            }) => {
                return Err(ref_err(
                    name,
                    RefErrorKind::Locked {
                        lock_path: path,
                        error: source.kind(),
                        os_error: source.raw_os_error(),
                    },
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
}
