//! What every layer's error is made of: [`Location`], where on disk a problem was found, and
//! [`strerror`], what the OS said in C's words. The bottom of the crate: it imports nothing
//! from it, so every layer's own error type can use it; [`crate::error`] re-exports both.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Where a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// Nowhere on disk (an in-memory buffer, stdin, an argument).
    Memory,
    /// A loose object file, a ref file, a config file, or any other file.
    File(PathBuf),
    /// An entry of a pack file, by its offset.
    Pack {
        /// The `.pack` file.
        path: PathBuf,
        /// Offset of the entry's header.
        offset: u64,
    },
    /// A line of a text file such as `packed-refs` or `config` (1-based).
    Line {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Memory => f.write_str("memory"),
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Pack { path, offset } => write!(f, "{} at offset {offset}", path.display()),
            Location::Line { path, line } => write!(f, "{} line {line}", path.display()),
        }
    }
}

/// What the OS said, as C's `strerror` says it (git's words): Rust's `io::Error` display
/// without its ` (os error N)` suffix.
pub fn strerror(e: &io::Error) -> String {
    let text = e.to_string();
    if let Some(at) = text.rfind(" (os error ") {
        let code = &text[at + 11..];
        if code
            .strip_suffix(')')
            .is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
        {
            return text[..at].to_string();
        }
    }
    text
}
