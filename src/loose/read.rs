//! Reading loose objects: inflate, parse and check the header, check the size (and on request
//! the hash), or stream the body.

use super::{Error, LooseError, LooseErrorKind, LooseStore, Result};
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
        let kind =
            inflate_object(&bytes, out, &self.limits).map_err(|kind| corrupt(id, &path, kind))?;
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
                path: self.path_of(id),
            });
        }
        Ok(Some(kind))
    }

    /// The kind and size of object `id`, inflating only its first bytes; `None` when missing.
    pub fn read_header(&self, id: &ObjectId) -> Result<Option<Header>> {
        let path = self.path_of(id);
        let mut file = match crate::file::open(&path) {
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
        if filled == 0 {
            return Err(corrupt(id, &path, LooseErrorKind::Empty));
        }
        let mut z = Decompress::new(true);
        let mut head = [0u8; MAX_HEADER];
        let status = z.decompress(&input[..filled], &mut head, FlushDecompress::Sync);
        let produced = z.total_out() as usize;
        if let Some(nul) = head[..produced].iter().position(|&b| b == 0) {
            let (h, _) = header_of(&head[..=nul]).map_err(|kind| corrupt(id, &path, kind))?;
            return Ok(Some(h));
        }
        let kind = match status {
            Err(e) => LooseErrorKind::InflateHeader {
                zlib: e.to_string(),
            },
            Ok(_) => LooseErrorKind::Unterminated,
        };
        Err(corrupt(id, &path, kind))
    }

    /// Opens object `id` for streaming: its header, and a reader of exactly its body, which
    /// fails if the stored body is shorter or longer than the header says. `None` when missing.
    pub fn open_stream(&self, id: &ObjectId) -> Result<Option<LooseStream>> {
        let path = self.path_of(id);
        let file = match crate::file::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        if file.metadata().is_ok_and(|m| m.len() == 0) {
            return Err(corrupt(id, &path, LooseErrorKind::Empty));
        }
        let mut decoder = flate2::bufread::ZlibDecoder::new(BufReader::new(file));
        let mut head = Vec::with_capacity(MAX_HEADER);
        let mut byte = [0u8; 1];
        loop {
            let n = decoder.read(&mut byte).map_err(|e| {
                let zlib = e.to_string();
                corrupt(id, &path, LooseErrorKind::InflateHeader { zlib })
            })?;
            if n == 0 || head.len() == MAX_HEADER {
                return Err(corrupt(id, &path, LooseErrorKind::Unterminated));
            }
            head.push(byte[0]);
            if byte[0] == 0 {
                break;
            }
        }
        let (header, _) = header_of(&head).map_err(|kind| corrupt(id, &path, kind))?;
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

    fn bad(&self, kind: LooseErrorKind) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            corrupt(&self.id, &self.path, kind),
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
                        Ok(_) => Err(self.bad(LooseErrorKind::TrailingGarbage)),
                        Err(e) => Err(self.bad(LooseErrorKind::Read { os: e.to_string() })),
                    }
                }
                Ok(_) => Err(self.bad(LooseErrorKind::BodyTooLong {
                    expected: self.header.size,
                })),
                Err(e) => Err(self.bad(LooseErrorKind::Inflate {
                    zlib: e.to_string(),
                })),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        match self.decoder.read(&mut buf[..want]) {
            Ok(0) if want > 0 => Err(self.bad(LooseErrorKind::BodyTooShort {
                expected: self.header.size,
                actual: None,
            })),
            Ok(n) => {
                self.left -= n as u64;
                Ok(n)
            }
            Err(e) => Err(self.bad(LooseErrorKind::Inflate {
                zlib: e.to_string(),
            })),
        }
    }
}

