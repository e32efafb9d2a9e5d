//! Compacting an object directory: `git repack` and `git prune-packed`.
//!
//! ```text
//! objects/
//!   ab/cdef…              loose objects            ─┐ repack: into one new pack
//!   pack/pack-1….{idx,pack,rev}   a pack           ─┤ (-a: packs too, except .keep'd ones)
//!   pack/pack-2….{idx,pack,rev,keep}  a kept pack     (never repacked, never deleted)
//!   pack/pack-N….{pack,rev,idx}   the new pack, installed .idx last
//! ```
//!
//! [`repack`] writes the new pack completely (and, before deleting, flushes it to the disk)
//! before it deletes anything, then (with
//! [`RepackOptions::delete_redundant`]) deletes the old packs — each `.idx` first, then its
//! `.pack`, as git's `unlink_pack_path` does — and last the loose objects a pack now holds
//! ([`prune_packed`]). Every object therefore stays reachable through some file at every
//! moment, and a reader that opened the directory before keeps finding it: an
//! [`Odb`](crate::odb::Odb) that misses scans the pack directory again and retries, and one that
//! finds a pack file gone scans again too.
//!
//! Which objects ([`reachable`]): those git's `repack` packs — what the refs, `HEAD`, the
//! reflogs and the index reach, each with the path it was reached by so that the delta search
//! pairs versions of one file. An unreachable object in an old pack is dropped with it; an
//! unreachable loose object stays loose. Reachable objects of alternates are copied too (git's
//! repack without `-l`). gitstore writes no `.bitmap` (git does for `-a` in a bare
//! repository).
//!
//! ```
//! use gitstore::refs::{RefEdit, RefName};
//! use gitstore::repack::{repack, RepackOptions};
//! use gitstore::{repo::InitOptions, Kind, Repository};
//!
//! let dir = tempfile::tempdir()?;
//! let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
//! let id = repo.odb().write(Kind::Blob, b"hello\n")?;
//! let mut tx = repo.refs().transaction();
//! tx.push(RefEdit::create(RefName::new("refs/tags/hello")?, id))?;
//! tx.commit()?;
//! let done = repack(&repo, &RepackOptions::all_delete())?;
//! assert_eq!(done.written.as_ref().map(|w| w.summary.entries.len()), Some(1));
//! assert_eq!(done.pruned.len(), 1); // the loose file is gone…
//! assert_eq!(repo.odb().read(&id)?.data, b"hello\n"); // …and the object still there
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{Error, Result};
use crate::odb::{Odb, Unsupported};
use crate::pack::Pack;
use crate::pack_write::{NoProgress, PackOptions, PackWriter, Phase, Progress, WrittenPack};
use crate::repo::Repository;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) mod index_file;
mod reachable;

/// What [`repack`] does: git's `repack` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepackOptions {
    /// `-a`: the objects of every pack without a `.keep` go into the new pack too, not only
    /// the loose objects.
    pub all: bool,
    /// `-d`: afterwards delete the packs made redundant (with `all`) and the loose objects a
    /// pack holds ([`prune_packed`]).
    pub delete_redundant: bool,
    /// How to write the pack (`--window`, `--depth`, `-f` clears
    /// [`reuse_delta`](PackOptions::reuse_delta), `--threads`). Deltas point at their base by
    /// offset, as `repack.useDeltaBaseOffset` has it by default.
    pub pack: PackOptions,
}

impl Default for RepackOptions {
    fn default() -> Self {
        RepackOptions {
            all: false,
            delete_redundant: false,
            pack: PackOptions {
                ofs_delta: true,
                ..PackOptions::default()
            },
        }
    }
}

impl RepackOptions {
    /// `-a -d`: everything into one pack, then the old packs and loose objects removed.
    pub fn all_delete() -> Self {
        RepackOptions {
            all: true,
            delete_redundant: true,
            ..RepackOptions::default()
        }
    }
}

/// What [`repack`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepackOutcome {
    /// The new pack; `None` when there was nothing to pack (git's "Nothing new to pack.").
    pub written: Option<WrittenPack>,
    /// The `.pack` files of the packs deleted as redundant.
    pub removed_packs: Vec<PathBuf>,
    /// The loose objects deleted because a pack holds them, in the order removed.
    pub pruned: Vec<PathBuf>,
}

/// Packs the objects of `repo` as `options` say; see the [module](self) for which objects and
/// in what order files appear and disappear.
pub fn repack(repo: &Repository, options: &RepackOptions) -> Result<RepackOutcome> {
    repack_with_progress(repo, options, &NoProgress)
}

