//! A commit's changes: against its first parent, or against each parent of a merge.

use super::{diff_trees, Change, DiffOptions};
use crate::error::{Error, Result};
use crate::object::{CommitRef, Kind};
use crate::odb::Odb;
use crate::oid::ObjectId;

/// The changes of a commit against one of its parents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentChanges {
    /// The parent compared with (`None` for a root commit, compared with the empty tree).
    pub parent: Option<ObjectId>,
    /// What changed from the parent's tree to the commit's.
    pub changes: Vec<Change>,
}

/// The changes `commit` made: against its first parent, or against the empty tree for a root
/// commit (git's `diff-tree --root`). A merge is compared with its first parent only; see
/// [`parent_changes`] for each parent.
pub fn commit_changes(odb: &Odb, commit: &ObjectId, options: &DiffOptions) -> Result<Vec<Change>> {
    let (tree, parents) = tree_and_parents(odb, commit)?;
    let parent_tree = match parents.first() {
        Some(parent) => Some(tree_and_parents(odb, parent)?.0),
        None => None,
    };
    Ok(diff_trees(odb, parent_tree.as_ref(), Some(&tree), options)?)
}

/// The changes of `commit` against each of its parents in order (`git diff-tree -m`); one
/// entry against the empty tree for a root commit.
pub fn parent_changes(
    odb: &Odb,
    commit: &ObjectId,
    options: &DiffOptions,
) -> Result<Vec<ParentChanges>> {
    let (tree, parents) = tree_and_parents(odb, commit)?;
    if parents.is_empty() {
        let changes = diff_trees(odb, None, Some(&tree), options)?;
        return Ok(vec![ParentChanges {
            parent: None,
            changes,
        }]);
    }
    parents
        .iter()
        .map(|parent| {
            let parent_tree = tree_and_parents(odb, parent)?.0;
            Ok(ParentChanges {
                parent: Some(*parent),
                changes: diff_trees(odb, Some(&parent_tree), Some(&tree), options)?,
            })
        })
        .collect()
}

/// The tree and parents of commit `id`.
pub(crate) fn tree_and_parents(odb: &Odb, id: &ObjectId) -> Result<(ObjectId, Vec<ObjectId>)> {
    let object = odb.read(id)?;
    if object.kind != Kind::Commit {
        return Err(Error::ObjectKindMismatch {
            id: *id,
            expected: Kind::Commit,
            actual: object.kind,
        });
    }
    let commit = CommitRef::parse(&object.data).map_err(|source| Error::InvalidObject {
        id: Some(*id),
        kind: Kind::Commit,
        source,
    })?;
    Ok((commit.tree, commit.parents))
}
