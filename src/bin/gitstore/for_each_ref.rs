//! `gitstore for-each-ref [--format=FMT] [--sort=KEY]… [--count=N] [--points-at=OBJ]
//! [PATTERN…]`: list refs with `%(atom)` formats (see `gitstore::refs::format`).

use crate::{stdout, CliError, CliResult, Context};
use gitstore::refs::format::json::RefListing;
use gitstore::refs::format::{
    points_at, Format, FormatError, FormatErrorKind, RefItem, SortKey, DEFAULT_FORMAT,
};
use gitstore::refs::pattern::{name_matches_path, walked_for};
use std::io::Write;

/// Arguments of `for-each-ref`.
#[derive(clap::Args)]
pub struct Args {
    /// Format to use for the output.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Field name to sort on (repeatable; the last one is the primary key).
    #[arg(long, value_name = "KEY")]
    sort: Vec<String>,
    /// Show only N matched refs (0: all).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    count: Option<String>,
    /// Print only refs which point at the given object.
    #[arg(long = "points-at", value_name = "OBJECT")]
    points_at: Vec<String>,
    /// Print the refs as JSON (schema `gitstore.for-each-ref/1`, see
    /// `gitstore::refs::format::json`).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Patterns: a ref matches when a pattern is a prefix of it up to a `/`, or a glob.
    #[arg(value_name = "PATTERN")]
    patterns: Vec<String>,
}

/// git's usage text for `for-each-ref` (after a bad `--count`).
const USAGE: &str = include_str!("usage/for-each-ref.txt");

/// `--count`: git's `OPT_INTEGER`, then "a negative count is a usage error".
fn parse_count(arg: Option<&str>) -> Result<usize, CliError> {
    let Some(arg) = arg else {
        return Ok(usize::MAX);
    };
    let n: i64 = arg.parse().map_err(|_| {
        eprintln!("error: option `count' expects a numerical value");
        CliError::Exit(129)
    })?;
    match n {
        0 => Ok(usize::MAX),
        n if n < 0 => {
            eprintln!("error: invalid --count argument: `{n}'");
            eprint!("{USAGE}");
            Err(CliError::Exit(129))
        }
        n => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
    }
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let count = parse_count(args.count.as_deref())?;
    let repo = ctx.repo()?;
    let format = Format::parse(args.format.as_deref().unwrap_or(DEFAULT_FORMAT).as_bytes())
        .map_err(|e: FormatError| match e.kind {
            FormatErrorKind::MalformedFormatString { .. } => {
                CliError::Usage(crate::render::ref_format(&e))
            }
            _ => CliError::Fatal(crate::render::ref_format(&e)),
        })?;
    let keys = args
        .sort
        .iter()
        .map(|k| SortKey::parse(k).map_err(|e| CliError::Fatal(crate::render::ref_format(&e))))
        .collect::<Result<Vec<_>, _>>()?;
    let wanted = args
        .points_at
        .iter()
        .map(|p| {
            crate::revarg::resolve(&repo, p).map_err(|e| {
                crate::packed_refs_fatal(&e).unwrap_or_else(|| {
                    eprintln!("error: malformed object name '{p}'");
                    CliError::Exit(129)
                })
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let list = repo.refs().list(b"")?;
    let patterns: Vec<&[u8]> = args.patterns.iter().map(|p| p.as_bytes()).collect();
    for broken in list
        .broken
        .iter()
        .filter(|b| walked_for(&b.name, &patterns))
    {
        crate::warn_broken_ref(broken);
    }
    let mut items = Vec::new();
    for item in RefItem::from_list(repo.refs(), &list)? {
        if !name_matches_path(item.name.as_bytes(), &patterns) {
            continue;
        }
        if !wanted.is_empty() && !points_at(repo.odb(), &item.id, &wanted)? {
            continue;
        }
        items.push(item);
    }
    let mut formatter = repo.ref_formatter()?;
    formatter.sort(&mut items, &keys)?;
    let mut out = stdout();
    if args.json {
        let refs = items
            .iter()
            .take(count)
            .map(|item| formatter.json_entry(item))
            .collect::<Result<Vec<_>, _>>()?;
        let listing = RefListing {
            schema: gitstore::refs::format::json::SCHEMA,
            refs,
        };
        serde_json::to_writer_pretty(&mut out, &listing)
            .map_err(|e| CliError::Fatal(format!("cannot write JSON: {e}")))?;
        writeln!(out)?;
        return crate::finish(out);
    }
    let mut line = Vec::new();
    for item in items.iter().take(count) {
        line.clear();
        formatter.format(&format, item, &mut line)?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    crate::finish(out)
}
