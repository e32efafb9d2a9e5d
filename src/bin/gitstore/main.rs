//! `gitstore`: git's plumbing commands on top of the gitstore library.
//!
//! This binary only parses arguments and formats output; everything it prints comes from the
//! library. Errors and exit codes follow git: `fatal: …` and 128 for failures, 129 for usage
//! errors, and a quiet exit when stdout is closed early (`gitstore cat-file … | head`).

#![forbid(unsafe_code)]

mod branch;
mod cat_file;
mod cmdmode;
mod commit_tree;
mod count_objects;
mod damage;
mod diff_tree;
mod explain;
mod for_each_ref;
mod fsck;
mod hash_object;
mod help;
mod index_pack;
mod init;
mod log;
mod ls_tree;
mod merge_base;
mod mktag;
mod mktree;
mod option_order;
mod pack_objects;
mod pathspec_arg;
mod pretty_args;
mod progress;
mod prune_packed;
mod render;
mod repack;
mod rev_list;
mod rev_list_objects;
mod rev_parse;
mod revarg;
mod show_ref;
mod symbolic_ref;
mod tag;
mod unpack_objects;
mod update_ref;
mod verify_pack;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use gitstore::env::Environment;
use gitstore::error::strerror;
use gitstore::stores::Stores;
use gitstore::Repository;
use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A pure-Rust git object store; plumbing commands that behave like git's.
#[derive(Parser)]
#[command(name = "gitstore", version, about, max_term_width = 100)]
struct Cli {
    /// Run as if started in DIR (may be given several times, each relative to the previous).
    #[arg(short = 'C', value_name = "DIR", action = clap::ArgAction::Append)]
    chdir: Vec<OsString>,
    /// Use DIR as the repository's git directory.
    #[arg(long = "git-dir", value_name = "DIR")]
    git_dir: Option<PathBuf>,
    /// Set a config variable for this command, as git's -c (NAME alone: true; NAME=: empty).
    /// May be given several times.
    // This and --config-env are taken out of the arguments before clap sees them
    // (`take_config_args`); they are declared for --help.
    #[arg(short = 'c', value_name = "NAME=VALUE")]
    _config: Vec<OsString>,
    /// Set a config variable to the value of an environment variable.
    #[arg(long = "config-env", value_name = "NAME=ENVVAR")]
    _config_env: Vec<OsString>,
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
    /// Write a pack of the objects listed on stdin.
    PackObjects(pack_objects::Args),
    /// Verify the connectivity and validity of the objects in the database.
    Fsck(fsck::Args),
    /// Build a tree object from ls-tree formatted lines on stdin.
    Mktree(mktree::Args),
    /// Check a tag object on stdin and write it.
    Mktag(mktag::Args),
    /// Create a commit object from a tree, parents and a message.
    CommitTree(commit_tree::Args),
    /// Pick out and massage revision names: ids, ranges, symbolic names.
    RevParse(rev_parse::Args),
    /// List commits in reverse chronological order.
    RevList(rev_list::Args),
    /// Read, modify and delete symbolic refs.
    SymbolicRef(symbolic_ref::Args),
    /// Update the object name stored in a ref safely.
    UpdateRef(update_ref::Args),
    /// List references in a local repository.
    ShowRef(show_ref::Args),
    /// Output information on each ref.
    ForEachRef(for_each_ref::Args),
    /// Show commit logs.
    Log(log::Args),
    /// List, create, or delete branches.
    Branch(branch::Args),
    /// Create, list or delete tags.
    Tag(tag::Args),
    /// Compare two trees, or commits with their parents, in raw format.
    DiffTree(diff_tree::Args),
    /// Find as good common ancestors as possible for a merge.
    MergeBase(merge_base::Args),
    /// Build a pack index for a pack file or a pack received on stdin.
    IndexPack(index_pack::Args),
    /// Unpack objects from a pack on stdin into loose objects.
    UnpackObjects(unpack_objects::Args),
    /// Pack loose objects (and with -a, every pack) into one pack.
    Repack(repack::Args),
    /// Remove loose objects that a pack holds.
    PrunePacked(prune_packed::Args),
}

