//! User formats (`--format=`, `--pretty=format:` / `tformat:`): the format string parsed once
//! into parts, then expanded for each commit as git's `format_commit_message` does.
//!
//! A placeholder git does not know is copied as written (`%z` stays `%z`); `%-x`, `%+x` and
//! `% x` delete the newlines before an empty expansion, add one or a space before a non-empty
//! one. Colors (`%C…`) are never emitted, as git without a terminal; placeholders that need
//! machinery this crate does not have (`%G?`, `%(trailers)`, `%(describe)`…) are refused.

use super::{PrettyError, PrettyErrorKind};

/// Whose name or date a person placeholder shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Author,
    Committer,
}

/// A placeholder that depends on the commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// Expands to nothing (an unknown placeholder after `-`, `+` or ` `; `%gd` without reflog).
    Nothing,
    /// Text known when parsing (`%n`, `%x0a`) under `-`, `+` or ` `.
    Text(Vec<u8>),
    Hash,
    AbbrevHash,
    Tree,
    AbbrevTree,
    Parents,
    AbbrevParents,
    Mark,
    Decorations,
    BareDecorations,
    /// `%a?` / `%c?`: the role and the letter after it.
    Person(Role, u8),
    Encoding,
    RawBody,
    Subject,
    SanitizedSubject,
    Body,
    Source,
    Notes,
    /// `%(decorate:…)`.
    Decorate(Box<super::DecorationFormat>),
}

/// `%-`, `%+`, `% `: what to do around an expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Magic {
    None,
    DeleteNewlinesIfEmpty,
    NewlineIfNonEmpty,
    SpaceIfNonEmpty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Literal(Vec<u8>),
    Item(Magic, Item),
    /// `%<(N)`, `%>|(N)`…: pad (or cut) the next placeholder's expansion.
    Pad(Padding),
    /// `%w(width,indent1,indent2)`: wrap what follows (until the next `%w` or the end).
    Wrap(usize, usize, usize),
}

/// Where the text goes in its padded space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flush {
    /// `%<`: text left, spaces after.
    Right,
    /// `%>`: spaces before.
    Left,
    /// `%><`: centred.
    Both,
    /// `%>>`: spaces before, taking spaces the text before left.
    LeftAndSteal,
}

/// What to do with text wider than the space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truncate {
    None,
    Left,
    Middle,
    Right,
}

/// A padding placeholder: the width (in columns, or up to a column with `|`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Padding {
    pub flush: Flush,
    pub to_column: bool,
    pub width: usize,
    pub truncate: Truncate,
}

/// What [`padding`] found.
enum PadSpec {
    /// A padding placeholder, and the bytes it takes.
    Valid(Padding, usize),
    /// A width and a truncation git does not know: git keeps the width (and the truncation of
    /// the padding before) for the next placeholder, and copies this one as text.
    BadTruncation(Padding),
}

/// git's `parse_padding_placeholder`: `<(N)`, `>(N)`, `><(N)`, `>>(N)`, with `|` before `(`
/// for a column, and `,trunc`, `,ltrunc`, `,mtrunc`.
fn padding(ph: &[u8], last_truncate: Truncate) -> Option<PadSpec> {
    let (flush, mut at) = match ph {
        [b'<', ..] => (Flush::Right, 1),
        [b'>', b'<', ..] => (Flush::Both, 2),
        [b'>', b'>', ..] => (Flush::LeftAndSteal, 2),
        [b'>', ..] => (Flush::Left, 1),
        _ => return None,
    };
    let to_column = ph.get(at) == Some(&b'|');
    at += usize::from(to_column);
    if ph.get(at) != Some(&b'(') {
        return None;
    }
    let start = at + 1;
    let end = start
        + ph.get(start..)?
            .iter()
            .position(|b| matches!(b, b',' | b')'))?;
    let text = std::str::from_utf8(&ph[start..end]).ok()?;
    let digits_end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && matches!(c, '-' | '+'))))
        .map_or(text.len(), |(i, _)| i);
    let mut width: i64 = text.get(..digits_end)?.parse().ok()?;
    if width == 0 || width.abs() > 16 * 1024 {
        return None;
    }
    if width < 0 && to_column {
        // a column counted from the right edge: no terminal, so git's 80 columns
        width += 80;
    }
    let width = usize::try_from(width).ok().filter(|&w| w > 0)?;
    let mut pad = Padding {
        flush,
        to_column,
        width,
        truncate: Truncate::None,
    };
    if ph[end] != b',' {
        return Some(PadSpec::Valid(pad, end + 1));
    }
    let rest = &ph[end + 1..];
    let truncation = rest
        .iter()
        .position(|&b| b == b')')
        .map(|c| (&rest[..c], end + 1 + c));
    pad.truncate = match truncation.map(|(t, _)| t) {
        Some(b"trunc") => Truncate::Right,
        Some(b"ltrunc") => Truncate::Left,
        Some(b"mtrunc") => Truncate::Middle,
        _ => {
            pad.truncate = last_truncate;
            return Some(PadSpec::BadTruncation(pad));
        }
    };
    Some(PadSpec::Valid(pad, truncation.map_or(0, |(_, c)| c) + 1))
}

