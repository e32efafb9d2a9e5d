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
use crate::object::{DecodeError, Kind};
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
    /// The buffer commits are read into, kept between reads.
    scratch: Vec<u8>,
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
        let data = &mut self.scratch;
        data.clear();
        let info = match odb.try_read(id, data)? {
            Some(Kind::Commit) => {
                let info = parse_commit_info(data).map_err(|source| Error::InvalidObject {
                    id: Some(*id),
                    kind: Kind::Commit,
                    source,
                })?;
                Some(Arc::new(info))
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

/// What a walk needs of a commit body, read as git's `parse_commit_buffer` reads it: the
/// `tree` line, the `parent` lines after it, and the committer date (the number after the
/// last `>` of a `committer` line that directly follows the `author` line; 0 when there is
/// none). Nothing else is looked at, so a walk does not pay for signatures and messages.
pub fn parse_commit_info(data: &[u8]) -> std::result::Result<CommitInfo, DecodeError> {
    fn id_line<'a>(rest: &'a [u8], key: &[u8]) -> Option<(ObjectId, &'a [u8])> {
        let hex = rest.strip_prefix(key)?.get(..ObjectId::HEX_LEN)?;
        let after = rest
            .get(key.len() + ObjectId::HEX_LEN..)?
            .strip_prefix(b"\n")?;
        Some((ObjectId::from_hex(hex).ok()?, after))
    }
    let Some((tree, mut rest)) = id_line(data, b"tree ") else {
        return Err(DecodeError::new(0, "bad tree pointer"));
    };
    let mut parents = Vec::with_capacity(1);
    while rest.starts_with(b"parent ") {
        let Some((parent, after)) = id_line(rest, b"parent ") else {
            return Err(DecodeError::new(data.len() - rest.len(), "bad parents"));
        };
        parents.push(parent);
        rest = after;
    }
    Ok(CommitInfo {
        parents,
        tree,
        date: commit_date(rest),
    })
}

/// git's `parse_commit_date` on the headers after the parents.
fn commit_date(rest: &[u8]) -> i64 {
    if !rest.starts_with(b"author") {
        return 0;
    }
    let Some(eol) = rest.iter().position(|&c| c == b'\n') else {
        return 0;
    };
    let line = &rest[eol + 1..];
    if !line.starts_with(b"committer") {
        return 0;
    }
    let line = match line.iter().position(|&c| c == b'\n') {
        Some(end) => &line[..end],
        None => line,
    };
    let Some(gt) = line.iter().rposition(|&c| c == b'>') else {
        return 0;
    };
    let digits = line[gt + 1..].trim_ascii_start();
    digits
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0i64, |n, d| {
            n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const P1: &str = "1111111111111111111111111111111111111111";

    #[test]
    fn commit_info_reads_tree_parents_and_committer_date_only() {
        let body = format!(
            "tree {TREE}\nparent {P1}\nparent {TREE}\nauthor A <a@x> 5 +0000\n\
             committer C <c@x> 1700000000 +0100\ngpgsig junk\n\nmessage\n"
        );
        let info = parse_commit_info(body.as_bytes()).unwrap();
        assert_eq!(info.tree.to_hex(), TREE);
        assert_eq!(info.parents.len(), 2);
        assert_eq!(info.parents[0].to_hex(), P1);
        assert_eq!(info.date, 1_700_000_000);
    }

    #[test]
    fn commit_date_is_zero_without_a_committer_after_the_author() {
        let body = format!("tree {TREE}\ncommitter C <c@x> 7 +0000\n\n");
        assert_eq!(parse_commit_info(body.as_bytes()).unwrap().date, 0);
        let body = format!("tree {TREE}\nauthor A <a@x> 5 +0000\ncommitter C <c@x>\n");
        assert_eq!(parse_commit_info(body.as_bytes()).unwrap().date, 0);
    }

    #[test]
    fn bad_tree_and_parent_lines_are_errors() {
        assert!(parse_commit_info(b"tree 123\n").is_err());
        assert!(parse_commit_info(b"").is_err());
        let body = format!("tree {TREE}\nparent xyz\n");
        assert!(parse_commit_info(body.as_bytes()).is_err());
    }
}
