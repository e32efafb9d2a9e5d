//! `gitstore for-each-ref [--format=FMT] [--sort=KEY]… [--count=N] [--points-at=OBJ]
//! [PATTERN…]`: list refs with `%(atom)` formats (see `gitstore::refs::format`).

use crate::{stdout, CliError, CliResult, Context};
use gitstore::refs::format::{
    name_matches_path, Format, Formatter, RefItem, SortKey, DEFAULT_FORMAT,
};
use gitstore::{Kind, ObjectId, Repository};
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
    /// Show only N matched refs.
    #[arg(long, value_name = "N")]
    count: Option<usize>,
    /// Print only refs which point at the given object.
    #[arg(long = "points-at", value_name = "OBJECT")]
    points_at: Vec<String>,
    /// Patterns: a ref matches when a pattern is a prefix of it up to a `/`, or a glob.
    #[arg(value_name = "PATTERN")]
    patterns: Vec<String>,
}

/// The object a ref points at, or (one level) the object its annotated tag points at, is one
/// of `wanted` (git's `match_points_at`).
pub fn points_at(repo: &Repository, id: &ObjectId, wanted: &[ObjectId]) -> Result<bool, CliError> {
    if wanted.contains(id) {
        return Ok(true);
    }
    let mut data = Vec::new();
    if repo.odb().try_read(id, &mut data)? == Some(Kind::Tag) {
        if let Ok(tag) = gitstore::object::TagRef::parse(&data) {
            return Ok(wanted.contains(&tag.target));
        }
    }
    Ok(false)
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let format = Format::parse(args.format.as_deref().unwrap_or(DEFAULT_FORMAT).as_bytes())
        .map_err(|e| match e.to_string() {
            m if m.starts_with("malformed") => CliError::Usage(m),
            m => CliError::Fatal(m),
        })?;
    let keys = args
        .sort
        .iter()
        .map(|k| SortKey::parse(k))
        .collect::<Result<Vec<_>, _>>()?;
    let wanted = args
        .points_at
        .iter()
        .map(|p| {
            crate::revarg::resolve(&repo, p)
                .map_err(|_| CliError::Fatal(format!("malformed object name {p}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let list = repo.refs().list(b"")?;
    for broken in &list.broken {
        eprintln!("warning: ignoring broken ref {}", broken.name);
    }
    let patterns: Vec<&[u8]> = args.patterns.iter().map(|p| p.as_bytes()).collect();
    let mut items = Vec::new();
    for item in RefItem::from_list(&repo, &list)? {
        if !name_matches_path(item.name.as_bytes(), &patterns) {
            continue;
        }
        if !wanted.is_empty() && !points_at(&repo, &item.id, &wanted)? {
            continue;
        }
        items.push(item);
    }
    let mut formatter = Formatter::new(&repo)?;
    formatter.sort(&mut items, &keys)?;
    let mut out = stdout();
    let mut line = Vec::new();
    for item in items.iter().take(args.count.unwrap_or(usize::MAX)) {
        line.clear();
        formatter.format(&format, item, &mut line)?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    crate::finish(out)
}
