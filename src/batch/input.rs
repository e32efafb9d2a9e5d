//! Input lines: how git reads them, the name and `%(rest)` in them, and `--batch-command`'s
//! commands.

use bstr::BString;

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
    /// `flush` without [`super::Options::buffer`].
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

/// A line as git's `strbuf_getline` leaves it, seen as a C string: without its delimiter (and
/// the CR before an LF), and ending at its first NUL.
pub(super) fn trim_line(line: &[u8], delim: u8) -> &[u8] {
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
pub(super) fn split_rest(line: &[u8]) -> (&[u8], &[u8]) {
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
pub(super) enum Command<'a> {
    /// `info <name>` or `contents <name>`.
    Object {
        contents: bool,
        name: &'a [u8],
    },
    Flush,
}

/// Parses one `--batch-command` line as git does: the first command the line starts with,
/// whatever follows it.
pub(super) fn parse_command(line: &[u8], buffer: bool) -> Result<Command<'_>, CommandError> {
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
