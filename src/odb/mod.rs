//! The object database: one view over the loose objects, every pack and every alternate object
//! directory of a repository, plus any store a tool adds.
//!
//! Reads look in packs first (most objects live there and a lookup costs no system call), then
//! loose objects, then added stores; on a miss the pack directories are scanned again and the
//! packs searched once more (git's `reprepare_packed_git`), so a pack written by another process
//! after the [`Odb`] was opened is found — also when that process then deleted the loose objects
//! or the old packs the odb knew (a concurrent `repack`). The second search happens whether or
//! not this lookup's scan found a change: another thread of the same odb may have made the scan
//! first. A pack file that vanished after its index was read is skipped and its directory
//! scanned again. Writes go to the primary
//! directory's loose store. All methods take `&self`; an `Odb` can be shared across threads.
//!
//! Stores plug in through [`ObjectStore`]; [`MemoryStore`] is one.

mod abbrev;
pub mod alternates;
pub mod count;
mod damage;
mod error;
pub mod files;
mod ids;
pub mod locate;
mod memory;
mod packs;
pub mod parallel;
mod peel;
mod promisor;
mod raw_header;
mod stream;
mod tag_chain;
mod write;

pub use abbrev::LooseListing;
pub use damage::{DamagedObject, PackDamage};
pub use error::{Error, Result, Unsupported};
pub use files::{read_file, FileContent, FileError, FileErrorKind};
pub use memory::MemoryStore;
pub use promisor::PromisorObjects;
pub use stream::ObjectStream;
pub use tag_chain::{ChainEnd, TagChain};
pub use write::PreparedWrite;

use crate::limits::Limits;
use crate::loose::LooseStore;
use crate::object::{Header, Kind};
use crate::oid::{ObjectId, Prefix};
use crate::pack::Pack;
use packs::PackDir;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The small interface every object store offers; [`Odb`], [`LooseStore`] and [`MemoryStore`]
/// implement it, and a tool can add its own store to an [`Odb`] with [`Odb::add_store`]. A
/// tool's store reports its own failures as [`Error::Store`].
pub trait ObjectStore: Send + Sync {
    /// The kind and size of `id`, or `None` when this store does not have it.
    fn read_header(&self, id: &ObjectId) -> Result<Option<Header>>;
    /// Reads the body of `id` into `out` (replacing its content) and returns the kind, or `None`
    /// when this store does not have it.
    fn read_into(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>>;
    /// Whether this store has `id`.
    fn contains(&self, id: &ObjectId) -> Result<bool> {
        Ok(self.read_header(id)?.is_some())
    }
    /// Appends every id this store has that starts with `prefix` (duplicates allowed).
    fn prefix_matches(&self, prefix: &Prefix, out: &mut Vec<ObjectId>) -> Result<()>;
    /// Appends every id this store has.
    fn ids(&self, out: &mut Vec<ObjectId>) -> Result<()>;
    /// Stores an object and returns its id.
    fn write(&self, kind: Kind, data: &[u8]) -> Result<ObjectId>;
}

impl ObjectStore for LooseStore {
    fn read_header(&self, id: &ObjectId) -> Result<Option<Header>> {
        Ok(LooseStore::read_header(self, id)?)
    }
    fn read_into(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        Ok(self.read(id, out)?)
    }
    fn contains(&self, id: &ObjectId) -> Result<bool> {
        Ok(LooseStore::contains(self, id))
    }
    fn prefix_matches(&self, prefix: &Prefix, out: &mut Vec<ObjectId>) -> Result<()> {
        Ok(LooseStore::prefix_matches(self, prefix, out)?)
    }
    fn ids(&self, out: &mut Vec<ObjectId>) -> Result<()> {
        out.extend(LooseStore::ids(self)?);
        Ok(())
    }
    fn write(&self, kind: Kind, data: &[u8]) -> Result<ObjectId> {
        Ok(LooseStore::write(self, kind, data)?)
    }
}

/// An object's kind and body, read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectData {
    /// The kind.
    pub kind: Kind,
    /// The body.
    pub data: Vec<u8>,
}

