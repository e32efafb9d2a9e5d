//! Where `git init` makes a repository, from its `DIRECTORY` argument, a named git dir
//! (`--git-dir`, `GIT_DIR`) and a work tree (`--work-tree`, `GIT_WORK_TREE`) — git's
//! `cmd_init_db` with `guess_repository_type`:
//!
//! ```text
//! DIRECTORY only                      DIRECTORY, bare as --bare says
//! git dir G (relative to DIRECTORY)   G, bare — unless G is named `.git` and not --bare:
//!                                     then G's parent is the work tree, not bare
//! git dir G and work tree W           G, not bare (W must exist if G is named `.git`)
//! work tree W without a git dir       refused
//! ```

use std::path::{Path, PathBuf};

/// The directory [`Repository::init`](crate::Repository::init) is given, and whether the
/// repository is bare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitTarget {
    /// The directory to initialise: a bare repository's git dir, or a work tree.
    pub dir: PathBuf,
    /// Whether the repository is bare.
    pub bare: bool,
}

/// Why [`init_target`] refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InitTargetError {
    /// A work tree is given, but no git dir, or `--bare`.
    #[error("a work tree is given without a git directory")]
    WorkTreeWithoutGitDir,
    /// The work tree of a git dir named `.git` does not exist.
    #[error("work tree {} does not exist", path.display())]
    MissingWorkTree {
        /// The work tree, as named.
        path: PathBuf,
    },
}

/// Where `git init` makes its repository: `base` is its `DIRECTORY` (`.` when none is
/// given), `git_dir` the named git dir (relative to `base`), `work_tree` the named work tree
/// (already relative to `base`), `bare` whether `--bare` is given.
pub fn init_target(
    base: &Path,
    git_dir: Option<&Path>,
    work_tree: Option<&Path>,
    bare: bool,
) -> Result<InitTarget, InitTargetError> {
    if work_tree.is_some() && (git_dir.is_none() || bare) {
        return Err(InitTargetError::WorkTreeWithoutGitDir);
    }
    let named_dot_git = |g: &Path| g.file_name().is_some_and(|n| n == ".git");
    let (dir, bare) = match git_dir {
        None => (base.to_path_buf(), bare),
        Some(g) if work_tree.is_some() => {
            let g = base.join(g);
            if let Some(wt) = work_tree {
                // git checks the work tree only of a git dir named `.git`
                if named_dot_git(&g) && !wt.is_dir() {
                    return Err(InitTargetError::MissingWorkTree {
                        path: wt.to_path_buf(),
                    });
                }
            }
            (g, false)
        }
        Some(g) => {
            let g = base.join(g);
            match g.parent() {
                Some(parent) if !bare && named_dot_git(&g) => {
                    let parent = if parent.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        parent.to_path_buf()
                    };
                    if !parent.is_dir() {
                        return Err(InitTargetError::MissingWorkTree { path: parent });
                    }
                    (parent, false)
                }
                _ => (g, true),
            }
        }
    };
    Ok(InitTarget { dir, bare })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(git_dir: Option<&str>, work_tree: Option<&Path>, bare: bool) -> InitTarget {
        init_target(Path::new("base"), git_dir.map(Path::new), work_tree, bare).unwrap()
    }

    #[test]
    fn a_named_git_dir_is_bare_unless_it_is_called_dot_git() {
        let plain = |dir: &str, bare| InitTarget {
            dir: dir.into(),
            bare,
        };
        assert_eq!(target(None, None, false), plain("base", false));
        assert_eq!(target(None, None, true), plain("base", true));
        assert_eq!(
            target(Some("r.git"), None, false),
            plain("base/r.git", true)
        );
        assert_eq!(target(Some(".git"), None, true), plain("base/.git", true));
    }

    #[test]
    fn a_work_tree_needs_a_git_dir_and_no_bare() {
        let wt = Some(Path::new("wt"));
        let refused = Err(InitTargetError::WorkTreeWithoutGitDir);
        assert_eq!(init_target(Path::new("b"), None, wt, false), refused);
        assert_eq!(
            init_target(Path::new("b"), Some(Path::new("g")), wt, true),
            refused
        );
    }

    #[test]
    fn the_work_tree_of_a_dot_git_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        let missing = base.join("missing");
        let got = init_target(base, Some(Path::new(".git")), Some(&missing), false);
        assert_eq!(
            got,
            Err(InitTargetError::MissingWorkTree {
                path: missing.clone()
            })
        );
        let other = init_target(base, Some(Path::new("g")), Some(&missing), false).unwrap();
        assert_eq!((other.dir, other.bare), (base.join("g"), false));
        let sub = init_target(base, Some(Path::new("no/.git")), None, false);
        let path = base.join("no");
        assert_eq!(sub, Err(InitTargetError::MissingWorkTree { path }));
        let here = init_target(base, Some(Path::new(".git")), None, false).unwrap();
        assert_eq!((here.dir, here.bare), (base.to_path_buf(), false));
    }
}
