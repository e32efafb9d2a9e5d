//! `gitstore fsck [--strict] [--connectivity-only] [--unreachable] [--[no-]dangling] [--root]
//! [--tags] [--name-objects] [--[no-]progress] [<object>...]`
//!
//! The library ([`gitstore::fsck::fsck`]) finds; this file words the findings as git 2.47 does:
//! connectivity (`missing`, `dangling`, `broken link`, `root`, `tagged`) on stdout, complaints on
//! stderr, the exit code the sum of the classes of error found.

use crate::progress::ProgressLine;
use crate::{stdout, CliError, CliResult, Context};
use bstr::ByteSlice;
use gitstore::fsck::links::ParseFailure;
use gitstore::fsck::progress::{Phase, Progress};
use gitstore::fsck::{fsck_with_progress, Finding, FsckOptions, Report, Severity};
use gitstore::index_file::{IndexError, IndexWarning};
use gitstore::object::Kind;
use gitstore::pack::rev_index::{rev_index_path, RevIndexCheck, RevIndexLoadError};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::io::Write;
use std::time::Instant;

/// Arguments of `fsck`.
#[derive(clap::Args)]
#[command(args_override_self = true)]
pub struct Args {
    /// Warnings count as errors.
    #[arg(long)]
    strict: bool,
    /// Check only that every reachable object exists.
    #[arg(long)]
    connectivity_only: bool,
    /// Show every unreachable object.
    #[arg(long)]
    unreachable: bool,
    /// Show dangling objects (the default).
    #[arg(long, overrides_with = "no_dangling")]
    dangling: bool,
    /// Do not show dangling objects.
    #[arg(long)]
    no_dangling: bool,
    /// Show root commits.
    #[arg(long)]
    root: bool,
    /// Show tagged objects.
    #[arg(long)]
    tags: bool,
    /// Name objects by how they are reached.
    #[arg(long)]
    name_objects: bool,
    /// Take the index's objects as roots too when objects are named (always without).
    #[arg(long)]
    cache: bool,
    /// Accepted for git's sake.
    #[arg(long)]
    full: bool,
    /// Show progress (by default only on a terminal).
    #[arg(long, overrides_with = "no_progress")]
    progress: bool,
    /// Do not show progress.
    #[arg(long)]
    no_progress: bool,
    /// Start from these objects instead of refs, HEAD and reflogs.
    #[arg(value_name = "OBJECT")]
    objects: Vec<String>,
}

fn kind_name(kind: Option<Kind>) -> &'static str {
    kind.map_or("unknown", |k| k.as_str())
}

/// Runs `fsck`.
pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let mut options = FsckOptions::new();
    options.checks.strict = args.strict;
    options.checks.apply_config(repo.config())?;
    if let Some(path) = repo.config().get("fsck.skiplist") {
        let path = path.to_string();
        let bytes = std::fs::read(&path)
            .map_err(|_| CliError::Fatal(format!("could not open skip list: {path}")))?;
        options.skip = gitstore::fsck::run::parse_skip_list(&bytes)
            .map_err(|line| CliError::Fatal(format!("invalid object name: {line}")))?;
    }
    options.connectivity_only = args.connectivity_only;
    options.unreachable = args.unreachable;
    options.dangling = !args.no_dangling;
    options.root = args.root;
    options.tags = args.tags;
    options.name_objects = args.name_objects;
    options.cache = args.cache;
    let mut errors = 0;
    for arg in &args.objects {
        match gitstore::revision::resolve(&repo, arg) {
            Ok(id) => options.heads.push((id, arg.as_str().into())),
            Err(_) => {
                eprintln!("error: invalid parameter: expected sha1, got '{arg}'");
                errors |= 1;
            }
        }
    }
    // git: on a terminal unless told (`--[no-]progress`)
    let show = match (args.progress, args.no_progress) {
        (true, _) => true,
        (_, true) => false,
        _ => std::io::stderr().is_terminal(),
    };
    let shown = crate::shown_objects_dir(&repo, ctx);
    // git names the index and other worktrees' indexes beside the objects directory
    let shown_common = shown.strip_suffix("/objects").unwrap_or(".").to_string();
    options.shown_common_dir = Some(shown_common.clone().into());
    let path = |p: &std::path::Path| crate::shown_object_path(&repo, &shown, p);
    let index_path = |p: &std::path::Path| match p.strip_prefix(repo.common_dir()) {
        Ok(rest) => format!("{shown_common}/{}", rest.display()),
        _ => p.display().to_string(),
    };
    let live = Live {
        shown: show.then(|| Shown::new(&repo)),
        out: RefCell::new(stdout()),
        out_is_terminal: std::io::stdout().is_terminal(),
        paths: Paths {
            object: &path,
            index: &index_path,
        },
        stop: RefCell::new(None),
    };
    let report = fsck_with_progress(&repo, &options, &live)?;
    let Live { out, stop, .. } = live;
    match stop.into_inner() {
        Some(Stop::Fatal(message)) => return Err(CliError::Fatal(message)),
        Some(Stop::Io(e)) => return Err(e.into()),
        None => {}
    }
    crate::finish(out.into_inner())?;
    match report.exit_code() | errors {
        0 => Ok(()),
        code => Err(CliError::Exit(code as u8)),
    }
}

