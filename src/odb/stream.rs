//! Reading one object's body as a stream, so that printing or copying a multi-GB blob never
//! holds it in memory.
//!
//! A loose object and a large whole (non-delta) pack entry are inflated as they are read; a
//! small entry is read whole (so a damaged one falls back to another copy first), and a delta
//! has to be rebuilt in memory first (its copy instructions may reach anywhere in the base), so
//! it, and an object from an added store, is read whole and then handed out from the buffer.

use super::Odb;
use super::{Error, Result};
use crate::loose::LooseStream;
use crate::object::DecodeError;
use crate::object::Header;
use crate::oid::ObjectId;
use crate::pack::{EntryKind, Pack, PackErrorKind};
use flate2::{Decompress, FlushDecompress, Status};
use std::io::{self, Cursor, Read};
use std::sync::Arc;

/// Whole pack entries up to this size are read into memory rather than inflated as they are
/// read (git streams only past `core.bigFileThreshold`, 512 MiB; a smaller bound keeps memory
/// low): a damaged one is then replaced by another copy before any byte is handed out.
const READ_WHOLE_UP_TO: u64 = 16 << 20;

/// The body of one object, read as a stream: exactly [`header`](Self::header)`.size` bytes, or
/// an error naming the object and where it is stored.
pub struct ObjectStream {
    header: Header,
    source: Source,
}

enum Source {
    Loose(LooseStream),
    Packed(PackedEntry),
    Whole(Cursor<Vec<u8>>),
}

impl std::fmt::Debug for ObjectStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match self.source {
            Source::Loose(_) => "loose",
            Source::Packed(_) => "packed",
            Source::Whole(_) => "in memory",
        };
        f.debug_struct("ObjectStream")
            .field("header", &self.header)
            .field("source", &source)
            .finish()
    }
}

impl ObjectStream {
    /// The object's kind and size.
    pub fn header(&self) -> Header {
        self.header
    }
}

impl Read for ObjectStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.source {
            Source::Loose(s) => s.read(buf),
            Source::Packed(s) => s.read(buf),
            Source::Whole(c) => c.read(buf),
        }
    }
}

/// A whole pack entry, inflated straight out of the mapped pack.
struct PackedEntry {
    pack: Arc<Pack>,
    id: ObjectId,
    offset: u64,
    /// Where the next compressed byte is, in the pack file.
    pos: usize,
    left: u64,
    z: Decompress,
}

impl PackedEntry {
    /// An `InvalidData` error carrying a [`PackError`](crate::pack::PackError) about this
    /// entry's data; `what` went wrong after this many compressed bytes.
    fn bad(&self, what: &'static str) -> io::Error {
        let at = usize::try_from(self.z.total_in()).unwrap_or(usize::MAX);
        let error = crate::pack::PackError::new(
            PackErrorKind::BadEntryData(DecodeError::new(at, what)),
            self.pack.pack_path(),
        )
        .at(self.offset)
        .of(Some(self.id));
        io::Error::new(io::ErrorKind::InvalidData, crate::pack::Error::from(error))
    }
}

impl Read for PackedEntry {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let bytes = self.pack.data().map_err(io::Error::other)?.bytes();
        // The trailer is not part of any entry.
        let end = bytes.len().saturating_sub(20);
        let input = bytes.get(self.pos..end).unwrap_or_default();
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        if want == 0 && !buf.is_empty() {
            // All announced bytes are out: the stream must end here.
            let mut probe = [0u8; 1];
            let before = self.z.total_out();
            let status = self
                .z
                .decompress(input, &mut probe, FlushDecompress::None)
                .map_err(|_| self.bad("corrupt zlib stream"))?;
            return if self.z.total_out() > before {
                Err(self.bad("entry inflates to more than its header size"))
            } else if status == Status::StreamEnd {
                Ok(0)
            } else {
                Err(self.bad("zlib stream does not end after the entry's size"))
            };
        }
        let (in_before, out_before) = (self.z.total_in(), self.z.total_out());
        let status = self
            .z
            .decompress(input, &mut buf[..want], FlushDecompress::None)
            .map_err(|_| self.bad("corrupt zlib stream"))?;
        let consumed = (self.z.total_in() - in_before) as usize;
        let produced = (self.z.total_out() - out_before) as usize;
        self.pos += consumed;
        self.left -= produced as u64;
        if produced == 0 && want > 0 && (status == Status::StreamEnd || consumed == 0) {
            return Err(self.bad("entry inflates to less than its header size"));
        }
        Ok(produced)
    }
}

impl Odb {
    /// Opens object `id` for reading as a stream, or `None` when no store has it. Loose objects
    /// and whole pack entries are inflated as they are read; deltas are rebuilt in memory.
    pub fn open_stream(&self, id: &ObjectId) -> Result<Option<ObjectStream>> {
        for pack in self.packs() {
            let Some(offset) = pack.offset_of(id)? else {
                continue;
            };
            let data = match pack.data().map_err(Error::from) {
                Ok(data) => data,
                // deleted by a concurrent repack: the full lookup scans the packs again
                Err(e) if super::is_vanished(&e) => return self.read_whole(id),
                Err(e) => return Err(e),
            };
            let h = match data.entry_header(offset).map_err(Error::from) {
                Ok(h) => h,
                Err(e) if super::damage::is_entry_damage(&e) => return self.read_whole(id),
                Err(e) => return Err(e),
            };
            if h.size <= READ_WHOLE_UP_TO {
                // read whole, as git reads any object below core.bigFileThreshold: a damaged
                // entry is then found before anything is handed out, and another copy read
                return self.read_whole(id);
            }
            if let EntryKind::Base(kind) = h.kind {
                let pos = usize::try_from(offset)
                    .ok()
                    .and_then(|o| o.checked_add(h.header_len))
                    .ok_or_else(|| {
                        data.entry_error(Some(*id), offset, PackErrorKind::OffsetOutOfRange)
                    })?;
                return Ok(Some(ObjectStream {
                    header: Header { kind, size: h.size },
                    source: Source::Packed(PackedEntry {
                        pack: Arc::clone(&pack),
                        id: *id,
                        offset,
                        pos,
                        left: h.size,
                        z: Decompress::new(true),
                    }),
                }));
            }
            // A delta: rebuilt in memory below, without probing the loose stores first.
            return self.read_whole(id);
        }
        if let Some(stream) = self.open_loose_stream(id)? {
            return Ok(Some(stream));
        }
        self.read_whole(id)
    }

    /// Reads `id` whole; an object whose only copy was just found damaged is an error here
    /// (as git's stream, which tries twice, dies of it).
    fn read_whole(&self, id: &ObjectId) -> Result<Option<ObjectStream>> {
        let mut buf = Vec::new();
        let found = self.try_read(id, &mut buf)?;
        if found.is_none() {
            if let Some(damaged) = self.damaged(id) {
                return Err(damaged.into());
            }
        }
        Ok(found.map(|kind| ObjectStream {
            header: Header {
                kind,
                size: buf.len() as u64,
            },
            source: Source::Whole(Cursor::new(buf)),
        }))
    }

    fn open_loose_stream(&self, id: &ObjectId) -> Result<Option<ObjectStream>> {
        for dir in &self.dirs {
            if let Some(s) = dir.loose.open_stream(id)? {
                return Ok(Some(ObjectStream {
                    header: s.header(),
                    source: Source::Loose(s),
                }));
            }
        }
        Ok(None)
    }
}
