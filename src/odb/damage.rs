//! Reading around damaged pack entries, as git does.
//!
//! When the packed copy of an object cannot be rebuilt (its zlib stream is damaged, a delta on
//! the way does not apply), git does not give up: it marks that copy bad for the rest of the
//! process (`mark_bad_packed_object`) and looks again, skipping it (`find_pack_entry`), so an
//! intact copy in another pack or in the loose objects is read instead. A delta whose base
//! entry is damaged is rebuilt on a base read from elsewhere. This module does the same for an
//! [`Odb`]:
//!
//! ```text
//! read X ── pack P: entry fails ──► rebuild it again step by step, telling each damage found
//!                                   (PackDamage) to the observer; a damaged base is marked bad
//!                                   and read from another copy
//!              │ still fails
//!              ▼
//!           mark (P, X) bad ──► next pack ──► loose ──► none: DamagedObject { X, P }
//! ```
//!
//! What went wrong is data ([`PackDamage`]), handed to the observer set with
//! [`Odb::on_pack_damage`] as it happens; the read itself succeeds when another copy is intact.

use super::Odb;
use super::{Error, Result};
use crate::object::{Header, Kind};
use crate::oid::ObjectId;
use crate::pack::{EntryHeader, EntryKind, Pack, PackErrorKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Something found wrong with a pack entry while reading an object, after which the read goes
/// on with another copy. Told in the order found; offsets are offsets in the `.pack`.
///
/// ```no_run
/// use gitstore::odb::PackDamage;
/// let repo = gitstore::Repository::discover(".")?;
/// repo.odb().on_pack_damage(|damage| {
///     if let PackDamage::Inflate { pack, offset, zlib } = damage {
///         eprintln!("{}: entry at {offset} does not inflate: {zlib}", pack.display());
///     }
/// });
/// # Ok::<(), gitstore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackDamage {
    /// The zlib stream of the entry at `offset` fails.
    Inflate {
        /// The `.pack` file.
        pack: PathBuf,
        /// The entry's offset.
        offset: u64,
        /// zlib's complaint (`incorrect data check`, …).
        zlib: String,
    },
    /// A delta's base, object `base` at `offset`, cannot be rebuilt from this pack; it is marked
    /// bad and read from another copy.
    DeltaBaseUnreadable {
        /// The `.pack` file.
        pack: PathBuf,
        /// The base entry's offset.
        offset: u64,
        /// The base object.
        base: ObjectId,
    },
    /// The delta data starting at `offset` (just after its entry header) does not inflate.
    DeltaDataUnreadable {
        /// The `.pack` file.
        pack: PathBuf,
        /// Where the delta's zlib stream starts.
        offset: u64,
    },
    /// The entry at `offset` has type code `code`, which no entry has (0 or 5).
    UnknownEntryType {
        /// The `.pack` file.
        pack: PathBuf,
        /// The entry's offset.
        offset: u64,
        /// The type code.
        code: u8,
    },
    /// The delta at `offset` does not apply to its base.
    DeltaDoesNotApply {
        /// The `.pack` file.
        pack: PathBuf,
        /// The delta entry's offset.
        offset: u64,
    },
}

/// An object whose every copy failed to read, and the damaged packed copy among them (git's
/// "packed object … is corrupt").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no intact copy of {id}: its entry in {} is damaged", pack.display())]
pub struct DamagedObject {
    /// The object.
    pub id: ObjectId,
    /// The pack whose copy is damaged.
    pub pack: PathBuf,
    /// The kind and size the damaged entry announces, when its headers still read (git prints
    /// them in `cat-file --batch` before it fails on the contents).
    pub header: Option<Header>,
}

/// A packed copy marked bad.
struct BadCopy {
    pack: PathBuf,
    header: Option<Header>,
}

type Observer = Box<dyn Fn(&PackDamage) + Send + Sync>;

/// The packed copies found bad so far, and who hears about damage.
#[derive(Default)]
pub(super) struct DamageLog {
    /// Whether any copy was marked bad: the lookups check only this, cheaply, until one is.
    any: AtomicBool,
    bad: Mutex<HashMap<ObjectId, Vec<BadCopy>>>,
    observer: OnceLock<Observer>,
}

