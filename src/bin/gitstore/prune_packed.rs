//! `gitstore prune-packed [-n | --dry-run] [-q | --quiet]`

use crate::{stdout, CliError, CliResult, Context};
use std::ffi::OsString;
use std::io::Write;

const TOO_MANY: &str = concat!(
    "fatal: too many arguments\n\n",
    include_str!("usage/prune-packed.txt")
);

/// Arguments of `prune-packed`.
#[derive(clap::Args)]
#[command(args_override_self = true)]
pub struct Args {
    /// Only print the `rm -f` lines for what would be removed.
    #[arg(short = 'n', long = "dry-run")]
    dry_run: bool,
    /// Be quiet (git shows progress on a terminal only).
    #[arg(short, long)]
    quiet: bool,
    #[arg(hide = true)]
    extra: Vec<OsString>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    if !args.extra.is_empty() {
        return Err(CliError::UsageText(TOO_MANY));
    }
    let repo = ctx.repo()?;
    let removed = gitstore::repack::prune_packed(repo.odb(), args.dry_run)?;
    let mut out = stdout();
    if args.dry_run {
        let shown = crate::shown_objects_dir(&repo, ctx);
        for path in &removed {
            writeln!(
                out,
                "rm -f {}",
                crate::shown_object_path(&repo, &shown, path)
            )?;
        }
    }
    crate::finish(out)
}
