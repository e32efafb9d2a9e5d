//! A loose object's header as stored, whatever type name it gives: what
//! `cat-file -t/-s --allow-unknown-type` shows of an object written with
//! `hash-object --literally -t <anything>`. The rest of the crate knows the four kinds only
//! ([`Kind`]); this is the one place another type name is data.
//!
//! ```text
//! zlib( "<type name> <size>\0" <body> )      type name: any bytes but space and NUL, any length
//!                                            size: decimal, no leading zero but "0"
//! ```

use super::{Error, LooseErrorKind, LooseStore, Result};
use crate::error::DecodeError;
use crate::object::{Header, Kind};
use crate::oid::ObjectId;
use bstr::BString;
use std::io::{self, BufReader, Read};

/// A loose object's header as stored.
///
/// ```
/// use gitstore::loose::{parse_raw_header, RawHeader};
/// let h = parse_raw_header(b"gadget 12\0").unwrap();
/// assert_eq!((h.type_name.as_slice(), h.size), (&b"gadget"[..], 12));
/// assert_eq!(h.kind(), None);
/// assert_eq!(parse_raw_header(b"blob 3\0").unwrap().kind(), Some(gitstore::Kind::Blob));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeader {
    /// The type name as stored.
    pub type_name: BString,
    /// The size the header announces.
    pub size: u64,
}

impl RawHeader {
    /// The kind, when the type name is one of git's four.
    pub fn kind(&self) -> Option<Kind> {
        Kind::from_bytes(&self.type_name)
    }
}

impl From<Header> for RawHeader {
    fn from(h: Header) -> Self {
        RawHeader {
            type_name: h.kind.to_string().into(),
            size: h.size,
        }
    }
}

/// Parses `<type name> <size>\0` (`head` ends at the NUL) as git's `parse_loose_header` does
/// for `--allow-unknown-type`: the type name is everything before the first space.
pub fn parse_raw_header(head: &[u8]) -> std::result::Result<RawHeader, DecodeError> {
    let space = head
        .iter()
        .position(|&b| b == b' ' || b == 0)
        .filter(|&i| head.get(i) == Some(&b' '))
        .ok_or(DecodeError::new(
            0,
            "object header without a space after the type",
        ))?;
    let rest = head.get(space + 1..).unwrap_or_default();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let bad_size = DecodeError::new(space + 1, "object size is not a decimal number");
    let number = rest.get(..digits).unwrap_or_default();
    if digits == 0 || (digits > 1 && number.first() == Some(&b'0')) || rest.get(digits) != Some(&0)
    {
        return Err(bad_size);
    }
    let size = std::str::from_utf8(number)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or(bad_size)?;
    Ok(RawHeader {
        type_name: head.get(..space).unwrap_or_default().into(),
        size,
    })
}

impl LooseStore {
    /// The header of loose object `id` as stored, any type name allowed; `None` when there is
    /// no loose file for it. The header may be longer than the 32 bytes git writes at most (up
    /// to [`Limits::max_object_size`](crate::Limits::max_object_size)).
    pub fn read_raw_header(&self, id: &ObjectId) -> Result<Option<RawHeader>> {
        let path = self.path_of(id);
        let file = match crate::file::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        let corrupt = |kind| super::read::corrupt(id, &path, kind);
        if file.metadata().is_ok_and(|m| m.len() == 0) {
            return Err(corrupt(LooseErrorKind::Empty));
        }
        let mut z = flate2::bufread::ZlibDecoder::new(BufReader::new(file));
        let mut head = Vec::new();
        let mut chunk = [0u8; 256];
        let at = loop {
            let n = z.read(&mut chunk).map_err(|e| {
                corrupt(LooseErrorKind::InflateHeader {
                    zlib: e.to_string(),
                })
            })?;
            let got = chunk.get(..n).unwrap_or_default();
            if let Some(at) = got.iter().position(|&b| b == 0) {
                break at;
            }
            if n == 0 || head.len() as u64 > self.limits.max_object_size {
                return Err(corrupt(LooseErrorKind::Unterminated));
            }
            head.extend_from_slice(got);
        };
        head.extend_from_slice(chunk.get(..=at).unwrap_or_default());
        parse_raw_header(&head)
            .map(Some)
            .map_err(|error| corrupt(LooseErrorKind::Unparsable { error }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_type_name_parses() {
        let h = parse_raw_header(b"a-very-long-type-name-longer-than-git-writes 5\0").unwrap();
        assert_eq!(h.type_name, "a-very-long-type-name-longer-than-git-writes");
        assert_eq!(h.size, 5);
        assert_eq!(parse_raw_header(b" 0\0").unwrap().type_name, "");
    }

    #[test]
    fn sizes_are_decimal_without_leading_zeros() {
        assert_eq!(parse_raw_header(b"foo 0\0").unwrap().size, 0);
        for bad in [&b"foo 01\0"[..], b"foo \0", b"foo 1x\0", b"foo\0", b"foo 1"] {
            assert!(parse_raw_header(bad).is_err(), "{bad:?}");
        }
    }
}
