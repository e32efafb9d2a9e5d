//! Refs: names for object ids, stored the way git's "files" backend stores them.
//!
//! ```text
//! .git/HEAD                 ref: refs/heads/main      (a symbolic ref)
//! .git/refs/heads/main      3a1b…\n                   (a loose ref)
//! .git/packed-refs          many refs in one file      (see [`packed`])
//! .git/logs/refs/heads/main one line per update         (see [`reflog`])
//! ```
//!
//! A ref is looked up loose first, then in `packed-refs`: a loose ref shadows its packed twin.
//! Symbolic refs are followed up to [`Limits::max_symref_depth`] levels. Every change goes
//! through a [`Transaction`] that takes `<ref>.lock` files, so that concurrent writers (git
//! included) never see half a change.
//!
//! ```no_run
//! use gitstore::refs::{RefEdit, RefName, RefStore, Resolved};
//! let store = RefStore::open(".git".as_ref())?;
//! if let Some(Resolved::Object { name, id, .. }) = store.resolve(&RefName::head())? {
//!     let mut tx = store.transaction();
//!     tx.push(RefEdit::create(RefName::new("refs/heads/copy")?, id).message("branch: copy"))?;
//!     tx.commit()?;
//!     println!("{name} is at {id}");
//! }
//! # Ok::<(), gitstore::Error>(())
//! ```

mod error;
pub mod format;
pub mod loose;
pub mod malformed;
mod memory;
pub mod name;
pub mod packed;
pub mod pattern;
mod reference;
pub mod reflog;
mod rename;
pub mod script;
pub mod tracking;
pub mod transaction;

pub use error::{Error, RefError, RefErrorKind, Result};
pub use malformed::is_safe_name;
pub use name::{NameProblem, RefName};
pub use packed::PackedRefs;
pub use reference::{
    BrokenKind, BrokenRef, LogRefs, RefList, Reference, Resolved, Storage, Target,
};
pub use reflog::ReflogEntry;
pub use transaction::{Change, RefEdit, Transaction};

use crate::config::Config;
use crate::limits::Limits;
use crate::location::Location;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use loose::{LooseRefProblem, LooseValue};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The refs of one repository: loose files under `git_dir`, `packed-refs`, and reflogs.
#[derive(Debug, Clone)]
pub struct RefStore {
    git_dir: PathBuf,
    /// Where shared refs, `packed-refs` and their logs live: `git_dir` itself, or for a linked
    /// worktree the main repository's git directory (`commondir`).
    common_dir: PathBuf,
    config: Config,
    limits: Limits,
    log_refs: LogRefs,
    lock_timeout: Duration,
    packed_lock_timeout: Duration,
    /// The last `packed-refs` read, keyed by what identifies that version of the file (git
    /// replaces it by renaming a new file over it, so inode, size and mtime change together).
    packed_cache: Arc<Mutex<PackedCache>>,
    /// Where annotated tags are peeled when `packed-refs` is rewritten.
    odb: Option<Arc<crate::odb::Odb>>,
    /// The refs themselves when the store lives in memory ([`RefStore::in_memory`]); `None`
    /// for git's files backend.
    memory: Option<Arc<memory::MemoryRefs>>,
    /// Where the reflog identity's variables come from; `None`: the process's, when needed.
    env: Option<crate::env::Environment>,
}

/// Inode, size and modification time of a `packed-refs` file.
type PackedKey = (u64, u64, Option<std::time::SystemTime>);

/// The last parsed `packed-refs` and the version of the file it came from.
type PackedCache = Option<(PackedKey, Arc<PackedRefs>)>;

impl RefStore {
    /// Opens the refs of the repository at `git_dir`, reading its config for
    /// `core.logAllRefUpdates`, `core.bare` and the lock timeouts.
    pub fn open(git_dir: &Path) -> Result<RefStore> {
        let config = Config::for_repository(git_dir)?;
        RefStore::with_config(git_dir, config, Limits::default())
    }

    /// Opens the refs at `git_dir` with a config and limits the caller already has.
    pub fn with_config(git_dir: &Path, config: Config, limits: Limits) -> Result<RefStore> {
        RefStore::for_worktree(git_dir, git_dir, config, limits)
    }

