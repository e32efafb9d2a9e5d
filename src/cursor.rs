//! [`Cursor`]: the panic-free byte reader every binary parser uses (`.idx`, pack entries,
//! deltas, `verify-pack`).
//!
//! A cursor is a slice that shrinks from the front as it is read. Every read returns a
//! `Result`: asking for more bytes than are left is a [`DecodeError`] at the offset where the
//! read started, never a panic, and the cursor is left where it was. So a parser built on it
//! tracks no positions of its own and indexes no slice: the bounds are the cursor's business.
//!
//! Besides fixed-width big-endian integers it reads git's three variable-length integers:
//!
//! ```text
//! pack entry header   1TTTSSSS 1SSSSSSS ... 0SSSSSSS   type T (3 bits), size S little-endian:
//!                                                      4 bits, then 7 per byte; MSB = more
//! OFS_DELTA distance  1DDDDDDD ... 0DDDDDDD            big-endian 7 bits per byte, and every
//!                                                      continuation adds one: (d+1) << 7 | next
//! delta size          1SSSSSSS ... 0SSSSSSS            little-endian 7 bits per byte; MSB = more
//! ```
//!
//! A value that does not fit in 64 bits is an error, not a silent wrap.
//!
//! ```
//! use gitstore::cursor::Cursor;
//!
//! // a blob entry of 300 bytes: type 3, size 300 = 0b1_0010_1100
//! let mut c = Cursor::new(&[0xbc, 0x12, 0xde, 0xad]);
//! assert_eq!(c.entry_type_and_size()?, (3, 300));
//! assert_eq!(c.position(), 2);
//! assert_eq!(c.bytes(2)?, &[0xde, 0xad]);
//! assert!(c.u8().is_err()); // nothing left: an error, not a panic
//! # Ok::<(), gitstore::error::DecodeError>(())
//! ```

use crate::object::DecodeError;

/// What a read that runs out of input reports.
pub const TRUNCATED: &str = "input ends early";
/// What a variable-length integer longer than 64 bits reports.
pub const TOO_BIG: &str = "variable-length integer does not fit in 64 bits";

