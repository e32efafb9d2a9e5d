//! git's `cat-file` batch protocol, as a type a program drives line by line.
//!
//! A process writes object names (or commands) on one side and reads answers on the other:
//!
//! ```text
//! --batch-check   in:  HEAD\n              out: <id> commit 230\n
//! --batch         in:  HEAD\n              out: <id> commit 230\n<230 bytes>\n
//! --batch-command in:  info HEAD\n         out: <id> commit 230\n
//!                      contents HEAD\n     out: <id> commit 230\n<230 bytes>\n
//!                      flush\n             (with --buffer: answers queued so far go out)
//! any mode        in:  nosuch\n            out: nosuch missing\n
//!                 in:  abc1\n              out: abc1 ambiguous\n
//! ```
//!
//! Each answer line follows a [`Format`]: `%(objectname)`, `%(objecttype)`, `%(objectsize)`,
//! `%(objectsize:disk)`, `%(deltabase)`, `%(rest)` (what follows the name on its input line),
//! `%%` for a percent sign; the default is `%(objectname) %(objecttype) %(objectsize)`.
//! Input lines end with LF (or NUL, git's `-z`); answer lines and contents end with LF (or NUL,
//! git's `-Z`). [`Batch::write_all_objects`] is `--batch-all-objects`: every object, read in
//! parallel and answered in id order (or storage order).
//!
//! What git prints on stderr along the way (the candidates of an ambiguous name, a damaged
//! loose object taken as missing) is handed to an observer as a [`Note`]; what git dies of is
//! a [`BatchError`]. Neither carries git's wording: that is the CLI's business.

mod format;
mod input;
pub mod json;

pub use format::{Atom, Format, FormatError};
pub use input::CommandError;

use crate::error::HeaderDamage;
use crate::odb::locate::ObjectLocation;
use crate::odb::parallel::ReadMode;
use crate::revision::{Diagnostic, Hint, Resolver};
use crate::{Kind, ObjectId, Repository};
use bstr::BString;
use input::{parse_command, split_rest, trim_line, Command};
use std::fmt;
use std::io::{self, BufRead, Write};

/// Which of `cat-file`'s batch modes runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `--batch`: each name is answered with its line and the object's contents.
    #[default]
    Contents,
    /// `--batch-check`: each name is answered with its line only.
    Info,
    /// `--batch-command`: each input line is a command, `info <name>`, `contents <name>` or
    /// (with [`Options::buffer`]) `flush`.
    Command,
}

/// How a [`Batch`] runs: git's `--batch*[=<format>]`, `--buffer`, `-z` and `-Z`. The default
/// is git's `--batch` run at the top of the work tree.
#[derive(Debug, Clone)]
pub struct Options {
    /// The batch mode.
    pub mode: Mode,
    /// The answer line's format; `None` for git's default.
    pub format: Option<BString>,
    /// `--buffer`: answers are not flushed after each line; in [`Mode::Command`], commands are
    /// queued and run at `flush` or at the end of input.
    pub buffer: bool,
    /// `-z`: input lines end with NUL rather than LF.
    pub nul_input: bool,
    /// `-Z` (which also implies `-z` in git): answer lines and contents end with NUL.
    pub nul_output: bool,
    /// Where the program runs, relative to the top of the work tree, for names like
    /// `HEAD:./file` (see [`Resolver::set_prefix`]); `Some("")` (the default) is the top,
    /// `None` outside the work tree.
    pub prefix: Option<BString>,
    /// gitstore's `--json`: answers are JSON objects, one a line (schema
    /// [`json::SCHEMA`]); `format` is then ignored.
    pub json: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::default(),
            format: None,
            buffer: false,
            nul_input: false,
            nul_output: false,
            prefix: Some(BString::default()),
            json: false,
        }
    }
}

impl Options {
    /// Options for `mode`, with git's defaults for the rest.
    pub fn new(mode: Mode) -> Self {
        Options {
            mode,
            ..Options::default()
        }
    }
}

