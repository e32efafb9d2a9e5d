//! The config layer's errors as data: [`ConfigError`] for a file or value git refuses, and
//! [`CommandLineError`] for settings given on the command line or in the environment (`git -c`,
//! `--config-env`, `GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_COUNT`). The words git prints for each
//! are the CLI's; the `Display` texts here are plain descriptions.

use crate::error::Location;
use bstr::BString;
use std::fmt;
use std::path::PathBuf;

/// Why a layered config could not be read: a file the OS would not give, a file or value git
/// refuses, or a setting from the command line or the environment. Each converts into the
/// crate's [`Error`](crate::Error) as [`Error::Io`](crate::Error::Io),
/// [`Error::Config`](crate::Error::Config) and
/// [`Error::CommandLineConfig`](crate::Error::CommandLineConfig).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A config file that exists but cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// A file or value git refuses.
    #[error(transparent)]
    File(#[from] ConfigError),
    /// A setting given on the command line or in the environment that git refuses.
    #[error(transparent)]
    CommandLine(#[from] CommandLineError),
}

/// A config file that does not parse, or a value of the wrong type, and where it was found.
///
/// ```
/// use gitstore::config::{Config, ConfigErrorKind};
/// use gitstore::error::Location;
/// use std::path::Path;
///
/// let err = Config::parse(b"[core]\n\tbare = \"open\n", Path::new("config")).unwrap_err();
/// assert_eq!(err.kind, ConfigErrorKind::Syntax);
/// assert_eq!(err.location, Location::Line { path: "config".into(), line: 2 });
///
/// let config = Config::parse(b"[core]\n\tbare = maybe\n", Path::new("config"))?;
/// let err = config.get_bool("core.bare").unwrap_err();
/// assert!(matches!(err.kind, ConfigErrorKind::NotABool { ref key, .. } if key == "core.bare"));
/// # Ok::<(), gitstore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} ({location})")]
pub struct ConfigError {
    /// Where: a file and line, or [`Location::Memory`] for the environment and defaults.
    pub location: Location,
    /// What is wrong.
    pub kind: ConfigErrorKind,
}

/// What is wrong with a config file or value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// A line that is no section header, entry, comment or blank (the location has the line).
    Syntax,
    /// A value read as a boolean that is none of git's spellings.
    NotABool {
        /// The key (or environment variable) as asked for.
        key: String,
        /// The value.
        value: BString,
    },
    /// A value read as a number that is not one.
    NotANumber {
        /// The key as asked for.
        key: String,
        /// The value.
        value: BString,
        /// Why it is not a number.
        problem: NumberProblem,
    },
    /// A value read as an unsigned number that is negative (git's parser sees no unit it knows).
    NotUnsigned {
        /// The key as asked for.
        key: String,
        /// The value.
        value: BString,
    },
    /// `core.compression` or `core.looseCompression` outside -1..=9.
    CompressionLevel {
        /// The level given.
        level: i64,
    },
    /// `core.sharedRepository` as a mode that does not let the owner read and write.
    SharedRepositoryMode {
        /// The mode given.
        mode: u32,
    },
}

/// Why a config value is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberProblem {
    /// Not digits, or a unit other than `k`, `m` or `g`.
    InvalidUnit,
    /// Does not fit.
    OutOfRange,
}

impl fmt::Display for NumberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberProblem::InvalidUnit => "invalid unit",
            NumberProblem::OutOfRange => "out of range",
        })
    }
}

impl std::error::Error for NumberProblem {}

impl fmt::Display for ConfigErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigErrorKind::Syntax => f.write_str("config syntax error"),
            ConfigErrorKind::NotABool { key, value } => {
                write!(f, "{key} = '{value}' is not a boolean")
            }
            ConfigErrorKind::NotANumber {
                key,
                value,
                problem,
            } => write!(f, "{key} = '{value}' is not a number: {problem}"),
            ConfigErrorKind::NotUnsigned { key, value } => {
                write!(f, "{key} = '{value}' is not an unsigned number")
            }
            ConfigErrorKind::CompressionLevel { level } => {
                write!(f, "compression level {level} is not within -1..=9")
            }
            ConfigErrorKind::SharedRepositoryMode { mode } => write!(
                f,
                "core.sharedRepository mode 0{mode:03o} does not let the owner read and write"
            ),
        }
    }
}

/// A setting given on the command line or in the environment that git refuses.
///
/// ```
/// use gitstore::config::{CommandLineError, Config, KeyProblem};
///
/// match Config::from_parameters(b"'a.1b'='x'") {
///     Err(CommandLineError::BadKey { name, problem }) => {
///         assert_eq!((name.as_slice(), problem), (&b"a.1b"[..], KeyProblem::Invalid));
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandLineError {
    /// `GIT_CONFIG_COUNT` is not a number (or absurdly large).
    #[error("GIT_CONFIG_COUNT is not a count")]
    BogusCount,
    /// `GIT_CONFIG_KEY_<index>` is not set.
    #[error("GIT_CONFIG_KEY_{index} is not set")]
    MissingKey {
        /// The index below `GIT_CONFIG_COUNT`.
        index: usize,
    },
    /// `GIT_CONFIG_VALUE_<index>` is not set.
    #[error("GIT_CONFIG_VALUE_{index} is not set")]
    MissingValue {
        /// The index below `GIT_CONFIG_COUNT`.
        index: usize,
    },
    /// `GIT_CONFIG_PARAMETERS` is not a list of quoted settings.
    #[error("GIT_CONFIG_PARAMETERS is not a list of quoted settings")]
    BogusFormat,
    /// An old-style `name=value` word whose name is empty.
    #[error("config parameter {text:?} has no name")]
    BogusParameter {
        /// The word.
        text: BString,
    },
    /// A setting with an empty name.
    #[error("empty config name")]
    EmptyKey,
    /// A setting whose name is not a valid `section[.subsection].key`.
    #[error("invalid config name {name:?}: {problem}")]
    BadKey {
        /// The name as given.
        name: BString,
        /// What is wrong with it.
        problem: KeyProblem,
    },
    /// `--config-env` without `=` between the name and the variable.
    #[error("--config-env {spec:?} has no '='")]
    ConfigEnvFormat {
        /// The argument.
        spec: BString,
    },
    /// `--config-env <name>=` with no variable after the `=`.
    #[error("--config-env for {name:?} names no environment variable")]
    ConfigEnvNoVariable {
        /// The config name.
        name: BString,
    },
    /// `--config-env <name>=<var>` where `var` is not set.
    #[error("environment variable {var:?} for config {name:?} is not set")]
    ConfigEnvUnset {
        /// The environment variable.
        var: BString,
        /// The config name.
        name: BString,
    },
}

/// What is wrong with a config name given on the command line (git's `git_config_parse_key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyProblem {
    /// No dot, or nothing before it.
    NoSection,
    /// Nothing after the last dot.
    NoVariable,
    /// A character a section or key may not hold, or a key not starting with a letter.
    Invalid,
    /// A newline in the subsection.
    Newline,
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyProblem::NoSection => "no section",
            KeyProblem::NoVariable => "no variable name",
            KeyProblem::Invalid => "invalid character",
            KeyProblem::Newline => "newline in the subsection",
        })
    }
}
