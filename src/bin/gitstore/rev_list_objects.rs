//! `rev-list --objects` and its options (`--objects-edge`, `--objects-edge-aggressive`,
//! `--[no-]object-names`, `--missing=`, `--in-commit-order`): the objects the walk's commits
//! reach, through `gitstore::history::objects`, printed as git prints them.

use crate::rev_list::walk_error;
use crate::{stdout, CliError, CliResult};
use bstr::ByteSlice;
use gitstore::history::objects::{
    Edges, Listed, MissingAction, ObjectsErrorKind, ObjectsOptions, ReachableObjects, Reached,
};
use gitstore::history::walk::{Walk, WalkCommit};
use gitstore::{Kind, ObjectId, Repository};
use std::io::{self, Write};

/// The object options of one `rev-list` command line.
#[derive(Clone, Copy)]
pub struct ObjectArgs {
    /// Whether objects are listed at all.
    pub on: bool,
    pub edges: Edges,
    pub names: bool,
    pub missing: MissingAction,
    pub in_commit_order: bool,
    /// Whether a `--missing=` with a value git knows was met (git keeps the first).
    missing_given: bool,
}

impl Default for ObjectArgs {
    fn default() -> Self {
        ObjectArgs {
            on: false,
            edges: Edges::Hidden,
            names: true,
            missing: MissingAction::Error,
            in_commit_order: false,
            missing_given: false,
        }
    }
}

impl ObjectArgs {
    /// Takes `arg` when it is one of the object options; `false` otherwise.
    pub fn option(&mut self, arg: &[u8]) -> bool {
        match arg {
            b"--objects" => self.on = true,
            b"--objects-edge" => {
                self.on = true;
                if self.edges != Edges::Aggressive {
                    self.edges = Edges::Shown;
                }
            }
            b"--objects-edge-aggressive" => {
                self.on = true;
                self.edges = Edges::Aggressive;
            }
            b"--object-names" => self.names = true,
            b"--no-object-names" => self.names = false,
            b"--in-commit-order" => self.in_commit_order = true,
            _ => match arg.strip_prefix(b"--missing=") {
                // git keeps the first value it knows and passes over the others, even bogus
                Some(value) => {
                    if let (Some(action), false) = (missing_action(value), self.missing_given) {
                        self.missing = action;
                        self.missing_given = true;
                    }
                }
                None => return false,
            },
        }
        true
    }

    /// The library's options for these.
    pub fn options(&self) -> ObjectsOptions {
        ObjectsOptions {
            missing: self.missing,
            in_commit_order: self.in_commit_order,
        }
    }
}

fn missing_action(value: &[u8]) -> Option<MissingAction> {
    Some(match value {
        b"error" => MissingAction::Error,
        b"allow-any" => MissingAction::AllowAny,
        b"print" => MissingAction::Print,
        b"allow-promisor" => MissingAction::AllowPromisor,
        _ => return None,
    })
}

/// Prints one tree, blob or tag as git's `show_object_with_name` does: the id, a space and the
/// name up to its first newline (the space even for an empty name); the id alone with
/// `--no-object-names`.
pub fn write_object(
    out: &mut dyn Write,
    object: &Reached<'_>,
    args: &ObjectArgs,
) -> io::Result<()> {
    let mut hex = [0u8; 40];
    out.write_all(object.id.hex_to_buf(&mut hex).as_bytes())?;
    if args.names {
        if let Some(name) = object.name {
            out.write_all(b" ")?;
            let end = name.find_byte(b'\n').unwrap_or(name.len());
            out.write_all(name.get(..end).unwrap_or_default())?;
        }
    }
    out.write_all(b"\n")
}

/// `--missing=print`'s closing list, `?<id>` each, in git's order
/// ([`missing_in_git_order`](gitstore::history::objects::missing_in_git_order)).
pub fn write_missing(out: &mut dyn Write, missing: &[ObjectId]) -> io::Result<()> {
    let mut hex = [0u8; 40];
    for id in gitstore::history::objects::missing_in_git_order(missing) {
        out.write_all(b"?")?;
        out.write_all(id.hex_to_buf(&mut hex).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `-<id>` for an edge commit.
pub fn write_edge(out: &mut dyn Write, id: &ObjectId) -> io::Result<()> {
    writeln!(out, "-{id}")
}

/// git's words for an object the listing could not read, with the action `--missing=` chose.
pub fn objects_error(e: gitstore::Error, action: MissingAction) -> CliError {
    let gitstore::Error::Objects(e) = e else {
        return e.into();
    };
    let id = e.id;
    CliError::Fatal(match e.kind {
        ObjectsErrorKind::Missing { kind: Kind::Tree } if action == MissingAction::Error => {
            format!("bad tree object {id}")
        }
        ObjectsErrorKind::Missing { kind } if action == MissingAction::AllowPromisor => {
            format!("unexpected missing {kind} object '{id}'")
        }
        ObjectsErrorKind::Missing { kind } => format!("missing {kind} object '{id}'"),
        ObjectsErrorKind::MissingTagTarget { .. } => format!("bad object {id}"),
        ObjectsErrorKind::TooDeep { .. } => "exceeded maximum allowed tree depth".into(),
        ObjectsErrorKind::WrongKind { .. } | ObjectsErrorKind::Corrupt(_) => {
            format!("bad tree object {id}")
        }
        ObjectsErrorKind::NotACommit => format!("unable to load root tree for commit {id}"),
        _ => e.to_string(),
    })
}

/// git's words for an error of the walk or of the listing.
fn listing_error(e: gitstore::Error, action: MissingAction) -> CliError {
    match e {
        gitstore::Error::Objects(_) => objects_error(e, action),
        e => walk_error(e),
    }
}

/// `rev-list --objects`: the walk's commits (each printed by `write_commit`), then the objects
/// they and the other tips reach; the edges first with `--objects-edge`; the missing last with
/// `--missing=print`. With `count`, only the number of lines that would be printed.
pub fn list(
    repo: &Repository,
    walk: Walk<'_>,
    args: &ObjectArgs,
    count: bool,
    mut write_commit: impl FnMut(&mut dyn Write, &WalkCommit) -> CliResult,
) -> CliResult {
    let action = args.missing;
    let fail = |e| listing_error(e, action);
    let mut listing = ReachableObjects::with_options(repo.odb(), args.options())
        .from_walk(walk, args.edges)
        .map_err(fail)?;
    let mut out = stdout();
    if args.edges != Edges::Hidden {
        for edge in listing.edges() {
            write_edge(&mut out, edge)?;
        }
    }
    let mut lines = 0u64;
    let mut missing = Vec::new();
    while let Some(step) = listing.next_listed().map_err(fail)? {
        match step {
            Listed::Commit(_) if count => lines += 1,
            Listed::Commit(c) => write_commit(&mut out, &c)?,
            Listed::Object(o) if o.missing => missing.push(o.id),
            Listed::Object(_) if count => lines += 1,
            Listed::Object(o) => write_object(&mut out, &o, args)?,
        }
    }
    if action == MissingAction::Print {
        write_missing(&mut out, &missing)?;
    }
    if count {
        writeln!(out, "{lines}")?;
    }
    crate::finish(out)
}
