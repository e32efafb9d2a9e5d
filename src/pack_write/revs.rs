//! What `pack-objects --revs` packs: every object a commit walk reaches (its commits, the
//! tags, trees and blobs named as tips, and the trees and blobs of the commits), each with the
//! path it was reached by for [`name_hash`](super::name_hash); and for a thin pack, the objects
//! of the walk's edge commits (hidden parents of shown commits) as preferred delta bases.

use super::PackObject;
use crate::error::Result;
use crate::history::objects::{ReachableObjects, Walked};
use crate::history::walk::Walk;
use crate::oid::ObjectId;
use crate::repo::Repository;
use std::collections::HashSet;

/// The objects of a walk, ready for [`PackWriter`](super::PackWriter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkObjects {
    /// Every object to write, commits first, in the order `rev-list --objects` lists them.
    pub objects: Vec<PackObject>,
    /// With `thin`: the trees and blobs of the edge commits, usable as delta bases and left
    /// out of the pack.
    pub bases: Vec<PackObject>,
    /// The annotated tags among the objects.
    pub tags: HashSet<ObjectId>,
}

/// Runs `walk` and lists what it reaches, as `git pack-objects --revs` does.
///
/// ```
/// use gitstore::history::walk::{Walk, WalkOptions};
/// use gitstore::object::EntryMode;
/// use gitstore::pack_write::revs::objects_of_walk;
/// use gitstore::{repo::InitOptions, Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// let blob = repo.odb().write(Kind::Blob, b"a\n")?;
/// let mut tree = repo.edit_tree(None);
/// tree.insert(b"a.txt", EntryMode::BLOB, blob)?;
/// let body = format!("tree {}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\none\n", tree.write()?);
/// let commit = repo.odb().write(Kind::Commit, body.as_bytes())?;
///
/// let mut walk = Walk::new(&repo, WalkOptions::default());
/// walk.push(commit)?;
/// let listed = objects_of_walk(&repo, walk, false)?;
/// assert_eq!(listed.objects.len(), 3); // the commit, its tree, the blob
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn objects_of_walk(repo: &Repository, mut walk: Walk<'_>, thin: bool) -> Result<WalkObjects> {
    let odb = repo.odb();
    let mut setup = ReachableObjects::new(odb);
    let mut tags = HashSet::new();
    let given = walk.given().to_vec();
    for tip in &given {
        if tip.hidden {
            setup.hide(&tip.id)?;
        } else {
            if odb.try_read_header(&tip.id)?.map(|h| h.kind) == Some(crate::Kind::Tag) {
                tags.insert(tip.id);
            }
            setup.add(&tip.id, None)?;
        }
    }
    let mut edges = Vec::new();
    if given.iter().any(|t| t.hidden) {
        let prepared = walk.prepared_commits()?;
        let hidden: HashSet<ObjectId> = walk.hidden().into_iter().collect();
        edges = setup.hide_edges(&prepared, |id| hidden.contains(id))?;
    }
    let mut objects = Vec::new();
    let commits = walk.map(|c| {
        c.map(|c| Walked {
            id: c.id,
            tree: (!c.tree.is_null()).then_some(c.tree),
            parents: None,
        })
    });
    let mut listing = setup.walk(commits);
    while let Some(o) = listing.next_object()? {
        if !o.missing {
            objects.push(PackObject::with_path(o.id, o.name.unwrap_or_default()));
        }
    }
    let mut bases = Vec::new();
    if thin && !edges.is_empty() {
        let mut listing = ReachableObjects::new(odb).walk(edges);
        while let Some(o) = listing.next_object()? {
            if !o.missing && o.kind != crate::Kind::Commit {
                bases.push(PackObject::with_path(o.id, o.name.unwrap_or_default()));
            }
        }
    }
    Ok(WalkObjects {
        objects,
        bases,
        tags,
    })
}
