//! Defaults and builder methods for the owned objects a program writes: [`Signature`],
//! [`Commit`] and [`Tag`].
//!
//! The builders only fill fields; nothing here reads the environment or a repository. To stamp
//! a commit with the identity git would use (config, `GIT_AUTHOR_*`, `GIT_COMMITTER_*`), start
//! from [`Repository::new_commit`](crate::Repository::new_commit) or take the signatures from
//! [`Repository::author`](crate::Repository::author) and
//! [`Repository::committer`](crate::Repository::committer).
//!
//! ```
//! use gitstore::object::{Commit, Signature, WriteTo};
//! use gitstore::ObjectId;
//! let who = Signature::new("A U Thor", "author@example.com", 1_700_000_000, "+0100");
//! let commit = Commit::new(ObjectId::EMPTY_TREE)
//!     .with_author(who.clone())
//!     .with_committer(who)
//!     .with_message("Initial commit\n");
//! let mut bytes = Vec::new();
//! commit.write_to(&mut bytes)?;
//! assert!(bytes.starts_with(b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A U Thor"));
//! assert!(bytes.ends_with(b"+0100\n\nInitial commit\n"));
//! # Ok::<(), std::io::Error>(())
//! ```

use crate::object::commit::Spelling;
use crate::object::{Commit, Kind, Signature, Tag};
use crate::oid::ObjectId;
use bstr::BString;

impl Default for Signature {
    /// An empty name and email at the epoch, in UTC (`<> 0 +0000`).
    fn default() -> Self {
        Signature::new("", "", 0, "+0000")
    }
}

impl Signature {
    /// `name <email>` at the current time of the system clock, in UTC (`+0000`).
    pub fn now(name: impl Into<BString>, email: impl Into<BString>) -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Signature::new(name, email, secs, "+0000")
    }

    /// The same signature with another name.
    pub fn with_name(mut self, name: impl Into<BString>) -> Self {
        self.name = name.into();
        self
    }

    /// The same signature with another email.
    pub fn with_email(mut self, email: impl Into<BString>) -> Self {
        self.email = email.into();
        self
    }

    /// The same signature at `time` (seconds since the epoch), `offset_minutes` east of UTC
    /// (written as git writes it: `+0530` for 330, `-0100` for -60).
    pub fn with_time(mut self, time: i64, offset_minutes: i32) -> Self {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.unsigned_abs();
        self.time = time;
        self.tz = format!("{sign}{:02}{:02}", (m / 60) % 100, m % 60).into();
        self
    }
}

impl Default for Commit {
    /// A root commit of the empty tree with default signatures and an empty message (written,
    /// as `git commit-tree` writes one, with the blank line after the headers).
    fn default() -> Self {
        Commit {
            tree: ObjectId::EMPTY_TREE,
            parents: Vec::new(),
            author: Signature::default(),
            committer: Signature::default(),
            encoding: None,
            extra_headers: Vec::new(),
            message: Some(BString::default()),
            spelling: Spelling::default(),
        }
    }
}

impl Commit {
    /// A root commit of `tree`; the rest as [`Commit::default`].
    pub fn new(tree: ObjectId) -> Self {
        Commit {
            tree,
            ..Commit::default()
        }
    }

    /// The same commit with another tree.
    pub fn with_tree(mut self, tree: ObjectId) -> Self {
        self.tree = tree;
        self
    }

    /// The same commit with `parent` added after the parents it has.
    pub fn with_parent(mut self, parent: ObjectId) -> Self {
        self.parents.push(parent);
        self
    }

    /// The same commit with exactly these parents, in order.
    pub fn with_parents(mut self, parents: impl IntoIterator<Item = ObjectId>) -> Self {
        self.parents = parents.into_iter().collect();
        self
    }

    /// The same commit with another author.
    pub fn with_author(mut self, author: Signature) -> Self {
        self.author = author;
        self
    }

    /// The same commit with another committer.
    pub fn with_committer(mut self, committer: Signature) -> Self {
        self.committer = committer;
        self
    }

    /// The same commit with another message (git's messages end in a newline).
    pub fn with_message(mut self, message: impl Into<BString>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The same commit with a header added after the ones it has (`gpgsig`, `mergetag`…).
    pub fn with_header(mut self, key: impl Into<BString>, value: impl Into<BString>) -> Self {
        self.extra_headers.push((key.into(), value.into()));
        self
    }

    /// The first line of the message, as git puts it into the reflog entry of a commit.
    pub fn subject(&self) -> &[u8] {
        let message: &[u8] = self.message_bytes();
        message.split(|&b| b == b'\n').next().unwrap_or_default()
    }
}

impl Default for Tag {
    /// A tag named `""` of the null id (as a commit), without tagger, with an empty message.
    fn default() -> Self {
        Tag {
            target: ObjectId::null(),
            target_kind: Kind::Commit,
            name: BString::default(),
            tagger: None,
            extra_headers: Vec::new(),
            message: Some(BString::default()),
            signature: None,
            spelling: Spelling::default(),
        }
    }
}

impl Tag {
    /// A tag named `name` of `target`, an object of kind `target_kind`; no tagger, an empty
    /// message.
    pub fn new(target: ObjectId, target_kind: Kind, name: impl Into<BString>) -> Self {
        Tag {
            target,
            target_kind,
            name: name.into(),
            ..Tag::default()
        }
    }

    /// The same tag with a tagger.
    pub fn with_tagger(mut self, tagger: Signature) -> Self {
        self.tagger = Some(tagger);
        self
    }

    /// The same tag with another message (git's messages end in a newline).
    pub fn with_message(mut self, message: impl Into<BString>) -> Self {
        self.message = Some(message.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::{CommitRef, TagRef, WriteTo};

    fn bytes(object: &dyn WriteTo) -> Vec<u8> {
        let mut out = Vec::new();
        object.write_to(&mut out).unwrap();
        assert_eq!(out.len() as u64, object.size());
        out
    }

    #[test]
    fn time_offsets_are_written_as_git_writes_them() {
        let s = Signature::default();
        assert_eq!(s.clone().with_time(5, 330).tz, "+0530");
        assert_eq!(s.clone().with_time(5, -60).tz, "-0100");
        assert_eq!(s.with_time(5, 0).tz, "+0000");
    }

    #[test]
    fn default_commit_is_what_commit_tree_writes_for_an_empty_message() {
        let c = Commit::default();
        assert_eq!(
            bytes(&c),
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor  <> 0 +0000\n\
              committer  <> 0 +0000\n\n"
        );
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn built_commit_reads_back_with_its_parents_in_order() {
        let a = ObjectId::from_hex(b"1111111111111111111111111111111111111111").unwrap();
        let b = ObjectId::from_hex(b"2222222222222222222222222222222222222222").unwrap();
        let who = Signature::new("N", "n@example.com", 1, "+0000");
        let c = Commit::new(ObjectId::EMPTY_TREE)
            .with_parent(a)
            .with_parent(b)
            .with_author(who.clone())
            .with_committer(who)
            .with_message("subject\n\nbody\n");
        let data = bytes(&c);
        assert_eq!(CommitRef::parse(&data).unwrap().to_owned(), c);
        assert_eq!(c.subject(), b"subject");
    }

    #[test]
    fn built_tag_reads_back() {
        let t = Tag::new(ObjectId::EMPTY_TREE, Kind::Tree, "v1")
            .with_tagger(Signature::new("T", "t@example.com", 2, "-0130"))
            .with_message("release\n");
        let data = bytes(&t);
        assert_eq!(TagRef::parse(&data).unwrap().to_owned(), t);
        assert_eq!(t.validate(), Ok(()));
    }
}
