//! Where a file of the repository lives (git's `git_path` and `relative_path`).
//!
//! A linked worktree has its own git directory for what is per worktree (`HEAD`, `index`,
//! `logs/HEAD`, `refs/bisect/...`) and shares the rest with the main repository, in the
//! common directory:
//!
//! ```text
//! main/.git/                      <- common dir: objects/ refs/ config packed-refs hooks/ logs/
//! main/.git/worktrees/wt/         <- git dir of `wt`: HEAD index logs/HEAD refs/bisect/
//! ```
//!
//! A few paths are redirected whatever the layout: `objects/...` to the object directory
//! (`GIT_OBJECT_DIRECTORY`), `info/grafts` to the graft file, `index` to the index file
//! (`GIT_INDEX_FILE`), `hooks/...` to `core.hooksPath`.

use bstr::{BString, ByteSlice};
use std::path::{Path, PathBuf};

/// A path of the git directory: `(path, is_dir, is_common)` — git's `common_list`. The longest
/// entry matching at a `/` boundary decides; a file entry only matches exactly.
const COMMON_LIST: &[(&[u8], bool, bool)] = &[
    (b"branches", true, true),
    (b"common", true, true),
    (b"hooks", true, true),
    (b"info", true, true),
    (b"info/sparse-checkout", false, false),
    (b"logs", true, true),
    (b"logs/HEAD", false, false),
    (b"logs/refs/bisect", true, false),
    (b"logs/refs/rewritten", true, false),
    (b"logs/refs/worktree", true, false),
    (b"lost-found", true, true),
    (b"objects", true, true),
    (b"refs", true, true),
    (b"refs/bisect", true, false),
    (b"refs/rewritten", true, false),
    (b"refs/worktree", true, false),
    (b"remotes", true, true),
    (b"worktrees", true, true),
    (b"rr-cache", true, true),
    (b"svn", true, true),
    (b"config", false, true),
    (b"gc.pid", false, true),
    (b"packed-refs", false, true),
    (b"shallow", false, true),
];

/// Whether `path` (relative to the git directory) belongs to the common directory.
pub fn is_common(path: &[u8]) -> bool {
    let mut best: Option<(usize, bool, bool)> = None;
    for &(entry, is_dir, common) in COMMON_LIST {
        let at_boundary =
            path.starts_with(entry) && matches!(path.get(entry.len()), None | Some(b'/'));
        if at_boundary && best.map_or(true, |(len, ..)| entry.len() > len) {
            best = Some((entry.len(), is_dir, common));
        }
    }
    match best {
        Some((len, is_dir, common)) => common && (is_dir || len == path.len()),
        None => false,
    }
}

/// The directories and files a repository path may be redirected to, spelled as they are to
/// be shown (relative or absolute, as git holds them).
#[derive(Clone, Debug)]
pub struct Layout {
    /// The git directory (`.git`, `.`, or an absolute path).
    pub git_dir: BString,
    /// The common directory, when it differs from the git directory (a linked worktree).
    pub common_dir: Option<BString>,
    /// The object directory.
    pub object_dir: BString,
    /// The graft file (`info/grafts` of the common directory unless `GIT_GRAFT_FILE`).
    pub graft_file: BString,
    /// The index file.
    pub index_file: BString,
    /// `core.hooksPath`, if set.
    pub hooks_path: Option<BString>,
}

