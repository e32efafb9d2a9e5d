//! What `git count-objects -v` reports: loose objects and their disk use, packs, objects that
//! are both loose and packed, and garbage files.

use super::Odb;
use super::{Error, Result};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Counts of the primary object directory, as `git count-objects -v` prints them.
///
/// Serialized (`gitstore count-objects --json`, schema `gitstore.count-objects/1`) with its
/// field names, sizes in bytes, `garbage_paths` as `[path, reason]` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
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
        let Some(primary) = self.dirs.first() else {
            return Ok(counts); // in memory: no loose objects, no packs
        };
        let packs = primary.packs.list();
        let pack_dir = primary.packs.dir();
        // git lists the pack directory (and warns about its garbage) when it first asks whether
        // a loose object is also packed, so pack garbage comes out just before the first loose
        // object, or after the loose files when there is none
        let mut packs_listed = false;
        primary.loose.for_each_file(|id, entry| {
            // not followed through symlinks, as git's lstat
            let meta = entry.metadata().map_err(|e| Error::io(entry.path(), e))?;
            match id {
                Some(id) if meta.is_file() => {
                    if !packs_listed {
                        pack_garbage(pack_dir, &mut counts)?;
                        packs_listed = true;
                    }
                    counts.count += 1;
                    counts.size += on_disk(&meta);
                    if packs.iter().any(|p| p.contains(&id)) {
                        counts.prune_packable += 1;
                    }
                }
                _ => {
                    counts.garbage += 1;
                    counts.size_garbage += meta.len();
                    counts.garbage_paths.push((entry.path(), "garbage found"));
                }
            }
            Ok::<_, Error>(())
        })?;
        if !packs_listed {
            pack_garbage(pack_dir, &mut counts)?;
        }
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

/// Entries of `objects/pack` that do not belong to a pack, as git's `prepare_packed_git_one`
/// and `report_pack_garbage` find them: any entry (a directory too) whose name has none of the
/// pack extensions is garbage at once, in directory order; the others are sorted and grouped by
/// base name, and a group is garbage unless it has both a `.pack` and an `.idx`.
fn pack_garbage(dir: &Path, counts: &mut ObjectCounts) -> Result<()> {
    const EXTS: [&str; 7] = [
        ".idx",
        ".rev",
        ".pack",
        ".bitmap",
        ".keep",
        ".promisor",
        ".mtimes",
    ];
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let report = |counts: &mut ObjectCounts, path: &Path, reason: &'static str| {
        counts.garbage += 1;
        counts.size_garbage += std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        counts.garbage_paths.push((path.to_path_buf(), reason));
    };
    let mut grouped: Vec<Vec<u8>> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.as_bytes();
        if name == b"multi-pack-index"
            || (name.starts_with(b"multi-pack-index")
                && (name.ends_with(b".bitmap") || name.ends_with(b".rev")))
        {
            continue;
        }
        if EXTS.iter().any(|e| name.ends_with(e.as_bytes())) {
            grouped.push(name.to_vec());
        } else {
            report(counts, &entry.path(), "garbage found");
        }
    }
    grouped.sort();
    let mut i = 0;
    while i < grouped.len() {
        // the base name includes the dot: `pack-1.` groups `pack-1.idx` and `pack-1.pack`
        let base_len = grouped[i]
            .iter()
            .rposition(|&b| b == b'.')
            .map_or(0, |d| d + 1);
        let base = grouped[i][..base_len].to_vec();
        let end = grouped[i..]
            .iter()
            .position(|n| !n.starts_with(&base))
            .map_or(grouped.len(), |k| i + k);
        let group = &grouped[i..end];
        let has = |ext: &[u8]| group.iter().any(|n| &n[base_len..] == ext);
        let reason = match (has(b"pack"), has(b"idx")) {
            (true, true) => None,
            (true, false) => Some("no corresponding .idx"),
            (false, true) => Some("no corresponding .pack"),
            (false, false) => Some("no corresponding .idx or .pack"),
        };
        if let Some(reason) = reason {
            for name in group {
                report(counts, &dir.join(OsStr::from_bytes(name)), reason);
            }
        }
        i = end;
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