/// A checked reader over a byte slice: every read is bounds-checked and returns a `Result`.
#[derive(Debug, Clone, Copy)]
pub struct Cursor<'a> {
    bytes: &'a [u8],
    /// The next byte to read; never past `bytes.len()`.
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    /// A cursor at offset `at` of `bytes`; an error if `at` is past the end.
    pub fn at(bytes: &'a [u8], at: usize) -> Result<Self, DecodeError> {
        let mut c = Cursor::new(bytes);
        c.skip(at)?;
        Ok(c)
    }

    /// Bytes read (or skipped) so far: the offset of the next byte in the whole input.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left to read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// Whether every byte has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The bytes not read yet (the cursor does not move).
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    #[inline]
    fn truncated(&self) -> DecodeError {
        DecodeError::new(self.pos, TRUNCATED)
    }

    /// The next byte, or `None` at the end (for loops that stop at the end of input).
    #[inline]
    pub fn next_u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// Reads one byte.
    #[inline]
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        self.next_u8().ok_or_else(|| self.truncated())
    }

    /// Reads `n` bytes.
    #[inline]
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.truncated())?;
        let head = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.truncated())?;
        self.pos = end;
        Ok(head)
    }

    /// Reads exactly `N` bytes into an array.
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(N)?);
        Ok(out)
    }

    /// Reads a big-endian `u32`.
    #[inline]
    pub fn be_u32(&mut self) -> Result<u32, DecodeError> {
        self.array().map(u32::from_be_bytes)
    }

    /// Reads a big-endian `u64`.
    #[inline]
    pub fn be_u64(&mut self) -> Result<u64, DecodeError> {
        self.array().map(u64::from_be_bytes)
    }

    /// Skips `n` bytes.
    #[inline]
    pub fn skip(&mut self, n: usize) -> Result<(), DecodeError> {
        self.bytes(n).map(|_| ())
    }

    /// Reads a pack entry header's type and size: `(type code 0..=7, size)`.
    #[inline]
    pub fn entry_type_and_size(&mut self) -> Result<(u8, u64), DecodeError> {
        let start = self.pos;
        let first = self.u8()?;
        let code = (first >> 4) & 7;
        let mut size = u64::from(first & 0x0f);
        let mut shift = 4u32;
        let mut b = first;
        while b & 0x80 != 0 {
            b = match self.next_u8() {
                Some(b) => b,
                None => return Err(self.fail_at(start, self.pos, TRUNCATED)),
            };
            let bits = u64::from(b & 0x7f);
            if shift > 63 || bits >> (64 - shift) != 0 {
                return Err(self.fail_at(start, self.pos.saturating_sub(1), TOO_BIG));
            }
            size |= bits << shift;
            shift += 7;
        }
        Ok((code, size))
    }

    /// Reads an OFS_DELTA entry's distance back to its base (git's "offset encoding": each
    /// continuation byte adds one before shifting, so every value has exactly one encoding).
    #[inline]
    pub fn ofs_delta_distance(&mut self) -> Result<u64, DecodeError> {
        let start = self.pos;
        let mut byte = self.u8()?;
        let mut value = u64::from(byte & 0x7f);
        while byte & 0x80 != 0 {
            byte = match self.next_u8() {
                Some(b) => b,
                None => return Err(self.fail_at(start, self.pos, TRUNCATED)),
            };
            value = match value.checked_add(1).and_then(|v| v.checked_mul(128)) {
                Some(v) => v | u64::from(byte & 0x7f),
                None => return Err(self.fail_at(start, self.pos.saturating_sub(1), TOO_BIG)),
            };
        }
        Ok(value)
    }

    /// Reads one of the two sizes that start a delta (little-endian base-128, MSB = more).
    #[inline]
    pub fn delta_size(&mut self) -> Result<u64, DecodeError> {
        let start = self.pos;
        let mut value = 0u64;
        let mut shift = 0u32;
        loop {
            let b = match self.next_u8() {
                Some(b) => b,
                None => return Err(self.fail_at(start, self.pos, TRUNCATED)),
            };
            let bits = u64::from(b & 0x7f);
            if shift > 63 || (shift > 0 && bits >> (64 - shift) != 0) {
                return Err(self.fail_at(start, self.pos.saturating_sub(1), TOO_BIG));
            }
            value |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    /// A failed read: the cursor goes back to `start`, the error names `at`.
    #[cold]
    fn fail_at(&mut self, start: usize, at: usize, what: &'static str) -> DecodeError {
        self.pos = start;
        DecodeError::new(at, what)
    }
}

/// A variable-length integer's read error in the parser's words: `truncated` when the input
/// ends, `too_big` when the value overflows (kept out of line: it is never the hot path).
#[cold]
#[inline(never)]
pub(crate) fn reword(
    e: DecodeError,
    truncated: &'static str,
    too_big: &'static str,
) -> DecodeError {
    let what = if e.what == TOO_BIG {
        too_big
    } else {
        truncated
    };
    DecodeError::new(e.offset, what)
}

/// Gives a cursor error the parser's own words, keeping its offset.
pub(crate) trait What<T> {
    /// Replaces the error's `what`.
    fn what(self, what: &'static str) -> Result<T, DecodeError>;
}

impl<T> What<T> for Result<T, DecodeError> {
    #[inline]
    fn what(self, what: &'static str) -> Result<T, DecodeError> {
        self.map_err(|e| reword(e, what, what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le_varint(mut v: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return out;
            }
            out.push(b | 0x80);
        }
    }

    fn ofs_encode(mut v: u64) -> Vec<u8> {
        let mut out = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v != 0 {
            v -= 1;
            out.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        out.reverse();
        out
    }

    #[test]
    fn fixed_width_reads_and_position() {
        let bytes = [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 9];
        let mut c = Cursor::new(&bytes);
        assert_eq!(c.u8().unwrap(), 1);
        assert_eq!(c.position(), 1);
        c = Cursor::at(&bytes, 1).unwrap();
        assert_eq!(c.be_u32().unwrap(), 2 << 24);
        assert_eq!(c.be_u64().unwrap(), 1);
        assert_eq!(c.remaining(), 2);
        assert_eq!(c.array::<1>().unwrap(), [3]);
        c.skip(1).unwrap();
        assert!(c.is_empty());
        assert_eq!(c.next_u8(), None);
        assert!(Cursor::at(&bytes, 15).is_ok());
        assert!(Cursor::at(&bytes, 16).is_err());
    }

    #[test]
    fn a_short_read_fails_at_its_start_and_does_not_move() {
        let mut c = Cursor::new(&[1, 2, 3]);
        c.skip(1).unwrap();
        assert_eq!(c.be_u32().unwrap_err(), DecodeError::new(1, TRUNCATED));
        assert_eq!(c.bytes(3).unwrap_err().offset, 1);
        assert!(c.skip(usize::MAX).is_err());
        assert_eq!(c.position(), 1);
        assert_eq!(c.rest(), &[2, 3]);
    }

    #[test]
    fn entry_type_and_size_reads_git_examples() {
        assert_eq!(Cursor::new(&[0x3f]).entry_type_and_size().unwrap(), (3, 15));
        assert_eq!(
            Cursor::new(&[0x95, 0x0a]).entry_type_and_size().unwrap(),
            (1, 5 + (10 << 4))
        );
        // 4 + 7 * 8 = 60 bits, then 4 more fit; a fifth bit does not
        let mut max = vec![0xff; 9];
        max.push(0x0f);
        assert_eq!(
            Cursor::new(&max).entry_type_and_size().unwrap(),
            (7, u64::MAX)
        );
        let mut over = vec![0xff; 9];
        over.push(0x1f);
        assert_eq!(
            Cursor::new(&over).entry_type_and_size().unwrap_err(),
            DecodeError::new(9, TOO_BIG)
        );
        let mut c = Cursor::new(&[0x95]);
        assert!(c.entry_type_and_size().is_err());
        assert_eq!(c.position(), 0);
    }

    #[test]
    fn ofs_delta_distance_adds_one_per_continuation() {
        assert_eq!(Cursor::new(&[10]).ofs_delta_distance().unwrap(), 10);
        assert_eq!(Cursor::new(&[0x80, 5]).ofs_delta_distance().unwrap(), 133);
        for v in [0, 127, 128, 16511, 16512, 1 << 40, u64::MAX] {
            let enc = ofs_encode(v);
            let mut c = Cursor::new(&enc);
            assert_eq!(c.ofs_delta_distance().unwrap(), v, "{v}");
            assert!(c.is_empty());
        }
        assert!(Cursor::new(&[0xff; 11]).ofs_delta_distance().is_err());
        assert!(Cursor::new(&[0x80]).ofs_delta_distance().is_err());
    }

    #[test]
    fn delta_size_round_trips_and_refuses_overlong_values() {
        for v in [0, 1, 127, 128, 300, 1 << 35, u64::MAX] {
            let enc = le_varint(v);
            assert_eq!(Cursor::new(&enc).delta_size().unwrap(), v);
        }
        assert!(Cursor::new(&[0xff; 11]).delta_size().is_err());
        assert!(Cursor::new(&[0x80]).delta_size().is_err());
        let mut over = vec![0xff; 9];
        over.push(0x7f);
        assert_eq!(
            Cursor::new(&over).delta_size().unwrap_err(),
            DecodeError::new(9, TOO_BIG)
        );
    }

    #[test]
    fn what_keeps_the_offset() {
        let e = Cursor::at(&[1, 2], 2).unwrap().u8().what("x").unwrap_err();
        assert_eq!(e, DecodeError::new(2, "x"));
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_a_cursor_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
                                         ops in proptest::collection::vec(0u8..10, 0..20),
                                         n in 0usize..64) {
            let mut c = Cursor::new(&bytes);
            for op in ops {
                let before = c.position();
                let ok = match op {
                    0 => c.u8().is_ok(),
                    1 => c.be_u32().is_ok(),
                    2 => c.be_u64().is_ok(),
                    3 => c.bytes(n).is_ok(),
                    4 => c.skip(n).is_ok(),
                    5 => c.entry_type_and_size().is_ok(),
                    6 => c.ofs_delta_distance().is_ok(),
                    7 => c.delta_size().is_ok(),
                    8 => c.array::<20>().is_ok(),
                    _ => c.next_u8().is_some(),
                };
                // a failed read leaves the cursor where it was
                if !ok {
                    proptest::prop_assert_eq!(c.position(), before);
                }
                proptest::prop_assert_eq!(c.position() + c.remaining(), bytes.len());
            }
        }
    }
}
