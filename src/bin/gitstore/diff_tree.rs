//! `gitstore diff-tree [-r] [-t] [--root] [-m] [--name-only | --name-status] [-z]
//! [--no-commit-id] [--stdin] [-M] TREE-ISH [TREE-ISH] [-- PATH...]`: the changes between two
//! trees, or of commits, in git's raw format.
//!
//! Arguments are read as git's `setup_revisions` reads them: options anywhere before `--`,
//! revisions until the first argument that is not one, paths after it (which must exist unless
//! `--` came first), as git's pathspecs without magic (globs included). `-M` pairs renames as
//! git's `-M` does (50% similar, `diff.renameLimit`); `-M<n>`, `-C` and `-B` are not read.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::diff::{diff_trees_paired, stdin, Change, DiffErrorKind, DiffOptions};
use gitstore::object::tree::write_c_quoted_as;
use gitstore::object::{CommitRef, Kind};
use gitstore::{ObjectId, Repository};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::{BufRead, Write};

mod args;

const USAGE: &str = include_str!("usage/diff-tree.txt");

/// Arguments of `diff-tree`: read in order, as git does, so options and revisions mix.
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    /// Options, tree-ishes and paths, in order.
    #[arg(allow_hyphen_values = true, trailing_var_arg = true, num_args = 0..)]
    args: Vec<OsString>,
}

/// How each change is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Raw,
    NameOnly,
    NameStatus,
}

/// What the options ask for.
struct Options {
    diff: DiffOptions,
    root: bool,
    all_parents: bool,
    format: Format,
    nul: bool,
    no_commit_id: bool,
    stdin: bool,
    /// `core.quotePath`: bytes ≥ 0x80 of a path are quoted (git's default).
    quote_fully: bool,
}

/// A revision argument: its id, and whether it was given as `^A` (or the `A` of `A..B`).
struct Pending {
    id: ObjectId,
    uninteresting: bool,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let (options, pending) =
        args::parse(&repo, &cwd, &crate::raw_args_after("diff-tree", &args.args))?;
    let mut out = stdout();
    let mut printer = Printer {
        repo: &repo,
        options: &options,
        grafts: HashMap::new(),
        known: HashMap::new(),
        uninteresting: HashSet::new(),
        needed_rename_limit: 0,
    };
    match pending.as_slice() {
        [] if !options.stdin => return Err(CliError::UsageText(USAGE)),
        [one] => {
            if one.uninteresting {
                printer.uninteresting.insert(one.id);
            }
            printer.commit(&one.id, None, &mut out)?
        }
        [a, b] => {
            let (old, new) = if b.uninteresting { (b, a) } else { (a, b) };
            let old = tree_of(&repo, &old.id)?;
            let new = tree_of(&repo, &new.id)?;
            printer.trees(&old, &new, &mut out)?;
        }
        _ => {}
    }
    if options.stdin {
        printer.stdin(&mut std::io::stdin().lock(), &mut out)?;
    }
    crate::finish(&mut out)?;
    if printer.needed_rename_limit > 0 {
        eprintln!("warning: exhaustive rename detection was skipped due to too many files.");
        eprintln!(
            "warning: you may want to set your diff.renameLimit variable to at least {} and \
             retry the command.",
            printer.needed_rename_limit
        );
    }
    Ok(())
}

/// The tree `id` names (a commit's, a tag's target's), or git's death.
fn tree_of(repo: &Repository, id: &ObjectId) -> Result<ObjectId, CliError> {
    repo.odb()
        .peel_to(id, Kind::Tree)?
        .ok_or_else(|| unreadable_tree(id))
}

/// The object `id` names once tags are followed, and its kind.
fn deref_tags(repo: &Repository, id: &ObjectId) -> Result<(ObjectId, Kind), CliError> {
    let mut id = *id;
    for _ in 0..=repo.limits().max_tag_chain {
        let object = repo.odb().read(&id)?;
        if object.kind != Kind::Tag {
            return Ok((id, object.kind));
        }
        match gitstore::object::TagRef::parse(&object.data) {
            Ok(tag) => id = tag.target,
            Err(_) => return Ok((id, Kind::Tag)),
        }
    }
    Ok((id, Kind::Tag))
}

fn unreadable_tree(id: &ObjectId) -> CliError {
    CliError::Fatal(format!("unable to read tree ({id})"))
}

/// Prints diffs as git's `log_tree_commit` and `log_tree_diff_flush` do for `diff-tree`.
struct Printer<'r> {
    repo: &'r Repository,
    options: &'r Options,
    /// Parents given on `--stdin` lines: they replace a commit's own for the rest of the run.
    grafts: HashMap<ObjectId, Vec<ObjectId>>,
    /// What git's object table holds by now, and as what: an id met as a commit's tree is a
    /// tree to git for the rest of the run, an id given as a parent a commit. git's messages
    /// for a wrong id depend on it.
    known: HashMap<ObjectId, Kind>,
    /// Commits given as `^A`: git marks their header line `^ `.
    uninteresting: HashSet<ObjectId>,
    /// What the last rename detection that checked `diff.renameLimit` would have needed (0:
    /// it was enough); git warns at the end when it was not.
    needed_rename_limit: usize,
}

