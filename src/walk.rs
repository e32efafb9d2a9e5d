//! Walking trees: every entry below a tree with its full path, depth first in tree order (what
//! `git ls-tree -r -t` prints), with an explicit stack instead of recursion.

use crate::error::{Error, Result};
use crate::object::{EntryMode, Kind, TreeRef};
use crate::odb::Odb;
use crate::oid::ObjectId;
use bstr::BString;

/// One entry met on a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkEntry {
    /// The path from the walk's root tree, `/`-separated.
    pub path: BString,
    /// The entry's mode as stored.
    pub mode: EntryMode,
    /// The object it names.
    pub id: ObjectId,
}

/// What to do after visiting an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Go into it (if it is a tree) and on.
    Descend,
    /// Do not go into it; go on with its siblings.
    Skip,
}

/// Visits every entry of the tree `root` (peeled from a commit or tag if need be), calling
/// `visit` for each in tree order; a tree's entries come right after the tree itself when
/// `visit` says [`Visit::Descend`]. Gitlinks (submodule commits) are never entered.
///
/// ```
/// use gitstore::object::EntryMode;
/// use gitstore::walk::{walk_tree, Visit};
/// use gitstore::{repo::InitOptions, Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// let blob = repo.odb().write(Kind::Blob, b"data\n")?;
/// let mut editor = repo.edit_tree(None);
/// for path in ["src/main.rs", "src/util/mod.rs", "README", "target/junk"] {
///     editor.insert(path.as_bytes(), EntryMode::BLOB, blob)?;
/// }
/// let root = editor.write()?;
///
/// let mut seen = Vec::new();
/// walk_tree(repo.odb(), &root, |entry| {
///     seen.push(entry.path.to_string());
///     Ok(if entry.path == "target" { Visit::Skip } else { Visit::Descend })
/// })?;
/// assert_eq!(seen, ["README", "src", "src/main.rs", "src/util", "src/util/mod.rs", "target"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn walk_tree(
    odb: &Odb,
    root: &ObjectId,
    mut visit: impl FnMut(&WalkEntry) -> Result<Visit>,
) -> Result<()> {
    let root_tree = odb.peel_to(root, Kind::Tree)?.ok_or(Error::WrongKind {
        id: *root,
        expected: Kind::Tree,
        actual: None,
    })?;
    // each level: the directory's path prefix, and its entries still to visit (reversed)
    let mut stack: Vec<(BString, Vec<WalkEntry>)> =
        vec![(BString::default(), read(odb, &root_tree, b"")?)];
    while let Some((_, pending)) = stack.last_mut() {
        let Some(entry) = pending.pop() else {
            stack.pop();
            continue;
        };
        let decision = visit(&entry)?;
        if decision == Visit::Descend && entry.mode.is_tree() {
            let max_depth = odb.limits().max_tree_depth;
            if stack.len() >= max_depth {
                return Err(Error::LimitExceeded {
                    what: "tree depth",
                    limit: max_depth as u64,
                    location: crate::error::Location::Memory,
                });
            }
            let children = read(odb, &entry.id, &entry.path)?;
            stack.push((entry.path, children));
        }
    }
    Ok(())
}

/// The entries of tree `id`, with `base/` prepended to their names, in reverse order (so the
/// walk can pop them).
fn read(odb: &Odb, id: &ObjectId, base: &[u8]) -> Result<Vec<WalkEntry>> {
    let object = odb.read(id)?;
    if object.kind != Kind::Tree {
        return Err(Error::WrongKind {
            id: *id,
            expected: Kind::Tree,
            actual: Some(object.kind),
        });
    }
    let tree = TreeRef::parse(&object.data).map_err(|source| Error::InvalidObject {
        id: Some(*id),
        kind: Kind::Tree,
        source,
    })?;
    let mut entries: Vec<WalkEntry> = tree
        .iter()
        .map(|e| {
            let mut path = BString::from(base);
            if !base.is_empty() {
                path.push(b'/');
            }
            path.extend_from_slice(e.name);
            WalkEntry {
                path,
                mode: e.mode,
                id: e.id,
            }
        })
        .collect();
    entries.reverse();
    Ok(entries)
}
