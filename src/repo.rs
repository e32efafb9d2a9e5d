//! [`Repository`]: the handle users open. Finds the git directory (`discover`, `open`), creates
//! one (`init`), reads the config values the rest of the crate needs, and owns the object
//! database. Cheap to clone and safe to share across threads.
//!
//! Each entry point has a `_with_env` form taking the [`Environment`] whose variables
//! (`GIT_DIR`, `GIT_CONFIG_*`, `GIT_OBJECT_DIRECTORY`…) it reads; the plain form reads the
//! process's ([`Environment::from_process`]). The repository keeps that environment
//! ([`Repository::env`]) and reads nothing else.

mod error;

pub use error::{FormatError, InitError, Unsupported};
pub use options::{ObjectFormat, RefFormat, SharedMode};

use crate::config::{Config, ConfigError, ConfigErrorKind};
use crate::env::Environment;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::odb::{Odb, OdbOptions};
use crate::refs::RefStore;
use crate::stores::Stores;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod commit;
mod find;
pub mod git_path;
mod head;
mod init;
mod init_target;
mod memory;
mod options;
mod superproject;

pub use head::Head;
pub use init_target::{init_target, InitTarget, InitTargetError};

/// An open repository.
///
/// ```no_run
/// let repo = gitstore::Repository::discover(".")?;
/// let id: gitstore::ObjectId = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".parse().unwrap();
/// let object = repo.odb().read(&id)?;
/// println!("{} of {} bytes", object.kind, object.data.len());
/// # Ok::<(), gitstore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Repository {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    git_dir: PathBuf,
    common_dir: PathBuf,
    work_tree: Option<PathBuf>,
    config: Config,
    odb: Arc<Odb>,
    refs: RefStore,
    limits: Limits,
    env: Environment,
}

/// Options for [`Repository::init`].
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// Create a bare repository (the directory itself is the git dir).
    pub bare: bool,
    /// The branch HEAD points at; default `init.defaultBranch`, else `master` (as git 2.47).
    pub initial_branch: Option<String>,
    /// The object format (`--object-format`); default `GIT_DEFAULT_HASH`, else SHA-1. Only
    /// SHA-1 can be created: another is refused ([`Unsupported::ObjectFormat`]), never
    /// replaced.
    pub object_format: Option<ObjectFormat>,
    /// The ref storage (`--ref-format`); default `GIT_DEFAULT_REF_FORMAT`, else files. Only
    /// files can be created: reftable is refused ([`Unsupported::RefStorage`]).
    pub ref_format: Option<RefFormat>,
    /// Who may read and write the repository (`--shared`): sets `core.sharedRepository` and
    /// the permissions of what init creates.
    pub shared: Option<SharedMode>,
    /// Put the git directory here and write a `.git` file naming it in the work tree
    /// (`--separate-git-dir`); not for a bare repository.
    pub separate_git_dir: Option<PathBuf>,
    /// The template directory copied into a new git dir (`--template`); default
    /// `GIT_TEMPLATE_DIR`, else `init.templateDir`, else gitstore's own layout (git's default
    /// templates without the sample hooks). An empty path copies nothing.
    pub template_dir: Option<PathBuf>,
    /// A work tree for a repository whose git dir is `path` itself (`GIT_DIR` with
    /// `GIT_WORK_TREE`): the repository is not bare, and `core.worktree` names the work tree
    /// (absolute) unless it is the git dir's parent. Not with `bare` or `separate_git_dir`.
    pub work_tree: Option<PathBuf>,
}

/// What [`Repository::init`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    /// A new repository was created.
    Created,
    /// A repository was already there; missing pieces were added, nothing was overwritten.
    Reinitialized,
}

