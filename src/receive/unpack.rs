//! `unpack-objects`: a pack stream written out as loose objects, as git's
//! `builtin/unpack-objects.c` does it.
//!
//! Entries are read in one pass (see [`super::scan`]). A whole object is written at once; a delta
//! whose base is already in the repository (written a moment ago, or there before) is applied
//! to it, read back from the store; a delta whose base has not come yet (a REF_DELTA may name a
//! later entry, or a base that is itself waiting) is kept until that base is written. Only those
//! waiting deltas are held in memory. Objects already in the repository are not written again.
//!
//! `-n` (dry run) reads and checks the stream and writes nothing, resolving no delta (as git).
//! If the pack turns out damaged, the loose objects this call created are removed again.

use super::scan::{scan, ObjectSink, ScannedEntry};
use super::strict::StrictChecker;
use super::{Progress, StrictError};
use crate::error::Result;
use crate::fsck;
use crate::hash::hash_object;
use crate::limits::Limits;
use crate::object::Kind;
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pack::data::EntryKind;
use crate::pack::{delta, PackError, PackErrorKind};
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::rc::Rc;

/// How to unpack (git's `unpack-objects` options).
#[derive(Debug, Clone, Default)]
pub struct UnpackOptions {
    /// Read and check the pack, write nothing (`-n`).
    pub dry_run: bool,
    /// Run git's fsck checks on every object, with these options (`--strict`).
    pub strict: Option<fsck::Options>,
    /// Ceilings on hostile input.
    pub limits: Limits,
}

/// What [`unpack_objects`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpacked {
    /// Objects in the pack.
    pub objects: u32,
    /// Loose objects created (objects already present are not counted).
    pub written: u32,
    /// The pack's trailing checksum.
    pub checksum: [u8; 20],
}

/// Reads a pack from `src` and writes its objects loose into `odb`'s primary directory.
///
/// ```no_run
/// use gitstore::receive::{unpack_objects, UnpackOptions};
/// # fn main() -> gitstore::Result<()> {
/// let repo = gitstore::Repository::open(".git")?;
/// let done = unpack_objects(
///     &mut std::io::stdin().lock(),
///     repo.odb(),
///     &UnpackOptions::default(),
///     &|_| {},
/// )?;
/// eprintln!("{} objects, {} new", done.objects, done.written);
/// # Ok(()) }
/// ```
pub fn unpack_objects(
    src: &mut dyn Read,
    odb: &Odb,
    options: &UnpackOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Unpacked> {
    let mut unpacker = Unpacker {
        odb,
        options,
        offsets: Vec::new(),
        waiting: HashMap::new(),
        waiting_count: 0,
        created: Vec::new(),
        checker: options.strict.clone().map(StrictChecker::new),
        progress,
        base: Vec::new(),
        result: Vec::new(),
    };
    let path = PathBuf::from("<stdin>");
    let outcome = scan(
        src,
        None,
        path.clone(),
        &options.limits,
        &mut unpacker,
        false,
    )
    .and_then(|scanned| unpacker.finish(path).map(|()| scanned));
    match outcome {
        Ok(scanned) => Ok(Unpacked {
            objects: scanned.entries.len() as u32,
            written: unpacker.created.len() as u32,
            checksum: scanned.checksum,
        }),
        Err(e) => {
            unpacker.remove_created();
            Err(e)
        }
    }
}

/// What a waiting delta waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Base {
    Offset(u64),
    Id(ObjectId),
}

/// An object of [`Unpacker::add`]'s work list: known (`offset, body, id`), or a delta
/// (`offset, instructions, base body`) to rebuild when its turn comes.
enum Pending {
    Known(u64, Vec<u8>, ObjectId),
    Delta(u64, Vec<u8>, Rc<Vec<u8>>),
}

struct Unpacker<'a> {
    odb: &'a Odb,
    options: &'a UnpackOptions,
    /// Every entry so far, by offset, with its id once known.
    offsets: Vec<(u64, Option<ObjectId>)>,
    /// Deltas whose base has not come yet: `(entry offset, delta instructions)`.
    waiting: HashMap<Base, Vec<(u64, Vec<u8>)>>,
    waiting_count: usize,
    /// Loose objects this call created, removed again on failure.
    created: Vec<ObjectId>,
    checker: Option<StrictChecker>,
    progress: &'a (dyn Fn(Progress) + Sync),
    base: Vec<u8>,
    result: Vec<u8>,
}

