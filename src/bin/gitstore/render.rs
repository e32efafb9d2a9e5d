//! git's words for what the library reports as data: the object database's complaints, and the
//! errors of the config, repository-format and loose-object layers.

use gitstore::odb::OdbWarning;
use std::path::Path;

/// `path` as git names it: below the primary object directory (`abs`, with a trailing `/`) as
/// `shown` (its name as git shows it, with a trailing `/`), else as it is.
fn under_objects(path: &Path, abs: &str, shown: &str) -> String {
    let text = path.display().to_string();
    match text.strip_prefix(abs) {
        Some(rest) => format!("{shown}{rest}"),
        None => text,
    }
}

/// git's `error:` text (without `error: `) for what the object database complained about when
/// it was opened. `abs` is the primary object directory and `shown` its name in git's
/// messages, each with a trailing `/`.
pub fn odb_warning(warning: &OdbWarning, abs: &str, shown: &str) -> String {
    match warning {
        OdbWarning::AlternateMissing { path } => format!(
            "object directory {} does not exist; check .git/objects/info/alternates",
            under_objects(path, abs, shown)
        ),
        OdbWarning::AlternateUnresolvable { path } => format!(
            "unable to normalize alternate object path: {}",
            under_objects(path, abs, shown)
        ),
        OdbWarning::AlternatesTooDeep { objects_dir } => format!(
            "{}: ignoring alternate object stores, nesting too deep",
            under_objects(objects_dir, abs, shown)
        ),
        OdbWarning::BadIndex { path, error } => {
            let named = under_objects(path, abs, shown);
            gitstore::file::read(path)
                .ok()
                .and_then(|bytes| index_rejection(&bytes, Path::new(&named)))
                .unwrap_or_else(|| error.to_string().replace(abs, shown))
        }
        other => format!("{other:?}"),
    }
}

/// git's words (after `fatal: `) for `e`: the typed errors of the config and repository
/// layers from their data, anything else as the library describes it.
pub fn error(e: &gitstore::Error) -> String {
    match e {
        gitstore::Error::Config(e) => config_error(e),
        gitstore::Error::RepositoryFormat(e) => repository_format(e),
        gitstore::Error::Unsupported(e) => unsupported(e),
        gitstore::Error::InvalidGitFile { path } => {
            format!("invalid gitfile format: {}", path.display())
        }
        gitstore::Error::InvalidBranchName { name } => {
            format!("invalid initial branch name: '{name}'")
        }
        gitstore::Error::Ref(e) => ref_error(e),
        gitstore::Error::FsckOptions(e) => fsck_options(e),
        gitstore::Error::RefFormat(e) => ref_format(e),
        gitstore::Error::Identity(e) => identity(e),
        gitstore::Error::DamagedObject(e) => crate::damage::fatal(e),
        // git dies of a loose object of a type it does not know wherever it reads one
        gitstore::Error::Loose(e)
            if matches!(e.kind, gitstore::loose::LooseErrorKind::UnknownType { .. }) =>
        {
            "invalid object type".to_string()
        }
        gitstore::Error::WrongKind {
            id,
            expected,
            actual: None,
        } => format!("{id} is not a {expected}-ish"),
        gitstore::Error::WrongKind {
            id,
            expected,
            actual: Some(actual),
        } => format!("{id} is a {actual}, not a {expected}"),
        other => other.to_string(),
    }
}

/// git's words for a ref that could not be changed: those the library's `Display` does not
/// already give as git does.
pub fn ref_error(e: &gitstore::refs::RefError) -> String {
    use gitstore::refs::RefErrorKind as K;
    let name = &e.name;
    match &e.kind {
        K::SymbolicRename { copy } => format!(
            "refname {name} is a symbolic ref, {} it is not supported",
            if *copy { "copying" } else { "renaming" }
        ),
        K::RenameConflict { existing } => format!("'{existing}' exists; cannot create '{name}'"),
        K::TransactionPrepared => {
            "transaction is already prepared; no more updates allowed".to_string()
        }
        _ => e.to_string(),
    }
}

