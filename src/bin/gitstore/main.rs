//! `gitstore`: git's plumbing commands on top of the gitstore library.
//!
//! This binary only parses arguments and formats output; everything it prints comes from the
//! library. Errors and exit codes follow git: `fatal: …` and 128 for failures, 129 for usage
//! errors, and a quiet exit when stdout is closed early (`gitstore cat-file … | head`).

#![forbid(unsafe_code)]

mod branch;
mod cat_file;
mod commit_tree;
mod count_objects;
mod explain;
mod for_each_ref;
mod hash_object;
mod init;
mod ls_tree;
mod mktag;
mod mktree;
mod rev_parse;
mod show_ref;
mod symbolic_ref;
mod tag;
mod update_ref;
mod verify_pack;

use clap::{Parser, Subcommand};
use gitstore::Repository;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A pure-Rust git object store; plumbing commands that behave like git's.
#[derive(Parser)]
#[command(name = "gitstore", version, about, max_term_width = 100)]
struct Cli {
    /// Run as if started in DIR (may be given several times, each relative to the previous).
    #[arg(short = 'C', value_name = "DIR", action = clap::ArgAction::Append)]
    chdir: Vec<PathBuf>,
    /// Use DIR as the repository's git directory.
    #[arg(long = "git-dir", value_name = "DIR")]
    git_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty repository or reinitialize an existing one.
    Init(init::Args),
    /// Compute object ids and optionally write objects from files or stdin.
    HashObject(hash_object::Args),
    /// Print an object's content, type or size.
    CatFile(cat_file::Args),
    /// Count loose objects and packs, and the disk space they use.
    CountObjects(count_objects::Args),
    /// Explain what an object is and how it is stored (for learners).
    Explain(explain::Args),
    /// List the contents of a tree object.
    LsTree(ls_tree::Args),
    /// Check packs and their indexes; describe every entry with -v.
    VerifyPack(verify_pack::Args),
    /// Build a tree object from ls-tree formatted lines on stdin.
    Mktree(mktree::Args),
    /// Check a tag object on stdin and write it.
    Mktag(mktag::Args),
    /// Create a commit object from a tree, parents and a message.
    CommitTree(commit_tree::Args),
    /// Pick out and massage revision names: ids, ranges, symbolic names.
    RevParse(rev_parse::Args),
    /// Read, modify and delete symbolic refs.
    SymbolicRef(symbolic_ref::Args),
    /// Update the object name stored in a ref safely.
    UpdateRef(update_ref::Args),
    /// List references in a local repository.
    ShowRef(show_ref::Args),
    /// Output information on each ref.
    ForEachRef(for_each_ref::Args),
    /// List, create, or delete branches.
    Branch(branch::Args),
    /// Create, list or delete tags.
    Tag(tag::Args),
}

/// Why a command stopped early; mapped to git's messages and exit codes in `main`.
#[derive(Debug)]
pub enum CliError {
    /// `fatal: <msg>`, exit 128.
    Fatal(String),
    /// `error: <msg>` and a usage hint, exit 129.
    Usage(String),
    /// Exit with this code, printing nothing more.
    Exit(u8),
    /// Writing to stdout failed.
    Output(io::Error),
}

impl From<gitstore::Error> for CliError {
    fn from(e: gitstore::Error) -> Self {
        CliError::Fatal(e.to_string())
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Output(e)
    }
}

/// Result of a subcommand.
pub type CliResult = Result<(), CliError>;

/// What every subcommand gets: where it runs and how to find the repository.
pub struct Context {
    git_dir: Option<PathBuf>,
}

impl Context {
    /// The repository: `--git-dir` if given, else discovered from the current directory.
    pub fn repo(&self) -> Result<Repository, CliError> {
        let found = match &self.git_dir {
            Some(dir) => Repository::open(dir),
            None => Repository::discover("."),
        };
        let repo = found.map_err(|e| match e {
            gitstore::Error::NotARepository { .. } => CliError::Fatal(
                "not a git repository (or any of the parent directories): .git".to_string(),
            ),
            other => other.into(),
        })?;
        report_odb_warnings(&repo, self);
        Ok(repo)
    }

