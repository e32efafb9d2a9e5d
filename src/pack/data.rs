//! [`PackData`]: the `.pack` file, its entry headers and zlib-compressed entry data.
//!
//! ```text
//! "PACK"  u32 BE version (2 or 3)  u32 BE object count
//! entries, each:
//!   1 byte:  MSB = more size bytes, bits 4-6 = type, bits 0-3 = size (low 4 bits)
//!   n bytes: MSB = more, 7 more size bits each (little-endian)
//!   type 6 (OFS_DELTA): the base's distance back from this entry, big-endian base-128 where
//!                       each continuation adds one ("offset encoding")
//!   type 7 (REF_DELTA): the base's 20-byte id
//!   zlib stream of `size` bytes (for deltas: the delta instructions)
//! 20-byte SHA-1 of everything above
//! ```
//!
//! Types 1-4 are commit, tree, blob, tag; 0 and 5 are invalid.

use super::{Error, PackError, PackErrorKind, Result};
use crate::cursor::Cursor;
use crate::hash::FileChecksum;
use crate::location::Location;
use crate::mmap::FileBytes;
use crate::object::DecodeError;
use crate::object::Kind;
use crate::oid::ObjectId;
use flate2::{Decompress, FlushDecompress, Status};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Length of the `PACK` header.
pub const HEADER_LEN: usize = 12;
/// Length of the trailing checksum.
pub const TRAILER_LEN: usize = 20;

/// What a pack entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A whole object of this kind.
    Base(Kind),
    /// A delta against the entry at this (absolute) offset of the same pack.
    OfsDelta {
        /// Offset of the base entry.
        base_offset: u64,
    },
    /// A delta against the object with this id (in this pack or elsewhere).
    RefDelta {
        /// The base's id.
        base: ObjectId,
    },
}

impl EntryKind {
    /// The type code as stored (1-4, 6, 7).
    pub fn code(&self) -> u8 {
        match self {
            EntryKind::Base(k) => k.pack_code(),
            EntryKind::OfsDelta { .. } => 6,
            EntryKind::RefDelta { .. } => 7,
        }
    }

    /// Whether this entry is a delta.
    pub fn is_delta(&self) -> bool {
        !matches!(self, EntryKind::Base(_))
    }
}

/// A parsed entry header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryHeader {
    /// What the entry holds.
    pub kind: EntryKind,
    /// The inflated size of the entry's data: the object size, or for deltas the delta size.
    pub size: u64,
    /// Length of the header in bytes; the zlib stream starts at `offset + header_len`.
    pub header_len: usize,
}

/// Parses the entry header at the start of `data`, which begins at pack offset `offset` (needed
/// to resolve an OFS_DELTA base).
pub fn parse_entry_header(data: &[u8], offset: u64) -> Result<EntryHeader, DecodeError> {
    let mut c = Cursor::new(data);
    // the cursor's own words (input ends early, value too big) and offset; the caller's
    // PackErrorKind::BadEntryHeader says what was being read
    let (code, size) = c.entry_type_and_size()?;
    let kind = match code {
        6 => {
            let at = c.position();
            let back = c.ofs_delta_distance()?;
            let base_offset =
                offset
                    .checked_sub(back)
                    .filter(|_| back != 0)
                    .ok_or(DecodeError::new(
                        at,
                        "OFS_DELTA base offset is out of the pack",
                    ))?;
            EntryKind::OfsDelta { base_offset }
        }
        7 => {
            let base = c
                .bytes(ObjectId::LEN)
                .ok()
                .and_then(ObjectId::from_bytes)
                .ok_or_else(|| DecodeError::new(c.position(), "REF_DELTA base id is truncated"))?;
            EntryKind::RefDelta { base }
        }
        c => EntryKind::Base(
            Kind::from_pack_code(c).ok_or(DecodeError::new(0, "invalid pack entry type"))?,
        ),
    };
    Ok(EntryHeader {
        kind,
        size,
        header_len: c.position(),
    })
}