    /// The refs of a linked worktree: HEAD and the other per-worktree refs in `git_dir`
    /// (`.git/worktrees/<id>`), every other ref and `packed-refs` in `common_dir`.
    pub fn for_worktree(
        git_dir: &Path,
        common_dir: &Path,
        config: Config,
        limits: Limits,
    ) -> Result<RefStore> {
        let bare = config.get_bool("core.bare")?.unwrap_or(false);
        let log_refs = match config.get("core.logallrefupdates") {
            Some(v) if v.eq_ignore_ascii_case(b"always") => LogRefs::Always,
            _ => match config.get_bool("core.logallrefupdates")? {
                Some(true) => LogRefs::Normal,
                Some(false) => LogRefs::None,
                None if bare => LogRefs::None,
                None => LogRefs::Normal,
            },
        };
        let ms = |key: &str, default: u64| -> Result<Duration> {
            Ok(Duration::from_millis(
                config
                    .get_int(key)?
                    .map_or(default, |v| v.clamp(0, 600_000) as u64),
            ))
        };
        Ok(RefStore {
            git_dir: git_dir.to_path_buf(),
            common_dir: common_dir.to_path_buf(),
            lock_timeout: ms("core.filesreflocktimeout", 100)?,
            packed_lock_timeout: ms("core.packedrefstimeout", 1000)?,
            config,
            limits,
            log_refs,
            packed_cache: Arc::new(Mutex::new(None)),
            odb: None,
            memory: None,
            env: None,
        })
    }

    /// A store whose refs and reflogs live in memory, with `HEAD` pointing at the unborn
    /// `initial_branch` (a full name, `refs/heads/main`). Give it the object database its refs
    /// point into with [`set_odb`](Self::set_odb): without one, every new value is taken as a
    /// missing object. `config` decides
    /// `core.logAllRefUpdates` (default: log branches and `HEAD`, as in a repository with a
    /// work tree). It has no directory: [`git_dir`](Self::git_dir) and the other paths are
    /// empty. Clones share the refs. See [`Repository::in_memory`](crate::Repository::in_memory).
    pub fn in_memory(initial_branch: &RefName, config: Config, limits: Limits) -> Result<RefStore> {
        let log_refs = match config.get("core.logallrefupdates") {
            Some(v) if v.eq_ignore_ascii_case(b"always") => LogRefs::Always,
            _ => match config.get_bool("core.logallrefupdates")? {
                Some(false) => LogRefs::None,
                _ => LogRefs::Normal,
            },
        };
        Ok(RefStore {
            git_dir: PathBuf::new(),
            common_dir: PathBuf::new(),
            lock_timeout: Duration::ZERO,
            packed_lock_timeout: Duration::ZERO,
            config,
            limits,
            log_refs,
            packed_cache: Arc::new(Mutex::new(None)),
            odb: None,
            memory: Some(Arc::new(memory::MemoryRefs::new(initial_branch))),
            env: None,
        })
    }

    /// Whether the refs live in memory ([`RefStore::in_memory`]).
    pub fn is_in_memory(&self) -> bool {
        self.memory.is_some()
    }

    /// The repository directory.
    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// The config the store was opened with (used for the reflog identity).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Which updates create new reflogs.
    pub fn log_refs(&self) -> LogRefs {
        self.log_refs
    }

    /// Overrides `core.logAllRefUpdates`.
    pub fn set_log_refs(&mut self, log_refs: LogRefs) {
        self.log_refs = log_refs;
    }

    /// Overrides the time a transaction retries a held ref lock (git's
    /// `core.filesRefLockTimeout`, default 100 ms) and the `packed-refs` lock (default 1 s).
    pub fn set_lock_timeouts(&mut self, refs: Duration, packed_refs: Duration) {
        self.lock_timeout = refs;
        self.packed_lock_timeout = packed_refs;
    }

    pub(crate) fn lock_timeouts(&self) -> (Duration, Duration) {
        (self.lock_timeout, self.packed_lock_timeout)
    }

    /// The directory shared by every worktree (the git directory itself when there are none).
    pub fn common_dir(&self) -> &Path {
        &self.common_dir
    }

    /// The directory a ref's files live under: the worktree's own for HEAD, other one-level
    /// refs and `refs/worktree/`, `refs/bisect/`, `refs/rewritten/` (git's per-worktree refs);
    /// the common directory for every other ref.
    pub fn dir_for(&self, name: &[u8]) -> &Path {
        if is_per_worktree(name) {
            &self.git_dir
        } else {
            &self.common_dir
        }
    }

