//! `index-pack`: a pack read from a stream or a file, every entry checked, every delta
//! resolved, and its `.idx` and `.rev` written as git writes them (see the module above for the
//! flow).

use super::resolve::{
    resolve, resolve_base, DeltaTrees, NoResolvedSink, PackFile, Resolved, ResolvedSink, Walk,
};
use super::scan::{scan, ObjectSink, Scanned, ScannedEntry};
use super::strict::StrictChecker;
use super::{thread_count, Progress, StrictError};
use crate::error::{Error, Result};
use crate::fsck;
use crate::hash::FileChecksum;
use crate::limits::Limits;
use crate::object::Kind;
use crate::odb::ObjectStore;
use crate::oid::ObjectId;
use crate::pack::data::EntryKind;
use crate::pack::encode::push_entry_header;
use crate::pack::index::IndexEntry;
use crate::pack::write_index::{sort_entries, write_idx, write_rev, IndexVersion};
use crate::pack::{PackError, PackErrorKind};
use bstr::BString;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How to index a pack (git's `index-pack` options).
#[derive(Debug, Clone, Default)]
pub struct IndexPackOptions {
    /// Threads resolving deltas; 0 (the default) means one per core (`--threads`).
    pub threads: usize,
    /// Which `.idx` to write (`--index-version`).
    pub index_version: IndexVersion,
    /// Run git's fsck checks on every object, with these options (`--strict`).
    pub strict: Option<fsck::Options>,
    /// Complete a thin pack with bases from the repository (`--fix-thin`, streams only).
    pub fix_thin: bool,
    /// Write a `.keep` file holding this message (`--keep[=<msg>]`; empty: an empty file).
    pub keep: Option<BString>,
    /// Ceilings on hostile input.
    pub limits: Limits,
}

/// A pack indexed and in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedPack {
    /// The pack's trailing checksum, which names it.
    pub checksum: [u8; 20],
    /// The `.pack`.
    pub pack: PathBuf,
    /// The `.idx`.
    pub index: PathBuf,
    /// The `.rev`.
    pub rev: PathBuf,
    /// The `.keep`, when one was asked for.
    pub keep: Option<PathBuf>,
    /// Objects in the pack (appended bases included).
    pub objects: usize,
    /// Bases `--fix-thin` appended from the repository.
    pub appended: usize,
}

impl IndexedPack {
    /// The checksum in hex, as `index-pack` prints it.
    pub fn name(&self) -> String {
        hex::encode(self.checksum)
    }
}

