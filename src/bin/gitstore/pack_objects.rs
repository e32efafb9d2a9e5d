//! `gitstore pack-objects [--stdout | <base-name>] [options] < <object-list>`
//!
//! Reads git's object list on stdin (see `gitstore::pack_write::input`), writes the pack with
//! the library's `PackWriter`, and prints what git prints: the pack's name for a base name,
//! progress and the `Total` line on stderr when it is a terminal (or with `--progress`).

use crate::progress::ProgressLine;
use crate::{stdout, CliError, CliResult, Context};
use gitstore::pack::write_index::IndexVersion;
use gitstore::pack_write::input::{
    parse_object_line, parse_revs_line, ObjectLine, ObjectLineError, RevsLine,
};
use gitstore::pack_write::{
    PackConfig, PackObject, PackOptions, PackWriter, Phase, Progress, MAX_DEPTH,
};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// git's usage text, printed for a missing or doubled destination.
const USAGE: &str = include_str!("usage/pack-objects.txt");

/// Arguments of `pack-objects`.
#[derive(clap::Args)]
#[command(args_override_self = true)]
pub struct Args {
    /// Write the pack to stdout.
    #[arg(long)]
    stdout: bool,
    /// Read revision arguments from stdin (not yet: needs the history walk).
    #[arg(long)]
    revs: bool,
    /// Include objects reachable from any ref (implies --revs).
    #[arg(long)]
    all: bool,
    /// Objects each delta candidate is compared with.
    #[arg(long, value_name = "n")]
    window: Option<usize>,
    /// Longest delta chain.
    #[arg(long, value_name = "n")]
    depth: Option<usize>,
    /// Threads for the delta search (0: one per core).
    #[arg(long, value_name = "n")]
    threads: Option<usize>,
    /// Do not copy deltas from existing packs.
    #[arg(long)]
    no_reuse_delta: bool,
    /// Do not copy anything from existing packs.
    #[arg(long)]
    no_reuse_object: bool,
    /// Use OFS_DELTA entries.
    #[arg(long)]
    delta_base_offset: bool,
    /// Allow deltas against edge objects, which are not written.
    #[arg(long)]
    thin: bool,
    /// The .idx version, and for 2 the offset above which the 64-bit table is used.
    #[arg(long, value_name = "version[,offset]")]
    index_version: Option<String>,
    /// zlib level of new entries.
    #[arg(long, value_name = "n")]
    compression: Option<u32>,
    /// Show no progress.
    #[arg(short, long, overrides_with_all = ["progress", "all_progress", "no_progress"])]
    quiet: bool,
    /// Show progress even when stderr is not a terminal.
    #[arg(long, overrides_with_all = ["quiet", "all_progress", "no_progress"])]
    progress: bool,
    /// Show no progress.
    #[arg(long, overrides_with_all = ["quiet", "progress", "all_progress"])]
    no_progress: bool,
    /// Show progress, `Writing objects` too with --stdout.
    #[arg(long, overrides_with_all = ["quiet", "progress", "no_progress"])]
    all_progress: bool,
    /// With progress shown, show it as --all-progress does.
    #[arg(long)]
    all_progress_implied: bool,
    /// Where to write `<base-name>-<hash>.pack`, `.idx` and `.rev`.
    #[arg(value_name = "base-name")]
    base_name: Option<PathBuf>,
}

/// git's `--index-version=<version>[,<offset>]`.
fn index_version(arg: &str) -> Result<IndexVersion, CliError> {
    let digits = arg.bytes().take_while(u8::is_ascii_digit).count();
    let version: u32 = arg[..digits].parse().unwrap_or(0);
    if version > 2 || digits == 0 && !arg.is_empty() && !arg.starts_with(',') {
        return Err(CliError::Fatal(format!("unsupported index version {arg}")));
    }
    let bad = || CliError::Fatal(format!("bad index version '{arg}'"));
    let mut v = IndexVersion {
        version: version.max(1),
        ..IndexVersion::default()
    };
    let rest = &arg[digits..];
    if let Some(offset) = rest.strip_prefix(',').filter(|o| !o.is_empty()) {
        let parsed = match offset
            .strip_prefix("0x")
            .or_else(|| offset.strip_prefix("0X"))
        {
            Some(hex) => u32::from_str_radix(hex, 16),
            None if offset.len() > 1 && offset.starts_with('0') => {
                u32::from_str_radix(&offset[1..], 8)
            }
            None => offset.parse(),
        };
        v.off32_limit = parsed.map_err(|_| bad())?;
        if v.off32_limit & 0x8000_0000 != 0 {
            return Err(bad());
        }
    } else if !rest.is_empty() && rest != "," {
        return Err(bad());
    }
    Ok(v)
}

