//! Setting one value in a config file, as git's `git_config_set` does for a key of a plain
//! section (`core.sharedRepository`): the last `key = value` line of the section is replaced;
//! else the line is added at the end of the section's last occurrence; else the section is
//! appended. The key is written as the caller spells it, under a `*.lock` file.
//!
//! ```text
//! [core]                              [core]
//!     bare = false          set            bare = false
//! [remote "origin"]     core.shared =>     shared = 1
//!     url = …                         [remote "origin"]
//!                                          url = …
//! ```

use crate::error::{Error, Result};
use crate::lockfile::LockFile;
use bstr::ByteSlice;
use std::io::Write;
use std::path::Path;

/// Sets `<section>.<key>` to `value` in the file at `path` (created if missing).
pub fn set_in_file(path: &Path, section: &str, key: &str, value: &str) -> Result<()> {
    let old = match crate::file::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(path, e)),
    };
    let new = set_in_text(&old, section, key, value);
    let mut lock = LockFile::acquire(path)?;
    lock.write_all(&new)
        .map_err(|e| Error::io(lock.lock_path(), e))?;
    // the file keeps its permissions, as git's chmod of the lock to the old file's mode
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(lock.lock_path(), meta.permissions())
            .map_err(|e| Error::io(lock.lock_path(), e))?;
    }
    Ok(lock.commit()?)
}

/// The pure part of [`set_in_file`]: `text` with the value set.
pub fn set_in_text(text: &[u8], section: &str, key: &str, value: &str) -> Vec<u8> {
    let line = format!("\t{key} = {value}\n");
    let lines: Vec<&[u8]> = text.lines_with_terminator().collect();
    let mut current: Option<Vec<u8>> = None;
    let mut last_key = None;
    let mut last_in_section = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if let Some(rest) = t.strip_prefix(b"[") {
            let name = rest.split(|&b| b == b']').next().unwrap_or_default();
            current = Some(name.trim().to_ascii_lowercase());
            if current.as_deref() == Some(section.to_ascii_lowercase().as_bytes()) {
                last_in_section = Some(i);
            }
            continue;
        }
        if current.as_deref() != Some(section.to_ascii_lowercase().as_bytes()) {
            continue;
        }
        last_in_section = Some(i);
        let name_end = t
            .iter()
            .position(|&b| b == b'=' || b.is_ascii_whitespace())
            .unwrap_or(t.len());
        if t[..name_end].eq_ignore_ascii_case(key.as_bytes()) {
            last_key = Some(i);
        }
    }
    let mut out = Vec::with_capacity(text.len() + line.len());
    match (last_key, last_in_section) {
        (Some(k), _) => {
            for (i, l) in lines.iter().enumerate() {
                out.extend_from_slice(if i == k { line.as_bytes() } else { l });
            }
        }
        (None, Some(s)) => {
            for (i, l) in lines.iter().enumerate() {
                out.extend_from_slice(l);
                if i == s {
                    if !l.ends_with(b"\n") {
                        out.push(b'\n');
                    }
                    out.extend_from_slice(line.as_bytes());
                }
            }
        }
        (None, None) => {
            out.extend_from_slice(text);
            if !out.is_empty() && !out.ends_with(b"\n") {
                out.push(b'\n');
            }
            out.extend_from_slice(format!("[{section}]\n{line}").as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::set_in_text;

    #[test]
    fn a_new_key_ends_the_last_occurrence_of_its_section() {
        let text = b"[core]\n\tbare = false\n[remote \"o\"]\n\turl = x\n";
        assert_eq!(
            set_in_text(text, "core", "shared", "1").as_slice(),
            b"[core]\n\tbare = false\n\tshared = 1\n[remote \"o\"]\n\turl = x\n"
        );
    }

    #[test]
    fn an_existing_key_is_replaced_in_place() {
        let text = b"[core]\n\tShared = group\n\tbare = false\n";
        assert_eq!(
            set_in_text(text, "core", "shared", "1").as_slice(),
            b"[core]\n\tshared = 1\n\tbare = false\n"
        );
    }

    #[test]
    fn a_missing_section_is_appended() {
        assert_eq!(
            set_in_text(b"[core]\n\tbare = false", "receive", "deny", "true").as_slice(),
            b"[core]\n\tbare = false\n[receive]\n\tdeny = true\n"
        );
    }
}
