//! `gitstore init [--bare] [-q] [-b BRANCH] [DIR]`

use crate::{CliError, CliResult, Context};
use gitstore::repo::{InitOptions, InitOutcome};
use gitstore::Repository;
use std::path::PathBuf;

/// Arguments of `init`.
#[derive(clap::Args)]
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
        initial_branch: args.initial_branch,
    };
    let (repo, outcome) = Repository::init(&dir, &options)?;
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
