//! Refs held in memory: the ref backend of an in-memory repository
//! ([`RefStore::in_memory`], [`Repository::in_memory`](crate::Repository::in_memory)).
//!
//! The refs and their reflogs live in maps behind one mutex. A [`Transaction`](super::Transaction)
//! on such a store checks every expected value and applies every edit under that mutex, so it
//! is all-or-nothing and compare-and-swap as the files backend is, without lock files. What it
//! checks and logs follows the files backend: symbolic refs are followed (unless `no_deref`),
//! `HEAD` is logged with the branch it points at, the new value must exist and a branch must
//! point at a commit, reflogs are created as `core.logAllRefUpdates` says. Not supported in
//! memory: renaming refs ([`RefStore::rename`]) and reflog entries for symbolic-ref updates.

use super::reflog::{normalize_message, ReflogEntry};
use super::transaction::{Change, RefEdit};
use super::{Error, Result};
use super::{RefError, RefErrorKind, RefName, RefStore, Target};
use crate::object::Signature;
use crate::oid::ObjectId;
use bstr::BString;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// The refs and reflogs of an in-memory store.
#[derive(Debug, Default)]
pub(crate) struct MemoryRefs {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    refs: BTreeMap<RefName, Target>,
    logs: BTreeMap<RefName, Vec<ReflogEntry>>,
}

/// What one edit does once checked.
struct Step {
    name: RefName,
    write: Option<Target>,
    delete: bool,
}

/// A reflog entry to append, its committer still to be found.
struct PendingLog {
    name: RefName,
    old: ObjectId,
    new: ObjectId,
    message: BString,
}

fn ref_err(name: &RefName, kind: RefErrorKind) -> Error {
    Error::Ref(RefError::new(name.as_bstr(), kind))
}