/// How [`Repository::open_with_work_tree`] is told where the work tree is.
enum WorkTree {
    /// Here, whatever the repository's config says (`GIT_WORK_TREE`, or the directory a
    /// discovered `.git` sits in).
    Given(PathBuf),
    /// Here unless `core.worktree` names one or the repository is bare (a `GIT_DIR` given
    /// without `GIT_WORK_TREE`: the current directory).
    Fallback(PathBuf),
    /// Found from the git dir alone: a linked worktree's `gitdir`, `core.worktree`, or the
    /// parent of a directory named `.git`.
    Default,
}

impl Repository {
    /// Opens the repository whose git directory (`.git`, or a bare repository) is `git_dir`,
    /// with this process's environment ([`Environment::from_process`]).
    pub fn open(git_dir: impl AsRef<Path>) -> Result<Repository> {
        Repository::open_with_env(git_dir, &Environment::from_process())
    }

    /// Opens the repository whose git directory is `git_dir`, reading the variables of `env`
    /// (`GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`, `GIT_CONFIG_*`, identity)
    /// and none of the process's. `GIT_DIR` and `GIT_WORK_TREE` are not consulted: the
    /// repository is the one named.
    ///
    /// ```
    /// use gitstore::{env::Environment, repo::InitOptions, Repository};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (made, _) = Repository::init(dir.path(), &InitOptions::default())?;
    /// let repo = Repository::open_with_env(made.git_dir(), &Environment::isolated())?;
    /// assert_eq!(repo.env(), &Environment::isolated());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_with_env(git_dir: impl AsRef<Path>, env: &Environment) -> Result<Repository> {
        Repository::open_with_work_tree(git_dir, WorkTree::Default, None, env)
    }

    /// Opens the repository whose git directory is named explicitly, as `GIT_DIR` or
    /// `--git-dir` name it, from the directory `cwd`. As git decides then, the work tree is
    /// `GIT_WORK_TREE` (relative to `cwd`), else `core.worktree`, else none for a bare
    /// repository, else `cwd` itself: git does not look for the work tree above the git dir, so
    /// `cwd` is the top and the prefix is empty. Reads this process's environment.
    pub fn open_named(git_dir: impl AsRef<Path>, cwd: impl AsRef<Path>) -> Result<Repository> {
        Repository::open_named_with_env(git_dir, cwd, &Environment::from_process())
    }

    /// [`open_named`](Self::open_named), reading the variables of `env` (its `GIT_WORK_TREE`
    /// among them) instead of the process's.
    pub fn open_named_with_env(
        git_dir: impl AsRef<Path>,
        cwd: impl AsRef<Path>,
        env: &Environment,
    ) -> Result<Repository> {
        let cwd = cwd.as_ref();
        let work_tree = match env.work_tree() {
            Some(wt) => WorkTree::Given(cwd.join(wt)),
            None => WorkTree::Fallback(cwd.to_path_buf()),
        };
        // named as given in messages: `.git/config`, not `./.git/config`
        let git_dir = match cwd == Path::new(".") {
            true => git_dir.as_ref().to_path_buf(),
            false => cwd.join(git_dir),
        };
        Repository::open_with_work_tree(git_dir, work_tree, None, env)
    }

    /// Opens the repository at `git_dir`; `work_tree` says where its work tree is (what
    /// `GIT_WORK_TREE`, `GIT_DIR` and discovery from a subdirectory decide). `shown` is how git
    /// would name the git dir in messages, when not as `git_dir` is spelled (see
    /// [`shown_git_dir`]).
    fn open_with_work_tree(
        git_dir: impl AsRef<Path>,
        work_tree: WorkTree,
        shown: Option<&Path>,
        env: &Environment,
    ) -> Result<Repository> {
        let git_dir = resolve_gitfile(git_dir.as_ref())?;
        if !is_git_dir(&git_dir, env) {
            return Err(Error::NotAGitDirectory { path: git_dir });
        }
        let common_dir = common_dir_of(&git_dir);
        let shown = shown
            .filter(|_| common_dir == git_dir)
            .unwrap_or(&common_dir);
        let config = Config::for_repository_with_env(&common_dir, shown, env)?;
        check_format(&config)?;
        let bare = config.get_bool("core.bare")?.unwrap_or(false);
        let linked = common_dir != git_dir;
        let (given, fallback) = match work_tree {
            WorkTree::Given(wt) => (Some(wt), None),
            WorkTree::Fallback(wt) => (None, Some(wt)),
            WorkTree::Default => (None, None),
        };
        let work_tree = if let Some(wt) = given {
            Some(wt)
        } else if linked && fallback.is_none() {
            // a linked worktree: its `gitdir` file names the `.git` file in the work tree
            crate::file::read(&git_dir.join("gitdir"))
                .ok()
                .and_then(|c| {
                    let text = String::from_utf8_lossy(&c).trim_end().to_string();
                    Path::new(&text).parent().map(Path::to_path_buf)
                })
        } else if bare {
            None
        } else if let Some(wt) = config.get("core.worktree") {
            Some(git_dir.join(wt.to_string()))
        } else if let Some(wt) = fallback {
            Some(wt)
        } else if git_dir.file_name().is_some_and(|n| n == ".git") {
            git_dir.parent().map(Path::to_path_buf)
        } else {
            None
        };
        Repository::from_parts(git_dir, common_dir, work_tree, config, env.clone())
    }

    fn from_parts(
        git_dir: PathBuf,
        common_dir: PathBuf,
        work_tree: Option<PathBuf>,
        config: Config,
        env: Environment,
    ) -> Result<Repository> {
        let mut limits = Limits::default();
        if let Some(n) = config.get_int("core.deltabasecachelimit")? {
            // git reads it as an unsigned number: a minus sign is not a number to it
            limits.delta_base_cache = usize::try_from(n).map_err(|_| ConfigError {
                location: config
                    .location_of("core.deltabasecachelimit")
                    .unwrap_or(crate::error::Location::Memory),
                kind: ConfigErrorKind::NotUnsigned {
                    key: "core.deltabasecachelimit".into(),
                    value: config
                        .get("core.deltabasecachelimit")
                        .unwrap_or_default()
                        .into(),
                },
            })?;
        }
        let loose_compression = loose_compression(&config)?;
        let shared_repository = shared_repository(&config)?;
        let objects_dir = env
            .object_directory()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| common_dir.join("objects"));
        let odb = Odb::open_with(
            objects_dir,
            OdbOptions {
                limits,
                loose_compression,
                shared_repository,
                extra_alternates: env.alternate_object_directories(),
                // git dies of a bad value only when it first wants the graph; no graph then
                commit_graph: config
                    .get_bool("core.commitgraph")
                    .ok()
                    .flatten()
                    .unwrap_or(true),
                promisor_remote: has_promisor_remote(&config),
            },
        )?;
        let odb = Arc::new(odb);
        let mut refs = RefStore::for_worktree(&git_dir, &common_dir, config.clone(), limits)?;
        refs.set_odb(Arc::clone(&odb));
        refs.set_env(env.clone());
        Ok(Repository {
            inner: Arc::new(Inner {
                git_dir,
                common_dir,
                work_tree,
                config,
                odb,
                refs,
                limits,
                env,
            }),
        })
    }

    /// Finds the repository as git does: `GIT_DIR` if set, else `start` and each directory above
    /// it, looking for a `.git` directory or file, or a bare repository. Reads this process's
    /// environment ([`Environment::from_process`]).
    pub fn discover(start: impl AsRef<Path>) -> Result<Repository> {
        Repository::discover_with_env(start, &Environment::from_process())
    }

    /// [`discover`](Self::discover), reading the variables of `env` (its `GIT_DIR` and
    /// `GIT_WORK_TREE` among them) and none of the process's.
    ///
    /// ```
    /// use gitstore::{env::Environment, repo::InitOptions, Repository};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let (made, _) = Repository::init(dir.path().join("elsewhere"), &InitOptions::default())?;
    /// // discovery from `dir` finds nothing; a GIT_DIR given in the environment names one
    /// let env = Environment::isolated().with_git_dir(made.git_dir());
    /// let repo = Repository::discover_with_env(dir.path(), &env)?;
    /// assert_eq!(repo.git_dir(), made.git_dir());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discover_with_env(start: impl AsRef<Path>, env: &Environment) -> Result<Repository> {
        let start = start.as_ref();
        if let Some(dir) = env.git_dir() {
            let work_tree = match env.work_tree() {
                Some(wt) => WorkTree::Given(start.join(wt)),
                None => WorkTree::Fallback(start.to_path_buf()),
            };
            let shown = (start == Path::new(".")).then_some(dir);
            return Repository::open_with_work_tree(start.join(dir), work_tree, shown, env);
        }
        let abs = start.canonicalize().map_err(|e| Error::io(start, e))?;
        let mut dir: Option<&Path> = Some(&abs);
        while let Some(d) = dir {
            let dot_git = d.join(".git");
            if dot_git.exists() {
                let git_dir = resolve_gitfile(&dot_git)?;
                if is_git_dir(&git_dir, env) {
                    let shown = shown_git_dir(&dot_git, &git_dir);
                    let common_dir = common_dir_of(&git_dir);
                    let shown_common = if common_dir == git_dir {
                        shown
                    } else {
                        &common_dir
                    };
                    let config = Config::for_repository_with_env(&common_dir, shown_common, env)?;
                    check_format(&config)?;
                    let bare = config.get_bool("core.bare")?.unwrap_or(false);
                    let configured = config.get("core.worktree").is_some();
                    let work_tree = match !bare && !configured {
                        true => WorkTree::Given(d.to_path_buf()),
                        false => WorkTree::Default,
                    };
                    return Repository::open_with_work_tree(&git_dir, work_tree, Some(shown), env);
                }
            }
            if is_git_dir(d, env) {
                // git moves into a bare repository (or a `.git` dir) it finds
                return Repository::open_with_work_tree(
                    d,
                    WorkTree::Default,
                    Some(Path::new(".")),
                    env,
                );
            }
            dir = d.parent();
        }
        Err(Error::NotARepository { path: abs })
    }

    /// Creates a repository at `path` (its work tree, or the git dir itself when bare), with the
    /// layout git 2.47 makes from its default templates: `HEAD`, `config`, `description`,
    /// `info/exclude`, `branches/`, `hooks/` (without the sample hooks), `objects/info`,
    /// `objects/pack`, `refs/heads`, `refs/tags`; or, given a template directory, the
    /// repository directories and that directory's files. An existing repository is left as it
    /// is, missing pieces added. [`InitOptions`] chooses the formats (only SHA-1 and files
    /// refs can be written: another is refused before anything is created, never replaced),
    /// sharing, templates and where the git dir goes. Reads this process's environment (the
    /// config, `GIT_DEFAULT_HASH`, `GIT_DEFAULT_REF_FORMAT`, `GIT_TEMPLATE_DIR`).
    pub fn init(
        path: impl AsRef<Path>,
        options: &InitOptions,
    ) -> Result<(Repository, InitOutcome)> {
        Repository::init_with_env(path, options, &Environment::from_process())
    }

    /// [`init`](Self::init), reading the variables of `env` (`init.defaultBranch` and
    /// `init.templateDir` from the config it names, `GIT_DEFAULT_HASH`,
    /// `GIT_DEFAULT_REF_FORMAT`, `GIT_TEMPLATE_DIR`) instead of the process's; the repository
    /// keeps `env`. A path that is a linked worktree's `.git` file re-initialises the git dir
    /// it names.
    pub fn init_with_env(
        path: impl AsRef<Path>,
        options: &InitOptions,
        env: &Environment,
    ) -> Result<(Repository, InitOutcome)> {
        let path = path.as_ref();
        let git_dir = match (&options.separate_git_dir, options.bare) {
            (Some(_), true) => return Err(InitError::SeparateGitDirWithBare.into()),
            (_, true) if options.work_tree.is_some() => {
                return Err(InitError::WorkTreeWithBare.into())
            }
            (None, false) if options.work_tree.is_some() => path.to_path_buf(),
            (Some(d), false) => d.clone(),
            (None, true) => path.to_path_buf(),
            // a linked worktree's `.git` file names its git dir
            (None, false) if path.join(".git").is_file() => resolve_gitfile(&path.join(".git"))?,
            (None, false) => path.join(".git"),
        };
        if let Some(sep) = options.separate_git_dir.as_deref() {
            init::move_to_separate(path, sep, env)?;
        }
        let existed = is_git_dir(&git_dir, env);
        let common = if existed {
            common_dir_of(&git_dir)
        } else {
            git_dir.clone()
        };
        if existed {
            // refuse a repository gitstore cannot read (SHA-256…) before touching it
            check_format(&Config::for_repository_with_env(&common, &common, env)?)?;
        }
        init::check_formats(options, env, existed)?;
        let template = options.template_dir_with_env(&common, env)?;
        let builtin = template.is_none();
        let mut dirs = vec!["objects/info", "objects/pack", "refs/heads", "refs/tags"];
        if builtin {
            dirs.extend(["info", "hooks", "branches"]);
        }
        for sub in dirs {
            let d = common.join(sub);
            std::fs::create_dir_all(&d).map_err(|e| Error::io(d, e))?;
        }
        if let Some(template) = template.filter(|t| !t.as_os_str().is_empty() && t.is_dir()) {
            init::copy_template(&template, &common)?;
        }
        let head = git_dir.join("HEAD");
        if !existed || !head.exists() {
            let global = Config::for_repository_with_env(&git_dir, &git_dir, env)?;
            let branch = match &options.initial_branch {
                Some(b) => b.clone(),
                None => global
                    .get("init.defaultbranch")
                    .map(|b| b.to_string())
                    .unwrap_or_else(|| "master".to_string()),
            };
            let refname = format!("refs/heads/{branch}");
            if !plausible_ref_name(&refname) {
                return Err(Error::InvalidBranchName { name: branch });
            }
            write_new(&head, format!("ref: {refname}\n").as_bytes())?;
        }
        let config = common.join("config");
        if !config.exists() {
            write_new(&config, init::new_config(options, &git_dir).as_bytes())?;
        }
        let description = common.join("description");
        if builtin && !description.exists() {
            write_new(
                &description,
                b"Unnamed repository; edit this file 'description' to name the repository.\n",
            )?;
        }
        let exclude = common.join("info/exclude");
        if builtin && !exclude.exists() {
            write_new(
                &exclude,
                b"# git ls-files --others --exclude-from=.git/info/exclude\n\
                  # Lines that start with '#' are comments.\n\
                  # For a project mostly in C, the following would be a good set of\n\
                  # exclude patterns (uncomment them if you want to use them):\n\
                  # *.[oa]\n\
                  # *~\n",
            )?;
        }
        if !existed {
            if let Some(mode) = options.shared {
                init::share(&git_dir, mode)?;
            }
        } else {
            // git applies `--shared`, else the configured mode, to the config and to the two
            // directories it re-creates: the git dir and its refs
            let configured = Config::for_repository_with_env(&common, &common, env)?;
            let mode = match options.shared {
                Some(mode) => mode,
                None => SharedMode::from_config(&configured)?,
            };
            if let Some(value) = mode.config_value() {
                init::reshare(&git_dir, &common, mode, &value)?;
            }
        }
        let repo = if options.separate_git_dir.is_some() {
            init::write_gitfile(path, &git_dir)?;
            Repository::open_with_work_tree(
                &git_dir,
                WorkTree::Given(path.to_path_buf()),
                None,
                env,
            )?
        } else {
            Repository::open_with_env(&git_dir, env)?
        };
        let outcome = if existed {
            InitOutcome::Reinitialized
        } else {
            InitOutcome::Created
        };
        Ok((repo, outcome))
    }

    /// The git directory (`.git`, or the repository itself when bare).
    pub fn git_dir(&self) -> &Path {
        &self.inner.git_dir
    }

    /// The directory shared by all worktrees: objects, config, branches and tags. The same as
    /// [`git_dir`](Self::git_dir) unless this is a linked worktree (`git worktree add`).
    pub fn common_dir(&self) -> &Path {
        &self.inner.common_dir
    }

    /// The work tree of every worktree of the repository and the branch (full ref name) each
    /// has checked out, main worktree first; detached or bare ones have no branch.
    pub fn worktrees(&self) -> Vec<(PathBuf, Option<bstr::BString>)> {
        self.stores().worktrees()
    }

    /// The work tree, or `None` for a bare repository.
    pub fn work_tree(&self) -> Option<&Path> {
        self.inner.work_tree.as_deref()
    }

    /// Whether the repository is bare, as git's `is_bare_repository`: it has no work tree, and
    /// `core.bare` does not say otherwise (inside the `.git` of a non-bare repository there is
    /// no work tree, yet the repository is not bare).
    pub fn is_bare(&self) -> bool {
        self.stores().is_bare()
    }

    /// The repository's parts, borrowed, for the layers below `repo` ([`Stores`]).
    pub fn stores(&self) -> Stores<'_> {
        let i = &*self.inner;
        Stores::new(
            &i.odb,
            &i.refs,
            &i.config,
            &i.limits,
            &i.env,
            &i.git_dir,
            &i.common_dir,
            i.work_tree.as_deref(),
        )
    }

    /// Where `dir` sits in the work tree, as git's "prefix": `sub/dir/` for a subdirectory, empty
    /// at the top, `None` outside the work tree (or in a bare repository).
    pub fn prefix_of(&self, dir: &Path) -> Option<bstr::BString> {
        let top = self.work_tree()?.canonicalize().ok()?;
        let dir = dir.canonicalize().ok()?;
        if let Ok(git_dir) = self.git_dir().canonicalize() {
            if dir.starts_with(&git_dir) {
                return None;
            }
        }
        let rel = dir.strip_prefix(&top).ok()?;
        let mut prefix = Vec::new();
        for comp in rel.components() {
            prefix.extend_from_slice(comp.as_os_str().as_encoded_bytes());
            prefix.push(b'/');
        }
        Some(prefix.into())
    }

    /// The layered configuration (system, global, repository).
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The object database.
    pub fn odb(&self) -> &Odb {
        &self.inner.odb
    }

    /// The refs: loose, packed, symbolic; transactions and reflogs.
    pub fn refs(&self) -> &RefStore {
        &self.inner.refs
    }

    /// A formatter of this repository's refs (`for-each-ref --format`, `--sort`; see
    /// [`crate::refs::format`]).
    pub fn ref_formatter(&self) -> Result<crate::refs::format::Formatter<'_>> {
        crate::refs::format::Formatter::new(self.odb(), self.refs())
    }

    /// The limits this repository enforces.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The environment variables the repository was opened with: its config, object database
    /// and reflog identity were read from them. Pass it on to what reads more
    /// ([`crate::identity::committer_with_env`]).
    pub fn env(&self) -> &Environment {
        &self.inner.env
    }
}

