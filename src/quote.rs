//! Shell quoting as git writes it (`quote.c`'s `sq_quote_buf`): a word in single quotes, each
//! `'` written `'\''` and each `!` written `'\!'`, so that any POSIX shell (and csh, for `!`)
//! reads the word back unchanged.
//!
//! ```text
//! it's!  ->  'it'\''s'\!''
//! ```

/// Appends `word`, single-quoted for the shell, to `out`.
pub fn sq_quote_buf(out: &mut Vec<u8>, word: &[u8]) {
    out.push(b'\'');
    for &c in word {
        match c {
            b'\'' | b'!' => {
                out.extend_from_slice(b"'\\");
                out.push(c);
                out.push(b'\'');
            }
            _ => out.push(c),
        }
    }
    out.push(b'\'');
}

/// Appends each word, quoted, each preceded by a space (git's `sq_quote_argv`).
pub fn sq_quote_argv<W: AsRef<[u8]>>(out: &mut Vec<u8>, words: &[W]) {
    for word in words {
        out.push(b' ');
        sq_quote_buf(out, word.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_bangs_leave_the_quotes() {
        let mut out = Vec::new();
        sq_quote_argv(&mut out, &["a b", "it's!", ""]);
        assert_eq!(out, b" 'a b' 'it'\\''s'\\!'' ''");
    }
}
