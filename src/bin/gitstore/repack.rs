//! `gitstore repack [-a] [-d] [-f] [-q] [--window=N] [--depth=N] [--threads=N]`

use crate::{stdout, CliResult, Context};
use gitstore::repack::{repack, repack_with_progress, RepackOptions};
use std::io::{IsTerminal, Write};

/// Arguments of `repack`.
#[derive(clap::Args)]
#[command(args_override_self = true)]
pub struct Args {
    /// Pack everything (the objects of packs without .keep too) into a single pack.
    #[arg(short = 'a')]
    all: bool,
    /// Remove redundant packs, and the loose objects a pack holds.
    #[arg(short = 'd')]
    delete: bool,
    /// Compute deltas afresh (pass --no-reuse-delta to pack-objects).
    #[arg(short = 'f')]
    no_reuse_delta: bool,
    /// Be quiet.
    #[arg(short, long)]
    quiet: bool,
    /// Size of the window used for delta compression.
    #[arg(long, value_name = "N")]
    window: Option<usize>,
    /// Longest delta chain.
    #[arg(long, value_name = "N")]
    depth: Option<usize>,
    /// Threads for the delta search (0: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let mut options = RepackOptions {
        all: args.all,
        delete_redundant: args.delete,
        ..RepackOptions::default()
    };
    options.pack.reuse_delta = !args.no_reuse_delta;
    if let Some(window) = args.window {
        options.pack.window = window;
    }
    if let Some(depth) = args.depth {
        options.pack.depth = depth.min(4095); // git's cap
    }
    if let Some(threads) = args.threads {
        options.pack.threads = threads;
    }
    // pack-objects' progress, on a terminal only
    let meter = (!args.quiet && std::io::stderr().is_terminal())
        .then(|| crate::pack_objects::Meter::for_files(options.pack.threads));
    let done = match &meter {
        Some(meter) => repack_with_progress(&repo, &options, meter)?,
        None => repack(&repo, &options)?,
    };
    if let (Some(_), Some(written)) = (&meter, &done.written) {
        eprintln!(
            "{}",
            crate::pack_objects::total_line(&written.summary.stats)
        );
    }
    let mut out = stdout();
    if done.written.is_none() && !args.quiet {
        writeln!(out, "Nothing new to pack.")?;
    }
    crate::finish(out)
}