impl<'r> From<&'r Repository> for Stores<'r> {
    fn from(repo: &'r Repository) -> Stores<'r> {
        repo.stores()
    }
}

/// The loose-object zlib level: `core.looseCompression`, else `core.compression`, else git's
/// default (1); -1 means zlib's default (6).
fn loose_compression(config: &Config) -> Result<u32> {
    let level = match config.get_int("core.loosecompression")? {
        Some(l) => Some(l),
        None => config.get_int("core.compression")?,
    };
    match level {
        None => Ok(crate::loose::DEFAULT_COMPRESSION),
        Some(-1) => Ok(6),
        Some(l @ 0..=9) => Ok(l as u32),
        Some(level) => Err(Error::from(ConfigError {
            location: crate::error::Location::Memory,
            kind: ConfigErrorKind::CompressionLevel { level },
        })),
    }
}

/// git's `repo_has_promisor_remote`: `extensions.partialClone` names one, or a remote has
/// `promisor` true or any `partialCloneFilter` (git refuses remote names starting with `/`).
fn has_promisor_remote(config: &Config) -> bool {
    if config.get("extensions.partialclone").is_some() {
        return true;
    }
    config.entries().iter().any(|e| {
        let Some(name) = e.subsection.as_ref().filter(|n| !n.starts_with(b"/")) else {
            return false;
        };
        e.section == "remote"
            && (e.key == "partialclonefilter"
                || e.key == "promisor"
                    && config
                        .get_bool(&format!("remote.{name}.promisor"))
                        .ok()
                        .flatten()
                        == Some(true))
    })
}

