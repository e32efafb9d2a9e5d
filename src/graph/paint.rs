//! git's `paint_down_to_common`: walk back from one commit and several others at once,
//! painting each commit with the side(s) that reach it, until only commits both sides reach
//! (stale ones) are left to walk. What merge bases, `--is-ancestor` and the removal of
//! redundant commits are made of.
//!
//! The walk order is git's, since the order of equal-date results follows it: most recent
//! committer date first, or highest generation number first (then date) when a generation
//! floor is given or the commit-graph has corrected commit dates; equal keys first-in,
//! first-out.

use super::{max_walk, walk_limit, CommitInfo, Commits, GenerationKind, IdMap, Source};
use crate::error::Result;
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

pub(super) const PARENT1: u8 = 1;
pub(super) const PARENT2: u8 = 2;
pub(super) const STALE: u8 = 4;
const RESULT: u8 = 8;

/// A commit and what [`Commits`] read of it.
pub(super) type Read = (ObjectId, Arc<CommitInfo>);

/// What a walk knows of a commit it touched: its paint, and how many times it sits in the
/// queue (so that "is anything left worth walking" is a counter, not a scan).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Mark {
    flags: u8,
    queued: u32,
}

/// The marks of every commit a walk touched.
pub(super) type Flags = IdMap<Mark>;

/// One queued commit, ordered by generation (when the queue uses them), date, then first in.
struct Entry {
    key: (u64, i64, Reverse<u64>),
    id: ObjectId,
    date: i64,
    generation: u64,
    source: Source,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// git's `prio_queue` of commits, counting the entries whose commit is not stale.
struct Queue {
    heap: BinaryHeap<Entry>,
    seq: u64,
    by_generation: bool,
    not_stale: usize,
}

impl Queue {
    fn push(&mut self, id: ObjectId, commit: Painted, mark: &mut Mark) {
        let key = match self.by_generation {
            true => commit.generation,
            false => 0,
        };
        let key = (key, commit.date, Reverse(self.seq));
        self.heap.push(Entry {
            key,
            id,
            date: commit.date,
            generation: commit.generation,
            source: commit.source,
        });
        self.seq += 1;
        mark.queued += 1;
        if mark.flags & STALE == 0 {
            self.not_stale += 1;
        }
    }

    /// The next commit and its mark (left out of the count).
    fn pop(&mut self, flags: &mut Flags) -> Option<(Entry, u8)> {
        let entry = self.heap.pop()?;
        let mark = flags.entry(entry.id).or_default();
        mark.queued = mark.queued.saturating_sub(1);
        if mark.flags & STALE == 0 {
            self.not_stale = self.not_stale.saturating_sub(1);
        }
        Some((entry, mark.flags))
    }
}

/// A commit read for the queue: its date, generation (infinity when the graph lacks it) and
/// where its parents are.
pub(super) struct Painted {
    pub(super) date: i64,
    pub(super) generation: u64,
    pub(super) source: Source,
}

impl Painted {
    fn of(info: &Arc<CommitInfo>) -> Painted {
        Painted {
            date: info.date,
            generation: info.generation_or_infinity(),
            source: Source::Info(info.clone()),
        }
    }
}

/// The paint on `id`.
pub(super) fn flag(flags: &Flags, id: &ObjectId) -> u8 {
    flags.get(id).map_or(0, |m| m.flags)
}

fn paint(flags: &mut Flags, id: ObjectId, paint: u8) -> &mut Mark {
    let mark = flags.entry(id).or_default();
    mark.flags |= paint;
    mark
}

/// Inserts after every entry at least as recent (git's `commit_list_insert_by_date`).
pub(super) fn insert_by_date(list: &mut Vec<(i64, ObjectId)>, date: i64, id: ObjectId) {
    let at = list
        .iter()
        .position(|(d, _)| *d < date)
        .unwrap_or(list.len());
    list.insert(at, (date, id));
}

/// git's `paint_down_to_common(one, twos, min_generation)`: paints `one` with PARENT1 and
/// `twos` with PARENT2 (into `flags`) and returns the commits found to be reached by both, in
/// git's list order (most recent first). With `min_generation` > 0 the walk stops at the first
/// commit of a lower generation (`u64::MAX` is git's infinity). Missing parents are stepped
/// over. `flags` must start empty (a caller painting many times keeps its capacity).
pub(super) fn paint_down_to_common(
    odb: &Odb,
    commits: &mut Commits,
    flags: &mut Flags,
    one: (ObjectId, &Arc<CommitInfo>),
    twos: &[Read],
    min_generation: u64,
) -> Result<Vec<(i64, ObjectId)>> {
    let corrected = commits.generation_kind(odb) == Some(GenerationKind::CorrectedDate);
    let mut queue = Queue {
        heap: BinaryHeap::new(),
        seq: 0,
        by_generation: min_generation != 0 || corrected,
        not_stale: 0,
    };
    let mark = paint(flags, one.0, PARENT1);
    let mut results = Vec::new();
    if twos.is_empty() {
        results.push((one.1.date, one.0));
        return Ok(results);
    }
    queue.push(one.0, Painted::of(one.1), mark);
    for (id, info) in twos {
        let mark = paint(flags, *id, PARENT2);
        queue.push(*id, Painted::of(info), mark);
    }
    let mut walked = 0u64;
    let (mut parents, mut positions) = (Vec::new(), Vec::new());
    while queue.not_stale > 0 {
        let Some((commit, own)) = queue.pop(flags) else {
            break;
        };
        let id = commit.id;
        walked += 1;
        if walked > max_walk(odb) {
            return Err(walk_limit(odb));
        }
        if min_generation != 0 && commit.generation < min_generation {
            break;
        }
        let mut colors = own & (PARENT1 | PARENT2 | STALE);
        if colors == PARENT1 | PARENT2 {
            if own & RESULT == 0 {
                paint(flags, id, RESULT);
                insert_by_date(&mut results, commit.date, id);
            }
            colors |= STALE;
        }
        commits.parents_of(&commit.source, &mut parents, &mut positions);
        for (k, p) in parents.iter().enumerate() {
            if flag(flags, p) & colors == colors {
                continue;
            }
            let Some(parent) = commits.paint_read(odb, p, positions.get(k).copied())? else {
                continue;
            };
            let mark = flags.entry(*p).or_default();
            if mark.flags & STALE == 0 && colors & STALE != 0 {
                queue.not_stale = queue.not_stale.saturating_sub(mark.queued as usize);
            }
            mark.flags |= colors;
            queue.push(*p, parent, mark);
        }
    }
    Ok(results)
}
