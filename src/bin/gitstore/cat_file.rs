//! `gitstore cat-file (-t | -s | -e | -p) OBJECT`, `gitstore cat-file TYPE OBJECT`,
//! `gitstore cat-file (--batch | --batch-check | --batch-command)[=FORMAT] [-z | -Z] [--buffer]
//! [--batch-all-objects [--unordered]]`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::odb::locate::ObjectLocation;
use gitstore::odb::parallel::ReadMode;
use gitstore::odb::Odb;
use gitstore::{Kind, ObjectId, Repository};
use std::io::{self, BufRead, Write};

/// Arguments of `cat-file`. Which of them go together is checked in [`run`], in git's order
/// and with git's messages.
#[derive(clap::Args)]
// git lets an option be given again (the last one counts)
#[command(args_override_self = true)]
pub struct Args {
    /// Show the object type.
    #[arg(short = 't')]
    kind: bool,
    /// Show the object size.
    #[arg(short = 's')]
    size: bool,
    /// Exit with zero status if the object exists and is valid.
    #[arg(short = 'e')]
    exists: bool,
    /// Pretty-print the object's content.
    #[arg(short = 'p')]
    pretty: bool,
    /// Show info and content of the objects named on stdin.
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, require_equals = true)]
    batch: Option<Option<String>>,
    /// Show info of the objects named on stdin.
    #[arg(long = "batch-check", value_name = "FORMAT", num_args = 0..=1, require_equals = true)]
    batch_check: Option<Option<String>>,
    /// Read commands from stdin: `info <object>`, `contents <object>`, `flush`.
    #[arg(long = "batch-command", value_name = "FORMAT", num_args = 0..=1, require_equals = true)]
    batch_command: Option<Option<String>>,
    /// With --batch or --batch-check: every object in the repository instead of stdin.
    #[arg(long = "batch-all-objects")]
    all_objects: bool,
    /// With --batch-all-objects: in storage order rather than sorted by id.
    #[arg(long)]
    unordered: bool,
    /// Buffer output even when reading names from stdin.
    #[arg(long)]
    buffer: bool,
    /// With a batch mode: names on stdin end with NUL instead of LF.
    #[arg(short = 'z')]
    nul_input: bool,
    /// With a batch mode: names on stdin and lines on stdout end with NUL.
    #[arg(short = 'Z')]
    nul_both: bool,
    /// With -t or -s: accepted as git accepts it.
    #[arg(long = "allow-unknown-type")]
    allow_unknown_type: bool,
    /// With a batch mode: follow symlinks inside trees (not supported by gitstore).
    #[arg(long = "follow-symlinks")]
    follow_symlinks: bool,
    /// `[TYPE] OBJECT`
    #[arg(value_name = "ARGS")]
    args: Vec<std::ffi::OsString>,
}

/// What git's parse-options refuses while it reads cat-file's options, in their order: two
/// modes of the `-t`/`-s`/`-e`/`-p`/`--batch-all-objects` group, or a second batch option.
fn check_options() -> CliResult {
    let mut modes = crate::cmdmode::CmdMode::default();
    let mut batches = 0;
    for opt in crate::cmdmode::options_of("cat-file") {
        let mode = match opt.as_str() {
            "-t" => "t",
            "-s" => "s",
            "-e" => "e",
            "-p" => "p",
            "--batch-all-objects" => "b",
            "--batch" | "--batch-check" | "--batch-command" => {
                batches += 1;
                if batches > 1 {
                    return Err(CliError::Usage(
                        "only one batch option may be specified".into(),
                    ));
                }
                continue;
            }
            _ => continue,
        };
        modes.see(mode, &opt)?;
    }
    Ok(())
}

