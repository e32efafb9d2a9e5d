//! Revision arguments, read the way every git command reads them (`get_oid`): the name is
//! resolved by the library's [`Resolver`], and what git says on the way is printed on stderr
//! before the command goes on — `warning: refname 'HEAD' is ambiguous.`, the candidates of an
//! ambiguous abbreviation, `warning: ignoring broken ref …`.
//!
//! Every command that takes a revision goes through here, so none of them is silent where git
//! warns. The results are those of [`gitstore::revision::resolve`], so a command keeps its own
//! message for a name that resolves to nothing.

use gitstore::revision::{Diagnostic, Hint, Resolver};
use gitstore::{Error, ObjectId, Repository};

/// [`gitstore::revision::resolve`], printing the resolver's diagnostics as git does.
pub fn resolve(repo: &Repository, spec: &str) -> gitstore::Result<ObjectId> {
    resolve_with(repo, spec.as_bytes(), Hint::Any)
}

/// [`gitstore::revision::resolve_with`], printing the resolver's diagnostics as git does.
/// `./` and `../` after a colon are relative to the current directory, as in every git command.
pub fn resolve_with(repo: &Repository, spec: &[u8], hint: Hint) -> gitstore::Result<ObjectId> {
    lookup(repo, spec, hint)?.ok_or_else(|| Error::BadRevision {
        spec: String::from_utf8_lossy(spec).into_owned(),
        reason: "Not a valid object name".to_string(),
    })
}

/// As [`resolve_with`], but a name that names nothing is `Ok(None)`; an ambiguous
/// abbreviation is [`Error::AmbiguousPrefix`]. What git dies of while it resolves (a relative
/// path outside the work tree, or leaving it) is [`Error::BadRevision`] with git's reason.
pub fn lookup(repo: &Repository, spec: &[u8], hint: Hint) -> gitstore::Result<Option<ObjectId>> {
    let mut resolver = Resolver::new(repo);
    if let Ok(cwd) = std::env::current_dir() {
        resolver.set_prefix(repo.prefix_of(&cwd));
    }
    let found = resolver.lookup(spec, hint);
    let ambiguous = report(&mut resolver);
    match (found?, ambiguous) {
        (Some(id), _) => Ok(Some(id)),
        (None, Some((prefix, candidates))) => Err(Error::AmbiguousPrefix { prefix, candidates }),
        (None, None) => Ok(None),
    }
}

/// Prints (to stderr) and clears the diagnostics gathered by `resolver`: an ambiguous
/// abbreviation with the kind of each candidate, as git lists them. Returns the first ambiguous
/// abbreviation, if any.
pub fn report(resolver: &mut Resolver<'_>) -> Option<(gitstore::Prefix, Vec<ObjectId>)> {
    let mut ambiguous = None;
    for d in resolver.take_diagnostics() {
        print(resolver.repo(), &d);
        if let Diagnostic::AmbiguousPrefix { prefix, candidates } = d {
            ambiguous.get_or_insert((prefix, candidates));
        }
    }
    ambiguous
}

/// Prints one diagnostic as git does: an ambiguous abbreviation with the kind of each
/// candidate, anything else with its advice (unless turned off).
pub fn print(repo: &Repository, d: &Diagnostic) {
    match d {
        Diagnostic::AmbiguousPrefix { prefix, candidates } => {
            crate::report_ambiguous(repo, prefix, candidates);
        }
        other => {
            eprintln!("{other}");
            if let Some((key, text)) = other.advice() {
                if crate::update_ref::advice_enabled(repo, key) {
                    eprintln!("{text}");
                }
            }
        }
    }
}
