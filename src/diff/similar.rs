//! How similar two files are, as git's `diffcore-delta` estimates it: each file is cut into
//! chunks (a line, or 64 bytes when no newline comes sooner; a CR before LF ignored in text),
//! each chunk hashed, and the bytes of the chunks the new file shares with the old one counted.

/// git's full similarity score (100%).
pub(crate) const MAX_SCORE: u64 = 60_000;

/// A prime between 2^16 and 2^17: chunk hashes are taken modulo it.
const HASHBASE: u32 = 107_927;

/// How many leading bytes git looks at for a NUL to call a file binary.
const FIRST_FEW_BYTES: usize = 8000;

/// A file's chunk hashes with the bytes each accounts for, sorted by hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Counts {
    /// The file's size in bytes.
    pub(crate) size: u64,
    spans: Vec<(u32, u64)>,
}

impl Counts {
    /// Cuts `data` into chunks and counts them (git's `hash_chars`). Bytes after the last
    /// newline, in a chunk shorter than 64 bytes, are not counted, as in git.
    pub(crate) fn of(data: &[u8]) -> Counts {
        let is_text = !data.iter().take(FIRST_FEW_BYTES).any(|&b| b == 0);
        let mut spans: std::collections::HashMap<u32, u64> = std::collections::HashMap::new();
        let (mut accum1, mut accum2) = (0u32, 0u32);
        let mut n = 0u64;
        for (i, &c) in data.iter().enumerate() {
            if is_text && c == b'\r' && data.get(i + 1) == Some(&b'\n') {
                continue;
            }
            let old_1 = accum1;
            accum1 = (accum1 << 7) ^ (accum2 >> 25);
            accum2 = (accum2 << 7) ^ (old_1 >> 25);
            accum1 = accum1.wrapping_add(u32::from(c));
            n += 1;
            if n < 64 && c != b'\n' {
                continue;
            }
            let hash = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
            *spans.entry(hash).or_default() += n;
            n = 0;
            accum1 = 0;
            accum2 = 0;
        }
        let mut spans: Vec<(u32, u64)> = spans.into_iter().collect();
        spans.sort_unstable();
        Counts {
            size: data.len() as u64,
            spans,
        }
    }

    /// How many bytes of `self` (the old file) `new` kept (git's `src_copied`).
    pub(crate) fn copied_into(&self, new: &Counts) -> u64 {
        let mut copied = 0;
        let mut d = new.spans.iter().peekable();
        for &(hash, src_count) in &self.spans {
            while d.next_if(|&&(h, _)| h < hash).is_some() {}
            if let Some(&(_, dst_count)) = d.next_if(|&&(h, _)| h == hash) {
                copied += src_count.min(dst_count);
            }
        }
        copied
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_is_copied_whole_but_for_an_unterminated_tail() {
        let a = Counts::of(b"one\ntwo\nthree\n");
        assert_eq!(a.copied_into(&a), 14);
        let b = Counts::of(b"one\ntwo\ntail");
        assert_eq!(b.copied_into(&b), 8);
    }

    #[test]
    fn crlf_counts_as_lf_in_text_only() {
        let lf = Counts::of(b"a\nb\n");
        let crlf = Counts::of(b"a\r\nb\r\n");
        assert_eq!(lf.copied_into(&crlf), 4);
        let binary = Counts::of(b"\0a\r\n");
        assert_eq!(binary.spans.iter().map(|s| s.1).sum::<u64>(), 4);
    }

    #[test]
    fn long_lines_are_cut_every_64_bytes() {
        let long = Counts::of(&[b'x'; 130]);
        assert_eq!(long.spans, vec![(long.spans[0].0, 128)]);
    }
}