/// Why a command stopped early; mapped to git's messages and exit codes in `main`.
#[derive(Debug)]
pub enum CliError {
    /// `fatal: <msg>`, exit 128.
    Fatal(String),
    /// The first text as it is (git's advice), then `fatal: <msg>`; exit 128.
    FatalAfter(String, String),
    /// `error: <msg>` and a usage hint, exit 129.
    Usage(String),
    /// A usage text printed as it is, exit 129 (git's `usage_with_options`).
    UsageText(&'static str),
    /// Exit with this code, printing nothing more.
    Exit(u8),
    /// Writing to stdout failed.
    Output(io::Error),
}

impl From<gitstore::Error> for CliError {
    fn from(e: gitstore::Error) -> Self {
        match e {
            gitstore::Error::PackedRefsCorrupt { path, error } => {
                CliError::Fatal(error.git_message(&git_facing_path(&path)))
            }
            gitstore::Error::CommandLineConfig(e) => CliError::FatalAfter(
                format!("error: {}\n", render::command_line_config(&e)),
                "unable to parse command-line config".to_string(),
            ),
            gitstore::Error::Identity(e) => match render::identity_preamble(&e) {
                Some(preamble) => CliError::FatalAfter(preamble, render::identity(&e)),
                None => CliError::Fatal(render::identity(&e)),
            },
            other => CliError::Fatal(render::error(&other)),
        }
    }
}

/// The object database's error, as the [`gitstore::Error`] it converts into.
impl From<gitstore::odb::Error> for CliError {
    fn from(e: gitstore::odb::Error) -> Self {
        gitstore::Error::from(e).into()
    }
}

/// The refs layer's error, as the [`gitstore::Error`] it converts into.
impl From<gitstore::refs::Error> for CliError {
    fn from(e: gitstore::refs::Error) -> Self {
        gitstore::Error::from(e).into()
    }
}

/// The fatal error for a damaged `packed-refs` among `e`, which git reports whatever the
/// command was doing (callers that otherwise skip a broken ref check this first).
pub fn packed_refs_fatal(e: &gitstore::Error) -> Option<CliError> {
    match e {
        gitstore::Error::PackedRefsCorrupt { path, error } => {
            Some(CliError::Fatal(error.git_message(&git_facing_path(path))))
        }
        _ => None,
    }
}

/// What git's ref iteration prints about a ref it skips: nothing for a symbolic ref that does
/// not resolve.
pub fn warn_broken_ref(broken: &gitstore::refs::BrokenRef) {
    use gitstore::refs::BrokenKind;
    match broken.kind {
        BrokenKind::BadName => eprintln!("warning: ignoring ref with broken name {}", broken.name),
        BrokenKind::Damaged => eprintln!("warning: ignoring broken ref {}", broken.name),
        BrokenKind::UnresolvedSymref => {}
    }
}

/// [`warn_broken_ref`] for every ref under `prefix` that a listing of it skips.
pub fn warn_broken_refs(repo: &Repository, prefix: &[u8]) -> CliResult {
    for broken in &repo.refs().list(prefix)?.broken {
        warn_broken_ref(broken);
    }
    Ok(())
}

/// The `--git-dir` given on the command line, for [`git_facing_path`].
static GIT_DIR_ARG: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// The command line as the process was given it, read once in `main` (see [`args`]).
static ARGS: std::sync::OnceLock<Vec<OsString>> = std::sync::OnceLock::new();

/// The environment, read once in `main` and changed there by `-c` (see [`take_config_args`]),
/// for what has no [`Context`] at hand; commands use [`Context::env`] or `Repository::env`.
static ENV: std::sync::OnceLock<Environment> = std::sync::OnceLock::new();

/// The whole command line, program name first, exactly as given (before clap, and before `-c`
/// and `--config-env` are taken out): for the parse-options rules that depend on order or
/// spelling, which clap does not keep.
pub fn args() -> &'static [OsString] {
    ARGS.get().map_or(&[], Vec::as_slice)
}

/// The arguments after the subcommand `name` exactly as given: clap swallows the first `--`,
/// which some commands print or act on. Falls back to clap's list `parsed` if the two cannot
/// be matched.
pub fn raw_args_after(name: &str, parsed: &[OsString]) -> Vec<OsString> {
    let raw = args();
    for (p, arg) in raw.iter().enumerate().rev() {
        if arg != name {
            continue;
        }
        let tail = raw.get(p + 1..).unwrap_or_default();
        let mut without_dashdash = tail.to_vec();
        if let Some(i) = without_dashdash.iter().position(|a| a == "--") {
            without_dashdash.remove(i);
        }
        if without_dashdash == parsed || tail == parsed {
            return tail.to_vec();
        }
    }
    parsed.to_vec()
}

