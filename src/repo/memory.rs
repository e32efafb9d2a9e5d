//! [`Repository::in_memory`]: a repository with no directory, its objects in a
//! [`MemoryStore`] and its refs in memory, for tests and for tools that build history before
//! (or instead of) writing it anywhere.

use super::{Inner, Repository};
use crate::config::Config;
use crate::error::Result;
use crate::limits::Limits;
use crate::odb::{MemoryStore, Odb};
use crate::refs::{RefName, RefStore};
use std::path::PathBuf;
use std::sync::Arc;

impl Repository {
    /// A new, empty repository that lives entirely in memory: objects in a [`MemoryStore`]
    /// ([`Odb::in_memory`]), refs and reflogs in a [`RefStore::in_memory`], `HEAD` on the
    /// unborn branch `main`, an empty config. Everything reads and writes as for a repository
    /// on disk (lookups, [`revision::resolve`](crate::revision::resolve), transactions,
    /// [`commit_and_move`](Self::commit_and_move)); nothing touches the file system. It has
    /// no directories: [`git_dir`](Self::git_dir) is an empty path. Clones share the same
    /// objects and refs.
    ///
    /// ```
    /// use gitstore::object::{Commit, EntryMode, Signature};
    /// use gitstore::refs::RefName;
    /// use gitstore::repo::Head;
    /// use gitstore::{revision, Kind, Repository};
    ///
    /// let repo = Repository::in_memory()?;
    /// let blob = repo.odb().write(Kind::Blob, b"in memory\n")?;
    /// let mut tree = repo.edit_tree(None);
    /// tree.insert(b"notes/today.txt", EntryMode::BLOB, blob)?;
    /// let me = Signature::new("Me", "me@example.com", 1_700_000_000, "+0000");
    /// let commit = Commit::new(tree.write()?)
    ///     .with_author(me.clone())
    ///     .with_committer(me)
    ///     .with_message("Remember\n");
    /// let id = repo.commit_and_move(&RefName::head(), &commit, None)?;
    ///
    /// assert_eq!(repo.head()?, Head::Branch { name: RefName::new("refs/heads/main")?, id });
    /// assert_eq!(revision::resolve(&repo, "main:notes/today.txt")?, blob);
    /// assert_eq!(repo.refs().reflog(&RefName::head())?[0].message, "commit (initial): Remember");
    /// # Ok::<(), gitstore::Error>(())
    /// ```
    pub fn in_memory() -> Result<Repository> {
        Repository::in_memory_with(Config::empty(), &RefName::new("refs/heads/main")?)
    }

    /// Like [`in_memory`](Self::in_memory), with a config (for `user.name`, `user.email`,
    /// `core.logAllRefUpdates`…) and the branch `HEAD` starts on (full name).
    pub fn in_memory_with(config: Config, initial_branch: &RefName) -> Result<Repository> {
        let limits = Limits::default();
        let odb = Arc::new(Odb::in_memory(MemoryStore::new()));
        let mut refs = RefStore::in_memory(initial_branch, config.clone(), limits)?;
        refs.set_odb(Arc::clone(&odb));
        // as `open` does: identity variables from the process (a program sets them in config)
        let env = crate::env::Environment::from_process();
        refs.set_env(env.clone());
        Ok(Repository {
            inner: Arc::new(Inner {
                git_dir: PathBuf::new(),
                common_dir: PathBuf::new(),
                work_tree: None,
                config,
                odb,
                refs,
                limits,
                env,
            }),
        })
    }
}