/// [`repack`], reporting the pack writer's progress to `progress`.
pub fn repack_with_progress(
    repo: &Repository,
    options: &RepackOptions,
    progress: &dyn Progress,
) -> Result<RepackOutcome> {
    let odb = repo.odb();
    odb.loose().ok_or(Unsupported::NoPrimaryStore)?;
    let pack_dir = odb.objects_dir().join("pack");
    odb.refresh_packs()?;
    // only packs seen now are ever deleted: one written meanwhile by another process stays
    let (kept, existing): (Vec<Arc<Pack>>, Vec<Arc<Pack>>) = odb
        .packs()
        .into_iter()
        .filter(|p| p.pack_path().parent() == Some(pack_dir.as_path()))
        .partition(|p| p.pack_path().with_extension("keep").exists());

    let selected = reachable::select(repo, options.all, &kept)?;
    progress.finish(Phase::Enumerating, selected.objects.len() as u64);
    let mut outcome = RepackOutcome::default();
    if !selected.objects.is_empty() {
        std::fs::create_dir_all(&pack_dir).map_err(|e| Error::io(&pack_dir, e))?;
        let written = PackWriter::new(odb)
            .options(options.pack.clone())
            .progress(progress)
            .tagged(&selected.tags)
            .write_files(&selected.objects, &[], &pack_dir.join("pack"))?;
        outcome.written = Some(written);
    }
    if options.delete_redundant {
        if let Some(written) = &outcome.written {
            // the old copies go next: the new one must survive a crash first
            sync_to_disk(written, &pack_dir)?;
        }
        if options.all {
            let new = outcome.written.as_ref().map(|w| w.pack_path.as_path());
            for pack in &existing {
                if Some(pack.pack_path()) != new {
                    remove_pack(pack.pack_path())?;
                    outcome.removed_packs.push(pack.pack_path().to_path_buf());
                }
            }
        }
        outcome.pruned = prune_packed(odb, false)?;
    }
    refresh_info_packs(odb, &pack_dir)?;
    Ok(outcome)
}

/// Rewrites `objects/info/packs` (the pack list dumb-HTTP clients read, which git's repack
/// keeps current through `update-server-info`) when it exists, so it names no deleted pack:
/// packs it listed keep their place, new ones follow, as git orders them. It is not created
/// (gitstore has no `update-server-info` yet, which would write `info/refs` beside it).
fn refresh_info_packs(odb: &Odb, pack_dir: &Path) -> Result<()> {
    let info = odb.objects_dir().join("info/packs");
    let old = match crate::file::read(&info) {
        Ok(old) => old,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(info, e)),
    };
    odb.refresh_packs()?;
    let mut names: Vec<String> = odb
        .packs()
        .iter()
        .filter(|p| p.pack_path().parent() == Some(pack_dir))
        .filter_map(|p| Some(p.pack_path().file_name()?.to_str()?.to_string()))
        .collect();
    let listed: Vec<&[u8]> = old
        .split(|&b| b == b'\n')
        .filter_map(|line| line.strip_prefix(b"P "))
        .collect();
    let place = |name: &String| listed.iter().position(|l| *l == name.as_bytes());
    names.sort_by_key(|n| place(n).unwrap_or(usize::MAX));
    let mut text = String::new();
    for name in &names {
        text.push_str("P ");
        text.push_str(name);
        text.push('\n');
    }
    text.push('\n');
    let mut tmp = tempfile::NamedTempFile::new_in(odb.objects_dir().join("info"))
        .map_err(|e| Error::io(&info, e))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| Error::io(&info, e))?;
    use std::os::unix::fs::PermissionsExt;
    // readable by the web server, as git's lock file leaves it (0666 less a usual umask)
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(&info).map_err(|e| Error::io(&info, e.error))?;
    Ok(())
}

/// Flushes the new pack's files and the directory entries naming them to the disk (git fsyncs
/// packs too), so deleting the objects' old copies cannot lose them to a crash.
fn sync_to_disk(written: &WrittenPack, pack_dir: &Path) -> Result<()> {
    let sync = |path: &Path| {
        std::fs::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(path, e))
    };
    for path in [&written.pack_path, &written.rev_path, &written.idx_path] {
        if path.exists() {
            sync(path)?;
        }
    }
    sync(pack_dir)
}

/// Deletes a pack's files in git's order: the `.idx` first, so no reader opens the pack any
/// more, then the `.pack` and the files that describe it. Files already gone are fine.
fn remove_pack(pack_path: &Path) -> Result<()> {
    for ext in ["idx", "pack", "rev", "bitmap", "promisor", "mtimes"] {
        let path = pack_path.with_extension(ext);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Ok(())
}

/// `git prune-packed`: deletes every loose object of the primary directory that a pack (of any
/// object directory) holds, then each fan-out directory left empty; returns the files, in the
/// order git visits them. With `dry_run` nothing is deleted (`-n`: the files are what git
/// prints as `rm -f <file>`).
///
/// ```
/// use gitstore::repack::prune_packed;
/// use gitstore::{repo::InitOptions, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// repo.odb().write(gitstore::Kind::Blob, b"only loose\n")?;
/// assert!(prune_packed(repo.odb(), false)?.is_empty()); // in no pack: kept
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn prune_packed(odb: &Odb, dry_run: bool) -> Result<Vec<PathBuf>> {
    let loose = odb.loose().ok_or(Unsupported::NoPrimaryStore)?;
    // a pack written or deleted since the odb last looked must count as it is now
    odb.refresh_packs()?;
    let packs: Vec<Arc<Pack>> = odb
        .packs()
        .into_iter()
        .filter(|p| p.pack_path().exists())
        .collect();
    let mut found = Vec::new();
    loose.for_each_file(|id, entry| {
        if id.is_some_and(|id| packs.iter().any(|p| p.contains(&id))) {
            found.push(entry.path());
        }
        Ok::<_, Error>(())
    })?;
    if dry_run {
        return Ok(found);
    }
    for path in &found {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    for byte in 0u8..=255 {
        // git's prune_subdir: every fan-out directory is tried, only an empty one goes
        let _ = std::fs::remove_dir(loose.objects_dir().join(format!("{byte:02x}")));
    }
    Ok(found)
}