/// git's `git_path`: where `rel`, a path inside the git directory, is.
pub fn git_path(layout: &Layout, rel: &[u8]) -> BString {
    let mut buf: Vec<u8> = layout.git_dir.to_vec();
    if !buf.is_empty() && !buf.ends_with(b"/") {
        buf.push(b'/');
    }
    let dir_len = buf.len();
    buf.extend_from_slice(rel);
    let base = &buf[dir_len..];
    if base == b"info/grafts" {
        buf = layout.graft_file.to_vec();
    } else if base == b"index" {
        buf = layout.index_file.to_vec();
    } else if dir_prefix(base, b"objects") {
        replace_dir(&mut buf, dir_len + 7, &layout.object_dir);
    } else if let Some(hooks) = layout
        .hooks_path
        .as_ref()
        .filter(|_| dir_prefix(base, b"hooks"))
    {
        replace_dir(&mut buf, dir_len + 5, hooks);
    } else if let Some(common) = &layout.common_dir {
        let lock = buf.ends_with(b".lock");
        let base_end = buf.len() - if lock { 5 } else { 0 };
        if is_common(&buf[dir_len..base_end]) {
            replace_dir(&mut buf, dir_len, common);
        }
    }
    cleanup_path(buf).into()
}

/// `base` is `dir` or lies below it.
fn dir_prefix(base: &[u8], dir: &[u8]) -> bool {
    base.starts_with(dir) && matches!(base.get(dir.len()), None | Some(b'/'))
}

/// Puts `new_dir` in place of the first `len` bytes, keeping one `/` between it and the rest.
fn replace_dir(buf: &mut Vec<u8>, len: usize, new_dir: &[u8]) {
    let len = len.min(buf.len());
    let need_sep = buf.get(len).is_some_and(|&c| c != b'/') && !new_dir.ends_with(b"/");
    let mut out = new_dir.to_vec();
    if need_sep {
        out.push(b'/');
    }
    out.extend_from_slice(&buf[len..]);
    *buf = out;
}

/// Drops a leading `./` (and the slashes after it).
fn cleanup_path(buf: Vec<u8>) -> Vec<u8> {
    match buf.strip_prefix(b"./") {
        Some(rest) => {
            let skip = rest.iter().take_while(|&&c| c == b'/').count();
            rest[skip..].to_vec()
        }
        None => buf,
    }
}

