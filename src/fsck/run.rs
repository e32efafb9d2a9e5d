//! A whole repository checked as `git fsck` (git 2.47) checks it, in git's order:
//!
//! 1. every loose file under `objects/xx/`, fan-out directory by directory: it must inflate
//!    completely, with a valid header, the size it declares, and hash to its path; other files
//!    are garbage (`tmp_obj_*` excepted); each object's content is checked ([`check_object`]);
//! 2. every pack ([`check_pack`]: checksums, index ↔ pack, CRC32s, every object's hash, every
//!    delta), then each of its objects' content, in pack order;
//! 3. the roots: each ref (sorted), each worktree's `HEAD` and reflog entries, or the objects
//!    the caller names; then every worktree's index;
//! 4. each pack's `.rev` reverse index, when it has one
//!    ([`check_rev_index_file`](crate::pack::rev_index::check_rev_index_file));
//! 5. connectivity: a mark traversal from the roots, then every object known judged in the
//!    order of git's object hash table: missing, dangling, unreachable (module `connect`).
//!
//! `--connectivity-only` skips 1 and 2 except for noting which objects exist.

use super::checks::tree_walk_error;
use super::checks::{check_object, Options, Problem};
use super::connect;
use super::links::{links, parse_failure, tag_name, ParseFailure};
use super::progress::{NoProgress, Phase, Progress};
use crate::error::Result;
use crate::index_file::{IndexError, IndexWarning};
use crate::loose::{inflate_object, LooseErrorKind};
use crate::object::Kind;
use crate::odb::parallel::ReadMode;
use crate::oid::ObjectId;
use crate::pack::rev_index::RevIndexCheck;
use crate::pack::{check_pack, PackCheckError};
use crate::repo::Repository;
use bstr::{BString, ByteSlice};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What [`fsck`] checks and reports, as `git fsck`'s options say.
#[derive(Debug, Clone, Default)]
pub struct FsckOptions {
    /// Severities of the content checks (`--strict`, `fsck.<msg-id>`).
    pub checks: Options,
    /// Objects whose content problems are not reported (`fsck.skipList`).
    pub skip: HashSet<ObjectId>,
    /// Only note which objects exist; check no object's bytes (`--connectivity-only`).
    pub connectivity_only: bool,
    /// Report every unreachable object (`--unreachable`).
    pub unreachable: bool,
    /// Report dangling objects (git's default; `--no-dangling` turns it off).
    pub dangling: bool,
    /// Report root commits (`--root`).
    pub root: bool,
    /// Report tagged objects (`--tags`).
    pub tags: bool,
    /// Name objects by how they are reached (`--name-objects`).
    pub name_objects: bool,
    /// The roots to start from instead of refs, `HEAD` and reflogs (with the names the caller
    /// gave them).
    pub heads: Vec<(ObjectId, BString)>,
    /// Take the index's objects as roots even with [`FsckOptions::heads`] (`--cache`; without
    /// heads the index is always a root).
    pub cache: bool,
    /// Threads for reading objects (at least one).
    pub threads: usize,
    /// How names spell the common directory when they name another worktree's index entries
    /// (git's `<common dir>/worktrees/<id>/index:<path>`); `None`: as the repository knows it.
    pub shown_common_dir: Option<PathBuf>,
}

impl FsckOptions {
    /// git's defaults: dangling objects reported, nothing else extra, on every core.
    pub fn new() -> FsckOptions {
        FsckOptions {
            dangling: true,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            ..FsckOptions::default()
        }
    }
}

/// Which part of the check a finding fails; git's exit code is the sum of those present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// A damaged or invalid object (exit bit 1).
    Object,
    /// Connectivity: a missing object, a ref to nothing (exit bit 2).
    Reachable,
    /// A damaged pack (exit bit 4).
    Pack,
    /// A bad ref (exit bit 8).
    Refs,
    /// A damaged reverse index (exit bit 64).
    RevIndex,
}

