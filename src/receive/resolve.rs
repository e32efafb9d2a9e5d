//! The second pass: every delta rebuilt from its base and hashed, as git's `resolve_deltas`.
//!
//! The deltas of a pack form trees: a whole object is a root, and an entry's children are the
//! OFS_DELTAs naming its offset and the REF_DELTAs naming its id. Each tree is walked depth
//! first from the written pack, with an explicit stack (a chain may be thousands deep): a base
//! stays in memory only while some of its children are still to be rebuilt, and is dropped
//! before its last child is descended into, so a plain chain costs two objects at a time, not
//! its length. Roots are shared among threads through one counter.
//!
//! A delta no tree reaches is unresolved: its base is missing, or it is part of a REF_DELTA
//! cycle (whose members can only be reached from one another).

use super::scan::ScannedEntry;
use crate::error::{Error, Location, Result};
use crate::hash::hash_object;
use crate::limits::Limits;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::pack::data::EntryKind;
use crate::pack::data::{inflate_exact, parse_entry_header};
use crate::pack::{delta, PackError, PackErrorKind};
use std::collections::HashSet;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// An entry once its object is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// The object's id.
    pub id: ObjectId,
    /// The object's kind (for a delta, its base's).
    pub kind: Kind,
}

/// Looks at every object rebuilt from a delta (for `--strict`, or to write it loose).
pub trait ResolvedSink: Sync {
    /// Whether [`ResolvedSink::object`] wants objects at all.
    fn wants_objects(&self) -> bool;
    /// An object rebuilt from a delta.
    fn object(&self, id: &ObjectId, kind: Kind, data: &[u8]) -> Result<()>;
}

/// Wants nothing.
pub struct NoResolvedSink;

impl ResolvedSink for NoResolvedSink {
    fn wants_objects(&self) -> bool {
        false
    }
    fn object(&self, _: &ObjectId, _: Kind, _: &[u8]) -> Result<()> {
        Ok(())
    }
}

/// The delta trees of a pack: which entries hang under which offset or id.
pub struct DeltaTrees {
    /// `(base offset, child entry)`, sorted.
    ofs: Vec<(u64, u32)>,
    /// `(base id, child entry)`, sorted.
    refs: Vec<(ObjectId, u32)>,
    /// Ids whose REF_DELTA children were handed out: a pack holding one object twice (refused
    /// once all is resolved) must not have them rebuilt under each copy, which a chain of
    /// duplicates would make exponential.
    claimed: Mutex<HashSet<ObjectId>>,
}

impl DeltaTrees {
    /// The trees of `entries`.
    pub fn new(entries: &[ScannedEntry]) -> DeltaTrees {
        let mut ofs = Vec::new();
        let mut refs = Vec::new();
        for (i, e) in (0u32..).zip(entries) {
            match e.kind() {
                EntryKind::OfsDelta { base_offset } => ofs.push((base_offset, i)),
                EntryKind::RefDelta { base } => refs.push((base, i)),
                EntryKind::Base(_) => {}
            }
        }
        ofs.sort_unstable();
        refs.sort_unstable();
        DeltaTrees {
            ofs,
            refs,
            claimed: Mutex::new(HashSet::new()),
        }
    }

    /// The entries that are deltas against the entry at `offset` whose id is `id`.
    pub fn children(&self, offset: u64, id: &ObjectId, out: &mut Vec<u32>) {
        out.clear();
        let start = self.ofs.partition_point(|(o, _)| *o < offset);
        out.extend(
            self.ofs
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|(o, _)| *o == offset)
                .map(|(_, c)| *c),
        );
        let start = self.refs.partition_point(|(b, _)| b < id);
        let has_refs = self.refs.get(start).is_some_and(|(b, _)| b == id);
        if !has_refs || !self.claimed.lock().is_ok_and(|mut c| c.insert(*id)) {
            return;
        }
        out.extend(
            self.refs
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|(b, _)| b == id)
                .map(|(_, c)| *c),
        );
    }

    /// The REF_DELTA entries, by base id.
    pub fn ref_deltas(&self) -> &[(ObjectId, u32)] {
        &self.refs
    }
}

/// The written pack, read entry by entry with positioned reads. It is not mapped: a mapped
/// pack counts its whole size in the process's resident memory once every entry was read.
pub struct PackFile {
    file: File,
    path: PathBuf,
    end_of_entries: u64,
}

