//! Connectivity, as git's `fsck` checks it after the objects: the roots (each ref in name
//! order, `HEAD`, every reflog entry, or the objects the caller names), a mark traversal from
//! them (each object read once; links followed in git's stack order, so that broken links and
//! names come out as git prints them), then every known object judged in the order of git's
//! object hash table: missing, dangling, unreachable.
//!
//! git's table is open addressing over the first four bytes of the id (little-endian), doubled
//! from 32 slots whenever half full; objects are listed by slot. Its lookups also move an object
//! found past its first slot back there, which this emulation does not replay: when two listed
//! objects collide, the order may differ from git's.

use super::links::{links, Link};
use super::progress::Phase;
use super::run::{ErrorClass, Finding, State};
use crate::error::Result;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::pack::rev_index::{check_rev_index_file, RevIndexCheck};
use crate::refs::Target;
use bstr::{BString, ByteSlice};

/// Marks the roots: the caller's objects, or every ref, `HEAD` and the reflogs; then the
/// index (without objects from the caller, or with [`FsckOptions::cache`]), and traverses.
/// `false` when the index cannot be read: git stops there.
///
/// [`FsckOptions::cache`]: super::FsckOptions::cache
pub(super) fn roots(state: &mut State<'_>) -> Result<bool> {
    let mut pending = Vec::new();
    let heads = &state.options.heads;
    for (id, name) in heads {
        if !state.nodes.get(id).is_some_and(|n| n.has) {
            state.error(ErrorClass::Object, Finding::HeadMissing { id: *id });
            continue;
        }
        state.node(*id).used = true;
        name_object(state, *id, name.clone());
        mark(state, *id, &mut pending);
    }
    if heads.is_empty() {
        default_heads(state, &mut pending)?;
    }
    if (heads.is_empty() || state.options.cache) && !super::index::roots(state, &mut pending) {
        return Ok(false);
    }
    rev_indexes(state);
    traverse(state, pending);
    Ok(true)
}

/// git's `check_pack_rev_indexes`: each pack's `.rev`, when it has one.
fn rev_indexes(state: &mut State<'_>) {
    let packs = state.repo.odb().packs();
    let total = packs.len() as u64;
    for (pack, done) in packs.iter().zip(1..) {
        let check = check_rev_index_file(pack.index(), pack.pack_path());
        if matches!(
            check,
            RevIndexCheck::Unloadable(_) | RevIndexCheck::Damaged(_)
        ) {
            let pack = pack.pack_path().to_path_buf();
            state.error(ErrorClass::RevIndex, Finding::RevIndex { pack, check });
        }
        state.progress.update(Phase::ReverseIndexes, done, total);
    }
    state.progress.finish(Phase::ReverseIndexes);
}

/// git's `get_default_heads`: every ref, then each worktree's `HEAD` and reflog entries.
fn default_heads(state: &mut State<'_>, pending: &mut Vec<ObjectId>) -> Result<()> {
    let refs = state.repo.refs();
    let mut default_refs = 0usize;
    // git's `for_each_rawref`: broken refs too, in name order; a symbolic ref stands for what
    // it resolves to, and one that resolves to nothing (like a bad name or a damaged file)
    // for the null id, which no object has
    let list = refs.list(b"")?;
    let mut all: Vec<(&[u8], ObjectId)> = Vec::new();
    for r in &list.refs {
        let id = match &r.target {
            Target::Object(id) => Some(*id),
            Target::Symbolic(_) => refs.resolve(&r.name).ok().flatten().and_then(|x| x.id()),
        };
        all.push((r.name.as_bytes(), id.unwrap_or(ObjectId::null())));
    }
    for b in &list.broken {
        all.push((b.name.as_slice(), ObjectId::null()));
    }
    all.sort_by(|a, b| a.0.cmp(b.0));
    for (name, id) in all {
        handle_ref(state, name, id, &mut default_refs, pending);
    }
    super::worktrees::heads(state, &mut default_refs, pending)?;
    if default_refs == 0 {
        state.push(Finding::NoDefaultReferences);
    }
    Ok(())
}