/// Reads a pack from `src` into `pack_dir` (a repository's `objects/pack`) and indexes it: the
/// pack is copied to a temporary file while it is checked, then installed as
/// `pack-<checksum>.{keep,pack,rev,idx}` (the `.idx` last). `repo` supplies the bases of a
/// thin pack and the objects `--strict` links may name.
pub fn index_pack_stream(
    src: &mut dyn Read,
    pack_dir: &Path,
    repo: Option<&dyn ObjectStore>,
    options: &IndexPackOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<IndexedPack> {
    let mut tmp = tempfile::Builder::new()
        .prefix("tmp_pack_")
        .tempfile_in(pack_dir)
        .map_err(|e| Error::io(pack_dir, e))?;
    let tmp_path = tmp.path().to_path_buf();
    let checker = options.strict.clone().map(StrictChecker::new);
    let scanned = {
        let mut copy = BufWriter::new(tmp.as_file_mut());
        let mut sink = ScanSink {
            strict: checker.as_ref(),
            progress,
        };
        let scanned = scan(
            src,
            Some(&mut copy),
            tmp_path.clone(),
            &options.limits,
            &mut sink,
            false,
        )?;
        copy.flush().map_err(|e| Error::io(&tmp_path, e))?;
        scanned
    };
    let indexed = index_written(&tmp_path, scanned, repo, options, checker, progress, true)?;
    let name = hex::encode(indexed.checksum);
    let base = pack_dir.join(format!("pack-{name}"));
    let files = IndexFiles::new(&indexed, options.index_version, pack_dir)?;
    let keep = match &options.keep {
        Some(msg) => Some(write_keep(&base.with_extension("keep"), msg)?),
        None => None,
    };
    let pack = base.with_extension("pack");
    read_only(tmp.as_file(), &tmp_path)?;
    tmp.persist(&pack).map_err(|e| Error::io(&pack, e.error))?;
    let (index, rev) = files.install(&base.with_extension("idx"), &base.with_extension("rev"))?;
    Ok(IndexedPack {
        checksum: indexed.checksum,
        pack,
        index,
        rev,
        keep,
        objects: indexed.entries.len(),
        appended: indexed.appended,
    })
}

/// Indexes the pack file `pack`, writing `index` (and the `.rev` beside it, `index` with its
/// `.idx` replaced by `.rev`), and a `.keep` beside the pack when asked. The pack itself is not
/// touched; `--fix-thin` does not apply.
pub fn index_pack_file(
    pack: &Path,
    index: &Path,
    repo: Option<&dyn ObjectStore>,
    options: &IndexPackOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<IndexedPack> {
    let (scanned, checker) = scan_file(pack, options, progress)?;
    let indexed = index_written(pack, scanned, repo, options, checker, progress, false)?;
    let dir = index
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let files = IndexFiles::new(&indexed, options.index_version, dir)?;
    let keep = match &options.keep {
        Some(msg) => Some(write_keep(&pack.with_extension("keep"), msg)?),
        None => None,
    };
    let (index, rev) = files.install(index, &index.with_extension("rev"))?;
    Ok(IndexedPack {
        checksum: indexed.checksum,
        pack: pack.to_path_buf(),
        index,
        rev,
        keep,
        objects: indexed.entries.len(),
        appended: 0,
    })
}

/// `index-pack --verify`: reads and resolves the whole pack, then checks that `index` is the
/// index git would write for it (in the same index version). Writes nothing.
pub fn verify_pack_index(
    pack: &Path,
    index: &Path,
    repo: Option<&dyn ObjectStore>,
    options: &IndexPackOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<[u8; 20]> {
    let existing = crate::file::read(index).map_err(|e| Error::io(index, e))?;
    let (scanned, checker) = scan_file(pack, options, progress)?;
    let indexed = index_written(pack, scanned, repo, options, checker, progress, false)?;
    let version = if existing.starts_with(&[0xff, b't', b'O', b'c']) {
        existing
            .get(4..8)
            .map_or(0, |v| u32::from_be_bytes(v.try_into().unwrap_or_default()))
    } else {
        1
    };
    let options = IndexVersion {
        version,
        off32_limit: off32_limit_of(&existing, &indexed.entries),
    };
    let bytes = write_idx(&indexed.entries, &indexed.checksum, options)
        .map_err(|e| PackError::new(e.into(), index))?;
    if bytes != existing {
        return Err(PackError::new(
            PackErrorKind::IndexMismatch {
                index_path: index.to_path_buf(),
            },
            pack,
        )
        .into());
    }
    Ok(indexed.checksum)
}

/// The `off32_limit` that an existing v2 index was written with, as far as its entries tell:
/// below its smallest large offset and at least its largest small one.
fn off32_limit_of(existing: &[u8], entries: &[IndexEntry]) -> u32 {
    let default = IndexVersion::default().off32_limit;
    let n = entries.len();
    let offsets_at = 8 + 256 * 4 + n * 24;
    let Some(words) = existing.get(offsets_at..offsets_at + n * 4) else {
        return default;
    };
    let mut smallest_large = None::<u64>;
    for (word, e) in words.chunks_exact(4).zip(entries) {
        if word.first().is_some_and(|b| b & 0x80 != 0) {
            smallest_large = Some(smallest_large.map_or(e.offset, |s| s.min(e.offset)));
        }
    }
    match smallest_large {
        Some(o) if o <= u64::from(default) => o.saturating_sub(1) as u32,
        _ => default,
    }
}

fn scan_file(
    pack: &Path,
    options: &IndexPackOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Scanned, Option<StrictChecker>)> {
    let mut file = File::open(pack).map_err(|e| Error::io(pack, e))?;
    let checker = options.strict.clone().map(StrictChecker::new);
    let mut sink = ScanSink {
        strict: checker.as_ref(),
        progress,
    };
    let scanned = scan(
        &mut file,
        None,
        pack.to_path_buf(),
        &options.limits,
        &mut sink,
        true,
    )?;
    Ok((scanned, checker))
}

/// The first pass's sink: progress, and the fsck of whole objects under `--strict`.
struct ScanSink<'a> {
    strict: Option<&'a StrictChecker>,
    progress: &'a (dyn Fn(Progress) + Sync),
}

impl ObjectSink for ScanSink<'_> {
    fn wants(&mut self, kind: Kind) -> bool {
        self.strict.is_some() && kind != Kind::Blob
    }
    fn object(&mut self, entry: &ScannedEntry, kind: Kind, data: &mut Vec<u8>) -> Result<()> {
        match (self.strict, entry.id()) {
            (Some(checker), Some(id)) => checker.check(&id, kind, data),
            _ => Ok(()),
        }
    }
    fn progress(&mut self, done: u32, total: u32, bytes: u64) {
        (self.progress)(Progress::Receiving { done, total, bytes });
    }
}

/// A pack resolved: its entries sorted by id, ready for the index.
struct Indexed {
    entries: Vec<IndexEntry>,
    checksum: [u8; 20],
    appended: usize,
}

/// Resolves every delta of the pack written at `path`, completes it from `repo` when
/// `may_fix` and `--fix-thin` say so, checks links under `--strict`, and returns the entries
/// sorted by id (refusing duplicates).
fn index_written(
    path: &Path,
    mut scanned: Scanned,
    repo: Option<&dyn ObjectStore>,
    options: &IndexPackOptions,
    checker: Option<StrictChecker>,
    progress: &(dyn Fn(Progress) + Sync),
    may_fix: bool,
) -> Result<Indexed> {
    let threads = thread_count(options.threads);
    let sink: &dyn ResolvedSink = match &checker {
        Some(c) => c,
        None => &NoResolvedSink,
    };
    let mut resolved: Vec<Option<Resolved>> = scanned
        .entries
        .iter()
        .map(|e| match (e.kind(), e.id()) {
            (EntryKind::Base(kind), Some(id)) => Some(Resolved { id, kind }),
            _ => None,
        })
        .collect();
    let deltas = resolved.iter().filter(|r| r.is_none()).count() as u64;
    let report = |done: u64| {
        progress(Progress::Resolving {
            done,
            total: deltas,
        })
    };
    let trees = DeltaTrees::new(&scanned.entries);
    let roots: Vec<u32> = (0u32..)
        .zip(&resolved)
        .filter_map(|(i, r)| r.map(|_| i))
        .collect();
    let pack = PackFile::open(path, scanned.end_of_entries)?;
    resolve(
        &Walk {
            pack: &pack,
            entries: &scanned.entries,
            trees: &trees,
            limits: &options.limits,
            sink,
            progress: &report,
        },
        &roots,
        &mut resolved,
        threads,
    )?;
    let mut appended = 0;
    if let (true, true, Some(repo)) = (may_fix, options.fix_thin, repo) {
        let walk = Walk {
            pack: &pack,
            entries: &scanned.entries,
            trees: &trees,
            limits: &options.limits,
            sink,
            progress: &report,
        };
        let (new_entries, checksum) = complete_thin(&walk, path, &scanned, &mut resolved, repo)?;
        appended = new_entries.len();
        if appended > 0 {
            scanned.checksum = checksum;
            scanned.entries.extend(new_entries);
        }
    }
    let unresolved = resolved.iter().filter(|r| r.is_none()).count() as u64;
    if unresolved > 0 {
        return Err(
            PackError::new(PackErrorKind::UnresolvedDeltas { count: unresolved }, path).into(),
        );
    }
    report(deltas);
    drop(trees);
    let mut entries: Vec<IndexEntry> = scanned
        .entries
        .iter()
        .zip(&resolved)
        .filter_map(|(e, r)| {
            r.map(|r| IndexEntry {
                id: r.id,
                offset: e.offset,
                crc32: Some(e.crc32),
            })
        })
        .collect();
    // a million entries of each: gone before the index is written
    drop(resolved);
    scanned.entries = Vec::new();
    sort_entries(&mut entries).map_err(|e| PackError::new(e.into(), path))?;
    if let Some(checker) = checker {
        for link in checker.into_links() {
            let in_pack = entries.binary_search_by_key(&link, |e| e.id).is_ok();
            if !in_pack && !repo.map_or(Ok(false), |r| r.contains(&link))? {
                return Err(StrictError::MissingLink { id: link }.into());
            }
        }
    }
    Ok(Indexed {
        entries,
        checksum: scanned.checksum,
        appended,
    })
}

/// git's `fix_unresolved_deltas`: for each REF_DELTA still unresolved, in pack order, its base
/// is read from `repo`, appended to the pack as a whole object where the trailer was, and every
/// delta under it resolved at once (so a base that the pack itself holds as a delta is never
/// appended); then the object count and the trailer are rewritten
/// (`fixup_pack_header_footer`). Returns the appended entries and the new checksum.
///
/// A documented difference: the appended bases are compressed by zlib-rs, whose bytes are not
/// C zlib's, so the completed pack (its checksum and name, hence its `.idx` and `.rev`) is not
/// byte-identical to the one git completes; indexing the pack git completed is
/// (`tests/index_pack_fixed_thin.rs`).
fn complete_thin(
    walk: &Walk<'_>,
    path: &Path,
    scanned: &Scanned,
    resolved: &mut Vec<Option<Resolved>>,
    repo: &dyn ObjectStore,
) -> Result<(Vec<ScannedEntry>, [u8; 20])> {
    let mut appender: Option<Appender> = None;
    let mut added = Vec::new();
    let mut data = Vec::new();
    for i in 0..scanned.entries.len() {
        let Some(EntryKind::RefDelta { base }) = scanned.entries.get(i).map(ScannedEntry::kind)
        else {
            continue;
        };
        if resolved.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let Some(kind) = repo.read_into(&base, &mut data)? else {
            continue;
        };
        if data.len() as u64 > walk.limits.max_object_size {
            return Err(PackError::new(PackErrorKind::TooLarge, path)
                .of(Some(base))
                .into());
        }
        let out = match appender.as_mut() {
            Some(a) => a,
            None => appender.insert(Appender::open(path, scanned.end_of_entries)?),
        };
        let entry = out.append(base, kind, &data)?;
        resolve_base(
            walk,
            entry.offset,
            Resolved { id: base, kind },
            std::mem::take(&mut data),
            resolved,
        )?;
        added.push(entry);
    }
    let Some(appender) = appender else {
        return Ok((added, scanned.checksum));
    };
    let count = u32::try_from(scanned.entries.len() + added.len())
        .map_err(|_| PackError::new(PackErrorKind::TooLarge, path))?;
    resolved.extend(added.iter().map(|e| {
        e.id().map(|id| Resolved {
            id,
            kind: match e.kind() {
                EntryKind::Base(k) => k,
                _ => Kind::Blob,
            },
        })
    }));
    let checksum = appender.finish(count)?;
    Ok((added, checksum))
}

/// The zlib level for objects `--fix-thin` appends. git uses Z_BEST_SPEED with C zlib; the
/// zlib-rs backend's level 1 (zlib-ng's `deflate_quick`) barely compresses text, and its
/// output differs from C zlib's at every level anyway, so the default level is used.
const APPEND_COMPRESSION: u32 = 6;

/// Whole objects appended to a pack file where its trailer was.
struct Appender {
    file: File,
    path: PathBuf,
    at: u64,
}

impl Appender {
    fn open(path: &Path, end_of_entries: u64) -> Result<Appender> {
        let io = |e| Error::io(path, e);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(io)?;
        // the file stays as long as it is while mapped: the trailer is overwritten, not cut
        file.seek(SeekFrom::Start(end_of_entries)).map_err(io)?;
        Ok(Appender {
            file,
            path: path.to_path_buf(),
            at: end_of_entries,
        })
    }

    fn append(&mut self, id: ObjectId, kind: Kind, data: &[u8]) -> Result<ScannedEntry> {
        let io = |e| Error::io(&self.path, e);
        let mut bytes = Vec::new();
        push_entry_header(&mut bytes, kind.pack_code(), data.len() as u64);
        let mut z =
            flate2::write::ZlibEncoder::new(bytes, flate2::Compression::new(APPEND_COMPRESSION));
        z.write_all(data).map_err(io)?;
        let bytes = z.finish().map_err(io)?;
        self.file.write_all(&bytes).map_err(io)?;
        let entry = ScannedEntry::whole(self.at, crc32fast::hash(&bytes), kind, id);
        self.at += bytes.len() as u64;
        Ok(entry)
    }

    /// Writes the new object count, then the checksum of everything after the last entry.
    fn finish(mut self, count: u32) -> Result<[u8; 20]> {
        let io = |e| Error::io(&self.path, e);
        self.file.set_len(self.at).map_err(io)?;
        self.file.seek(SeekFrom::Start(8)).map_err(io)?;
        self.file.write_all(&count.to_be_bytes()).map_err(io)?;
        self.file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut sum = FileChecksum::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut left = self.at;
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            let piece = buf.get_mut(..want).unwrap_or_default();
            self.file.read_exact(piece).map_err(io)?;
            sum.update(piece);
            left -= want as u64;
        }
        let checksum = sum.finish();
        self.file.write_all(&checksum).map_err(io)?;
        self.file.sync_data().map_err(io)?;
        Ok(checksum)
    }
}