impl ErrorClass {
    /// The bit git adds to its exit code.
    pub fn exit_bit(self) -> i32 {
        match self {
            ErrorClass::Object => 1,
            ErrorClass::Reachable => 2,
            ErrorClass::Pack => 4,
            ErrorClass::Refs => 8,
            ErrorClass::RevIndex => 64,
        }
    }
}

/// One thing fsck found, in the order git reports it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Finding {
    /// A content check failed or warned (`error in tree <id>: duplicateEntries: …`).
    Object {
        /// The object.
        id: ObjectId,
        /// Its kind.
        kind: Kind,
        /// The problem, with its message id and severity.
        problem: Problem,
    },
    /// git's object parser refuses the object (see [`ParseFailure`]); it then counts as
    /// unreadable.
    Unparsable {
        /// The object.
        id: ObjectId,
        /// Why.
        failure: ParseFailure,
        /// The loose file, or `None` in a pack.
        path: Option<PathBuf>,
    },
    /// The parser's complaint again, when a ref names an unparsable object.
    ParseError {
        /// The object.
        id: ObjectId,
        /// Why.
        failure: ParseFailure,
    },
    /// A tree git's walker cannot read to its end.
    BrokenLinks {
        /// The tree.
        id: ObjectId,
        /// What the walker said (`too-short tree object`).
        cause: &'static str,
    },
    /// A loose file that does not inflate to a valid object.
    CorruptLoose {
        /// The id its path spells.
        id: ObjectId,
        /// The file.
        path: PathBuf,
        /// What is wrong with it (`None`: it could not be read).
        damage: Option<LooseErrorKind>,
    },
    /// A loose file whose content hashes to another id.
    HashPathMismatch {
        /// The id the content hashes to.
        actual: ObjectId,
        /// The file.
        path: PathBuf,
    },
    /// A file in a fan-out directory that is no object.
    Garbage {
        /// The file.
        path: PathBuf,
    },
    /// A non-regular file (FIFO, socket, device) where a loose object should be; never opened
    /// for reading (git blocks on a FIFO here).
    NotAFile {
        /// The file.
        path: PathBuf,
    },
    /// A pack or its index is damaged.
    Pack {
        /// The pack's index.
        idx: PathBuf,
        /// What is wrong.
        error: PackCheckError,
    },
    /// A pack's `.rev` cannot be loaded or is wrong (checked after the index, before
    /// connectivity).
    RevIndex {
        /// The pack (`.pack`).
        pack: PathBuf,
        /// What is wrong with its `.rev`.
        check: RevIndexCheck,
    },
    /// The index cannot be read; git dies here, so nothing follows this finding.
    BadIndex {
        /// The index file.
        path: PathBuf,
        /// Why.
        error: IndexError,
    },
    /// Something git says as it reads the index, and goes on.
    IndexWarning {
        /// The index file.
        path: PathBuf,
        /// What.
        warning: IndexWarning,
    },
    /// An index entry names an object git knows as another kind than a blob (git's
    /// `object <id> is a <kind>, not a blob`); it is no root.
    IndexWrongKind {
        /// The object.
        id: ObjectId,
        /// What it is.
        kind: Kind,
    },
    /// A cache-tree tree of the index that cannot be read.
    InvalidCacheTreePointer {
        /// The tree.
        id: ObjectId,
        /// The index file.
        index: PathBuf,
    },
    /// A cache-tree entry of the index names an object that is no tree.
    NonTreeInCacheTree {
        /// The object.
        id: ObjectId,
        /// What it is.
        kind: Kind,
    },
    /// A resolve-undo record of the index names a blob that cannot be read.
    InvalidResolveUndoPointer {
        /// The blob.
        id: ObjectId,
        /// The index file.
        index: PathBuf,
    },
    /// A root commit (with [`FsckOptions::root`]).
    Root {
        /// The commit.
        id: ObjectId,
    },
    /// A tag's target (with [`FsckOptions::tags`]).
    Tagged {
        /// The tag object.
        tag: ObjectId,
        /// The tag's name.
        name: BString,
        /// Its target.
        target: ObjectId,
        /// The target's kind, when known.
        target_kind: Option<Kind>,
    },
    /// A worktree's `HEAD` cannot be resolved.
    InvalidHead {
        /// The `HEAD`, as git names it (`HEAD`, `worktrees/<id>/HEAD`, `main-worktree/HEAD`).
        head: BString,
    },
    /// A worktree's `HEAD` points outside `refs/heads/`.
    HeadStrange {
        /// The `HEAD`, as git names it.
        head: BString,
        /// Where it points.
        target: BString,
    },
    /// A worktree's `HEAD` points at an unborn branch (a notice, no error).
    HeadUnborn {
        /// The `HEAD`, as git names it.
        head: BString,
        /// The branch, without `refs/heads/`.
        branch: BString,
    },
    /// A ref names an object that cannot be read.
    InvalidRefPointer {
        /// The ref.
        name: BString,
        /// The object.
        id: ObjectId,
    },
    /// A branch (or `HEAD`) that names no commit.
    NotACommit {
        /// The ref.
        name: BString,
    },
    /// A reflog entry naming an object that does not exist.
    InvalidReflogEntry {
        /// The ref whose log it is.
        name: BString,
        /// The object.
        id: ObjectId,
    },
    /// No ref at all (a notice; `--unreachable` is then ignored).
    NoDefaultReferences,
    /// An object named by the caller is missing.
    HeadMissing {
        /// The object.
        id: ObjectId,
    },
    /// A link from a reachable object to one that does not exist.
    BrokenLink {
        /// The object holding the link.
        from: ObjectId,
        /// Its kind.
        from_kind: Option<Kind>,
        /// The missing object.
        to: ObjectId,
        /// The kind the link says it has.
        to_kind: Option<Kind>,
    },
    /// A reachable object that does not exist.
    Missing {
        /// The object.
        id: ObjectId,
        /// The kind links say it has.
        kind: Option<Kind>,
    },
    /// An unreachable object nothing points to.
    Dangling {
        /// The object.
        id: ObjectId,
        /// Its kind.
        kind: Option<Kind>,
    },
    /// An unreachable object (with [`FsckOptions::unreachable`]).
    Unreachable {
        /// The object.
        id: ObjectId,
        /// Its kind.
        kind: Option<Kind>,
    },
}

