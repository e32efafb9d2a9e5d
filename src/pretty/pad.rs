//! Layout in user formats: padding and truncation for `%<(N)`, `%>(N)`, `%><(N)`, `%>>(N)` and
//! their `|` (to a column) forms, as git's `format_and_pad_commit`, and wrapping for
//! `%w(width,indent1,indent2)`, as git's `strbuf_add_wrapped_text`. Widths are display columns
//! (wide characters count two, color sequences none); truncation puts `..` where text was cut.

use super::message::{ansi_len, char_width, display_width};
use super::user::{Flush, Padding, Truncate};
use bstr::ByteSlice;

/// git's `strbuf_utf8_replace`: the glyphs of `s` in columns `pos..pos + width` replaced by
/// `subst` (once); `s` unchanged when it is not valid UTF-8.
fn utf8_replace(s: &[u8], pos: usize, width: usize, subst: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut subst = Some(subst);
    let mut w = 0usize;
    let mut rest = s;
    while !rest.is_empty() {
        let esc = ansi_len(rest);
        if esc > 0 {
            out.extend_from_slice(&rest[..esc]);
            rest = &rest[esc..];
            continue;
        }
        let (c, len) = bstr::decode_utf8(rest);
        let Some(c) = c else {
            return s.to_vec();
        };
        let glyph = usize::try_from(char_width(c)).unwrap_or(0);
        if glyph > 0 && w >= pos && w < pos + width {
            if let Some(t) = subst.take() {
                out.extend_from_slice(t);
            }
        } else {
            out.extend_from_slice(&rest[..len]);
        }
        w += glyph;
        rest = &rest[len..];
    }
    out
}

/// Appends `text` to `out` padded or cut as `pad` says; `start` is where this commit's output
/// began in `out` (a `|` width counts from its last line's start).
pub(crate) fn pad(out: &mut Vec<u8>, start: usize, mut text: Vec<u8>, pad: &Padding) {
    let mut padding = pad.width as i64;
    if pad.to_column {
        let line_start = out[start..]
            .rfind_byte(b'\n')
            .map_or(start, |i| start + i + 1);
        padding -= display_width(&out[line_start..]) as i64;
    }
    let len = display_width(&text) as i64;
    let mut flush = pad.flush;
    if flush == Flush::LeftAndSteal {
        // take back the spaces before (keeping color sequences) while the text is too wide
        let mut end = out.len();
        // git never looks at the first byte of the commit's output
        while len > padding && end > start + 1 {
            if out[end - 1] == b' ' {
                end -= 1;
                padding += 1;
                continue;
            }
            let Some(esc) = (start..end - 1).rev().take(9).find(|&p| out[p] == 0x1b) else {
                break;
            };
            if out[end - 1] != b'm' || ansi_len(&out[esc..end]) != end - esc {
                break;
            }
            text.splice(0..0, out[esc..end].to_vec());
            end = esc;
        }
        out.truncate(end);
        flush = Flush::Left;
    }
    if len > padding {
        let keep = usize::try_from(padding - 2).unwrap_or(0);
        let cut = usize::try_from(len).unwrap_or(0).saturating_sub(keep);
        let text = match pad.truncate {
            Truncate::None => text,
            Truncate::Left => utf8_replace(&text, 0, cut, b".."),
            Truncate::Middle => {
                let at = usize::try_from(padding / 2 - 1).unwrap_or(0);
                utf8_replace(&text, at, cut, b"..")
            }
            Truncate::Right => utf8_replace(&text, keep, cut, b".."),
        };
        out.extend_from_slice(&text);
        return;
    }
    let spare = usize::try_from(padding - len).unwrap_or(0);
    let before = match flush {
        Flush::Left => spare,
        Flush::Both => spare / 2,
        _ => 0,
    };
    out.resize(out.len() + before, b' ');
    out.extend_from_slice(&text);
    out.resize(out.len() + spare - before, b' ');
}

/// git's `strbuf_add_indented_text`: each line of `text` after `indent1` (first) or `indent2`
/// spaces.
fn indented(out: &mut Vec<u8>, text: &[u8], indent1: usize, indent2: usize) {
    let mut indent = indent1;
    let mut rest = text;
    while !rest.is_empty() {
        let eol = rest.find_byte(b'\n').map_or(rest.len(), |i| i + 1);
        out.resize(out.len() + indent, b' ');
        out.extend_from_slice(&rest[..eol]);
        rest = &rest[eol..];
        indent = indent2;
    }
}

/// git's `strbuf_add_wrapped_text`: `text` (up to a NUL) wrapped at `width` columns, the first
/// line indented by `indent1`, the others by `indent2`; a newline in the text becomes a space
/// unless a blank line or a line not starting with a letter or digit follows. Widths count
/// UTF-8 characters, or bytes when the text is not UTF-8.
pub(crate) fn wrap(out: &mut Vec<u8>, text: &[u8], indent1: usize, indent2: usize, width: usize) {
    let text = text.find_byte(0).map_or(text, |nul| &text[..nul]);
    if width == 0 {
        return indented(out, text, indent1, indent2);
    }
    let orig = out.len();
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let (width, mut assume_utf8) = (width as i64, true);
    'retry: loop {
        let mut bol = 0usize;
        let mut indent = indent1;
        let mut w = indent as i64;
        let mut space: Option<usize> = None;
        let mut i = 0usize;
        loop {
            loop {
                let esc = ansi_len(&text[i.min(text.len())..]);
                if esc == 0 {
                    break;
                }
                i += esc;
            }
            let c = at(i);
            if c == 0 || is_space(c) {
                if w <= width || space.is_none() {
                    let start = match space {
                        Some(sp) => sp,
                        None => bol,
                    };
                    if c == 0 && i == bol {
                        return;
                    }
                    if space.is_none() {
                        out.resize(out.len() + indent, b' ');
                    }
                    out.extend_from_slice(&text[start.min(i)..i]);
                    if c == 0 {
                        return;
                    }
                    let mut sp = i;
                    let mut new_line = false;
                    if c == b'\t' {
                        w |= 0x07;
                    } else if c == b'\n' {
                        sp += 1;
                        if at(sp) == b'\n' {
                            out.push(b'\n');
                            new_line = true;
                        } else if !at(sp).is_ascii_alphanumeric() {
                            new_line = true;
                        } else {
                            out.push(b' ');
                        }
                    }
                    if new_line {
                        out.push(b'\n');
                        i = sp + usize::from(is_space(at(sp)));
                        bol = i;
                        space = None;
                        indent = indent2;
                        w = indent as i64;
                        continue;
                    }
                    space = Some(sp);
                    w += 1;
                    i += 1;
                } else {
                    let sp = space.unwrap_or(bol);
                    out.push(b'\n');
                    i = sp + usize::from(is_space(at(sp)));
                    bol = i;
                    space = None;
                    indent = indent2;
                    w = indent as i64;
                }
                continue;
            }
            if assume_utf8 {
                let (ch, len) = bstr::decode_utf8(&text[i..]);
                match ch {
                    Some(ch) => {
                        w += i64::from(char_width(ch));
                        i += len;
                    }
                    None => {
                        assume_utf8 = false;
                        out.truncate(orig);
                        continue 'retry;
                    }
                }
            } else {
                w += 1;
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(utf8_replace(b"abcdefgh", 3, 5, b".."), b"abc..");
        assert_eq!(utf8_replace(b"abcdefgh", 0, 5, b".."), b"..fgh");
        assert_eq!(utf8_replace(b"\xff", 0, 1, b".."), b"\xff");
    }
}
