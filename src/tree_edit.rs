//! [`TreeEditor`]: insert, replace and remove entries at nested paths of a tree, then write the
//! new root tree, writing only the trees that changed.
//!
//! The editor reads trees lazily from any [`ObjectStore`] (an [`Odb`](crate::odb::Odb), a
//! [`MemoryStore`](crate::odb::MemoryStore)…) as edits descend into them, and keeps edited
//! directories in memory until [`TreeEditor::write`]. It behaves as git's index does when the
//! same paths are added and removed and `git write-tree` is run:
//!
//! - a path whose directories do not exist creates them;
//! - a file in the way of a directory (inserting `a/b` where `a` is a file) is replaced by the
//!   directory, and a directory in the way of a file by the file (`git update-index --replace`);
//! - a directory left empty by removals disappears from its parent (an index cannot hold an
//!   empty directory); the root tree may be empty;
//! - entries are written in git's order, a directory sorting as if its name ended in `/`
//!   (`a.txt` < `a/` < `a0`).
//!
//! Directories that no edit touched keep their id and are not read or written again.
//!
//! ```
//! use gitstore::object::EntryMode;
//! use gitstore::odb::{MemoryStore, ObjectStore};
//! use gitstore::tree_edit::TreeEditor;
//! use gitstore::Kind;
//!
//! let store = MemoryStore::new();
//! let blob = store.write(Kind::Blob, b"hello\n")?;
//! let mut editor = TreeEditor::new(&store, None);
//! editor.insert(b"src/lib.rs", EntryMode::BLOB, blob)?;
//! editor.insert(b"README", EntryMode::BLOB, blob)?;
//! let root = editor.write()?;
//!
//! // edit the written tree: replace a file, remove the only file of `src/`
//! let mut editor = TreeEditor::new(&store, Some(root));
//! editor.insert(b"README", EntryMode::BLOB_EXECUTABLE, blob)?;
//! editor.remove(b"src/lib.rs")?;
//! let edited = editor.write()?;
//! assert_eq!(editor.find(b"src")?, None); // the emptied directory is gone
//! assert_eq!(editor.find(b"README")?.map(|e| e.mode), Some(EntryMode::BLOB_EXECUTABLE));
//! # let _ = edited;
//! # Ok::<(), gitstore::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::object::{Entry, EntryMode, Kind, Tree, TreeRef, WriteTo};
use crate::odb::ObjectStore;
use crate::oid::ObjectId;
use bstr::BString;

/// Edits a tree by path; see the [module documentation](self).
pub struct TreeEditor<'s> {
    store: &'s dyn ObjectStore,
    root: Dir,
}

impl std::fmt::Debug for TreeEditor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TreeEditor")
            .field("base", &self.root.base)
            .field("changed", &self.root.changed)
            .finish()
    }
}

/// One directory: the tree it was read from and, once an edit reached it, its entries.
#[derive(Debug, Default)]
struct Dir {
    /// The tree this directory was read from (`None`: new, or the empty root).
    base: Option<ObjectId>,
    /// The entries, read from `base` on first use.
    entries: Option<Vec<Slot>>,
    /// Whether an edit changed this directory or one below it.
    changed: bool,
}

/// One entry of a [`Dir`]; a subdirectory an edit went into also holds its [`Dir`].
#[derive(Debug)]
struct Slot {
    entry: Entry,
    dir: Option<Box<Dir>>,
}

impl Slot {
    /// The directory of this (tree) entry, read from its tree on first use.
    fn dir(&mut self) -> &mut Dir {
        let base = self.entry.id;
        self.dir.get_or_insert_with(|| {
            Box::new(Dir {
                base: Some(base),
                ..Dir::default()
            })
        })
    }
}

