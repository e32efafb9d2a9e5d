//! Writing packs: what `git pack-objects` does. A list of objects goes in; a `.pack` comes out,
//! streamed to any writer (`--stdout`) or installed with its `.idx` and `.rev` beside it.
//!
//! ```text
//! "PACK"  u32 BE 2  u32 BE object count          12-byte header
//! entry 1: type+size header [base] zlib stream    (see crate::pack::data for the bytes)
//! entry 2: …                                       bases before the deltas that need them
//! 20-byte SHA-1 of everything above               the pack's checksum and name
//! ```
//!
//! The work runs in four steps, as git's:
//! 1. **counting** ([`plan`]): each object's kind and size, and where a source pack already
//!    holds it — whole (its compressed bytes can be copied) or as a delta against an object
//!    that also goes into this pack (the delta can be copied);
//! 2. **compressing** ([`search`]): the other objects, sorted by kind, path-name hash and size,
//!    are tried as deltas against the objects before them in a sliding window, on every
//!    thread ([`diff_delta`] encodes them);
//! 3. **ordering** ([`order`]): git's write order, each delta's base before the delta;
//! 4. **writing** ([`write`]): entries streamed out with their offsets and CRC32s, the
//!    SHA-1 trailer, then (for files) the `.idx` and `.rev` from [`crate::pack::write_index`],
//!    installed by renaming temp files: `.pack`, then `.rev`, the `.idx` last.
//!
//! ```
//! use gitstore::odb::{MemoryStore, Odb};
//! use gitstore::pack_write::{PackObject, PackOptions, PackWriter};
//! use gitstore::Kind;
//!
//! let odb = Odb::in_memory(MemoryStore::new());
//! let text = "a line of text that repeats\n".repeat(20);
//! let v1 = odb.write(Kind::Blob, text.as_bytes())?;
//! let v2 = odb.write(Kind::Blob, format!("{text}one more line\n").as_bytes())?;
//! let objects = [PackObject::with_path(v1, b"notes.txt"), PackObject::with_path(v2, b"notes.txt")];
//!
//! let mut pack = Vec::new();
//! let options = PackOptions { ofs_delta: true, ..PackOptions::default() };
//! let summary = PackWriter::new(&odb).options(options).write_to(&objects, &[], &mut pack)?;
//! assert_eq!(&pack[..4], b"PACK");
//! assert_eq!(summary.entries.len(), 2);
//! assert_eq!(summary.stats.deltas, 1); // the smaller version is a delta of the bigger one
//! assert_eq!(pack[pack.len() - 20..], summary.checksum);
//! // on disk: PackWriter::new(repo.odb()).write_files(&objects, &[], "objects/pack/pack".as_ref())
//! # Ok::<(), gitstore::Error>(())
//! ```

mod config;
pub mod diff_delta;
mod entry;
pub mod input;
mod install;
mod order;
mod plan;
pub mod revs;
mod search;
mod write;

pub use config::{PackConfig, MAX_DEPTH};
pub use entry::name_hash;
pub use install::WrittenPack;

use crate::error::Result;
use crate::object::Kind;
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pack::write_index::{IndexVersion, IndexWriteError};
use crate::pack::IndexEntry;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// How to write a pack: git's `pack-objects` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackOptions {
    /// Objects a delta candidate is compared with (`--window`, default 10; 0 or 1: no deltas).
    pub window: usize,
    /// Longest delta chain (`--depth`, default 50; git caps it at 4095).
    pub depth: usize,
    /// Threads for the delta search (`--threads`; 0: one per core).
    pub threads: usize,
    /// Copy deltas found in source packs when their base is written too (`--no-reuse-delta`
    /// turns it off).
    pub reuse_delta: bool,
    /// Copy the compressed bytes of whole objects from source packs (`--no-reuse-object` turns
    /// this and delta reuse off).
    pub reuse_object: bool,
    /// Point deltas at their base by distance (OFS_DELTA, `--delta-base-offset`) rather than by
    /// id (REF_DELTA, git's default for `pack-objects`).
    pub ofs_delta: bool,
    /// Allow deltas against the preferred bases, which are not written (a thin pack, for
    /// transfer to a repository that has them).
    pub thin: bool,
    /// The `.idx` to write (`--index-version`).
    pub index_version: IndexVersion,
    /// zlib level of new entries (git's `pack.compression`, default 6).
    pub compression: u32,
}

impl Default for PackOptions {
    fn default() -> Self {
        PackOptions {
            window: 10,
            depth: 50,
            threads: 0,
            reuse_delta: true,
            reuse_object: true,
            ofs_delta: false,
            thin: false,
            index_version: IndexVersion::default(),
            compression: 6,
        }
    }
}

/// One object to pack, with the hash of the path it was found at (see [`name_hash`]), which
/// brings objects likely to delta well next to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackObject {
    /// The object.
    pub id: ObjectId,
    /// [`name_hash`] of its path; 0 when it has none (commits, tags, root trees).
    pub name_hash: u32,
    /// Its kind, when the caller knows it (a walk does): spares reading down the delta chain
    /// of an object stored as a delta to learn it.
    pub kind: Option<Kind>,
}

