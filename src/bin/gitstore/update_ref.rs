//! `gitstore update-ref [-m MSG] [--no-deref] [--create-reflog]
//! (-d REF [OLD] | REF NEW [OLD] | --stdin [-z])`
//!
//! With `--stdin`, commands are read one per line (or NUL-separated with `-z`):
//! `update REF NEW [OLD]`, `create REF NEW`, `delete REF [OLD]`, `verify REF [OLD]`,
//! `symref-update REF TARGET [(ref OLD-TARGET | oid OLD)]`, `symref-create REF TARGET`,
//! `symref-delete REF [OLD-TARGET]`, `symref-verify REF [OLD-TARGET]`, `option no-deref`, and `start`, `prepare`, `commit`, `abort` to drive the transaction
//! explicitly (each answered with `<command>: ok`). Without `start`, everything is committed
//! at the end of input, all or nothing.

use crate::{CliError, CliResult, Context};
use bstr::ByteSlice;
use gitstore::refs::script::{
    read_command, Script, ScriptError, ScriptErrorKind, ScriptForm, ScriptWarning, Step, Verb,
};
use gitstore::refs::{RefEdit, RefName};
use gitstore::revision::Hint;
use gitstore::stores::Stores;
use gitstore::{ObjectId, Repository};
use std::io::{self, Write};

/// Arguments of `update-ref`.
#[derive(clap::Args)]
pub struct Args {
    /// Reason of the update (the reflog message).
    #[arg(short = 'm', value_name = "REASON", allow_hyphen_values = true)]
    message: Option<String>,
    /// Delete the reference.
    #[arg(short = 'd')]
    delete: bool,
    /// Update <refname> itself, not the one it points to.
    #[arg(long = "no-deref", overrides_with = "deref")]
    no_deref: bool,
    /// Opposite of --no-deref.
    #[arg(long = "deref", overrides_with = "no_deref", hide = true)]
    deref: bool,
    /// Create a reflog.
    #[arg(long = "create-reflog", overrides_with = "no_create_reflog")]
    create_reflog: bool,
    #[arg(
        long = "no-create-reflog",
        overrides_with = "create_reflog",
        hide = true
    )]
    no_create_reflog: bool,
    /// Stdin has NUL-terminated arguments.
    #[arg(short = 'z')]
    nul: bool,
    /// Read updates from stdin.
    #[arg(long, overrides_with = "no_stdin")]
    stdin: bool,
    #[arg(long = "no-stdin", overrides_with = "stdin", hide = true)]
    no_stdin: bool,
    /// `REF [NEW] [OLD]`
    #[arg(value_name = "ARGS", allow_hyphen_values = true)]
    args: Vec<String>,
}

/// git's usage text, printed (exit 129) for a wrong number of arguments or an unknown option.
pub const USAGE: &str = include_str!("usage/update-ref.txt");

pub fn run(args: Args, ctx: &Context) -> CliResult {
    run_inner(args, ctx).map_err(crate::update_ref::sanitize_error)
}