impl DamageLog {
    pub(super) fn is_bad(&self, pack: &Pack, id: &ObjectId) -> bool {
        self.any.load(Ordering::Relaxed)
            && self
                .bad
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(id)
                .is_some_and(|copies| copies.iter().any(|c| c.pack == pack.pack_path()))
    }

    /// Whether some copy of `id` was marked bad.
    pub(super) fn knows(&self, id: &ObjectId) -> bool {
        self.any.load(Ordering::Relaxed) && self.first_bad(id).is_some()
    }

    fn mark_bad(&self, pack: &Path, id: &ObjectId, header: Option<Header>) {
        let mut bad = self
            .bad
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let copies = bad.entry(*id).or_default();
        if !copies.iter().any(|c| c.pack == pack) {
            copies.push(BadCopy {
                pack: pack.to_path_buf(),
                header,
            });
        }
        self.any.store(true, Ordering::Relaxed);
    }

    /// The first copy of `id` marked bad.
    fn first_bad(&self, id: &ObjectId) -> Option<(PathBuf, Option<Header>)> {
        if !self.any.load(Ordering::Relaxed) {
            return None;
        }
        self.bad
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(id)
            .and_then(|copies| copies.first())
            .map(|c| (c.pack.clone(), c.header))
    }

    fn tell(&self, damage: PackDamage) {
        if let Some(observer) = self.observer.get() {
            observer(&damage);
        }
    }
}

/// Whether `e` is damage to one entry of a pack, which another copy of the object may make up
/// for (not a missing file, a crossed limit or a REF_DELTA base found nowhere).
pub(super) fn is_entry_damage(e: &Error) -> bool {
    match e {
        Error::Pack(crate::pack::Error::Corrupt(p)) => matches!(
            p.kind,
            PackErrorKind::BadEntryHeader(_)
                | PackErrorKind::BadEntryData(_)
                | PackErrorKind::BadDelta(_)
                | PackErrorKind::BadEntryType(_)
                | PackErrorKind::OffsetOutOfRange
                | PackErrorKind::TooLarge
        ),
        _ => false,
    }
}

impl Odb {
    /// Has `observe` called with each [`PackDamage`] found while reading, as it is found. Only
    /// the first observer set is kept.
    pub fn on_pack_damage(&self, observe: impl Fn(&PackDamage) + Send + Sync + 'static) {
        let _ = self.damage.observer.set(Box::new(observe));
    }

    /// The packed copies marked bad so far, by object: reads skip them from then on.
    pub fn damaged_copies(&self) -> Vec<(ObjectId, PathBuf)> {
        let bad = self
            .damage
            .bad
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut all: Vec<_> = bad
            .iter()
            .flat_map(|(id, copies)| copies.iter().map(move |c| (*id, c.pack.clone())))
            .collect();
        all.sort();
        all
    }

    /// After the entry of `id` in `pack` failed to read: rebuilds it again the way git's
    /// `unpack_entry` does, telling the damage on the way, and marks the copy bad if it still
    /// fails (`None`).
    pub(super) fn reread_damaged(
        &self,
        pack: &Pack,
        id: &ObjectId,
        out: &mut Vec<u8>,
    ) -> Result<Option<Kind>> {
        let found = match pack.offset_of(id)? {
            Some(offset) => self.unpack_telling(pack, offset, out)?,
            None => None,
        };
        if found.is_none() {
            let header = pack.read_header(id, &super::Bases(self)).ok().flatten();
            self.damage.mark_bad(pack.pack_path(), id, header);
        }
        Ok(found)
    }

