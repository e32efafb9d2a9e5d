//! [`WalkListing`]: a commit [`Walk`] and the objects its commits and tips reach, in one
//! stream, as `git rev-list --objects` and `git pack-objects --revs` take them from git's
//! `traverse_commit_list`:
//!
//! ```text
//! set-up      tips:   ^hidden  → hidden trees/blobs/tags      (ReachableObjects::hide)
//!                     shown    → tags, trees, blobs queued    (ReachableObjects::add,
//!                                                              by `<rev>:<path>`'s path)
//!             edges:  the hidden parents of the prepared walk → their trees hidden
//!             paths:  the walk's pathspec limits which entries of a tree are listed
//! stream      C3 C2 C1 (each commit as the walk gives it), then the queued objects, then
//!             each commit's tree and what is below it; with `in_commit_order`, each
//!             commit's objects right after it
//! ```

use super::{Objects, ReachableObjects, Reached, Walked};
use crate::error::Result;
use crate::history::walk::{Walk, WalkCommit};
use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::BString;
use std::collections::HashSet;

/// What becomes of the edge commits, the hidden parents of the walk's commits: their trees
/// are hidden in every case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Edges {
    /// Nothing more (`--objects`).
    #[default]
    Hidden,
    /// Reported by [`WalkListing::edges`] and counted as shown, so the walk's `--boundary`
    /// leaves them out (`--objects-edge`).
    Shown,
    /// As [`Edges::Shown`], and every hidden commit tip is an edge too
    /// (`--objects-edge-aggressive`).
    Aggressive,
}

/// One step of a [`WalkListing`].
#[derive(Debug)]
pub enum Listed<'a> {
    /// A commit of the walk, as the walk gave it.
    Commit(WalkCommit),
    /// A tag, tree or blob (or, with [`MissingAction::Print`](super::MissingAction::Print), a
    /// missing one).
    Object(Reached<'a>),
}

/// A commit walk and the objects it reaches, in git's order (see the module doc). Made by
/// [`ReachableObjects::from_walk`]; read with [`WalkListing::next_listed`].
pub struct WalkListing<'r> {
    walk: Walk<'r>,
    objects: Objects<'r, std::iter::Empty<ObjectId>>,
    edges: Vec<ObjectId>,
    walk_done: bool,
    /// With `in_commit_order`: the last commit's objects are still being listed.
    draining: bool,
}

impl<'r> ReachableObjects<'r> {
    /// Sets the walk up over `walk` and its tips: the hidden tips hidden, the other tags,
    /// trees and blobs queued (by the path of a `<rev>:<path>` argument), the trees of the
    /// edge commits hidden (and more, as `edges` says), and the walk's paths (if any) limiting
    /// the trees' entries.
    ///
    /// ```
    /// use gitstore::history::objects::{Edges, Listed, ReachableObjects};
    /// use gitstore::history::walk::{Walk, WalkOptions};
    /// use gitstore::object::EntryMode;
    /// use gitstore::{repo::InitOptions, Kind, Repository};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
    /// let blob = repo.odb().write(Kind::Blob, b"a\n")?;
    /// let mut tree = repo.edit_tree(None);
    /// tree.insert(b"docs/a.txt", EntryMode::BLOB, blob)?;
    /// let body = format!("tree {}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\none\n", tree.write()?);
    /// let commit = repo.odb().write(Kind::Commit, body.as_bytes())?;
    ///
    /// let mut walk = Walk::new(&repo, WalkOptions::default());
    /// walk.push(commit)?;
    /// let mut listing = ReachableObjects::new(repo.odb()).from_walk(walk, Edges::Hidden)?;
    /// let mut seen = Vec::new();
    /// while let Some(step) = listing.next_listed()? {
    ///     seen.push(match step {
    ///         Listed::Commit(c) => format!("commit {}", c.id == commit),
    ///         Listed::Object(o) => format!("{} {}", o.kind, o.name.unwrap_or_default()),
    ///     });
    /// }
    /// assert_eq!(seen, ["commit true", "tree ", "tree docs", "blob docs/a.txt"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_walk(mut self, mut walk: Walk<'r>, edges_are: Edges) -> Result<WalkListing<'r>> {
        let given = walk.given().to_vec();
        for tip in &given {
            if tip.hidden {
                self.hide(&tip.id)?;
            } else {
                let path = named_path(&tip.name);
                self.add(&tip.id, path.as_ref().map(|p| p.as_slice()))?;
            }
        }
        let mut edges = Vec::new();
        // git marks the edges before the first commit is shown, from the prepared walk
        if given.iter().any(|t| t.hidden) {
            let prepared = walk.prepared_commits_with_parents()?;
            let hidden: HashSet<ObjectId> = walk.hidden().into_iter().collect();
            let prepared = prepared.into_iter().map(|(id, parents)| Walked {
                id,
                tree: None,
                parents,
            });
            edges = self.hide_edges(prepared, |id| hidden.contains(id))?;
            if edges_are == Edges::Aggressive {
                // git goes through the command line with the flags the walk left: a tip the
                // walk found hidden counts too
                for tip in given.iter().filter(|t| hidden.contains(&t.id)) {
                    let kind = self.odb.try_read_header(&tip.id)?.map(|h| h.kind);
                    if kind == Some(Kind::Commit) {
                        self.hide_commit_tree(&tip.id)?;
                        if !edges.contains(&tip.id) {
                            edges.push(tip.id);
                        }
                    }
                }
            }
            if edges_are != Edges::Hidden {
                walk.mark_shown(&edges);
            }
        }
        if let Some(spec) = &walk.options().paths {
            self = self.limit_to_paths(spec.clone());
        }
        Ok(WalkListing {
            walk,
            objects: self.objects(),
            edges,
            walk_done: false,
            draining: false,
        })
    }
}

impl<'r> WalkListing<'r> {
    /// The edge commits (hidden parents of the walk's commits, and with `aggressive_edges` the
    /// hidden commit tips), each once, in the order met: `--objects-edge` prints them first.
    pub fn edges(&self) -> &[ObjectId] {
        &self.edges
    }

    /// The next commit or object; `None` at the end. An error of the walk or of the listing
    /// ends it.
    pub fn next_listed(&mut self) -> Result<Option<Listed<'_>>> {
        loop {
            if !self.walk_done && !self.draining {
                match self.walk.next() {
                    Some(commit) => {
                        let commit = commit?;
                        self.objects.push_commit(Walked {
                            id: commit.id,
                            tree: (!commit.tree.is_null()).then_some(commit.tree),
                            parents: None,
                        })?;
                        self.draining = self.objects.inner.options.in_commit_order;
                        return Ok(Some(Listed::Commit(commit)));
                    }
                    None => self.walk_done = true,
                }
            }
            match self.objects.step_found()? {
                Some(found) => return Ok(Some(Listed::Object(self.objects.reached(found)))),
                None if self.walk_done => return Ok(None),
                None => self.draining = false,
            }
        }
    }
}

/// The path git records for a `<rev>:<path>` argument (its `oc.path`): the path as typed, or
/// normalized when it starts with `./` or `../`; `None` for other arguments.
fn named_path(arg: &[u8]) -> Option<BString> {
    let (_, path) = crate::revision::split_path(arg)?;
    if path.starts_with(b"./") || path.starts_with(b"../") || path == b"." || path == b".." {
        return crate::revision::normalize_path(path);
    }
    Some(path.into())
}
