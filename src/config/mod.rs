//! git's config file syntax: sections, subsections, keys, values; and the layered view
//! (system, global, repository, environment) that git reads.
//!
//! ## The format
//!
//! ```text
//! # comment            ; also a comment
//! [core]                       section names: letters, digits, '-', '.'; case-insensitive
//!     bare = false             key = value; keys start with a letter, then letters/digits/'-'
//!     filemode                 a bare key: boolean true
//! [remote "origin"]            a subsection: case-sensitive, '\"' and '\\' escapes
//!     url = " spaced "value    quotes keep whitespace and '#'/';'; outside them, leading and
//!                              trailing whitespace is dropped and inner runs are kept
//!     fetch = a\tb\n \
//!         continued            escapes \t \n \b \" \\ ; a trailing '\' joins the next line
//! [branch.Main]                legacy subsection syntax: the whole name is lower-cased
//! ```
//!
//! A UTF-8 byte order mark at the start of a file is skipped. `\r\n` is read as `\n`.
//! The reader is a transcription of git's `config.c` (`git_parse_source`, `get_value`,
//! `parse_value`, `get_base_var`), so it accepts and refuses the same files and reports the same
//! line numbers as git's "bad config line N in file X".
//!
//! `include.path` and `includeIf.*.path` are read as ordinary entries: the files they name are
//! **not** included.

pub mod edit;
mod error;
mod parameters;
mod syntax;

pub use error::{
    CommandLineError, ConfigError, ConfigErrorKind, KeyProblem, LoadError, NumberProblem,
};
use parameters::sq_dequote_step;
pub use parameters::{push_config_env, push_parameter};
use syntax::{is_key_char, is_space, parse_entries};

use crate::env::Environment;
use crate::error::Location;
use bstr::{BStr, BString, ByteSlice};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One `section.subsection.key = value` entry, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Section name, lower-cased.
    pub section: BString,
    /// Subsection, case kept, if any.
    pub subsection: Option<BString>,
    /// Key name, lower-cased.
    pub key: BString,
    /// The value after unquoting and escapes; `None` for a bare key (`[core] bare`), which is true.
    pub value: Option<BString>,
}

/// Where an entry came from, for error messages about its value.
#[derive(Debug, Clone)]
struct Origin {
    /// The file, or `None` for the environment (`GIT_CONFIG_COUNT`, `GIT_CONFIG_PARAMETERS`)
    /// or a memory buffer.
    path: Option<Arc<Path>>,
    line: usize,
}

impl Origin {
    fn location(&self) -> Location {
        match &self.path {
            Some(p) => Location::Line {
                path: p.to_path_buf(),
                line: self.line,
            },
            None => Location::Memory,
        }
    }
}

/// The entries of one or more config files, later entries overriding earlier ones.
#[derive(Debug, Clone, Default)]
pub struct Config {
    entries: Vec<Entry>,
    /// Parallel to `entries`.
    origins: Vec<Origin>,
}

impl Config {
    /// A config with no entries.
    pub fn empty() -> Config {
        Config::default()
    }