/// Why the output stopped before the check ended.
enum Stop {
    /// git dies with this message (an index it cannot read).
    Fatal(String),
    /// Writing failed.
    Io(std::io::Error),
}

/// Prints each finding as the library makes it, as git prints as it finds: between the progress
/// lines, when they are shown.
struct Live<'a> {
    shown: Option<Shown>,
    out: RefCell<std::io::BufWriter<std::io::StdoutLock<'static>>>,
    out_is_terminal: bool,
    paths: Paths<'a>,
    stop: RefCell<Option<Stop>>,
}

impl Live<'_> {
    fn print(&self, finding: &Finding, report: &Report) -> std::io::Result<()> {
        let mut out = self.out.borrow_mut();
        if finding.is_listing() {
            write_listing(&mut *out, report, finding)?;
            if self.out_is_terminal {
                out.flush()?; // git's stdout is line-buffered there
            }
            return Ok(());
        }
        if let Finding::BadIndex { path, error } = finding {
            // git dies reading the index: what came before stays, nothing follows
            out.flush()?;
            let path = (self.paths.index)(path);
            let fatal = match error {
                IndexError::TooSmall => format!("{path}: {error}"),
                e if e.is_followed_by_corrupt() => {
                    eprintln!("error: {e}");
                    "index file corrupt".into()
                }
                IndexError::Corrupt(_) => "index file corrupt".into(),
                e => e.to_string(),
            };
            *self.stop.borrow_mut() = Some(Stop::Fatal(fatal));
            return Ok(());
        }
        let mut err = Vec::new();
        write_complaint(&mut err, report, finding, &self.paths)?;
        if !err.is_empty() {
            // keep stderr and stdout in git's relative order when both go to one place
            out.flush()?;
            std::io::stderr().write_all(&err)?;
        }
        Ok(())
    }
}

impl Progress for Live<'_> {
    fn update(&self, phase: Phase, done: u64, total: u64) {
        if let Some(shown) = &self.shown {
            shown.update(phase, done, total);
        }
    }

    fn finish(&self, phase: Phase) {
        if let Some(shown) = &self.shown {
            shown.finish(phase);
        }
    }

    fn found(&self, finding: &Finding, report: &Report) {
        if self.stop.borrow().is_some() {
            return;
        }
        if let Err(e) = self.print(finding, report) {
            *self.stop.borrow_mut() = Some(Stop::Io(e));
        }
    }
}

fn write_listing(out: &mut dyn Write, report: &Report, finding: &Finding) -> std::io::Result<()> {
    let d = |id| report.describe(id);
    match finding {
        // git lists these while checking objects, before it names any
        Finding::Root { id } => writeln!(out, "root {id}"),
        Finding::Tagged {
            tag,
            name,
            target,
            target_kind,
        } => writeln!(
            out,
            "tagged {} {target} ({name}) in {tag}",
            kind_name(*target_kind)
        ),
        Finding::BrokenLink {
            from,
            from_kind,
            to,
            to_kind,
        } => writeln!(
            out,
            "broken link from {:>7} {}\n              to {:>7} {}",
            kind_name(*from_kind),
            d(from),
            kind_name(*to_kind),
            d(to)
        ),
        Finding::Missing { id, kind } => writeln!(out, "missing {} {}", kind_name(*kind), d(id)),
        Finding::Dangling { id, kind } => writeln!(out, "dangling {} {}", kind_name(*kind), d(id)),
        Finding::Unreachable { id, kind } => {
            writeln!(out, "unreachable {} {}", kind_name(*kind), d(id))
        }
        _ => Ok(()),
    }
}

/// How paths are shown: objects under the object directory as git names it, and the index.
struct Paths<'a> {
    object: &'a dyn Fn(&std::path::Path) -> String,
    index: &'a dyn Fn(&std::path::Path) -> String,
}

