//! The loose layer's errors, as data: [`Error`], what reading or writing a loose object can
//! fail with; [`LooseError`], what is wrong with a loose object file (the object, the file and a
//! [`LooseErrorKind`]); [`HeaderDamage`], the header problems git reports and then takes the
//! object as missing.
//!
//! Each converts into the variant of [`crate::Error`] it has always been seen as.

use crate::hash::CollisionDetected;
use crate::location::strerror;
use crate::object::DecodeError;
use crate::oid::ObjectId;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// Shorthand for results whose error is the loose layer's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What reading or writing loose objects can fail with. Each variant converts into the
/// [`crate::Error`] variant of the same name ([`Error::Corrupt`] into [`crate::Error::Loose`]),
/// with the same `Display` text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An operating-system error on a named file or directory.
    #[error("{}: {}", path.display(), strerror(source))]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// A loose object file that cannot be read as the object it is named for.
    #[error(transparent)]
    Corrupt(#[from] LooseError),
    /// The content of a loose file hashes to another id than the one it is named for.
    #[error("hash mismatch for {expected} in {}: content hashes to {actual}", path.display())]
    HashMismatch {
        /// The id the file is named for.
        expected: ObjectId,
        /// The id its content hashes to.
        actual: ObjectId,
        /// The loose file.
        path: PathBuf,
    },
    /// SHA-1 detected a collision attack in an object being written.
    #[error(transparent)]
    Collision(#[from] CollisionDetected),
    /// The reader handed to [`LooseStore::write_stream`](super::LooseStore::write_stream) failed.
    #[error("reading input: {source}")]
    ReadInput {
        /// What the reader said.
        #[source]
        source: io::Error,
    },
    /// The reader handed to a streaming write ended before the size announced.
    #[error("input ended {missing} bytes before the announced size of {size}")]
    ShortInput {
        /// The size announced.
        size: u64,
        /// How many bytes were missing.
        missing: u64,
    },
}

impl Error {
    /// An [`Error::Io`] naming `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// For a loose object whose header cannot be read, what is wrong with it (see
    /// [`LooseError::header_damage`]).
    pub fn header_damage(&self) -> Option<HeaderDamage> {
        match self {
            Error::Corrupt(e) => e.header_damage(),
            _ => None,
        }
    }
}

/// A loose object file that cannot be read as the object it is named for.
///
/// ```
/// use gitstore::loose::{Error, LooseErrorKind, LooseStore};
/// use gitstore::ObjectId;
///
/// let dir = tempfile::tempdir()?;
/// let store = LooseStore::new(dir.path());
/// let id: ObjectId = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".parse()?;
/// let path = store.path_of(&id);
/// std::fs::create_dir_all(path.parent().unwrap())?;
/// std::fs::write(&path, b"")?; // an empty file where the object should be
///
/// match store.read_header(&id) {
///     Err(Error::Corrupt(e)) => {
///         assert_eq!(e.id, id);
///         assert_eq!(e.kind, LooseErrorKind::Empty);
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("corrupt object {id} in {}: {kind}", path.display())]
pub struct LooseError {
    /// The object the file is named for.
    pub id: ObjectId,
    /// The loose file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub kind: LooseErrorKind,
}

/// What is wrong with a loose object file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LooseErrorKind {
    /// The file has no bytes at all.
    Empty,
    /// The zlib stream fails before the header ends.
    InflateHeader {
        /// zlib's complaint, as zlib words it (git prints it after `inflate: `).
        zlib: String,
    },
    /// No NUL ends the header within its first 32 bytes (or the stream ends first).
    Unterminated,
    /// The header names a type that is not one of git's four.
    UnknownType {
        /// The type name as stored (the bytes before the first space).
        name: Vec<u8>,
    },
    /// The header is there but is no `<type> <size>`.
    Unparsable {
        /// What the header parser found wrong.
        error: DecodeError,
    },
    /// The header announces more bytes than the reader may hold in memory.
    TooLarge {
        /// The size the header announces.
        size: u64,
        /// [`Limits::max_object_size`](crate::Limits::max_object_size).
        limit: u64,
    },
    /// Memory for the body could not be reserved.
    OutOfMemory {
        /// The size the header announces.
        size: u64,
    },
    /// The zlib stream fails in the body.
    Inflate {
        /// zlib's complaint.
        zlib: String,
    },
    /// The zlib stream ends before its end marker.
    Truncated,
    /// The body is longer than the header says.
    BodyTooLong {
        /// The size the header announces.
        expected: u64,
    },
    /// The body is shorter than the header says.
    BodyTooShort {
        /// The size the header announces.
        expected: u64,
        /// How many bytes the body has (`None` when streaming stopped short).
        actual: Option<u64>,
    },
    /// Bytes follow the end of the zlib stream.
    TrailingGarbage,
    /// The file could not be read while streaming it.
    Read {
        /// What the OS said.
        os: String,
    },
}

impl fmt::Display for LooseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LooseErrorKind::Empty | LooseErrorKind::Unterminated => {
                f.write_str("object header is missing or too long")
            }
            LooseErrorKind::InflateHeader { zlib } => {
                write!(f, "cannot inflate object header: {zlib}")
            }
            LooseErrorKind::UnknownType { .. } => {
                f.write_str("bad object header: unknown object type in header at byte 0")
            }
            LooseErrorKind::Unparsable { error } => write!(f, "bad object header: {error}"),
            LooseErrorKind::TooLarge { size, limit } => write!(
                f,
                "object of {size} bytes exceeds the limit of {limit} bytes held in memory"
            ),
            LooseErrorKind::OutOfMemory { .. } => {
                f.write_str("object is too large to hold in memory")
            }
            LooseErrorKind::Inflate { zlib } => write!(f, "cannot inflate: {zlib}"),
            LooseErrorKind::Truncated => f.write_str("zlib stream is truncated"),
            LooseErrorKind::BodyTooLong { .. } => {
                f.write_str("body is longer than its header says")
            }
            LooseErrorKind::BodyTooShort {
                expected,
                actual: Some(actual),
            } => write!(f, "body is {actual} bytes but its header says {expected}"),
            LooseErrorKind::BodyTooShort { actual: None, .. } => {
                f.write_str("body is shorter than its header says")
            }
            LooseErrorKind::TrailingGarbage => f.write_str("garbage after the zlib stream"),
            LooseErrorKind::Read { os } => write!(f, "cannot read: {os}"),
        }
    }
}

/// What is wrong with a loose object's header that git, in `cat-file --batch`, reports and then
/// takes the object as missing (see [`LooseError::header_damage`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderDamage {
    /// The file is empty.
    Empty,
    /// The zlib stream fails before the header ends; zlib's complaint.
    Inflate(String),
    /// No NUL ends the header within its first 32 bytes.
    Unterminated,
    /// The header is there but is no `<type> <size>` (other than an unknown type name).
    Unparsable,
}

impl LooseError {
    /// The header damage git reports and survives, or `None` for any other problem (and for a
    /// header naming an unknown type, which git dies of).
    pub fn header_damage(&self) -> Option<HeaderDamage> {
        match &self.kind {
            LooseErrorKind::Empty => Some(HeaderDamage::Empty),
            LooseErrorKind::InflateHeader { zlib } => Some(HeaderDamage::Inflate(zlib.clone())),
            LooseErrorKind::Unterminated => Some(HeaderDamage::Unterminated),
            LooseErrorKind::Unparsable { .. } => Some(HeaderDamage::Unparsable),
            _ => None,
        }
    }
}

impl std::error::Error for LooseErrorKind {}
