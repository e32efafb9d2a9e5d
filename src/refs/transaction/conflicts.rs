//! Directory/file conflicts between ref names (git's `refs_verify_refname_available`): a new
//! ref may not sit below an existing ref nor above one, counting packed refs, loose refs and
//! the other refs of the same transaction.

use super::*;

pub(super) mod name {
    use bstr::ByteSlice;
    /// `name` without its last `n` components (empty when there are not that many left).
    pub fn rstrip_components(name: &[u8], n: usize) -> &[u8] {
        let mut rest = name;
        for _ in 0..n {
            match rest.rfind_byte(b'/') {
                Some(i) => rest = &rest[..i],
                None => return b"",
            }
        }
        rest
    }
}

/// A new ref may not sit below an existing ref, nor above one.
pub(in crate::refs) fn check_directory_conflict(
    store: &RefStore,
    new: &RefName,
    deleting: &HashSet<&RefName>,
) -> Result<()> {
    let packed = store.packed_refs_shared()?;
    let bytes = new.as_bytes();
    for n in 1.. {
        let prefix = name::rstrip_components(bytes, n);
        if prefix.is_empty() || prefix == b"refs" {
            break;
        }
        let is_deleted = deleting.iter().any(|d| d.as_bytes() == prefix);
        if store.loose_path(prefix).is_file() || (packed.find(prefix).is_some() && !is_deleted) {
            return Err(ref_err(
                new,
                RefErrorKind::DirectoryConflict {
                    existing: prefix.into(),
                },
            ));
        }
    }
    let mut dir = bytes.to_vec();
    dir.push(b'/');
    if let Some(r) = packed
        .with_prefix(&dir)
        .find(|r| !deleting.iter().any(|d| d.as_bytes() == r.name.as_slice()))
    {
        return Err(ref_err(
            new,
            RefErrorKind::DirectoryConflict {
                existing: r.name.clone(),
            },
        ));
    }
    if let Some(existing) = first_ref_below(store, new, deleting) {
        return Err(ref_err(new, RefErrorKind::DirectoryConflict { existing }));
    }
    Ok(())
}

/// A new ref may not be the directory of another ref of the same transaction, nor sit below
/// one: git checks its parent names first (shortest first), then the refs below it.
pub(super) fn check_conflict_within(
    store: &RefStore,
    new: &RefName,
    affected: &std::collections::BTreeSet<&RefName>,
) -> Result<()> {
    let bytes = new.as_bytes();
    let conflict = |other: &[u8]| {
        ref_err(
            new,
            RefErrorKind::ConflictsWithinTransaction {
                other: other.into(),
            },
        )
    };
    let components = bytes.split(|&b| b == b'/').count();
    for n in (1..components).rev() {
        let prefix = name::rstrip_components(bytes, n);
        if affected.iter().any(|a| a.as_bytes() == prefix) {
            // a parent that still exists (if only until this transaction deletes it) is
            // reported as existing, as git reads it before looking at the transaction
            if store.loose_path(prefix).is_file()
                || store.packed_refs_shared()?.find(prefix).is_some()
            {
                return Err(ref_err(
                    new,
                    RefErrorKind::DirectoryConflict {
                        existing: prefix.into(),
                    },
                ));
            }
            return Err(conflict(prefix));
        }
    }
    let mut dir = bytes.to_vec();
    dir.push(b'/');
    match affected.iter().find(|a| a.as_bytes().starts_with(&dir)) {
        Some(below) => Err(conflict(below.as_bytes())),
        None => Ok(()),
    }
}

/// The first loose ref under the directory a ref name would become, passing over lock files
/// and the refs the transaction deletes (git's loose ref cache has neither).
pub(super) fn first_ref_below(
    store: &RefStore,
    name: &RefName,
    deleting: &HashSet<&RefName>,
) -> Option<BString> {
    let dir = store.loose_path(name.as_bytes());
    if !dir.is_dir() {
        return None;
    }
    walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(store.dir_for(name.as_bytes())).ok()?;
            Some(BString::from(<[u8]>::from_path(rel)?))
        })
        .find(|rel| {
            !rel.ends_with(b".lock") && !deleting.iter().any(|d| d.as_bytes() == rel.as_slice())
        })
}
