//! Building and recording commits on a [`Repository`]: the identities git would use, commit and
//! tag templates stamped with them, a tree editor over the repository's objects, and
//! [`Repository::commit_and_move`], which writes a commit and moves a branch in one call.

use super::Repository;
use crate::error::{Error, Result};
use crate::object::{Commit, Kind, Signature, Tag};
use crate::oid::ObjectId;
use crate::refs::{RefEdit, RefName};
use crate::tree_edit::TreeEditor;
use bstr::BString;

impl Repository {
    /// The author identity git would write into a commit now: `GIT_AUTHOR_NAME`,
    /// `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE`, else `author.*` / `user.*` from the config, else
    /// a guess git also accepts (see [`crate::identity`]). An
    /// [`Error::Identity`] when git would refuse ("Please tell me who you are").
    pub fn author(&self) -> Result<Signature> {
        Ok(crate::identity::author_with_env(self.config(), self.env())?)
    }

    /// The committer identity git would write into a commit or tag now (`GIT_COMMITTER_*`,
    /// `committer.*`, `user.*`…), found as [`author`](Self::author) is.
    pub fn committer(&self) -> Result<Signature> {
        Ok(crate::identity::committer_with_env(
            self.config(),
            self.env(),
        )?)
    }

    /// A root commit of `tree` by [`author`](Self::author) and [`committer`](Self::committer),
    /// with an empty message: add parents and a message with the builder methods of
    /// [`Commit`], then write it with [`commit_and_move`](Self::commit_and_move).
    pub fn new_commit(&self, tree: ObjectId) -> Result<Commit> {
        Ok(Commit::new(tree)
            .with_author(self.author()?)
            .with_committer(self.committer()?))
    }

