//! `gitstore count-objects [-v] [-H]`

use crate::{stdout, CliResult, Context};
use gitstore::odb::count::humanise_bytes;
use std::io::Write;

/// Arguments of `count-objects`.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
pub struct Args {
    /// Report packs, objects in packs, and garbage too.
    #[arg(short, long)]
    verbose: bool,
    /// Print sizes in human-readable form.
    #[arg(short = 'H', long = "human-readable")]
    human: bool,
    /// Print every count as JSON (schema `gitstore.count-objects/1`, sizes in bytes).
    #[arg(long)]
    json: bool,
}

/// `count-objects --json`: the counts, the alternates, and the schema they follow.
#[derive(serde::Serialize)]
struct Json<'a> {
    schema: &'static str,
    #[serde(flatten)]
    counts: &'a gitstore::odb::count::ObjectCounts,
    alternates: Vec<&'a std::path::Path>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    if args.verbose {
        // git looks objects up (and lists the alternates) only for -v
        repo.odb().report_warnings_now();
    }
    let c = repo.odb().count_objects()?;
    let size = |bytes: u64| {
        if args.human {
            humanise_bytes(bytes)
        } else {
            (bytes / 1024).to_string()
        }
    };
    let mut out = stdout();
    if args.json {
        let json = Json {
            schema: "gitstore.count-objects/1",
            counts: &c,
            alternates: repo.odb().object_dirs().skip(1).collect(),
        };
        serde_json::to_writer_pretty(&mut out, &json)
            .map_err(|e| crate::CliError::Fatal(format!("cannot write JSON: {e}")))?;
        writeln!(out)?;
    } else if args.verbose {
        let shown = crate::shown_objects_dir(&repo, ctx);
        for (path, reason) in &c.garbage_paths {
            let path = crate::shown_object_path(&repo, &shown, path);
            eprintln!("warning: {reason}: {path}");
        }
        writeln!(out, "count: {}", c.count)?;
        writeln!(out, "size: {}", size(c.size))?;
        writeln!(out, "in-pack: {}", c.in_pack)?;
        writeln!(out, "packs: {}", c.packs)?;
        writeln!(out, "size-pack: {}", size(c.size_pack))?;
        writeln!(out, "prune-packable: {}", c.prune_packable)?;
        writeln!(out, "garbage: {}", c.garbage)?;
        writeln!(out, "size-garbage: {}", size(c.size_garbage))?;
        for alternate in repo.odb().object_dirs().skip(1) {
            use std::os::unix::ffi::OsStrExt;
            out.write_all(b"alternate: ")?;
            gitstore::object::tree::write_c_quoted(alternate.as_os_str().as_bytes(), &mut out)?;
            out.write_all(b"\n")?;
        }
    } else if args.human {
        writeln!(out, "{} objects, {}", c.count, humanise_bytes(c.size))?;
    } else {
        writeln!(out, "{} objects, {} kilobytes", c.count, c.size / 1024)?;
    }
    crate::finish(out)
}
