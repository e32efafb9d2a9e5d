//! The first pass over a received pack: entry after entry from a byte stream, as git's
//! `parse_pack_objects` reads it.
//!
//! The stream is read once, through a fixed buffer. Every byte consumed goes into the pack's
//! running SHA-1 (checked against the 20-byte trailer at the end), into the CRC32 of the entry
//! it belongs to, and, when the stream is stdin, into the copy written to `objects/pack/`. A
//! zlib stream is inflated through a fixed output window and only as far as it goes, so the
//! next entry starts at exactly the byte after it: nothing is held but the window, except the
//! bodies a caller asks to keep (the non-blobs of `--strict`).
//!
//! Whole objects are hashed here; deltas are only checked to inflate to their announced size,
//! and resolved later from the written pack (see [`super::resolve`]).

use crate::error::{DecodeError, Error, Location, Result};
use crate::hash::{FileChecksum, ObjectHasher};
use crate::limits::Limits;
use crate::object::Kind;
use crate::oid::ObjectId;
use crate::pack::data::{parse_entry_header, EntryKind, HEADER_LEN, TRAILER_LEN};
use crate::pack::{PackError, PackErrorKind};
use flate2::{Decompress, FlushDecompress, Status};
use std::io::{Read, Write};
use std::path::PathBuf;

/// One entry as the first pass found it: 40 bytes, as a pack of a million objects keeps a
/// million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScannedEntry {
    /// Offset of the entry's header.
    pub offset: u64,
    /// CRC32 of the entry's bytes (header and compressed data).
    pub crc32: u32,
    held: Held,
}

/// What an entry holds, with a whole object's id in the place a REF_DELTA's base takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Whole(Kind, ObjectId),
    OfsDelta(u64),
    RefDelta(ObjectId),
}

impl ScannedEntry {
    /// A whole object's entry.
    pub fn whole(offset: u64, crc32: u32, kind: Kind, id: ObjectId) -> ScannedEntry {
        ScannedEntry {
            offset,
            crc32,
            held: Held::Whole(kind, id),
        }
    }

    /// What the entry holds.
    pub fn kind(&self) -> EntryKind {
        match self.held {
            Held::Whole(kind, _) => EntryKind::Base(kind),
            Held::OfsDelta(base_offset) => EntryKind::OfsDelta { base_offset },
            Held::RefDelta(base) => EntryKind::RefDelta { base },
        }
    }

    /// For a whole object, its id.
    pub fn id(&self) -> Option<ObjectId> {
        match self.held {
            Held::Whole(_, id) => Some(id),
            _ => None,
        }
    }
}

/// What the first pass found in the whole pack.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    /// The pack version (2 or 3).
    pub version: u32,
    /// Every entry, in pack order.
    pub entries: Vec<ScannedEntry>,
    /// The trailing checksum (checked).
    pub checksum: [u8; 20],
    /// Where the trailer starts: the end of the last entry.
    pub end_of_entries: u64,
}

/// What the scanner does with each whole object's body (for `--strict` and `unpack-objects`).
pub trait ObjectSink {
    /// Whether the body of a whole object of `kind` should be kept for [`ObjectSink::object`].
    fn wants(&mut self, kind: Kind) -> bool;
    /// A whole object, hashed; `data` is its body when [`ObjectSink::wants`] said so (else
    /// empty). The sink may take the buffer.
    fn object(&mut self, entry: &ScannedEntry, kind: Kind, data: &mut Vec<u8>) -> Result<()>;
    /// A delta's instructions, when [`ObjectSink::wants_deltas`] says so.
    fn delta(&mut self, _entry: &ScannedEntry, _data: &[u8]) -> Result<()> {
        Ok(())
    }
    /// Whether delta instructions are to be kept for [`ObjectSink::delta`].
    fn wants_deltas(&self) -> bool {
        false
    }
    /// Progress: `done` entries of `total` read, `bytes` consumed so far.
    fn progress(&mut self, _done: u32, _total: u32, _bytes: u64) {}
}

/// Keeps nothing.
pub struct NoSink;

impl ObjectSink for NoSink {
    fn wants(&mut self, _: Kind) -> bool {
        false
    }
    fn object(&mut self, _: &ScannedEntry, _: Kind, _: &mut Vec<u8>) -> Result<()> {
        Ok(())
    }
}