/// git's `usage_msg_opt`: the message, a blank line and the usage text (not repeated here);
/// exit 129.
fn usage_msg(msg: &str) -> CliError {
    eprintln!("fatal: {msg}\n");
    CliError::Exit(129)
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    check_options()?;
    let mode = [
        (args.kind, 't'),
        (args.size, 's'),
        (args.exists, 'e'),
        (args.pretty, 'p'),
    ]
    .into_iter()
    .find_map(|(given, c)| given.then_some(c));
    let batch_format = args
        .batch
        .as_ref()
        .or(args.batch_check.as_ref())
        .or(args.batch_command.as_ref());
    if batch_format.is_none() {
        for (given, name) in [
            (args.follow_symlinks, "--follow-symlinks"),
            (args.buffer, "--buffer"),
            (args.all_objects, "--batch-all-objects"),
            (args.nul_input, "-z"),
            (args.nul_both, "-Z"),
        ] {
            if given {
                return Err(usage_msg(&format!("'{name}' requires a batch mode")));
            }
        }
    }
    if let Some(format) = batch_format {
        let format_text = format.as_deref();
        if let Some(c) = mode {
            return Err(usage_msg(&format!(
                "'-{c}' is incompatible with batch mode"
            )));
        }
        if !args.args.is_empty() {
            return Err(usage_msg("batch modes take no arguments"));
        }
        let repo = ctx.repo()?;
        if args.follow_symlinks {
            return Err(CliError::Fatal(
                "--follow-symlinks is not supported by gitstore".into(),
            ));
        }
        let mut format = Format::parse(format_text, args.batch.is_some())?;
        if args.nul_both {
            format.delim = b'\0';
        }
        let input_delim = if args.nul_input || args.nul_both {
            b'\0'
        } else {
            b'\n'
        };
        if args.batch_command.is_some() && !args.all_objects {
            let mut contents = Format::parse(format_text, true)?;
            contents.delim = format.delim;
            return batch_command(&repo, &format, &contents, args.buffer, input_delim);
        }
        return batch(
            &repo,
            &format,
            args.all_objects,
            args.unordered,
            args.buffer,
            input_delim,
        );
    }
    let (wanted, name) = match (mode, args.args.as_slice()) {
        (Some(c), []) => return Err(usage_msg(&format!("<object> required with '-{c}'"))),
        (Some(_), [name]) => (None, name),
        (Some(_), _) => return Err(usage_msg("too many arguments")),
        (None, []) => {
            eprintln!("usage: git cat-file <type> <object>");
            return Err(CliError::Exit(129));
        }
        (None, [kind, name]) => (Some(kind.to_string_lossy()), name),
        (None, more) => {
            return Err(usage_msg(&format!(
                "only two arguments allowed in <type> <object> mode, not {}",
                more.len()
            )))
        }
    };
    if args.allow_unknown_type && !(args.kind || args.size) {
        return Err(CliError::Fatal(
            "git cat-file --allow-unknown-type: use with -s or -t".into(),
        ));
    }
    let wanted = wanted.as_deref();
    let repo = ctx.repo()?;
    let Some(name) = name.to_str() else {
        // no revision gitstore resolves is anything but UTF-8; say so with the bytes given
        use std::os::unix::ffi::OsStrExt;
        let mut err = io::stderr().lock();
        let _ = err.write_all(b"fatal: Not a valid object name ");
        let _ = err.write_all(name.as_bytes());
        let _ = err.write_all(b"\n");
        return Err(CliError::Exit(128));
    };
    let id = resolve(&repo, name)?;
    let odb = repo.odb();
    let mut out = stdout();
    if args.exists {
        return if odb.contains(&id)? {
            Ok(())
        } else {
            Err(CliError::Exit(1))
        };
    }
    if args.kind || args.size {
        let header = odb
            .try_read_header(&id)?
            .ok_or_else(|| CliError::Fatal("git cat-file: could not get object info".into()))?;
        if args.kind {
            writeln!(out, "{}", header.kind)?;
        } else {
            writeln!(out, "{}", header.size)?;
        }
        return crate::finish(out);
    }
    if let Some(wanted) = wanted {
        let kind = Kind::from_bytes(wanted.as_bytes())
            .ok_or_else(|| CliError::Fatal(format!("invalid object type \"{wanted}\"")))?;
        if kind == Kind::Blob {
            if let Some(blob) = odb.peel_to(&id, Kind::Blob)? {
                return stream_blob(odb, &blob, out);
            }
        }
        let object = odb
            .read_peeled(&id, kind)?
            .ok_or_else(|| CliError::Fatal(format!("git cat-file {name}: bad file")))?;
        out.write_all(&object.data)?;
        return crate::finish(out);
    }
    if odb.try_read_header(&id)?.map(|h| h.kind) == Some(Kind::Blob) {
        return stream_blob(odb, &id, out);
    }
    let mut data = Vec::new();
    let kind = odb
        .try_read(&id, &mut data)?
        .ok_or_else(|| CliError::Fatal(format!("Not a valid object name {name}")))?;
    match kind {
        Kind::Tree => {
            let tree = gitstore::object::TreeRef::parse(&data)
                .map_err(|e| CliError::Fatal(format!("unable to read tree ({id}): {e}")))?;
            tree.write_pretty(&mut out)?;
        }
        _ => out.write_all(&data)?,
    }
    crate::finish(out)
}

