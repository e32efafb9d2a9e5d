//! `gitstore ls-tree [-d] [-r] [-t] [-l] [-z] [--name-only | --name-status | --object-only]
//! [--abbrev[=N]] [--full-name] [--full-tree] TREE-ISH [PATH...]`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::object::tree::write_c_quoted;
use gitstore::walk::{walk_tree, Visit, WalkEntry};
use gitstore::{Kind, Repository};
use std::io::Write;

/// Arguments of `ls-tree`.
#[derive(clap::Args)]
pub struct Args {
    /// Show only the named tree entries themselves, not their children.
    #[arg(short = 'd')]
    trees_only: bool,
    /// Recurse into subtrees.
    #[arg(short = 'r')]
    recursive: bool,
    /// Show tree entries even when recursing into them.
    #[arg(short = 't')]
    show_trees: bool,
    /// Show object sizes of blob entries.
    #[arg(short = 'l', long = "long")]
    long: bool,
    /// Terminate entries with NUL and do not quote names.
    #[arg(short = 'z')]
    nul: bool,
    /// List only names.
    #[arg(long = "name-only", alias = "name-status")]
    name_only: bool,
    /// List only object ids.
    #[arg(long = "object-only")]
    object_only: bool,
    /// Abbreviate object ids (to N hex digits at least).
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true, default_missing_value = "0")]
    abbrev: Option<usize>,
    /// Show full paths from the top of the work tree.
    #[arg(long = "full-name")]
    full_name: bool,
    /// List the whole tree whatever the current directory (implies --full-name).
    #[arg(long = "full-tree")]
    full_tree: bool,
    /// The tree, commit or tag to list.
    tree_ish: String,
    /// Paths to list (literal; a trailing `/` lists a directory's content).
    paths: Vec<String>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let id = gitstore::revision::resolve(&repo, &args.tree_ish)
        .map_err(|_| CliError::Fatal(format!("Not a valid object name {}", args.tree_ish)))?;
    if repo.odb().peel_to(&id, Kind::Tree)?.is_none() {
        return Err(CliError::Fatal("not a tree object".into()));
    }
    let prefix: Vec<u8> = if args.full_tree {
        Vec::new()
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| repo.prefix_of(&cwd))
            .map(|p| p.to_vec())
            .unwrap_or_default()
    };
    let mut specs: Vec<Vec<u8>> = args
        .paths
        .iter()
        .map(|p| {
            let mut s = prefix.clone();
            s.extend_from_slice(p.as_bytes());
            s
        })
        .collect();
    if specs.is_empty() && !prefix.is_empty() {
        specs.push(prefix.clone());
    }
    let strip = if args.full_name || args.full_tree {
        Vec::new()
    } else {
        prefix
    };
    let abbrev = match args.abbrev {
        Some(0) => Some(gitstore::revision::default_abbrev_len(&repo)),
        other => other,
    };
    let mut out = stdout();
    let mut failure = None;
    walk_tree(repo.odb(), &id, |entry| {
        let is_tree = entry.mode.is_tree();
        if !specs.is_empty() && !interesting(&specs, &entry.path, is_tree) {
            return Ok(Visit::Skip);
        }
        let recurse = is_tree && (args.recursive || leads_to_spec(&specs, &entry.path));
        let show = if is_tree && recurse {
            args.show_trees || (args.trees_only && args.recursive)
        } else {
            !args.trees_only || is_tree
        };
        if show {
            if let Err(e) = print(&repo, &args, abbrev, &strip, entry, &mut out) {
                failure = Some(e);
                return Err(gitstore::Error::InvalidInput("output failed".into()));
            }
        }
        Ok(if recurse { Visit::Descend } else { Visit::Skip })
    })
    .map_err(|e| failure.take().unwrap_or_else(|| CliError::from(e)))?;
    crate::finish(out)
}

/// Whether the entry at `path` is named by a (literal) path spec: it is one, it is inside one,
/// or it is a directory on the way to one.
fn interesting(specs: &[Vec<u8>], path: &[u8], is_tree: bool) -> bool {
    specs.iter().any(|s| {
        let s = s.as_slice();
        let trimmed = s.strip_suffix(b"/").unwrap_or(s);
        path == trimmed
            || (path.starts_with(trimmed) && path.get(trimmed.len()) == Some(&b'/'))
            || (is_tree && s.starts_with(path) && s.get(path.len()) == Some(&b'/'))
    })
}

/// Whether a spec reaches below the directory `path` (so the walk must go in), as git's
/// `show_recursive` decides.
fn leads_to_spec(specs: &[Vec<u8>], path: &[u8]) -> bool {
    specs
        .iter()
        .any(|s| s.len() > path.len() && s.starts_with(path) && s[path.len()] == b'/')
}

fn print(
    repo: &Repository,
    args: &Args,
    abbrev: Option<usize>,
    strip: &[u8],
    entry: &WalkEntry,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let term: &[u8] = if args.nul { b"\0" } else { b"\n" };
    let hex = match abbrev {
        Some(n) => gitstore::revision::abbreviate(repo, &entry.id, n)?,
        None => entry.id.to_hex(),
    };
    if args.object_only {
        out.write_all(hex.as_bytes())?;
        out.write_all(term)?;
        return Ok(());
    }
    if !args.name_only {
        let kind = entry.mode.kind();
        out.write_all(&entry.mode.to_pretty())?;
        write!(out, " {} {hex}", kind.as_str())?;
        if args.long {
            if kind == Kind::Blob {
                let size = repo.odb().read_header(&entry.id)?.size;
                write!(out, " {size:>7}")?;
            } else {
                write!(out, " {:>7}", "-")?;
            }
        }
        out.write_all(b"\t")?;
    }
    let name = relative(&entry.path, strip);
    if args.nul {
        out.write_all(&name)?;
    } else {
        write_c_quoted(&name, out)?;
    }
    out.write_all(term)?;
    Ok(())
}

/// `path` relative to the directory `prefix` (which ends in `/`), with `../` for paths outside
/// it, as git writes names relative to the current directory.
fn relative(path: &[u8], prefix: &[u8]) -> Vec<u8> {
    if let Some(rest) = path.strip_prefix(prefix) {
        return rest.to_vec();
    }
    let mut common = 0;
    for (i, (a, b)) in path.iter().zip(prefix.iter()).enumerate() {
        if a != b {
            break;
        }
        if *a == b'/' {
            common = i + 1;
        }
    }
    let ups = prefix[common..].iter().filter(|&&b| b == b'/').count();
    let mut out = b"../".repeat(ups);
    out.extend_from_slice(&path[common..]);
    out
}
