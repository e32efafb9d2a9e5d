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

use crate::error::HeaderDamage;
use crate::odb::locate::ObjectLocation;
use crate::odb::parallel::ReadMode;
use crate::revision::{Diagnostic, Hint, Resolver};
use crate::{Kind, ObjectId, Repository};
use bstr::BString;
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

/// How a [`Batch`] runs: git's `--batch*[=<format>]`, `--buffer`, `-z` and `-Z`.
#[derive(Debug, Clone, Default)]
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
}

impl Options {
    /// Options for `mode`, with git's defaults for the rest.
    pub fn new(mode: Mode) -> Self {
        Options {
            mode,
            prefix: Some(BString::default()),
            ..Options::default()
        }
    }
}

/// One piece of a [`Format`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Atom {
    /// Text printed as it is (`%%` already made one `%`).
    Literal(BString),
    /// `%(objectname)`: the full hex id.
    ObjectName,
    /// `%(objecttype)`: `blob`, `tree`, `commit` or `tag`.
    ObjectType,
    /// `%(objectsize)`: the body's size in bytes.
    ObjectSize,
    /// `%(objectsize:disk)`: bytes the object takes where it is stored.
    ObjectSizeDisk,
    /// `%(deltabase)`: the id of its delta base in a pack, or the null id.
    DeltaBase,
    /// `%(rest)`: what follows the name (and whitespace) on its input line.
    Rest,
}

/// A parsed answer-line format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    atoms: Vec<Atom>,
}

/// The format git uses when none is given.
const DEFAULT_FORMAT: &[u8] = b"%(objectname) %(objecttype) %(objectsize)";

impl Default for Format {
    fn default() -> Self {
        // the default format parses
        Format::parse(DEFAULT_FORMAT).unwrap_or(Format { atoms: Vec::new() })
    }
}

impl Format {
    /// Parses a format as git's `expand_format` reads it: `%(atom)` is an atom, `%%` is one
    /// `%`, and any other `%` stands for itself. An empty format is an empty line per object.
    pub fn parse(text: &[u8]) -> Result<Format, FormatError> {
        let mut atoms = Vec::new();
        let mut literal = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.iter().position(|&b| b == b'%') {
            literal.extend_from_slice(&rest[..at]);
            let after = &rest[at + 1..];
            if let Some(more) = after.strip_prefix(b"%") {
                literal.push(b'%');
                rest = more;
                continue;
            }
            let Some(element) = after.strip_prefix(b"(") else {
                literal.push(b'%');
                rest = after;
                continue;
            };
            let Some(end) = element.iter().position(|&b| b == b')') else {
                return Err(FormatError::Unterminated {
                    element: after.into(),
                });
            };
            if !literal.is_empty() {
                atoms.push(Atom::Literal(std::mem::take(&mut literal).into()));
            }
            atoms.push(match &element[..end] {
                b"objectname" => Atom::ObjectName,
                b"objecttype" => Atom::ObjectType,
                b"objectsize" => Atom::ObjectSize,
                b"rest" => Atom::Rest,
                b"objectsize:disk" => Atom::ObjectSizeDisk,
                b"deltabase" => Atom::DeltaBase,
                other => return Err(FormatError::UnknownAtom { atom: other.into() }),
            });
            rest = &element[end + 1..];
        }
        literal.extend_from_slice(rest);
        if !literal.is_empty() {
            atoms.push(Atom::Literal(literal.into()));
        }
        Ok(Format { atoms })
    }

    /// The pieces, in order.
    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    fn has(&self, f: impl Fn(&Atom) -> bool) -> bool {
        self.atoms.iter().any(f)
    }

    /// Writes the line for one object, without its delimiter.
    fn write_line(
        &self,
        out: &mut impl Write,
        id: &ObjectId,
        kind: Kind,
        size: u64,
        rest: &[u8],
        location: Option<&ObjectLocation>,
    ) -> io::Result<()> {
        for atom in &self.atoms {
            match atom {
                Atom::Literal(l) => out.write_all(l)?,
                Atom::ObjectName => {
                    let mut hex = [0u8; 40];
                    out.write_all(id.hex_to_buf(&mut hex).as_bytes())?
                }
                Atom::ObjectType => out.write_all(kind.as_str().as_bytes())?,
                Atom::ObjectSize => write!(out, "{size}")?,
                Atom::Rest => out.write_all(rest)?,
                Atom::ObjectSizeDisk => {
                    write!(out, "{}", location.map_or(0, ObjectLocation::size_on_disk))?
                }
                Atom::DeltaBase => {
                    let base = location
                        .and_then(ObjectLocation::delta_base)
                        .unwrap_or_else(ObjectId::null);
                    write!(out, "{base}")?
                }
            }
        }
        Ok(())
    }
}

