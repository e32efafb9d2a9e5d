//! The parts of [`Repository::init`](crate::Repository::init) beyond the default layout:
//! which formats a repository gets (options, then `GIT_DEFAULT_HASH` /
//! `GIT_DEFAULT_REF_FORMAT`), the config lines `--shared` adds and the permissions it gives,
//! and the `.git` file of a separate git directory (`gitdir: <absolute path>`).

use super::{
    common_dir_of, is_git_dir, resolve_gitfile, InitError, InitOptions, ObjectFormat, RefFormat,
    SharedMode, Unsupported,
};
use crate::env::Environment;
use crate::error::{Error, Result};
use std::path::Path;

/// Checks the formats asked for, as git's `validate_hash_algorithm` and
/// `validate_ref_storage_format` do: an option differing from an existing repository's
/// (always SHA-1 and files, the only ones gitstore opens) is refused, an environment name
/// must be known; then a new repository in a format gitstore cannot write is refused. The
/// environment names only the formats of a new repository.
pub(super) fn check_formats(options: &InitOptions, env: &Environment, existed: bool) -> Result<()> {
    let hash = match options.object_format {
        Some(f) if existed && f != ObjectFormat::Sha1 => {
            return Err(InitError::DifferentObjectFormat.into())
        }
        Some(f) => f,
        None => match env.default_hash() {
            Some(name) => ObjectFormat::from_name(&name.to_string_lossy())?,
            None => ObjectFormat::Sha1,
        },
    };
    let refs = match options.ref_format {
        Some(f) if existed && f != RefFormat::Files => {
            return Err(InitError::DifferentRefFormat.into())
        }
        Some(f) => f,
        None => match env.default_ref_format() {
            Some(name) => RefFormat::from_name(&name.to_string_lossy())?,
            None => RefFormat::Files,
        },
    };
    if existed {
        return Ok(());
    }
    if hash != ObjectFormat::Sha1 {
        return Err(Unsupported::ObjectFormat {
            name: hash.name().into(),
        }
        .into());
    }
    if refs != RefFormat::Files {
        return Err(Unsupported::RefStorage {
            name: refs.name().into(),
        }
        .into());
    }
    Ok(())
}

/// The config of a new repository whose git dir is `git_dir`, as git 2.47 writes it.
pub(super) fn new_config(options: &InitOptions, git_dir: &Path) -> String {
    let mut text = String::from("[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n");
    if options.bare {
        text.push_str("\tbare = true\n");
    } else {
        text.push_str("\tbare = false\n\tlogallrefupdates = true\n");
    }
    if let Some(wt) = &options.work_tree {
        let real = |p: &Path| {
            p.canonicalize()
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.to_path_buf())
        };
        let wt = real(wt);
        if git_dir.parent().map(real).as_deref() != Some(wt.as_path()) {
            text.push_str(&format!("\tworktree = {}\n", wt.display()));
        }
    }
    if let Some(value) = options.shared.and_then(SharedMode::config_value) {
        text.push_str(&format!(
            "\tsharedrepository = {value}\n[receive]\n\tdenyNonFastforwards = true\n"
        ));
    }
    text
}

/// Gives everything below `dir` (and `dir`) the permissions `mode` asks for.
#[cfg(unix)]
pub(super) fn share(dir: &Path, mode: SharedMode) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if mode == SharedMode::Umask {
        return Ok(());
    }
    let meta = std::fs::symlink_metadata(dir).map_err(|e| Error::io(dir, e))?;
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    if meta.is_dir() {
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            share(&entry.map_err(|e| Error::io(dir, e))?.path(), mode)?;
        }
    }
    let new = mode.adjust(meta.permissions().mode() & 0o7777, meta.is_dir());
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(new))
        .map_err(|e| Error::io(dir, e))
}