/// git's progress on stderr, one [`ProgressLine`] a phase; `Writing objects` and the thread
/// count only when `writing` (git's `progress > pack_to_stdout`).
pub(crate) struct Meter {
    line: Mutex<Option<(Phase, ProgressLine)>>,
    writing: bool,
    /// Said before the compressing phase when more than one.
    threads: usize,
    /// Bytes written to stdout so far, shown with `Writing objects` (git's throughput).
    written: Option<Arc<AtomicU64>>,
}

/// Stdout, counting the bytes that pass.
struct Counting<W> {
    inner: W,
    count: Arc<AtomicU64>,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn title(phase: Phase) -> &'static str {
    match phase {
        Phase::Enumerating => "Enumerating objects",
        Phase::Counting => "Counting objects",
        Phase::Compressing => "Compressing objects",
        Phase::Writing => "Writing objects",
    }
}

impl Meter {
    /// The line of `phase`, started (and the previous one ended) when it is new; `None` when
    /// `phase` is not shown.
    fn line<'a>(
        &self,
        current: &'a mut Option<(Phase, ProgressLine)>,
        phase: Phase,
        total: u64,
    ) -> Option<&'a mut ProgressLine> {
        if (phase == Phase::Writing && !self.writing) || (total == 0 && phase != Phase::Enumerating)
        {
            return None;
        }
        if current.as_ref().map(|c| c.0) != Some(phase) {
            if let Some((_, mut old)) = current.take() {
                old.done();
            }
            if phase == Phase::Compressing && self.writing && self.threads > 1 {
                eprintln!("Delta compression using up to {} threads", self.threads);
            }
            let count_to = if phase == Phase::Enumerating {
                0
            } else {
                total
            };
            let mut line = ProgressLine::new(title(phase), count_to);
            if phase == Phase::Writing && self.written.is_some() {
                line = line.with_throughput();
            }
            *current = Some((phase, line));
        }
        current.as_mut().map(|c| &mut c.1)
    }
}

impl Progress for Meter {
    fn update(&self, phase: Phase, done: u64, total: u64) {
        let mut current = self.line.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(line) = self.line(&mut current, phase, total) {
            line.update(done);
        }
    }

    fn finish(&self, phase: Phase, total: u64) {
        let mut current = self.line.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(line) = self.line(&mut current, phase, total) {
            line.update(total);
            if phase == Phase::Writing && self.written.is_some() {
                return; // ended by `end`, once the trailer is counted too
            }
            line.done();
            *current = None;
        }
    }
}

impl Meter {
    /// The meter of a pack written to files with `threads` for the delta search (0: one per
    /// core), as `repack` shows it.
    pub(crate) fn for_files(threads: usize) -> Meter {
        Meter {
            line: Mutex::new(None),
            writing: true,
            threads: thread_count(threads),
            written: None,
        }
    }

    /// Ends the line still open (`Writing objects` to stdout, with every byte counted).
    fn end(&self) {
        let mut current = self.line.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, mut line)) = current.take() {
            if let Some(written) = &self.written {
                line.set_bytes(written.load(Ordering::Relaxed));
            }
            line.done();
        }
    }
}