impl Finding {
    /// Whether the finding belongs on standard output (git prints connectivity there and
    /// complaints on standard error).
    pub fn is_listing(&self) -> bool {
        matches!(
            self,
            Finding::Root { .. }
                | Finding::Tagged { .. }
                | Finding::BrokenLink { .. }
                | Finding::Missing { .. }
                | Finding::Dangling { .. }
                | Finding::Unreachable { .. }
        )
    }
}

/// Everything [`fsck`] found.
#[derive(Debug, Default)]
pub struct Report {
    /// The findings, in git's order.
    pub findings: Vec<Finding>,
    /// The classes of error found (none: the repository is sound).
    pub errors: HashSet<ErrorClass>,
    /// With [`FsckOptions::name_objects`], how each object was first reached
    /// (`HEAD~2:src/a.c`).
    pub names: HashMap<ObjectId, BString>,
}

impl Report {
    /// git's exit code: the sum of the error classes' bits.
    pub fn exit_code(&self) -> i32 {
        self.errors.iter().map(|c| c.exit_bit()).sum()
    }

    /// How an object is described: `<id>`, or `<id> (<name>)` with names.
    pub fn describe(&self, id: &ObjectId) -> BString {
        let mut s = BString::from(id.to_string());
        if let Some(name) = self.names.get(id) {
            s.extend_from_slice(b" (");
            s.extend_from_slice(name);
            s.push(b')');
        }
        s
    }
}

/// What is known of one object.
#[derive(Debug, Default)]
pub(super) struct Node {
    /// The object exists (and, unless connectivity only, read correctly).
    pub(super) has: bool,
    pub(super) kind: Option<Kind>,
    pub(super) reachable: bool,
    pub(super) used: bool,
    /// When git created its object struct (its hash table order depends on it).
    pub(super) order: usize,
}

