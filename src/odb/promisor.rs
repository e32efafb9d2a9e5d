//! Promisor objects: what the remote of a partial clone promises to send when asked, so that a
//! walk may find them missing without the repository being broken (git's
//! `is_promisor_object`).
//!
//! ```text
//! objects/pack/pack-<hash>.pack
//! objects/pack/pack-<hash>.idx
//! objects/pack/pack-<hash>.promisor   empty (or the refs fetched): this pack came from a
//!                                     promisor remote
//! ```
//!
//! Promised are the objects of promisor packs and every object they name: a commit's tree and
//! parents, a tree's entries, a tag's target. Only a repository with a promisor remote
//! ([`OdbOptions::promisor_remote`](super::OdbOptions)) promises anything, whatever its packs
//! say, as in git.
//!
//! git answers from a set it builds at the first question by reading every object of every
//! promisor pack. [`PromisorObjects`] builds the same set, but first tries the question a walk
//! can ask cheaply: an object named by a tree (or commit, or tag) that is itself in a promisor
//! pack is promised, by the definition above, without reading anything else. A partial clone's
//! missing blobs are all named by such trees, so the set is built only for an object named
//! from outside the promisor packs.

use super::Odb;
use super::Result;
use crate::object::tree::TreeRefIter;
use crate::object::{CommitRef, Kind, TagRef};
use crate::oid::ObjectId;
use crate::pack::Pack;
use std::collections::HashSet;
use std::sync::Arc;

/// Answers whether an object is promised, for one walk.
///
/// ```
/// use gitstore::odb::{Odb, PromisorObjects};
/// let dir = tempfile::tempdir()?;
/// std::fs::create_dir(dir.path().join("objects"))?;
/// let odb = Odb::open(dir.path().join("objects"))?;
/// let mut promised = PromisorObjects::new(&odb);
/// // no promisor remote configured: nothing is promised
/// assert!(!promised.contains(&gitstore::ObjectId::null(), None)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PromisorObjects<'o> {
    odb: &'o Odb,
    /// The promisor packs; `None` until first needed.
    packs: Option<Vec<Arc<Pack>>>,
    /// git's set, built at the first question the packs alone cannot answer.
    set: Option<HashSet<ObjectId>>,
}

impl<'o> PromisorObjects<'o> {
    /// Questions about `odb`'s promisor objects; nothing is read before the first.
    pub fn new(odb: &'o Odb) -> Self {
        PromisorObjects {
            odb,
            packs: None,
            set: None,
        }
    }

    /// Whether `id` is promised. `named_by` is the object the caller found `id` in (the tree
    /// listing it, the commit or tag naming it), when it knows one: if that object is in a
    /// promisor pack, the answer needs nothing else.
    pub fn contains(&mut self, id: &ObjectId, named_by: Option<&ObjectId>) -> Result<bool> {
        if !self.odb.has_promisor_remote() {
            return Ok(false);
        }
        if self.in_promisor_pack(id) || named_by.is_some_and(|n| self.in_promisor_pack(n)) {
            return Ok(true);
        }
        if self.set.is_none() {
            self.set = Some(self.build()?);
        }
        Ok(self.set.as_ref().is_some_and(|s| s.contains(id)))
    }

    /// Whether `id` is in a promisor pack.
    pub fn in_promisor_pack(&mut self, id: &ObjectId) -> bool {
        let odb = self.odb;
        self.packs
            .get_or_insert_with(|| odb.promisor_packs())
            .iter()
            .any(|p| p.contains(id))
    }

    /// git's set: every object of the promisor packs and every object they name.
    fn build(&mut self) -> Result<HashSet<ObjectId>> {
        let odb = self.odb;
        let packs = self.packs.get_or_insert_with(|| odb.promisor_packs());
        let mut set = HashSet::new();
        let mut data = Vec::new();
        for pack in packs.iter() {
            for id in pack.ids() {
                data.clear();
                // git skips what it cannot parse (its pack checks report it elsewhere)
                let Ok(Some(kind)) = odb.try_read(&id, &mut data) else {
                    continue;
                };
                set.insert(id);
                named_objects(kind, &data, &mut set);
            }
        }
        Ok(set)
    }
}

/// Adds the objects `data` (an object of `kind`) names; nothing for what does not parse.
fn named_objects(kind: Kind, data: &[u8], set: &mut HashSet<ObjectId>) {
    match kind {
        Kind::Tree => {
            for entry in TreeRefIter::new(data) {
                let Ok(entry) = entry else { break };
                set.insert(entry.id);
            }
        }
        Kind::Commit => {
            if let Ok(c) = CommitRef::parse(data) {
                set.insert(c.tree);
                set.extend(c.parents);
            }
        }
        Kind::Tag => {
            if let Ok(t) = TagRef::parse(data) {
                set.insert(t.target);
            }
        }
        Kind::Blob => {}
    }
}

impl Odb {
    /// Whether the repository has a promisor remote ([`OdbOptions::promisor_remote`]
    /// (super::OdbOptions)): without one, nothing is promised.
    pub fn has_promisor_remote(&self) -> bool {
        self.promisor_remote
    }

    /// The packs marked as fetched from a promisor remote (a `.promisor` file beside the
    /// `.pack`), in [`Odb::packs`] order.
    pub fn promisor_packs(&self) -> Vec<Arc<Pack>> {
        self.packs()
            .into_iter()
            .filter(|p| p.pack_path().with_extension("promisor").is_file())
            .collect()
    }
}
