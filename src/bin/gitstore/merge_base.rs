//! `gitstore merge-base [-a | --all] <commit> <commit>…`, `--octopus`, `--is-ancestor`,
//! `--independent`, `--fork-point <ref> [<commit>]`: git's `builtin/merge-base.c` over
//! [`gitstore::graph`]'s merge bases.
//!
//! The options are read by hand from the raw arguments, as git's parse-options reads them
//! (unique prefixes, `--no-all`, bundled `-a`, `--` and `--end-of-options`), so every usage
//! error has git's words.

use crate::cmdmode::CmdMode;
use crate::{stdout, CliError, CliResult, Context};
use bstr::ByteSlice;
use gitstore::graph::{self, Commits};
use gitstore::revision::{Hint, Resolver};
use gitstore::{Error, ObjectId, Repository};
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;

/// Arguments of `merge-base` (read from the raw command line, see the module docs).
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    #[arg(allow_hyphen_values = true, trailing_var_arg = true, num_args = 0..)]
    _args: Vec<OsString>,
}

/// git's usage text (stderr and 129 after a usage error; stdout for `-h`).
const USAGE: &str = include_str!("usage/merge-base.txt");

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Bases,
    Octopus,
    Independent,
    IsAncestor,
    ForkPoint,
}

/// The long options: name, and the mode it selects (`None`: `--all`).
const LONG: [(&str, Option<Mode>); 5] = [
    ("all", None),
    ("octopus", Some(Mode::Octopus)),
    ("independent", Some(Mode::Independent)),
    ("is-ancestor", Some(Mode::IsAncestor)),
    ("fork-point", Some(Mode::ForkPoint)),
];

struct Parsed {
    all: bool,
    mode: Mode,
    args: Vec<Vec<u8>>,
}

fn usage_error(msg: String) -> CliError {
    eprint!("error: {msg}\n{USAGE}");
    CliError::Exit(129)
}

/// git's parse-options over the arguments after `merge-base`.
fn parse(raw: &[OsString]) -> Result<Parsed, CliError> {
    let mut p = Parsed {
        all: false,
        mode: Mode::Bases,
        args: Vec::new(),
    };
    let mut modes = CmdMode::default();
    let mut raw = raw.iter().map(|a| a.as_bytes());
    while let Some(arg) = raw.next() {
        if arg == b"--" || arg == b"--end-of-options" {
            p.args.extend(raw.by_ref().map(<[u8]>::to_vec));
            break;
        }
        if let Some(long) = arg.strip_prefix(b"--") {
            let long = String::from_utf8_lossy(long).into_owned();
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v)),
                None => (long.clone(), None),
            };
            let (negated, bare) = match name.strip_prefix("no-") {
                Some(rest) => (true, rest.to_string()),
                None => (false, name.clone()),
            };
            let exact = LONG.iter().find(|(n, _)| *n == bare);
            let matches: Vec<_> = match exact {
                Some(e) => vec![e],
                None => LONG.iter().filter(|(n, _)| n.starts_with(&bare)).collect(),
            };
            let found = match matches[..] {
                [one] if !(negated && one.1.is_some()) => one,
                [_, _, ..] if !negated => {
                    eprintln!(
                        "error: ambiguous option: {bare} (could be --{} or --{})",
                        matches[0].0, matches[1].0
                    );
                    // git prints the usage on stdout here
                    print!("{USAGE}");
                    return Err(CliError::Exit(129));
                }
                _ => return Err(usage_error(format!("unknown option `{long}'"))),
            };
            if value.is_some() {
                eprintln!("error: option `{}' takes no value", found.0);
                return Err(CliError::Exit(129));
            }
            match found.1 {
                None => p.all = !negated,
                Some(mode) => {
                    modes.see(found.0, &format!("--{}", found.0))?;
                    p.mode = mode;
                }
            }
        } else if arg.len() > 1 && arg.starts_with(b"-") {
            for &c in &arg[1..] {
                match c {
                    b'a' => p.all = true,
                    b'h' => {
                        print!("{USAGE}");
                        return Err(CliError::Exit(129));
                    }
                    _ => return Err(usage_error(format!("unknown switch `{}'", char::from(c)))),
                }
            }
        } else {
            p.args.push(arg.to_vec());
        }
    }
    Ok(p)
}

pub fn run(_args: Args, ctx: &Context) -> CliResult {
    let raw: Vec<OsString> = crate::args()
        .iter()
        .skip_while(|a| a.as_bytes() != b"merge-base")
        .skip(1)
        .cloned()
        .collect();
    let p = parse(&raw)?;
    let usage = || {
        eprint!("{USAGE}");
        CliError::Exit(129)
    };
    let together = |a: &str, b: &str| {
        CliError::Fatal(format!("options '{a}' and '{b}' cannot be used together"))
    };
    let n = p.args.len();
    match p.mode {
        Mode::IsAncestor if n < 2 => return Err(usage()),
        Mode::IsAncestor if p.all => return Err(together("--is-ancestor", "--all")),
        Mode::Independent if p.all => return Err(together("--independent", "--all")),
        Mode::ForkPoint if !(1..=2).contains(&n) => return Err(usage()),
        Mode::Bases if n < 2 => return Err(usage()),
        _ => {}
    }
    let repo = ctx.repo()?;
    let mut cmd = MergeBase {
        repo: &repo,
        resolver: Resolver::new(&repo),
        commits: Commits::new(),
    };
    let code = match p.mode {
        Mode::IsAncestor => cmd.is_ancestor(&p.args)?,
        Mode::Octopus => cmd.octopus(&p.args, p.all)?,
        Mode::Independent => cmd.independent(&p.args)?,
        Mode::ForkPoint => cmd.fork_point(&p.args)?,
        Mode::Bases => cmd.bases(&p.args, p.all)?,
    };
    // the process ends here: freeing every commit read one by one would only cost time
    std::mem::forget(cmd);
    match code {
        0 => Ok(()),
        code => Err(CliError::Exit(code)),
    }
}