/// How to open an [`Odb`].
#[derive(Debug, Clone)]
pub struct OdbOptions {
    /// Ceilings on hostile input.
    pub limits: Limits,
    /// zlib level for new loose objects.
    pub loose_compression: u32,
    /// `core.sharedRepository` for new loose objects, as git's `git_config_perm` returns it:
    /// 0 (the umask alone), `0o660` (group), `0o664` (everybody), or minus an exact mode.
    pub shared_repository: i32,
    /// Object directories searched after the primary's own alternates, as git searches the
    /// ones `GIT_ALTERNATE_OBJECT_DIRECTORIES` lists
    /// ([`Environment::alternate_object_directories`](crate::env::Environment::alternate_object_directories)).
    pub extra_alternates: Vec<PathBuf>,
    /// `core.commitGraph`: whether commit walks may read `info/commit-graph` (default true).
    pub commit_graph: bool,
    /// Whether the repository has a promisor remote (a partial clone: git's
    /// `extensions.partialClone`, or a `remote.<name>.promisor`): only then are the objects of
    /// its promisor packs, and those they name, allowed to be missing ([`PromisorObjects`]).
    pub promisor_remote: bool,
}

impl Default for OdbOptions {
    fn default() -> Self {
        OdbOptions {
            limits: Limits::default(),
            loose_compression: crate::loose::DEFAULT_COMPRESSION,
            shared_repository: 0,
            extra_alternates: Vec::new(),
            commit_graph: true,
            promisor_remote: false,
        }
    }
}

/// One object directory: its loose objects and its packs.
struct ObjectDir {
    loose: LooseStore,
    packs: PackDir,
}

/// The object database of a repository.
///
/// Write objects whole or streamed, read them whole, by header only, or streamed:
///
/// ```
/// use gitstore::{repo::InitOptions, Kind, Repository};
/// use std::io::Read;
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// let odb = repo.odb();
///
/// let id = odb.write(Kind::Blob, b"hello\n")?;
/// assert_eq!(id.to_string(), "ce013625030ba8dba906f756967f9e9ca394464a");
/// let object = odb.read(&id)?;
/// assert_eq!((object.kind, &object.data[..]), (Kind::Blob, &b"hello\n"[..]));
/// assert_eq!(odb.read_header(&id)?.size, 6); // kind and size without the body
///
/// // a big body goes through in pieces, both ways
/// let big = vec![b'x'; 1 << 20];
/// let big_id = odb.write_stream(Kind::Blob, big.len() as u64, &mut &big[..])?;
/// let mut stream = odb.open_stream(&big_id)?.expect("just written");
/// assert_eq!(stream.header().size, 1 << 20);
/// let mut chunk = [0u8; 4096];
/// let mut total = 0;
/// loop {
///     match stream.read(&mut chunk)? {
///         0 => break,
///         n => total += n,
///     }
/// }
/// assert_eq!(total, 1 << 20);
/// assert!(odb.try_read(&gitstore::ObjectId::null(), &mut Vec::new())?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Odb {
    dirs: Vec<ObjectDir>,
    /// Stores added with [`Odb::add_store`]; behind a lock so a shared `Odb` (a
    /// [`Repository`](crate::Repository)'s) can take one.
    stores: std::sync::RwLock<Vec<Arc<dyn ObjectStore>>>,
    warnings: Vec<OdbWarning>,
    /// Who hears about `warnings`, once, at the first lookup (git complains about alternates
    /// and bad indexes when it first looks an object up, not when it opens the repository).
    reporter: OnceLock<Reporter>,
    reported: OnceLock<()>,
    limits: Limits,
    cache: packs::DeltaBaseCache,
    /// Where writes go when there is no object directory ([`Odb::in_memory`]).
    memory: Option<MemoryStore>,
    /// [`OdbOptions::commit_graph`].
    commit_graph: bool,
    /// Packed copies found damaged, and who hears about it.
    damage: damage::DamageLog,
    /// [`OdbOptions::promisor_remote`].
    promisor_remote: bool,
}

type Reporter = Box<dyn Fn(&[OdbWarning]) + Send + Sync>;

