//! The blobs of the index (`.git/index`, read by [`crate::index_file`]), for `repack`'s
//! `--indexed-objects`: staged content no commit holds yet is reachable too.
//!
//! Only the entries are taken: the trees of the cache-tree extension (which git adds too) are
//! not, so a tree only the index's cache tree names is not packed by gitstore.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::oid::ObjectId;
use bstr::BString;
use std::path::Path;

/// The blobs (regular files and symlinks) the index of the worktree whose git directory is
/// `git_dir` lists, each with its path; nothing when there is no index or it cannot be read as
/// one.
pub(super) fn blobs(git_dir: &Path, limits: &Limits) -> Result<Vec<(ObjectId, BString)>> {
    let path = git_dir.join("index");
    match crate::file::read(&path) {
        Ok(bytes) => Ok(parse(&bytes, limits).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The regular-file and symlink entries of an index file; `None` when it is no index.
fn parse(bytes: &[u8], limits: &Limits) -> Option<Vec<(ObjectId, BString)>> {
    let index = crate::index_file::parse(bytes, false, limits).ok()?;
    let blob = |mode: u32| matches!(mode & 0o170000, 0o100000 | 0o120000);
    let entries = index.entries.into_iter().filter(|e| blob(e.mode));
    Some(entries.map(|e| (e.id, e.path)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_no_index() {
        assert_eq!(parse(b"DIRC", &Limits::default()), None);
        assert_eq!(parse(b"nope, not an index", &Limits::default()), None);
    }
}