impl Unpacker<'_> {
    fn writes(&self) -> bool {
        !self.options.dry_run
    }

    /// An object is known: write it, then rebuild every delta that waited for it. A delta is
    /// rebuilt only when it is its turn, so a base with many waiting deltas holds their
    /// instructions, not all their results at once.
    fn add(&mut self, offset: u64, kind: Kind, data: Vec<u8>, id: ObjectId) -> Result<()> {
        let mut work: Vec<Pending> = vec![Pending::Known(offset, data, id)];
        while let Some(next) = work.pop() {
            let (offset, data, id) = match next {
                Pending::Known(offset, data, id) => (offset, data, id),
                Pending::Delta(child, instructions, base) => {
                    let mut out = Vec::new();
                    delta::apply(
                        &base,
                        &instructions,
                        &mut out,
                        self.options.limits.max_object_size,
                    )
                    .map_err(|d| bad_delta(child, d))?;
                    drop(base);
                    let child_id = hash_object(kind, &out)?;
                    (child, out, child_id)
                }
            };
            if let Ok(i) = self.offsets.binary_search_by_key(&offset, |(o, _)| *o) {
                if let Some(slot) = self.offsets.get_mut(i) {
                    slot.1 = Some(id);
                }
            }
            if let Some(checker) = &self.checker {
                checker.check(&id, kind, &data)?;
            }
            if self.writes() && !self.odb.contains(&id)? {
                self.odb.write(kind, &data)?;
                self.created.push(id);
            }
            let data = Rc::new(data);
            for key in [Base::Offset(offset), Base::Id(id)] {
                for (child, instructions) in self.waiting.remove(&key).unwrap_or_default() {
                    self.waiting_count -= 1;
                    work.push(Pending::Delta(child, instructions, Rc::clone(&data)));
                }
            }
        }
        Ok(())
    }

    /// A delta whose base is in the repository now: rebuild it.
    fn apply_to(&mut self, offset: u64, base: &ObjectId, instructions: &[u8]) -> Result<bool> {
        let mut base_data = std::mem::take(&mut self.base);
        let Some(kind) = self.odb.try_read(base, &mut base_data)? else {
            self.base = base_data;
            return Ok(false);
        };
        let mut out = std::mem::take(&mut self.result);
        delta::apply(
            &base_data,
            instructions,
            &mut out,
            self.options.limits.max_object_size,
        )
        .map_err(|d| bad_delta(offset, d))?;
        self.base = base_data;
        let id = hash_object(kind, &out)?;
        self.add(offset, kind, out, id)?;
        Ok(true)
    }

    fn wait(&mut self, base: Base, offset: u64, instructions: &[u8]) {
        self.waiting
            .entry(base)
            .or_default()
            .push((offset, instructions.to_vec()));
        self.waiting_count += 1;
    }

    fn finish(&mut self, path: PathBuf) -> Result<()> {
        if self.waiting_count > 0 {
            return Err(PackError::new(
                PackErrorKind::UnresolvedDeltas {
                    count: self.waiting_count as u64,
                },
                path,
            )
            .into());
        }
        if let Some(checker) = self.checker.take() {
            let mut ids: Vec<ObjectId> = self.offsets.iter().filter_map(|(_, id)| *id).collect();
            ids.sort_unstable();
            for link in checker.into_links() {
                if ids.binary_search(&link).is_err() && !self.odb.contains(&link)? {
                    return Err(StrictError::MissingLink { id: link }.into());
                }
            }
        }
        Ok(())
    }

    fn remove_created(&mut self) {
        if let Some(loose) = self.odb.loose() {
            for id in self.created.drain(..) {
                let _ = std::fs::remove_file(loose.path_of(&id));
            }
        }
    }
}

fn bad_delta(offset: u64, d: crate::error::DecodeError) -> crate::Error {
    PackError::new(PackErrorKind::BadDelta(d), "<stdin>")
        .at(offset)
        .into()
}

impl ObjectSink for Unpacker<'_> {
    fn wants(&mut self, _: Kind) -> bool {
        self.writes() || self.checker.is_some()
    }

    fn object(&mut self, entry: &ScannedEntry, kind: Kind, data: &mut Vec<u8>) -> Result<()> {
        self.offsets.push((entry.offset, entry.id()));
        match entry.id() {
            Some(id) if self.writes() || self.checker.is_some() => {
                self.add(entry.offset, kind, std::mem::take(data), id)
            }
            _ => Ok(()),
        }
    }

    fn wants_deltas(&self) -> bool {
        self.writes()
    }

    fn delta(&mut self, entry: &ScannedEntry, data: &[u8]) -> Result<()> {
        self.offsets.push((entry.offset, None));
        match entry.kind() {
            EntryKind::OfsDelta { base_offset } => {
                let known = self
                    .offsets
                    .binary_search_by_key(&base_offset, |(o, _)| *o)
                    .ok()
                    .and_then(|i| self.offsets.get(i))
                    .copied();
                match known {
                    None => Err(PackError::new(PackErrorKind::DeltaBaseNotEntry, "<stdin>")
                        .at(entry.offset)
                        .into()),
                    Some((_, Some(id))) => {
                        if !self.apply_to(entry.offset, &id, data)? {
                            self.wait(Base::Offset(base_offset), entry.offset, data);
                        }
                        Ok(())
                    }
                    Some((_, None)) => {
                        self.wait(Base::Offset(base_offset), entry.offset, data);
                        Ok(())
                    }
                }
            }
            EntryKind::RefDelta { base } => {
                if !self.apply_to(entry.offset, &base, data)? {
                    self.wait(Base::Id(base), entry.offset, data);
                }
                Ok(())
            }
            EntryKind::Base(_) => Ok(()),
        }
    }

    fn progress(&mut self, done: u32, total: u32, bytes: u64) {
        (self.progress)(Progress::Receiving { done, total, bytes });
    }
}
