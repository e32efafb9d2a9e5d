//! `gitstore mktree [-z] [--missing] [--batch]`: build trees from `ls-tree` formatted lines.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::mktree::{check_line, parse_line, TreeLine, TreeLineError};
use gitstore::object::Tree;
use gitstore::Repository;
use std::io::{self, BufRead, Write};

/// Arguments of `mktree`.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
pub struct Args {
    /// Input lines end with NUL instead of LF.
    #[arg(short = 'z')]
    nul: bool,
    /// Allow entries whose objects are missing.
    #[arg(long)]
    missing: bool,
    /// Build several trees, separated by blank lines.
    #[arg(long)]
    batch: bool,
    /// Ignored, as git ignores arguments after the options.
    #[arg(hide = true)]
    _ignored: Vec<std::ffi::OsString>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let term = if args.nul { 0 } else { b'\n' };
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = stdout();
    let mut tree = Tree::new();
    let mut line = Vec::new();
    let mut any = false;
    loop {
        line.clear();
        let n = input.read_until(term, &mut line)?;
        if line.last() == Some(&term) {
            line.pop();
        }
        if n == 0 || (args.batch && line.is_empty()) {
            if n == 0 && args.batch && !any && tree.entries.is_empty() {
                break;
            }
            tree.sort();
            let id = repo.odb().write_object(&tree)?;
            writeln!(out, "{id}")?;
            out.flush()?;
            tree = Tree::new();
            any = false;
            if n == 0 {
                break;
            }
            continue;
        }
        if line.is_empty() {
            return Err(CliError::Fatal(
                "input format error: (blank line only valid in batch mode)".into(),
            ));
        }
        any = true;
        let entry = read_line(&repo, &line, args.missing, args.nul)?;
        tree.push(entry.mode, entry.name, entry.id);
    }
    crate::finish(out)
}

/// One `<mode> SP <type> SP <id> TAB <path>` line, checked as git's `mktree_line` checks it;
/// what is wrong with it in git's words.
fn read_line(
    repo: &Repository,
    line: &[u8],
    allow_missing: bool,
    nul_terminated: bool,
) -> Result<TreeLine, CliError> {
    let entry = parse_line(line, nul_terminated)
        .map_err(gitstore::Error::from)
        .and_then(|entry| check_line(repo.odb(), &entry, allow_missing).map(|()| entry));
    entry.map_err(|e| match e {
        gitstore::Error::TreeLine(TreeLineError::Format) => CliError::Fatal(format!(
            "input format error: {}",
            String::from_utf8_lossy(line)
        )),
        gitstore::Error::TreeLine(e) => CliError::Fatal(match e {
            TreeLineError::Quoting => "invalid quoting".into(),
            TreeLineError::UnknownType { declared } => {
                format!("invalid object type \"{declared}\"")
            }
            TreeLineError::TypeMismatch {
                name,
                declared,
                mode_kind,
            } => format!(
                "entry '{name}' object type ({declared}) doesn't match mode type ({mode_kind})"
            ),
            TreeLineError::Unavailable { name, id } => {
                format!("entry '{name}' object {id} is unavailable")
            }
            TreeLineError::WrongObject {
                name,
                id,
                actual,
                mode_kind,
            } => format!(
                "entry '{name}' object {id} is a {actual} but specified type was ({mode_kind})"
            ),
            TreeLineError::Slash { name } => format!("path {name} contains slash"),
            other => other.to_string(),
        }),
        other => other.into(),
    })
}