fn run_inner(args: Args, ctx: &Context) -> CliResult {
    // git finds the repository (RUN_SETUP) before it looks at the options
    let repo = ctx.repo()?;
    // the arguments take hyphen values (an empty old id, odd names), so clap lets unknown
    // options through: reject them as git's parse-options does
    if let Some(opt) = args.args.iter().find(|a| a.starts_with('-') && a.len() > 1) {
        if opt == "-m" {
            // the last argument: no value follows
            eprintln!("error: switch `m' requires a value");
            return Err(CliError::Exit(129));
        }
        match opt.strip_prefix("--") {
            Some(long) => eprintln!("error: unknown option `{long}'"),
            None => eprintln!(
                "error: unknown switch `{}'",
                opt.chars().nth(1).unwrap_or('?')
            ),
        }
        return Err(CliError::UsageText(USAGE));
    }
    if args.message.as_deref() == Some("") {
        return Err(CliError::Fatal(
            "Refusing to perform update with empty message.".into(),
        ));
    }
    if args.stdin {
        let form = if args.nul {
            ScriptForm::Nul
        } else {
            ScriptForm::Lines
        };
        if args.delete || !args.args.is_empty() {
            return Err(CliError::UsageText(USAGE));
        }
        let script = Script::new(repo.refs(), form)
            .message(args.message.unwrap_or_default())
            .no_deref(args.no_deref)
            .create_reflog(args.create_reflog);
        return run_script(&repo, script);
    }
    if args.nul {
        return Err(CliError::UsageText(USAGE));
    }
    let (name, new, old) = match (args.delete, args.args.as_slice()) {
        (true, [name]) => (name, None, None),
        (true, [name, old]) => (name, None, Some(old)),
        (false, [name, new]) => (name, Some(new), None),
        (false, [name, new, old]) => (name, Some(new), Some(old)),
        _ => return Err(CliError::UsageText(USAGE)),
    };
    let new = match new {
        Some(v) => Some(crate::revarg::resolve(&repo, v).map_err(|e| {
            crate::packed_refs_fatal(&e)
                .unwrap_or_else(|| CliError::Fatal(format!("{v}: not a valid SHA1")))
        })?),
        None => None,
    };
    let old = match old {
        Some(v) if v.is_empty() => Some(ObjectId::null()),
        Some(v) => Some(crate::revarg::resolve(&repo, v).map_err(|e| {
            crate::packed_refs_fatal(&e)
                .unwrap_or_else(|| CliError::Fatal(format!("{v}: not a valid old SHA1")))
        })?),
        None => None,
    };
    // git reports a failed deletion as an error (exit 1), a failed update as fatal (128)
    let fail = |msg: String| {
        if args.delete {
            eprintln!("{}", crate::update_ref::sanitize(&format!("error: {msg}")));
            CliError::Exit(1)
        } else {
            CliError::Fatal(format!("update_ref failed for ref '{name}': {msg}"))
        }
    };
    // git deletes a malformed ref already on disk, as long as its name is safe as a path
    let deleting = new.map_or(true, |id| id.is_null());
    let ref_name = if deleting {
        RefName::on_disk(name.as_bytes())
    } else {
        RefName::new(name.as_bytes())
    }
    .map_err(|_| fail(format!("refusing to update ref with bad name '{name}'")))?;
    let mut edit = match new {
        Some(id) if !id.is_null() => RefEdit::update(ref_name, id, old),
        _ => RefEdit::delete(ref_name, old.filter(|o| !o.is_null())),
    };
    if args.no_deref {
        edit = edit.no_deref();
    }
    if args.create_reflog {
        edit = edit.create_reflog();
    }
    let mut tx = repo.refs().transaction();
    if let Some(m) = &args.message {
        tx.set_message(m.as_bytes());
    }
    // git reads the committer before it takes any lock: a bad identity is not a failed update
    let fail_with = |e: gitstore::refs::Error| match gitstore::Error::from(e) {
        e @ gitstore::Error::Identity(_) => CliError::from(e),
        e => crate::packed_refs_fatal(&e).unwrap_or_else(|| fail(e.to_string())),
    };
    tx.push(edit).map_err(fail_with)?;
    tx.commit().map_err(fail_with)?;
    Ok(())
}