/// git's `relative_path`: `path` as seen from the directory `prefix`; unchanged when one is
/// absolute and the other not, or when `prefix` is empty.
pub fn relative_path(path: &[u8], prefix: &[u8]) -> BString {
    if path.is_empty() {
        return "./".into();
    }
    if prefix.is_empty() || path.starts_with(b"/") != prefix.starts_with(b"/") {
        return path.into();
    }
    let (pl, il) = (prefix.len(), path.len());
    let (mut i, mut j, mut prefix_off, mut in_off) = (0, 0, 0, 0);
    while i < pl && j < il && prefix[i] == path[j] {
        if prefix[i] == b'/' {
            while i < pl && prefix[i] == b'/' {
                i += 1;
            }
            while j < il && path[j] == b'/' {
                j += 1;
            }
            prefix_off = i;
            in_off = j;
        } else {
            i += 1;
            j += 1;
        }
    }
    if i >= pl && prefix_off < pl {
        if j >= il {
            in_off = il;
        } else if path[j] == b'/' {
            while j < il && path[j] == b'/' {
                j += 1;
            }
            in_off = j;
        } else {
            i = prefix_off;
        }
    } else if j >= il && in_off < il && i < pl && prefix[i] == b'/' {
        while i < pl && prefix[i] == b'/' {
            i += 1;
        }
        in_off = il;
    }
    let rest = &path[in_off..];
    if i >= pl {
        return if rest.is_empty() {
            "./".into()
        } else {
            rest.into()
        };
    }
    let mut out = Vec::new();
    while i < pl {
        if prefix[i] == b'/' {
            out.extend_from_slice(b"../");
            while i < pl && prefix[i] == b'/' {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    if !prefix.ends_with(b"/") {
        out.extend_from_slice(b"../");
    }
    out.extend_from_slice(rest);
    out.into()
}

/// `path` made absolute against `base`, its existing part with symbolic links resolved (git's
/// `strbuf_realpath_forgiving`, as `--path-format=absolute` prints paths that may not exist).
pub fn realpath_forgiving(base: &Path, path: &[u8]) -> BString {
    let Ok(p) = path.to_path() else {
        return path.into();
    };
    let mut joined = PathBuf::new();
    for comp in base.join(p).components() {
        match comp {
            std::path::Component::ParentDir => {
                joined.pop();
            }
            std::path::Component::CurDir => {}
            c => joined.push(c),
        }
    }
    let mut existing = joined.clone();
    let mut tail = Vec::new();
    let resolved = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break joined.clone(),
        }
    };
    let mut out = resolved;
    for name in tail.iter().rev() {
        out.push(name);
    }
    out.as_os_str().as_encoded_bytes().into()
}

/// git's `resolve_gitdir` (`rev-parse --resolve-git-dir`): `dir` itself when it holds `HEAD`
/// and `objects/`, else the real path of the directory the `.git` file `dir` points to
/// (`gitdir: <path>`, relative to the file's directory); `None` for anything else.
pub fn resolve_git_dir(dir: &[u8]) -> Option<BString> {
    let path = dir.to_path().ok()?;
    if path.join("HEAD").is_file() && path.join("objects").is_dir() {
        return Some(dir.into());
    }
    let text = std::fs::read(path).ok()?;
    let target = text.strip_prefix(b"gitdir: ")?.trim_end();
    let target = target.to_path().ok()?;
    let base = path.parent().unwrap_or(Path::new("."));
    let full = if target.is_absolute() {
        target.to_path_buf()
    } else {
        base.join(target)
    };
    let real = full.canonicalize().ok()?;
    Some(real.as_os_str().as_encoded_bytes().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_worktree_paths_stay_in_the_worktree() {
        assert!(is_common(b"objects/pack"));
        assert!(is_common(b"logs/refs/heads/main"));
        assert!(!is_common(b"logs/HEAD"));
        assert!(!is_common(b"refs/bisect/bad"));
        assert!(!is_common(b"HEAD"));
        assert!(!is_common(b"config/x"));
        assert!(is_common(b"config"));
    }

    #[test]
    fn relative_path_walks_up_from_the_prefix() {
        assert_eq!(relative_path(b"/a/b/c", b"/a/b"), "c");
        assert_eq!(relative_path(b"/a/b", b"/a/b/c/"), "../");
        assert_eq!(relative_path(b"/a/x", b"/a/b/"), "../x");
        assert_eq!(relative_path(b"/a/bbb/c", b"/a/b"), "../bbb/c");
        assert_eq!(relative_path(b".git", b"/a"), ".git");
        assert_eq!(relative_path(b"/a/b", b"/a/b"), "./");
    }

    #[test]
    fn realpath_forgiving_keeps_the_part_that_does_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("a")).unwrap();
        let got = realpath_forgiving(dir.path(), b"a/./x/../missing/file");
        let want = real.join("a/missing/file");
        assert_eq!(got, want.as_os_str().as_encoded_bytes());
    }

    #[test]
    fn resolve_git_dir_follows_a_git_file_and_refuses_anything_else() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        let git_dir = real.join("repo.git");
        std::fs::create_dir_all(git_dir.join("objects")).unwrap();
        std::fs::write(git_dir.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        let named = git_dir.as_os_str().as_encoded_bytes();
        assert_eq!(resolve_git_dir(named).as_deref(), Some(&named.to_vec()));

        let file = real.join(".git");
        std::fs::write(&file, "gitdir: repo.git\n").unwrap();
        let via_file = resolve_git_dir(file.as_os_str().as_encoded_bytes());
        assert_eq!(via_file.as_deref(), Some(&named.to_vec()));

        std::fs::write(&file, "not a git file\n").unwrap();
        assert_eq!(resolve_git_dir(file.as_os_str().as_encoded_bytes()), None);
        assert_eq!(
            resolve_git_dir(real.join("nothing").as_os_str().as_encoded_bytes()),
            None
        );
    }
}
