//! git's words for damaged pack entries read around ([`gitstore::odb::PackDamage`]) and for an
//! object with no intact copy ([`gitstore::odb::DamagedObject`]), with pack paths as git shows
//! them.

use gitstore::odb::{DamagedObject, PackDamage};
use gitstore::Repository;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The primary objects directory and how git names it, once a repository is open.
static SHOWN: OnceLock<(PathBuf, String)> = OnceLock::new();

/// `pack` as git names it.
fn shown(pack: &Path) -> String {
    match SHOWN.get() {
        Some((abs, shown)) => match pack.strip_prefix(abs) {
            Ok(rest) => format!("{shown}/{}", rest.display()),
            Err(_) => pack.display().to_string(),
        },
        None => pack.display().to_string(),
    }
}

/// Has what the odb finds wrong with pack entries printed as git's `error:` lines as it is
/// found.
pub fn report(repo: &Repository, shown_objects_dir: String) {
    let _ = SHOWN.set((repo.odb().objects_dir().to_path_buf(), shown_objects_dir));
    repo.odb().on_pack_damage(|damage| {
        let line = match damage {
            PackDamage::Inflate { zlib, .. } => format!("inflate: data stream error ({zlib})"),
            PackDamage::DeltaBaseUnreadable { pack, offset, base } => format!(
                "failed to read delta base object {base} at offset {offset} from {}",
                shown(pack)
            ),
            PackDamage::DeltaDataUnreadable { pack, offset } => format!(
                "failed to unpack compressed delta at offset {offset} from {}",
                shown(pack)
            ),
            PackDamage::DeltaDoesNotApply { .. } => "failed to apply delta".to_string(),
            PackDamage::UnknownEntryType { pack, offset, code } => format!(
                "unknown object type {code} at offset {offset} in {}",
                shown(pack)
            ),
            _ => return,
        };
        eprintln!("error: {line}");
    });
}

/// git's fatal words for an object whose every copy failed.
pub fn fatal(e: &DamagedObject) -> String {
    format!(
        "packed object {} (stored in {}) is corrupt",
        e.id,
        shown(&e.pack)
    )
}
