//! Revision arguments, read the way every git command reads them (`get_oid`): the name is
//! resolved by the library's [`Resolver`], and what git says on the way is printed on stderr
//! before the command goes on — `warning: refname 'HEAD' is ambiguous.`, the candidates of an
//! ambiguous abbreviation, `warning: ignoring broken ref …`.
//!
//! Every command that takes a revision goes through here, so none of them is silent where git
//! warns. The library says what happened as data ([`Diagnostic`], [`RevisionError`]); git's
//! words for it are made here.

mod candidates;

pub use candidates::describe_candidates;

use crate::CliError;
use bstr::ByteSlice;
use gitstore::date::{DateContext, DateFormat, DateKind};
use gitstore::refs::tracking::TrackingError;
use gitstore::revision::{Diagnostic, Hint, Resolver, RevisionError, RevisionErrorKind};
use gitstore::stores::Stores;
use gitstore::{Error, ObjectId, Repository};

/// [`gitstore::revision::resolve`], printing the resolver's diagnostics as git does.
pub fn resolve(repo: &Repository, spec: &str) -> gitstore::Result<ObjectId> {
    resolve_with(repo, spec.as_bytes(), Hint::Any)
}

/// [`gitstore::revision::resolve_with`], printing the resolver's diagnostics as git does.
/// `./` and `../` after a colon are relative to the current directory, as in every git command.
pub fn resolve_with(repo: &Repository, spec: &[u8], hint: Hint) -> gitstore::Result<ObjectId> {
    resolve_in(&mut resolver(repo), spec, hint)
}

/// A resolver for the names of one command, relative to the current directory: a command
/// that resolves many names keeps one (it caches the commits it reads; refs are read afresh
/// for each name, so it sees refs the command changed in between).
pub fn resolver(repo: &Repository) -> Resolver<'_> {
    let mut resolver = Resolver::new(repo);
    if let Ok(cwd) = std::env::current_dir() {
        resolver.set_prefix(repo.prefix_of(&cwd));
    }
    resolver
}

/// [`resolve_with`] through a caller's `resolver` (see [`resolver`]).
pub fn resolve_in(
    resolver: &mut Resolver<'_>,
    spec: &[u8],
    hint: Hint,
) -> gitstore::Result<ObjectId> {
    let found = resolver.lookup(spec, hint);
    report(resolver);
    found
}

