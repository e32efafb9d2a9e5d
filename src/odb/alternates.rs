//! `objects/info/alternates`: other object directories whose objects this repository may use.
//!
//! One path per line, `#` comments, relative paths resolved against the `objects` directory that
//! holds the file, C-style quoted paths as git writes them. Nested alternates are followed up to
//! [`Limits::max_alternates_depth`](crate::Limits); a directory seen twice (a cycle) is skipped.

use bstr::ByteSlice;
use std::path::{Path, PathBuf};

/// Parses an alternates file's content; relative entries are joined to `objects_dir`.
pub fn parse(content: &[u8], objects_dir: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for line in content.lines() {
        let line = line.trim_end_with(|c| c == '\r');
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let raw = if line.starts_with(b"\"") {
            match unquote_c(line) {
                Some(p) => p,
                None => continue,
            }
        } else {
            line.to_vec()
        };
        let Ok(s) = raw.to_str() else { continue };
        let p = Path::new(s);
        dirs.push(if p.is_absolute() {
            p.to_path_buf()
        } else {
            objects_dir.join(p)
        });
    }
    dirs
}

/// [`unquote_c`] of the quoted string at the start of `s`, ignoring whatever follows its closing
/// quote, as git's `unquote_c_style` does without an end pointer (`mktree`, `--stdin-paths`).
pub fn unquote_c_prefix(s: &[u8]) -> Option<Vec<u8>> {
    let mut i = 1;
    while let Some(&b) = s.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return unquote_c(s.get(..=i)?),
            _ => i += 1,
        }
    }
    None
}

/// Undoes git's C-style quoting (`"a\tb\"c\\d\303\251"`); `None` when malformed.
pub fn unquote_c(quoted: &[u8]) -> Option<Vec<u8>> {
    let inner = quoted.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let next = *inner.get(i + 1)?;
        i += 2;
        out.push(match next {
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 11,
            b'\\' | b'"' => next,
            b'0'..=b'3' => {
                let d1 = *inner.get(i)?;
                let d2 = *inner.get(i + 1)?;
                if !(b'0'..=b'7').contains(&d1) || !(b'0'..=b'7').contains(&d2) {
                    return None;
                }
                i += 2;
                ((next - b'0') << 6) | ((d1 - b'0') << 3) | (d2 - b'0')
            }
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_relative_absolute_quoted_and_comments() {
        let dirs = parse(
            b"# comment\n/abs/objects\n../../other/.git/objects\n\"/q\\303\\251/x\"\n\n",
            Path::new("/repo/.git/objects"),
        );
        assert_eq!(
            dirs,
            vec![
                PathBuf::from("/abs/objects"),
                PathBuf::from("/repo/.git/objects/../../other/.git/objects"),
                PathBuf::from("/qé/x"),
            ]
        );
    }

    #[test]
    fn malformed_quotes_are_skipped() {
        assert!(parse(b"\"/unterminated\n\"\\9\"\n", Path::new("/o")).is_empty());
    }
}
