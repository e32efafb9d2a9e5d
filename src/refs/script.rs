//! The ref-edit script of `git update-ref --stdin`: its grammar and its state machine.
//!
//! A script is a sequence of commands, one per line, or (the `-z` form) NUL-terminated fields:
//!
//! ```text
//! update SP <ref> SP <new-oid> [SP <old-oid>] LF      update NUL <ref> NUL <new> NUL [<old>] NUL
//! create SP <ref> SP <new-oid> LF                     create NUL <ref> NUL <new> NUL
//! delete SP <ref> [SP <old-oid>] LF                   delete NUL <ref> NUL [<old>] NUL
//! verify SP <ref> [SP <old-oid>] LF                   verify NUL <ref> NUL [<old>] NUL
//! symref-update SP <ref> SP <new-target> [SP (ref SP <old-target> | oid SP <old-oid>)] LF
//!                          symref-update NUL <ref> NUL <new-target> NUL [(ref | oid) NUL <old> NUL]
//! symref-create SP <ref> SP <new-target> LF           symref-create NUL <ref> NUL <new-target> NUL
//! symref-delete SP <ref> [SP <old-target>] LF         symref-delete NUL <ref> NUL [<old-target>] NUL
//! symref-verify SP <ref> [SP <old-target>] LF         symref-verify NUL <ref> NUL [<old-target>] NUL
//! option SP no-deref LF                               option NUL no-deref NUL
//! start LF   prepare LF   commit LF   abort LF        start NUL   prepare NUL   …
//! ```
//!
//! In the line form an argument may be C-quoted (`"refs/heads/a\040b"`), and an empty old id
//! (`update <ref> <new> SP LF`) means "must not exist". In the NUL form an empty `<new-oid>`
//! is the null id (with a [`ScriptWarning`]). The last command may lack its terminator.
//!
//! Edits are queued on a [`Transaction`]. Without `start`, everything is committed at the end
//! ([`Script::finish`]), all or nothing; with `start` the script drives the transaction itself:
//! `prepare` takes the locks, `commit` applies, `abort` drops, and a closed transaction may be
//! followed by another `start`. `option no-deref` applies to the next edit only;
//! `symref-delete` and `symref-verify` require it (or `--no-deref`). Without it `symref-update`
//! and `symref-create` follow a symbolic ref and make the ref at the end of the chain symbolic,
//! as git does.
//!
//! Object ids are resolved by a caller-given function, so that a program can accept full ids
//! only, or any revision (`git update-ref` accepts `HEAD~2`).
//!
//! ```
//! use gitstore::refs::script::{Script, ScriptForm, Step};
//! use gitstore::{repo::InitOptions, Kind, ObjectId, Repository};
//!
//! let dir = tempfile::tempdir()?;
//! let (repo, _) = Repository::init(dir.path(), &InitOptions::default())?;
//! let blob = repo.odb().write(Kind::Blob, b"hello\n")?;
//! // full ids only (`update-ref` itself accepts any revision)
//! let mut resolve = |hex: &[u8]| Ok(ObjectId::from_hex(hex)?);
//! let mut script = Script::new(repo.refs(), ScriptForm::Lines).message("import");
//! let create = format!("create refs/tags/hello {blob}\n");
//! let mut steps = Vec::new();
//! for command in [&b"start\n"[..], create.as_bytes(), b"commit\n"] {
//!     steps.push(script.execute(command, &mut resolve)?);
//! }
//! script.finish()?;
//! assert_eq!(steps, [Step::Started, Step::Queued, Step::Committed]);
//! assert_eq!(repo.refs().resolve_id(b"refs/tags/hello"), Some(blob));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::name::check_ref_format;
use super::{RefEdit, RefName, RefStore, Transaction};
use crate::error::{Error, Result};
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use std::fmt;
use std::io::{self, BufRead};

mod parse;
pub use parse::read_command;
use parse::{verb_of, PResult, Parser};

/// How commands are terminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptForm {
    /// One command per line, arguments separated by spaces and possibly C-quoted.
    Lines,
    /// `-z`: every command and argument ends in a NUL.
    Nul,
}

impl ScriptForm {
    fn term(self) -> u8 {
        match self {
            ScriptForm::Lines => b'\n',
            ScriptForm::Nul => 0,
        }
    }
}

/// A command word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// `update <ref> <new> [<old>]`.
    Update,
    /// `create <ref> <new>`.
    Create,
    /// `delete <ref> [<old>]`.
    Delete,
    /// `verify <ref> [<old>]`.
    Verify,
    /// `symref-update <ref> <new-target> [(ref <old-target> | oid <old-oid>)]`.
    SymrefUpdate,
    /// `symref-create <ref> <new-target>`.
    SymrefCreate,
    /// `symref-delete <ref> [<old-target>]`.
    SymrefDelete,
    /// `symref-verify <ref> [<old-target>]`.
    SymrefVerify,
    /// `option <name>`.
    Option,
    /// `start`.
    Start,
    /// `prepare`.
    Prepare,
    /// `abort`.
    Abort,
    /// `commit`.
    Commit,
}

