//! Exact renames: a deleted entry and an added one naming the same object become one
//! [`Change::Renamed`], chosen as git's `diffcore-rename` chooses (`find_exact_renames`).

use super::{Change, Side};
use crate::oid::ObjectId;
use std::collections::HashMap;

/// How many equally good sources git looks at for one destination before taking the best so far.
const MAX_CANDIDATES: usize = 100;

/// `changes` (in git's order) with exact renames paired: each added entry, in order, takes
/// the first unused deleted entry with the same id whose mode fits (both regular files, or
/// the same mode), preferring one with the same file name; the pair takes the added entry's
/// place and the deleted entry goes.
///
/// ```
/// use gitstore::diff::{pair_exact_renames, Change, Side};
/// use gitstore::object::EntryMode;
/// use gitstore::ObjectId;
///
/// let side = Side { mode: EntryMode::BLOB, id: ObjectId::from_raw([7; 20]) };
/// let changes = vec![
///     Change::Deleted { path: "a/x".into(), old: side },
///     Change::Deleted { path: "b/name".into(), old: side },
///     Change::Added { path: "c/name".into(), new: side },
/// ];
/// let paired = pair_exact_renames(changes);
/// assert!(matches!(&paired[..], [
///     Change::Deleted { path: a, .. },
///     Change::Renamed { source, path, .. },
/// ] if a == "a/x" && source == "b/name" && path == "c/name"));
/// ```
pub fn pair_exact_renames(changes: Vec<Change>) -> Vec<Change> {
    let mut sources: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (i, change) in changes.iter().enumerate() {
        if let Change::Deleted { old, .. } = change {
            sources.entry(old.id).or_default().push(i);
        }
    }
    if sources.is_empty() {
        return changes;
    }
    let mut used = vec![false; changes.len()];
    let mut source_of: HashMap<usize, usize> = HashMap::new();
    for (i, change) in changes.iter().enumerate() {
        let Change::Added { path, new } = change else {
            continue;
        };
        let Some(candidates) = sources.get(&new.id) else {
            continue;
        };
        let mut best: Option<(usize, u8)> = None;
        let mut left = MAX_CANDIDATES;
        for &s in candidates {
            let Some(Change::Deleted {
                path: old_path,
                old,
            }) = changes.get(s)
            else {
                continue;
            };
            if !modes_fit(old, new) || used.get(s).copied().unwrap_or(true) {
                continue;
            }
            let score = 1 + u8::from(same_basename(old_path, path));
            if best.map_or(true, |(_, b)| score > b) {
                best = Some((s, score));
                if score == 2 {
                    break;
                }
            }
            left -= 1;
            if left == 0 {
                break;
            }
        }
        if let Some((s, _)) = best {
            if let Some(u) = used.get_mut(s) {
                *u = true;
            }
            source_of.insert(i, s);
        }
    }
    let mut sources_taken: HashMap<usize, (bstr::BString, Side)> = HashMap::new();
    for &s in source_of.values() {
        if let Some(Change::Deleted { path, old }) = changes.get(s) {
            sources_taken.insert(s, (path.clone(), *old));
        }
    }
    let mut out = Vec::with_capacity(changes.len());
    for (i, change) in changes.into_iter().enumerate() {
        match change {
            Change::Deleted { .. } if sources_taken.contains_key(&i) => {}
            Change::Added { path, new } => {
                match source_of.get(&i).and_then(|s| sources_taken.get(s)) {
                    Some((source, old)) => out.push(Change::Renamed {
                        source: source.clone(),
                        path,
                        old: *old,
                        new,
                    }),
                    None => out.push(Change::Added { path, new }),
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Regular files pair whatever their exec bits; anything else only with the same mode.
fn modes_fit(old: &Side, new: &Side) -> bool {
    (old.mode.is_blob() && new.mode.is_blob()) || old.mode == new.mode
}

/// Whether two paths end in the same file name (git's `basename_same`).
fn same_basename(a: &[u8], b: &[u8]) -> bool {
    let name = |p: &[u8]| p.rsplit(|&c| c == b'/').next().map(<[u8]>::to_vec);
    name(a) == name(b)
}