/// Why a batch stops. git dies of each of these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The format does not parse.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A `--batch-command` line is no command.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// Reading the input or writing an answer failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// Resolving a name or reading an object failed; a name git refuses outright (a relative
    /// path outside the work tree) is a [`crate::Error::Revision`].
    #[error(transparent)]
    Object(#[from] crate::Error),
    /// A blob's header was read and its line written (and flushed), but its contents could not
    /// be read: git reports the error and dies of having failed to stream it.
    #[error("unable to stream {id}: {source}")]
    Unstreamable {
        /// The blob.
        id: ObjectId,
        /// Why its contents could not be read.
        source: Box<crate::Error>,
    },
}

impl From<crate::odb::Error> for BatchError {
    fn from(e: crate::odb::Error) -> Self {
        BatchError::Object(e.into())
    }
}

impl From<FormatError> for crate::Error {
    fn from(e: FormatError) -> Self {
        BatchError::Format(e).into()
    }
}

impl From<CommandError> for crate::Error {
    fn from(e: CommandError) -> Self {
        BatchError::Command(e).into()
    }
}

impl From<BatchError> for crate::Error {
    fn from(e: BatchError) -> Self {
        match e {
            BatchError::Object(e) => e,
            other => crate::Error::Batch(Box::new(other)),
        }
    }
}

/// Something git says on stderr while it answers, without stopping.
#[derive(Debug)]
#[non_exhaustive]
pub enum Note<'a> {
    /// What resolving a name made git say: `warning: refname 'x' is ambiguous.`, the
    /// candidates of an ambiguous abbreviation.
    Resolve(&'a Diagnostic),
    /// A loose object whose header cannot be read: git says what is wrong and answers that
    /// the object is missing.
    DamagedHeader {
        /// The object.
        id: &'a ObjectId,
        /// What is wrong with its header.
        damage: HeaderDamage,
    },
}

/// What one input line was answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// The object's line (and contents) was written.
    Found(ObjectId),
    /// `<name> missing` was written.
    Missing,
    /// `<name> ambiguous` was written.
    Ambiguous,
    /// A buffered command was queued (nothing written yet).
    Queued,
    /// `flush`: the queued commands were answered and the output flushed.
    Flushed,
}

/// The observer of [`Note`]s.
type Observer<'r> = Box<dyn FnMut(Note<'_>) + 'r>;

/// git's `cat-file --batch`, `--batch-check` and `--batch-command` over one repository.
///
/// Feed it lines with [`Batch::answer`] (and call [`Batch::finish`] at the end of input), or
/// give it the whole input with [`Batch::run`]. Answers go to any [`Write`]; they are
/// byte for byte git's.
///
/// ```
/// use gitstore::batch::{Batch, Mode, Options};
/// use gitstore::{repo::InitOptions, Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::default())?;
/// let id = repo.odb().write(Kind::Blob, b"hello\n")?;
///
/// let mut batch = Batch::new(&repo, Options::new(Mode::Command))?;
/// let mut out = Vec::new();
/// batch.answer(format!("contents {id}").as_bytes(), &mut out)?;
/// batch.answer(b"info nosuch", &mut out)?;
/// batch.finish(&mut out)?;
/// assert_eq!(
///     out,
///     format!("{id} blob 6\nhello\n\nnosuch missing\n").as_bytes()
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Batch<'r> {
    repo: &'r Repository,
    mode: Mode,
    /// The line format, without contents (`--batch-check`, `info`).
    format: Format,
    buffer: bool,
    input_delim: u8,
    output_delim: u8,
    /// One resolver for every name: it caches only commits, which do not change, and reads
    /// refs afresh for each name.
    resolver: Resolver<'r>,
    /// Queued `--batch-command` commands: with contents or not, and the name.
    queue: Vec<(bool, Vec<u8>)>,
    /// The contents buffer, reused from one object to the next.
    data: Vec<u8>,
    /// Whether the input's buffer was used up by the last line read (a read would wait).
    drained: bool,
    observer: Option<Observer<'r>>,
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("mode", &self.mode)
            .field("format", &self.format)
            .field("buffer", &self.buffer)
            .field("queued", &self.queue.len())
            .finish_non_exhaustive()
    }
}

