//! Tree diffs: what changed between two trees, entry by entry, as `git diff-tree` sees it.
//!
//! Two trees are compared by walking their sorted entry lists side by side, in git's tree
//! order (a directory's name compares as if it ended in `/`, so the file `foo` and the
//! directory `foo` are two different entries: a file that became a directory is one entry
//! deleted and another added):
//!
//! ```text
//! old  README  docs/        side.txt              src/
//! new  README  docs/  link  side.txt/  src/
//!      same    walk   added deleted + added        same id: never read
//! ```
//!
//! An entry with the same mode and id on both sides is skipped without reading anything below
//! it; two different subtrees are entered (recursive diffs) or reported as one `040000` entry.
//! A pathspec limits the walk to the trees that can hold a match. Modes are git's canonical
//! ones (`100664` reads as `100644`). [`diff_trees`] returns the changes in git's order, renames
//! paired on request (exact ones, and edited files as similar as git's `-M` wants); [`for_each_change`] hands them to a visitor as they are found;
//! [`commit_changes`] and [`parent_changes`] compare a commit with its parents.
//!
//! ## The changes of one commit
//!
//! ```
//! use gitstore::diff::{commit_changes, Change, DiffOptions, Renames};
//! use gitstore::object::EntryMode;
//! use gitstore::{repo::InitOptions, Kind, Repository};
//!
//! let dir = tempfile::tempdir()?;
//! let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
//! let (one, two) = (repo.odb().write(Kind::Blob, b"1\n")?, repo.odb().write(Kind::Blob, b"2\n")?);
//! let mut editor = repo.edit_tree(None);
//! editor.insert(b"src/main.rs", EntryMode::BLOB, one)?;
//! editor.insert(b"README", EntryMode::BLOB, one)?;
//! let first = repo.odb().write_object(&repo.new_commit(editor.write()?)?)?;
//!
//! let mut editor = repo.edit_tree(None);
//! editor.insert(b"src/main.rs", EntryMode::BLOB, two)?;
//! editor.insert(b"run.sh", EntryMode::BLOB_EXECUTABLE, one)?;
//! let mut commit = repo.new_commit(editor.write()?)?;
//! commit.parents.push(first);
//! let second = repo.odb().write_object(&commit)?;
//!
//! let options = DiffOptions { recursive: true, ..DiffOptions::default() };
//! let changes = commit_changes(repo.odb(), &second, &options)?;
//! let summary: Vec<_> = changes
//!     .iter()
//!     .map(|c| (c.status(), c.path().to_string()))
//!     .collect();
//! assert_eq!(summary, [('D', "README".into()), ('A', "run.sh".into()), ('M', "src/main.rs".into())]);
//! assert!(matches!(&changes[1], Change::Added { new, .. } if new.mode == EntryMode::BLOB_EXECUTABLE));
//!
//! // with renames: README's blob is now run.sh
//! let options = DiffOptions { renames: Some(Renames::default()), ..options };
//! let changes = commit_changes(repo.odb(), &second, &options)?;
//! assert!(matches!(&changes[0], Change::Renamed { source, path, .. } if source == "README" && path == "run.sh"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod commit;
mod error;
mod rename;
mod similar;
pub mod stdin;
mod walk;

pub use commit::{commit_changes, parent_changes, ParentChanges};
pub use error::{DiffError, DiffErrorKind};
pub use rename::{pair_exact_renames, pair_renames, Paired, Renames};
pub use walk::for_each_change;

use crate::object::EntryMode;
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pathspec::Pathspec;
use bstr::{BStr, BString, ByteSlice};

/// One side of a change: the entry's canonical mode and the object it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Side {
    /// The mode, canonical (`100644`, `100755`, `120000`, `40000`, `160000`).
    pub mode: EntryMode,
    /// The blob, tree or (for a gitlink) commit.
    pub id: ObjectId,
}

/// One changed path between two trees.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// The path exists only in the new tree.
    Added {
        /// The path from the root, `/`-separated.
        path: BString,
        /// The new entry.
        new: Side,
    },
    /// The path exists only in the old tree.
    Deleted {
        /// The path from the root.
        path: BString,
        /// The old entry.
        old: Side,
    },
    /// Same path and the same type of entry (file, symlink, gitlink or tree), another id or
    /// mode (an exec bit flipped).
    Modified {
        /// The path from the root.
        path: BString,
        /// The old entry.
        old: Side,
        /// The new entry.
        new: Side,
    },
    /// Same path, another type of entry: a file became a symlink, a symlink a gitlink…
    TypeChanged {
        /// The path from the root.
        path: BString,
        /// The old entry.
        old: Side,
        /// The new entry.
        new: Side,
    },
    /// A deleted entry and an added one paired as a rename (git's `R<similarity>`); only
    /// with [`DiffOptions::renames`].
    Renamed {
        /// The old path.
        source: BString,
        /// The new path.
        path: BString,
        /// The old entry.
        old: Side,
        /// The new entry (for an exact rename the same id, the mode may differ by the exec
        /// bit).
        new: Side,
        /// How similar the contents are, in percent (100 for an exact rename).
        similarity: u8,
    },
}

