//! The objects a commit walk reaches, as `git rev-list --objects` lists them: the commits in
//! the walk's order, then the tags, trees and blobs named by the caller, then each commit's root
//! tree and everything below it, depth first in tree order, each object once (with the path it
//! was first reached by), minus whatever the hidden side reaches.
//!
//! git's order (its `traverse_commit_list`, `list-objects.c`):
//!
//! ```text
//! C3 C2 C1                    every commit, as the walk gives them
//! tag  <tag's own name>       objects named by the caller, in the order given: a tag, then
//! tree <path given or "">     what it points at (a tree or blob by no name)
//! T3 ""                       C3's root tree (an empty name), then its entries depth first:
//!   T3/a  a                   a tree, then its own entries, before its next sibling
//!   T3/a/x  a/x
//!   T3/b  b
//! T2 ""                       C2's root tree: only what C3's did not list already
//! ```
//!
//! The hidden side: trees and blobs given hidden (`^tree`), what hidden tags point at, and the
//! root trees of the *edge* commits — the hidden parents of the walk's commits — with
//! everything below them. git marks only the edges' trees, not the tree of every hidden commit
//! (a hidden tip that is no walked commit's parent hides nothing of its tree); so does
//! [`ReachableObjects::hide_edges`]. Gitlinks (submodule commits) are never followed.

mod error;
mod from_walk;
mod marks;
mod missing_order;

pub use error::{ObjectsError, ObjectsErrorKind};
pub use from_walk::{Edges, Listed, WalkListing};
pub use missing_order::missing_in_git_order;

use crate::error::{DecodeError, Result};
use crate::graph::{CommitInfo, Commits};
use crate::object::tree::parse_entry;
use crate::object::{Kind, TagRef};
use crate::odb::{Odb, PromisorObjects};
use crate::oid::ObjectId;
use crate::pathspec::Pathspec;
use bstr::{BStr, BString, ByteSlice};
use marks::{Marks, BLOB, EDGE, HIDDEN, SEEN, TREE};
use std::collections::VecDeque;
use std::sync::Arc;

/// What to do when a tree or blob the walk reaches is in no store (`--missing=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingAction {
    /// Stop with [`ObjectsErrorKind::Missing`] (git's default).
    #[default]
    Error,
    /// Step over it silently.
    AllowAny,
    /// Step over objects a promisor remote promises ([`PromisorObjects`]: a partial clone's
    /// missing blobs); stop like [`MissingAction::Error`] at any other (the caller words it as
    /// git does for this action).
    AllowPromisor,
    /// List it, as a [`Reached`] with `missing` set (git prints those last, as `?<id>`).
    Print,
}

/// How a [`ReachableObjects`] walk behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ObjectsOptions {
    /// What to do about missing trees and blobs.
    pub missing: MissingAction,
    /// List each commit's trees and blobs right after the commit, instead of after all commits
    /// (`--in-commit-order`).
    pub in_commit_order: bool,
}

/// A commit of the walk, with what the walk already knows of it (what it does not know is
/// read from the object database).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Walked {
    /// The commit.
    pub id: ObjectId,
    /// Its root tree.
    pub tree: Option<ObjectId>,
    /// Its parents (only [`ReachableObjects::hide_edges`] needs them).
    pub parents: Option<Vec<ObjectId>>,
}

impl From<ObjectId> for Walked {
    fn from(id: ObjectId) -> Self {
        Walked {
            id,
            ..Walked::default()
        }
    }
}

impl From<&ObjectId> for Walked {
    fn from(id: &ObjectId) -> Self {
        Walked::from(*id)
    }
}

impl From<(ObjectId, Arc<CommitInfo>)> for Walked {
    fn from((id, info): (ObjectId, Arc<CommitInfo>)) -> Self {
        Walked {
            id,
            tree: Some(info.tree),
            parents: Some(info.parents.clone()),
        }
    }
}

/// What a commit walk hands over: a commit id, a [`Walked`], or a `Result` of one (an error
/// of the walk ends the listing with that error).
pub trait IntoWalked {
    /// The commit, or the walk's error.
    fn into_walked(self) -> Result<Walked>;
}

