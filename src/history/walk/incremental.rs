//! git's incremental topological walk (`init_topo_walk`, `expand_topo_walk`), which git uses
//! for `--topo-order` and `--date-order` when the repository has a commit-graph with
//! generation numbers, instead of walking the whole history first (`limit_list`).
//!
//! Both give a topological order, but not always the same one: here only first-parent edges
//! count under `--first-parent`, hidden tips do not make the walk "limited", and `--since`
//! cuts lines off instead of marking them uninteresting. So the walk takes the shape git would
//! take on the same repository.
//!
//! Without generation numbers (all "infinite"), git's exploration and in-degree walks run to
//! the end before the first commit comes out; that is what is done here. Once the commit cache
//! reads generation numbers from the commit-graph, both can stop at the current generation.

use super::graph::*;
use super::topo::{Ready, TopoTie};
use super::{Sort, Walk};
use crate::error::Result;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// What the incremental walk keeps between commits.
pub(crate) struct TopoWalk {
    /// Children not yet shown, plus one; 0 once shown.
    indegree: HashMap<u32, u32>,
    /// Commits whose children have all been shown.
    ready: Ready,
}

/// Whether git would walk this repository with generation numbers: a commit-graph file is
/// there and `core.commitGraph` is not off.
pub(crate) fn generation_numbers_enabled(repo: crate::stores::Stores<'_>) -> bool {
    if matches!(repo.config().get_bool("core.commitGraph"), Ok(Some(false))) {
        return false;
    }
    let info = repo.odb().objects_dir().join("info");
    info.join("commit-graph").is_file() || info.join("commit-graphs/commit-graph-chain").is_file()
}

impl Walk<'_> {
    /// git's `init_topo_walk` over the tips in `initial` (sorted by date).
    pub(crate) fn init_topo_walk(&mut self, initial: &[u32]) -> Result<()> {
        const EXPLORED: u32 = TMP_MARK;
        // exploration: every commit, in date order, processed as git's explore walk does
        let mut queue: BinaryHeap<(i64, Reverse<u64>, u32)> = BinaryHeap::new();
        let mut seq = 0u64;
        let mut indegree: HashMap<u32, u32> = HashMap::new();
        let mut order: Vec<u32> = Vec::new();
        for &c in initial {
            if !self.parse(c)? {
                continue;
            }
            if !self.graph.has(c, EXPLORED) {
                self.graph.set(c, EXPLORED);
                queue.push((self.graph.node(c).date, Reverse(seq), c));
                seq += 1;
            }
            indegree.insert(c, 1);
            order.push(c);
        }
        let mut explored = Vec::new();
        while let Some((_, _, c)) = queue.pop() {
            if !self.parse(c)? {
                continue;
            }
            explored.push(c);
            if self
                .options
                .since
                .is_some_and(|since| self.graph.node(c).date < since)
            {
                self.graph.set(c, UNINTERESTING);
            }
            self.process_parents(c, false)?;
            if self.graph.has(c, UNINTERESTING) {
                self.mark_parents_uninteresting(c);
            }
            for k in 0..self.graph.node(c).parents.len() {
                let p = self.graph.node(c).parents[k];
                if !self.graph.has(p, EXPLORED) {
                    self.graph.set(p, EXPLORED);
                    if self.parse(p)? {
                        queue.push((self.graph.node(p).date, Reverse(seq), p));
                        seq += 1;
                    }
                }
            }
        }
        for &c in &explored {
            self.graph.clear(c, EXPLORED);
        }
        // in-degrees: from the tips along the edges walked (first parents only with
        // --first-parent), each child counted once
        let mut stack: Vec<u32> = order.clone();
        for &c in &order {
            self.graph.set(c, EXPLORED);
        }
        while let Some(c) = stack.pop() {
            if !self.parse(c)? {
                continue;
            }
            for k in 0..self.graph.node(c).parents.len() {
                let p = self.graph.node(c).parents[k];
                if !self.parse(p)? {
                    break;
                }
                let d = indegree.entry(p).or_insert(0);
                *d = if *d == 0 { 2 } else { *d + 1 };
                if !self.graph.has(p, EXPLORED) {
                    self.graph.set(p, EXPLORED);
                    stack.push(p);
                    explored.push(p);
                }
                if self.options.first_parent {
                    break;
                }
            }
        }
        for &c in &explored {
            self.graph.clear(c, EXPLORED);
        }
        for &c in initial {
            self.graph.clear(c, EXPLORED);
        }
        let tie = match self.options.sort {
            Sort::TopoDate => TopoTie::Date,
            _ => TopoTie::Graph,
        };
        let tips: Vec<u32> = order
            .iter()
            .copied()
            .filter(|c| indegree.get(c) == Some(&1))
            .collect();
        let ready = Ready::with_tips(tie, &self.graph, &tips);
        self.topo = Some(TopoWalk { indegree, ready });
        Ok(())
    }

    /// git's `next_topo_commit`.
    pub(crate) fn next_topo_commit(&mut self) -> Option<u32> {
        let topo = self.topo.as_mut()?;
        let c = topo.ready.get()?;
        topo.indegree.insert(c, 0);
        Some(c)
    }

    /// git's `expand_topo_walk`: the parents of a commit taken out lose a child.
    pub(crate) fn expand_topo_walk(&mut self, c: u32) -> Result<()> {
        self.process_parents(c, false)?;
        let Some(mut topo) = self.topo.take() else {
            return Ok(());
        };
        for k in 0..self.graph.node(c).parents.len() {
            let p = self.graph.node(c).parents[k];
            if self.graph.has(p, UNINTERESTING) {
                continue;
            }
            if !self.parse(p)? {
                continue;
            }
            let d = topo.indegree.entry(p).or_insert(0);
            *d = d.saturating_sub(1);
            if *d == 1 {
                topo.ready.put(&self.graph, p);
            }
            if self.options.first_parent {
                break;
            }
        }
        self.topo = Some(topo);
        Ok(())
    }
}