/// Something wrong with an object directory that git only complains about (as `error:` lines,
/// when a command first looks an object up) and then goes on without: see [`Odb::warnings`].
///
/// ```
/// use gitstore::odb::{Odb, OdbWarning};
///
/// let dir = tempfile::tempdir()?;
/// let objects = dir.path().join("objects");
/// std::fs::create_dir_all(objects.join("info"))?;
/// let missing = dir.path().join("elsewhere");
/// std::fs::write(objects.join("info/alternates"), format!("{}\n", missing.display()))?;
///
/// let odb = Odb::open(&objects)?;
/// assert!(matches!(
///     &odb.warnings()[..],
///     [OdbWarning::AlternateMissing { path }] if path.ends_with("elsewhere")
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum OdbWarning {
    /// An alternate object directory that does not exist (or is not a directory).
    AlternateMissing {
        /// The directory, made absolute and normalized as git's `realpath` does.
        path: PathBuf,
    },
    /// An alternate whose path cannot be made absolute (its parent does not exist either).
    AlternateUnresolvable {
        /// The path as listed.
        path: PathBuf,
    },
    /// An object directory whose `info/alternates` is read deeper than
    /// [`Limits::max_alternates_depth`]: its alternates are ignored.
    AlternatesTooDeep {
        /// The object directory (absolute).
        objects_dir: PathBuf,
    },
    /// A pack index that could not be opened; its pack is left out.
    BadIndex {
        /// The `.idx` file.
        path: PathBuf,
        /// Why it could not be opened.
        error: Arc<Error>,
    },
}

impl std::fmt::Debug for Odb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Odb")
            .field("objects_dir", &self.objects_dir())
            .field("alternates", &(self.dirs.len() - 1))
            .field("stores", &self.added_stores().len())
            .finish()
    }
}

impl Odb {
    /// Opens the object database rooted at `objects_dir` (usually `.git/objects`), following
    /// its alternates and the `GIT_ALTERNATE_OBJECT_DIRECTORIES` of this process.
    pub fn open(objects_dir: impl Into<PathBuf>) -> Result<Odb> {
        let env = crate::env::Environment::from_process();
        Odb::open_with(
            objects_dir,
            OdbOptions {
                extra_alternates: env.alternate_object_directories(),
                ..OdbOptions::default()
            },
        )
    }

    /// Opens with explicit options (no environment variable is read).
    pub fn open_with(objects_dir: impl Into<PathBuf>, options: OdbOptions) -> Result<Odb> {
        let primary: PathBuf = objects_dir.into();
        if !primary.is_dir() {
            return Err(Error::io(
                &primary,
                std::io::Error::new(std::io::ErrorKind::NotFound, "object directory not found"),
            ));
        }
        let mut odb = Odb {
            dirs: Vec::new(),
            stores: Default::default(),
            warnings: Vec::new(),
            reporter: OnceLock::new(),
            reported: OnceLock::new(),
            limits: options.limits,
            cache: packs::DeltaBaseCache::new(options.limits.delta_base_cache),
            memory: None,
            commit_graph: options.commit_graph,
            damage: Default::default(),
            promisor_remote: options.promisor_remote,
        };
        let mut seen = HashSet::new();
        odb.add_dir(&primary, 0, &mut seen, &options)?;
        for p in &options.extra_alternates {
            if !p.as_os_str().is_empty() {
                odb.add_dir(p, 1, &mut seen, &options)?;
            }
        }
        Ok(odb)
    }

    /// An object database without any directory: every object lives in `store`, which takes
    /// the writes ([`Odb::write`] and the other writers) and is consulted as an added store
    /// would be. Further stores can be added. For tests, and for tools that build objects
    /// before deciding where to keep them.
    ///
    /// ```
    /// use gitstore::odb::{MemoryStore, Odb};
    /// use gitstore::Kind;
    /// let store = MemoryStore::new();
    /// let odb = Odb::in_memory(store.clone());
    /// let id = odb.write(Kind::Blob, b"hello\n")?;
    /// assert_eq!(odb.read(&id)?.data, b"hello\n");
    /// assert_eq!(store.len(), 1);
    /// assert!(odb.objects_dir().as_os_str().is_empty());
    /// # Ok::<(), gitstore::Error>(())
    /// ```
    pub fn in_memory(store: MemoryStore) -> Odb {
        let limits = Limits::default();
        Odb {
            dirs: Vec::new(),
            stores: std::sync::RwLock::new(vec![Arc::new(store.clone()) as Arc<dyn ObjectStore>]),
            warnings: Vec::new(),
            reporter: OnceLock::new(),
            reported: OnceLock::new(),
            limits,
            cache: packs::DeltaBaseCache::new(limits.delta_base_cache),
            memory: Some(store),
            commit_graph: false,
            damage: Default::default(),
            promisor_remote: false,
        }
    }

    /// The store that takes the writes of an [`Odb::in_memory`]; `None` for an odb over
    /// directories.
    pub fn memory(&self) -> Option<&MemoryStore> {
        self.memory.as_ref()
    }

