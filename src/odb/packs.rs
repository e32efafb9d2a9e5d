//! The packs of one `objects/pack` directory: opened at start, scanned again on demand (another
//! process may have repacked), kept in git's order (most recently modified first).

use super::{Error, Result};
use crate::limits::Limits;
use crate::pack::Pack;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

pub(crate) use crate::pack::DeltaBaseCache;

/// A snapshot of the packs of a directory; readers hold it while they read, so a concurrent
/// re-scan never pulls a pack out from under them.
pub(crate) type PackList = Arc<Vec<Arc<Pack>>>;

/// How long after its last change a directory's modification time is trusted to say the
/// directory is unchanged (git's racy-timestamp reasoning; 2 s covers whole-second and FAT
/// stamps).
const RACY: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether a directory last modified at `mtime` and scanned at `now` cannot change again without
/// its modification time changing too.
fn settled(mtime: SystemTime, now: SystemTime) -> bool {
    now.duration_since(mtime).is_ok_and(|age| age >= RACY)
}

pub(crate) struct PackDir {
    dir: PathBuf,
    limits: Limits,
    packs: RwLock<PackList>,
    /// The directory's modification time at the last scan: an unchanged directory has the same
    /// files, so a re-scan costs one `stat`. Only kept when it was older than [`RACY`] at the
    /// scan: file systems stamp times coarsely (a clock tick, or whole seconds), so a directory
    /// changed again within the same tick after a scan would keep the time that scan saw.
    scanned_at: Mutex<Option<SystemTime>>,
    /// Indexes that could not be opened, each complained about once, with why; their packs are
    /// left out, as git leaves them out.
    complaints: Mutex<Vec<(PathBuf, Arc<Error>)>>,
}

impl PackDir {
    pub(crate) fn new(dir: PathBuf, limits: Limits) -> Result<Self> {
        let pack_dir = PackDir {
            dir,
            limits,
            packs: RwLock::new(Arc::new(Vec::new())),
            scanned_at: Mutex::new(None),
            complaints: Mutex::new(Vec::new()),
        };
        pack_dir.refresh()?;
        Ok(pack_dir)
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current packs.
    pub(crate) fn list(&self) -> PackList {
        match self.packs.read() {
            Ok(p) => Arc::clone(&p),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Scans the directory again if it changed; true when the set of packs changed.
    pub(crate) fn refresh(&self) -> Result<bool> {
        let mtime = match std::fs::metadata(&self.dir) {
            Ok(m) => m.modified().ok(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        let mut scanned = self.scanned_at.lock().unwrap_or_else(|p| p.into_inner());
        if scanned.is_some() && *scanned == mtime {
            return Ok(false);
        }
        let current = self.list();
        let mut found: Vec<(SystemTime, PathBuf)> = Vec::new();
        match std::fs::read_dir(&self.dir) {
            Ok(entries) => {
                for entry in entries {
                    let entry = entry.map_err(|e| Error::io(&self.dir, e))?;
                    let path = entry.path();
                    if path.extension().is_some_and(|e| e == "idx") {
                        let pack = path.with_extension("pack");
                        if let Ok(meta) = std::fs::metadata(&pack) {
                            found.push((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), path));
                        }
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&self.dir, e)),
        }
        // git's order: it prepends each pack as it reads the directory, then sorts stably by
        // modification time in whole seconds, newest first
        found.reverse();
        let seconds = |t: &SystemTime| {
            t.duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        };
        found.sort_by_key(|f| std::cmp::Reverse(seconds(&f.0)));
        let mut next = Vec::with_capacity(found.len());
        for (_, idx) in &found {
            if let Some(open) = current.iter().find(|p| p.index().path() == idx.as_path()) {
                next.push(Arc::clone(open));
                continue;
            }
            match Pack::open_with_limits(idx, self.limits).map_err(Error::from) {
                Ok(p) => next.push(Arc::new(p)),
                // removed between listing and opening: a concurrent repack; skip it
                Err(e) if e.is_file_not_found() => {}
                Err(e) => self.complain(idx, e),
            }
        }
        let changed = next.len() != current.len()
            || next
                .iter()
                .zip(current.iter())
                .any(|(a, b)| !Arc::ptr_eq(a, b));
        if changed {
            let mut packs = self.packs.write().unwrap_or_else(|p| p.into_inner());
            *packs = Arc::new(next);
        }
        *scanned = mtime.filter(|t| settled(*t, SystemTime::now()));
        Ok(changed)
    }

    /// Records that the index `idx` could not be opened (once per file).
    fn complain(&self, idx: &Path, error: Error) {
        let mut complaints = self.complaints.lock().unwrap_or_else(|p| p.into_inner());
        if complaints.iter().any(|(p, _)| p == idx) {
            return;
        }
        complaints.push((idx.to_path_buf(), Arc::new(error)));
    }

    /// The complaints about indexes that could not be opened so far (the odb takes them once,
    /// right after the first scan).
    pub(crate) fn complaints(&self) -> Vec<super::OdbWarning> {
        let complaints = self.complaints.lock().unwrap_or_else(|p| p.into_inner());
        complaints
            .iter()
            .map(|(path, error)| super::OdbWarning::BadIndex {
                path: path.clone(),
                error: Arc::clone(error),
            })
            .collect()
    }

    /// Forgets the last scan time so the next [`refresh`](Self::refresh) lists the directory.
    pub(crate) fn invalidate(&self) {
        *self.scanned_at.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_directory_changed_just_before_the_scan_is_scanned_again() {
        let now = SystemTime::now();
        assert!(!settled(now, now));
        assert!(!settled(now - Duration::from_millis(1500), now));
        assert!(!settled(now + Duration::from_secs(5), now)); // clock skew: not trusted
        assert!(settled(now - Duration::from_secs(3), now));
    }
}
