//! Reading a repository's mailmap (git's `read_mailmap`); the format and lookups are
//! [`crate::mailmap`]'s.

pub use crate::mailmap::Mailmap;
use crate::object::Kind;
use crate::stores::Stores;
use std::os::unix::ffi::OsStrExt;

impl Mailmap {
    /// git's `read_mailmap` for `repo`: `.mailmap` at the top of the work tree, the blob
    /// `mailmap.blob` names (in a bare repository by default `HEAD:.mailmap`), then the file
    /// `mailmap.file` names; missing files and blobs are skipped.
    pub fn load<'r>(repo: impl Into<Stores<'r>>) -> crate::Result<Mailmap> {
        let repo = repo.into();
        let mut map = Mailmap::default();
        if let Some(top) = repo.work_tree() {
            if let Ok(text) = crate::file::read(&top.join(".mailmap")) {
                map.add_text(&text);
            }
        }
        let blob = match repo.config().get("mailmap.blob") {
            Some(b) => Some(b.to_vec()),
            None if repo.is_bare() => Some(b"HEAD:.mailmap".to_vec()),
            None => None,
        };
        if let Some(spec) = blob.filter(|b| !b.is_empty()) {
            let found = crate::revision::resolve_with(repo, &spec, crate::revision::Hint::Any);
            if let Ok(id) = found {
                let mut data = Vec::new();
                if let Ok(Some(Kind::Blob)) = repo.odb().try_read(&id, &mut data) {
                    map.add_text(&data);
                }
            }
        }
        if let Some(file) = repo.config().get("mailmap.file") {
            let file = std::path::Path::new(std::ffi::OsStr::from_bytes(file));
            let path = match file.strip_prefix("~") {
                Ok(rest) => repo
                    .env()
                    .var("HOME")
                    .map(|h| std::path::Path::new(h).join(rest)),
                // git runs from the top of the work tree
                Err(_) => Some(repo.work_tree().unwrap_or(repo.git_dir()).join(file)),
            };
            if let Some(text) = path.and_then(|p| crate::file::read(&p).ok()) {
                map.add_text(&text);
            }
        }
        Ok(map)
    }
}