const BUF_LEN: usize = 128 * 1024;
const WINDOW: usize = 64 * 1024;

/// The stream with its running checksums and optional copy.
struct Input<'a> {
    src: &'a mut dyn Read,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Stream offset of `buf[start]`.
    offset: u64,
    sum: FileChecksum,
    crc: crc32fast::Hasher,
    copy: Option<&'a mut dyn Write>,
    path: PathBuf,
}

impl Input<'_> {
    fn available(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }

    /// Reads more input unless at least `want` bytes are buffered; whether they now are.
    fn fill(&mut self, want: usize) -> Result<bool> {
        while self.end - self.start < want && !self.eof {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            let Some(room) = self.buf.get_mut(self.end..) else {
                break;
            };
            if room.is_empty() {
                break;
            }
            match self.src.read(room) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(&self.path, e)),
            }
        }
        Ok(self.end - self.start >= want)
    }

    /// Moves past `n` buffered bytes, which belong to the pack's content.
    fn consume(&mut self, n: usize) -> Result<()> {
        let used = self
            .buf
            .get(self.start..self.start + n)
            .ok_or_else(|| self.error(PackErrorKind::EarlyEof))?;
        self.sum.update(used);
        self.crc.update(used);
        if let Some(copy) = self.copy.as_mut() {
            copy.write_all(used).map_err(|e| Error::io(&self.path, e))?;
        }
        self.start += n;
        self.offset += n as u64;
        Ok(())
    }

    fn error(&self, kind: PackErrorKind) -> Error {
        PackError::new(kind, &self.path).into()
    }

    fn entry_error(&self, offset: u64, kind: PackErrorKind) -> Error {
        PackError::new(kind, &self.path).at(offset).into()
    }
}

/// Reads a whole pack from `src`: header, every entry, trailer. Each consumed byte is also
/// written to `copy` when given (the trailer included). `path` names the pack in errors.
///
/// With `strict_end`, bytes after the trailer are an error ([`PackErrorKind::JunkAtEnd`]), as
/// for a pack file; a stream is left after its trailer unread.
pub fn scan<'a>(
    src: &'a mut dyn Read,
    copy: Option<&'a mut dyn Write>,
    path: PathBuf,
    limits: &Limits,
    sink: &mut dyn ObjectSink,
    strict_end: bool,
) -> Result<Scanned> {
    let mut input = Input {
        src,
        buf: vec![0; BUF_LEN],
        start: 0,
        end: 0,
        eof: false,
        offset: 0,
        sum: FileChecksum::new(),
        crc: crc32fast::Hasher::new(),
        copy,
        path,
    };
    if !input.fill(HEADER_LEN)? {
        return Err(input.error(PackErrorKind::EarlyEof));
    }
    let header: [u8; HEADER_LEN] = input
        .available()
        .get(..HEADER_LEN)
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| input.error(PackErrorKind::EarlyEof))?;
    if &header[..4] != b"PACK" {
        return Err(input.error(PackErrorKind::BadMagic));
    }
    let version = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
    if version != 2 && version != 3 {
        return Err(input.error(PackErrorKind::BadVersion(version)));
    }
    let count = u32::from_be_bytes([header[8], header[9], header[10], header[11]]);
    input.consume(HEADER_LEN)?;

    // never trust the count for an allocation: a 12-byte stream may claim 4 billion objects
    let mut entries = Vec::with_capacity((count as usize).min(1 << 16));
    let mut window = vec![0u8; WINDOW];
    let mut body = Vec::new();
    let mut z = Decompress::new(true);
    for done in 0..count {
        let entry = read_entry(&mut input, limits, sink, &mut z, &mut window, &mut body)?;
        entries.push(entry);
        sink.progress(done + 1, count, input.offset);
    }
    let end_of_entries = input.offset;
    if !input.fill(TRAILER_LEN)? {
        return Err(input.error(PackErrorKind::EarlyEof));
    }
    let computed = input.sum.clone().finish();
    let stored: [u8; 20] = input
        .available()
        .get(..TRAILER_LEN)
        .and_then(|t| t.try_into().ok())
        .ok_or_else(|| input.error(PackErrorKind::EarlyEof))?;
    if stored != computed {
        return Err(input.error(PackErrorKind::ChecksumMismatch { stored, computed }));
    }
    input.consume(TRAILER_LEN)?;
    if strict_end && input.fill(1)? {
        return Err(input.error(PackErrorKind::JunkAtEnd));
    }
    Ok(Scanned {
        version,
        entries,
        checksum: stored,
        end_of_entries,
    })
}

