//! `gitstore rev-list [<options>] <commit>... [--] [<path>...]`: the commits of a walk, as
//! `git rev-list` lists them (ids, `--parents`, `--children`, `--timestamp`, `--boundary`,
//! `--left-right`, `--count`), arguments read in order as git's `setup_revisions` reads them.

use crate::pretty_args::{Command as Cmd, PrettyArgs};
use crate::rev_list_objects::ObjectArgs;
use crate::{stdout, CliError, CliResult, Context};
use bstr::{BString, ByteSlice};
use gitstore::date::DateContext;
use gitstore::history::walk::{
    RefSelection, Sort, StdinLine, StdinRevisions, Walk, WalkCommit, WalkError, WalkOptions,
};
use gitstore::pathspec::{looks_like_pathspec, names_existing_path};
use gitstore::revision::Resolver;
use gitstore::Repository;
use std::ffi::OsString;
use std::io::{BufRead, Write};

const USAGE: &str = include_str!("usage/rev-list.txt");

/// Arguments of `rev-list`: options, revisions and paths, read in order as git does.
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    /// Options, revisions and paths, in order.
    #[arg(allow_hyphen_values = true, trailing_var_arg = true, num_args = 0..)]
    args: Vec<OsString>,
}

/// What rev-list prints besides the walk's own options.
#[derive(Default)]
pub struct Show {
    pub count: bool,
    pub timestamp: bool,
    pub left_right: bool,
    pub parents: bool,
    pub children: bool,
    /// `--objects` and friends.
    pub objects: ObjectArgs,
    /// `--header`: raw commits, NUL-terminated.
    pub header: bool,
    /// `--no-commit-header` (false) / `--commit-header`.
    pub commit_header: Option<bool>,
    /// The formatting options (`--format=`, `--pretty=`, `--oneline`, `--date=`…).
    pub pretty: PrettyArgs,
}

/// The state of one argument list: the walk being built and what has been seen.
struct Setup<'r> {
    walk: Walk<'r>,
    resolver: Resolver<'r>,
    repo: &'r Repository,
    hidden: bool,
    revs_given: bool,
    stdin_read: bool,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    // the command line as given (clap drops a `--`, which separates paths)
    let args: Vec<BString> = crate::raw_args_after("rev-list", &args.args)
        .iter()
        .map(|a| BString::from(a.as_encoded_bytes()))
        .collect();
    let (walk, show) = parse(&repo, &args, Cmd::RevList)?;
    list(&repo, walk, &show)
}

/// How each commit is printed: rev-list's line, or framed by
/// [`RevListWriter`](gitstore::pretty::RevListWriter) for `--format=`, `--pretty=`,
/// `--oneline`, `--header`.
enum CommitLines<'a> {
    Plain(&'a Show),
    Formatted {
        writer: Box<gitstore::pretty::RevListWriter<'a>>,
        buf: Vec<u8>,
        repo: &'a Repository,
        show: &'a Show,
    },
}

impl<'a> CommitLines<'a> {
    fn new(repo: &'a Repository, show: &'a Show) -> Result<Self, CliError> {
        use gitstore::pretty::{RevListStyle, RevListWriter};
        if !show.header && show.pretty.format.is_none() {
            return Ok(CommitLines::Plain(show));
        }
        let style = match show.pretty.format {
            Some(_) => RevListStyle::Pretty {
                commit_header: show.commit_header.unwrap_or(true),
            },
            None => RevListStyle::Header,
        };
        Ok(CommitLines::Formatted {
            writer: Box::new(RevListWriter::new(
                show.pretty.build(repo, Cmd::RevList)?,
                style,
            )),
            buf: Vec::new(),
            repo,
            show,
        })
    }

    fn write(&mut self, out: &mut dyn Write, commit: &WalkCommit) -> CliResult {
        let (writer, buf, repo, show) = match self {
            CommitLines::Plain(show) => return Ok(write_commit(out, commit, show)?),
            CommitLines::Formatted {
                writer,
                buf,
                repo,
                show,
            } => (writer, buf, repo, show),
        };
        use gitstore::pretty::{RevListEntry, WalkInfo};
        let data = repo.odb().read(&commit.id)?.data;
        let mark: &[u8] = if commit.boundary {
            b"-"
        } else if show.left_right {
            if commit.left {
                b"<"
            } else {
                b">"
            }
        } else {
            b""
        };
        if show.timestamp {
            write!(out, "{} ", commit.date)?;
        }
        buf.clear();
        let entry = RevListEntry {
            id: &commit.id,
            data: &data,
            mark,
            parents: show.parents.then_some(&commit.parents[..]),
            children: show.children.then_some(&commit.children[..]),
            walk: WalkInfo {
                parents: Some(&commit.parents),
                ..WalkInfo::default()
            },
        };
        writer.write(&entry, buf)?;
        out.write_all(buf)?;
        Ok(())
    }
}

