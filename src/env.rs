//! The process environment, read in one place: [`Environment`] holds the variables gitstore
//! reads (`GIT_DIR`, `GIT_CONFIG_*`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`, the identity
//! variables…) as a value a program builds, replaces or takes from its own process.
//!
//! [`Environment::from_process`] is the only place in the crate that reads the process
//! environment. A [`Repository`](crate::Repository) opened with an [`Environment`]
//! ([`Repository::open_with_env`](crate::Repository::open_with_env),
//! [`Repository::discover_with_env`](crate::Repository::discover_with_env)) keeps it, and its
//! config, object database, refs and reflog identity read their variables from it, never from
//! the process: a tool can open a repository unaffected by the `GIT_DIR` or
//! `GIT_CONFIG_PARAMETERS` it happens to run under. The functions without an environment
//! argument (`Repository::open`, `Config::for_repository`, `identity::committer`…) use
//! [`Environment::from_process`].
//!
//! The variables gitstore reads, as git 2.47 reads them:
//!
//! | variable | read by |
//! |---|---|
//! | `GIT_DIR`, `GIT_WORK_TREE` | discovery: the repository and its work tree |
//! | `GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES` | the object database |
//! | `GIT_CONFIG_NOSYSTEM`, `GIT_CONFIG_SYSTEM`, `GIT_CONFIG_GLOBAL`, `HOME`, `XDG_CONFIG_HOME` | which config files are read |
//! | `GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`, `GIT_CONFIG_PARAMETERS` | config entries given in the environment (`git -c`) |
//! | `GIT_AUTHOR_{NAME,EMAIL,DATE}`, `GIT_COMMITTER_{NAME,EMAIL,DATE}`, `EMAIL`, `USER`, `LOGNAME`, `TZ` | identity and dates |
//! | `GIT_ADVICE` | whether advice is shown |
//! | `TZ` | the local time zone ([`TimeZone::from_tz_variable`](crate::date::TimeZone::from_tz_variable)) |
//! | `GIT_TEST_DATE_NOW` | "now" for relative dates (`--since=2.weeks.ago`, `--date=relative`) |
//! | `GIT_DEFAULT_HASH`, `GIT_DEFAULT_REF_FORMAT` | the formats `init` gives a new repository |
//! | `GIT_TEMPLATE_DIR` | the template directory `init` copies |
//!
//! Values are kept as the operating system gives them ([`OsString`]): git does not promise
//! UTF-8, and neither does a path.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A set of environment variables, as gitstore reads them.
///
/// Cheap to clone (the variables are shared until one copy changes) and `Send + Sync`. An
/// unset variable and one set to the empty string are different, as they are to git.
///
/// [`Environment::isolated`] (also [`Default`]) is empty, as if git were run under `env -i`:
/// no `GIT_DIR`, no `HOME` (so no global config), no identity variables. The system config
/// (`/etc/gitconfig`) is still read unless [`without_system_config`](Self::without_system_config)
/// says otherwise, as git reads it.
///
/// ```
/// use gitstore::env::Environment;
/// use gitstore::{repo::InitOptions, Repository};
///
/// let dir = tempfile::tempdir()?;
/// Repository::init(dir.path(), &InitOptions::default())?;
///
/// // Whatever GIT_DIR or GIT_CONFIG_PARAMETERS this program runs under, they are not read.
/// let env = Environment::isolated()
///     .without_system_config()
///     .with_config("user.name", "A U Thor")
///     .with_committer("C O Mitter", "committer@example.com")
///     .with_committer_date("1700000000 +0000");
/// let repo = Repository::discover_with_env(dir.path(), &env)?;
/// assert_eq!(repo.config().get("user.name").unwrap(), "A U Thor");
///
/// let who = gitstore::identity::committer_with_env(repo.config(), repo.env())?;
/// assert_eq!(who.name, "C O Mitter");
/// assert_eq!(who.time, 1700000000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: Arc<BTreeMap<OsString, OsString>>,
}

impl Environment {
    /// A snapshot of this process's environment: every variable, so that what a caller looks
    /// up by a name it was given (`git --config-env=<name>=<envvar>`) is there too. The only
    /// function in gitstore that reads the process environment.
    pub fn from_process() -> Environment {
        Environment {
            vars: Arc::new(std::env::vars_os().collect()),
        }
    }

