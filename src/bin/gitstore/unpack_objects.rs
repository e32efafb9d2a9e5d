//! `gitstore unpack-objects [-n] [-q] [--strict] < <pack>`
//!
//! git's words for every refusal are made here from the library's typed errors.

use crate::index_pack::{fsck_lines, Counted, Meter};
use crate::{CliError, CliResult, Context};
use gitstore::fsck;
use gitstore::pack::PackErrorKind;
use gitstore::receive::{unpack_objects, Progress, StrictError, UnpackOptions};

/// Arguments of `unpack-objects`.
#[derive(clap::Args)]
#[command(args_override_self = true)]
pub struct Args {
    /// Dry run: check the pack, write nothing.
    #[arg(short = 'n')]
    dry_run: bool,
    /// Show no progress.
    #[arg(short = 'q')]
    quiet: bool,
    /// Run the fsck checks on every object.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let options = UnpackOptions {
        dry_run: args.dry_run,
        strict: args.strict.then(fsck::Options::strict),
        limits: *repo.odb().limits(),
    };
    let meter = Meter::new(
        !args.quiet && Meter::stderr_is_terminal(),
        "Unpacking objects",
        Some(Counted::UNPACK),
    );
    let report = |p: Progress| meter.show(p);
    unpack_objects(&mut std::io::stdin().lock(), repo.odb(), &options, &report).map_err(fatal)?;
    meter.done();
    Ok(())
}

/// git's words (and exit codes) for a pack `unpack-objects` refuses.
fn fatal(e: gitstore::Error) -> CliError {
    match e {
        gitstore::Error::Pack(p) => match p.kind {
            PackErrorKind::EarlyEof => CliError::Fatal("early EOF".into()),
            PackErrorKind::ChecksumMismatch { .. } => {
                CliError::Fatal("final sha1 did not match".into())
            }
            PackErrorKind::BadMagic => CliError::Fatal("bad pack file".into()),
            PackErrorKind::BadVersion(v) => {
                CliError::Fatal(format!("unknown pack file version {v}"))
            }
            // git reports these as errors and exits 1 once the stream is read
            PackErrorKind::BadEntryType(t) => {
                eprintln!("error: bad object type {t}");
                CliError::Exit(1)
            }
            PackErrorKind::BadEntryData(_) => {
                eprintln!("error: inflate returned -3");
                CliError::Exit(1)
            }
            PackErrorKind::UnresolvedDeltas { .. } => {
                CliError::Fatal("unresolved deltas left after unpacking".into())
            }
            PackErrorKind::BadDelta(_) => CliError::Fatal("failed to apply delta".into()),
            _ => CliError::Fatal(p.to_string()),
        },
        gitstore::Error::Strict(StrictError::Fsck { id, problems }) => CliError::FatalAfter(
            fsck_lines(&id, &problems),
            "fsck error in packed object".into(),
        ),
        // git finds no object for the link and dies with this
        gitstore::Error::Strict(StrictError::MissingLink { .. }) => {
            CliError::Fatal("object of unexpected type".into())
        }
        other => other.into(),
    }
}