    /// The `encoding` header git writes into a new commit: `i18n.commitEncoding`, unless it is
    /// unset or UTF-8 (which git writes no header for, and then checks the message is UTF-8).
    ///
    /// ```
    /// use gitstore::{repo::InitOptions, Repository};
    /// let dir = tempfile::tempdir()?;
    /// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
    /// assert_eq!(repo.commit_encoding(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit_encoding(&self) -> Option<BString> {
        self.config()
            .get("i18n.commitEncoding")
            .filter(|e| !e.eq_ignore_ascii_case(b"utf-8") && !e.eq_ignore_ascii_case(b"utf8"))
            .map(|e| e.to_owned())
    }

    /// An annotated tag named `name` of `target` (its kind read from the object database), by
    /// [`committer`](Self::committer), with an empty message. Write it with
    /// `repo.odb().write_object(&tag)`.
    pub fn new_tag(&self, target: ObjectId, name: impl Into<BString>) -> Result<Tag> {
        let kind = self.odb().read_header(&target)?.kind;
        Ok(Tag::new(target, kind, name).with_tagger(self.committer()?))
    }

    /// A [`TreeEditor`] over this repository's objects, starting from tree `base` (`None`: an
    /// empty tree). Written trees go to the object database.
    pub fn edit_tree(&self, base: Option<ObjectId>) -> TreeEditor<'_> {
        TreeEditor::new(self.odb(), base)
    }

    /// Writes `commit` and points `branch` at it, if `branch` still is where the caller
    /// expects: at `expected`, or (`None`) not existing yet. This compare-and-swap runs under
    /// the ref's lock, through a [`Transaction`](crate::refs::Transaction), so a concurrent
    /// update (git's included) is never lost: the loser gets an [`Error::Ref`] with
    /// [`RefErrorKind::Mismatch`](crate::refs::RefErrorKind::Mismatch) (or `AlreadyExists`,
    /// `Missing`), and the branch is left as the winner set it.
    ///
    /// The reflog entry is the one `git commit` writes, as the commit's committer:
    /// `commit (initial): <subject>` for a root commit, `commit (merge): <subject>` for a
    /// merge, `commit: <subject>` otherwise, where the subject is the message's first line.
    /// When `HEAD` is on `branch`, `HEAD`'s reflog gets the entry too. `branch` may also be
    /// `HEAD` itself, which moves the branch it is on (or `HEAD`, when detached).
    ///
    /// As `git commit-tree`, the tree must be a tree and each parent a commit
    /// ([`Error::ObjectNotFound`], [`Error::ObjectKindMismatch`]); a commit
    /// [`Commit::validate`] refuses is an [`Error::InvalidCommit`]. Nothing is written then. The
    /// empty tree is stored when the commit names it. Returns the id of the commit.
    ///
    /// ```
    /// use gitstore::object::{EntryMode, Signature};
    /// use gitstore::refs::{RefErrorKind, RefName};
    /// use gitstore::{repo::InitOptions, Error, Kind, Repository};
    ///
    /// let dir = tempfile::tempdir()?;
    /// // not bare: git keeps reflogs of branches only there (`core.logAllRefUpdates`)
    /// let (repo, _) = Repository::init(dir.path(), &InitOptions::default())?;
    /// let who = Signature::new("A U Thor", "author@example.com", 1_700_000_000, "+0100");
    /// let main = RefName::new("refs/heads/main")?;
    ///
    /// let mut tree = repo.edit_tree(None);
    /// tree.insert(b"README", EntryMode::BLOB, repo.odb().write(Kind::Blob, b"hi\n")?)?;
    /// let first = gitstore::object::Commit::new(tree.write()?)
    ///     .with_author(who.clone())
    ///     .with_committer(who.clone())
    ///     .with_message("Add README\n");
    /// let one = repo.commit_and_move(&main, &first, None)?;
    ///
    /// let second = first.clone().with_parent(one).with_message("Again\n");
    /// let two = repo.commit_and_move(&main, &second, Some(one))?;
    /// // a writer that still thinks `main` is at `one` loses
    /// match repo.commit_and_move(&main, &second, Some(one)) {
    ///     Err(Error::Ref(e)) => assert!(matches!(e.kind, RefErrorKind::Mismatch { .. })),
    ///     other => panic!("{other:?}"),
    /// }
    /// let log = repo.refs().reflog(&main)?;
    /// assert_eq!(log[0].message, "commit (initial): Add README");
    /// assert_eq!(log[1].message, "commit: Again");
    /// assert_eq!(repo.refs().resolve_id(b"refs/heads/main"), Some(two));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit_and_move(
        &self,
        branch: &RefName,
        commit: &Commit,
        expected: Option<ObjectId>,
    ) -> Result<ObjectId> {
        commit.validate()?;
        self.check_kind(&commit.tree, Kind::Tree)?;
        if commit.tree == ObjectId::EMPTY_TREE {
            // git reads the empty tree without it being stored, but fsck wants it stored
            self.odb().write(Kind::Tree, b"")?;
        }
        for parent in &commit.parents {
            self.check_kind(parent, Kind::Commit)?;
        }
        let id = self.odb().write_object(commit)?;
        let mut tx = self.refs().transaction();
        tx.push(
            RefEdit::update(
                branch.clone(),
                id,
                Some(expected.unwrap_or(ObjectId::null())),
            )
            .message(reflog_message(commit)),
        )?;
        tx.commit_with(&commit.committer)?;
        Ok(id)
    }
}

impl Repository {
    /// An error unless `id` is an object of kind `want`.
    fn check_kind(&self, id: &ObjectId, want: Kind) -> Result<()> {
        let actual = self.odb().read_header(id)?.kind;
        if actual != want {
            return Err(Error::ObjectKindMismatch {
                id: *id,
                expected: want,
                actual,
            });
        }
        Ok(())
    }
}

/// What `git commit` writes into the reflog for `commit` (before the reflog's own
/// normalization).
fn reflog_message(commit: &Commit) -> BString {
    let what: &[u8] = match commit.parents.len() {
        0 => b"commit (initial): ",
        1 => b"commit: ",
        _ => b"commit (merge): ",
    };
    let mut message = what.to_vec();
    message.extend_from_slice(commit.subject());
    message.into()
}
