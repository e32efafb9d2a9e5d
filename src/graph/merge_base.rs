//! Merge bases: git's `paint_down_to_common`, walking back from two commits in date order and
//! painting each commit with the side(s) that reach it.

use super::{max_walk, walk_limit, Commits, DateQueue};
use crate::error::Result;
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::cmp::Reverse;
use std::collections::HashMap;

const PARENT1: u8 = 1;
const PARENT2: u8 = 2;
const STALE: u8 = 4;
const RESULT: u8 = 8;

/// git's `paint_down_to_common` followed by the removal of redundant bases: the best common
/// ancestors of `a` and `b`, most recent first.
pub fn merge_bases(
    odb: &Odb,
    cache: &mut Commits,
    a: ObjectId,
    b: ObjectId,
) -> Result<Vec<ObjectId>> {
    if a == b {
        return Ok(vec![a]);
    }
    let mut flags: HashMap<ObjectId, u8> = HashMap::new();
    let mut queue = DateQueue::new();
    let mut results: Vec<(i64, ObjectId)> = Vec::new();
    for (id, f) in [(a, PARENT1), (b, PARENT2)] {
        let Some(c) = cache.get(odb, &id)? else {
            return Ok(Vec::new());
        };
        *flags.entry(id).or_default() |= f;
        queue.push(c.date, id);
    }
    let mut walked = 0u64;
    loop {
        // stop once only stale commits are left
        if !queue
            .heap
            .iter()
            .any(|(_, _, id)| flags.get(id).copied().unwrap_or(0) & STALE == 0)
        {
            break;
        }
        let Some(id) = queue.pop() else { break };
        walked += 1;
        if walked > max_walk(odb) {
            return Err(walk_limit(odb));
        }
        let Some(commit) = cache.get(odb, &id)? else {
            continue;
        };
        let own = flags.get(&id).copied().unwrap_or(0);
        let mut paint = own & (PARENT1 | PARENT2 | STALE);
        if paint == PARENT1 | PARENT2 {
            if own & RESULT == 0 {
                flags.insert(id, own | RESULT);
                results.push((commit.date, id));
            }
            paint |= STALE;
        }
        for p in &commit.parents {
            let pf = flags.entry(*p).or_default();
            if *pf & paint == paint {
                continue;
            }
            *pf |= paint;
            if let Some(pc) = cache.get(odb, p)? {
                queue.push(pc.date, *p);
            }
        }
    }
    let mut bases: Vec<(i64, ObjectId)> = results
        .into_iter()
        .filter(|(_, id)| flags.get(id).copied().unwrap_or(0) & STALE == 0)
        .collect();
    bases.sort_by_key(|b| Reverse(b.0));
    let mut ids: Vec<ObjectId> = bases.into_iter().map(|(_, id)| id).collect();
    if ids.len() > 1 {
        // drop a base that another base reaches (date skew can leave such a one behind)
        let mut keep = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let mut redundant = false;
            for (j, other) in ids.iter().enumerate() {
                if i != j && reaches(odb, cache, *other, *id)? {
                    redundant = true;
                    break;
                }
            }
            if !redundant {
                keep.push(*id);
            }
        }
        ids = keep;
    }
    Ok(ids)
}

/// Whether `target` is an ancestor of (or is) `from`.
fn reaches(odb: &Odb, cache: &mut Commits, from: ObjectId, target: ObjectId) -> Result<bool> {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == target {
            return Ok(true);
        }
        if !seen.insert(id) {
            continue;
        }
        if seen.len() as u64 > max_walk(odb) {
            return Err(walk_limit(odb));
        }
        if let Some(c) = cache.get(odb, &id)? {
            stack.extend(c.parents.iter().copied());
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odb::OdbOptions;
    use crate::Limits;
    use crate::{Error, Kind};

    /// Writes a chain of `n` commits on one empty tree; returns them oldest first.
    fn chain(odb: &Odb, n: usize, salt: &str) -> Vec<ObjectId> {
        let tree = odb.write(Kind::Tree, b"").unwrap_or_default();
        let mut out: Vec<ObjectId> = Vec::new();
        for i in 0..n {
            let parent = out
                .last()
                .map(|p| format!("parent {p}\n"))
                .unwrap_or_default();
            let body = format!(
                "tree {tree}\n{parent}author A <a@x> {t} +0000\ncommitter A <a@x> {t} +0000\n\n{salt}{i}\n",
                t = 1_700_000_000 + i
            );
            out.push(odb.write(Kind::Commit, body.as_bytes()).unwrap_or_default());
        }
        out
    }

    #[test]
    fn max_commit_walk_stops_a_merge_base_walk() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let open = |walk| {
            Odb::open_with(
                dir.path(),
                OdbOptions {
                    limits: Limits {
                        max_commit_walk: walk,
                        ..Limits::default()
                    },
                    ..OdbOptions::default()
                },
            )
        };
        let odb = open(1000).unwrap_or_else(|e| panic!("{e}"));
        let a = chain(&odb, 20, "a");
        let b = chain(&odb, 20, "b");
        let (ta, tb) = (a[19], b[19]);
        let bases = merge_bases(&odb, &mut Commits::default(), ta, tb);
        assert!(bases.is_ok_and(|v| v.is_empty()));
        let small = open(10).unwrap_or_else(|e| panic!("{e}"));
        let err = merge_bases(&small, &mut Commits::default(), ta, tb);
        assert!(matches!(err, Err(Error::LimitExceeded { limit: 10, .. })));
    }
}
