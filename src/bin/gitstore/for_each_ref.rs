//! `gitstore for-each-ref [--format=FMT] [--sort=KEY]… [--count=N] [--shell|--perl|--python|
//! --tcl] [--points-at=OBJ] [--merged|--no-merged|--contains|--no-contains [COMMIT]]
//! [--exclude=PATTERN] [--stdin] [PATTERN…]`: list refs with `%(atom)` formats (see
//! `gitstore::refs::format`).

use crate::{stdout, CliError, CliResult, Context};
use gitstore::mailmap::Mailmap;
use gitstore::refs::format::json::RefListing;
use gitstore::refs::format::{
    Format, FormatError, FormatErrorKind, FormatWarning, Quote, RefFilter, RefItem, SortKey,
    DEFAULT_FORMAT,
};
use gitstore::refs::pattern::walked_for;
use gitstore::refs::RefName;
use gitstore::{ObjectId, Repository};
use std::io::{BufRead, IsTerminal, Write};

/// Arguments of `for-each-ref`.
#[derive(clap::Args)]
pub struct Args {
    /// Quote placeholders suitably for shells.
    #[arg(short = 's', long)]
    shell: bool,
    /// Quote placeholders suitably for perl.
    #[arg(short = 'p', long)]
    perl: bool,
    /// Quote placeholders suitably for python.
    #[arg(long)]
    python: bool,
    /// Quote placeholders suitably for Tcl.
    #[arg(long)]
    tcl: bool,
    /// Do not output a newline after empty formatted refs.
    #[arg(long = "omit-empty")]
    omit_empty: bool,
    /// Format to use for the output.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Respect format colors (`always`, `never`, `auto`).
    #[arg(long, value_name = "WHEN", num_args = 0..=1, default_missing_value = "always", require_equals = true)]
    color: Option<String>,
    /// Exclude refs which match pattern.
    #[arg(long, value_name = "PATTERN")]
    exclude: Vec<String>,
    /// Field name to sort on (repeatable; the last one is the primary key).
    #[arg(long, value_name = "KEY", overrides_with = "no_sort")]
    sort: Vec<String>,
    /// No sorting at all (git's `--no-sort`: forgets the keys given before it).
    #[arg(long = "no-sort", overrides_with = "sort")]
    no_sort: bool,
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
    /// Print only refs that are merged.
    #[arg(long, value_name = "COMMIT", num_args = 0..=1, default_missing_value = "HEAD")]
    merged: Vec<String>,
    /// Print only refs that are not merged.
    #[arg(long = "no-merged", value_name = "COMMIT", num_args = 0..=1, default_missing_value = "HEAD")]
    no_merged: Vec<String>,
    /// Print only refs which contain the commit.
    #[arg(long, value_name = "COMMIT", num_args = 0..=1, default_missing_value = "HEAD")]
    contains: Vec<String>,
    /// Print only refs which don't contain the commit.
    #[arg(long = "no-contains", value_name = "COMMIT", num_args = 0..=1, default_missing_value = "HEAD")]
    no_contains: Vec<String>,
    /// Sorting and filtering are case insensitive.
    #[arg(long = "ignore-case")]
    ignore_case: bool,
    /// Read reference patterns from stdin.
    #[arg(long)]
    stdin: bool,
    /// Also include HEAD ref and pseudorefs.
    #[arg(long = "include-root-refs")]
    include_root_refs: bool,
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

fn quote_style(args: &Args) -> Result<Quote, CliError> {
    let styles = [
        (args.shell, Quote::Shell),
        (args.perl, Quote::Perl),
        (args.python, Quote::Python),
        (args.tcl, Quote::Tcl),
    ];
    let chosen: Vec<Quote> = styles.iter().filter(|s| s.0).map(|s| s.1).collect();
    match chosen.as_slice() {
        [] => Ok(Quote::None),
        [one] => Ok(*one),
        _ => {
            eprintln!("error: more than one quoting style?");
            eprint!("{USAGE}");
            Err(CliError::Exit(129))
        }
    }
}

pub fn format_error(e: FormatError) -> CliError {
    match &e.kind {
        FormatErrorKind::MalformedFormatString { .. } => {
            CliError::Usage(crate::render::ref_format(&e))
        }
        FormatErrorKind::UnrecognizedColor { color } => {
            eprintln!("error: invalid color value: {color}");
            CliError::Fatal(crate::render::ref_format(&e))
        }
        _ => CliError::Fatal(crate::render::ref_format(&e)),
    }
}

/// `--merged`, `--contains`…: each name resolved to a commit, or git's complaint.
fn commits_of(
    repo: &Repository,
    names: &[String],
    option: &str,
) -> Result<Vec<ObjectId>, CliError> {
    let mut ids = Vec::new();
    let contains = option.ends_with("contains");
    for name in names {
        let id = crate::revarg::resolve(repo, name).map_err(|e| {
            crate::packed_refs_fatal(&e).unwrap_or_else(|| {
                if contains {
                    eprintln!("error: malformed object name {name}");
                    CliError::Exit(129)
                } else {
                    CliError::Fatal(format!("malformed object name {name}"))
                }
            })
        })?;
        let chain = repo.odb().tag_chain(&id)?;
        let commit = chain.peeled().unwrap_or(id);
        let kind = repo.odb().try_read_header(&commit)?.map(|h| h.kind);
        if kind != Some(gitstore::Kind::Commit) {
            if let Some(kind) = kind {
                eprintln!(
                    "error: object {commit} is a {}, not a commit",
                    kind.as_str()
                );
            }
            if contains {
                eprintln!("error: no such commit {name}");
            } else {
                eprintln!("error: option `{option}' must point to a commit");
            }
            return Err(CliError::Exit(129));
        }
        ids.push(commit);
    }
    Ok(ids)
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

/// The patterns: the arguments, or the lines of stdin with `--stdin`.
fn patterns(args: &Args) -> Result<Vec<Vec<u8>>, CliError> {
    if !args.stdin {
        return Ok(args
            .patterns
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect());
    }
    if !args.patterns.is_empty() {
        return Err(CliError::Fatal(
            "unknown arguments supplied with --stdin".into(),
        ));
    }
    let mut out = Vec::new();
    for line in std::io::stdin().lock().split(b'\n') {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        out.push(line);
    }
    Ok(out)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let count = parse_count(args.count.as_deref())?;
    let quote = quote_style(&args)?;
    let repo = ctx.repo()?;
    let format = Format::parse(args.format.as_deref().unwrap_or(DEFAULT_FORMAT).as_bytes())
        .and_then(|f| f.check(quote).map(|()| f))
        .map_err(format_error)?;
    let mut formatter = formatter_for(&repo, &format)?;
    let mut keys = Vec::new();
    if !args.no_sort || !args.sort.is_empty() {
        keys = args
            .sort
            .iter()
            .map(|k| SortKey::parse(k).map_err(format_error))
            .collect::<Result<Vec<_>, _>>()?;
    }
    let resolve_points_at = |p: &String| {
        crate::revarg::resolve(&repo, p).map_err(|e| {
            crate::packed_refs_fatal(&e).unwrap_or_else(|| {
                eprintln!("error: malformed object name '{p}'");
                CliError::Exit(129)
            })
        })
    };
    let filter = RefFilter {
        patterns: patterns(&args)?,
        excludes: args.exclude.iter().map(|p| p.as_bytes().to_vec()).collect(),
        ignore_case: args.ignore_case,
        points_at: args
            .points_at
            .iter()
            .map(resolve_points_at)
            .collect::<Result<Vec<_>, _>>()?,
        merged: commits_of(&repo, &args.merged, "merged")?,
        no_merged: commits_of(&repo, &args.no_merged, "no-merged")?,
        contains: commits_of(&repo, &args.contains, "contains")?,
        no_contains: commits_of(&repo, &args.no_contains, "no-contains")?,
    };
    // git's want_color: `--color[=when]`; for-each-ref reads no `color.ui`, so without the
    // option it is auto: a terminal that is not dumb
    let when = args.color.as_deref().unwrap_or("auto").to_ascii_lowercase();
    let color = match when.as_str() {
        "always" => true,
        "auto" | "true" | "yes" | "on" | "1" => {
            std::io::stdout().is_terminal() && repo.env().var("TERM").is_some_and(|t| t != "dumb")
        }
        _ => false,
    };
    formatter.set_quote(quote);
    formatter.set_color(color);
    prepare_formatter(&repo, &mut formatter, &format)?;
    let list = repo.refs().list(b"")?;
    let raw_patterns: Vec<&[u8]> = filter.patterns.iter().map(|p| p.as_slice()).collect();
    for broken in list
        .broken
        .iter()
        .filter(|b| walked_for(&b.name, &raw_patterns))
    {
        crate::warn_broken_ref(broken);
    }
    let mut items = Vec::new();
    if args.include_root_refs {
        items.extend(RefItem::root_refs(repo.refs()));
    }
    items.extend(RefItem::from_list(repo.refs(), &list)?);
    let mut items = filter.apply(repo.odb(), items)?;
    formatter.prepare(&format, &items)?;
    if !(args.no_sort && keys.is_empty()) {
        formatter.sort_with(&mut items, &keys, args.ignore_case)?;
    }
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
    write_lines(
        &mut out,
        &mut formatter,
        &format,
        &items,
        count,
        args.omit_empty,
    )?;
    crate::finish(out)
}

/// A formatter for `format` with the commits its `%(ahead-behind:…)` and `%(is-base:…)`
/// compare against (git dies of one that is not a commit).
pub fn formatter_for<'r>(
    repo: &'r Repository,
    format: &Format,
) -> Result<gitstore::refs::format::Formatter<'r>, CliError> {
    let mut formatter = repo.ref_formatter()?;
    for base in format.committishes() {
        let id = crate::revarg::resolve(repo, base)
            .ok()
            .and_then(|id| {
                repo.odb()
                    .tag_chain(&id)
                    .ok()
                    .map(|c| c.peeled().unwrap_or(id))
            })
            .filter(|id| {
                repo.odb()
                    .try_read_header(id)
                    .ok()
                    .flatten()
                    .is_some_and(|h| h.kind == gitstore::Kind::Commit)
            })
            .ok_or_else(|| CliError::Fatal(format!("failed to find '{base}'")))?;
        formatter.set_base(base, id);
    }
    Ok(formatter)
}

