//! [`ObjectsError`]: why a walk over reachable objects stopped, as data — the object concerned,
//! the path that named it and a [`ObjectsErrorKind`]. git's words (`bad tree object …`,
//! `missing blob object '…'`) are made from these fields by the command line.

use crate::error::DecodeError;
use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::BString;
use std::fmt;

/// An object a reachable-objects walk could not list.
///
/// ```
/// use gitstore::history::objects::{ObjectsError, ObjectsErrorKind};
/// use gitstore::{Kind, ObjectId};
///
/// let e = ObjectsError::new(ObjectsErrorKind::Missing { kind: Kind::Tree }, ObjectId::EMPTY_TREE)
///     .at_path("src");
/// assert_eq!(e.path, Some("src".into()));
/// let top: gitstore::Error = e.into();
/// assert!(matches!(top, gitstore::Error::Objects(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ObjectsError {
    /// What went wrong.
    pub kind: ObjectsErrorKind,
    /// The object concerned.
    pub id: ObjectId,
    /// The path the object was reached by (empty for a root tree), when it has one.
    pub path: Option<BString>,
}

impl ObjectsError {
    /// An error about `id`, reached by no path yet.
    pub fn new(kind: ObjectsErrorKind, id: ObjectId) -> Self {
        ObjectsError {
            kind,
            id,
            path: None,
        }
    }

    /// The same error, about the object reached by `path`.
    pub fn at_path(mut self, path: impl Into<BString>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for ObjectsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ObjectsErrorKind::Missing { kind } => write!(f, "missing {kind} {}", self.id)?,
            ObjectsErrorKind::MissingTagTarget { tag } => {
                write!(f, "object {} tagged by {tag} is missing", self.id)?
            }
            ObjectsErrorKind::NotACommit => write!(f, "{} is not a readable commit", self.id)?,
            ObjectsErrorKind::WrongKind { expected, actual } => {
                write!(f, "{} is a {actual}, named as a {expected}", self.id)?
            }
            ObjectsErrorKind::Corrupt(e) => write!(f, "tree {} does not parse: {e}", self.id)?,
            ObjectsErrorKind::TooDeep { limit } => {
                write!(f, "tree {} is nested deeper than {limit}", self.id)?
            }
        }
        if let Some(path) = &self.path {
            write!(f, " (at '{path}')")?;
        }
        Ok(())
    }
}

/// Why an object could not be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectsErrorKind {
    /// A tree or blob named by a tree, a commit or the caller is in no store (and
    /// [`MissingAction::Error`](super::MissingAction::Error) was asked for).
    Missing {
        /// The kind it was named as.
        kind: Kind,
    },
    /// The object a tag points at is in no store.
    MissingTagTarget {
        /// The tag.
        tag: ObjectId,
    },
    /// A commit of the walk cannot be read as a commit.
    NotACommit,
    /// A tree entry (or a caller) names an object as one kind and it is another.
    WrongKind {
        /// The kind it was named as.
        expected: Kind,
        /// The kind it is.
        actual: Kind,
    },
    /// A tree that does not parse.
    Corrupt(DecodeError),
    /// Trees nested deeper than [`Limits::max_tree_depth`](crate::Limits).
    TooDeep {
        /// The limit crossed.
        limit: usize,
    },
}