impl<'s> TreeEditor<'s> {
    /// An editor of the tree `base` (`None`: start from an empty tree), reading trees from and
    /// writing them to `store`.
    pub fn new(store: &'s dyn ObjectStore, base: Option<ObjectId>) -> TreeEditor<'s> {
        TreeEditor {
            store,
            root: Dir {
                base,
                ..Dir::default()
            },
        }
    }

    /// Puts an entry at `path` (components separated by `/`), creating the directories on the
    /// way and replacing what is there: a file, or a whole directory. `mode` says what `id` is
    /// ([`EntryMode::TREE`] inserts an existing tree as a directory). An empty path, an empty
    /// component, `.`, `..`, `.git` or a NUL byte is an [`Error::InvalidPath`], as git refuses
    /// such paths.
    pub fn insert(&mut self, path: &[u8], mode: EntryMode, id: ObjectId) -> Result<&mut Self> {
        let components = split_path(path)?;
        let (name, dirs) = components.split_last().ok_or_else(|| bad_path(path))?;
        let store = self.store;
        let mut dir = &mut self.root;
        for component in dirs {
            dir.changed = true;
            dir = dir.subdir_for_insert(store, component)?;
        }
        dir.changed = true;
        let entries = dir.entries(store)?;
        let entry = Entry::new(mode, *name, id);
        match entries.iter_mut().find(|s| s.entry.name == *name) {
            Some(slot) => {
                slot.entry = entry;
                slot.dir = None;
            }
            None => entries.push(Slot { entry, dir: None }),
        }
        Ok(self)
    }

    /// Removes the entry at `path` (a file, or a directory and all below it). Directories this
    /// leaves empty are removed when written. Removing a path that does not exist does nothing.
    pub fn remove(&mut self, path: &[u8]) -> Result<&mut Self> {
        let components = split_path(path)?;
        let (name, dirs) = components.split_last().ok_or_else(|| bad_path(path))?;
        let store = self.store;
        // find the directory first, so that a missing path changes nothing
        let mut dir = &mut self.root;
        for component in dirs {
            let Some(sub) = dir.subdir(store, component)? else {
                return Ok(self);
            };
            dir = sub;
        }
        let entries = dir.entries(store)?;
        let Some(at) = entries.iter().position(|s| s.entry.name == *name) else {
            return Ok(self);
        };
        entries.remove(at);
        // mark the way down as changed
        let mut dir = &mut self.root;
        dir.changed = true;
        for component in dirs {
            let Some(sub) = dir.subdir(store, component)? else {
                break; // it was there a moment ago
            };
            dir = sub;
            dir.changed = true;
        }
        Ok(self)
    }

    /// The entry at `path` as the edits so far leave it (before or after [`write`](Self::write));
    /// `None` when there is none. A directory's id is that of the tree it was read from until
    /// the editor is written.
    pub fn find(&mut self, path: &[u8]) -> Result<Option<Entry>> {
        let components = split_path(path)?;
        let Some((name, dirs)) = components.split_last() else {
            return Ok(None);
        };
        let store = self.store;
        let mut dir = &mut self.root;
        for component in dirs {
            let Some(sub) = dir.subdir(store, component)? else {
                return Ok(None);
            };
            dir = sub;
        }
        let entries = dir.entries(store)?;
        Ok(entries
            .iter()
            .find(|s| s.entry.name == *name)
            .map(|s| s.entry.clone()))
    }

    /// Writes every changed tree, deepest first, and returns the id of the root tree. Trees no
    /// edit touched are not written again. The editor can go on editing the result.
    pub fn write(&mut self) -> Result<ObjectId> {
        match self.root.write(self.store)? {
            Some(id) if id != ObjectId::EMPTY_TREE => Ok(id),
            _ => {
                // an empty root is still a tree, and a commit needs it stored
                let id = self.store.write(Kind::Tree, b"")?;
                self.root = Dir {
                    base: Some(id),
                    ..Dir::default()
                };
                Ok(id)
            }
        }
    }
}

impl Dir {
    /// The entries, read from the base tree on first use.
    fn entries(&mut self, store: &dyn ObjectStore) -> Result<&mut Vec<Slot>> {
        if self.entries.is_none() {
            let slots = match self.base {
                Some(id) => read_tree(store, &id)?
                    .into_iter()
                    .map(|entry| Slot { entry, dir: None })
                    .collect(),
                None => Vec::new(),
            };
            self.entries = Some(slots);
        }
        Ok(self.entries.get_or_insert_with(Vec::new))
    }

    /// The directory entry `name`, read on first use; `None` when there is none.
    fn subdir(&mut self, store: &dyn ObjectStore, name: &[u8]) -> Result<Option<&mut Dir>> {
        Ok(self
            .entries(store)?
            .iter_mut()
            .find(|s| s.entry.name == name && s.entry.mode.is_tree())
            .map(Slot::dir))
    }