/// A parsed user format, and whether each commit's output is terminated (`tformat:`) or
/// separated (`format:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFormat {
    pub(crate) parts: Vec<Part>,
    /// `tformat:` (and a bare `--format=…`): a newline after each commit rather than between.
    pub terminator: bool,
}

fn hex_digit(c: u8) -> Option<u8> {
    (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

impl UserFormat {
    /// Parses a format string (what follows `format:` or `tformat:`).
    pub fn parse(format: &[u8], terminator: bool) -> Result<UserFormat, PrettyError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut literal = Vec::new();
        let mut rest = format;
        let mut padded = false;
        let mut last_truncate = Truncate::None;
        while let Some(at) = rest.iter().position(|&b| b == b'%') {
            literal.extend_from_slice(&rest[..at]);
            let spec = &rest[at + 1..];
            if spec.first() == Some(&b'%') {
                literal.push(b'%');
                rest = &spec[1..];
                continue;
            }
            let (magic, ph) = match spec.first() {
                Some(b'-') => (Magic::DeleteNewlinesIfEmpty, &spec[1..]),
                Some(b'+') => (Magic::NewlineIfNonEmpty, &spec[1..]),
                Some(b' ') => (Magic::SpaceIfNonEmpty, &spec[1..]),
                _ => (Magic::None, spec),
            };
            if magic != Magic::None && ph.first() == Some(&b'w') {
                // git refuses `%+w(…)`: the `%` is copied and the rest read as text
                literal.push(b'%');
                rest = spec;
                continue;
            }
            match (padding(ph, last_truncate), magic) {
                (Some(PadSpec::Valid(pad, n)), Magic::None) => {
                    flush(&mut parts, &mut literal);
                    parts.push(Part::Pad(pad));
                    (padded, last_truncate) = (true, pad.truncate);
                    rest = &spec[n..];
                    continue;
                }
                (Some(PadSpec::BadTruncation(pad)), Magic::None) => {
                    flush(&mut parts, &mut literal);
                    parts.push(Part::Pad(pad));
                    padded = true;
                    literal.push(b'%');
                    rest = spec;
                    continue;
                }
                _ => {}
            }
            let parsed = one(ph, format)?;
            if padded {
                padded = false;
                match parsed {
                    // a color, then another placeholder: the padding is for both
                    Some((Expansion::Text(t), n))
                        if t.is_empty()
                            && ph.first() == Some(&b'C')
                            && spec.get(n) == Some(&b'%') =>
                    {
                        padded = true;
                        rest = &spec[n..];
                        continue;
                    }
                    Some((e, n)) => {
                        let item = match e {
                            Expansion::Text(t) => Item::Text(t),
                            Expansion::Item(i) => i,
                            Expansion::Wrap(_) => Item::Nothing,
                        };
                        flush(&mut parts, &mut literal);
                        parts.push(Part::Item(magic, item));
                        rest = &spec[n + usize::from(magic != Magic::None)..];
                        continue;
                    }
                    // git pads the empty expansion, then copies the `%`
                    None => {
                        flush(&mut parts, &mut literal);
                        parts.push(Part::Item(Magic::None, Item::Nothing));
                    }
                }
            }
            if let Some((Expansion::Wrap((w, i1, i2)), n)) = parsed {
                flush(&mut parts, &mut literal);
                parts.push(Part::Wrap(w, i1, i2));
                rest = &spec[n..];
                continue;
            }
            let consumed = match (parsed, magic) {
                (Some((Expansion::Text(t), n)), Magic::None) => {
                    literal.extend_from_slice(&t);
                    n
                }
                (Some((Expansion::Text(t), n)), m) => {
                    flush(&mut parts, &mut literal);
                    parts.push(Part::Item(m, Item::Text(t)));
                    n + 1
                }
                (Some((Expansion::Item(item), n)), m) => {
                    flush(&mut parts, &mut literal);
                    parts.push(Part::Item(m, item));
                    n + usize::from(m != Magic::None)
                }
                (Some((Expansion::Wrap(_), n)), _) => n,
                (None, Magic::None) => {
                    literal.push(b'%');
                    0
                }
                // an unknown placeholder after magic: an empty expansion, the magic applied,
                // and the placeholder's letters read as text
                (None, m) => {
                    flush(&mut parts, &mut literal);
                    parts.push(Part::Item(m, Item::Nothing));
                    1
                }
            };
            rest = &spec[consumed..];
        }
        literal.extend_from_slice(rest);
        flush(&mut parts, &mut literal);
        Ok(UserFormat { parts, terminator })
    }

    /// Whether the format is the empty string (git then writes no terminator either).
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether the format shows notes (`%N`), so they need loading.
    pub fn wants_notes(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Item(_, Item::Notes)))
    }

    /// Whether the format shows decorations (`%d`, `%D`), so they need loading.
    pub fn wants_decorations(&self) -> bool {
        self.parts.iter().any(|p| {
            matches!(
                p,
                Part::Item(
                    _,
                    Item::Decorations | Item::BareDecorations | Item::Decorate(_)
                )
            )
        })
    }
}

