//! What a transaction leaves on disk besides the refs: reflog lines appended where git would
//! create or extend a log, and the directories emptied by a deletion removed.

use super::*;

/// Removes `dir` if it holds nothing but empty directories; whether it is gone.
pub(in crate::refs) fn remove_empty_dir_tree(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !(entry.file_type().is_ok_and(|t| t.is_dir()) && remove_empty_dir_tree(&path)) {
            return false;
        }
    }
    std::fs::remove_dir(dir).is_ok()
}

/// git's `try_remove_empty_parents`: removes the directories of `name` below its first two
/// components (`refs/heads/a/b` → `refs/heads/a`) while they are empty.
pub(super) fn remove_empty_parents(root: &Path, name: &[u8]) {
    let components = name.split(|&b| b == b'/').count();
    for n in 1..components.saturating_sub(2).saturating_add(1) {
        let dir = name::rstrip_components(name, n);
        if dir.split(|&b| b == b'/').count() < 3 {
            break;
        }
        if std::fs::remove_dir(crate::refs::join_bytes(root, dir)).is_err() {
            break;
        }
    }
}

/// Appends the reflog line `old new committer\tmessage` to `name`'s log, creating the log only
/// where git would.
pub(in crate::refs) fn append_log_line(
    store: &RefStore,
    name: &RefName,
    old: ObjectId,
    new: ObjectId,
    committer: &Signature,
    message: &[u8],
) -> Result<()> {
    let log = LogWrite {
        name: name.clone(),
        old,
        new,
        message: message.into(),
        force: false,
    };
    append_reflog(store, &log, committer)
}

/// Appends one reflog line, creating the log only where git would.
pub(super) fn append_reflog(store: &RefStore, log: &LogWrite, committer: &Signature) -> Result<()> {
    let path = store.reflog_path(log.name.as_bytes());
    let exists = path.is_file();
    if !exists && !log.force && !store.should_autocreate_reflog(log.name.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let line = reflog::format_line(&log.old, &log.new, committer, &log.message);
    let mut file = crate::file::open_append(&path).map_err(|e| Error::io(&path, e))?;
    file.write_all(&line).map_err(|e| Error::io(&path, e))
}
