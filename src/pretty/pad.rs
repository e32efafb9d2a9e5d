//! Padding and truncation for `%<(N)`, `%>(N)`, `%><(N)`, `%>>(N)` and their `|` (to a
//! column) forms, as git's `format_and_pad_commit`: widths are display columns (wide
//! characters count two, color sequences none), truncation puts `..` where text was cut.

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
