//! Loose objects: one zlib-deflated file per object at `objects/xx/yyyy…`, holding
//! `"<kind> <size>\0"` and the body.
//!
//! Reading inflates and checks the header against the body (and, on request, the hash);
//! [`LooseStore::read_header`] inflates only the first bytes; [`LooseStore::open_stream`] hands out
//! a reader for blobs too big to hold. Writing deflates into a temp file beside the final path and
//! links it into place, read-only, as git does: a no-op when the object exists, and safe when
//! several processes write the same object at once (the first link wins, the others find it).

mod error;
mod raw_header;
pub(crate) mod read;
mod write;

pub use error::{Error, HeaderDamage, LooseError, LooseErrorKind, Result};
pub use raw_header::{parse_raw_header, RawHeader};
pub use read::{inflate_object, LooseStream};
pub use write::Deflated;

use crate::limits::Limits;
use crate::oid::{ObjectId, Prefix};
use std::path::{Path, PathBuf};

/// git's default zlib level for loose objects (`core.looseCompression`): `Z_BEST_SPEED`.
pub const DEFAULT_COMPRESSION: u32 = 1;

/// The loose objects of one `objects` directory.
#[derive(Debug, Clone)]
pub struct LooseStore {
    objects_dir: PathBuf,
    compression: u32,
    limits: Limits,
    /// `core.sharedRepository` as git's `git_config_perm` returns it (0: the umask alone).
    shared: i32,
}

impl LooseStore {
    /// The loose store in `objects_dir`, writing at git's default compression level.
    pub fn new(objects_dir: impl Into<PathBuf>) -> Self {
        LooseStore {
            objects_dir: objects_dir.into(),
            compression: DEFAULT_COMPRESSION,
            limits: Limits::default(),
            shared: 0,
        }
    }

    /// Uses zlib `level` (0–9) for new objects.
    pub fn with_compression(mut self, level: u32) -> Self {
        self.compression = level.min(9);
        self
    }

    /// Gives new files and directories the permissions `core.sharedRepository` asks for:
    /// `perm` is 0 (the umask alone), `0o660` (group), `0o664` (everybody), or minus an exact
    /// mode, as git's `git_config_perm` returns it.
    pub fn with_shared_repository(mut self, perm: i32) -> Self {
        self.shared = perm;
        self
    }

    /// Uses `limits` when reading.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The `objects` directory.
    pub fn objects_dir(&self) -> &Path {
        &self.objects_dir
    }

    /// The zlib level new objects are written with.
    pub fn compression(&self) -> u32 {
        self.compression
    }

    /// Where the object `id` lives (whether or not it exists).
    pub fn path_of(&self, id: &ObjectId) -> PathBuf {
        let mut hex = [0u8; 40];
        let hex = id.hex_to_buf(&mut hex);
        let mut p = self.objects_dir.join(&hex[..2]);
        p.push(&hex[2..]);
        p
    }

    /// Whether a loose file for `id` exists.
    pub fn contains(&self, id: &ObjectId) -> bool {
        self.path_of(id).is_file()
    }

    /// Appends to `out` every loose object id starting with `prefix`.
    pub fn prefix_matches(&self, prefix: &Prefix, out: &mut Vec<ObjectId>) -> Result<()> {
        let hex = prefix.to_string();
        let dir = self.objects_dir.join(&hex[..2]);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            let Some(rest) = name.to_str() else { continue };
            if rest.len() != 38 || !rest.starts_with(&hex[2..]) {
                continue;
            }
            let full = format!("{}{}", &hex[..2], rest);
            if let Ok(id) = ObjectId::from_hex(full.as_bytes()) {
                out.push(id);
            }
        }
        Ok(())
    }

    /// The ids in fan-out directory `byte` (`objects/xx`), in directory order; none when it
    /// does not exist.
    pub fn ids_in_fanout(&self, byte: u8) -> Result<Vec<ObjectId>> {
        let fanout = format!("{byte:02x}");
        let dir = self.objects_dir.join(&fanout);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            let Some(rest) = name.to_str().filter(|rest| rest.len() == 38) else {
                continue;
            };
            let hex = format!("{fanout}{rest}");
            ids.extend(ObjectId::from_hex(hex.as_bytes()).ok());
        }
        Ok(ids)
    }

    /// Every loose object id, in directory order (what git's `--unordered` listings follow).
    /// Files that are not named like objects (temp files) are skipped.
    pub fn ids(&self) -> Result<Vec<ObjectId>> {
        let mut ids = Vec::new();
        self.for_each_file(|id, _| {
            ids.extend(id);
            Ok::<_, Error>(())
        })?;
        Ok(ids)
    }

    /// Calls `f` for every file in the fan-out directories `00`…`ff`, in directory order, with
    /// the object id its name spells (`None` for a file that is not an object: a temp file or
    /// garbage). `f`'s own errors are passed back unchanged.
    pub fn for_each_file<E: From<Error>>(
        &self,
        mut f: impl FnMut(Option<ObjectId>, &std::fs::DirEntry) -> Result<(), E>,
    ) -> Result<(), E> {
        for byte in 0u8..=255 {
            let fanout = format!("{byte:02x}");
            let dir = self.objects_dir.join(&fanout);
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(dir, e).into()),
            };
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(&dir, e))?;
                let name = entry.file_name();
                let id = name
                    .to_str()
                    .filter(|rest| rest.len() == 38)
                    .and_then(|rest| {
                        let mut hex = [0u8; 40];
                        hex[..2].copy_from_slice(fanout.as_bytes());
                        hex[2..].copy_from_slice(rest.as_bytes());
                        ObjectId::from_hex(&hex).ok()
                    });
                f(id, &entry)?;
            }
        }
        Ok(())
    }
}