/// What every ref listing sets up: dates from the environment, the mailmap when an atom asks
/// for it, the worktree of each checked-out branch.
pub fn prepare_formatter(
    repo: &Repository,
    formatter: &mut gitstore::refs::format::Formatter<'_>,
    format: &Format,
) -> CliResult {
    formatter.set_date_context(gitstore::date::DateContext::from_env(repo.env()));
    if format.atoms().any(|a| {
        matches!(
            &a.kind,
            gitstore::refs::format::AtomKind::Person(
                _,
                gitstore::refs::format::PersonField::Name(true)
            )
        ) || matches!(&a.kind, gitstore::refs::format::AtomKind::Person(_, gitstore::refs::format::PersonField::Email(o)) if o.mailmap)
    }) {
        formatter.set_mailmap(Mailmap::load(repo)?);
    }
    // each worktree's branch is where its HEAD ends, through any symbolic refs (git's
    // `head_ref`); this one's HEAD is read through the ref store, the others' from their files
    let resolved = |name: &RefName| match repo.refs().resolve(name) {
        Ok(Some(r)) if !r.name().is_head() => Some(r.name().clone()),
        _ => None,
    };
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a == b
            || (a.canonicalize().ok().is_some() && a.canonicalize().ok() == b.canonicalize().ok())
    };
    let mut worktrees: Vec<(RefName, bstr::BString, std::path::PathBuf)> = Vec::new();
    if let (Some(top), Some(head)) = (repo.work_tree(), resolved(&RefName::head())) {
        worktrees.push((
            head,
            top.to_string_lossy().into_owned().into(),
            top.to_path_buf(),
        ));
    }
    for (path, branch) in repo.worktrees() {
        if worktrees.iter().any(|(_, _, p)| same(p, &path)) {
            continue;
        }
        let name = branch.and_then(|b| RefName::new(b.as_slice()).ok());
        if let Some(name) = name.and_then(|n| resolved(&n).or(Some(n))) {
            worktrees.push((name, path.to_string_lossy().into_owned().into(), path));
        }
    }
    let worktrees = worktrees
        .into_iter()
        .map(|(n, shown, _)| (n, shown))
        .collect();
    formatter.set_worktrees(worktrees);
    Ok(())
}