/// Where the state machine is (git's `update_refs_stdin` states), ordered as they advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    Open,
    Started,
    Prepared,
    Closed,
}

impl Verb {
    /// Every verb, in the order git tries them.
    pub const ALL: [Verb; 13] = [
        Verb::Update,
        Verb::Create,
        Verb::Delete,
        Verb::Verify,
        Verb::SymrefUpdate,
        Verb::SymrefCreate,
        Verb::SymrefDelete,
        Verb::SymrefVerify,
        Verb::Option,
        Verb::Start,
        Verb::Prepare,
        Verb::Abort,
        Verb::Commit,
    ];

    /// The word as written in a script.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Update => "update",
            Verb::Create => "create",
            Verb::Delete => "delete",
            Verb::Verify => "verify",
            Verb::SymrefUpdate => "symref-update",
            Verb::SymrefCreate => "symref-create",
            Verb::SymrefDelete => "symref-delete",
            Verb::SymrefVerify => "symref-verify",
            Verb::Option => "option",
            Verb::Start => "start",
            Verb::Prepare => "prepare",
            Verb::Abort => "abort",
            Verb::Commit => "commit",
        }
    }

    /// How many fields follow the word in the NUL form (the most it takes).
    fn args(self) -> usize {
        match self {
            Verb::SymrefUpdate => 4,
            Verb::Update => 3,
            Verb::Create | Verb::Delete | Verb::Verify => 2,
            Verb::SymrefCreate | Verb::SymrefDelete | Verb::SymrefVerify => 2,
            Verb::Option => 1,
            Verb::Start | Verb::Prepare | Verb::Abort | Verb::Commit => 0,
        }
    }

    fn state(self) -> State {
        match self {
            Verb::Start => State::Started,
            Verb::Prepare => State::Prepared,
            Verb::Abort | Verb::Commit => State::Closed,
            _ => State::Open,
        }
    }

    /// The verb `command` starts with (followed by a space, or by the terminator for a verb
    /// without arguments).
    fn identify(command: &[u8], form: ScriptForm) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| {
            let word = v.as_str().as_bytes();
            let want = if v.args() > 0 { b' ' } else { form.term() };
            command.starts_with(word) && command.get(word.len()).copied().unwrap_or(0) == want
        })
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which object id argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidField {
    /// `<new-oid>`.
    New,
    /// `<old-oid>`.
    Old,
}

impl OidField {
    /// As git names it in messages: `<new-oid>`, `<old-oid>`.
    pub fn as_str(self) -> &'static str {
        match self {
            OidField::New => "<new-oid>",
            OidField::Old => "<old-oid>",
        }
    }
}

/// What is wrong with a command.
#[derive(Debug)]
#[non_exhaustive]
pub enum ScriptErrorKind {
    /// The command is empty.
    EmptyCommand,
    /// The command starts with whitespace.
    WhitespaceBeforeCommand,
    /// No verb matches.
    UnknownCommand,
    /// `start` inside a started transaction.
    CannotRestart,
    /// Something other than `commit` or `abort` after `prepare`.
    PreparedCanOnlyClose,
    /// Something other than `start` after `commit` or `abort`.
    TransactionClosed,
    /// `option` with a name other than `no-deref`.
    UnknownOption,
    /// A quoted argument without its closing quote, or with a bad escape.
    BadlyQuoted,
    /// A quoted argument followed by something other than whitespace.
    UnexpectedAfterQuote,
    /// The ref name breaks a `check-ref-format` rule.
    InvalidRefFormat,
    /// The ref name is well formed but not one gitstore writes.
    BadRefName,
    /// No `<ref>`.
    MissingRef,
    /// The object id argument is missing.
    MissingOid(OidField),
    /// The input ends where an object id argument should start.
    UnexpectedEnd(OidField),
    /// Line form: something other than a space before an argument.
    ExpectedSpace,
    /// NUL form: something other than a NUL before an argument.
    ExpectedNul,
    /// The object id argument does not resolve; `source` is why (from the resolve function).
    InvalidOid {
        /// Which argument.
        field: OidField,
        /// The argument as written.
        spec: BString,
        /// The resolve function's error.
        source: Box<Error>,
    },
    /// `create` with the null id.
    ZeroNewOid,
    /// `delete` with the null id as the expected old value.
    ZeroOldOid,
    /// More arguments than the verb takes.
    ExtraInput,
    /// `symref-delete` or `symref-verify` without `option no-deref`.
    DerefMode,
    /// No `<new-target>`.
    MissingNewTarget,
    /// Line form: something other than a space before a ref argument (`input`).
    ExpectedSpaceBeforeRef,
    /// `symref-update`: `ref` or `oid` without the value that follows it.
    ExpectedOldValue,
    /// `symref-update`: an old-value kind other than `ref` or `oid`.
    InvalidOldArg(BString),
    /// `symref-update … ref <old-target>`: the target breaks a `check-ref-format` rule.
    InvalidOldRef(BString),
    /// `symref-update … oid <old-oid>`: the id does not resolve.
    InvalidOldId(BString),
    /// The transaction refused the edit, or failed to prepare or commit (see the error's verb).
    Transaction(Box<Error>),
}