impl Printer<'_> {
    fn diff(&mut self, old: Option<&ObjectId>, new: &ObjectId) -> Result<Vec<Change>, CliError> {
        let fail = |e: gitstore::diff::DiffError| match e.kind {
            DiffErrorKind::Missing | DiffErrorKind::NotATree { .. } => unreadable_tree(&e.id),
            _ => CliError::from(gitstore::Error::from(e)),
        };
        let paired =
            diff_trees_paired(self.repo.odb(), old, Some(new), &self.options.diff).map_err(fail)?;
        if let Some(needed) = paired.needed_limit {
            self.needed_rename_limit = needed;
        }
        Ok(paired.changes)
    }

    /// Two trees: their changes, no header.
    fn trees(&mut self, old: &ObjectId, new: &ObjectId, out: &mut impl Write) -> CliResult {
        let changes = self.diff(Some(old), new)?;
        self.print(None, &changes, out)
    }

    /// One commit against its parents (`parents` when given on `--stdin`): nothing for a
    /// merge without `-m`, nothing for a root commit without `--root`.
    fn commit(
        &mut self,
        id: &ObjectId,
        parents: Option<Vec<ObjectId>>,
        out: &mut impl Write,
    ) -> CliResult {
        let odb = self.repo.odb();
        let Some(commit_id) = odb.peel_to(id, Kind::Commit)? else {
            let (actual, kind) = deref_tags(self.repo, id)?;
            eprintln!("error: object {actual} is a {kind}, not a commit");
            return Ok(());
        };
        let object = odb.read(&commit_id)?;
        let commit =
            CommitRef::parse(&object.data).map_err(|source| gitstore::Error::InvalidObject {
                id: Some(commit_id),
                kind: Kind::Commit,
                source,
            })?;
        self.remember(&commit_id, &commit);
        if let Some(parents) = parents {
            let parents = parents
                .into_iter()
                .filter(|p| match self.known.get(p) {
                    Some(&kind) if kind != Kind::Commit => {
                        eprintln!("error: object {p} is a {kind}, not a commit");
                        false
                    }
                    _ => {
                        self.known.insert(*p, Kind::Commit);
                        true
                    }
                })
                .collect();
            self.grafts.insert(commit_id, parents);
        }
        let parents = self
            .grafts
            .get(&commit_id)
            .cloned()
            .unwrap_or(commit.parents);
        let tree = commit.tree;
        match parents.as_slice() {
            [] if self.options.root => {
                let changes = self.diff(None, &tree)?;
                self.print(Some(&commit_id), &changes, out)?;
            }
            [] => {}
            [_, _, ..] if !self.options.all_parents => {}
            parents => {
                for parent in parents {
                    let parent_tree = self.parent_tree(parent)?;
                    let changes = self.diff(Some(&parent_tree), &tree)?;
                    self.print(Some(&commit_id), &changes, out)?;
                }
            }
        }
        Ok(())
    }

    /// Notes a parsed commit in the object table, with its tree and its parents.
    fn remember(&mut self, id: &ObjectId, commit: &CommitRef<'_>) {
        self.known.insert(*id, Kind::Commit);
        self.known.entry(commit.tree).or_insert(Kind::Tree);
        for parent in &commit.parents {
            self.known.entry(*parent).or_insert(Kind::Commit);
        }
    }

    /// The tree of a parent, parsed as git's `parse_commit_or_die` does.
    fn parent_tree(&mut self, parent: &ObjectId) -> Result<ObjectId, CliError> {
        let die = || CliError::Fatal(format!("unable to parse commit {parent}"));
        let mut data = Vec::new();
        let Some(kind) = self.repo.odb().try_read(parent, &mut data)? else {
            eprintln!("error: Could not read {parent}");
            return Err(die());
        };
        if kind != Kind::Commit {
            eprintln!("error: Object {parent} not a commit");
            return Err(die());
        }
        let commit = CommitRef::parse(&data).map_err(|_| die())?;
        self.remember(parent, &commit);
        Ok(commit.tree)
    }

    /// The header (a commit's id, unless `--no-commit-id`) and the changes, when there are
    /// any.
    fn print(
        &self,
        commit: Option<&ObjectId>,
        changes: &[Change],
        out: &mut impl Write,
    ) -> CliResult {
        if changes.is_empty() {
            return Ok(());
        }
        let term: &[u8] = if self.options.nul { b"\0" } else { b"\n" };
        if let Some(commit) = commit.filter(|_| !self.options.no_commit_id) {
            if self.uninteresting.contains(commit) {
                out.write_all(b"^ ")?;
            }
            out.write_all(commit.to_hex().as_bytes())?;
            out.write_all(term)?;
        }
        for change in changes {
            write_change(change, self.options, out)?;
        }
        Ok(())
    }

    /// `--stdin`: each line `<commit> [<parent>...]` or `<tree> <tree>` is diffed, any other
    /// line echoed, as git reads them (`fgets` into 1000 bytes: longer lines come in pieces).
    fn stdin(&mut self, input: &mut impl BufRead, out: &mut impl Write) -> CliResult {
        let mut line = Vec::new();
        // git keeps the largest rename limit any line needed
        let mut needed = 0;
        loop {
            line.clear();
            let read = std::io::Read::take(&mut *input, 999)
                .read_until(b'\n', &mut line)
                .map_err(|e| CliError::Fatal(gitstore::error::strerror(&e)))?;
            if read == 0 {
                self.needed_rename_limit = needed;
                return Ok(());
            }
            match stdin::leading_id(&line) {
                Some(id) => {
                    self.stdin_line(&id, &line, out)?;
                    needed = needed.max(self.needed_rename_limit);
                }
                None => {
                    // fputs: up to the first NUL
                    let shown = line.split(|&b| b == 0).next().unwrap_or_default();
                    out.write_all(shown)?;
                    out.flush()?;
                }
            }
        }
    }

    fn stdin_line(&mut self, id: &ObjectId, line: &[u8], out: &mut impl Write) -> CliResult {
        let Some(line) = line.strip_suffix(b"\n") else {
            return Ok(());
        };
        let line = line.split(|&b| b == 0).next().unwrap_or_default();
        let rest = stdin::after_leading_id(line);
        let Some(header) = self.repo.odb().try_read_header(id)? else {
            return Ok(());
        };
        // git's table may already hold the id as something else (a parent or tree named
        // wrongly on an earlier line): then the object cannot be read as what it is
        if let Some(&kind) = self.known.get(id).filter(|&&k| k != header.kind) {
            eprintln!("error: object {id} is a {kind}, not a {}", header.kind);
            return Ok(());
        }
        self.known.insert(*id, header.kind);
        match header.kind {
            Kind::Commit => {
                let parents = stdin::grafted_parents(rest);
                self.commit(id, parents, out)
            }
            Kind::Tree => {
                let Some(other) = stdin::second_tree(rest) else {
                    eprintln!("error: Need exactly two trees, separated by a space");
                    return Ok(());
                };
                if let Some(&kind) = self.known.get(&other).filter(|&&k| k != Kind::Tree) {
                    eprintln!("error: object {other} is a {kind}, not a tree");
                    return Ok(());
                }
                self.known.insert(other, Kind::Tree);
                match self.repo.odb().try_read_header(&other)? {
                    None => {
                        eprintln!("error: Could not read {other}");
                        return Ok(());
                    }
                    Some(h) if h.kind != Kind::Tree => {
                        eprintln!("error: Object {other} not a tree");
                        return Ok(());
                    }
                    Some(_) => {}
                }
                writeln!(out, "{id} {other}")?;
                self.trees(id, &other, out)
            }
            kind => {
                eprintln!("error: Object {id} is a {kind}, not a commit or tree");
                Ok(())
            }
        }
    }
}

