//! The text of a commit as the pretty formats see it: re-encoded to UTF-8 the way git's
//! `repo_logmsg_reencode` does, split into header lines, subject and body by git's rules
//! (`format_subject`, `skip_blank_lines`), and tabs expanded by display width.

use bstr::ByteSlice;
use std::borrow::Cow;

/// git's own `isspace`: space, tab, newline, carriage return.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `s` without trailing [`is_space`] bytes (git's `strbuf_rtrim`).
pub(crate) fn rtrim(s: &[u8]) -> &[u8] {
    let end = s.iter().rposition(|&b| !is_space(b)).map_or(0, |p| p + 1);
    &s[..end]
}

/// git's `get_one_line`: the length of the first line of `s`, its newline included.
fn one_line(s: &[u8]) -> usize {
    s.find_byte(b'\n').map_or(s.len(), |i| i + 1)
}

/// The lines of `s`, each with its newline (the last may have none).
pub(crate) fn lines_with_ends(mut s: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        if s.is_empty() {
            return None;
        }
        let (line, rest) = s.split_at(one_line(s));
        s = rest;
        Some(line)
    })
}

/// git's `skip_blank_lines`: `msg` after its leading lines of only whitespace.
pub(crate) fn skip_blank_lines(msg: &[u8]) -> &[u8] {
    let mut at = 0;
    for line in lines_with_ends(msg) {
        if !rtrim(line).is_empty() {
            break;
        }
        at += line.len();
    }
    &msg[at..]
}

/// git's `format_subject`: the first paragraph's lines, each without trailing whitespace,
/// joined with `separator`; and the rest of `msg`, after the blank line that ends it.
pub(crate) fn subject<'m>(msg: &'m [u8], separator: &[u8]) -> (Vec<u8>, &'m [u8]) {
    let mut out = Vec::new();
    let mut at = 0;
    let mut first = true;
    for line in lines_with_ends(msg) {
        at += line.len();
        let text = rtrim(line);
        if text.is_empty() {
            break;
        }
        if !first {
            out.extend_from_slice(separator);
        }
        out.extend_from_slice(text);
        first = false;
    }
    (out, &msg[at.min(msg.len())..])
}

/// The message of a commit as git's user formats split it: the subject (first paragraph, lines
/// joined by spaces) and the body (after the blank lines that follow it).
pub(crate) fn subject_and_body(message: &[u8]) -> (Vec<u8>, &[u8]) {
    let (subject, rest) = subject(skip_blank_lines(message), b" ");
    (subject, skip_blank_lines(rest))
}

/// The header part (up to, not including, the blank line) and the message of a commit buffer;
/// the message is empty when there is no blank line.
pub(crate) fn split_commit(buf: &[u8]) -> (&[u8], &[u8]) {
    let mut at = 0;
    for line in lines_with_ends(buf) {
        if line == b"\n" {
            return (&buf[..at], &buf[at + 1..]);
        }
        at += line.len();
    }
    (buf, &[])
}

/// The value of the first `encoding` header (git's `get_header`), and the header line's range.
fn encoding_header(buf: &[u8]) -> Option<(&[u8], std::ops::Range<usize>)> {
    let (headers, _) = split_commit(buf);
    let mut at = 0;
    for line in lines_with_ends(headers) {
        if let Some(v) = line.strip_prefix(b"encoding ") {
            let v = v.strip_suffix(b"\n").unwrap_or(v);
            return Some((v, at..at + line.len()));
        }
        at += line.len();
    }
    None
}

/// The `encoding` header's value as written, if the commit has one (`%e`).
pub(crate) fn encoding_of(buf: &[u8]) -> Option<&[u8]> {
    encoding_header(buf).map(|(v, _)| v)
}

/// Whether git's `is_encoding_utf8` takes `name` for UTF-8.
fn is_utf8_name(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"utf-8") || name.eq_ignore_ascii_case(b"utf8")
}

/// The character sets this crate converts from, as iconv names them.
enum Charset {
    Latin1,
    Windows1252,
    Ascii,
}

