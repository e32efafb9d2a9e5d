//! The entries of the index (`.git/index`): its blobs for `repack`'s `--indexed-objects`
//! (staged content no commit holds yet is reachable too), its gitlinks for
//! [`Repository::superproject_work_tree`](crate::Repository::superproject_work_tree).
//!
//! ```text
//! "DIRC" u32 BE version (2, 3, 4)  u32 BE entry count
//! entry: ctime mtime (8 + 8) dev ino mode uid gid size (6 × 4)  oid (20)  flags (2)
//!        [extended flags (2), v3+ when flags & 0x4000]
//!        v2/v3: path NUL, padded with NULs to a multiple of 8 bytes from the entry's start
//!        v4:    varint (bytes to drop from the previous path), suffix NUL
//! extensions, SHA-1 trailer (not read)
//! ```
//!
//! Only the entries are read: the trees of the cache-tree extension (which git adds too) are
//! not, so a tree only the index's cache tree names is not packed by gitstore.

use crate::error::{Error, Result};
use crate::oid::ObjectId;
use bstr::BString;
use std::path::Path;

/// The blobs (regular files and symlinks) the index of the worktree whose git directory is
/// `git_dir` lists, each with its path; nothing when there is no index or it cannot be read as
/// one.
pub(super) fn blobs(git_dir: &Path) -> Result<Vec<(ObjectId, BString)>> {
    let path = git_dir.join("index");
    match std::fs::read(&path) {
        Ok(bytes) => Ok(parse(&bytes).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io(path, e)),
    }
}

const ENTRY_FIXED: usize = 62; // times, stat fields, oid, flags

/// The regular-file and symlink entries of an index file; `None` when it is no index.
pub(super) fn parse(bytes: &[u8]) -> Option<Vec<(ObjectId, BString)>> {
    let entries = entries(bytes)?;
    Some(
        entries
            .into_iter()
            .filter(|e| matches!(e.mode & 0o170000, 0o100000 | 0o120000))
            .map(|e| (e.id, e.path))
            .collect(),
    )
}

/// One entry of an index file.
pub(crate) struct IndexEntry {
    /// The mode (`0o160000` for a gitlink).
    pub mode: u32,
    /// The object staged.
    pub id: ObjectId,
    /// The path, from the top of the work tree.
    pub path: BString,
}

/// The entries of the index file at `path`, in index order; nothing when there is no index or
/// it cannot be read as one.
pub(crate) fn read_entries(path: &Path) -> Result<Vec<IndexEntry>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(entries(&bytes).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Every entry of an index file; `None` when it is no index.
fn entries(bytes: &[u8]) -> Option<Vec<IndexEntry>> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = u32_at(4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = u32_at(8)?;
    let mut at = 12;
    let mut path: Vec<u8> = Vec::new();
    let mut found = Vec::new();
    for _ in 0..count {
        let start = at;
        let mode = u32_at(start + 24)?;
        let id = ObjectId::from_bytes(bytes.get(start + 40..start + 60)?)?;
        let flags = u16::from_be_bytes(bytes.get(start + 60..start + 62)?.try_into().ok()?);
        at = start + ENTRY_FIXED;
        if version >= 3 && flags & 0x4000 != 0 {
            at += 2;
        }
        let rest = bytes.get(at..)?;
        if version == 4 {
            let (drop, used) = varint(rest)?;
            path.truncate(path.len().checked_sub(usize::try_from(drop).ok()?)?);
            let suffix = rest.get(used..)?;
            let nul = suffix.iter().position(|&b| b == 0)?;
            path.extend_from_slice(&suffix[..nul]);
            at += used + nul + 1;
        } else {
            let nul = rest.iter().position(|&b| b == 0)?;
            path.clear();
            path.extend_from_slice(&rest[..nul]);
            at = start + (at - start + nul + 8) / 8 * 8;
        }
        found.push(IndexEntry {
            mode,
            id,
            path: BString::from(path.clone()),
        });
    }
    Some(found)
}

/// git's `decode_varint` (the offset encoding: each continuation adds one).
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut used = 0;
    let mut c = *bytes.first()?;
    let mut value = u64::from(c & 0x7f);
    while c & 0x80 != 0 {
        used += 1;
        c = *bytes.get(used)?;
        value = value.checked_add(1)?.checked_mul(128)? | u64::from(c & 0x7f);
    }
    Some((value, used + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_adds_one_per_continuation() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }

    #[test]
    fn junk_is_no_index() {
        assert_eq!(parse(b"DIRC"), None);
        assert_eq!(parse(b"nope, not an index"), None);
    }
}
