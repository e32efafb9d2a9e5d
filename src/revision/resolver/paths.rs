//! Paths in `<rev>:<path>`: relative paths (`./x`, `../x`) against the current directory, the
//! walk down a tree, and git's diagnosis of a path that is not there (on disk only, or below the
//! current directory).

use super::{Resolver, Step, Stop};
use crate::error::{Error, Result};
use crate::object::{Kind, TreeRef};
use crate::oid::ObjectId;
use crate::revision::RevisionErrorKind;
use bstr::{BString, ByteSlice};
use std::path::Path;

impl Resolver<'_> {
    /// git's `diagnose_invalid_oid_path`, for a lookup to die: `path` is not in `treeish`'s tree
    /// (`missing` says why); the path is looked for on disk from the top of the work tree, or
    /// from `cwd` outside it, and, with `suggest`, below the prefix.
    pub(super) fn diagnose_path(
        &mut self,
        treeish: ObjectId,
        rev: &[u8],
        path: BString,
        cwd: &Path,
        suggest: bool,
        missing: RevisionErrorKind,
    ) -> std::result::Result<Step, Stop> {
        let base = match (&self.prefix, self.repo.work_tree()) {
            (Some(_), Some(top)) => top,
            _ => cwd,
        };
        let rev = BString::from(rev);
        match base.join(path.to_path_lossy()).symlink_metadata() {
            Ok(_) => Err(Stop::Fatal(RevisionErrorKind::PathOnlyOnDisk { rev, path })),
            Err(e) if is_missing_file_error(&e) => {
                let prefix = self.prefix.clone().unwrap_or_default();
                if suggest && !prefix.is_empty() {
                    let mut full = prefix;
                    full.extend_from_slice(&path);
                    if self.tree_entry(treeish, &rev, &full)?.is_ok() {
                        return Err(Stop::Fatal(RevisionErrorKind::PathBelowPrefix {
                            rev,
                            path,
                            full,
                        }));
                    }
                }
                Err(Stop::Fatal(RevisionErrorKind::PathNotInTree {
                    rev,
                    treeish,
                    path,
                }))
            }
            // git gives up on the diagnosis when it cannot tell
            Err(_) => Ok(Err(missing)),
        }
    }

    /// git's `get_tree_entry`: `path` (from the top of the tree) inside the tree `treeish`
    /// names (a commit or tag is peeled to its tree; `rev` is how it was written). An empty path
    /// is the tree itself.
    pub(super) fn tree_entry(
        &mut self,
        treeish: ObjectId,
        rev: &[u8],
        path: &[u8],
    ) -> Result<Step> {
        let mut tree = match self.peel_step(treeish, Some(Kind::Tree))? {
            Ok(tree) => tree,
            Err(kind) => return Ok(Err(kind)),
        };
        if path.is_empty() {
            return Ok(Ok(tree));
        }
        let not_in_tree = || {
            Err(RevisionErrorKind::PathNotInTree {
                rev: rev.into(),
                treeish,
                path: path.into(),
            })
        };
        let odb = self.repo.odb();
        let mut rest = path;
        let mut data = Vec::new();
        loop {
            data.clear();
            match odb.try_read(&tree, &mut data)? {
                Some(Kind::Tree) => {}
                Some(_) => return Ok(not_in_tree()),
                None => return Ok(Err(RevisionErrorKind::MissingObject { id: tree })),
            }
            let parsed = TreeRef::parse(&data).map_err(|source| Error::InvalidObject {
                id: Some(tree),
                kind: Kind::Tree,
                source,
            })?;
            let (component, tail) = match rest.find_byte(b'/') {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            let Some(entry) = parsed.find(component) else {
                return Ok(not_in_tree());
            };
            match tail {
                None => return Ok(Ok(entry.id)),
                Some(_) if !entry.mode.is_tree() => return Ok(not_in_tree()),
                Some([]) => return Ok(Ok(entry.id)),
                Some(t) => {
                    tree = entry.id;
                    rest = t;
                }
            }
        }
    }

    /// git's `resolve_relative_path`: `./x` and `../x` are relative to the prefix; other paths
    /// are from the top. Fatal outside the work tree and for a path that leaves the repository,
    /// as in git.
    pub(super) fn relative_path(&self, path: &[u8]) -> std::result::Result<BString, Stop> {
        if !path.starts_with(b"./") && !path.starts_with(b"../") {
            return Ok(path.into());
        }
        if self.prefix.is_none() {
            return Err(Stop::Fatal(
                RevisionErrorKind::RelativePathOutsideWorkTree { path: path.into() },
            ));
        }
        self.prefix_path(path).ok_or_else(|| {
            Stop::Fatal(RevisionErrorKind::PathOutsideRepository {
                path: path.into(),
                top: self
                    .repo
                    .work_tree()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
            })
        })
    }

    /// `path` (starting with `./` or `../`) joined to the prefix; `None` when it leaves the
    /// work tree.
    fn prefix_path(&self, path: &[u8]) -> Option<BString> {
        let prefix = self
            .prefix
            .as_deref()
            .map(|p| p.as_bytes())
            .unwrap_or_default();
        let mut parts: Vec<&[u8]> = prefix.split_str("/").filter(|p| !p.is_empty()).collect();
        let trailing = path.ends_with(b"/");
        for comp in path.split_str("/") {
            match comp {
                b"" | b"." => {}
                b".." => {
                    parts.pop()?;
                }
                c => parts.push(c),
            }
        }
        let mut out = BString::from(bstr::join("/", parts));
        if trailing && !out.is_empty() {
            out.push(b'/');
        }
        Some(out)
    }
}

/// git's `is_missing_file_error`: the path (or a directory on the way) does not exist.
fn is_missing_file_error(e: &std::io::Error) -> bool {
    // ENOTDIR, 20 on Linux, macOS and the BSDs (`ErrorKind::NotADirectory` needs Rust 1.83)
    const ENOTDIR: i32 = 20;
    e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(ENOTDIR)
}
