//! The walk's view of the commits it meets: one node per commit, with git's object flags and
//! the parent list as the walk rewrites it. Nodes are read lazily through
//! [`Commits`](crate::graph::Commits); an unread node has no parents yet, which matters: git
//! propagates "uninteresting" only through the commits it has read, and the walk stops when it
//! sees none interesting left, so the answers on histories with skewed dates depend on it.

use crate::error::Result;
use crate::graph::{Commits, IdMap};
use crate::odb::Odb;
use crate::oid::ObjectId;

pub(crate) const UNINTERESTING: u32 = 1 << 0;
pub(crate) const SEEN: u32 = 1 << 1;
pub(crate) const ADDED: u32 = 1 << 2;
pub(crate) const SHOWN: u32 = 1 << 3;
pub(crate) const TREESAME: u32 = 1 << 4;
pub(crate) const BOTTOM: u32 = 1 << 5;
pub(crate) const CHILD_SHOWN: u32 = 1 << 6;
pub(crate) const BOUNDARY: u32 = 1 << 7;
pub(crate) const SYMMETRIC_LEFT: u32 = 1 << 8;
pub(crate) const TMP_MARK: u32 = 1 << 9;
pub(crate) const PARSED: u32 = 1 << 10;
pub(crate) const QUEUED: u32 = 1 << 11;
/// Read, but not a commit (or missing).
pub(crate) const NOT_A_COMMIT: u32 = 1 << 12;

const NO_GRAPH_POS: u32 = u32::MAX;

/// One commit met by the walk.
pub(crate) struct Node {
    pub(crate) id: ObjectId,
    pub(crate) date: i64,
    pub(crate) tree: ObjectId,
    /// The parents as the walk sees them (simplified and rewritten on path-limited walks);
    /// empty until read.
    pub(crate) parents: Vec<u32>,
    /// git's object flags (the constants above).
    pub(crate) flags: u32,
    /// Where the commit-graph has the commit, when a parent list read from it said so
    /// ([`NO_GRAPH_POS`] otherwise).
    graph_pos: u32,
    /// Per parent: whether the commit's tree agrees with it at the walk's paths (git's
    /// `treesame_state`), kept for merges on walks that can make them TREESAME later.
    pub(crate) treesame: Option<Vec<bool>>,
}

/// Every commit met so far, by index.
#[derive(Default)]
pub(crate) struct Graph {
    nodes: Vec<Node>,
    /// The nodes of commits the commit-graph does not have (or every node, without a graph).
    index: IdMap<u32>,
    /// The nodes of commits the commit-graph has, by graph position (`u32::MAX`: none yet):
    /// git's per-commit struct, found without hashing.
    by_pos: Vec<u32>,
    /// The parents of the commit being read, and their graph positions.
    scratch: Vec<ObjectId>,
    positions: Vec<u32>,
}

