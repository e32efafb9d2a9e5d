//! git's `sort_in_topological_order`: no commit before all of its children in the list, ties
//! broken by the walk's order (graph order: a stack, the first tip first) or by commit date
//! (newest first, then the order of insertion).

use super::graph::Graph;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Which commit of several ready ones comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopoTie {
    /// `--topo-order`: the most recently readied (a stack).
    Graph,
    /// `--date-order`: the newest committer date.
    Date,
}

/// The commits whose children have all been emitted, in the order `tie` takes them out.
pub(super) enum Ready {
    Stack(Vec<u32>),
    Heap(BinaryHeap<(i64, Reverse<u64>, u32)>, u64),
}

impl Ready {
    /// A queue holding `tips`, the first tip to come out first on a tie.
    pub(super) fn with_tips(tie: TopoTie, graph: &Graph, tips: &[u32]) -> Ready {
        let mut ready = match tie {
            TopoTie::Graph => Ready::Stack(Vec::new()),
            TopoTie::Date => Ready::Heap(BinaryHeap::new(), 0),
        };
        match &mut ready {
            // the first tip must come out first
            Ready::Stack(v) => v.extend(tips.iter().rev()),
            Ready::Heap(..) => {
                for &c in tips {
                    ready.put(graph, c);
                }
            }
        }
        ready
    }

    pub(super) fn put(&mut self, graph: &Graph, c: u32) {
        match self {
            Ready::Stack(v) => v.push(c),
            Ready::Heap(h, seq) => {
                h.push((graph.node(c).date, Reverse(*seq), c));
                *seq += 1;
            }
        }
    }

    pub(super) fn get(&mut self) -> Option<u32> {
        match self {
            Ready::Stack(v) => v.pop(),
            Ready::Heap(h, _) => h.pop().map(|(_, _, c)| c),
        }
    }
}

/// Sorts `list` so that every commit comes after all of its children in it.
pub(crate) fn sort(graph: &Graph, list: &[u32], tie: TopoTie) -> Vec<u32> {
    // 1 + the children in the list not yet emitted; absent: not in the list
    let mut indegree: HashMap<u32, u32> = list.iter().map(|&c| (c, 1)).collect();
    for &c in list {
        for p in &graph.node(c).parents {
            if let Some(d) = indegree.get_mut(p) {
                *d += 1;
            }
        }
    }
    let tips: Vec<u32> = list
        .iter()
        .copied()
        .filter(|c| indegree.get(c) == Some(&1))
        .collect();
    let mut ready = Ready::with_tips(tie, graph, &tips);
    let mut out = Vec::with_capacity(list.len());
    while let Some(c) = ready.get() {
        for &p in &graph.node(c).parents {
            if let Some(d) = indegree.get_mut(&p) {
                if *d == 0 {
                    continue;
                }
                *d -= 1;
                if *d == 1 {
                    ready.put(graph, p);
                }
            }
        }
        indegree.insert(c, 0);
        out.push(c);
    }
    out
}
