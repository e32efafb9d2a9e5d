//! Tags as `git tag` makes them: which names are valid, what may be tagged, the annotated tag
//! object, and the reflog message git writes (`tag: tagging <abbrev> (<what>)`).
//!
//! Creating a tag is three steps, so a caller can speak between them as git does: [`plan`]
//! checks the name (`refs/tags/<name>`, free unless `force`) and resolves what is tagged;
//! [`TagPlan::annotate`] writes an annotated tag object (message cleaned as `git tag -m` does);
//! [`TagPlan::apply`] points the ref at the tag object or straight at the target.
//! [`delete`] removes tags in one transaction. (For the tag *object* format, see
//! [`crate::object::tag`].)
//!
//! ```no_run
//! use gitstore::revision::Resolver;
//! let repo = gitstore::Repository::open(".git")?;
//! let mut resolver = Resolver::new(&repo);
//! let plan = gitstore::tag::plan(&mut resolver, b"v1.0", b"HEAD", false)?;
//! let tag = plan.annotate(&repo, b"Release 1.0")?;
//! plan.apply(&repo, tag, false)?;
//! # Ok::<(), gitstore::Error>(())
//! ```

use crate::date::{DateContext, DateFormat, DateKind};
use crate::error::{Error, Result};
use crate::identity;
use crate::object::{CommitRef, Kind, Tag, WriteTo};
use crate::oid::ObjectId;
use crate::refs::name::check_ref_format;
use crate::refs::{RefEdit, RefName, Target};
use crate::repo::Repository;
use crate::revision::{abbreviate, default_abbrev_len, Hint, Resolver};
use crate::stripspace::stripspace;
use bstr::{BString, ByteSlice};
use std::fmt;

/// Why a tag could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum TagErrorKind {
    /// Not a valid tag name.
    InvalidName,
    /// The tag exists and `force` was not given.
    AlreadyExists,
    /// What should be tagged names no object.
    Unresolvable {
        /// The object as given.
        object: BString,
    },
    /// Reading the repository failed.
    Other(Box<Error>),
}

/// A tag could not be made: why, and the tag name as given.
#[derive(Debug)]
pub struct TagError {
    /// Why.
    pub kind: TagErrorKind,
    /// The tag name, as given.
    pub name: BString,
}

impl From<crate::refs::Error> for TagError {
    fn from(e: crate::refs::Error) -> TagError {
        Error::from(e).into()
    }
}

impl From<Error> for TagError {
    fn from(e: Error) -> TagError {
        TagError {
            kind: TagErrorKind::Other(Box::new(e)),
            name: BString::default(),
        }
    }
}

