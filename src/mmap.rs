//! [`FileBytes`]: the bytes of a file, mapped into memory or read into a buffer.
//!
//! This module holds the crate's only `unsafe` code. Pack files, pack indexes and `packed-refs`
//! are read through it, so every parser above works on a plain `&[u8]`.

use std::io::{self, Read};
use std::ops::Deref;
use std::path::Path;

/// Files smaller than this are read into memory: mapping costs more than it saves.
const MAP_THRESHOLD: u64 = 32 * 1024;

/// The whole content of a file, mapped or owned.
pub enum FileBytes {
    /// A read-only memory map of the file.
    Mapped(memmap2::Mmap),
    /// The file's bytes, read into memory.
    Owned(Vec<u8>),
}

impl FileBytes {
    /// Opens `path` and maps it (or reads it, when small).
    pub fn open(path: &Path) -> io::Result<FileBytes> {
        let mut file = crate::file::open(path)?;
        let len = file.metadata()?.len();
        if len < MAP_THRESHOLD {
            let mut buf = Vec::with_capacity(len as usize);
            file.read_to_end(&mut buf)?;
            return Ok(FileBytes::Owned(buf));
        }
        // SAFETY: the map is read-only and private to this process. git never rewrites pack,
        // index or packed-refs files in place: it writes a new file and renames it over the old
        // one, which leaves our mapping of the old inode intact. A file truncated in place by
        // something outside git could raise SIGBUS; that is the risk every git implementation
        // that maps packs (git itself included) accepts.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(FileBytes::Mapped(map))
    }

    /// Gives back the pages of a mapped file that this process has touched, so that they stop
    /// counting toward its memory; the next access reads them again from the page cache. Owned
    /// bytes are kept. git's sliding pack windows (`core.packedGitLimit`) bound the same thing.
    pub fn release_pages(&self) {
        if let FileBytes::Mapped(map) = self {
            // SAFETY: the map is read-only and never written through, so dropping its pages
            // loses nothing: every later read sees the file's bytes as before. Failure only
            // means the pages stay.
            #[allow(unsafe_code)]
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

impl Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(m) => m,
            FileBytes::Owned(v) => v,
        }
    }
}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = match self {
            FileBytes::Mapped(_) => "Mapped",
            FileBytes::Owned(_) => "Owned",
        };
        write!(f, "FileBytes::{how}({} bytes)", self.len())
    }
}
