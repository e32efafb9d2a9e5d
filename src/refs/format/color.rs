//! git's color names (`color_parse`) turned into the escape sequence `%(color:…)` writes:
//! `[reset] [fg [bg]] [attr]…`, each a name (`red`, `brightblue`, `default`, `normal`), a
//! number (0-255, -1), `#rgb` / `#rrggbb`, or an attribute (`bold`, `dim`, `italic`, `ul`,
//! `blink`, `reverse`, `strike`, each with `no`/`no-`).
//!
//! ```text
//! "red"          \e[31m        "bold red blue"   \e[1;31;44m
//! "reset"        \e[m          "#ff0000"         \e[38;2;255;0;0m
//! ```

#[derive(Clone, Copy, PartialEq, Eq)]
enum Color {
    Unspecified,
    Normal,
    Ansi(u8),
    C256(u8),
    Rgb(u8, u8, u8),
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn parse_color(word: &str) -> Option<Color> {
    let lower = word.to_ascii_lowercase();
    if lower == "normal" {
        return Some(Color::Normal);
    }
    let b = word.as_bytes();
    if (b.len() == 7 || b.len() == 4) && b[0] == b'#' {
        let w = if b.len() == 7 { 2 } else { 1 };
        let part = |i: usize| Some(hex(b[1 + i * w])? << 4 | hex(b[1 + i * w + w - 1])?);
        if let (Some(r), Some(g), Some(bl)) = (part(0), part(1), part(2)) {
            return Some(Color::Rgb(r, g, bl));
        }
    }
    if lower == "default" {
        return Some(Color::Ansi(39));
    }
    let (offset, name) = match lower.strip_prefix("bright") {
        Some(n) => (90, n),
        None => (30, lower.as_str()),
    };
    const NAMES: [&str; 8] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == name) {
        return Some(Color::Ansi(offset + i as u8));
    }
    let val: i64 = word.parse().ok()?;
    match val {
        -1 => Some(Color::Normal),
        0..=7 => Some(Color::Ansi(30 + val as u8)),
        8..=15 => Some(Color::Ansi(90 + val as u8 - 8)),
        16..=255 => Some(Color::C256(val as u8)),
        _ => None,
    }
}

fn parse_attr(word: &str) -> Option<u32> {
    const ATTRS: [(&str, u32, u32); 7] = [
        ("bold", 1, 22),
        ("dim", 2, 22),
        ("italic", 3, 23),
        ("ul", 4, 24),
        ("blink", 5, 25),
        ("reverse", 7, 27),
        ("strike", 9, 29),
    ];
    let (negate, name) = match word.strip_prefix("no") {
        Some(rest) => (true, rest.strip_prefix('-').unwrap_or(rest)),
        None => (false, word),
    };
    ATTRS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, v, neg)| if negate { neg } else { v })
}

fn output(c: Color, background: bool, out: &mut String) {
    let offset = if background { 10 } else { 0 };
    match c {
        Color::Unspecified | Color::Normal => {}
        Color::Ansi(v) => out.push_str(&(v as u32 + offset).to_string()),
        Color::C256(v) => out.push_str(&format!("{};5;{v}", 38 + offset)),
        Color::Rgb(r, g, b) => out.push_str(&format!("{};2;{r};{g};{b}", 38 + offset)),
    }
}

/// git's `color_parse`: the escape sequence for `value`, `None` when git refuses it.
pub fn parse(value: &str) -> Option<Vec<u8>> {
    let words: Vec<&str> = value.split_ascii_whitespace().collect();
    let (mut reset, mut attr, mut fg, mut bg) =
        (false, 0u64, Color::Unspecified, Color::Unspecified);
    for word in words {
        if word.eq_ignore_ascii_case("reset") {
            reset = true;
            continue;
        }
        if let Some(c) = parse_color(word) {
            if fg == Color::Unspecified {
                fg = c;
                continue;
            }
            if bg == Color::Unspecified {
                bg = c;
                continue;
            }
            return None;
        }
        attr |= 1 << parse_attr(word)?;
    }
    let empty = |c: Color| matches!(c, Color::Unspecified | Color::Normal);
    if !reset && attr == 0 && empty(fg) && empty(bg) {
        return Some(Vec::new());
    }
    let mut out = String::from("\x1b[");
    let mut sep = usize::from(reset);
    for i in 0..64 {
        if attr & (1 << i) != 0 {
            if sep > 0 {
                out.push(';');
            }
            sep += 1;
            out.push_str(&i.to_string());
        }
    }
    for (c, background) in [(fg, false), (bg, true)] {
        if !empty(c) {
            if sep > 0 {
                out.push(';');
            }
            sep += 1;
            output(c, background, &mut out);
        }
    }
    out.push('m');
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn colors_become_git_escape_sequences() {
        assert_eq!(parse("red").unwrap(), b"\x1b[31m");
        assert_eq!(parse("reset").unwrap(), b"\x1b[m");
        assert_eq!(parse("bold red blue").unwrap(), b"\x1b[1;31;44m");
        assert_eq!(parse("#ff0000").unwrap(), b"\x1b[38;2;255;0;0m");
        assert_eq!(parse("normal").unwrap(), b"");
        assert!(parse("red green blue").is_none());
        assert!(parse("bogus").is_none());
    }
}
