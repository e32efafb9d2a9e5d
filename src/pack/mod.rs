//! Pack files: many objects in one file, most stored as deltas against others.
//!
//! A pack is two files side by side: `pack-<hash>.pack` holds the entries (see [`data`]) and
//! `pack-<hash>.idx` maps object ids to entry offsets (see [`index`]). [`Pack`] joins them and
//! rebuilds objects, resolving delta chains (see [`delta`]) iteratively, with the help of a
//! shared [`DeltaBaseCache`] (see [`cache`]).
//!
//! A [`Pack`] is `Send + Sync` and every read takes `&self`, so one pack can serve many threads.
//! REF_DELTA entries may name a base outside the pack (thin packs completed elsewhere, or bases
//! found in another pack); the caller supplies those through [`ExternalBases`].
//!
//! Every binary parser here reads through [`Cursor`](crate::cursor::Cursor), so no input can
//! make it panic or index past its end; damage is reported as a [`PackError`]: a
//! [`PackErrorKind`] with the file, the entry's offset and the object's id.
//!
//! ```no_run
//! use gitstore::pack::{DeltaBaseCache, NoExternalBases, Pack};
//! # fn main() -> gitstore::Result<()> {
//! let pack = Pack::open("objects/pack/pack-1234.idx".as_ref())?;
//! let cache = DeltaBaseCache::default();
//! let mut buf = Vec::new();
//! for id in pack.ids() {
//!     let kind = pack.read(&id, &mut buf, &cache, &NoExternalBases)?;
//!     println!("{id} {kind:?} {}", buf.len());
//! }
//! # Ok(()) }
//! ```

pub mod cache;
pub mod data;
pub mod delta;
pub mod encode;
mod error;
pub mod index;
mod layout;
pub mod rev_index;
mod verify;
pub mod verify_json;
pub mod write_index;

pub use cache::{CachedBase, DeltaBaseCache};
pub use data::{EntryHeader, EntryKind, PackData};
pub use error::{Error, PackError, PackErrorKind, Result};
pub use index::{IndexEntry, IndexLookup, PackIndex, PrefixMatch};
pub use layout::EntryInfo;
pub use verify::{
    check_pack, write_verify_pack_entries, write_verify_pack_s, write_verify_pack_v, PackCheck,
    PackCheckError, VerifiedObject, VerifyReport,
};

use crate::limits::Limits;
use crate::location::Location;
use crate::object::{Header, Kind};
use crate::oid::{ObjectId, Prefix};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

/// Where a pack finds REF_DELTA bases that are not in the pack itself (other packs, loose
/// objects). Implemented by the odb.
///
/// `depth` counts the deltas already stacked above the requested base. An implementation that
/// reads the base from another [`Pack`] passes it on through [`Pack::read_at_depth`] /
/// [`Pack::read_header_at_depth`], so that REF_DELTA cycles across packs end at
/// [`Limits::max_delta_chain`] instead of overflowing the stack.
pub trait ExternalBases {
    /// Reads the object `id` into `out` (replacing its content); `Ok(None)` if it is unknown.
    fn read_base(&self, id: &ObjectId, depth: usize, out: &mut Vec<u8>) -> Result<Option<Kind>>;

    /// The kind and size of object `id`; `Ok(None)` if it is unknown. The default reads the
    /// whole object.
    fn read_base_header(&self, id: &ObjectId, depth: usize) -> Result<Option<Header>> {
        let mut buf = Vec::new();
        Ok(self.read_base(id, depth, &mut buf)?.map(|kind| Header {
            kind,
            size: buf.len() as u64,
        }))
    }
}

/// [`ExternalBases`] that knows no object: a pack must be self-contained.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoExternalBases;

impl ExternalBases for NoExternalBases {
    fn read_base(&self, _: &ObjectId, _: usize, _: &mut Vec<u8>) -> Result<Option<Kind>> {
        Ok(None)
    }
    fn read_base_header(&self, _: &ObjectId, _: usize) -> Result<Option<Header>> {
        Ok(None)
    }
}

