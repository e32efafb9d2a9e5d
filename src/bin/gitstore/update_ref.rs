//! `gitstore update-ref [-m MSG] [--no-deref] [--create-reflog]
//! (-d REF [OLD] | REF NEW [OLD] | --stdin [-z])`
//!
//! With `--stdin`, commands are read one per line (or NUL-separated with `-z`):
//! `update REF NEW [OLD]`, `create REF NEW`, `delete REF [OLD]`, `verify REF [OLD]`,
//! `option no-deref`, and `start`, `prepare`, `commit`, `abort` to drive the transaction
//! explicitly (each answered with `<command>: ok`). Without `start`, everything is committed
//! at the end of input, all or nothing.

use crate::{CliError, CliResult, Context};
use bstr::ByteSlice;
use gitstore::refs::{name::check_ref_format, RefEdit, RefName, Transaction};
use gitstore::{ObjectId, Repository};
use std::io::{self, BufRead, Write};

/// Arguments of `update-ref`.
#[derive(clap::Args)]
pub struct Args {
    /// Reason of the update (the reflog message).
    #[arg(short = 'm', value_name = "REASON")]
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
        if args.delete || !args.args.is_empty() {
            return Err(CliError::UsageText(USAGE));
        }
        let mut session = Stdin {
            repo: &repo,
            term: if args.nul { 0 } else { b'\n' },
            default_no_deref: args.no_deref,
            no_deref: args.no_deref,
            create_reflog: args.create_reflog,
            message: args.message.unwrap_or_default(),
        };
        return session.run();
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
    let ref_name = RefName::new(name.as_bytes())
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
    let fail_with = |e: gitstore::Error| match e {
        gitstore::Error::Identity(_) => CliError::from(e),
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
pub fn advice_enabled(repo: &Repository, key: &str) -> bool {
    if let Some(v) = repo.env().var("GIT_ADVICE") {
        let v = v.to_string_lossy().to_ascii_lowercase();
        if matches!(v.as_str(), "0" | "false" | "no" | "off" | "") {
            return false;
        }
    }
    !matches!(
        repo.config().get_bool(&format!("advice.{key}")),
        Ok(Some(false))
    )
}

/// The `--stdin` state machine (git's `update_refs_stdin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    Open,
    Started,
    Prepared,
    Closed,
}

struct Stdin<'r> {
    repo: &'r Repository,
    term: u8,
    default_no_deref: bool,
    no_deref: bool,
    create_reflog: bool,
    message: String,
}

fn fatal(msg: impl Into<String>) -> CliError {
    CliError::Fatal(msg.into())
}

/// `buf` from `i` up to the first NUL, as git prints a C string.
fn c_str(buf: &[u8], i: usize) -> String {
    let rest = buf.get(i..).unwrap_or_default();
    let end = rest.find_byte(0).unwrap_or(rest.len());
    rest[..end].to_str_lossy().into_owned()
}

const COMMANDS: &[(&str, usize, State)] = &[
    ("update", 3, State::Open),
    ("create", 2, State::Open),
    ("delete", 2, State::Open),
    ("verify", 2, State::Open),
    ("option", 1, State::Open),
    ("start", 0, State::Started),
    ("prepare", 0, State::Prepared),
    ("abort", 0, State::Closed),
    ("commit", 0, State::Closed),
];

