//! git's `wildmatch`: the glob patterns of ref listings (`refs/heads/*`, `v[0-9]*`), with and
//! without `WM_PATHNAME`.
//!
//! ```
//! use gitstore::wildmatch::wildmatch;
//! assert!(wildmatch(b"refs/heads/*", b"refs/heads/main", true));
//! assert!(!wildmatch(b"refs/heads/*", b"refs/heads/a/b", true));
//! assert!(wildmatch(b"refs/**/b", b"refs/heads/a/b", true));
//! ```

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Byte(u8),
    One,
    /// `*`: any run of bytes; `slash` whether it may contain `/`.
    Star {
        slash: bool,
    },
    /// `**/` at a component start: empty, or anything ending in `/`.
    Dirs,
    Class {
        negated: bool,
        items: Vec<(u8, u8)>,
    },
}

fn tokenize(p: &[u8], pathname: bool) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = p.get(i) {
        match c {
            b'\\' if i + 1 < p.len() => {
                toks.push(Tok::Byte(p[i + 1]));
                i += 2;
            }
            b'?' => {
                toks.push(Tok::One);
                i += 1;
            }
            b'*' => {
                let mut j = i;
                while p.get(j) == Some(&b'*') {
                    j += 1;
                }
                let double = j - i >= 2;
                let at_start = i == 0 || p[i - 1] == b'/';
                if !pathname {
                    toks.push(Tok::Star { slash: true });
                } else if double && at_start && p.get(j) == Some(&b'/') {
                    toks.push(Tok::Dirs);
                    j += 1;
                } else if double && at_start && j == p.len() {
                    toks.push(Tok::Star { slash: true });
                } else {
                    toks.push(Tok::Star { slash: false });
                }
                i = j;
            }
            b'[' => {
                let mut j = i + 1;
                let negated = matches!(p.get(j), Some(b'!' | b'^'));
                if negated {
                    j += 1;
                }
                let mut items = Vec::new();
                let mut first = true;
                let mut closed = false;
                while let Some(&b) = p.get(j) {
                    if b == b']' && !first {
                        closed = true;
                        j += 1;
                        break;
                    }
                    first = false;
                    let lo = if b == b'\\' && j + 1 < p.len() {
                        j += 1;
                        p[j]
                    } else {
                        b
                    };
                    if p.get(j + 1) == Some(&b'-') && p.get(j + 2).is_some_and(|&e| e != b']') {
                        let mut k = j + 2;
                        let hi = if p[k] == b'\\' && k + 1 < p.len() {
                            k += 1;
                            p[k]
                        } else {
                            p[k]
                        };
                        items.push((lo, hi));
                        j = k + 1;
                    } else {
                        items.push((lo, lo));
                        j += 1;
                    }
                }
                if closed {
                    toks.push(Tok::Class { negated, items });
                    i = j;
                } else {
                    toks.push(Tok::Byte(b'['));
                    i += 1;
                }
            }
            _ => {
                toks.push(Tok::Byte(c));
                i += 1;
            }
        }
    }
    toks
}

/// git's `wildmatch`: `*`, `?`, `[…]` (with `!`/`^`, ranges, `\` escapes); with `pathname`
/// (`WM_PATHNAME`) `*` and `?` do not match `/` and `**` between slashes matches directories.
/// Time is bounded by pattern length × name length (no backtracking blow-up).
pub fn wildmatch(pattern: &[u8], text: &[u8], pathname: bool) -> bool {
    let toks = tokenize(pattern, pathname);
    // reach[j]: the tokens so far can consume exactly text[..j]
    let mut reach = vec![false; text.len() + 1];
    reach[0] = true;
    for tok in &toks {
        let mut next = vec![false; text.len() + 1];
        match tok {
            Tok::Star { slash } => {
                let mut on = false;
                for j in 0..=text.len() {
                    if reach[j] {
                        on = true;
                    }
                    next[j] = on;
                    if j < text.len() && !slash && text[j] == b'/' {
                        on = false;
                    }
                }
            }
            Tok::Dirs => {
                for j in 0..=text.len() {
                    if !reach[j] {
                        continue;
                    }
                    next[j] = true;
                    for k in j..text.len() {
                        if text[k] == b'/' {
                            next[k + 1] = true;
                        }
                    }
                }
            }
            _ => {
                for j in 0..text.len() {
                    if !reach[j] {
                        continue;
                    }
                    let c = text[j];
                    let ok = match tok {
                        Tok::Byte(b) => *b == c,
                        Tok::One => !(pathname && c == b'/'),
                        Tok::Class { negated, items } => {
                            !(pathname && c == b'/')
                                && items.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
                        }
                        _ => false,
                    };
                    if ok {
                        next[j + 1] = true;
                    }
                }
            }
        }
        reach = next;
    }
    reach[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildmatch_follows_pathname_rules() {
        assert!(wildmatch(b"refs/heads/*", b"refs/heads/main", true));
        assert!(!wildmatch(b"refs/heads/*", b"refs/heads/a/b", true));
        assert!(wildmatch(b"refs/heads/*", b"refs/heads/a/b", false));
        assert!(wildmatch(b"refs/**/b", b"refs/heads/a/b", true));
        assert!(wildmatch(b"refs/**/b", b"refs/b", true));
        assert!(wildmatch(b"v[0-9].?", b"v1.0", true));
        assert!(!wildmatch(b"v[!0-9]*", b"v1.0", true));
        assert!(wildmatch(b"a\\*", b"a*", true));
        assert!(!wildmatch(b"a\\*", b"ab", true));
        let long = vec![b'a'; 200];
        assert!(!wildmatch(b"*a*a*a*a*a*a*a*a*b", &long, false));
    }
}
