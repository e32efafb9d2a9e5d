//! History simplification on path-limited walks (git's `try_to_simplify_commit`,
//! `update_treesame`, `rewrite_parents`): which commits are TREESAME to their parents at the
//! walk's paths, which parent a merge is simplified to, and the parents a shown commit is
//! given when those in between are not shown.
//!
//! ```text
//!   M (merge, TREESAME to P1)      default: only P1 is followed; P2's line is not walked
//!  / \                            --full-history: both; M is not shown (TREESAME to one)
//! P1  P2                           --parents: a shown commit's parent is its nearest shown
//!                                  ancestor along the kept lines
//! ```

use super::graph::*;
use super::Walk;
use crate::error::Result;

impl Walk<'_> {
    /// Whether the trees of `a` (`None`: the empty tree) and `b` agree at the walk's paths.
    pub(crate) fn same_tree(&mut self, a: Option<u32>, b: u32) -> Result<bool> {
        let ta = a.map(|a| self.graph.node(a).tree);
        let tb = self.graph.node(b).tree;
        match self.paths.as_mut() {
            Some(paths) => paths.same(self.odb, ta, Some(tb)),
            None => Ok(true),
        }
    }

    /// git's `try_to_simplify_commit`: sets TREESAME, and at a merge keeps only a TREESAME
    /// parent when there is one (and history is simplified).
    pub(crate) fn try_to_simplify(&mut self, c: u32) -> Result<()> {
        if self.paths.is_none() || !self.graph.has(c, PARSED) {
            return Ok(());
        }
        let n = self.graph.node(c).parents.len();
        if n == 0 {
            if self.same_tree(None, c)? {
                self.graph.set(c, TREESAME);
            }
            return Ok(());
        }
        let (mut relevant_parents, mut relevant_change, mut irrelevant_change) = (0, false, false);
        let mut ts: Option<Vec<bool>> = None;
        for nth in 0..n {
            let p = self.graph.node(c).parents[nth];
            if self.relevant(p) {
                relevant_parents += 1;
            }
            if nth == 1 {
                if self.options.first_parent {
                    break;
                }
                if self.keep_treesame && !self.graph.has(c, UNINTERESTING) {
                    let mut v = vec![false; n];
                    v[0] = !(irrelevant_change || relevant_change);
                    ts = Some(v);
                }
            }
            self.parse_parent(c, p)?;
            if self.same_tree(Some(p), c)? {
                if !self.simplify_history || !self.relevant(p) {
                    if let Some(v) = ts.as_mut() {
                        v[nth] = true;
                    }
                    continue;
                }
                let node = self.graph.node_mut(c);
                node.parents = vec![p];
                node.flags |= TREESAME;
                return Ok(());
            }
            if self.relevant(p) {
                relevant_change = true;
            } else {
                irrelevant_change = true;
            }
        }
        self.graph.node_mut(c).treesame = ts;
        let same = if relevant_parents > 0 {
            !relevant_change
        } else {
            !irrelevant_change
        };
        if same {
            self.graph.set(c, TREESAME);
        }
        Ok(())
    }

    /// git's `update_treesame`: a merge's TREESAME from its per-parent state, once some
    /// parents turned out uninteresting.
    pub(crate) fn update_treesame(&mut self, c: u32) {
        let node = self.graph.node(c);
        if node.parents.len() < 2 {
            return;
        }
        let Some(ts) = node.treesame.as_ref() else {
            return;
        };
        let (mut relevant_parents, mut relevant_change, mut irrelevant_change) = (0, false, false);
        for (n, &p) in node.parents.iter().enumerate() {
            let same = ts.get(n).copied().unwrap_or(false);
            if self.relevant(p) {
                relevant_change |= !same;
                relevant_parents += 1;
            } else {
                irrelevant_change |= !same;
            }
        }
        let changed = if relevant_parents > 0 {
            relevant_change
        } else {
            irrelevant_change
        };
        if changed {
            self.graph.clear(c, TREESAME);
        } else {
            self.graph.set(c, TREESAME);
        }
    }

    pub(crate) fn rewrite_parents(&mut self, c: u32) -> Result<()> {
        let mut k = 0;
        while k < self.graph.node(c).parents.len() {
            let p = self.graph.node(c).parents[k];
            match self.rewrite_one(p)? {
                Some(q) => {
                    self.graph.node_mut(c).parents[k] = q;
                    k += 1;
                }
                None => {
                    self.graph.node_mut(c).parents.remove(k);
                }
            }
        }
        self.remove_duplicate_parents(c);
        Ok(())
    }

    /// git's `rewrite_one`: the nearest ancestor of `p` that is shown (or ends the walk);
    /// `None` when the line ends in a root that changes nothing.
    fn rewrite_one(&mut self, mut p: u32) -> Result<Option<u32>> {
        loop {
            if !self.limited {
                self.process_parents(p, true)?;
            }
            let flags = self.graph.flags(p);
            if flags & UNINTERESTING != 0 || flags & TREESAME == 0 {
                return Ok(Some(p));
            }
            let parents = &self.graph.node(p).parents;
            if parents.is_empty() {
                return Ok(None);
            }
            match self.one_relevant_parent(parents) {
                Some(q) => p = q,
                None => return Ok(Some(p)),
            }
        }
    }

    fn one_relevant_parent(&self, parents: &[u32]) -> Option<u32> {
        if self.options.first_parent || parents.len() == 1 {
            return parents.first().copied();
        }
        let mut found = None;
        for &p in parents {
            if self.relevant(p) {
                if found.is_some() {
                    return None;
                }
                found = Some(p);
            }
        }
        found
    }

    fn remove_duplicate_parents(&mut self, c: u32) {
        let parents = std::mem::take(&mut self.graph.node_mut(c).parents);
        let mut kept: Vec<u32> = Vec::with_capacity(parents.len());
        for p in parents {
            if kept.contains(&p) {
                let at = kept.len();
                let node = self.graph.node_mut(c);
                if let Some(ts) = node.treesame.as_mut() {
                    if at < ts.len() {
                        ts.remove(at);
                    }
                    if ts.len() == 1 {
                        let same = ts[0];
                        node.treesame = None;
                        if same {
                            node.flags |= TREESAME;
                        } else {
                            node.flags &= !TREESAME;
                        }
                    }
                }
                continue;
            }
            kept.push(p);
        }
        self.graph.node_mut(c).parents = kept;
    }
}