    /// The directory `name`, created when missing or when a non-directory is in its way.
    fn subdir_for_insert(&mut self, store: &dyn ObjectStore, name: &[u8]) -> Result<&mut Dir> {
        let entries = self.entries(store)?;
        let is_dir = |s: &Slot| s.entry.name == name && s.entry.mode.is_tree();
        if !entries.iter().any(is_dir) {
            entries.retain(|s| s.entry.name != name);
            entries.push(Slot {
                entry: Entry::new(EntryMode::TREE, name, ObjectId::null()),
                dir: Some(Box::new(Dir {
                    base: None,
                    entries: Some(Vec::new()),
                    changed: true,
                })),
            });
        }
        let mut dirs = entries.iter_mut().filter(|s| is_dir(s));
        // the entry is there now: found above, or just pushed
        match dirs.next() {
            Some(slot) => Ok(slot.dir()),
            None => Err(InvalidPath { path: name.into() }.into()),
        }
    }

    /// Writes this directory if it changed (its changed subdirectories first) and returns its
    /// id; `None` when it changed and is now empty. An unchanged directory returns its base.
    fn write(&mut self, store: &dyn ObjectStore) -> Result<Option<ObjectId>> {
        if !self.changed {
            return Ok(Some(self.base.unwrap_or(ObjectId::EMPTY_TREE)));
        }
        let mut slots = self.entries.take().unwrap_or_default();
        let mut kept = Vec::with_capacity(slots.len());
        for mut slot in slots.drain(..) {
            if let Some(dir) = slot.dir.as_mut() {
                match dir.write(store)? {
                    Some(id) => {
                        if dir.changed {
                            slot.entry.mode = EntryMode::TREE;
                        }
                        slot.entry.id = id;
                        dir.changed = false;
                    }
                    None => continue,
                }
            }
            kept.push(slot);
        }
        kept.sort_by(|a, b| a.entry.cmp_git(&b.entry));
        self.changed = false;
        if kept.is_empty() {
            self.entries = Some(kept);
            self.base = None;
            return Ok(None);
        }
        let tree = Tree {
            entries: kept.iter().map(|s| s.entry.clone()).collect(),
        };
        let mut data = Vec::with_capacity(usize::try_from(tree.size()).unwrap_or(0));
        tree.write_to(&mut data)
            .map_err(|source| Error::Serialize {
                kind: Kind::Tree,
                source,
            })?;
        let id = store.write(Kind::Tree, &data)?;
        self.base = Some(id);
        self.entries = Some(kept);
        Ok(Some(id))
    }
}

/// The entries of tree `id` in `store`.
fn read_tree(store: &dyn ObjectStore, id: &ObjectId) -> Result<Vec<Entry>> {
    if *id == ObjectId::EMPTY_TREE {
        return Ok(Vec::new());
    }
    let mut data = Vec::new();
    match store.read_into(id, &mut data)? {
        None => Err(Error::ObjectNotFound { id: *id }),
        Some(Kind::Tree) => {
            let tree = TreeRef::parse(&data).map_err(|source| Error::InvalidObject {
                id: Some(*id),
                kind: Kind::Tree,
                source,
            })?;
            Ok(tree.iter().map(|e| e.to_owned()).collect())
        }
        Some(actual) => Err(Error::ObjectKindMismatch {
            id: *id,
            expected: Kind::Tree,
            actual,
        }),
    }
}

/// The components of `path`, each one git accepts in a tree.
fn split_path(path: &[u8]) -> Result<Vec<&[u8]>> {
    let components: Vec<&[u8]> = path.split(|&b| b == b'/').collect();
    let bad = |c: &&[u8]| {
        c.is_empty()
            || *c == b"."
            || *c == b".."
            || c.eq_ignore_ascii_case(b".git")
            || c.contains(&0)
    };
    if components.iter().any(bad) {
        return Err(bad_path(path));
    }
    Ok(components)
}

fn bad_path(path: &[u8]) -> Error {
    InvalidPath { path: path.into() }.into()
}

/// A path a tree cannot hold: empty, with an empty component, `.`, `..`, `.git` (any case) or
/// a NUL byte, as git refuses such paths.
///
/// ```
/// use gitstore::object::EntryMode;
/// use gitstore::odb::MemoryStore;
/// use gitstore::tree_edit::{InvalidPath, TreeEditor};
/// use gitstore::ObjectId;
///
/// let store = MemoryStore::new();
/// let mut editor = TreeEditor::new(&store, None);
/// let e = editor.insert(b"a/../b", EntryMode::BLOB, ObjectId::null()).unwrap_err();
/// assert!(matches!(e, gitstore::Error::InvalidPath(InvalidPath { path }) if path == "a/../b"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid path in tree: '{path}'")]
pub struct InvalidPath {
    /// The path as given.
    pub path: BString,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odb::MemoryStore;

