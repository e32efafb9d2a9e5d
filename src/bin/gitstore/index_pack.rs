//! `gitstore index-pack [-v] [-o <idx>] [--stdin [--fix-thin]] [--strict] [--keep[=<msg>]]
//! [--verify] [--index-version=<v>[,<offset>]] [--threads=<n>] [<pack>]`
//!
//! git's words for every refusal are made here from the library's typed errors.

use crate::progress::ProgressLine;
use crate::{stdout, CliError, CliResult, Context};
use gitstore::fsck;
use gitstore::pack::write_index::IndexVersion;
use gitstore::pack::{PackError, PackErrorKind};
use gitstore::receive::{
    index_pack_file, index_pack_stream, verify_pack_index, IndexPackOptions, Progress, StrictError,
};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// Arguments of `index-pack`.
#[derive(clap::Args)]
#[command(args_override_self = true)]
pub struct Args {
    /// Report progress on stderr.
    #[arg(short)]
    verbose: bool,
    /// Write the index to this file.
    #[arg(short = 'o', value_name = "IDX")]
    output: Option<PathBuf>,
    /// Read the pack from stdin and store it in the repository.
    #[arg(long)]
    stdin: bool,
    /// Complete a thin pack with bases from the repository.
    #[arg(long = "fix-thin")]
    fix_thin: bool,
    /// Run the fsck checks on every object.
    #[arg(long)]
    strict: bool,
    /// Write a .keep file (holding the message, if given).
    #[arg(long, value_name = "MSG", num_args = 0..=1, require_equals = true,
          default_missing_value = "")]
    keep: Option<String>,
    /// Check the pack against its existing index instead of writing one.
    #[arg(long)]
    verify: bool,
    /// The index version to write: 1, or 2 with an optional largest 32-bit offset.
    #[arg(long = "index-version", value_name = "VERSION[,OFFSET]")]
    index_version: Option<String>,
    /// The title of the first progress line (instead of `Receiving objects` or `Indexing
    /// objects`).
    #[arg(long = "progress-title", value_name = "TITLE")]
    progress_title: Option<String>,
    /// Threads resolving deltas (0: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// The pack file.
    #[arg(value_name = "PACK")]
    pack: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    if args.fix_thin && !args.stdin {
        return Err(CliError::Fatal(
            "the option '--fix-thin' requires '--stdin'".into(),
        ));
    }
    let mut options = IndexPackOptions {
        threads: args.threads.unwrap_or(0),
        fix_thin: args.fix_thin,
        keep: args.keep.clone().map(Into::into),
        strict: args.strict.then(fsck::Options::strict),
        ..IndexPackOptions::default()
    };
    if let Some(v) = &args.index_version {
        options.index_version = parse_index_version(v)
            .ok_or_else(|| CliError::Fatal(format!("bad index version '{v}'")))?;
    }
    let first = match &args.progress_title {
        Some(title) => title.clone(),
        None if args.stdin => "Receiving objects".into(),
        None => "Indexing objects".into(),
    };
    let meter = Meter::new(
        args.verbose,
        first,
        args.stdin.then_some(Counted::INDEX_PACK),
    );
    let report = |p: Progress| meter.show(p);
    let mut out = stdout();
    if args.stdin {
        if args.pack.is_some() {
            return Err(CliError::Fatal(
                "index-pack --stdin with a pack file name is not supported".into(),
            ));
        }
        let repo = ctx
            .repo()
            .map_err(|_| CliError::Fatal("--stdin requires a git repository".into()))?;
        options.limits = *repo.odb().limits();
        let pack_dir = repo.odb().objects_dir().join("pack");
        let done = index_pack_stream(
            &mut std::io::stdin().lock(),
            &pack_dir,
            Some(repo.odb()),
            &options,
            &report,
        )
        .map_err(fatal)?;
        meter.done_with_local(done.appended);
        let word = if options.keep.is_some() {
            "keep"
        } else {
            "pack"
        };
        writeln!(out, "{word}\t{}", done.name())?;
        return crate::finish(out);
    }
    let Some(pack) = args.pack.as_deref() else {
        return Err(CliError::UsageText(USAGE));
    };
    if !pack.as_os_str().as_encoded_bytes().ends_with(b".pack") {
        return Err(CliError::Fatal(format!(
            "packfile name '{}' does not end with '.pack'",
            pack.display()
        )));
    }
    let index = match &args.output {
        Some(idx) if !idx.as_os_str().as_encoded_bytes().ends_with(b".idx") => {
            return Err(CliError::Fatal(format!(
                "packfile name '{}' does not end with '.idx'",
                idx.display()
            )))
        }
        Some(idx) => idx.clone(),
        None => pack.with_extension("idx"),
    };
    // outside a repository, git indexes a pack on its own
    let repo = ctx.repo().ok();
    let odb = repo
        .as_ref()
        .map(|r| r.odb() as &dyn gitstore::odb::ObjectStore);
    if args.verify {
        verify_pack_index(pack, &index, odb, &options, &report).map_err(fatal)?;
        meter.done();
        return crate::finish(out);
    }
    let done = index_pack_file(pack, &index, odb, &options, &report).map_err(fatal)?;
    meter.done();
    writeln!(out, "{}", done.name())?;
    crate::finish(out)
}

