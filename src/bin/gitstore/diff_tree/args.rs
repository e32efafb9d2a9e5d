//! `diff-tree`'s command line, read as git's `setup_revisions` reads it: options anywhere
//! before `--`; revisions (`A`, `^A`, `A..B`, `A...B`, `A^@`, `A^!`, `A^-n`) until the first
//! argument that is not one; paths after it, which must then exist in the work tree.

use super::{Format, Options, Pending, USAGE};
use crate::{CliError, CliResult};
use bstr::ByteSlice;
use gitstore::diff::DiffOptions;
use gitstore::graph::{self, Commits};
use gitstore::pathspec::{looks_like_pathspec, names_existing_path};
use gitstore::revision::{self, Hint, ParentShorthand};
use gitstore::{ObjectId, Repository};
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// Reads the command line: the options, the revisions, and the paths into the options'
/// pathspec.
pub(super) fn parse(
    repo: &Repository,
    cwd: &Path,
    args: &[OsString],
) -> Result<(Options, Vec<Pending>), CliError> {
    let mut options = Options {
        diff: DiffOptions::default(),
        root: false,
        all_parents: false,
        format: Format::Raw,
        nul: false,
        no_commit_id: false,
        stdin: false,
        quote_fully: repo
            .config()
            .get_bool("core.quotepath")
            .ok()
            .flatten()
            .unwrap_or(true),
    };
    let dashdash = args.iter().position(|a| a == "--");
    let (before, after) = match dashdash {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (args, &args[args.len()..]),
    };
    let mut names_only = false;
    let mut names_status = false;
    let mut pending = Vec::new();
    let mut paths: Vec<Vec<u8>> = after.iter().map(|a| a.as_bytes().to_vec()).collect();
    // git's setup_revisions: after `--end-of-options` nothing is an option
    let mut end_of_options = false;
    for (i, arg) in before.iter().enumerate() {
        let arg = arg.as_bytes();
        if arg == b"--end-of-options" && !end_of_options {
            end_of_options = true;
            continue;
        }
        if arg.starts_with(b"-") && arg != b"-" && !end_of_options {
            match arg {
                b"-r" => options.diff.recursive = true,
                b"-t" => options.diff.show_trees = true,
                b"--root" => options.root = true,
                b"-m" => options.all_parents = true,
                b"--name-only" => names_only = true,
                b"--name-status" => names_status = true,
                b"-z" => options.nul = true,
                b"--no-commit-id" => options.no_commit_id = true,
                b"--stdin" => options.stdin = true,
                b"-M" | b"--find-renames" => options.diff.renames = Some(renames(repo)),
                _ => return Err(CliError::UsageText(USAGE)),
            }
            continue;
        }
        match revision(repo, arg, dashdash.is_some(), cwd)? {
            Some(p) => pending.extend(p),
            None => {
                // the first argument that is not a revision: it and the rest are paths
                for (j, path) in before[i..].iter().enumerate() {
                    verify_filename(repo, cwd, path.as_bytes(), j == 0)?;
                }
                let rest = before[i..].iter().map(|a| a.as_bytes().to_vec());
                paths.splice(0..0, rest);
                break;
            }
        }
    }
    if names_only && names_status {
        return Err(CliError::Fatal(
            "options '--name-only', '--name-status', '--check', and '-s' cannot be used together"
                .into(),
        ));
    }
    options.format = match (names_only, names_status) {
        (true, _) => Format::NameOnly,
        (_, true) => Format::NameStatus,
        _ => Format::Raw,
    };
    if !paths.is_empty() {
        let prefix = repo.prefix_of(cwd).map(|p| p.to_vec()).unwrap_or_default();
        options.diff.pathspec = crate::pathspec_arg::parse(repo, &paths, &prefix)?;
    }
    Ok((options, pending))
}