impl<T: Into<Walked>> IntoWalked for T {
    fn into_walked(self) -> Result<Walked> {
        Ok(self.into())
    }
}

impl<T: Into<Walked>, E: Into<crate::Error>> IntoWalked for std::result::Result<T, E> {
    fn into_walked(self) -> Result<Walked> {
        self.map(Into::into).map_err(Into::into)
    }
}

/// One object reached, borrowing its name from the walk (see [`Objects::next_object`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached<'a> {
    /// The object.
    pub id: ObjectId,
    /// Its kind (for a missing object, the kind it was named as).
    pub kind: Kind,
    /// `None` for a commit (and a missing object a tag points at); otherwise the path it was reached by (empty for a root tree and for
    /// an object the caller named without a path), or a tag's own name. git prints
    /// `<id> <name up to its first newline>`, the space even when the name is empty.
    pub name: Option<&'a BStr>,
    /// Whether it is in no store (only with [`MissingAction::Print`]).
    pub missing: bool,
}

/// One object reached, owning its name (what [`Objects`] yields as an iterator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The object.
    pub id: ObjectId,
    /// Its kind (for a missing object, the kind it was named as).
    pub kind: Kind,
    /// See [`Reached::name`].
    pub name: Option<BString>,
    /// Whether it is in no store (only with [`MissingAction::Print`]).
    pub missing: bool,
}

impl From<Reached<'_>> for Object {
    fn from(r: Reached<'_>) -> Self {
        Object {
            id: r.id,
            kind: r.kind,
            name: r.name.map(BString::from),
            missing: r.missing,
        }
    }
}

/// An object the caller named, waiting for the commits to be listed.
enum Pending {
    Tag { id: ObjectId, name: BString },
    Tree { id: ObjectId, path: BString },
    Blob { id: ObjectId, path: BString },
    Missing { id: ObjectId, kind: Kind },
}

/// The set-up of a walk over reachable objects: what is hidden, what the caller names besides
/// commits. [`ReachableObjects::walk`] then lists the objects.
///
/// ```
/// use gitstore::history::objects::ReachableObjects;
/// use gitstore::object::{Commit, EntryMode, Signature};
/// use gitstore::{repo::InitOptions, Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// let blob = repo.odb().write(Kind::Blob, b"data\n")?;
/// let mut editor = repo.edit_tree(None);
/// editor.insert(b"src/main.rs", EntryMode::BLOB, blob)?;
/// let tree = editor.write()?;
/// let me = Signature::new("Me", "me@example.com", 1_700_000_000, "+0000");
/// let commit = Commit::new(tree).with_author(me.clone()).with_committer(me).with_message("first\n");
/// let commit = repo.odb().write_object(&commit)?;
///
/// let mut listed = Vec::new();
/// for object in ReachableObjects::new(repo.odb()).walk([commit]) {
///     let object = object?;
///     listed.push((object.kind, object.name.map(|n| n.to_string())));
/// }
/// assert_eq!(
///     listed,
///     [
///         (Kind::Commit, None),
///         (Kind::Tree, Some("".into())),
///         (Kind::Tree, Some("src".into())),
///         (Kind::Blob, Some("src/main.rs".into())),
///     ]
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ReachableObjects<'o> {
    odb: &'o Odb,
    commits: Commits,
    marks: Marks,
    pending: VecDeque<Pending>,
    options: ObjectsOptions,
    buffers: Vec<Vec<u8>>,
    /// Limits the entries listed below each tree (a path-limited walk's pathspec).
    paths: Option<Pathspec>,
    /// What may be missing with [`MissingAction::AllowPromisor`].
    promised: PromisorObjects<'o>,
}

impl<'o> ReachableObjects<'o> {
    /// A walk over the objects of `odb`, with default options.
    pub fn new(odb: &'o Odb) -> Self {
        Self::with_options(odb, ObjectsOptions::default())
    }

    /// A walk over the objects of `odb`.
    pub fn with_options(odb: &'o Odb, options: ObjectsOptions) -> Self {
        ReachableObjects {
            odb,
            commits: Commits::new(),
            marks: Marks::default(),
            pending: VecDeque::new(),
            options,
            buffers: Vec::new(),
            paths: None,
            promised: PromisorObjects::new(odb),
        }
    }

