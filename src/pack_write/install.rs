//! Installing a pack as files: `<base>-<checksum>.pack`, `.rev` and `.idx`, each written to a
//! temp file in the same directory and renamed into place when complete — the `.pack` first,
//! the `.idx` last, as git does, so a reader that sees the `.idx` finds a whole pack beside it.

use super::write::write_pack;
use super::{PackObject, PackSummary, PackWriteError, PackWriter};
use crate::error::{Error, Result};
use crate::pack::write_index::{write_idx, write_rev};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A pack installed as files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenPack {
    /// The checksum and entries.
    pub summary: PackSummary,
    /// `<base>-<checksum>.pack`.
    pub pack_path: PathBuf,
    /// `<base>-<checksum>.idx`.
    pub idx_path: PathBuf,
    /// `<base>-<checksum>.rev`.
    pub rev_path: PathBuf,
}

pub(crate) fn write_files(
    writer: &PackWriter<'_>,
    objects: &[PackObject],
    bases: &[PackObject],
    base_name: &Path,
) -> Result<WrittenPack> {
    let dir = match base_name.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = base_name
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    let options = &writer.options;
    let (plan, order) = writer.prepare(objects, bases)?;

    let mut pack_tmp = temp_in(&dir, "tmp_pack_")?;
    let tmp_path = pack_tmp.path().to_path_buf();
    let summary = {
        let mut out = BufWriter::with_capacity(1 << 16, pack_tmp.as_file_mut());
        let s = write_pack(
            writer.odb,
            &plan,
            &order,
            options,
            writer.progress,
            &mut out,
            &tmp_path,
        )?;
        out.flush().map_err(|e| Error::io(&tmp_path, e))?;
        s
    };
    let idx = write_idx(&summary.entries, &summary.checksum, options.index_version)
        .map_err(PackWriteError::from)?;
    let rev = write_rev(&summary.entries, &summary.checksum);
    let name = |ext: &str| {
        let mut n = prefix.clone();
        n.push(format!("-{}.{ext}", summary.name()));
        dir.join(n)
    };
    let (pack_path, rev_path, idx_path) = (name("pack"), name("rev"), name("idx"));
    let rev_tmp = filled_temp(&dir, "tmp_rev_", &rev)?;
    let idx_tmp = filled_temp(&dir, "tmp_idx_", &idx)?;
    for (tmp, path) in [
        (pack_tmp, &pack_path),
        (rev_tmp, &rev_path),
        (idx_tmp, &idx_path),
    ] {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    }
    Ok(WrittenPack {
        summary,
        pack_path,
        idx_path,
        rev_path,
    })
}

/// A read-only temp file in `dir` (git's `odb_mkstemp`).
fn temp_in(dir: &Path, prefix: &str) -> Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new()
        .prefix(prefix)
        .permissions(std::fs::Permissions::from_mode(0o444))
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))
}

fn filled_temp(dir: &Path, prefix: &str, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let mut t = temp_in(dir, prefix)?;
    t.write_all(bytes).map_err(|e| Error::io(t.path(), e))?;
    Ok(t)
}