    /// No variables at all (the same as [`Environment::default`]).
    pub fn isolated() -> Environment {
        Environment::default()
    }

    /// The value of variable `name`, if set.
    pub fn var(&self, name: impl AsRef<OsStr>) -> Option<&OsStr> {
        self.vars.get(name.as_ref()).map(OsString::as_os_str)
    }

    /// The value of variable `name` as bytes, if set.
    pub fn var_bytes(&self, name: impl AsRef<OsStr>) -> Option<&[u8]> {
        self.var(name).map(OsStr::as_encoded_bytes)
    }

    /// Every variable, in name order.
    pub fn vars(&self) -> impl Iterator<Item = (&OsStr, &OsStr)> {
        self.vars
            .iter()
            .map(|(k, v)| (k.as_os_str(), v.as_os_str()))
    }

    /// Sets variable `name` to `value`.
    pub fn set_var(&mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> &mut Self {
        Arc::make_mut(&mut self.vars).insert(name.into(), value.into());
        self
    }

    /// Unsets variable `name`.
    pub fn remove_var(&mut self, name: impl AsRef<OsStr>) -> &mut Self {
        if self.vars.contains_key(name.as_ref()) {
            Arc::make_mut(&mut self.vars).remove(name.as_ref());
        }
        self
    }

    /// This environment with variable `name` set to `value`.
    pub fn with_var(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.set_var(name, value);
        self
    }

    /// This environment without variable `name`.
    pub fn without_var(mut self, name: impl AsRef<OsStr>) -> Self {
        self.remove_var(name);
        self
    }

    /// `GIT_DIR`: the repository's git directory, relative to where discovery starts.
    pub fn git_dir(&self) -> Option<&Path> {
        self.var("GIT_DIR").map(Path::new)
    }

    /// With `GIT_DIR` set to `path`.
    pub fn with_git_dir(self, path: impl Into<PathBuf>) -> Self {
        self.with_var("GIT_DIR", path.into())
    }

    /// `GIT_WORK_TREE`: the work tree of a repository named by `GIT_DIR`.
    pub fn work_tree(&self) -> Option<&Path> {
        self.var("GIT_WORK_TREE").map(Path::new)
    }

    /// `GIT_DEFAULT_HASH`: the object format `init` gives a new repository, as named.
    pub fn default_hash(&self) -> Option<&OsStr> {
        self.var("GIT_DEFAULT_HASH")
    }

    /// `GIT_DEFAULT_REF_FORMAT`: the ref storage `init` gives a new repository, as named.
    pub fn default_ref_format(&self) -> Option<&OsStr> {
        self.var("GIT_DEFAULT_REF_FORMAT")
    }

    /// `GIT_TEMPLATE_DIR`: the template directory `init` copies.
    pub fn template_dir(&self) -> Option<&Path> {
        self.var("GIT_TEMPLATE_DIR").map(Path::new)
    }

    /// With `GIT_WORK_TREE` set to `path`.
    pub fn with_work_tree(self, path: impl Into<PathBuf>) -> Self {
        self.with_var("GIT_WORK_TREE", path.into())
    }

    /// `GIT_OBJECT_DIRECTORY`: the object directory used instead of `<git dir>/objects`.
    pub fn object_directory(&self) -> Option<&Path> {
        self.var("GIT_OBJECT_DIRECTORY").map(Path::new)
    }

    /// With `GIT_OBJECT_DIRECTORY` set to `path`.
    pub fn with_object_directory(self, path: impl Into<PathBuf>) -> Self {
        self.with_var("GIT_OBJECT_DIRECTORY", path.into())
    }

    /// The directories `GIT_ALTERNATE_OBJECT_DIRECTORIES` lists, separated by `:`, empty
    /// entries skipped.
    pub fn alternate_object_directories(&self) -> Vec<PathBuf> {
        self.var("GIT_ALTERNATE_OBJECT_DIRECTORIES")
            .map(|list| split_path_list(list.as_encoded_bytes()))
            .unwrap_or_default()
    }

    /// With `GIT_ALTERNATE_OBJECT_DIRECTORIES` listing `dirs`. A path containing `:` cannot be
    /// listed; it is split as git would split it.
    pub fn with_alternate_object_directories<P: AsRef<Path>>(
        self,
        dirs: impl IntoIterator<Item = P>,
    ) -> Self {
        let mut list = OsString::new();
        for (i, dir) in dirs.into_iter().enumerate() {
            if i > 0 {
                list.push(":");
            }
            list.push(dir.as_ref());
        }
        self.with_var("GIT_ALTERNATE_OBJECT_DIRECTORIES", list)
    }

    /// With `GIT_AUTHOR_NAME` and `GIT_AUTHOR_EMAIL` set.
    pub fn with_author(self, name: impl Into<OsString>, email: impl Into<OsString>) -> Self {
        self.with_var("GIT_AUTHOR_NAME", name)
            .with_var("GIT_AUTHOR_EMAIL", email)
    }

    /// With `GIT_AUTHOR_DATE` set (any format git accepts, `1700000000 +0000` for one).
    pub fn with_author_date(self, date: impl Into<OsString>) -> Self {
        self.with_var("GIT_AUTHOR_DATE", date)
    }

    /// With `GIT_COMMITTER_NAME` and `GIT_COMMITTER_EMAIL` set.
    pub fn with_committer(self, name: impl Into<OsString>, email: impl Into<OsString>) -> Self {
        self.with_var("GIT_COMMITTER_NAME", name)
            .with_var("GIT_COMMITTER_EMAIL", email)
    }

    /// With `GIT_COMMITTER_DATE` set.
    pub fn with_committer_date(self, date: impl Into<OsString>) -> Self {
        self.with_var("GIT_COMMITTER_DATE", date)
    }

    /// With `HOME` set: where the global config `~/.gitconfig` is looked for.
    pub fn with_home(self, path: impl Into<PathBuf>) -> Self {
        self.with_var("HOME", path.into())
    }

    /// With `GIT_CONFIG_GLOBAL` set: the one global config file (`/dev/null` for none).
    pub fn with_global_config(self, path: impl Into<PathBuf>) -> Self {
        self.with_var("GIT_CONFIG_GLOBAL", path.into())
    }

    /// With `GIT_CONFIG_NOSYSTEM` set: the system config (`/etc/gitconfig`) is not read.
    pub fn without_system_config(self) -> Self {
        self.with_var("GIT_CONFIG_NOSYSTEM", "1")
    }

    /// With one more config entry given in the environment, as git's
    /// `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>`: it overrides every
    /// config file. A `GIT_CONFIG_COUNT` that is not a number counts as 0.
    pub fn with_config(self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        let n = self.config_count();
        self.with_var(format!("GIT_CONFIG_KEY_{n}"), key)
            .with_var(format!("GIT_CONFIG_VALUE_{n}"), value)
            .with_var("GIT_CONFIG_COUNT", (n + 1).to_string())
    }

    /// `TZ`: the local time zone, as glibc reads it (unset: `/etc/localtime`).
    pub fn tz(&self) -> Option<&[u8]> {
        self.var_bytes("TZ")
    }

    /// `GIT_TEST_DATE_NOW`: the time git's relative dates count from instead of the clock, read
    /// as glibc's `atoi` reads it (leading blanks and a sign, then digits; an `int`).
    pub fn test_date_now(&self) -> Option<i64> {
        let v = self.var_bytes("GIT_TEST_DATE_NOW")?;
        let v = v.trim_ascii_start();
        let (negative, digits) = match v.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, v),
        };
        let n = digits
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .fold(0i64, |n, d| {
                n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
            });
        let n = if negative { -n } else { n };
        Some(i64::from(n as i32))
    }

    fn config_count(&self) -> usize {
        self.var("GIT_CONFIG_COUNT")
            .and_then(OsStr::to_str)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }
}