/// One revision argument, resolved into what git adds to its pending list (git's
/// `handle_revision_arg`); `None` when it names nothing (so it is a path).
///
/// `A..B` is `^A B`; `A...B` is `A B` and their merge bases (only whether there is one matters
/// here, so the first stands for them); `A^@` is A's parents, `A^!` is `^`-parents and A,
/// `A^-n` is `^A^n A`.
fn revision(
    repo: &Repository,
    arg: &[u8],
    dashdash: bool,
    cwd: &Path,
) -> Result<Option<Vec<Pending>>, CliError> {
    let pending = |id, uninteresting| Pending { id, uninteresting };
    let not_a_file = |name: &[u8]| -> CliResult {
        let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
        if !dashdash && in_work_tree(repo, cwd) && names_existing_path(name, cwd, top.as_deref()) {
            outside_work_tree(repo, cwd, name)?;
            return Err(crate::revarg::both_revision_and_filename(name));
        }
        Ok(())
    };
    if let Some(range) = revision::parse_range(arg) {
        if let (Some(a_id), Some(b_id)) = (lookup(repo, range.from)?, lookup(repo, range.to)?) {
            not_a_file(arg)?;
            if !range.symmetric {
                return Ok(Some(vec![pending(a_id, true), pending(b_id, false)]));
            }
            let odb = repo.odb();
            let (Some(a_commit), Some(b_commit)) = (
                odb.peel_to(&a_id, gitstore::Kind::Commit)?,
                odb.peel_to(&b_id, gitstore::Kind::Commit)?,
            ) else {
                for id in [a_id, b_id] {
                    let (actual, kind) = super::deref_tags(repo, &id)?;
                    if kind != gitstore::Kind::Commit {
                        eprintln!("error: object {actual} is a {kind}, not a commit");
                    }
                }
                return Err(CliError::Fatal(format!(
                    "Invalid symmetric difference expression {}",
                    arg.as_bstr()
                )));
            };
            let mut found = vec![pending(a_id, false), pending(b_id, false)];
            let bases = graph::merge_bases(odb, &mut Commits::new(), a_commit, b_commit)?;
            if let Some(&base) = bases.first() {
                found.insert(0, pending(base, true));
            }
            return Ok(Some(found));
        }
    }
    let mut found = Vec::new();
    let mut name = arg;
    // git's add_parents_only: a `^` before the base flips what the parents are
    let parents_of_base = |base: &[u8]| match base.strip_prefix(b"^") {
        Some(spec) => parents_of(repo, spec).map(|p| p.map(|p| (p, true))),
        None => parents_of(repo, base).map(|p| p.map(|p| (p, false))),
    };
    match revision::parse_parent_shorthand(arg) {
        Some(ParentShorthand::Parents(base)) => {
            if let Some((parents, flip)) = parents_of_base(base)? {
                return Ok(Some(
                    parents.into_iter().map(|p| pending(p, flip)).collect(),
                ));
            }
        }
        Some(ParentShorthand::Only(base)) => {
            if let Some((parents, flip)) = parents_of_base(base)? {
                found.extend(parents.into_iter().map(|p| pending(p, !flip)));
                name = base;
            }
        }
        Some(ParentShorthand::ExcludeParent(base, n)) => {
            let parent =
                parents_of_base(base)?.and_then(|(p, flip)| Some((p.get(n - 1).copied()?, flip)));
            if let Some((parent, flip)) = parent {
                found.push(pending(parent, !flip));
                name = base;
            }
        }
        _ => {}
    }
    let (spec, uninteresting) = match name.strip_prefix(b"^") {
        Some(rest) => (rest, true),
        None => (name, false),
    };
    let Some(id) = lookup(repo, spec)? else {
        return not_a_revision(arg, dashdash);
    };
    not_a_file(spec)?;
    if !repo.odb().contains(&id)? {
        return Err(CliError::Fatal(format!("bad object {}", spec.as_bstr())));
    }
    found.push(pending(id, uninteresting));
    Ok(Some(found))
}

