//! [`Repository::head`]: what `HEAD` is, as typed data.

use super::Repository;
use crate::error::Result;
use crate::oid::ObjectId;
use crate::refs::{RefError, RefErrorKind, RefName, Resolved};

/// What `HEAD` points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    /// On a branch that exists (`git symbolic-ref HEAD` names it, `git rev-parse HEAD` gives
    /// its id).
    Branch {
        /// The branch's full name, `refs/heads/main`.
        name: RefName,
        /// The commit it points at.
        id: ObjectId,
    },
    /// Detached: `HEAD` holds an id itself.
    Detached {
        /// The id.
        id: ObjectId,
    },
    /// On a branch that has no commit yet (a new repository): `git symbolic-ref HEAD` names it,
    /// `git rev-parse HEAD` fails.
    Unborn {
        /// The branch's full name.
        name: RefName,
    },
}

impl Head {
    /// The commit `HEAD` is at; `None` on an unborn branch.
    pub fn id(&self) -> Option<ObjectId> {
        match self {
            Head::Branch { id, .. } | Head::Detached { id } => Some(*id),
            Head::Unborn { .. } => None,
        }
    }

    /// The branch `HEAD` is on (full name); `None` when detached.
    pub fn branch(&self) -> Option<&RefName> {
        match self {
            Head::Branch { name, .. } | Head::Unborn { name } => Some(name),
            Head::Detached { .. } => None,
        }
    }
}

impl Repository {
    /// Reads `HEAD`: the branch it is on and that branch's commit, the commit it is detached
    /// at, or the branch it is on that has no commit yet. A symbolic `HEAD` is followed through
    /// every symbolic ref on the way (`HEAD` → `refs/heads/alias` → `refs/heads/main`); the
    /// branch named is the last of the chain.
    ///
    /// ```
    /// use gitstore::repo::{Head, InitOptions};
    /// use gitstore::object::{Commit, Signature};
    /// use gitstore::refs::RefName;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let options = InitOptions { bare: true, initial_branch: Some("main".into()), ..Default::default() };
    /// let (repo, _) = gitstore::Repository::init(dir.path(), &options)?;
    /// let main = RefName::new("refs/heads/main")?;
    /// assert_eq!(repo.head()?, Head::Unborn { name: main.clone() });
    ///
    /// let who = Signature::new("A U Thor", "author@example.com", 1_700_000_000, "+0100");
    /// let commit = Commit::default()
    ///     .with_author(who.clone())
    ///     .with_committer(who)
    ///     .with_message("first\n");
    /// let id = repo.commit_and_move(&main, &commit, None)?;
    /// assert_eq!(repo.head()?, Head::Branch { name: main, id });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn head(&self) -> Result<Head> {
        let head = RefName::head();
        match self.refs().resolve(&head)? {
            Some(Resolved::Object { name, id, .. }) if name == head => Ok(Head::Detached { id }),
            Some(Resolved::Object { name, id, .. }) => Ok(Head::Branch { name, id }),
            Some(Resolved::Unborn { name }) => Ok(Head::Unborn { name }),
            // removed after the repository was opened
            None => Err(RefError::new(head.as_bstr(), RefErrorKind::Missing).into()),
        }
    }
}
