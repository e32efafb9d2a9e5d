//! git's lock-file protocol: `<name>.lock` created exclusively, written, then renamed over
//! `<name>` (commit) or removed (rollback, also on drop).
//!
//! Whoever creates `<name>.lock` (with `O_CREAT|O_EXCL`, so exactly one process can) owns the
//! right to replace `<name>`. Readers never see a half-written file: the new content goes into
//! the lock file and `rename(2)` swaps it in atomically. A process that dies while holding a lock
//! leaves the `.lock` behind; every later writer then fails with git's "File exists" message
//! until a person removes it — by design, since only a person can tell that nobody is writing.

use crate::location::strerror;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Shorthand for results whose error is a [`LockError`].
pub type Result<T, E = LockError> = std::result::Result<T, E>;

/// A lock that could not be taken, written, committed or rolled back: what was being done, the
/// file concerned and what the OS said. Converts into [`crate::Error::Lock`] (when taking it
/// failed) or [`crate::Error::Io`] (any later step).
///
/// ```
/// use gitstore::lockfile::{LockErrorKind, LockFile};
///
/// let dir = tempfile::tempdir()?;
/// let target = dir.path().join("file");
/// let _held = LockFile::acquire(&target)?;
/// let e = LockFile::acquire(&target).unwrap_err();
/// assert_eq!(e.kind, LockErrorKind::Create);
/// assert_eq!(e.path, dir.path().join("file.lock"));
/// assert!(matches!(gitstore::Error::from(e), gitstore::Error::Lock { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{}", match kind {
    LockErrorKind::Create => lock_failure_message(path, source),
    _ => format!("{}: {}", path.display(), strerror(source)),
})]
pub struct LockError {
    /// The step that failed.
    pub kind: LockErrorKind,
    /// The lock file, or for [`LockErrorKind::Commit`] the file it was to replace.
    pub path: PathBuf,
    /// What the OS said (`AlreadyExists` when another writer holds the lock).
    #[source]
    pub source: io::Error,
}

/// Which step of the lock-file protocol failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LockErrorKind {
    /// Creating `<name>.lock` exclusively: it exists, or cannot be made.
    Create,
    /// Flushing (or syncing) the lock file.
    Close,
    /// Renaming the lock file over `<name>`.
    Commit,
    /// Removing the lock file.
    Rollback,
}

fn lock_err(kind: LockErrorKind, path: &Path) -> impl FnOnce(io::Error) -> LockError + '_ {
    move |source| LockError {
        kind,
        path: path.to_path_buf(),
        source,
    }
}

/// An exclusively held `<path>.lock`; committing renames it over `<path>`.
#[derive(Debug)]
pub struct LockFile {
    target: PathBuf,
    lock: PathBuf,
    file: Option<File>,
    fsync: bool,
    /// Whether the lock file is still ours to remove (false after commit or rollback).
    held: bool,
}

/// The lock-file name for `path`: `path` with `.lock` appended.
pub fn lock_path_for(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// The message git prints when it cannot create a lock file, naming the lock file.
pub fn lock_failure_message(lock_path: &Path, source: &io::Error) -> String {
    if source.kind() == io::ErrorKind::AlreadyExists {
        format!(
            "Unable to create '{}': File exists.\n\n\
             Another git process seems to be running in this repository, e.g.\n\
             an editor opened by 'git commit'. Please make sure all processes\n\
             are terminated then try again. If it still fails, a git process\n\
             may have crashed in this repository earlier:\n\
             remove the file manually to continue.",
            lock_path.display()
        )
    } else {
        format!("Unable to create '{}': {source}", lock_path.display())
    }
}

impl LockFile {
    /// Creates `<path>.lock` exclusively. Fails with [`LockErrorKind::Create`] if it already exists (another
    /// writer holds it, or one crashed) or cannot be created. The parent directory must exist.
    pub fn acquire(path: impl Into<PathBuf>) -> Result<LockFile> {
        let target = path.into();
        let lock = lock_path_for(&target);
        match OpenOptions::new().write(true).create_new(true).open(&lock) {
            Ok(file) => Ok(LockFile {
                target,
                lock,
                file: Some(file),
                fsync: false,
                held: true,
            }),
            Err(source) => Err(LockError {
                kind: LockErrorKind::Create,
                path: lock,
                source,
            }),
        }
    }

    /// Like [`LockFile::acquire`], but while the lock file exists, retries with a growing pause
    /// for up to `timeout` (git's `core.filesRefLockTimeout`, `core.packedRefsTimeout`).
    pub fn acquire_with_timeout(path: impl Into<PathBuf>, timeout: Duration) -> Result<LockFile> {
        let target = path.into();
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match LockFile::acquire(target.clone()) {
                Err(LockError { source, .. })
                    if source.kind() == io::ErrorKind::AlreadyExists
                        && start.elapsed() + pause <= timeout =>
                {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// Whether [`LockFile::commit`] flushes the data to disk (`fsync`) before renaming.
    pub fn set_fsync(&mut self, fsync: bool) {
        self.fsync = fsync;
    }

    /// The file this lock will replace.
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// The lock file itself, `<path>.lock`.
    pub fn lock_path(&self) -> &Path {
        &self.lock
    }

    /// Closes the lock file (flushing, and syncing if asked) while keeping the lock held.
    pub fn close(&mut self) -> Result<()> {
        if let Some(mut file) = self.file.take() {
            file.flush()
                .map_err(lock_err(LockErrorKind::Close, &self.lock))?;
            if self.fsync {
                file.sync_all()
                    .map_err(lock_err(LockErrorKind::Close, &self.lock))?;
            }
        }
        Ok(())
    }

    /// Renames the lock file over the target, making the new content visible atomically.
    pub fn commit(mut self) -> Result<()> {
        self.close()?;
        std::fs::rename(&self.lock, &self.target)
            .map_err(lock_err(LockErrorKind::Commit, &self.target))?;
        self.held = false;
        Ok(())
    }

    /// Removes the lock file, leaving the target as it was.
    pub fn rollback(mut self) -> Result<()> {
        self.release()
    }

    fn release(&mut self) -> Result<()> {
        self.file = None;
        if self.held {
            self.held = false;
            match std::fs::remove_file(&self.lock) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(lock_err(LockErrorKind::Rollback, &self.lock)(e))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl Write for LockFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("lock file already closed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = self.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_fails_naming_the_lock_file_and_commit_replaces_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("file");
        std::fs::write(&target, b"old").unwrap();
        let mut lock = LockFile::acquire(&target).unwrap();
        let err = LockFile::acquire(&target).unwrap_err().to_string();
        assert!(err.contains("file.lock': File exists."), "{err}");
        assert!(
            err.contains("Another git process seems to be running"),
            "{err}"
        );
        lock.write_all(b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        lock.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(!lock_path_for(&target).exists());
    }

    #[test]
    fn drop_and_rollback_remove_the_lock_and_keep_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("file");
        std::fs::write(&target, b"old").unwrap();
        {
            let mut lock = LockFile::acquire(&target).unwrap();
            lock.write_all(b"new").unwrap();
        }
        assert!(!lock_path_for(&target).exists());
        let lock = LockFile::acquire(&target).unwrap();
        lock.rollback().unwrap();
        assert!(!lock_path_for(&target).exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
    }
}
