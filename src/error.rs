//! The crate-level [`Error`]: the aggregate at the top, into which every public error type of
//! the crate converts, so `?` composes.
//!
//! Each layer owns its errors as data: a `#[non_exhaustive]` kind plus the object id, path, pack
//! offset or config line it concerns ([`oid::HexError`](crate::oid::HexError),
//! [`DecodeError`] and [`InvalidTree`](crate::object::InvalidTree) in `object`,
//! [`LooseError`](crate::loose::LooseError) in `loose`,
//! [`PackError`](crate::pack::PackError) in `pack`,
//! [`odb::Error`](crate::odb::Error) in `odb`,
//! [`refs::Error`](crate::refs::Error) and [`RefError`](crate::refs::RefError) in `refs`,
//! [`ConfigError`](crate::config::ConfigError) and
//! [`CommandLineError`](crate::config::CommandLineError) in `config`,
//! [`FormatError`](crate::repo::FormatError) in `repo`, …). The words git prints for each are
//! made by the `gitstore` binary from that data; the `Display` texts here describe the problem
//! in plain English.
//!
//! # Layers
//!
//! Imports point down only: `location` → oid/hash → object → lockfile, loose, pack → odb →
//! refs → … → repo → the binary. At the bottom, [`crate::location`] holds what every layer's
//! error is made of ([`Location`], [`strerror`]; re-exported here), so no layer needs this
//! module to build its own error.
//!
//! These layers return their own error type, never [`Error`]:
//! - `lockfile`: [`LockError`](crate::lockfile::LockError), which becomes [`Error::Lock`]
//!   (taking the lock) or [`Error::Io`] (any later step);
//! - `loose`: [`loose::Error`](crate::loose::Error) (I/O, a corrupt file, a hash mismatch, a
//!   short streaming input…);
//! - `pack`: [`pack::Error`](crate::pack::Error) (I/O, a damaged pack or index, a hash
//!   mismatch, a crossed limit); the error of the store an
//!   [`ExternalBases`](crate::pack::ExternalBases) reads a REF_DELTA base from is carried
//!   through a pack unchanged ([`pack::Error::External`](crate::pack::Error::External)) and
//!   comes out as the [`Error`] the odb's error becomes;
//! - `odb`: [`odb::Error`](crate::odb::Error) (an object not found, with its id; an ambiguous
//!   prefix, with its candidates; the loose and pack layers' errors, wrapped; a damaged object;
//!   an unsupported write; I/O with its path; a tool's store's own error), also what an
//!   [`ObjectStore`](crate::odb::ObjectStore) returns;
//! - `refs`, its store and transactions ([`RefStore`](crate::refs::RefStore),
//!   [`Transaction`](crate::refs::Transaction)): [`refs::Error`](crate::refs::Error) (a
//!   [`RefError`](crate::refs::RefError) with the ref's name, I/O with its path, a damaged
//!   `packed-refs`, a lock held, the odb's error for the objects refs read, the config read
//!   when the store opens, no reflog identity);
//! - `config`: [`ConfigError`](crate::config::ConfigError) for a file or value
//!   ([`Config::parse`](crate::config::Config::parse), `get_bool`, `get_int`),
//!   [`CommandLineError`](crate::config::CommandLineError) for `git -c` and the environment,
//!   and [`LoadError`](crate::config::LoadError) (I/O, either of those) for the layered reads;
//! - `identity`: [`IdentityError`](crate::identity::IdentityError) (no identity git accepts;
//!   a bad `user.useConfigOnly` is its `Config` kind, which becomes [`Error::Config`]).
//!
//! Their conversions are written here, below, and each lands on the variant callers saw before
//! the layer owned its error (`loose::Error::Corrupt` → [`Error::Loose`],
//! `pack::Error::Corrupt` → [`Error::Pack`], `Io`, `HashMismatch`, `LimitExceeded` → the
//! variants of those names, `odb::Error::NotFound` → [`Error::ObjectNotFound`],
//! `odb::Error::Damaged` → [`Error::DamagedObject`], `odb::Error::Loose` and `Pack` through the
//! loose and pack conversions, `refs::Error::Ref` → [`Error::Ref`], `refs::Error::Odb` through
//! the odb's), with the same `Display` text: matching on [`Error`] above these layers, and the
//! CLI's words, are unchanged.
//!
//! The layers above still return [`Error`] itself, with their own typed errors as variants of
//! it: the ref formats, scripts and upstream branches built on the ref store
//! (`refs::format`, `refs::script`, `refs::tracking`), `revision`, `history`, `diff`,
//! `receive`, `pack_write`, `repo` and the rest.
//!
//! ```
//! use gitstore::config::Config;
//! use gitstore::object::{Kind, Tree, TreeRef};
//! use gitstore::{Limits, ObjectId};
//! use std::io::Write;
//! use std::path::Path;
//!
//! /// A small tool: every layer's error is passed on with `?`.
//! fn tool(loose_file: &[u8]) -> gitstore::Result<ObjectId> {
//!     let id = ObjectId::from_hex(b"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")?; // HexError
//!     TreeRef::parse(b"")?; // object::DecodeError
//!     let _blob: Kind = "blob".parse()?; // kind::UnknownKind
//!     Tree::from_entries(Vec::new())?; // object::InvalidTree
//!     let hashed = gitstore::hash::hash_object(Kind::Blob, b"")?; // hash::CollisionDetected
//!     gitstore::refs::PackedRefs::parse(b"")?; // refs::packed::LineError
//!     let main = gitstore::refs::RefName::new("refs/heads/main")?; // refs::RefError
//!     let refs = gitstore::refs::RefStore::in_memory(&main, Config::default(), Limits::default());
//!     refs?.find(&main)?; // refs::Error
//!     Config::parse(b"[core]\n\tbare = false\n", Path::new("config"))?; // ConfigError
//!     Config::from_parameters(b"'a.b'='1'")?; // config::CommandLineError
//!     let mut body = Vec::new();
//!     gitstore::loose::inflate_object(loose_file, &mut body, &Limits::default())?; // LooseErrorKind
//!     let odb = gitstore::odb::Odb::in_memory(gitstore::odb::MemoryStore::new());
//!     odb.write(Kind::Blob, b"")?; // odb::Error
//!     assert_eq!(id, hashed);
//!     Ok(id)
//! }
//!
//! /// Errors the library hands out inside `gitstore::Error` convert as well, for a tool's own
//! /// functions that return them.
//! fn pass_on<E>(result: Result<(), E>) -> gitstore::Result<()>
//! where
//!     gitstore::Error: From<E>,
//! {
//!     result?;
//!     Ok(())
//! }
//!
//! pass_on::<gitstore::oid::HexError>(Ok(()))?;
//! pass_on::<gitstore::object::DecodeError>(Ok(()))?;
//! pass_on::<gitstore::kind::UnknownKind>(Ok(()))?;
//! pass_on::<gitstore::object::InvalidTree>(Ok(()))?;
//! pass_on::<gitstore::hash::CollisionDetected>(Ok(()))?;
//! pass_on::<gitstore::lockfile::LockError>(Ok(()))?;
//! pass_on::<gitstore::loose::Error>(Ok(()))?;
//! pass_on::<gitstore::loose::LooseError>(Ok(()))?;
//! pass_on::<gitstore::loose::LooseErrorKind>(Ok(()))?;
//! pass_on::<gitstore::pack::PackCheckError>(Ok(()))?;
//! pass_on::<gitstore::refs::RefError>(Ok(()))?;
//! pass_on::<gitstore::refs::Error>(Ok(()))?;
//! pass_on::<gitstore::refs::packed::LineError>(Ok(()))?;
//! pass_on::<gitstore::identity::IdentityError>(Ok(()))?;
//! pass_on::<gitstore::config::ConfigError>(Ok(()))?;
//! pass_on::<gitstore::config::CommandLineError>(Ok(()))?;
//! pass_on::<gitstore::repo::FormatError>(Ok(()))?;
//! pass_on::<gitstore::repo::Unsupported>(Ok(()))?;
//! pass_on::<gitstore::odb::Unsupported>(Ok(()))?;
//! pass_on::<gitstore::pack::PackError>(Ok(()))?;
//! pass_on::<gitstore::pack::Error>(Ok(()))?;
//! pass_on::<gitstore::odb::Error>(Ok(()))?;
//! pass_on::<gitstore::config::LoadError>(Ok(()))?;
//! pass_on::<gitstore::receive::StrictError>(Ok(()))?;
//! pass_on::<gitstore::revision::RevisionError>(Ok(()))?;
//! pass_on::<gitstore::refs::script::ScriptError>(Ok(()))?;
//! pass_on::<gitstore::refs::format::FormatError>(Ok(()))?;
//! pass_on::<gitstore::ls_tree::FormatError>(Ok(()))?;
//! pass_on::<gitstore::branch::BranchError>(Ok(()))?;
//! pass_on::<gitstore::tag::TagError>(Ok(()))?;
//! pass_on::<gitstore::batch::BatchError>(Ok(()))?;
//! pass_on::<gitstore::batch::FormatError>(Ok(()))?;
//! pass_on::<gitstore::batch::CommandError>(Ok(()))?;
//! pass_on::<gitstore::pathspec::OutsideRepository>(Ok(()))?;
//! pass_on::<gitstore::pathspec::PathspecError>(Ok(()))?;
//! pass_on::<gitstore::mktree::TreeLineError>(Ok(()))?;
//! pass_on::<gitstore::fsck::OptionsError>(Ok(()))?;
//! pass_on::<gitstore::object::InvalidCommit>(Ok(()))?;
//! pass_on::<gitstore::tree_edit::InvalidPath>(Ok(()))?;
//! pass_on::<gitstore::diff::DiffError>(Ok(()))?;
//! pass_on::<gitstore::pretty::PrettyError>(Ok(()))?;
//! pass_on::<gitstore::config::NumberProblem>(Ok(()))?;
//! pass_on::<gitstore::odb::FileError>(Ok(()))?;
//! pass_on::<gitstore::odb::files::PathLineError>(Ok(()))?;
//! pass_on::<gitstore::date::DateFormatError>(Ok(()))?;
//! pass_on::<gitstore::pack_write::input::ObjectLineError>(Ok(()))?;
//! pass_on::<gitstore::pack::write_index::IndexWriteError>(Ok(()))?;
//! pass_on::<gitstore::graph::GraphError>(Ok(()))?;
//! pass_on::<gitstore::history::walk::WalkError>(Ok(()))?;
//! pass_on::<gitstore::history::objects::ObjectsError>(Ok(()))?;
//! pass_on::<gitstore::pack_write::PackWriteError>(Ok(()))?;
//!
//! let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
//! z.write_all(b"blob 0\0")?;
//! tool(&z.finish()?)?;
//! // and the failure is typed data, whichever layer it came from
//! assert!(matches!(tool(b""), Err(gitstore::Error::LooseData(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use crate::location::{strerror, Location};
pub use crate::loose::HeaderDamage;
pub use crate::object::DecodeError;
use crate::object::Kind;
use crate::oid::{ObjectId, Prefix};
use std::io;
use std::path::PathBuf;