/// Longest entry header: 10 size bytes and a 20-byte id, or 10 offset bytes.
const MAX_ENTRY_HEADER: usize = 32;

fn read_entry(
    input: &mut Input<'_>,
    limits: &Limits,
    sink: &mut dyn ObjectSink,
    z: &mut Decompress,
    window: &mut [u8],
    body: &mut Vec<u8>,
) -> Result<ScannedEntry> {
    let offset = input.offset;
    input.crc = crc32fast::Hasher::new();
    input.fill(MAX_ENTRY_HEADER)?;
    if input.available().is_empty() {
        return Err(input.entry_error(offset, PackErrorKind::EarlyEof));
    }
    let code = input.available().first().map_or(0, |b| (b >> 4) & 7);
    if code == 0 || code == 5 {
        return Err(input.entry_error(offset, PackErrorKind::BadEntryType(code)));
    }
    let h = parse_entry_header(input.available(), offset).map_err(|e| {
        let kind = if input.eof && is_truncation(&e) {
            PackErrorKind::EarlyEof
        } else {
            PackErrorKind::BadEntryHeader(e)
        };
        input.entry_error(offset, kind)
    })?;
    input.consume(h.header_len)?;
    if h.size > limits.max_object_size {
        return Err(Error::LimitExceeded {
            what: "object size",
            limit: limits.max_object_size,
            location: Location::Pack {
                path: input.path.clone(),
                offset,
            },
        });
    }
    match h.kind {
        EntryKind::Base(kind) => {
            let keep = sink.wants(kind);
            let mut hasher = ObjectHasher::new(kind, h.size);
            body.clear();
            inflate(input, offset, h.size, z, window, &mut |piece| {
                hasher.update(piece);
                if keep {
                    body.extend_from_slice(piece);
                }
            })?;
            let entry =
                ScannedEntry::whole(offset, input.crc.clone().finalize(), kind, hasher.finish()?);
            sink.object(&entry, kind, body)?;
            Ok(entry)
        }
        EntryKind::OfsDelta { base_offset } => {
            let held = Held::OfsDelta(base_offset);
            read_delta(input, offset, h.size, held, sink, z, window, body)
        }
        EntryKind::RefDelta { base } => {
            let held = Held::RefDelta(base);
            read_delta(input, offset, h.size, held, sink, z, window, body)
        }
    }
}

/// Inflates a delta's instructions, handing them to the sink when it wants them.
#[allow(clippy::too_many_arguments)]
fn read_delta(
    input: &mut Input<'_>,
    offset: u64,
    size: u64,
    held: Held,
    sink: &mut dyn ObjectSink,
    z: &mut Decompress,
    window: &mut [u8],
    body: &mut Vec<u8>,
) -> Result<ScannedEntry> {
    let keep = sink.wants_deltas();
    body.clear();
    inflate(input, offset, size, z, window, &mut |piece| {
        if keep {
            body.extend_from_slice(piece);
        }
    })?;
    let entry = ScannedEntry {
        offset,
        crc32: input.crc.clone().finalize(),
        held,
    };
    if keep {
        sink.delta(&entry, body)?;
    }
    Ok(entry)
}

fn is_truncation(e: &DecodeError) -> bool {
    e.what.contains("truncated") || e.what.contains("ends early")
}

