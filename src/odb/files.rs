//! Files read as objects the way `git hash-object` reads them, and many files hashed at once.
//!
//! [`read_file`] follows git: a symbolic link is followed (hash-object hashes what it points
//! to), a directory is refused, and a file larger than the caller's in-memory limit is handed
//! back open, to be streamed.
//!
//! [`HashPaths`] is `hash-object --stdin-paths`: one path per line (C-quoted or not, LF or CR
//! LF), each file hashed — and deflated, when writing — on worker threads, the answers given
//! and the objects stored in input order, so a failure leaves exactly the objects git would
//! have left. Before it waits for more input it gives every answer it has, so a program
//! driving it line by line (a co-process) gets each answer before it sends the next path.

use super::{Odb, PreparedWrite};
use crate::hash::{hash_object, hash_reader};
use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::BString;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};

/// A file's content as [`read_file`] hands it back.
#[derive(Debug)]
pub enum FileContent {
    /// Read whole.
    Bytes(Vec<u8>),
    /// Too big to hold: the open file and its size, to stream.
    Open {
        /// The file, at its start.
        file: File,
        /// Its size in bytes.
        size: u64,
    },
}

/// A path that cannot be read as an object.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct FileError {
    /// The path as given.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: FileErrorKind,
}

/// What is wrong with a path [`read_file`] was given.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileErrorKind {
    /// It cannot be opened or read (git: `could not open '<path>' for reading`).
    #[error("cannot be read: {0}")]
    Open(#[source] io::Error),
    /// It is a directory (git: `Unable to hash <path>`, or `Unable to add <path> to database`).
    #[error("is a directory")]
    Directory,
}

/// Reads `path` as `hash-object` does: whole when it is at most `in_memory_limit` bytes (or a
/// symbolic link, whose target is read), else opened for streaming.
pub fn read_file(path: &Path, in_memory_limit: u64) -> Result<FileContent, FileError> {
    let fail = |kind| FileError {
        path: path.to_path_buf(),
        kind,
    };
    let meta = std::fs::symlink_metadata(path).map_err(|e| fail(FileErrorKind::Open(e)))?;
    if meta.is_dir() {
        return Err(fail(FileErrorKind::Directory));
    }
    if meta.file_type().is_symlink() || meta.len() <= in_memory_limit {
        return std::fs::read(path)
            .map(FileContent::Bytes)
            .map_err(|e| fail(FileErrorKind::Open(e)));
    }
    let file = File::open(path).map_err(|e| fail(FileErrorKind::Open(e)))?;
    Ok(FileContent::Open {
        file,
        size: meta.len(),
    })
}

/// Why one line of [`HashPaths`] input has no id.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PathLineError {
    /// A line that starts with `"` but is not a valid C-quoted string.
    #[error("line is badly quoted: {0}")]
    BadlyQuoted(BString),
    /// The file cannot be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// The object cannot be hashed or stored, or the input cannot be read.
    #[error(transparent)]
    Store(Box<super::Error>),
}

impl From<super::Error> for PathLineError {
    fn from(e: super::Error) -> Self {
        PathLineError::Store(Box::new(e))
    }
}

/// What [`HashPaths::run`] tells its caller, in order.
#[derive(Debug)]
pub enum Event {
    /// The answer for the next line.
    Answer(Result<ObjectId, PathLineError>),
    /// Every answer so far has been given and more input must be waited for (a caller that
    /// buffers its output flushes it now).
    Waiting,
}

/// `hash-object --stdin-paths`: paths read from lines, hashed on every core, answered in order
/// (see the [module docs](self)).
///
/// ```
/// use gitstore::odb::files::{Event, HashPaths};
/// use gitstore::Kind;
///
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a"), b"hello\n")?;
/// let lines = format!("{}\n", dir.path().join("a").display());
/// let mut ids = Vec::new();
/// HashPaths::new(Kind::Blob).run(&mut std::io::BufReader::new(lines.as_bytes()), |event| {
///     if let Event::Answer(answer) = event {
///         ids.push(answer?.to_string());
///     }
///     Ok::<_, gitstore::odb::files::PathLineError>(())
/// })?;
/// assert_eq!(ids, ["ce013625030ba8dba906f756967f9e9ca394464a"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct HashPaths<'a> {
    kind: Kind,
    write_to: Option<&'a Odb>,
    threads: usize,
    in_memory_limit: u64,
}

/// What a worker made of one line.
enum Done {
    Id(ObjectId),
    Prepared(PreparedWrite),
    Stream(File, u64),
    Failed(PathLineError),
}

impl<'a> HashPaths<'a> {
    /// Hashes files as objects of `kind`, writing nothing, on every core.
    pub fn new(kind: Kind) -> Self {
        HashPaths {
            kind,
            write_to: None,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            in_memory_limit: 32 << 20,
        }
    }

    /// Stores each object in `odb` as well (`-w`).
    pub fn write_to(mut self, odb: &'a Odb) -> Self {
        self.write_to = Some(odb);
        self
    }

    /// Hashes on `threads` worker threads (at least one).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Files larger than this are streamed, in order, instead of read whole (default 32 MiB).
    pub fn in_memory_limit(mut self, bytes: u64) -> Self {
        self.in_memory_limit = bytes;
        self
    }