/// Shorthand for results whose error is the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

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
    /// An object exists but is of another kind than the one asked for (a typed lookup such as
    /// [`Repository::find_commit`](crate::Repository::find_commit) given a tree's id).
    #[error("object {id} is a {actual}, not a {expected}")]
    ObjectKindMismatch {
        /// The id looked up.
        id: ObjectId,
        /// The kind asked for.
        expected: Kind,
        /// The kind it is.
        actual: Kind,
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
    /// A pure parser's complaint about bytes that name no object (see [`Error::InvalidObject`]
    /// for an object's).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// Text that is not an object id or an abbreviation of one.
    #[error(transparent)]
    Hex(#[from] crate::oid::HexError),
    /// A name that is none of git's four object kinds ([`crate::kind::Kind`]'s `FromStr`).
    #[error(transparent)]
    UnknownKind(#[from] crate::kind::UnknownKind),
    /// An owned tree that git would not write (unsorted, duplicate or invalid names).
    #[error(transparent)]
    InvalidTree(#[from] crate::object::InvalidTree),
    /// The bytes of a loose object file, read from memory, that do not hold an object
    /// ([`crate::loose::inflate_object`]); [`Error::Loose`] names the object and the file.
    #[error("invalid loose object data: {0}")]
    LooseData(crate::loose::LooseErrorKind),
    /// A pack that fails the check `git verify-pack` makes.
    #[error("{0}")]
    PackCheck(Box<crate::pack::PackCheckError>),
    /// A loose object file that cannot be read as the object it is named for.
    #[error(transparent)]
    Loose(#[from] crate::loose::LooseError),
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
    /// A `.pack` or `.idx` is damaged (see [`crate::pack::PackError`]).
    #[error(transparent)]
    Pack(#[from] crate::pack::PackError),
    /// No copy of an object could be read, a packed one being damaged (see
    /// [`crate::odb::DamagedObject`]).
    #[error(transparent)]
    DamagedObject(#[from] crate::odb::DamagedObject),
    /// A commit-graph file that cannot be used (see [`crate::graph::GraphError`]).
    #[error(transparent)]
    Graph(#[from] crate::graph::GraphError),
    /// A received object that `--strict` refuses.
    #[error(transparent)]
    Strict(#[from] crate::receive::StrictError),
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
    #[error(transparent)]
    Unsupported(#[from] crate::repo::Unsupported),
    /// The object database cannot make this write yet (see [`crate::odb::Unsupported`]).
    #[error(transparent)]
    OdbUnsupported(#[from] crate::odb::Unsupported),
    /// `init` was given options it refuses (see [`crate::repo::InitError`]).
    #[error(transparent)]
    Init(#[from] crate::repo::InitError),
    /// The repository's format is one git refuses too.
    #[error(transparent)]
    RepositoryFormat(#[from] crate::repo::FormatError),
    /// No git repository at or above a directory.
    #[error("not a git repository (or any of the parent directories): {}", path.display())]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
    },
    /// A directory named as a git directory (to [`Repository::open`](crate::Repository::open),
    /// by `GIT_DIR` or `--git-dir`) is not one; nothing was searched.
    #[error("not a git directory: {}", path.display())]
    NotAGitDirectory {
        /// The directory (after following a `.git` file).
        path: PathBuf,
    },
    /// A config file that does not parse, or a value of the wrong type.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The config given on the command line (`git -c`, `--config-env`, carried in
    /// `GIT_CONFIG_PARAMETERS`) or in `GIT_CONFIG_COUNT` does not parse.
    #[error("bad command-line config: {0}")]
    CommandLineConfig(#[from] crate::config::CommandLineError),
    /// A revision expression that names no object, and precisely why.
    #[error(transparent)]
    Revision(#[from] crate::revision::RevisionError),
    /// An object a walk over reachable objects could not list (missing, of the wrong kind,
    /// corrupt), with the path that named it.
    #[error(transparent)]
    Objects(#[from] crate::history::objects::ObjectsError),
    /// A pack cannot be written (see [`crate::pack_write::PackWriteError`]).
    #[error(transparent)]
    PackWrite(#[from] crate::pack_write::PackWriteError),
    /// A config value [`crate::config::parse_int`] cannot read as a number.
    #[error(transparent)]
    Number(#[from] crate::config::NumberProblem),
    /// A `--date=` format name that is none of git's ([`crate::date::DateFormat::parse`]).
    #[error(transparent)]
    DateFormat(#[from] crate::date::DateFormatError),
    /// A line of `pack-objects` input without an object id
    /// ([`crate::pack_write::input::parse_object_line`]).
    #[error(transparent)]
    ObjectLine(#[from] crate::pack_write::input::ObjectLineError),
    /// Entries an `.idx` cannot be written for ([`crate::pack::write_index`]).
    #[error(transparent)]
    IndexWrite(#[from] crate::pack::write_index::IndexWriteError),
    /// A path `hash-object` cannot read as an object ([`crate::odb::files::read_file`]).
    #[error(transparent)]
    File(#[from] crate::odb::FileError),
    /// A line of `hash-object --stdin-paths` that is badly quoted.
    #[error("line is badly quoted: {0}")]
    BadlyQuotedPath(bstr::BString),
    /// A caller's own error, returned from a callback the library calls (a walk's visitor, a
    /// revision resolver handed to a ref-edit script) and passed back unchanged: downcast it to
    /// get it back.
    #[error(transparent)]
    Callback(Box<dyn std::error::Error + Send + Sync>),
    /// An `fsck.<msgId>` setting is refused (see [`crate::fsck::OptionsError`]).
    #[error(transparent)]
    FsckOptions(#[from] crate::fsck::OptionsError),
    /// A commit that would not read back as written (see [`crate::object::InvalidCommit`]).
    #[error(transparent)]
    InvalidCommit(#[from] crate::object::InvalidCommit),
    /// A path a tree cannot hold (see [`crate::tree_edit::InvalidPath`]).
    #[error(transparent)]
    InvalidPath(#[from] crate::tree_edit::InvalidPath),
    /// A tree a diff needed and could not read (missing, not a tree, damaged, too deep).
    #[error(transparent)]
    Diff(#[from] crate::diff::DiffError),
    /// A commit walk that cannot start or go on: a missing tip or parent, an invalid range.
    #[error(transparent)]
    Walk(#[from] crate::history::walk::WalkError),
    /// An object was not of the kind an operation needs (and cannot be peeled to it).
    #[error("{id} {}", match actual {
        Some(actual) => format!("is a {actual}, not a {expected}"),
        None => format!("cannot be peeled to a {expected}"),
    })]
    WrongKind {
        /// The object.
        id: ObjectId,
        /// The kind needed.
        expected: Kind,
        /// Its kind, when it was read (`None`: it could not be peeled to `expected`).
        actual: Option<Kind>,
    },
    /// The reader handed to a streaming write failed.
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
    /// An object built in memory could not be serialized.
    #[error("cannot serialize {kind} object: {source}")]
    Serialize {
        /// Its kind.
        kind: Kind,
        /// What its writer said.
        #[source]
        source: io::Error,
    },
    /// A `.git` file that is not `gitdir: <path>`.
    #[error("{} is not a `gitdir: <path>` file", path.display())]
    InvalidGitFile {
        /// The file.
        path: PathBuf,
    },
    /// A branch name that is not a valid ref name below `refs/heads/` (the initial branch of a
    /// new repository).
    #[error("{name:?} is not a valid branch name")]
    InvalidBranchName {
        /// The name as given.
        name: String,
    },
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
    Identity(crate::identity::IdentityError),
    /// A `cat-file --batch*` run stopped (see [`crate::batch::BatchError`]).
    #[error(transparent)]
    Batch(Box<crate::batch::BatchError>),
    /// A path argument leaves the work tree.
    #[error(transparent)]
    Pathspec(#[from] crate::pathspec::OutsideRepository),
    /// A path argument that is not a pathspec (bad magic, empty) or asks for magic not
    /// supported.
    #[error(transparent)]
    PathspecSyntax(#[from] crate::pathspec::PathspecError),
    /// A `mktree` input line is wrong (see [`crate::mktree`]).
    #[error(transparent)]
    TreeLine(#[from] crate::mktree::TreeLineError),
    /// A command of a ref-edit script (`update-ref --stdin`) could not be parsed or applied.
    #[error(transparent)]
    RefScript(#[from] crate::refs::script::ScriptError),
    /// A ref format (`for-each-ref --format`) or sort key is refused, or cannot be evaluated.
    #[error(transparent)]
    RefFormat(#[from] crate::refs::format::FormatError),
    /// An `ls-tree --format` is refused (see [`crate::ls_tree`]).
    #[error(transparent)]
    LsTreeFormat(crate::ls_tree::FormatError),
    /// A branch could not be created, renamed or deleted (see [`crate::branch`]).
    #[error(transparent)]
    Branch(#[from] crate::branch::BranchError),
    /// A tag could not be made (see [`crate::tag`]).
    #[error(transparent)]
    Tag(#[from] crate::tag::TagError),
    /// A commit format (`--pretty=`, `--format=`, `--date=`) cannot be used (see
    /// [`crate::pretty`]).
    #[error(transparent)]
    Pretty(#[from] crate::pretty::PrettyError),
}

impl Error {
    /// For a loose object whose header cannot be read, what is wrong with it. `None` for any
    /// other error, and for a header naming an unknown type (git dies of that one).
    pub fn loose_header_damage(&self) -> Option<HeaderDamage> {
        match self {
            Error::Loose(e) => e.header_damage(),
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

/// An identity that cannot be made is [`Error::Identity`]; a config problem met on the way goes
/// up as the config error it is ([`Error::Config`]), as git reports it.
impl From<crate::identity::IdentityError> for Error {
    fn from(e: crate::identity::IdentityError) -> Self {
        match e.kind {
            crate::identity::IdentityErrorKind::Config(config) => Error::Config(config),
            _ => Error::Identity(e),
        }
    }
}

/// A layered config that cannot be read: the variant each part was before.
impl From<crate::config::LoadError> for Error {
    fn from(e: crate::config::LoadError) -> Self {
        match e {
            crate::config::LoadError::Io { path, source } => Error::Io { path, source },
            crate::config::LoadError::File(e) => e.into(),
            crate::config::LoadError::CommandLine(e) => e.into(),
        }
    }
}

/// A lock-file step that failed: taking the lock is [`Error::Lock`], any later step
/// [`Error::Io`].
impl From<crate::lockfile::LockError> for Error {
    fn from(e: crate::lockfile::LockError) -> Self {
        use crate::lockfile::LockErrorKind;
        match e.kind {
            LockErrorKind::Create => Error::Lock {
                path: e.path,
                source: e.source,
            },
            _ => Error::Io {
                path: e.path,
                source: e.source,
            },
        }
    }
}

/// The loose layer's error, as the variant of the same name ([`Error::Loose`] for a corrupt
/// file).
impl From<crate::loose::Error> for Error {
    fn from(e: crate::loose::Error) -> Self {
        use crate::loose::Error as E;
        match e {
            E::Io { path, source } => Error::Io { path, source },
            E::Corrupt(e) => Error::Loose(e),
            E::HashMismatch {
                expected,
                actual,
                path,
            } => Error::HashMismatch {
                expected,
                actual,
                location: Location::File(path),
            },
            E::Collision(e) => Error::Collision(e),
            E::ReadInput { source } => Error::ReadInput { source },
            E::ShortInput { size, missing } => Error::ShortInput { size, missing },
        }
    }
}

/// The pack layer's error, as the variant of the same name ([`Error::Pack`] for a damaged pack
/// or index); the error of the store asked for a REF_DELTA base comes back as the odb's error
/// converts (or as the [`Error`] it was, from a tool's own bases).
impl From<crate::pack::Error> for Error {
    fn from(e: crate::pack::Error) -> Self {
        use crate::pack::Error as E;
        match e {
            E::Io { path, source } => Error::Io { path, source },
            E::Corrupt(e) => Error::Pack(e),
            E::HashMismatch {
                expected,
                actual,
                location,
            } => Error::HashMismatch {
                expected,
                actual,
                location,
            },
            E::Collision(e) => Error::Collision(e),
            E::LimitExceeded {
                what,
                limit,
                location,
            } => Error::LimitExceeded {
                what,
                limit,
                location,
            },
            E::External(e) => match e.downcast::<crate::odb::Error>() {
                Ok(e) => (*e).into(),
                // a tool's own bases may fail with the crate's error
                Err(e) => match e.downcast::<Error>() {
                    Ok(e) => *e,
                    Err(e) => Error::Callback(e),
                },
            },
        }
    }
}

/// The object database's error, as the variant callers have always matched
/// ([`Error::ObjectNotFound`], [`Error::DamagedObject`], …; loose and pack errors through their
/// own conversions); a tool's store's error comes back as the [`Error`] it was, if it was one.
impl From<crate::odb::Error> for Error {
    fn from(e: crate::odb::Error) -> Self {
        use crate::odb::Error as E;
        match e {
            E::Io { path, source } => Error::Io { path, source },
            E::NotFound { id } => Error::ObjectNotFound { id },
            E::AmbiguousPrefix { prefix, candidates } => {
                Error::AmbiguousPrefix { prefix, candidates }
            }
            E::Loose(e) => e.into(),
            E::Pack(e) => e.into(),
            E::Damaged(e) => Error::DamagedObject(e),
            E::Unsupported(e) => Error::OdbUnsupported(e),
            E::Serialize { kind, source } => Error::Serialize { kind, source },
            E::Collision(e) => Error::Collision(e),
            E::Store(e) => match e.downcast::<Error>() {
                Ok(e) => *e,
                Err(e) => Error::Callback(e),
            },
        }
    }
}

/// The refs layer's error, as the variant of the same name; an object read's through the
/// odb's conversion.
impl From<crate::refs::Error> for Error {
    fn from(e: crate::refs::Error) -> Self {
        use crate::refs::Error as E;
        match e {
            E::Ref(e) => Error::Ref(e),
            E::Io { path, source } => Error::Io { path, source },
            E::PackedRefsCorrupt { path, error } => Error::PackedRefsCorrupt { path, error },
            E::Lock { path, source } => Error::Lock { path, source },
            E::Odb(e) => e.into(),
            E::Config(e) => e.into(),
            E::Identity(e) => e.into(),
        }
    }
}

/// A line of `hash-object --stdin-paths` without an id: a badly quoted line is
/// [`Error::BadlyQuotedPath`], the rest the variant their own error becomes.
impl From<crate::odb::files::PathLineError> for Error {
    fn from(e: crate::odb::files::PathLineError) -> Self {
        use crate::odb::files::PathLineError as E;
        match e {
            E::BadlyQuoted(line) => Error::BadlyQuotedPath(line),
            E::File(e) => e.into(),
            E::Store(e) => (*e).into(),
        }
    }
}

impl From<crate::loose::LooseErrorKind> for Error {
    fn from(kind: crate::loose::LooseErrorKind) -> Self {
        Error::LooseData(kind)
    }
}

/// A `packed-refs` line error from [`PackedRefs::parse`](crate::refs::PackedRefs::parse), where
/// no file is known: the path is empty.
impl From<crate::refs::packed::LineError> for Error {
    fn from(error: crate::refs::packed::LineError) -> Self {
        Error::PackedRefsCorrupt {
            path: PathBuf::new(),
            error,
        }
    }
}

impl From<crate::pack::PackCheckError> for Error {
    fn from(e: crate::pack::PackCheckError) -> Self {
        Error::PackCheck(Box::new(e))
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
