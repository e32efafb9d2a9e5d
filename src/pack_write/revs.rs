//! What `pack-objects --revs` packs: every object a commit walk reaches (its commits, the
//! tags, trees and blobs named as tips, and the trees and blobs of the commits), each with the
//! path it was reached by for [`name_hash`](super::name_hash); and for a thin pack, the objects
//! of the walk's edge commits (hidden parents of shown commits) as preferred delta bases.

use super::PackObject;
use crate::error::Result;
use crate::history::objects::{Edges, Listed, ReachableObjects};
use crate::history::walk::Walk;
use crate::oid::ObjectId;
use crate::stores::Stores;
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
pub fn objects_of_walk<'r>(
    repo: impl Into<Stores<'r>>,
    walk: Walk<'_>,
    thin: bool,
) -> Result<WalkObjects> {
    let odb = repo.into().odb();
    let mut tags = HashSet::new();
    for tip in walk.given().iter().filter(|t| !t.hidden) {
        if odb.try_read_header(&tip.id)?.map(|h| h.kind) == Some(crate::Kind::Tag) {
            tags.insert(tip.id);
        }
    }
    let mut listing = ReachableObjects::new(odb).from_walk(walk, Edges::Hidden)?;
    let mut objects = Vec::new();
    while let Some(step) = listing.next_listed()? {
        match step {
            Listed::Commit(c) => {
                objects.push(PackObject::with_path(c.id, b"").with_kind(crate::Kind::Commit))
            }
            Listed::Object(o) if !o.missing => objects
                .push(PackObject::with_path(o.id, o.name.unwrap_or_default()).with_kind(o.kind)),
            Listed::Object(_) => {}
        }
    }
    let mut bases = Vec::new();
    if thin && !listing.edges().is_empty() {
        let mut listed = ReachableObjects::new(odb).walk(listing.edges().to_vec());
        while let Some(o) = listed.next_object()? {
            if !o.missing && o.kind != crate::Kind::Commit {
                bases.push(
                    PackObject::with_path(o.id, o.name.unwrap_or_default()).with_kind(o.kind),
                );
            }
        }
    }
    Ok(WalkObjects {
        objects,
        bases,
        tags,
    })
}
