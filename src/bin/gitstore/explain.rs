//! `gitstore explain OBJECT`: what an object is and how git stores it, for learners.

use crate::{stdout, CliError, CliResult, Context};
use std::io::Write;

/// Arguments of `explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The object (any revision: an id, `HEAD`, `v1.0^{tree}`, `HEAD:path`…).
    object: String,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let id = crate::revarg::resolve(&repo, &args.object)
        .map_err(|_| CliError::Fatal(format!("Not a valid object name {}", args.object)))?;
    let explanation = gitstore::explain::explain(&repo, &id)?
        .ok_or_else(|| CliError::Fatal(format!("object {id} is missing")))?;
    let base = std::env::current_dir().unwrap_or_default();
    let mut out = stdout();
    if args.object != id.to_string() {
        writeln!(out, "{} names {id}.", args.object)?;
    }
    explanation.write_text(&base, &mut out)?;
    crate::finish(out)
}