impl PackFile {
    /// Opens the pack at `path`, whose entries end at `end_of_entries`.
    pub fn open(path: &Path, end_of_entries: u64) -> Result<PackFile> {
        Ok(PackFile {
            file: File::open(path).map_err(|e| Error::io(path, e))?,
            path: path.to_path_buf(),
            end_of_entries,
        })
    }

    fn error(&self, offset: u64, kind: PackErrorKind) -> Error {
        PackError::new(kind, &self.path).at(offset).into()
    }

    /// Inflates entry `i` of `entries` (a whole object's body or a delta's instructions) into
    /// `out`, through `raw`.
    fn inflate(
        &self,
        entries: &[ScannedEntry],
        i: usize,
        raw: &mut Vec<u8>,
        out: &mut Vec<u8>,
        max_size: u64,
    ) -> Result<()> {
        let e = entries
            .get(i)
            .ok_or_else(|| self.error(0, PackErrorKind::OffsetOutOfRange))?;
        let end = entries
            .get(i + 1)
            .map_or(self.end_of_entries, |next| next.offset);
        let len = end
            .checked_sub(e.offset)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| self.error(e.offset, PackErrorKind::OffsetOutOfRange))?;
        raw.clear();
        raw.try_reserve_exact(len)
            .map_err(|_| self.error(e.offset, PackErrorKind::TooLarge))?;
        raw.resize(len, 0);
        self.file
            .read_exact_at(raw, e.offset)
            .map_err(|err| Error::io(&self.path, err))?;
        let h = parse_entry_header(raw, e.offset)
            .map_err(|d| self.error(e.offset, PackErrorKind::BadEntryHeader(d)))?;
        if h.size > max_size {
            return Err(self.error(e.offset, PackErrorKind::TooLarge));
        }
        let size =
            usize::try_from(h.size).map_err(|_| self.error(e.offset, PackErrorKind::TooLarge))?;
        let data = raw.get(h.header_len..).unwrap_or_default();
        inflate_exact(data, size, out)
            .map_err(|d| self.error(e.offset, PackErrorKind::BadEntryData(d)))?;
        Ok(())
    }
}

/// What the walks share.
pub struct Walk<'a> {
    /// The pack, as written.
    pub pack: &'a PackFile,
    /// Its entries.
    pub entries: &'a [ScannedEntry],
    /// Its delta trees.
    pub trees: &'a DeltaTrees,
    /// The ceilings.
    pub limits: &'a Limits,
    /// Sees every rebuilt object.
    pub sink: &'a dyn ResolvedSink,
    /// Called with the number of deltas resolved so far.
    pub progress: &'a (dyn Fn(u64) + Sync),
}

struct Frame {
    data: Vec<u8>,
    kind: Kind,
    depth: usize,
    children: Vec<u32>,
    next: usize,
}

/// Rebuilds every delta under the entries `roots` (whose objects must be in `resolved`), on
/// `threads` threads, filling `resolved` in.
pub fn resolve(
    walk: &Walk<'_>,
    roots: &[u32],
    resolved: &mut [Option<Resolved>],
    threads: usize,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let done = AtomicU64::new(0);
    let found: Mutex<Vec<(u32, Resolved)>> = Mutex::new(Vec::new());
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    let shared: &[Option<Resolved>] = resolved;
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                let mut local = Vec::new();
                let mut scratch = Scratch::default();
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&root) = roots.get(i) else { break };
                    let root_entry = shared.get(root as usize).copied().flatten();
                    let Some(root_object) = root_entry else {
                        continue;
                    };
                    let offset = match entry_of(walk, root) {
                        Ok(e) => e.offset,
                        Err(_) => continue,
                    };
                    let walked = walk_tree(
                        walk,
                        offset,
                        root_object,
                        RootData::Entry(root),
                        &mut local,
                        &mut scratch,
                        &done,
                    );
                    if let Err(e) = walked {
                        failed.store(true, Ordering::Relaxed);
                        if let Ok(mut slot) = first_error.lock() {
                            slot.get_or_insert(e);
                        }
                        break;
                    }
                }
                if let Ok(mut all) = found.lock() {
                    all.append(&mut local);
                }
            });
        }
    });
    if let Some(e) = first_error.into_inner().ok().flatten() {
        return Err(e);
    }
    for (i, r) in found.into_inner().unwrap_or_default() {
        if let Some(slot) = resolved.get_mut(i as usize) {
            *slot = Some(r);
        }
    }
    Ok(())
}

