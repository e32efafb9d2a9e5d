//! `gitstore ls-tree [-d] [-r] [-t] [-l] [-z] [--name-only | --name-status | --object-only]
//! [--abbrev[=N]] [--full-name] [--full-tree] TREE-ISH [PATH...]`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::object::tree::write_c_quoted;
use gitstore::revision::Hint;
use gitstore::walk::{walk_tree, Visit, WalkEntry};
use gitstore::{Kind, Repository};
use std::io::Write;

/// Arguments of `ls-tree`.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
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
    check_cmdmodes()?;
    let repo = ctx.repo()?;
    let not_valid = || CliError::Fatal(format!("Not a valid object name {}", args.tree_ish));
    let id = match crate::revarg::lookup(&repo, args.tree_ish.as_bytes(), Hint::Any) {
        Ok(Some(id)) => id,
        Err(gitstore::Error::Revision(e)) if e.is_fatal() => {
            return Err(CliError::Fatal(crate::revarg::fatal_message(&e)))
        }
        _ => return Err(not_valid()),
    };
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
    let mut specs = Vec::new();
    for p in &args.paths {
        specs.push(pathspec(&repo, &prefix, p)?);
    }
    if specs.is_empty() && !prefix.is_empty() {
        specs.push(prefix.clone());
    }
    // a spec naming the top (`.` there, `..` one level down) matches everything
    if specs.iter().any(Vec::is_empty) {
        specs.clear();
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
        let is_dir = is_tree || entry.mode.is_commit();
        if !specs.is_empty() && !interesting(&specs, &entry.path, is_tree, is_dir) {
            return Ok(Visit::Skip);
        }
        let recurse = is_tree && (args.recursive || leads_to_spec(&specs, &entry.path));
        let show = if is_tree && recurse {
            args.show_trees || (args.trees_only && args.recursive)
        } else {
            // -d leaves out blobs only: gitlinks are listed as trees are
            !args.trees_only || entry.mode.kind() != Kind::Blob
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

/// A path argument as git's pathspec code makes it: joined to the prefix and normalized, an
/// absolute path taken from the top of the work tree; fatal when it leaves the work tree.
fn pathspec(repo: &Repository, prefix: &[u8], arg: &str) -> Result<Vec<u8>, CliError> {
    let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
    let outside = || {
        let top = top
            .as_ref()
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        CliError::Fatal(format!("{arg}: '{arg}' is outside repository at '{top}'"))
    };
    let joined = match arg.strip_prefix('/') {
        Some(_) => {
            let top = top.as_ref().ok_or_else(outside)?;
            let rest = std::path::Path::new(arg)
                .strip_prefix(top)
                .map_err(|_| outside())?;
            let mut rel = rest.as_os_str().as_encoded_bytes().to_vec();
            if arg.ends_with('/') && !rel.is_empty() {
                rel.push(b'/');
            }
            rel
        }
        None => [prefix, arg.as_bytes()].concat(),
    };
    gitstore::revision::normalize_path(&joined)
        .map(Vec::from)
        .ok_or_else(outside)
}

/// ls-tree's output modes (one `OPT_CMDMODE` group): the first two given together are a
/// usage error.
fn check_cmdmodes() -> CliResult {
    let mut modes = crate::cmdmode::CmdMode::default();
    for opt in crate::cmdmode::options_of("ls-tree") {
        let mode = match opt.as_str() {
            "--name-only" => "name-only",
            "--name-status" => "name-status",
            "--object-only" => "object-only",
            "--long" | "-l" => "long",
            _ => continue,
        };
        modes.see(mode, &opt)?;
    }
    Ok(())
}

/// Whether the entry at `path` is named by a (literal) path spec: it is one, it is inside one,
/// or it is a directory on the way to one. A spec ending in `/` names a directory (a tree or a
/// gitlink, `is_dir`) only.
fn interesting(specs: &[Vec<u8>], path: &[u8], is_tree: bool, is_dir: bool) -> bool {
    specs.iter().any(|s| {
        let s = s.as_slice();
        let trimmed = s.strip_suffix(b"/").unwrap_or(s);
        // `dir/` names a directory only
        (path == trimmed && (is_dir || trimmed.len() == s.len()))
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
    // a directory the prefix is in: `./` for the prefix itself, else one `../` a level
    if let Some(below) = prefix.strip_prefix(path).and_then(|r| r.strip_prefix(b"/")) {
        let ups = below.iter().filter(|&&b| b == b'/').count();
        return if ups == 0 {
            b"./".to_vec()
        } else {
            b"../".repeat(ups)
        };
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