    /// Parses the bytes of one config file; `path` names the file in errors.
    ///
    /// `include.path` entries are kept as entries but the files they name are not read.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Config, ConfigError> {
        let shared: Arc<Path> = Arc::from(path);
        let mut config = Config::default();
        let mut sink = |e: Entry, line: usize| {
            config.entries.push(e);
            config.origins.push(Origin {
                path: Some(shared.clone()),
                line,
            });
        };
        // git names neither the problem nor the column, only the line
        parse_entries(bytes, &mut sink).map_err(|(line, _what)| ConfigError {
            location: Location::Line {
                path: path.to_path_buf(),
                line,
            },
            kind: ConfigErrorKind::Syntax,
        })?;
        Ok(config)
    }

    /// Reads one config file; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config, LoadError> {
        Config::load_as(path, path)
    }

    /// Reads the config file at `path`, naming it `shown` in errors (git names a repository's
    /// config as it found the repository: `.git/config`, `./config`, `$GIT_DIR/config`).
    pub fn load_as(path: &Path, shown: &Path) -> Result<Config, LoadError> {
        match crate::file::read(path) {
            Ok(bytes) => Ok(Config::parse(&bytes, shown)?),
            Err(e)
                // ENOTDIR (20 on Linux and the BSDs): a parent is a file, as git's access_or_die.
                if e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(20) =>
            {
                Ok(Config::empty())
            }
            Err(source) => Err(LoadError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The layered config git uses for the repository at `git_dir`, later layers winning:
    ///
    /// 1. system: `$GIT_CONFIG_SYSTEM`, else `/etc/gitconfig`; skipped when
    ///    `GIT_CONFIG_NOSYSTEM` is true;
    /// 2. global: `$GIT_CONFIG_GLOBAL` alone when set (`/dev/null`: nothing), else
    ///    `$XDG_CONFIG_HOME/git/config` (or `~/.config/git/config`), then `~/.gitconfig`;
    /// 3. `git_dir/config`;
    /// 4. `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>`;
    /// 5. `GIT_CONFIG_PARAMETERS`: `git -c` and `git --config-env` (see [`Config::from_env`]).
    ///
    /// The variables are this process's ([`Environment::from_process`]); see
    /// [`for_repository_with_env`](Self::for_repository_with_env) to give them.
    ///
    /// Not read: `config.worktree`, included files.
    pub fn for_repository(git_dir: &Path) -> Result<Config, LoadError> {
        Config::for_repository_as(git_dir, git_dir)
    }

    /// [`for_repository`](Self::for_repository), naming the repository's own config file
    /// `shown_git_dir/config` in errors.
    pub fn for_repository_as(git_dir: &Path, shown_git_dir: &Path) -> Result<Config, LoadError> {
        Config::for_repository_with_env(git_dir, shown_git_dir, &Environment::from_process())
    }

    /// [`for_repository_as`](Self::for_repository_as), with the variables of `env` instead of
    /// the process's.
    pub fn for_repository_with_env(
        git_dir: &Path,
        shown_git_dir: &Path,
        env: &Environment,
    ) -> Result<Config, LoadError> {
        let mut config = Config::empty();
        if !env_bool(env, "GIT_CONFIG_NOSYSTEM")? {
            let system = env
                .var("GIT_CONFIG_SYSTEM")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/etc/gitconfig"));
            config.extend(Config::load(&system)?);
        }
        for path in global_paths(env) {
            config.extend(Config::load(&path)?);
        }
        config.extend(Config::load_as(
            &git_dir.join("config"),
            &shown_git_dir.join("config"),
        )?);
        config.extend(Config::from_environment(env)?);
        Ok(config)
    }

    /// The entries given in this process's environment; see
    /// [`from_environment`](Self::from_environment).
    pub fn from_env() -> Result<Config, CommandLineError> {
        Config::from_environment(&Environment::from_process())
    }

    /// The entries given in `env`, in the order git applies them: first
    /// `GIT_CONFIG_COUNT=<n>` with `GIT_CONFIG_KEY_<i>` and `GIT_CONFIG_VALUE_<i>` for `i` in
    /// `0..n`, then `GIT_CONFIG_PARAMETERS` (what `git -c` sets, see
    /// [`Config::from_parameters`]), so the latter win. Errors are
    /// [`Error::CommandLineConfig`], as git's `git_config_from_parameters`.
    pub fn from_environment(env: &Environment) -> Result<Config, CommandLineError> {
        let mut config = Config::empty();
        let count = match env.var("GIT_CONFIG_COUNT") {
            None => 0,
            Some(c) if c.is_empty() => 0,
            Some(c) => c
                .to_str()
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|&n| n <= 1 << 20)
                .ok_or(CommandLineError::BogusCount)?,
        };
        for i in 0..count {
            let key = env
                .var(format!("GIT_CONFIG_KEY_{i}"))
                .ok_or(CommandLineError::MissingKey { index: i })?;
            let value = env
                .var(format!("GIT_CONFIG_VALUE_{i}"))
                .ok_or(CommandLineError::MissingValue { index: i })?;
            config.push_pair(key.as_encoded_bytes(), Some(value.as_encoded_bytes()))?;
        }
        if let Some(text) = env.var(PARAMETERS_ENV) {
            config.extend(Config::from_parameters(text.as_encoded_bytes())?);
        }
        Ok(config)
    }

    /// Parses the value of `GIT_CONFIG_PARAMETERS`, as git's `parse_config_env_list`.
    ///
    /// The value is a list of shell single-quoted words separated by whitespace. git 2.31 and
    /// later write each setting as `'name'='value'`, or `'name'=` for a bare `-c name` (true);
    /// older gits wrote `'name=value'` (and `'name'` for true), which is still read: the name is
    /// then everything before the first `=`, trimmed of whitespace. Inside a word `'\''` stands
    /// for `'` and `'\!'` for `!` (git's `sq_quote_buf`). Names are checked as git checks
    /// `-c` names: `invalid key: a.1b`, `key does not contain a section: foo`.
    ///
    /// Input past a NUL byte is ignored: git reads the variable as a C string.
    pub fn from_parameters(text: &[u8]) -> Result<Config, CommandLineError> {
        let text = text.split(|&c| c == 0).next().unwrap_or_default();
        let bogus = || CommandLineError::BogusFormat;
        let mut config = Config::empty();
        let mut at = 0;
        while at < text.len() {
            let (word, next) = sq_dequote_step(text, at).ok_or_else(bogus)?;
            let rest = match next.map(|n| (n, text.get(n).copied())) {
                None => {
                    config.push_old_style(&word)?;
                    None
                }
                Some((n, Some(c))) if is_space(c) => {
                    config.push_old_style(&word)?;
                    Some(n)
                }
                Some((n, Some(b'='))) => match text.get(n + 1).copied() {
                    Some(b'\'') => {
                        let (value, after) = sq_dequote_step(text, n + 1).ok_or_else(bogus)?;
                        if after.is_some_and(|a| !text.get(a).copied().is_some_and(is_space)) {
                            return Err(bogus());
                        }
                        config.push_pair(&word, Some(&value))?;
                        after
                    }
                    None => {
                        config.push_pair(&word, None)?;
                        None
                    }
                    Some(c) if is_space(c) => {
                        config.push_pair(&word, None)?;
                        Some(n + 1)
                    }
                    Some(_) => return Err(bogus()),
                },
                Some(_) => return Err(bogus()),
            };
            let Some(mut n) = rest else { break };
            while text.get(n).copied().is_some_and(is_space) {
                n += 1;
            }
            at = n;
        }
        Ok(config)
    }

    /// An old-style `'name=value'` word (git's `git_config_parse_parameter`).
    fn push_old_style(&mut self, text: &[u8]) -> Result<(), CommandLineError> {
        let (name, value) = match text.find_byte(b'=') {
            Some(eq) => (
                text.get(..eq).unwrap_or_default(),
                Some(text.get(eq + 1..).unwrap_or_default()),
            ),
            None => (text, None),
        };
        let start = name
            .iter()
            .position(|&c| !is_space(c))
            .unwrap_or(name.len());
        let end = name
            .iter()
            .rposition(|&c| !is_space(c))
            .map_or(start, |e| e + 1);
        let name = name.get(start..end).unwrap_or_default();
        if name.is_empty() {
            return Err(CommandLineError::BogusParameter { text: text.into() });
        }
        self.push_pair(name, value)
    }

    /// One setting from the command line or the environment (git's `config_parse_pair`).
    fn push_pair(&mut self, name: &[u8], value: Option<&[u8]>) -> Result<(), CommandLineError> {
        if name.is_empty() {
            return Err(CommandLineError::EmptyKey);
        }
        let Query {
            section,
            subsection,
            key,
        } = parse_key(name).map_err(|problem| CommandLineError::BadKey {
            name: name.into(),
            problem,
        })?;
        self.entries.push(Entry {
            section: section.to_ascii_lowercase().into(),
            subsection: subsection.map(BString::from),
            key: key.to_ascii_lowercase().into(),
            value: value.map(BString::from),
        });
        self.origins.push(Origin {
            path: None,
            line: 0,
        });
        Ok(())
    }

    /// Appends the entries of `other` (they override this config's).
    pub fn extend(&mut self, other: Config) {
        self.entries.extend(other.entries);
        self.origins.extend(other.origins);
    }

    /// All entries in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The last value of `key` (`"section.key"` or `"section.subsection.key"`; section and key
    /// case-insensitive, subsection case-sensitive). A bare key yields `Some("")`? No: use
    /// [`Config::get_bool`] for booleans; `get` returns `None` for a bare key's value.
    pub fn get(&self, key: &str) -> Option<&BStr> {
        self.get_raw(key).flatten()
    }

    /// The last entry for `key`: `None` when absent, `Some(None)` for a bare key, else
    /// `Some(Some(value))`. This is what `git config --get` distinguishes (a bare key prints an
    /// empty line, an absent one exits 1).
    pub fn get_raw(&self, key: &str) -> Option<Option<&BStr>> {
        self.find_last(key)
            .map(|i| self.entries[i].value.as_ref().map(|v| v.as_bstr()))
    }

    /// Every value of `key` in order (`None` for bare occurrences), as `git config --get-all`.
    pub fn get_all(&self, key: &str) -> Vec<Option<&BStr>> {
        let Some(q) = Query::new(key) else {
            return Vec::new();
        };
        self.entries
            .iter()
            .filter(|e| q.matches(e))
            .map(|e| e.value.as_ref().map(|v| v.as_bstr()))
            .collect()
    }

    /// The last value of a boolean key: `true/yes/on/1`, `false/no/off/0/""`, a bare key is true;
    /// any other integer is true when non-zero (as git). Anything else is an error naming the
    /// key and the file and line it was read from.
    pub fn get_bool(&self, key: &str) -> Result<Option<bool>, ConfigError> {
        let Some(i) = self.find_last(key) else {
            return Ok(None);
        };
        let value = self.entries[i].value.as_ref().map(|v| v.as_slice());
        match parse_bool(value) {
            Some(b) => Ok(Some(b)),
            None => Err(ConfigError {
                location: self.origins[i].location(),
                kind: ConfigErrorKind::NotABool {
                    key: key.to_string(),
                    value: value.unwrap_or_default().into(),
                },
            }),
        }
    }

    /// The last value of an integer key, with git's `k`/`m`/`g` suffixes (powers of 1024),
    /// decimal, `0x` hex or `0` octal; out-of-range values and bare keys are errors.
    pub fn get_int(&self, key: &str) -> Result<Option<i64>, ConfigError> {
        let Some(i) = self.find_last(key) else {
            return Ok(None);
        };
        let value = self.entries[i]
            .value
            .as_ref()
            .map(|v| v.as_slice())
            .unwrap_or_default();
        parse_int(value, i64::MAX)
            .map(Some)
            .map_err(|problem| ConfigError {
                location: self.origins[i].location(),
                kind: ConfigErrorKind::NotANumber {
                    key: key.to_string(),
                    value: value.into(),
                    problem,
                },
            })
    }

    /// Where the value `get` returns for `key` was set (file and line).
    pub fn location_of(&self, key: &str) -> Option<crate::error::Location> {
        self.find_last(key).map(|i| self.origins[i].location())
    }

    fn find_last(&self, key: &str) -> Option<usize> {
        let q = Query::new(key)?;
        self.entries.iter().rposition(|e| q.matches(e))
    }
}

/// A parsed lookup key.
struct Query<'a> {
    section: &'a [u8],
    subsection: Option<&'a [u8]>,
    key: &'a [u8],
}