/// A file in the repository named the way git names it in messages: below the git directory as
/// given (`--git-dir`, `GIT_DIR`), else `.git/…` (git works from the top of the work tree),
/// `./…` in a bare repository it was started in, or the absolute path.
pub fn git_facing_path(path: &std::path::Path) -> String {
    let (Some(dir), Some(file)) = (path.parent(), path.file_name()) else {
        return path.display().to_string();
    };
    let given = GIT_DIR_ARG
        .get()
        .cloned()
        .flatten()
        .or_else(|| ENV.get().and_then(Environment::git_dir).map(PathBuf::from));
    if let Some(given) = given {
        return given.join(file).display().to_string();
    }
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize()).ok();
    let dir_abs = dir.canonicalize().ok();
    if cwd.is_some() && cwd == dir_abs {
        return format!("./{}", file.to_string_lossy());
    }
    if let (Some(cwd), Some(abs)) = (&cwd, &dir_abs) {
        if abs.file_name().is_some_and(|n| n == ".git")
            && abs.parent().is_some_and(|top| cwd.starts_with(top))
        {
            return format!(".git/{}", file.to_string_lossy());
        }
    }
    path.display().to_string()
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
    /// The process environment, with `-c` and `--config-env` added to `GIT_CONFIG_PARAMETERS`.
    env: Environment,
}

impl Context {
    /// The repository: `--git-dir` if given, else discovered from the current directory.
    pub fn repo(&self) -> Result<Repository, CliError> {
        let repo = self.open().map_err(|e| match e {
            gitstore::Error::NotARepository { .. } | gitstore::Error::NotAGitDirectory { .. } => {
                let named = self.git_dir.clone().map(PathBuf::into_os_string);
                match named.or_else(|| self.env.var("GIT_DIR").map(OsStr::to_os_string)) {
                    Some(dir) => CliError::Fatal(format!(
                        "not a git repository: '{}'",
                        dir.to_string_lossy()
                    )),
                    None => CliError::Fatal(
                        "not a git repository (or any of the parent directories): .git".to_string(),
                    ),
                }
            }
            other => other.into(),
        })?;
        report_odb_warnings(&repo, self);
        Ok(repo)
    }

    fn open(&self) -> gitstore::Result<Repository> {
        match &self.git_dir {
            Some(dir) => Repository::open_named_with_env(dir, ".", &self.env),
            None => Repository::discover_with_env(".", &self.env),
        }
    }