/// git's complaint about a path argument that leaves the work tree (`..` at the top).
fn outside_work_tree(repo: &Repository, cwd: &Path, name: &[u8]) -> CliResult {
    let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
    let path = cwd
        .join(PathBuf::from(std::ffi::OsStr::from_bytes(name)))
        .canonicalize()
        .ok();
    match (top, path) {
        (Some(top), Some(path)) if !path.starts_with(&top) => Err(CliError::Fatal(format!(
            "{0}: '{0}' is outside repository at '{1}'",
            name.as_bstr(),
            top.display()
        ))),
        _ => Ok(()),
    }
}

/// git's `-M`: 50% similar, at most `diff.renameLimit` (1000) squared pairs compared.
fn renames(repo: &Repository) -> gitstore::diff::Renames {
    let limit = repo.config().get_int("diff.renamelimit").ok().flatten();
    gitstore::diff::Renames {
        limit: limit.map_or(1000, |l| usize::try_from(l).unwrap_or(0)),
        ..gitstore::diff::Renames::default()
    }
}

/// An argument that names no revision: a path, unless it cannot be one.
fn not_a_revision(arg: &[u8], dashdash: bool) -> Result<Option<Vec<Pending>>, CliError> {
    if dashdash || arg.starts_with(b"^") {
        return Err(CliError::Fatal(format!("bad revision '{}'", arg.as_bstr())));
    }
    Ok(None)
}

/// The object `spec` names (empty: `HEAD`), `None` when it names nothing; what git dies of
/// while resolving is fatal.
fn lookup(repo: &Repository, spec: &[u8]) -> Result<Option<ObjectId>, CliError> {
    let spec: &[u8] = if spec.is_empty() { b"HEAD" } else { spec };
    match crate::revarg::lookup(repo, spec, Hint::Any) {
        Ok(found) => Ok(found),
        Err(gitstore::Error::Revision(e)) => Err(CliError::Fatal(crate::revarg::fatal_message(&e))),
        Err(e) => Err(e.into()),
    }
}

/// The parents of the commit `spec` names (tags followed); `None` when it names no commit.
fn parents_of(repo: &Repository, spec: &[u8]) -> Result<Option<Vec<ObjectId>>, CliError> {
    let Some(id) = lookup(repo, spec)? else {
        return Ok(None);
    };
    match repo.odb().peel_to(&id, gitstore::Kind::Commit)? {
        Some(commit) => Ok(Some(repo.find_commit(&commit)?.parents)),
        None => Ok(None),
    }
}

/// git's `verify_filename`: a path argument given before any `--` must exist (or look like a
/// pattern); the first one that does not is reported as an unknown revision.
fn verify_filename(repo: &Repository, cwd: &Path, arg: &[u8], first: bool) -> CliResult {
    if arg.starts_with(b"-") {
        return Err(crate::revarg::option_after_arguments(arg));
    }
    let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
    if looks_like_pathspec(arg)
        || (in_work_tree(repo, cwd) && names_existing_path(arg, cwd, top.as_deref()))
    {
        return Ok(());
    }
    if !first {
        return Err(crate::revarg::no_such_path(arg));
    }
    let mut resolver = gitstore::revision::Resolver::new(repo);
    resolver.set_quiet(true);
    let diagnosis = resolver.lookup_only_to_die(arg, Hint::Any, cwd, false);
    crate::revarg::report(&mut resolver);
    if let Err(gitstore::Error::Revision(e)) = diagnosis {
        if e.is_fatal() {
            return Err(CliError::Fatal(crate::revarg::fatal_message(&e)));
        }
    }
    Err(crate::revarg::unknown_revision_or_path(arg))
}

/// Whether the command runs inside the work tree (not in the git directory), where git checks
/// arguments against files.
fn in_work_tree(repo: &Repository, cwd: &Path) -> bool {
    let canonical = |p: &Path| p.canonicalize().ok();
    let Some(top) = repo.work_tree().and_then(canonical) else {
        return false;
    };
    let cwd = canonical(cwd).unwrap_or_default();
    let in_git_dir = canonical(repo.git_dir()).is_some_and(|g| cwd.starts_with(g));
    cwd.starts_with(top) && !in_git_dir
}
