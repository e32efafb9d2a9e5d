//! `gitstore verify-pack [-v] [-s] <pack>[.idx|.pack]...`
//!
//! Like git, which runs `index-pack --verify` on each pack: the entries are described (for `-v`
//! and `-s`) whenever the pack itself reads, even when its index turns out wrong; the verdict
//! `<pack>: bad` follows, and the reason goes to stderr as git words it.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::limits::Limits;
use gitstore::pack::verify_json::{PackJson, VerifyJson};
use gitstore::pack::{
    check_pack, write_verify_pack_entries, write_verify_pack_s, write_verify_pack_v,
    PackCheckError, PackErrorKind,
};
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `verify-pack`.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
pub struct Args {
    /// Print every object, then the delta histogram.
    #[arg(short, long)]
    verbose: bool,
    /// Print only the delta histogram.
    #[arg(short = 's', long = "stat-only")]
    stat_only: bool,
    /// With -v: print every pack as JSON (schema `gitstore.verify-pack/1`, see
    /// `gitstore::pack::verify_json`); errors still go to stderr.
    #[arg(long, requires = "verbose", conflicts_with = "stat_only")]
    json: bool,
    /// The packs, by their `.idx` (or `.pack`) file.
    #[arg(value_name = "PACK")]
    packs: Vec<PathBuf>,
}

/// `x.idx` and `x.pack` name the pack `x`; any other name is the pack's base name as is
/// (`y.foo` is `y.foo.pack` with `y.foo.idx`).
fn with_suffix(given: &std::path::Path, suffix: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let bytes = given.as_os_str().as_bytes();
    let base = bytes
        .strip_suffix(b".idx")
        .or_else(|| bytes.strip_suffix(b".pack"))
        .unwrap_or(bytes);
    let mut name = OsStr::from_bytes(base).to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// git's complaint (`check_packed_git_idx`) about an index whose layout it refuses.
fn index_complaint(kind: &PackErrorKind, path: &str) -> Option<String> {
    Some(match kind {
        PackErrorKind::IndexTooSmall => format!("index file {path} is too small"),
        PackErrorKind::IndexVersion(v) => format!(
            "index file {path} is version {v} and is not supported by this binary \
             (try upgrading GIT to a newer version)"
        ),
        PackErrorKind::IndexNotMonotonic { .. } => format!("non-monotonic index {path}"),
        PackErrorKind::IndexWrongSize { version, .. } => {
            format!("wrong index v{version} file size in {path}")
        }
        _ => return None,
    })
}

/// What git's `index-pack --verify` dies with, for each verdict.
fn fatal(error: &PackCheckError) -> String {
    match error {
        PackCheckError::NoPack { idx } => {
            format!("Cannot open existing pack file '{}'", idx.display())
        }
        PackCheckError::NoIndex { idx, .. } => {
            format!("Cannot open existing pack idx file for '{}'", idx.display())
        }
        PackCheckError::LargeOffset { pack } => format!(
            "offset beyond end of pack index for {} (truncated index?)",
            pack.display()
        ),
        PackCheckError::Signature => "pack signature mismatch".into(),
        PackCheckError::Version(v) => format!("pack version {v} unsupported"),
        PackCheckError::EarlyEof => "early EOF".into(),
        PackCheckError::BadObject { offset, status, .. } => {
            format!("pack has bad object at offset {offset}: inflate returned {status}")
        }
        PackCheckError::Junk => "pack has junk at the end".into(),
        PackCheckError::Checksum => "pack is corrupted (SHA1 mismatch)".into(),
        PackCheckError::Index { idx, .. } => {
            format!("sha1 file '{}' validation error", idx.display())
        }
        other => other.to_string(),
    }
}

pub fn run(args: Args, _ctx: &Context) -> CliResult {
    if args.packs.is_empty() {
        return Err(CliError::UsageText(include_str!("usage/verify-pack.txt")));
    }
    let mut out = stdout();
    let mut failed = false;
    let mut packs = Vec::new();
    for given in &args.packs {
        let idx = with_suffix(given, ".idx");
        let check = check_pack(&idx, Limits::default());
        if args.json {
            packs.push(PackJson::new(
                with_suffix(given, ".pack"),
                check.report.as_ref(),
                check.error.is_none(),
            ));
        } else if let Some(report) = &check.report {
            if args.stat_only {
                write_verify_pack_s(report, &mut out)?;
            } else if args.verbose && check.error.is_none() {
                write_verify_pack_v(report, &mut out)?;
            } else if args.verbose {
                write_verify_pack_entries(report, &mut out)?;
            }
        }
        if let Some(error) = check.error {
            out.flush()?;
            match &error {
                PackCheckError::NoIndex {
                    idx,
                    layout: Some(kind),
                } => {
                    if let Some(c) = index_complaint(kind, &idx.display().to_string()) {
                        eprintln!("error: {c}");
                    }
                }
                PackCheckError::BadObject { zlib: Some(m), .. } => {
                    eprintln!("error: inflate: data stream error ({m})")
                }
                _ => {}
            }
            eprintln!("fatal: {}", fatal(&error));
            if (args.verbose || args.stat_only) && !args.json {
                writeln!(out, "{}: bad", with_suffix(given, ".pack").display())?;
            }
            failed = true;
        }
    }
    if args.json {
        let doc = VerifyJson {
            schema: gitstore::pack::verify_json::SCHEMA,
            packs,
        };
        serde_json::to_writer_pretty(&mut out, &doc)
            .map_err(|e| CliError::Fatal(format!("cannot write JSON: {e}")))?;
        writeln!(out)?;
    }
    out.flush()?;
    if failed {
        return Err(CliError::Exit(1));
    }
    Ok(())
}