pub(super) fn handle_ref(
    state: &mut State<'_>,
    name: &[u8],
    id: ObjectId,
    default_refs: &mut usize,
    pending: &mut Vec<ObjectId>,
) {
    let kind = match state.nodes.get(&id) {
        Some(n) if n.has => n.kind.or_else(|| {
            state
                .repo
                .odb()
                .try_read_header(&id)
                .ok()
                .flatten()
                .map(|h| h.kind)
        }),
        _ => None,
    };
    let Some(kind) = kind else {
        if let Some(failure) = state.unparsable.get(&id).cloned() {
            state.push(Finding::ParseError { id, failure });
        }
        state.error(
            ErrorClass::Reachable,
            Finding::InvalidRefPointer {
                name: BString::from(name),
                id,
            },
        );
        return;
    };
    if kind != Kind::Commit && (name.starts_with(b"refs/heads/") || name == b"HEAD") {
        state.error(
            ErrorClass::Refs,
            Finding::NotACommit {
                name: BString::from(name),
            },
        );
    }
    *default_refs += 1;
    state.node(id).used = true;
    name_object(state, id, BString::from(name));
    mark(state, id, pending);
}

pub(super) fn name_object(state: &mut State<'_>, id: ObjectId, name: BString) {
    if state.options.name_objects {
        state.report.names.entry(id).or_insert(name);
    }
}

/// git's `mark_object` for a root: reachable, and queued if present.
pub(super) fn mark(state: &mut State<'_>, id: ObjectId, pending: &mut Vec<ObjectId>) {
    let n = state.node(id);
    if n.reachable {
        return;
    }
    n.reachable = true;
    if n.has {
        pending.push(id);
    }
}

/// The links of a present object, read now if the object phase did not (connectivity only).
fn links_of(state: &mut State<'_>, id: ObjectId) -> Vec<Link> {
    let odb = state.repo.odb();
    let kind = match state.nodes.get(&id).and_then(|n| n.kind) {
        Some(kind) => Some(kind),
        None => odb.try_read_header(&id).ok().flatten().map(|h| h.kind),
    };
    if let Some(kind) = kind {
        state.node(id).kind = Some(kind);
    }
    if matches!(kind, None | Some(Kind::Blob)) {
        return Vec::new();
    }
    let mut data = Vec::new();
    match odb.try_read(&id, &mut data) {
        Ok(Some(kind)) => links(kind, &data),
        _ => Vec::new(),
    }
}

fn traverse(state: &mut State<'_>, mut pending: Vec<ObjectId>) {
    let mut done = 0u64;
    while let Some(id) = pending.pop() {
        done += 1;
        state.progress.update(Phase::Connectivity, done, 0);
        let l = links_of(state, id);
        let name = state.report.names.get(&id).cloned();
        let kind = state.nodes.get(&id).and_then(|n| n.kind);
        let mut counter = 0usize;
        let parents = l.iter().filter(|k| k.kind == Some(Kind::Commit)).count();
        let (prefix, generation) = name
            .as_ref()
            .filter(|_| kind == Some(Kind::Commit) && parents > 0)
            .map(generation_of)
            .unwrap_or_default();
        for link in l {
            if let Some(name) = &name {
                let child = match (kind, link.kind) {
                    (Some(Kind::Commit), Some(Kind::Tree)) => format!("{name}:").into(),
                    (Some(Kind::Commit), _) => {
                        counter += 1;
                        if counter > 1 {
                            format!("{name}^{counter}").into()
                        } else if generation > 0 {
                            format!("{}~{}", prefix, generation + 1).into()
                        } else {
                            format!("{name}^").into()
                        }
                    }
                    (Some(Kind::Tree), Some(Kind::Tree)) => format!("{name}{}/", link.name).into(),
                    (Some(Kind::Tree), _) => format!("{name}{}", link.name).into(),
                    _ => name.clone(),
                };
                name_object(state, link.id, child);
            }
            let n = state.node(link.id);
            if n.kind.is_none() {
                n.kind = link.kind;
            }
            if n.reachable {
                continue;
            }
            n.reachable = true;
            if n.has {
                pending.push(link.id);
            } else if !state.repo.odb().contains(&link.id).unwrap_or(false) {
                state.report.errors.insert(ErrorClass::Reachable);
                state.push(Finding::BrokenLink {
                    from: id,
                    from_kind: kind,
                    to: link.id,
                    to_kind: link.kind,
                });
            }
        }
    }
    state.progress.finish(Phase::Connectivity);
}

