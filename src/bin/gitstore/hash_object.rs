//! `gitstore hash-object [-w] [-t TYPE] [--stdin] [--stdin-paths] [--literally] [FILE...]`

use crate::{stdout, CliError, CliResult, Context};
use gitstore::fsck;
use gitstore::hash::hash_reader;
use gitstore::odb::files::{Event, HashPaths, PathLineError};
use gitstore::odb::{read_file, FileContent, FileError, FileErrorKind, Odb};
use gitstore::{Kind, ObjectId};
use std::ffi::OsString;
use std::io::{self, BufRead, Read, Seek, Write};
use std::path::Path;

/// Input read from stdin is kept in memory up to this size, then spilled to a temp file.
const STDIN_IN_MEMORY: usize = 32 << 20;

/// Arguments of `hash-object`.
#[derive(clap::Args)]
pub struct Args {
    /// Actually write the object into the object database.
    #[arg(short = 'w')]
    write: bool,
    /// The object type (default: blob); with --literally, any name.
    #[arg(short = 't', value_name = "TYPE", default_value = "blob")]
    kind: OsString,
    /// Read the object from standard input.
    #[arg(long)]
    stdin: bool,
    /// Read file names from standard input, one per line.
    #[arg(long = "stdin-paths")]
    stdin_paths: bool,
    /// Hash any garbage, even objects that would not pass fsck.
    #[arg(long)]
    literally: bool,
    /// Hash the contents as is (gitstore applies no filters anyway).
    #[arg(long = "no-filters")]
    no_filters: bool,
    /// Process the file as if it were at this path (no effect without filters).
    #[arg(long, value_name = "PATH")]
    path: Option<String>,
    /// Files to hash.
    files: Vec<OsString>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    use std::os::unix::ffi::OsStrExt;
    let type_name = args.kind.as_bytes();
    let kind = match Kind::from_bytes(type_name) {
        Some(kind) => Type::Known(kind),
        None if args.literally => Type::Literal(type_name),
        None => {
            let mut err = io::stderr().lock();
            let _ = err.write_all(b"fatal: invalid object type \"");
            let _ = err.write_all(type_name);
            let _ = err.write_all(b"\"\n");
            return Err(CliError::Exit(128));
        }
    };
    if args.stdin_paths && args.stdin {
        return Err(CliError::Usage(
            "Can't use --stdin-paths with --stdin".into(),
        ));
    }
    if args.stdin_paths && !args.files.is_empty() {
        return Err(CliError::Usage(
            "Can't specify files with --stdin-paths".into(),
        ));
    }
    let repo = if args.write {
        Some(ctx.repo()?)
    } else {
        ctx.try_repo()?
    };
    let odb = repo.as_ref().map(|r| r.odb());
    let hasher = Hasher {
        odb: if args.write { odb } else { None },
        lookup: odb,
        kind,
        check: !args.literally && kind != Type::Known(Kind::Blob),
    };
    let mut out = stdout();
    if args.stdin {
        let id = hasher.stdin()?;
        writeln!(out, "{id}")?;
    }
    for file in &args.files {
        let id = hasher.file(Path::new(file))?;
        writeln!(out, "{id}")?;
    }
    if args.stdin_paths {
        let mut input = io::BufReader::with_capacity(64 * 1024, io::stdin().lock());
        hasher.paths(&mut input, &mut out)?;
    }
    crate::finish(out)
}

impl From<PathLineError> for CliError {
    fn from(e: PathLineError) -> Self {
        gitstore::Error::from(e).into()
    }
}

/// The `-t` type: one of the four kinds, or (with `--literally`) any name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Type<'a> {
    Known(Kind),
    Literal(&'a [u8]),
}

struct Hasher<'a> {
    /// Where objects are written (with `-w`).
    odb: Option<&'a Odb>,
    /// Where the checks look objects up (the repository, if there is one).
    lookup: Option<&'a Odb>,
    kind: Type<'a>,
    check: bool,
}

