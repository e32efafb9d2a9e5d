//! `%(trailers…)`: the trailer block at the end of a message (git's `trailer.c`) and how its
//! options show it.
//!
//! ```text
//! subject                        the first paragraph is never trailers
//!
//! Some text.
//!
//! Signed-off-by: A <a@x>     ─┐ the last paragraph, when its lines are all `Key: value`
//! Reviewed-by: R <r@x>        │ (or continuation lines starting with white space), or when
//!   continued                 │ it has a `Signed-off-by: ` / `(cherry picked from commit `
//! Cc: C                      ─┘ line and at least a quarter of it are trailers
//! ```
//!
//! Options (`%(trailers:only,unfold,key=Reviewed-by,separator=%x2C)`): `only[=bool]` drops
//! non-trailer lines of the block, `unfold[=bool]` joins continuation lines, `key=K` (repeatable,
//! implies `only`) keeps the keys `K` names (any case, a trailing `:` ignored),
//! `keyonly`/`valueonly`, `separator=S` and `key_value_separator=S` (`%n`, `%xNN` expanded).

use super::{FormatError, FormatErrorKind, Result};
use bstr::ByteSlice;

/// How `%(trailers)` shows the trailer block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrailerOptions {
    /// `only`: trailers only, not the other lines of the block.
    pub only: bool,
    /// `unfold`: continuation lines joined with single spaces.
    pub unfold: bool,
    /// `keyonly`.
    pub key_only: bool,
    /// `valueonly`.
    pub value_only: bool,
    /// `key=`: the keys kept (empty: all).
    pub keys: Vec<Vec<u8>>,
    /// `separator=`: between trailers instead of a newline after each.
    pub separator: Option<Vec<u8>>,
    /// `key_value_separator=`: instead of `: `.
    pub key_value_separator: Option<Vec<u8>>,
}

/// pretty.c's `match_placeholder_arg_value`: `candidate[=value]` followed by `,` or the end.
fn arg_value<'a>(arg: &'a str, candidate: &str) -> Option<(Option<&'a str>, &'a str)> {
    let rest = arg.strip_prefix(candidate)?;
    let (value, rest) = match rest.strip_prefix('=') {
        Some(v) => {
            let end = v.find(',').unwrap_or(v.len());
            (Some(&v[..end]), &v[end..])
        }
        None => (None, rest),
    };
    if rest.is_empty() {
        Some((value, rest))
    } else {
        rest.strip_prefix(',').map(|r| (value, r))
    }
}

/// pretty.c's `expand_string_arg`: `%n`, `%xNN` and `%%` in a separator.
fn expand(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'%' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'%') => {
                out.push(b'%');
                i += 2;
            }
            Some(b'n') => {
                out.push(b'\n');
                i += 2;
            }
            Some(b'x') => {
                let h = |j: usize| b.get(j).and_then(|&c| (c as char).to_digit(16));
                match (h(i + 2), h(i + 3)) {
                    (Some(x), Some(y)) => {
                        out.push((x * 16 + y) as u8);
                        i += 4;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(b'%');
                i += 1;
            }
        }
    }
    out
}

impl TrailerOptions {
    /// git's `format_set_trailers_options` for the argument of `%(trailers:…)`.
    pub fn parse(arg: Option<&str>) -> Result<TrailerOptions> {
        let mut opts = TrailerOptions::default();
        let mut rest = arg.unwrap_or("");
        fn bool_arg<'a>(rest: &'a str, name: &str) -> Option<(bool, &'a str)> {
            let (v, r) = arg_value(rest, name)?;
            Some((v.map_or(Some(true), super::atom::maybe_bool)?, r))
        }
        while !rest.is_empty() {
            if let Some((v, r)) = arg_value(rest, "key") {
                let Some(v) = v else {
                    return Err(FormatError::from(FormatErrorKind::TrailersKeyExpected));
                };
                let key = v.strip_suffix(':').unwrap_or(v);
                opts.keys.push(key.as_bytes().to_vec());
                opts.only = true;
                rest = r;
            } else if let Some((v, r)) = arg_value(rest, "separator") {
                opts.separator = Some(v.map(expand).unwrap_or_default());
                rest = r;
            } else if let Some((v, r)) = arg_value(rest, "key_value_separator") {
                opts.key_value_separator = Some(v.map(expand).unwrap_or_default());
                rest = r;
            } else if let Some((b, r)) = bool_arg(rest, "only") {
                opts.only = b;
                rest = r;
            } else if let Some((b, r)) = bool_arg(rest, "unfold") {
                opts.unfold = b;
                rest = r;
            } else if let Some((b, r)) = bool_arg(rest, "keyonly") {
                opts.key_only = b;
                rest = r;
            } else if let Some((b, r)) = bool_arg(rest, "valueonly") {
                opts.value_only = b;
                rest = r;
            } else {
                let end = rest.find(',').unwrap_or(rest.len());
                return Err(FormatErrorKind::UnknownTrailersArgument {
                    arg: rest[..end].into(),
                }
                .into());
            }
        }
        Ok(opts)
    }

    fn is_plain(&self) -> bool {
        *self == TrailerOptions::default()
    }
}

/// trailer.c's `find_separator` with `:`: where the separator of a trailer line is.
fn find_separator(line: &[u8]) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, &c) in line.iter().enumerate() {
        if c == b':' {
            return Some(i);
        }
        if !whitespace_found && (c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        if i != 0 && (c == b' ' || c == b'\t') {
            whitespace_found = true;
            continue;
        }
        break;
    }
    None
}

/// The lines of `buf`, each with its newline.
fn lines(buf: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < buf.len() {
        let end = buf[start..]
            .find_byte(b'\n')
            .map_or(buf.len(), |i| start + i + 1);
        out.push((start, &buf[start..end]));
        start = end;
    }
    out
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|c| c.is_ascii_whitespace())
}

