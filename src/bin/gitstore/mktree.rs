//! `gitstore mktree [-z] [--missing] [--batch]`: build trees from `ls-tree` formatted lines.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::object::{EntryMode, Tree};
use gitstore::{Kind, ObjectId, Repository};
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
        let (mode, id, name) = parse_line(&repo, &line, args.missing, args.nul)?;
        tree.push(mode, name, id);
    }
    crate::finish(out)
}

/// One `<mode> SP <type> SP <id> TAB <path>` line, checked as git's `mktree_line` checks it,
/// in its order: the shape of the line, the quoting of the path, the type against the mode, the
/// object, and last the path.
fn parse_line(
    repo: &Repository,
    line: &[u8],
    allow_missing: bool,
    nul_terminated: bool,
) -> Result<(EntryMode, ObjectId, Vec<u8>), CliError> {
    let bad = || {
        CliError::Fatal(format!(
            "input format error: {}",
            String::from_utf8_lossy(line)
        ))
    };
    let (mode, used) = strtoul_octal(line).ok_or_else(bad)?;
    let rest = line
        .get(used..)
        .and_then(|r| r.strip_prefix(b" "))
        .ok_or_else(bad)?;
    let sp = rest.iter().position(|&b| b == b' ').ok_or_else(bad)?;
    let (kind_text, rest) = (&rest[..sp], &rest[sp + 1..]);
    let id = rest
        .get(..ObjectId::HEX_LEN)
        .and_then(|hex| ObjectId::from_hex(hex).ok())
        .ok_or_else(bad)?;
    let raw_path = rest
        .get(ObjectId::HEX_LEN..)
        .and_then(|r| r.strip_prefix(b"\t"))
        .ok_or_else(bad)?;
    let mode = EntryMode::from_value(mode);
    let mode_kind = mode.object_type();
    let allow_missing = allow_missing || mode_kind == Kind::Commit;
    let path = if !nul_terminated && raw_path.first() == Some(&b'"') {
        // as git's `unquote_c_style`, whatever follows the closing quote is ignored
        gitstore::odb::alternates::unquote_c_prefix(raw_path)
            .ok_or_else(|| CliError::Fatal("invalid quoting".into()))?
    } else {
        raw_path.to_vec()
    };
    let shown = String::from_utf8_lossy(&path).to_string();
    let declared = String::from_utf8_lossy(kind_text).to_string();
    let kind = Kind::from_bytes(kind_text)
        .ok_or_else(|| CliError::Fatal(format!("invalid object type \"{declared}\"")))?;
    if kind != mode_kind {
        return Err(CliError::Fatal(format!(
            "entry '{shown}' object type ({declared}) doesn't match mode type ({mode_kind})"
        )));
    }
    match repo.odb().try_read_header(&id)? {
        None if allow_missing => {}
        None => {
            return Err(CliError::Fatal(format!(
                "entry '{shown}' object {id} is unavailable"
            )))
        }
        Some(h) if h.kind != mode_kind => {
            return Err(CliError::Fatal(format!(
                "entry '{shown}' object {id} is a {} but specified type was ({mode_kind})",
                h.kind
            )))
        }
        Some(_) => {}
    }
    if path.contains(&b'/') {
        return Err(CliError::Fatal(format!("path {shown} contains slash")));
    }
    Ok((mode, id, path))
}

/// C's `strtoul(s, &end, 8)` as git's mktree reads a mode: leading white space, an optional
/// sign, octal digits; saturating on overflow, negated by `-`, then cut to an `unsigned` as git
/// stores it. Returns the value and the bytes used, `None` when there are no digits.
fn strtoul_octal(s: &[u8]) -> Option<(u32, usize)> {
    let mut i = s
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .count();
    let negative = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = s
        .get(i..)?
        .iter()
        .take_while(|b| (b'0'..=b'7').contains(*b))
        .count();
    if digits == 0 {
        return None;
    }
    let value = s.get(i..i + digits)?.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(8)?.checked_add(u64::from(d - b'0'))
    });
    let value = match value {
        None => u64::MAX,
        Some(v) if negative => v.wrapping_neg(),
        Some(v) => v,
    };
    Some((value as u32, i + digits))
}