fn charset(name: &[u8]) -> Option<Charset> {
    let n = name.to_ascii_lowercase();
    Some(match &n[..] {
        b"iso-8859-1" | b"iso8859-1" | b"iso_8859-1" | b"iso88591" | b"latin1" | b"latin-1"
        | b"l1" | b"cp819" | b"ibm819" | b"iso-ir-100" | b"csisolatin1" => Charset::Latin1,
        b"windows-1252" | b"cp1252" | b"ms-ansi" => Charset::Windows1252,
        b"us-ascii" | b"ascii" | b"ansi_x3.4-1968" | b"us" | b"iso646-us" => Charset::Ascii,
        _ => return None,
    })
}

/// Windows-1252's 0x80–0x9f (0: not defined, iconv refuses the byte).
const CP1252_HIGH: [u16; 32] = [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
    0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/// `bytes` in `charset` converted to UTF-8; `None` where iconv would fail.
fn to_utf8(bytes: &[u8], charset: &Charset) -> Option<Vec<u8>> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        let c = match (charset, b) {
            (_, 0..=0x7f) => char::from(b),
            (Charset::Ascii, _) => return None,
            (Charset::Latin1, _) => char::from(b),
            (Charset::Windows1252, 0x80..=0x9f) => {
                let cp = CP1252_HIGH.get(usize::from(b - 0x80)).copied().unwrap_or(0);
                char::from_u32(u32::from(cp)).filter(|_| cp != 0)?
            }
            (Charset::Windows1252, _) => char::from(b),
        };
        out.push(c);
    }
    Some(out.into_bytes())
}

/// git's `repo_logmsg_reencode` to UTF-8: the commit buffer up to its first NUL (git reads it
/// as a C string); with an `encoding` header naming UTF-8 the header line is dropped; naming a
/// character set this crate converts (ISO-8859-1 and its aliases, Windows-1252, US-ASCII) the
/// whole buffer is converted and the line dropped; otherwise (an unknown set, or bytes the set
/// does not have) the buffer is shown as it is, header included, as git does when iconv fails.
pub fn reencode(buf: &[u8]) -> Cow<'_, [u8]> {
    let buf = match buf.find_byte(0) {
        Some(nul) => &buf[..nul],
        None => buf,
    };
    let Some((name, line)) = encoding_header(buf) else {
        return Cow::Borrowed(buf);
    };
    let without_header = |b: &[u8]| {
        let mut v = Vec::with_capacity(b.len());
        v.extend_from_slice(&b[..line.start]);
        v.extend_from_slice(&b[line.end..]);
        v
    };
    if is_utf8_name(name) {
        return Cow::Owned(without_header(buf));
    }
    let converted = charset(name).and_then(|cs| {
        let head = to_utf8(&buf[..line.start], &cs)?;
        let tail = to_utf8(&buf[line.end..], &cs)?;
        Some([head, tail].concat())
    });
    match converted {
        Some(v) => Cow::Owned(v),
        None => Cow::Borrowed(buf),
    }
}

/// The display width of one character (git's `git_wcwidth`, with the common wide and zero-width
/// ranges): 0 for combining marks, 2 for East Asian wide characters and emoji, -1 for controls.
pub(crate) fn char_width(c: char) -> i32 {
    let cp = c as u32;
    if cp == 0 {
        return 0;
    }
    if cp < 32 || (0x7f..0xa0).contains(&cp) {
        return -1;
    }
    const ZERO: &[(u32, u32)] = &[
        (0x0300, 0x036f),
        (0x0483, 0x0489),
        (0x0591, 0x05bd),
        (0x0610, 0x061a),
        (0x064b, 0x065f),
        (0x0e31, 0x0e31),
        (0x0e34, 0x0e3a),
        (0x1ab0, 0x1aff),
        (0x1dc0, 0x1dff),
        (0x200b, 0x200f),
        (0x20d0, 0x20ff),
        (0xfe00, 0xfe0f),
        (0xfe20, 0xfe2f),
        (0xfeff, 0xfeff),
    ];
    const WIDE: &[(u32, u32)] = &[
        (0x1100, 0x115f),
        (0x2e80, 0x303e),
        (0x3041, 0x33ff),
        (0x3400, 0x4dbf),
        (0x4e00, 0x9fff),
        (0xa000, 0xa4cf),
        (0xac00, 0xd7a3),
        (0xf900, 0xfaff),
        (0xfe30, 0xfe4f),
        (0xff00, 0xff60),
        (0xffe0, 0xffe6),
        (0x1f300, 0x1f64f),
        (0x1f900, 0x1f9ff),
        (0x20000, 0x2fffd),
        (0x30000, 0x3fffd),
    ];
    let within = |table: &[(u32, u32)]| table.iter().any(|&(a, b)| (a..=b).contains(&cp));
    if within(ZERO) {
        0
    } else if within(WIDE) {
        2
    } else {
        1
    }
}

