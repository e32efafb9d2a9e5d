//! `gitstore branch [-v] [-l PATTERN…]`, `branch [-f] NAME [START]`, `branch (-d|-D) NAME…`,
//! `branch (-m|-M) [OLD] NEW`, `branch --show-current`.

use crate::{stdout, CliError, CliResult, Context};
use bstr::ByteSlice;
use gitstore::branch::{self, BranchError, BranchErrorKind};
use gitstore::refs::format::RefItem;
use gitstore::refs::RefName;
use gitstore::revision::{abbreviate, default_abbrev_len, Resolver};
use gitstore::Repository;
use std::io::Write;

/// Arguments of `branch`.
#[derive(clap::Args)]
pub struct Args {
    /// List branches (optionally only those matching the patterns).
    #[arg(short = 'l', long)]
    list: bool,
    /// Act on remote-tracking branches.
    #[arg(short = 'r', long)]
    remotes: bool,
    /// List both remote-tracking and local branches.
    #[arg(short = 'a', long)]
    all: bool,
    /// Show the id and subject of each branch.
    #[arg(short = 'v', long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Delete fully merged branches.
    #[arg(short = 'd', long)]
    delete: bool,
    /// Delete branches even if not merged.
    #[arg(short = 'D')]
    force_delete: bool,
    /// Move/rename a branch and its reflog.
    #[arg(short = 'm', long = "move")]
    rename: bool,
    /// Move/rename a branch, even if the target exists.
    #[arg(short = 'M')]
    force_rename: bool,
    /// Force creation, move/rename, deletion.
    #[arg(short = 'f', long)]
    force: bool,
    /// Show the current branch name.
    #[arg(long = "show-current")]
    show_current: bool,
    /// Format each listed branch (for-each-ref's format language).
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Sort the listed branches by this key (repeatable).
    #[arg(long, value_name = "KEY")]
    sort: Vec<String>,
    /// `NAME [START]`, `OLD NEW`, or patterns.
    #[arg(value_name = "ARGS")]
    args: Vec<String>,
}

/// git's synopsis, printed for arguments that fit no form (git follows it with the options).
const USAGE: &str = "\
usage: git branch [<options>] [-r | -a] [--merged] [--no-merged]
   or: git branch [<options>] [-f] [--recurse-submodules] <branch-name> [<start-point>]
   or: git branch [<options>] [-l] [<pattern>...]
   or: git branch [<options>] [-r] (-d | -D) <branch-name>...
   or: git branch [<options>] (-m | -M) [<old-branch>] <new-branch>
   or: git branch [<options>] (-c | -C) [<old-branch>] <new-branch>
   or: git branch [<options>] [-r | -a] [--points-at]
   or: git branch [<options>] [-r | -a] [--format]
";

const ADVICE_REF_SYNTAX: &str = "hint: See `man git check-ref-format`\n\
     hint: Disable this message with \"git config advice.refSyntax false\"";

fn invalid_name(repo: &Repository, name: &str) -> CliError {
    let shown: String = name
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    eprintln!("fatal: '{shown}' is not a valid branch name");
    if crate::update_ref::advice_enabled(repo, "refSyntax") {
        eprintln!("{ADVICE_REF_SYNTAX}");
    }
    CliError::Exit(128)
}

fn short(name: &RefName) -> String {
    branch::short_name(name).to_str_lossy().into_owned()
}

fn current_branch(repo: &Repository) -> Result<Option<RefName>, CliError> {
    Ok(branch::current(repo)?)
}