/// Only the names: values may be secrets (tokens in the environment of a CI job).
impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Environment")
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A `:`-separated list of paths, empty entries skipped (as git splits `PATH_SEP` lists).
fn split_path_list(list: &[u8]) -> Vec<PathBuf> {
    list.split(|&b| b == b':')
        .filter(|p| !p.is_empty())
        .map(|p| {
            use std::os::unix::ffi::OsStrExt;
            PathBuf::from(OsStr::from_bytes(p))
        })
        .collect()
}

/// The variables that describe one repository (git's `local_repo_env`): a command that moves
/// to another repository must clear them.
pub const LOCAL_REPO_ENV: &[&str] = &[
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolated_environment_has_no_variables() {
        let env = Environment::isolated();
        assert_eq!(env.vars().count(), 0);
        assert_eq!(env, Environment::default());
        assert_eq!(env.git_dir(), None);
        assert!(env.alternate_object_directories().is_empty());
    }

    #[test]
    fn from_process_sees_what_the_process_has() {
        let env = Environment::from_process();
        assert_eq!(
            env.var("PATH").map(OsStr::to_os_string),
            std::env::var_os("PATH")
        );
    }

    #[test]
    fn empty_and_unset_are_different() {
        let env = Environment::isolated().with_var("GIT_DIR", "");
        assert_eq!(env.var("GIT_DIR"), Some(OsStr::new("")));
        assert_eq!(env.without_var("GIT_DIR").var("GIT_DIR"), None);
    }

    #[test]
    fn a_clone_is_not_changed_by_setting_the_original() {
        let mut env = Environment::isolated().with_git_dir("/a");
        let copy = env.clone();
        env.set_var("GIT_DIR", "/b").remove_var("HOME");
        assert_eq!(copy.git_dir(), Some(Path::new("/a")));
        assert_eq!(env.git_dir(), Some(Path::new("/b")));
    }

    #[test]
    fn alternates_split_on_colons_and_skip_empty_entries() {
        let env = Environment::isolated()
            .with_var("GIT_ALTERNATE_OBJECT_DIRECTORIES", "/a/objects::rel:/b c:");
        assert_eq!(
            env.alternate_object_directories(),
            [PathBuf::from("/a/objects"), "rel".into(), "/b c".into()]
        );
        let built = Environment::isolated().with_alternate_object_directories(["/x", "/y"]);
        assert_eq!(
            built.var("GIT_ALTERNATE_OBJECT_DIRECTORIES"),
            Some(OsStr::new("/x:/y"))
        );
    }

    #[test]
    fn with_config_appends_numbered_entries() {
        let env = Environment::isolated()
            .with_config("a.b", "1")
            .with_config("c.d", "2");
        assert_eq!(env.var("GIT_CONFIG_COUNT"), Some(OsStr::new("2")));
        assert_eq!(env.var("GIT_CONFIG_KEY_0"), Some(OsStr::new("a.b")));
        assert_eq!(env.var("GIT_CONFIG_VALUE_1"), Some(OsStr::new("2")));
        let bogus = Environment::isolated()
            .with_var("GIT_CONFIG_COUNT", "x")
            .with_config("a.b", "1");
        assert_eq!(bogus.var("GIT_CONFIG_COUNT"), Some(OsStr::new("1")));
    }

    #[test]
    fn identity_setters_name_git_variables() {
        let env = Environment::isolated()
            .with_author("A", "a@x")
            .with_committer("C", "c@x")
            .with_author_date("1 +0000")
            .with_committer_date("2 +0000");
        let names: Vec<_> = env.vars().map(|(k, _)| k.to_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "GIT_AUTHOR_DATE",
                "GIT_AUTHOR_EMAIL",
                "GIT_AUTHOR_NAME",
                "GIT_COMMITTER_DATE",
                "GIT_COMMITTER_EMAIL",
                "GIT_COMMITTER_NAME"
            ]
        );
    }

    #[test]
    fn test_date_now_reads_as_atoi() {
        let now = |v: &str| {
            Environment::isolated()
                .with_var("GIT_TEST_DATE_NOW", v)
                .test_date_now()
        };
        assert_eq!(Environment::isolated().test_date_now(), None);
        assert_eq!(now("1700000000"), Some(1_700_000_000));
        assert_eq!(now("  +12x"), Some(12));
        assert_eq!(now("x"), Some(0));
        assert_eq!(now("-5"), Some(-5));
    }

    #[test]
    fn debug_shows_names_not_values() {
        let env = Environment::isolated().with_var("TOKEN", "secret");
        let shown = format!("{env:?}");
        assert!(
            shown.contains("TOKEN") && !shown.contains("secret"),
            "{shown}"
        );
    }

    #[test]
    fn environment_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Environment>();
    }
}
