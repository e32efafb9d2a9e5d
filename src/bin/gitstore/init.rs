//! `gitstore init [--bare] [-q] [-b BRANCH] [--object-format=F] [--ref-format=F]
//! [--shared[=MODE]] [--separate-git-dir=DIR] [DIR]`

use crate::{CliError, CliResult, Context};
use gitstore::repo::{
    init_target, InitError, InitOptions, InitOutcome, InitTarget, InitTargetError, ObjectFormat,
    RefFormat, SharedMode,
};
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
    /// The hash to use (only sha1 can be created).
    #[arg(long, value_name = "HASH")]
    object_format: Option<String>,
    /// The ref storage to use (only files can be created).
    #[arg(long, value_name = "FORMAT")]
    ref_format: Option<String>,
    /// Share the repository with the group, everybody, or by a mode.
    #[arg(long, value_name = "PERMISSIONS", num_args = 0..=1, require_equals = true,
          default_missing_value = "group")]
    shared: Option<String>,
    /// The directory whose files are copied into the new git directory.
    // an OsString: `--template=` (copy nothing) is an empty value clap's PathBuf refuses
    #[arg(long, value_name = "TEMPLATE-DIRECTORY")]
    template: Option<std::ffi::OsString>,
    /// Put the git directory here and a `.git` file naming it in the work tree.
    #[arg(long, value_name = "GITDIR")]
    separate_git_dir: Option<PathBuf>,
    /// Where to create the repository (default: the current directory).
    directory: Option<PathBuf>,
}

/// git's words (after `fatal: `) for what init refuses.
fn words(e: &InitError) -> String {
    match e {
        InitError::UnknownObjectFormat { name } => format!("unknown hash algorithm '{name}'"),
        InitError::UnknownRefFormat { name } => format!("unknown ref storage format '{name}'"),
        InitError::DifferentObjectFormat => {
            "attempt to reinitialize repository with different hash".into()
        }
        InitError::DifferentRefFormat => {
            "attempt to reinitialize repository with different reference storage format".into()
        }
        InitError::BadSharedMode { value } => {
            format!("bad boolean config value '{value}' for 'arg'")
        }
        InitError::SharedModeNotOwnerWritable { mode } => format!(
            "problem with core.sharedRepository filemode value (0{mode:03o}).\n\
             The owner of files must always have read and write permissions."
        ),
        InitError::SeparateGitDirWithBare => {
            "options '--separate-git-dir' and '--bare' cannot be used together".into()
        }
        other => other.to_string(),
    }
}

/// `e` in git's words when init refused it, else as every command renders it.
fn refused(e: gitstore::Error) -> CliError {
    match e {
        gitstore::Error::Init(e) => CliError::Fatal(words(&e)),
        e => e.into(),
    }
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let base = args.directory.clone().unwrap_or_else(|| PathBuf::from("."));
    // `--git-dir` or `GIT_DIR` name the git dir (below DIRECTORY when relative); as git's
    // `guess_repository_type`, it is bare unless it is named `.git`
    let named = ctx
        .git_dir
        .clone()
        .or_else(|| ctx.env.git_dir().map(PathBuf::from));
    let work_tree = ctx.env.work_tree().map(|w| base.join(w));
    let target = init_target(&base, named.as_deref(), work_tree.as_deref(), args.bare);
    let InitTarget { dir, bare } = target.map_err(|e| match e {
        InitTargetError::MissingWorkTree { path } => {
            let abs = std::path::absolute(&path).unwrap_or(path);
            CliError::Fatal(format!(
                "Cannot access work tree '{}': No such file or directory",
                abs.display()
            ))
        }
        _ => CliError::Fatal(
            "GIT_WORK_TREE (or --work-tree=<directory>) not allowed without specifying \
             GIT_DIR (or --git-dir=<directory>)"
                .into(),
        ),
    })?;
    let object_format = args
        .object_format
        .as_deref()
        .map(ObjectFormat::from_name)
        .transpose()
        .map_err(|e| CliError::Fatal(words(&e)))?;
    let ref_format = args
        .ref_format
        .as_deref()
        .map(RefFormat::from_name)
        .transpose()
        .map_err(|e| CliError::Fatal(words(&e)))?;
    let shared = args
        .shared
        .as_deref()
        .map(SharedMode::from_arg)
        .transpose()
        .map_err(|e| CliError::Fatal(words(&e)))?;
    let options = InitOptions {
        bare,
        initial_branch: args.initial_branch.clone(),
        object_format,
        ref_format,
        shared,
        separate_git_dir: args.separate_git_dir.clone(),
        // git names a relative template directory from where it started
        work_tree,
        template_dir: args.template.clone().map(PathBuf::from).map(|t| {
            if t.as_os_str().is_empty() {
                t
            } else {
                std::path::absolute(&t).unwrap_or(t)
            }
        }),
    };
    if let Some(sep) = &options.separate_git_dir {
        // git's real_path of the separate git dir: every directory above it must be there
        let abs = std::path::absolute(sep).unwrap_or_else(|_| sep.clone());
        let mut above: Vec<_> = abs.ancestors().skip(1).collect();
        above.reverse();
        if let Some(missing) = above.into_iter().find(|a| !a.is_dir()) {
            return Err(CliError::Fatal(format!(
                "Invalid path '{}': No such file or directory",
                missing.display()
            )));
        }
    }
    if !dir.exists() {
        // a new repository: refuse its options before making its directory
        options.check_new(&ctx.env).map_err(refused)?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        CliError::Fatal(format!(
            "cannot mkdir {}: {}",
            dir.display(),
            gitstore::error::strerror(&e)
        ))
    })?;
    let git_dir = match (&options.separate_git_dir, bare) {
        (Some(d), _) => d.clone(),
        (None, true) => dir.clone(),
        (None, false) if options.work_tree.is_some() => dir.clone(),
        (None, false) => dir.join(".git"),
    };
    if let Some(t) = options.template_dir_with_env(&git_dir, &ctx.env)? {
        if !t.as_os_str().is_empty() && !t.is_dir() {
            eprintln!("warning: templates not found in {}", t.display());
        }
    }
    let (repo, outcome) = Repository::init_with_env(&dir, &options, &ctx.env).map_err(refused)?;
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
        // a re-init without --shared keeps the configured mode
        let mode = match shared {
            Some(mode) => Some(mode),
            None => SharedMode::from_config(repo.config()).ok(),
        };
        let what = match (outcome, mode.and_then(SharedMode::config_value)) {
            (InitOutcome::Created, None) => "Initialized empty Git repository",
            (InitOutcome::Reinitialized, None) => "Reinitialized existing Git repository",
            (InitOutcome::Created, Some(_)) => "Initialized empty shared Git repository",
            (InitOutcome::Reinitialized, Some(_)) => "Reinitialized existing shared Git repository",
        };
        println!("{what} in {}/", git_dir.display());
    }
    Ok(())
}
