//! `gitstore count-objects [-v] [-H]`

use crate::{stdout, CliResult, Context};
use gitstore::odb::count::humanise_bytes;
use std::io::Write;

/// Arguments of `count-objects`.
#[derive(clap::Args)]
pub struct Args {
    /// Report packs, objects in packs, and garbage too.
    #[arg(short, long)]
    verbose: bool,
    /// Print sizes in human-readable form.
    #[arg(short = 'H', long = "human-readable")]
    human: bool,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let c = repo.odb().count_objects()?;
    let size = |bytes: u64| {
        if args.human {
            humanise_bytes(bytes)
        } else {
            (bytes / 1024).to_string()
        }
    };
    let mut out = stdout();
    if args.verbose {
        let cwd = std::env::current_dir().unwrap_or_default();
        for (path, reason) in &c.garbage_paths {
            let shown = path.strip_prefix(&cwd).unwrap_or(path);
            eprintln!("warning: {reason}: {}", shown.display());
        }
        writeln!(out, "count: {}", c.count)?;
        writeln!(out, "size: {}", size(c.size))?;
        writeln!(out, "in-pack: {}", c.in_pack)?;
        writeln!(out, "packs: {}", c.packs)?;
        writeln!(out, "size-pack: {}", size(c.size_pack))?;
        writeln!(out, "prune-packable: {}", c.prune_packable)?;
        writeln!(out, "garbage: {}", c.garbage)?;
        writeln!(out, "size-garbage: {}", size(c.size_garbage))?;
    } else if args.human {
        writeln!(out, "{} objects, {}", c.count, humanise_bytes(c.size))?;
    } else {
        writeln!(out, "{} objects, {} kilobytes", c.count, c.size / 1024)?;
    }
    crate::finish(out)
}
