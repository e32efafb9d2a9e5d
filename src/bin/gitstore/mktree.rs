//! `gitstore mktree [-z] [--missing] [--batch]`: build trees from `ls-tree` formatted lines.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::object::{EntryMode, Tree};
use gitstore::{Kind, ObjectId, Repository};
use std::io::{self, BufRead, Write};

/// Arguments of `mktree`.
#[derive(clap::Args)]
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
            continue;
        }
        any = true;
        let (mode, id, name) = parse_line(&repo, &line, args.missing)?;
        tree.push(mode, name, id);
    }
    crate::finish(out)
}

/// One `<mode> SP <type> SP <id> TAB <path>` line, checked as git's mktree checks it.
fn parse_line(
    repo: &Repository,
    line: &[u8],
    allow_missing: bool,
) -> Result<(EntryMode, ObjectId, Vec<u8>), CliError> {
    let bad = || {
        CliError::Fatal(format!(
            "input format error: {}",
            String::from_utf8_lossy(line)
        ))
    };
    let sp = line.iter().position(|&b| b == b' ').ok_or_else(bad)?;
    let mode_text = &line[..sp];
    if mode_text.is_empty() || !mode_text.iter().all(|b| (b'0'..=b'7').contains(b)) {
        return Err(bad());
    }
    let mode = EntryMode::from_value(EntryMode::from_bytes(mode_text).map_err(|_| bad())?.value());
    let rest = &line[sp + 1..];
    let sp2 = rest.iter().position(|&b| b == b' ').ok_or_else(bad)?;
    let kind_text = &rest[..sp2];
    let rest = &rest[sp2 + 1..];
    let tab = rest.iter().position(|&b| b == b'\t').ok_or_else(bad)?;
    let id = ObjectId::from_hex(&rest[..tab]).map_err(|_| bad())?;
    let raw_path = &rest[tab + 1..];
    let path = if raw_path.first() == Some(&b'"') {
        gitstore::odb::alternates::unquote_c(raw_path).ok_or_else(|| {
            CliError::Fatal(format!(
                "invalid quoting: {}",
                String::from_utf8_lossy(raw_path)
            ))
        })?
    } else {
        raw_path.to_vec()
    };
    let shown = String::from_utf8_lossy(&path).to_string();
    if path.contains(&b'/') {
        return Err(CliError::Fatal(format!("path {shown} contains slash")));
    }
    let mode_kind = mode.kind();
    let declared = String::from_utf8_lossy(kind_text).to_string();
    if Kind::from_bytes(kind_text) != Some(mode_kind) {
        return Err(CliError::Fatal(format!(
            "entry '{shown}' object type ({declared}) doesn't match mode type ({mode_kind})"
        )));
    }
    if !allow_missing && mode_kind != Kind::Commit {
        match repo.odb().try_read_header(&id)? {
            None => {
                return Err(CliError::Fatal(format!(
                    "entry '{shown}' object {id} is unavailable"
                )))
            }
            Some(h) if h.kind != mode_kind => {
                return Err(CliError::Fatal(format!(
                    "entry '{shown}' object {id} is a {} but specified type was ({declared})",
                    h.kind
                )))
            }
            Some(_) => {}
        }
    }
    Ok((mode, id, path))
}