    /// The repository if there is one (commands like `hash-object` work without).
    pub fn try_repo(&self) -> Option<Repository> {
        self.repo().ok()
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let code = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
                _ => 129,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    for dir in &cli.chdir {
        if dir.as_os_str().is_empty() {
            continue;
        }
        if let Err(e) = std::env::set_current_dir(dir) {
            eprintln!("fatal: cannot change to '{}': {}", dir.display(), e);
            return ExitCode::from(128);
        }
    }
    let ctx = Context {
        git_dir: cli.git_dir,
    };
    let result = match cli.command {
        Command::Init(args) => init::run(args, &ctx),
        Command::HashObject(args) => hash_object::run(args, &ctx),
        Command::CatFile(args) => cat_file::run(args, &ctx),
        Command::CountObjects(args) => count_objects::run(args, &ctx),
        Command::VerifyPack(args) => verify_pack::run(args, &ctx),
        Command::LsTree(args) => ls_tree::run(args, &ctx),
        Command::Explain(args) => explain::run(args, &ctx),
        Command::Mktree(args) => mktree::run(args, &ctx),
        Command::Mktag(args) => mktag::run(args, &ctx),
        Command::CommitTree(args) => commit_tree::run(args, &ctx),
        Command::RevParse(args) => rev_parse::run(args, &ctx),
        Command::SymbolicRef(args) => symbolic_ref::run(args, &ctx),
        Command::UpdateRef(args) => update_ref::run(args, &ctx),
        Command::ShowRef(args) => show_ref::run(args, &ctx),
        Command::ForEachRef(args) => for_each_ref::run(args, &ctx),
        Command::Branch(args) => branch::run(args, &ctx),
        Command::Tag(args) => tag::run(args, &ctx),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Fatal(msg)) => {
            eprintln!("fatal: {msg}");
            ExitCode::from(128)
        }
        Err(CliError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(129)
        }
        Err(CliError::Exit(code)) => ExitCode::from(code),
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(141),
        Err(CliError::Output(e)) => {
            eprintln!("fatal: {e}");
            ExitCode::from(128)
        }
    }
}

/// Prints git's complaint about an ambiguous abbreviation, with the candidates.
pub fn report_ambiguous(
    repo: &Repository,
    prefix: &gitstore::Prefix,
    candidates: &[gitstore::ObjectId],
) {
    let mut lines: Vec<(u8, gitstore::ObjectId, &'static str)> = candidates
        .iter()
        .map(|id| match repo.odb().try_read_header(id) {
            Ok(Some(h)) => {
                let order = match h.kind {
                    gitstore::Kind::Tag => 0,
                    gitstore::Kind::Commit => 1,
                    gitstore::Kind::Tree => 2,
                    gitstore::Kind::Blob => 3,
                };
                (order, *id, h.kind.as_str())
            }
            _ => (4, *id, "unknown type"),
        })
        .collect();
    lines.sort();
    let mut msg =
        format!("error: short object ID {prefix} is ambiguous\nhint: The candidates are:\n");
    for (_, id, kind) in lines {
        msg.push_str(&format!("hint:   {} {kind}\n", id.to_hex_short(7)));
    }
    eprint!("{msg}");
}

/// A buffered, locked stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Flushes `out`, mapping errors so a closed pipe exits quietly.
pub fn finish(mut out: impl Write) -> CliResult {
    out.flush()?;
    Ok(())
}

/// How git names the repository's object directory in messages. Run inside a work tree, git
/// moves to its top, so the directory is `.git/objects` from any subdirectory; run in the git
/// dir itself it is `./objects`; found above the current directory otherwise, or named with
/// `--git-dir`, it is the git dir as found or given.
pub fn shown_objects_dir(repo: &Repository, ctx: &Context) -> String {
    let given = ctx
        .git_dir
        .clone()
        .or_else(|| std::env::var_os("GIT_DIR").map(PathBuf::from));
    if let Some(dir) = given {
        return format!("{}/objects", dir.display());
    }
    let common = repo.common_dir();
    let cwd = std::env::current_dir()
        .and_then(|c| c.canonicalize())
        .unwrap_or_default();
    if cwd == common {
        return "./objects".to_string();
    }
    let top = common
        .parent()
        .filter(|_| common.file_name() == Some(".git".as_ref()));
    match top {
        Some(top) if cwd.starts_with(top) && !cwd.starts_with(common) => ".git/objects".into(),
        _ => format!("{}/objects", common.display()),
    }
}

/// `path` as git prints it: under the object directory, through [`shown_objects_dir`].
pub fn shown_object_path(repo: &Repository, shown: &str, path: &std::path::Path) -> String {
    match path.strip_prefix(repo.odb().objects_dir()) {
        Ok(rest) => format!("{shown}/{}", rest.display()),
        Err(_) => path.display().to_string(),
    }
}

/// Has what the object database complained about when it was opened (bad alternates, indexes
/// that could not be opened) printed as git's `error:` lines when the command first looks an
/// object up, with paths as git shows them.
fn report_odb_warnings(repo: &Repository, ctx: &Context) {
    if repo.odb().warnings().is_empty() {
        return;
    }
    let shown = format!("{}/", shown_objects_dir(repo, ctx));
    let abs = format!("{}/", repo.odb().objects_dir().display());
    repo.odb().report_warnings_on_first_lookup(move |warnings| {
        let mut msg = String::new();
        for w in warnings {
            msg.push_str("error: ");
            msg.push_str(&w.replace(&abs, &shown));
            msg.push('\n');
        }
        eprint!("{msg}");
    });
}