/// One change in git's raw, `--name-only` or `--name-status` format.
fn write_change(change: &Change, options: &Options, out: &mut impl Write) -> CliResult {
    let (format, nul) = (options.format, options.nul);
    let (sep, term): (&[u8], &[u8]) = if nul { (b"\0", b"\0") } else { (b"\t", b"\n") };
    let path = |p: &[u8], out: &mut dyn Write| -> std::io::Result<()> {
        if nul {
            out.write_all(p)
        } else {
            write_c_quoted_as(p, options.quote_fully, out)
        }
    };
    if format == Format::NameOnly {
        path(change.path(), out)?;
        out.write_all(term)?;
        return Ok(());
    }
    if format == Format::Raw {
        // `:<old mode> <new mode> <old id> <new id> `, an absent side all zeros
        let mut line = [b'0'; 1 + 7 + 7 + 41 + 41];
        line[0] = b':';
        for (i, side) in [change.before(), change.after()].into_iter().enumerate() {
            let Some(side) = side else { continue };
            line[1 + 7 * i..7 + 7 * i].copy_from_slice(&side.mode.to_pretty());
            let mut hex = [0u8; 40];
            side.id.hex_to_buf(&mut hex);
            line[15 + 41 * i..55 + 41 * i].copy_from_slice(&hex);
        }
        for at in [7, 14, 55, 96] {
            line[at] = b' ';
        }
        out.write_all(&line)?;
    }
    match change {
        Change::Renamed {
            source, similarity, ..
        } => {
            write!(out, "R{similarity:03}")?;
            out.write_all(sep)?;
            path(source, out)?;
        }
        other => out.write_all(&[other.status() as u8])?,
    }
    out.write_all(sep)?;
    path(change.path(), out)?;
    out.write_all(term)?;
    Ok(())
}