/// Inflates the zlib stream at the input's position, handing each produced piece to `out`,
/// consuming exactly the stream's bytes; it must produce exactly `size` bytes.
fn inflate(
    input: &mut Input<'_>,
    offset: u64,
    size: u64,
    z: &mut Decompress,
    window: &mut [u8],
    out: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    z.reset(true);
    let mut produced = 0u64;
    loop {
        if input.available().is_empty() {
            input.fill(1)?;
        }
        let (in_before, out_before) = (z.total_in(), z.total_out());
        let status = z
            .decompress(input.available(), window, FlushDecompress::None)
            .map_err(|_| {
                let at = z.total_in() as usize;
                input.entry_error(
                    offset,
                    PackErrorKind::BadEntryData(DecodeError::new(at, "corrupt zlib stream")),
                )
            })?;
        let used = (z.total_in() - in_before) as usize;
        let made = (z.total_out() - out_before) as usize;
        input.consume(used)?;
        produced += made as u64;
        if produced > size {
            return Err(input.entry_error(
                offset,
                PackErrorKind::BadEntryData(DecodeError::new(
                    0,
                    "entry inflates to more than its header size",
                )),
            ));
        }
        out(window.get(..made).unwrap_or_default());
        match status {
            Status::StreamEnd => break,
            _ if used == 0 && made == 0 => {
                if input.eof && input.available().is_empty() {
                    return Err(input.entry_error(offset, PackErrorKind::EarlyEof));
                }
                if !input.fill(input.available().len() + 1)? {
                    if input.eof {
                        return Err(input.entry_error(offset, PackErrorKind::EarlyEof));
                    }
                    // a full buffer that zlib will not take: the stream is damaged
                    return Err(input.entry_error(
                        offset,
                        PackErrorKind::BadEntryData(DecodeError::new(0, "corrupt zlib stream")),
                    ));
                }
            }
            _ => {}
        }
    }
    if produced != size {
        return Err(input.entry_error(
            offset,
            PackErrorKind::BadEntryData(DecodeError::new(
                0,
                "entry inflates to less than its header size",
            )),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::ZlibEncoder, Compression};

    /// A reader that hands out one byte per call, so every buffer refill path runs.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn entry(code: u8, data: &[u8], out: &mut Vec<u8>) {
        let mut b = (code << 4) | (data.len() & 0x0f) as u8;
        let mut rest = data.len() >> 4;
        while rest != 0 {
            out.push(b | 0x80);
            b = (rest & 0x7f) as u8;
            rest >>= 7;
        }
        out.push(b);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(data).unwrap();
        out.extend_from_slice(&z.finish().unwrap());
    }

    fn sample() -> (Vec<u8>, Vec<u64>) {
        let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut pack = b"PACK\0\0\0\x02\0\0\0\x03".to_vec();
        let mut offsets = Vec::new();
        for data in [&b"hello\n"[..], &big, b""] {
            offsets.push(pack.len() as u64);
            entry(3, data, &mut pack);
        }
        let sum = FileChecksum::of(&pack);
        pack.extend_from_slice(&sum);
        (pack, offsets)
    }

    #[test]
    fn entries_end_exactly_where_zlib_ends_whatever_the_read_sizes() {
        let (pack, offsets) = sample();
        let mut copy = Vec::new();
        let scanned = scan(
            &mut Trickle(&pack),
            Some(&mut copy),
            "p".into(),
            &Limits::default(),
            &mut NoSink,
            true,
        )
        .unwrap();
        assert_eq!(copy, pack);
        let found: Vec<u64> = scanned.entries.iter().map(|e| e.offset).collect();
        assert_eq!(found, offsets);
        assert_eq!(
            scanned.entries[0].id().unwrap().to_string(),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        let raw = &pack[offsets[0] as usize..offsets[1] as usize];
        assert_eq!(scanned.entries[0].crc32, crc32fast::hash(raw));
        assert_eq!(scanned.end_of_entries, pack.len() as u64 - 20);
    }

    #[test]
    fn junk_after_a_pack_file_and_a_cut_stream_are_refused() {
        let (mut pack, _) = sample();
        let cut = pack[..pack.len() - 1].to_vec();
        let kind = |r: Result<Scanned>| match r {
            Err(Error::Pack(p)) => p.kind,
            other => panic!("{other:?}"),
        };
        let limits = Limits::default();
        let r = scan(&mut &cut[..], None, "p".into(), &limits, &mut NoSink, true);
        assert_eq!(kind(r), PackErrorKind::EarlyEof);
        pack.push(0);
        let r = scan(&mut &pack[..], None, "p".into(), &limits, &mut NoSink, true);
        assert_eq!(kind(r), PackErrorKind::JunkAtEnd);
        // a stream is left unread after its trailer
        assert!(scan(
            &mut &pack[..],
            None,
            "p".into(),
            &limits,
            &mut NoSink,
            false
        )
        .is_ok());
    }
}