struct MergeBase<'r> {
    repo: &'r Repository,
    resolver: Resolver<'r>,
    commits: Commits,
}

impl MergeBase<'_> {
    /// git's `repo_get_oid`: `None` when `spec` names nothing.
    fn oid(&mut self, spec: &[u8]) -> Result<Option<ObjectId>, CliError> {
        let found = self.resolver.lookup(spec, Hint::Any);
        crate::revarg::report(&mut self.resolver);
        match found {
            Ok(id) => Ok(Some(id)),
            Err(Error::Revision(e)) if e.is_fatal() || crate::revarg::is_ambiguous(&e) => {
                Err(CliError::Fatal(crate::revarg::fatal_message(&e)))
            }
            Err(Error::Revision(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// git's `lookup_commit_reference`: the commit `id` peels to, complaining (`error: object
    /// … is a tree, not a commit`) when it peels to something else.
    fn commit_of(&mut self, id: ObjectId) -> Result<Option<ObjectId>, CliError> {
        match self.resolver.deref_tags(id)? {
            Some((c, gitstore::Kind::Commit)) => Ok(Some(c)),
            Some((other, kind)) => {
                eprintln!("error: object {other} is a {kind}, not a commit");
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// git's `get_commit_reference`: dies when `spec` names no commit.
    fn commit(&mut self, spec: &[u8]) -> Result<ObjectId, CliError> {
        let shown = spec.as_bstr();
        let Some(id) = self.oid(spec)? else {
            return Err(CliError::Fatal(format!("Not a valid object name {shown}")));
        };
        self.commit_of(id)?
            .ok_or_else(|| CliError::Fatal(format!("Not a valid commit name {shown}")))
    }

    /// The commits of `specs`, resolved last first (git builds its list backwards, so the
    /// last bad name is the one it dies of).
    fn commits_backwards(&mut self, specs: &[Vec<u8>]) -> Result<Vec<ObjectId>, CliError> {
        let mut out = Vec::with_capacity(specs.len());
        for spec in specs.iter().rev() {
            out.push(self.commit(spec)?);
        }
        out.reverse();
        Ok(out)
    }

    fn print(&self, ids: &[ObjectId], all: bool) -> Result<u8, CliError> {
        if ids.is_empty() {
            return Ok(1);
        }
        let mut out = stdout();
        let shown = if all { ids } else { &ids[..1] };
        for id in shown {
            writeln!(out, "{id}")?;
        }
        out.flush()?;
        Ok(0)
    }

    fn bases(&mut self, specs: &[Vec<u8>], all: bool) -> Result<u8, CliError> {
        let mut ids = Vec::with_capacity(specs.len());
        for spec in specs {
            ids.push(self.commit(spec)?);
        }
        let (one, twos) = ids.split_first().ok_or(CliError::Exit(129))?;
        let odb = self.repo.odb();
        let bases = graph::merge_bases_many(odb, &mut self.commits, *one, twos)?;
        self.print(&bases, all)
    }

    fn octopus(&mut self, specs: &[Vec<u8>], all: bool) -> Result<u8, CliError> {
        let ids = self.commits_backwards(specs)?;
        let bases = graph::octopus_merge_bases(self.repo.odb(), &mut self.commits, &ids)?;
        self.print(&bases, all)
    }

    fn independent(&mut self, specs: &[Vec<u8>]) -> Result<u8, CliError> {
        let ids = self.commits_backwards(specs)?;
        let heads = graph::independent(self.repo.odb(), &mut self.commits, &ids)?;
        self.print(&heads, true)
    }

    fn is_ancestor(&mut self, specs: &[Vec<u8>]) -> Result<u8, CliError> {
        let [a, b] = specs else {
            return Err(CliError::Fatal(
                "--is-ancestor takes exactly two commits".into(),
            ));
        };
        let (a, b) = (self.commit(a)?, self.commit(b)?);
        let yes = graph::is_ancestor(self.repo.odb(), &mut self.commits, a, b)?;
        Ok(if yes { 0 } else { 1 })
    }

    fn fork_point(&mut self, specs: &[Vec<u8>]) -> Result<u8, CliError> {
        let refname = specs.first().map(Vec::as_slice).unwrap_or_default();
        let commitname = specs.get(1).map_or(&b"HEAD"[..], Vec::as_slice);
        let Some(id) = self.oid(commitname)? else {
            return Err(CliError::Fatal(format!(
                "Not a valid object name: '{}'",
                commitname.as_bstr()
            )));
        };
        let derived = self.commit_of(id)?;
        let found = self.resolver.dwim_ref(refname)?;
        crate::revarg::report(&mut self.resolver);
        let (Some(full), Some(current)) = (found.full_name.clone(), found.id) else {
            return Err(CliError::Fatal(format!(
                "No such ref: '{}'",
                refname.as_bstr()
            )));
        };
        if found.count > 1 {
            return Err(CliError::Fatal(format!(
                "Ambiguous refname: '{}'",
                refname.as_bstr()
            )));
        }
        let Some(derived) = derived else {
            return Ok(1);
        };
        let history = gitstore::refs::reflog::values(&self.repo.refs().reflog(&full)?);
        let odb = self.repo.odb();
        match graph::fork_point(odb, &mut self.commits, &history, current, derived)? {
            Some(base) => self.print(&[base], false),
            None => Ok(1),
        }
    }
}
