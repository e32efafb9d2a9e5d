//! git's `stripspace`: the cleanup of a message (`git tag -m`, `git commit`).
//!
//! ```
//! use gitstore::stripspace::stripspace;
//! assert_eq!(stripspace(b"subject  \n\n\n# comment\nbody", true), b"subject\n\nbody\n");
//! ```

use bstr::ByteSlice;

/// git's `stripspace` (the `strip` cleanup of `git tag -m` and `git commit`): trailing
/// whitespace removed from every line, runs of blank lines squeezed to one, blank lines at the
/// start and end dropped, lines starting with `#` dropped when `strip_comments`, and a final
/// newline added to a non-empty result.
pub fn stripspace(msg: &[u8], strip_comments: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(msg.len() + 1);
    let mut blank_pending = false;
    for line in msg.lines() {
        if strip_comments && line.starts_with(b"#") {
            continue;
        }
        let trimmed = line.trim_end_with(|c| c.is_ascii_whitespace());
        if trimmed.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push(b'\n');
            blank_pending = false;
        }
        out.extend_from_slice(trimmed);
        out.push(b'\n');
    }
    out
}

/// git's `format_sanitized_subject` (`%f`): letters, digits, `.` and `_` kept, runs of anything
/// else one `-`, runs of `.` one `.`, no `.` or `-` at the end; appended to `out`. Shared by
/// `log`'s `%f` and `for-each-ref`'s `%(subject:sanitize)`.
pub fn sanitize_subject(subject: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let mut space = 2;
    let mut i = 0;
    while let Some(&c) = subject.get(i) {
        let c = if c == b'\n' { b' ' } else { c };
        if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' {
            if space == 1 {
                out.push(b'-');
            }
            space = 0;
            out.push(c);
            if c == b'.' {
                while subject.get(i + 1) == Some(&b'.') {
                    i += 1;
                }
            }
        } else {
            space |= 1;
        }
        i += 1;
    }
    while out.len() > start && matches!(out.last(), Some(b'.' | b'-')) {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripspace_cleans_messages_like_git() {
        assert_eq!(
            stripspace(b"  hi  \n\n\n# c\nthere", true),
            b"  hi\n\nthere\n"
        );
        assert_eq!(stripspace(b"\n\n", true), b"");
        assert_eq!(stripspace(b"msg", false), b"msg\n");
    }
}
