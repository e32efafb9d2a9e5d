//! `--strict`: git's fsck checks on every received object, and the check that every object a
//! received one names (a commit's tree and parents, a tree's entries, a tag's target) was
//! received too or is already in the repository (git's `check_objects`: "did not receive
//! expected object").

use super::resolve::ResolvedSink;
use super::StrictError;
use crate::error::Result;
use crate::fsck::{self, Problem, Severity};
use crate::object::tree::TreeRefIter;
use crate::object::{CommitRef, Kind, TagRef};
use crate::oid::ObjectId;
use std::sync::Mutex;

/// Runs the fsck checks and gathers the links of every non-blob object.
pub struct StrictChecker {
    options: fsck::Options,
    links: Mutex<Vec<ObjectId>>,
}

impl StrictChecker {
    /// A checker with these fsck options.
    pub fn new(options: fsck::Options) -> StrictChecker {
        StrictChecker {
            options,
            links: Mutex::new(Vec::new()),
        }
    }

    /// Checks one object, remembering what it links to.
    pub fn check(&self, id: &ObjectId, kind: Kind, data: &[u8]) -> Result<()> {
        if kind == Kind::Blob {
            return Ok(());
        }
        let mut problems = Vec::new();
        let check = fsck::check_object(kind, data, &self.options, &mut |p: &Problem| {
            problems.push(p.clone());
            p.severity == Severity::Error
        });
        if check.failed {
            return Err(StrictError::Fsck { id: *id, problems }.into());
        }
        let mut found = Vec::new();
        links(kind, data, &mut found);
        if let Ok(mut all) = self.links.lock() {
            all.extend(found);
        }
        Ok(())
    }

    /// Every id a checked object named, sorted, each once.
    pub fn into_links(self) -> Vec<ObjectId> {
        let mut links = self.links.into_inner().unwrap_or_default();
        links.sort_unstable();
        links.dedup();
        links
    }
}

/// The ids `data` (an object of `kind`) names, as git's `fsck_walk` follows them (a tree's
/// submodule commits are not).
fn links(kind: Kind, data: &[u8], out: &mut Vec<ObjectId>) {
    match kind {
        Kind::Commit => {
            if let Ok(c) = CommitRef::parse(data) {
                out.push(c.tree);
                out.extend(c.parents);
            }
        }
        Kind::Tree => out.extend(
            TreeRefIter::new(data)
                .map_while(|e| e.ok())
                .filter(|e| !e.mode.is_commit())
                .map(|e| e.id),
        ),
        Kind::Tag => {
            if let Ok(t) = TagRef::parse(data) {
                out.push(t.target);
            }
        }
        Kind::Blob => {}
    }
}

impl ResolvedSink for StrictChecker {
    fn wants_objects(&self) -> bool {
        true
    }
    fn object(&self, id: &ObjectId, kind: Kind, data: &[u8]) -> Result<()> {
        self.check(id, kind, data)
    }
}
