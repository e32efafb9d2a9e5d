//! Every worktree's roots, as git's fsck takes them (git's `get_worktrees`): the main worktree
//! first, then each linked one under `<common dir>/worktrees/<id>/` in directory order (one
//! whose `gitdir` file is missing or empty is no worktree). Each worktree gives its `HEAD`
//! (checked as git's `fsck_head_link` checks it), its reflogs and its index.
//!
//! A per-worktree ref of a worktree other than the current one is named as git names it
//! (`worktrees/<id>/HEAD`, `main-worktree/HEAD`); another worktree's index entries are named
//! `<index path>:<path>`. A linked worktree's reflogs are its own, then the common directory's
//! shared ones again (git's worktree ref store merges both), so a bad entry in a shared reflog
//! is reported once per worktree, as git does.

use super::connect::{handle_ref, mark, name_object};
use super::run::{ErrorClass, Finding, State};
use crate::error::Result;
use crate::oid::ObjectId;
use crate::refs::{is_per_worktree, RefName, RefStore, ReflogEntry};
use bstr::{BString, ByteSlice};
use std::path::{Path, PathBuf};

/// One worktree, as fsck sees it.
pub(super) struct Worktree {
    /// Its git directory (the common directory for the main worktree).
    pub(super) git_dir: PathBuf,
    /// Its id under `worktrees/`; `None` for the main worktree.
    pub(super) id: Option<BString>,
    /// It is the worktree fsck runs in.
    pub(super) is_current: bool,
}

impl Worktree {
    /// git's `strbuf_worktree_ref`: a per-worktree ref of another worktree, prefixed.
    pub(super) fn ref_name(&self, name: &[u8]) -> BString {
        let mut out = BString::default();
        if is_per_worktree(name) && !self.is_current {
            match &self.id {
                None => out.extend_from_slice(b"main-worktree/"),
                Some(id) => {
                    out.extend_from_slice(b"worktrees/");
                    out.extend_from_slice(id);
                    out.push(b'/');
                }
            }
        }
        out.extend_from_slice(name);
        out
    }

    /// Its index file.
    pub(super) fn index(&self) -> PathBuf {
        self.git_dir.join("index")
    }
}

/// The worktrees of the repository fsck checks, main first.
pub(super) fn worktrees(state: &State<'_>) -> Vec<Worktree> {
    let repo = state.repo;
    let common = repo.common_dir();
    let current = canonical(repo.git_dir());
    let mut out = vec![Worktree {
        git_dir: common.to_path_buf(),
        id: None,
        is_current: canonical(common) == current,
    }];
    let Ok(entries) = std::fs::read_dir(common.join("worktrees")) else {
        return out;
    };
    for entry in entries.flatten() {
        let git_dir = entry.path();
        let has_gitdir = std::fs::metadata(git_dir.join("gitdir")).is_ok_and(|m| m.len() > 0);
        if !has_gitdir {
            continue;
        }
        out.push(Worktree {
            is_current: canonical(&git_dir) == current,
            id: Some(BString::from(entry.file_name().as_encoded_bytes())),
            git_dir,
        });
    }
    out
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Each worktree's `HEAD` and reflogs as roots, in git's order.
pub(super) fn heads(
    state: &mut State<'_>,
    default_refs: &mut usize,
    pending: &mut Vec<ObjectId>,
) -> Result<()> {
    for wt in worktrees(state) {
        let repo = state.repo;
        let own;
        let store = if wt.is_current {
            repo.refs()
        } else {
            let (config, limits) = (repo.config().clone(), *repo.limits());
            own = RefStore::for_worktree(&wt.git_dir, repo.common_dir(), config, limits)?;
            &own
        };
        head(state, store, &wt, default_refs, pending);
        for (name, log) in reflogs(store) {
            let name = wt.ref_name(&name);
            for entry in log {
                reflog_id(state, &name, entry.old, 0, pending);
                let time = entry.committer.time;
                reflog_id(state, &name, entry.new, time, pending);
            }
        }
    }
    Ok(())
}

/// git's `fsck_head_link`, then `HEAD` as a root when it points at something.
fn head(
    state: &mut State<'_>,
    refs: &RefStore,
    wt: &Worktree,
    default_refs: &mut usize,
    pending: &mut Vec<ObjectId>,
) {
    let head = wt.ref_name(b"HEAD");
    let resolved = RefName::new("HEAD")
        .ok()
        .and_then(|n| refs.resolve(&n).ok().flatten());
    let Some(resolved) = resolved else {
        state.error(ErrorClass::Refs, Finding::InvalidHead { head });
        return;
    };
    let name = resolved.name().as_bytes();
    let detached = name == b"HEAD";
    if !detached && !name.starts_with(b"refs/heads/") {
        // git goes on to check what it points at
        let target = BString::from(name);
        state.error(ErrorClass::Refs, Finding::HeadStrange { head, target });
        if let Some(id) = resolved.id().filter(|id| !id.is_null()) {
            handle_ref(state, &wt.ref_name(b"HEAD"), id, default_refs, pending);
        }
        return;
    }
    match resolved.id() {
        Some(id) if !id.is_null() => handle_ref(state, &head, id, default_refs, pending),
        _ if detached => state.error(ErrorClass::Refs, Finding::InvalidHead { head }),
        _ => {
            let branch = BString::from(&name[11..]);
            state.push(Finding::HeadUnborn { head, branch });
        }
    }
}

fn reflog_id(
    state: &mut State<'_>,
    name: &[u8],
    id: ObjectId,
    time: i64,
    pending: &mut Vec<ObjectId>,
) {
    if id.is_null() {
        return;
    }
    if !state.nodes.get(&id).is_some_and(|n| n.has) {
        state.error(
            ErrorClass::Reachable,
            Finding::InvalidReflogEntry {
                name: BString::from(name),
                id,
            },
        );
        return;
    }
    if time != 0 {
        name_object(state, id, format!("{}@{{{time}}}", name.as_bstr()).into());
    }
    state.node(id).used = true;
    mark(state, id, pending);
}

/// The reflogs a worktree's ref store lists: `logs/HEAD` and the files under `logs/refs/` of
/// its git directory, by name; for a linked worktree then the common directory's shared ones.
fn reflogs(refs: &RefStore) -> Vec<(BString, Vec<ReflogEntry>)> {
    let mut names = log_names(refs.git_dir(), |_| true);
    if refs.git_dir() != refs.common_dir() {
        names.extend(log_names(refs.common_dir(), |n| !is_per_worktree(n)));
    }
    names
        .into_iter()
        .filter_map(|n| {
            let name = RefName::new(n.clone()).ok()?;
            Some((n, refs.reflog(&name).ok()?))
        })
        .collect()
}

/// `HEAD` (when `dir/logs/HEAD` is a file and `keep` takes it), then the sorted names of the
/// files under `dir/logs/refs/` that `keep` takes.
fn log_names(dir: &Path, keep: impl Fn(&[u8]) -> bool) -> Vec<BString> {
    let logs = dir.join("logs");
    let mut names = Vec::new();
    let mut stack = vec![(logs.join("refs"), BString::from("refs"))];
    while let Some((dir, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let mut name = prefix.clone();
            name.push(b'/');
            name.extend_from_slice(e.file_name().as_encoded_bytes());
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push((e.path(), name)),
                Ok(t) if t.is_file() && keep(&name) => names.push(name),
                _ => {}
            }
        }
    }
    names.sort();
    if logs.join("HEAD").is_file() && keep(b"HEAD") {
        names.insert(0, BString::from("HEAD"));
    }
    names
}