    /// The repository if there is one (commands like `hash-object` work without). As git's
    /// gentle setup: a repository in a format git refuses is warned about and ignored; a broken
    /// config, or a format gitstore cannot read (SHA-256), is fatal.
    pub fn try_repo(&self) -> Result<Option<Repository>, CliError> {
        match self.open() {
            Ok(repo) => {
                report_odb_warnings(&repo, self);
                Ok(Some(repo))
            }
            Err(
                gitstore::Error::NotARepository { .. } | gitstore::Error::NotAGitDirectory { .. },
            ) => Ok(None),
            Err(gitstore::Error::RepositoryFormat(e)) => {
                eprintln!("warning: {}", render::repository_format(&e));
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// What git prints after a mistake in its global options.
const GLOBAL_USAGE: &str = "\
usage: gitstore [-C <path>] [-c <name>=<value>] [--config-env=<name>=<envvar>]
                [--git-dir=<path>] <command> [<args>]
";

/// git's global `-c <name>=<value>` and `--config-env=<name>=<envvar>`, handled in the order
/// given, as git's `handle_options`, before clap sees the arguments: each is appended to
/// `GIT_CONFIG_PARAMETERS` in `env` (not the process's: nothing here starts a process), which
/// the library reads with the rest of the config. Returns the other arguments, or how to exit.
fn take_config_args(args: Vec<OsString>, env: &mut Environment) -> Result<Vec<OsString>, ExitCode> {
    use gitstore::config::{push_config_env, push_parameter, PARAMETERS_ENV};
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let usage = |msg: &str| {
        eprint!("{msg}\n{GLOBAL_USAGE}");
        ExitCode::from(129)
    };
    let mut rest = Vec::with_capacity(args.len());
    let mut args = args.into_iter();
    rest.extend(args.next());
    while let Some(arg) = args.next() {
        let bytes = arg.as_bytes();
        let old = env.var_bytes(PARAMETERS_ENV);
        let pushed = if bytes == b"-c" {
            let Some(setting) = args.next() else {
                return Err(usage("-c expects a configuration string"));
            };
            push_parameter(old, setting.as_bytes())
        } else if bytes == b"--config-env" || bytes.starts_with(b"--config-env=") {
            let spec = match bytes.strip_prefix(b"--config-env=") {
                Some(spec) => spec.to_vec(),
                None => match args.next() {
                    Some(spec) => spec.into_vec(),
                    None => return Err(usage("no config key given for --config-env")),
                },
            };
            let lookup = |name: &[u8]| env.var_bytes(OsStr::from_bytes(name)).map(<[u8]>::to_vec);
            match push_config_env(old, &spec, lookup) {
                Ok(pushed) => pushed,
                Err(e) => {
                    let msg = render::command_line_config(&e);
                    eprintln!("fatal: {msg}");
                    return Err(ExitCode::from(128));
                }
            }
        } else if bytes.starts_with(b"-c") {
            // git has no `-c<setting>` form
            return Err(usage(&format!("unknown option: {}", arg.to_string_lossy())));
        } else if bytes == b"-C" || bytes == b"--git-dir" {
            rest.push(arg);
            rest.extend(args.next());
            continue;
        } else if bytes.len() > 1 && bytes.starts_with(b"-") && bytes != b"--" {
            rest.push(arg);
            continue;
        } else {
            rest.push(arg);
            rest.extend(args);
            break;
        };
        env.set_var(PARAMETERS_ENV, OsString::from_vec(pushed));
    }
    Ok(rest)
}

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let _ = ARGS.set(raw.clone());
    let mut env = Environment::from_process();
    let args = match take_config_args(raw, &mut env) {
        Ok(args) => args,
        Err(code) => return code,
    };
    let _ = ENV.set(env.clone());
    if let Some(code) = subcommand_and_rest().and_then(|(c, rest)| help::lone_dash_h(&c, rest)) {
        return code;
    }
    // git's parse-options: an option given again replaces the earlier value
    let cli = Cli::command().mut_subcommands(|sub| sub.args_override_self(true));
    let args = match subcommand_at(&args) {
        Some(at) => {
            let name = args[at].to_string_lossy().into_owned();
            option_order::reorder(&cli, &name, at, args)
        }
        None => args,
    };
    let matches = cli
        .try_get_matches_from(git_args(args))
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match matches {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if let Some(usage) = git_usage_for(&e) {
                return usage;
            }
            if e.kind() == ErrorKind::DisplayHelp {
                let dash_h =
                    subcommand_and_rest().and_then(|(c, rest)| help::dash_h_among(&c, rest));
                if let Some(code) = dash_h {
                    return code;
                }
            }
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
            let dir = dir.to_string_lossy();
            eprintln!("fatal: cannot change to '{dir}': {}", strerror(&e));
            return ExitCode::from(128);
        }
    }
    let _ = GIT_DIR_ARG.set(cli.git_dir.clone());
    let ctx = Context {
        git_dir: cli.git_dir,
        env,
    };
    // git reads its config, and dies on a bad `-c`, before any command runs
    if let Err(e) = gitstore::config::Config::from_environment(&ctx.env) {
        return exit_with(Err(gitstore::Error::from(e).into()));
    }
    let result = match cli.command {
        Command::Init(args) => init::run(args, &ctx),
        Command::HashObject(args) => hash_object::run(args, &ctx),
        Command::CatFile(args) => cat_file::run(args, &ctx),
        Command::CountObjects(args) => count_objects::run(args, &ctx),
        Command::VerifyPack(args) => verify_pack::run(args, &ctx),
        Command::PackObjects(args) => pack_objects::run(args, &ctx),
        Command::Fsck(args) => fsck::run(args, &ctx),
        Command::LsTree(args) => ls_tree::run(args, &ctx),
        Command::Explain(args) => explain::run(args, &ctx),
        Command::Mktree(args) => mktree::run(args, &ctx),
        Command::Mktag(args) => mktag::run(args, &ctx),
        Command::CommitTree(args) => commit_tree::run(args, &ctx),
        Command::RevParse(args) => rev_parse::run(args, &ctx),
        Command::RevList(args) => rev_list::run(args, &ctx),
        Command::SymbolicRef(args) => symbolic_ref::run(args, &ctx),
        Command::UpdateRef(args) => update_ref::run(args, &ctx),
        Command::ShowRef(args) => show_ref::run(args, &ctx),
        Command::ForEachRef(args) => for_each_ref::run(args, &ctx),
        Command::Log(args) => log::run(args, &ctx),
        Command::Branch(args) => branch::run(args, &ctx),
        Command::Tag(args) => tag::run(args, &ctx),
        Command::DiffTree(args) => diff_tree::run(args, &ctx),
        Command::MergeBase(args) => merge_base::run(args, &ctx),
        Command::IndexPack(args) => index_pack::run(args, &ctx),
        Command::UnpackObjects(args) => unpack_objects::run(args, &ctx),
        Command::Repack(args) => repack::run(args, &ctx),
        Command::PrunePacked(args) => prune_packed::run(args, &ctx),
    };
    exit_with(result)
}

/// git's messages and exit codes for how a command ended.
fn exit_with(result: CliResult) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Fatal(msg)) => {
            eprintln!("fatal: {msg}");
            ExitCode::from(128)
        }
        Err(CliError::FatalAfter(preamble, msg)) => {
            eprint!("{preamble}");
            eprintln!("fatal: {msg}");
            ExitCode::from(128)
        }
        Err(CliError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(129)
        }
        Err(CliError::UsageText(text)) => {
            eprint!("{text}");
            ExitCode::from(129)
        }
        Err(CliError::Exit(code)) => ExitCode::from(code),
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(141),
        Err(CliError::Output(e)) => {
            eprintln!("fatal: {}", strerror(&e));
            ExitCode::from(128)
        }
    }
}

