//! [`Stores`]: a repository's parts, borrowed — the object database, the refs, the
//! configuration, the limits, the environment it was opened with, and where it lives.
//!
//! The layers between the ref store and [`Repository`](crate::Repository) (revision syntax,
//! commit walks, commit formatting) take this view rather than the repository, so imports keep
//! pointing down: `repo` builds a `Stores` from itself, nothing below `repo` names `Repository`.
//! `&Repository` converts into it, so a caller passes either.

use crate::config::Config;
use crate::env::Environment;
use crate::limits::Limits;
use crate::odb::Odb;
use crate::refs::RefStore;
use std::path::{Path, PathBuf};

/// A repository's parts, borrowed; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Stores<'r> {
    odb: &'r Odb,
    refs: &'r RefStore,
    config: &'r Config,
    limits: &'r Limits,
    env: &'r Environment,
    git_dir: &'r Path,
    common_dir: &'r Path,
    work_tree: Option<&'r Path>,
}

impl<'r> Stores<'r> {
    /// A view over these parts: `work_tree` is `None` for a bare repository.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        odb: &'r Odb,
        refs: &'r RefStore,
        config: &'r Config,
        limits: &'r Limits,
        env: &'r Environment,
        git_dir: &'r Path,
        common_dir: &'r Path,
        work_tree: Option<&'r Path>,
    ) -> Self {
        Stores {
            odb,
            refs,
            config,
            limits,
            env,
            git_dir,
            common_dir,
            work_tree,
        }
    }

    /// The object database.
    pub fn odb(&self) -> &'r Odb {
        self.odb
    }

    /// The refs: loose, packed, symbolic; reflogs.
    pub fn refs(&self) -> &'r RefStore {
        self.refs
    }

    /// The layered configuration.
    pub fn config(&self) -> &'r Config {
        self.config
    }

    /// The limits the repository enforces.
    pub fn limits(&self) -> &'r Limits {
        self.limits
    }

    /// The environment the repository was opened with.
    pub fn env(&self) -> &'r Environment {
        self.env
    }

    /// The git directory.
    pub fn git_dir(&self) -> &'r Path {
        self.git_dir
    }

    /// The directory shared by all worktrees (the git dir unless this is a linked worktree).
    pub fn common_dir(&self) -> &'r Path {
        self.common_dir
    }

    /// The work tree of every worktree of the repository and the branch (full ref name) each
    /// has checked out, main worktree first; detached or bare ones have no branch.
    pub fn worktrees(&self) -> Vec<(PathBuf, Option<bstr::BString>)> {
        let head_branch = |dir: &Path| -> Option<bstr::BString> {
            let h = crate::file::read(&dir.join("HEAD")).ok()?;
            let target = h.strip_prefix(b"ref: ")?;
            let end = target
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(target.len());
            Some(target[..end].into())
        };
        let common = &self.common_dir;
        let mut out = Vec::new();
        if common.as_os_str().is_empty() {
            return out; // in memory: no work tree anywhere
        }
        let main_bare = self.config.get_bool("core.bare").ok().flatten() == Some(true);
        if !main_bare {
            let main = if common.file_name().is_some_and(|n| n == ".git") {
                common.parent().map(Path::to_path_buf)
            } else {
                None
            };
            if let Some(main) = main {
                out.push((main, head_branch(common)));
            }
        }
        let Ok(entries) = std::fs::read_dir(common.join("worktrees")) else {
            return out;
        };
        let mut linked: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        linked.sort();
        for dir in linked {
            let Ok(gitdir) = crate::file::read(&dir.join("gitdir")) else {
                continue;
            };
            let text = String::from_utf8_lossy(&gitdir).trim_end().to_string();
            let Some(path) = Path::new(&text).parent() else {
                continue;
            };
            out.push((path.to_path_buf(), head_branch(&dir)));
        }
        out
    }

    /// The work tree, or `None` for a bare repository.
    pub fn work_tree(&self) -> Option<&'r Path> {
        self.work_tree
    }

    /// Whether the repository is bare, as [`Repository::is_bare`](crate::Repository::is_bare).
    pub fn is_bare(&self) -> bool {
        let not_bare = self.config.get_bool("core.bare").ok().flatten() == Some(false);
        self.work_tree.is_none() && !not_bare
    }
}