impl fmt::Display for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = &self.name;
        match &self.kind {
            TagErrorKind::InvalidName => write!(f, "'{n}' is not a valid tag name"),
            TagErrorKind::AlreadyExists => write!(f, "tag '{n}' already exists"),
            TagErrorKind::Unresolvable { object } => {
                write!(f, "tag '{n}': '{object}' names no object")
            }
            TagErrorKind::Other(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for TagError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            TagErrorKind::Other(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// `refs/tags/<name>` if `name` is a valid tag name.
pub fn tag_ref(name: &[u8]) -> Option<RefName> {
    if name.starts_with(b"-") {
        return None;
    }
    let mut full = b"refs/tags/".to_vec();
    full.extend_from_slice(name);
    check_ref_format(&full).ok()?;
    RefName::new(full.as_slice()).ok()
}

/// A tag's name without `refs/tags/`.
pub fn short_name(name: &RefName) -> &[u8] {
    name.as_bytes()
        .strip_prefix(b"refs/tags/")
        .unwrap_or(name.as_bytes())
}

/// `git tag [-l] [<pattern>…]`: the tags whose short names match one of `patterns`
/// (wildmatch; every tag without patterns), in name order. Broken refs are left out.
///
/// ```
/// use gitstore::refs::{RefEdit, RefName};
///
/// let repo = gitstore::Repository::in_memory()?;
/// let blob = repo.odb().write(gitstore::Kind::Blob, b"x")?;
/// let mut tx = repo.refs().transaction();
/// for name in ["refs/tags/v1.0", "refs/tags/v2.0", "refs/tags/old"] {
///     tx.push(RefEdit::create(RefName::new(name)?, blob))?;
/// }
/// tx.commit()?;
/// let names = gitstore::tag::list(&repo, &[b"v*"])?;
/// let short: Vec<_> = names.iter().map(|n| gitstore::tag::short_name(n)).collect();
/// assert_eq!(short, [&b"v1.0"[..], b"v2.0"]);
/// # Ok::<(), gitstore::Error>(())
/// ```
pub fn list(repo: &Repository, patterns: &[&[u8]]) -> crate::Result<Vec<RefName>> {
    Ok(repo
        .refs()
        .list(b"refs/tags/")?
        .refs
        .into_iter()
        .filter(|r| crate::refs::pattern::name_matches(r.name.as_bytes(), patterns))
        .map(|r| r.name)
        .collect())
}

/// A checked tag creation: the name is valid and free (or `force`), the target resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPlan {
    /// The tag name, as given.
    pub name: BString,
    /// `refs/tags/<name>`.
    pub full: RefName,
    /// Where the tag pointed before (it exists; only with `force`).
    pub previous: Option<ObjectId>,
    /// What is tagged.
    pub target: ObjectId,
    /// Its kind.
    pub target_kind: Kind,
}

/// Checks that `name` can be created (replaced, with `force`) and resolves `object`, the
/// thing to tag, on `resolver`.
pub fn plan(
    resolver: &mut Resolver<'_>,
    name: &[u8],
    object: &[u8],
    force: bool,
) -> std::result::Result<TagPlan, TagError> {
    let repo = resolver.repo();
    let refused = |kind| TagError {
        kind,
        name: name.into(),
    };
    let full = tag_ref(name).ok_or_else(|| refused(TagErrorKind::InvalidName))?;
    let previous = repo.refs().find(&full)?.and_then(|r| match r.target {
        Target::Object(id) => Some(id),
        Target::Symbolic(_) => repo.refs().resolve_id(full.as_bytes()),
    });
    if previous.is_some() && !force {
        return Err(refused(TagErrorKind::AlreadyExists));
    }
    let unresolvable = || {
        refused(TagErrorKind::Unresolvable {
            object: object.into(),
        })
    };
    let target = match resolver.lookup(object, Hint::Any) {
        Ok(id) => id,
        _ => return Err(unresolvable()),
    };
    let target_kind = repo
        .odb()
        .try_read_header(&target)
        .map_err(Error::from)?
        .ok_or_else(unresolvable)?
        .kind;
    Ok(TagPlan {
        name: name.into(),
        full,
        previous,
        target,
        target_kind,
    })
}

impl TagPlan {
    /// Writes an annotated tag object for the plan (`git tag -m`): `message` cleaned up as git's
    /// `stripspace` with comments stripped, tagged by the committer identity. Returns its id.
    pub fn annotate(&self, repo: &Repository, message: &[u8]) -> Result<ObjectId> {
        let tag = Tag {
            target: self.target,
            target_kind: self.target_kind,
            name: self.name.clone(),
            tagger: Some(identity::committer_with_env(repo.config(), repo.env())?),
            extra_headers: Vec::new(),
            message: Some(stripspace(message, true).into()),
            signature: None,
            spelling: Default::default(),
        };
        Ok(repo.odb().write(Kind::Tag, &tag.to_vec())?)
    }

    /// Points the tag ref at `new` (the target, or a tag object from [`TagPlan::annotate`]),
    /// with git's reflog message; without `force` the ref must not exist.
    pub fn apply(&self, repo: &Repository, new: ObjectId, force: bool) -> Result<()> {
        let expected = if force { None } else { Some(ObjectId::null()) };
        let message = reflog_message(repo, &self.target, self.target_kind)?;
        let mut tx = repo.refs().transaction();
        tx.push(RefEdit::update(self.full.clone(), new, expected).message(message))?;
        Ok(tx.commit()?)
    }
}

/// git's `create_reflog_msg`: `tag: tagging <abbrev> (<subject>, <date>)` for a commit,
/// `(<kind> object)` otherwise.
pub fn reflog_message(repo: &Repository, target: &ObjectId, kind: Kind) -> Result<BString> {
    let mut msg = BString::from(format!(
        "tag: tagging {} (",
        abbreviate(repo, target, default_abbrev_len(repo))?
    ));
    match kind {
        Kind::Commit => {
            let mut data = Vec::new();
            repo.odb().read_to(target, &mut data)?;
            match CommitRef::parse(&data) {
                Ok(c) => {
                    let body = c.message_bytes();
                    let body = body.trim_start_with(|ch| ch == '\n');
                    let subject = body.lines().next().unwrap_or_default();
                    msg.extend_from_slice(subject);
                    msg.extend_from_slice(b", ");
                    let date = DateFormat::new(DateKind::Short).show(
                        c.committer.seconds(),
                        0,
                        &DateContext::at(0),
                    );
                    msg.extend_from_slice(date.as_bytes());
                }
                Err(_) => msg.extend_from_slice(b"commit object"),
            }
        }
        Kind::Tree => msg.extend_from_slice(b"tree object"),
        Kind::Blob => msg.extend_from_slice(b"blob object"),
        Kind::Tag => msg.extend_from_slice(b"other tag object"),
    }
    msg.push(b')');
    Ok(msg)
}

/// What [`delete`] did.
#[derive(Debug)]
pub struct TagDeletion {
    /// The names (as given) that are not tags (invalid, missing, or symbolic).
    pub missing: Vec<BString>,
    /// The tags deleted, with the id each pointed at (empty when `failed`).
    pub deleted: Vec<(BString, ObjectId)>,
    /// Why the transaction deleting the others failed, if it did (nothing was deleted).
    pub failed: Option<Error>,
}

/// `git tag -d <name>…`: deletes the named tags in one transaction, each only if it still
/// points where it was read.
pub fn delete(repo: &Repository, names: &[&[u8]]) -> Result<TagDeletion> {
    let mut missing = Vec::new();
    let mut found = Vec::new();
    for &name in names {
        let full = tag_ref(name);
        let id = full
            .as_ref()
            .and_then(|f| repo.refs().find(f).ok().flatten())
            .and_then(|r| match r.target {
                Target::Object(id) => Some(id),
                Target::Symbolic(_) => None,
            });
        match (full, id) {
            (Some(full), Some(id)) => found.push((BString::from(name), full, id)),
            _ => missing.push(name.into()),
        }
    }
    let mut deleted = Vec::new();
    let mut failed = None;
    if !found.is_empty() {
        let mut tx = repo.refs().transaction();
        for (_, full, id) in &found {
            tx.push(RefEdit::delete(full.clone(), Some(*id)).no_deref())?;
        }
        match tx.commit() {
            Ok(()) => deleted = found.into_iter().map(|(n, _, id)| (n, id)).collect(),
            Err(e) => failed = Some(e.into()),
        }
    }
    Ok(TagDeletion {
        missing,
        deleted,
        failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_names_follow_git_rules() {
        assert!(tag_ref(b"v1.0").is_some());
        assert!(tag_ref(b"HEAD").is_some());
        assert!(tag_ref(b"-v").is_none());
        assert!(tag_ref(b"v1..0").is_none());
        assert!(tag_ref(b"v1^").is_none());
    }
}
