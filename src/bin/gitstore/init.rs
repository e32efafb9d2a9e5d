//! `gitstore init [--bare] [-q] [-b BRANCH] [DIR]`

use crate::{CliError, CliResult, Context};
use gitstore::repo::{InitOptions, InitOutcome};
use gitstore::Repository;
use std::path::PathBuf;

/// What git prints when it falls back to `master` (not an advice: `-q` alone silences it).
const DEFAULT_BRANCH_HINT: &str = "\
hint: Using 'master' as the name for the initial branch. This default branch name
hint: is subject to change. To configure the initial branch name to use in all
hint: of your new repositories, which will suppress this warning, call:
hint:
hint: \tgit config --global init.defaultBranch <name>
hint:
hint: Names commonly chosen instead of 'master' are 'main', 'trunk' and
hint: 'development'. The just-created branch can be renamed via this command:
hint:
hint: \tgit branch -m <name>
";

/// Arguments of `init`.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
pub struct Args {
    /// Create a bare repository.
    #[arg(long)]
    bare: bool,
    /// Only print error and warning messages.
    #[arg(short, long)]
    quiet: bool,
    /// The name of the initial branch.
    #[arg(short = 'b', long = "initial-branch", value_name = "NAME")]
    initial_branch: Option<String>,
    /// Where to create the repository (default: the current directory).
    directory: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let dir = match (&args.directory, &ctx.git_dir) {
        (Some(d), _) => d.clone(),
        (None, Some(g)) => g.clone(),
        (None, None) => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        CliError::Fatal(format!(
            "cannot mkdir {}: {}",
            dir.display(),
            gitstore::error::strerror(&e)
        ))
    })?;
    let bare = args.bare || (args.directory.is_none() && ctx.git_dir.is_some());
    let options = InitOptions {
        bare,
        initial_branch: args.initial_branch.clone(),
    };
    let (repo, outcome) = Repository::init_with_env(&dir, &options, &ctx.env)?;
    match (&args.initial_branch, outcome) {
        (Some(branch), InitOutcome::Reinitialized) => {
            eprintln!("warning: re-init: ignored --initial-branch={branch}");
        }
        (None, InitOutcome::Created)
            if !args.quiet && repo.config().get("init.defaultbranch").is_none() =>
        {
            eprint!("{DEFAULT_BRANCH_HINT}");
        }
        _ => {}
    }
    if !args.quiet {
        let git_dir = repo
            .git_dir()
            .canonicalize()
            .unwrap_or_else(|_| repo.git_dir().to_path_buf());
        let what = match outcome {
            InitOutcome::Created => "Initialized empty Git repository",
            InitOutcome::Reinitialized => "Reinitialized existing Git repository",
        };
        println!("{what} in {}/", git_dir.display());
    }
    Ok(())
}