/// A refused branch operation in git's words. `creating`: a checked-out branch is one git
/// "cannot force update" (else "cannot delete").
fn branch_error(repo: &Repository, e: BranchError, creating: bool) -> CliError {
    let name = e.name.to_str_lossy();
    let sanitized = |msg: String| crate::update_ref::sanitize(&msg);
    match e.kind {
        BranchErrorKind::InvalidName => invalid_name(repo, &name),
        BranchErrorKind::AlreadyExists => {
            CliError::Fatal(format!("a branch named '{name}' already exists"))
        }
        BranchErrorKind::CheckedOut { worktree } if creating => CliError::Fatal(format!(
            "cannot force update the branch '{name}' used by worktree at '{}'",
            worktree.display()
        )),
        BranchErrorKind::CheckedOut { worktree } => {
            eprintln!(
                "{}",
                sanitized(format!(
                    "error: cannot delete branch '{name}' used by worktree at '{}'",
                    worktree.display()
                ))
            );
            CliError::Exit(1)
        }
        BranchErrorKind::NotFound if creating => {
            CliError::Fatal(format!("no branch named '{name}'"))
        }
        BranchErrorKind::NotFound => {
            eprintln!("{}", sanitized(format!("error: branch '{name}' not found")));
            CliError::Exit(1)
        }
        BranchErrorKind::NotFullyMerged => {
            eprintln!("error: the branch '{name}' is not fully merged");
            if crate::update_ref::advice_enabled(repo, "forceDeleteBranch") {
                eprintln!(
                    "hint: If you are sure you want to delete it, run 'git branch -D {name}'\n\
                     hint: Disable this message with \"git config advice.forceDeleteBranch false\""
                );
            }
            CliError::Exit(1)
        }
        BranchErrorKind::InvalidStartPoint => {
            CliError::Fatal(format!("not a valid object name: '{name}'"))
        }
        BranchErrorKind::AmbiguousStartPoint => {
            CliError::Fatal(format!("ambiguous object name: '{name}'"))
        }
        BranchErrorKind::NotABranchPoint { object } => {
            if let Some((other, kind)) = object {
                eprintln!("error: object {other} is a {kind}, not a commit");
            }
            CliError::Fatal(format!("not a valid branch point: '{name}'"))
        }
        BranchErrorKind::Detached => {
            CliError::Fatal("cannot rename the current branch while not on any".into())
        }
        BranchErrorKind::RenameFailed(e) => {
            eprintln!(
                "{}",
                sanitized(format!("error: {}", crate::render::error(&e)))
            );
            CliError::Fatal("branch rename failed".into())
        }
        BranchErrorKind::CopyFailed(e) => {
            eprintln!(
                "{}",
                sanitized(format!("error: {}", crate::render::error(&e)))
            );
            CliError::Fatal("branch copy failed".into())
        }
        BranchErrorKind::DeleteFailed(e) => {
            eprintln!("{}", sanitized(format!("error: {e}")));
            CliError::Exit(1)
        }
        BranchErrorKind::Other(e) => CliError::from(*e),
        other => CliError::Fatal(format!("{other:?}")),
    }
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    if args.show_current {
        let mut out = stdout();
        if let Some(b) = current_branch(&repo)? {
            writeln!(out, "{}", short(&b))?;
        }
        return crate::finish(out);
    }
    if args.delete || args.force_delete {
        return delete(&repo, &args.args, args.force_delete || args.force);
    }
    if args.rename || args.force_rename {
        return rename(&repo, &args.args, args.force_rename || args.force);
    }
    if args.list || args.args.is_empty() {
        return list(&repo, &args);
    }
    if args.remotes || args.all {
        return Err(CliError::Fatal(
            "the -a, and -r, options to 'git branch' do not take a branch name.\n\
             Did you mean to use: -a|-r --list <pattern>?"
                .into(),
        ));
    }
    match args.args.as_slice() {
        [name] => create(&repo, name, None, args.force),
        [name, start] => create(&repo, name, Some(start), args.force),
        _ => {
            eprintln!("{USAGE}");
            Err(CliError::Exit(129))
        }
    }
}

/// `branch [-r | -a] [-v…] [--format=F] [--sort=K…] [-l] [PATTERN…]`: the branches through the
/// for-each-ref formatter, in `--format` or the format git builds for the listing.
fn list(repo: &Repository, args: &Args) -> CliResult {
    let (local, remote) = match (args.all, args.remotes) {
        (true, _) => (true, true),
        (false, true) => (false, true),
        (false, false) => (true, false),
    };
    let mut items = Vec::new();
    if local {
        items.extend(crate::for_each_ref::items_under(
            repo,
            b"refs/heads/",
            &args.args,
        )?);
    }
    if remote {
        items.extend(crate::for_each_ref::items_under(
            repo,
            b"refs/remotes/",
            &args.args,
        )?);
    }
    // git branch --list also shows HEAD when it is detached
    let head = match local && args.args.is_empty() {
        true => detached_head(repo)?,
        false => None,
    };
    let remote_prefix = if local { "remotes/" } else { "" };
    let format = match &args.format {
        Some(f) => f.clone(),
        None => {
            let width = match args.verbose {
                0 => 0,
                _ => max_width(head.iter().chain(&items), remote_prefix.len()),
            };
            build_format(args.verbose, width, remote_prefix)
        }
    };
    crate::for_each_ref::print_listing(repo, items, head, &format, &args.sort, "branch.sort")
}

/// git's `calc_maxwidth`: the widest name shown (a remote-tracking branch's with its prefix).
fn max_width<'a>(items: impl Iterator<Item = &'a RefItem>, remote_bonus: usize) -> usize {
    items
        .map(|item| {
            let name = item.name.as_bytes();
            if let Some(d) = &item.description {
                return d.chars().count();
            }
            match name.strip_prefix(b"refs/remotes/") {
                Some(short) => short.chars().count() + remote_bonus,
                None => name
                    .strip_prefix(b"refs/heads/")
                    .unwrap_or(name)
                    .chars()
                    .count(),
            }
        })
        .max()
        .unwrap_or(0)
}