    /// Lists, below each tree, only the entries `paths` finds interesting (the trees leading
    /// to a spec and what is inside one), as a path-limited `rev-list --objects` does; root
    /// trees and the objects [added](Self::add) are listed whatever their path.
    pub fn limit_to_paths(mut self, paths: Pathspec) -> Self {
        self.paths = (!paths.matches_all()).then_some(paths);
        self
    }

    /// Reads commits through `commits` (a cache a commit walk has filled already).
    pub fn with_commits(mut self, commits: Commits) -> Self {
        self.commits = commits;
        self
    }

    /// Hides the commits' trees of the walk's edges: for each commit of `walked` (in the walk's
    /// order), its parents that `is_hidden` says are hidden have their root tree and everything
    /// below it hidden (a hidden commit of `walked` has its own tree hidden). Returns the edge
    /// commits, each once, in the order met (`--objects-edge` prints them as `-<id>`).
    ///
    /// Call it before [`ReachableObjects::walk`], with every commit of the limited walk in its
    /// order (git's `revs->commits`: before `--max-count` or `--skip` cut it, and not
    /// reversed); a walk without hidden commits has no edges.
    pub fn hide_edges<I>(
        &mut self,
        walked: I,
        mut is_hidden: impl FnMut(&ObjectId) -> bool,
    ) -> Result<Vec<ObjectId>>
    where
        I: IntoIterator,
        I::Item: IntoWalked,
    {
        let mut edges = Vec::new();
        for commit in walked {
            let commit = commit.into_walked()?;
            if is_hidden(&commit.id) {
                // git's walk hands hidden commits over only when it does not limit the walk
                self.hide_commit_tree(&commit.id)?;
                continue;
            }
            let parents = match commit.parents {
                Some(parents) => parents,
                None => match self.commits.get(self.odb, &commit.id)? {
                    Some(info) => info.parents.clone(),
                    None => continue,
                },
            };
            for parent in &parents {
                if !is_hidden(parent) {
                    continue;
                }
                self.hide_commit_tree(parent)?;
                if self.marks.set(parent, EDGE) & EDGE == 0 {
                    edges.push(*parent);
                }
            }
        }
        Ok(edges)
    }

    /// Hides the root tree of `commit` and everything below it (what
    /// `--objects-edge-aggressive` does for every hidden commit named on the command line).
    /// Nothing happens when `commit` cannot be read.
    pub fn hide_commit_tree(&mut self, commit: &ObjectId) -> Result<()> {
        match self.commits.get(self.odb, commit)? {
            Some(info) => self.hide_tree(&info.tree),
            None => Ok(()),
        }
    }

    /// Hides `id` (`^id` on git's command line): a tree with everything below it, a blob, a
    /// tag with what it points at. A commit, or an object that is missing, hides nothing here
    /// (the commit walk hides commits).
    pub fn hide(&mut self, id: &ObjectId) -> Result<()> {
        let mut id = *id;
        let mut buf = Vec::new();
        for _ in 0..=self.odb.limits().max_tag_chain {
            match self.odb.try_read_header(&id)?.map(|h| h.kind) {
                Some(Kind::Tag) => {
                    self.marks.set(&id, HIDDEN);
                    self.odb.read_to(&id, &mut buf)?;
                    id = parse_tag(&id, &buf)?.target;
                }
                Some(Kind::Tree) => return self.hide_tree(&id),
                Some(Kind::Blob) => {
                    if self.marks.get(&id) & TREE == 0 {
                        self.marks.set(&id, HIDDEN | BLOB);
                    }
                    return Ok(());
                }
                Some(Kind::Commit) | None => return Ok(()),
            }
        }
        Err(tag_chain_limit(self.odb))
    }