/// A command that could not be parsed or applied: what, where, and the input git quotes.
#[derive(Debug)]
pub struct ScriptError {
    /// What is wrong.
    pub kind: ScriptErrorKind,
    /// The command's verb, once recognised.
    pub verb: Option<Verb>,
    /// The ref the command names, once read (as written for a bad name).
    pub refname: Option<BString>,
    /// The input from where the problem is, up to the terminator's NUL (git quotes it).
    pub input: BString,
    /// Which command of the script, counting from 1 (0: outside a [`Script`]).
    pub command: usize,
}

impl ScriptError {
    fn new(kind: ScriptErrorKind) -> ScriptError {
        ScriptError {
            kind,
            verb: None,
            refname: None,
            input: BString::default(),
            command: 0,
        }
    }

    fn verb(mut self, verb: Verb) -> ScriptError {
        self.verb = Some(verb);
        self
    }

    fn refname(mut self, name: &[u8]) -> ScriptError {
        self.refname = Some(name.into());
        self
    }

    fn input(mut self, input: &[u8]) -> ScriptError {
        self.input = input.into();
        self
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ref-edit script, command {}", self.command)?;
        if let Some(v) = self.verb {
            write!(f, " ({v}")?;
            if let Some(n) = &self.refname {
                write!(f, " {n}")?;
            }
            f.write_str(")")?;
        }
        match &self.kind {
            ScriptErrorKind::InvalidOid { field, spec, .. } => {
                write!(f, ": invalid {} {spec}", field.as_str())
            }
            ScriptErrorKind::Transaction(e) => write!(f, ": {e}"),
            kind => write!(f, ": {kind:?} at {:?}", self.input),
        }
    }
}

impl std::error::Error for ScriptError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ScriptErrorKind::InvalidOid { source, .. } | ScriptErrorKind::Transaction(source) => {
                Some(source.as_ref())
            }
            _ => None,
        }
    }
}

/// Something accepted with a remark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptWarning {
    /// NUL form: an empty `<new-oid>` of `update` (or `<old-oid>`) read as the null id.
    MissingOidTreatedAsZero {
        /// The command.
        verb: Verb,
        /// Its ref.
        refname: RefName,
        /// Which argument.
        field: OidField,
    },
}

/// One parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `update`, `create`, `delete` or `verify`, as an edit (without the script's options).
    Edit(RefEdit),
    /// `option no-deref`: the next edit changes a symbolic ref itself.
    NoDeref,
    /// `start`.
    Start,
    /// `prepare`.
    Prepare,
    /// `commit`.
    Commit,
    /// `abort`.
    Abort,
}

/// What [`Script::execute`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An edit was queued on the transaction.
    Queued,
    /// An option was set for the next edit.
    OptionSet,
    /// `start`: a transaction is open (git answers `start: ok`).
    Started,
    /// `prepare`: its locks are taken and values checked (`prepare: ok`).
    Prepared,
    /// `commit`: it is applied (`commit: ok`).
    Committed,
    /// `abort`: it is dropped (`abort: ok`).
    Aborted,
}

/// The function that turns an object id argument into an id.
pub type Resolve<'a> = dyn FnMut(&[u8]) -> Result<ObjectId> + 'a;

/// A ref-edit script being run against a [`RefStore`]: feed it commands one by one with
/// [`Script::execute`], then call [`Script::finish`].
#[derive(Debug)]
pub struct Script<'s> {
    store: &'s RefStore,
    form: ScriptForm,
    message: BString,
    default_no_deref: bool,
    no_deref: bool,
    create_reflog: bool,
    state: State,
    tx: Option<Transaction<'s>>,
    commands: usize,
    warnings: Vec<ScriptWarning>,
}