/// What is wrong with a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// `%(` with no `)` after it; `element` is the text from the `(` on.
    #[error("format element '{element}' does not end in ')'")]
    Unterminated {
        /// The element, from its `(`.
        element: BString,
    },
    /// `%(name)` with a name that is no atom.
    #[error("unknown format atom %({atom})")]
    UnknownAtom {
        /// The name between the parentheses.
        atom: BString,
    },
}

/// What is wrong with a `--batch-command` line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// An empty line.
    #[error("empty command")]
    Empty,
    /// A line that starts with whitespace.
    #[error("whitespace before command '{line}'")]
    LeadingWhitespace {
        /// The line.
        line: BString,
    },
    /// `flush` followed by something.
    #[error("flush takes no arguments")]
    FlushWithArguments,
    /// `flush` without [`Options::buffer`].
    #[error("flush without buffering")]
    FlushWithoutBuffer,
    /// `info` or `contents` without a name.
    #[error("{command} without an object name")]
    MissingName {
        /// `info` or `contents`.
        command: &'static str,
    },
    /// A line that is no command.
    #[error("unknown command '{line}'")]
    Unknown {
        /// The line.
        line: BString,
    },
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
    /// path outside the work tree) is a [`crate::Error::BadRevision`].
    #[error(transparent)]
    Object(#[from] crate::Error),
    /// A blob's header was read and its line written (and flushed), but its contents could not
    /// be read: git reports the error and dies of having failed to stream it.
    #[error("unable to stream {id}: {source}")]
    Unstreamable {
        /// The blob.
        id: ObjectId,
        /// Why its contents could not be read.
        source: crate::Error,
    },
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
/// # Ok::<(), gitstore::Error>(())
/// ```
pub struct Batch<'r> {
    repo: &'r Repository,
    mode: Mode,
    /// The line format, without contents (`--batch-check`, `info`).
    format: Format,
    buffer: bool,
    input_delim: u8,
    output_delim: u8,
    prefix: Option<BString>,
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
            Some(text) => Format::parse(text)?,
            None => Format::default(),
        };
        Ok(Batch {
            repo,
            mode: options.mode,
            format,
            buffer: options.buffer,
            input_delim: if options.nul_input { 0 } else { b'\n' },
            output_delim: if options.nul_output { 0 } else { b'\n' },
            prefix: options.prefix,
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
        let walked = odb.for_each_in_order(&ids, mode, threads, |id, item| {
            let item = item.ok_or(crate::Error::ObjectNotFound { id: *id })?;
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
        let (answer, word) = match self.resolve(name)? {
            Resolved::Id(id) => match self.write_object(contents, &id, rest, out) {
                Ok(true) => return Ok(Answer::Found(id)),
                Ok(false) => (Answer::Missing, &b" missing"[..]),
                Err(e) if self.damaged_header(&id) => {
                    drop(e);
                    (Answer::Missing, &b" missing"[..])
                }
                Err(e) => return Err(e),
            },
            Resolved::Missing => (Answer::Missing, &b" missing"[..]),
            Resolved::Ambiguous => (Answer::Ambiguous, &b" ambiguous"[..]),
        };
        out.write_all(name)?;
        out.write_all(word)?;
        out.write_all(&[delim])?;
        Ok(answer)
    }

    /// The object `name` names. A full hex id is taken as it is: git's batch mode skips the
    /// ref-ambiguity check for speed.
    fn resolve(&mut self, name: &[u8]) -> Result<Resolved, BatchError> {
        if let Ok(id) = ObjectId::from_hex(name) {
            return Ok(Resolved::Id(id));
        }
        let mut resolver = Resolver::new(self.repo);
        resolver.set_prefix(self.prefix.clone());
        let found = resolver.lookup(name, Hint::Any);
        let mut ambiguous = false;
        for d in resolver.take_diagnostics() {
            ambiguous |= matches!(d, Diagnostic::AmbiguousPrefix { .. });
            if let Some(observer) = self.observer.as_mut() {
                observer(Note::Resolve(&d));
            }
        }
        Ok(match found? {
            Some(id) => Resolved::Id(id),
            None if ambiguous => Resolved::Ambiguous,
            None => Resolved::Missing,
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
                Ok(None) => return Ok(false),
                Err(e) => return Err(self.unreadable_contents(id, rest, location, e, out)),
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
        let Ok(Some(header)) = self.repo.odb().try_read_header(id) else {
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
                source: error,
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

fn needs_location(format: &Format) -> bool {
    format.has(|a| matches!(a, Atom::ObjectSizeDisk | Atom::DeltaBase))
}

/// A line as git's `strbuf_getline` leaves it, seen as a C string: without its delimiter (and
/// the CR before an LF), and ending at its first NUL.
fn trim_line(line: &[u8], delim: u8) -> &[u8] {
    let mut line = line;
    if let Some(rest) = line.strip_suffix(&[delim]) {
        line = rest;
        if delim == b'\n' {
            line = line.strip_suffix(b"\r").unwrap_or(line);
        }
    }
    match line.iter().position(|&b| b == 0) {
        Some(nul) => &line[..nul],
        None => line,
    }
}

/// Splits a line into the name and `%(rest)`: the name ends at the first whitespace, and
/// the rest starts after the whitespace that follows.
fn split_rest(line: &[u8]) -> (&[u8], &[u8]) {
    match line.iter().position(|b| b.is_ascii_whitespace()) {
        Some(p) => {
            let rest = &line[p..];
            let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            (&line[..p], &rest[skip..])
        }
        None => (line, b""),
    }
}

/// One `--batch-command` line.
#[derive(Debug, PartialEq, Eq)]
enum Command<'a> {
    /// `info <name>` or `contents <name>`.
    Object {
        contents: bool,
        name: &'a [u8],
    },
    Flush,
}

/// Parses one `--batch-command` line as git does: the first command the line starts with,
/// whatever follows it.
fn parse_command(line: &[u8], buffer: bool) -> Result<Command<'_>, CommandError> {
    match line.first() {
        None => return Err(CommandError::Empty),
        Some(b) if b.is_ascii_whitespace() => {
            return Err(CommandError::LeadingWhitespace { line: line.into() })
        }
        Some(_) => {}
    }
    for command in ["contents", "info", "flush"] {
        let Some(after) = line.strip_prefix(command.as_bytes()) else {
            continue;
        };
        if command == "flush" {
            if !after.is_empty() {
                return Err(CommandError::FlushWithArguments);
            }
            if !buffer {
                return Err(CommandError::FlushWithoutBuffer);
            }
            return Ok(Command::Flush);
        }
        let Some(name) = after.strip_prefix(b" ") else {
            return Err(CommandError::MissingName { command });
        };
        return Ok(Command::Object {
            contents: command == "contents",
            name,
        });
    }
    Err(CommandError::Unknown { line: line.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_reads_atoms_percent_and_stray_percent() {
        let f = Format::parse(b"%(objectname) 100%% %x %(rest)").unwrap();
        assert_eq!(
            f.atoms(),
            [
                Atom::ObjectName,
                Atom::Literal(" 100% %x ".into()),
                Atom::Rest
            ]
        );
    }

    #[test]
    fn format_unknown_atom_is_typed() {
        assert_eq!(
            Format::parse(b"%(objectname) %(bogus)"),
            Err(FormatError::UnknownAtom {
                atom: "bogus".into()
            })
        );
        assert_eq!(
            Format::parse(b"x %(objectname"),
            Err(FormatError::Unterminated {
                element: "(objectname".into()
            })
        );
    }

    #[test]
    fn empty_format_is_an_empty_line() {
        assert!(Format::parse(b"").unwrap().atoms().is_empty());
        assert_eq!(Format::default().atoms().len(), 5);
    }

    #[test]
    fn command_is_the_first_word_the_line_starts_with() {
        assert_eq!(
            parse_command(b"infoo x", false),
            Err(CommandError::MissingName { command: "info" })
        );
        assert_eq!(
            parse_command(b"contents a b", false),
            Ok(Command::Object {
                contents: true,
                name: b"a b"
            })
        );
        assert_eq!(
            parse_command(b"flush", false),
            Err(CommandError::FlushWithoutBuffer)
        );
        assert_eq!(parse_command(b"flush", true), Ok(Command::Flush));
        assert_eq!(
            parse_command(b"flush ", true),
            Err(CommandError::FlushWithArguments)
        );
        assert_eq!(parse_command(b"", true), Err(CommandError::Empty));
        assert!(matches!(
            parse_command(b" info x", true),
            Err(CommandError::LeadingWhitespace { .. })
        ));
        assert!(matches!(
            parse_command(b"get x", true),
            Err(CommandError::Unknown { .. })
        ));
    }

    #[test]
    fn lines_lose_delimiter_cr_and_everything_after_nul() {
        assert_eq!(trim_line(b"HEAD\r\n", b'\n'), b"HEAD");
        assert_eq!(trim_line(b"HEAD\r\0", 0), b"HEAD\r");
        assert_eq!(trim_line(b"a\0b\n", b'\n'), b"a");
        assert_eq!(trim_line(b"HEAD", b'\n'), b"HEAD");
    }

    #[test]
    fn rest_starts_after_the_whitespace_that_ends_the_name() {
        assert_eq!(split_rest(b"HEAD \t x y"), (&b"HEAD"[..], &b"x y"[..]));
        assert_eq!(split_rest(b"HEAD"), (&b"HEAD"[..], &b""[..]));
    }
}
