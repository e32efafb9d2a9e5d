//! git's `reduce_heads` and `remove_redundant`: of a set of commits, those no other one in the
//! set reaches (`git merge-base --independent`).
//!
//! Like git, two methods: when the commit-graph gives a generation number to one of the
//! commits, a single walk from their parents down to the lowest generation among them (exact);
//! otherwise one date-ordered paint per commit (git's `remove_redundant_no_gen`, whose answer
//! under clock skew this reproduces).

use super::merge_base::infos;
use super::paint::{flag, paint_down_to_common, Flags, PARENT1, PARENT2};
use super::{max_walk, walk_limit, BuildIdHasher, Commits};
use crate::error::Result;
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::collections::HashSet;

/// git's `reduce_heads`: `ids` without repeats and without those another of them reaches, in
/// their first order. Missing commits are dropped.
pub fn independent(odb: &Odb, commits: &mut Commits, ids: &[ObjectId]) -> Result<Vec<ObjectId>> {
    let mut seen = HashSet::new();
    let mut unique = Vec::new();
    for id in ids {
        if seen.insert(*id) && commits.get(odb, id)?.is_some() {
            unique.push(*id);
        }
    }
    remove_redundant(odb, commits, &unique)
}

/// git's `remove_redundant` over distinct commits: those no other one of them reaches, in
/// their order.
pub(super) fn remove_redundant(
    odb: &Odb,
    commits: &mut Commits,
    ids: &[ObjectId],
) -> Result<Vec<ObjectId>> {
    let Some(all) = infos(odb, commits, ids)? else {
        return Ok(ids.to_vec());
    };
    if commits.graph(odb).is_some() && all.iter().any(|(_, c)| c.generation.is_some()) {
        return with_generation(odb, commits, ids);
    }
    let mut redundant = vec![false; all.len()];
    let mut flags = Flags::default();
    for i in 0..all.len() {
        if redundant[i] {
            continue;
        }
        let (one, one_info) = &all[i];
        let mut min_generation = one_info.generation_or_infinity();
        let mut work = Vec::new();
        let mut index = Vec::new();
        for (j, other) in all.iter().enumerate() {
            if i == j || redundant[j] {
                continue;
            }
            min_generation = min_generation.min(other.1.generation_or_infinity());
            work.push(other.clone());
            index.push(j);
        }
        flags.clear();
        paint_down_to_common(
            odb,
            commits,
            &mut flags,
            (*one, one_info),
            &work,
            min_generation,
        )?;
        if flag(&flags, one) & PARENT2 != 0 {
            redundant[i] = true;
        }
        for (w, j) in work.iter().zip(&index) {
            if flag(&flags, &w.0) & PARENT1 != 0 {
                redundant[*j] = true;
            }
        }
    }
    Ok(ids
        .iter()
        .zip(&redundant)
        .filter(|(_, r)| !**r)
        .map(|(id, _)| *id)
        .collect())
}

/// git's `remove_redundant_with_gen`, in effect: one walk from every commit's parents, not
/// below the lowest generation among them; a commit the walk reaches is redundant.
fn with_generation(odb: &Odb, commits: &mut Commits, ids: &[ObjectId]) -> Result<Vec<ObjectId>> {
    let mut floor = u64::MAX;
    let mut stack = Vec::new();
    for id in ids {
        if let Some(c) = commits.get(odb, id)? {
            floor = floor.min(c.generation_or_infinity());
            stack.extend(c.parents.iter().copied());
        }
    }
    let mut reached: HashSet<ObjectId, BuildIdHasher> = HashSet::default();
    while let Some(id) = stack.pop() {
        if !reached.insert(id) {
            continue;
        }
        if reached.len() as u64 > max_walk(odb) {
            return Err(walk_limit(odb));
        }
        let Some(c) = commits.get(odb, &id)? else {
            continue;
        };
        if c.generation_or_infinity() >= floor {
            stack.extend(c.parents.iter().copied());
        }
    }
    Ok(ids
        .iter()
        .filter(|id| !reached.contains(id))
        .copied()
        .collect())
}
