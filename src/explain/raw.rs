//! The raw view (`gitstore explain --raw`): an object's bytes as git hashes them, cut into
//! named parts, and for a loose object the zlib framing around them.
//!
//! ```text
//! "<type> <size>\0"                         the object header (hashed, never stored in a pack)
//! tree:   <mode> SP <name> NUL <20-byte id>  repeated; a directory's mode is stored "40000"
//! commit, tag: "<field> <value>\n" lines    continuation lines start with a space
//!         "\n"                               then the message
//! blob:   the content
//! loose file: CMF FLG | deflate stream | Adler-32 (big-endian) of header and body
//! ```

use super::{place_of, Place};
use crate::error::Result;
use crate::object::{Header, Kind};
use crate::odb::locate::ObjectLocation;
use crate::oid::ObjectId;
use crate::repo::Repository;
use serde::Serialize;

/// An object's bytes (header then body, exactly what its id is the SHA-1 of), cut into parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawView {
    /// The object.
    pub id: ObjectId,
    /// Its kind.
    pub kind: Kind,
    /// Its size (the body, without the header).
    pub size: u64,
    /// The header `"<type> <size>\0"` followed by the body.
    #[serde(serialize_with = "super::hex_bytes")]
    pub bytes: Vec<u8>,
    /// The parts, in order, covering `bytes` exactly.
    pub parts: Vec<Part>,
    /// Where the object is stored.
    pub place: Place,
    /// For a loose object, the zlib framing of its file.
    pub zlib: Option<ZlibFraming>,
}

/// A run of [`RawView::bytes`] and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// Where it starts in the bytes.
    pub offset: usize,
    /// How many bytes it takes.
    pub len: usize,
    /// What it is.
    #[serde(flatten)]
    pub role: Role,
}

/// What a [`Part`] of an object's bytes is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// `"<type> <size>\0"`.
    ObjectHeader,
    /// A tree entry's mode, as stored (`40000` for a directory).
    Mode {
        /// The digits.
        mode: String,
    },
    /// The space after a tree entry's mode.
    Space,
    /// A tree entry's name.
    Name,
    /// The NUL after a tree entry's name.
    Nul,
    /// A tree entry's 20-byte id.
    EntryId {
        /// The id.
        id: ObjectId,
    },
    /// A commit or tag header line (with its continuation lines), newline included.
    HeaderLine {
        /// The field name (`tree`, `parent`, `author`, `object`, `gpgsig`…).
        field: String,
    },
    /// The empty line between a commit's or tag's header and its message.
    Blank,
    /// A commit's or tag's message.
    Message,
    /// A blob's content, or bytes of a tree that do not parse as entries.
    Content,
}

/// The framing zlib puts around a loose object's deflated bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZlibFraming {
    /// The loose file's size.
    pub file_size: u64,
    /// First header byte: compression method (low 4 bits, 8 = deflate) and window size.
    pub cmf: u8,
    /// Second header byte: check bits, preset-dictionary flag and level hint.
    pub flg: u8,
    /// The window size CMF announces (`1 << (CINFO + 8)`).
    pub window_size: u32,
    /// FLEVEL, the compression-level hint: 0 fastest … 3 best.
    pub level_hint: u8,
    /// Whether `(CMF * 256 + FLG)` is a multiple of 31, as zlib requires.
    pub header_check_ok: bool,
    /// Bytes of deflate data between the header and the checksum.
    pub deflate_len: u64,
    /// The Adler-32 stored in the last 4 bytes of the file.
    pub adler32_stored: u32,
    /// The Adler-32 of the inflated bytes, computed.
    pub adler32_computed: u32,
}

/// The raw view of object `id`; `None` when the repository does not have it.
pub fn raw(repo: &Repository, id: &ObjectId) -> Result<Option<RawView>> {
    let odb = repo.odb();
    let mut body = Vec::new();
    let Some(kind) = odb.try_read(id, &mut body)? else {
        return Ok(None);
    };
    let header = Header {
        kind,
        size: body.len() as u64,
    };
    let mut bytes = format!("{} {}\0", kind, header.size).into_bytes();
    let header_len = bytes.len();
    bytes.extend_from_slice(&body);
    let location = odb.locate(id)?;
    let zlib = match &location {
        Some(ObjectLocation::Loose { path, .. }) => crate::file::read(path)
            .ok()
            .and_then(|file| zlib_framing(&file, &bytes)),
        _ => None,
    };
    Ok(Some(RawView {
        id: *id,
        kind,
        size: header.size,
        parts: parts(kind, &bytes, header_len),
        bytes,
        place: location.as_ref().map(place_of).unwrap_or(Place::Other),
        zlib,
    }))
}

