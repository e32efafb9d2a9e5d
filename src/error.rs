//! The crate-level [`Error`], and [`Location`]: where on disk a problem was found.
//!
//! Every error names what a person needs to act on it: the object id, the file, the offset in a
//! pack, the ref. Pure parsers return the smaller [`DecodeError`] (an offset and what was wrong);
//! the I/O layer wraps it with the object id and the path it read.

use crate::object::Kind;
use crate::oid::{ObjectId, Prefix};
use std::fmt;
use std::io;
use std::path::PathBuf;

/// Shorthand for results whose error is the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a pure parser found wrong, and at which byte offset of its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} at byte {offset}")]
pub struct DecodeError {
    /// Offset into the parsed buffer where the problem starts.
    pub offset: usize,
    /// What was expected or what was wrong, in a few words.
    pub what: &'static str,
}

impl DecodeError {
    /// A decode error at `offset`.
    pub fn new(offset: usize, what: &'static str) -> Self {
        DecodeError { offset, what }
    }
}

/// Where a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// Nowhere on disk (an in-memory buffer, stdin, an argument).
    Memory,
    /// A loose object file, a ref file, a config file, or any other file.
    File(PathBuf),
    /// An entry of a pack file, by its offset.
    Pack {
        /// The `.pack` file.
        path: PathBuf,
        /// Offset of the entry's header.
        offset: u64,
    },
    /// A line of a text file such as `packed-refs` or `config` (1-based).
    Line {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Memory => f.write_str("memory"),
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Pack { path, offset } => write!(f, "{} at offset {offset}", path.display()),
            Location::Line { path, line } => write!(f, "{} line {line}", path.display()),
        }
    }
}