/// The walk's commits on stdout, in rev-list's format.
fn list(repo: &Repository, walk: Walk<'_>, show: &Show) -> CliResult {
    let mut lines = CommitLines::new(repo, show)?;
    if show.objects.on {
        return crate::rev_list_objects::list(repo, walk, &show.objects, show.count, |out, c| {
            lines.write(out, c)
        });
    }
    let mut out = stdout();
    let mut walk = walk;
    let (mut left, mut right) = (0u64, 0u64);
    if show.count {
        (left, right) = walk.count_commits().map_err(walk_error)?;
    }
    for commit in walk.by_ref() {
        lines.write(&mut out, &commit.map_err(walk_error)?)?;
    }
    if show.count {
        if show.left_right {
            writeln!(out, "{left}\t{right}")?;
        } else {
            writeln!(out, "{}", left + right)?;
        }
    }
    crate::leak(walk);
    crate::finish(out)
}

/// One commit line: `[<timestamp> ][-|<|>]<id>[ <parents or children>]`.
fn write_commit(out: &mut dyn Write, commit: &WalkCommit, show: &Show) -> std::io::Result<()> {
    let mut hex = [0u8; 40];
    if show.timestamp {
        write!(out, "{} ", commit.date)?;
    }
    if commit.boundary {
        out.write_all(b"-")?;
    } else if show.left_right {
        out.write_all(if commit.left { b"<" } else { b">" })?;
    }
    out.write_all(commit.id.hex_to_buf(&mut hex).as_bytes())?;
    let related = match (show.parents, show.children) {
        (true, _) => &commit.parents[..],
        (_, true) => &commit.children[..],
        _ => &[],
    };
    for id in related {
        out.write_all(b" ")?;
        out.write_all(id.hex_to_buf(&mut hex).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// git's words for a walk that fails.
pub fn walk_error(e: gitstore::Error) -> CliError {
    match e {
        gitstore::Error::Walk(w) => {
            let msg = walk_message(&w);
            match w {
                // git says which side is no commit, then dies of the range
                WalkError::InvalidRange {
                    not_a_commit: Some((id, kind)),
                    ..
                } => CliError::FatalAfter(
                    format!("error: object {id} is a {kind}, not a commit\n"),
                    msg,
                ),
                WalkError::MissingParent { parent, .. } => {
                    CliError::FatalAfter(format!("error: Could not read {parent}\n"), msg)
                }
                _ => CliError::Fatal(msg),
            }
        }
        gitstore::Error::Revision(e) => CliError::Fatal(crate::revarg::fatal_message(&e)),
        other => other.into(),
    }
}

fn walk_message(e: &WalkError) -> String {
    match e {
        WalkError::MissingTip { name, .. } => format!("bad object {name}"),
        WalkError::MissingParent {
            commit,
            while_preparing,
            ..
        } => {
            if *while_preparing {
                "revision walk setup failed".into()
            } else {
                format!("Failed to traverse parents of commit {commit}")
            }
        }
        WalkError::InvalidRange {
            range, symmetric, ..
        } => {
            if *symmetric {
                format!("Invalid symmetric difference expression {range}")
            } else {
                format!("Invalid revision range {range}")
            }
        }
        WalkError::NoBottoms => "--ancestry-path given but there are no bottom commits".into(),
        other => other.to_string(),
    }
}

/// git's `setup_revisions` and rev-list's own options; for `log` (`cmd`), `HEAD` when no
/// revision is given.
pub fn parse<'r>(
    repo: &'r Repository,
    args: &[BString],
    cmd: Cmd,
) -> Result<(Walk<'r>, Show), CliError> {
    let dashdash = args.iter().position(|a| a == "--");
    let (opts_and_revs, mut paths): (&[BString], Vec<BString>) = match dashdash {
        Some(i) => (&args[..i], args[i + 1..].to_vec()),
        None => (args, Vec::new()),
    };
    // options first (they shape the walk); revisions are taken in a second pass, in order
    let mut options = WalkOptions::default();
    let mut show = Show::default();
    let mut items: Vec<Item> = Vec::new();
    let mut end_of_options = false;
    let mut i = 0;
    while i < opts_and_revs.len() {
        let arg = &opts_and_revs[i];
        i += 1;
        if end_of_options || !arg.starts_with(b"-") {
            items.push(Item::Revision(arg.clone()));
            continue;
        }
        if RefSelection::from_option(arg).is_some()
            || arg == "--not"
            || arg.starts_with(b"--exclude=")
        {
            items.push(Item::Pseudo(arg.clone()));
            continue;
        }
        if arg == "--stdin" {
            items.push(Item::Stdin);
            continue;
        }
        if arg == "--end-of-options" {
            end_of_options = true;
            continue;
        }
        let next = opts_and_revs.get(i).map(|n| n.to_str_lossy().into_owned());
        let took = show
            .pretty
            .take(&arg.to_str_lossy(), next.as_deref(), cmd)?;
        if took > 0 {
            i += took - 1;
            continue;
        }
        match (arg.as_bytes(), cmd) {
            (b"--header", Cmd::RevList) => show.header = true,
            (b"--commit-header", Cmd::RevList) => show.commit_header = Some(true),
            (b"--no-commit-header", Cmd::RevList) => show.commit_header = Some(false),
            _ => {}
        }
        if matches!(
            (arg.as_bytes(), cmd),
            (
                b"--header" | b"--commit-header" | b"--no-commit-header",
                Cmd::RevList
            )
        ) {
            continue;
        }
        let mut value = |name: &str| -> Result<Option<BString>, CliError> {
            long_value(arg, name, opts_and_revs, &mut i)
        };
        if let Some(v) = value("max-count")? {
            options.max_count = count(&v)?;
        } else if let Some(v) = value("skip")? {
            options.skip = count(&v)?.unwrap_or(0);
        } else if let Some(v) = value("since")?.or(value("after")?) {
            options.set_since(&v, &DateContext::from_env(repo.env()));
        } else if let Some(v) = value("until")?.or(value("before")?) {
            options.set_until(&v, &DateContext::from_env(repo.env()));
        } else if let Some(v) = value("max-age")? {
            options.since = Some(age(&v));
        } else if let Some(v) = value("min-age")? {
            options.until = Some(age(&v));
        } else if arg == "-n" {
            let Some(v) = opts_and_revs.get(i) else {
                eprintln!("error: -n requires an argument");
                return Err(CliError::Exit(128));
            };
            i += 1;
            options.max_count = count(v)?;
        } else if let Some(n) = arg.strip_prefix(b"-n") {
            options.max_count = count(n)?;
        } else if arg.len() > 1 && arg[1].is_ascii_digit() {
            options.max_count = count(&arg[1..])?;
        } else {
            match arg.as_bytes() {
                b"--first-parent" => options.first_parent = true,
                b"--ancestry-path" => options.ancestry_path = true,
                b"--full-history" => options.full_history = true,
                b"--topo-order" => options.sort = Sort::Topo,
                b"--date-order" => options.sort = Sort::TopoDate,
                b"--reverse" => options.reverse = true,
                b"--parents" => {
                    options.rewrite_parents = true;
                    show.parents = true;
                }
                b"--children" => {
                    options.children = true;
                    show.children = true;
                }
                b"--merges" => options.min_parents = 2,
                b"--no-merges" => options.max_parents = Some(1),
                b"--no-min-parents" => options.min_parents = 0,
                b"--no-max-parents" => options.max_parents = None,
                b"--boundary" => options.boundary = true,
                b"--left-right" => show.left_right = true,
                b"--count" => show.count = true,
                b"--timestamp" => show.timestamp = true,
                b"--dense" => {}
                _ if show.objects.option(arg) => {}
                _ => {
                    if let Some(v) = arg.strip_prefix(b"--min-parents=") {
                        options.min_parents = count(v)?.unwrap_or(0);
                    } else if let Some(v) = arg.strip_prefix(b"--max-parents=") {
                        options.max_parents = count(v)?;
                    } else if cmd == Cmd::Log && arg == b"-h" {
                        // parse-options, which git log runs first, answers -h with its usage
                        print!("{}", include_str!("usage/log.txt"));
                        return Err(CliError::Exit(129));
                    } else if cmd == Cmd::Log {
                        return Err(CliError::Fatal(format!(
                            "unrecognized argument: {}",
                            arg.as_bstr()
                        )));
                    } else {
                        return Err(CliError::UsageText(USAGE));
                    }
                }
            }
        }
    }
    let cwd = std::env::current_dir().map_err(|e| CliError::Fatal(e.to_string()))?;
    let prefix = repo.prefix_of(&cwd);
    let mut resolver = Resolver::new(repo);
    resolver.set_prefix(prefix.clone());

    // the revisions, in order; the first that names nothing starts the paths
    let mut extra_paths: Vec<BString> = Vec::new();
    let mut stdin_paths: Vec<BString> = Vec::new();
    let mut setup = Setup {
        walk: Walk::new(repo, WalkOptions::default()),
        resolver,
        repo,
        hidden: false,
        revs_given: false,
        stdin_read: false,
    };
    for (k, item) in items.iter().enumerate() {
        match item {
            Item::Revision(arg) => {
                if setup.is_revision(arg, dashdash.is_none())? {
                    continue;
                }
                if dashdash.is_some() || arg.starts_with(b"^") {
                    return Err(CliError::Fatal(format!("bad revision '{arg}'")));
                }
                let rest: Vec<BString> = items[k..]
                    .iter()
                    .map(|it| match it {
                        Item::Revision(a) | Item::Pseudo(a) => a.clone(),
                        Item::Stdin => "--stdin".into(),
                    })
                    .collect();
                let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
                for (j, p) in rest.iter().enumerate() {
                    verify_filename(&cwd, top.as_deref(), p, j == 0)?;
                }
                extra_paths = rest;
                break;
            }
            Item::Pseudo(arg) => setup.pseudo(arg)?,
            Item::Stdin => {
                if setup.stdin_read {
                    return Err(CliError::Fatal("--stdin given twice?".into()));
                }
                setup.stdin_read = true;
                stdin_paths = setup.read_stdin()?;
            }
        }
    }
    paths.extend(extra_paths);
    paths.extend(stdin_paths);
    if options.rewrite_parents && options.children {
        return Err(CliError::Fatal(
            "options '--parents' and '--children' cannot be used together".into(),
        ));
    }
    if cmd == Cmd::RevList && show.count && show.objects.on && show.left_right {
        return Err(CliError::Fatal(
            "marked counting and '--objects' cannot be used together".into(),
        ));
    }

    if cmd == Cmd::Log && !setup.revs_given {
        // git's `revs->def`: HEAD, or a fatal error on an unborn branch
        let found = setup
            .walk
            .push_revision(&mut setup.resolver, b"HEAD", false);
        if !found.map_err(walk_error)? {
            return Err(match repo.head() {
                Ok(gitstore::repo::Head::Unborn { name }) => CliError::Fatal(format!(
                    "your current branch '{}' does not have any commits yet",
                    name.as_bstr()
                        .strip_prefix(b"refs/heads/")
                        .unwrap_or(name.as_bytes())
                        .as_bstr()
                )),
                _ => CliError::Fatal("bad default revision 'HEAD'".into()),
            });
        }
    }
    if cmd == Cmd::RevList && !setup.revs_given && !setup.stdin_read && !show.objects.on {
        return Err(CliError::UsageText(USAGE));
    }
    if !paths.is_empty() {
        let prefix = prefix.as_deref().map(|p| p.as_bytes()).unwrap_or_default();
        options.paths = Some(crate::pathspec_arg::parse(repo, &paths, prefix)?);
    }
    let Setup { mut walk, .. } = setup;
    walk.set_options(options);
    Ok((walk, show))
}

/// One argument before `--`, in order.
enum Item {
    Revision(BString),
    Pseudo(BString),
    Stdin,
}

impl Setup<'_> {
    /// Adds `arg` as a revision; false when it names none.
    fn is_revision(&mut self, arg: &[u8], can_be_filename: bool) -> Result<bool, CliError> {
        let found = self
            .walk
            .push_revision(&mut self.resolver, arg, self.hidden);
        crate::revarg::report(&mut self.resolver);
        let found = found.map_err(walk_error)?;
        if found {
            self.revs_given = true;
            if can_be_filename {
                let name = arg.strip_prefix(b"^").unwrap_or(arg);
                verify_non_filename(self.repo, name)?;
            }
        }
        Ok(found)
    }

    /// `--all`, `--branches`…, `--not`.
    fn pseudo(&mut self, arg: &[u8]) -> CliResult {
        if arg == b"--not" {
            self.hidden = !self.hidden;
            return Ok(());
        }
        if let Some(glob) = arg.strip_prefix(b"--exclude=") {
            self.walk.exclude_refs(glob);
            return Ok(());
        }
        if let Some(which) = RefSelection::from_option(arg) {
            self.walk
                .push_refs(which, self.hidden)
                .map_err(walk_error)?;
            self.revs_given = true;
        }
        Ok(())
    }

    /// git's `read_revisions_from_stdin`: revisions and pseudo options up to an empty line or
    /// `--`; after `--`, paths.
    fn read_stdin(&mut self) -> Result<Vec<BString>, CliError> {
        let saved = self.hidden;
        self.hidden = false;
        let stdin = std::io::stdin();
        let mut input = StdinRevisions::new();
        let mut paths = Vec::new();
        for line in stdin.lock().split(b'\n') {
            let line = line.map_err(|e| CliError::Fatal(e.to_string()))?;
            match input.line(&line) {
                StdinLine::End => break,
                StdinLine::Path(p) => paths.push(BString::from(p)),
                StdinLine::PseudoOption(option) => self.pseudo(option)?,
                StdinLine::InvalidOption(option) => {
                    return Err(CliError::Fatal(format!(
                        "invalid option '{}' in --stdin mode",
                        option.as_bstr()
                    )))
                }
                StdinLine::Revision(rev) => {
                    let found = self.is_revision(rev, false)?;
                    if !found {
                        return Err(CliError::Fatal(format!("bad revision '{}'", rev.as_bstr())));
                    }
                }
                _ => {}
            }
        }
        self.hidden = saved;
        Ok(paths)
    }
}

/// git's `parse_long_opt`: `--name=value` or `--name value`.
fn long_value(
    arg: &[u8],
    name: &str,
    args: &[BString],
    i: &mut usize,
) -> Result<Option<BString>, CliError> {
    let Some(rest) = arg.strip_prefix(b"--") else {
        return Ok(None);
    };
    let Some(rest) = rest.strip_prefix(name.as_bytes()) else {
        return Ok(None);
    };
    if let Some(v) = rest.strip_prefix(b"=") {
        return Ok(Some(v.into()));
    }
    if !rest.is_empty() {
        return Ok(None);
    }
    let Some(v) = args.get(*i) else {
        eprintln!("error: option `{name}' requires a value");
        return Err(CliError::Exit(128));
    };
    *i += 1;
    Ok(Some(v.clone()))
}

/// git's `parse_count`: an integer; negative means no limit.
fn count(v: &[u8]) -> Result<Option<usize>, CliError> {
    let text = v.to_str_lossy();
    match text.parse::<i32>() {
        Ok(n) if n < 0 => Ok(None),
        Ok(n) => Ok(Some(n as usize)),
        Err(_) => Err(CliError::Fatal(format!("'{text}': not an integer"))),
    }
}

/// git's `parse_age`: seconds since the epoch, as `strtoul` reads them.
fn age(v: &[u8]) -> i64 {
    v.iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0i64, |n, d| {
            n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        })
}

