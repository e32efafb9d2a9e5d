//! `gitstore commit-tree TREE [-p PARENT]... [-m MSG]... [-F FILE]...`
//!
//! As git, the options take effect in command-line order: `-m` and `-F` paragraphs join in the
//! order given, and a bad `-p` or an unreadable `-F` stops before anything after it is looked at.

use crate::{stdout, CliError, CliResult, Context};
use gitstore::error::strerror;
use gitstore::object::commit::latin1_to_utf8_where_invalid;
use gitstore::object::{Commit, WriteTo};
use gitstore::revision::Hint;
use gitstore::{Kind, ObjectId, Repository};
use std::io::{self, Read, Write};

/// git's warning when a commit meant to be UTF-8 is not (its bytes are then read as Latin-1).
const UTF8_WARNING: &str = "Warning: commit message did not conform to UTF-8.\n\
You may want to amend it after fixing the message, or set the config\n\
variable i18n.commitEncoding to the encoding your project uses.\n";

/// git's usage text, printed (exit 129) when no argument is given.
pub const USAGE: &str = include_str!("usage/commit-tree.txt");

/// Arguments of `commit-tree`, as clap parses them.
#[derive(clap::Args)]
struct Raw {
    /// A parent commit (repeatable).
    #[arg(short = 'p', value_name = "PARENT", action = clap::ArgAction::Append)]
    parents: Vec<String>,
    /// A paragraph of the message (repeatable).
    #[arg(short = 'm', value_name = "MESSAGE", action = clap::ArgAction::Append)]
    messages: Vec<String>,
    /// Read the message from a file (`-` for stdin; repeatable).
    #[arg(short = 'F', value_name = "FILE", action = clap::ArgAction::Append)]
    files: Vec<String>,
    /// The tree (exactly one).
    #[arg(value_name = "TREE")]
    trees: Vec<String>,
}

/// One option, in command-line order.
enum Step {
    Parent(String),
    Message(String),
    File(String),
}

/// Arguments of `commit-tree`: the tree arguments and the options in the order given.
pub struct Args {
    trees: Vec<String>,
    steps: Vec<Step>,
}

impl clap::FromArgMatches for Args {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let raw = Raw::from_arg_matches(m)?;
        let indexed = |id: &str, values: Vec<String>, step: fn(String) -> Step| {
            let indices: Vec<usize> = m.indices_of(id).map(Iterator::collect).unwrap_or_default();
            indices
                .into_iter()
                .zip(values)
                .map(move |(i, v)| (i, step(v)))
                .collect::<Vec<_>>()
        };
        let mut steps = indexed("parents", raw.parents, Step::Parent);
        steps.extend(indexed("messages", raw.messages, Step::Message));
        steps.extend(indexed("files", raw.files, Step::File));
        steps.sort_by_key(|(i, _)| *i);
        Ok(Args {
            trees: raw.trees,
            steps: steps.into_iter().map(|(_, s)| s).collect(),
        })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for Args {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        Raw::augment_args(cmd)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Raw::augment_args_for_update(cmd)
    }
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let mut parents: Vec<ObjectId> = Vec::new();
    let mut message = Vec::new();
    for step in &args.steps {
        match step {
            Step::Parent(p) => {
                let id = resolve_as(&repo, p, Kind::Commit)?;
                if parents.contains(&id) {
                    eprintln!("error: duplicate parent {id} ignored");
                    continue;
                }
                parents.push(id);
            }
            Step::Message(m) => {
                if !message.is_empty() {
                    message.push(b'\n');
                }
                message.extend_from_slice(m.as_bytes());
                if !message.is_empty() && !message.ends_with(b"\n") {
                    message.push(b'\n');
                }
            }
            Step::File(f) => {
                if !message.is_empty() {
                    message.push(b'\n');
                }
                read_message_file(f, &mut message)?;
            }
        }
    }
    let [tree] = args.trees.as_slice() else {
        // no argument at all is git's usage; only options, "exactly one tree"
        if args.trees.is_empty() && args.steps.is_empty() {
            return Err(CliError::UsageText(USAGE));
        }
        return Err(CliError::Fatal("must give exactly one tree".into()));
    };
    let tree = crate::revarg::resolve_with(&repo, tree.as_bytes(), Hint::Tree)
        .map_err(|_| CliError::Fatal(format!("not a valid object name {tree}")))?;
    if message.is_empty() {
        io::stdin().lock().read_to_end(&mut message).map_err(|e| {
            CliError::Fatal(format!("git commit-tree: failed to read: {}", strerror(&e)))
        })?;
    }
    assert_kind(&repo, &tree, Kind::Tree)?;
    if message.contains(&0) {
        eprintln!("error: a NUL byte in commit log message not allowed.");
        return Err(CliError::Exit(1));
    }
    let author = repo.author()?;
    let committer = repo.committer()?;
    let encoding = repo.commit_encoding();
    let is_utf8 = encoding.is_none();
    let commit = Commit {
        tree,
        parents,
        author,
        committer,
        encoding,
        extra_headers: Vec::new(),
        message: Some(message.into()),
        spelling: Default::default(),
    };
    let mut bytes = commit.to_vec();
    if is_utf8 && latin1_to_utf8_where_invalid(&mut bytes) {
        eprint!("{UTF8_WARNING}");
    }
    let id = repo.odb().write(Kind::Commit, &bytes)?;
    let mut out = stdout();
    writeln!(out, "{id}")?;
    crate::finish(out)
}

/// Appends the content of `-F <path>` (`-` is stdin) as it is: no newline is added.
fn read_message_file(path: &str, message: &mut Vec<u8>) -> CliResult {
    let failed = |e: io::Error| {
        CliError::Fatal(format!(
            "git commit-tree: failed to read '{path}': {}",
            strerror(&e)
        ))
    };
    if path == "-" {
        return io::stdin()
            .lock()
            .read_to_end(message)
            .map(drop)
            .map_err(failed);
    }
    let mut file = std::fs::File::open(path).map_err(|e| {
        CliError::Fatal(format!(
            "could not open '{path}' for reading: {}",
            strerror(&e)
        ))
    })?;
    file.read_to_end(message).map(drop).map_err(failed)
}

/// Resolves `name` (preferring `kind` among ambiguous abbreviations) and checks that it is a
/// `kind` itself: git does not peel a tag to a commit or a commit to its tree here.
fn resolve_as(repo: &Repository, name: &str, kind: Kind) -> Result<ObjectId, CliError> {
    let hint = match kind {
        Kind::Tree => Hint::Tree,
        _ => Hint::Commit,
    };
    let id = crate::revarg::resolve_with(repo, name.as_bytes(), hint)
        .map_err(|_| CliError::Fatal(format!("not a valid object name {name}")))?;
    assert_kind(repo, &id, kind)?;
    Ok(id)
}

/// git's `assert_oid_type`: `id` must exist and be a `kind` (the empty tree is known without
/// being stored).
fn assert_kind(repo: &Repository, id: &ObjectId, kind: Kind) -> CliResult {
    match repo.odb().try_read_header(id)? {
        Some(h) if h.kind == kind => Ok(()),
        Some(_) => Err(CliError::Fatal(format!(
            "{id} is not a valid '{kind}' object"
        ))),
        None => Err(CliError::Fatal(format!("{id} is not a valid object"))),
    }
}