impl<'a> Query<'a> {
    fn new(key: &'a str) -> Option<Query<'a>> {
        split_key(key.as_bytes())
    }

    fn matches(&self, e: &Entry) -> bool {
        e.key.eq_ignore_ascii_case(self.key)
            && e.section.eq_ignore_ascii_case(self.section)
            && e.subsection.as_deref().map(|s| s.as_bytes()) == self.subsection
    }
}

/// Splits `section[.subsection].key` at the first and the last dot.
fn split_key(key: &[u8]) -> Option<Query<'_>> {
    let first = key.find_byte(b'.')?;
    let last = key.rfind_byte(b'.')?;
    let section = key.get(..first)?;
    let name = key.get(last + 1..)?;
    let subsection = if first == last {
        None
    } else {
        Some(key.get(first + 1..last)?)
    };
    Some(Query {
        section,
        subsection,
        key: name,
    })
}

/// The environment variable `git -c` and `git --config-env` carry their settings in, to the
/// command and to every git it runs.
pub const PARAMETERS_ENV: &str = "GIT_CONFIG_PARAMETERS";

/// Checks and splits a name given on the command line or in the environment, as git's
/// `git_config_parse_key`: there must be a dot, not first, and something after the last one;
/// the section (before the first dot) is letters, digits and `-`; the key (after the last dot)
/// starts with a letter, then letters, digits and `-`; the subsection may hold anything but a
/// newline.
fn parse_key(name: &[u8]) -> std::result::Result<Query<'_>, KeyProblem> {
    if !name.rfind_byte(b'.').is_some_and(|last| last > 0) {
        return Err(KeyProblem::NoSection);
    }
    let Query {
        section,
        subsection,
        key,
    } = split_key(name).ok_or(KeyProblem::NoSection)?;
    if key.is_empty() {
        return Err(KeyProblem::NoVariable);
    }
    let key_ok =
        key.first().is_some_and(|c| c.is_ascii_alphabetic()) && key.iter().all(|&c| is_key_char(c));
    if !section.iter().all(|&c| is_key_char(c)) || !key_ok {
        return Err(KeyProblem::Invalid);
    }
    if subsection.is_some_and(|s| s.contains(&b'\n')) {
        return Err(KeyProblem::Newline);
    }
    Ok(Query {
        section,
        subsection,
        key,
    })
}