/// One line per item (the first `count`), as git's `print_formatted_ref_array`.
pub fn write_lines(
    out: &mut impl Write,
    formatter: &mut gitstore::refs::format::Formatter<'_>,
    format: &Format,
    items: &[RefItem],
    count: usize,
    omit_empty: bool,
) -> CliResult {
    let mut line = Vec::new();
    for item in items.iter().take(count) {
        line.clear();
        formatter.format(format, item, &mut line)?;
        for w in formatter.take_warnings() {
            if let FormatWarning::NotACommit { id, kind } = w {
                eprintln!("error: object {id} is a {}, not a commit", kind.as_str());
            }
        }
        if line.is_empty() && omit_empty {
            continue;
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// What `branch` and `tag` list with a format or sort keys: `items` sorted by `sort` (else by
/// the command's `<command>.sort` config, else by name) and formatted by `format`, through
/// the formatter behind for-each-ref.
pub fn print_listing(
    repo: &Repository,
    mut items: Vec<RefItem>,
    first: Option<RefItem>,
    format: &str,
    sort: &[String],
    sort_config: &str,
) -> CliResult {
    let format = Format::parse(format.as_bytes())
        .and_then(|f| f.check(Quote::None).map(|()| f))
        .map_err(|e| match e.kind {
            // git's branch and tag die where for-each-ref shows its usage
            FormatErrorKind::MalformedFormatString { .. } => {
                eprintln!("error: {}", crate::render::ref_format(&e));
                CliError::Fatal("unable to parse format string".into())
            }
            _ => format_error(e),
        })?;
    let mut formatter = formatter_for(repo, &format)?;
    let configured: Vec<String>;
    let sort = if sort.is_empty() {
        configured = repo
            .config()
            .get_all(sort_config)
            .into_iter()
            .flatten()
            .map(|v| v.to_string())
            .collect();
        &configured
    } else {
        sort
    };
    let keys = sort
        .iter()
        .map(|k| SortKey::parse(k).map_err(format_error))
        .collect::<Result<Vec<_>, _>>()?;
    prepare_formatter(repo, &mut formatter, &format)?;
    // git's REF_SORTING_DETACHED_HEAD_FIRST
    let sorted_from = usize::from(first.is_some());
    if let Some(first) = first {
        items.insert(0, first);
    }
    formatter.prepare(&format, &items)?;
    formatter.sort_with(&mut items[sorted_from..], &keys, false)?;
    let mut out = stdout();
    write_lines(&mut out, &mut formatter, &format, &items, usize::MAX, false)?;
    crate::finish(out)
}

/// The refs under `prefix` (`refs/heads/`, `refs/tags/`) whose short names match one of
/// `patterns` (all when there is none), as `branch --list` and `tag --list` match them; every
/// broken ref below `prefix` is warned of on the way, as git does.
pub fn items_under(
    repo: &Repository,
    prefix: &[u8],
    patterns: &[String],
) -> Result<Vec<RefItem>, CliError> {
    let pats: Vec<&[u8]> = patterns.iter().map(|p| p.as_bytes()).collect();
    let list = repo.refs().list(prefix)?;
    // git's ref filter warns of every broken ref it walks, whatever the patterns
    for broken in &list.broken {
        crate::warn_broken_ref(broken);
    }
    Ok(RefItem::from_list(repo.refs(), &list)?
        .into_iter()
        .filter(|item| gitstore::refs::pattern::name_matches(item.name.as_bytes(), &pats))
        .collect())
}
