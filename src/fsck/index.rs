//! The indexes as roots, as git's `fsck_index` takes them after the refs, one per worktree
//! (`<git dir>/index`, `<common dir>/worktrees/<id>/index`): every staged blob (submodule
//! commits excepted) is reachable and named `:<path>` (`<index path>:<path>` for another
//! worktree's index), every valid cache-tree tree
//! is reachable and named `:`, and every regular-file stage of a resolve-undo record is
//! reachable and named `:(<stage>):<path>`. A cache-tree or resolve-undo id that cannot be read
//! is a ref error; an index that cannot be read stops the check, as git dies on it.

use super::connect::{mark, name_object};
use super::run::{ErrorClass, Finding, State};
use super::worktrees::worktrees;
use crate::index_file::{parse, CacheTree, Index, IndexError};
use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::BString;
use std::path::Path;

/// Marks what every worktree's index names (main first, as git's `get_worktrees` lists them);
/// `false` when an index cannot be read (a [`Finding::BadIndex`] was reported and git would
/// stop).
pub(super) fn roots(state: &mut State<'_>, pending: &mut Vec<ObjectId>) -> bool {
    for wt in worktrees(state) {
        // the current worktree's entries are named `:<path>`, another's `<index>:<path>`
        let prefix = if wt.is_current {
            BString::default()
        } else {
            shown_path(state, &wt.index())
        };
        if !index_roots(state, &wt.index(), &prefix, pending) {
            return false;
        }
    }
    true
}

/// `path` as names spell it: under [`FsckOptions::shown_common_dir`] when it is given.
///
/// [`FsckOptions::shown_common_dir`]: super::FsckOptions::shown_common_dir
fn shown_path(state: &State<'_>, path: &Path) -> BString {
    let shown = state.options.shown_common_dir.as_ref().and_then(|dir| {
        let rest = path.strip_prefix(state.repo.common_dir()).ok()?;
        Some(dir.join(rest))
    });
    let shown = shown.as_deref().unwrap_or(path);
    BString::from(shown.as_os_str().as_encoded_bytes())
}

/// One index as a root (git's `fsck_index`), its entries named `<prefix>:<path>`.
fn index_roots(
    state: &mut State<'_>,
    path: &Path,
    prefix: &[u8],
    pending: &mut Vec<ObjectId>,
) -> bool {
    let path = path.to_path_buf();
    let limits = state.repo.limits();
    let index = match read(&path, limits) {
        Ok(Some(index)) => index,
        Ok(None) => return true,
        Err(error) => {
            state.error(ErrorClass::Object, Finding::BadIndex { path, error });
            return false;
        }
    };
    for warning in &index.warnings {
        let warning = warning.clone();
        let path = path.clone();
        state.push(Finding::IndexWarning { path, warning });
    }
    let mut entries = Vec::new();
    if let Some(shared) = index.shared_index {
        // a split index: the shared part's entries count too (those it replaces or deletes
        // are roots here as well, where git drops them)
        let dir = path.parent().unwrap_or(Path::new("."));
        let shared = dir.join(format!("sharedindex.{shared}"));
        if let Ok(Some(shared)) = read(&shared, limits) {
            entries.extend(shared.entries);
        }
    }
    entries.extend(index.entries.iter().cloned());
    for entry in entries.iter().filter(|e| !e.is_gitlink()) {
        if let Some(kind) = state.nodes.get(&entry.id).and_then(|n| n.kind) {
            if kind != Kind::Blob {
                // git's `lookup_blob` refuses an object it knows as another kind
                let id = entry.id;
                state.push(Finding::IndexWrongKind { id, kind });
                continue;
            }
        }
        let n = state.node(entry.id);
        n.used = true;
        n.kind = Some(Kind::Blob);
        let mut name = BString::from(prefix);
        name.push(b':');
        name.extend_from_slice(&entry.path);
        name_object(state, entry.id, name);
        mark(state, entry.id, pending);
    }
    if let Some(tree) = &index.cache_tree {
        cache_tree(state, tree, &path, pending);
    }
    resolve_undo(state, &index, &path, pending);
    true
}

fn read(path: &Path, limits: &crate::Limits) -> Result<Option<Index>, IndexError> {
    match crate::file::read(path) {
        Ok(bytes) => parse(&bytes, true, limits).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        // git's open would fail and it would die; the closest reason it gives
        Err(_) => Err(IndexError::TooSmall),
    }
}

/// Whether git's `parse_object` would return the object: it is present and readable.
fn present(state: &State<'_>, id: &ObjectId) -> Option<Option<Kind>> {
    match state.nodes.get(id) {
        Some(n) if n.has => Some(n.kind),
        _ if state.unparsable.contains_key(id) => None,
        _ => {
            let header = state.repo.odb().try_read_header(id).ok().flatten()?;
            Some(Some(header.kind))
        }
    }
}

fn cache_tree(state: &mut State<'_>, tree: &CacheTree, path: &Path, pending: &mut Vec<ObjectId>) {
    if let Some(id) = tree.id {
        let Some(kind) = present(state, &id) else {
            let index = path.to_path_buf();
            state.error(
                ErrorClass::Refs,
                Finding::InvalidCacheTreePointer { id, index },
            );
            return;
        };
        let n = state.node(id);
        n.used = true;
        // git's parse_object knows the kind even of an object it only pretends to have (the
        // empty tree)
        n.kind = n.kind.or(kind);
        name_object(state, id, BString::from(":"));
        mark(state, id, pending);
        if let Some(kind) = kind.filter(|k| *k != Kind::Tree) {
            state.error(ErrorClass::Object, Finding::NonTreeInCacheTree { id, kind });
        }
    }
    for sub in &tree.subtrees {
        cache_tree(state, sub, path, pending);
    }
}

fn resolve_undo(state: &mut State<'_>, index: &Index, path: &Path, pending: &mut Vec<ObjectId>) {
    for record in &index.resolve_undo {
        for (stage, found) in record.stages.iter().enumerate() {
            let Some((mode, id)) = *found else {
                continue;
            };
            if mode & 0o170000 != 0o100000 {
                continue;
            }
            if present(state, &id).is_none() {
                let index = path.to_path_buf();
                state.error(
                    ErrorClass::Refs,
                    Finding::InvalidResolveUndoPointer { id, index },
                );
                continue;
            }
            state.node(id).used = true;
            let mut name = BString::from(format!(":({stage}):"));
            name.extend_from_slice(&record.path);
            name_object(state, id, name);
            mark(state, id, pending);
        }
    }
}
