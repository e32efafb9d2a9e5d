//! TREESAME: whether two commits' trees agree at the paths of a path-limited walk (git's
//! `rev_compare_tree` with a pathspec), read by descending from both root trees only into
//! subtrees whose ids differ and only along the paths asked for.
//!
//! ```text
//! paths: src/lib.rs          root A ── src (tree 1a) ── lib.rs (blob 7f)
//!                            root B ── src (tree 2c) ── lib.rs (blob 7f)   → same
//! ```
//!
//! A path names an entry and everything below it (`src` covers `src/lib.rs`); a path ending in
//! `/` names a directory only. The empty path names the whole tree. Specs with globs or magic
//! (`*.rs`, `:!docs`, `:(icase)…`) cannot be looked up by name: for them the two trees are
//! diffed, recursively and limited by the pathspec, up to the first change.

use crate::diff::{for_each_change, DiffOptions};
use crate::error::{Error, Result};
use crate::object::{Kind, TreeRefIter};
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pathspec::Pathspec;
use bstr::BString;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;

/// Trees kept in memory between comparisons (a commit's tree is compared with its parent's
/// and then, as the parent, with the grandparent's).
const TREE_CACHE: usize = 4096;

/// The paths of a path-limited walk and the trees read to compare them.
pub(crate) struct PathFilter {
    /// Each path split into components; `dir_only` when it ended in `/`.
    specs: Vec<Spec>,
    /// The whole tree is asked for (an empty path).
    everything: bool,
    /// Specs that are not plain paths: compared by a limited tree diff.
    diff: Option<DiffOptions>,
    trees: HashMap<ObjectId, Arc<[u8]>>,
}

struct Spec {
    components: Vec<BString>,
    dir_only: bool,
}

/// What one entry at a path is: its canonical mode and id.
type Found = Option<(u32, ObjectId)>;

impl PathFilter {
    /// A filter for the specs of `pathspec`.
    pub(crate) fn new(pathspec: &Pathspec) -> PathFilter {
        if !pathspec.is_literal() {
            return PathFilter {
                specs: Vec::new(),
                everything: false,
                diff: Some(DiffOptions {
                    recursive: true,
                    pathspec: pathspec.clone(),
                    ..DiffOptions::default()
                }),
                trees: HashMap::new(),
            };
        }
        let mut specs = Vec::new();
        let mut everything = pathspec.matches_all();
        for p in pathspec.items().iter().map(|i| &i.path) {
            let dir_only = p.ends_with(b"/");
            let components: Vec<BString> = p
                .split(|&c| c == b'/')
                .filter(|c| !c.is_empty() && *c != b".")
                .map(BString::from)
                .collect();
            if components.is_empty() {
                everything = true;
            }
            specs.push(Spec {
                components,
                dir_only,
            });
        }
        PathFilter {
            specs,
            everything,
            diff: None,
            trees: HashMap::new(),
        }
    }

    /// Whether the trees `a` and `b` (`None`: the empty tree) agree at every path.
    pub(crate) fn same(
        &mut self,
        odb: &Odb,
        a: Option<ObjectId>,
        b: Option<ObjectId>,
    ) -> Result<bool> {
        if a == b {
            return Ok(true);
        }
        if self.everything {
            return Ok(false);
        }
        if let Some(options) = &self.diff {
            let mut changed = false;
            for_each_change(odb, a.as_ref(), b.as_ref(), options, |_| {
                changed = true;
                ControlFlow::Break(())
            })?;
            return Ok(!changed);
        }
        for i in 0..self.specs.len() {
            let (mut ta, mut tb) = (a, b);
            let n = self.specs[i].components.len();
            for depth in 0..n {
                if ta == tb {
                    break;
                }
                let last = depth + 1 == n;
                let name = self.specs[i].components[depth].clone();
                let ea = self.entry(odb, ta, &name)?;
                let eb = self.entry(odb, tb, &name)?;
                if last {
                    let keep = |e: Found| {
                        e.filter(|(mode, _)| !self.specs[i].dir_only || *mode == 0o040000)
                    };
                    if keep(ea) != keep(eb) {
                        return Ok(false);
                    }
                    break;
                }
                let subtree = |e: Found| e.filter(|(mode, _)| *mode == 0o040000).map(|(_, id)| id);
                ta = subtree(ea);
                tb = subtree(eb);
                if ta.is_none() && tb.is_none() {
                    break;
                }
            }
        }
        Ok(true)
    }

    /// The entry `name` of the tree `tree`.
    fn entry(&mut self, odb: &Odb, tree: Option<ObjectId>, name: &[u8]) -> Result<Found> {
        let Some(tree) = tree else { return Ok(None) };
        let data = self.tree(odb, tree)?;
        for entry in TreeRefIter::new(&data) {
            let entry = entry.map_err(|source| Error::InvalidObject {
                id: Some(tree),
                kind: Kind::Tree,
                source,
            })?;
            if entry.name == name {
                return Ok(Some((entry.mode.canonical_value(), entry.id)));
            }
        }
        Ok(None)
    }

    fn tree(&mut self, odb: &Odb, id: ObjectId) -> Result<Arc<[u8]>> {
        if let Some(t) = self.trees.get(&id) {
            return Ok(t.clone());
        }
        let mut data = Vec::new();
        let data: Arc<[u8]> = match odb.try_read(&id, &mut data)? {
            Some(Kind::Tree) => data.into(),
            // git reads a missing or mistyped tree as empty here
            _ => Arc::from(&[][..]),
        };
        if self.trees.len() >= TREE_CACHE {
            self.trees.clear();
        }
        self.trees.insert(id, data.clone());
        Ok(data)
    }
}
