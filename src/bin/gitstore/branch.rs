//! `gitstore branch [-v] [-l PATTERN…]`, `branch [-f] NAME [START]`, `branch (-d|-D) NAME…`,
//! `branch (-m|-M) [OLD] NEW`, `branch --show-current`.

use crate::{stdout, CliError, CliResult, Context};
use bstr::ByteSlice;
use gitstore::refs::format::name_matches;
use gitstore::refs::{name::check_ref_format, RefEdit, RefName, Resolved, Target};
use gitstore::revision::{abbreviate, default_abbrev_len, Hint, Resolver};
use gitstore::{ObjectId, Repository};
use std::io::Write;

/// Arguments of `branch`.
#[derive(clap::Args)]
pub struct Args {
    /// List branches (optionally only those matching the patterns).
    #[arg(short = 'l', long)]
    list: bool,
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

/// `refs/heads/<name>` if `name` is a valid branch name (git's `strbuf_check_branch_ref`).
fn branch_ref(name: &str) -> Option<RefName> {
    if name.starts_with('-') || name == "HEAD" {
        return None;
    }
    let full = format!("refs/heads/{name}");
    check_ref_format(full.as_bytes()).ok()?;
    RefName::new(full.as_bytes()).ok()
}

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

/// The branch HEAD points at (even unborn); `None` when detached.
fn current_branch(repo: &Repository) -> Result<Option<RefName>, CliError> {
    Ok(match repo.refs().find(&RefName::head())? {
        Some(r) => match r.target {
            Target::Symbolic(t) => Some(match repo.refs().resolve(&r.name)? {
                Some(res) => res.name().clone(),
                None => t,
            }),
            Target::Object(_) => None,
        },
        None => None,
    })
}

/// git's `branch_checked_out`: the worktree whose HEAD is at `full` (an unborn branch too), if
/// any; a bare repository's HEAD checks nothing out.
fn checked_out(repo: &Repository, current: Option<&RefName>, full: &RefName) -> Option<String> {
    if current == Some(full) && repo.work_tree().is_some() {
        return Some(worktree_path(repo));
    }
    repo.worktrees()
        .into_iter()
        .find(|(_, b)| b.as_ref().map(|b| b.as_slice()) == Some(full.as_bytes()))
        .map(|(path, _)| path.display().to_string())
}

fn worktree_path(repo: &Repository) -> String {
    repo.work_tree()
        .unwrap_or(repo.git_dir())
        .display()
        .to_string()
}

fn short(name: &RefName) -> String {
    name.as_bytes()
        .strip_prefix(b"refs/heads/")
        .unwrap_or(name.as_bytes())
        .to_str_lossy()
        .into_owned()
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
        return list(&repo, &args.args, args.verbose > 0);
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

fn list(repo: &Repository, patterns: &[String], verbose: bool) -> CliResult {
    let current = current_branch(repo)?;
    let refs = repo.refs().list(b"refs/heads/")?;
    let pats: Vec<&[u8]> = patterns.iter().map(|p| p.as_bytes()).collect();
    // (current, short name, id, what a symbolic branch points at)
    let mut rows: Vec<(bool, String, Option<ObjectId>, Option<String>)> = Vec::new();
    if current.is_none() && pats.is_empty() {
        if let Some(Resolved::Object { id, .. }) = repo.refs().resolve(&RefName::head())? {
            rows.push((true, detached_label(repo, id)?, Some(id), None));
        }
    }
    for r in &refs.refs {
        if !name_matches(r.name.as_bytes(), &pats) {
            continue;
        }
        let id = repo.refs().resolve(&r.name)?.and_then(|x| x.id());
        let symref = match &r.target {
            Target::Symbolic(to) => Some(repo.refs().shorten(to, true).to_string()),
            Target::Object(_) => None,
        };
        rows.push((
            current.as_ref() == Some(&r.name),
            short(&r.name),
            id,
            symref,
        ));
    }
    // branches checked out in another worktree are marked `+`, as git marks them: the branch
    // a worktree's HEAD ends at, through symbolic branches
    let elsewhere: Vec<bstr::BString> = repo
        .worktrees()
        .into_iter()
        .filter_map(|(_, branch)| branch)
        .map(|b| {
            let end = RefName::new(b.as_slice())
                .ok()
                .and_then(|n| repo.refs().resolve(&n).ok().flatten());
            match end {
                Some(res) => res.name().as_bytes().into(),
                None => b,
            }
        })
        .filter(|b| current.as_ref().map(|c| c.as_bytes()) != Some(b.as_slice()))
        .collect();
    let width = rows
        .iter()
        .map(|(_, n, _, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = stdout();
    for (is_current, name, id, symref) in rows {
        let full = format!("refs/heads/{name}");
        let mark = if is_current {
            '*'
        } else if elsewhere.iter().any(|b| b.as_slice() == full.as_bytes()) {
            '+'
        } else {
            ' '
        };
        if !verbose {
            match symref {
                Some(to) => writeln!(out, "{mark} {name} -> {to}")?,
                None => writeln!(out, "{mark} {name}")?,
            }
            continue;
        }
        let Some(id) = id else {
            writeln!(out, "{mark} {name}")?;
            continue;
        };
        let abbrev = abbreviate(repo, &id, default_abbrev_len(repo))?;
        let mut data = Vec::new();
        let subject = match repo.odb().try_read(&id, &mut data)? {
            Some(gitstore::Kind::Commit | gitstore::Kind::Tag) => {
                gitstore::refs::format::subject_of(&data)
                    .to_str_lossy()
                    .into_owned()
            }
            _ => String::new(),
        };
        let pad = width - name.chars().count();
        writeln!(out, "{mark} {name}{:pad$} {abbrev} {subject}", "")?;
    }
    crate::finish(out)
}

/// git's `wt_status_get_detached_from`: the last `checkout: moving from A to B` of HEAD's
/// reflog names what HEAD was detached at (or from, when it moved since). B is shown as the
/// full ref it names by the dwim rules, less only `refs/tags/` or `refs/remotes/` (so
/// `checkout --detach main` shows `refs/heads/main`), when it names exactly one ref and that
/// ref still points at the commit the checkout went to; otherwise that commit, abbreviated.
/// No checkout in the reflog: `(no branch)`.
fn detached_label(repo: &Repository, head: ObjectId) -> Result<String, CliError> {
    let log = repo.refs().reflog(&RefName::head())?;
    let found = log.iter().rev().find_map(|e| {
        let rest = e.message.strip_prefix(b"checkout: moving from ")?;
        let to = rest.find(b" to ")?;
        let target = &rest[to + 4..];
        let target = &target[..target.find_byte(b'\n').unwrap_or(target.len())];
        Some((target.to_vec(), e.new))
    });
    let Some((target, at)) = found else {
        return Ok("(no branch)".into());
    };
    let abbrev = abbreviate(repo, &at, default_abbrev_len(repo))?;
    // "HEAD" is relative to when the checkout happened: git uses the commit it went to
    let target = if target == b"HEAD" {
        abbrev.clone().into_bytes()
    } else {
        target
    };
    let mut resolver = Resolver::new(repo);
    let m = resolver.dwim_ref(&target)?;
    let still_there = match m.id {
        Some(id) if m.count == 1 => id == at || resolver.peel_to_commit(id)? == Some(at),
        _ => false,
    };
    let name = match m.full_name.filter(|_| still_there) {
        Some(full) => {
            let full = full.as_bytes();
            full.strip_prefix(b"refs/tags/")
                .or_else(|| full.strip_prefix(b"refs/remotes/"))
                .unwrap_or(full)
                .to_str_lossy()
                .into_owned()
        }
        None => abbrev,
    };
    let how = if at == head { "at" } else { "from" };
    Ok(format!("(HEAD detached {how} {name})"))
}

fn create(repo: &Repository, name: &str, start: Option<&String>, force: bool) -> CliResult {
    let full = branch_ref(name).ok_or_else(|| invalid_name(repo, name))?;
    let existing = repo.refs().resolve_id(full.as_bytes());
    let current = current_branch(repo)?;
    if existing.is_some() {
        if !force {
            return Err(CliError::Fatal(format!(
                "a branch named '{name}' already exists"
            )));
        }
        if let Some(path) = checked_out(repo, current.as_ref(), &full) {
            return Err(CliError::Fatal(format!(
                "cannot force update the branch '{name}' used by worktree at '{path}'"
            )));
        }
    }
    let start_name = match start {
        Some(s) => s.clone(),
        None => match &current {
            Some(c) => short(c),
            None => "HEAD".to_string(),
        },
    };
    let commit = branch_point(repo, &start_name)?;
    let message = if existing.is_some() {
        format!("branch: Reset to {start_name}")
    } else {
        format!("branch: Created from {start_name}")
    };
    let expected = if force { None } else { Some(ObjectId::null()) };
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::update(full, commit, expected).message(message))?;
    tx.commit()?;
    Ok(())
}

/// git's `dwim_branch_start`: the start point must name an object, be at most one ref by the
/// dwim rules (`v1` that is both a branch and a tag is refused), and peel to a commit.
fn branch_point(repo: &Repository, start: &str) -> Result<ObjectId, CliError> {
    let id = crate::revarg::resolve_with(repo, start.as_bytes(), Hint::Committish)
        .map_err(|_| CliError::Fatal(format!("not a valid object name: '{start}'")))?;
    let mut resolver = Resolver::new(repo);
    let matched = resolver.dwim_ref(start.as_bytes());
    crate::revarg::report(&mut resolver);
    if matched?.count > 1 {
        return Err(CliError::Fatal(format!("ambiguous object name: '{start}'")));
    }
    let not_a_branch_point = || CliError::Fatal(format!("not a valid branch point: '{start}'"));
    match resolver.deref_tags(id)? {
        Some((commit, gitstore::Kind::Commit)) => Ok(commit),
        Some((other, kind)) => {
            eprintln!("error: object {other} is a {kind}, not a commit");
            Err(not_a_branch_point())
        }
        None => Err(not_a_branch_point()),
    }
}

fn delete(repo: &Repository, names: &[String], force: bool) -> CliResult {
    if names.is_empty() {
        return Err(CliError::Fatal("branch name required".into()));
    }
    let current = current_branch(repo)?;
    let head = repo.refs().resolve_id(b"HEAD");
    let mut resolver = Resolver::new(repo);
    let mut failed = false;
    let mut out = stdout();
    for name in names {
        let full = branch_ref(name);
        // git asks whether a worktree has the branch before whether it exists
        let used_by = full
            .as_ref()
            .and_then(|f| checked_out(repo, current.as_ref(), f));
        if let Some(path) = used_by {
            eprintln!(
                "{}",
                crate::update_ref::sanitize(&format!(
                    "error: cannot delete branch '{name}' used by worktree at '{path}'"
                ))
            );
            failed = true;
            continue;
        }
        let found = full
            .as_ref()
            .map(|f| repo.refs().find(f))
            .transpose()?
            .flatten();
        let (Some(full), Some(found)) = (full, found) else {
            eprintln!(
                "{}",
                crate::update_ref::sanitize(&format!("error: branch '{name}' not found"))
            );
            failed = true;
            continue;
        };
        let id = match found.target {
            Target::Object(id) => id,
            Target::Symbolic(_) => repo.refs().resolve_id(full.as_bytes()).unwrap_or_default(),
        };
        if !force {
            // merged: the branch's commit is an ancestor of HEAD (git's default without an
            // upstream)
            let merged = match head {
                Some(h) => resolver.merge_bases(id, h)?.contains(&id),
                None => true,
            };
            if !merged {
                eprintln!("error: the branch '{name}' is not fully merged");
                if crate::update_ref::advice_enabled(repo, "forceDeleteBranch") {
                    eprintln!(
                        "hint: If you are sure you want to delete it, run 'git branch -D {name}'\n\
                         hint: Disable this message with \"git config advice.forceDeleteBranch false\""
                    );
                }
                failed = true;
                continue;
            }
        }
        let mut tx = repo.refs().transaction();
        tx.push(RefEdit::delete(full, Some(id)).no_deref())?;
        if let Err(e) = tx.commit() {
            eprintln!("{}", crate::update_ref::sanitize(&format!("error: {e}")));
            failed = true;
            continue;
        }
        let abbrev = abbreviate(repo, &id, default_abbrev_len(repo))?;
        writeln!(out, "Deleted branch {name} (was {abbrev}).")?;
    }
    crate::finish(out)?;
    if failed {
        Err(CliError::Exit(1))
    } else {
        Ok(())
    }
}

fn rename(repo: &Repository, names: &[String], force: bool) -> CliResult {
    let current = current_branch(repo)?;
    let (old, new) = match names {
        [] => return Err(CliError::Fatal("branch name required".into())),
        [new] => match &current {
            Some(c) => (short(c), new.clone()),
            None => {
                return Err(CliError::Fatal(
                    "cannot rename the current branch while not on any".into(),
                ))
            }
        },
        [old, new] => (old.clone(), new.clone()),
        _ => {
            return Err(CliError::Fatal(
                "too many arguments for a rename operation".into(),
            ))
        }
    };
    let old_full = branch_ref(&old).ok_or_else(|| invalid_name(repo, &old))?;
    let new_full = branch_ref(&new).ok_or_else(|| invalid_name(repo, &new))?;
    // an unborn branch HEAD points at is renamed by pointing HEAD at the new name
    let is_head = current.as_ref() == Some(&old_full);
    let exists = repo.refs().find(&old_full)?.is_some();
    if !exists && !is_head {
        return Err(CliError::Fatal(format!("no branch named '{old}'")));
    }
    if repo.refs().find(&new_full)?.is_some() && old_full != new_full {
        if !force {
            return Err(CliError::Fatal(format!(
                "a branch named '{new}' already exists"
            )));
        }
        if let Some(path) = checked_out(repo, current.as_ref(), &new_full) {
            return Err(CliError::Fatal(format!(
                "cannot force update the branch '{new}' used by worktree at '{path}'"
            )));
        }
    }
    let message = format!("Branch: renamed {old_full} to {new_full}");
    let who = gitstore::identity::reflog_committer_with_env(repo.config(), repo.env())?;
    if exists {
        if let Err(e) = repo
            .refs()
            .rename(&old_full, &new_full, force, message.as_bytes(), &who)
        {
            eprintln!("{}", crate::update_ref::sanitize(&format!("error: {e}")));
            return Err(CliError::Fatal("branch rename failed".into()));
        }
    }
    if is_head {
        let mut tx = repo.refs().transaction();
        tx.push(RefEdit::symbolic(RefName::head(), new_full).message(message))?;
        tx.commit_with(&who)?;
    }
    Ok(())
}