    /// Hides tree `id` and everything below it. Missing trees are stepped over.
    pub fn hide_tree(&mut self, id: &ObjectId) -> Result<()> {
        let flags = self.marks.get(id);
        if flags & (HIDDEN | BLOB) != 0 {
            return Ok(());
        }
        self.marks.set(id, HIDDEN | TREE);
        let mut todo = vec![*id];
        let mut buf = self.buffers.pop().unwrap_or_default();
        while let Some(tree) = todo.pop() {
            if self.odb.try_read(&tree, &mut buf)? != Some(Kind::Tree) {
                continue;
            }
            let mut rest = buf.as_slice();
            while !rest.is_empty() {
                let (entry, used) = parse_entry(rest)
                    .map_err(|e| ObjectsError::new(ObjectsErrorKind::Corrupt(e), tree))?;
                rest = rest.get(used..).unwrap_or_default();
                let flags = self.marks.get(&entry.id);
                match entry.mode.kind() {
                    Kind::Tree if flags & (HIDDEN | BLOB) == 0 => {
                        self.marks.set(&entry.id, HIDDEN | TREE);
                        todo.push(entry.id);
                    }
                    Kind::Blob if flags & TREE == 0 => {
                        self.marks.set(&entry.id, HIDDEN | BLOB);
                    }
                    _ => {}
                }
            }
        }
        self.buffers.push(buf);
        Ok(())
    }

    /// Lists `id` after the commits (a tag, tree or blob named on the command line), by `path`
    /// when it was named as `<rev>:<path>`. A tag is listed by its own name, then what it
    /// points at (by no name); a commit, directly or under tags, is left to the commit walk.
    pub fn add(&mut self, id: &ObjectId, path: Option<&[u8]>) -> Result<()> {
        let mut id = *id;
        let mut path = BString::from(path.unwrap_or_default());
        let mut buf = Vec::new();
        let mut kind = self
            .odb
            .try_read_header(&id)?
            .ok_or(crate::Error::ObjectNotFound { id })?
            .kind;
        for _ in 0..=self.odb.limits().max_tag_chain {
            match kind {
                Kind::Tag => {
                    self.odb.read_to(&id, &mut buf)?;
                    let tag = parse_tag(&id, &buf)?;
                    self.pending.push_back(Pending::Tag {
                        id,
                        name: tag.name.into(),
                    });
                    let Some(header) = self.odb.try_read_header(&tag.target)? else {
                        return self.missing_tag_target(id, tag.target, tag.target_kind);
                    };
                    (id, kind) = (tag.target, header.kind);
                    path.clear();
                }
                Kind::Tree => {
                    self.pending.push_back(Pending::Tree { id, path });
                    return Ok(());
                }
                Kind::Blob => {
                    self.pending.push_back(Pending::Blob { id, path });
                    return Ok(());
                }
                Kind::Commit => return Ok(()),
            }
        }
        Err(tag_chain_limit(self.odb))
    }

    fn missing_tag_target(&mut self, tag: ObjectId, id: ObjectId, kind: Kind) -> Result<()> {
        match self.options.missing {
            MissingAction::AllowPromisor if self.promised.contains(&id, Some(&tag))? => Ok(()),
            MissingAction::Error | MissingAction::AllowPromisor => {
                Err(ObjectsError::new(ObjectsErrorKind::MissingTagTarget { tag }, id).into())
            }
            MissingAction::AllowAny => Ok(()),
            MissingAction::Print => {
                self.pending.push_back(Pending::Missing { id, kind });
                Ok(())
            }
        }
    }

    /// Lists the commits of `commits` (the walk, in its output order), then the objects
    /// [added](ReachableObjects::add), then the trees and blobs the commits reach.
    pub fn walk<I>(self, commits: I) -> Objects<'o, I::IntoIter>
    where
        I: IntoIterator,
        I::Item: IntoWalked,
    {
        Objects {
            inner: self,
            commits: Some(commits.into_iter()),
            stack: Vec::new(),
            path: Vec::new(),
            entry_buffers: Vec::new(),
        }
    }