/// git's complaint about a `for-each-ref` format or sort key, or an atom it cannot evaluate.
pub fn ref_format(e: &gitstore::refs::format::FormatError) -> String {
    use gitstore::refs::format::FormatErrorKind as K;
    match &e.kind {
        K::MalformedFormatString { rest } => format!("malformed format string {rest}"),
        K::MalformedFieldName { field } => format!("malformed field name: {field}"),
        K::UnknownFieldName { field } => format!("unknown field name: {field}"),
        K::TakesNoArguments { atom, .. } => format!("%({atom}) does not take arguments"),
        K::UnrecognizedArgument { atom, arg } => format!("unrecognized %({atom}) argument: {arg}"),
        K::IntegerExpected { option, value } => {
            format!("Integer value expected refname:{option}={value}")
        }
        K::PositiveValueExpected { value, field } => {
            format!("positive value expected '{value}' in %({field})")
        }
        K::UnknownDateFormat { format } => format!("unknown date format {format}"),
        K::MissingObject { id, refname } => format!("missing object {id} for {refname}"),
        _ => e.to_string(),
    }
}

/// git's complaint about an `fsck.<msgId>` setting (`fsck_set_msg_type`).
pub fn fsck_options(e: &gitstore::fsck::OptionsError) -> String {
    use gitstore::fsck::{OptionsError as O, Severity};
    match e {
        O::CannotDemote { id, to } => format!(
            "Cannot demote {} to {}",
            id.name().to_lowercase(),
            if *to == Severity::Ignore {
                "ignore"
            } else {
                "warn"
            }
        ),
        O::MissingValue { name } => format!("missing value for 'fsck.{name}'"),
        O::UnknownMsgId { name } => format!("Unhandled message id: {name}"),
        O::UnknownSeverity { value } => format!("Unknown fsck message type: '{value}'"),
        other => other.to_string(),
    }
}

/// What git prints before `fatal: ` when it cannot tell who is acting (`ident.c`'s
/// `env_hint`), for an identity that [`is_unknown`](gitstore::identity::IdentityError::is_unknown).
pub fn identity_preamble(e: &gitstore::identity::IdentityError) -> Option<String> {
    use gitstore::identity::Role;
    if !e.is_unknown() {
        return None;
    }
    let who = match e.role {
        Role::Author => "Author",
        Role::Committer => "Committer",
    };
    Some(format!(
        "{who} identity unknown\n\n*** Please tell me who you are.\n\nRun\n\n  \
         git config --global user.email \"you@example.com\"\n  \
         git config --global user.name \"Your Name\"\n\n\
         to set your account's default identity.\n\
         Omit --global to set the identity only in this repository.\n\n"
    ))
}

/// git's `fatal:` reason for an identity it cannot make (`fmt_ident`).
pub fn identity(e: &gitstore::identity::IdentityError) -> String {
    use gitstore::identity::IdentityErrorKind as K;
    match &e.kind {
        K::EmailNotGiven => "no email was given and auto-detection is disabled".to_string(),
        K::EmailGuessUnusable { guess } => {
            format!("unable to auto-detect email address (got '{guess}')")
        }
        K::NameNotGiven => "no name was given and auto-detection is disabled".to_string(),
        K::NameGuessUnusable { guess } => format!("unable to auto-detect name (got '{guess}')"),
        K::EmptyName { email, .. } => format!("empty ident name (for <{email}>) not allowed"),
        K::NameAllCrud { name } => {
            format!("name consists only of disallowed characters: {name}")
        }
        K::InvalidDate { value, .. } => format!("invalid date format: {value}"),
        K::MissingValue { key } => format!("missing value for '{key}'"),
        K::Config(c) => config_error(c),
        _ => e.to_string(),
    }
}

/// git's complaint about a config file or value (`die_bad_number`, `git_config_bool`…).
pub fn config_error(e: &gitstore::config::ConfigError) -> String {
    use gitstore::config::{ConfigErrorKind as K, NumberProblem};
    use gitstore::error::Location;
    let file = match &e.location {
        Location::Line { path, .. } => Some(path),
        _ => None,
    };
    match &e.kind {
        K::Syntax => match &e.location {
            Location::Line { path, line } => {
                format!("bad config line {line} in file {}", path.display())
            }
            _ => e.to_string(),
        },
        K::NotABool { key, value } => format!("bad boolean config value '{value}' for '{key}'"),
        K::NotANumber {
            key,
            value,
            problem,
        } => {
            // git's die_bad_number: the file, not the line
            let place = file.map_or(String::new(), |p| format!(" in file {}", p.display()));
            let why = match problem {
                NumberProblem::OutOfRange => "out of range",
                _ => "invalid unit",
            };
            format!("bad numeric config value '{value}' for '{key}'{place}: {why}")
        }
        K::NotUnsigned { key, value } => {
            format!("bad numeric config value '{value}' for '{key}': invalid unit")
        }
        K::CompressionLevel { level } => format!("bad zlib compression level {level}"),
        K::SharedRepositoryMode { mode } => format!(
            "problem with core.sharedRepository filemode value (0{mode:03o}).\n\
             The owner of files must always have read and write permissions."
        ),
        _ => e.to_string(),
    }
}

