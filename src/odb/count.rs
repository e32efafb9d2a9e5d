//! What `git count-objects -v` reports: loose objects and their disk use, packs, objects that
//! are both loose and packed, and garbage files.

use super::Odb;
use crate::error::{Error, Result};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Counts of the primary object directory, as `git count-objects -v` prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectCounts {
    /// Loose objects.
    pub count: u64,
    /// Disk space used by loose objects, in bytes (allocated blocks, as git counts).
    pub size: u64,
    /// Objects in local packs.
    pub in_pack: u64,
    /// Local packs.
    pub packs: u64,
    /// Size of local packs and their indexes, in bytes.
    pub size_pack: u64,
    /// Loose objects that are also in a pack (`git prune-packed` would remove them).
    pub prune_packable: u64,
    /// Files in the object directory that are neither objects nor packs.
    pub garbage: u64,
    /// Size of the garbage files, in bytes (file sizes, as git counts them, not blocks).
    pub size_garbage: u64,
    /// The garbage files and why each is garbage, as git warns about them.
    pub garbage_paths: Vec<(PathBuf, &'static str)>,
}

/// Bytes a file takes on disk (allocated blocks), which is what git reports for loose files.
fn on_disk(meta: &std::fs::Metadata) -> u64 {
    meta.blocks() * 512
}

impl Odb {
    /// Counts the objects of the primary object directory (alternates are not counted, as in
    /// git).
    pub fn count_objects(&self) -> Result<ObjectCounts> {
        let mut counts = ObjectCounts::default();
        let packs = self.dirs[0].packs.list();
        // git looks at the pack directory first, so its garbage is reported first
        pack_garbage(self.dirs[0].packs.dir(), &mut counts)?;
        self.loose().for_each_file(|id, entry| {
            let meta = entry.metadata().map_err(|e| Error::io(entry.path(), e))?;
            match id {
                Some(id) => {
                    counts.count += 1;
                    counts.size += on_disk(&meta);
                    if packs.iter().any(|p| p.contains(&id)) {
                        counts.prune_packable += 1;
                    }
                }
                None => {
                    counts.garbage += 1;
                    counts.size_garbage += meta.len();
                    counts.garbage_paths.push((entry.path(), "garbage found"));
                }
            }
            Ok(())
        })?;
        for pack in packs.iter() {
            counts.packs += 1;
            counts.in_pack += pack.len() as u64;
            for path in [pack.index().path(), pack.pack_path()] {
                counts.size_pack += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            }
        }
        Ok(counts)
    }
}

/// Files in `objects/pack` that do not belong to a pack.
fn pack_garbage(dir: &Path, counts: &mut ObjectCounts) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            files.push(entry.path());
        }
    }
    files.sort();
    for path in &files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let reason = match ext {
            "idx" if !path.with_extension("pack").exists() => Some("no corresponding .pack"),
            "pack" if !path.with_extension("idx").exists() => Some("no corresponding .idx"),
            "idx" | "pack" => None,
            "keep" | "bitmap" | "promisor" | "mtimes" | "rev" => {
                (!path.with_extension("idx").exists()).then_some("no corresponding .idx")
            }
            _ => Some("garbage found"),
        };
        if let Some(reason) = reason {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            counts.garbage += 1;
            counts.size_garbage += size;
            counts.garbage_paths.push((path.clone(), reason));
        }
    }
    Ok(())
}

/// Formats a byte count the way git's `-H` options do (`1.50 KiB`, `12 bytes`).
pub fn humanise_bytes(bytes: u64) -> String {
    if bytes > 1 << 30 {
        format!(
            "{}.{:02} GiB",
            bytes >> 30,
            (bytes & ((1 << 30) - 1)) / 10_737_419
        )
    } else if bytes > 1 << 20 {
        let x = bytes + 5243;
        format!("{}.{:02} MiB", x >> 20, ((x & ((1 << 20) - 1)) * 100) >> 20)
    } else if bytes > 1 << 10 {
        let x = bytes + 5;
        format!("{}.{:02} KiB", x >> 10, ((x & ((1 << 10) - 1)) * 100) >> 10)
    } else if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::humanise_bytes;

    #[test]
    fn humanises_like_git() {
        assert_eq!(humanise_bytes(0), "0 bytes");
        assert_eq!(humanise_bytes(1), "1 byte");
        assert_eq!(humanise_bytes(1024), "1024 bytes");
        assert_eq!(humanise_bytes(1536), "1.50 KiB");
        assert_eq!(humanise_bytes(5 << 20), "5.00 MiB");
        assert_eq!(humanise_bytes(3 << 30), "3.00 GiB");
    }
}
