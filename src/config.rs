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

mod error;

pub use error::{CommandLineError, ConfigError, ConfigErrorKind, KeyProblem, NumberProblem};

use crate::env::Environment;
use crate::error::{Error, Location, Result};
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
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Config> {
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
    pub fn load(path: &Path) -> Result<Config> {
        Config::load_as(path, path)
    }

    /// Reads the config file at `path`, naming it `shown` in errors (git names a repository's
    /// config as it found the repository: `.git/config`, `./config`, `$GIT_DIR/config`).
    pub fn load_as(path: &Path, shown: &Path) -> Result<Config> {
        match crate::file::read(path) {
            Ok(bytes) => Config::parse(&bytes, shown),
            Err(e)
                // ENOTDIR (20 on Linux and the BSDs): a parent is a file, as git's access_or_die.
                if e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(20) =>
            {
                Ok(Config::empty())
            }
            Err(e) => Err(Error::io(path, e)),
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
    pub fn for_repository(git_dir: &Path) -> Result<Config> {
        Config::for_repository_as(git_dir, git_dir)
    }

    /// [`for_repository`](Self::for_repository), naming the repository's own config file
    /// `shown_git_dir/config` in errors.
    pub fn for_repository_as(git_dir: &Path, shown_git_dir: &Path) -> Result<Config> {
        Config::for_repository_with_env(git_dir, shown_git_dir, &Environment::from_process())
    }

    /// [`for_repository_as`](Self::for_repository_as), with the variables of `env` instead of
    /// the process's.
    pub fn for_repository_with_env(
        git_dir: &Path,
        shown_git_dir: &Path,
        env: &Environment,
    ) -> Result<Config> {
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
    pub fn from_env() -> Result<Config> {
        Config::from_environment(&Environment::from_process())
    }

    /// The entries given in `env`, in the order git applies them: first
    /// `GIT_CONFIG_COUNT=<n>` with `GIT_CONFIG_KEY_<i>` and `GIT_CONFIG_VALUE_<i>` for `i` in
    /// `0..n`, then `GIT_CONFIG_PARAMETERS` (what `git -c` sets, see
    /// [`Config::from_parameters`]), so the latter win. Errors are
    /// [`Error::CommandLineConfig`], as git's `git_config_from_parameters`.
    pub fn from_environment(env: &Environment) -> Result<Config> {
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
    pub fn from_parameters(text: &[u8]) -> Result<Config> {
        let text = text.split(|&c| c == 0).next().unwrap_or_default();
        let bogus = || Error::from(CommandLineError::BogusFormat);
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
    fn push_old_style(&mut self, text: &[u8]) -> Result<()> {
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
            return Err(CommandLineError::BogusParameter { text: text.into() }.into());
        }
        self.push_pair(name, value)
    }

    /// One setting from the command line or the environment (git's `config_parse_pair`).
    fn push_pair(&mut self, name: &[u8], value: Option<&[u8]>) -> Result<()> {
        if name.is_empty() {
            return Err(CommandLineError::EmptyKey.into());
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
    pub fn get_bool(&self, key: &str) -> Result<Option<bool>> {
        let Some(i) = self.find_last(key) else {
            return Ok(None);
        };
        let value = self.entries[i].value.as_ref().map(|v| v.as_slice());
        match parse_bool(value) {
            Some(b) => Ok(Some(b)),
            None => Err(Error::from(ConfigError {
                location: self.origins[i].location(),
                kind: ConfigErrorKind::NotABool {
                    key: key.to_string(),
                    value: value.unwrap_or_default().into(),
                },
            })),
        }
    }

    /// The last value of an integer key, with git's `k`/`m`/`g` suffixes (powers of 1024),
    /// decimal, `0x` hex or `0` octal; out-of-range values and bare keys are errors.
    pub fn get_int(&self, key: &str) -> Result<Option<i64>> {
        let Some(i) = self.find_last(key) else {
            return Ok(None);
        };
        let value = self.entries[i]
            .value
            .as_ref()
            .map(|v| v.as_slice())
            .unwrap_or_default();
        parse_int(value, i64::MAX).map(Some).map_err(|problem| {
            Error::from(ConfigError {
                location: self.origins[i].location(),
                kind: ConfigErrorKind::NotANumber {
                    key: key.to_string(),
                    value: value.into(),
                    problem,
                },
            })
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

/// Reads one shell single-quoted word starting at `at` (git's `sq_dequote_step`): `'…'`, where
/// `'\''` and `'\!'` continue the word with a quote or a `!`. Returns the word and the offset
/// just after its closing quote (`None` at the end of `text`), or `None` when no word starts at
/// `at` or it is not closed.
fn sq_dequote_step(text: &[u8], at: usize) -> Option<(Vec<u8>, Option<usize>)> {
    if text.get(at) != Some(&b'\'') {
        return None;
    }
    let mut word = Vec::new();
    let mut i = at + 1;
    loop {
        let c = *text.get(i)?;
        i += 1;
        if c != b'\'' {
            word.push(c);
            continue;
        }
        match (text.get(i), text.get(i + 1), text.get(i + 2)) {
            (None, _, _) => return Some((word, None)),
            (Some(b'\\'), Some(&c @ (b'\'' | b'!')), Some(b'\'')) => {
                word.push(c);
                i += 3;
            }
            (Some(_), _, _) => return Some((word, Some(i))),
        }
    }
}

/// Appends `word` single-quoted for a shell, as git's `sq_quote_buf`: `'` and `!` are written
/// outside the quotes, backslashed.
fn sq_quote(out: &mut Vec<u8>, word: &[u8]) {
    out.push(b'\'');
    for &c in word {
        match c {
            b'\'' | b'!' => out.extend_from_slice(&[b'\'', b'\\', c, b'\'']),
            c => out.push(c),
        }
    }
    out.push(b'\'');
}

/// The value of `GIT_CONFIG_PARAMETERS` after git's `-c <setting>` (`git_config_push_parameter`):
/// the `old` value, a space, and `'name'='value'`; `'name'=` for a setting with no `=` (true).
/// The name is not checked here: git checks it when the config is read.
pub fn push_parameter(old: Option<&[u8]>, setting: &[u8]) -> Vec<u8> {
    match setting.find_byte(b'=') {
        Some(eq) => push_split_parameter(
            old,
            setting.get(..eq).unwrap_or_default(),
            Some(setting.get(eq + 1..).unwrap_or_default()),
        ),
        None => push_split_parameter(old, setting, None),
    }
}

/// The value of `GIT_CONFIG_PARAMETERS` after git's `--config-env=<name>=<envvar>`
/// (`git_config_push_env`): `name` is everything before the last `=`, and its value is the
/// variable's, which `lookup` gives (empty is a value; unset is an error). The errors are
/// git's fatal ones.
pub fn push_config_env(
    old: Option<&[u8]>,
    spec: &[u8],
    lookup: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<u8>> {
    let Some(eq) = spec.rfind_byte(b'=') else {
        return Err(CommandLineError::ConfigEnvFormat { spec: spec.into() }.into());
    };
    let name = spec.get(..eq).unwrap_or_default();
    let var = spec.get(eq + 1..).unwrap_or_default();
    if var.is_empty() {
        return Err(CommandLineError::ConfigEnvNoVariable { name: name.into() }.into());
    }
    let value = lookup(var).ok_or_else(|| CommandLineError::ConfigEnvUnset {
        var: var.into(),
        name: name.into(),
    })?;
    Ok(push_split_parameter(old, name, Some(&value)))
}

fn push_split_parameter(old: Option<&[u8]>, name: &[u8], value: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(old) = old.filter(|o| !o.is_empty()) {
        out.extend_from_slice(old);
        out.push(b' ');
    }
    sq_quote(&mut out, name);
    out.push(b'=');
    if let Some(value) = value {
        sq_quote(&mut out, value);
    }
    out
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

fn env_bool(env: &Environment, name: &str) -> Result<bool> {
    match env.var(name) {
        None => Ok(false),
        Some(v) => parse_bool(Some(v.as_encoded_bytes())).ok_or_else(|| {
            Error::from(ConfigError {
                location: Location::Memory,
                kind: ConfigErrorKind::NotABool {
                    key: name.to_string(),
                    value: v.as_encoded_bytes().into(),
                },
            })
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

/// git's `isspace`: space, tab, newline, carriage return (not `\v`, `\f`).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// A byte reader with git's `get_next_char` semantics: `\r\n` reads as `\n`, end of input
/// reads as `\n` (and sets `eof`), and `line` counts the newlines consumed (starting at 1).
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    eof: bool,
}

impl Reader<'_> {
    fn next(&mut self) -> u8 {
        let c = match self.bytes.get(self.pos) {
            None => {
                self.eof = true;
                self.line += 1;
                return b'\n';
            }
            Some(&c) => c,
        };
        self.pos += 1;
        let c = if c == b'\r' && self.bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
            b'\n'
        } else {
            c
        };
        if c == b'\n' {
            self.line += 1;
        }
        c
    }
}

/// A parse failure: the line git would report and what was wrong.
type Failure = (usize, &'static str);

/// The reader proper: calls `emit(entry, line)` for every entry in order.
fn parse_entries(bytes: &[u8], emit: &mut dyn FnMut(Entry, usize)) -> Result<(), Failure> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let mut r = Reader {
        bytes,
        pos: 0,
        line: 1,
        eof: false,
    };
    let mut bom_at = Some(0usize);
    let mut comment = false;
    // The current section ("" before any header) and subsection.
    let mut section: BString = BString::default();
    let mut subsection: Option<BString> = None;
    let mut value = Vec::new();
    loop {
        let c = r.next();
        if let Some(at) = bom_at {
            match BOM.get(at) {
                Some(&b) if b == c => {
                    bom_at = Some(at + 1);
                    continue;
                }
                Some(_) if at > 0 => return Err((r.line, "incomplete byte order mark")),
                _ => bom_at = None,
            }
        }
        if c == b'\n' {
            if r.eof {
                return Ok(());
            }
            comment = false;
            continue;
        }
        if comment || is_space(c) {
            continue;
        }
        if c == b'#' || c == b';' {
            comment = true;
            continue;
        }
        if c == b'[' {
            let mut name = Vec::new();
            read_section_header(&mut r, &mut name)?;
            if name.is_empty() {
                return Err((r.line, "empty section name"));
            }
            match name.find_byte(b'.') {
                Some(dot) => {
                    section = name.get(..dot).unwrap_or_default().into();
                    subsection = Some(name.get(dot + 1..).unwrap_or_default().into());
                }
                None => {
                    section = name.into();
                    subsection = None;
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            return Err((r.line, "a key must start with a letter"));
        }
        let mut key = vec![c.to_ascii_lowercase()];
        let mut c = r.next();
        while !r.eof && is_key_char(c) {
            key.push(c.to_ascii_lowercase());
            c = r.next();
        }
        while c == b' ' || c == b'\t' {
            c = r.next();
        }
        let mut has_value = false;
        if c != b'\n' {
            if c != b'=' {
                return Err((r.line, "invalid character in key, or '=' missing"));
            }
            parse_value(&mut r, &mut value)?;
            has_value = true;
        }
        emit(
            Entry {
                section: section.clone(),
                subsection: subsection.clone(),
                key: key.into(),
                value: has_value.then(|| BString::from(value.as_slice())),
            },
            // The newline ending the entry has been consumed already.
            r.line.saturating_sub(1),
        );
    }
}

/// After `[`: reads up to and including `]` (git's `get_base_var` and `get_extended_base_var`).
/// Writes the lower-cased section name, and for `[section "sub"]` a `.` and the subsection.
fn read_section_header(r: &mut Reader<'_>, name: &mut Vec<u8>) -> Result<(), Failure> {
    let mut c;
    loop {
        c = r.next();
        if r.eof {
            return Err((r.line, "unterminated section header"));
        }
        if c == b']' {
            return Ok(());
        }
        if is_space(c) {
            break;
        }
        if !is_key_char(c) && c != b'.' {
            return Err((r.line, "invalid character in section name"));
        }
        name.push(c.to_ascii_lowercase());
    }
    let incomplete = |r: &Reader<'_>| (r.line.saturating_sub(1), "incomplete section header");
    loop {
        if c == b'\n' {
            return Err(incomplete(r));
        }
        c = r.next();
        if !is_space(c) {
            break;
        }
    }
    if c != b'"' {
        return Err((r.line, "expected '\"' before the subsection name"));
    }
    name.push(b'.');
    loop {
        let mut c = r.next();
        if c == b'\n' {
            return Err(incomplete(r));
        }
        if c == b'"' {
            break;
        }
        if c == b'\\' {
            c = r.next();
            if c == b'\n' {
                return Err(incomplete(r));
            }
        }
        name.push(c);
    }
    if r.next() != b']' {
        return Err((r.line, "expected ']' after the subsection name"));
    }
    Ok(())
}

/// After `=`: reads the value up to the end of its (last continued) line (git's `parse_value`).
fn parse_value(r: &mut Reader<'_>, value: &mut Vec<u8>) -> Result<(), Failure> {
    value.clear();
    let mut quote = false;
    let mut comment = false;
    let mut trim_len = 0;
    loop {
        let mut c = r.next();
        if c == b'\n' {
            if quote {
                return Err((r.line.saturating_sub(1), "unterminated quoted value"));
            }
            if trim_len > 0 {
                value.truncate(trim_len);
            }
            return Ok(());
        }
        if comment {
            continue;
        }
        if is_space(c) && !quote {
            if trim_len == 0 {
                trim_len = value.len();
            }
            if !value.is_empty() {
                value.push(c);
            }
            continue;
        }
        if !quote && (c == b';' || c == b'#') {
            comment = true;
            continue;
        }
        trim_len = 0;
        if c == b'\\' {
            c = match r.next() {
                b'\n' => continue,
                b't' => b'\t',
                b'b' => 0x08,
                b'n' => b'\n',
                c @ (b'\\' | b'"') => c,
                _ => return Err((r.line, "unknown escape sequence in value")),
            };
            value.push(c);
            continue;
        }
        if c == b'"' {
            quote = !quote;
            continue;
        }
        value.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Config {
        Config::parse(text.as_bytes(), Path::new("test")).unwrap()
    }

    fn fails_at(text: &[u8]) -> usize {
        match Config::parse(text, Path::new("test")) {
            Err(Error::Config(ConfigError {
                location: Location::Line { line, .. },
                kind: ConfigErrorKind::Syntax,
            })) => line,
            other => panic!(
                "expected a config error for {:?}, got {other:?}",
                text.as_bstr()
            ),
        }
    }

    #[test]
    fn section_and_key_are_case_insensitive() {
        let c = parse("[Core]\n\tBare = false\n");
        assert_eq!(c.get("core.bare").unwrap(), "false");
        assert_eq!(c.get("CORE.BARE").unwrap(), "false");
        assert_eq!(c.entries()[0].section, "core");
        assert_eq!(c.entries()[0].key, "bare");
    }

    #[test]
    fn quoted_subsection_is_case_sensitive_and_unescaped() {
        let c = parse("[remote \"Or\\\"ig\\\\in\\x\"]\nurl = u\n");
        assert_eq!(c.get("remote.Or\"ig\\inx.url").unwrap(), "u");
        assert_eq!(c.get("remote.or\"ig\\inx.url"), None);
        assert_eq!(c.entries()[0].subsection.as_ref().unwrap(), "Or\"ig\\inx");
    }

    #[test]
    fn legacy_subsection_is_lower_cased() {
        let c = parse("[Branch.Main]\nremote = o\n");
        assert_eq!(c.get("branch.main.remote").unwrap(), "o");
        assert_eq!(c.get("branch.Main.remote"), None);
    }

    #[test]
    fn subsection_with_dots_splits_at_first_and_last_dot() {
        let c = parse("[url \"https://a.b/\"]\ninsteadOf = x\n[a.b \"c.d\"]\nk = v\n");
        assert_eq!(c.get("url.https://a.b/.insteadof").unwrap(), "x");
        assert_eq!(c.get("a.b.c.d.k").unwrap(), "v");
    }

    #[test]
    fn values_are_trimmed_but_keep_inner_whitespace() {
        let c = parse("[s]\nk =   a  b\t c   \n");
        assert_eq!(c.get("s.k").unwrap(), "a  b\t c");
    }

    #[test]
    fn quotes_keep_whitespace_and_comment_characters() {
        let c = parse("[s]\nk = \"  a # b ; c  \" d\"e\"  \n");
        assert_eq!(c.get("s.k").unwrap(), "  a # b ; c   de");
    }

    #[test]
    fn escapes_are_decoded() {
        let c = parse("[s]\nk = a\\tb\\nc\\bd\\\"e\\\\f\n");
        assert_eq!(c.get("s.k").unwrap(), "a\tb\nc\x08d\"e\\f");
    }

    #[test]
    fn trailing_backslash_continues_the_line() {
        let c = parse("[s]\nk = one \\\n  two\nnext = 3\n");
        assert_eq!(c.get("s.k").unwrap(), "one   two");
        assert_eq!(c.get("s.next").unwrap(), "3");
    }

    #[test]
    fn comments_outside_quotes_end_the_value() {
        let c = parse("# top\n; top\n[s] # after header\nk = v # c\nj = w;c\n");
        assert_eq!(c.get("s.k").unwrap(), "v");
        assert_eq!(c.get("s.j").unwrap(), "w");
    }

    #[test]
    fn bare_key_is_true_and_has_no_value() {
        let c = parse("[s]\nflag\nempty =\n");
        assert_eq!(c.get("s.flag"), None);
        assert_eq!(c.get_raw("s.flag"), Some(None));
        assert_eq!(c.get_bool("s.flag").unwrap(), Some(true));
        assert_eq!(c.get_bool("s.empty").unwrap(), Some(false));
        assert_eq!(c.get_raw("s.missing"), None);
    }

    #[test]
    fn later_entries_win_and_get_all_keeps_order() {
        let mut c = parse("[s]\nk = 1\nk = 2\n");
        c.extend(parse("[S]\nK = 3\n"));
        assert_eq!(c.get("s.k").unwrap(), "3");
        let all: Vec<_> = c.get_all("s.k").into_iter().flatten().collect();
        assert_eq!(all, ["1", "2", "3"]);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let c = Config::parse(b"\xef\xbb\xbf[s]\r\nk = v\r\n", Path::new("t")).unwrap();
        assert_eq!(c.get("s.k").unwrap(), "v");
        assert_eq!(fails_at(b"\xef\xbb[s]\n"), 1);
    }

    #[test]
    fn booleans_follow_git() {
        for (v, b) in [
            ("true", true),
            ("YES", true),
            ("On", true),
            ("1", true),
            ("2", true),
            ("1k", true),
            ("false", false),
            ("no", false),
            ("OFF", false),
            ("0", false),
            ("", false),
        ] {
            assert_eq!(parse_bool(Some(v.as_bytes())), Some(b), "{v}");
        }
        assert_eq!(parse_bool(None), Some(true));
        assert_eq!(parse_bool(Some(b"maybe")), None);
        assert_eq!(parse_bool(Some(b"99999999999")), None);
    }

    #[test]
    fn integers_follow_git() {
        let max = i64::MAX;
        assert_eq!(parse_int(b"42", max), Ok(42));
        assert_eq!(parse_int(b"-3k", max), Ok(-3072));
        assert_eq!(parse_int(b"2M", max), Ok(2 << 20));
        assert_eq!(parse_int(b"1g", max), Ok(1 << 30));
        assert_eq!(parse_int(b"0x10", max), Ok(16));
        assert_eq!(parse_int(b"010", max), Ok(8));
        assert_eq!(parse_int(b" +7", max), Ok(7));
        let (unit, range) = (NumberProblem::InvalidUnit, NumberProblem::OutOfRange);
        assert_eq!(parse_int(b"1x", max), Err(unit));
        assert_eq!(parse_int(b"", max), Err(unit));
        assert_eq!(parse_int(b"k", max), Err(unit));
        assert_eq!(parse_int(b"9223372036854775807", max), Ok(max));
        assert_eq!(parse_int(b"9223372036854775808", max), Err(range));
        assert_eq!(parse_int(b"-9223372036854775808", max), Err(range));
        assert_eq!(parse_int(b"9007199254740992k", max), Err(range));
        assert_eq!(parse_int(b"99999999999999999999999", max), Err(range));
    }

    #[test]
    fn get_int_errors_name_the_key_value_and_line() {
        let c = parse("[s]\n\nn = 12q\nbare\n");
        let Error::Config(e) = c.get_int("s.n").unwrap_err() else {
            panic!("not a config error")
        };
        assert_eq!(
            e,
            ConfigError {
                location: Location::Line {
                    path: "test".into(),
                    line: 3
                },
                kind: ConfigErrorKind::NotANumber {
                    key: "s.n".into(),
                    value: "12q".into(),
                    problem: NumberProblem::InvalidUnit
                }
            }
        );
        assert!(c.get_int("s.bare").is_err());
        assert!(c.get_bool("s.n").is_err());
    }

    #[test]
    fn bad_lines_are_reported_as_git_does() {
        assert_eq!(fails_at(b"[s]\nbare # c\n"), 2);
        assert_eq!(fails_at(b"[s]\nk = \"abc\n"), 2);
        assert_eq!(fails_at(b"[s\n"), 1);
        assert_eq!(fails_at(b"[s]\nk=v\\q\n"), 2);
        assert_eq!(fails_at(b"[s]\n1k = v\n"), 2);
        assert_eq!(fails_at(b"[s \"x]\n"), 1);
        assert_eq!(fails_at(b"[s x]\n"), 1);
        assert_eq!(fails_at(b"[]\n"), 1);
        assert_eq!(fails_at(b"[s_]\n"), 1);
        assert_eq!(fails_at(b"\n\n["), 4);
    }

    #[test]
    fn key_before_any_section_is_kept_without_section() {
        let c = parse("a = 1\n[s]\nk = v\n");
        assert_eq!(c.entries()[0].section, "");
        assert_eq!(c.entries()[0].key, "a");
        assert_eq!(c.get("a"), None);
    }

    fn params(text: &str) -> Vec<(String, Option<String>)> {
        let c = Config::from_parameters(text.as_bytes()).unwrap();
        c.entries()
            .iter()
            .map(|e| {
                let name = match &e.subsection {
                    Some(sub) => format!("{}.{sub}.{}", e.section, e.key),
                    None => format!("{}.{}", e.section, e.key),
                };
                (name, e.value.as_ref().map(|v| v.to_string()))
            })
            .collect()
    }

    fn params_error(text: &[u8]) -> CommandLineError {
        match Config::from_parameters(text) {
            Err(Error::CommandLineConfig(e)) => e,
            other => panic!("expected an error for {:?}, got {other:?}", text.as_bstr()),
        }
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn parameters_new_style_quoted_name_and_value() {
        assert_eq!(
            params("'Core.Abbrev'='12' 'a.Sub.K'='' 'b.c'="),
            [
                ("core.abbrev".into(), s("12")),
                ("a.Sub.k".into(), s("")),
                ("b.c".into(), None),
            ]
        );
    }

    #[test]
    fn parameters_old_style_splits_at_the_first_equals_and_trims_the_name() {
        assert_eq!(
            params("'a.b=1=2' 'c.d' 'e.f=' ' g.h \t=x '"),
            [
                ("a.b".into(), s("1=2")),
                ("c.d".into(), None),
                ("e.f".into(), s("")),
                ("g.h".into(), s("x ")),
            ]
        );
    }

    #[test]
    fn parameters_backslashed_quote_and_bang_continue_the_word() {
        assert_eq!(
            params("'a.b'='it'\\''s '\\!'' 'c.d=x'\\''y'"),
            [("a.b".into(), s("it's !")), ("c.d".into(), s("x'y"))]
        );
    }

    #[test]
    fn parameters_are_separated_by_any_whitespace_run() {
        assert_eq!(
            params("'a.b=1' \t\n'a.b'='2'\r "),
            [("a.b".into(), s("1")), ("a.b".into(), s("2"))]
        );
        assert_eq!(params(""), []);
    }

    #[test]
    fn parameters_in_bogus_format_are_refused_as_git_does() {
        for text in [
            " 'a.b=1'",
            "\t",
            "a.b=1",
            "'a.b=1''c.d=2'",
            "'a.b'='1''x'",
            "'a.b'=1",
            "'a.b'='1'x",
            "'a.b'x",
            "'a.b",
            "'a.b'='1",
            "'a.'\\x'b=1'",
            "'",
        ] {
            assert_eq!(
                params_error(text.as_bytes()),
                CommandLineError::BogusFormat,
                "{text}"
            );
        }
    }

    #[test]
    fn parameter_names_are_checked_as_git_checks_them() {
        let key = |name: &str, problem| CommandLineError::BadKey {
            name: name.into(),
            problem,
        };
        let bogus = |text: &str| CommandLineError::BogusParameter { text: text.into() };
        for (text, why) in [
            ("'foo'='1'", key("foo", KeyProblem::NoSection)),
            ("'.foo'='1'", key(".foo", KeyProblem::NoSection)),
            ("'foo.'='1'", key("foo.", KeyProblem::NoVariable)),
            ("'a.1b'='1'", key("a.1b", KeyProblem::Invalid)),
            ("'a_b.c'='1'", key("a_b.c", KeyProblem::Invalid)),
            ("'a.b_c=1'", key("a.b_c", KeyProblem::Invalid)),
            ("' a.b '='1'", key(" a.b ", KeyProblem::Invalid)),
            ("'a.x\ny.b'='1'", key("a.x\ny.b", KeyProblem::Newline)),
            ("''='1'", CommandLineError::EmptyKey),
            ("'=1'", bogus("=1")),
            ("'  =1'", bogus("  =1")),
            ("''", bogus("")),
        ] {
            assert_eq!(params_error(text.as_bytes()), why, "{text}");
        }
        // what git accepts: a section of digits, an empty section before a subsection
        assert_eq!(params("'1a.b'='1'")[0].0, "1a.b");
        assert_eq!(params("'.a.b'='1'")[0].0, ".a.b");
        assert_eq!(params("'a.b c.d'='1'")[0].0, "a.b c.d");
    }

    #[test]
    fn parameters_stop_at_a_nul_as_git_reads_a_c_string() {
        assert_eq!(
            Config::from_parameters(b"'a.b'='1'\0garbage")
                .unwrap()
                .entries()
                .len(),
            1
        );
    }

    #[test]
    fn push_parameter_quotes_as_git_does() {
        assert_eq!(push_parameter(None, b"a.b=x y"), b"'a.b'='x y'");
        assert_eq!(push_parameter(Some(b""), b"a.b"), b"'a.b'=");
        assert_eq!(
            push_parameter(Some(b"'x.y=1'"), b"c.d="),
            b"'x.y=1' 'c.d'=''"
        );
        assert_eq!(
            push_parameter(None, b"e.f=x 'q' !z=w"),
            &b"'e.f'='x '\\''q'\\'' '\\!'z=w'"[..]
        );
    }

    #[test]
    fn pushed_parameters_read_back() {
        let mut env = Vec::new();
        for setting in [&b"a.b=x 'y' !z"[..], b"a.c", b"a.d=", b"weird.sub'!.k=\\"] {
            env = push_parameter(Some(&env), setting);
        }
        assert_eq!(
            params(env.to_str().unwrap()),
            [
                ("a.b".into(), s("x 'y' !z")),
                ("a.c".into(), None),
                ("a.d".into(), s("")),
                ("weird.sub'!.k".into(), s("\\")),
            ]
        );
    }

    #[test]
    fn push_config_env_takes_the_name_before_the_last_equals() {
        let lookup = |v: &[u8]| (v == b"X").then(|| b"val".to_vec());
        assert_eq!(
            push_config_env(None, b"a.b=c=X", lookup).unwrap(),
            b"'a.b=c'='val'"
        );
        let err = |spec: &[u8]| match push_config_env(None, spec, lookup) {
            Err(Error::CommandLineConfig(e)) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(b"foo"),
            CommandLineError::ConfigEnvFormat { spec: "foo".into() }
        );
        assert_eq!(
            err(b"a.b="),
            CommandLineError::ConfigEnvNoVariable { name: "a.b".into() }
        );
        assert_eq!(
            err(b"a.b=NOPE"),
            CommandLineError::ConfigEnvUnset {
                var: "NOPE".into(),
                name: "a.b".into()
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn parameters_never_panic_on_hostile_input(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    &b"'"[..], b"\\", b"=", b" ", b"\t", b"\n", b"!", b".", b"a", b"1", b"_",
                    b"\0", b"\xff", b"'\\''", b"'\\!'",
                ]),
                0..24,
            )
        ) {
            let text: Vec<u8> = parts.concat();
            let _ = Config::from_parameters(&text);
        }

        #[test]
        fn any_setting_pushed_reads_back_or_fails_on_its_name(
            name in proptest::collection::vec(proptest::num::u8::ANY, 0..12),
            value in proptest::option::of(proptest::collection::vec(1u8..=255, 0..12)),
        ) {
            let name: Vec<u8> = name.into_iter().filter(|&c| c != 0 && c != b'=').collect();
            let value_ref = value.as_deref();
            let env = push_split_parameter(None, &name, value_ref);
            match Config::from_parameters(&env) {
                Ok(c) => {
                    proptest::prop_assert_eq!(c.entries().len(), 1);
                    proptest::prop_assert_eq!(
                        c.entries()[0].value.as_ref().map(|v| v.as_slice()),
                        value_ref
                    );
                }
                Err(e) => proptest::prop_assert!(
                    matches!(
                        &e,
                        Error::CommandLineConfig(c) if !matches!(
                            c,
                            CommandLineError::BogusFormat | CommandLineError::BogusParameter { .. }
                        )
                    ),
                    "{e}"
                ),
            }
        }
    }
}