/// How git names a commit's first parent: `X~2` → (`X`, 2), `X^` → (`X`, 1), else (`X`, 0).
fn generation_of(name: &BString) -> (BString, usize) {
    if let Some(p) = name.strip_suffix(b"^") {
        return (BString::from(p), 1);
    }
    let digits = name.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let (head, tail) = name.split_at(name.len() - digits);
    if digits > 0 {
        if let Some(p) = head.strip_suffix(b"~") {
            let g = tail.to_str().ok().and_then(|t| t.parse().ok()).unwrap_or(0);
            return (BString::from(p), g);
        }
    }
    (name.clone(), 0)
}

/// git's `check_connectivity` after the traversal: every object judged in hash-table order.
pub(super) fn connectivity(state: &mut State<'_>) {
    if state.options.connectivity_only {
        // git parses the unreachable objects now so that what they point to is not dangling
        let unreached: Vec<ObjectId> = state
            .nodes
            .iter()
            .filter(|(_, n)| n.has && !n.reachable)
            .map(|(id, _)| *id)
            .collect();
        for id in unreached {
            for link in links_of(state, id) {
                let n = state.node(link.id);
                n.used = true;
                if n.kind.is_none() {
                    n.kind = link.kind;
                }
            }
        }
    }
    let mut ids: Vec<(ObjectId, usize)> =
        state.nodes.iter().map(|(id, n)| (*id, n.order)).collect();
    let size = table_size(ids.len());
    ids.sort_by_key(|(id, order)| (slot(id, size), *order));
    for (id, _) in ids {
        let Some(n) = state.nodes.get(&id) else {
            continue;
        };
        let kind = n.kind;
        if n.reachable {
            if !n.has {
                state.report.errors.insert(ErrorClass::Reachable);
                state.push(Finding::Missing { id, kind });
            }
        } else if n.has {
            if state.options.unreachable && !no_refs(state) {
                state.push(Finding::Unreachable { id, kind });
            } else if !n.used && state.options.dangling {
                state.push(Finding::Dangling { id, kind });
            }
        }
    }
}

fn no_refs(state: &State<'_>) -> bool {
    state
        .report
        .findings
        .iter()
        .any(|f| matches!(f, Finding::NoDefaultReferences))
}

/// The size of git's object hash table holding `n` objects: it doubles from 32 whenever it
/// would be half full.
fn table_size(n: usize) -> usize {
    let mut size = 32usize;
    while size - 1 <= n.saturating_sub(1) * 2 {
        size *= 2;
    }
    size
}

/// The slot git's hash table gives an id: its first four bytes, little-endian, masked.
fn slot(id: &ObjectId, size: usize) -> usize {
    let b = id.as_bytes();
    let mut four = [0u8; 4];
    for (d, s) in four.iter_mut().zip(b.iter()) {
        *d = *s;
    }
    u32::from_le_bytes(four) as usize & (size - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_size_doubles_at_half_full() {
        assert_eq!(table_size(1), 32);
        assert_eq!(table_size(16), 32);
        assert_eq!(table_size(17), 64);
    }

    #[test]
    fn generation_names() {
        assert_eq!(generation_of(&"HEAD~2".into()), ("HEAD".into(), 2));
        assert_eq!(generation_of(&"HEAD^".into()), ("HEAD".into(), 1));
        assert_eq!(generation_of(&"HEAD^2".into()), ("HEAD^2".into(), 0));
    }
}
