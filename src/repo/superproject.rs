//! [`Repository::superproject_work_tree`]: the repository this one is checked out inside of as
//! a submodule, found as git finds it (`get_superproject_working_tree`): from the top of this
//! work tree, the repository found from `..` whose index has a gitlink at this path.

use super::Repository;
use crate::error::Result;
use std::path::PathBuf;

impl Repository {
    /// The top of the work tree of the superproject, when this repository's work tree is
    /// checked out as a submodule inside it (the superproject's index has a gitlink at its
    /// path); `None` otherwise, and for a bare repository.
    pub fn superproject_work_tree(&self) -> Result<Option<PathBuf>> {
        let Some(top) = self.work_tree().and_then(|t| t.canonicalize().ok()) else {
            return Ok(None);
        };
        let Some(one_up) = top.parent() else {
            return Ok(None);
        };
        // git asks `git -C .. ls-files` with the variables naming this repository cleared
        let mut env = self.env().clone();
        for var in crate::env::LOCAL_REPO_ENV {
            if !matches!(*var, "GIT_CONFIG_PARAMETERS" | "GIT_CONFIG_COUNT") {
                env.remove_var(var);
            }
        }
        let Ok(superproject) = Repository::discover_with_env(one_up, &env) else {
            return Ok(None);
        };
        let Some(super_top) = superproject.work_tree().and_then(|t| t.canonicalize().ok()) else {
            return Ok(None);
        };
        let Ok(inside) = top.strip_prefix(&super_top) else {
            return Ok(None);
        };
        let name = inside.as_os_str().as_encoded_bytes();
        let index = superproject.git_dir().join("index");
        let entries = match crate::file::read(&index) {
            // an index git cannot read names no gitlink, as for git
            Ok(bytes) => crate::index_file::parse(&bytes, false, superproject.limits())
                .map(|i| i.entries)
                .unwrap_or_default(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(crate::Error::io(&index, e)),
        };
        let first = entries.into_iter().find(|e| {
            e.path == name || (e.path.starts_with(name) && e.path.get(name.len()) == Some(&b'/'))
        });
        Ok(first
            .filter(|e| e.mode == 0o160000 && e.path == name)
            .map(|_| super_top))
    }
}