impl MemoryRefs {
    /// Refs with `HEAD` pointing at `refs/heads/<branch>` (unborn).
    pub(crate) fn new(initial_branch: &RefName) -> MemoryRefs {
        let refs = MemoryRefs::default();
        refs.lock()
            .refs
            .insert(RefName::head(), Target::Symbolic(initial_branch.clone()));
        refs
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What `name` holds, without following symbolic refs.
    pub(crate) fn get(&self, name: &RefName) -> Option<Target> {
        self.lock().refs.get(name).cloned()
    }

    /// Every ref, sorted by name.
    pub(crate) fn all(&self) -> Vec<(RefName, Target)> {
        let state = self.lock();
        state
            .refs
            .iter()
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect()
    }

    /// The reflog of `name`, oldest first (`None` when it has none).
    pub(crate) fn reflog(&self, name: &RefName) -> Option<Vec<ReflogEntry>> {
        self.lock().logs.get(name).cloned()
    }

    /// Checks `edits` as a transaction would, changing nothing.
    pub(crate) fn check(
        &self,
        store: &RefStore,
        edits: &[RefEdit],
        message: &BString,
    ) -> Result<()> {
        let state = self.lock();
        plan(&state, store, edits, message).map(drop)
    }

    /// Checks and applies `edits` at once, appending reflog entries by `committer` (asked for
    /// only when there is an entry to write).
    pub(crate) fn commit(
        &self,
        store: &RefStore,
        edits: &[RefEdit],
        message: &BString,
        committer: impl FnOnce() -> Result<Signature>,
    ) -> Result<()> {
        let mut state = self.lock();
        let (steps, logs) = plan(&state, store, edits, message)?;
        let committer = match logs.is_empty() {
            true => None,
            false => Some(committer()?),
        };
        for step in steps {
            if step.delete {
                state.refs.remove(&step.name);
                state.logs.remove(&step.name);
            } else if let Some(target) = step.write {
                state.refs.insert(step.name, target);
            }
        }
        if let Some(committer) = committer {
            for log in logs {
                state.logs.entry(log.name).or_default().push(ReflogEntry {
                    old: log.old,
                    new: log.new,
                    committer: committer.clone(),
                    message: log.message,
                });
            }
        }
        Ok(())
    }
}

/// Checks every edit against `state` and says what to write and log.
fn plan(
    state: &State,
    store: &RefStore,
    edits: &[RefEdit],
    default_message: &BString,
) -> Result<(Vec<Step>, Vec<PendingLog>)> {
    let mut names: Vec<&RefName> = edits.iter().map(|e| &e.name).collect();
    names.sort();
    if let Some(pair) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(ref_err(pair[0], RefErrorKind::MultipleUpdates));
    }
    let limit = store.limits().max_symref_depth;
    let head = RefName::head();
    let head_target = match state.refs.get(&head) {
        Some(Target::Symbolic(t)) => Some(t.clone()),
        _ => None,
    };
    let mut written: Vec<RefName> = Vec::new();
    let mut steps = Vec::new();
    let mut logs = Vec::new();
    for edit in edits {
        let mut chain = vec![edit.name.clone()];
        let symbolic_change = matches!(edit.change, Change::Symbolic(_));
        if !edit.no_deref && !symbolic_change {
            while let Some(Target::Symbolic(next)) = chain.last().and_then(|n| state.refs.get(n)) {
                if chain.len() >= limit || chain.contains(next) {
                    return Err(ref_err(&edit.name, RefErrorKind::SymrefLoop { limit }));
                }
                chain.push(next.clone());
            }
        }
        let last = chain.last().unwrap_or(&edit.name).clone();
        if written.contains(&last) {
            return Err(ref_err(
                &last,
                RefErrorKind::MultipleUpdatesVia {
                    via: edit.name.as_bstr().into(),
                    symref: true,
                },
            ));
        }
        written.push(last.clone());
        let current = state.refs.get(&last);
        if let Some(want) = &edit.expected_target {
            super::transaction::check_old_target(&edit.name, &last, current, want)?;
        }
        let current_id = match current {
            Some(Target::Object(id)) => Some(*id),
            _ => None,
        };
        match edit.expected {
            None => {}
            Some(want) if want.is_null() && current.is_some() => {
                return Err(ref_err(&last, RefErrorKind::AlreadyExists));
            }
            Some(want) if want.is_null() => {}
            Some(want) => match current_id {
                Some(actual) if actual == want => {}
                Some(actual) => {
                    return Err(ref_err(
                        &last,
                        RefErrorKind::Mismatch {
                            actual,
                            expected: want,
                        },
                    ))
                }
                None if chain.len() > 1 => {
                    return Err(ref_err(
                        &edit.name,
                        RefErrorKind::MissingTarget {
                            target: last.as_bstr().into(),
                        },
                    ))
                }
                None => return Err(ref_err(&last, RefErrorKind::Missing)),
            },
        }
        let message = edit.message.as_ref().unwrap_or(default_message);
        match &edit.change {
            Change::Object(new) => {
                match store.object_kind(new)? {
                    None => {
                        return Err(ref_err(&last, RefErrorKind::NonexistentObject { id: *new }))
                    }
                    Some(kind)
                        if kind != crate::Kind::Commit
                            && last.as_bytes().starts_with(b"refs/heads/") =>
                    {
                        return Err(ref_err(&last, RefErrorKind::NonCommitBranch { id: *new }))
                    }
                    Some(_) => {}
                }
                // the refs of the chain, and HEAD when it is on the branch written
                let mut logged = chain.clone();
                if head_target.as_ref() == Some(&last) && !logged.contains(&head) {
                    logged.insert(0, head.clone());
                }
                for name in logged {
                    let wanted = state.logs.contains_key(&name)
                        || edit.create_reflog
                        || store.should_autocreate_reflog(name.as_bytes());
                    if wanted {
                        logs.push(PendingLog {
                            name,
                            old: current_id.unwrap_or(ObjectId::null()),
                            new: *new,
                            message: normalize_message(message),
                        });
                    }
                }
                steps.push(Step {
                    name: last,
                    write: Some(Target::Object(*new)),
                    delete: false,
                });
            }
            Change::Symbolic(target) => {
                if let Err(reason) = super::name::check_ref_format(target.as_bytes()) {
                    // git writes a symbolic ref to any well-formed name, one level or more
                    return Err(Error::Ref(RefError::new(
                        target.as_bstr(),
                        RefErrorKind::InvalidName { reason },
                    )));
                }
                steps.push(Step {
                    name: last,
                    write: Some(Target::Symbolic(target.clone())),
                    delete: false,
                });
            }
            Change::Delete => steps.push(Step {
                name: last,
                write: None,
                delete: true,
            }),
            Change::Verify => {}
        }
    }
    Ok((steps, logs))
}