/// git's `verify_non_filename`: a revision that is also a file needs `--`.
fn verify_non_filename(repo: &Repository, arg: &[u8]) -> CliResult {
    if arg.is_empty() || arg.starts_with(b"-") {
        return Ok(());
    }
    // only inside the work tree, and not inside the git directory
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(());
    };
    let in_git_dir = repo
        .git_dir()
        .canonicalize()
        .is_ok_and(|g| cwd.starts_with(g));
    if repo.prefix_of(&cwd).is_none() || in_git_dir {
        return Ok(());
    }
    let Ok(path) = arg.to_path() else {
        return Ok(());
    };
    if path.symlink_metadata().is_ok() {
        return Err(crate::revarg::both_revision_and_filename(arg));
    }
    Ok(())
}

/// git's `verify_filename`: a path without `--` must exist.
fn verify_filename(
    cwd: &std::path::Path,
    top: Option<&std::path::Path>,
    arg: &[u8],
    diagnose_rev: bool,
) -> CliResult {
    if arg.starts_with(b"-") {
        return Err(crate::revarg::option_after_arguments(arg));
    }
    if looks_like_pathspec(arg) || names_existing_path(arg, cwd, top) {
        return Ok(());
    }
    if diagnose_rev {
        return Err(crate::revarg::unknown_revision_or_path(arg));
    }
    Err(crate::revarg::no_such_path(arg))
}