/// git's `display_mode_esc_sequence_len`: the length of an ANSI color sequence (`ESC [ … m`)
/// at the start of `s`, or 0.
pub(crate) fn ansi_len(s: &[u8]) -> usize {
    if !s.starts_with(b"\x1b[") {
        return 0;
    }
    let end = s[2..]
        .iter()
        .position(|&b| !(b.is_ascii_digit() || b == b';'));
    match end.filter(|&e| s.get(2 + e) == Some(&b'm')) {
        Some(e) => 3 + e,
        None => 0,
    }
}

/// git's `utf8_strnwidth(s, len, skip_ansi = 1)`: the display width of `s`, ANSI color
/// sequences skipped; the byte length when `s` is not valid UTF-8.
pub(crate) fn display_width(s: &[u8]) -> usize {
    let mut width = 0usize;
    let mut rest = s;
    while !rest.is_empty() {
        let esc = ansi_len(rest);
        if esc > 0 {
            rest = &rest[esc..];
            continue;
        }
        let (c, len) = bstr::decode_utf8(rest);
        let Some(c) = c else { return s.len() };
        width += usize::try_from(char_width(c)).unwrap_or(0);
        rest = &rest[len..];
    }
    width
}

/// git's `strbuf_add_tabexpand`: `line` with each tab replaced by spaces to the next multiple of
/// `tab_width` columns, until a segment is not valid UTF-8 (the rest is then copied as is).
pub(crate) fn expand_tabs(out: &mut Vec<u8>, mut line: &[u8], tab_width: usize) {
    while let Some(tab) = line.find_byte(b'\t') {
        let before = &line[..tab];
        if std::str::from_utf8(before).is_err() {
            break;
        }
        out.extend_from_slice(before);
        let width = display_width(before);
        out.resize(out.len() + (tab_width - width % tab_width), b' ');
        line = &line[tab + 1..];
    }
    out.extend_from_slice(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_joins_the_first_paragraph() {
        let msg = b"\n\n one  \ntwo\t\n \nbody\n\nmore\n";
        let (s, body) = subject_and_body(msg);
        assert_eq!(s, b" one two");
        assert_eq!(body, b"body\n\nmore\n");
        assert_eq!(subject_and_body(b"only"), (b"only".to_vec(), &b""[..]));
    }

    #[test]
    fn latin1_is_converted_and_its_header_dropped() {
        let buf = b"tree x\nauthor J\xf6 <a> 1 +0000\nencoding ISO-8859-1\n\ncaf\xe9\n";
        assert_eq!(
            reencode(buf).as_ref(),
            "tree x\nauthor J\u{f6} <a> 1 +0000\n\ncaf\u{e9}\n".as_bytes()
        );
        let unknown = b"tree x\nencoding x-none\n\ncaf\xe9\n";
        assert_eq!(reencode(unknown).as_ref(), unknown);
        let ascii = b"tree x\nencoding US-ASCII\n\ncaf\xe9\n";
        assert_eq!(reencode(ascii).as_ref(), ascii);
        assert_eq!(
            reencode(b"tree x\nencoding utf8\n\nm\0rest").as_ref(),
            b"tree x\n\nm"
        );
    }

    #[test]
    fn tabs_expand_by_display_width() {
        let mut out = Vec::new();
        expand_tabs(&mut out, "\u{4e2d}\u{6587}\tz\tq".as_bytes(), 8);
        assert_eq!(out, "\u{4e2d}\u{6587}    z       q".as_bytes());
        out.clear();
        expand_tabs(&mut out, b"\xff\tx", 8);
        assert_eq!(out, b"\xff\tx");
    }
}