impl<'s> Script<'s> {
    /// A script of `form` whose edits go to `store`.
    pub fn new(store: &'s RefStore, form: ScriptForm) -> Script<'s> {
        Script {
            store,
            form,
            message: BString::default(),
            default_no_deref: false,
            no_deref: false,
            create_reflog: false,
            state: State::Open,
            tx: Some(store.transaction()),
            commands: 0,
            warnings: Vec::new(),
        }
    }

    /// The reflog message of every edit (`update-ref -m`).
    pub fn message(mut self, message: impl Into<BString>) -> Script<'s> {
        self.message = message.into();
        if let Some(tx) = self.tx.as_mut() {
            tx.set_message(self.message.clone());
        }
        self
    }

    /// Every edit changes symbolic refs themselves (`update-ref --no-deref`).
    pub fn no_deref(mut self, no_deref: bool) -> Script<'s> {
        self.default_no_deref = no_deref;
        self.no_deref = no_deref;
        self
    }

    /// Every edit creates its reflog (`update-ref --create-reflog`).
    pub fn create_reflog(mut self, create_reflog: bool) -> Script<'s> {
        self.create_reflog = create_reflog;
        self
    }

    /// The form of the commands.
    pub fn form(&self) -> ScriptForm {
        self.form
    }

    /// The open transaction, if any (its [`Transaction::edits`] are the queued edits).
    pub fn transaction(&self) -> Option<&Transaction<'s>> {
        self.tx.as_ref()
    }

    /// The warnings of the commands executed since the last call (also those of a command that
    /// then failed).
    pub fn take_warnings(&mut self) -> Vec<ScriptWarning> {
        std::mem::take(&mut self.warnings)
    }

    fn new_transaction(&self) -> Transaction<'s> {
        let mut tx = self.store.transaction();
        tx.set_message(self.message.clone());
        tx
    }

    /// Parses and applies one command (as [`read_command`] reads it).
    pub fn execute(
        &mut self,
        command: &[u8],
        resolve: &mut Resolve<'_>,
    ) -> std::result::Result<Step, ScriptError> {
        self.commands += 1;
        let n = self.commands;
        self.step(command, resolve).map_err(|mut e| {
            e.command = n;
            e
        })
    }

    fn step(&mut self, command: &[u8], resolve: &mut Resolve<'_>) -> PResult<Step> {
        let verb = verb_of(command, self.form)?;
        let target = verb.state();
        let refuse = |kind| Err(ScriptError::new(kind).verb(verb));
        match self.state {
            State::Open | State::Started => {
                if self.state == State::Started && target == State::Started {
                    return refuse(ScriptErrorKind::CannotRestart);
                }
                if target >= self.state {
                    self.state = target;
                }
            }
            State::Prepared => {
                if target != State::Closed {
                    return refuse(ScriptErrorKind::PreparedCanOnlyClose);
                }
                self.state = target;
            }
            State::Closed => {
                if target != State::Started {
                    return refuse(ScriptErrorKind::TransactionClosed);
                }
                self.state = target;
                self.tx = Some(self.new_transaction());
            }
        }
        if matches!(verb, Verb::SymrefDelete | Verb::SymrefVerify) && !self.no_deref {
            return refuse(ScriptErrorKind::DerefMode);
        }
        let parser = Parser {
            form: self.form,
            line: command,
            verb,
            next: 0,
        };
        let failed = |e: super::Error| {
            ScriptError::new(ScriptErrorKind::Transaction(Box::new(e.into()))).verb(verb)
        };
        match parser.parse(resolve, &mut self.warnings)? {
            Command::Start => Ok(Step::Started),
            Command::Prepare => {
                if let Some(tx) = self.tx.as_mut() {
                    tx.prepare().map_err(failed)?;
                }
                Ok(Step::Prepared)
            }
            Command::Abort => {
                if let Some(tx) = self.tx.take() {
                    tx.abort();
                }
                Ok(Step::Aborted)
            }
            Command::Commit => {
                if let Some(tx) = self.tx.take() {
                    tx.commit().map_err(failed)?;
                }
                Ok(Step::Committed)
            }
            Command::NoDeref => {
                self.no_deref = true;
                Ok(Step::OptionSet)
            }
            Command::Edit(mut edit) => {
                if self.no_deref {
                    edit = edit.no_deref();
                }
                if self.create_reflog {
                    edit = edit.create_reflog();
                }
                self.no_deref = self.default_no_deref;
                if let Some(tx) = self.tx.as_mut() {
                    tx.push(edit).map_err(failed)?;
                }
                Ok(Step::Queued)
            }
        }
    }

    /// Ends the script: a script that never said `start` is committed now, all or nothing; a
    /// started or prepared transaction left open is aborted.
    pub fn finish(mut self) -> Result<()> {
        if self.state == State::Open {
            if let Some(tx) = self.tx.take() {
                tx.commit()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
