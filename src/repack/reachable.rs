//! Which objects `repack` packs: what git's `repack` asks `pack-objects` for with `--all
//! --reflog --indexed-objects` — every object reachable from the refs, the `HEAD` of every
//! worktree, every reflog entry and every worktree's index — each with the path the walk
//! reached it by (for the delta search).
//!
//! ```text
//! repack -a     reachable objects, less those of .keep packs (--honor-pack-keep);
//!               unreachable packed objects are left behind (and go with their pack on -d),
//!               unreachable loose ones stay loose
//! repack        reachable objects in no pack (--unpacked --incremental): commits found in a
//!               pack are stepped over, their trees not listed (git's `--unpacked`)
//! ```

use super::index_file;
use crate::error::{Error, Result};
use crate::history::objects::{ReachableObjects, Walked};
use crate::history::walk::{RefSelection, Walk, WalkOptions};
use crate::oid::ObjectId;
use crate::pack::Pack;
use crate::pack_write::revs::objects_of_walk;
use crate::pack_write::PackObject;
use crate::repo::Repository;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The objects for the new pack, and the annotated tags among them.
pub(super) struct Selected {
    pub objects: Vec<PackObject>,
    pub tags: HashSet<ObjectId>,
}

/// With `all`: every reachable object not in a `kept` pack. Without: every reachable object in
/// no pack at all.
pub(super) fn select(repo: &Repository, all: bool, kept: &[Arc<Pack>]) -> Result<Selected> {
    let odb = repo.odb();
    let mut walk = Walk::new(repo, WalkOptions::default());
    walk.push_refs(RefSelection::All, false)?;
    let linked = linked_worktrees(repo.common_dir())?;
    for dir in &linked {
        if let Some(id) = detached_head(dir) {
            if odb.try_read_header(&id)?.is_some() {
                walk.push(id)?;
            }
        }
    }
    for id in reflog_values(repo.common_dir(), &linked)? {
        // git's `--reflog` steps over entries whose object was pruned
        if odb.try_read_header(&id)?.is_some() {
            walk.push(id)?;
        }
    }
    let mut indexed = index_file::blobs(repo.common_dir(), repo.limits())?;
    for dir in &linked {
        indexed.extend(index_file::blobs(dir, repo.limits())?);
    }
    if all {
        let mut listed = objects_of_walk(repo, walk, false)?;
        let mut seen: HashSet<ObjectId> = listed.objects.iter().map(|o| o.id).collect();
        for (id, path) in indexed {
            if seen.insert(id) && odb.contains(&id)? {
                listed.objects.push(PackObject::with_path(id, &path));
            }
        }
        let in_kept = |id: &ObjectId| kept.iter().any(|p| p.contains(id));
        listed.objects.retain(|o| !in_kept(&o.id));
        return Ok(Selected {
            objects: listed.objects,
            tags: listed.tags,
        });
    }
    let packs = odb.packs();
    let packed = |id: &ObjectId| packs.iter().any(|p| p.contains(id));
    let mut setup = ReachableObjects::new(odb);
    let mut tags = HashSet::new();
    for tip in walk.given().to_vec() {
        if odb.try_read_header(&tip.id)?.map(|h| h.kind) == Some(crate::Kind::Tag) {
            tags.insert(tip.id);
        }
        setup.add(&tip.id, None)?;
    }
    let commits = walk
        .filter(|c| !matches!(c, Ok(c) if packed(&c.id)))
        .map(|c| {
            c.map(|c| Walked {
                id: c.id,
                tree: (!c.tree.is_null()).then_some(c.tree),
                parents: None,
            })
        });
    let mut objects = Vec::new();
    let mut listing = setup.walk(commits);
    let mut seen = HashSet::new();
    while let Some(o) = listing.next_object()? {
        if !o.missing && !packed(&o.id) && seen.insert(o.id) {
            objects.push(PackObject::with_path(o.id, o.name.unwrap_or_default()));
        }
    }
    for (id, path) in indexed {
        if !packed(&id) && seen.insert(id) && odb.contains(&id)? {
            objects.push(PackObject::with_path(id, &path));
        }
    }
    Ok(Selected { objects, tags })
}

/// The git directories of the linked worktrees (`<common>/worktrees/<name>`), sorted.
fn linked_worktrees(common_dir: &Path) -> Result<Vec<PathBuf>> {
    let dir = common_dir.join("worktrees");
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(&dir, e))?.path();
        if path.join("HEAD").is_file() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// The commit a worktree's `HEAD` names directly (a detached `HEAD`).
fn detached_head(git_dir: &Path) -> Option<ObjectId> {
    let text = crate::file::read(&git_dir.join("HEAD")).ok()?;
    std::str::from_utf8(&text).ok()?.trim_end().parse().ok()
}

/// Every non-null value of every reflog: `logs/` of the common directory, and each linked
/// worktree's `logs/HEAD`.
fn reflog_values(common_dir: &Path, linked: &[PathBuf]) -> Result<Vec<ObjectId>> {
    let mut files = Vec::new();
    list_files(&common_dir.join("logs"), &mut files)?;
    files.sort();
    files.extend(linked.iter().map(|dir| dir.join("logs/HEAD")));
    let mut ids = Vec::new();
    for file in files {
        let content = match crate::file::read(&file) {
            Ok(content) => content,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(file, e)),
        };
        for entry in crate::refs::reflog::parse_log(&content) {
            for id in [entry.old, entry.new] {
                if !id.is_null() {
                    ids.push(id);
                }
            }
        }
    }
    Ok(ids)
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            list_files(&path, out)?;
        } else if kind.is_file() {
            out.push(path);
        }
    }
    Ok(())
}
