//! Where an object lives, step by step: for a loose object its file and how much zlib saved;
//! for a packed one how the `.idx` finds it and what its entry header says.
//!
//! ```text
//! .idx v2: "\377tOc" version | fanout[256]: u32 BE, fanout[b] = ids whose first byte <= b
//!          | sorted ids | CRC32s | u32 offsets (MSB set: index into 64-bit offsets) | …
//! lookup:  ids starting with byte b sit at positions fanout[b-1] .. fanout[b];
//!          binary search there; the position gives the offset
//! entry:   1MMMtttt / 0MMMtttt: t = low 4 size bits, MMM = type; then 7 size bits a byte
//!          (MSB = more), then the OFS_DELTA distance or the REF_DELTA id; then zlib
//! ```

use crate::error::Result;
use crate::odb::locate::ObjectLocation;
use crate::oid::ObjectId;
use crate::pack::IndexLookup;
use crate::repo::Repository;
use serde::Serialize;
use std::path::PathBuf;

/// How object storage was found, from the file or index down to the bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "store", rename_all = "snake_case")]
pub enum Storage {
    /// A loose file.
    Loose {
        /// The file: `objects/` + the first 2 hex digits + `/` + the other 38.
        path: PathBuf,
        /// Its size: the deflated header and body.
        file_size: u64,
        /// The header and body, inflated.
        inflated_size: u64,
        /// `file_size / inflated_size`.
        ratio: f64,
    },
    /// A pack entry.
    Packed {
        /// The `.idx` file.
        idx: PathBuf,
        /// Its version (1 or 2).
        idx_version: u32,
        /// How many objects it lists.
        objects: usize,
        /// The fan-out read and the binary search.
        lookup: IndexLookup,
        /// The `.pack` file.
        pack: PathBuf,
        /// The entry's offset, read from the index at the found position.
        offset: u64,
        /// The entry header as stored.
        #[serde(serialize_with = "super::hex_bytes")]
        header_bytes: Vec<u8>,
        /// Of those, the bytes holding the type and size (the rest name the delta base).
        size_len: usize,
        /// The type code (1-4 whole object, 6 OFS_DELTA, 7 REF_DELTA).
        type_code: u8,
        /// The size the header announces: the object's, or for a delta the delta's.
        inflated_size: u64,
        /// Bytes of zlib data after the header.
        compressed_size: u64,
        /// `compressed_size / inflated_size`.
        ratio: f64,
    },
    /// A store added by the program.
    Other,
}

/// Where object `id` lives; `None` when no store has it.
pub fn storage(repo: &Repository, id: &ObjectId) -> Result<Option<Storage>> {
    let odb = repo.odb();
    let Some(location) = odb.locate(id)? else {
        return Ok(None);
    };
    Ok(Some(match location {
        ObjectLocation::Loose { path, size_on_disk } => {
            let inflated_size = match odb.try_read_header(id)? {
                Some(h) => format!("{} {}\0", h.kind, h.size).len() as u64 + h.size,
                None => 0,
            };
            Storage::Loose {
                path,
                file_size: size_on_disk,
                inflated_size,
                ratio: ratio(size_on_disk, inflated_size),
            }
        }
        ObjectLocation::Other => Storage::Other,
        ObjectLocation::Packed { pack: path, entry } => {
            let Some(pack) = odb.packs().into_iter().find(|p| p.pack_path() == path) else {
                return Ok(Some(Storage::Other));
            };
            let index = pack.index();
            let header_bytes = usize::try_from(entry.offset)
                .ok()
                .and_then(|at| {
                    pack.data()
                        .ok()?
                        .bytes()
                        .get(at..)?
                        .get(..entry.header.header_len)
                })
                .unwrap_or_default()
                .to_vec();
            let size_len = header_bytes
                .iter()
                .position(|b| b & 0x80 == 0)
                .map_or(header_bytes.len(), |i| i + 1);
            let compressed_size = entry
                .size_in_pack
                .saturating_sub(entry.header.header_len as u64);
            Storage::Packed {
                idx: index.path().to_path_buf(),
                idx_version: index.version(),
                objects: index.len(),
                lookup: index.lookup_traced(id),
                pack: path,
                offset: entry.offset,
                header_bytes,
                size_len,
                type_code: entry.header.kind.code(),
                inflated_size: entry.header.size,
                compressed_size,
                ratio: ratio(compressed_size, entry.header.size),
            }
        }
    }))
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