thread_local! {
    static INFLATER: RefCell<Decompress> = RefCell::new(Decompress::new(true));
}

/// Inflates the zlib stream at the start of `input` into `out` (cleared first). The stream must
/// end exactly after `size` bytes of output. Returns the number of compressed bytes consumed.
pub fn inflate_exact(input: &[u8], size: usize, out: &mut Vec<u8>) -> Result<usize, DecodeError> {
    out.clear();
    // One byte more than announced, so an overlong stream is noticed without reallocating.
    out.try_reserve_exact(crate::limits::inflate_capacity(size, input.len()))
        .map_err(|_| DecodeError::new(0, "object is too large to hold in memory"))?;
    INFLATER.with(|cell| {
        let mut z = cell.borrow_mut();
        z.reset(true);
        loop {
            let before_in = z.total_in() as usize;
            let before_out = out.len();
            if !crate::limits::grow_for_inflate(out, size) {
                return Err(DecodeError::new(0, "object is too large to hold in memory"));
            }
            let rest = input
                .get(before_in..)
                .ok_or(DecodeError::new(0, "zlib stream overran its input"))?;
            let status = z
                .decompress_vec(rest, out, FlushDecompress::Finish)
                .map_err(|_| DecodeError::new(before_in, "corrupt zlib stream"))?;
            if out.len() > size {
                return Err(DecodeError::new(
                    0,
                    "entry inflates to more than its header size",
                ));
            }
            match status {
                Status::StreamEnd => break,
                _ if z.total_in() as usize == before_in && out.len() == before_out => {
                    return Err(DecodeError::new(
                        z.total_in() as usize,
                        "zlib stream is truncated",
                    ));
                }
                _ => {}
            }
        }
        if out.len() != size {
            return Err(DecodeError::new(
                0,
                "entry inflates to less than its header size",
            ));
        }
        Ok(z.total_in() as usize)
    })
}

/// Inflates at most `want` bytes from the start of the zlib stream in `input` into `buf`,
/// returning how many were produced (fewer if the stream ends first).
pub fn inflate_prefix(input: &[u8], buf: &mut [u8]) -> Result<usize, DecodeError> {
    INFLATER.with(|cell| {
        let mut z = cell.borrow_mut();
        z.reset(true);
        let mut produced = 0usize;
        while produced < buf.len() {
            let tin = z.total_in() as usize;
            let rest = input.get(tin..).unwrap_or_default();
            let slot = buf.get_mut(produced..).unwrap_or_default();
            let status = z
                .decompress(rest, slot, FlushDecompress::None)
                .map_err(|_| DecodeError::new(tin, "corrupt zlib stream"))?;
            let now = z.total_out() as usize;
            if status == Status::StreamEnd || (now == produced && z.total_in() as usize == tin) {
                produced = now;
                break;
            }
            produced = now;
        }
        Ok(produced)
    })
}

/// The version and object count of a `.pack` file's header, once its magic, version and
/// length (header and trailer at least) are checked.
pub fn parse_header(bytes: &[u8]) -> std::result::Result<(u32, u32), PackErrorKind> {
    if bytes.len() < HEADER_LEN + TRAILER_LEN {
        return Err(PackErrorKind::Truncated);
    }
    let mut c = Cursor::new(bytes);
    if c.bytes(4) != Ok(b"PACK") {
        return Err(PackErrorKind::BadMagic);
    }
    let (version, count) = c
        .be_u32()
        .and_then(|v| Ok((v, c.be_u32()?)))
        .map_err(|_| PackErrorKind::Truncated)?;
    if version != 2 && version != 3 {
        return Err(PackErrorKind::BadVersion(version));
    }
    Ok((version, count))
}

/// An opened `.pack` file.
pub struct PackData {
    path: PathBuf,
    bytes: FileBytes,
    version: u32,
    num_objects: u32,
}