    /// The path of a ref's loose file (or of `name` relative to `dir` in general).
    pub fn loose_path(&self, name: &[u8]) -> PathBuf {
        join_bytes(self.dir_for(name), name)
    }

    /// The path of a ref's reflog.
    pub fn reflog_path(&self, name: &[u8]) -> PathBuf {
        join_bytes(&self.dir_for(name).join("logs"), name)
    }

    /// The path of `packed-refs`.
    pub fn packed_refs_path(&self) -> PathBuf {
        self.common_dir.join("packed-refs")
    }

    /// Reads `packed-refs` (empty when there is none).
    pub fn packed_refs(&self) -> Result<PackedRefs> {
        Ok(PackedRefs::clone(&*self.packed_refs_shared()?))
    }

    /// The current `packed-refs`, parsed once per version of the file and shared.
    pub fn packed_refs_shared(&self) -> Result<Arc<PackedRefs>> {
        use std::os::unix::fs::MetadataExt;
        if self.memory.is_some() {
            return Ok(Arc::new(PackedRefs::default()));
        }
        let path = self.packed_refs_path();
        let key = match std::fs::metadata(&path) {
            Ok(m) => (m.ino(), m.len(), m.modified().ok()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Arc::new(PackedRefs::default()))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        let mut cache = self.packed_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((cached_key, refs)) = cache.as_ref() {
            if *cached_key == key {
                return Ok(Arc::clone(refs));
            }
        }
        let bytes = match crate::FileBytes::open(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Arc::new(PackedRefs::default()))
            }
            Err(e) => return Err(Error::io(path, e)),
        };
        let refs = Arc::new(
            PackedRefs::parse(&bytes).map_err(|error| Error::PackedRefsCorrupt { path, error })?,
        );
        *cache = Some((key, Arc::clone(&refs)));
        Ok(refs)
    }

    /// Reads a loose ref file; `None` when there is no file (or a directory) at its path.
    pub(crate) fn read_loose(&self, name: &RefName) -> Result<Option<Target>> {
        if let Some(memory) = &self.memory {
            return Ok(memory.get(name));
        }
        let path = self.loose_path(name.as_bytes());
        let corrupt = |reason: LooseRefProblem| {
            Error::Ref(RefError::new(
                name.as_bstr(),
                RefErrorKind::Corrupt {
                    location: Location::File(path.clone()),
                    reason,
                },
            ))
        };
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            // missing, or a parent is a file (`refs/heads/a` when looking up `refs/heads/a/b`)
            Err(_) => return Ok(None),
        };
        if meta.is_dir() {
            return Ok(None);
        }
        if meta.file_type().is_symlink() {
            // git's old symlink form of a symbolic ref: only a target under refs/ is honoured
            let link = std::fs::read_link(&path).map_err(|e| Error::io(&path, e))?;
            let bytes = <[u8]>::from_path(&link).unwrap_or_default();
            return match bytes.strip_prefix(b"refs/") {
                Some(_) => Ok(Some(Target::Symbolic(self.symref_target(name, bytes)?))),
                None => Err(corrupt(LooseRefProblem::SymlinkOutsideRefs)),
            };
        }
        let mut content = Vec::new();
        let file = crate::file::open(&path);
        match file {
            Ok(f) => f
                .take(self.limits.max_loose_ref_size)
                .read_to_end(&mut content)
                .map_err(|e| Error::io(&path, e))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        match loose::parse_loose(&content) {
            Ok(LooseValue::Object(id)) => Ok(Some(Target::Object(id))),
            Ok(LooseValue::Symbolic(t)) => {
                Ok(Some(Target::Symbolic(self.symref_target(name, &t)?)))
            }
            Err(problem) => Err(corrupt(problem)),
        }
    }

    fn symref_target(&self, name: &RefName, target: &[u8]) -> Result<RefName> {
        RefName::symref_target(target).map_err(|_| {
            Error::Ref(RefError::new(
                name.as_bstr(),
                RefErrorKind::SymrefOutsideRefs {
                    target: target.into(),
                },
            ))
        })
    }

    /// The ref named `name` as stored (loose, else packed), without following symbolic refs.
    pub fn find(&self, name: &RefName) -> Result<Option<Reference>> {
        if let Some(target) = self.read_loose(name)? {
            return Ok(Some(Reference {
                name: name.clone(),
                target,
                peeled: None,
            }));
        }
        if name.is_root() {
            return Ok(None);
        }
        Ok(self
            .packed_refs_shared()?
            .find(name.as_bytes())
            .map(|r| Reference {
                name: name.clone(),
                target: Target::Object(r.id),
                peeled: r.peeled,
            }))
    }

    /// Where the ref named `name` is stored (git's `REF_ISPACKED`): a loose file shadows
    /// `packed-refs`; `None` when it is in neither. Symbolic refs are not followed.
    pub fn storage(&self, name: &RefName) -> Result<Option<Storage>> {
        if self.read_loose(name)?.is_some() {
            return Ok(Some(Storage::Loose));
        }
        if name.is_root() || self.memory.is_some() {
            return Ok(None);
        }
        Ok(self
            .packed_refs_shared()?
            .find(name.as_bytes())
            .map(|_| Storage::Packed))
    }

    /// Like [`RefStore::find`] for a name given as bytes; the name is checked first.
    pub fn find_bytes(&self, name: &[u8]) -> Result<Option<Reference>> {
        self.find(&RefName::new(name)?)
    }

    /// What the annotated tag `id` finally points at (git's `peel_object`): `None` when `id` is
    /// not a tag or the chain reaches a missing object or is longer than
    /// [`Limits::max_tag_chain`] ([`Odb::tag_chain`](crate::odb::Odb::tag_chain)). Looks in the
    /// object database the store was given ([`RefStore::set_odb`]), with its limits, else in
    /// `<common dir>/objects`, with the store's.
    pub fn peel_tag(&self, id: &ObjectId) -> Option<ObjectId> {
        let opened;
        let odb = match &self.odb {
            Some(odb) => odb.as_ref(),
            // in memory without an odb: no directory to open one from
            None if self.memory.is_some() => return None,
            None => {
                let options = crate::odb::OdbOptions {
                    limits: self.limits,
                    ..Default::default()
                };
                opened =
                    crate::odb::Odb::open_with(self.common_dir.join("objects"), options).ok()?;
                &opened
            }
        };
        odb.tag_chain(id).ok()?.peeled()
    }

    /// The kind of object `id`, or `None` when the repository does not have it.
    pub fn object_kind(&self, id: &ObjectId) -> Result<Option<crate::Kind>> {
        let opened;
        let odb = match &self.odb {
            Some(odb) => odb.as_ref(),
            None if self.memory.is_some() => return Ok(None),
            None => {
                opened = crate::odb::Odb::open(self.common_dir.join("objects"))?;
                &opened
            }
        };
        Ok(odb.try_read_header(id)?.map(|h| h.kind))
    }

    /// Sets the object database [`RefStore::peel_tag`] and [`RefStore::object_kind`] read.
    pub fn set_odb(&mut self, odb: Arc<crate::odb::Odb>) {
        self.odb = Some(odb);
    }

    /// Sets the environment the reflog identity is read from
    /// ([`crate::identity::reflog_committer_with_env`]); without one it is the process's.
    pub fn set_env(&mut self, env: crate::env::Environment) {
        self.env = Some(env);
    }

    /// The environment set with [`RefStore::set_env`], if any.
    pub fn env(&self) -> Option<&crate::env::Environment> {
        self.env.as_ref()
    }

    /// Follows `name` through symbolic refs. `None` when `name` itself does not exist;
    /// [`Resolved::Unborn`] when it is a symbolic ref to a missing ref. A chain of more than
    /// [`Limits::max_symref_depth`] refs (or a cycle) is an error.
    pub fn resolve(&self, name: &RefName) -> Result<Option<Resolved>> {
        let mut current = name.clone();
        for depth in 0..self.limits.max_symref_depth.max(1) {
            match self.find(&current)? {
                None if depth == 0 => return Ok(None),
                None => return Ok(Some(Resolved::Unborn { name: current })),
                Some(Reference {
                    target: Target::Object(id),
                    peeled,
                    ..
                }) => {
                    return Ok(Some(Resolved::Object {
                        name: current,
                        id,
                        peeled,
                    }))
                }
                // git follows no symbolic ref to a malformed name: it dangles
                Some(Reference {
                    target: Target::Symbolic(next),
                    ..
                }) if !next.is_well_formed() => return Ok(Some(Resolved::Unborn { name: next })),
                Some(Reference {
                    target: Target::Symbolic(next),
                    ..
                }) => current = next,
            }
        }
        Err(Error::Ref(RefError::new(
            name.as_bstr(),
            RefErrorKind::SymrefLoop {
                limit: self.limits.max_symref_depth,
            },
        )))
    }

    /// The id `name` resolves to, if any (unborn, missing and broken refs give `None`).
    pub fn resolve_id(&self, name: &[u8]) -> Option<ObjectId> {
        let name = RefName::new(name).ok()?;
        self.resolve(&name).ok().flatten().and_then(|r| r.id())
    }

    /// git's `%(refname:short)` / `shorten_unambiguous_ref`: the shortest name the rev-parse
    /// rules expand back to `name` alone. `strict` is `core.warnAmbiguousRefs` (default true).
    pub fn shorten(&self, name: &RefName, strict: bool) -> BString {
        name::shorten_unambiguous(name.as_bytes(), strict, |full| {
            self.resolve_id(full).is_some()
        })
    }

    /// Every ref whose full name starts with `prefix` (bytes, e.g. `refs/heads/`; empty for all
    /// refs under `refs/`), loose merged with packed, sorted by name. Broken refs (bad names,
    /// damaged files, dangling or looping symbolic refs) are skipped and reported in
    /// [`RefList::broken`], as git skips them with a warning.
    pub fn list(&self, prefix: &[u8]) -> Result<RefList> {
        let mut merged: BTreeMap<BString, Result<Reference, (Option<RefErrorKind>, BrokenKind)>> =
            BTreeMap::new();
        let wanted = |name: &[u8]| name.starts_with(prefix) && name.starts_with(b"refs/");
        for r in &self.packed_refs_shared()?.refs {
            if !wanted(&r.name) {
                continue;
            }
            let entry = match RefName::new(r.name.as_slice()) {
                Ok(name) => Ok(Reference {
                    name,
                    target: Target::Object(r.id),
                    peeled: r.peeled,
                }),
                Err(e) => Err((Some(e.kind), BrokenKind::BadName)),
            };
            merged.insert(r.name.clone(), entry);
        }
        // walk only the directory the prefix names, not all of refs/
        let dir_prefix = match prefix.rfind_byte(b'/') {
            Some(i) if prefix.starts_with(b"refs/") => &prefix[..i],
            _ => &b"refs"[..],
        };
        // a linked worktree has its own refs/worktree, refs/bisect… beside the shared refs
        let mut bases = vec![self.common_dir.as_path()];
        if self.git_dir != self.common_dir {
            bases.push(self.git_dir.as_path());
        }
        if let Some(memory) = &self.memory {
            bases.clear();
            for (name, target) in memory.all() {
                if wanted(name.as_bytes()) {
                    let r = Reference {
                        name: name.clone(),
                        target,
                        peeled: None,
                    };
                    merged.insert(name.as_bstr().into(), Ok(r));
                }
            }
        }
        for base in bases {
            let root = join_bytes(base, dir_prefix);
            // `refs/heads/a/` when `refs/heads/a` is a file: nothing below it (not ENOTDIR)
            if !root.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&root)
                .follow_links(false)
                .min_depth(1)
            {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e)
                        if e.io_error()
                            .is_some_and(|io| io.kind() == io::ErrorKind::NotFound) =>
                    {
                        continue
                    }
                    Err(e) => {
                        let path = e.path().unwrap_or(&root).to_path_buf();
                        return Err(Error::io(path, e.into()));
                    }
                };
                if entry.file_type().is_dir() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(base) else {
                    continue;
                };
                let mut name = BString::from(<[u8]>::from_path(rel).unwrap_or_default());
                if std::path::MAIN_SEPARATOR != '/' {
                    name = name
                        .replace(std::path::MAIN_SEPARATOR.to_string(), "/")
                        .into();
                }
                let file_name = entry.file_name().as_encoded_bytes();
                if file_name.starts_with(b".") || file_name.ends_with(b".lock") || !wanted(&name) {
                    continue;
                }
                if self.dir_for(&name) != base {
                    continue;
                }
                let value = match RefName::new(name.clone()) {
                    Err(e) => Err((Some(e.kind), BrokenKind::BadName)),
                    Ok(ref_name) => match self.read_loose(&ref_name) {
                        Ok(Some(target)) => Ok(Reference {
                            name: ref_name,
                            target,
                            peeled: None,
                        }),
                        Ok(None) => continue,
                        Err(e) => Err((ref_error_kind(e), BrokenKind::Damaged)),
                    },
                };
                merged.insert(name, value);
            }
        }
        let mut list = RefList::default();
        for (name, value) in merged {
            match value {
                Ok(r) => {
                    if let Target::Symbolic(_) = r.target {
                        match self.resolve(&r.name) {
                            Ok(Some(Resolved::Object { .. })) => {}
                            Ok(_) => {
                                list.broken.push(BrokenRef {
                                    name,
                                    cause: None,
                                    kind: BrokenKind::UnresolvedSymref,
                                });
                                continue;
                            }
                            Err(e) => {
                                list.broken.push(BrokenRef {
                                    name,
                                    cause: ref_error_kind(e),
                                    kind: BrokenKind::UnresolvedSymref,
                                });
                                continue;
                            }
                        }
                    }
                    list.refs.push(r)
                }
                Err((cause, kind)) => list.broken.push(BrokenRef { name, cause, kind }),
            }
        }
        Ok(list)
    }

    /// Whether `name` has a reflog.
    pub fn reflog_exists(&self, name: &RefName) -> bool {
        if let Some(memory) = &self.memory {
            return memory.reflog(name).is_some();
        }
        self.reflog_path(name.as_bytes()).is_file()
    }

    /// The reflog of `name`, oldest entry first (so `@{n}` is `entries[len - 1 - n]`); empty when
    /// there is none.
    pub fn reflog(&self, name: &RefName) -> Result<Vec<ReflogEntry>> {
        if let Some(memory) = &self.memory {
            return Ok(memory.reflog(name).unwrap_or_default());
        }
        let path = self.reflog_path(name.as_bytes());
        match crate::file::read(&path) {
            Ok(bytes) => Ok(reflog::parse_log(&bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) if path.is_dir() => {
                let _ = e;
                Ok(Vec::new())
            }
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Entry `@{n}` of `name`'s reflog: `n = 0` is the newest.
    pub fn reflog_entry(&self, name: &RefName, n: usize) -> Result<Option<ReflogEntry>> {
        let mut log = self.reflog(name)?;
        Ok(log.len().checked_sub(n + 1).map(|i| log.swap_remove(i)))
    }

    /// Whether an update of `name` creates its reflog when there is none.
    pub fn should_autocreate_reflog(&self, name: &[u8]) -> bool {
        match self.log_refs {
            LogRefs::Always => true,
            LogRefs::None => false,
            LogRefs::Normal => {
                name == b"HEAD"
                    || name.starts_with(b"refs/heads/")
                    || name.starts_with(b"refs/remotes/")
                    || name.starts_with(b"refs/notes/")
            }
        }
    }

    /// A new, empty transaction on this store.
    pub fn transaction(&self) -> Transaction<'_> {
        Transaction::new(self)
    }
}

/// `dir` joined with a `/`-separated name given as bytes.
/// The refs layer's account of `e`, when it is one.
fn ref_error_kind(e: Error) -> Option<RefErrorKind> {
    match e {
        Error::Ref(e) => Some(e.kind),
        _ => None,
    }
}

fn join_bytes(dir: &Path, name: &[u8]) -> PathBuf {
    let mut p = dir.to_path_buf();
    for component in name.split(|&b| b == b'/') {
        p.push(bytes_to_os(component));
    }
    p
}

#[cfg(unix)]
fn bytes_to_os(b: &[u8]) -> &std::ffi::OsStr {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(b)
}

#[cfg(not(unix))]
fn bytes_to_os(b: &[u8]) -> std::ffi::OsString {
    String::from_utf8_lossy(b).into_owned().into()
}

/// git's per-worktree refs: one-level names (HEAD, ORIG_HEAD…) and `refs/worktree/`,
/// `refs/bisect/`, `refs/rewritten/`.
pub(crate) fn is_per_worktree(name: &[u8]) -> bool {
    !name.contains(&b'/')
        || name.starts_with(b"refs/worktree/")
        || name.starts_with(b"refs/bisect/")
        || name.starts_with(b"refs/rewritten/")
        || name == b"refs/worktree"
        || name == b"refs/bisect"
        || name == b"refs/rewritten"
}
