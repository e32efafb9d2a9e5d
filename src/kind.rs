//! The four kinds of git object and their names: the header word (`blob`, `tree`, `commit`,
//! `tag`) and the 3-bit type code of a pack entry. It sits at the bottom beside `oid`, so the
//! hash, the object parsers and the pack reader can all name a kind without importing upward.

use std::fmt;

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

/// Serialized as its name (`"blob"`, `"tree"`, …).
impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is none of git's four object kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown object type")]
pub struct UnknownKind;

impl std::str::FromStr for Kind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Kind, UnknownKind> {
        Kind::from_bytes(s.as_bytes()).ok_or(UnknownKind)
    }
}