impl std::fmt::Debug for PackData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackData")
            .field("path", &self.path)
            .field("version", &self.version)
            .field("num_objects", &self.num_objects)
            .finish()
    }
}

impl PackData {
    /// Opens (maps) the pack at `path` and checks its header.
    pub fn open(path: &Path) -> Result<PackData> {
        let bytes = FileBytes::open(path).map_err(|e| Error::io(path, e))?;
        PackData::from_bytes(path.to_path_buf(), bytes)
    }

    /// Checks the header of pack bytes already in memory; `path` is used in error messages.
    pub fn from_bytes(path: PathBuf, bytes: FileBytes) -> Result<PackData> {
        match parse_header(&bytes) {
            Ok((version, num_objects)) => Ok(PackData {
                path,
                bytes,
                version,
                num_objects,
            }),
            Err(kind) => Err(PackError::new(kind, path).into()),
        }
    }

    /// Gives back the mapped pages read so far (see [`FileBytes::release_pages`]).
    pub fn release_pages(&self) {
        self.bytes.release_pages();
    }

    /// The `.pack` file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pack format version (2 or 3).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Number of objects the header announces.
    pub fn num_objects(&self) -> u32 {
        self.num_objects
    }

    /// The whole file.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Offset where the trailing checksum starts (the end of the last entry).
    pub fn end_of_entries(&self) -> u64 {
        self.bytes.len().saturating_sub(TRAILER_LEN) as u64
    }

    /// The trailing checksum as stored.
    pub fn checksum(&self) -> [u8; 20] {
        Cursor::at(&self.bytes, self.bytes.len().saturating_sub(TRAILER_LEN))
            .and_then(|mut c| c.array())
            .unwrap_or_default()
    }

    /// Recomputes the trailing checksum over the whole file and compares.
    pub fn verify_checksum(&self) -> Result<()> {
        let end = self.bytes.len().saturating_sub(TRAILER_LEN);
        let computed = FileChecksum::of(self.bytes.get(..end).unwrap_or_default());
        let stored = self.checksum();
        if computed != stored {
            return Err(self
                .error(PackErrorKind::ChecksumMismatch { stored, computed })
                .into());
        }
        Ok(())
    }

    /// A [`PackError`] about this pack as a whole.
    pub fn error(&self, kind: PackErrorKind) -> PackError {
        PackError::new(kind, &self.path)
    }

    /// A [`PackError`] about the entry at `offset` (of object `id`, when known).
    pub fn entry_error(&self, id: Option<ObjectId>, offset: u64, kind: PackErrorKind) -> Error {
        self.error(kind).at(offset).of(id).into()
    }

    /// The bytes from `offset` to the trailer: where an entry at `offset` must fit.
    fn entry_bytes(&self, offset: u64) -> Option<&[u8]> {
        let end = self.bytes.len().saturating_sub(TRAILER_LEN);
        let start = usize::try_from(offset).ok()?;
        if start < HEADER_LEN {
            return None;
        }
        self.bytes.get(start..end)
    }

    /// Parses the header of the entry at `offset`.
    pub fn entry_header(&self, offset: u64) -> Result<EntryHeader> {
        let data = self
            .entry_bytes(offset)
            .ok_or_else(|| self.entry_error(None, offset, PackErrorKind::OffsetOutOfRange))?;
        parse_entry_header(data, offset)
            .map_err(|e| self.entry_error(None, offset, PackErrorKind::BadEntryHeader(e)))
    }

