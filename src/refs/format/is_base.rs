//! `%(is-base:<tip>)`: which of the listed refs the tip most likely branched from (git's
//! `get_branch_base_for_tip`). Walking from the tip and from every base at once, highest
//! corrected commit date first, each commit remembers the base it was first reached from
//! through first parents; the first time a walk from a base meets the tip's first-parent
//! history, that base (the lowest index among those meeting there) is the answer.

use crate::error::Result;
use crate::graph::Commits;
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::collections::{BinaryHeap, HashMap};

/// Corrected commit dates (generation numbers v2) of `tips` and what they reach:
/// `max(date, max(parent) + 1)`.
fn generations(
    odb: &Odb,
    commits: &mut Commits,
    tips: &[ObjectId],
) -> Result<HashMap<ObjectId, (i64, i64)>> {
    let mut gens: HashMap<ObjectId, (i64, i64)> = HashMap::new();
    let mut stack: Vec<(ObjectId, bool)> = tips.iter().map(|t| (*t, false)).collect();
    while let Some((id, expanded)) = stack.pop() {
        if gens.contains_key(&id) {
            continue;
        }
        let Some(info) = commits.get(odb, &id)? else {
            gens.insert(id, (0, 0));
            continue;
        };
        if !expanded {
            stack.push((id, true));
            for p in &info.parents {
                if !gens.contains_key(p) {
                    stack.push((*p, false));
                }
            }
            continue;
        }
        let from_parents = info
            .parents
            .iter()
            .filter_map(|p| gens.get(p).map(|g| g.0 + 1))
            .max()
            .unwrap_or(i64::MIN);
        gens.insert(id, (info.date.max(from_parents), info.date));
    }
    Ok(gens)
}

/// The index in `bases` of the base `tip` branched from, `None` when none is found.
pub(super) fn base_for_tip(
    odb: &Odb,
    commits: &mut Commits,
    tip: ObjectId,
    bases: &[ObjectId],
) -> Result<Option<usize>> {
    if bases.is_empty() {
        return Ok(None);
    }
    let mut all = bases.to_vec();
    all.push(tip);
    let gens = generations(odb, commits, &all)?;
    let key = |id: &ObjectId| gens.get(id).copied().unwrap_or((0, 0));
    // best: -1 reached from the tip, i + 1 from bases[i]
    let mut best: HashMap<ObjectId, i64> = HashMap::new();
    let mut queue = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |queue: &mut BinaryHeap<_>, id: ObjectId| {
        let (g, d) = key(&id);
        queue.push((g, d, std::cmp::Reverse(seq), id));
        seq += 1;
    };
    best.insert(tip, -1);
    push(&mut queue, tip);
    for (i, c) in bases.iter().enumerate() {
        match best.get(c).copied().unwrap_or(0) {
            -1 => return Ok(Some(i)),
            0 => {
                best.insert(*c, i as i64 + 1);
                push(&mut queue, *c);
            }
            _ => {}
        }
    }
    let mut best_index: i64 = -1;
    let mut branch_point = None;
    while let Some((_, _, _, c)) = queue.pop() {
        if Some(c) == branch_point {
            break;
        }
        let best_for_c = best.get(&c).copied().unwrap_or(0);
        let Some(info) = commits.get(odb, &c)? else {
            continue;
        };
        let Some(&parent) = info.parents.first() else {
            continue;
        };
        let best_for_p = best.get(&parent).copied().unwrap_or(0);
        if best_for_p == 0 {
            best.insert(parent, best_for_c);
            push(&mut queue, parent);
            continue;
        }
        if best_for_p > 0 && best_for_c > 0 {
            if best_for_c < best_for_p {
                best.insert(parent, best_for_c);
            }
            continue;
        }
        let positive = if best_for_c < 0 {
            best_for_p
        } else {
            best_for_c
        };
        if best_index < 0 || positive < best_index {
            best_index = positive;
        }
        best.insert(parent, -1);
        branch_point = Some(parent);
    }
    Ok((best_index > 0).then(|| best_index as usize - 1))
}
