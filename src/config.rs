//! git's config file syntax: sections, subsections, keys, values; and the layered view
//! (system, global, repository) that git reads.
//!
//! (Interface fixed; the reader is being written.)

use crate::error::Result;
use bstr::{BStr, BString};
use std::path::Path;

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

/// The entries of one or more config files, later entries overriding earlier ones.
#[derive(Debug, Clone, Default)]
pub struct Config {
    entries: Vec<Entry>,
}

impl Config {
    /// A config with no entries.
    pub fn empty() -> Config {
        Config::default()
    }

    /// Parses the bytes of one config file; `path` names the file in errors.
    pub fn parse(_bytes: &[u8], _path: &Path) -> Result<Config> {
        Ok(Config::default())
    }

    /// Reads one config file; a missing file is an empty config.
    pub fn load(_path: &Path) -> Result<Config> {
        Ok(Config::default())
    }

    /// The layered config git uses for the repository at `git_dir`: system (unless
    /// `GIT_CONFIG_NOSYSTEM`), global (`GIT_CONFIG_GLOBAL`, `$XDG_CONFIG_HOME/git/config`,
    /// `~/.gitconfig`), then `git_dir/config`.
    pub fn for_repository(git_dir: &Path) -> Result<Config> {
        Config::load(&git_dir.join("config"))
    }

    /// Appends the entries of `other` (they override this config's).
    pub fn extend(&mut self, other: Config) {
        self.entries.extend(other.entries);
    }

    /// All entries in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The last value of `key` (`"section.key"` or `"section.subsection.key"`; section and key
    /// case-insensitive, subsection case-sensitive). A bare key yields `Some("")`? No: use
    /// [`Config::get_bool`] for booleans; `get` returns `None` for a bare key's value.
    pub fn get(&self, _key: &str) -> Option<&BStr> {
        None
    }

    /// The last value of a boolean key: `true/yes/on/1`, `false/no/off/0/""`, a bare key is true.
    pub fn get_bool(&self, _key: &str) -> Result<Option<bool>> {
        Ok(None)
    }

    /// The last value of an integer key, with git's `k`/`m`/`g` suffixes.
    pub fn get_int(&self, _key: &str) -> Result<Option<i64>> {
        Ok(None)
    }
}
