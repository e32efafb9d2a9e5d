//! Where an object is stored: a loose file, or an entry of a pack (whole or as a delta).

use super::Odb;
use super::{Error, Result};
use crate::oid::ObjectId;
use crate::pack::EntryInfo;
use std::path::PathBuf;

/// Where the odb finds an object (the first store that has it, in read order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectLocation {
    /// A loose object file.
    Loose {
        /// The file.
        path: PathBuf,
        /// Its size in bytes (deflated header and body).
        size_on_disk: u64,
    },
    /// An entry of a pack.
    Packed {
        /// The `.pack` file.
        pack: PathBuf,
        /// The entry.
        entry: EntryInfo,
    },
    /// A store added with [`Odb::add_store`].
    Other,
}

impl ObjectLocation {
    /// Bytes the object takes where it is stored (`%(objectsize:disk)`); 0 for other stores.
    pub fn size_on_disk(&self) -> u64 {
        match self {
            ObjectLocation::Loose { size_on_disk, .. } => *size_on_disk,
            ObjectLocation::Packed { entry, .. } => entry.size_in_pack,
            ObjectLocation::Other => 0,
        }
    }

    /// The delta base, for an object stored as a delta (`%(deltabase)`).
    pub fn delta_base(&self) -> Option<ObjectId> {
        match self {
            ObjectLocation::Packed { entry, .. } => entry.base,
            _ => None,
        }
    }
}

impl Odb {
    /// Where `id` is stored, or `None` when no store has it.
    pub fn locate(&self, id: &ObjectId) -> Result<Option<ObjectLocation>> {
        for refreshed in [false, true] {
            for pack in self.packs() {
                if let Some(entry) = pack.entry_info(id)? {
                    return Ok(Some(ObjectLocation::Packed {
                        pack: pack.pack_path().to_path_buf(),
                        entry,
                    }));
                }
            }
            if !refreshed {
                for dir in &self.dirs {
                    let path = dir.loose.path_of(id);
                    match std::fs::metadata(&path) {
                        Ok(m) => {
                            return Ok(Some(ObjectLocation::Loose {
                                path,
                                size_on_disk: m.len(),
                            }))
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(Error::io(path, e)),
                    }
                }
                for store in &self.added_stores() {
                    if store.contains(id)? {
                        return Ok(Some(ObjectLocation::Other));
                    }
                }
            }
            if refreshed {
                break;
            }
            self.refresh_packs()?;
        }
        Ok(None)
    }
}