fn write_complaint(
    err: &mut Vec<u8>,
    report: &Report,
    finding: &Finding,
    paths: &Paths<'_>,
) -> std::io::Result<()> {
    let path = paths.object;
    match finding {
        Finding::Object { id, kind, problem } => {
            if let Some(cause) = problem.cause {
                writeln!(err, "error: {cause}")?;
            }
            let level = match problem.severity {
                Severity::Warn | Severity::Info => "warning",
                _ => "error",
            };
            // git checks objects before it names them
            write!(err, "{level} in {} {id}: ", kind.as_str())?;
            err.extend_from_slice(&problem.to_bstring());
            err.push(b'\n');
            Ok(())
        }
        Finding::Unparsable {
            id,
            failure,
            path: p,
        } => {
            write_parse_error(err, id, failure)?;
            match p {
                Some(p) => writeln!(err, "error: {id}: object could not be parsed: {}", path(p)),
                None => writeln!(err, "error: {id}: object corrupt or missing"),
            }
        }
        Finding::ParseError { id, failure } => write_parse_error(err, id, failure),
        Finding::BrokenLinks { id, cause } => {
            writeln!(err, "error: {cause}\nerror in tree {id}: broken links")
        }
        Finding::CorruptLoose {
            id,
            path: p,
            damage,
        } => {
            let p = path(p);
            use gitstore::loose::LooseErrorKind as K;
            match damage {
                Some(K::Empty) => writeln!(
                    err,
                    "error: object file {p} is empty\nerror: unable to mmap {p}: No such file or directory"
                )?,
                Some(K::InflateHeader { zlib }) => {
                    let why = zlib
                        .strip_prefix("deflate decompression error: ")
                        .map_or_else(|| zlib.clone(), |m| format!("data stream error ({m})"));
                    writeln!(err, "error: inflate: {why}\nerror: unable to unpack header of {p}")?
                }
                Some(K::Unterminated) => writeln!(err, "error: unable to unpack header of {p}")?,
                Some(K::Unparsable { .. }) => writeln!(err, "error: unable to parse header of {p}")?,
                Some(K::TrailingGarbage) => writeln!(
                    err,
                    "error: garbage at end of loose object '{id}'\n\
                     error: unable to unpack contents of {p}"
                )?,
                Some(K::Inflate { .. } | K::Truncated | K::BodyTooLong { .. }) => writeln!(
                    err,
                    "error: corrupt loose object '{id}'\nerror: unable to unpack contents of {p}"
                )?,
                _ => {}
            }
            writeln!(err, "error: {id}: object corrupt or missing: {p}")
        }
        Finding::HashPathMismatch { actual, path: p } => {
            writeln!(
                err,
                "error: {actual}: hash-path mismatch, found at: {}",
                path(p)
            )
        }
        Finding::Garbage { path: p } => writeln!(err, "bad sha1 file: {}", path(p)),
        Finding::NotAFile { path: p } => {
            writeln!(err, "error: {}: not a regular file", path(p))
        }
        Finding::Pack { idx, error } => {
            writeln!(err, "error: {}: {error}", crate::git_facing_path(idx))
        }
        Finding::RevIndex { pack, check } => write_rev_index(err, &path(pack), check),
        Finding::InvalidHead { head } => writeln!(err, "error: invalid {head}"),
        Finding::HeadStrange { head, target } => {
            writeln!(err, "error: {head} points to something strange ({target})")
        }
        Finding::HeadUnborn { head, branch } => {
            writeln!(err, "notice: {head} points to an unborn branch ({branch})")
        }
        Finding::InvalidRefPointer { name, id } => {
            writeln!(err, "error: {name}: invalid sha1 pointer {id}")
        }
        Finding::NotACommit { name } => writeln!(err, "error: {name}: not a commit"),
        Finding::InvalidReflogEntry { name, id } => {
            writeln!(err, "error: {name}: invalid reflog entry {id}")
        }
        Finding::NoDefaultReferences => writeln!(err, "notice: No default references"),
        Finding::HeadMissing { id } => writeln!(err, "error: {id}: object missing"),
        Finding::IndexWarning { warning, .. } => match warning {
            IndexWarning::IgnoredExtension(sig) => {
                writeln!(err, "ignoring {} extension", sig.as_bstr())
            }
            _ => writeln!(err, "error: Index records invalid resolve-undo information"),
        },
        Finding::IndexWrongKind { id, kind } => {
            writeln!(err, "error: object {id} is a {}, not a blob", kind.as_str())
        }
        Finding::InvalidCacheTreePointer { id, index } => writeln!(
            err,
            "error: {id}: invalid sha1 pointer in cache-tree of {}",
            (paths.index)(index)
        ),
        Finding::NonTreeInCacheTree { id, kind } => writeln!(
            err,
            "error in {} {}: non-tree in cache-tree",
            kind.as_str(),
            report.describe(id)
        ),
        Finding::InvalidResolveUndoPointer { id, index } => writeln!(
            err,
            "error: {id}: invalid sha1 pointer in resolve-undo of {}",
            (paths.index)(index)
        ),
        _ => Ok(()),
    }
}

