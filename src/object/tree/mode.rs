//! Tree entry modes: the octal mode bytes of an entry, kept as written.

use crate::object::DecodeError;
use crate::object::Kind;
use bstr::ByteSlice;
use std::fmt;

/// The longest mode (in octal digits) a tree entry may have.
///
/// git itself has no limit (it overflows silently); no real tree has more than 7 digits.
pub const MAX_MODE_LEN: usize = 15;

/// The mode of a tree entry, kept exactly as written (`100644`, `40000`, legacy `100664`…).
///
/// Two modes are equal when their bytes are; use [`EntryMode::canonical`] to compare what they
/// mean to git.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryMode {
    bytes: [u8; MAX_MODE_LEN],
    len: u8,
}

const S_IFMT: u32 = 0o170000;
const S_IFREG: u32 = 0o100000;
const S_IFLNK: u32 = 0o120000;
const S_IFDIR: u32 = 0o040000;
const S_IFGITLINK: u32 = 0o160000;

impl EntryMode {
    /// A regular file, `100644`.
    pub const BLOB: EntryMode = EntryMode::from_static(b"100644");
    /// An executable file, `100755`.
    pub const BLOB_EXECUTABLE: EntryMode = EntryMode::from_static(b"100755");
    /// A symbolic link, `120000`.
    pub const LINK: EntryMode = EntryMode::from_static(b"120000");
    /// A directory, `40000` (as git writes it, without a leading zero).
    pub const TREE: EntryMode = EntryMode::from_static(b"40000");
    /// A gitlink (submodule commit), `160000`.
    pub const COMMIT: EntryMode = EntryMode::from_static(b"160000");

    const fn from_static(s: &[u8]) -> EntryMode {
        let mut bytes = [0u8; MAX_MODE_LEN];
        let mut i = 0;
        while i < s.len() {
            bytes[i] = s[i];
            i += 1;
        }
        EntryMode {
            bytes,
            len: s.len() as u8,
        }
    }

    /// Parses a mode as written in a tree: one to [`MAX_MODE_LEN`] octal digits.
    pub fn from_bytes(mode: &[u8]) -> Result<EntryMode, DecodeError> {
        if mode.is_empty() {
            return Err(DecodeError::new(0, "empty mode in tree entry"));
        }
        if let Some(pos) = mode.iter().position(|b| !(b'0'..=b'7').contains(b)) {
            return Err(DecodeError::new(pos, "malformed mode in tree entry"));
        }
        if mode.len() > MAX_MODE_LEN {
            return Err(DecodeError::new(
                MAX_MODE_LEN,
                "mode in tree entry is too long",
            ));
        }
        let mut bytes = [0u8; MAX_MODE_LEN];
        bytes
            .get_mut(..mode.len())
            .ok_or(DecodeError::new(0, "mode in tree entry is too long"))?
            .copy_from_slice(mode);
        Ok(EntryMode {
            bytes,
            len: mode.len() as u8,
        })
    }

    /// The mode for a numeric value, written as git writes it (`%o`: `40000`, `100644`).
    pub fn from_value(value: u32) -> EntryMode {
        let s = format!("{value:o}");
        // An u32 has at most 11 octal digits, all valid.
        EntryMode::from_bytes(s.as_bytes()).unwrap_or(EntryMode::BLOB)
    }

    /// The mode bytes exactly as written in the tree.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or_default()
    }

    /// The numeric value of the digits as written (wrapping on absurd lengths, like git).
    pub fn value(&self) -> u32 {
        self.as_bytes()
            .iter()
            .fold(0u32, |m, &d| (m << 3).wrapping_add(u32::from(d - b'0')))
    }

    /// The mode git uses for this entry once read (git's `canon_mode`): `0o100644`,
    /// `0o100755`, `0o120000`, `0o40000` or, for anything else, `0o160000`.
    pub fn canonical_value(&self) -> u32 {
        let m = self.value();
        match m & S_IFMT {
            S_IFREG => {
                if m & 0o100 != 0 {
                    0o100755
                } else {
                    0o100644
                }
            }
            S_IFLNK => S_IFLNK,
            S_IFDIR => S_IFDIR,
            _ => S_IFGITLINK,
        }
    }

    /// The canonical mode as git would write it (so `040000` and `100664` become `40000` and
    /// `100644`).
    pub fn canonical(&self) -> EntryMode {
        match self.canonical_value() {
            0o100755 => EntryMode::BLOB_EXECUTABLE,
            0o100644 => EntryMode::BLOB,
            S_IFLNK => EntryMode::LINK,
            S_IFDIR => EntryMode::TREE,
            _ => EntryMode::COMMIT,
        }
    }

    /// The canonical mode as six zero-padded octal digits, as `ls-tree` and `cat-file -p`
    /// print it (`040000` for a directory).
    pub fn to_pretty(&self) -> [u8; 6] {
        let mut out = [b'0'; 6];
        let mut v = self.canonical_value();
        for slot in out.iter_mut().rev() {
            *slot = b'0' + (v & 7) as u8;
            v >>= 3;
        }
        out
    }

    /// The kind of object the entry points at: tree, commit (gitlink) or blob.
    pub fn kind(&self) -> Kind {
        match self.canonical_value() {
            S_IFDIR => Kind::Tree,
            S_IFGITLINK => Kind::Commit,
            _ => Kind::Blob,
        }
    }

    /// The kind git's writers (`mktree`) take the entry to point at, from the mode as given
    /// (git's `object_type(mode)`): a directory mode a tree, a gitlink mode a commit, anything
    /// else (`644`, `100664`, `0`…) a blob. [`EntryMode::kind`] is how git's tree reader sees a
    /// stored mode, and reads odd modes as gitlinks.
    pub fn object_type(&self) -> Kind {
        match self.value() & S_IFMT {
            S_IFDIR => Kind::Tree,
            S_IFGITLINK => Kind::Commit,
            _ => Kind::Blob,
        }
    }

    /// Whether the entry is a directory.
    pub fn is_tree(&self) -> bool {
        self.canonical_value() == S_IFDIR
    }

    /// Whether the entry is a regular file or a symlink (points at a blob).
    pub fn is_blob_or_link(&self) -> bool {
        self.kind() == Kind::Blob
    }

    /// Whether the entry is a regular file (executable or not).
    pub fn is_blob(&self) -> bool {
        self.canonical_value() & S_IFMT == S_IFREG
    }

    /// Whether the entry is an executable file.
    pub fn is_executable(&self) -> bool {
        self.canonical_value() == 0o100755
    }

    /// Whether the entry is a symbolic link.
    pub fn is_link(&self) -> bool {
        self.canonical_value() == S_IFLNK
    }

    /// Whether the entry is a gitlink (a submodule's commit).
    pub fn is_commit(&self) -> bool {
        self.canonical_value() == S_IFGITLINK
    }

    /// Whether the bytes are one of the five modes git writes today.
    pub fn is_valid(&self) -> bool {
        matches!(
            self.as_bytes(),
            b"100644" | b"100755" | b"120000" | b"40000" | b"160000"
        )
    }
}

impl fmt::Debug for EntryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryMode({})", self.as_bytes().as_bstr())
    }
}

impl fmt::Display for EntryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_bytes().as_bstr())
    }
}
