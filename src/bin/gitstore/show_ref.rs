//! `gitstore show-ref [--head] [--branches|--heads] [--tags] [-d] [-s|--hash[=N]]
//! [--abbrev[=N]] [-q] [PATTERN…]`, `show-ref --verify REF…`, `show-ref --exists REF`.
//!
//! A pattern matches a ref whose name ends with it at a component boundary: `main` matches
//! `refs/heads/main` and `refs/remotes/origin/main`, `eads/main` matches nothing.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::refs::{BrokenKind, RefName, Resolved};
use gitstore::revision::{abbreviate, default_abbrev_len, Resolver};
use gitstore::{ObjectId, Repository};
use std::io::Write;

/// Arguments of `show-ref`.
#[derive(clap::Args)]
pub struct Args {
    /// Show the HEAD reference, even if it would be filtered out.
    #[arg(long)]
    head: bool,
    /// Only show branches.
    #[arg(long, alias = "heads")]
    branches: bool,
    /// Only show tags.
    #[arg(long)]
    tags: bool,
    /// Dereference tags into object ids too.
    #[arg(short = 'd', long)]
    dereference: bool,
    /// Only show the object id, abbreviated to N digits with =N.
    #[arg(short = 's', long = "hash", value_name = "N", num_args = 0..=1,
          require_equals = true, default_missing_value = "0")]
    hash: Option<usize>,
    /// Abbreviate object ids (to N digits).
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true,
          default_missing_value = "\0", allow_hyphen_values = true)]
    abbrev: Option<String>,
    /// Do not print results to stdout (useful with --verify).
    #[arg(short = 'q', long)]
    quiet: bool,
    /// Stricter reference checking, requires an exact ref path.
    #[arg(long)]
    verify: bool,
    /// Check for reference existence without resolving.
    #[arg(long)]
    exists: bool,
    /// Patterns, or refs with --verify / --exists.
    #[arg(value_name = "PATTERN")]
    patterns: Vec<String>,
}

struct Show<'r> {
    repo: &'r Repository,
    resolver: Resolver<'r>,
    abbrev: usize,
    hash_only: bool,
    deref: bool,
    quiet: bool,
}

impl Show<'_> {
    fn hex(&self, id: &ObjectId) -> Result<String, CliError> {
        Ok(if self.abbrev == 0 {
            id.to_hex()
        } else {
            abbreviate(self.repo, id, self.abbrev)?
        })
    }

    fn one(&mut self, out: &mut impl Write, name: &[u8], id: ObjectId) -> CliResult {
        if !self.repo.odb().contains(&id)? {
            return Err(CliError::Fatal(format!(
                "git show-ref: bad ref {} ({id})",
                String::from_utf8_lossy(name)
            )));
        }
        if self.quiet {
            return Ok(());
        }
        let hex = self.hex(&id)?;
        if self.hash_only {
            writeln!(out, "{hex}")?;
        } else {
            out.write_all(hex.as_bytes())?;
            out.write_all(b" ")?;
            out.write_all(name)?;
            out.write_all(b"\n")?;
        }
        if !self.deref {
            return Ok(());
        }
        if let Some((peeled, _)) = self.resolver.deref_tags(id)? {
            if peeled != id {
                let hex = self.hex(&peeled)?;
                out.write_all(hex.as_bytes())?;
                out.write_all(b" ")?;
                out.write_all(name)?;
                out.write_all(b"^{}\n")?;
            }
        }
        Ok(())
    }
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

/// `--abbrev[=N]` as git's `parse_opt_abbrev_cb` reads it.
enum Abbrev {
    /// No value: `core.abbrev` or the automatic length.
    Auto,
    /// `0` is the full id; anything else is clamped to 4..=40.
    Len(usize),
}