/// As [`resolve_with`], but a name that names nothing is `Ok(None)`; an ambiguous
/// abbreviation ([`RevisionErrorKind::AmbiguousPrefix`]) and what git dies of while it resolves
/// (a relative path outside the work tree, a reflog without that entry) stay errors.
pub fn lookup(repo: &Repository, spec: &[u8], hint: Hint) -> gitstore::Result<Option<ObjectId>> {
    match resolve_with(repo, spec, hint) {
        Ok(id) => Ok(Some(id)),
        Err(Error::Revision(e)) if !e.is_fatal() && !is_ambiguous(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether the name is an abbreviation of several objects.
pub fn is_ambiguous(e: &RevisionError) -> bool {
    matches!(e.kind(), RevisionErrorKind::AmbiguousPrefix { .. })
}

/// git's words, after `fatal: `, for a revision `git` dies of (one that
/// [is fatal](RevisionError::is_fatal)); for any other, git's `Not a valid object name <spec>`.
pub fn fatal_message(e: &RevisionError) -> String {
    use RevisionErrorKind as K;
    if !e.is_fatal() {
        return format!("Not a valid object name {}", e.spec().as_bstr());
    }
    match e.kind() {
        K::ReflogEntryMissing { name, entries } => {
            format!("log for '{name}' only has {entries} entries")
        }
        K::ReflogEmpty { refname } => format!("log for {refname} is empty"),
        K::RelativePathOutsideWorkTree { .. } => {
            "relative path syntax can't be used outside working tree".to_string()
        }
        K::PathOutsideRepository { path, top } => {
            format!("'{path}' is outside repository at '{}'", top.display())
        }
        K::InvalidTreeish { rev } => format!("invalid object name '{rev}'."),
        K::PathOnlyOnDisk { rev, path } => {
            format!("path '{path}' exists on disk, but not in '{rev}'")
        }
        K::PathBelowPrefix { rev, path, full } => format!(
            "path '{full}' exists, but not '{path}'\n\
             hint: Did you mean '{rev}:{full}' aka '{rev}:./{path}'?"
        ),
        K::PathNotInTree { rev, path, .. } => format!("path '{path}' does not exist in '{rev}'"),
        K::Tracking { error } => tracking_message(error),
        _ => format!("Not a valid object name {}", e.spec().as_bstr()),
    }
}

/// git's words for a branch without an upstream or push destination (`remote.c`).
pub fn tracking_message(e: &TrackingError) -> String {
    use TrackingError as T;
    match e {
        T::HeadDetached => "HEAD does not point to a branch".into(),
        T::NoSuchBranch { branch } => format!("no such branch: '{branch}'"),
        T::NoUpstream { branch } => format!("no upstream configured for branch '{branch}'"),
        T::NotStoredAsRemoteTracking { merge } => {
            format!("upstream branch '{merge}' not stored as a remote-tracking branch")
        }
        T::NoRemoteForPushing { branch } => format!("branch '{branch}' has no remote for pushing"),
        T::PushRefspecsExclude { remote, branch } => {
            format!("push refspecs for '{remote}' do not include '{branch}'")
        }
        T::NoLocalTrackingBranch { refname, remote } => {
            format!(
                "push destination '{refname}' on remote '{remote}' has no local tracking branch"
            )
        }
        T::PushDefaultNothing => "push has no destination (push.default is 'nothing')".into(),
        T::SimplePushAmbiguous => "cannot resolve 'simple' push to a single destination".into(),
        _ => e.to_string(),
    }
}

/// Prints (to stderr) and clears the diagnostics gathered by `resolver`, in git's words.
pub fn report(resolver: &mut Resolver<'_>) {
    for d in resolver.take_diagnostics() {
        print(resolver.repo(), &d);
    }
}

/// Prints one diagnostic as git does: an ambiguous abbreviation with the kind of each
/// candidate, anything else with its advice (unless turned off).
pub fn print<'r>(repo: impl Into<Stores<'r>>, d: &Diagnostic) {
    let repo = repo.into();
    if let Diagnostic::AmbiguousPrefix { prefix, candidates } = d {
        crate::report_ambiguous(repo, prefix, candidates);
        return;
    }
    if let Some(line) = diagnostic_line(d) {
        eprintln!("{line}");
    }
    if let Some((key, text)) = advice(d) {
        if crate::update_ref::advice_enabled(repo, key) {
            eprintln!("{text}");
        }
    }
}

/// What git prints for a diagnostic, with its `warning: ` or `error: ` prefix.
fn diagnostic_line(d: &Diagnostic) -> Option<String> {
    Some(match d {
        Diagnostic::AmbiguousRefname { name } | Diagnostic::RefnameLooksLikeId { name } => {
            format!("warning: refname '{name}' is ambiguous.")
        }
        Diagnostic::PeelMismatch {
            spec,
            expected,
            actual,
        } => format!(
            "error: {spec}: expected {expected} type, but the object dereferences to {actual} type"
        ),
        Diagnostic::DanglingSymref { name } => format!("warning: ignoring dangling symref {name}"),
        Diagnostic::BrokenRef { name } => format!("warning: ignoring broken ref {name}"),
        Diagnostic::ReflogTooShort { name, oldest, tz } => {
            let rfc = DateFormat::new(DateKind::Rfc);
            let date = rfc.show(*oldest, *tz, &DateContext::at(0));
            format!("warning: log for '{name}' only goes back to {date}")
        }
        _ => return None,
    })
}

/// The advice git prints after a diagnostic (unless `GIT_ADVICE=0` or `advice.<key>=false`):
/// the key and the text.
fn advice(d: &Diagnostic) -> Option<(&'static str, &'static str)> {
    match d {
        Diagnostic::RefnameLooksLikeId { .. } => Some((
            "objectNameWarning",
            "Git normally never creates a ref that ends with 40 hex characters\n\
             because it will be ignored when you just specify 40-hex. These refs\n\
             may be created by mistake. For example,\n\
             \n  git switch -c $br $(git rev-parse ...)\n\n\
             where \"$br\" is somehow empty and a 40-hex ref is created. Please\n\
             examine these refs and maybe delete them. Turn this message off by\n\
             running \"git config set advice.objectNameWarning false\"",
        )),
        _ => None,
    }
}

/// git's `verify_filename`: an option after the first argument that is no revision.
pub fn option_after_arguments(arg: &[u8]) -> CliError {
    CliError::Fatal(format!(
        "option '{}' must come before non-option arguments",
        arg.as_bstr()
    ))
}

/// git's `verify_filename`: a path argument (after a revision) that names no file.
pub fn no_such_path(arg: &[u8]) -> CliError {
    CliError::Fatal(format!(
        "{}: no such path in the working tree.\n\
         Use 'git <command> -- <path>...' to specify paths that do not exist locally.",
        arg.as_bstr()
    ))
}

/// git's `verify_filename`: the first argument is neither a revision nor a file.
pub fn unknown_revision_or_path(arg: &[u8]) -> CliError {
    CliError::Fatal(format!(
        "ambiguous argument '{}': unknown revision or path not in the working tree.\n\
         Use '--' to separate paths from revisions, like this:\n\
         'git <command> [<revision>...] -- [<file>...]'",
        arg.as_bstr()
    ))
}

/// git's `verify_non_filename`: a revision that also names a file, without `--`.
pub fn both_revision_and_filename(arg: &[u8]) -> CliError {
    CliError::Fatal(format!(
        "ambiguous argument '{}': both revision and filename\n\
         Use '--' to separate paths from revisions, like this:\n\
         'git <command> [<revision>...] -- [<file>...]'",
        arg.as_bstr()
    ))
}