/// Where the message ends once trailing blank and `#` comment lines are set aside.
fn end_of_message(msg: &[u8]) -> usize {
    let mut end = msg.len();
    for (start, line) in lines(msg).into_iter().rev() {
        if line.starts_with(b"#") || line == b"\n" {
            end = start;
        } else {
            break;
        }
    }
    end
}

/// The byte range of the trailer block in `msg` (git's `find_trailer_block_start`).
fn trailer_block(msg: &[u8]) -> (usize, usize) {
    let end = end_of_message(msg);
    let body = &msg[..end];
    let all = lines(body);
    let title_end = all
        .iter()
        .find(|(_, l)| !l.starts_with(b"#") && is_blank(l))
        .map_or(end, |(s, _)| *s);
    let (mut only_spaces, mut recognized, mut trailers, mut others, mut continuation) =
        (true, false, 0usize, 0usize, 0usize);
    for &(start, line) in all.iter().rev() {
        if start < title_end {
            break;
        }
        if line.starts_with(b"#") {
            others += continuation;
            continuation = 0;
            continue;
        }
        if is_blank(line) {
            if only_spaces {
                continue;
            }
            others += continuation;
            let next = start + line.len();
            if (recognized && trailers * 3 >= others) || (trailers > 0 && others == 0) {
                return (next, end);
            }
            return (end, end);
        }
        only_spaces = false;
        if line.starts_with(b"Signed-off-by: ") || line.starts_with(b"(cherry picked from commit ")
        {
            trailers += 1;
            continuation = 0;
            recognized = true;
            continue;
        }
        let space_first = line.first().is_some_and(|c| c.is_ascii_whitespace());
        if find_separator(line).is_some_and(|p| p >= 1) && !space_first {
            trailers += 1;
            continuation = 0;
        } else if space_first {
            continuation += 1;
        } else {
            others += 1 + continuation;
            continuation = 0;
        }
    }
    (end, end)
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_with(|c| c.is_ascii_whitespace())
}

fn unfold(val: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(val.len());
    let mut i = 0;
    while i < val.len() {
        let c = val[i];
        i += 1;
        if c == b'\n' {
            while i < val.len() && val[i].is_ascii_whitespace() {
                i += 1;
            }
            out.push(b' ');
        } else {
            out.push(c);
        }
    }
    trim(&out).to_vec()
}

/// `%(trailers…)` of the message `msg` (without its signature).
pub fn format_trailers(opts: &TrailerOptions, msg: &[u8], out: &mut Vec<u8>) {
    let (start, end) = trailer_block(msg);
    let block = &msg[start..end];
    if opts.is_plain() {
        out.extend_from_slice(block);
        return;
    }
    // the block's lines, continuation lines joined to the trailer before them
    let mut items: Vec<Vec<u8>> = Vec::new();
    let mut last_is_trailer = false;
    for (_, line) in lines(block) {
        if last_is_trailer && line.first().is_some_and(|c| c.is_ascii_whitespace()) {
            if let Some(l) = items.last_mut() {
                l.extend_from_slice(line);
            }
            continue;
        }
        last_is_trailer = find_separator(line).is_some_and(|p| p >= 1);
        items.push(line.to_vec());
    }
    let origin = out.len();
    for item in items {
        if item.starts_with(b"#") {
            continue;
        }
        match find_separator(&item).filter(|&p| p >= 1) {
            Some(p) => {
                let token = trim(&item[..p]);
                let value = trim(&item[p + 1..]);
                let value = if opts.unfold {
                    unfold(value)
                } else {
                    value.to_vec()
                };
                if !opts.keys.is_empty() && !opts.keys.iter().any(|k| k.eq_ignore_ascii_case(token))
                {
                    continue;
                }
                if let Some(sep) = &opts.separator {
                    if out.len() != origin {
                        out.extend_from_slice(sep);
                    }
                }
                if !opts.value_only {
                    out.extend_from_slice(token);
                }
                if !opts.key_only && !opts.value_only {
                    match &opts.key_value_separator {
                        Some(s) => out.extend_from_slice(s),
                        None => out.extend_from_slice(b": "),
                    }
                }
                if !opts.key_only {
                    out.extend_from_slice(&value);
                }
                if opts.separator.is_none() {
                    out.push(b'\n');
                }
            }
            None if !opts.only => {
                if let Some(sep) = &opts.separator {
                    if out.len() != origin {
                        out.extend_from_slice(sep);
                    }
                }
                out.extend_from_slice(item.strip_suffix(b"\n").unwrap_or(&item));
                if opts.separator.is_some() {
                    let keep = out.trim_end_with(|c| c.is_ascii_whitespace()).len();
                    out.truncate(keep.max(origin));
                } else {
                    out.push(b'\n');
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_block_is_the_last_paragraph_of_trailers() {
        let msg = b"subject\n\ntext\n\nA: 1\nB: 2\n  more\n";
        let mut out = Vec::new();
        format_trailers(&TrailerOptions::default(), msg, &mut out);
        assert_eq!(out, b"A: 1\nB: 2\n  more\n");
        let mut out = Vec::new();
        let opts = TrailerOptions::parse(Some("unfold,separator=%x2C")).unwrap();
        format_trailers(&opts, msg, &mut out);
        assert_eq!(out, b"A: 1,B: 2 more");
    }

    #[test]
    fn a_subject_alone_has_no_trailers() {
        let mut out = Vec::new();
        format_trailers(&TrailerOptions::default(), b"A: b\n", &mut out);
        assert!(out.is_empty());
    }
}