/// What git's `check_pack_rev_indexes` says of a pack's `.rev`.
fn write_rev_index(err: &mut Vec<u8>, pack: &str, check: &RevIndexCheck) -> std::io::Result<()> {
    match check {
        RevIndexCheck::Unloadable(e) => {
            let rev = rev_index_path(pack.as_ref());
            let rev = rev.display();
            match e {
                RevIndexLoadError::TooSmall => {
                    writeln!(err, "error: reverse-index file {rev} is too small")?
                }
                RevIndexLoadError::WrongSize => {
                    writeln!(err, "error: reverse-index file {rev} is corrupt")?
                }
                RevIndexLoadError::UnknownSignature => {
                    writeln!(err, "error: reverse-index file {rev} has unknown signature")?
                }
                RevIndexLoadError::UnsupportedVersion(v) => writeln!(
                    err,
                    "error: reverse-index file {rev} has unsupported version {v}"
                )?,
                RevIndexLoadError::UnsupportedHashId(h) => writeln!(
                    err,
                    "error: reverse-index file {rev} has unsupported hash id {h}"
                )?,
                _ => {}
            }
            writeln!(err, "error: unable to load rev-index for pack '{pack}'")
        }
        RevIndexCheck::Damaged(damage) => {
            if damage.bad_checksum {
                writeln!(err, "error: invalid checksum")?;
            }
            for w in &damage.wrong_positions {
                writeln!(
                    err,
                    "error: invalid rev-index position at {}: {} != {}",
                    w.slot, w.expected, w.found
                )?;
            }
            writeln!(err, "error: invalid rev-index for pack '{pack}'")
        }
        _ => Ok(()),
    }
}

/// What git's object parser says as it refuses an object.
fn write_parse_error(
    err: &mut Vec<u8>,
    id: &gitstore::ObjectId,
    failure: &ParseFailure,
) -> std::io::Result<()> {
    match failure {
        ParseFailure::BogusCommit => writeln!(err, "error: bogus commit object {id}"),
        ParseFailure::BadTreePointer => writeln!(err, "error: bad tree pointer in commit {id}"),
        ParseFailure::BadParents => writeln!(err, "error: bad parents in commit {id}"),
        ParseFailure::UnknownTagType(t) => {
            writeln!(err, "error: unknown tag type '{t}' in {id}")
        }
        _ => Ok(()),
    }
}

/// git's progress lines for fsck on stderr: the object directories and the packs' objects
/// shown at once, connectivity only once it has taken `GIT_PROGRESS_DELAY` seconds (2 unless
/// set), as git's delayed progress.
struct Shown {
    delay: u64,
    lines: RefCell<Vec<(Phase, ProgressLine, Instant)>>,
}

impl Shown {
    fn new(repo: &gitstore::Repository) -> Shown {
        let delay = repo
            .env()
            .var("GIT_PROGRESS_DELAY")
            .and_then(|v| v.to_str()?.trim().parse().ok())
            .unwrap_or(2);
        Shown {
            delay,
            lines: RefCell::new(Vec::new()),
        }
    }

    fn title(phase: Phase) -> &'static str {
        match phase {
            Phase::ObjectDirectories => "Checking object directories",
            Phase::Objects => "Checking objects",
            Phase::ReverseIndexes => "Verifying reverse pack-indexes",
            _ => "Checking connectivity",
        }
    }

    /// Whether a line started `elapsed` seconds ago may show `done` of `total`: at once, or
    /// once delayed enough (at the end, git's last timer tick counts too). git's object
    /// directories line shows only its last value (its per-directory updates go nowhere).
    fn due(&self, phase: Phase, elapsed: u64, finishing: bool, (done, total): (u64, u64)) -> bool {
        match phase {
            Phase::ObjectDirectories => finishing || done == total,
            Phase::Objects => true,
            _ => elapsed + u64::from(finishing) >= self.delay,
        }
    }
}

impl Progress for Shown {
    fn update(&self, phase: Phase, done: u64, total: u64) {
        let mut lines = self.lines.borrow_mut();
        if !lines.iter().any(|(p, ..)| *p == phase) {
            let line = ProgressLine::new(Shown::title(phase), total);
            lines.push((phase, line, Instant::now()));
        }
        if let Some((_, line, start)) = lines.iter_mut().find(|(p, ..)| *p == phase) {
            if self.due(phase, start.elapsed().as_secs(), false, (done, total)) {
                line.update(done);
            } else {
                line.set_value(done);
            }
        }
    }

    fn finish(&self, phase: Phase) {
        let mut lines = self.lines.borrow_mut();
        if let Some((_, line, start)) = lines.iter_mut().find(|(p, ..)| *p == phase) {
            if self.due(phase, start.elapsed().as_secs(), true, (0, 0)) {
                line.done();
            }
        }
    }
}
