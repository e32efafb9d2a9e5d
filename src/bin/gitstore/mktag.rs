//! `gitstore mktag [--no-strict]`: check a tag object read from stdin and write it.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::object::TagRef;
use gitstore::Kind;
use std::io::{self, Read, Write};

/// Arguments of `mktag`.
#[derive(clap::Args)]
pub struct Args {
    /// Accept what only a non-strict check would (gitstore checks the same either way).
    #[arg(long = "no-strict")]
    no_strict: bool,
    /// Check strictly (the default).
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let _ = (args.no_strict, args.strict);
    let repo = ctx.repo()?;
    let mut data = Vec::new();
    io::stdin().lock().read_to_end(&mut data)?;
    let fsck_failure = |what: &str| {
        eprintln!("error: tag input does not pass fsck: {what}");
        CliError::Fatal("tag on stdin did not pass our strict fsck check".into())
    };
    let tag = TagRef::parse(&data).map_err(|e| fsck_failure(&e.to_string()))?;
    let owned = tag.to_owned();
    if owned.tagger.is_none() {
        return Err(fsck_failure(
            "missingTaggerEntry: invalid format - expected 'tagger' line",
        ));
    }
    // Reading takes any header lines after `tagger`, as git's parser does; git's fsck does not.
    if !owned.extra_headers.is_empty() || !owned.spelling.lines.is_empty() {
        return Err(fsck_failure(
            "extraHeaderEntry: invalid format - extra header(s) after 'tagger'",
        ));
    }
    owned.validate().map_err(fsck_failure)?;
    let target = owned.target;
    let header = repo
        .odb()
        .try_read_header(&target)?
        .ok_or_else(|| CliError::Fatal(format!("could not read tagged object '{target}'")))?;
    if header.kind != owned.target_kind {
        return Err(CliError::Fatal(format!(
            "object '{target}' tagged as '{}', but is a '{}' type",
            owned.target_kind, header.kind
        )));
    }
    let id = repo.odb().write(Kind::Tag, &data)?;
    let mut out = stdout();
    writeln!(out, "{id}")?;
    crate::finish(out)
}
