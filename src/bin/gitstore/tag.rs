//! `gitstore tag [-l PATTERN…]`, `tag [-f] NAME [OBJECT]`, `tag [-f] (-a|-m MSG…) NAME [OBJECT]`,
//! `tag -d NAME…`.

use crate::{stdout, CliError, CliResult, Context};
use bstr::{BString, ByteSlice};
use gitstore::object::{CommitRef, Tag, WriteTo};
use gitstore::refs::format::{format_date, name_matches, stripspace, DateMode};
use gitstore::refs::{name::check_ref_format, RefEdit, RefName, Target};
use gitstore::revision::{abbreviate, default_abbrev_len};
use gitstore::{Kind, ObjectId, Repository};
use std::io::Write;

/// Arguments of `tag`.
#[derive(clap::Args)]
pub struct Args {
    /// List tag names.
    #[arg(short = 'l', long)]
    list: bool,
    /// Delete tags.
    #[arg(short = 'd', long)]
    delete: bool,
    /// Annotated tag (needs a message).
    #[arg(short = 'a', long)]
    annotate: bool,
    /// Tag message (repeatable: paragraphs).
    #[arg(short = 'm', long, value_name = "MESSAGE")]
    message: Vec<String>,
    /// Replace the tag if it exists.
    #[arg(short = 'f', long)]
    force: bool,
    /// `NAME [OBJECT]`, tag names, or patterns.
    #[arg(value_name = "ARGS")]
    args: Vec<String>,
}

fn tag_ref(name: &str) -> Option<RefName> {
    if name.starts_with('-') {
        return None;
    }
    let full = format!("refs/tags/{name}");
    check_ref_format(full.as_bytes()).ok()?;
    RefName::new(full.as_bytes()).ok()
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    let repo = ctx.repo()?;
    if args.delete {
        return delete(&repo, &args.args);
    }
    if args.list || args.args.is_empty() {
        let list = repo.refs().list(b"refs/tags/")?;
        let pats: Vec<&[u8]> = args.args.iter().map(|p| p.as_bytes()).collect();
        let mut out = stdout();
        for r in &list.refs {
            if name_matches(r.name.as_bytes(), &pats) {
                out.write_all(r.name.lstrip(2))?;
                out.write_all(b"\n")?;
            }
        }
        return crate::finish(out);
    }
    let (name, object) = match args.args.as_slice() {
        [name] => (name, "HEAD"),
        [name, object] => (name, object.as_str()),
        _ => return Err(CliError::Fatal("too many arguments".into())),
    };
    let full = tag_ref(name)
        .ok_or_else(|| CliError::Fatal(format!("'{name}' is not a valid tag name.")))?;
    let previous = repo.refs().find(&full)?.and_then(|r| match r.target {
        Target::Object(id) => Some(id),
        Target::Symbolic(_) => repo.refs().resolve_id(full.as_bytes()),
    });
    if previous.is_some() && !args.force {
        return Err(CliError::Fatal(format!("tag '{name}' already exists")));
    }
    let target = gitstore::revision::resolve(&repo, object)
        .map_err(|_| CliError::Fatal(format!("Failed to resolve '{object}' as a valid ref.")))?;
    let kind = repo
        .odb()
        .try_read_header(&target)?
        .ok_or_else(|| CliError::Fatal(format!("Failed to resolve '{object}' as a valid ref.")))?
        .kind;
    let annotated = args.annotate || !args.message.is_empty();
    let new = if annotated {
        if args.message.is_empty() {
            return Err(CliError::Fatal(
                "no tag message? (gitstore does not start an editor; use -m)".into(),
            ));
        }
        let text = args.message.join("\n\n");
        let message = stripspace(text.as_bytes(), true);
        let tag = Tag {
            target,
            target_kind: kind,
            name: name.as_str().into(),
            tagger: Some(gitstore::identity::committer(repo.config())?),
            extra_headers: Vec::new(),
            message: Some(message.into()),
            signature: None,
            spelling: Default::default(),
        };
        let id = repo.odb().write(Kind::Tag, &tag.to_vec())?;
        if kind == Kind::Tag && crate::update_ref::advice_enabled(&repo, "nestedTag") {
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
        target
    };
    let expected = if args.force {
        None
    } else {
        Some(ObjectId::null())
    };
    let message = reflog_message(&repo, &target, kind)?;
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::update(full, new, expected).message(message))?;
    tx.commit()?;
    if let Some(prev) = previous {
        if prev != new {
            let abbrev = abbreviate(&repo, &prev, default_abbrev_len(&repo))?;
            let mut out = stdout();
            writeln!(out, "Updated tag '{name}' (was {abbrev})")?;
            crate::finish(out)?;
        }
    }
    Ok(())
}

/// git's `create_reflog_msg`: `tag: tagging <abbrev> (<what>)`.
fn reflog_message(repo: &Repository, target: &ObjectId, kind: Kind) -> Result<BString, CliError> {
    let mut msg = BString::from(format!(
        "tag: tagging {} (",
        abbreviate(repo, target, default_abbrev_len(repo))?
    ));
    match kind {
        Kind::Commit => {
            let mut data = Vec::new();
            repo.odb().read_to(target, &mut data)?;
            match CommitRef::parse(&data) {
                Ok(c) => {
                    let body = c.message_bytes();
                    let body = body.trim_start_with(|ch| ch == '\n');
                    let subject = body.lines().next().unwrap_or_default();
                    msg.extend_from_slice(subject);
                    msg.extend_from_slice(b", ");
                    let date = format_date(c.committer.seconds(), 0, DateMode::Short);
                    msg.extend_from_slice(date.as_bytes());
                }
                Err(_) => msg.extend_from_slice(b"commit object"),
            }
        }
        Kind::Tree => msg.extend_from_slice(b"tree object"),
        Kind::Blob => msg.extend_from_slice(b"blob object"),
        Kind::Tag => msg.extend_from_slice(b"other tag object"),
    }
    msg.push(b')');
    Ok(msg)
}

fn delete(repo: &Repository, names: &[String]) -> CliResult {
    let mut failed = false;
    let mut found = Vec::new();
    for name in names {
        let full = tag_ref(name);
        let id = full
            .as_ref()
            .and_then(|f| repo.refs().find(f).ok().flatten())
            .and_then(|r| match r.target {
                Target::Object(id) => Some(id),
                Target::Symbolic(_) => None,
            });
        match (full, id) {
            (Some(full), Some(id)) => found.push((name, full, id)),
            _ => {
                eprintln!(
                    "{}",
                    crate::update_ref::sanitize(&format!("error: tag '{name}' not found."))
                );
                failed = true;
            }
        }
    }
    if !found.is_empty() {
        let mut tx = repo.refs().transaction();
        for (_, full, id) in &found {
            tx.push(RefEdit::delete(full.clone(), Some(*id)).no_deref())?;
        }
        if let Err(e) = tx.commit() {
            eprintln!("{}", crate::update_ref::sanitize(&format!("error: {e}")));
            return Err(CliError::Exit(1));
        }
        let mut out = stdout();
        for (name, _, id) in &found {
            let abbrev = abbreviate(repo, id, default_abbrev_len(repo))?;
            writeln!(out, "Deleted tag '{name}' (was {abbrev})")?;
        }
        crate::finish(out)?;
    }
    if failed {
        Err(CliError::Exit(1))
    } else {
        Ok(())
    }
}
