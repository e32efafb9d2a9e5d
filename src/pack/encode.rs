//! Writing the variable-length numbers of a pack entry's header: the inverse of
//! [`parse_entry_header`](super::data::parse_entry_header), shared by everything that writes
//! pack entries (index-pack's `--fix-thin` appends, the pack writer).
//!
//! ```text
//! type and size   1TTTSSSS 1SSSSSSS ... 0SSSSSSS   the low 4 size bits beside the type code,
//!                                                  then 7 bits a byte, least significant first
//! OFS_DELTA       1DDDDDDD ... 0DDDDDDD            distance back to the base, most significant
//!                                                  first; each continuation byte means one more
//! ```

/// Appends the entry header for type code `code` (1-4, 6, 7) and inflated `size`: the low four
/// bits of the size beside the type, then 7 bits a byte, least significant first.
pub fn push_entry_header(out: &mut Vec<u8>, code: u8, size: u64) {
    let mut byte = ((code & 0x07) << 4) | (size & 0x0f) as u8;
    let mut rest = size >> 4;
    while rest != 0 {
        out.push(byte | 0x80);
        byte = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(byte);
}

/// Appends an OFS_DELTA's distance back to its base: big-endian base-128 where every
/// continuation byte stands for one more than its value (git's "offset encoding").
pub fn push_ofs_distance(out: &mut Vec<u8>, distance: u64) {
    // least significant group first, reversed at the end: at most 10 groups of 7 bits
    let mut groups = [0u8; 10];
    let mut len = 0;
    let mut ofs = distance;
    for slot in groups.iter_mut() {
        *slot = (ofs & 0x7f) as u8 | if len == 0 { 0 } else { 0x80 };
        len += 1;
        ofs >>= 7;
        if ofs == 0 {
            break;
        }
        ofs -= 1;
    }
    out.extend(groups.iter().take(len).rev());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::data::{parse_entry_header, EntryKind};

    const SIZES: [u64; 9] = [0, 1, 15, 16, 127, 128, 2047, 1 << 35, u64::MAX];

    #[test]
    fn entry_headers_parse_back_to_their_type_and_size() {
        for code in [1u8, 2, 3, 4] {
            for size in SIZES {
                let mut out = Vec::new();
                push_entry_header(&mut out, code, size);
                let h = parse_entry_header(&out, 0).unwrap();
                assert_eq!((h.size, h.header_len), (size, out.len()));
                assert!(matches!(h.kind, EntryKind::Base(k) if k.pack_code() == code));
            }
        }
    }

    #[test]
    fn ofs_distances_parse_back() {
        for distance in [1u64, 127, 128, 16_511, 16_512, 1 << 40, (1 << 62) + 12345] {
            let offset = distance + 7;
            let mut out = Vec::new();
            push_entry_header(&mut out, 6, 3);
            push_ofs_distance(&mut out, distance);
            let h = parse_entry_header(&out, offset).unwrap();
            assert_eq!(h.header_len, out.len());
            assert_eq!(h.kind, EntryKind::OfsDelta { base_offset: 7 });
        }
    }

    #[test]
    fn encodings_match_git() {
        let mut out = Vec::new();
        push_entry_header(&mut out, 3, 300);
        assert_eq!(out, [0xbc, 0x12]);
        out.clear();
        push_ofs_distance(&mut out, 128);
        assert_eq!(out, [0x80, 0x00]);
    }
}
