//! The revisions `rev-list --stdin` reads (git's `read_revisions_from_stdin`), one a line, a
//! `\r` before the newline dropped:
//!
//! ```text
//! <revision>            a tip, as on the command line
//! --not, --all, --branches[=GLOB], --tags[=GLOB], --remotes[=GLOB], --glob=GLOB,
//! --exclude=GLOB        the pseudo options, as on the command line
//! --end-of-options      what follows is a revision even if it starts with `-`
//! (empty line)          the end of the revisions
//! --                    the end of the revisions; every line after it is a path
//! ```
//!
//! Any other line starting with `-` is refused. [`StdinRevisions`] reads the lines one by one
//! and says what each is; walking them is the caller's.

use super::RefSelection;

/// What one line of `rev-list --stdin` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StdinLine<'a> {
    /// The empty line that ends the input: stop reading.
    End,
    /// `--`: every line after it is a [`StdinLine::Path`].
    PathsFollow,
    /// A path after `--`.
    Path(&'a [u8]),
    /// `--end-of-options`: nothing to do.
    EndOfOptions,
    /// A pseudo option: `--not`, a [`RefSelection`] option or `--exclude=GLOB`.
    PseudoOption(&'a [u8]),
    /// Another line starting with `-` (git: `invalid option '…' in --stdin mode`).
    InvalidOption(&'a [u8]),
    /// A revision.
    Revision(&'a [u8]),
}

/// Reads `rev-list --stdin` a line at a time, remembering `--end-of-options` and `--`.
#[derive(Debug, Clone, Default)]
pub struct StdinRevisions {
    end_of_options: bool,
    in_paths: bool,
}

impl StdinRevisions {
    /// A reader at the start of the input.
    pub fn new() -> StdinRevisions {
        StdinRevisions::default()
    }

    /// What `line` (without its newline) is, given the lines before it.
    ///
    /// ```
    /// use gitstore::history::walk::{StdinLine, StdinRevisions};
    /// let mut input = StdinRevisions::new();
    /// assert_eq!(input.line(b"main\r"), StdinLine::Revision(b"main"));
    /// assert_eq!(input.line(b"--not"), StdinLine::PseudoOption(b"--not"));
    /// assert_eq!(input.line(b"--"), StdinLine::PathsFollow);
    /// assert_eq!(input.line(b"--not"), StdinLine::Path(b"--not"));
    /// ```
    pub fn line<'a>(&mut self, line: &'a [u8]) -> StdinLine<'a> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if self.in_paths {
            return StdinLine::Path(line);
        }
        if line.is_empty() {
            return StdinLine::End;
        }
        if line == b"--" {
            self.in_paths = true;
            return StdinLine::PathsFollow;
        }
        if !self.end_of_options && line.starts_with(b"-") {
            if line == b"--end-of-options" {
                self.end_of_options = true;
                return StdinLine::EndOfOptions;
            }
            if line == b"--not"
                || RefSelection::from_option(line).is_some()
                || line.starts_with(b"--exclude=")
            {
                return StdinLine::PseudoOption(line);
            }
            return StdinLine::InvalidOption(line);
        }
        StdinLine::Revision(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_refused_until_end_of_options() {
        let mut input = StdinRevisions::new();
        assert_eq!(input.line(b"--bogus"), StdinLine::InvalidOption(b"--bogus"));
        assert_eq!(
            input.line(b"--branches=x*"),
            StdinLine::PseudoOption(b"--branches=x*")
        );
        assert_eq!(
            input.line(b"--exclude=a"),
            StdinLine::PseudoOption(b"--exclude=a")
        );
        assert_eq!(input.line(b"--end-of-options"), StdinLine::EndOfOptions);
        assert_eq!(input.line(b"--bogus"), StdinLine::Revision(b"--bogus"));
        assert_eq!(input.line(b"--"), StdinLine::PathsFollow);
    }

    #[test]
    fn an_empty_line_ends_the_revisions_but_not_the_paths() {
        let mut input = StdinRevisions::new();
        assert_eq!(input.line(b"\r"), StdinLine::End);
        let mut input = StdinRevisions::new();
        assert_eq!(input.line(b"--"), StdinLine::PathsFollow);
        assert_eq!(input.line(b""), StdinLine::Path(b""));
        assert_eq!(input.line(b"a\r"), StdinLine::Path(b"a"));
    }
}