/// Runs `pack-objects`.
pub fn run(args: Args, ctx: &Context) -> CliResult {
    if args.stdout == args.base_name.is_some() {
        return Err(CliError::UsageText(USAGE));
    }
    let repo = ctx.repo()?;
    let config = PackConfig::from_config(repo.config());
    let mut options = PackOptions::default();
    if let Some(w) = args.window.or(config.window) {
        options.window = w;
    }
    let mut depth = args.depth.or(config.depth).unwrap_or(options.depth);
    if depth > MAX_DEPTH {
        eprintln!("warning: delta chain depth {depth} is too deep, forcing {MAX_DEPTH}");
        depth = MAX_DEPTH;
    }
    options.depth = depth;
    if let Some(t) = args.threads.or(config.threads) {
        options.threads = t;
    }
    if let Some(level) = args.compression.or(config.compression) {
        options.compression = level.min(9);
    }
    options.reuse_object = !args.no_reuse_object;
    options.reuse_delta = !args.no_reuse_delta && !args.no_reuse_object;
    options.ofs_delta = args.delta_base_offset;
    if let Some(v) = &args.index_version {
        options.index_version = index_version(v)?;
    }
    // git's `progress`: 0 none, 1 without `Writing objects` to stdout, 2 with
    let mut level = if args.all_progress {
        2
    } else if args.progress {
        1
    } else if args.quiet || args.no_progress {
        0
    } else {
        u8::from(std::io::stderr().is_terminal())
    };
    if level > 0 && args.all_progress_implied {
        level = 2;
    }
    let show = level > 0;

    let (objects, edges, tags) = if args.revs || args.all {
        let listed = walk_objects(&repo, &args)?;
        if show {
            eprintln!("Enumerating objects: {}, done.", listed.objects.len());
        }
        (listed.objects, listed.bases, listed.tags)
    } else {
        let (objects, edges) = read_object_list(show)?;
        (objects, edges, Default::default())
    };
    options.thin = args.thin || !edges.is_empty();
    let threads = thread_count(options.threads);
    let meter = Meter {
        line: Mutex::new(None),
        writing: level > u8::from(args.stdout),
        threads,
        written: args.stdout.then(|| Arc::new(AtomicU64::new(0))),
    };
    let writer = PackWriter::new(repo.odb()).options(options).tagged(&tags);
    let writer = if show {
        writer.progress(&meter)
    } else {
        writer
    };
    let not_found = |e: gitstore::Error| match e {
        gitstore::Error::ObjectNotFound { id } => CliError::Fatal(format!("unable to read {id}")),
        other => other.into(),
    };
    let stats = if let Some(base) = &args.base_name {
        let written = writer
            .write_files(&objects, &edges, base)
            .map_err(not_found)?;
        let mut out = stdout();
        writeln!(out, "{}", written.summary.name())?;
        out.flush()?;
        written.summary.stats
    } else {
        let mut out = Counting {
            inner: stdout(),
            count: meter.written.clone().unwrap_or_default(),
        };
        let summary = writer
            .write_to(&objects, &edges, &mut out)
            .map_err(not_found)?;
        out.flush()?;
        meter.end();
        summary.stats
    };
    if show {
        eprintln!("{}", total_line(&stats));
    }
    Ok(())
}

/// The delta search's threads: `threads`, or one per core for 0.
fn thread_count(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// git's last progress line: `Total N (delta D), reused R (delta RD), pack-reused 0 (from 0)`.
pub(crate) fn total_line(stats: &gitstore::pack_write::PackStats) -> String {
    format!(
        "Total {} (delta {}), reused {} (delta {}), pack-reused 0 (from 0)",
        stats.total, stats.deltas, stats.reused, stats.reused_deltas
    )
}

/// `--revs` (revision arguments on stdin, one a line; `--not` flips the ones after it) and
/// `--all`: the objects the walk reaches.
fn walk_objects(
    repo: &gitstore::Repository,
    args: &Args,
) -> Result<gitstore::pack_write::revs::WalkObjects, CliError> {
    use gitstore::history::walk::{RefSelection, Walk, WalkOptions};
    let mut walk = Walk::new(repo, WalkOptions::default());
    if args.all {
        walk.push_refs(RefSelection::All, false)?;
    }
    if args.revs {
        let mut resolver = gitstore::revision::Resolver::new(repo);
        let mut hidden = false;
        for_each_stdin_line(|text, _| {
            match parse_revs_line(text) {
                RevsLine::Not => hidden = !hidden,
                RevsLine::Revision(text) => {
                    let found = walk
                        .push_revision(&mut resolver, text, hidden)
                        .map_err(crate::rev_list::walk_error)?;
                    if !found {
                        return Err(CliError::Fatal(format!(
                            "bad revision '{}'",
                            String::from_utf8_lossy(text)
                        )));
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
    }
    Ok(gitstore::pack_write::revs::objects_of_walk(
        repo, walk, args.thin,
    )?)
}

/// The objects and edge objects listed on stdin, with git's `Enumerating objects` count.
fn read_object_list(show: bool) -> Result<(Vec<PackObject>, Vec<PackObject>), CliError> {
    let mut objects = Vec::new();
    let mut edges = Vec::new();
    for_each_stdin_line(|text, line| {
        match parse_object_line(text) {
            Ok(ObjectLine::Object(o)) => objects.push(o),
            Ok(ObjectLine::Edge(id)) => edges.push(PackObject::new(id)),
            Err(e) => {
                let what = match e {
                    ObjectLineError::Edge => "expected edge object ID",
                    _ => "expected object ID",
                };
                return Err(CliError::Fatal(format!(
                    "{what}, got garbage:\n {}",
                    String::from_utf8_lossy(line)
                )));
            }
        }
        Ok(())
    })?;
    if show {
        eprintln!("Enumerating objects: {}, done.", objects.len());
    }
    Ok((objects, edges))
}

/// Calls `each` with every line of stdin, without and with its newline.
fn for_each_stdin_line(mut each: impl FnMut(&[u8], &[u8]) -> CliResult) -> CliResult {
    let mut stdin = std::io::stdin().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        if stdin.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        each(line.strip_suffix(b"\n").unwrap_or(&line), &line)?;
    }
}
