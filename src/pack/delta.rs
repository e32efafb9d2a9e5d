//! Git's delta format: how a packed object is rebuilt from a base object and instructions.
//!
//! ```text
//! base size    varint (7 bits per byte, little-endian, MSB = more)
//! result size  varint
//! instructions, until the delta ends:
//!   1xxxxxxx  copy: bits 0-3 say which of 4 offset bytes follow, bits 4-6 which of 3 size
//!             bytes follow (little-endian); copy base[offset .. offset+size] (size 0 = 0x10000)
//!   0nnnnnnn  insert: the next n (1..=127) bytes of the delta are appended as they are
//!   00000000  reserved: an error
//! ```
//!
//! Everything here is pure and checked: a copy past the end of the base, an insert past the end
//! of the delta, a result longer or shorter than announced, or an announced size over the limit
//! is a [`DecodeError`], never a panic.

use crate::cursor::{reword, Cursor, What};
use crate::object::DecodeError;

/// The base size and result size at the start of a delta, and the offset where the instructions
/// begin. Needs only the first few bytes of the delta (at most 20).
pub fn parse_sizes(delta: &[u8]) -> Result<(u64, u64, usize), DecodeError> {
    let mut c = Cursor::new(delta);
    let (base, result) = sizes(&mut c)?;
    Ok((base, result, c.position()))
}

fn sizes(c: &mut Cursor<'_>) -> Result<(u64, u64), DecodeError> {
    let size = |c: &mut Cursor<'_>| {
        c.delta_size().map_err(|e| {
            reword(
                e,
                "delta header is truncated",
                "delta size does not fit in 64 bits",
            )
        })
    };
    Ok((size(c)?, size(c)?))
}

/// Applies `delta` to `base`, writing the result into `out` (cleared first). The announced
/// result size must not exceed `max_size`.
pub fn apply(
    base: &[u8],
    delta: &[u8],
    out: &mut Vec<u8>,
    max_size: u64,
) -> Result<(), DecodeError> {
    let mut c = Cursor::new(delta);
    let (base_size, result_size) = sizes(&mut c)?;
    if base_size != base.len() as u64 {
        return Err(DecodeError::new(
            0,
            "delta base size does not match the base object",
        ));
    }
    if result_size > max_size {
        return Err(DecodeError::new(
            0,
            "delta result size exceeds the object size limit",
        ));
    }
    let result_size = usize::try_from(result_size)
        .map_err(|_| DecodeError::new(0, "delta result size does not fit in memory"))?;
    out.clear();
    out.try_reserve_exact(result_size)
        .map_err(|_| DecodeError::new(0, "delta result size does not fit in memory"))?;
    let mut ops = Instructions { c };
    for step in ops.by_ref() {
        let (at, instruction) = step?;
        let piece = match instruction {
            Instruction::Copy { offset, size } => offset
                .checked_add(size)
                .and_then(|end| base.get(offset..end))
                .ok_or(DecodeError::new(
                    at,
                    "delta copies past the end of the base",
                ))?,
            Instruction::Insert(bytes) => bytes,
        };
        if piece.len() > result_size.saturating_sub(out.len()) {
            return Err(DecodeError::new(
                at,
                "delta result is longer than announced",
            ));
        }
        out.extend_from_slice(piece);
    }
    if out.len() != result_size {
        return Err(DecodeError::new(
            ops.c.position(),
            "delta result is shorter than announced",
        ));
    }
    Ok(())
}

/// One delta instruction, as [`instructions`] decodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instruction<'a> {
    /// Append `base[offset .. offset + size]`.
    Copy {
        /// Where the copied bytes start in the base.
        offset: usize,
        /// How many bytes are copied.
        size: usize,
    },
    /// Append these bytes of the delta itself.
    Insert(&'a [u8]),
}

/// The instructions of `delta` after its two sizes, each with the offset in the delta where it
/// starts; the one decoder behind [`apply`]. A truncated instruction or the reserved opcode 0
/// ends the iteration with an error.
pub fn instructions(delta: &[u8]) -> Result<Instructions<'_>, DecodeError> {
    let mut c = Cursor::new(delta);
    sizes(&mut c)?;
    Ok(Instructions { c })
}

/// Iterator over a delta's instructions: see [`instructions`].
#[derive(Debug, Clone)]
pub struct Instructions<'a> {
    c: Cursor<'a>,
}

impl<'a> Iterator for Instructions<'a> {
    type Item = Result<(usize, Instruction<'a>), DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let at = self.c.position();
        let op = self.c.next_u8()?;
        let step = if op & 0x80 != 0 {
            copy_operands(&mut self.c, op)
                .map(|(offset, size)| Instruction::Copy { offset, size })
                .map_err(|_| DecodeError::new(at, "delta copy instruction is truncated"))
        } else if op != 0 {
            self.c
                .bytes(usize::from(op))
                .what("delta inserts past its own end")
                .map(Instruction::Insert)
        } else {
            Err(DecodeError::new(at, "delta instruction 0 is reserved"))
        };
        if step.is_err() {
            // nothing after a bad instruction can be read
            self.c = Cursor::new(&[]);
        }
        Some(step.map(|i| (at, i)))
    }
}