    /// The listing without a commit iterator, for a caller that prints the commits itself and
    /// hands each over with [`Objects::push_commit`]: it lists the [added](Self::add) objects
    /// and the pushed commits' trees and blobs, and can be resumed after it ends (push more
    /// commits, list again), as `--in-commit-order` does after each commit.
    pub fn objects(self) -> Objects<'o, std::iter::Empty<ObjectId>> {
        self.walk(std::iter::empty())
    }

    /// Gives back the commit cache, to be used again.
    pub fn into_commits(self) -> Commits {
        self.commits
    }

    fn tree_of(&mut self, commit: &Walked) -> Result<Option<ObjectId>> {
        match commit.tree {
            Some(tree) => Ok(Some(tree)),
            None => Ok(self.commits.get(self.odb, &commit.id)?.map(|c| c.tree)),
        }
    }
}

fn parse_tag<'a>(id: &ObjectId, data: &'a [u8]) -> Result<TagRef<'a>> {
    TagRef::parse(data).map_err(|source| crate::Error::InvalidObject {
        id: Some(*id),
        kind: Kind::Tag,
        source,
    })
}

fn tag_chain_limit(odb: &Odb) -> crate::Error {
    crate::Error::LimitExceeded {
        what: "tag chain length",
        limit: odb.limits().max_tag_chain as u64,
        location: crate::error::Location::Memory,
    }
}

/// A tree being listed: its body, its entries parsed up front, how far they have been listed.
struct Frame {
    id: ObjectId,
    data: Vec<u8>,
    entries: Vec<Pre>,
    next: usize,
    /// Where the body stops parsing, reported once the entries before it are listed.
    error: Option<DecodeError>,
    /// The length of the entries' path prefix (`dir/`) in [`Objects::path`].
    base: usize,
    depth: usize,
}

/// A tree entry to list (not a gitlink), with its marks as they were when the tree was read:
/// looking them all up in one loop lets the memory loads overlap, and marks only ever gain
/// bits, so an entry seen then is seen now.
#[derive(Clone, Copy)]
struct Pre {
    id: ObjectId,
    /// [`TREE`] or [`BLOB`].
    kind: u8,
    flags: u8,
    name_start: usize,
    name_len: usize,
}

/// The entries of tree body `data` to list, up to the first that does not parse.
fn pre_parse(data: &[u8], entries: &mut Vec<Pre>) -> Option<DecodeError> {
    entries.clear();
    let mut pos = 0;
    while let Some(rest) = data.get(pos..).filter(|r| !r.is_empty()) {
        let (entry, used) = match parse_entry(rest) {
            Ok(parsed) => parsed,
            Err(e) => return Some(DecodeError::new(pos + e.offset, e.what)),
        };
        let kind = match entry.mode.kind() {
            Kind::Tree => TREE,
            Kind::Blob => BLOB,
            _ => 0,
        };
        if kind != 0 {
            // the name ends with a NUL and the 20-byte id
            let name_len = entry.name.len();
            entries.push(Pre {
                id: entry.id,
                kind,
                flags: 0,
                name_start: pos + used.saturating_sub(21 + name_len),
                name_len,
            });
        }
        pos += used;
    }
    None
}

/// What one step found; its name, if any, is `path[..name]`.
struct Found {
    id: ObjectId,
    kind: Kind,
    name: Option<usize>,
    missing: bool,
}

/// The objects a walk reaches, in git's order: an iterator of owned [`Object`]s, or
/// [`Objects::next_object`] to borrow each name instead of allocating it.
pub struct Objects<'o, I> {
    inner: ReachableObjects<'o>,
    commits: Option<I>,
    stack: Vec<Frame>,
    path: Vec<u8>,
    entry_buffers: Vec<Vec<Pre>>,
}

