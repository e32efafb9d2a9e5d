//! `gitstore ls-tree [-d] [-r] [-t] [-l] [-z] [--name-only | --name-status | --object-only]
//! [--format=FORMAT] [--json] [--abbrev[=N]] [--full-name] [--full-tree] TREE-ISH [PATH...]`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::ls_tree::{Entry, Format, FormatError, Listing, Selection};
use gitstore::object::tree::write_c_quoted;
use gitstore::pathspec::{relative_to, Pathspec};
use gitstore::revision::Hint;
use gitstore::walk::{walk_tree, Visit, WalkEntry};
use gitstore::{Kind, Repository};
use std::io::Write;

/// Arguments of `ls-tree`.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
pub struct Args {
    /// Show only the named tree entries themselves, not their children.
    #[arg(short = 'd')]
    trees_only: bool,
    /// Recurse into subtrees.
    #[arg(short = 'r')]
    recursive: bool,
    /// Show tree entries even when recursing into them.
    #[arg(short = 't')]
    show_trees: bool,
    /// Show object sizes of blob entries.
    #[arg(short = 'l', long = "long")]
    long: bool,
    /// Terminate entries with NUL and do not quote names.
    #[arg(short = 'z')]
    nul: bool,
    /// List only names.
    #[arg(long = "name-only", alias = "name-status")]
    name_only: bool,
    /// List only object ids.
    #[arg(long = "object-only")]
    object_only: bool,
    /// Abbreviate object ids (to N hex digits at least).
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true, default_missing_value = "-1")]
    abbrev: Option<i64>,
    /// Show full paths from the top of the work tree.
    #[arg(long = "full-name")]
    full_name: bool,
    /// List the whole tree whatever the current directory (implies --full-name).
    #[arg(long = "full-tree")]
    full_tree: bool,
    /// Print each entry with this format (`%(objectmode)`, `%(objecttype)`, `%(objectname)`,
    /// `%(objectsize)`, `%(objectsize:padded)`, `%(path)`, `%%`, `%n`, `%xNN`).
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Print the entries as JSON (schema `gitstore.ls-tree/1`, see `gitstore::ls_tree`).
    #[arg(long, conflicts_with_all = ["format", "name_only", "object_only", "long"])]
    json: bool,
    /// The tree, commit or tag to list.
    tree_ish: String,
    /// Paths to list (literal; a trailing `/` lists a directory's content).
    paths: Vec<String>,
}

/// How each entry is printed.
enum Style {
    /// git's own lines: plain, `--long`, `--name-only`, `--object-only`.
    Builtin,
    /// `--format` (parsed, or why git will refuse it at the first entry).
    Format(Result<Format, FormatError>),
    /// Collected for `--json`.
    Json(Vec<Entry>),
}

/// `--format`: git takes the fast path of the mode a format spells exactly (whose names are
/// not quoted under `-z`), and the general expansion otherwise.
fn style(args: &mut Args) -> Style {
    if args.json {
        return Style::Json(Vec::new());
    }
    let Some(format) = args.format.take() else {
        return Style::Builtin;
    };
    match format.as_str() {
        gitstore::ls_tree::DEFAULT_FORMAT => {}
        gitstore::ls_tree::LONG_FORMAT => args.long = true,
        gitstore::ls_tree::NAME_ONLY_FORMAT => args.name_only = true,
        gitstore::ls_tree::OBJECT_ONLY_FORMAT => args.object_only = true,
        _ => return Style::Format(Format::parse(format.as_bytes())),
    }
    Style::Builtin
}

pub fn run(mut args: Args, ctx: &Context) -> CliResult {
    check_cmdmodes()?;
    if args.format.is_some() && (args.name_only || args.object_only || args.long) {
        eprintln!("fatal: --format can't be combined with other format-altering options\n");
        return Err(CliError::Exit(129));
    }
    let mut style = style(&mut args);
    let repo = ctx.repo()?;
    let not_valid = || CliError::Fatal(format!("Not a valid object name {}", args.tree_ish));
    let id = match crate::revarg::lookup(&repo, args.tree_ish.as_bytes(), Hint::Any) {
        Ok(Some(id)) => id,
        Err(gitstore::Error::Revision(e)) if e.is_fatal() => {
            return Err(CliError::Fatal(crate::revarg::fatal_message(&e)))
        }
        _ => return Err(not_valid()),
    };
    if repo.odb().peel_to(&id, Kind::Tree)?.is_none() {
        return Err(CliError::Fatal("not a tree object".into()));
    }
    let prefix: Vec<u8> = if args.full_tree {
        Vec::new()
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| repo.prefix_of(&cwd))
            .map(|p| p.to_vec())
            .unwrap_or_default()
    };
    let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
    let specs = Pathspec::new(&args.paths, &prefix, top.as_deref()).map_err(|e| {
        let arg = e.arg;
        let top = e.top.map(|t| t.display().to_string()).unwrap_or_default();
        CliError::Fatal(format!("{arg}: '{arg}' is outside repository at '{top}'"))
    })?;
    let strip = if args.full_name || args.full_tree {
        Vec::new()
    } else {
        prefix
    };
    // git's --abbrev: no value is the repository's default length, 0 the full id
    let abbrev = match args.abbrev {
        Some(n) if n < 0 => Some(gitstore::revision::default_abbrev_len(&repo)),
        Some(0) | None => None,
        Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
    };
    let mut out = stdout();
    let mut failure = None;
    let selection = Selection {
        recursive: args.recursive,
        show_trees: args.show_trees,
        trees_only: args.trees_only,
    };
    walk_tree(repo.odb(), &id, |entry| {
        let Some(visit) = selection.visit(&specs, &entry.path, entry.mode) else {
            return Ok(Visit::Skip);
        };
        if visit.show {
            if let Err(e) = show_entry(&repo, &args, abbrev, &strip, entry, &mut style, &mut out) {
                failure = Some(e);
                return Err(gitstore::Error::Callback("output failed".into()));
            }
        }
        Ok(if visit.descend {
            Visit::Descend
        } else {
            Visit::Skip
        })
    })
    .map_err(|e| failure.take().unwrap_or_else(|| CliError::from(e)))?;
    if let Style::Json(entries) = style {
        let listing = Listing {
            schema: gitstore::ls_tree::SCHEMA,
            entries,
        };
        serde_json::to_writer_pretty(&mut out, &listing)
            .map_err(|e| CliError::Fatal(format!("cannot write JSON: {e}")))?;
        writeln!(out)?;
    }
    crate::finish(out)
}

