//! The commit graph: each commit's parents, tree and committer date, read once from the
//! objects (and, when present, from the `objects/info/commit-graph` file), and the questions
//! answered from them alone, such as merge bases.
//!
//! [`Commits`] is the cache every commit walk reads through: the revision parser (`A...B`,
//! `:/text`), history walks and merge bases. A commit that is missing or not a commit is
//! remembered as `None`, so a walk can step over it or report it as it prefers.

mod merge_base;

pub use merge_base::merge_bases;

use crate::error::{Error, Location, Result};
use crate::object::{CommitRef, Kind};
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

/// What a walk needs of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The parents, in the order the commit lists them.
    pub parents: Vec<ObjectId>,
    /// The root tree.
    pub tree: ObjectId,
    /// The committer date, seconds since the epoch.
    pub date: i64,
}

/// Reads commits once and remembers their parents, trees and dates.
#[derive(Default)]
pub struct Commits {
    commits: HashMap<ObjectId, Option<Arc<CommitInfo>>>,
}

impl Commits {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The commit `id`, or `None` when it is missing or not a commit; an error when it is a
    /// commit that does not parse, or the store fails.
    pub fn get(&mut self, odb: &Odb, id: &ObjectId) -> Result<Option<Arc<CommitInfo>>> {
        if let Some(c) = self.commits.get(id) {
            return Ok(c.clone());
        }
        let mut data = Vec::new();
        let info = match odb.try_read(id, &mut data)? {
            Some(Kind::Commit) => {
                let c = CommitRef::parse(&data).map_err(|source| Error::InvalidObject {
                    id: Some(*id),
                    kind: Kind::Commit,
                    source,
                })?;
                Some(Arc::new(CommitInfo {
                    parents: c.parents.clone(),
                    tree: c.tree,
                    date: c.committer.seconds(),
                }))
            }
            _ => None,
        };
        self.commits.insert(*id, info.clone());
        Ok(info)
    }

    /// Whether `id` has been read and is a commit (git would have it parsed: a walk that
    /// follows git's steps needs to know which commits git knows the parents of).
    pub fn is_read(&self, id: &ObjectId) -> bool {
        matches!(self.commits.get(id), Some(Some(_)))
    }

    /// Takes in what `other` has read (a resolver's commits, handed to a walk).
    pub fn extend_from(&mut self, other: &Commits) {
        for (id, info) in &other.commits {
            self.commits.entry(*id).or_insert_with(|| info.clone());
        }
    }
}

/// [`Limits::max_commit_walk`](crate::Limits): the most commits one walk reads before giving
/// up with [`Error::LimitExceeded`].
pub(crate) fn max_walk(odb: &Odb) -> u64 {
    odb.limits().max_commit_walk
}

pub(crate) fn walk_limit(odb: &Odb) -> Error {
    Error::LimitExceeded {
        what: "commits walked for one revision",
        limit: max_walk(odb),
        location: Location::Memory,
    }
}

/// A queue of commits, most recent committer date first; equal dates first-in, first-out.
pub(crate) struct DateQueue {
    pub(crate) heap: BinaryHeap<(i64, Reverse<u64>, ObjectId)>,
    seq: u64,
}

impl DateQueue {
    pub(crate) fn new() -> Self {
        DateQueue {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
    pub(crate) fn push(&mut self, date: i64, id: ObjectId) {
        self.heap.push((date, Reverse(self.seq), id));
        self.seq += 1;
    }
    pub(crate) fn pop(&mut self) -> Option<ObjectId> {
        self.heap.pop().map(|(_, _, id)| id)
    }
}