/// Copies a blob to stdout as it is inflated: a blob of any size costs a buffer, not its size.
fn stream_blob(odb: &gitstore::odb::Odb, id: &ObjectId, mut out: impl Write) -> CliResult {
    let mut stream = odb
        .open_stream(id)?
        .ok_or(gitstore::Error::ObjectNotFound { id: *id })?;
    std::io::copy(&mut stream, &mut out)?;
    crate::finish(out)
}

/// Resolves an object name as git's `cat-file` does (`GET_OID_ONLY_TO_DIE`: a `<rev>:<path>`
/// that names nothing says why), with git's messages and warnings.
fn resolve(repo: &Repository, name: &str) -> Result<ObjectId, CliError> {
    let cwd = std::env::current_dir().map_err(|e| CliError::Fatal(e.to_string()))?;
    let mut resolver = gitstore::revision::Resolver::new(repo);
    resolver.set_prefix(repo.prefix_of(&cwd));
    let found =
        resolver.lookup_only_to_die(name.as_bytes(), gitstore::revision::Hint::Any, &cwd, false);
    crate::revarg::report(&mut resolver);
    match found {
        Ok(id) => Ok(id),
        Err(gitstore::Error::Revision(e)) => Err(CliError::Fatal(crate::revarg::fatal_message(&e))),
        Err(e) => Err(e.into()),
    }
}

/// One piece of a `--batch` format.
enum Piece {
    Literal(Vec<u8>),
    ObjectName,
    ObjectType,
    ObjectSize,
    Rest,
    /// `%(objectsize:disk)`: bytes taken where it is stored.
    DiskSize,
    /// `%(deltabase)`: the delta base's id, or the null id.
    DeltaBase,
}

/// A parsed `--batch`/`--batch-check` format, and whether contents follow each line.
struct Format {
    pieces: Vec<Piece>,
    contents: bool,
    needs_header: bool,
    wants_rest: bool,
    needs_location: bool,
    /// What ends each line and each object's contents: LF, or NUL with `-Z`.
    delim: u8,
}

impl Format {
    /// Parses a format as git's `expand_format` reads it: `%(atom)` is an atom, `%%` is one
    /// `%`, and any other `%` stands for itself. No format at all means git's default;
    /// an empty one prints an empty line per object.
    fn parse(text: Option<&str>, contents: bool) -> Result<Format, CliError> {
        let text = text.unwrap_or("%(objectname) %(objecttype) %(objectsize)");
        let mut pieces = Vec::new();
        let mut literal = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find('%') {
            literal.extend_from_slice(&rest.as_bytes()[..at]);
            let after = &rest[at + 1..];
            if let Some(more) = after.strip_prefix('%') {
                literal.push(b'%');
                rest = more;
                continue;
            }
            let Some(element) = after.strip_prefix('(') else {
                literal.push(b'%');
                rest = after;
                continue;
            };
            let end = element.find(')').ok_or_else(|| {
                CliError::Fatal(format!(
                    "bad cat-file format: element '{after}' does not end in ')'"
                ))
            })?;
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(&mut literal)));
            }
            pieces.push(match &element[..end] {
                "objectname" => Piece::ObjectName,
                "objecttype" => Piece::ObjectType,
                "objectsize" => Piece::ObjectSize,
                "rest" => Piece::Rest,
                "objectsize:disk" => Piece::DiskSize,
                "deltabase" => Piece::DeltaBase,
                other => return Err(CliError::Fatal(format!("bad cat-file format: %({other})"))),
            });
            rest = &element[end + 1..];
        }
        literal.extend_from_slice(rest.as_bytes());
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        let needs_header = contents
            || pieces
                .iter()
                .any(|p| matches!(p, Piece::ObjectType | Piece::ObjectSize));
        let wants_rest = pieces.iter().any(|p| matches!(p, Piece::Rest));
        let needs_location = pieces
            .iter()
            .any(|p| matches!(p, Piece::DiskSize | Piece::DeltaBase));
        Ok(Format {
            pieces,
            contents,
            needs_header,
            wants_rest,
            needs_location,
            delim: b'\n',
        })
    }

    fn write_line(
        &self,
        out: &mut impl Write,
        id: &ObjectId,
        kind: Kind,
        size: u64,
        rest: &[u8],
        location: Option<&ObjectLocation>,
    ) -> io::Result<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Literal(l) => out.write_all(l)?,
                Piece::ObjectName => {
                    let mut hex = [0u8; 40];
                    out.write_all(id.hex_to_buf(&mut hex).as_bytes())?
                }
                Piece::ObjectType => out.write_all(kind.as_str().as_bytes())?,
                Piece::ObjectSize => write!(out, "{size}")?,
                Piece::Rest => out.write_all(rest)?,
                Piece::DiskSize => {
                    write!(out, "{}", location.map_or(0, ObjectLocation::size_on_disk))?
                }
                Piece::DeltaBase => {
                    let base = location
                        .and_then(ObjectLocation::delta_base)
                        .unwrap_or_else(ObjectId::null);
                    write!(out, "{base}")?
                }
            }
        }
        out.write_all(&[self.delim])
    }
}

