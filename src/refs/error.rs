//! The refs layer's errors as data: [`Error`], what reading, listing or changing refs can
//! fail with, and [`RefError`], a [`RefErrorKind`] and the ref name it concerns; `Display`
//! gives git's phrasing of each.
//!
//! [`Error`] wraps the object database's error for the objects refs read (peeling, checking
//! a new value), and each kind converts into the variant of [`crate::Error`] callers have
//! always matched.

use super::*;
use crate::location::strerror;

/// Shorthand for results whose error is the refs layer's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What reading, listing or changing refs can fail with. Each variant converts into the
/// [`crate::Error`] variant of the same name, with the same `Display` text.
///
/// ```
/// use gitstore::refs::{self, RefEdit, RefErrorKind, RefName, RefStore};
/// use gitstore::{config::Config, Limits, ObjectId};
///
/// let main = RefName::new("refs/heads/main")?;
/// let store = RefStore::in_memory(&main, Config::default(), Limits::default())?;
/// let mut tx = store.transaction();
/// let id: ObjectId = "ce013625030ba8dba906f756967f9e9ca394464a".parse()?;
/// tx.push(RefEdit::update(main.clone(), id, Some(id)))?;
/// match tx.commit() {
///     Err(refs::Error::Ref(e)) => {
///         assert_eq!(e.name, "refs/heads/main");
///         assert_eq!(e.kind, RefErrorKind::Missing);
///     }
///     other => panic!("{other:?}"),
/// }
///
/// // `?` takes it on into the crate's error, as the variant it has always been
/// fn find(store: &RefStore) -> gitstore::Result<bool> {
///     Ok(store.find(&RefName::head())?.is_some())
/// }
/// assert!(find(&store)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A ref could not be read, locked, verified or written.
    #[error(transparent)]
    Ref(#[from] RefError),
    /// An operating-system error on a named file or directory.
    #[error("{}: {}", path.display(), strerror(source))]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// `packed-refs` does not parse (git dies on it whatever it was doing).
    #[error("{}", error.git_message(&path.display().to_string()))]
    PackedRefsCorrupt {
        /// The `packed-refs` file.
        path: PathBuf,
        /// The line and what is wrong with it.
        error: packed::LineError,
    },
    /// A lock file could not be created: another writer holds it, or one crashed and left it.
    #[error("{}", crate::lockfile::lock_failure_message(path, source))]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What the OS said (`AlreadyExists` when the lock is held).
        #[source]
        source: io::Error,
    },
    /// An object a ref names could not be read (see [`crate::odb::Error`]).
    #[error(transparent)]
    Odb(#[from] crate::odb::Error),
    /// The repository's config, read when the store is opened, cannot be used.
    #[error(transparent)]
    Config(#[from] crate::config::LoadError),
    /// No committer identity for a reflog entry.
    #[error(transparent)]
    Identity(#[from] crate::identity::IdentityError),
}

/// A config value of the wrong type.
impl From<crate::config::ConfigError> for Error {
    fn from(e: crate::config::ConfigError) -> Self {
        Error::Config(crate::config::LoadError::File(e))
    }
}

impl Error {
    /// An [`Error::Io`] naming `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Whether this is a damaged `packed-refs`, which git treats as fatal everywhere.
    pub fn is_packed_refs_corrupt(&self) -> bool {
        matches!(self, Error::PackedRefsCorrupt { .. })
    }
}

/// A lock-file step that failed: taking the lock is [`Error::Lock`], any later step
/// [`Error::Io`].
impl From<crate::lockfile::LockError> for Error {
    fn from(e: crate::lockfile::LockError) -> Self {
        match e.kind {
            crate::lockfile::LockErrorKind::Create => Error::Lock {
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

/// Why a ref operation failed; rendered as git phrases it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefErrorKind {
    /// The name breaks a `check-ref-format` rule.
    InvalidName {
        /// Which rule.
        reason: super::name::NameProblem,
    },
    /// Expected not to exist (old value null), but exists.
    AlreadyExists,
    /// Expected at an id, but does not exist.
    Missing,
    /// Expected at an id, but the ref this symbolic ref leads to does not exist.
    MissingTarget {
        /// The ref at the end of the chain.
        target: BString,
    },
    /// Expected at one id, but is at another.
    Mismatch {
        /// Where it is.
        actual: ObjectId,
        /// Where the caller expected it.
        expected: ObjectId,
    },
    /// Expected to be a symbolic ref to `expected`, but points elsewhere.
    SymrefTargetMismatch {
        /// Where it points.
        actual: BString,
        /// Where the caller expected it to point.
        expected: BString,
    },
    /// Expected to be a symbolic ref to `expected`, but is a regular ref.
    NotSymbolic {
        /// Where the caller expected it to point.
        expected: BString,
    },
    /// Its lock file could not be created.
    Locked {
        /// The lock file.
        lock_path: PathBuf,
        /// What the OS said: `AlreadyExists` when another writer holds the lock.
        error: std::io::ErrorKind,
        /// The OS error number, when there is one.
        os_error: Option<i32>,
    },
    /// Creating it would turn an existing ref into a directory or the other way round.
    DirectoryConflict {
        /// The existing (or concurrently created) ref in the way.
        existing: BString,
    },
    /// A chain of symbolic refs longer than the limit, or a cycle.
    SymrefLoop {
        /// [`Limits::max_symref_depth`].
        limit: usize,
    },
    /// A symbolic ref pointing at something that is not a ref under `refs/`.
    SymrefOutsideRefs {
        /// The target as written.
        target: BString,
    },
    /// The same ref is changed twice in one transaction.
    MultipleUpdates,
    /// The ref is changed twice in one transaction, once through a symbolic ref.
    MultipleUpdatesVia {
        /// The symbolic ref followed to it (`symref`), or the ref `HEAD` points at.
        via: BString,
        /// Whether `via` is the symbolic ref (else `name` is `HEAD` and `via` its referent).
        symref: bool,
    },
    /// Another ref of the same transaction is this one's directory, or sits below it.
    ConflictsWithinTransaction {
        /// The other ref.
        other: BString,
    },
    /// The new value names an object the repository does not have.
    NonexistentObject {
        /// The new value.
        id: ObjectId,
    },
    /// The new value of a branch (`refs/heads/…`) is not a commit.
    NonCommitBranch {
        /// The new value.
        id: ObjectId,
    },
    /// A symbolic ref given to [`RefStore::rename`] or [`RefStore::copy`] (`name`), which git
    /// refuses to move.
    SymbolicRename {
        /// Whether it was a copy (else a rename).
        copy: bool,
    },
    /// The new name of a rename or copy (`name`) is taken by a ref that would be its directory
    /// or sit below it.
    RenameConflict {
        /// The ref in the way.
        existing: BString,
    },
    /// A rename or copy (of `name`) in a ref store that lives in memory, which gitstore does not
    /// support yet.
    RenameInMemory,
    /// An edit (of `name`) pushed to a transaction that is already prepared.
    TransactionPrepared,
    /// A ref to change (`name`, as given) leads to `target`, whose file is damaged.
    BrokenTarget {
        /// The damaged ref: `name` itself, or the end of its chain of symbolic refs.
        target: BString,
    },
    /// The ref's file or `packed-refs` line is damaged.
    Corrupt {
        /// The file (and line).
        location: Location,
        /// What is wrong.
        reason: super::loose::LooseRefProblem,
    },
}

/// A ref operation failed: which ref, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError {
    /// The ref, as given.
    pub name: BString,
    /// What went wrong.
    pub kind: RefErrorKind,
}

impl RefError {
    /// An error about `name`.
    pub fn new(name: impl Into<BString>, kind: RefErrorKind) -> RefError {
        RefError {
            name: name.into(),
            kind,
        }
    }
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = &self.name;
        match &self.kind {
            RefErrorKind::InvalidName { reason } => write!(f, "invalid ref name '{n}': {reason}"),
            RefErrorKind::AlreadyExists => {
                write!(f, "cannot lock ref '{n}': reference already exists")
            }
            RefErrorKind::Missing => {
                write!(
                    f,
                    "cannot lock ref '{n}': unable to resolve reference '{n}'"
                )
            }
            RefErrorKind::BrokenTarget { target } => write!(
                f,
                "cannot lock ref '{n}': unable to resolve reference '{target}': reference broken"
            ),
            RefErrorKind::MissingTarget { target } => {
                write!(
                    f,
                    "cannot lock ref '{n}': unable to resolve reference '{target}'"
                )
            }
            RefErrorKind::Mismatch { actual, expected } => {
                write!(
                    f,
                    "cannot lock ref '{n}': is at {actual} but expected {expected}"
                )
            }
            RefErrorKind::SymrefTargetMismatch { actual, expected } => write!(
                f,
                "verifying symref target: '{n}': is at {actual} but expected {expected}"
            ),
            RefErrorKind::NotSymbolic { expected } => write!(
                f,
                "cannot lock ref '{n}': expected symref with target '{expected}': but is a \
                 regular ref"
            ),
            RefErrorKind::Locked {
                lock_path,
                error,
                os_error,
            } => {
                let source = match os_error {
                    Some(code) => std::io::Error::from_raw_os_error(*code),
                    None => std::io::Error::from(*error),
                };
                let message = crate::lockfile::lock_failure_message(lock_path, &source);
                write!(f, "cannot lock ref '{n}': {message}")
            }
            RefErrorKind::DirectoryConflict { existing } => {
                write!(
                    f,
                    "cannot lock ref '{n}': '{existing}' exists; cannot create '{n}'"
                )
            }
            RefErrorKind::SymrefLoop { limit } => write!(
                f,
                "unable to resolve reference '{n}': symbolic ref loop or chain longer than {limit}"
            ),
            RefErrorKind::SymrefOutsideRefs { target } => {
                write!(f, "symbolic ref '{n}' points outside refs/: '{target}'")
            }
            RefErrorKind::MultipleUpdatesVia { via, symref: true } => write!(
                f,
                "multiple updates for '{n}' (including one via symref '{via}') are not allowed"
            ),
            RefErrorKind::MultipleUpdatesVia { via, symref: false } => write!(
                f,
                "multiple updates for '{n}' (including one via its referent '{via}') are not \
                 allowed"
            ),
            RefErrorKind::ConflictsWithinTransaction { other } => write!(
                f,
                "cannot lock ref '{n}': cannot process '{n}' and '{other}' at the same time"
            ),
            RefErrorKind::MultipleUpdates => {
                write!(f, "multiple updates for ref '{n}' not allowed")
            }
            RefErrorKind::NonexistentObject { id } => write!(
                f,
                "cannot update ref '{n}': trying to write ref '{n}' with nonexistent object {id}"
            ),
            RefErrorKind::NonCommitBranch { id } => write!(
                f,
                "cannot update ref '{n}': trying to write non-commit object {id} to branch '{n}'"
            ),
            RefErrorKind::SymbolicRename { copy } => write!(
                f,
                "{n} is a symbolic ref and cannot be {}",
                if *copy { "copied" } else { "renamed" }
            ),
            RefErrorKind::RenameConflict { existing } => {
                write!(f, "cannot move a ref to '{n}': '{existing}' is in the way")
            }
            RefErrorKind::RenameInMemory => {
                write!(
                    f,
                    "cannot move '{n}': renaming a ref in memory is not supported yet"
                )
            }
            RefErrorKind::TransactionPrepared => write!(
                f,
                "cannot add an update of '{n}': the transaction is already prepared"
            ),
            RefErrorKind::Corrupt { location, reason } => {
                write!(f, "broken ref '{n}' in {location}: {reason}")
            }
        }
    }
}

impl std::error::Error for RefError {}
