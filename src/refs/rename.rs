//! Renaming (or copying) a ref together with its reflog, in the steps git's files backend takes
//! (`files_copy_or_rename_ref`; a copy copies the log in step 2 and skips step 3):
//!
//! 1. check the new name is free (no ref above or below it but the old one, none of that name
//!    unless forced or the same as the old one);
//! 2. move `logs/<old>` aside to `logs/refs/.tmp-renamed-log`;
//! 3. delete the old ref (a `HEAD` pointing at it logs the deletion);
//! 4. move the log into place as `logs/<new>`;
//! 5. write the new ref and log `<id> <id> <message>` in its (moved) reflog.
//!
//! A failure after step 2 puts the log back. As in git, the steps are not one atomic
//! transaction: a crash between 3 and 5 leaves the branch under neither name, with its reflog in
//! `logs/refs/.tmp-renamed-log`.

use super::transaction::{append_log_line, lock_ref, remove_empty_dir_tree, write_lock};
use super::{loose, RefEdit, RefError, RefErrorKind, RefName, RefStore, Target};
use super::{Error, Result};
use crate::object::Signature;
use bstr::ByteSlice;

const TMP_RENAMED_LOG: &str = "refs/.tmp-renamed-log";

impl RefStore {
    /// Renames `old` to `new` (both full names), moving the reflog and logging `message`, as
    /// `git branch -m` does. `force` replaces an existing `new`. A symbolic `old` is refused.
    pub fn rename(
        &self,
        old: &RefName,
        new: &RefName,
        force: bool,
        message: &[u8],
        committer: &Signature,
    ) -> Result<()> {
        self.copy_or_rename(old, new, force, message, committer, false)
    }

    /// Copies `old` to `new` (both full names) with a copy of the reflog, logging `message`, as
    /// `git branch -c` does: `old` stays. `force` replaces an existing `new` (and its reflog).
    /// A symbolic `old` is refused.
    pub fn copy(
        &self,
        old: &RefName,
        new: &RefName,
        force: bool,
        message: &[u8],
        committer: &Signature,
    ) -> Result<()> {
        self.copy_or_rename(old, new, force, message, committer, true)
    }

    /// git's `files_copy_or_rename_ref`.
    fn copy_or_rename(
        &self,
        old: &RefName,
        new: &RefName,
        force: bool,
        message: &[u8],
        committer: &Signature,
        copy: bool,
    ) -> Result<()> {
        if self.is_in_memory() {
            return Err(Error::Ref(RefError::new(
                old.as_bstr(),
                RefErrorKind::RenameInMemory,
            )));
        }
        let orig = match self.find(old)? {
            None => {
                return Err(Error::Ref(RefError::new(
                    old.as_bstr(),
                    RefErrorKind::Missing,
                )))
            }
            Some(r) => match r.target {
                Target::Object(id) => id,
                Target::Symbolic(_) => {
                    return Err(Error::Ref(RefError::new(
                        old.as_bstr(),
                        RefErrorKind::SymbolicRename { copy },
                    )))
                }
            },
        };
        let new_exists = self.find(new)?.is_some();
        if new_exists && !force && new != old {
            return Err(Error::Ref(RefError::new(
                new.as_bstr(),
                RefErrorKind::AlreadyExists,
            )));
        }
        self.check_rename_available(old, new)?;

        let old_log = self.reflog_path(old.as_bytes());
        let tmp_log = self.reflog_path(TMP_RENAMED_LOG.as_bytes());
        let had_log = old_log.is_file();
        if had_log && copy {
            if let Some(parent) = tmp_log.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::copy(&old_log, &tmp_log).map_err(|e| Error::io(&old_log, e))?;
        } else if had_log {
            std::fs::rename(&old_log, &tmp_log).map_err(|e| Error::io(&old_log, e))?;
        }
        let restore = |err: Error| {
            if had_log && !copy {
                let _ = std::fs::rename(&tmp_log, &old_log);
            }
            err
        };

        if !copy {
            let mut tx = self.transaction();
            tx.push(
                RefEdit::delete(old.clone(), Some(orig))
                    .no_deref()
                    .message(message),
            )
            .map_err(restore)?;
            tx.commit_with(committer).map_err(restore)?;
        }
        // a copy overwrites an existing `new` in place
        if new_exists && new != old && !copy {
            let mut tx = self.transaction();
            tx.push(RefEdit::delete(new.clone(), None).no_deref())?;
            tx.commit_with(committer)?;
        }

        let new_log = self.reflog_path(new.as_bytes());
        if had_log {
            // the old ref's own directories (renaming a/b/c to a) are empty by now
            if new_log.is_dir() {
                remove_empty_dir_tree(&new_log);
            }
            if let Some(parent) = new_log.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::rename(&tmp_log, &new_log).map_err(|e| Error::io(&tmp_log, e))?;
        }

        let (timeout, _) = self.lock_timeouts();
        let mut lock = lock_ref(self, new, timeout)?;
        write_lock(&mut lock, &loose::object_content(&orig))?;
        append_log_line(self, new, orig, orig, committer, message)?;
        lock.commit()?;
        Ok(())
    }

    /// git's `refs_rename_ref_available`: no ref other than `old` may sit above `new`
    /// (`refs/heads/a` for `refs/heads/a/b`) or below it (`refs/heads/a/b` for `refs/heads/a`);
    /// so `a/b/c` may be renamed to `a`, and `a` to `a/b`.
    fn check_rename_available(&self, old: &RefName, new: &RefName) -> Result<()> {
        let taken = |existing: &[u8]| {
            Error::Ref(RefError::new(
                new.as_bstr(),
                RefErrorKind::RenameConflict {
                    existing: existing.into(),
                },
            ))
        };
        let bytes = new.as_bytes();
        let mut end = bytes.len();
        while let Some(slash) = bytes[..end].rfind_byte(b'/') {
            end = slash;
            let prefix = &bytes[..end];
            if prefix == old.as_bytes() {
                continue;
            }
            let Ok(name) = RefName::new(prefix) else {
                continue;
            };
            // a broken ref is still in the way
            if !matches!(self.find(&name), Ok(None)) {
                return Err(taken(prefix));
            }
        }
        let mut below = bytes.to_vec();
        below.push(b'/');
        let list = self.list(&below)?;
        let names = list
            .refs
            .iter()
            .map(|r| r.name.as_bytes())
            .chain(list.broken.iter().map(|b| b.name.as_slice()));
        for name in names {
            if name != old.as_bytes() {
                return Err(taken(name));
            }
        }
        Ok(())
    }
}
