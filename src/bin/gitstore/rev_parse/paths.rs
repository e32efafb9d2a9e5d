//! rev-parse's options about the repository's layout and output form: `--git-path`,
//! `--git-common-dir`, `--path-format=`, `--prefix`, `--sq`, `--show-object-format`,
//! `--show-ref-format`, `--output-object-format`, `--local-env-vars`, `--resolve-git-dir`,
//! `--is-shallow-repository`, `--bisect`, `--show-superproject-working-tree`.

use super::RevParse;
use crate::CliError;
use bstr::{BString, ByteSlice};
use gitstore::repo::git_path::{self, realpath_forgiving, resolve_git_dir, Layout};
use std::path::{Path, PathBuf};

/// `--path-format=`: how paths are printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum PathFormat {
    Absolute,
    Relative,
}

/// What a path prints as when no `--path-format` is given (git's `default_type`).
#[derive(Clone, Copy)]
enum Default {
    Unmodified,
    RelativeIfShared,
}

impl RevParse<'_> {
    /// Handles one of the options of this file; false when `arg` is none of them.
    pub(super) fn layout_option(
        &mut self,
        arg: &[u8],
        args: &[BString],
        i: &mut usize,
    ) -> Result<bool, CliError> {
        match arg {
            b"--sq" => self.sq = true,
            b"--local-env-vars" => {
                for name in gitstore::env::LOCAL_REPO_ENV {
                    self.line(name.as_bytes());
                }
            }
            b"--resolve-git-dir" => {
                let dir = self.next_arg(args, i, "--resolve-git-dir")?;
                match resolve_git_dir(&dir) {
                    Some(resolved) => self.line(&resolved),
                    None => return Err(CliError::Fatal(format!("not a gitdir '{dir}'"))),
                }
            }
            b"--git-path" => {
                let rel = self.next_arg(args, i, "--git-path")?;
                let path = git_path::git_path(&self.layout(), &rel);
                self.print_path(&path, Default::RelativeIfShared);
            }
            b"--git-common-dir" => {
                let dir = self.common_dir_string();
                self.print_path(&dir, Default::RelativeIfShared);
            }
            b"--git-dir" if self.path_format.is_some() => {
                let dir = BString::from(self.git_dir_for_display());
                self.print_path(&dir, Default::Unmodified);
            }
            b"--show-toplevel" if self.path_format.is_some() && self.prefix().is_some() => {
                let top = self.repo.work_tree().and_then(super::canonical);
                let top = top.map(|t| BString::from(t.as_os_str().as_encoded_bytes()));
                self.print_path(&top.unwrap_or_default(), Default::Unmodified);
            }
            b"--prefix" => {
                let prefix = self.next_arg(args, i, "--prefix")?;
                self.prefix_option = Some(prefix);
            }
            b"--is-shallow-repository" => {
                let shallow = match self.repo.env().var("GIT_SHALLOW_FILE") {
                    Some(file) => Path::new(file).is_file(),
                    None => self.repo.common_dir().join("shallow").is_file(),
                };
                self.line(if shallow { b"true" } else { b"false" });
            }
            b"--show-ref-format" => self.line(b"files"),
            b"--show-superproject-working-tree" => {
                // git looks from the top of a work tree only
                if self.prefix().is_some() {
                    if let Some(top) = self.repo.superproject_work_tree()? {
                        let top = BString::from(top.as_os_str().as_encoded_bytes());
                        self.print_path(&top, Default::Unmodified);
                    }
                }
            }
            b"--bisect" => self.show_bisect()?,
            _ => {
                if let Some(mode) = opt_with_value(arg, b"--path-format") {
                    self.path_format = Some(match mode {
                        None => {
                            return Err(CliError::Fatal(
                                "--path-format requires an argument".into(),
                            ))
                        }
                        Some(b"absolute") => PathFormat::Absolute,
                        Some(b"relative") => PathFormat::Relative,
                        Some(other) => {
                            return Err(CliError::Fatal(format!(
                                "unknown argument to --path-format: {}",
                                other.as_bstr()
                            )))
                        }
                    });
                } else if let Some(format) = opt_with_value(arg, b"--output-object-format") {
                    // sha1 is the only format a repository has here, so there is nothing to map
                    match format {
                        None => return Err(CliError::Fatal("no object format specified".into())),
                        Some(b"sha1" | b"storage") => {}
                        Some(other) => {
                            return Err(CliError::Fatal(format!(
                                "unsupported object format: {}",
                                other.as_bstr()
                            )))
                        }
                    }
                } else if let Some(mode) = opt_with_value(arg, b"--show-object-format") {
                    match mode.unwrap_or(b"storage") {
                        b"storage" | b"input" | b"output" => self.line(b"sha1"),
                        other => {
                            return Err(CliError::Fatal(format!(
                                "unknown mode for --show-object-format: {}",
                                other.as_bstr()
                            )))
                        }
                    }
                } else {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn next_arg(&self, args: &[BString], i: &mut usize, opt: &str) -> Result<BString, CliError> {
        let Some(value) = args.get(*i) else {
            return Err(CliError::Fatal(format!("{opt} requires an argument")));
        };
        *i += 1;
        Ok(value.clone())
    }

    /// `--bisect`: the refs under `refs/bisect/bad` and, negated, under `refs/bisect/good`
    /// (git 2.47 takes these names whatever the bisection's terms).
    fn show_bisect(&mut self) -> Result<(), CliError> {
        let list = self.repo.refs().list(b"refs/bisect/")?;
        for (prefix, reversed) in [
            (&b"refs/bisect/bad"[..], false),
            (b"refs/bisect/good", true),
        ] {
            for r in &list.refs {
                if !r.name.as_bytes().starts_with(prefix) {
                    continue;
                }
                let Ok(Some(resolved)) = self.repo.refs().resolve(&r.name) else {
                    continue;
                };
                let Some(id) = resolved.id() else { continue };
                self.show_rev(reversed, &id, Some(r.name.as_bstr()))?;
            }
        }
        Ok(())
    }

    /// The common directory as git holds it: the git directory's own spelling when they are
    /// one, else its real path.
    fn common_dir_string(&self) -> BString {
        let git_dir = self.repo.git_dir();
        let common = self.repo.common_dir();
        if super::canonical(git_dir) == super::canonical(common) {
            return self.git_dir_string();
        }
        let common = super::canonical(common).unwrap_or_else(|| common.to_path_buf());
        common.as_os_str().as_encoded_bytes().into()
    }

    /// The git directory as git holds it once set up: `.git` when found at the top of the work
    /// tree (git works from there), `.` when run inside it, else its real path.
    fn git_dir_string(&self) -> BString {
        if let Some(dir) = self.repo.env().var_bytes("GIT_DIR") {
            return dir.into();
        }
        let git_dir = super::canonical(self.repo.git_dir());
        let top = self.repo.work_tree().and_then(super::canonical);
        if let (Some(git_dir), Some(top)) = (&git_dir, &top) {
            if self.prefix().is_some() && *git_dir == top.join(".git") {
                return ".git".into();
            }
        }
        match git_dir {
            Some(dir) if self.cwd == dir => ".".into(),
            Some(dir) => dir.as_os_str().as_encoded_bytes().into(),
            None => self.git_dir_for_display().into(),
        }
    }

    /// Where git's path mapping sends each redirected path, spelled as git spells them.
    fn layout(&self) -> Layout {
        let git_dir = self.git_dir_string();
        let common = self.common_dir_string();
        let env = self.repo.env();
        let under = |dir: &BString, rel: &str| {
            let mut p = dir.clone();
            p.extend_from_slice(b"/");
            p.extend_from_slice(rel.as_bytes());
            p
        };
        let from_env = |name: &str| env.var_bytes(name).map(BString::from);
        Layout {
            object_dir: from_env("GIT_OBJECT_DIRECTORY")
                .unwrap_or_else(|| under(&common, "objects")),
            graft_file: from_env("GIT_GRAFT_FILE").unwrap_or_else(|| under(&common, "info/grafts")),
            index_file: from_env("GIT_INDEX_FILE").unwrap_or_else(|| under(&git_dir, "index")),
            hooks_path: self.repo.config().get("core.hookspath").map(BString::from),
            common_dir: (common != git_dir).then_some(common),
            git_dir,
        }
    }

    /// git's `print_path`: `path` (relative to the directory git works in) in the wanted form.
    fn print_path(&mut self, path: &[u8], default: Default) {
        let prefix: Option<BString> = match &self.prefix_option {
            Some(p) => Some(p.clone()),
            None => self.prefix().filter(|p| !p.is_empty()).map(BString::from),
        };
        let shown = match (self.path_format, default) {
            (Some(PathFormat::Absolute), _) => realpath_forgiving(&self.git_cwd(), path),
            (Some(PathFormat::Relative), _) => {
                let base = self.git_cwd();
                let absolute = |p: &[u8]| match p.starts_with(b"/") {
                    true => BString::from(p),
                    false => realpath_forgiving(&base, p),
                };
                let abs_path = absolute(path);
                let abs_prefix = match &prefix {
                    Some(p) => absolute(p),
                    None => base.as_os_str().as_encoded_bytes().into(),
                };
                git_path::relative_path(&abs_path, &abs_prefix)
            }
            (None, Default::RelativeIfShared) => {
                git_path::relative_path(path, prefix.as_deref().map_or(&b""[..], |p| p))
            }
            (None, Default::Unmodified) => path.into(),
        };
        self.line(&shown);
    }

    /// The directory git works in once set up: the top of the work tree, else where the
    /// command was started.
    fn git_cwd(&self) -> PathBuf {
        if self.prefix().is_some() {
            if let Some(top) = self.repo.work_tree().and_then(super::canonical) {
                return top;
            }
        }
        self.cwd.clone()
    }
}

/// `--local-env-vars` and `--resolve-git-dir <dir>` need no repository: when they are all
/// the arguments, what they print; `None` otherwise.
pub(super) fn without_repository(args: &[std::ffi::OsString]) -> Result<Option<Vec<u8>>, CliError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_encoded_bytes() {
            b"--local-env-vars" => {
                for name in gitstore::env::LOCAL_REPO_ENV {
                    out.extend_from_slice(name.as_bytes());
                    out.push(b'\n');
                }
            }
            b"--resolve-git-dir" => {
                let Some(dir) = args.get(i + 1) else {
                    return Err(CliError::Fatal(
                        "--resolve-git-dir requires an argument".into(),
                    ));
                };
                i += 1;
                let dir = dir.as_encoded_bytes();
                match resolve_git_dir(dir) {
                    Some(resolved) => {
                        out.extend_from_slice(&resolved);
                        out.push(b'\n');
                    }
                    None => {
                        let mut stdout = crate::stdout();
                        std::io::Write::write_all(&mut stdout, &out)?;
                        crate::finish(stdout)?;
                        return Err(CliError::Fatal(format!("not a gitdir '{}'", dir.as_bstr())));
                    }
                }
            }
            _ => return Ok(None),
        }
        i += 1;
    }
    Ok((!args.is_empty()).then_some(out))
}

/// `--opt` (None) or `--opt=value` (Some).
fn opt_with_value<'a>(arg: &'a [u8], opt: &[u8]) -> Option<Option<&'a [u8]>> {
    let rest = arg.strip_prefix(opt)?;
    if rest.is_empty() {
        return Some(None);
    }
    rest.strip_prefix(b"=").map(Some)
}