impl SharedMode {
    /// The mode `core.sharedRepository` asks for (git's `get_shared_repository`).
    pub fn from_config(config: &Config) -> Result<SharedMode> {
        Ok(match shared_repository(config)? {
            0 => SharedMode::Umask,
            0o660 => SharedMode::Group,
            0o664 => SharedMode::All,
            m => SharedMode::Perm(m.unsigned_abs()),
        })
    }
}

/// `core.sharedRepository` as git's `git_config_perm` reads it: 0 (the umask alone), `0o660`
/// (group: `group`, `true`, `1`), `0o664` (`all`, `world`, `everybody`, `2`), or minus an exact
/// mode given in octal (which must leave the owner read and write).
fn shared_repository(config: &Config) -> Result<i32> {
    let value = match config.get_raw("core.sharedrepository") {
        None => return Ok(0),
        Some(None) => return Ok(0o660),
        Some(Some(v)) => v,
    };
    let value: &[u8] = value;
    match value {
        b"umask" => return Ok(0),
        b"group" => return Ok(0o660),
        b"all" | b"world" | b"everybody" => return Ok(0o664),
        _ => {}
    }
    let octal = std::str::from_utf8(value)
        .ok()
        .filter(|t| t.bytes().all(|b| (b'0'..=b'7').contains(&b)))
        .and_then(|t| {
            if t.is_empty() {
                Some(0)
            } else {
                i32::from_str_radix(t, 8).ok()
            }
        });
    let Some(mode) = octal else {
        // not a number: a boolean, true meaning group
        let group = config.get_bool("core.sharedrepository")?.unwrap_or(false);
        return Ok(if group { 0o660 } else { 0 });
    };
    match mode {
        0 => Ok(0),
        1 => Ok(0o660),
        2 => Ok(0o664),
        m if m & 0o600 != 0o600 => Err(Error::from(ConfigError {
            location: crate::error::Location::Memory,
            kind: ConfigErrorKind::SharedRepositoryMode { mode: m as u32 },
        })),
        m => Ok(-(m & 0o666)),
    }
}