impl Hasher<'_> {
    fn bytes(&self, data: &[u8]) -> Result<ObjectId, CliError> {
        let kind = match self.kind {
            Type::Known(kind) => kind,
            Type::Literal(name) => {
                return Ok(match self.odb {
                    Some(odb) => odb.write_literally(name, data)?,
                    None => gitstore::hash::hash_literally(name, data)
                        .map_err(|e| CliError::Fatal(e.to_string()))?,
                })
            }
        };
        if self.check {
            check_object(kind, data, self.lookup)?;
        }
        Ok(match self.odb {
            Some(odb) => odb.write(kind, data)?,
            None => gitstore::hash::hash_object(kind, data)
                .map_err(|e| CliError::Fatal(e.to_string()))?,
        })
    }

    fn stream(&self, size: u64, reader: &mut dyn Read) -> Result<ObjectId, CliError> {
        let Type::Known(kind) = self.kind else {
            let mut data = Vec::new();
            reader.take(size).read_to_end(&mut data)?;
            return self.bytes(&data);
        };
        Ok(match self.odb {
            Some(odb) => odb.write_stream(kind, size, reader)?,
            None => hash_reader(kind, size, reader).map_err(|e| CliError::Fatal(e.to_string()))?,
        })
    }

    fn file(&self, path: &Path) -> Result<ObjectId, CliError> {
        let limit = if self.check {
            u64::MAX
        } else {
            STDIN_IN_MEMORY as u64
        };
        match read_file(path, limit).map_err(|e| self.file_error(&e))? {
            FileContent::Bytes(data) => self.bytes(&data),
            FileContent::Open { mut file, size } => self.stream(size, &mut file),
        }
    }

    /// `--stdin-paths`: a blob or other kind without checks is hashed on every core by the
    /// library; anything else a line at a time here. Answers are flushed whenever more input
    /// must be waited for, so a program driving hash-object line by line gets each answer.
    fn paths(
        &self,
        input: &mut io::BufReader<io::StdinLock<'_>>,
        out: &mut impl Write,
    ) -> CliResult {
        let Type::Known(kind) = self.kind else {
            return self.paths_one_by_one(input, out);
        };
        if self.check {
            return self.paths_one_by_one(input, out);
        }
        let mut hash = HashPaths::new(kind).in_memory_limit(STDIN_IN_MEMORY as u64);
        if let Some(odb) = self.odb {
            hash = hash.write_to(odb);
        }
        hash.run(input, |event| match event {
            Event::Answer(Ok(id)) => Ok(writeln!(out, "{id}")?),
            Event::Answer(Err(PathLineError::File(e))) => Err(self.file_error(&e)),
            Event::Answer(Err(PathLineError::BadlyQuoted(_))) => {
                Err(CliError::Fatal("line is badly quoted".into()))
            }
            Event::Answer(Err(e)) => Err(e.into()),
            Event::Waiting => Ok(out.flush()?),
        })
    }

    fn paths_one_by_one(
        &self,
        input: &mut io::BufReader<io::StdinLock<'_>>,
        out: &mut impl Write,
    ) -> CliResult {
        let mut line = Vec::new();
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            // git's strbuf_getline: the newline, and a carriage return before it
            if line.last() == Some(&b'\n') {
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
            }
            let name = unquote_path(&line)?;
            let id = self.file(Path::new(&name))?;
            writeln!(out, "{id}")?;
            if !input.buffer().contains(&b'\n') {
                out.flush()?;
            }
        }
        Ok(())
    }

    /// git's words for a path that cannot be hashed.
    fn file_error(&self, e: &FileError) -> CliError {
        let path = e.path.display();
        CliError::Fatal(match &e.kind {
            // git opens a directory fine, then cannot index it
            FileErrorKind::Directory if self.odb.is_some() => {
                format!("Unable to add {path} to database")
            }
            FileErrorKind::Directory => format!("Unable to hash {path}"),
            FileErrorKind::Open(io) => format!(
                "could not open '{path}' for reading: {}",
                gitstore::error::strerror(io)
            ),
            _ => e.to_string(),
        })
    }

    fn stdin(&self) -> Result<ObjectId, CliError> {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut data = Vec::new();
        (&mut input)
            .take(STDIN_IN_MEMORY as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|e| {
                CliError::Fatal(format!(
                    "could not read from stdin: {}",
                    gitstore::error::strerror(&e)
                ))
            })?;
        if data.len() <= STDIN_IN_MEMORY || self.check {
            if self.check {
                input.read_to_end(&mut data)?;
            }
            return self.bytes(&data);
        }
        // too big to hold: spill to a temp file, then stream it
        let mut spill = tempfile::tempfile()
            .map_err(|e| CliError::Fatal(format!("cannot create a temp file: {e}")))?;
        spill.write_all(&data)?;
        drop(data);
        io::copy(&mut input, &mut spill)?;
        let size = spill.stream_position()?;
        spill.rewind()?;
        let mut reader = io::BufReader::new(spill);
        self.stream(size, &mut reader)
    }
}

/// Refuses what git's `hash-object` refuses without `--literally`: git's fsck checks, strict,
/// every problem reported failing (git's `hash_format_check_report`), no `fsck.<msgId>` config.
/// Then, as git's `fsck_finish`, the `.gitmodules` and `.gitattributes` blobs a tree names are
/// read from `odb` and checked; what that finds is printed but refuses nothing.
fn check_object(kind: Kind, data: &[u8], odb: Option<&Odb>) -> Result<(), CliError> {
    let options = fsck::Options::strict();
    let mut stderr = io::stderr().lock();
    let mut print = |problem: &fsck::Problem| {
        let mut line = Vec::new();
        if let Some(cause) = problem.cause {
            line.extend_from_slice(format!("error: {cause}\n").as_bytes());
        }
        line.extend_from_slice(b"error: object fails fsck: ");
        line.extend_from_slice(&problem.to_bstring());
        line.push(b'\n');
        let _ = stderr.write_all(&line);
        true
    };
    let check = fsck::check_object(kind, data, &options, &mut print);
    if check.failed {
        return Err(CliError::Fatal(
            "refusing to create malformed object".into(),
        ));
    }
    let mut read = |id: &ObjectId| {
        let mut buf = Vec::new();
        match odb?.try_read(id, &mut buf) {
            Ok(Some(kind)) => Some((kind, buf)),
            _ => None,
        }
    };
    fsck::check_found_blobs(&check.found, &mut read, &options, &mut print);
    Ok(())
}

/// `--stdin-paths` lines may be C-quoted, as git writes paths; as git's `unquote_c_style`
/// without an end pointer, whatever follows the closing quote is ignored.
fn unquote_path(line: &[u8]) -> Result<std::path::PathBuf, CliError> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = if line.first() == Some(&b'"') {
        gitstore::odb::alternates::unquote_c_prefix(line)
            .ok_or_else(|| CliError::Fatal("line is badly quoted".into()))?
    } else {
        line.to_vec()
    };
    Ok(std::ffi::OsStr::from_bytes(&bytes).into())
}