const USAGE: &str = "usage: git index-pack [-v] [-o <index-file>] [--keep | --keep=<msg>] [--[no-]rev-index] [--verify] [--strict[=<msg-id>=<severity>...]] [--fsck-objects[=<msg-id>=<severity>...]] (<pack-file> | --stdin [--fix-thin] [<pack-file>])\n";

/// `<version>[,<offset>]`, the offset in C's `strtoul` base 0 (`0x…`, `0…` octal, decimal).
fn parse_index_version(s: &str) -> Option<IndexVersion> {
    let (version, offset) = match s.split_once(',') {
        Some((v, o)) => (v, Some(o)),
        None => (s, None),
    };
    let version: u32 = version.parse().ok()?;
    if version > 2 {
        return None;
    }
    let mut out = IndexVersion {
        version,
        ..IndexVersion::default()
    };
    if let Some(o) = offset {
        let limit = if let Some(hex) = o.strip_prefix("0x").or_else(|| o.strip_prefix("0X")) {
            u32::from_str_radix(hex, 16).ok()?
        } else if o.len() > 1 && o.starts_with('0') {
            u32::from_str_radix(&o[1..], 8).ok()?
        } else {
            o.parse().ok()?
        };
        if limit & 0x8000_0000 != 0 {
            return None;
        }
        out.off32_limit = limit;
    }
    Some(out)
}

/// git's words for why a pack was refused.
pub fn fatal(e: gitstore::Error) -> CliError {
    match e {
        gitstore::Error::Pack(p) => CliError::Fatal(pack_words(&p)),
        gitstore::Error::Strict(StrictError::Fsck { id, problems }) => CliError::FatalAfter(
            fsck_lines(&id, &problems),
            "fsck error in packed object".into(),
        ),
        gitstore::Error::Strict(StrictError::MissingLink { id }) => {
            CliError::Fatal(format!("did not receive expected object {id}"))
        }
        other => other.into(),
    }
}

/// `error: object <id>: <msgId>: <text>` for each problem, as git's fsck callback prints them.
pub fn fsck_lines(id: &gitstore::ObjectId, problems: &[fsck::Problem]) -> String {
    let mut s = String::new();
    for p in problems {
        let level = if p.severity == fsck::Severity::Error {
            "error"
        } else {
            "warning"
        };
        s.push_str(&format!("{level}: object {id}: {p}\n"));
    }
    s
}

fn pack_words(p: &PackError) -> String {
    let at = p.offset.unwrap_or(0);
    match &p.kind {
        PackErrorKind::EarlyEof => "early EOF".into(),
        PackErrorKind::ChecksumMismatch { .. } => "pack is corrupted (SHA1 mismatch)".into(),
        PackErrorKind::BadMagic => "pack signature mismatch".into(),
        PackErrorKind::BadVersion(v) => format!("pack version {v} unsupported"),
        PackErrorKind::BadEntryType(t) => {
            format!("pack has bad object at offset {at}: unknown object type {t}")
        }
        PackErrorKind::BadEntryData(_) => {
            format!("pack has bad object at offset {at}: inflate returned -3")
        }
        PackErrorKind::UnresolvedDeltas { count: 1 } => "pack has 1 unresolved delta".into(),
        PackErrorKind::UnresolvedDeltas { count } => {
            format!("pack has {count} unresolved deltas")
        }
        PackErrorKind::IndexWrite(gitstore::pack::write_index::IndexWriteError::Duplicate(id)) => {
            format!("The same object {id} appears twice in the pack")
        }
        PackErrorKind::IndexMismatch { index_path } => {
            format!("sha1 file '{}' validation error", index_path.display())
        }
        PackErrorKind::JunkAtEnd => "pack has junk at the end".into(),
        PackErrorKind::BadDelta(_) => "failed to apply delta".into(),
        _ => p.to_string(),
    }
}

