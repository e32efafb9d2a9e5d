//! Receiving packs: `index-pack` (a pack from a file or a stream checked, its deltas resolved,
//! its `.idx` and `.rev` written beside it) and `unpack-objects` (a pack stream turned into
//! loose objects).
//!
//! This layer sits above the object database: it reads bases from the repository (to complete
//! a thin pack, to check links in `--strict`) through [`ObjectStore`], and writes through the
//! [`Odb`](crate::odb::Odb).
//!
//! How a pack is received (git's `builtin/index-pack.c`):
//!
//! ```text
//! stream ──► scan (one pass, bounded buffer)          ──► objects/pack/tmp_pack_XXXXXX
//!              header, entries: CRC32, zlib to its exact end,
//!              whole objects hashed; SHA-1 of all checked against the trailer
//!        ──► resolve (threads, delta trees from the written pack)
//!        ──► --fix-thin: missing REF_DELTA bases appended as whole objects,
//!              header count and trailer rewritten
//!        ──► --strict: fsck of every object, every link present
//!        ──► .keep, .pack, .rev, then .idx renamed into place
//! ```
//!
//! Anything wrong leaves nothing behind: the temporary files are removed.
//!
//! ```no_run
//! use gitstore::receive::{index_pack_stream, IndexPackOptions};
//! # fn main() -> gitstore::Result<()> {
//! let repo = gitstore::Repository::open(".git")?;
//! let pack_dir = repo.odb().objects_dir().join("pack");
//! let done = index_pack_stream(
//!     &mut std::io::stdin().lock(),
//!     &pack_dir,
//!     Some(repo.odb()),
//!     &IndexPackOptions::default(),
//!     &|_| {},
//! )?;
//! println!("pack\t{}", done.name());
//! # Ok(()) }
//! ```

mod index_pack;
pub mod resolve;
pub mod scan;
mod strict;
mod unpack;

pub use index_pack::{
    index_pack_file, index_pack_stream, verify_pack_index, IndexPackOptions, IndexedPack,
};
pub use unpack::{unpack_objects, UnpackOptions, Unpacked};

use crate::fsck::Problem;
use crate::oid::ObjectId;

/// How far a long operation has come, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// Entries read from the pack (`Receiving objects`, `Indexing objects`, `Unpacking
    /// objects`).
    Receiving {
        /// Entries read.
        done: u32,
        /// Entries the pack announces.
        total: u32,
        /// Bytes read.
        bytes: u64,
    },
    /// Deltas rebuilt (`Resolving deltas`).
    Resolving {
        /// Deltas rebuilt.
        done: u64,
        /// Deltas in the pack.
        total: u64,
    },
}

/// What `--strict` refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StrictError {
    /// An object failed git's fsck checks.
    #[error("object {id} fails fsck: {}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Fsck {
        /// The object.
        id: ObjectId,
        /// The problems reported, in order (the last one failed the check).
        problems: Vec<Problem>,
    },
    /// An object names one that is neither in the pack nor in the repository.
    #[error("did not receive expected object {id}")]
    MissingLink {
        /// The object named.
        id: ObjectId,
    },
}

/// The number of threads `threads` asks for: 0 means one per core.
fn thread_count(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}
