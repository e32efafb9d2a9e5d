//! The pack layer's errors, as data: [`Error`], what reading a pack can fail with, and
//! [`PackError`], what is wrong with a `.pack` or its `.idx` (a [`PackErrorKind`], the file, the
//! entry's offset and the object's id when known).
//!
//! The `Display` text is a plain description for logs and library users; git's own words
//! (`verify-pack`'s and `cat-file`'s) are made from these fields by the CLI. Each converts into
//! the variant of [`crate::Error`] it has always been seen as.

use crate::hash::CollisionDetected;
use crate::location::{strerror, Location};
use crate::object::DecodeError;
use crate::oid::ObjectId;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// Shorthand for results whose error is the pack layer's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What reading or checking a pack can fail with. Each variant converts into the
/// [`crate::Error`] variant of the same name ([`Error::Corrupt`] into [`crate::Error::Pack`]),
/// with the same `Display` text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An operating-system error on a `.pack` or `.idx`.
    #[error("{}: {}", path.display(), strerror(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// A `.pack` or `.idx` is damaged.
    #[error(transparent)]
    Corrupt(#[from] PackError),
    /// An entry's content hashes to another id than the `.idx` lists for it.
    #[error("hash mismatch for {expected} in {location}: content hashes to {actual}")]
    HashMismatch {
        /// The id the `.idx` lists.
        expected: ObjectId,
        /// The id its content hashes to.
        actual: ObjectId,
        /// The pack and the entry's offset.
        location: Location,
    },
    /// SHA-1 detected a collision attack in an entry.
    #[error(transparent)]
    Collision(#[from] CollisionDetected),
    /// A named limit of [`crate::Limits`] was crossed.
    #[error("{what} exceeds the limit of {limit} in {location}")]
    LimitExceeded {
        /// Which limit, e.g. "delta chain length".
        what: &'static str,
        /// The limit's value.
        limit: u64,
        /// Where it was crossed.
        location: Location,
    },
    /// The [`ExternalBases`](super::ExternalBases) asked for a REF_DELTA base failed: its own
    /// error, passed back unchanged (the odb takes its own back out of it, and it converts into
    /// [`crate::Error`] as the odb's error does).
    #[error(transparent)]
    External(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// An [`Error::Io`] naming `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::External`]: the error of a store asked for a base.
    pub fn external(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::External(e.into())
    }
}

/// A damaged pack or index: what is wrong, in which file, at which entry.
///
/// ```
/// use gitstore::pack::{PackError, PackErrorKind};
///
/// let e = PackError::new(PackErrorKind::CrcMismatch, "objects/pack/p.pack").at(12);
/// assert_eq!(e.offset, Some(12));
/// assert_eq!(e.to_string(), "corrupt objects/pack/p.pack at offset 12: CRC32 mismatch");
/// let top: gitstore::Error = gitstore::pack::Error::from(e).into();
/// assert!(matches!(top, gitstore::Error::Pack(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// What is wrong.
    pub kind: PackErrorKind,
    /// The `.pack` or `.idx` file.
    pub path: PathBuf,
    /// Offset of the entry concerned in the `.pack`, when the problem is one entry's.
    pub offset: Option<u64>,
    /// The object concerned, when known.
    pub id: Option<ObjectId>,
}

impl PackError {
    /// A problem with the file at `path` as a whole.
    pub fn new(kind: PackErrorKind, path: impl Into<PathBuf>) -> Self {
        PackError {
            kind,
            path: path.into(),
            offset: None,
            id: None,
        }
    }

    /// The same problem, located at the entry at `offset`.
    pub fn at(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// The same problem, about object `id` (kept if one is already known).
    pub fn of(mut self, id: Option<ObjectId>) -> Self {
        self.id = self.id.or(id);
        self
    }
}

/// What is wrong with a pack or its index.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackErrorKind {
    /// The `.idx` is shorter than a fan-out table and a trailer.
    IndexTooSmall,
    /// The `.idx` has the v2 magic but another version.
    IndexVersion(u32),
    /// The fan-out table decreases at this first byte.
    IndexNotMonotonic {
        /// The first byte whose count is below the previous one.
        at: u8,
    },
    /// The `.idx` is not the length its version and object count call for (git's range for
    /// v2: room for 0 to N-1 large offsets).
    IndexWrongSize {
        /// 1 or 2.
        version: u32,
        /// The file's length.
        len: u64,
        /// The object count from the fan-out table.
        objects: u64,
    },
    /// A v2 `.idx` whose large-offset table is not a whole number of 8-byte entries (git
    /// accepts the layout but cannot read such an index either).
    IndexLargeTableMisaligned,
    /// An index could not be written for these entries.
    IndexWrite(super::write_index::IndexWriteError),
    /// An offset entry of the `.idx` names a large offset past the large-offset table.
    BadOffsetEntry {
        /// The entry's position in id order.
        position: usize,
    },
    /// A caller asked for the entry at a position past the end of the `.idx`.
    PositionPastEnd {
        /// The position asked for.
        position: usize,
        /// The number of entries.
        len: usize,
    },
    /// The object ids of the `.idx` are not strictly ascending at this position.
    IdsNotSorted {
        /// Position of the first id out of order.
        position: usize,
    },
    /// The fan-out table disagrees with the first byte of the id at this position.
    FanoutDisagrees {
        /// Position of the id.
        position: usize,
    },
    /// The `.pack` does not start with `PACK`.
    BadMagic,
    /// The `.pack` version is neither 2 nor 3.
    BadVersion(u32),
    /// The file is too short for its header and trailer.
    Truncated,
    /// The trailing SHA-1 of the file does not match its content.
    ChecksumMismatch {
        /// The checksum stored in the file.
        stored: [u8; 20],
        /// The checksum of the content.
        computed: [u8; 20],
    },
    /// The `.pack` header announces another number of objects than the `.idx` lists.
    CountMismatch {
        /// The count in the `.pack` header.
        pack: u32,
        /// The number of entries in the `.idx`.
        index: u64,
        /// The `.idx`.
        index_path: PathBuf,
    },
    /// The `.idx` was made for another pack (its copy of the pack checksum differs).
    IndexMismatch {
        /// The `.idx`.
        index_path: PathBuf,
    },
    /// An entry offset (or an entry's data) lies outside the entries of the pack.
    OffsetOutOfRange,
    /// An entry header does not parse.
    BadEntryHeader(DecodeError),
    /// An entry's zlib stream is damaged or does not inflate to the size in its header.
    BadEntryData(DecodeError),
    /// An entry announces more bytes than memory (or the pack's bytes) can hold.
    TooLarge,
    /// A delta does not apply to its base.
    BadDelta(DecodeError),
    /// A REF_DELTA's base is neither in the pack nor in any other store offered.
    MissingBase {
        /// The base's id.
        base: ObjectId,
    },
    /// An entry's bytes do not have the CRC32 the `.idx` lists.
    CrcMismatch,
    /// Two `.idx` entries give the same offset.
    SharedOffset,
    /// The first entry does not start right after the 12-byte header.
    FirstEntryMisplaced,
    /// An entry's compressed data does not end where the next entry starts.
    EntryEndMismatch,
    /// A delta's base offset is not the offset of any entry.
    DeltaBaseNotEntry,
    /// The stream ended inside the pack (a pack claiming more objects than it holds, or cut
    /// short).
    EarlyEof,
    /// Bytes follow the trailer of a pack file.
    JunkAtEnd,
    /// An entry's type code is 0 or 5, which no entry has.
    BadEntryType(u8),
    /// Deltas whose base is neither in the pack nor (for a thin pack completed with
    /// `--fix-thin`) in the repository, or which only lead to one another (a REF_DELTA cycle).
    UnresolvedDeltas {
        /// How many.
        count: u64,
    },
}

impl fmt::Display for PackErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PackErrorKind::*;
        match self {
            IndexTooSmall => f.write_str("pack index is too small"),
            IndexVersion(v) => write!(f, "unsupported pack index version {v}"),
            IndexNotMonotonic { at } => {
                write!(f, "pack index fan-out is not monotonic at byte {at}")
            }
            IndexWrongSize {
                version,
                len,
                objects,
            } => write!(
                f,
                "pack index v{version} has a wrong size ({len} bytes for {objects} objects)"
            ),
            IndexLargeTableMisaligned => {
                f.write_str("pack index large-offset table is not a whole number of entries")
            }
            IndexWrite(e) => write!(f, "cannot write the pack index: {e}"),
            BadOffsetEntry { position } => write!(f, "bad offset entry at position {position}"),
            PositionPastEnd { position, len } => {
                write!(f, "index position {position} is past its {len} entries")
            }
            IdsNotSorted { position } => {
                write!(f, "object ids are not sorted at position {position}")
            }
            FanoutDisagrees { position } => {
                write!(f, "fan-out disagrees with the id at position {position}")
            }
            BadMagic => f.write_str("not a pack file (no PACK signature)"),
            BadVersion(v) => write!(f, "unsupported pack version {v}"),
            Truncated => f.write_str("file is too short"),
            ChecksumMismatch { stored, computed } => write!(
                f,
                "checksum mismatch: stored {}, computed {}",
                hex::encode(stored),
                hex::encode(computed)
            ),
            CountMismatch {
                pack,
                index,
                index_path,
            } => write!(
                f,
                "pack holds {pack} objects but its index {} lists {index}",
                index_path.display()
            ),
            IndexMismatch { index_path } => {
                write!(f, "pack does not match index {}", index_path.display())
            }
            OffsetOutOfRange => f.write_str("entry offset is outside the pack"),
            BadEntryHeader(e) => write!(f, "bad entry header: {e}"),
            BadEntryData(e) => write!(f, "{e}"),
            TooLarge => f.write_str("entry size is larger than the pack can hold"),
            BadDelta(e) => write!(f, "bad delta: {e}"),
            MissingBase { base } => write!(f, "REF_DELTA base {base} is not available"),
            CrcMismatch => f.write_str("CRC32 mismatch"),
            SharedOffset => f.write_str("two index entries share this offset"),
            FirstEntryMisplaced => f.write_str("the first entry does not follow the header"),
            EntryEndMismatch => f.write_str("entry does not end where the next one starts"),
            DeltaBaseNotEntry => f.write_str("delta base is not an entry"),
            EarlyEof => f.write_str("the pack ends early"),
            JunkAtEnd => f.write_str("the pack has junk at the end"),
            BadEntryType(t) => write!(f, "unknown object type {t}"),
            UnresolvedDeltas { count } => write!(f, "{count} unresolved deltas"),
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("corrupt ")?;
        if let Some(id) = self.id {
            write!(f, "object {id} in ")?;
        }
        write!(f, "{}", self.path.display())?;
        if let Some(offset) = self.offset {
            write!(f, " at offset {offset}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for PackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            PackErrorKind::BadEntryHeader(e)
            | PackErrorKind::BadEntryData(e)
            | PackErrorKind::BadDelta(e) => Some(e),
            _ => None,
        }
    }
}
