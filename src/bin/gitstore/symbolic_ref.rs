//! `gitstore symbolic-ref [-q] [--short] [--no-recurse] NAME`, `symbolic-ref [-m MSG] NAME REF`,
//! `symbolic-ref -d [-q] NAME`: read, point or delete a symbolic ref.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::refs::{name::check_ref_format, RefEdit, RefName, Target};
use gitstore::Repository;
use std::io::Write;

/// Arguments of `symbolic-ref`.
#[derive(clap::Args)]
pub struct Args {
    /// Suppress the error message for non-symbolic (detached) refs.
    #[arg(short = 'q', long, overrides_with = "no_quiet")]
    quiet: bool,
    #[arg(long = "no-quiet", overrides_with = "quiet", hide = true)]
    no_quiet: bool,
    /// Delete the symbolic ref.
    #[arg(short = 'd', long, overrides_with = "no_delete")]
    delete: bool,
    #[arg(long = "no-delete", overrides_with = "delete", hide = true)]
    no_delete: bool,
    /// Shorten the ref output.
    #[arg(long, overrides_with = "no_short")]
    short: bool,
    #[arg(long = "no-short", overrides_with = "short", hide = true)]
    no_short: bool,
    /// Recursively dereference (the default).
    #[arg(long, overrides_with = "no_recurse")]
    recurse: bool,
    /// Print only the first ref the symbolic ref points to.
    #[arg(long = "no-recurse")]
    no_recurse: bool,
    /// Reason of the update (the reflog message).
    #[arg(short = 'm', value_name = "REASON")]
    message: Option<String>,
    /// `NAME [REF]`
    #[arg(value_name = "ARGS")]
    args: Vec<String>,
}

/// git's usage text, printed (exit 129) for a wrong number of arguments or an unknown option.
pub const USAGE: &str = include_str!("usage/symbolic-ref.txt");

/// What `name` is, read as git's `refs_resolve_ref_unsafe` without `RESOLVE_REF_READING`:
/// `Ok(None)` for a ref that is not symbolic (or does not exist), `Ok(Some(target))` for a
/// symbolic one (followed to the end of the chain when `recurse`).
fn symref_target(
    repo: &Repository,
    name: &str,
    recurse: bool,
) -> Result<Option<RefName>, CliError> {
    let no_such = || CliError::Fatal(format!("No such ref: {name}"));
    if check_ref_format(name.as_bytes()).is_err() {
        return Err(no_such());
    }
    let Ok(ref_name) = RefName::new(name.as_bytes()) else {
        return Ok(None);
    };
    let refs = repo.refs();
    let first = match refs.find(&ref_name) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(None),
        Err(e) => return Err(crate::packed_refs_fatal(&e.into()).unwrap_or_else(no_such)),
    };
    let Target::Symbolic(target) = first.target else {
        return Ok(None);
    };
    if !recurse {
        return Ok(Some(target));
    }
    match refs.resolve(&ref_name) {
        // a chain ending at a malformed name does not resolve for git
        Ok(Some(resolved)) if !resolved.name().is_well_formed() => Err(no_such()),
        Ok(Some(resolved)) => Ok(Some(resolved.name().clone())),
        Ok(None) => Ok(Some(target)),
        Err(e) => Err(crate::packed_refs_fatal(&e.into()).unwrap_or_else(no_such)),
    }
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    if args.message.as_deref() == Some("") {
        return Err(CliError::Fatal(
            "Refusing to perform update with empty message".into(),
        ));
    }
    let repo = ctx.repo()?;
    if args.delete {
        let [name] = args.args.as_slice() else {
            return Err(CliError::UsageText(USAGE));
        };
        if symref_target(&repo, name, false)?.is_none() {
            return Err(CliError::Fatal(format!(
                "Cannot delete {name}, not a symbolic ref"
            )));
        }
        if name == "HEAD" {
            return Err(CliError::Fatal(format!("deleting '{name}' is not allowed")));
        }
        let ref_name = RefName::new(name.as_bytes()).map_err(|e| CliError::Fatal(e.to_string()))?;
        let mut tx = repo.refs().transaction();
        tx.push(RefEdit::delete(ref_name, None).no_deref())?;
        if let Err(e) = tx.commit() {
            eprintln!("{}", crate::update_ref::sanitize(&format!("error: {e}")));
            return Err(CliError::Exit(1));
        }
        return Ok(());
    }
    match args.args.as_slice() {
        [name] => {
            let Some(target) = symref_target(&repo, name, !args.no_recurse)? else {
                if args.quiet {
                    return Err(CliError::Exit(1));
                }
                return Err(CliError::Fatal(format!("ref {name} is not a symbolic ref")));
            };
            let mut out = stdout();
            if args.short {
                out.write_all(&repo.refs().shorten(&target, false))?;
            } else {
                out.write_all(target.as_bytes())?;
            }
            out.write_all(b"\n")?;
            crate::finish(out)
        }
        [name, target] => {
            if name == "HEAD" && !target.starts_with("refs/") {
                return Err(CliError::Fatal(
                    "Refusing to point HEAD outside of refs/".into(),
                ));
            }
            let invalid = || {
                CliError::Fatal(format!(
                    "Refusing to set '{name}' to invalid ref '{target}'"
                ))
            };
            if check_ref_format(target.as_bytes()).is_err() {
                return Err(invalid());
            }
            // any well-formed name, one level or more (`main`, `ORIG_HEAD`), as git
            let target = RefName::symref_target(target.as_bytes()).map_err(|_| invalid())?;
            let ref_name = RefName::new(name.as_bytes()).map_err(|_| {
                eprintln!("error: refusing to update ref with bad name '{name}'");
                CliError::Exit(1)
            })?;
            let mut edit = RefEdit::symbolic(ref_name, target);
            if let Some(m) = &args.message {
                edit = edit.message(m.as_bytes());
            }
            let mut tx = repo.refs().transaction();
            tx.push(edit)?;
            if let Err(e) = tx.commit() {
                eprintln!("{}", crate::update_ref::sanitize(&format!("error: {e}")));
                return Err(CliError::Exit(1));
            }
            Ok(())
        }
        _ => Err(CliError::UsageText(USAGE)),
    }
}