impl<'o, I> Objects<'o, I>
where
    I: Iterator,
    I::Item: IntoWalked,
{
    /// Queues the trees and blobs of `commit` (the commit itself is the caller's to print):
    /// they are listed after the objects queued before, when the commits of the iterator are
    /// done.
    pub fn push_commit(&mut self, commit: impl IntoWalked) -> Result<()> {
        self.commit(commit.into_walked()?).map(|_| ())
    }

    /// The next object, its name borrowed from the walk; `None` at the end.
    pub fn next_object(&mut self) -> Result<Option<Reached<'_>>> {
        Ok(self.step_found()?.map(|found| self.reached(found)))
    }

    /// What the next step found, its name still in `path` (so a caller can loop without
    /// holding a borrow).
    fn step_found(&mut self) -> Result<Option<Found>> {
        let found = self.step();
        if found.is_err() {
            // a failed walk stays over
            self.commits = None;
            self.stack.clear();
            self.inner.pending.clear();
        }
        found
    }

    fn reached(&self, f: Found) -> Reached<'_> {
        Reached {
            id: f.id,
            kind: f.kind,
            name: f
                .name
                .map(|n| self.path.get(..n).unwrap_or_default().as_bstr()),
            missing: f.missing,
        }
    }

    fn step(&mut self) -> Result<Option<Found>> {
        loop {
            if let Some(found) = self.next_entry()? {
                return Ok(Some(found));
            }
            let drain_first = self.inner.options.in_commit_order && !self.inner.pending.is_empty();
            if let (Some(commits), false) = (&mut self.commits, drain_first) {
                match commits.next() {
                    Some(commit) => return self.commit(commit.into_walked()?).map(Some),
                    None => self.commits = None,
                }
                continue;
            }
            match self.inner.pending.pop_front() {
                Some(pending) => {
                    if let Some(found) = self.pending(pending)? {
                        return Ok(Some(found));
                    }
                }
                None if self.commits.is_none() => return Ok(None),
                None => {}
            }
        }
    }

    fn commit(&mut self, commit: Walked) -> Result<Found> {
        let tree = self.inner.tree_of(&commit)?.ok_or_else(|| {
            crate::Error::from(ObjectsError::new(ObjectsErrorKind::NotACommit, commit.id))
        })?;
        self.inner.pending.push_back(Pending::Tree {
            id: tree,
            path: BString::default(),
        });
        Ok(Found {
            id: commit.id,
            kind: Kind::Commit,
            name: None,
            missing: false,
        })
    }

    fn pending(&mut self, pending: Pending) -> Result<Option<Found>> {
        self.path.clear();
        match pending {
            Pending::Tag { id, name } => {
                if self.inner.marks.set(&id, SEEN) & (SEEN | HIDDEN) != 0 {
                    return Ok(None);
                }
                self.path.extend_from_slice(&name);
                Ok(Some(Found {
                    id,
                    kind: Kind::Tag,
                    name: Some(self.path.len()),
                    missing: false,
                }))
            }
            Pending::Tree { id, path } => {
                self.path.extend_from_slice(&path);
                self.tree(id, 0)
            }
            Pending::Blob { id, path } => {
                self.path.extend_from_slice(&path);
                self.blob(id)
            }
            Pending::Missing { id, kind } => Ok(Some(Found {
                id,
                kind,
                name: None,
                missing: true,
            })),
        }
    }

    /// The next entry of the innermost tree being listed that is to be listed.
    fn next_entry(&mut self) -> Result<Option<Found>> {
        while let Some(frame) = self.stack.last_mut() {
            let Some(pre) = frame.entries.get(frame.next).copied() else {
                if let Some(e) = frame.error.take() {
                    let path = self
                        .path
                        .get(..frame.base.saturating_sub(1))
                        .unwrap_or_default();
                    let e = ObjectsError::new(ObjectsErrorKind::Corrupt(e), frame.id);
                    return Err(e.at_path(path).into());
                }
                if let Some(frame) = self.stack.pop() {
                    self.inner.buffers.push(frame.data);
                    self.entry_buffers.push(frame.entries);
                }
                continue;
            };
            frame.next += 1;
            // most entries were met already, in another commit's tree: skip them before any
            // path is made
            let other = if pre.kind == TREE { BLOB } else { TREE };
            if pre.flags & (SEEN | HIDDEN) != 0 && pre.flags & other == 0 {
                continue;
            }
            let depth = frame.depth + 1;
            let name = frame
                .data
                .get(pre.name_start..pre.name_start + pre.name_len)
                .unwrap_or_default();
            if let Some(spec) = &self.inner.paths {
                // git's `tree_entry_interesting`, not recursive: rev-list diffs nothing
                let base = self.path.get(..frame.base).unwrap_or_default();
                let is_tree = pre.kind == TREE;
                if !spec.interesting(base, name, is_tree, is_tree, false) {
                    continue;
                }
            }
            self.path.truncate(frame.base);
            self.path.extend_from_slice(name);
            let found = if pre.kind == TREE {
                self.tree(pre.id, depth)?
            } else {
                self.blob(pre.id)?
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Tree `id`, reached by the path in `self.path`: listed (and its entries queued) unless
    /// seen or hidden.
    fn tree(&mut self, id: ObjectId, depth: usize) -> Result<Option<Found>> {
        let slot = self.inner.marks.slot(&id);
        let flags = *slot;
        if flags & BLOB != 0 {
            return Err(self.wrong_kind(id, Kind::Tree, Kind::Blob));
        }
        if flags & (SEEN | HIDDEN) != 0 {
            return Ok(None);
        }
        let limit = self.inner.odb.limits().max_tree_depth;
        if depth > limit {
            return Err(self.error(id, ObjectsErrorKind::TooDeep { limit }));
        }
        *slot |= SEEN | TREE;
        let mut data = self.inner.buffers.pop().unwrap_or_default();
        let kind = self.inner.odb.try_read(&id, &mut data)?;
        match kind {
            Some(Kind::Tree) => {}
            Some(actual) => return Err(self.wrong_kind(id, Kind::Tree, actual)),
            None => {
                self.inner.buffers.push(data);
                return self.missing(id, Kind::Tree);
            }
        }
        let name = self.path.len();
        if name > 0 {
            self.path.push(b'/');
        }
        let mut entries = self.entry_buffers.pop().unwrap_or_default();
        let error = pre_parse(&data, &mut entries);
        for pre in entries.iter_mut() {
            pre.flags = self.inner.marks.get(&pre.id);
        }
        self.stack.push(Frame {
            id,
            data,
            entries,
            next: 0,
            error,
            base: self.path.len(),
            depth,
        });
        Ok(Some(Found {
            id,
            kind: Kind::Tree,
            name: Some(name),
            missing: false,
        }))
    }

    /// Blob `id`, reached by the path in `self.path`: listed unless seen or hidden.
    fn blob(&mut self, id: ObjectId) -> Result<Option<Found>> {
        let slot = self.inner.marks.slot(&id);
        let flags = *slot;
        if flags & TREE != 0 {
            return Err(self.wrong_kind(id, Kind::Blob, Kind::Tree));
        }
        if flags & (SEEN | HIDDEN) != 0 {
            return Ok(None);
        }
        *slot |= SEEN | BLOB;
        if !self.inner.odb.contains(&id)? {
            return self.missing(id, Kind::Blob);
        }
        Ok(Some(Found {
            id,
            kind: Kind::Blob,
            name: Some(self.path.len()),
            missing: false,
        }))
    }

    fn missing(&mut self, id: ObjectId, kind: Kind) -> Result<Option<Found>> {
        match self.inner.options.missing {
            MissingAction::AllowPromisor => {
                // the tree listing it, if any (a root tree's commit is not kept)
                let named_by = self.stack.last().map(|f| f.id);
                if self.inner.promised.contains(&id, named_by.as_ref())? {
                    return Ok(None);
                }
                Err(self.error(id, ObjectsErrorKind::Missing { kind }))
            }
            MissingAction::Error => Err(self.error(id, ObjectsErrorKind::Missing { kind })),
            MissingAction::AllowAny => Ok(None),
            MissingAction::Print => Ok(Some(Found {
                id,
                kind,
                name: Some(self.path.len()),
                missing: true,
            })),
        }
    }

    fn wrong_kind(&self, id: ObjectId, expected: Kind, actual: Kind) -> crate::Error {
        self.error(id, ObjectsErrorKind::WrongKind { expected, actual })
    }

    fn error(&self, id: ObjectId, kind: ObjectsErrorKind) -> crate::Error {
        ObjectsError::new(kind, id)
            .at_path(self.path.as_slice())
            .into()
    }
}

impl<I> Iterator for Objects<'_, I>
where
    I: Iterator,
    I::Item: IntoWalked,
{
    type Item = Result<Object>;

    fn next(&mut self) -> Option<Result<Object>> {
        self.next_object().map(|o| o.map(Object::from)).transpose()
    }
}