    /// After the header of `id` in `pack` failed to read (`e`): tells an entry of an unknown
    /// type on the way and marks the copy bad (git retries the lookup without it).
    pub(super) fn mark_header_damaged(&self, pack: &Pack, id: &ObjectId, e: &Error) {
        if let Error::Pack(crate::pack::Error::Corrupt(p)) = e {
            if let (PackErrorKind::BadEntryHeader(_), Some(offset)) = (&p.kind, p.offset) {
                // git retries a delta's base of type 0 elsewhere without a word
                let top = pack.offset_of(id).ok().flatten() == Some(offset);
                self.tell_unknown_type(pack, offset, top);
            }
        }
        self.damage.mark_bad(pack.pack_path(), id, None);
    }

    /// Tells the type code of the entry at `offset` if it is one no entry has (0 only when
    /// `zero_too`).
    fn tell_unknown_type(&self, pack: &Pack, offset: u64, zero_too: bool) {
        let byte = pack.data().ok().and_then(|data| {
            let at = usize::try_from(offset).ok()?;
            data.bytes().get(at).copied()
        });
        let Some(code) = byte.map(|b| (b >> 4) & 7) else {
            return;
        };
        if code == 5 || (code == 0 && zero_too) {
            self.damage.tell(PackDamage::UnknownEntryType {
                pack: pack.pack_path().to_path_buf(),
                offset,
                code,
            });
        }
    }

    /// The first packed copy of `id` found damaged so far, if any.
    ///
    /// As in git, the read that finds the damage (and no other copy) answers as for a missing
    /// object; the reads of `id` after it fail with this [`DamagedObject`].
    pub fn damaged(&self, id: &ObjectId) -> Option<DamagedObject> {
        self.damage
            .first_bad(id)
            .map(|(pack, header)| DamagedObject {
                id: *id,
                pack,
                header,
            })
    }

    /// git's `unpack_entry`: walks down the delta chain from `offset`, inflates what lies at
    /// the bottom, then applies the deltas back up. A base that fails is marked bad and read
    /// from another copy; each failure is told. `None` when the object cannot be rebuilt.
    fn unpack_telling(&self, pack: &Pack, offset: u64, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        let data = pack.data()?;
        let max_size = self.limits.max_object_size;
        let path = pack.pack_path();
        let mut stack: Vec<(u64, EntryHeader)> = Vec::new();
        let mut at = offset;
        let mut kind = Kind::Blob;
        let mut base: Option<Vec<u8>> = loop {
            let h = match data.entry_header(at).map_err(Error::from) {
                Ok(h) => h,
                Err(e) if is_entry_damage(&e) => {
                    self.tell_unknown_type(pack, at, true);
                    break None;
                }
                Err(e) => return Err(e),
            };
            match h.kind {
                EntryKind::Base(k) => {
                    kind = k;
                    let mut buf = Vec::new();
                    break match data
                        .inflate_entry(at, &h, &mut buf, max_size)
                        .map_err(Error::from)
                    {
                        Ok(_) => Some(buf),
                        Err(e) if is_entry_damage(&e) => {
                            self.tell_inflate(pack, at, &h);
                            None
                        }
                        Err(e) => return Err(e),
                    };
                }
                EntryKind::OfsDelta { base_offset } => {
                    stack.push((at, h));
                    at = base_offset;
                }
                EntryKind::RefDelta { base } => {
                    stack.push((at, h));
                    match pack.offset_of(&base)? {
                        Some(o) => at = o,
                        None => {
                            // a base outside this pack: whatever copy the odb has
                            let mut buf = Vec::new();
                            break match self.read_quietly(&base, &mut buf)? {
                                Some(k) => {
                                    kind = k;
                                    Some(buf)
                                }
                                None => None,
                            };
                        }
                    }
                }
            }
            if stack.len() > self.limits.max_delta_chain {
                return Ok(None);
            }
        };
        let mut failed_at = at;
        let mut delta = Vec::new();
        while let Some((delta_at, h)) = stack.pop() {
            if base.is_none() {
                if let Some(base_id) = pack.id_at_offset(failed_at)? {
                    self.damage.tell(PackDamage::DeltaBaseUnreadable {
                        pack: path.to_path_buf(),
                        offset: failed_at,
                        base: base_id,
                    });
                    self.damage.mark_bad(path, &base_id, None);
                    let mut buf = Vec::new();
                    if let Some(k) = self.read_quietly(&base_id, &mut buf)? {
                        kind = k;
                        base = Some(buf);
                    }
                }
            }
            failed_at = delta_at;
            let Some(b) = base.take() else {
                continue;
            };
            match data
                .inflate_entry(delta_at, &h, &mut delta, max_size)
                .map_err(Error::from)
            {
                Ok(_) => {}
                Err(e) if is_entry_damage(&e) => {
                    self.tell_inflate(pack, delta_at, &h);
                    self.damage.tell(PackDamage::DeltaDataUnreadable {
                        pack: path.to_path_buf(),
                        offset: delta_at + h.header_len as u64,
                    });
                    continue;
                }
                Err(e) => return Err(e),
            }
            let mut result = Vec::new();
            match crate::pack::delta::apply(&b, &delta, &mut result, max_size) {
                Ok(()) => base = Some(result),
                Err(_) => self.damage.tell(PackDamage::DeltaDoesNotApply {
                    pack: path.to_path_buf(),
                    offset: delta_at,
                }),
            }
        }
        Ok(base.map(|b| {
            *out = b;
            kind
        }))
    }

