//! The order entries are written in, after git's `compute_write_order`: the objects as given
//! (recency order from a walk) until the first tagged tip, then the tagged tips, the remaining
//! commits and tags, the trees, and last everything else family by family (a delta base, then
//! its deltas level by level). Every delta's base is written before it (git's `write_one`).

use super::plan::Plan;
use crate::object::Kind;

/// Indexes into `plan.entries` of the written entries, in write order.
pub(crate) fn write_order(plan: &Plan) -> Vec<usize> {
    let n = plan.written;
    let entries = &plan.entries;
    // children of each entry, in the original order
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (i, e) in entries.iter().enumerate().take(n) {
        if let Some(d) = &e.delta {
            children[d.base].push(i);
        }
    }
    let mut order = Order {
        plan,
        placed: vec![false; n],
        out: Vec::with_capacity(n),
    };
    let last_untagged = (0..n).find(|&i| plan.tagged(i)).unwrap_or(n);
    for i in 0..last_untagged {
        order.add(i);
    }
    for i in last_untagged..n {
        if plan.tagged(i) {
            order.add(i);
        }
    }
    for want in [&[Kind::Commit, Kind::Tag][..], &[Kind::Tree]] {
        for (i, e) in entries.iter().enumerate().take(n).skip(last_untagged) {
            if want.contains(&e.kind) {
                order.add(i);
            }
        }
    }
    for i in last_untagged..n {
        if !order.placed[i] {
            order.add_family(i, &children);
        }
    }
    order.out
}

struct Order<'a> {
    plan: &'a Plan,
    placed: Vec<bool>,
    out: Vec<usize>,
}

impl Order<'_> {
    /// Places `i` after the bases it still lacks.
    fn add(&mut self, i: usize) {
        if self.placed[i] {
            return;
        }
        let mut chain = vec![i];
        let mut cur = i;
        while let Some(d) = &self.plan.entries[cur].delta {
            if d.base >= self.placed.len() || self.placed[d.base] || chain.contains(&d.base) {
                break;
            }
            chain.push(d.base);
            cur = d.base;
        }
        for &c in chain.iter().rev() {
            self.placed[c] = true;
            self.out.push(c);
        }
    }

    /// Places the delta family of `i`: its root base, then its deltas level by level.
    fn add_family(&mut self, i: usize, children: &[Vec<usize>]) {
        let mut root = i;
        while let Some(d) = &self.plan.entries[root].delta {
            if d.base >= self.placed.len() {
                break;
            }
            root = d.base;
        }
        let mut levels = vec![vec![root]];
        while let Some(level) = levels.pop() {
            for &e in &level {
                self.add(e);
            }
            for &e in level.iter().rev() {
                if !children[e].is_empty() {
                    levels.push(children[e].clone());
                }
            }
        }
    }
}