thread_local! {
    static EXTERNAL_NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one level of external-base nesting on this thread for as long as it lives.
struct NestingGuard;

impl NestingGuard {
    /// One more level, unless `limit` levels are already in use on this thread.
    fn enter(limit: usize) -> Option<NestingGuard> {
        EXTERNAL_NESTING.with(|n| {
            if n.get() >= limit {
                None
            } else {
                n.set(n.get() + 1);
                Some(NestingGuard)
            }
        })
    }
}

impl Drop for NestingGuard {
    fn drop(&mut self) {
        EXTERNAL_NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Every pack opened in this process gets its own number, the first half of a cache key.
static NEXT_PACK_ID: AtomicU32 = AtomicU32::new(1);

/// A pack: its index, and its data mapped on first use.
pub struct Pack {
    id: u32,
    index: PackIndex,
    pack_path: PathBuf,
    data: OnceLock<PackData>,
    limits: Limits,
    /// (offset, index position) of every entry, by offset; built on first need.
    by_offset: OnceLock<Vec<(u64, u32)>>,
}

impl std::fmt::Debug for Pack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pack")
            .field("id", &self.id)
            .field("pack_path", &self.pack_path)
            .field("objects", &self.index.len())
            .finish()
    }
}

/// Where a delta chain ends: a whole object in the pack, or a REF_DELTA base outside it (named
/// by the entry at `at`, `steps` deltas above it).
enum ChainEnd {
    Kind(Kind),
    Elsewhere {
        base: ObjectId,
        at: u64,
        steps: usize,
    },
}

/// A delta base being carried up a chain: shared with the cache, or owned.
enum BaseBuf {
    Shared(Arc<Vec<u8>>),
    Owned(Vec<u8>),
}

impl BaseBuf {
    fn bytes(&self) -> &[u8] {
        match self {
            BaseBuf::Shared(a) => a,
            BaseBuf::Owned(v) => v,
        }
    }
}

impl Pack {
    /// Opens the index at `idx_path` and remembers the `.pack` next to it (mapped on first
    /// read), with default [`Limits`].
    pub fn open(idx_path: &Path) -> Result<Pack> {
        Pack::open_with_limits(idx_path, Limits::default())
    }

    /// Like [`open`](Self::open), with explicit limits (object size, delta chain length).
    pub fn open_with_limits(idx_path: &Path, limits: Limits) -> Result<Pack> {
        let index = PackIndex::open(idx_path)?;
        Ok(Pack::new(index, pack_path_for(idx_path), None, limits))
    }

    /// Joins an index and pack data already opened (e.g. from bytes in memory). Checks that
    /// they belong together.
    pub fn from_parts(index: PackIndex, data: PackData, limits: Limits) -> Result<Pack> {
        let path = data.path().to_path_buf();
        check_pair(&index, &data)?;
        Ok(Pack::new(index, path, Some(data), limits))
    }

    fn new(index: PackIndex, pack_path: PathBuf, data: Option<PackData>, limits: Limits) -> Pack {
        let cell = OnceLock::new();
        if let Some(d) = data {
            let _ = cell.set(d);
        }
        Pack {
            id: NEXT_PACK_ID.fetch_add(1, Ordering::Relaxed),
            index,
            pack_path,
            data: cell,
            limits,
            by_offset: OnceLock::new(),
        }
    }

    /// This pack's number in the [`DeltaBaseCache`] keys (unique within the process).
    pub fn cache_id(&self) -> u32 {
        self.id
    }

    /// The index.
    pub fn index(&self) -> &PackIndex {
        &self.index
    }

    /// The `.pack` file's path.
    pub fn pack_path(&self) -> &Path {
        &self.pack_path
    }

    /// The limits this pack reads under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The pack data, mapping the `.pack` file on first use and checking that it matches the
    /// index (object count, checksum).
    pub fn data(&self) -> Result<&PackData> {
        if let Some(d) = self.data.get() {
            return Ok(d);
        }
        let d = PackData::open(&self.pack_path)?;
        check_pair(&self.index, &d)?;
        // Another thread may have won the race; either mapping is the same file.
        Ok(self.data.get_or_init(|| d))
    }

    /// Gives back the pages of the mapped `.pack` read so far: they stop counting toward the
    /// process's memory and are read again from the page cache when next needed. For a reader
    /// going through a whole pack, so its memory does not grow by the size of the pack.
    pub fn release_pages(&self) {
        if let Some(d) = self.data.get() {
            d.release_pages();
        }
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the pack holds no object.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Whether the pack holds `id`.
    pub fn contains(&self, id: &ObjectId) -> bool {
        self.index.contains(id)
    }

    /// The entry offset of `id`, if the pack holds it.
    pub fn offset_of(&self, id: &ObjectId) -> Result<Option<u64>> {
        match self.index.lookup(id) {
            Some(pos) => self.index.offset_at(pos).map(Some),
            None => Ok(None),
        }
    }

    /// Pushes ids starting with `prefix` onto `out` until it holds `limit`; see
    /// [`PackIndex::lookup_prefix_into`].
    pub fn lookup_prefix_into(
        &self,
        prefix: &Prefix,
        out: &mut Vec<ObjectId>,
        limit: usize,
    ) -> usize {
        self.index.lookup_prefix_into(prefix, out, limit)
    }

    /// Every id, in sorted order.
    pub fn ids(&self) -> impl Iterator<Item = ObjectId> + '_ {
        (0..self.index.len()).filter_map(|i| self.index.oid_at(i))
    }

    /// Every entry sorted by offset: the order objects are stored in, best for reading all of
    /// them (bases come before their deltas).
    pub fn entries_by_offset(&self) -> Result<Vec<IndexEntry>> {
        let mut all = self.index.iter().collect::<Result<Vec<_>>>()?;
        all.sort_unstable_by_key(|e| e.offset);
        Ok(all)
    }

    /// Reads object `id` into `out`; `Ok(None)` if this pack does not hold it.
    pub fn read(
        &self,
        id: &ObjectId,
        out: &mut Vec<u8>,
        cache: &DeltaBaseCache,
        external: &dyn ExternalBases,
    ) -> Result<Option<Kind>> {
        self.read_at_depth(id, 0, out, cache, external)
    }

    /// [`read`](Self::read) for an object that is itself the base of `depth` deltas (used by
    /// [`ExternalBases`] implementations to bound chains that cross packs).
    pub fn read_at_depth(
        &self,
        id: &ObjectId,
        depth: usize,
        out: &mut Vec<u8>,
        cache: &DeltaBaseCache,
        external: &dyn ExternalBases,
    ) -> Result<Option<Kind>> {
        let Some(offset) = self.offset_of(id)? else {
            return Ok(None);
        };
        self.resolve(offset, Some(*id), depth, out, cache, external)
            .map(Some)
    }

    /// Reads the object whose entry starts at `offset` into `out`.
    pub fn read_at_offset(
        &self,
        offset: u64,
        out: &mut Vec<u8>,
        cache: &DeltaBaseCache,
        external: &dyn ExternalBases,
    ) -> Result<Kind> {
        self.resolve(offset, None, 0, out, cache, external)
    }

    /// The kind and size of `id` without inflating it; `Ok(None)` if this pack does not hold
    /// it. For a delta, the size comes from the delta's own header and the kind from the base at
    /// the bottom of its chain (only entry headers are read on the way).
    pub fn read_header(
        &self,
        id: &ObjectId,
        external: &dyn ExternalBases,
    ) -> Result<Option<Header>> {
        self.read_header_at_depth(id, 0, external)
    }

    /// [`read_header`](Self::read_header) for an object that is the base of `depth` deltas.
    pub fn read_header_at_depth(
        &self,
        id: &ObjectId,
        depth: usize,
        external: &dyn ExternalBases,
    ) -> Result<Option<Header>> {
        let Some(offset) = self.offset_of(id)? else {
            return Ok(None);
        };
        self.header_at(offset, Some(*id), depth, external).map(Some)
    }

    /// The kind and size of the object whose entry starts at `offset`.
    pub fn read_header_at_offset(
        &self,
        offset: u64,
        external: &dyn ExternalBases,
    ) -> Result<Header> {
        self.header_at(offset, None, 0, external)
    }

    fn chain_limit(&self, offset: u64) -> Error {
        Error::LimitExceeded {
            what: "delta chain length",
            limit: self.limits.max_delta_chain as u64,
            location: Location::Pack {
                path: self.pack_path.clone(),
                offset,
            },
        }
    }

    fn nesting_limit(&self, offset: u64) -> Error {
        Error::LimitExceeded {
            what: "nesting of REF_DELTA bases in other stores",
            limit: self.limits.max_external_nesting as u64,
            location: Location::Pack {
                path: self.pack_path.clone(),
                offset,
            },
        }
    }

    fn missing_base(&self, id: Option<ObjectId>, offset: u64, base: &ObjectId) -> Error {
        PackError::new(PackErrorKind::MissingBase { base: *base }, &self.pack_path)
            .at(offset)
            .of(id)
            .into()
    }

    /// The delta's result size, from the first bytes of its data.
    fn delta_result_size(&self, data: &PackData, offset: u64, h: &EntryHeader) -> Result<u64> {
        let mut buf = [0u8; 20];
        let n = data.inflate_entry_prefix(offset, h, &mut buf)?;
        let (_, result, _) = delta::parse_sizes(buf.get(..n).unwrap_or_default())
            .map_err(|e| data.entry_error(None, offset, PackErrorKind::BadDelta(e)))?;
        Ok(result)
    }

    fn header_at(
        &self,
        offset: u64,
        id: Option<ObjectId>,
        depth: usize,
        external: &dyn ExternalBases,
    ) -> Result<Header> {
        let data = self.data()?;
        let with_id = |e: Error| attach_id(e, id);
        let top = data.entry_header(offset).map_err(with_id)?;
        let size = match top.kind {
            EntryKind::Base(kind) => {
                return Ok(Header {
                    kind,
                    size: top.size,
                })
            }
            _ => self
                .delta_result_size(data, offset, &top)
                .map_err(with_id)?,
        };
        let kind = match self.chain_end(offset, &top, depth)? {
            ChainEnd::Kind(kind) => kind,
            ChainEnd::Elsewhere { base, at, steps } => {
                let _guard = NestingGuard::enter(self.limits.max_external_nesting)
                    .ok_or_else(|| self.nesting_limit(at))?;
                match external.read_base_header(&base, steps)? {
                    Some(bh) => bh.kind,
                    None => return Err(self.missing_base(id, at, &base)),
                }
            }
        };
        Ok(Header { kind, size })
    }

    /// The kind of the object whose entry starts at `offset`, found by reading only entry
    /// headers down its delta chain (no inflating); `None` when the chain reaches a REF_DELTA
    /// base outside this pack.
    pub fn kind_at_offset(&self, offset: u64) -> Result<Option<Kind>> {
        let top = self.data()?.entry_header(offset)?;
        Ok(match self.chain_end(offset, &top, 0)? {
            ChainEnd::Kind(kind) => Some(kind),
            ChainEnd::Elsewhere { .. } => None,
        })
    }

    /// Follows the delta chain from the entry `top` at `offset` (the base of `depth` deltas)
    /// down to its whole base, reading entry headers only.
    fn chain_end(&self, offset: u64, top: &EntryHeader, depth: usize) -> Result<ChainEnd> {
        let data = self.data()?;
        let mut kind = top.kind;
        let mut at = offset;
        let mut steps = depth;
        loop {
            steps += 1;
            if steps > self.limits.max_delta_chain {
                return Err(self.chain_limit(offset));
            }
            let next = match kind {
                EntryKind::Base(kind) => return Ok(ChainEnd::Kind(kind)),
                EntryKind::OfsDelta { base_offset } => base_offset,
                EntryKind::RefDelta { base } => match self.offset_of(&base)? {
                    Some(o) => o,
                    None => return Ok(ChainEnd::Elsewhere { base, at, steps }),
                },
            };
            at = next;
            kind = data.entry_header(at)?.kind;
        }
    }

    /// Rebuilds the object at `offset` into `out`: walks down the chain to the first cached or
    /// whole base (no recursion), then applies the deltas back up, caching the whole base and
    /// each intermediate rebuilt before (see [`DeltaBaseCache::note_rebuilt`]).
    fn resolve(
        &self,
        offset: u64,
        id: Option<ObjectId>,
        depth: usize,
        out: &mut Vec<u8>,
        cache: &DeltaBaseCache,
        external: &dyn ExternalBases,
    ) -> Result<Kind> {
        let data = self.data()?;
        let max_size = self.limits.max_object_size;
        let with_id = |e: Error| attach_id(e, id);
        // Deltas from the wanted entry down, and what sits below the last one.
        let mut chain: Vec<(u64, EntryHeader)> = Vec::new();
        let mut at = offset;
        let (kind, base) = loop {
            if let Some(hit) = cache.get(self.id, at) {
                if chain.is_empty() {
                    out.clear();
                    out.extend_from_slice(&hit.data);
                    return Ok(hit.kind);
                }
                break (hit.kind, BaseBuf::Shared(hit.data));
            }
            let h = data.entry_header(at).map_err(with_id)?;
            let next = match h.kind {
                EntryKind::Base(kind) => {
                    if chain.is_empty() {
                        data.inflate_entry(at, &h, out, max_size).map_err(with_id)?;
                        return Ok(kind);
                    }
                    let mut buf = Vec::new();
                    data.inflate_entry(at, &h, &mut buf, max_size)?;
                    let buf = self.maybe_cache(cache, at, kind, buf);
                    break (kind, buf);
                }
                EntryKind::OfsDelta { base_offset } => base_offset,
                EntryKind::RefDelta { base } => match self.offset_of(&base)? {
                    Some(o) => o,
                    None => {
                        chain.push((at, h));
                        let mut buf = Vec::new();
                        let steps = depth + chain.len();
                        if steps > self.limits.max_delta_chain {
                            return Err(self.chain_limit(offset));
                        }
                        let guard = NestingGuard::enter(self.limits.max_external_nesting)
                            .ok_or_else(|| self.nesting_limit(at))?;
                        let found = external.read_base(&base, steps, &mut buf)?;
                        drop(guard);
                        match found {
                            Some(kind) => break (kind, BaseBuf::Owned(buf)),
                            None => return Err(self.missing_base(id, at, &base)),
                        }
                    }
                },
            };
            chain.push((at, h));
            if depth + chain.len() > self.limits.max_delta_chain {
                return Err(self.chain_limit(offset));
            }
            at = next;
        };

        let mut base = base;
        let mut delta_buf = Vec::new();
        let mut spare = Vec::new();
        while let Some((at, h)) = chain.pop() {
            data.inflate_entry(at, &h, &mut delta_buf, max_size)?;
            let target = if chain.is_empty() {
                &mut *out
            } else {
                &mut spare
            };
            delta::apply(base.bytes(), &delta_buf, target, max_size).map_err(|e| {
                let what = if chain.is_empty() { id } else { None };
                data.entry_error(what, at, PackErrorKind::BadDelta(e))
            })?;
            if chain.is_empty() {
                // Noted so that its next rebuild, as a base of another delta, caches it.
                cache.note_rebuilt(self.id, at);
                break;
            }
            let result = std::mem::take(&mut spare);
            let next = if cache.note_rebuilt(self.id, at) {
                self.maybe_cache(cache, at, kind, result)
            } else {
                BaseBuf::Owned(result)
            };
            let old = std::mem::replace(&mut base, next);
            if let BaseBuf::Owned(v) = old {
                spare = v;
            }
        }
        Ok(kind)
    }

    fn maybe_cache(
        &self,
        cache: &DeltaBaseCache,
        offset: u64,
        kind: Kind,
        buf: Vec<u8>,
    ) -> BaseBuf {
        if cache.would_keep(buf.len()) {
            let shared = Arc::new(buf);
            cache.insert(self.id, offset, kind, Arc::clone(&shared));
            BaseBuf::Shared(shared)
        } else {
            BaseBuf::Owned(buf)
        }
    }
}

/// Adds the object id to a pack error that lacks one.
fn attach_id(e: Error, id: Option<ObjectId>) -> Error {
    match e {
        Error::Corrupt(p) => Error::Corrupt(p.of(id)),
        other => other,
    }
}

/// `pack-x.idx` → `pack-x.pack` (git's `verify-pack` rule: strip `.idx`, add `.pack`).
fn pack_path_for(idx_path: &Path) -> PathBuf {
    if idx_path.extension() == Some("idx".as_ref()) {
        return idx_path.with_extension("pack");
    }
    let mut s = idx_path.as_os_str().to_owned();
    s.push(".pack");
    PathBuf::from(s)
}

fn check_pair(index: &PackIndex, data: &PackData) -> Result<()> {
    let index_path = index.path().to_path_buf();
    if data.num_objects() as usize != index.len() {
        return Err(data
            .error(PackErrorKind::CountMismatch {
                pack: data.num_objects(),
                index: index.len() as u64,
                index_path,
            })
            .into());
    }
    if data.checksum() != index.pack_checksum() {
        return Err(data
            .error(PackErrorKind::IndexMismatch { index_path })
            .into());
    }
    Ok(())
}
