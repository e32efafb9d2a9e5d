//! Merge bases and the questions built on them, as git answers them (`commit-reach.c`):
//! the best common ancestors of one commit and others ([`merge_bases_many`], `git merge-base A
//! B C`), of several at once ([`octopus_merge_bases`]), whether one commit is an ancestor of
//! another ([`is_ancestor`]), and where a branch forked from another's reflog ([`fork_point`]).
//!
//! Results come in git's order: most recent committer date first, equal dates in the order
//! git's walk finds them.

use super::paint::{flag, insert_by_date, paint_down_to_common, Flags, Read, PARENT2, STALE};
use super::reduce::{independent, remove_redundant};
use super::{BuildIdHasher, Commits};
use crate::error::Result;
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::collections::HashSet;

/// The best common ancestors of `a` and `b`, most recent first: what `A...B` excludes and
/// `git merge-base --all A B` prints. Empty when either is not a commit or they share no
/// history.
pub fn merge_bases(
    odb: &Odb,
    commits: &mut Commits,
    a: ObjectId,
    b: ObjectId,
) -> Result<Vec<ObjectId>> {
    merge_bases_many(odb, commits, a, &[b])
}

/// git's `get_merge_bases_many`: the best common ancestors of `one` and a hypothetical merge
/// of all of `twos` (`git merge-base --all ONE TWO…`), most recent first. Empty when a commit
/// is missing or there is no common ancestor.
///
/// ```
/// use gitstore::graph::{merge_bases_many, Commits};
/// use gitstore::{repo::InitOptions, Kind, ObjectId, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// let odb = repo.odb();
/// let tree = odb.write(Kind::Tree, b"")?;
/// let commit = |parents: &[ObjectId], t: u32| {
///     let parents: String = parents.iter().map(|p| format!("parent {p}\n")).collect();
///     let body = format!("tree {tree}\n{parents}author A <a@x> {t} +0000\ncommitter A <a@x> {t} +0000\n\n{t}\n");
///     odb.write(Kind::Commit, body.as_bytes())
/// };
/// let root = commit(&[], 1)?;
/// let (left, right) = (commit(&[root], 2)?, commit(&[root], 3)?);
/// let tip = commit(&[left], 4)?;
/// assert_eq!(merge_bases_many(odb, &mut Commits::new(), tip, &[right])?, vec![root]);
/// assert_eq!(merge_bases_many(odb, &mut Commits::new(), tip, &[left, right])?, vec![left]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn merge_bases_many(
    odb: &Odb,
    commits: &mut Commits,
    one: ObjectId,
    twos: &[ObjectId],
) -> Result<Vec<ObjectId>> {
    if twos.contains(&one) {
        return Ok(vec![one]);
    }
    let Some(one_info) = commits.get(odb, &one)? else {
        return Ok(Vec::new());
    };
    let Some(twos) = infos(odb, commits, twos)? else {
        return Ok(Vec::new());
    };
    let mut flags = Flags::default();
    let found = paint_down_to_common(odb, commits, &mut flags, (one, &one_info), &twos, 0)?;
    let found: Vec<(i64, ObjectId)> = found
        .into_iter()
        .filter(|(_, id)| flag(&flags, id) & STALE == 0)
        .collect();
    if found.len() <= 1 {
        return Ok(found.into_iter().map(|(_, id)| id).collect());
    }
    let ids: Vec<ObjectId> = found.iter().map(|(_, id)| *id).collect();
    let kept = remove_redundant(odb, commits, &ids)?;
    let mut out = Vec::with_capacity(kept.len());
    for id in kept {
        let date = found.iter().find(|(_, f)| *f == id).map_or(0, |(d, _)| *d);
        insert_by_date(&mut out, date, id);
    }
    Ok(out.into_iter().map(|(_, id)| id).collect())
}

/// The commits of `ids` as read through `commits`; `None` when one is missing.
pub(super) fn infos(
    odb: &Odb,
    commits: &mut Commits,
    ids: &[ObjectId],
) -> Result<Option<Vec<Read>>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match commits.get(odb, id)? {
            Some(info) => out.push((*id, info)),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// git's `get_octopus_merge_bases` followed by `reduce_heads`: the best common ancestors of
/// all of `ids` at once (`git merge-base --octopus --all`), in git's order.
pub fn octopus_merge_bases(
    odb: &Odb,
    commits: &mut Commits,
    ids: &[ObjectId],
) -> Result<Vec<ObjectId>> {
    let Some((first, rest)) = ids.split_first() else {
        return Ok(Vec::new());
    };
    let mut result = vec![*first];
    for i in rest {
        let mut next = Vec::new();
        for j in &result {
            next.extend(merge_bases_many(odb, commits, *i, &[*j])?);
        }
        result = next;
    }
    independent(odb, commits, &result)
}

/// git's `in_merge_bases`: whether `ancestor` is `descendant` or one of its ancestors
/// (`git merge-base --is-ancestor`). False when either is missing.
pub fn is_ancestor(
    odb: &Odb,
    commits: &mut Commits,
    ancestor: ObjectId,
    descendant: ObjectId,
) -> Result<bool> {
    let (Some(one), Some(two)) = (commits.get(odb, &ancestor)?, commits.get(odb, &descendant)?)
    else {
        return Ok(false);
    };
    let generation = one.generation_or_infinity();
    if generation > two.generation_or_infinity() {
        return Ok(false);
    }
    if let Some(yes) = commits.reaches_in_graph(odb, &descendant, &ancestor)? {
        return Ok(yes);
    }
    let mut flags = Flags::default();
    paint_down_to_common(
        odb,
        commits,
        &mut flags,
        (ancestor, &one),
        &[(descendant, two)],
        generation,
    )?;
    Ok(flag(&flags, &ancestor) & PARENT2 != 0)
}

/// The commits a ref has pointed at, each once, in reflog order.
#[derive(Default)]
struct Candidates {
    list: Vec<ObjectId>,
    seen: HashSet<ObjectId, BuildIdHasher>,
}

impl Candidates {
    /// git's `add_one_commit`: a commit not listed yet.
    fn add(&mut self, odb: &Odb, commits: &mut Commits, id: ObjectId) -> Result<()> {
        if !id.is_null() && !self.seen.contains(&id) && commits.get(odb, &id)?.is_some() {
            self.seen.insert(id);
            self.list.push(id);
        }
        Ok(())
    }
}

/// git's `get_fork_point`: where `derived` forked from a ref whose value is `current` and
/// which has pointed at `history` (`git merge-base --fork-point REF DERIVED`; `history` is
/// what the ref's reflog records, oldest first: [`crate::refs::reflog::values`]). The
/// candidates are those commits (the current value when there are none); the answer is their
/// merge base with `derived` when there is exactly one and it is one of them.
pub fn fork_point(
    odb: &Odb,
    commits: &mut Commits,
    history: &[ObjectId],
    current: ObjectId,
    derived: ObjectId,
) -> Result<Option<ObjectId>> {
    let mut candidates = Candidates::default();
    for &id in history {
        candidates.add(odb, commits, id)?;
    }
    if candidates.list.is_empty() {
        candidates.add(odb, commits, current)?;
    }
    let candidates = candidates.list;
    let bases = merge_bases_many(odb, commits, derived, &candidates)?;
    Ok(match bases[..] {
        [base] if candidates.contains(&base) => Some(base),
        _ => None,
    })
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