/// git's `vreportf`: control characters other than tab and newline in a message become `?`.
pub fn sanitize(msg: &str) -> String {
    msg.chars()
        .map(|c| {
            if c.is_ascii_control() && c != '\t' && c != '\n' {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// [`sanitize`] applied to the message of a fatal error.
pub fn sanitize_error(e: CliError) -> CliError {
    match e {
        CliError::Fatal(msg) => CliError::Fatal(sanitize(&msg)),
        other => other,
    }
}

/// Whether git would show the advice `key` (`GIT_ADVICE=0` or `advice.<key>=false` silence it).
pub fn advice_enabled<'r>(repo: impl Into<Stores<'r>>, key: &str) -> bool {
    let repo = repo.into();
    gitstore::advice::enabled(repo.config(), key, repo.env().var("GIT_ADVICE"))
}

/// `--stdin`: reads the script's commands and runs them through the library's [`Script`],
/// answering `start`/`prepare`/`commit`/`abort` with `<command>: ok`.
fn run_script(repo: &Repository, script: Script<'_>) -> CliResult {
    let mut script = script;
    let form = script.form();
    let mut input = io::stdin().lock();
    let mut out = io::stdout().lock();
    let mut resolver = crate::revarg::resolver(repo);
    let mut resolve = |spec: &[u8]| {
        let spec = spec.to_str_lossy();
        crate::revarg::resolve_in(&mut resolver, spec.as_bytes(), Hint::Any)
    };
    let mut command = Vec::new();
    while read_command(&mut input, form, &mut command)? {
        let step = script.execute(&command, &mut resolve);
        for warning in script.take_warnings() {
            let ScriptWarning::MissingOidTreatedAsZero {
                verb,
                refname,
                field,
            } = warning;
            eprintln!(
                "warning: {verb} {refname}: missing {}, treating as zero",
                field.as_str()
            );
        }
        let answer = match step.map_err(script_error)? {
            Step::Started => "start",
            Step::Prepared => "prepare",
            Step::Committed => "commit",
            Step::Aborted => "abort",
            Step::Queued | Step::OptionSet => continue,
        };
        writeln!(out, "{answer}: ok")?;
        out.flush()?;
    }
    script.finish().map_err(CliError::from)
}

/// A script error in git's words.
fn script_error(e: ScriptError) -> CliError {
    use ScriptErrorKind as K;
    let input = e.input.to_str_lossy();
    let verb = e.verb.map(|v| v.as_str()).unwrap_or_default();
    let name = e
        .refname
        .as_ref()
        .map(|n| n.to_str_lossy())
        .unwrap_or_default();
    let msg = match e.kind {
        K::EmptyCommand => "empty command in input".to_string(),
        K::WhitespaceBeforeCommand => format!("whitespace before command: {input}"),
        K::UnknownCommand => format!("unknown command: {input}"),
        K::CannotRestart => "cannot restart ongoing transaction".to_string(),
        K::PreparedCanOnlyClose => "prepared transactions can only be closed".to_string(),
        K::TransactionClosed => "transaction is closed".to_string(),
        K::UnknownOption => format!("option unknown: {input}"),
        K::BadlyQuoted => format!("badly quoted argument: {input}"),
        K::UnexpectedAfterQuote => format!("unexpected character after quoted argument: {input}"),
        K::InvalidRefFormat => format!("invalid ref format: {name}"),
        K::BadRefName => format!("refusing to update ref with bad name '{name}'"),
        K::MissingRef => format!("{verb}: missing <ref>"),
        K::MissingOid(field) => format!("{verb} {name}: missing {}", field.as_str()),
        K::UnexpectedEnd(field) => format!(
            "{verb} {name}: unexpected end of input when reading {}",
            field.as_str()
        ),
        K::ExpectedSpace => format!("{verb} {name}: expected SP but got: {input}"),
        K::ExpectedNul => format!("{verb} {name}: expected NUL but got: {input}"),
        K::InvalidOid {
            field,
            spec,
            source,
        } => {
            return crate::packed_refs_fatal(&source).unwrap_or_else(|| {
                CliError::Fatal(format!("{verb} {name}: invalid {}: {spec}", field.as_str()))
            })
        }
        K::ZeroNewOid => format!("{verb} {name}: zero <new-oid>"),
        K::ZeroOldOid => format!("{verb} {name}: zero <old-oid>"),
        K::ExtraInput => format!("{verb} {name}: extra input: {input}"),
        K::DerefMode => format!("{verb}: cannot operate with deref mode"),
        K::MissingNewTarget => format!("{verb} {name}: missing <new-target>"),
        K::ExpectedSpaceBeforeRef => format!("expected SP but got: {input}"),
        K::ExpectedOldValue => format!("{verb} {name}: expected old value"),
        K::InvalidOldArg(arg) => format!("{verb} {name}: invalid arg '{arg}' for old value"),
        K::InvalidOldRef(target) => format!("{verb} {name}: invalid ref: {target}"),
        K::InvalidOldId(spec) => format!("{verb} {name}: invalid oid: {spec}"),
        K::Transaction(source) => {
            if let Some(fatal) = crate::packed_refs_fatal(&source) {
                return fatal;
            }
            match e.verb {
                Some(Verb::Prepare | Verb::Commit) => format!("{verb}: {source}"),
                _ => source.to_string(),
            }
        }
        other => format!("{other:?}"),
    };
    CliError::Fatal(msg)
}
