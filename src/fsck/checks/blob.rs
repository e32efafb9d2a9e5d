//! The checks of the blobs a tree names `.gitmodules` or `.gitattributes`, run after the
//! tree itself (git 2.47 `fsck_blob`).

use super::*;

/// git's `ATTR_MAX_FILE_SIZE`: a larger `.gitattributes` is not read.
const ATTR_MAX_FILE_SIZE: usize = 100 * 1024 * 1024;
/// git's `ATTR_MAX_LINE_LENGTH`: a `.gitattributes` line this long is not read.
const ATTR_MAX_LINE_LENGTH: usize = 2048;

/// What [`check_found_blobs`] reads: the object's kind and bytes, or `None` when it is missing.
pub type ReadObject<'a> = dyn FnMut(&ObjectId) -> Option<(Kind, Vec<u8>)> + 'a;

/// The second half of git's check of a tree (`fsck_finish`): reads the `.gitmodules` and
/// `.gitattributes` blobs a tree named, reporting a missing one (`gitmodulesMissing`), one that
/// is no blob (`gitmodulesBlob`) and a `.gitattributes` git could not read (too large, a line of
/// 2048 bytes or more). Returns whether a problem failed the check.
///
/// The contents of a `.gitmodules` (submodule names, urls, paths and update commands) are not
/// checked yet.
pub fn check_found_blobs(
    found: &FoundBlobs,
    read: &mut ReadObject<'_>,
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> bool {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    let mut failed = false;
    let sets = [
        (
            &found.gitmodules,
            ".gitmodules",
            MsgId::GitmodulesMissing,
            MsgId::GitmodulesBlob,
        ),
        (
            &found.gitattributes,
            ".gitattributes",
            MsgId::GitattributesMissing,
            MsgId::GitattributesBlob,
        ),
    ];
    for (ids, name, missing, not_blob) in sets {
        for id in ids {
            let Some((kind, data)) = read(id) else {
                failed |= r.report(missing, format!("unable to read {name} blob"));
                continue;
            };
            if kind != Kind::Blob {
                failed |= r.report(not_blob, format!("non-blob found at {name}"));
            } else if missing == MsgId::GitattributesMissing {
                failed |= check_gitattributes(&data, &mut r);
            }
        }
    }
    failed
}

/// git's check of a `.gitattributes` blob in `fsck_blob`.
fn check_gitattributes(data: &[u8], r: &mut Reporter<'_>) -> bool {
    if data.len() > ATTR_MAX_FILE_SIZE {
        return r.report(
            MsgId::GitattributesLarge,
            ".gitattributes too large to parse",
        );
    }
    // git reads the blob as a C string: a NUL ends it
    let text = data.split(|&b| b == 0).next().unwrap_or_default();
    if text
        .split(|&b| b == b'\n')
        .any(|line| line.len() >= ATTR_MAX_LINE_LENGTH)
    {
        return r.report(
            MsgId::GitattributesLineLength,
            ".gitattributes has too long lines to parse",
        );
    }
    false
}