/// A re-init with a shared mode, as git's `init_db` does it: `core.sharedRepository` and
/// `receive.denyNonFastforwards` set in the config of `common`, and the permissions of
/// `git_dir` and its `refs` adjusted (nothing below them: git re-creates only those).
pub(super) fn reshare(git_dir: &Path, common: &Path, mode: SharedMode, value: &str) -> Result<()> {
    adjust_one(git_dir, mode)?;
    adjust_one(&git_dir.join("refs"), mode)?;
    let config = common.join("config");
    crate::config::edit::set_in_file(&config, "core", "sharedrepository", value)?;
    crate::config::edit::set_in_file(&config, "receive", "denyNonFastforwards", "true")
}

#[cfg(unix)]
fn adjust_one(path: &Path, mode: SharedMode) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let old = meta.permissions().mode() & 0o7777;
    let new = mode.adjust(old, meta.is_dir());
    if new == old {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(new))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn adjust_one(_path: &Path, _mode: SharedMode) -> Result<()> {
    Ok(())
}

/// Without Unix permissions there is nothing to adjust.
#[cfg(not(unix))]
pub(super) fn share(_dir: &Path, _mode: SharedMode) -> Result<()> {
    Ok(())
}

/// Writes `work_tree/.git` naming `git_dir` (made absolute), as git's `write_file` of a
/// separate git directory does; an existing `.git` file is replaced.
pub(super) fn write_gitfile(work_tree: &Path, git_dir: &Path) -> Result<()> {
    let abs = git_dir.canonicalize().map_err(|e| Error::io(git_dir, e))?;
    let file = work_tree.join(".git");
    std::fs::write(&file, format!("gitdir: {}\n", abs.display())).map_err(|e| Error::io(&file, e))
}

/// Copies the template directory `from` into `to` as git's `copy_templates_1`: names
/// starting with `.` skipped, nothing overwritten, directories merged, symbolic links copied
/// as links, files with their permission bits. The template's `config` is not copied (the
/// repository's config is written by init).
pub(super) fn copy_template(from: &Path, to: &Path) -> Result<()> {
    copy_dir(from, to, true)
}

fn copy_dir(from: &Path, to: &Path, top: bool) -> Result<()> {
    for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
        let entry = entry.map_err(|e| Error::io(from, e))?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") || (top && name == "config") {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if std::fs::symlink_metadata(&dst).is_ok() {
            if dst.is_dir() && src.is_dir() {
                copy_dir(&src, &dst, false)?;
            }
            continue;
        }
        let kind = entry.file_type().map_err(|e| Error::io(&src, e))?;
        if kind.is_dir() {
            std::fs::create_dir(&dst).map_err(|e| Error::io(&dst, e))?;
            copy_dir(&src, &dst, false)?;
        } else if kind.is_symlink() {
            copy_link(&src, &dst)?;
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).map_err(|e| Error::io(&dst, e))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(src: &Path, dst: &Path) -> Result<()> {
    let target = std::fs::read_link(src).map_err(|e| Error::io(src, e))?;
    std::os::unix::fs::symlink(target, dst).map_err(|e| Error::io(dst, e))
}

#[cfg(not(unix))]
fn copy_link(_src: &Path, _dst: &Path) -> Result<()> {
    Ok(())
}

/// Moves the git dir of the repository whose work tree is `work_tree` (its `.git` directory,
/// or the one its `.git` file names) to `sep`, as git does when `--separate-git-dir` is given
/// to an existing repository. Nothing to do when there is none, when it is already `sep`, or
/// when `sep` exists; a linked worktree's git dir is not moved.
pub(super) fn move_to_separate(work_tree: &Path, sep: &Path, env: &Environment) -> Result<()> {
    let dot = work_tree.join(".git");
    let old = if dot.is_dir() {
        dot
    } else if dot.is_file() {
        resolve_gitfile(&dot)?
    } else {
        return Ok(());
    };
    if sep.exists() || !is_git_dir(&old, env) || common_dir_of(&old) != old {
        return Ok(());
    }
    std::fs::rename(&old, sep).map_err(|e| Error::io(&old, e))
}