pub(super) struct State<'r> {
    pub(super) repo: &'r Repository,
    pub(super) progress: &'r dyn Progress,
    pub(super) options: &'r FsckOptions,
    pub(super) nodes: HashMap<ObjectId, Node>,
    pub(super) report: Report,
    created: usize,
    /// Objects stored but refused by git's parser.
    pub(super) unparsable: HashMap<ObjectId, ParseFailure>,
}

impl State<'_> {
    pub(super) fn node(&mut self, id: ObjectId) -> &mut Node {
        let created = &mut self.created;
        self.nodes.entry(id).or_insert_with(|| {
            *created += 1;
            Node {
                order: *created,
                ..Node::default()
            }
        })
    }

    pub(super) fn error(&mut self, class: ErrorClass, finding: Finding) {
        self.report.errors.insert(class);
        self.push(finding);
    }

    /// Records a finding, and hands it to the progress at once (git prints as it finds).
    pub(super) fn push(&mut self, finding: Finding) {
        self.report.findings.push(finding);
        if let Some(finding) = self.report.findings.last() {
            self.progress.found(finding, &self.report);
        }
    }

    /// The checks git's `fsck_obj` runs on an object read whole.
    fn check(&mut self, id: ObjectId, kind: Kind, data: &[u8], path: Option<&Path>) -> bool {
        if self.nodes.get(&id).is_some_and(|n| n.has) || self.unparsable.contains_key(&id) {
            return false; // seen already (loose and packed, or in two packs)
        }
        if let Some(failure) = parse_failure(kind, data) {
            self.node(id).kind = Some(kind);
            self.unparsable.insert(id, failure.clone());
            let path = path.map(Path::to_path_buf);
            self.error(
                ErrorClass::Object,
                Finding::Unparsable { id, failure, path },
            );
            return true;
        }
        if kind == Kind::Tree {
            if let Some(cause) = tree_walk_error(data) {
                self.error(ErrorClass::Object, Finding::BrokenLinks { id, cause });
            }
        }
        let mut problems = Vec::new();
        let mut failed = false;
        if !self.options.skip.contains(&id) {
            let mut on_problem = |p: &Problem| {
                problems.push(p.clone());
                p.severity != super::checks::Severity::Warn
            };
            failed = check_object(kind, data, &self.options.checks, &mut on_problem).failed;
        }
        for problem in problems {
            self.push(Finding::Object { id, kind, problem });
        }
        let l = links(kind, data);
        for link in &l {
            let n = self.node(link.id);
            n.used = true;
            if n.kind.is_none() {
                n.kind = link.kind;
            }
        }
        let n = self.node(id);
        n.has = true;
        n.kind = Some(kind);
        if failed {
            return true;
        }
        if kind == Kind::Commit
            && self.options.root
            && !data
                .lines()
                .nth(1)
                .is_some_and(|l| l.starts_with(b"parent "))
        {
            self.push(Finding::Root { id });
        }
        if kind == Kind::Tag && self.options.tags {
            if let Some(link) = l.first() {
                let name = BString::from(tag_name(data).unwrap_or_default());
                self.push(Finding::Tagged {
                    tag: id,
                    name,
                    target: link.id,
                    target_kind: self.nodes.get(&link.id).and_then(|n| n.kind),
                });
            }
        }
        false
    }
}

/// The ids of an `fsck.skipList` file: one per line, `#` starts a comment, blanks around are
/// ignored; the first line that is no id is the error.
pub fn parse_skip_list(bytes: &[u8]) -> std::result::Result<HashSet<ObjectId>, BString> {
    let mut set = HashSet::new();
    for line in bytes.lines() {
        let line = line.split(|&b| b == b'#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let id = ObjectId::from_hex(line).map_err(|_| BString::from(line))?;
        set.insert(id);
    }
    Ok(set)
}

/// Checks the repository as `git fsck` does (see the module docs for the order).
///
/// ```
/// use gitstore::fsck::{fsck, Finding, FsckOptions};
/// use gitstore::{Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &Default::default())?;
/// let lost = repo.odb().write(Kind::Blob, b"nobody points here\n")?;
/// let report = fsck(&repo, &FsckOptions::new())?;
/// assert!(report.findings.iter().any(|f| matches!(f, Finding::Dangling { id, .. } if *id == lost)));
/// assert_eq!(report.exit_code(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fsck(repo: &Repository, options: &FsckOptions) -> Result<Report> {
    fsck_with_progress(repo, options, &NoProgress)
}