impl<'r> Stdin<'r> {
    fn run(&mut self) -> CliResult {
        let repo = self.repo;
        let mut input = io::stdin().lock();
        let mut out = io::stdout().lock();
        let mut state = State::Open;
        let mut tx: Option<Transaction<'r>> = Some(self.new_transaction());
        let mut line = Vec::new();
        loop {
            line.clear();
            if input.read_until(self.term, &mut line)? == 0 {
                break;
            }
            if line.first() == Some(&self.term) {
                return Err(fatal("empty command in input"));
            }
            if line.first().is_some_and(|b| b.is_ascii_whitespace()) {
                return Err(fatal(format!(
                    "whitespace before command: {}",
                    c_str(&line, 0)
                )));
            }
            let cmd = COMMANDS.iter().find(|(prefix, args, _)| {
                let want = if *args > 0 { b' ' } else { self.term };
                line.starts_with(prefix.as_bytes())
                    && line.get(prefix.len()).copied().unwrap_or(0) == want
            });
            let Some(&(prefix, nargs, cmd_state)) = cmd else {
                return Err(fatal(format!("unknown command: {}", c_str(&line, 0))));
            };
            if self.term == 0 {
                for _ in 1..nargs {
                    if input.read_until(0, &mut line)? == 0 {
                        break;
                    }
                }
            }
            match state {
                State::Open | State::Started => {
                    if state == State::Started && cmd_state == State::Started {
                        return Err(fatal("cannot restart ongoing transaction"));
                    }
                    if cmd_state >= state {
                        state = cmd_state;
                    }
                }
                State::Prepared => {
                    if cmd_state != State::Closed {
                        return Err(fatal("prepared transactions can only be closed"));
                    }
                    state = cmd_state;
                }
                State::Closed => {
                    if cmd_state != State::Started {
                        return Err(fatal("transaction is closed"));
                    }
                    state = cmd_state;
                    tx = Some(self.new_transaction());
                }
            }
            let start = prefix.len() + usize::from(nargs > 0);
            let report = |out: &mut io::StdoutLock<'_>, what: &str| -> CliResult {
                writeln!(out, "{what}: ok")?;
                out.flush()?;
                Ok(())
            };
            match prefix {
                "start" => report(&mut out, "start")?,
                "prepare" => {
                    if let Some(t) = tx.as_mut() {
                        t.prepare().map_err(|e| {
                            crate::packed_refs_fatal(&e)
                                .unwrap_or_else(|| fatal(format!("prepare: {e}")))
                        })?;
                    }
                    report(&mut out, "prepare")?;
                }
                "abort" => {
                    if let Some(t) = tx.take() {
                        t.abort();
                    }
                    report(&mut out, "abort")?;
                }
                "commit" => {
                    if let Some(t) = tx.take() {
                        t.commit().map_err(|e| {
                            crate::packed_refs_fatal(&e)
                                .unwrap_or_else(|| fatal(format!("commit: {e}")))
                        })?;
                    }
                    report(&mut out, "commit")?;
                }
                "option" => self.option(&line, start)?,
                _ => {
                    let edit = self.parse_edit(prefix, &line, start)?;
                    if let Some(t) = tx.as_mut() {
                        t.push(edit).map_err(|e| fatal(e.to_string()))?;
                    }
                }
            }
        }
        if state == State::Open {
            if let Some(t) = tx.take() {
                t.commit().map_err(CliError::from)?;
            }
        }
        // a started or prepared transaction left open at the end of input is aborted (dropped)
        let _ = repo;
        Ok(())
    }

    fn new_transaction(&self) -> Transaction<'r> {
        let mut tx = self.repo.refs().transaction();
        tx.set_message(self.message.as_bytes());
        tx
    }

    fn option(&mut self, line: &[u8], start: usize) -> CliResult {
        let rest = line.get(start..).unwrap_or_default();
        match rest.strip_prefix(b"no-deref") {
            Some(after) if after.first().copied().unwrap_or(0) == self.term => {
                self.no_deref = true;
                Ok(())
            }
            _ => Err(fatal(format!("option unknown: {}", c_str(line, start)))),
        }
    }

    /// One whitespace-terminated, possibly C-quoted argument (text mode).
    fn parse_arg(&self, line: &[u8], next: &mut usize) -> Result<Vec<u8>, CliError> {
        let at = |i: usize| line.get(i).copied().unwrap_or(0);
        if at(*next) == b'"' {
            let orig = c_str(line, *next);
            let mut i = *next + 1;
            loop {
                match at(i) {
                    0 | b'\n' => return Err(fatal(format!("badly quoted argument: {orig}"))),
                    b'\\' => i += 2,
                    b'"' => break,
                    _ => i += 1,
                }
            }
            let quoted = line.get(*next..=i).unwrap_or_default();
            let value = gitstore::odb::alternates::unquote_c(quoted)
                .ok_or_else(|| fatal(format!("badly quoted argument: {orig}")))?;
            *next = i + 1;
            let c = at(*next);
            if c != 0 && !c.is_ascii_whitespace() {
                return Err(fatal(format!(
                    "unexpected character after quoted argument: {orig}"
                )));
            }
            Ok(value)
        } else {
            let s = *next;
            while at(*next) != 0 && !at(*next).is_ascii_whitespace() {
                *next += 1;
            }
            Ok(line[s..*next].to_vec())
        }
    }

    fn parse_refname(&self, line: &[u8], next: &mut usize) -> Result<Option<RefName>, CliError> {
        let name = if self.term != 0 {
            self.parse_arg(line, next)?
        } else {
            let rest = line.get(*next..).unwrap_or_default();
            let end = rest.find_byte(0).unwrap_or(rest.len());
            *next += end;
            rest[..end].to_vec()
        };
        if name.is_empty() {
            return Ok(None);
        }
        if check_ref_format(&name).is_err() {
            return Err(fatal(format!("invalid ref format: {}", name.as_bstr())));
        }
        RefName::new(name.as_slice()).map(Some).map_err(|_| {
            fatal(format!(
                "refusing to update ref with bad name '{}'",
                name.as_bstr()
            ))
        })
    }

    /// git's `parse_next_oid`: `Ok(None)` when there is no further argument.
    fn parse_next_oid(
        &self,
        line: &[u8],
        next: &mut usize,
        cmd: &str,
        name: &RefName,
        old: bool,
        allow_empty: bool,
    ) -> Result<Option<ObjectId>, CliError> {
        let at = |i: usize| line.get(i).copied().unwrap_or(0);
        let which = if old { "<old-oid>" } else { "<new-oid>" };
        let eof = || {
            fatal(format!(
                "{cmd} {name}: unexpected end of input when reading {which}"
            ))
        };
        if *next >= line.len() {
            return Err(eof());
        }
        let arg = if self.term != 0 {
            let c = at(*next);
            if c == 0 || c == self.term {
                return Ok(None);
            }
            if c != b' ' {
                return Err(fatal(format!(
                    "{cmd} {name}: expected SP but got: {}",
                    c_str(line, *next)
                )));
            }
            *next += 1;
            let arg = self.parse_arg(line, next)?;
            if arg.is_empty() {
                return Ok(Some(ObjectId::null()));
            }
            arg
        } else {
            if at(*next) != 0 {
                return Err(fatal(format!(
                    "{cmd} {name}: expected NUL but got: {}",
                    c_str(line, *next)
                )));
            }
            *next += 1;
            if *next >= line.len() {
                return Err(eof());
            }
            let rest = &line[*next..];
            let arg = rest[..rest.find_byte(0).unwrap_or(rest.len())].to_vec();
            *next += arg.len();
            if arg.is_empty() {
                if allow_empty {
                    eprintln!("warning: {cmd} {name}: missing {which}, treating as zero");
                    return Ok(Some(ObjectId::null()));
                }
                return Ok(None);
            }
            arg
        };
        let spec = arg.to_str_lossy();
        crate::revarg::resolve(self.repo, &spec)
            .map(Some)
            .map_err(|e| {
                crate::packed_refs_fatal(&e)
                    .unwrap_or_else(|| fatal(format!("{cmd} {name}: invalid {which}: {spec}")))
            })
    }

    fn parse_edit(&mut self, cmd: &str, line: &[u8], start: usize) -> Result<RefEdit, CliError> {
        let mut next = start;
        let name = self
            .parse_refname(line, &mut next)?
            .ok_or_else(|| fatal(format!("{cmd}: missing <ref>")))?;
        let mut edit = match cmd {
            "update" => {
                let new = self
                    .parse_next_oid(line, &mut next, cmd, &name, false, true)?
                    .ok_or_else(|| fatal(format!("update {name}: missing <new-oid>")))?;
                let old = self.parse_next_oid(line, &mut next, cmd, &name, true, false)?;
                if new.is_null() {
                    RefEdit::delete(name.clone(), old)
                } else {
                    RefEdit::update(name.clone(), new, old)
                }
            }
            "create" => {
                let new = self
                    .parse_next_oid(line, &mut next, cmd, &name, false, false)?
                    .ok_or_else(|| fatal(format!("create {name}: missing <new-oid>")))?;
                if new.is_null() {
                    return Err(fatal(format!("create {name}: zero <new-oid>")));
                }
                RefEdit::create(name.clone(), new)
            }
            "delete" => {
                let old = self.parse_next_oid(line, &mut next, cmd, &name, true, false)?;
                if old.is_some_and(|o| o.is_null()) {
                    return Err(fatal(format!("delete {name}: zero <old-oid>")));
                }
                RefEdit::delete(name.clone(), old)
            }
            _ => {
                let old = self.parse_next_oid(line, &mut next, cmd, &name, true, false)?;
                RefEdit::verify(name.clone(), Some(old.unwrap_or_else(ObjectId::null)))
            }
        };
        // a last line without its newline ends in the NUL git's buffer has there instead: extra
        // input (an empty one)
        let here = line.get(next).copied().unwrap_or(0);
        if here != self.term {
            return Err(fatal(format!(
                "{cmd} {name}: extra input: {}",
                c_str(line, next)
            )));
        }
        if self.no_deref {
            edit = edit.no_deref();
        }
        if self.create_reflog {
            edit = edit.create_reflog();
        }
        self.no_deref = self.default_no_deref;
        Ok(edit)
    }
}