fn flush(parts: &mut Vec<Part>, literal: &mut Vec<u8>) {
    if !literal.is_empty() {
        parts.push(Part::Literal(std::mem::take(literal)));
    }
}

enum Expansion {
    /// Known now: `%n`, `%x41`, a color that is not shown.
    Text(Vec<u8>),
    Item(Item),
    /// `%w(…)`.
    Wrap((usize, usize, usize)),
}

/// C's `strtoul` as git uses it for `%w`: the value (`None` past git's limit of 16384, or
/// negative) and the bytes read (0 when there are no digits).
fn strtoul(s: &[u8]) -> (Option<usize>, usize) {
    let mut i = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let neg = match s.get(i) {
        Some(b'-') => (i += 1, true).1,
        Some(b'+') => (i += 1, false).1,
        _ => false,
    };
    let digits = s[i.min(s.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return (Some(0), 0);
    }
    let value = s[i..i + digits].iter().fold(0u64, |a, d| {
        a.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    let ok = (!neg || value == 0) && value <= 16 * 1024;
    (ok.then_some(value as usize), i + digits)
}

/// git's `%w(width[,indent1[,indent2]])`: the three numbers and the bytes the placeholder takes.
fn wrap_spec(ph: &[u8]) -> Option<((usize, usize, usize), usize)> {
    let inner = ph.strip_prefix(b"w(")?;
    let close = inner.iter().position(|&b| b == b')')?;
    let args = &inner[..close];
    let mut nums = [0usize; 3];
    let mut i = 0;
    if !args.is_empty() {
        for (k, slot) in nums.iter_mut().enumerate() {
            let (value, used) = strtoul(&args[i..]);
            *slot = value?;
            i += used;
            match args.get(i) {
                Some(b',') if k < 2 => i += 1,
                None => break,
                _ => return None,
            }
        }
    }
    Some(((nums[0], nums[1], nums[2]), 2 + close + 1))
}

fn unsupported(what: &[u8], format: &[u8]) -> PrettyError {
    PrettyError {
        kind: PrettyErrorKind::UnsupportedPlaceholder(what.into()),
        format: format.into(),
    }
}

/// One placeholder at the start of `ph` (after the `%` and any magic): what it expands to and
/// how many bytes it takes; `None` when git does not know it.
fn one(ph: &[u8], format: &[u8]) -> Result<Option<(Expansion, usize)>, PrettyError> {
    use Expansion::{Item as I, Text};
    let Some(&c) = ph.first() else {
        return Ok(None);
    };
    let second = ph.get(1).copied();
    Ok(Some(match c {
        b'n' => (Text(b"\n".to_vec()), 1),
        b'x' => match (
            second.and_then(hex_digit),
            ph.get(2).copied().and_then(hex_digit),
        ) {
            (Some(h), Some(l)) => (Text(vec![h << 4 | l]), 3),
            _ => return Ok(None),
        },
        b'C' => {
            if ph.starts_with(b"C(") {
                let Some(close) = ph.iter().position(|&b| b == b')') else {
                    return Ok(None);
                };
                let inner = &ph[2..close];
                if inner.starts_with(b"always,") {
                    return Err(unsupported(&ph[..=close], format));
                }
                (Text(Vec::new()), close + 1)
            } else {
                let names: [&[u8]; 4] = [b"red", b"green", b"blue", b"reset"];
                match names.iter().find(|n| ph[1..].starts_with(n)) {
                    Some(n) => (Text(Vec::new()), 1 + n.len()),
                    None => return Ok(None),
                }
            }
        }
        b'w' => return Ok(wrap_spec(ph).map(|(w, n)| (Expansion::Wrap(w), n))),
        b'G' => return Err(unsupported(&ph[..1], format)),
        b'<' | b'>' => return Ok(None),
        b'N' => (I(Item::Notes), 1),
        b'(' if ph.starts_with(b"(decorate") => match decorate_options(&ph[9..]) {
            Some((style, n)) => (I(Item::Decorate(Box::new(style))), 9 + n),
            None => return Ok(None),
        },
        b'(' => return Err(unsupported(ph, format)),
        b'H' => (I(Item::Hash), 1),
        b'h' => (I(Item::AbbrevHash), 1),
        b'T' => (I(Item::Tree), 1),
        b't' => (I(Item::AbbrevTree), 1),
        b'P' => (I(Item::Parents), 1),
        b'p' => (I(Item::AbbrevParents), 1),
        b'm' => (I(Item::Mark), 1),
        b'S' => (I(Item::Source), 1),
        b'd' => (I(Item::Decorations), 1),
        b'D' => (I(Item::BareDecorations), 1),
        // reflog placeholders outside a reflog walk expand to nothing
        b'g' => match second {
            Some(b'd' | b'D' | b's' | b'n' | b'N' | b'e' | b'E') => (I(Item::Nothing), 2),
            _ => return Ok(None),
        },
        b'a' | b'c' => {
            let role = if c == b'a' {
                Role::Author
            } else {
                Role::Committer
            };
            match second {
                Some(
                    p @ (b'n' | b'N' | b'e' | b'E' | b'l' | b'L' | b't' | b'd' | b'D' | b'r' | b'i'
                    | b'I' | b's' | b'h'),
                ) => (I(Item::Person(role, p)), 2),
                _ => return Ok(None),
            }
        }
        b'e' => (I(Item::Encoding), 1),
        b'B' => (I(Item::RawBody), 1),
        b's' => (I(Item::Subject), 1),
        b'f' => (I(Item::SanitizedSubject), 1),
        b'b' => (I(Item::Body), 1),
        _ => return Ok(None),
    }))
}

/// git's `expand_string_arg`: `%%`, `%n` and `%xNN` in an option's value; any other `%` stays.
fn expand_literals(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = v.get(i) {
        if c != b'%' {
            out.push(c);
            i += 1;
            continue;
        }
        let rest = &v[i + 1..];
        match rest {
            [b'%', ..] => (out.push(b'%'), i += 2).1,
            [b'n', ..] => (out.push(b'\n'), i += 2).1,
            [b'x', h, l, ..] if hex_digit(*h).is_some() && hex_digit(*l).is_some() => {
                out.push(hex_digit(*h).unwrap_or(0) << 4 | hex_digit(*l).unwrap_or(0));
                i += 4;
            }
            _ => (out.push(b'%'), i += 1).1,
        }
    }
    out
}

/// The options of `%(decorate…)` after `decorate` (`:prefix=…,tag=…)`, or `)`), and the bytes
/// they take up to and with the `)`; `None` when git would not read it as a placeholder.
fn decorate_options(mut s: &[u8]) -> Option<(super::DecorationFormat, usize)> {
    let total = s.len();
    let mut style = super::DecorationFormat::default();
    if let Some(rest) = s.strip_prefix(b":") {
        s = rest;
        loop {
            let names: [&[u8]; 5] = [b"prefix", b"suffix", b"separator", b"pointer", b"tag"];
            let Some(name) = names.iter().find(|n| s.starts_with(n)) else {
                break;
            };
            let p = &s[name.len()..];
            let (value, p) = match p.first() {
                Some(b'=') => {
                    let len = p[1..]
                        .iter()
                        .position(|b| matches!(b, b',' | b')'))
                        .unwrap_or(p.len() - 1);
                    (expand_literals(&p[1..1 + len]), &p[1 + len..])
                }
                Some(b',' | b')') => (Vec::new(), p),
                _ => break,
            };
            let slot = match *name {
                b"prefix" => &mut style.prefix,
                b"suffix" => &mut style.suffix,
                b"separator" => &mut style.separator,
                b"pointer" => &mut style.pointer,
                _ => &mut style.tag,
            };
            match p.first() {
                Some(b',') => {
                    *slot = value.into();
                    s = &p[1..];
                }
                Some(b')') => {
                    *slot = value.into();
                    s = p;
                }
                _ => break,
            }
        }
    }
    (s.first() == Some(&b')')).then(|| (style, total - s.len() + 1))
}