    /// Inflates the data of the entry at `offset` (whose header is `h`) into `out`, checking
    /// that it is exactly `h.size` bytes. Returns the compressed length.
    pub fn inflate_entry(
        &self,
        offset: u64,
        h: &EntryHeader,
        out: &mut Vec<u8>,
        max_size: u64,
    ) -> Result<usize> {
        if h.size > max_size {
            return Err(Error::LimitExceeded {
                what: "object size",
                limit: max_size,
                location: Location::Pack {
                    path: self.path.clone(),
                    offset,
                },
            });
        }
        let size = usize::try_from(h.size)
            .map_err(|_| self.entry_error(None, offset, PackErrorKind::TooLarge))?;
        let input = self
            .entry_bytes(offset)
            .and_then(|d| d.get(h.header_len..))
            .ok_or_else(|| self.entry_error(None, offset, PackErrorKind::OffsetOutOfRange))?;
        // A stream cannot inflate to more than ~1032 times its length; refuse absurd sizes
        // before allocating for them.
        if size / 1032 > input.len() {
            return Err(self.entry_error(None, offset, PackErrorKind::TooLarge));
        }
        inflate_exact(input, size, out)
            .map_err(|e| self.entry_error(None, offset, PackErrorKind::BadEntryData(e)))
    }

    /// The first bytes of the entry's inflated data (for a delta, its size header).
    pub fn inflate_entry_prefix(
        &self,
        offset: u64,
        h: &EntryHeader,
        buf: &mut [u8],
    ) -> Result<usize> {
        let input = self
            .entry_bytes(offset)
            .and_then(|d| d.get(h.header_len..))
            .ok_or_else(|| self.entry_error(None, offset, PackErrorKind::OffsetOutOfRange))?;
        inflate_prefix(input, buf)
            .map_err(|e| self.entry_error(None, offset, PackErrorKind::BadEntryData(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;

    pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn entry_headers_parse() {
        let h = parse_entry_header(&[0x3f], 12).unwrap();
        assert_eq!(
            (h.kind, h.size, h.header_len),
            (EntryKind::Base(Kind::Blob), 15, 1)
        );
        let h = parse_entry_header(&[0x95, 0x0a], 12).unwrap();
        assert_eq!(
            (h.kind, h.size, h.header_len),
            (EntryKind::Base(Kind::Commit), 5 + (10 << 4), 2)
        );
        // OFS_DELTA: one byte back 10; two bytes [0x80|0, 0x05] = (0+1)*128 + 5 = 133
        let h = parse_entry_header(&[0x60, 10], 100).unwrap();
        assert_eq!(h.kind, EntryKind::OfsDelta { base_offset: 90 });
        let h = parse_entry_header(&[0x60, 0x80, 5], 200).unwrap();
        assert_eq!(
            h.kind,
            EntryKind::OfsDelta {
                base_offset: 200 - 133
            }
        );
        assert!(parse_entry_header(&[0x60, 0x80, 5], 100).is_err());
        assert!(parse_entry_header(&[0x60, 0], 100).is_err());
        assert!(parse_entry_header(&[0x00], 100).is_err());
        assert!(parse_entry_header(&[0x50], 100).is_err());
        assert!(parse_entry_header(&[0x70, 1, 2], 100).is_err());
        assert!(parse_entry_header(&[0xff; 12], 100).is_err());
        assert!(parse_entry_header(
            &[0x60, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
            100
        )
        .is_err());
    }

    #[test]
    fn inflate_checks_the_size_exactly() {
        let z = deflate(b"hello hello hello");
        let mut out = Vec::with_capacity(100);
        assert_eq!(inflate_exact(&z, 17, &mut out).unwrap(), z.len());
        assert_eq!(out, b"hello hello hello");
        assert!(inflate_exact(&z, 16, &mut out).is_err());
        assert!(inflate_exact(&z, 18, &mut out).is_err());
        assert!(inflate_exact(&z[..z.len() - 3], 17, &mut out).is_err());
        let mut buf = [0u8; 4];
        assert_eq!(inflate_prefix(&z, &mut buf).unwrap(), 4);
        assert_eq!(&buf, b"hell");
        let mut big = [0u8; 64];
        assert_eq!(inflate_prefix(&z, &mut big).unwrap(), 17);
        let mut trailing = z.clone();
        trailing.extend_from_slice(b"garbage");
        assert_eq!(inflate_exact(&trailing, 17, &mut out).unwrap(), z.len());
    }
}
