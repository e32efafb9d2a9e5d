//! Reading loose objects: inflate, parse and check the header, check the size (and on request
//! the hash), or stream the body.

use super::LooseStore;
use crate::error::{Error, Location, Result};
use crate::hash::hash_object;
use crate::limits::Limits;
use crate::object::{parse_header, Header, Kind};
use crate::oid::ObjectId;
use flate2::{Decompress, FlushDecompress, Status};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// The longest header git writes: `"commit 18446744073709551615\0"` fits easily in 32 bytes.
const MAX_HEADER: usize = 32;

impl LooseStore {
    /// Reads object `id` into `out` (cleared first) and returns its kind, or `None` when there is
    /// no loose file for it. The header's size must match the body; the hash is not checked
    /// (see [`LooseStore::read_verified`]).
    pub fn read(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        let path = self.path_of(id);
        let Some(bytes) = read_file(&path)? else {
            return Ok(None);
        };
        let kind = inflate_object(&bytes, out, &self.limits)
            .map_err(|reason| corrupt(id, &path, reason))?;
        Ok(Some(kind))
    }

    /// Like [`LooseStore::read`], and also checks that the content hashes to `id`.
    pub fn read_verified(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        let Some(kind) = self.read(id, out)? else {
            return Ok(None);
        };
        let actual = hash_object(kind, out)?;
        if actual != *id {
            return Err(Error::HashMismatch {
                expected: *id,
                actual,
                location: Location::File(self.path_of(id)),
            });
        }
        Ok(Some(kind))
    }

    /// The kind and size of object `id`, inflating only its first bytes; `None` when missing.
    pub fn read_header(&self, id: &ObjectId) -> Result<Option<Header>> {
        let path = self.path_of(id);
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        // 256 deflated bytes always hold the 32-byte header, even in stored blocks
        let mut input = [0u8; 256];
        let mut filled = 0;
        while filled < input.len() {
            let n = file
                .read(&mut input[filled..])
                .map_err(|e| Error::io(&path, e))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        let mut z = Decompress::new(true);
        let mut head = [0u8; MAX_HEADER];
        let status = z.decompress(&input[..filled], &mut head, FlushDecompress::Sync);
        let produced = z.total_out() as usize;
        if let Some(nul) = head[..produced].iter().position(|&b| b == 0) {
            let (h, _) = parse_header(&head[..=nul])
                .map_err(|e| corrupt(id, &path, format!("{BAD_HEADER}: {e}")))?;
            return Ok(Some(h));
        }
        let reason = match status {
            Err(e) => format!("{INFLATE_HEADER}: {e}"),
            Ok(_) => NO_HEADER.to_string(),
        };
        Err(corrupt(id, &path, reason))
    }

    /// Opens object `id` for streaming: its header, and a reader of exactly its body, which
    /// fails if the stored body is shorter or longer than the header says. `None` when missing.
    pub fn open_stream(&self, id: &ObjectId) -> Result<Option<LooseStream>> {
        let path = self.path_of(id);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        let mut decoder = flate2::bufread::ZlibDecoder::new(BufReader::new(file));
        let mut head = Vec::with_capacity(MAX_HEADER);
        let mut byte = [0u8; 1];
        loop {
            let n = decoder
                .read(&mut byte)
                .map_err(|e| corrupt(id, &path, format!("{INFLATE_HEADER}: {e}")))?;
            if n == 0 || head.len() == MAX_HEADER {
                return Err(corrupt(id, &path, NO_HEADER.into()));
            }
            head.push(byte[0]);
            if byte[0] == 0 {
                break;
            }
        }
        let (header, _) =
            parse_header(&head).map_err(|e| corrupt(id, &path, format!("{BAD_HEADER}: {e}")))?;
        Ok(Some(LooseStream {
            header,
            left: header.size,
            decoder,
            id: *id,
            path,
        }))
    }
}

/// The body of a loose object, inflated as it is read. Yields exactly the size its header
/// announced, or an error naming the object and file.
pub struct LooseStream {
    header: Header,
    left: u64,
    decoder: flate2::bufread::ZlibDecoder<BufReader<File>>,
    id: ObjectId,
    path: PathBuf,
}

impl LooseStream {
    /// The object's kind and size.
    pub fn header(&self) -> Header {
        self.header
    }

