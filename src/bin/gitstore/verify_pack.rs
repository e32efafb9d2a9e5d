//! `gitstore verify-pack [-v] [-s] <pack>.idx...`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::pack::Pack;
use gitstore::pack::{write_verify_pack_s, write_verify_pack_v};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `verify-pack`.
#[derive(clap::Args)]
pub struct Args {
    /// Print every object, then the delta histogram.
    #[arg(short, long)]
    verbose: bool,
    /// Print only the delta histogram.
    #[arg(short = 's', long = "stat-only")]
    stat_only: bool,
    /// The packs, by their `.idx` (or `.pack`) file.
    #[arg(value_name = "PACK", required = true)]
    packs: Vec<PathBuf>,
}

pub fn run(args: Args, _ctx: &Context) -> CliResult {
    let mut out = stdout();
    let mut failed = false;
    for given in &args.packs {
        let idx = given.with_extension("idx");
        let report = Pack::open(&idx).and_then(|p| p.verify());
        match report {
            Ok(report) => {
                if args.stat_only {
                    write_verify_pack_s(&report, &mut out)?;
                } else if args.verbose {
                    write_verify_pack_v(&report, &mut out)?;
                }
            }
            Err(e) => {
                out.flush()?;
                eprintln!("error: {e}");
                if args.verbose || args.stat_only {
                    writeln!(out, "{}: bad", given.with_extension("pack").display())?;
                }
                failed = true;
            }
        }
    }
    out.flush()?;
    if failed {
        return Err(CliError::Exit(1));
    }
    Ok(())
}
