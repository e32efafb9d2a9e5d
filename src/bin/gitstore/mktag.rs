//! `gitstore mktag [--[no-]strict]`: check a tag object read from stdin with git's fsck checks
//! and write it.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::fsck::{self, Severity};
use gitstore::{Kind, ObjectId};
use std::io::{self, Read, Write};

/// Arguments of `mktag`.
#[derive(clap::Args)]
pub struct Args {
    /// Accept a tag whose only problems are warnings (printed as such).
    #[arg(long = "no-strict", overrides_with = "strict")]
    no_strict: bool,
    /// Count warnings as errors (the default).
    #[arg(long, overrides_with = "no_strict")]
    strict: bool,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let strict = !args.no_strict;
    let repo = ctx.repo()?;
    let mut data = Vec::new();
    io::stdin().lock().read_to_end(&mut data)?;
    let mut options = fsck::Options::mktag();
    options.apply_config(repo.config())?;

    let mut stderr = io::stderr().lock();
    let check = fsck::check_tag(&data, &options, &mut |problem| {
        let fails = strict || problem.severity == Severity::Error;
        let level = if fails { "error" } else { "warning" };
        let mut line = format!("{level}: tag input does not pass fsck: ").into_bytes();
        line.extend_from_slice(&problem.to_bstring());
        line.push(b'\n');
        let _ = stderr.write_all(&line);
        fails
    });
    drop(stderr);
    if check.failed {
        return Err(CliError::Fatal(
            "tag on stdin did not pass our strict fsck check".into(),
        ));
    }

    let target = check.target.unwrap_or(ObjectId::null());
    let header = repo
        .odb()
        .try_read_header(&target)?
        .ok_or_else(|| CliError::Fatal(format!("could not read tagged object '{target}'")))?;
    if let Some(claimed) = check.target_kind {
        if header.kind != claimed {
            return Err(CliError::Fatal(format!(
                "object '{target}' tagged as '{claimed}', but is a '{}' type",
                header.kind
            )));
        }
    }
    let id = repo.odb().write(Kind::Tag, &data)?;
    let mut out = stdout();
    writeln!(out, "{id}")?;
    crate::finish(out)
}