fn read_file(path: &Path) -> Result<Option<Vec<u8>>> {
    match crate::file::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

pub(super) fn corrupt(id: &ObjectId, path: &Path, kind: LooseErrorKind) -> Error {
    Error::Corrupt(LooseError {
        id: *id,
        path: path.to_path_buf(),
        kind,
    })
}

/// Parses a loose object's header (`head` ends at its NUL), telling a type name git does not
/// know from a header that is no `<type> <size>` at all.
fn header_of(head: &[u8]) -> Result<(Header, usize), LooseErrorKind> {
    parse_header(head).map_err(|error| {
        let name = head
            .iter()
            .take(8)
            .position(|&b| b == b' ')
            .map(|space| &head[..space])
            .filter(|name| Kind::from_bytes(name).is_none());
        match name {
            Some(name) => LooseErrorKind::UnknownType {
                name: name.to_vec(),
            },
            None => LooseErrorKind::Unparsable { error },
        }
    })
}

/// Inflates a whole loose object file (`bytes`) into `out`: checks the header, the size and that
/// nothing follows the zlib stream. Pure: the caller names the object in the error.
pub fn inflate_object(
    bytes: &[u8],
    out: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Kind, LooseErrorKind> {
    out.clear();
    if bytes.is_empty() {
        return Err(LooseErrorKind::Empty);
    }
    let mut z = Decompress::new(true);
    let mut head = [0u8; MAX_HEADER];
    let status = z.decompress(bytes, &mut head, FlushDecompress::None);
    let produced = z.total_out() as usize;
    let status = status.map_err(|e| {
        let zlib = e.to_string();
        match head[..produced].contains(&0) {
            true => LooseErrorKind::Inflate { zlib },
            false => LooseErrorKind::InflateHeader { zlib },
        }
    })?;
    let nul = head[..produced]
        .iter()
        .position(|&b| b == 0)
        .ok_or(LooseErrorKind::Unterminated)?;
    let (header, header_len) = header_of(&head[..=nul])?;
    if header.size > limits.max_object_size {
        return Err(LooseErrorKind::TooLarge {
            size: header.size,
            limit: limits.max_object_size,
        });
    }
    let size = header.size as usize;
    let too_long = LooseErrorKind::BodyTooLong {
        expected: header.size,
    };
    let no_memory = LooseErrorKind::OutOfMemory { size: header.size };
    let already = &head[header_len..produced];
    if already.len() > size {
        return Err(too_long);
    }
    out.try_reserve_exact(crate::limits::inflate_capacity(size, bytes.len()))
        .map_err(|_| no_memory.clone())?;
    out.extend_from_slice(already);
    let mut status = status;
    while status != Status::StreamEnd {
        let before_in = z.total_in();
        let before_out = z.total_out();
        let consumed = before_in as usize;
        if !crate::limits::grow_for_inflate(out, size) {
            return Err(no_memory);
        }
        status = z
            .decompress_vec(&bytes[consumed..], out, FlushDecompress::Finish)
            .map_err(|e| LooseErrorKind::Inflate {
                zlib: e.to_string(),
            })?;
        if out.len() > size {
            return Err(too_long);
        }
        if status != Status::StreamEnd && z.total_in() == before_in && z.total_out() == before_out {
            return Err(LooseErrorKind::Truncated);
        }
    }
    if out.len() != size {
        return Err(LooseErrorKind::BodyTooShort {
            expected: header.size,
            actual: Some(out.len() as u64),
        });
    }
    if (z.total_in() as usize) < bytes.len() {
        return Err(LooseErrorKind::TrailingGarbage);
    }
    Ok(header.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loose::HeaderDamage;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn kind_of(file: &[u8]) -> LooseErrorKind {
        inflate_object(file, &mut Vec::new(), &Limits::default()).unwrap_err()
    }

    #[test]
    fn damaged_files_are_told_apart_from_their_bytes_alone() {
        assert_eq!(kind_of(b""), LooseErrorKind::Empty);
        assert_eq!(kind_of(&deflate(&[b'x'; 40])), LooseErrorKind::Unterminated);
        assert!(matches!(
            kind_of(b"not zlib at all"),
            LooseErrorKind::InflateHeader { .. }
        ));
        assert_eq!(
            kind_of(&deflate(b"blub 3\0abc")),
            LooseErrorKind::UnknownType {
                name: b"blub".to_vec()
            }
        );
        assert!(matches!(
            kind_of(&deflate(b"blob x\0")),
            LooseErrorKind::Unparsable { .. }
        ));
        assert_eq!(
            kind_of(&deflate(b"blob 5\0abc")),
            LooseErrorKind::BodyTooShort {
                expected: 5,
                actual: Some(3)
            }
        );
        assert_eq!(
            kind_of(&deflate(b"blob 1\0abc")),
            LooseErrorKind::BodyTooLong { expected: 1 }
        );
        let mut garbage = deflate(b"blob 3\0abc");
        garbage.push(0);
        assert_eq!(kind_of(&garbage), LooseErrorKind::TrailingGarbage);
    }

    #[test]
    fn header_damage_is_read_from_the_kind() {
        let dir = tempfile::tempdir().unwrap();
        let store = LooseStore::new(dir.path());
        let id = ObjectId::from_raw([7; 20]);
        let path = store.path_of(&id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let damage = |file: &[u8]| {
            std::fs::write(&path, file).unwrap();
            let err = store.read_header(&id).unwrap_err();
            let Error::Corrupt(loose) = &err else {
                panic!("{err:?}")
            };
            assert_eq!((loose.id, &loose.path), (id, &path));
            err.header_damage()
        };
        assert_eq!(damage(b""), Some(HeaderDamage::Empty));
        assert_eq!(
            damage(&deflate(&[b'x'; 40])),
            Some(HeaderDamage::Unterminated)
        );
        assert_eq!(
            damage(&deflate(b"blob x\0")),
            Some(HeaderDamage::Unparsable)
        );
        assert!(matches!(
            damage(b"not zlib at all"),
            Some(HeaderDamage::Inflate(_))
        ));
        // git dies of an unknown type rather than taking the object as missing
        assert_eq!(damage(&deflate(b"blub 3\0abc")), None);
    }

    #[test]
    fn a_stream_tells_the_same_damage() {
        let dir = tempfile::tempdir().unwrap();
        let store = LooseStore::new(dir.path());
        let id = ObjectId::from_raw([9; 20]);
        let path = store.path_of(&id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let kind = |file: &[u8]| {
            std::fs::write(&path, file).unwrap();
            match store.open_stream(&id) {
                Err(Error::Corrupt(e)) => e.kind,
                other => panic!("{:?}", other.map(|s| s.map(|s| s.header()))),
            }
        };
        assert_eq!(kind(b""), LooseErrorKind::Empty);
        assert_eq!(kind(&deflate(&[b'x'; 40])), LooseErrorKind::Unterminated);
        assert!(matches!(
            kind(&deflate(b"blub 3\0abc")),
            LooseErrorKind::UnknownType { .. }
        ));
    }
}
