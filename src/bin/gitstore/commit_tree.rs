//! `gitstore commit-tree TREE [-p PARENT]... [-m MSG]... [-F FILE]...`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::object::Commit;
use gitstore::{identity, Kind, ObjectId, Repository};
use std::io::{self, Read, Write};

/// Arguments of `commit-tree`.
#[derive(clap::Args)]
pub struct Args {
    /// A parent commit (repeatable).
    #[arg(short = 'p', value_name = "PARENT", action = clap::ArgAction::Append)]
    parents: Vec<String>,
    /// A paragraph of the message (repeatable).
    #[arg(short = 'm', value_name = "MESSAGE", action = clap::ArgAction::Append)]
    messages: Vec<String>,
    /// Read the message from a file (`-` for stdin; repeatable).
    #[arg(short = 'F', value_name = "FILE", action = clap::ArgAction::Append)]
    files: Vec<String>,
    /// The tree.
    tree: String,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    let tree = peel(&repo, &args.tree, Kind::Tree)?;
    let mut parents: Vec<ObjectId> = Vec::new();
    for p in &args.parents {
        let id = peel(&repo, p, Kind::Commit)?;
        if parents.contains(&id) {
            eprintln!("error: duplicate parent {id} ignored");
            continue;
        }
        parents.push(id);
    }
    let mut message = Vec::new();
    for m in &args.messages {
        if !message.is_empty() {
            message.push(b'\n');
        }
        message.extend_from_slice(m.as_bytes());
        if !message.ends_with(b"\n") {
            message.push(b'\n');
        }
    }
    for f in &args.files {
        if !message.is_empty() {
            message.push(b'\n');
        }
        if f == "-" {
            io::stdin().lock().read_to_end(&mut message)?;
        } else {
            let content = std::fs::read(f)
                .map_err(|e| CliError::Fatal(format!("could not read log file '{f}': {e}")))?;
            message.extend_from_slice(&content);
        }
        if !message.is_empty() && !message.ends_with(b"\n") {
            message.push(b'\n');
        }
    }
    if args.messages.is_empty() && args.files.is_empty() {
        io::stdin().lock().read_to_end(&mut message)?;
    }
    let author = identity::author(repo.config()).map_err(|e| CliError::Fatal(e.to_string()))?;
    let committer =
        identity::committer(repo.config()).map_err(|e| CliError::Fatal(e.to_string()))?;
    let commit = Commit {
        tree,
        parents,
        author,
        committer,
        encoding: None,
        extra_headers: Vec::new(),
        message: Some(message.into()),
        spelling: Default::default(),
    };
    let id = repo.odb().write_object(&commit)?;
    let mut out = stdout();
    writeln!(out, "{id}")?;
    crate::finish(out)
}

/// Resolves `name` and peels it to `kind`, with git's message when it is something else.
fn peel(repo: &Repository, name: &str, kind: Kind) -> Result<ObjectId, CliError> {
    let id = gitstore::revision::resolve(repo, name)
        .map_err(|_| CliError::Fatal(format!("not a valid object name {name}")))?;
    repo.odb()
        .peel_to(&id, kind)?
        .ok_or_else(|| CliError::Fatal(format!("{id} is not a valid '{kind}' object")))
}