/// The `.idx` and `.rev` written to temporary files, waiting to be renamed into place.
struct IndexFiles {
    idx: tempfile::NamedTempFile,
    rev: tempfile::NamedTempFile,
}

impl IndexFiles {
    fn new(indexed: &Indexed, version: IndexVersion, dir: &Path) -> Result<IndexFiles> {
        let idx_bytes = write_idx(&indexed.entries, &indexed.checksum, version)
            .map_err(|e| PackError::new(e.into(), dir))?;
        let idx = temp_with(dir, "tmp_idx_", &idx_bytes)?;
        drop(idx_bytes);
        let rev_bytes = write_rev(&indexed.entries, &indexed.checksum);
        let rev = temp_with(dir, "tmp_rev_", &rev_bytes)?;
        Ok(IndexFiles { idx, rev })
    }

    /// Renames the `.rev`, then the `.idx`, into place.
    fn install(self, idx: &Path, rev: &Path) -> Result<(PathBuf, PathBuf)> {
        self.rev.persist(rev).map_err(|e| Error::io(rev, e.error))?;
        self.idx.persist(idx).map_err(|e| Error::io(idx, e.error))?;
        Ok((idx.to_path_buf(), rev.to_path_buf()))
    }
}

fn temp_with(dir: &Path, prefix: &str, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_data())
        .map_err(|e| Error::io(tmp.path(), e))?;
    read_only(tmp.as_file(), tmp.path())?;
    Ok(tmp)
}

/// git installs packs and their indexes with mode 0444.
fn read_only(file: &File, path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o444))
        .map_err(|e| Error::io(path, e))
}

/// Writes the `.keep` file (`<msg>\n`, or empty for an empty message); one already there is
/// left as it is, as git leaves it.
fn write_keep(path: &Path, msg: &BString) -> Result<PathBuf> {
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut f) => {
            if !msg.is_empty() {
                f.write_all(msg)
                    .and_then(|()| f.write_all(b"\n"))
                    .map_err(|e| Error::io(path, e))?;
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io(path, e)),
    }
    Ok(path.to_path_buf())
}
