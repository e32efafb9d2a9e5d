//! [`InitOptions`] and the typed values its fields take: the object format
//! ([`ObjectFormat`]), the ref storage ([`RefFormat`]) and the sharing mode ([`SharedMode`]),
//! each parsed from git's spelling of it.

use super::{InitError, InitOptions};

impl InitOptions {
    /// Options for a bare repository with git's default initial branch: what `git init --bare`
    /// makes.
    pub fn bare() -> InitOptions {
        InitOptions {
            bare: true,
            ..InitOptions::default()
        }
    }

    /// Refuses what [`Repository::init_with_env`](crate::Repository::init_with_env) would
    /// refuse for a new repository, reading `GIT_DEFAULT_HASH` and `GIT_DEFAULT_REF_FORMAT`
    /// from `env`: lets a caller check before it creates the directory.
    pub fn check_new(&self, env: &crate::env::Environment) -> crate::Result<()> {
        if self.bare && self.separate_git_dir.is_some() {
            return Err(InitError::SeparateGitDirWithBare.into());
        }
        if self.bare && self.work_tree.is_some() {
            return Err(InitError::WorkTreeWithBare.into());
        }
        super::init::check_formats(self, env, false)
    }

    /// The template directory init copies, `None` for gitstore's own layout: the one given,
    /// else `GIT_TEMPLATE_DIR`, else `init.templateDir` of the config (`~/` expanded) git
    /// reads for `git_dir` with `env`. An empty path means no template at all. A caller may warn when the directory
    /// named does not exist (init then copies nothing, as git).
    pub fn template_dir_with_env(
        &self,
        git_dir: &std::path::Path,
        env: &crate::env::Environment,
    ) -> crate::Result<Option<std::path::PathBuf>> {
        if let Some(dir) = &self.template_dir {
            return Ok(Some(dir.clone()));
        }
        if let Some(dir) = env.template_dir() {
            return Ok(Some(dir.to_path_buf()));
        }
        let config = crate::config::Config::for_repository_with_env(git_dir, git_dir, env)?;
        Ok(config.get("init.templatedir").map(|v| {
            let v = v.to_string();
            match (v.strip_prefix("~/"), env.var("HOME")) {
                (Some(rest), Some(home)) => std::path::Path::new(home).join(rest),
                _ => std::path::PathBuf::from(v),
            }
        }))
    }
}

/// The hash a repository names its objects by (`--object-format`, `GIT_DEFAULT_HASH`,
/// `extensions.objectFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectFormat {
    /// SHA-1: the only one gitstore reads and writes.
    Sha1,
    /// SHA-256: git can make it; gitstore refuses to create it.
    Sha256,
}

impl ObjectFormat {
    /// The format git spells `name` (exactly: `sha1`, `sha256`).
    ///
    /// ```
    /// use gitstore::repo::{InitError, ObjectFormat};
    /// assert_eq!(ObjectFormat::from_name("sha256"), Ok(ObjectFormat::Sha256));
    /// assert!(matches!(ObjectFormat::from_name("SHA1"), Err(InitError::UnknownObjectFormat { .. })));
    /// ```
    pub fn from_name(name: &str) -> Result<ObjectFormat, InitError> {
        match name {
            "sha1" => Ok(ObjectFormat::Sha1),
            "sha256" => Ok(ObjectFormat::Sha256),
            _ => Err(InitError::UnknownObjectFormat { name: name.into() }),
        }
    }

    /// git's name for it.
    pub fn name(self) -> &'static str {
        match self {
            ObjectFormat::Sha1 => "sha1",
            ObjectFormat::Sha256 => "sha256",
        }
    }
}

/// How a repository stores its refs (`--ref-format`, `GIT_DEFAULT_REF_FORMAT`,
/// `extensions.refStorage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefFormat {
    /// Loose files and `packed-refs`: the only one gitstore reads and writes.
    Files,
    /// The reftable format: git can make it; gitstore refuses to create it.
    Reftable,
}

impl RefFormat {
    /// The format git spells `name` (exactly: `files`, `reftable`).
    pub fn from_name(name: &str) -> Result<RefFormat, InitError> {
        match name {
            "files" => Ok(RefFormat::Files),
            "reftable" => Ok(RefFormat::Reftable),
            _ => Err(InitError::UnknownRefFormat { name: name.into() }),
        }
    }