/// git's complaint (printed as `error: …`, or after `fatal: ` for `--config-env`) about a
/// setting given with `-c`, `--config-env` or in the environment.
pub fn command_line_config(e: &gitstore::config::CommandLineError) -> String {
    use gitstore::config::{CommandLineError as C, KeyProblem};
    match e {
        C::BogusCount => "bogus count in GIT_CONFIG_COUNT".to_string(),
        C::MissingKey { index } => format!("missing config key GIT_CONFIG_KEY_{index}"),
        C::MissingValue { index } => format!("missing config value GIT_CONFIG_VALUE_{index}"),
        C::BogusFormat => "bogus format in GIT_CONFIG_PARAMETERS".to_string(),
        C::BogusParameter { text } => format!("bogus config parameter: {text}"),
        C::EmptyKey => "empty config key".to_string(),
        C::BadKey { name, problem } => match problem {
            KeyProblem::NoSection => format!("key does not contain a section: {name}"),
            KeyProblem::NoVariable => format!("key does not contain variable name: {name}"),
            KeyProblem::Newline => format!("invalid key (newline): {name}"),
            _ => format!("invalid key: {name}"),
        },
        C::ConfigEnvFormat { spec } => format!("invalid config format: {spec}"),
        C::ConfigEnvNoVariable { name } => {
            format!("missing environment variable name for configuration '{name}'")
        }
        C::ConfigEnvUnset { var, name } => {
            format!("missing environment variable '{var}' for configuration '{name}'")
        }
        other => other.to_string(),
    }
}

/// git's complaint about a repository format it refuses (`verify_repository_format`).
pub fn repository_format(e: &gitstore::repo::FormatError) -> String {
    use gitstore::repo::FormatError as F;
    let listed = |one: &str, many: &str, names: &[String]| {
        let mut text = if names.len() == 1 { one } else { many }.to_string();
        for n in names {
            text.push_str("\n\t");
            text.push_str(n);
        }
        text
    };
    match e {
        F::VersionTooNew { version } => {
            format!("Expected git repo version <= 1, found {version}")
        }
        F::UnknownExtensions { names } => listed(
            "unknown repository extension found:",
            "unknown repository extensions found:",
            names,
        ),
        F::V1OnlyExtensions { names } => listed(
            "repo version is 0, but v1-only extension found:",
            "repo version is 0, but v1-only extensions found:",
            names,
        ),
        other => other.to_string(),
    }
}

/// What gitstore says of a repository it cannot read yet.
pub fn unsupported(e: &gitstore::repo::Unsupported) -> String {
    use gitstore::repo::Unsupported as U;
    match e {
        U::ObjectFormat { name } => {
            format!("extensions.objectFormat = {name} is not supported yet")
        }
        U::RefStorage { name } => format!("extensions.refStorage = {name} is not supported yet"),
        other => other.to_string(),
    }
}

/// git's complaint about index bytes it refuses to open (`check_and_map_pack_idx`), from what
/// [`gitstore::pack::index::check_layout`] found.
pub fn index_rejection(b: &[u8], path: &Path) -> Option<String> {
    use gitstore::pack::PackErrorKind;
    let path = path.display();
    match gitstore::pack::index::check_layout(b).err()? {
        PackErrorKind::IndexTooSmall => Some(format!("index file {path} is too small")),
        PackErrorKind::IndexVersion(v) => Some(format!(
            "index file {path} is version {v} and is not supported by this binary \
             (try upgrading GIT to a newer version)"
        )),
        PackErrorKind::IndexNotMonotonic { .. } => Some(format!("non-monotonic index {path}")),
        PackErrorKind::IndexWrongSize { version, .. } => {
            Some(format!("wrong index v{version} file size in {path}"))
        }
        _ => None,
    }
}
