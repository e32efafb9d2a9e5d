//! The repository layer's errors as data: a repository format git refuses
//! ([`FormatError`]), and one gitstore cannot read yet ([`Unsupported`]).

use bstr::BString;

/// A repository whose format git refuses too (`verify_repository_format`): a
/// `core.repositoryformatversion` above 1, an extension git does not know, a version-1
/// extension in a version-0 repository.
///
/// ```
/// use gitstore::repo::FormatError;
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = gitstore::Repository::init(dir.path(), &Default::default())?;
/// let config = repo.git_dir().join("config");
/// std::fs::write(&config, "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tfoo = 1\n")?;
///
/// match gitstore::Repository::open(repo.git_dir()) {
///     Err(gitstore::Error::RepositoryFormat(FormatError::UnknownExtensions { names })) => {
///         assert_eq!(names, ["foo"]);
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// `core.repositoryformatversion` is above 1.
    #[error("repository format version {version} is above 1")]
    VersionTooNew {
        /// The version found.
        version: i64,
    },
    /// A version-1 repository names extensions git does not know.
    #[error("unknown repository extensions: {}", names.join(", "))]
    UnknownExtensions {
        /// Their names, lower-cased, in config order.
        names: Vec<String>,
    },
    /// A version-0 repository names extensions only version 1 may use.
    #[error("version-1 extensions in a version-0 repository: {}", names.join(", "))]
    V1OnlyExtensions {
        /// Their names, lower-cased, in config order.
        names: Vec<String>,
    },
}

/// A repository git can read but gitstore cannot yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unsupported {
    /// `extensions.objectFormat` other than `sha1`.
    #[error("extensions.objectFormat = {name} is not supported yet")]
    ObjectFormat {
        /// The format named (e.g. `sha256`).
        name: BString,
    },
    /// `extensions.refStorage` other than `files`.
    #[error("extensions.refStorage = {name} is not supported yet")]
    RefStorage {
        /// The storage named (e.g. `reftable`).
        name: BString,
    },
}

/// Options [`Repository::init`](crate::Repository::init) refuses, before it creates anything
/// (except [`InitError::DifferentObjectFormat`] and [`InitError::DifferentRefFormat`], found
/// in a repository already there, which is left untouched).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// An object format git does not know (`--object-format`, `GIT_DEFAULT_HASH`).
    #[error("unknown object format {name:?}")]
    UnknownObjectFormat {
        /// The name as given.
        name: BString,
    },
    /// A ref storage format git does not know (`--ref-format`, `GIT_DEFAULT_REF_FORMAT`).
    #[error("unknown ref storage format {name:?}")]
    UnknownRefFormat {
        /// The name as given.
        name: BString,
    },
    /// Re-initialising asked for an object format other than the repository's.
    #[error("the repository has another object format")]
    DifferentObjectFormat,
    /// Re-initialising asked for a ref storage format other than the repository's.
    #[error("the repository has another ref storage format")]
    DifferentRefFormat,
    /// A `--shared` mode neither a name, an octal mode nor a boolean.
    #[error("bad sharing mode {value:?}")]
    BadSharedMode {
        /// The value as given.
        value: BString,
    },
    /// A `--shared` octal mode not giving the owner read and write.
    #[error("sharing mode 0{mode:o} does not let the owner read and write")]
    SharedModeNotOwnerWritable {
        /// The mode as given.
        mode: u32,
    },
    /// A separate git directory was asked for a bare repository.
    #[error("a bare repository cannot have a separate git directory")]
    SeparateGitDirWithBare,
    /// A work tree was given for a bare repository.
    #[error("a bare repository cannot have a work tree")]
    WorkTreeWithBare,
}