    /// Adds object directory `dir`, then the alternates its `info/alternates` lists, as git's
    /// `link_alt_odb_entries` does: the primary's file is read at depth 0, each alternate's at
    /// one more than the file that named it, and a non-empty file read deeper than
    /// [`Limits::max_alternates_depth`] is ignored with git's complaint. Alternates are known by
    /// their real path, as git knows them.
    fn add_dir(
        &mut self,
        dir: &Path,
        depth: usize,
        seen: &mut HashSet<PathBuf>,
        options: &OdbOptions,
    ) -> Result<()> {
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(_) if depth > 0 => {
                // git's realpath lets the last component be missing; then the path is
                // normalized but not a directory
                let parent = dir.parent().and_then(|p| p.canonicalize().ok());
                self.warnings.push(match (parent, dir.file_name()) {
                    (Some(parent), Some(name)) => OdbWarning::AlternateMissing {
                        path: parent.join(name),
                    },
                    _ => OdbWarning::AlternateUnresolvable {
                        path: dir.to_path_buf(),
                    },
                });
                return Ok(());
            }
            Err(e) => return Err(Error::io(dir, e)),
        };
        if depth > 0 && !canonical.is_dir() {
            self.warnings
                .push(OdbWarning::AlternateMissing { path: canonical });
            return Ok(());
        }
        if !seen.insert(canonical.clone()) {
            return Ok(()); // a cycle or a duplicate: git skips it too
        }
        let path = if depth == 0 { dir } else { &canonical };
        let loose = LooseStore::new(path)
            .with_compression(options.loose_compression)
            .with_shared_repository(options.shared_repository)
            .with_limits(options.limits);
        let packs = PackDir::new(path.join("pack"), options.limits)?;
        self.warnings.extend(packs.complaints());
        self.dirs.push(ObjectDir { loose, packs });
        let alt_file = path.join("info/alternates");
        let content = match crate::file::read(&alt_file) {
            Ok(content) => content,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(alt_file, e)),
        };
        if content.is_empty() {
            return Ok(());
        }
        if depth > self.limits.max_alternates_depth {
            self.warnings.push(OdbWarning::AlternatesTooDeep {
                objects_dir: canonical,
            });
            return Ok(());
        }
        for alt in alternates::parse(&content, &canonical) {
            self.add_dir(&alt, depth + 1, seen, options)?;
        }
        Ok(())
    }

    /// Adds a store consulted after the repository's own objects (an in-memory store, say).
    /// Every read, prefix lookup and listing sees it from then on, revision resolution
    /// included; writes still go to the primary directory.
    pub fn add_store(&self, store: Arc<dyn ObjectStore>) {
        self.stores
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(store);
    }

    /// The stores added with [`Odb::add_store`], in the order they are consulted.
    pub fn added_stores(&self) -> Vec<Arc<dyn ObjectStore>> {
        self.stores
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The primary `objects` directory (an empty path for an [`Odb::in_memory`]).
    pub fn objects_dir(&self) -> &Path {
        self.dirs
            .first()
            .map_or(Path::new(""), |d| d.loose.objects_dir())
    }

    /// The object directories consulted: the primary one, then alternates.
    pub fn object_dirs(&self) -> impl Iterator<Item = &Path> {
        self.dirs.iter().map(|d| d.loose.objects_dir())
    }

    /// The primary loose store; `None` for an [`Odb::in_memory`], which has none.
    pub fn loose(&self) -> Option<&LooseStore> {
        self.dirs.first().map(|d| &d.loose)
    }

    /// Problems found while opening that git only complains about (bad alternates, pack
    /// indexes that could not be opened), in the order found.
    pub fn warnings(&self) -> &[OdbWarning] {
        &self.warnings
    }

    /// Has `report` called with [`warnings`](Self::warnings) at the first object lookup (if
    /// there are any), as git reports them: only when a command looks an object up. Only the
    /// first reporter set is kept.
    pub fn report_warnings_on_first_lookup(
        &self,
        report: impl Fn(&[OdbWarning]) + Send + Sync + 'static,
    ) {
        let _ = self.reporter.set(Box::new(report));
    }

    /// Hands the warnings to the reporter now, if that has not happened yet (for a command that
    /// reports on the alternates themselves, as `count-objects -v` does).
    pub fn report_warnings_now(&self) {
        self.looked_up();
    }

    fn looked_up(&self) {
        if self.warnings.is_empty() || self.reported.set(()).is_err() {
            return;
        }
        if let Some(report) = self.reporter.get() {
            report(&self.warnings);
        }
    }

    /// The limits this odb enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether commit walks may read the commit-graph of the object directories
    /// ([`OdbOptions::commit_graph`], git's `core.commitGraph`).
    pub fn commit_graph_enabled(&self) -> bool {
        self.commit_graph
    }

    /// Reads object `id`; an error when it does not exist.
    pub fn read(&self, id: &ObjectId) -> Result<ObjectData> {
        let mut data = Vec::new();
        let kind = self.read_to(id, &mut data)?;
        Ok(ObjectData { kind, data })
    }

    /// Reads object `id` into `out`; an error when it does not exist.
    pub fn read_to(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Kind> {
        self.try_read(id, out)?.ok_or(Error::NotFound { id: *id })
    }

    /// Reads object `id` into `out`, or `None` when no store has it.
    pub fn try_read(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        self.looked_up();
        let known_bad = self.damage.knows(id);
        for refreshed in [false, true] {
            if let Some(kind) = self.read_packed(id, 0, out)? {
                return Ok(Some(kind));
            }
            if !refreshed {
                for dir in &self.dirs {
                    if let Some(kind) = dir.loose.read(id, out)? {
                        return Ok(Some(kind));
                    }
                }
                for store in &self.added_stores() {
                    if let Some(kind) = store.read_into(id, out)? {
                        return Ok(Some(kind));
                    }
                }
            }
            if refreshed {
                break;
            }
            self.refresh_packs()?;
        }
        if *id == ObjectId::EMPTY_TREE {
            // git's one built-in object: read as present even where no store holds it
            out.clear();
            return Ok(Some(Kind::Tree));
        }
        // the read that finds a copy damaged answers "missing", as git's does; later ones fail
        match known_bad.then(|| self.damaged(id)).flatten() {
            Some(e) => Err(e.into()),
            None => Ok(None),
        }
    }

    /// Looks for `id` in every pack of every directory. A pack whose file vanished (another
    /// process repacked) is skipped and its directory marked for a re-scan; a damaged entry is
    /// read again as git reads it and, failing that, marked bad and skipped (see `damage`).
    fn read_packed(&self, id: &ObjectId, depth: usize, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        for dir in &self.dirs {
            for pack in dir.packs.list().iter() {
                if self.damage.is_bad(pack, id) {
                    continue;
                }
                match pack
                    .read_at_depth(id, depth, out, &self.cache, &Bases(self))
                    .map_err(Error::from)
                {
                    Ok(Some(kind)) => return Ok(Some(kind)),
                    Ok(None) => {}
                    Err(e) if is_vanished(&e) => dir.packs.invalidate(),
                    Err(e) if damage::is_entry_damage(&e) => {
                        if let Some(kind) = self.reread_damaged(pack, id, out)? {
                            return Ok(Some(kind));
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(None)
    }

    fn read_packed_header(&self, id: &ObjectId, depth: usize) -> Result<Option<Header>> {
        for dir in &self.dirs {
            for pack in dir.packs.list().iter() {
                if self.damage.is_bad(pack, id) {
                    continue;
                }
                match pack
                    .read_header_at_depth(id, depth, &Bases(self))
                    .map_err(Error::from)
                {
                    Ok(Some(h)) => return Ok(Some(h)),
                    Ok(None) => {}
                    Err(e) if is_vanished(&e) => dir.packs.invalidate(),
                    Err(e) if damage::is_entry_damage(&e) => self.mark_header_damaged(pack, id, &e),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(None)
    }

    /// The kind and size of `id` without reading its body (for packed deltas, without applying
    /// them); an error when it does not exist.
    pub fn read_header(&self, id: &ObjectId) -> Result<Header> {
        self.try_read_header(id)?.ok_or(Error::NotFound { id: *id })
    }

    /// The kind and size of `id`, or `None` when no store has it.
    pub fn try_read_header(&self, id: &ObjectId) -> Result<Option<Header>> {
        self.looked_up();
        for refreshed in [false, true] {
            if let Some(h) = self.read_packed_header(id, 0)? {
                return Ok(Some(h));
            }
            if !refreshed {
                for dir in &self.dirs {
                    if let Some(h) = dir.loose.read_header(id)? {
                        return Ok(Some(h));
                    }
                }
                for store in &self.added_stores() {
                    if let Some(h) = store.read_header(id)? {
                        return Ok(Some(h));
                    }
                }
            }
            if refreshed {
                break;
            }
            self.refresh_packs()?;
        }
        if *id == ObjectId::EMPTY_TREE {
            return Ok(Some(Header {
                kind: Kind::Tree,
                size: 0,
            }));
        }
        Ok(None)
    }

    /// Whether any store has `id` (the empty tree always: git has it built in).
    pub fn contains(&self, id: &ObjectId) -> Result<bool> {
        self.looked_up();
        for refreshed in [false, true] {
            if self
                .dirs
                .iter()
                .any(|d| d.packs.list().iter().any(|p| p.contains(id)))
            {
                return Ok(true);
            }
            if !refreshed {
                if self.dirs.iter().any(|d| d.loose.contains(id)) {
                    return Ok(true);
                }
                for store in &self.added_stores() {
                    if store.contains(id)? {
                        return Ok(true);
                    }
                }
            }
            if refreshed {
                break;
            }
            self.refresh_packs()?;
        }
        Ok(*id == ObjectId::EMPTY_TREE)
    }

    /// Gives back the mapped pages of every pack read so far (see [`Pack::release_pages`]):
    /// for a caller going through every object in pack order, so that its memory does not
    /// grow by the size of the packs.
    pub fn release_pack_pages(&self) {
        for dir in &self.dirs {
            for pack in dir.packs.list().iter() {
                pack.release_pages();
            }
        }
    }

    /// Scans every pack directory again; true when the set of packs changed.
    pub fn refresh_packs(&self) -> Result<bool> {
        let mut changed = false;
        for dir in &self.dirs {
            changed |= dir.packs.refresh()?;
        }
        Ok(changed)
    }

    /// The packs of every object directory, primary first, each in git's order.
    pub fn packs(&self) -> Vec<Arc<Pack>> {
        self.looked_up();
        self.dirs
            .iter()
            .flat_map(|d| d.packs.list().iter().cloned().collect::<Vec<_>>())
            .collect()
    }
}

/// How packs reach REF_DELTA bases outside themselves: any pack of any directory, then loose.
struct Bases<'a>(&'a Odb);

impl crate::pack::ExternalBases for Bases<'_> {
    fn read_base(
        &self,
        id: &ObjectId,
        depth: usize,
        out: &mut Vec<u8>,
    ) -> crate::pack::Result<Option<Kind>> {
        if let Some(kind) = self.0.read_packed(id, depth, out).map_err(base_err)? {
            return Ok(Some(kind));
        }
        for dir in &self.0.dirs {
            if let Some(kind) = dir.loose.read(id, out).map_err(base_err)? {
                return Ok(Some(kind));
            }
        }
        Ok(None)
    }

    fn read_base_header(&self, id: &ObjectId, depth: usize) -> crate::pack::Result<Option<Header>> {
        if let Some(h) = self.0.read_packed_header(id, depth).map_err(base_err)? {
            return Ok(Some(h));
        }
        for dir in &self.0.dirs {
            if let Some(h) = dir.loose.read_header(id).map_err(base_err)? {
                return Ok(Some(h));
            }
        }
        Ok(None)
    }
}

/// The odb's error, handed back through a pack as the error of its external bases (it comes
/// out of the pack's error as it went in).
fn base_err(e: impl Into<Error>) -> crate::pack::Error {
    crate::pack::Error::external(e.into())
}

/// An odb with neither a directory nor a memory store to write to (never built by this crate).
fn no_primary() -> Error {
    Unsupported::NoPrimaryStore.into()
}

/// A pack file that disappeared after its index was opened.
fn is_vanished(e: &Error) -> bool {
    e.is_file_not_found()
}

impl ObjectStore for Odb {
    fn read_header(&self, id: &ObjectId) -> Result<Option<Header>> {
        self.try_read_header(id)
    }
    fn read_into(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        self.try_read(id, out)
    }
    fn contains(&self, id: &ObjectId) -> Result<bool> {
        Odb::contains(self, id)
    }
    fn prefix_matches(&self, prefix: &Prefix, out: &mut Vec<ObjectId>) -> Result<()> {
        out.extend(Odb::prefix_matches(self, prefix)?);
        Ok(())
    }
    fn ids(&self, out: &mut Vec<ObjectId>) -> Result<()> {
        out.extend(self.ids_sorted()?);
        Ok(())
    }
    fn write(&self, kind: Kind, data: &[u8]) -> Result<ObjectId> {
        Odb::write(self, kind, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_tree_constant_is_the_hash_of_an_empty_tree() {
        assert_eq!(
            ObjectId::EMPTY_TREE,
            crate::hash::hash_object(Kind::Tree, b"").unwrap()
        );
    }
}
