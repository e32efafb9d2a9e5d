//! `gitstore tag [-l PATTERN…]`, `tag [-f] NAME [OBJECT]`, `tag [-f] (-a|-m MSG…) NAME [OBJECT]`,
//! `tag -d NAME…`.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::revision::{abbreviate, default_abbrev_len, Resolver};
use gitstore::tag::TagErrorKind;
use gitstore::{Kind, Repository};
use std::io::Write;

/// Arguments of `tag`.
#[derive(clap::Args)]
pub struct Args {
    /// List tag names.
    #[arg(short = 'l', long, action = clap::ArgAction::Count)]
    list: u8,
    /// Delete tags.
    #[arg(short = 'd', long, action = clap::ArgAction::Count)]
    delete: u8,
    /// Annotated tag (needs a message).
    #[arg(short = 'a', long)]
    annotate: bool,
    /// Tag message (repeatable: paragraphs).
    #[arg(short = 'm', long, value_name = "MESSAGE", allow_hyphen_values = true)]
    message: Vec<String>,
    /// Replace the tag if it exists.
    #[arg(short = 'f', long)]
    force: bool,
    /// Format each listed tag (for-each-ref's format language).
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Sort the listed tags by this key (repeatable).
    #[arg(long, value_name = "KEY")]
    sort: Vec<String>,
    /// `NAME [OBJECT]`, tag names, or patterns.
    #[arg(value_name = "ARGS")]
    args: Vec<String>,
}

/// git's synopsis, printed when options of different forms are mixed (git follows it with the
/// options).
const USAGE: &str = "\
usage: git tag [-a | -s | -u <key-id>] [-f] [-m <msg> | -F <file>] [-e]
               [(--trailer <token>[(=|:)<value>])...]
               <tagname> [<commit> | <object>]
   or: git tag -d <tagname>...
   or: git tag [-n[<num>]] -l [--contains <commit>] [--no-contains <commit>]
               [--points-at <object>] [--column[=<options>] | --no-column]
               [--create-reflog] [--sort=<key>] [--format=<format>]
               [--merged <commit>] [--no-merged <commit>] [<pattern>...]
   or: git tag -v [--format=<format>] <tagname>...
";

/// git's `OPT_CMDMODE`: `-l`/`--list` and `-d`/`--delete` exclude each other (`-m` and
/// `--message` take a value, which is no option).
fn check_cmdmodes() -> CliResult {
    let mut modes = crate::cmdmode::CmdMode::default();
    for opt in crate::cmdmode::options_with_values("tag", &["-m", "--message"]) {
        let mode = match opt.as_str() {
            "-l" | "--list" => "list",
            "-d" | "--delete" => "delete",
            _ => continue,
        };
        modes.see(mode, &opt)?;
    }
    Ok(())
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    check_cmdmodes()?;
    let listing = args.list > 0 || (args.delete == 0 && args.args.is_empty());
    let creates_object = args.annotate || !args.message.is_empty();
    if (creates_object || args.force) && (listing || args.delete > 0) {
        eprint!("{USAGE}");
        return Err(CliError::Exit(129));
    }
    if args.delete > 0 {
        return delete(&repo, &args.args);
    }
    let sorted = !args.sort.is_empty() || repo.config().get("tag.sort").is_some();
    if listing && (args.format.is_some() || sorted) {
        let items = crate::for_each_ref::items_under(&repo, b"refs/tags/", &args.args)?;
        let format = args.format.as_deref().unwrap_or("%(refname:lstrip=2)");
        return crate::for_each_ref::print_listing(
            &repo, items, None, format, &args.sort, "tag.sort",
        );
    }
    if listing {
        let pats: Vec<&[u8]> = args.args.iter().map(|p| p.as_bytes()).collect();
        crate::warn_broken_refs(&repo, b"refs/tags/")?;
        let mut out = stdout();
        for name in gitstore::tag::list(&repo, &pats)? {
            out.write_all(gitstore::tag::short_name(&name))?;
            out.write_all(b"\n")?;
        }
        return crate::finish(out);
    }
    let (name, object) = match args.args.as_slice() {
        [name] => (name, "HEAD"),
        [name, object] => (name, object.as_str()),
        _ => return Err(CliError::Fatal("too many arguments".into())),
    };
    let mut resolver = Resolver::new(&repo);
    if let Ok(cwd) = std::env::current_dir() {
        resolver.set_prefix(repo.prefix_of(&cwd));
    }
    let plan = gitstore::tag::plan(
        &mut resolver,
        name.as_bytes(),
        object.as_bytes(),
        args.force,
    );
    crate::revarg::report(&mut resolver);
    let plan = plan.map_err(|e| match e.kind {
        TagErrorKind::InvalidName => CliError::Fatal(format!("'{name}' is not a valid tag name.")),
        TagErrorKind::AlreadyExists => CliError::Fatal(format!("tag '{name}' already exists")),
        TagErrorKind::Unresolvable { .. } => {
            CliError::Fatal(format!("Failed to resolve '{object}' as a valid ref."))
        }
        TagErrorKind::Other(e) => CliError::from(*e),
        other => CliError::Fatal(format!("{other:?}")),
    })?;
    let annotated = args.annotate || !args.message.is_empty();
    let new = if annotated {
        if args.message.is_empty() {
            return Err(CliError::Fatal(
                "no tag message? (gitstore does not start an editor; use -m)".into(),
            ));
        }
        let id = plan.annotate(&repo, args.message.join("\n\n").as_bytes())?;
        if plan.target_kind == Kind::Tag && crate::update_ref::advice_enabled(&repo, "nestedTag") {
            eprintln!(
                "hint: You have created a nested tag. The object referred to by your new tag is\n\
                 hint: already a tag. If you meant to tag the object that it points to, use:\n\
                 hint:\n\
                 hint: \tgit tag -f {name} {object}^{{}}\n\
                 hint: Disable this message with \"git config advice.nestedTag false\""
            );
        }
        id
    } else {
        plan.target
    };
    plan.apply(&repo, new, args.force)?;
    if let Some(prev) = plan.previous {
        if prev != new {
            let abbrev = abbreviate(&repo, &prev, default_abbrev_len(&repo))?;
            let mut out = stdout();
            writeln!(out, "Updated tag '{name}' (was {abbrev})")?;
            crate::finish(out)?;
        }
    }
    Ok(())
}

fn delete(repo: &Repository, names: &[String]) -> CliResult {
    let names: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
    let result = gitstore::tag::delete(repo, &names)?;
    for name in &result.missing {
        eprintln!(
            "{}",
            crate::update_ref::sanitize(&format!("error: tag '{name}' not found."))
        );
    }
    if let Some(e) = result.failed {
        eprintln!("{}", crate::update_ref::sanitize(&format!("error: {e}")));
        return Err(CliError::Exit(1));
    }
    if !result.deleted.is_empty() {
        let mut out = stdout();
        for (name, id) in &result.deleted {
            let abbrev = abbreviate(repo, id, default_abbrev_len(repo))?;
            writeln!(out, "Deleted tag '{name}' (was {abbrev})")?;
        }
        crate::finish(out)?;
    }
    if result.missing.is_empty() {
        Ok(())
    } else {
        Err(CliError::Exit(1))
    }
}