/// [`fsck`], telling `progress` how far it has come.
pub fn fsck_with_progress(
    repo: &Repository,
    options: &FsckOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let mut state = State {
        repo,
        progress,
        options,
        nodes: HashMap::new(),
        report: Report::default(),
        created: 0,
        unparsable: HashMap::new(),
    };
    objects(&mut state)?;
    if connect::roots(&mut state)? {
        connect::connectivity(&mut state);
    }
    Ok(state.report)
}

/// Whether a loose file can be read without blocking: a regular file.
fn regular(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
        || std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

fn objects(state: &mut State<'_>) -> Result<()> {
    let repo = state.repo;
    let odb = repo.odb();
    let mut loose_files = Vec::new();
    if let Some(loose) = odb.loose() {
        loose.for_each_file(|id, entry| {
            loose_files.push((id, entry.path()));
            Ok::<_, crate::Error>(())
        })?;
    }
    let limits = *odb.limits();
    if state.options.connectivity_only {
        for (id, path) in loose_files {
            match id {
                Some(id) if regular(&path) => state.node(id).has = true,
                _ => {}
            }
        }
        for pack in odb.packs() {
            for id in pack.ids() {
                state.node(id).has = true;
            }
        }
        return Ok(());
    }
    // Read and hash loose files on every core, a batch at a time so that memory stays
    // bounded; judge them in directory order.
    let threads = state.options.threads.max(1);
    for batch in loose_files.chunks(LOOSE_BATCH * threads) {
        let chunk = batch.len().div_ceil(threads).max(1);
        let read: Vec<LooseRead> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .map(|part| {
                    let limits = &limits;
                    s.spawn(move || {
                        part.iter()
                            .map(|(id, path)| read_loose(*id, path, limits))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (read, (_, path)) in read.into_iter().zip(batch) {
            judge_loose(state, read, path.clone());
        }
        if let Some(fanout) = batch.last().and_then(|(_, p)| fanout_of(p)) {
            state
                .progress
                .update(Phase::ObjectDirectories, fanout + 1, 256);
        }
    }
    state.progress.update(Phase::ObjectDirectories, 256, 256);
    state.progress.finish(Phase::ObjectDirectories);
    let packs = odb.packs();
    let total: u64 = packs.iter().map(|p| p.len() as u64).sum();
    let mut base = 0u64;
    for pack in &packs {
        let count = pack.len() as u64;
        // git shows the count after each object at a multiple of 1024 and at the pack's end
        let mut shown = Shown {
            base,
            count,
            next: 0,
            total,
        };
        let idx = pack.index().path().to_path_buf();
        let check = check_pack(&idx, limits);
        if let Some(error) = check.error {
            state.error(ErrorClass::Pack, Finding::Pack { idx, error });
            // what can still be read counts as present
            let mut data = Vec::new();
            for id in pack.ids() {
                if let Ok(Some(kind)) = odb.try_read(&id, &mut data) {
                    state.check(id, kind, &data, None);
                }
            }
            shown.end(state);
            base += count;
            continue;
        }
        let Some(verified) = check.report else {
            base += count;
            continue;
        };
        // blobs were hashed by the pack check and have nothing more to check; each other
        // object's content is checked in pack order, its position noted for the progress
        let mut ids = Vec::new();
        let mut positions = Vec::new();
        for (o, position) in verified.objects.iter().zip(0u64..) {
            if o.kind == Kind::Blob {
                let n = state.node(o.id);
                n.has = true;
                n.kind = Some(Kind::Blob);
            } else {
                ids.push(o.id);
                positions.push(position);
            }
        }
        let mut positions = positions.into_iter();
        let mut failed = false;
        odb.for_each_in_order(&ids, ReadMode::Full, threads, |id, item| {
            let position = positions.next().unwrap_or(count);
            shown.to(state, position);
            if let Some(item) = item {
                failed |= state.check(*id, item.kind, item.data, None);
            }
            shown.to(state, position + 1);
            Ok::<_, crate::Error>(())
        })?;
        shown.end(state);
        if failed {
            state.report.errors.insert(ErrorClass::Pack);
        }
        base += count;
    }
    if !packs.is_empty() {
        state.progress.finish(Phase::Objects);
    }
    Ok(())
}

/// Where git's `verify_packfile` shows the count of checked objects in one pack: after each
/// object whose position among all packs' objects is a multiple of 1024, and at the pack's end.
struct Shown {
    /// Objects in the packs before this one.
    base: u64,
    /// Objects in this pack.
    count: u64,
    /// The first position of this pack not yet checked.
    next: u64,
    /// Objects in every pack.
    total: u64,
}

impl Shown {
    /// The objects of this pack before position `end` are checked.
    fn to(&mut self, state: &State<'_>, end: u64) {
        let mut at = (self.base + self.next).next_multiple_of(1024);
        while at < self.base + end {
            state.progress.update(Phase::Objects, at, self.total);
            at += 1024;
        }
        self.next = self.next.max(end);
    }

    /// Every object of this pack is checked.
    fn end(mut self, state: &State<'_>) {
        self.to(state, self.count);
        let done = self.base + self.count;
        state.progress.update(Phase::Objects, done, self.total);
    }
}

/// The fan-out byte of a loose file's directory (`objects/ab/…` → `0xab`).
fn fanout_of(path: &Path) -> Option<u64> {
    let dir = path.parent()?.file_name()?.to_str()?;
    u64::from_str_radix(dir, 16).ok().filter(|b| *b < 256)
}

/// Loose files read per thread before they are judged.
const LOOSE_BATCH: usize = 512;

fn judge_loose(state: &mut State<'_>, read: LooseRead, path: PathBuf) {
    match read {
        LooseRead::Ok { id, kind, data } => {
            if state.check(id, kind, &data, Some(&path)) {
                state.report.errors.insert(ErrorClass::Object);
            }
        }
        LooseRead::Garbage => state.push(Finding::Garbage { path }),
        LooseRead::Temp => {}
        LooseRead::NotAFile => state.error(ErrorClass::Object, Finding::NotAFile { path }),
        LooseRead::Corrupt { id, damage } => state.error(
            ErrorClass::Object,
            Finding::CorruptLoose { id, path, damage },
        ),
        LooseRead::Mismatch { actual } => state.error(
            ErrorClass::Object,
            Finding::HashPathMismatch { actual, path },
        ),
    }
}

enum LooseRead {
    Ok {
        id: ObjectId,
        kind: Kind,
        data: Vec<u8>,
    },
    Garbage,
    Temp,
    NotAFile,
    Corrupt {
        id: ObjectId,
        damage: Option<LooseErrorKind>,
    },
    Mismatch {
        actual: ObjectId,
    },
}

fn read_loose(id: Option<ObjectId>, path: &Path, limits: &crate::Limits) -> LooseRead {
    let Some(id) = id else {
        let temp = path
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"tmp_obj_"));
        return if temp {
            LooseRead::Temp
        } else {
            LooseRead::Garbage
        };
    };
    if !regular(path) {
        return LooseRead::NotAFile;
    }
    let Ok(bytes) = crate::file::read(path) else {
        return LooseRead::Corrupt { id, damage: None };
    };
    let mut data = Vec::new();
    let kind = match inflate_object(&bytes, &mut data, limits) {
        Ok(kind) => kind,
        Err(damage) => {
            let damage = Some(damage);
            return LooseRead::Corrupt { id, damage };
        }
    };
    match crate::hash::hash_object(kind, &data) {
        Ok(actual) if actual == id => {
            // a blob has nothing more to check: do not keep it
            let data = if kind == Kind::Blob { Vec::new() } else { data };
            LooseRead::Ok { id, kind, data }
        }
        Ok(actual) => LooseRead::Mismatch { actual },
        Err(_) => LooseRead::Corrupt { id, damage: None },
    }
}