    fn bad(&self, reason: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            corrupt(&self.id, &self.path, reason.to_string()),
        )
    }
}

impl Read for LooseStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // the stream must end here: anything more is a body longer than announced
            let mut probe = [0u8; 1];
            return match self.decoder.read(&mut probe) {
                Ok(0) => {
                    use std::io::BufRead;
                    match self.decoder.get_mut().fill_buf() {
                        Ok([]) => Ok(0),
                        Ok(_) => Err(self.bad("garbage after the zlib stream")),
                        Err(e) => Err(self.bad(&format!("cannot read: {e}"))),
                    }
                }
                Ok(_) => Err(self.bad("body is longer than its header says")),
                Err(e) => Err(self.bad(&format!("cannot inflate: {e}"))),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        match self.decoder.read(&mut buf[..want]) {
            Ok(0) if want > 0 => Err(self.bad("body is shorter than its header says")),
            Ok(n) => {
                self.left -= n as u64;
                Ok(n)
            }
            Err(e) => Err(self.bad(&format!("cannot inflate: {e}"))),
        }
    }
}

fn read_file(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// How a loose object's damaged header is described (and recognized by
/// [`Error::loose_header_damage`]).
pub(crate) const BAD_HEADER: &str = "bad object header";
pub(crate) const INFLATE_HEADER: &str = "cannot inflate object header";
pub(crate) const NO_HEADER: &str = "object header is missing or too long";

fn corrupt(id: &ObjectId, path: &Path, reason: String) -> Error {
    Error::Corrupt {
        id: Some(*id),
        location: Location::File(path.to_path_buf()),
        reason,
    }
}

/// Inflates a whole loose object file (`bytes`) into `out`: checks the header, the size and that
/// nothing follows the zlib stream. Pure: the caller names the object in the error.
pub fn inflate_object(bytes: &[u8], out: &mut Vec<u8>, limits: &Limits) -> Result<Kind, String> {
    out.clear();
    let mut z = Decompress::new(true);
    let mut head = [0u8; MAX_HEADER];
    let status = z
        .decompress(bytes, &mut head, FlushDecompress::None)
        .map_err(|e| format!("cannot inflate: {e}"))?;
    let produced = z.total_out() as usize;
    let nul = head[..produced]
        .iter()
        .position(|&b| b == 0)
        .ok_or_else(|| NO_HEADER.to_string())?;
    let (header, header_len) =
        parse_header(&head[..=nul]).map_err(|e| format!("{BAD_HEADER}: {e}"))?;
    if header.size > limits.max_object_size {
        return Err(format!(
            "object of {} bytes exceeds the limit of {} bytes held in memory",
            header.size, limits.max_object_size
        ));
    }
    let size = header.size as usize;
    let already = &head[header_len..produced];
    if already.len() > size {
        return Err("body is longer than its header says".into());
    }
    out.try_reserve_exact(crate::limits::inflate_capacity(size, bytes.len()))
        .map_err(|_| "object is too large to hold in memory".to_string())?;
    out.extend_from_slice(already);
    let mut status = status;
    while status != Status::StreamEnd {
        let before_in = z.total_in();
        let before_out = z.total_out();
        let consumed = before_in as usize;
        if !crate::limits::grow_for_inflate(out, size) {
            return Err("object is too large to hold in memory".into());
        }
        status = z
            .decompress_vec(&bytes[consumed..], out, FlushDecompress::Finish)
            .map_err(|e| format!("cannot inflate: {e}"))?;
        if out.len() > size {
            return Err("body is longer than its header says".into());
        }
        if status != Status::StreamEnd && z.total_in() == before_in && z.total_out() == before_out {
            return Err("zlib stream is truncated".into());
        }
    }
    if out.len() != size {
        return Err(format!(
            "body is {} bytes but its header says {}",
            out.len(),
            size
        ));
    }
    if (z.total_in() as usize) < bytes.len() {
        return Err("garbage after the zlib stream".into());
    }
    Ok(header.kind)
}