    /// git's name for it.
    pub fn name(self) -> &'static str {
        match self {
            RefFormat::Files => "files",
            RefFormat::Reftable => "reftable",
        }
    }
}

/// Who may read and write the repository's files (`--shared`, `core.sharedRepository`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedMode {
    /// As the umask leaves them (git's default; nothing is written to the config).
    Umask,
    /// Group-writable (`group`, `true`, `1`).
    Group,
    /// Group-writable and readable by all (`all`, `world`, `everybody`, `2`).
    All,
    /// Exactly these permission bits for files (`0xxx`, write bits for others dropped);
    /// directories get an execute bit wherever they have a read bit.
    Perm(u32),
}

impl SharedMode {
    /// Parses `--shared=<value>` as git's `git_config_perm` does: the names, an octal mode
    /// (`0`, `1`, `2` being the old names), else a boolean.
    ///
    /// ```
    /// use gitstore::repo::SharedMode;
    /// assert_eq!(SharedMode::from_arg("0777"), Ok(SharedMode::Perm(0o666)));
    /// assert_eq!(SharedMode::from_arg("true"), Ok(SharedMode::Group));
    /// assert!(SharedMode::from_arg("0500").is_err());
    /// ```
    pub fn from_arg(value: &str) -> Result<SharedMode, InitError> {
        match value {
            "umask" => return Ok(SharedMode::Umask),
            "group" => return Ok(SharedMode::Group),
            "all" | "world" | "everybody" => return Ok(SharedMode::All),
            _ => {}
        }
        if let Some(mode) = parse_octal(value) {
            return match mode {
                0 => Ok(SharedMode::Umask),
                1 => Ok(SharedMode::Group),
                2 => Ok(SharedMode::All),
                m if m & 0o600 != 0o600 => Err(InitError::SharedModeNotOwnerWritable { mode: m }),
                m => Ok(SharedMode::Perm(m & 0o666)),
            };
        }
        match crate::config::parse_bool(Some(value.as_bytes())) {
            Some(true) => Ok(SharedMode::Group),
            Some(false) => Ok(SharedMode::Umask),
            None => Err(InitError::BadSharedMode {
                value: value.into(),
            }),
        }
    }

    /// The value git writes to `core.sharedRepository`, `None` for [`SharedMode::Umask`].
    pub fn config_value(self) -> Option<String> {
        match self {
            SharedMode::Umask => None,
            SharedMode::Group => Some("1".into()),
            SharedMode::All => Some("2".into()),
            SharedMode::Perm(m) => Some(format!("0{m:o}")),
        }
    }

    /// The mode git gives a file or directory that has `mode` (`calc_shared_perm`, and
    /// `adjust_shared_perm` for directories: execute where readable, set-group-id).
    pub fn adjust(self, mode: u32, is_dir: bool) -> u32 {
        let (mut tweak, replace) = match self {
            SharedMode::Umask => return mode,
            SharedMode::Group => (0o660, false),
            SharedMode::All => (0o664, false),
            SharedMode::Perm(m) => (m, true),
        };
        if mode & 0o200 == 0 {
            tweak &= !0o222;
        }
        if mode & 0o100 != 0 {
            tweak |= (tweak & 0o444) >> 2;
        }
        let mut new = if replace {
            (mode & !0o777) | tweak
        } else {
            mode | tweak
        };
        if is_dir {
            new |= (new & 0o444) >> 2;
            // g+s matters only when the group is given something
            if new & 0o060 != 0 {
                new |= 0o2000;
            }
        }
        new
    }
}

/// An octal number making up all of `s` (C's `strtol(s, &end, 8)` with `*end == 0`).
fn parse_octal(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    u32::from_str_radix(s, 8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_modes_give_git_permissions() {
        assert_eq!(SharedMode::Group.adjust(0o644, false), 0o664);
        assert_eq!(SharedMode::Group.adjust(0o755, true), 0o2775);
        assert_eq!(SharedMode::Perm(0o640).adjust(0o755, true), 0o2750);
        assert_eq!(SharedMode::Perm(0o600).adjust(0o755, true), 0o700);
        assert_eq!(SharedMode::Perm(0o666).adjust(0o644, false), 0o666);
    }

    #[test]
    fn format_names_are_exact() {
        assert_eq!(RefFormat::from_name("files"), Ok(RefFormat::Files));
        assert!(RefFormat::from_name("Files").is_err());
        assert!(ObjectFormat::from_name("").is_err());
    }
}