/// How git names a git dir it found through `dot_git` in messages: `.git` for a directory (git
/// moves to the top of the work tree), the resolved path for a `.git` file.
fn shown_git_dir<'p>(dot_git: &Path, git_dir: &'p Path) -> &'p Path {
    if dot_git.is_dir() {
        Path::new(".git")
    } else {
        git_dir
    }
}

/// Extensions git 2.47 knows in any repository version, and those only version 1 may use.
const EXTENSIONS_V0: &[&str] = &["noop", "preciousobjects", "partialclone", "worktreeconfig"];
const EXTENSIONS_V1_ONLY: &[&str] = &[
    "noop-v1",
    "objectformat",
    "compatobjectformat",
    "refstorage",
];

/// Refuses what git's `verify_repository_format` refuses, in its words, then what gitstore
/// cannot read (SHA-256, reftable).
fn check_format(config: &Config) -> Result<()> {
    let version = config.get_int("core.repositoryformatversion")?.unwrap_or(0);
    if version > 1 {
        return Err(FormatError::VersionTooNew { version }.into());
    }
    let mut unknown = Vec::new();
    let mut v1_only = Vec::new();
    for e in config.entries() {
        if e.section != "extensions" || e.subsection.is_some() {
            continue;
        }
        let key = e.key.to_string();
        if EXTENSIONS_V0.contains(&key.as_str()) {
            continue;
        }
        if EXTENSIONS_V1_ONLY.contains(&key.as_str()) {
            v1_only.push(key);
        } else {
            unknown.push(key);
        }
    }
    if version >= 1 && !unknown.is_empty() {
        return Err(FormatError::UnknownExtensions { names: unknown }.into());
    }
    if version == 0 && !v1_only.is_empty() {
        return Err(FormatError::V1OnlyExtensions { names: v1_only }.into());
    }
    if let Some(format) = config.get("extensions.objectformat") {
        if !format.eq_ignore_ascii_case(b"sha1") {
            return Err(Unsupported::ObjectFormat {
                name: format.into(),
            }
            .into());
        }
    }
    if let Some(format) = config.get("extensions.refstorage") {
        if !format.eq_ignore_ascii_case(b"files") {
            return Err(Unsupported::RefStorage {
                name: format.into(),
            }
            .into());
        }
    }
    Ok(())
}