/// git's words (`strbuf_expand_bad_format`) for a format it refuses.
fn bad_format(e: &FormatError) -> String {
    match e {
        FormatError::NoOpenParen { element } => {
            format!("bad ls-tree format: element '{element}' does not start with '('")
        }
        FormatError::NoCloseParen { element } => {
            format!("bad ls-tree format: element '{element}' does not end in ')'")
        }
        FormatError::UnknownAtom { atom } => format!("bad ls-tree format: %{atom}"),
        other => format!("bad ls-tree format: {other}"),
    }
}

/// One entry in the chosen style.
fn show_entry(
    repo: &Repository,
    args: &Args,
    abbrev: Option<usize>,
    strip: &[u8],
    entry: &WalkEntry,
    style: &mut Style,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let blob_size = |id| -> Result<Option<u64>, CliError> {
        if entry.mode.kind() != Kind::Blob {
            return Ok(None);
        }
        match repo.odb().read_header(id) {
            Ok(h) => Ok(Some(h.size)),
            Err(_) => Err(CliError::Fatal(format!(
                "could not get object info about '{id}'"
            ))),
        }
    };
    match style {
        Style::Builtin => print(repo, args, abbrev, strip, entry, out),
        Style::Format(Err(e)) => Err(CliError::Fatal(bad_format(e))),
        Style::Format(Ok(format)) => {
            let hex = match abbrev {
                Some(n) => gitstore::revision::abbreviate(repo, &entry.id, n)?,
                None => entry.id.to_hex(),
            };
            let size = if format.needs_size() {
                blob_size(&entry.id)?
            } else {
                None
            };
            let mut line = Vec::new();
            let path = relative_to(&entry.path, strip);
            format.write(&mut line, entry.mode, &hex, size, &path)?;
            line.push(if args.nul { b'\0' } else { b'\n' });
            out.write_all(&line)?;
            Ok(())
        }
        Style::Json(entries) => {
            entries.push(Entry {
                mode: entry.mode,
                id: entry.id,
                size: blob_size(&entry.id)?,
                path: relative_to(&entry.path, strip).into(),
            });
            Ok(())
        }
    }
}

/// ls-tree's output modes (one `OPT_CMDMODE` group): the first two given together are a
/// usage error.
fn check_cmdmodes() -> CliResult {
    let mut modes = crate::cmdmode::CmdMode::default();
    for opt in crate::cmdmode::options_of("ls-tree") {
        let mode = match opt.as_str() {
            "--name-only" => "name-only",
            "--name-status" => "name-status",
            "--object-only" => "object-only",
            "--long" | "-l" => "long",
            _ => continue,
        };
        modes.see(mode, &opt)?;
    }
    Ok(())
}

fn print(
    repo: &Repository,
    args: &Args,
    abbrev: Option<usize>,
    strip: &[u8],
    entry: &WalkEntry,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let term: &[u8] = if args.nul { b"\0" } else { b"\n" };
    let hex = match abbrev {
        Some(n) => gitstore::revision::abbreviate(repo, &entry.id, n)?,
        None => entry.id.to_hex(),
    };
    if args.object_only {
        out.write_all(hex.as_bytes())?;
        out.write_all(term)?;
        return Ok(());
    }
    if !args.name_only {
        let kind = entry.mode.kind();
        out.write_all(&entry.mode.to_pretty())?;
        write!(out, " {} {hex}", kind.as_str())?;
        if args.long {
            if kind == Kind::Blob {
                match repo.odb().read_header(&entry.id) {
                    Ok(h) => write!(out, " {:>7}", h.size)?,
                    Err(_) => write!(out, " {:>7}", "BAD")?,
                }
            } else {
                write!(out, " {:>7}", "-")?;
            }
        }
        out.write_all(b"\t")?;
    }
    let name = relative_to(&entry.path, strip);
    if args.nul {
        out.write_all(&name)?;
    } else {
        write_c_quoted(&name, out)?;
    }
    out.write_all(term)?;
    Ok(())
}