impl Change {
    /// The path the change is at (the new path of a rename).
    pub fn path(&self) -> &BStr {
        match self {
            Change::Added { path, .. }
            | Change::Deleted { path, .. }
            | Change::Modified { path, .. }
            | Change::TypeChanged { path, .. }
            | Change::Renamed { path, .. } => path.as_bstr(),
        }
    }

    /// The old entry, if the path existed before.
    pub fn before(&self) -> Option<&Side> {
        match self {
            Change::Added { .. } => None,
            Change::Deleted { old, .. }
            | Change::Modified { old, .. }
            | Change::TypeChanged { old, .. }
            | Change::Renamed { old, .. } => Some(old),
        }
    }

    /// The new entry, if the path exists after.
    pub fn after(&self) -> Option<&Side> {
        match self {
            Change::Deleted { .. } => None,
            Change::Added { new, .. }
            | Change::Modified { new, .. }
            | Change::TypeChanged { new, .. }
            | Change::Renamed { new, .. } => Some(new),
        }
    }

    /// git's status letter for the change: `A`, `D`, `M`, `T` or `R`.
    pub fn status(&self) -> char {
        match self {
            Change::Added { .. } => 'A',
            Change::Deleted { .. } => 'D',
            Change::Modified { .. } => 'M',
            Change::TypeChanged { .. } => 'T',
            Change::Renamed { .. } => 'R',
        }
    }
}

/// What to compare and how to report it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Go into subtrees that differ and report the entries below (`-r`); otherwise a
    /// differing subtree is one change of mode `040000`.
    pub recursive: bool,
    /// While recursing, report the subtrees themselves too, before their entries (`-t`;
    /// implies [`recursive`](Self::recursive)).
    pub show_trees: bool,
    /// Only paths these specs name (and the trees leading to them), literal or globs as git
    /// matches them ([`Pathspec::interesting`]); every path when empty.
    pub pathspec: Pathspec,
    /// Pair deleted and added entries into [`Change::Renamed`], as `git diff-tree -M` does:
    /// [`Renames::default`] for git's `-M`, [`Renames::exact`] for the same objects only.
    pub renames: Option<Renames>,
}

impl DiffOptions {
    fn recurses(&self) -> bool {
        self.recursive || self.show_trees
    }
}

/// The changes from tree `old` to tree `new` (`None`: the empty tree), in git's order, with
/// renames paired when [`DiffOptions::renames`] asks (reading the blobs of deleted and added
/// files to compare them).
///
/// ```
/// use gitstore::diff::{diff_trees, Change, DiffOptions};
/// use gitstore::object::EntryMode;
/// use gitstore::pathspec::Pathspec;
/// use gitstore::Repository;
///
/// let repo = Repository::in_memory()?;
/// let blob = repo.odb().write(gitstore::Kind::Blob, b"x\n")?;
/// let mut editor = repo.edit_tree(None);
/// editor.insert(b"a/b/c.txt", EntryMode::BLOB, blob)?;
/// editor.insert(b"z.txt", EntryMode::BLOB, blob)?;
/// let tree = editor.write()?;
///
/// // against the empty tree, not recursive: two entries
/// let top = diff_trees(repo.odb(), None, Some(&tree), &DiffOptions::default())?;
/// assert_eq!(top.iter().map(|c| c.path().to_string()).collect::<Vec<_>>(), ["a", "z.txt"]);
///
/// // recursive, limited to `a/b`
/// let options = DiffOptions {
///     recursive: true,
///     pathspec: Pathspec::new(&["a/b"], b"", None)?,
///     ..DiffOptions::default()
/// };
/// let deep = diff_trees(repo.odb(), None, Some(&tree), &options)?;
/// assert!(matches!(&deep[..], [Change::Added { path, .. }] if path == "a/b/c.txt"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff_trees(
    odb: &Odb,
    old: Option<&ObjectId>,
    new: Option<&ObjectId>,
    options: &DiffOptions,
) -> Result<Vec<Change>, DiffError> {
    Ok(diff_trees_paired(odb, old, new, options)?.changes)
}

/// [`diff_trees`], saying also what the rename detection needed of [`Renames::limit`]
/// ([`Paired::needed_limit`], git's `needed_rename_limit`, which `diff-tree` warns about at the
/// end); `needed_limit` is `None` without [`DiffOptions::renames`].
pub fn diff_trees_paired(
    odb: &Odb,
    old: Option<&ObjectId>,
    new: Option<&ObjectId>,
    options: &DiffOptions,
) -> Result<Paired, DiffError> {
    let mut changes = Vec::new();
    for_each_change(odb, old, new, options, |change| {
        changes.push(change);
        std::ops::ControlFlow::Continue(())
    })?;
    match &options.renames {
        Some(renames) => pair_renames(odb, changes, renames),
        None => Ok(Paired {
            changes,
            needed_limit: None,
        }),
    }
}