/// git's `build_format` (without colors): the current branch marked `*`, one checked out in
/// another worktree `+`, remote-tracking branches after `remote_prefix`, symbolic refs with
/// their target; with `-v` the id and subject in aligned columns and the upstream's distance,
/// with `-vv` the upstream's name and the other worktree's path too.
fn build_format(verbose: u8, width: usize, remote_prefix: &str) -> String {
    let prefix = remote_prefix.replace('%', "%%");
    let mut local = String::from(
        "%(if)%(HEAD)%(then)* %(else)%(if)%(worktreepath)%(then)+ %(else)  %(end)%(end)",
    );
    let mut remote = String::from("  ");
    if verbose > 0 {
        let obname = "%(objectname:short)";
        local.push_str(&format!(
            "%(align:{width},left)%(refname:lstrip=2)%(end) {obname} "
        ));
        if verbose > 1 {
            local.push_str(
                "%(if:notequals=*)%(HEAD)%(then)%(if)%(worktreepath)%(then)(%(worktreepath)) \
                 %(end)%(end)%(if)%(upstream)%(then)[%(upstream:short)%(if)%(upstream:track)\
                 %(then): %(upstream:track,nobracket)%(end)] %(end)%(contents:subject)",
            );
        } else {
            local.push_str(
                "%(if)%(upstream:track)%(then)%(upstream:track) %(end)%(contents:subject)",
            );
        }
        remote.push_str(&format!(
            "%(align:{width},left){prefix}%(refname:lstrip=2)%(end)%(if)%(symref)%(then) -> \
             %(symref:short)%(else) {obname} %(contents:subject)%(end)"
        ));
    } else {
        local.push_str("%(refname:lstrip=2)%(if)%(symref)%(then) -> %(symref:short)%(end)");
        remote.push_str(&format!(
            "{prefix}%(refname:lstrip=2)%(if)%(symref)%(then) -> %(symref:short)%(end)"
        ));
    }
    format!("%(if:notequals=refs/remotes)%(refname:rstrip=-2)%(then){local}%(else){remote}%(end)")
}

/// The listing's first row when `HEAD` is detached: `HEAD`, described as git's `branch` does.
fn detached_head(repo: &Repository) -> Result<Option<RefItem>, CliError> {
    if current_branch(repo)?.is_some() {
        return Ok(None);
    }
    let Some(id) = repo.refs().resolve_id(b"HEAD") else {
        return Ok(None);
    };
    let from = branch::detached_from(repo, id)?;
    Ok(Some(RefItem {
        name: RefName::head(),
        id,
        symref: None,
        peeled: None,
        description: Some(detached_label(from.as_ref()).into()),
    }))
}

/// `(HEAD detached at X)`, `(HEAD detached from X)` or `(no branch)`, as git's `branch` shows a
/// detached HEAD (see [`branch::detached_from`]).
fn detached_label(from: Option<&branch::DetachedFrom>) -> String {
    match from {
        Some(d) => format!(
            "(HEAD detached {} {})",
            if d.at { "at" } else { "from" },
            d.name
        ),
        None => "(no branch)".into(),
    }
}
fn create(repo: &Repository, name: &str, start: Option<&String>, force: bool) -> CliResult {
    let mut resolver = Resolver::new(repo);
    if let Ok(cwd) = std::env::current_dir() {
        resolver.set_prefix(repo.prefix_of(&cwd));
    }
    let created = branch::create(
        &mut resolver,
        name.as_bytes(),
        start.map(|s| s.as_bytes()),
        force,
    );
    crate::revarg::report(&mut resolver);
    created.map_err(|e| branch_error(repo, e, true))?;
    Ok(())
}

fn delete(repo: &Repository, names: &[String], force: bool) -> CliResult {
    if names.is_empty() {
        return Err(CliError::Fatal("branch name required".into()));
    }
    let mut resolver = Resolver::new(repo);
    let mut failed = false;
    let mut out = stdout();
    for name in names {
        match branch::delete_reporting(&mut resolver, name.as_bytes(), force) {
            Ok((_, was)) => {
                let was = match was {
                    branch::Was::Id(id) => abbreviate(repo, &id, default_abbrev_len(repo))?,
                    branch::Was::Symbolic(target) => target.to_string(),
                    _ => "broken".to_string(),
                };
                writeln!(out, "Deleted branch {name} (was {was}).")?;
            }
            Err(e) => match branch_error(repo, e, false) {
                CliError::Exit(1) => failed = true,
                fatal => return Err(fatal),
            },
        }
    }
    crate::finish(out)?;
    if failed {
        Err(CliError::Exit(1))
    } else {
        Ok(())
    }
}

fn rename(repo: &Repository, names: &[String], force: bool) -> CliResult {
    let (old, new) = match names {
        [new] => (None, new),
        [old, new] => (Some(old.as_bytes()), new),
        _ => {
            // git reads HEAD before it counts the arguments
            current_branch(repo)?;
            return Err(CliError::Fatal(if names.is_empty() {
                "branch name required".into()
            } else {
                "too many arguments for a rename operation".into()
            }));
        }
    };
    branch::rename(repo, old, new.as_bytes(), force).map_err(|e| branch_error(repo, e, true))?;
    Ok(())
}