#[derive(Default)]
struct Scratch {
    raw: Vec<u8>,
    delta: Vec<u8>,
    children: Vec<u32>,
}

/// Where the body of a delta tree's root comes from.
enum RootData {
    /// Entry `i` of the pack.
    Entry(u32),
    /// Already in memory.
    Bytes(Vec<u8>),
}

fn entry_of<'e>(walk: &Walk<'e>, i: u32) -> Result<&'e ScannedEntry> {
    walk.entries
        .get(i as usize)
        .ok_or_else(|| walk.pack.error(0, PackErrorKind::OffsetOutOfRange))
}

/// Inflates entry `i` (a whole object or a delta's instructions) into `out`.
fn inflate(walk: &Walk<'_>, i: u32, raw: &mut Vec<u8>, out: &mut Vec<u8>) -> Result<()> {
    walk.pack.inflate(
        walk.entries,
        i as usize,
        raw,
        out,
        walk.limits.max_object_size,
    )
}

/// Rebuilds every delta under one base that is not an entry of the mapped pack (a base
/// `--fix-thin` appended), whose body is `data`, at once, on this thread.
pub fn resolve_base(
    walk: &Walk<'_>,
    offset: u64,
    base: Resolved,
    data: Vec<u8>,
    resolved: &mut [Option<Resolved>],
) -> Result<()> {
    let mut found = Vec::new();
    walk_tree(
        walk,
        offset,
        base,
        RootData::Bytes(data),
        &mut found,
        &mut Scratch::default(),
        &AtomicU64::new(0),
    )?;
    for (i, r) in found {
        if let Some(slot) = resolved.get_mut(i as usize) {
            *slot = Some(r);
        }
    }
    Ok(())
}

/// Walks the delta tree under the object at `offset` (whose body is `data`, or read from the
/// pack when `None`).
fn walk_tree(
    walk: &Walk<'_>,
    offset: u64,
    root_object: Resolved,
    data: RootData,
    found: &mut Vec<(u32, Resolved)>,
    scratch: &mut Scratch,
    done: &AtomicU64,
) -> Result<()> {
    walk.trees
        .children(offset, &root_object.id, &mut scratch.children);
    if scratch.children.is_empty() {
        return Ok(());
    }
    let data = match data {
        RootData::Bytes(data) => data,
        RootData::Entry(i) => {
            let mut data = Vec::new();
            inflate(walk, i, &mut scratch.raw, &mut data)?;
            data
        }
    };
    let mut stack = vec![Frame {
        data,
        kind: root_object.kind,
        depth: 0,
        children: std::mem::take(&mut scratch.children),
        next: 0,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(&child) = top.children.get(top.next) else {
            stack.pop();
            continue;
        };
        top.next += 1;
        let last = top.next == top.children.len();
        let e = entry_of(walk, child)?;
        inflate(walk, child, &mut scratch.raw, &mut scratch.delta)?;
        let mut out = Vec::new();
        delta::apply(
            &top.data,
            &scratch.delta,
            &mut out,
            walk.limits.max_object_size,
        )
        .map_err(|d| walk.pack.error(e.offset, PackErrorKind::BadDelta(d)))?;
        let (kind, depth) = (top.kind, top.depth + 1);
        if last {
            stack.pop();
        }
        if depth > walk.limits.max_delta_chain {
            return Err(Error::LimitExceeded {
                what: "delta chain length",
                limit: walk.limits.max_delta_chain as u64,
                location: Location::Pack {
                    path: walk.pack.path.clone(),
                    offset: e.offset,
                },
            });
        }
        let id = hash_object(kind, &out)?;
        if walk.sink.wants_objects() {
            walk.sink.object(&id, kind, &out)?;
        }
        found.push((child, Resolved { id, kind }));
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n % 1024 == 0 {
            (walk.progress)(n);
        }
        walk.trees.children(e.offset, &id, &mut scratch.children);
        if !scratch.children.is_empty() {
            stack.push(Frame {
                data: out,
                kind,
                depth,
                children: std::mem::take(&mut scratch.children),
                next: 0,
            });
        }
    }
    Ok(())
}
