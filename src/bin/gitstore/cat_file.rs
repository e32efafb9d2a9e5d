//! `gitstore cat-file (-t | -s | -e | -p) OBJECT`, `gitstore cat-file TYPE OBJECT`,
//! `gitstore cat-file (--batch | --batch-check | --batch-command)[=FORMAT] [-z | -Z] [--[no-]buffer]
//! [--batch-all-objects [--unordered]]`

use crate::{stdout, CliError, CliResult, Context};
use bstr::BString;
use gitstore::batch::{Batch, BatchError, CommandError, FormatError, Mode, Note, Options};
use gitstore::{Kind, ObjectId, Repository};
use std::io::{self, Write};

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
    #[arg(long, overrides_with = "no_buffer")]
    buffer: bool,
    /// Flush after each answer (the default but with --batch-all-objects).
    #[arg(long = "no-buffer", overrides_with = "buffer")]
    no_buffer: bool,
    /// With a batch mode: names on stdin end with NUL instead of LF.
    #[arg(short = 'z')]
    nul_input: bool,
    /// With a batch mode: names on stdin and lines on stdout end with NUL.
    #[arg(short = 'Z')]
    nul_both: bool,
    /// With -t or -s: show the type name or size of a loose object of any type.
    #[arg(long = "allow-unknown-type", overrides_with = "no_allow_unknown_type")]
    allow_unknown_type: bool,
    #[arg(
        long = "no-allow-unknown-type",
        hide = true,
        overrides_with = "allow_unknown_type"
    )]
    no_allow_unknown_type: bool,
    /// With --batch-check: each answer as one JSON object a line (schema
    /// `gitstore.cat-file/1`, see `gitstore::batch::json`).
    #[arg(long)]
    json: bool,
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
            (args.buffer || args.no_buffer, "--buffer"),
            (args.all_objects, "--batch-all-objects"),
            (args.nul_input, "-z"),
            (args.nul_both, "-Z"),
        ] {
            if given {
                return Err(usage_msg(&format!("'{name}' requires a batch mode")));
            }
        }
        if args.json {
            return Err(usage_msg("'--json' takes --batch-check without a format"));
        }
    }
    if let Some(format) = batch_format {
        if let Some(c) = mode {
            return Err(usage_msg(&format!(
                "'-{c}' is incompatible with batch mode"
            )));
        }
        if !args.args.is_empty() {
            return Err(usage_msg("batch modes take no arguments"));
        }
        if args.json && (args.batch_check.is_none() || format.is_some()) {
            return Err(usage_msg("'--json' takes --batch-check without a format"));
        }
        let repo = ctx.repo()?;
        if args.follow_symlinks {
            return Err(CliError::Fatal(
                "--follow-symlinks is not supported by gitstore".into(),
            ));
        }
        let batch_mode = if args.batch.is_some() {
            Mode::Contents
        } else if args.batch_command.is_some() && !args.all_objects {
            Mode::Command
        } else {
            Mode::Info
        };
        // the top of the work tree, as git's lookup takes it, if the directory is unknown
        let prefix = match std::env::current_dir() {
            Ok(cwd) => repo.prefix_of(&cwd),
            Err(_) => Some(BString::default()),
        };
        let options = Options {
            mode: batch_mode,
            format: format.as_deref().map(BString::from),
            buffer: args.buffer,
            nul_input: args.nul_input || args.nul_both,
            nul_output: args.nul_both,
            prefix,
            json: args.json,
        };
        return batch(&repo, options, args.all_objects.then_some(args.unordered));
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
    if args.allow_unknown_type && !args.no_allow_unknown_type && !(args.kind || args.size) {
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
        let no_info = || CliError::Fatal("git cat-file: could not get object info".into());
        let found = match args.allow_unknown_type && !args.no_allow_unknown_type {
            true => odb.read_raw_header(&id),
            false => odb.try_read_header(&id).map(|h| h.map(Into::into)),
        };
        let header = match found {
            Ok(header) => header.ok_or_else(no_info)?,
            Err(e) => match e.loose_header_damage() {
                Some(damage) => {
                    report_note(&repo, Note::DamagedHeader { id: &id, damage });
                    return Err(no_info());
                }
                None => return Err(e.into()),
            },
        };
        if args.kind {
            out.write_all(&header.type_name)?;
            writeln!(out)?;
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
    let header = match odb.try_read_header(&id) {
        Ok(header) => header,
        // git reports a damaged loose header and takes the object as missing
        Err(e) => match e.loose_header_damage() {
            Some(damage) => {
                report_note(&repo, Note::DamagedHeader { id: &id, damage });
                None
            }
            None => return Err(e.into()),
        },
    };
    if header.is_none() {
        return Err(CliError::Fatal(format!("Not a valid object name {name}")));
    }
    if header.map(|h| h.kind) == Some(Kind::Blob) {
        return stream_blob(odb, &id, out);
    }
    let mut data = Vec::new();
    let kind = odb.try_read(&id, &mut data)?.ok_or_else(|| {
        CliError::Fatal(match header {
            None => format!("Not a valid object name {name}"),
            // known but unreadable (a damaged copy): git's ls-tree, or its read, fails
            Some(h) if h.kind == Kind::Tree => "not a tree object".to_string(),
            Some(_) => format!("Cannot read object {name}"),
        })
    })?;
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

/// Runs a batch mode over stdin (or over every object, `Some(unordered)`), rendering what
/// git says on stderr on the way and what it dies of in git's words.
fn batch(repo: &Repository, options: Options, all_objects: Option<bool>) -> CliResult {
    let mut batch = Batch::new(repo, options).map_err(batch_error)?;
    batch.on_note(|note| report_note(repo, note));
    let mut out = stdout();
    let done = match all_objects {
        Some(unordered) => batch.write_all_objects(unordered, &mut out),
        None => {
            let input = io::BufReader::with_capacity(64 * 1024, io::stdin().lock());
            batch.run(input, &mut out)
        }
    };
    done.map_err(batch_error)
}

/// git's words for what stops a batch.
fn batch_error(e: BatchError) -> CliError {
    match e {
        BatchError::Format(FormatError::Unterminated { element }) => CliError::Fatal(format!(
            "bad cat-file format: element '{element}' does not end in ')'"
        )),
        BatchError::Format(FormatError::UnknownAtom { atom }) => {
            CliError::Fatal(format!("bad cat-file format: %({atom})"))
        }
        BatchError::Command(e) => CliError::Fatal(match e {
            CommandError::Empty => "empty command in input".into(),
            CommandError::LeadingWhitespace { line } => {
                format!("whitespace before command: '{line}'")
            }
            CommandError::FlushWithArguments => "flush takes no arguments".into(),
            CommandError::FlushWithoutBuffer => "flush is only for --buffer mode".into(),
            CommandError::MissingName { command } => format!("{command} requires arguments"),
            CommandError::Unknown { line } => format!("unknown command: '{line}'"),
            other => other.to_string(),
        }),
        BatchError::Io(e) => CliError::Output(e),
        // what git dies of inside get_oid, a relative path outside the work tree
        BatchError::Object(gitstore::Error::Revision(e)) => {
            CliError::Fatal(crate::revarg::fatal_message(&e))
        }
        BatchError::Unstreamable { source, .. }
            if matches!(*source, gitstore::Error::DamagedObject(_)) =>
        {
            (*source).into()
        }
        BatchError::Object(gitstore::Error::DamagedObject(e)) => {
            CliError::Fatal(format!("object {} disappeared", e.id))
        }
        BatchError::Unstreamable { id, source } => {
            // git streams blobs and reports the failure of the stream
            eprintln!("error: {source}");
            CliError::Fatal(format!("unable to stream {id} to stdout"))
        }
        BatchError::Object(e) => e.into(),
        other => gitstore::Error::from(other).into(),
    }
}

/// Prints what git says on stderr while it answers: the resolver's diagnostics, and for a
/// loose object whose header cannot be read, what is wrong with it (git then takes the object
/// as missing and goes on).
fn report_note(repo: &Repository, note: Note<'_>) {
    use gitstore::error::HeaderDamage;
    let Note::DamagedHeader { id, damage } = note else {
        if let Note::Resolve(d) = note {
            crate::revarg::print(repo, d);
        }
        return;
    };
    match damage {
        HeaderDamage::Empty => {
            let path = match repo.odb().loose() {
                Some(loose) => loose.path_of(id),
                None => return,
            };
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
}