    fn blob(store: &MemoryStore, content: &str) -> ObjectId {
        store.write(Kind::Blob, content.as_bytes()).unwrap()
    }

    fn names(store: &MemoryStore, tree: ObjectId) -> Vec<String> {
        read_tree(store, &tree)
            .unwrap()
            .into_iter()
            .map(|e| e.name.to_string())
            .collect()
    }

    #[test]
    fn directories_sort_as_if_followed_by_a_slash() {
        let store = MemoryStore::new();
        let b = blob(&store, "x");
        let mut ed = TreeEditor::new(&store, None);
        for p in ["a0", "a/x", "a.txt", "a-b"] {
            ed.insert(p.as_bytes(), EntryMode::BLOB, b).unwrap();
        }
        let root = ed.write().unwrap();
        assert_eq!(names(&store, root), ["a-b", "a.txt", "a", "a0"]);
    }

    #[test]
    fn untouched_directories_are_not_rewritten() {
        let store = MemoryStore::new();
        let b = blob(&store, "x");
        let mut ed = TreeEditor::new(&store, None);
        ed.insert(b"keep/f", EntryMode::BLOB, b).unwrap();
        ed.insert(b"edit/f", EntryMode::BLOB, b).unwrap();
        let first = ed.write().unwrap();
        let before = store.len();
        let mut ed = TreeEditor::new(&store, Some(first));
        ed.insert(b"edit/g", EntryMode::BLOB, b).unwrap();
        ed.write().unwrap();
        // a new `edit/` and a new root, nothing else
        assert_eq!(store.len(), before + 2);
    }

    #[test]
    fn removing_the_last_file_prunes_every_emptied_directory() {
        let store = MemoryStore::new();
        let b = blob(&store, "x");
        let mut ed = TreeEditor::new(&store, None);
        ed.insert(b"a/b/c/f", EntryMode::BLOB, b).unwrap();
        ed.insert(b"top", EntryMode::BLOB, b).unwrap();
        let first = ed.write().unwrap();
        let mut ed = TreeEditor::new(&store, Some(first));
        ed.remove(b"a/b/c/f").unwrap();
        let root = ed.write().unwrap();
        assert_eq!(names(&store, root), ["top"]);
        ed.remove(b"top").unwrap();
        assert_eq!(ed.write().unwrap(), ObjectId::EMPTY_TREE);
    }

    #[test]
    fn removing_a_missing_path_changes_nothing() {
        let store = MemoryStore::new();
        let b = blob(&store, "x");
        let mut ed = TreeEditor::new(&store, None);
        ed.insert(b"a/f", EntryMode::BLOB, b).unwrap();
        let first = ed.write().unwrap();
        let mut ed = TreeEditor::new(&store, Some(first));
        ed.remove(b"a/g").unwrap().remove(b"nope/f").unwrap();
        assert_eq!(ed.write().unwrap(), first);
    }

    #[test]
    fn a_file_in_the_way_of_a_directory_is_replaced() {
        let store = MemoryStore::new();
        let b = blob(&store, "x");
        let mut ed = TreeEditor::new(&store, None);
        ed.insert(b"a", EntryMode::BLOB, b).unwrap();
        ed.insert(b"a/f", EntryMode::BLOB, b).unwrap();
        let root = ed.write().unwrap();
        assert_eq!(
            ed.find(b"a").unwrap().map(|e| e.mode),
            Some(EntryMode::TREE)
        );
        assert_eq!(names(&store, root), ["a"]);
    }

    #[test]
    fn bad_paths_are_refused() {
        let store = MemoryStore::new();
        let mut ed = TreeEditor::new(&store, None);
        for p in ["", "a//b", "/a", "a/", "./a", "a/../b", ".git/x", "a/.GIT"] {
            assert!(
                ed.insert(p.as_bytes(), EntryMode::BLOB, ObjectId::EMPTY_TREE)
                    .is_err(),
                "{p:?}"
            );
        }
    }

    #[test]
    fn a_base_that_is_not_a_tree_is_a_kind_mismatch() {
        let store = MemoryStore::new();
        let b = blob(&store, "x");
        let mut ed = TreeEditor::new(&store, Some(b));
        let err = ed.insert(b"f", EntryMode::BLOB, b).unwrap_err();
        assert!(matches!(
            err,
            Error::ObjectKindMismatch {
                expected: Kind::Tree,
                actual: Kind::Blob,
                ..
            }
        ));
    }
}
