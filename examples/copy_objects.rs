//! Copy objects from one repository into another: every object reachable from a revision
//! (commits, their trees and blobs, annotated tags), or every object the source has. Objects
//! the destination already has are skipped, and so is everything below them.
//! `cargo run --example copy_objects -- <from-git-dir> <to-git-dir> [<revision>]`.

use gitstore::object::{ObjectRef, TreeRef};
use gitstore::{revision, Kind, ObjectId, Repository};
use std::collections::HashSet;
use std::error::Error;

/// Copies what `rev` reaches in `from` (every object when `rev` is `None`) into `to`; returns
/// how many objects were written.
pub fn copy_objects(
    from: &Repository,
    to: &Repository,
    rev: Option<&str>,
) -> Result<usize, Box<dyn Error>> {
    let mut todo: Vec<ObjectId> = match rev {
        Some(rev) => vec![revision::resolve(from, rev)?],
        None => from.odb().ids_sorted()?,
    };
    let follow = rev.is_some();
    let mut seen = HashSet::new();
    let mut copied = 0;
    while let Some(id) = todo.pop() {
        if !seen.insert(id) || to.odb().contains(&id)? {
            continue;
        }
        let object = from.odb().read(&id)?;
        if follow {
            match ObjectRef::parse(object.kind, &object.data)? {
                ObjectRef::Commit(c) => todo.extend(c.parents.iter().copied().chain([c.tree])),
                ObjectRef::Tag(t) => todo.push(t.target),
                ObjectRef::Tree(t) => todo.extend(submodules_skipped(&t)),
                ObjectRef::Blob(_) => {}
            }
        }
        to.odb().write(object.kind, &object.data)?;
        copied += 1;
    }
    Ok(copied)
}

/// The entries of a tree to copy: every blob and subtree (a gitlink names a commit of another
/// repository).
fn submodules_skipped(tree: &TreeRef<'_>) -> Vec<ObjectId> {
    tree.iter()
        .filter(|e| e.mode.kind() != Kind::Commit)
        .map(|e| e.id)
        .collect()
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to, rest @ ..] = &args[..] else {
        return Err("usage: copy_objects <from-git-dir> <to-git-dir> [<revision>]".into());
    };
    let from = Repository::open(from)?;
    let to = Repository::open(to)?;
    let copied = copy_objects(&from, &to, rest.first().map(String::as_str))?;
    println!("{copied} objects copied");
    Ok(())
}