/// The command line, with git's `--end-of-options` read as `--` by the object commands, whose
/// parse-options treats the two alike (clap knows only `--`).
fn git_args(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let object_commands = [
        "init",
        "hash-object",
        "cat-file",
        "ls-tree",
        "count-objects",
        "verify-pack",
        "mktree",
    ];
    if subcommand_arg().is_some_and(|c| object_commands.contains(&c.as_str())) {
        if let Some(at) = args
            .iter()
            .position(|a| a == "--end-of-options" || a == "--")
            .filter(|&at| args[at] == "--end-of-options")
        {
            args[at] = "--".into();
        }
    }
    args
}

/// The subcommand named on the command line (after the global options and their values).
fn subcommand_arg() -> Option<String> {
    subcommand_and_rest().map(|(name, _)| name)
}

/// The subcommand named on the command line, and the arguments after it.
fn subcommand_and_rest() -> Option<(String, &'static [OsString])> {
    let all = args();
    let at = subcommand_at(all)?;
    Some((all[at].to_string_lossy().into_owned(), &all[at + 1..]))
}

/// Where the subcommand is in `all` (program name first), after the global options.
fn subcommand_at(all: &[OsString]) -> Option<usize> {
    let mut at = 1;
    while let Some(a) = all.get(at) {
        let a = a.to_string_lossy();
        match a.as_ref() {
            "-C" | "--git-dir" | "-c" | "--config-env" => at += 1,
            a if a.starts_with("--git-dir=")
                || a.starts_with("--config-env=")
                || (a.starts_with("-C") && a.len() > 2) => {}
            _ => return Some(at),
        }
        at += 1;
    }
    None
}