    /// Reads paths from `input` to its end, calling `on_event` with each answer in input order
    /// (and [`Event::Waiting`] before waiting for input). Stops at the first error `on_event`
    /// returns, storing nothing for the lines after it; an error reading `input` is returned
    /// as [`PathLineError::Store`].
    pub fn run<R: Read, E: From<PathLineError>>(
        &self,
        input: &mut BufReader<R>,
        mut on_event: impl FnMut(Event) -> Result<(), E>,
    ) -> Result<(), E> {
        // Lines go to the workers in batches: one file is often less work than handing it over.
        let depth = self.threads * 2 * BATCH;
        let (job_tx, job_rx) = mpsc::sync_channel::<Vec<(u64, PathBuf)>>(self.threads * 2);
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|scope| {
            let (done_tx, done_rx) = mpsc::channel::<Vec<(u64, Done)>>();
            for _ in 0..self.threads {
                let (job_rx, done_tx) = (&job_rx, done_tx.clone());
                scope.spawn(move || loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(batch) = job else { return };
                    let done = batch
                        .into_iter()
                        .map(|(seq, path)| (seq, self.prepare(&path)))
                        .collect();
                    if done_tx.send(done).is_err() {
                        return;
                    }
                });
            }
            drop(done_tx);
            let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
            let (mut next, mut sent) = (0u64, 0u64);
            let mut line = Vec::new();
            let mut batch = Vec::with_capacity(BATCH);
            let mut give = |pending: &mut BTreeMap<u64, Done>,
                            next: &mut u64,
                            waiting: bool|
             -> Result<(), E> {
                while let Some(done) = pending.remove(next) {
                    *next += 1;
                    on_event(Event::Answer(self.finish(done)))?;
                }
                if waiting {
                    on_event(Event::Waiting)?;
                }
                Ok(())
            };
            loop {
                while let Ok(done) = done_rx.try_recv() {
                    pending.extend(done);
                }
                give(&mut pending, &mut next, false)?;
                // a read that may block waits for every answer in flight first
                let whole_line = input.buffer().contains(&b'\n');
                if !whole_line || sent - next >= depth as u64 {
                    if !batch.is_empty() && job_tx.send(std::mem::take(&mut batch)).is_err() {
                        break;
                    }
                    // waiting for input needs every answer; a full pipeline, room for more
                    let until = if whole_line {
                        sent - depth as u64 / 2
                    } else {
                        sent
                    };
                    while next < until {
                        let Ok(done) = done_rx.recv() else {
                            break;
                        };
                        pending.extend(done);
                        give(&mut pending, &mut next, false)?;
                    }
                    if !whole_line {
                        give(&mut pending, &mut next, true)?;
                    }
                }
                line.clear();
                let read = input
                    .read_until(b'\n', &mut line)
                    .map_err(|e| PathLineError::from(super::Error::io("<stdin>", e)))?;
                if read == 0 {
                    break;
                }
                strip_line_end(&mut line);
                let seq = sent;
                sent += 1;
                match unquote(&line) {
                    Some(path) => {
                        batch.push((seq, path));
                        if batch.len() == BATCH
                            && job_tx
                                .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                                .is_err()
                        {
                            break;
                        }
                    }
                    None => {
                        let bad = PathLineError::BadlyQuoted(line.clone().into());
                        pending.insert(seq, Done::Failed(bad));
                    }
                }
            }
            if !batch.is_empty() {
                let _ = job_tx.send(batch);
            }
            drop(job_tx);
            while next < sent {
                match done_rx.recv() {
                    Ok(done) => {
                        pending.extend(done);
                    }
                    Err(_) => break,
                }
                give(&mut pending, &mut next, false)?;
            }
            give(&mut pending, &mut next, false)
        })
    }

    /// The part of one line's work done on a worker: read, hash, deflate.
    fn prepare(&self, path: &Path) -> Done {
        let data = match read_file(path, self.in_memory_limit) {
            Ok(FileContent::Bytes(data)) => data,
            Ok(FileContent::Open { file, size }) => return Done::Stream(file, size),
            Err(e) => return Done::Failed(e.into()),
        };
        let made = match self.write_to {
            Some(odb) => odb.prepare_write(self.kind, &data).map(Done::Prepared),
            None => hash_object(self.kind, &data)
                .map(Done::Id)
                .map_err(super::Error::from),
        };
        made.unwrap_or_else(|e| Done::Failed(e.into()))
    }

    /// The part done in order: store, or stream a big file.
    fn finish(&self, done: Done) -> Result<ObjectId, PathLineError> {
        Ok(match done {
            Done::Id(id) => id,
            Done::Prepared(p) => match self.write_to {
                Some(odb) => odb.finish_write(&p)?,
                None => p.id(),
            },
            Done::Stream(mut file, size) => match self.write_to {
                Some(odb) => odb.write_stream(self.kind, size, &mut file)?,
                None => hash_reader(self.kind, size, &mut file)
                    .map_err(|e| super::Error::io("<stream>", e))?,
            },
            Done::Failed(e) => return Err(e),
        })
    }
}

/// Lines handed to a worker at once.
const BATCH: usize = 8;

/// git's `strbuf_getline`: the newline, and a carriage return before it.
fn strip_line_end(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
}

/// A path line, C-quoted or not; as git's `unquote_c_style` without an end pointer, whatever
/// follows the closing quote is ignored.
fn unquote(line: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = if line.first() == Some(&b'"') {
        super::alternates::unquote_c_prefix(line)?
    } else {
        line.to_vec()
    };
    Some(std::ffi::OsStr::from_bytes(&bytes).into())
}