/// Cuts `bytes` (an object's header of `header_len` bytes, then its body) into parts.
pub fn parts(kind: Kind, bytes: &[u8], header_len: usize) -> Vec<Part> {
    let mut out = vec![Part {
        offset: 0,
        len: header_len.min(bytes.len()),
        role: Role::ObjectHeader,
    }];
    let body = bytes.get(header_len..).unwrap_or_default();
    let mut push = |offset: usize, len: usize, role: Role| {
        if len > 0 {
            out.push(Part {
                offset: header_len + offset,
                len,
                role,
            })
        }
    };
    match kind {
        Kind::Blob => push(0, body.len(), Role::Content),
        Kind::Tree => {
            let mut at = 0;
            while at < body.len() {
                match tree_entry(body.get(at..).unwrap_or_default()) {
                    Some((mode, name_len, id)) => {
                        push(at, mode.len(), Role::Mode { mode });
                        let mode_len = tree_mode_len(body.get(at..).unwrap_or_default());
                        push(at + mode_len, 1, Role::Space);
                        push(at + mode_len + 1, name_len, Role::Name);
                        push(at + mode_len + 1 + name_len, 1, Role::Nul);
                        push(
                            at + mode_len + 2 + name_len,
                            ObjectId::LEN,
                            Role::EntryId { id },
                        );
                        at += mode_len + 2 + name_len + ObjectId::LEN;
                    }
                    None => {
                        push(at, body.len() - at, Role::Content);
                        break;
                    }
                }
            }
        }
        Kind::Commit | Kind::Tag => {
            let mut at = 0;
            while at < body.len() {
                let rest = body.get(at..).unwrap_or_default();
                if rest.first() == Some(&b'\n') {
                    push(at, 1, Role::Blank);
                    push(at + 1, rest.len() - 1, Role::Message);
                    break;
                }
                let mut len = line_len(rest);
                while rest.get(len) == Some(&b' ') {
                    len += line_len(rest.get(len..).unwrap_or_default());
                }
                let line = rest.get(..len).unwrap_or_default();
                let field = line.split(|&b| b == b' ' || b == b'\n').next();
                let field = String::from_utf8_lossy(field.unwrap_or_default()).into_owned();
                push(at, len, Role::HeaderLine { field });
                at += len;
            }
        }
    }
    out
}

fn line_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1)
}

fn tree_mode_len(entry: &[u8]) -> usize {
    entry.iter().position(|&b| b == b' ').unwrap_or(0)
}

/// The mode, name length and id of the tree entry at the start of `entry`.
fn tree_entry(entry: &[u8]) -> Option<(String, usize, ObjectId)> {
    let mode_len = entry.iter().position(|&b| b == b' ')?;
    let mode = entry.get(..mode_len)?;
    if mode.is_empty() || !mode.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let after = entry.get(mode_len + 1..)?;
    let name_len = after.iter().position(|&b| b == 0)?;
    let id = ObjectId::from_bytes(after.get(name_len + 1..name_len + 1 + ObjectId::LEN)?)?;
    Some((String::from_utf8_lossy(mode).into_owned(), name_len, id))
}

/// Reads the zlib header and trailer of a loose file whose inflated bytes are `inflated`.
pub fn zlib_framing(file: &[u8], inflated: &[u8]) -> Option<ZlibFraming> {
    let (&cmf, &flg) = (file.first()?, file.get(1)?);
    let tail = file.len().checked_sub(4)?;
    let adler: [u8; 4] = file.get(tail..)?.try_into().ok()?;
    Some(ZlibFraming {
        file_size: file.len() as u64,
        cmf,
        flg,
        window_size: 1u32 << ((cmf >> 4) + 8).min(31),
        level_hint: flg >> 6,
        header_check_ok: (u16::from(cmf) * 256 + u16::from(flg)) % 31 == 0,
        deflate_len: tail.saturating_sub(2) as u64,
        adler32_stored: u32::from_be_bytes(adler),
        adler32_computed: adler32(inflated),
    })
}

/// The Adler-32 checksum zlib appends (RFC 1950).
pub fn adler32(bytes: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in bytes.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adler32_matches_the_rfc_example() {
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
    }

    #[test]
    fn tree_parts_show_the_stored_mode() {
        let mut bytes = b"tree 31\0".to_vec();
        bytes.extend_from_slice(b"40000 d\0");
        bytes.extend_from_slice(&[7; 20]);
        bytes.extend_from_slice(b"xx");
        let p = parts(Kind::Tree, &bytes, 8);
        let roles: Vec<_> = p.iter().map(|p| (p.offset, p.len)).collect();
        assert_eq!(
            roles,
            [(0, 8), (8, 5), (13, 1), (14, 1), (15, 1), (16, 20), (36, 2)]
        );
        assert_eq!(
            p[1].role,
            Role::Mode {
                mode: "40000".into()
            }
        );
        assert_eq!(p[6].role, Role::Content);
    }

    #[test]
    fn commit_parts_name_header_lines_and_keep_continuations() {
        let body = b"tree x\ngpgsig a\n b\n c\nauthor y\n\nmsg\n";
        let mut bytes = format!("commit {}\0", body.len()).into_bytes();
        let h = bytes.len();
        bytes.extend_from_slice(body);
        let p = parts(Kind::Commit, &bytes, h);
        let fields: Vec<_> = p.iter().map(|p| (p.len, format!("{:?}", p.role))).collect();
        assert_eq!(fields[2].0, "gpgsig a\n b\n c\n".len());
        assert!(fields[2].1.contains("gpgsig"));
        assert_eq!(p.iter().map(|p| p.len).sum::<usize>(), bytes.len());
        assert_eq!(p.last().map(|p| &p.role), Some(&Role::Message));
    }
}
