//! `gitstore verify-pack [-v] [-s] <pack>[.idx|.pack]...`
//!
//! Like git, which runs `index-pack --verify` on each pack: the entries are described (for `-v`
//! and `-s`) whenever the pack itself reads, even when its index turns out wrong; the verdict
//! `<pack>: bad` follows, and the reason goes to stderr as git words it.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::limits::Limits;
use gitstore::pack::{
    check_pack, write_verify_pack_entries, write_verify_pack_s, write_verify_pack_v, PackCheckError,
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
    /// The packs, by their `.idx` (or `.pack`) file.
    #[arg(value_name = "PACK", required = true)]
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

pub fn run(args: Args, _ctx: &Context) -> CliResult {
    let mut out = stdout();
    let mut failed = false;
    for given in &args.packs {
        let idx = with_suffix(given, ".idx");
        let check = check_pack(&idx, Limits::default());
        if let Some(report) = &check.report {
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
                    complaint: Some(c), ..
                } => eprintln!("error: {c}"),
                PackCheckError::BadObject { zlib: Some(m), .. } => {
                    eprintln!("error: inflate: data stream error ({m})")
                }
                _ => {}
            }
            eprintln!("fatal: {error}");
            if args.verbose || args.stat_only {
                writeln!(out, "{}: bad", with_suffix(given, ".pack").display())?;
            }
            failed = true;
        }
    }
    out.flush()?;
    if failed {
        return Err(CliError::Exit(1));
    }
    Ok(())
}
