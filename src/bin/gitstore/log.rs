//! `gitstore log [<options>] [<revision>…] [[--] <path>…]`: the commits of a walk
//! (`gitstore::history::walk`, arguments read as `rev-list` reads them, `HEAD` by default),
//! each shown by `gitstore::pretty` as `git log` shows it: the default format, `--oneline`,
//! `--pretty=`/`--format=`, `--decorate`, `--date=`, notes and the mailmap.

use crate::pretty_args::Command as Cmd;
use crate::rev_list::{parse, walk_error};
use crate::{stdout, CliResult, Context};
use bstr::BString;
use gitstore::pretty::{LogWriter, Mark, WalkInfo};
use std::ffi::OsString;
use std::io::Write;

/// Arguments of `log`: options, revisions and paths, read in order as git does.
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    /// Options, revisions and paths, in order.
    #[arg(allow_hyphen_values = true, trailing_var_arg = true, num_args = 0..)]
    args: Vec<OsString>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    // the command line as given (clap drops a `--`, which separates paths)
    let args: Vec<BString> = crate::raw_args_after("log", &args.args)
        .iter()
        .map(|a| BString::from(a.as_encoded_bytes()))
        .collect();
    let (walk, show) = parse(&repo, &args, Cmd::Log)?;
    let mut log = LogWriter::new(show.pretty.build(&repo, Cmd::Log)?);
    let mut out = stdout();
    let mut buf = Vec::new();
    let mut walk = walk;
    walk.keep_commit_buffers(true);
    while let Some(commit) = walk.next() {
        let commit = commit.map_err(walk_error)?;
        let data = match walk.take_commit_buffer(&commit.id) {
            Some(data) => data,
            None => repo.odb().read(&commit.id)?.data,
        };
        let mark = if commit.boundary {
            Mark::Boundary
        } else if commit.left {
            Mark::Left
        } else {
            Mark::Right
        };
        let info = WalkInfo {
            mark,
            source: None,
            parents: Some(&commit.parents),
        };
        buf.clear();
        let related = match (show.parents, show.children) {
            (true, _) => &commit.parents[..],
            (_, true) => &commit.children[..],
            _ => &[],
        };
        log.write_commit_related(
            &commit.id,
            &data,
            info,
            commit.boundary || show.left_right,
            related,
            &mut buf,
        )?;
        out.write_all(&buf)?;
    }
    crate::leak(walk);
    crate::finish(out)
}