/// git's boolean rules: `None` (a bare key) is true; `true/yes/on` and `false/no/off` in any
/// case; the empty string is false; an integer (with unit suffix, within `i32`) is true when
/// non-zero. `None` for anything else.
pub fn parse_bool(value: Option<&[u8]>) -> Option<bool> {
    let Some(v) = value else {
        return Some(true);
    };
    if v.is_empty() {
        return Some(false);
    }
    for t in [&b"true"[..], b"yes", b"on"] {
        if v.eq_ignore_ascii_case(t) {
            return Some(true);
        }
    }
    for f in [&b"false"[..], b"no", b"off"] {
        if v.eq_ignore_ascii_case(f) {
            return Some(false);
        }
    }
    parse_int(v, i32::MAX as i64).ok().map(|n| n != 0)
}

/// git's integer rules (`git_parse_signed`): optional leading whitespace and sign, a number in
/// C's base-0 syntax (decimal, `0x` hex, leading-`0` octal), then an optional unit `k`, `m` or
/// `g` (any case; powers of 1024). The result must lie within `-max..=max`.
/// The error says why.
pub fn parse_int(value: &[u8], max: i64) -> std::result::Result<i64, NumberProblem> {
    let (negative, mut i) = crate::number::skip_space_and_sign(value);
    let hex_digit_follows = value.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit());
    let radix: u32 = match (value.get(i), value.get(i + 1)) {
        (Some(b'0'), Some(b'x' | b'X')) if hex_digit_follows => {
            i += 2;
            16
        }
        (Some(b'0'), _) => 8,
        _ => 10,
    };
    let (magnitude, digits) = crate::number::scan_digits(value.get(i..).unwrap_or_default(), radix);
    if digits == 0 {
        return Err(NumberProblem::InvalidUnit);
    }
    i += digits;
    let limit = if negative { 1 << 63 } else { i64::MAX as u64 };
    let magnitude = magnitude
        .filter(|&m| m <= limit)
        .ok_or(NumberProblem::OutOfRange)?;
    let factor: i64 = match value.get(i..).unwrap_or_default() {
        b"" => 1,
        b"k" | b"K" => 1 << 10,
        b"m" | b"M" => 1 << 20,
        b"g" | b"G" => 1 << 30,
        _ => return Err(NumberProblem::InvalidUnit),
    };
    // Within range and not i64::MIN: representable as a positive i64.
    let magnitude = i64::try_from(magnitude).map_err(|_| NumberProblem::OutOfRange)?;
    if magnitude > max / factor {
        return Err(NumberProblem::OutOfRange);
    }
    Ok(if negative {
        -magnitude * factor
    } else {
        magnitude * factor
    })
}

