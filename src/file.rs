//! Opening files inside a repository without trusting what kind of file they are.
//!
//! Every path gitstore reads under a `.git` directory (loose objects, packs, indexes, refs,
//! `packed-refs`, reflogs, config, `HEAD`, alternates, `info/*`) goes through [`open`] or
//! [`read`]. A hostile or broken repository can put a FIFO, a socket, a device or a symbolic
//! link to one (`/dev/zero`, a pipe) where a regular file belongs; opening such a thing the usual
//! way blocks forever (a FIFO with no writer) or reads without end (`/dev/zero`). So the file is
//! opened with `O_NONBLOCK` (which opening a FIFO never waits on, and which changes nothing for a
//! regular file), and its type is checked on the open descriptor before one byte is read: a
//! file swapped between a check and the open cannot slip through.
//!
//! Directories pass: reading one fails with the system's own error, which callers already treat
//! (a directory where a ref file would be is how git nests refs).

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

/// Opens `path` for reading when it is a regular file (or a directory, or `/dev/null`, which
/// `GIT_CONFIG_GLOBAL=/dev/null` names), refusing anything else with
/// [`io::ErrorKind::InvalidInput`] without waiting on it.
pub fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(o_nonblock())
        .open(path)?;
    checked(file)
}

/// Opens `path` to append to it, creating it when missing (a reflog), with the same refusal as
/// [`open`]: a FIFO with no reader fails at once instead of waiting for one.
pub fn open_append(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .custom_flags(o_nonblock())
        .open(path)?;
    checked(file)
}

fn checked(file: File) -> io::Result<File> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if kind.is_file() || kind.is_dir() {
        return Ok(file);
    }
    let null = std::fs::metadata("/dev/null")?;
    if kind.is_char_device() && (meta.dev(), meta.ino()) == (null.dev(), null.ino()) {
        return Ok(file);
    }
    Err(not_regular())
}

/// The whole content of the regular file at `path` (see [`open`]).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open(path)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The error [`open`] answers for a FIFO, socket or device.
pub fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}

/// Whether `e` is the refusal [`open`] makes of a file that is not regular.
pub fn is_not_regular(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::InvalidInput && e.to_string() == "not a regular file"
}

/// `O_NONBLOCK` on Linux and the BSDs (the crate has no libc dependency).
fn o_nonblock() -> i32 {
    if cfg!(target_os = "linux") {
        0o4000
    } else {
        0x0004
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_zero_is_refused_without_reading() {
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert!(is_not_regular(&e), "{e}");
    }

    #[test]
    fn dev_null_reads_empty() {
        assert_eq!(read(Path::new("/dev/null")).unwrap(), b"");
    }
}