/// Everything that can go wrong in gitstore.
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
    /// No object with this id exists in any store.
    #[error("object {id} not found")]
    ObjectNotFound {
        /// The id looked for.
        id: ObjectId,
    },
    /// An abbreviated id matches more than one object.
    #[error("short object ID {prefix} is ambiguous")]
    AmbiguousPrefix {
        /// The abbreviation.
        prefix: Prefix,
        /// Some or all of the matching ids, sorted.
        candidates: Vec<ObjectId>,
    },
    /// An object's bytes do not parse as the kind it claims to be.
    #[error("invalid {kind} object{}: {source}", id.map(|i| format!(" {i}")).unwrap_or_default())]
    InvalidObject {
        /// The object's id, when known.
        id: Option<ObjectId>,
        /// The kind it was parsed as.
        kind: Kind,
        /// What is wrong, and where in its body.
        #[source]
        source: DecodeError,
    },
    /// Stored data is damaged: bad compression, a wrong header, a size or checksum mismatch.
    #[error("corrupt {}{location}: {reason}", id.map(|i| format!("object {i} in ")).unwrap_or_default())]
    Corrupt {
        /// The object concerned, when known.
        id: Option<ObjectId>,
        /// The file (and offset) holding the damaged data.
        location: Location,
        /// What is wrong.
        reason: String,
    },
    /// Content hashes to another id than the one it is stored under.
    #[error("hash mismatch for {expected} in {location}: content hashes to {actual}")]
    HashMismatch {
        /// The id it is stored under.
        expected: ObjectId,
        /// The id its content hashes to.
        actual: ObjectId,
        /// Where it is stored.
        location: Location,
    },
    /// SHA-1 detected a collision attack in the input.
    #[error(transparent)]
    Collision(#[from] crate::hash::CollisionDetected),
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
    /// The repository uses a feature gitstore does not support yet.
    #[error("{what} is not supported yet")]
    Unsupported {
        /// The feature, e.g. "extensions.objectFormat = sha256".
        what: String,
    },
    /// The repository's format is one git refuses too: a `core.repositoryformatversion` above 1,
    /// an extension git does not know, a version-1 extension in a version-0 repository.
    #[error("{reason}")]
    RepositoryFormat {
        /// git's words, e.g. `unknown repository extension found:\n\tfoo`.
        reason: String,
    },
    /// No git repository at or above a directory.
    #[error("not a git repository (or any of the parent directories): {}", path.display())]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
    },
    /// A config file that does not parse, or a value of the wrong type.
    #[error("{reason}")]
    Config {
        /// File and line.
        location: Location,
        /// What is wrong, in git's words (`bad config line 6 in file .git/config`).
        reason: String,
    },
    /// The config given on the command line (`git -c`, `--config-env`, carried in
    /// `GIT_CONFIG_PARAMETERS`) or in `GIT_CONFIG_COUNT` does not parse. git prints `reason` as
    /// an `error:` line and then dies with "unable to parse command-line config".
    #[error("unable to parse command-line config: {reason}")]
    CommandLineConfig {
        /// What is wrong, in git's words (`invalid key: a.1b`, `bogus format in
        /// GIT_CONFIG_PARAMETERS`).
        reason: String,
    },
    /// A revision expression that does not name an object (or names too many).
    #[error("{reason}: {spec}")]
    BadRevision {
        /// The expression as given.
        spec: String,
        /// What is wrong, in git's words.
        reason: String,
    },
    /// Bad input from a caller (an argument, a line on stdin).
    #[error("{0}")]
    InvalidInput(String),
    /// A lock file (`<file>.lock`) could not be created: another writer holds it, or one crashed
    /// and left it behind.
    #[error("{}", crate::lockfile::lock_failure_message(path, source))]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What the OS said (`AlreadyExists` when the lock is held).
        #[source]
        source: io::Error,
    },
    /// A ref could not be read, locked, verified or written.
    #[error(transparent)]
    Ref(#[from] crate::refs::RefError),
    /// `packed-refs` does not parse. git dies on it whatever it was doing, so callers that
    /// otherwise skip a broken ref pass this one on ([`Error::is_packed_refs_corrupt`]).
    #[error("{}", error.git_message(&path.display().to_string()))]
    PackedRefsCorrupt {
        /// The `packed-refs` file.
        path: PathBuf,
        /// The line and what is wrong with it.
        error: crate::refs::packed::LineError,
    },
    /// No author or committer identity could be made (see [`crate::identity`]).
    #[error(transparent)]
    Identity(#[from] crate::identity::IdentityError),
    /// A command of a ref-edit script (`update-ref --stdin`) could not be parsed or applied.
    #[error(transparent)]
    RefScript(#[from] crate::refs::script::ScriptError),
    /// A ref format (`for-each-ref --format`) or sort key is refused, or cannot be evaluated.
    #[error(transparent)]
    RefFormat(#[from] crate::refs::format::FormatError),
    /// A branch could not be created, renamed or deleted (see [`crate::branch`]).
    #[error(transparent)]
    Branch(#[from] crate::branch::BranchError),
    /// A tag could not be made (see [`crate::tag`]).
    #[error(transparent)]
    Tag(#[from] crate::tag::TagError),
}

/// What the OS said, as C's `strerror` says it (git's words): Rust's `io::Error` display
/// without its ` (os error N)` suffix.
pub fn strerror(e: &io::Error) -> String {
    let text = e.to_string();
    if let Some(at) = text.rfind(" (os error ") {
        let code = &text[at + 11..];
        if code
            .strip_suffix(')')
            .is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
        {
            return text[..at].to_string();
        }
    }
    text
}

/// What is wrong with a loose object's header that git, in `cat-file --batch`, reports and then
/// takes the object as missing (see [`Error::loose_header_damage`]).
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

impl Error {
    /// For a loose object whose header cannot be read, what is wrong with it. `None` for any
    /// other error, and for a header naming an unknown type (git dies of that one).
    pub fn loose_header_damage(&self) -> Option<HeaderDamage> {
        use crate::loose::read::{BAD_HEADER, INFLATE_HEADER, NO_HEADER};
        let Error::Corrupt {
            location: Location::File(path),
            reason,
            ..
        } = self
        else {
            return None;
        };
        if let Some(rest) = reason.strip_prefix(INFLATE_HEADER) {
            return Some(HeaderDamage::Inflate(
                rest.trim_start_matches(": ").to_string(),
            ));
        }
        if reason == NO_HEADER {
            let empty = std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
            return Some(match empty {
                true => HeaderDamage::Empty,
                false => HeaderDamage::Unterminated,
            });
        }
        match reason.strip_prefix(BAD_HEADER) {
            Some(rest) if !rest.contains("unknown object type") => Some(HeaderDamage::Unparsable),
            _ => None,
        }
    }

    /// Whether this is a damaged `packed-refs`, which git treats as fatal everywhere.
    pub fn is_packed_refs_corrupt(&self) -> bool {
        matches!(self, Error::PackedRefsCorrupt { .. })
    }

    /// An [`Error::Io`] naming `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        match e {
            Error::Io { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                io::Error::new(io::ErrorKind::NotFound, source)
            }
            Error::ObjectNotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
            other => io::Error::other(other),
        }
    }
}
