//! What reading refs gives: a [`Reference`] and its [`Target`], where it is stored, what a name
//! resolves to, and the refs that could not be read ([`BrokenRef`]).

use super::*;

/// What a ref points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An object id.
    Object(ObjectId),
    /// Another ref (`ref: refs/heads/main`).
    Symbolic(RefName),
}

/// One ref as stored, without following symbolic refs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Its full name.
    pub name: RefName,
    /// What it points at.
    pub target: Target,
    /// What an annotated tag peels to, when `packed-refs` records it.
    pub peeled: Option<ObjectId>,
}

/// Where a ref is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// Its own file under `refs/` (or a root ref's file in the git dir); in memory for an
    /// in-memory store.
    Loose,
    /// A line of `packed-refs`.
    Packed,
}

/// Where a chain of symbolic refs ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// At an object: `name` is the last ref of the chain (`refs/heads/main` for `HEAD`).
    Object {
        /// The ref that holds the id.
        name: RefName,
        /// The id.
        id: ObjectId,
        /// What it peels to, when `packed-refs` records it.
        peeled: Option<ObjectId>,
    },
    /// At a ref that does not exist: an unborn branch (`HEAD` in a fresh repository).
    Unborn {
        /// The missing ref the chain points at.
        name: RefName,
    },
}

impl Resolved {
    /// The id, unless unborn.
    pub fn id(&self) -> Option<ObjectId> {
        match self {
            Resolved::Object { id, .. } => Some(*id),
            Resolved::Unborn { .. } => None,
        }
    }

    /// The last ref of the chain.
    pub fn name(&self) -> &RefName {
        match self {
            Resolved::Object { name, .. } | Resolved::Unborn { name } => name,
        }
    }
}

/// A ref skipped while listing, and why (git: "ignoring broken ref").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenRef {
    /// The name as found on disk.
    pub name: BString,
    /// What is wrong with it, when the refs layer can say (a broken name rule, a damaged
    /// file's problem, a symbolic ref loop); `None` for an operating-system error or a
    /// dangling symbolic ref.
    pub cause: Option<RefErrorKind>,
    /// Which kind of breakage (git reports each differently, some not at all).
    pub kind: BrokenKind,
}

/// How a listed ref is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenKind {
    /// The name fails `check-ref-format` (git: "ignoring ref with broken name").
    BadName,
    /// The loose file cannot be read or parsed (git: "ignoring broken ref").
    Damaged,
    /// A symbolic ref that dangles, loops or chains too deep (git skips it silently).
    UnresolvedSymref,
}

/// The result of [`RefStore::list`]: good refs in git's order, and the broken ones skipped.
#[derive(Debug, Clone, Default)]
pub struct RefList {
    /// Refs sorted by full name (byte order), loose shadowing packed.
    pub refs: Vec<Reference>,
    /// Refs that were skipped: bad names, unreadable files, dangling or looping symrefs.
    pub broken: Vec<BrokenRef>,
}

/// `core.logAllRefUpdates`: which updates create a reflog that does not exist yet. (An existing
/// reflog is always appended to.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogRefs {
    /// `false` (and the default in a bare repository): never create reflogs.
    None,
    /// `true` (the default in a non-bare repository): for `HEAD`, `refs/heads/`,
    /// `refs/remotes/`, `refs/notes/`.
    Normal,
    /// `always`: for every ref.
    Always,
}