/// The offset and size of a copy instruction `op`: bits 0-3 say which little-endian offset
/// bytes follow, bits 4-6 which size bytes; a size of 0 means 0x10000.
#[inline]
fn copy_operands(c: &mut Cursor<'_>, op: u8) -> Result<(usize, usize), DecodeError> {
    let mut offset = 0u32;
    for i in 0..4 {
        if op & (1 << i) != 0 {
            offset |= u32::from(c.u8()?) << (8 * i);
        }
    }
    let mut size = 0u32;
    for i in 0..3 {
        if op & (0x10 << i) != 0 {
            size |= u32::from(c.u8()?) << (8 * i);
        }
    }
    if size == 0 {
        size = 0x10000;
    }
    Ok((offset as usize, size as usize))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn encode_varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    /// A delta that copies all of `base` (if `copy`) then inserts `insert` (< 128 bytes).
    pub(crate) fn make_delta(base_len: usize, copy: bool, insert: &[u8]) -> Vec<u8> {
        let mut d = Vec::new();
        encode_varint(base_len as u64, &mut d);
        let result = if copy { base_len } else { 0 } + insert.len();
        encode_varint(result as u64, &mut d);
        if copy && base_len > 0 {
            assert!(base_len < 0x10000);
            d.extend_from_slice(&[
                0x80 | 0x10 | 0x20,
                (base_len & 0xff) as u8,
                (base_len >> 8) as u8,
            ]);
        }
        if !insert.is_empty() {
            d.push(insert.len() as u8);
            d.extend_from_slice(insert);
        }
        d
    }

    #[test]
    fn copy_and_insert_rebuild_the_result() {
        let base = b"hello world";
        let d = make_delta(base.len(), true, b"!!");
        let mut out = Vec::new();
        apply(base, &d, &mut out, u64::MAX).unwrap();
        assert_eq!(out, b"hello world!!");
    }

    #[test]
    fn copy_with_offset_and_default_size() {
        let base = vec![7u8; 0x10000 + 5];
        let mut d = Vec::new();
        encode_varint(base.len() as u64, &mut d);
        encode_varint(0x10000 + 1, &mut d);
        d.extend_from_slice(&[0x81, 5, 1, b'x']);
        let mut out = Vec::new();
        apply(&base, &d, &mut out, u64::MAX).unwrap();
        assert_eq!(out.len(), 0x10001);
        assert_eq!(out.last(), Some(&b'x'));
    }

    #[test]
    fn delta_copy_past_base_end_is_an_error() {
        let mut d = Vec::new();
        encode_varint(4, &mut d);
        encode_varint(5, &mut d);
        d.extend_from_slice(&[0x91, 1, 4]);
        assert!(apply(b"abcd", &d, &mut Vec::new(), u64::MAX).is_err());
    }

    #[test]
    fn delta_insert_past_delta_end_is_an_error() {
        let mut d = Vec::new();
        encode_varint(0, &mut d);
        encode_varint(5, &mut d);
        d.extend_from_slice(&[5, b'a', b'b']);
        assert!(apply(b"", &d, &mut Vec::new(), u64::MAX).is_err());
    }

    #[test]
    fn delta_result_size_mismatch_is_an_error() {
        let mut d = make_delta(3, true, b"x");
        d[1] = 5; // announces 5, produces 4
        assert!(apply(b"abc", &d, &mut Vec::new(), u64::MAX).is_err());
        d[1] = 3; // announces 3, produces 4
        assert!(apply(b"abc", &d, &mut Vec::new(), u64::MAX).is_err());
    }

    #[test]
    fn instructions_list_copies_and_inserts_with_their_offsets() {
        let d = make_delta(11, true, b"!!");
        let ops: Vec<_> = instructions(&d).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(
            ops,
            vec![
                (
                    2,
                    Instruction::Copy {
                        offset: 0,
                        size: 11
                    }
                ),
                (5, Instruction::Insert(b"!!")),
            ]
        );
        let mut bad = make_delta(0, false, b"");
        bad.extend_from_slice(&[0, 1]);
        let mut it = instructions(&bad).unwrap();
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }

    #[test]
    fn delta_instruction_zero_is_an_error() {
        let d = [0u8, 0, 0];
        assert!(apply(b"", &d, &mut Vec::new(), u64::MAX).is_err());
    }

    #[test]
    fn delta_base_size_mismatch_and_size_limit_are_errors() {
        let d = make_delta(3, true, b"x");
        assert!(apply(b"abcd", &d, &mut Vec::new(), u64::MAX).is_err());
        assert!(apply(b"abc", &d, &mut Vec::new(), 3).is_err());
        let mut huge = Vec::new();
        encode_varint(0, &mut huge);
        encode_varint(u64::MAX, &mut huge);
        assert!(apply(b"", &huge, &mut Vec::new(), u64::MAX).is_err());
    }

    #[test]
    fn overlong_varints_are_errors() {
        assert!(parse_sizes(&[0xff; 11]).is_err());
        assert!(parse_sizes(&[0x80]).is_err());
        assert!(
            parse_sizes(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]).is_err()
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_deltas_never_panic(base in proptest::collection::vec(0u8..4, 0..64),
                                        delta in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let _ = apply(&base, &delta, &mut Vec::new(), 1 << 20);
        }
    }
}