/// git's progress for reading a pack: the reading line (`Receiving objects`, with bytes and
/// rate when the pack comes from stdin), then `Resolving deltas` when the pack has deltas.
pub struct Meter {
    on: bool,
    first: String,
    throughput: Option<Counted>,
    line: Mutex<Option<ProgressLine>>,
    bytes: std::sync::atomic::AtomicU64,
}

/// How git counts the bytes of a pack it reads.
#[derive(Clone, Copy)]
pub struct Counted {
    /// Bytes counted beyond the entries (`index-pack` counts the trailer it reads).
    pub trailer: u64,
    /// No bytes are shown for a pack of at most this many bytes (`index-pack` counts only
    /// after its first 4096-byte read, which may hold the whole pack).
    pub first_read: u64,
}

impl Counted {
    /// `index-pack --stdin`.
    pub const INDEX_PACK: Counted = Counted {
        trailer: 20,
        first_read: 4096,
    };
    /// `unpack-objects`.
    pub const UNPACK: Counted = Counted {
        trailer: 0,
        first_read: 0,
    };
}

/// Ends the reading line, with the bytes git would have counted.
fn end_reading(line: &mut ProgressLine, bytes: u64, counted: Option<Counted>, message: &str) {
    if let Some(c) = counted {
        let read = bytes + c.trailer;
        line.set_bytes(read);
        if read <= c.first_read {
            line.without_throughput();
        }
    }
    line.finish(message);
}

impl Meter {
    /// A meter that shows `first` (the reading phase) when `on`, with the bytes read when
    /// `throughput`.
    pub fn new(on: bool, first: impl Into<String>, throughput: Option<Counted>) -> Meter {
        Meter {
            on,
            first: first.into(),
            throughput,
            line: Mutex::new(None),
            bytes: Default::default(),
        }
    }

    /// Whether progress goes to stderr by default: only to a terminal.
    pub fn stderr_is_terminal() -> bool {
        std::io::stderr().is_terminal()
    }

    /// Shows `p` when its percentage changed.
    pub fn show(&self, p: Progress) {
        if !self.on {
            return;
        }
        let Ok(mut line) = self.line.lock() else {
            return;
        };
        match p {
            Progress::Receiving { done, total, bytes } => {
                let current = line.get_or_insert_with(|| {
                    let l = ProgressLine::new(self.first.clone(), u64::from(total));
                    if self.throughput.is_some() {
                        l.with_throughput()
                    } else {
                        l
                    }
                });
                self.bytes
                    .store(bytes, std::sync::atomic::Ordering::Relaxed);
                current.update(u64::from(done));
            }
            Progress::Resolving { done, total } if total > 0 => {
                if line
                    .as_ref()
                    .is_some_and(|l| l.title() != "Resolving deltas")
                {
                    if let Some(mut reading) = line.take() {
                        end_reading(&mut reading, self.bytes(), self.throughput, "done");
                    }
                }
                line.get_or_insert_with(|| ProgressLine::new("Resolving deltas", total))
                    .update(done);
            }
            _ => {}
        }
    }

    /// Ends the current line with `, done.`.
    pub fn done(&self) {
        self.done_with_local(0);
    }

    /// Ends the current line, with `completed with N local objects` when `--fix-thin`
    /// appended bases.
    pub fn done_with_local(&self, appended: usize) {
        let Ok(mut line) = self.line.lock() else {
            return;
        };
        if let Some(mut last) = line.take() {
            let message = match appended {
                0 => "done".to_string(),
                1 => "completed with 1 local object".to_string(),
                n => format!("completed with {n} local objects"),
            };
            if last.title() == "Resolving deltas" {
                last.finish(&message);
            } else {
                end_reading(&mut last, self.bytes(), self.throughput, &message);
            }
        }
    }

    fn bytes(&self) -> u64 {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }
}
