//! Typed object lookups on a [`Repository`]: `find_commit`, `find_tree`, `find_blob`,
//! `find_tag`, `find_object`, and a path lookup in a tree.

use super::Repository;
use crate::error::{Error, Result};
use crate::object::{Blob, Commit, Entry, Kind, Object, ObjectRef, Tag, Tree, TreeRef};
use crate::oid::ObjectId;

impl Repository {
    /// Reads and parses object `id`, whatever its kind. A missing object is an
    /// [`Error::ObjectNotFound`]; one that does not parse an [`Error::InvalidObject`].
    ///
    /// ```
    /// use gitstore::object::{Object, Tree};
    /// use gitstore::{Error, Kind, ObjectId, Repository};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (repo, _) = Repository::init(dir.path(), &Default::default())?;
    /// let blob = repo.odb().write(Kind::Blob, b"hello\n")?;
    /// let tree = repo.odb().write(Kind::Tree, b"")?;
    ///
    /// assert_eq!(repo.find_object(&tree)?, Object::Tree(Tree::new()));
    /// assert_eq!(repo.find_blob(&blob)?.data, b"hello\n");
    /// // the wrong kind: the error names the id and both kinds
    /// match repo.find_commit(&blob) {
    ///     Err(Error::ObjectKindMismatch { id, expected: Kind::Commit, actual: Kind::Blob }) => {
    ///         assert_eq!(id, blob)
    ///     }
    ///     other => panic!("{other:?}"),
    /// }
    /// assert!(matches!(repo.find_tree(&ObjectId::null()), Err(Error::ObjectNotFound { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_object(&self, id: &ObjectId) -> Result<Object> {
        let object = self.odb().read(id)?;
        parse(id, object.kind, &object.data)
    }

    /// Reads and parses commit `id`: an [`Error::ObjectKindMismatch`] when `id` is another kind
    /// of object (tags are not followed), an [`Error::ObjectNotFound`] when it is missing.
    pub fn find_commit(&self, id: &ObjectId) -> Result<Commit> {
        match self.find_kind(id, Kind::Commit)? {
            Object::Commit(c) => Ok(c),
            other => Err(mismatch(id, Kind::Commit, &other)),
        }
    }

    /// Reads and parses tree `id` (see [`find_commit`](Self::find_commit) for the errors).
    pub fn find_tree(&self, id: &ObjectId) -> Result<Tree> {
        match self.find_kind(id, Kind::Tree)? {
            Object::Tree(t) => Ok(t),
            other => Err(mismatch(id, Kind::Tree, &other)),
        }
    }

    /// Reads blob `id` (see [`find_commit`](Self::find_commit) for the errors).
    pub fn find_blob(&self, id: &ObjectId) -> Result<Blob> {
        match self.find_kind(id, Kind::Blob)? {
            Object::Blob(b) => Ok(b),
            other => Err(mismatch(id, Kind::Blob, &other)),
        }
    }

    /// Reads and parses annotated tag `id` (see [`find_commit`](Self::find_commit) for the
    /// errors).
    pub fn find_tag(&self, id: &ObjectId) -> Result<Tag> {
        match self.find_kind(id, Kind::Tag)? {
            Object::Tag(t) => Ok(t),
            other => Err(mismatch(id, Kind::Tag, &other)),
        }
    }

    /// The entry at `path` below tree `tree` (components separated by `/`, so `src/lib.rs`
    /// looks in the subtree `src`), or `None` when there is none. Only the trees on the way are
    /// read. `tree` must be a tree (peel a commit with [`Repository::find_commit`] first).
    ///
    /// ```
    /// use gitstore::object::EntryMode;
    /// use gitstore::{Kind, Repository};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (repo, _) = Repository::init(dir.path(), &Default::default())?;
    /// let blob = repo.odb().write(Kind::Blob, b"fn main() {}\n")?;
    /// let mut editor = repo.edit_tree(None);
    /// editor.insert(b"src/main.rs", EntryMode::BLOB, blob)?;
    /// let root = editor.write()?;
    ///
    /// let entry = repo.find_path(&root, b"src/main.rs")?.expect("just inserted");
    /// assert_eq!((entry.mode, entry.id), (EntryMode::BLOB, blob));
    /// assert_eq!(repo.find_path(&root, b"src")?.map(|e| e.mode), Some(EntryMode::TREE));
    /// assert_eq!(repo.find_path(&root, b"src/lib.rs")?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_path(&self, tree: &ObjectId, path: &[u8]) -> Result<Option<Entry>> {
        let mut components = path.split(|&b| b == b'/').filter(|c| !c.is_empty());
        let Some(mut name) = components.next() else {
            return Ok(None);
        };
        let mut current = *tree;
        let mut data = Vec::new();
        loop {
            let kind = self.odb().read_to(&current, &mut data)?;
            if kind != Kind::Tree {
                return Err(Error::ObjectKindMismatch {
                    id: current,
                    expected: Kind::Tree,
                    actual: kind,
                });
            }
            let parsed = TreeRef::parse(&data).map_err(|source| Error::InvalidObject {
                id: Some(current),
                kind: Kind::Tree,
                source,
            })?;
            let Some(entry) = parsed.find(name).map(|e| e.to_owned()) else {
                return Ok(None);
            };
            match components.next() {
                None => return Ok(Some(entry)),
                Some(_) if !entry.mode.is_tree() => return Ok(None),
                Some(next) => {
                    name = next;
                    current = entry.id;
                }
            }
        }
    }

    /// Reads `id`, checking its kind from the header before the body is read.
    fn find_kind(&self, id: &ObjectId, want: Kind) -> Result<Object> {
        let header = self.odb().read_header(id)?;
        if header.kind != want {
            return Err(Error::ObjectKindMismatch {
                id: *id,
                expected: want,
                actual: header.kind,
            });
        }
        self.find_object(id)
    }
}

fn parse(id: &ObjectId, kind: Kind, data: &[u8]) -> Result<Object> {
    ObjectRef::parse(kind, data)
        .map(|o| o.to_owned())
        .map_err(|source| Error::InvalidObject {
            id: Some(*id),
            kind,
            source,
        })
}

fn mismatch(id: &ObjectId, expected: Kind, found: &Object) -> Error {
    let actual = match found {
        Object::Blob(_) => Kind::Blob,
        Object::Tree(_) => Kind::Tree,
        Object::Commit(_) => Kind::Commit,
        Object::Tag(_) => Kind::Tag,
    };
    Error::ObjectKindMismatch {
        id: *id,
        expected,
        actual,
    }
}