fn env_bool(env: &Environment, name: &str) -> Result<bool, ConfigError> {
    match env.var(name) {
        None => Ok(false),
        Some(v) => parse_bool(Some(v.as_encoded_bytes())).ok_or_else(|| ConfigError {
            location: Location::Memory,
            kind: ConfigErrorKind::NotABool {
                key: name.to_string(),
                value: v.as_encoded_bytes().into(),
            },
        }),
    }
}

fn global_paths(env: &Environment) -> Vec<PathBuf> {
    if let Some(g) = env.var("GIT_CONFIG_GLOBAL") {
        if g == "/dev/null" || g.is_empty() {
            return Vec::new();
        }
        return vec![PathBuf::from(g)];
    }
    let home = env.var("HOME").filter(|h| !h.is_empty());
    let mut paths = Vec::new();
    match env.var("XDG_CONFIG_HOME").filter(|x| !x.is_empty()) {
        Some(xdg) => paths.push(PathBuf::from(xdg).join("git").join("config")),
        None => {
            if let Some(h) = &home {
                paths.push(PathBuf::from(h).join(".config").join("git").join("config"));
            }
        }
    }
    if let Some(h) = home {
        paths.push(PathBuf::from(h).join(".gitconfig"));
    }
    paths
}

#[cfg(test)]
mod tests;
