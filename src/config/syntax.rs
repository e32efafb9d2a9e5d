//! The config file reader proper: a transcription of git's `config.c` (`git_parse_source`,
//! `get_value`, `parse_value`, `get_base_var`), pure over bytes, reporting the line git reports.

use super::*;

/// git's `isspace`: space, tab, newline, carriage return (not `\v`, `\f`).
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

pub(super) fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// A byte reader with git's `get_next_char` semantics: `\r\n` reads as `\n`, end of input
/// reads as `\n` (and sets `eof`), and `line` counts the newlines consumed (starting at 1).
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    eof: bool,
}

impl Reader<'_> {
    fn next(&mut self) -> u8 {
        let c = match self.bytes.get(self.pos) {
            None => {
                self.eof = true;
                self.line += 1;
                return b'\n';
            }
            Some(&c) => c,
        };
        self.pos += 1;
        let c = if c == b'\r' && self.bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
            b'\n'
        } else {
            c
        };
        if c == b'\n' {
            self.line += 1;
        }
        c
    }
}

/// A parse failure: the line git would report and what was wrong.
pub(super) type Failure = (usize, &'static str);

/// The reader proper: calls `emit(entry, line)` for every entry in order.
pub(super) fn parse_entries(
    bytes: &[u8],
    emit: &mut dyn FnMut(Entry, usize),
) -> Result<(), Failure> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let mut r = Reader {
        bytes,
        pos: 0,
        line: 1,
        eof: false,
    };
    let mut bom_at = Some(0usize);
    let mut comment = false;
    // The current section ("" before any header) and subsection.
    let mut section: BString = BString::default();
    let mut subsection: Option<BString> = None;
    let mut value = Vec::new();
    loop {
        let c = r.next();
        if let Some(at) = bom_at {
            match BOM.get(at) {
                Some(&b) if b == c => {
                    bom_at = Some(at + 1);
                    continue;
                }
                Some(_) if at > 0 => return Err((r.line, "incomplete byte order mark")),
                _ => bom_at = None,
            }
        }
        if c == b'\n' {
            if r.eof {
                return Ok(());
            }
            comment = false;
            continue;
        }
        if comment || is_space(c) {
            continue;
        }
        if c == b'#' || c == b';' {
            comment = true;
            continue;
        }
        if c == b'[' {
            let mut name = Vec::new();
            read_section_header(&mut r, &mut name)?;
            if name.is_empty() {
                return Err((r.line, "empty section name"));
            }
            match name.find_byte(b'.') {
                Some(dot) => {
                    section = name.get(..dot).unwrap_or_default().into();
                    subsection = Some(name.get(dot + 1..).unwrap_or_default().into());
                }
                None => {
                    section = name.into();
                    subsection = None;
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            return Err((r.line, "a key must start with a letter"));
        }
        let mut key = vec![c.to_ascii_lowercase()];
        let mut c = r.next();
        while !r.eof && is_key_char(c) {
            key.push(c.to_ascii_lowercase());
            c = r.next();
        }
        while c == b' ' || c == b'\t' {
            c = r.next();
        }
        let mut has_value = false;
        if c != b'\n' {
            if c != b'=' {
                return Err((r.line, "invalid character in key, or '=' missing"));
            }
            parse_value(&mut r, &mut value)?;
            has_value = true;
        }
        emit(
            Entry {
                section: section.clone(),
                subsection: subsection.clone(),
                key: key.into(),
                value: has_value.then(|| BString::from(value.as_slice())),
            },
            // The newline ending the entry has been consumed already.
            r.line.saturating_sub(1),
        );
    }
}

/// After `[`: reads up to and including `]` (git's `get_base_var` and `get_extended_base_var`).
/// Writes the lower-cased section name, and for `[section "sub"]` a `.` and the subsection.
pub(super) fn read_section_header(r: &mut Reader<'_>, name: &mut Vec<u8>) -> Result<(), Failure> {
    let mut c;
    loop {
        c = r.next();
        if r.eof {
            return Err((r.line, "unterminated section header"));
        }
        if c == b']' {
            return Ok(());
        }
        if is_space(c) {
            break;
        }
        if !is_key_char(c) && c != b'.' {
            return Err((r.line, "invalid character in section name"));
        }
        name.push(c.to_ascii_lowercase());
    }
    let incomplete = |r: &Reader<'_>| (r.line.saturating_sub(1), "incomplete section header");
    loop {
        if c == b'\n' {
            return Err(incomplete(r));
        }
        c = r.next();
        if !is_space(c) {
            break;
        }
    }
    if c != b'"' {
        return Err((r.line, "expected '\"' before the subsection name"));
    }
    name.push(b'.');
    loop {
        let mut c = r.next();
        if c == b'\n' {
            return Err(incomplete(r));
        }
        if c == b'"' {
            break;
        }
        if c == b'\\' {
            c = r.next();
            if c == b'\n' {
                return Err(incomplete(r));
            }
        }
        name.push(c);
    }
    if r.next() != b']' {
        return Err((r.line, "expected ']' after the subsection name"));
    }
    Ok(())
}

/// After `=`: reads the value up to the end of its (last continued) line (git's `parse_value`).
pub(super) fn parse_value(r: &mut Reader<'_>, value: &mut Vec<u8>) -> Result<(), Failure> {
    value.clear();
    let mut quote = false;
    let mut comment = false;
    let mut trim_len = 0;
    loop {
        let mut c = r.next();
        if c == b'\n' {
            if quote {
                return Err((r.line.saturating_sub(1), "unterminated quoted value"));
            }
            if trim_len > 0 {
                value.truncate(trim_len);
            }
            return Ok(());
        }
        if comment {
            continue;
        }
        if is_space(c) && !quote {
            if trim_len == 0 {
                trim_len = value.len();
            }
            if !value.is_empty() {
                value.push(c);
            }
            continue;
        }
        if !quote && (c == b';' || c == b'#') {
            comment = true;
            continue;
        }
        trim_len = 0;
        if c == b'\\' {
            c = match r.next() {
                b'\n' => continue,
                b't' => b'\t',
                b'b' => 0x08,
                b'n' => b'\n',
                c @ (b'\\' | b'"') => c,
                _ => return Err((r.line, "unknown escape sequence in value")),
            };
            value.push(c);
            continue;
        }
        if c == b'"' {
            quote = !quote;
            continue;
        }
        value.push(c);
    }
}