impl PackObject {
    /// An object with no path.
    pub fn new(id: ObjectId) -> Self {
        PackObject {
            id,
            name_hash: 0,
            kind: None,
        }
    }

    /// An object found at `path` (as `rev-list --objects` prints it).
    pub fn with_path(id: ObjectId, path: &[u8]) -> Self {
        PackObject {
            id,
            name_hash: name_hash(path),
            kind: None,
        }
    }

    /// The same object, known to be of `kind`.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }
}

/// The steps git reports progress for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Listing the objects to pack by walking history (git's `Enumerating objects`), reported
    /// by the callers that walk ([`crate::repack`]); its total is the number found.
    Enumerating,
    /// Finding each object's kind, size and stored form.
    Counting,
    /// The delta search.
    Compressing,
    /// Writing the entries.
    Writing,
}

/// Receives progress: how many of `total` items of a phase are done. Called from the delta
/// search's threads too, hence `Sync`.
pub trait Progress: Sync {
    /// `done` of `total` items of `phase` are done.
    fn update(&self, phase: Phase, done: u64, total: u64);
    /// `phase` is complete with `total` items.
    fn finish(&self, phase: Phase, total: u64);
}

/// [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&self, _: Phase, _: u64, _: u64) {}
    fn finish(&self, _: Phase, _: u64) {}
}

/// Why a pack cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackWriteError {
    /// The `.idx` cannot hold these entries.
    #[error(transparent)]
    Index(#[from] IndexWriteError),
    /// More objects than a pack header can count.
    #[error("{0} objects are more than a pack can hold")]
    TooManyObjects(usize),
    /// The same object was asked for twice.
    #[error("object {0} is listed twice")]
    Duplicate(ObjectId),
}

/// What was written: the pack's checksum, and its entries for an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSummary {
    /// The SHA-1 trailer of the `.pack`, which also names it.
    pub checksum: [u8; 20],
    /// Every entry, sorted by id, with offset and CRC32.
    pub entries: Vec<IndexEntry>,
    /// Counts of how entries were made.
    pub stats: PackStats,
}

impl PackSummary {
    /// The pack's name, the checksum in hex, as `pack-objects` prints it.
    pub fn name(&self) -> String {
        hex::encode(self.checksum)
    }
}

/// How the entries of a written pack were made (git's `Total N (delta D), reused R (delta
/// RD)` line).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PackStats {
    /// Entries written.
    pub total: u64,
    /// Entries written as deltas.
    pub deltas: u64,
    /// Entries whose compressed bytes were copied from a source pack.
    pub reused: u64,
    /// Of those, deltas.
    pub reused_deltas: u64,
}

/// Writes packs from an object database.
pub struct PackWriter<'a> {
    odb: &'a Odb,
    options: PackOptions,
    progress: &'a dyn Progress,
    tagged: Option<&'a HashSet<ObjectId>>,
}

impl<'a> PackWriter<'a> {
    /// A writer reading from `odb`, with default options and no progress.
    pub fn new(odb: &'a Odb) -> Self {
        PackWriter {
            odb,
            options: PackOptions::default(),
            progress: &NoProgress,
            tagged: None,
        }
    }

    /// The same writer with these options.
    pub fn options(mut self, options: PackOptions) -> Self {
        self.options = options;
        self
    }

    /// The same writer reporting to `progress`.
    pub fn progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = progress;
        self
    }

    /// The same writer told which objects tags point at (tagged tips are written right after
    /// the untagged commits before them, as git's write order has it).
    pub fn tagged(mut self, tagged: &'a HashSet<ObjectId>) -> Self {
        self.tagged = Some(tagged);
        self
    }

    /// Writes a pack of `objects` to `out`. `bases` are objects the reader already has: with
    /// [`PackOptions::thin`] they may serve as delta bases (named by id) without being written;
    /// otherwise they are ignored.
    pub fn write_to(
        &self,
        objects: &[PackObject],
        bases: &[PackObject],
        out: &mut dyn Write,
    ) -> Result<PackSummary> {
        let (plan, order) = self.prepare(objects, bases)?;
        write::write_pack(
            self.odb,
            &plan,
            &order,
            &self.options,
            self.progress,
            out,
            Path::new("-"),
        )
    }

    /// Counts, searches deltas and orders: everything but the writing.
    fn prepare(
        &self,
        objects: &[PackObject],
        bases: &[PackObject],
    ) -> Result<(plan::Plan, Vec<usize>)> {
        let mut plan = plan::Plan::count(
            self.odb,
            objects,
            bases,
            &self.options,
            self.tagged,
            self.progress,
        )?;
        search::find_deltas(self.odb, &mut plan, &self.options, self.progress)?;
        let order = order::write_order(&plan);
        Ok((plan, order))
    }

    /// Writes a pack of `objects` as `<base_name>-<checksum>.pack` with its `.rev` and `.idx`
    /// (git's `pack-objects <base-name>`; `objects/pack/pack` for a pack the repository
    /// reads). Temp files in the same directory are renamed into place only when complete.
    pub fn write_files(
        &self,
        objects: &[PackObject],
        bases: &[PackObject],
        base_name: &Path,
    ) -> Result<WrittenPack> {
        install::write_files(self, objects, bases, base_name)
    }
}
