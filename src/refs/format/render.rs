//! Putting one ref's line together (git's `format_ref_array_item`): literals and atom values
//! pushed onto a stack of outputs that `%(align)`, `%(if)`/`%(then)`/`%(else)` and `%(end)`
//! open and close, and `--shell`/`--perl`/`--python`/`--tcl` quoting of each value at the top
//! level (or of a whole `%(align)…%(end)` / `%(if)…%(end)`).
//!
//! ```text
//! %(if)%(upstream)%(then)[%(upstream:short)]%(else)-%(end)   one frame per open atom:
//!  └ If frame: its output is the condition until %(then),
//!              then the "then" part; %(else) opens an Else frame
//! ```

use super::atom::{IfCondition, Position};
use super::{FormatError, FormatErrorKind, NestingError};

/// How atom values are quoted (`--shell`, `--perl`, `--python`, `--tcl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quote {
    /// As they are.
    #[default]
    None,
    /// `'…'` with `'` and `!` as `'\''` and `'\!'`.
    Shell,
    /// `'…'` with `'` and `\` escaped.
    Perl,
    /// `'…'` with `'` and `\` escaped and newlines as `\n`.
    Python,
    /// `"…"` with Tcl's special characters escaped.
    Tcl,
}

/// git's quote functions: `value` quoted into `out`. All but Perl stop at a NUL.
pub fn quote(style: Quote, value: &[u8], out: &mut Vec<u8>) {
    let cstr = |v: &[u8]| -> usize { v.iter().position(|&b| b == 0).unwrap_or(v.len()) };
    match style {
        Quote::None => out.extend_from_slice(value),
        Quote::Shell => {
            out.push(b'\'');
            for &c in &value[..cstr(value)] {
                if c == b'\'' || c == b'!' {
                    out.extend_from_slice(b"'\\");
                    out.push(c);
                    out.push(b'\'');
                } else {
                    out.push(c);
                }
            }
            out.push(b'\'');
        }
        Quote::Perl | Quote::Python => {
            let v = if style == Quote::Perl {
                value
            } else {
                &value[..cstr(value)]
            };
            out.push(b'\'');
            for &c in v {
                if style == Quote::Python && c == b'\n' {
                    out.extend_from_slice(b"\\n");
                    continue;
                }
                if c == b'\'' || c == b'\\' {
                    out.push(b'\\');
                }
                out.push(c);
            }
            out.push(b'\'');
        }
        Quote::Tcl => {
            out.push(b'"');
            for &c in &value[..cstr(value)] {
                match c {
                    b'[' | b']' | b'{' | b'}' | b'$' | b'\\' | b'"' => {
                        out.push(b'\\');
                        out.push(c);
                    }
                    0x0c => out.extend_from_slice(b"\\f"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    0x0b => out.extend_from_slice(b"\\v"),
                    _ => out.push(c),
                }
            }
            out.push(b'"');
        }
    }
}

/// The display width git's `utf8_strnwidth` gives `s` (the byte length when it is not UTF-8):
/// controls count 0, East Asian wide characters 2.
fn display_width(s: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(s) else {
        return s.len();
    };
    text.chars()
        .map(|c| {
            let cp = c as u32;
            if cp < 32 || (0x7f..0xa0).contains(&cp) || (0x300..0x370).contains(&cp) {
                0
            } else if (0x1100..0x1160).contains(&cp)
                || (0x2e80..0xa4d0).contains(&cp)
                || (0xac00..0xd7a4).contains(&cp)
                || (0xf900..0xfb00).contains(&cp)
                || (0xff00..0xff61).contains(&cp)
                || (0x1f300..0x1f650).contains(&cp)
                || (0x20000..0x3fffe).contains(&cp)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// git's `strbuf_utf8_align`.
fn align(text: &[u8], width: usize, position: Position) -> Vec<u8> {
    let text = &text[..text.iter().position(|&b| b == 0).unwrap_or(text.len())];
    let shown = display_width(text);
    if shown >= width {
        return text.to_vec();
    }
    let pad = width - shown;
    let left = match position {
        Position::Left => 0,
        Position::Middle => pad / 2,
        Position::Right => pad,
    };
    let mut out = vec![b' '; left];
    out.extend_from_slice(text);
    out.resize(out.len() + pad - left, b' ');
    out
}

#[derive(Debug)]
struct IfState {
    condition: IfCondition,
    then_seen: bool,
    else_seen: bool,
    satisfied: bool,
}

#[derive(Debug)]
enum Frame {
    Top,
    Align(usize, Position),
    If(IfState),
    /// The `%(else)` part: its `%(if)` is the frame below.
    Else,
}

/// The stack of outputs for one line.
#[derive(Debug)]
pub(super) struct Stack {
    frames: Vec<(Frame, Vec<u8>)>,
    quote: Quote,
}

fn nesting(e: NestingError) -> FormatError {
    FormatErrorKind::Nesting(e).into()
}

impl Stack {
    pub fn new(quote: Quote) -> Stack {
        Stack {
            frames: vec![(Frame::Top, Vec::new())],
            quote,
        }
    }

    fn top(&mut self) -> &mut Vec<u8> {
        &mut self
            .frames
            .last_mut()
            .expect("the top frame is never popped")
            .1
    }

    /// Literal text: never quoted.
    pub fn literal(&mut self, text: &[u8]) {
        self.top().extend_from_slice(text);
    }

    /// An atom's value: quoted at the top level, as is inside an open atom. `sized` values
    /// (`%(raw)`) go in whole, others up to a NUL.
    pub fn value(&mut self, value: &[u8], sized: bool) {
        let value = if sized {
            value
        } else {
            &value[..value.iter().position(|&b| b == 0).unwrap_or(value.len())]
        };
        let style = self.quote;
        if self.frames.len() == 1 {
            quote(style, value, self.top());
        } else {
            self.top().extend_from_slice(value);
        }
    }

    pub fn open_align(&mut self, width: usize, position: Position) {
        self.frames
            .push((Frame::Align(width, position), Vec::new()));
    }

    pub fn open_if(&mut self, condition: IfCondition) {
        let state = IfState {
            condition,
            then_seen: false,
            else_seen: false,
            satisfied: false,
        };
        self.frames.push((Frame::If(state), Vec::new()));
    }

    fn if_state(&mut self) -> Option<&mut IfState> {
        let n = self.frames.len();
        let at = match self.frames.last()? {
            (Frame::If(_), _) => n - 1,
            (Frame::Else, _) => n.checked_sub(2)?,
            _ => return None,
        };
        match &mut self.frames[at].0 {
            Frame::If(s) => Some(s),
            _ => None,
        }
    }

    pub fn then(&mut self) -> Result<(), FormatError> {
        let Some(state) = self.if_state() else {
            return Err(nesting(NestingError::ThenWithoutIf));
        };
        if state.then_seen {
            return Err(nesting(NestingError::ThenTwice));
        }
        if state.else_seen {
            return Err(nesting(NestingError::ThenAfterElse));
        }
        state.then_seen = true;
        let condition = state.condition.clone();
        let out = std::mem::take(self.top());
        let satisfied = match &condition {
            IfCondition::Equals(s) => out == *s,
            IfCondition::NotEquals(s) => out != *s,
            IfCondition::NotEmpty => !out.iter().all(|c| c.is_ascii_whitespace()),
        };
        if let Some(state) = self.if_state() {
            state.satisfied = satisfied;
        }
        Ok(())
    }

    pub fn otherwise(&mut self) -> Result<(), FormatError> {
        let Some(state) = self.if_state() else {
            return Err(nesting(NestingError::ElseWithoutIf));
        };
        if !state.then_seen {
            return Err(nesting(NestingError::ElseWithoutThen));
        }
        if state.else_seen {
            return Err(nesting(NestingError::ElseTwice));
        }
        state.else_seen = true;
        self.frames.push((Frame::Else, Vec::new()));
        Ok(())
    }

    fn pop(&mut self) {
        if let Some((_, out)) = self.frames.pop() {
            self.top().extend_from_slice(&out);
        }
    }

    pub fn end(&mut self) -> Result<(), FormatError> {
        match self.frames.last_mut() {
            None | Some((Frame::Top, _)) => return Err(nesting(NestingError::EndWithoutAtom)),
            Some((Frame::Align(width, position), out)) => *out = align(out, *width, *position),
            Some((Frame::If(_) | Frame::Else, _)) => {
                let Some(state) = self.if_state() else {
                    return Err(nesting(NestingError::EndWithoutAtom));
                };
                if !state.then_seen {
                    return Err(nesting(NestingError::IfWithoutThen));
                }
                let (else_seen, satisfied) = (state.else_seen, state.satisfied);
                if else_seen {
                    let n = self.frames.len();
                    if !satisfied {
                        let else_out = std::mem::take(&mut self.frames[n - 1].1);
                        self.frames[n - 2].1 = else_out;
                    }
                    self.frames.pop();
                } else if !satisfied {
                    self.top().clear();
                }
            }
        }
        if self.frames.len() == 2 {
            let out = std::mem::take(self.top());
            let style = self.quote;
            quote(style, &out, self.top());
        }
        self.pop();
        Ok(())
    }

    /// The line, or git's complaint about an atom left open.
    pub fn finish(mut self) -> Result<Vec<u8>, FormatError> {
        if self.frames.len() > 1 {
            return Err(nesting(NestingError::EndMissing));
        }
        Ok(std::mem::take(self.top()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_styles_match_git() {
        let q = |style, v: &[u8]| {
            let mut out = Vec::new();
            quote(style, v, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(q(Quote::Shell, b"it's!"), r"'it'\''s'\!''");
        assert_eq!(q(Quote::Perl, b"a'\\"), r"'a\'\\'");
        assert_eq!(q(Quote::Python, b"a\nb"), r"'a\nb'");
        assert_eq!(q(Quote::Tcl, b"[$x]\t"), r#""\[\$x\]\t""#);
    }

    #[test]
    fn if_then_else_keeps_one_branch() {
        let mut s = Stack::new(Quote::None);
        s.open_if(IfCondition::NotEmpty);
        s.value(b" ", false);
        s.then().unwrap();
        s.literal(b"yes");
        s.otherwise().unwrap();
        s.literal(b"no");
        s.end().unwrap();
        assert_eq!(s.finish().unwrap(), b"no");
    }
}