fn parse_abbrev(arg: &str) -> Result<Abbrev, CliError> {
    // the value clap gives a bare `--abbrev` (argv cannot hold a NUL)
    if arg == "\0" {
        return Ok(Abbrev::Auto);
    }
    let n: i64 = arg.parse().map_err(|_| {
        eprintln!("error: option `abbrev' expects a numerical value");
        CliError::Exit(129)
    })?;
    Ok(Abbrev::Len(match n {
        0 => 0,
        n if n < 4 => 4,
        n => usize::try_from(n.min(ObjectId::HEX_LEN as i64)).unwrap_or(ObjectId::HEX_LEN),
    }))
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let abbrev = args.abbrev.as_deref().map(parse_abbrev).transpose()?;
    if [args.verify, args.exists].iter().filter(|&&b| b).count() > 1 {
        return Err(CliError::Fatal(
            "options '--verify' and '--exists' cannot be used together".into(),
        ));
    }
    let repo = ctx.repo()?;
    if args.exists {
        let name = match args.patterns.as_slice() {
            [name] => name,
            [] => return Err(CliError::Fatal("--exists requires a reference".into())),
            _ => {
                return Err(CliError::Fatal(
                    "--exists requires exactly one reference".into(),
                ))
            }
        };
        let found = RefName::on_disk(name.as_bytes())
            .ok()
            .map(|n| repo.refs().find(&n))
            .transpose();
        return match found {
            Ok(Some(Some(_))) => Ok(()),
            // git reads the file and cannot parse it
            Err(gitstore::refs::Error::Ref(gitstore::refs::RefError {
                kind: gitstore::refs::RefErrorKind::Corrupt { .. },
                ..
            })) => {
                eprintln!("error: failed to look up reference: Invalid argument");
                Err(CliError::Exit(1))
            }
            Err(e) => Err(e.into()),
            Ok(_) => {
                eprintln!("error: reference does not exist");
                Err(CliError::Exit(2))
            }
        };
    }
    let abbrev = match (args.hash, abbrev) {
        (Some(n), _) if n > 0 => n,
        (_, Some(Abbrev::Auto)) => default_abbrev_len(&repo),
        (_, Some(Abbrev::Len(n))) => n,
        _ => 0,
    };
    let mut show = Show {
        repo: &repo,
        resolver: Resolver::new(&repo),
        abbrev,
        hash_only: args.hash.is_some(),
        deref: args.dereference,
        quiet: args.quiet,
    };
    let mut out = stdout();
    if args.verify {
        if args.patterns.is_empty() {
            return Err(CliError::Fatal("--verify requires a reference".into()));
        }
        for name in &args.patterns {
            // git: under refs/ or a safe root name (HEAD, FETCH_HEAD…), then well-formed
            let valid = name.starts_with("refs/") || gitstore::refs::is_safe_name(name.as_bytes());
            let id = match RefName::new(name.as_bytes()) {
                Ok(n) if valid => match repo.refs().resolve(&n) {
                    Ok(r) => r.and_then(|r| r.id()),
                    Err(e) => crate::packed_refs_fatal(&e.into()).map_or(Ok(None), Err)?,
                },
                _ => None,
            };
            match id {
                Some(id) => show.one(&mut out, name.as_bytes(), id)?,
                None if args.quiet => {
                    crate::finish(out)?;
                    return Err(CliError::Exit(1));
                }
                None => {
                    crate::finish(out)?;
                    return Err(CliError::Fatal(format!("'{name}' - not a valid ref")));
                }
            }
        }
        return crate::finish(out);
    }

    let mut found = false;
    if args.head {
        if let Some(Resolved::Object { id, .. }) = repo.refs().resolve(&RefName::head())? {
            found = true;
            show.one(&mut out, b"HEAD", id)?;
        }
    }
    let prefixes: Vec<&[u8]> = match (args.branches, args.tags) {
        (false, false) => vec![b""],
        (h, t) => {
            let mut v: Vec<&[u8]> = Vec::new();
            if h {
                v.push(b"refs/heads/");
            }
            if t {
                v.push(b"refs/tags/");
            }
            v
        }
    };
    for prefix in prefixes {
        let list = repo.refs().list(prefix)?;
        let matches = |name: &[u8]| {
            args.patterns.is_empty()
                || args
                    .patterns
                    .iter()
                    .any(|p| gitstore::refs::pattern::name_matches_tail(name, p.as_bytes()))
        };
        // git's show-ref warns about no broken ref; it is given a damaged one (or one with a
        // bad name) with a null id and dies on it, and never sees an unresolvable symref
        let mut broken = list.broken.iter().peekable();
        let mut refs = list.refs.iter().peekable();
        loop {
            let take_broken = match (broken.peek(), refs.peek()) {
                (Some(b), Some(r)) => b.name.as_slice() < r.name.as_bytes(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_broken {
                let Some(b) = broken.next() else { break };
                if b.kind != BrokenKind::UnresolvedSymref && matches(&b.name) {
                    crate::finish(out)?;
                    return Err(CliError::Fatal(format!(
                        "git show-ref: bad ref {} ({})",
                        b.name,
                        ObjectId::null()
                    )));
                }
                continue;
            }
            let Some(r) = refs.next() else { break };
            let name = r.name.as_bytes();
            if !matches(name) {
                continue;
            }
            let Some(id) = repo.refs().resolve(&r.name)?.and_then(|x| x.id()) else {
                continue;
            };
            found = true;
            show.one(&mut out, name, id)?;
        }
    }
    crate::finish(out)?;
    if found {
        Ok(())
    } else {
        Err(CliError::Exit(1))
    }
}