impl Graph {
    pub(crate) fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }
    pub(crate) fn node_mut(&mut self, i: u32) -> &mut Node {
        &mut self.nodes[i as usize]
    }
    pub(crate) fn flags(&self, i: u32) -> u32 {
        self.nodes[i as usize].flags
    }
    pub(crate) fn set(&mut self, i: u32, flags: u32) {
        self.nodes[i as usize].flags |= flags;
    }
    pub(crate) fn clear(&mut self, i: u32, flags: u32) {
        self.nodes[i as usize].flags &= !flags;
    }
    pub(crate) fn has(&self, i: u32, flags: u32) -> bool {
        self.nodes[i as usize].flags & flags != 0
    }
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node of `id`, made (unread) if need be; `key` is where the commit-graph has it, if
    /// it does (the node is filed by it, not read from there: the object may be gone).
    pub(crate) fn lookup_keyed(&mut self, id: ObjectId, key: Option<u32>) -> u32 {
        self.lookup_at(id, NO_GRAPH_POS, key.unwrap_or(NO_GRAPH_POS))
    }

    /// The node of `id`, made (unread, to be read at graph position `graph_pos`) if need be,
    /// filed by graph position `key` (or `graph_pos`) when the graph has it, else by id.
    fn lookup_at(&mut self, id: ObjectId, graph_pos: u32, key: u32) -> u32 {
        let next = self.nodes.len() as u32;
        let key = if graph_pos != NO_GRAPH_POS {
            graph_pos
        } else {
            key
        };
        let i = if key == NO_GRAPH_POS {
            *self.index.entry(id).or_insert(next)
        } else {
            let slot = key as usize;
            if slot >= self.by_pos.len() {
                let len = (slot + 1).max(self.by_pos.len() * 2).max(1024);
                self.by_pos.resize(len, u32::MAX);
            }
            match self.by_pos[slot] {
                u32::MAX => {
                    let i = self.index.get(&id).copied().unwrap_or(next);
                    self.by_pos[slot] = i;
                    i
                }
                i => i,
            }
        };
        if i == next {
            self.nodes.push(Node {
                id,
                date: 0,
                tree: ObjectId::null(),
                parents: Vec::new(),
                flags: 0,
                graph_pos,
                treesame: None,
            });
        }
        i
    }

    /// Reads the commit of node `i` (git's `parse_commit`): false when it is missing or not a
    /// commit. Parents that `commits` has read already come read too, as in git, where a
    /// commit parsed once (say by a merge-base search) stays parsed.
    pub(crate) fn parse(&mut self, odb: &Odb, commits: &mut Commits, i: u32) -> Result<bool> {
        let flags = self.flags(i);
        if flags & PARSED != 0 {
            return Ok(true);
        }
        if flags & NOT_A_COMMIT != 0 {
            return Ok(false);
        }
        let mut fresh = Vec::new();
        if !self.parse_one(odb, commits, i, &mut fresh)? {
            return Ok(false);
        }
        while let Some(p) = fresh.pop() {
            if commits.is_read(&self.node(p).id) {
                self.parse_one(odb, commits, p, &mut fresh)?;
            }
        }
        Ok(true)
    }

    /// Every node not read yet that `commits` has read: read it.
    pub(crate) fn catch_up(&mut self, odb: &Odb, commits: &mut Commits) -> Result<()> {
        for i in 0..self.nodes.len() as u32 {
            if self.flags(i) & (PARSED | NOT_A_COMMIT) == 0 && commits.is_read(&self.node(i).id) {
                self.parse(odb, commits, i)?;
            }
        }
        Ok(())
    }

    fn parse_one(
        &mut self,
        odb: &Odb,
        commits: &mut Commits,
        i: u32,
        fresh: &mut Vec<u32>,
    ) -> Result<bool> {
        let node = self.node(i);
        let (id, at) = (node.id, node.graph_pos);
        let at = (at != NO_GRAPH_POS).then_some(at);
        let mut ids = std::mem::take(&mut self.scratch);
        let mut positions = std::mem::take(&mut self.positions);
        let read = commits.read(odb, &id, at, &mut ids, &mut positions);
        let mut parents = Vec::new();
        if let Ok(Some(_)) = read {
            parents.reserve_exact(ids.len());
            for (k, p) in ids.iter().enumerate() {
                let pos = positions.get(k).copied().unwrap_or(NO_GRAPH_POS);
                let key = match pos {
                    NO_GRAPH_POS => commits.graph_position(odb, p).unwrap_or(NO_GRAPH_POS),
                    _ => pos,
                };
                let before = self.nodes.len();
                let n = self.lookup_at(*p, pos, key);
                if self.nodes.len() > before {
                    fresh.push(n);
                }
                parents.push(n);
            }
        }
        self.scratch = ids;
        self.positions = positions;
        let Some((tree, date)) = read? else {
            self.set(i, NOT_A_COMMIT);
            return Ok(false);
        };
        let node = self.node_mut(i);
        node.date = date;
        node.tree = tree;
        node.parents = parents;
        node.flags |= PARSED;
        Ok(true)
    }
}