impl<'r> Batch<'r> {
    /// A batch over `repo`; fails if the format does not parse.
    pub fn new(repo: &'r Repository, options: Options) -> Result<Self, BatchError> {
        let format = match &options.format {
            _ if options.json => Format::json(),
            Some(text) => Format::parse(text)?,
            None => Format::default(),
        };
        let mut resolver = Resolver::new(repo);
        resolver.set_prefix(options.prefix);
        Ok(Batch {
            repo,
            mode: options.mode,
            format,
            buffer: options.buffer,
            input_delim: if options.nul_input { 0 } else { b'\n' },
            output_delim: if options.nul_output { 0 } else { b'\n' },
            resolver,
            queue: Vec::new(),
            data: Vec::new(),
            drained: true,
            observer: None,
        })
    }

    /// Has `observer` called with each [`Note`] (by default they are dropped).
    pub fn on_note(&mut self, observer: impl FnMut(Note<'_>) + 'r) {
        self.observer = Some(Box::new(observer));
    }

    /// Answers one input line (its delimiter, a CR before an LF, and anything from a NUL on
    /// are ignored, as git reads lines). The answer is written to `out`, which is flushed only
    /// at a `flush` command; a program waiting for each answer flushes `out` itself.
    pub fn answer(&mut self, line: &[u8], out: &mut impl Write) -> Result<Answer, BatchError> {
        let line = trim_line(line, self.input_delim);
        match self.mode {
            Mode::Contents | Mode::Info => {
                let contents = self.mode == Mode::Contents;
                let (name, rest) = if self.format.has(|a| matches!(a, Atom::Rest)) {
                    split_rest(line)
                } else if self.format.is_json() {
                    (line, line)
                } else {
                    (line, &b""[..])
                };
                self.answer_name(contents, name, rest, out)
            }
            Mode::Command => match parse_command(line, self.buffer)? {
                Command::Flush => {
                    self.run_queue(out)?;
                    out.flush()?;
                    Ok(Answer::Flushed)
                }
                Command::Object { contents, name } if self.buffer => {
                    self.queue.push((contents, name.to_vec()));
                    Ok(Answer::Queued)
                }
                Command::Object { contents, name } => self.answer_name(contents, name, b"", out),
            },
        }
    }

    /// The end of input: answers what `--buffer` queued, then flushes `out`.
    pub fn finish(&mut self, out: &mut impl Write) -> Result<(), BatchError> {
        self.run_queue(out)?;
        out.flush()?;
        Ok(())
    }

    /// Answers every line of `input`, then [`Batch::finish`]es. Without
    /// [`Options::buffer`], `out` is flushed whenever reading on would wait for more input, as
    /// git does: a process that writes a name and waits gets its answer, while input that is
    /// already there is answered without a flush per line.
    pub fn run(&mut self, mut input: impl BufRead, out: &mut impl Write) -> Result<(), BatchError> {
        let mut line = Vec::new();
        self.drained = true;
        while self.read_line(&mut input, &mut line, out)? {
            self.answer(&line, out)?;
        }
        self.finish(out)
    }

    /// `--batch-all-objects`: every object of the repository (`unordered`: in storage order,
    /// else sorted by id), read in parallel and answered in that order with the format (and
    /// contents, in [`Mode::Contents`]); `out` is flushed at the end.
    pub fn write_all_objects(
        &mut self,
        unordered: bool,
        out: &mut impl Write,
    ) -> Result<(), BatchError> {
        let odb = self.repo.odb();
        let ids = if unordered {
            odb.ids_unordered()?
        } else {
            odb.ids_sorted()?
        };
        let contents = self.mode == Mode::Contents;
        let mode = if contents {
            ReadMode::Full
        } else {
            ReadMode::Header
        };
        let format = &self.format;
        let needs_location = needs_location(format);
        let delim = self.output_delim;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        // a failed write stops the walk; it is told apart from the store's own errors here
        let mut write_error = None;
        // In storage order the packs are read front to back once: their pages are given back
        // every so often, so the process does not end up holding every pack in memory.
        let (mut since_release, mut bytes_since_release) = (0usize, 0usize);
        let walked = odb.for_each_in_order(&ids, mode, threads, |id, item| {
            let item = item.ok_or(crate::Error::ObjectNotFound { id: *id })?;
            if unordered {
                since_release += 1;
                bytes_since_release += item.data.len();
                if since_release >= RELEASE_EVERY_OBJECTS
                    || bytes_since_release >= RELEASE_EVERY_BYTES
                {
                    odb.release_pack_pages();
                    (since_release, bytes_since_release) = (0, 0);
                }
            }
            let location = if needs_location {
                odb.locate(id)?
            } else {
                None
            };
            let written = format
                .write_line(out, id, item.kind, item.size, b"", location.as_ref())
                .and_then(|_| {
                    if contents {
                        out.write_all(&[delim])?;
                        out.write_all(item.data)?;
                    }
                    out.write_all(&[delim])
                });
            written.map_err(|e| {
                write_error = Some(e);
                crate::Error::ObjectNotFound { id: *id }
            })
        });
        if let Some(e) = write_error {
            return Err(BatchError::Io(e));
        }
        walked?;
        out.flush()?;
        Ok(())
    }

    /// Answers the queued commands.
    fn run_queue(&mut self, out: &mut impl Write) -> Result<(), BatchError> {
        let queue = std::mem::take(&mut self.queue);
        for (contents, name) in &queue {
            self.answer_name(*contents, name, b"", out)?;
        }
        // the allocation is kept for the next commands
        self.queue = queue;
        self.queue.clear();
        Ok(())
    }

    /// Answers the object `name`: its line (and contents), or `<name> missing` /
    /// `<name> ambiguous`.
    fn answer_name(
        &mut self,
        contents: bool,
        name: &[u8],
        rest: &[u8],
        out: &mut impl Write,
    ) -> Result<Answer, BatchError> {
        let delim = self.output_delim;
        let (answer, word, status) = match self.resolve(name)? {
            Resolved::Id(id) => match self.write_object(contents, &id, rest, out) {
                Ok(true) => return Ok(Answer::Found(id)),
                Ok(false) => (Answer::Missing, &b" missing"[..], json::Status::Missing),
                Err(e) if self.damaged_header(&id) => {
                    drop(e);
                    (Answer::Missing, &b" missing"[..], json::Status::Missing)
                }
                Err(e) => return Err(e),
            },
            Resolved::Missing => (Answer::Missing, &b" missing"[..], json::Status::Missing),
            Resolved::Ambiguous => (
                Answer::Ambiguous,
                &b" ambiguous"[..],
                json::Status::Ambiguous,
            ),
        };
        if self.format.is_json() {
            json::write_not_found(out, name, status)?;
        } else {
            out.write_all(name)?;
            out.write_all(word)?;
        }
        out.write_all(&[delim])?;
        Ok(answer)
    }

    /// The object `name` names. A full hex id is taken as it is: git's batch mode skips the
    /// ref-ambiguity check for speed.
    fn resolve(&mut self, name: &[u8]) -> Result<Resolved, BatchError> {
        if let Ok(id) = ObjectId::from_hex(name) {
            return Ok(Resolved::Id(id));
        }
        let found = self.resolver.lookup(name, Hint::Any);
        let mut ambiguous = false;
        for d in self.resolver.take_diagnostics() {
            ambiguous |= matches!(d, Diagnostic::AmbiguousPrefix { .. });
            if let Some(observer) = self.observer.as_mut() {
                observer(Note::Resolve(&d));
            }
        }
        Ok(match found {
            Ok(id) => Resolved::Id(id),
            Err(crate::Error::Revision(e)) if !e.is_fatal() => {
                match ambiguous
                    || matches!(
                        e.kind(),
                        crate::revision::RevisionErrorKind::AmbiguousPrefix { .. }
                    ) {
                    true => Resolved::Ambiguous,
                    false => Resolved::Missing,
                }
            }
            Err(e) => return Err(e.into()),
        })
    }

    /// Writes one object's line (and contents); false when the object does not exist.
    fn write_object(
        &mut self,
        contents: bool,
        id: &ObjectId,
        rest: &[u8],
        out: &mut impl Write,
    ) -> Result<bool, BatchError> {
        let odb = self.repo.odb();
        let format = &self.format;
        let location = if needs_location(format) {
            odb.locate(id)?
        } else {
            None
        };
        let location = location.as_ref();
        let delim = self.output_delim;
        if contents {
            let kind = match odb.try_read(id, &mut self.data) {
                Ok(Some(kind)) => kind,
                // git has the header by then: a damaged copy is not a missing object
                Ok(None) => match odb.damaged(id) {
                    Some(d) => {
                        return Err(self.unreadable_contents(id, rest, location, d.into(), out))
                    }
                    None => return Ok(false),
                },
                Err(e) => return Err(self.unreadable_contents(id, rest, location, e.into(), out)),
            };
            format.write_line(out, id, kind, self.data.len() as u64, rest, location)?;
            out.write_all(&[delim])?;
            out.write_all(&self.data)?;
        } else if format.has(|a| matches!(a, Atom::ObjectType | Atom::ObjectSize)) {
            let Some(h) = odb.try_read_header(id)? else {
                return Ok(false);
            };
            format.write_line(out, id, h.kind, h.size, rest, location)?;
        } else {
            if !odb.contains(id)? {
                return Ok(false);
            }
            format.write_line(out, id, Kind::Blob, 0, rest, location)?;
        }
        out.write_all(&[delim])?;
        Ok(true)
    }

    /// The error for an object whose contents cannot be read. git looks at the header first and
    /// prints the object's line before it fails on the contents, so when the header can still
    /// be read that line comes out first.
    fn unreadable_contents(
        &self,
        id: &ObjectId,
        rest: &[u8],
        location: Option<&ObjectLocation>,
        error: crate::Error,
        out: &mut impl Write,
    ) -> BatchError {
        // a damaged packed copy is skipped from now on: its header is kept with the error
        let damaged = match &error {
            crate::Error::DamagedObject(d) => d.header,
            _ => None,
        };
        let Some(header) = damaged.or_else(|| self.repo.odb().try_read_header(id).ok().flatten())
        else {
            return error.into();
        };
        if let Err(e) = self
            .format
            .write_line(out, id, header.kind, header.size, rest, location)
            .and_then(|_| out.write_all(&[self.output_delim]))
            .and_then(|_| out.flush())
        {
            return e.into();
        }
        if header.kind == Kind::Blob {
            return BatchError::Unstreamable {
                id: *id,
                source: Box::new(error),
            };
        }
        error.into()
    }

    /// Whether `id` is a loose object whose header cannot be read; if so, tells the observer.
    /// git takes such an object as missing and goes on (a header naming an unknown type is
    /// fatal).
    fn damaged_header(&mut self, id: &ObjectId) -> bool {
        let Some(damage) = self
            .repo
            .odb()
            .try_read_header(id)
            .err()
            .and_then(|e| e.loose_header_damage())
        else {
            return false;
        };
        if let Some(observer) = self.observer.as_mut() {
            observer(Note::DamagedHeader { id, damage });
        }
        true
    }

    /// Reads one line (with its delimiter, if any) into `line`; false at the end of input.
    /// Flushes `out` first when unbuffered and the input's buffer is used up.
    fn read_line(
        &mut self,
        input: &mut impl BufRead,
        line: &mut Vec<u8>,
        out: &mut impl Write,
    ) -> io::Result<bool> {
        line.clear();
        loop {
            if self.drained && !self.buffer {
                out.flush()?;
            }
            let available = match input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                self.drained = true;
                return Ok(!line.is_empty());
            }
            let n = available.len();
            match available.iter().position(|&b| b == self.input_delim) {
                Some(at) => {
                    line.extend_from_slice(&available[..=at]);
                    input.consume(at + 1);
                    self.drained = at + 1 == n;
                    return Ok(true);
                }
                None => {
                    line.extend_from_slice(available);
                    input.consume(n);
                    self.drained = true;
                }
            }
        }
    }
}

/// What a name resolved to.
enum Resolved {
    Id(ObjectId),
    Missing,
    Ambiguous,
}

/// `--unordered` gives back the packs' pages after this many objects or bytes of bodies.
const RELEASE_EVERY_OBJECTS: usize = 1 << 16;
const RELEASE_EVERY_BYTES: usize = 128 << 20;

fn needs_location(format: &Format) -> bool {
    format.has(|a| matches!(a, Atom::ObjectSizeDisk | Atom::DeltaBase))
}