    /// Reads a delta base from any copy; a base with no intact copy is as good as missing.
    fn read_quietly(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        match self.try_read(id, out) {
            Err(Error::Damaged(_)) => Ok(None),
            other => other,
        }
    }

    /// Tells zlib's complaint about the entry at `offset`, if zlib has one (git says nothing
    /// of a stream that merely ends too early or too late).
    fn tell_inflate(&self, pack: &Pack, offset: u64, h: &EntryHeader) {
        let Ok(data) = pack.data() else {
            return;
        };
        let end = data.end_of_entries();
        let input = usize::try_from(offset)
            .ok()
            .and_then(|o| o.checked_add(h.header_len))
            .zip(usize::try_from(end).ok())
            .and_then(|(start, end)| data.bytes().get(start..end))
            .unwrap_or_default();
        if let Some(zlib) = zlib_complaint(input, h.size) {
            self.damage.tell(PackDamage::Inflate {
                pack: pack.pack_path().to_path_buf(),
                offset,
                zlib,
            });
        }
    }
}

/// What zlib says when it inflates `input` into `size` bytes (and one more, as git's buffer
/// has room for), if it fails with a complaint.
fn zlib_complaint(input: &[u8], size: u64) -> Option<String> {
    let mut z = flate2::Decompress::new(true);
    let mut scratch = vec![0u8; 64 * 1024];
    loop {
        let (tin, tout) = (z.total_in(), z.total_out());
        if tout > size {
            return None;
        }
        let rest = input.get(usize::try_from(tin).ok()?..).unwrap_or_default();
        let room = usize::try_from(size + 1 - tout)
            .unwrap_or(usize::MAX)
            .min(scratch.len());
        let slot = scratch.get_mut(..room)?;
        match z.decompress(rest, slot, flate2::FlushDecompress::None) {
            Err(e) => return Some(e.message().unwrap_or("no message").to_string()),
            Ok(flate2::Status::StreamEnd) => return None,
            Ok(_) if z.total_in() == tin && z.total_out() == tout => return None,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_damaged_checksum_is_zlibs_incorrect_data_check() {
        let mut z = deflate(b"hello world, hello world");
        *z.last_mut().unwrap() ^= 0xff;
        assert_eq!(
            zlib_complaint(&z, 24).as_deref(),
            Some("incorrect data check")
        );
    }

    #[test]
    fn a_damaged_zlib_header_is_zlibs_incorrect_header_check() {
        let mut z = deflate(b"hello");
        z[1] ^= 0x01;
        assert_eq!(
            zlib_complaint(&z, 5).as_deref(),
            Some("incorrect header check")
        );
    }

    #[test]
    fn a_stream_of_the_wrong_length_has_no_complaint() {
        let z = deflate(b"hello");
        assert_eq!(zlib_complaint(&z, 3), None);
        assert_eq!(zlib_complaint(&z, 9), None);
        assert_eq!(zlib_complaint(&z[..4], 5), None);
    }
}
