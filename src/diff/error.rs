//! [`DiffError`]: a tree a diff could not read, named by its id and its path.

use crate::object::{DecodeError, Kind};
use crate::oid::ObjectId;
use bstr::BString;

/// A tree the diff needed and could not use.
#[derive(Debug, thiserror::Error)]
#[error("tree {id} at '{path}': {kind}")]
pub struct DiffError {
    /// What went wrong.
    pub kind: DiffErrorKind,
    /// The object the walk tried to read as a tree.
    pub id: ObjectId,
    /// Where it is, from the root (empty for a root tree).
    pub path: BString,
}

/// Why a tree could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffErrorKind {
    /// No store has the object.
    #[error("missing")]
    Missing,
    /// The object is not a tree.
    #[error("is a {actual}, not a tree")]
    NotATree {
        /// What it is.
        actual: Kind,
    },
    /// The tree's bytes do not parse.
    #[error("invalid: {0}")]
    Invalid(DecodeError),
    /// Trees nest deeper than [`Limits::max_tree_depth`](crate::Limits::max_tree_depth).
    #[error("nested deeper than {limit} trees")]
    TooDeep {
        /// The limit crossed.
        limit: usize,
    },
    /// Reading the object failed (a damaged pack or loose file…).
    #[error("unreadable: {0}")]
    Read(Box<crate::Error>),
}

impl DiffError {
    pub(crate) fn new(kind: DiffErrorKind, id: ObjectId, path: &[u8]) -> DiffError {
        DiffError {
            kind,
            id,
            path: path.into(),
        }
    }
}
