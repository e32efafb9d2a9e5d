//! The four kinds of git object, their common header, and (in submodules) how each is parsed
//! and serialized.
//!
//! Every object is `"<kind> <size>\0"` followed by `size` bytes of body; its id is the SHA-1 of
//! both together. Stored objects (loose or packed) keep the body; the header is rebuilt from the
//! kind and size.

use crate::error::DecodeError;
use std::fmt;

pub mod signature;
pub use signature::{Signature, SignatureRef};

/// The kind of a git object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A commit: a tree, parents, author, committer and message.
    Commit,
    /// A tree: a directory listing of modes, names and ids.
    Tree,
    /// A blob: file content.
    Blob,
    /// An annotated tag: a named, signed pointer to another object.
    Tag,
}

impl Kind {
    /// The name git uses in headers and on the command line.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Commit => "commit",
            Kind::Tree => "tree",
            Kind::Blob => "blob",
            Kind::Tag => "tag",
        }
    }

    /// Parses a kind name (`b"blob"`, …).
    pub fn from_bytes(name: &[u8]) -> Option<Kind> {
        match name {
            b"commit" => Some(Kind::Commit),
            b"tree" => Some(Kind::Tree),
            b"blob" => Some(Kind::Blob),
            b"tag" => Some(Kind::Tag),
            _ => None,
        }
    }

    /// The 3-bit type code of a pack entry (1 commit, 2 tree, 3 blob, 4 tag).
    pub fn pack_code(&self) -> u8 {
        match self {
            Kind::Commit => 1,
            Kind::Tree => 2,
            Kind::Blob => 3,
            Kind::Tag => 4,
        }
    }

    /// The kind for a pack type code, if it names a whole object (not a delta).
    pub fn from_pack_code(code: u8) -> Option<Kind> {
        match code {
            1 => Some(Kind::Commit),
            2 => Some(Kind::Tree),
            3 => Some(Kind::Blob),
            4 => Some(Kind::Tag),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Kind, DecodeError> {
        Kind::from_bytes(s.as_bytes()).ok_or(DecodeError::new(0, "unknown object type"))
    }
}

/// An object's kind and body size: what `cat-file -t` and `-s` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The kind.
    pub kind: Kind,
    /// Size of the body in bytes.
    pub size: u64,
}

/// The bytes `"<kind> <size>\0"` that precede an object's body when it is hashed or stored loose.
pub fn header_bytes(kind: Kind, size: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    out.extend_from_slice(kind.as_str().as_bytes());
    out.push(b' ');
    out.extend_from_slice(size.to_string().as_bytes());
    out.push(0);
    out
}

/// Parses `"<kind> <size>\0"` at the start of `data`; returns the header and its length in bytes.
///
/// The size must be plain decimal without leading zeros or sign, as git writes it.
pub fn parse_header(data: &[u8]) -> Result<(Header, usize), DecodeError> {
    let space = data
        .iter()
        .take(8)
        .position(|&b| b == b' ')
        .ok_or(DecodeError::new(
            0,
            "object header without a space after the type",
        ))?;
    let kind = Kind::from_bytes(&data[..space])
        .ok_or(DecodeError::new(0, "unknown object type in header"))?;
    let rest = &data[space + 1..];
    let nul = rest
        .iter()
        .take(21)
        .position(|&b| b == 0)
        .ok_or(DecodeError::new(
            space + 1,
            "object header without a NUL after the size",
        ))?;
    let digits = &rest[..nul];
    if digits.is_empty()
        || !digits.iter().all(u8::is_ascii_digit)
        || (digits.len() > 1 && digits[0] == b'0')
    {
        return Err(DecodeError::new(
            space + 1,
            "object size is not a decimal number",
        ));
    }
    let size = std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or(DecodeError::new(space + 1, "object size is too large"))?;
    Ok((Header { kind, size }, space + 1 + nul + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips() {
        for kind in [Kind::Blob, Kind::Tree, Kind::Commit, Kind::Tag] {
            for size in [0u64, 1, 12345, u64::MAX] {
                let bytes = header_bytes(kind, size);
                let (h, len) = parse_header(&bytes).unwrap();
                assert_eq!((h.kind, h.size, len), (kind, size, bytes.len()));
            }
        }
    }

    #[test]
    fn malformed_headers_are_refused() {
        for bad in [
            &b""[..],
            b"blob",
            b"blob 12",
            b"blob 012\0",
            b"blob -1\0",
            b"blob \0",
            b"blobs 1\0",
            b"blob 99999999999999999999999\0",
        ] {
            assert!(parse_header(bad).is_err(), "{:?}", bstr::BStr::new(bad));
        }
    }
}
