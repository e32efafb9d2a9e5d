//! git's C-style quoting of path names (`core.quotePath`).

use std::io::{self, Write};

/// What git's C-style quoting does with one byte: `None` to copy it, `Some(b'n')` for `\n`,
/// `Some(0)` for a three-digit octal escape.
fn c_quote_class(b: u8) -> Option<u8> {
    match b {
        0x07 => Some(b'a'),
        0x08 => Some(b'b'),
        b'\t' => Some(b't'),
        b'\n' => Some(b'n'),
        0x0b => Some(b'v'),
        0x0c => Some(b'f'),
        b'\r' => Some(b'r'),
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0..=0x1f | 0x7f..=0xff => Some(0),
        _ => None,
    }
}

/// Writes `name` as git does with `core.quotePath` on (its default): unchanged when it holds
/// only printable ASCII other than `"` and `\`, otherwise in double quotes with C escapes and
/// bytes ≥ 0x80 as three octal digits.
pub fn write_c_quoted(name: &[u8], out: &mut dyn Write) -> io::Result<()> {
    write_c_quoted_as(name, true, out)
}

/// [`write_c_quoted`] with git's `core.quotePath` setting: when `fully` is false, bytes ≥ 0x80
/// are written as they are (and alone do not make the name quoted).
pub fn write_c_quoted_as(name: &[u8], fully: bool, out: &mut dyn Write) -> io::Result<()> {
    let class = |b: u8| c_quote_class(b).filter(|_| fully || b < 0x80);
    if !name.iter().any(|&b| class(b).is_some()) {
        return out.write_all(name);
    }
    let mut buf = Vec::with_capacity(name.len() + 8);
    buf.push(b'"');
    for &b in name {
        match class(b) {
            None => buf.push(b),
            Some(0) => buf.extend_from_slice(&[
                b'\\',
                b'0' + (b >> 6),
                b'0' + ((b >> 3) & 7),
                b'0' + (b & 7),
            ]),
            Some(c) => buf.extend_from_slice(&[b'\\', c]),
        }
    }
    buf.push(b'"');
    out.write_all(&buf)
}
