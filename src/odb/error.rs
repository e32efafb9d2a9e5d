//! The object database's errors, as data: [`Error`], what reading, listing or writing objects
//! through an [`Odb`](super::Odb) or any [`ObjectStore`](super::ObjectStore) can fail with, and
//! [`Unsupported`], what an object database cannot do yet.
//!
//! The layers below keep their own errors inside it ([`Error::Loose`], [`Error::Pack`]); each
//! kind converts into the variant of [`crate::Error`] it has always been seen as.

use super::DamagedObject;
use crate::hash::CollisionDetected;
use crate::location::strerror;
use crate::object::Kind;
use crate::oid::{ObjectId, Prefix};
use bstr::BString;
use std::io;
use std::path::PathBuf;

/// Shorthand for results whose error is the object database's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What reading, listing or writing objects can fail with. Each variant converts into the
/// [`crate::Error`] variant callers have always matched (`NotFound` into
/// [`crate::Error::ObjectNotFound`], `Loose` and `Pack` through their own layers' conversions,
/// …), with the same `Display` text.
///
/// ```
/// use gitstore::odb::{self, MemoryStore, Odb};
/// use gitstore::ObjectId;
///
/// let odb = Odb::in_memory(MemoryStore::new());
/// let id: ObjectId = "ce013625030ba8dba906f756967f9e9ca394464a".parse()?;
/// match odb.read(&id) {
///     Err(odb::Error::NotFound { id: missing }) => assert_eq!(missing, id),
///     other => panic!("{other:?}"),
/// }
///
/// // `?` takes it on into the crate's error, as the variant it has always been
/// fn read(odb: &Odb, id: &ObjectId) -> gitstore::Result<Vec<u8>> {
///     Ok(odb.read(id)?.data)
/// }
/// assert!(matches!(read(&odb, &id), Err(gitstore::Error::ObjectNotFound { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An operating-system error on a named file or directory (an object directory, its
    /// `info/alternates`, a pack directory), or on a stream being written (`<stream>`).
    #[error("{}: {}", path.display(), strerror(source))]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// No store has an object with this id.
    #[error("object {id} not found")]
    NotFound {
        /// The id looked for.
        id: ObjectId,
    },
    /// An abbreviated id matches more than one object.
    #[error("short object ID {prefix} is ambiguous")]
    AmbiguousPrefix {
        /// The abbreviation.
        prefix: Prefix,
        /// Every matching id, sorted.
        candidates: Vec<ObjectId>,
    },
    /// A loose object could not be read or written (see [`crate::loose::Error`]).
    #[error(transparent)]
    Loose(#[from] crate::loose::Error),
    /// A pack could not be read (see [`crate::pack::Error`]).
    #[error(transparent)]
    Pack(crate::pack::Error),
    /// No copy of an object could be read, a packed one being damaged.
    #[error(transparent)]
    Damaged(#[from] DamagedObject),
    /// A write this object database cannot make yet.
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
    /// An object built in memory could not be serialized.
    #[error("cannot serialize {kind} object: {source}")]
    Serialize {
        /// Its kind.
        kind: Kind,
        /// What its writer said.
        #[source]
        source: io::Error,
    },
    /// SHA-1 detected a collision attack in an object being hashed.
    #[error(transparent)]
    Collision(#[from] CollisionDetected),
    /// A store added by a tool ([`Odb::add_store`](super::Odb::add_store)) failed: its own
    /// error, passed back unchanged (downcast it to get it back). In [`crate::Error`] it is
    /// [`crate::Error::Callback`], or the [`crate::Error`] it was if the store returned one.
    #[error(transparent)]
    Store(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// An [`Error::Io`] naming `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::Store`]: a tool's store's own error.
    pub fn store(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Store(e.into())
    }

    /// For a loose object whose header cannot be read, what is wrong with it (see
    /// [`crate::loose::LooseError::header_damage`]). `None` for any other error.
    pub fn loose_header_damage(&self) -> Option<crate::loose::HeaderDamage> {
        match self {
            Error::Loose(e) => e.header_damage(),
            _ => None,
        }
    }

    /// Whether this is an operating-system "not found" on a file (a pack file deleted by a
    /// concurrent repack after its index was read).
    pub(super) fn is_file_not_found(&self) -> bool {
        let source = match self {
            Error::Io { source, .. }
            | Error::Pack(crate::pack::Error::Io { source, .. })
            | Error::Loose(crate::loose::Error::Io { source, .. }) => source,
            _ => return false,
        };
        source.kind() == io::ErrorKind::NotFound
    }
}

/// A pack's error; the odb's own error, handed to the pack when it read a REF_DELTA base
/// through the odb ([`crate::pack::Error::External`]), comes back as it was.
impl From<crate::pack::Error> for Error {
    fn from(e: crate::pack::Error) -> Self {
        match e {
            crate::pack::Error::External(e) => match e.downcast::<Error>() {
                Ok(e) => *e,
                Err(e) => Error::Pack(crate::pack::Error::External(e)),
            },
            e => Error::Pack(e),
        }
    }
}

/// A write an object database cannot make yet.
///
/// ```
/// use gitstore::odb::{self, MemoryStore, Odb, Unsupported};
///
/// let odb = Odb::in_memory(MemoryStore::new());
/// match odb.write_literally(b"bogus", b"data") {
///     Err(odb::Error::Unsupported(Unsupported::LiteralObjectInMemory { type_name })) => {
///         assert_eq!(type_name, "bogus")
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unsupported {
    /// An object of a type name other than the four kinds, written to a store in memory
    /// (`hash-object --literally`).
    #[error("an object of type '{type_name}' in memory is not supported yet")]
    LiteralObjectInMemory {
        /// The type name given.
        type_name: BString,
    },
    /// A write to an object database without a primary store (no directory, no memory store).
    #[error("writing to an object database without a primary store is not supported yet")]
    NoPrimaryStore,
}
