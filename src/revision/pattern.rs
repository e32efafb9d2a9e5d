//! A small regular-expression matcher for `<rev>^{/text}` and `:/text`.
//!
//! git compiles these patterns as POSIX extended regular expressions and searches a commit's
//! message with them. gitstore supports the part of that syntax people use in practice:
//!
//! - literal bytes, and `\x` for a literal `x`;
//! - `.` (any byte, newlines included, as POSIX does without `REG_NEWLINE`);
//! - bracket expressions `[abc]`, `[a-z]`, `[^…]`;
//! - `^` and `$`, anchoring at the start and end of the whole message;
//! - the quantifiers `*`, `+` and `?` after any of those atoms.
//!
//! Groups, alternation and intervals (`( ) | { }`) are matched as literal characters. Matching
//! is a set-of-states simulation: time is linear in the message length times the pattern
//! length, whatever the pattern, and nothing recurses.

/// What one position of the pattern matches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Byte(u8),
    Any,
    Class {
        negated: bool,
        ranges: Vec<(u8, u8)>,
    },
    Start,
    End,
}

impl Atom {
    fn matches(&self, b: u8) -> bool {
        match self {
            Atom::Byte(c) => *c == b,
            Atom::Any => true,
            Atom::Class { negated, ranges } => {
                ranges.iter().any(|&(lo, hi)| lo <= b && b <= hi) != *negated
            }
            Atom::Start | Atom::End => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    One,
    Star,
    Optional,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    nodes: Vec<(Atom, Repeat)>,
}

impl Pattern {
    /// Compiles `pattern`; `None` when it is malformed (an unclosed `[`, a trailing `\`).
    pub fn new(pattern: &[u8]) -> Option<Pattern> {
        let mut nodes: Vec<(Atom, Repeat)> = Vec::new();
        let mut i = 0;
        while let Some(&c) = pattern.get(i) {
            i += 1;
            let atom = match c {
                b'.' => Atom::Any,
                b'^' => Atom::Start,
                b'$' => Atom::End,
                b'\\' => {
                    let &next = pattern.get(i)?;
                    i += 1;
                    Atom::Byte(next)
                }
                b'[' => {
                    let (atom, next) = parse_class(pattern, i)?;
                    i = next;
                    atom
                }
                b'*' | b'+' | b'?' if matches!(nodes.last(), Some((a, Repeat::One)) if !matches!(a, Atom::Start | Atom::End)) =>
                {
                    let last = nodes.last_mut()?;
                    match c {
                        b'*' => last.1 = Repeat::Star,
                        b'?' => last.1 = Repeat::Optional,
                        _ => {
                            let copy = (last.0.clone(), Repeat::Star);
                            nodes.push(copy);
                        }
                    }
                    continue;
                }
                other => Atom::Byte(other),
            };
            nodes.push((atom, Repeat::One));
        }
        Some(Pattern { nodes })
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &[u8]) -> bool {
        let n = self.nodes.len();
        let mut current = vec![false; n + 1];
        let mut next = vec![false; n + 1];
        for pos in 0..=text.len() {
            // a match may start at every position
            self.add(&mut current, 0, pos, text.len());
            if current[n] {
                return true;
            }
            let Some(&b) = text.get(pos) else {
                break;
            };
            next.iter_mut().for_each(|s| *s = false);
            for (state, (atom, repeat)) in self.nodes.iter().enumerate() {
                if !current[state] {
                    continue;
                }
                if atom.matches(b) {
                    if *repeat == Repeat::Star {
                        self.add(&mut next, state, pos + 1, text.len());
                    }
                    self.add(&mut next, state + 1, pos + 1, text.len());
                }
            }
            std::mem::swap(&mut current, &mut next);
            if current[n] {
                return true;
            }
        }
        false
    }

    /// Adds `state` and every state reachable from it without consuming a byte.
    fn add(&self, set: &mut [bool], state: usize, pos: usize, len: usize) {
        let mut state = state;
        loop {
            if set.get(state).copied().unwrap_or(true) {
                return;
            }
            set[state] = true;
            let Some((atom, repeat)) = self.nodes.get(state) else {
                return;
            };
            let passable = match atom {
                Atom::Start => pos == 0,
                Atom::End => pos == len,
                _ => *repeat != Repeat::One,
            };
            if !passable {
                return;
            }
            state += 1;
        }
    }
}

/// Parses a bracket expression whose `[` is just before `start`; returns the atom and the index
/// after its `]`.
fn parse_class(pattern: &[u8], start: usize) -> Option<(Atom, usize)> {
    let mut i = start;
    let negated = pattern.get(i) == Some(&b'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let &c = pattern.get(i)?;
        if c == b']' && !first {
            return Some((Atom::Class { negated, ranges }, i + 1));
        }
        first = false;
        i += 1;
        if pattern.get(i) == Some(&b'-') && pattern.get(i + 1).is_some_and(|&e| e != b']') {
            let &end = pattern.get(i + 1)?;
            ranges.push((c, end));
            i += 2;
        } else {
            ranges.push((c, c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::new(p.as_bytes()).unwrap().is_match(t.as_bytes())
    }

    #[test]
    fn literal_substring_matches_anywhere() {
        assert!(m("commit 3", "a commit 3\n"));
        assert!(!m("commit 4", "commit 3"));
        assert!(m("", "anything"));
    }

    #[test]
    fn anchors_apply_to_the_whole_message() {
        assert!(m("^commit", "commit 1\n\nbody"));
        assert!(!m("^body", "commit 1\n\nbody"));
        assert!(m("body$", "commit 1\n\nbody"));
        assert!(!m("^commit$", "commit 1"));
    }

    #[test]
    fn quantifiers_classes_and_dot() {
        assert!(m("co+mit", "coooomit"));
        assert!(!m("co+mit", "cmit"));
        assert!(m("colou?r", "color"));
        assert!(m("a.*z", "a\nb\nz"));
        assert!(m("[0-9][0-9]", "commit 12"));
        assert!(!m("[0-9][0-9]", "commit 1"));
        assert!(m("[^a-z ]", "abc 1"));
        assert!(m("x\\.y", "x.y"));
        assert!(!m("x\\.y", "xzy"));
        assert!(m("*a", "*a"));
    }

    #[test]
    fn malformed_patterns_are_refused() {
        assert!(Pattern::new(b"[abc").is_none());
        assert!(Pattern::new(b"abc\\").is_none());
    }

    #[test]
    fn pathological_pattern_is_linear() {
        let p = "a*".repeat(200) + "b";
        assert!(!m(&p, &"a".repeat(5000)));
    }
}