fn batch(
    repo: &Repository,
    format: &Format,
    all: bool,
    unordered: bool,
    buffer: bool,
    input_delim: u8,
) -> CliResult {
    let odb = repo.odb();
    let mut out = stdout();
    let mut data = Vec::new();
    if all {
        let ids = if unordered {
            odb.ids_unordered()?
        } else {
            odb.ids_sorted()?
        };
        let mode = if format.contents {
            ReadMode::Full
        } else {
            ReadMode::Header
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        odb.for_each_in_order(&ids, mode, threads, |id, item| {
            let item = item.ok_or(gitstore::Error::ObjectNotFound { id: *id })?;
            let location = if format.needs_location {
                odb.locate(id)?
            } else {
                None
            };
            let written = format
                .write_line(&mut out, id, item.kind, item.size, b"", location.as_ref())
                .and_then(|_| {
                    if format.contents {
                        out.write_all(item.data)?;
                        out.write_all(&[format.delim])?;
                    }
                    Ok(())
                });
            written.map_err(|e| gitstore::Error::io("stdout", e))
        })
        .map_err(|e| match e {
            gitstore::Error::Io { source, .. } => CliError::Output(source),
            other => other.into(),
        })?;
        return crate::finish(out);
    }
    let mut input = io::BufReader::with_capacity(64 * 1024, io::stdin().lock());
    let mut line = Vec::new();
    while read_line(
        &mut input,
        &mut line,
        input_delim,
        (!buffer).then_some(&mut out),
    )? {
        trim_line(&mut line, input_delim);
        let (name, rest) = if format.wants_rest {
            match line.iter().position(|b| b.is_ascii_whitespace()) {
                Some(p) => {
                    let rest = &line[p..];
                    let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    (&line[..p], &rest[skip..])
                }
                None => (&line[..], &b""[..]),
            }
        } else {
            (&line[..], &b""[..])
        };
        answer(repo, format, &mut out, name, rest, &mut data)?;
    }
    crate::finish(out)
}

/// Prints what `--batch`/`--batch-check` print for the object `name`: its line (and contents),
/// or `<name> missing` / `<name> ambiguous`.
fn answer(
    repo: &Repository,
    format: &Format,
    out: &mut impl Write,
    name: &[u8],
    rest: &[u8],
    data: &mut Vec<u8>,
) -> CliResult {
    let odb = repo.odb();
    // a full id is taken as is: git's batch mode skips the ref-ambiguity check for speed
    let resolved = match ObjectId::from_hex(name) {
        Ok(id) => Ok(Some(id)),
        Err(_) => crate::revarg::lookup(repo, name, gitstore::revision::Hint::Any),
    };
    match resolved {
        Ok(Some(id)) => {
            let found = match batch_one(odb, format, out, &id, rest, data) {
                Err(_) if damaged_header(repo, &id) => false,
                Err(e) => return Err(e),
                Ok(found) => found,
            };
            if !found {
                out.write_all(name)?;
                out.write_all(b" missing")?;
                out.write_all(&[format.delim])?;
            }
        }
        Err(gitstore::Error::Revision(e)) if crate::revarg::is_ambiguous(&e) => {
            out.write_all(name)?;
            out.write_all(b" ambiguous")?;
            out.write_all(&[format.delim])?;
        }
        Ok(None) => {
            out.write_all(name)?;
            out.write_all(b" missing")?;
            out.write_all(&[format.delim])?;
        }
        // what git dies of inside get_oid, a relative path outside the work tree
        Err(gitstore::Error::Revision(e)) => {
            out.flush()?;
            return Err(CliError::Fatal(crate::revarg::fatal_message(&e)));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Whether `id` is a loose object whose header cannot be read; if so, says so as git does. git
/// then takes the object as missing and goes on (a header naming an unknown type is fatal).
fn damaged_header(repo: &Repository, id: &ObjectId) -> bool {
    use gitstore::error::HeaderDamage;
    let Some(damage) = repo
        .odb()
        .try_read_header(id)
        .err()
        .and_then(|e| e.loose_header_damage())
    else {
        return false;
    };
    match damage {
        HeaderDamage::Empty => {
            let path = repo.odb().loose().path_of(id);
            let shown = crate::shown_object_path(repo, &crate::shown_objects_dir_of(repo), &path);
            eprintln!("error: object file {shown} is empty");
        }
        HeaderDamage::Inflate(why) => {
            eprintln!("error: inflate: {why}\nerror: unable to unpack {id} header")
        }
        HeaderDamage::Unterminated => {
            eprintln!("error: header for {id} too long, exceeds 32 bytes")
        }
        HeaderDamage::Unparsable => eprintln!("error: unable to parse {id} header"),
    }
    true
}

/// A line as git's `strbuf_getline` leaves it, seen as a C string: without its delimiter (and
/// the CR before an LF), and ending at its first NUL.
fn trim_line(line: &mut Vec<u8>, delim: u8) {
    if line.last() == Some(&delim) {
        line.pop();
        if delim == b'\n' && line.last() == Some(&b'\r') {
            line.pop();
        }
    }
    if let Some(nul) = line.iter().position(|&b| b == 0) {
        line.truncate(nul);
    }
}

/// `--batch-command`: `info <object>` answers as `--batch-check`, `contents <object>` as
/// `--batch`, both with `format` (whole lines name the object: no `%(rest)` split); `flush`
/// writes out what `--buffer` held. Anything else is fatal, as in git.
fn batch_command(
    repo: &Repository,
    info: &Format,
    contents: &Format,
    buffer: bool,
    input_delim: u8,
) -> CliResult {
    let mut out = stdout();
    let mut data = Vec::new();
    let mut input = io::BufReader::with_capacity(64 * 1024, io::stdin().lock());
    let mut line = Vec::new();
    // with --buffer, git queues the commands and runs them at `flush` or the end of input
    let mut queue: Vec<(bool, Vec<u8>)> = Vec::new();
    let run_queue = |queue: &mut Vec<(bool, Vec<u8>)>,
                     out: &mut io::BufWriter<io::StdoutLock<'static>>,
                     data: &mut Vec<u8>|
     -> CliResult {
        for (with_contents, name) in queue.drain(..) {
            let format = if with_contents { contents } else { info };
            answer(repo, format, out, &name, b"", data)?;
        }
        Ok(())
    };
    while read_line(
        &mut input,
        &mut line,
        input_delim,
        (!buffer).then_some(&mut out),
    )? {
        trim_line(&mut line, input_delim);
        match parse_command(&line, buffer) {
            // unbuffered, each command is answered at once, without queueing a copy of it
            Ok(Command::Info(name)) if !buffer => {
                answer(repo, info, &mut out, name, b"", &mut data)?
            }
            Ok(Command::Contents(name)) if !buffer => {
                answer(repo, contents, &mut out, name, b"", &mut data)?
            }
            Ok(Command::Info(name)) => queue.push((false, name.to_vec())),
            Ok(Command::Contents(name)) => queue.push((true, name.to_vec())),
            Ok(Command::Flush) => {
                run_queue(&mut queue, &mut out, &mut data)?;
                out.flush()?;
                continue;
            }
            // what --buffer queued is dropped, as git dies before it runs the queue
            Err(msg) => {
                out.flush()?;
                return Err(CliError::Fatal(msg));
            }
        }
    }
    run_queue(&mut queue, &mut out, &mut data)?;
    crate::finish(out)
}

/// One `--batch-command` line.
enum Command<'a> {
    Info(&'a [u8]),
    Contents(&'a [u8]),
    Flush,
}

/// Parses one `--batch-command` line; git's complaint when it is not a command.
fn parse_command(line: &[u8], buffer: bool) -> Result<Command<'_>, String> {
    let shown = || String::from_utf8_lossy(line);
    match line.first() {
        None => return Err("empty command in input".into()),
        Some(b) if b.is_ascii_whitespace() => {
            return Err(format!("whitespace before command: '{}'", shown()))
        }
        Some(_) => {}
    }
    // as git: the first command the line starts with, whatever follows it
    for name in ["contents", "info", "flush"] {
        let Some(after) = line.strip_prefix(name.as_bytes()) else {
            continue;
        };
        if name == "flush" {
            if !after.is_empty() {
                return Err("flush takes no arguments".into());
            }
            if !buffer {
                return Err("flush is only for --buffer mode".into());
            }
            return Ok(Command::Flush);
        }
        let Some(object) = after.strip_prefix(b" ") else {
            return Err(format!("{name} requires arguments"));
        };
        return Ok(if name == "info" {
            Command::Info(object)
        } else {
            Command::Contents(object)
        });
    }
    Err(format!("unknown command: '{}'", shown()))
}

/// Reads one line (with its `delim`, if any) into `line`; false at the end of input.
///
/// With `flush`, whatever was written is flushed before waiting for more input, as git does
/// without `--buffer`: a process that writes a name and waits for the answer gets it, while
/// input that is already buffered is answered without a flush per line.
fn read_line(
    input: &mut io::BufReader<impl io::Read>,
    line: &mut Vec<u8>,
    delim: u8,
    mut flush: Option<&mut impl Write>,
) -> io::Result<bool> {
    line.clear();
    loop {
        if input.buffer().is_empty() {
            if let Some(out) = flush.as_mut() {
                out.flush()?;
            }
        }
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(!line.is_empty());
        }
        match available.iter().position(|&b| b == delim) {
            Some(at) => {
                line.extend_from_slice(&available[..=at]);
                input.consume(at + 1);
                return Ok(true);
            }
            None => {
                let n = available.len();
                line.extend_from_slice(available);
                input.consume(n);
            }
        }
    }
}

/// Prints one object's line (and contents); false when the object does not exist.
fn batch_one(
    odb: &Odb,
    format: &Format,
    out: &mut impl Write,
    id: &ObjectId,
    rest: &[u8],
    data: &mut Vec<u8>,
) -> Result<bool, CliError> {
    let location = if format.needs_location {
        odb.locate(id)?
    } else {
        None
    };
    let location = location.as_ref();
    if format.contents {
        let kind = match odb.try_read(id, data) {
            Ok(Some(kind)) => kind,
            Ok(None) => return Ok(false),
            Err(e) => return Err(unreadable_contents(odb, format, out, id, rest, location, e)),
        };
        format.write_line(out, id, kind, data.len() as u64, rest, location)?;
        out.write_all(data)?;
        out.write_all(&[format.delim])?;
    } else if format.needs_header {
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
    Ok(true)
}

/// The error for an object whose contents cannot be read. git looks at the header first and
/// prints the object's line before it fails on the contents, so when the header can still be
/// read that line comes out first.
fn unreadable_contents(
    odb: &Odb,
    format: &Format,
    out: &mut impl Write,
    id: &ObjectId,
    rest: &[u8],
    location: Option<&ObjectLocation>,
    error: gitstore::Error,
) -> CliError {
    let Ok(Some(header)) = odb.try_read_header(id) else {
        return error.into();
    };
    if let Err(e) = format
        .write_line(out, id, header.kind, header.size, rest, location)
        .and_then(|_| out.flush())
    {
        return e.into();
    }
    if header.kind == Kind::Blob {
        // git streams blobs and reports the failure of the stream
        eprintln!("error: {error}");
        return CliError::Fatal(format!("unable to stream {id} to stdout"));
    }
    error.into()
}