/// Follows a `.git` file (`gitdir: <path>`) to the directory it names.
fn resolve_gitfile(path: &Path) -> Result<PathBuf> {
    if !path.is_file() {
        return Ok(path.to_path_buf());
    }
    let content = crate::file::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(&content);
    let target = text
        .strip_prefix("gitdir: ")
        .map(|t| t.trim_end_matches(['\n', '\r']))
        .ok_or_else(|| Error::InvalidGitFile {
            path: path.to_path_buf(),
        })?;
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(base.join(target))
}

/// Whether `dir` looks like a git directory: `HEAD`, `objects/` and `refs/` (as git checks).
fn is_git_dir(dir: &Path, env: &Environment) -> bool {
    let head_ok = crate::file::read(&dir.join("HEAD")).is_ok_and(|h| {
        h.starts_with(b"ref: refs/") || (h.len() >= 40 && h[..40].iter().all(u8::is_ascii_hexdigit))
    });
    let common = common_dir_of(dir);
    head_ok
        && (common.join("objects").is_dir() || env.object_directory().is_some())
        && common.join("refs").is_dir()
}

/// The directory holding objects, shared refs and config: the one a linked worktree's
/// `commondir` file names (relative to `git_dir`), else `git_dir` itself.
fn common_dir_of(git_dir: &Path) -> PathBuf {
    match crate::file::read(&git_dir.join("commondir")) {
        Ok(content) => {
            let text = String::from_utf8_lossy(&content).trim_end().to_string();
            if text.is_empty() {
                git_dir.to_path_buf()
            } else {
                let joined = git_dir.join(text);
                joined.canonicalize().unwrap_or(joined)
            }
        }
        Err(_) => git_dir.to_path_buf(),
    }
}

fn write_new(path: &Path, content: &[u8]) -> Result<()> {
    std::fs::write(path, content).map_err(|e| Error::io(path, e))
}

/// A conservative check of a new branch name until it goes through the refs module.
fn plausible_ref_name(name: &str) -> bool {
    !name.ends_with('/')
        && !name.ends_with(".lock")
        && !name.ends_with('.')
        && !name.contains("..")
        && !name.contains("//")
        && !name.contains("@{")
        && !name.split('/').any(|c| c.starts_with('.'))
        && !name
            .bytes()
            .any(|b| b < 0x20 || b == 0x7f || b" ~^:?*[\\".contains(&b))
}