/// git's parse-options complaint for a clap error, and the exit code: a missing or non-numeric
/// value for every command; an unknown option for `update-ref` and `symbolic-ref`. `None` to
/// let clap report the error.
fn git_usage_for(e: &clap::Error) -> Option<ExitCode> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    // `--format <FORMAT>`, `--hash[=<N>]`, `-m <MESSAGE>`: the option's name, as git names it
    let named = || {
        let bare = arg.trim_start_matches('-');
        let name = bare.split([' ', '[', '=']).next().unwrap_or(bare);
        if arg.starts_with("--") {
            format!("option `{name}'")
        } else {
            format!("switch `{}'", name.chars().next().unwrap_or('?'))
        }
    };
    let value = match e.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    // every command: git's parse-options words for a missing or non-numeric value (the only
    // line git prints then)
    match (e.kind(), value.as_deref()) {
        (ErrorKind::InvalidValue, Some("")) | (ErrorKind::NoEquals, _) => {
            // the option as typed: the last argument (clap names `-m` by its long name)
            let typed = args()
                .last()
                .map(|a| a.to_string_lossy().into_owned())
                .unwrap_or_default();
            match typed.strip_prefix("--") {
                Some(long) => eprintln!("error: option `{long}' requires a value"),
                None if typed.starts_with('-') => eprintln!(
                    "error: switch `{}' requires a value",
                    typed.chars().last().unwrap_or('?')
                ),
                None => eprintln!("error: {} requires a value", named()),
            }
            return Some(ExitCode::from(129));
        }
        (ErrorKind::ValueValidation, Some(v)) if v.parse::<i64>().is_err() => {
            eprintln!("error: {} expects a numerical value", named());
            return Some(ExitCode::from(129));
        }
        _ => {}
    }
    // an unknown option: git's words and usage
    let (usage, parser) = help::after_unknown_option(&subcommand_arg()?)?;
    match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') && arg != "-" => {
            if parser == help::Parser::ParseOptions {
                eprintln!("error: {}", unknown_option_words(&arg));
            }
            eprint!("{usage}");
        }
        _ => return None,
    }
    Some(ExitCode::from(129))
}

/// parse-options' words for the unknown option clap names `arg`: `unknown option `bogus=3'`
/// (with the value as typed, which clap may have cut off) or `unknown switch `x'`.
fn unknown_option_words(arg: &str) -> String {
    let Some(long) = arg.strip_prefix("--") else {
        let switch = arg.trim_start_matches('-').chars().next().unwrap_or('?');
        return format!("unknown switch `{switch}'");
    };
    let name = long.split_once('=').map_or(long, |(n, _)| n);
    let given = args()
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .find_map(|a| {
            let rest = a.strip_prefix("--")?.strip_prefix(name)?;
            (rest.is_empty() || rest.starts_with('=')).then(|| a[2..].to_string())
        })
        .unwrap_or_else(|| long.to_string());
    format!("unknown option `{given}'")
}

/// Prints git's complaint about an ambiguous abbreviation, with the candidates.
pub fn report_ambiguous<'r>(
    repo: impl Into<Stores<'r>>,
    prefix: &gitstore::Prefix,
    candidates: &[gitstore::ObjectId],
) {
    let repo = repo.into();
    let mut msg =
        format!("error: short object ID {prefix} is ambiguous\nhint: The candidates are:\n");
    match revarg::describe_candidates(repo, candidates) {
        Ok(lines) => {
            for line in lines {
                msg.push_str(&format!("hint:   {line}\n"));
            }
        }
        // an object that cannot be read to describe it: its id, at least
        Err(_) => {
            for id in candidates {
                msg.push_str(&format!("hint:   {}\n", id.to_hex_short(7)));
            }
        }
    }
    eprint!("{msg}");
}

/// A buffered, locked stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Drops `value` without freeing it: the process is about to end, and freeing a walk's every
/// commit one by one would only cost time (git frees nothing at exit either).
pub fn leak<T>(value: T) {
    std::mem::forget(value);
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
        .or_else(|| ctx.env.git_dir().map(PathBuf::from));
    let common = repo.common_dir();
    if repo.git_dir() != common {
        // a linked worktree's: git resolves its `commondir` to a real path
        let real = common
            .canonicalize()
            .unwrap_or_else(|_| common.to_path_buf());
        return format!("{}/objects", real.display());
    }
    if let Some(dir) = given {
        return format!("{}/objects", dir.display());
    }
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

/// [`shown_objects_dir`] for the `--git-dir` given on the command line, where no [`Context`] is
/// at hand.
pub fn shown_objects_dir_of(repo: &Repository) -> String {
    let ctx = Context {
        git_dir: GIT_DIR_ARG.get().cloned().flatten(),
        env: repo.env().clone(),
    };
    shown_objects_dir(repo, &ctx)
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
    damage::report(repo, shown_objects_dir(repo, ctx));
    if repo.odb().warnings().is_empty() {
        return;
    }
    let shown = format!("{}/", shown_objects_dir(repo, ctx));
    let abs = format!("{}/", repo.odb().objects_dir().display());
    repo.odb().report_warnings_on_first_lookup(move |warnings| {
        let mut msg = String::new();
        for w in warnings {
            msg.push_str("error: ");
            msg.push_str(&render::odb_warning(w, &abs, &shown));
            msg.push('\n');
        }
        eprint!("{msg}");
    });
}
