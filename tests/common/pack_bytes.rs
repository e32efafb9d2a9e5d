//! git's binary formats written by hand, for tests that build packs and loose objects git's own
//! tools would not write: size varints, pack entry headers, zlib streams.

use std::io::Write;

/// The size varint of a delta's header: seven bits a byte, least significant first, the top
/// bit set on every byte but the last.
pub fn varint(mut v: u64, out: &mut Vec<u8>) {
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

/// A pack entry header: the type `code` (1 commit … 4 tag, 6 OFS_DELTA, 7 REF_DELTA) and the
/// inflated `size`, in git's variable-length encoding.
pub fn entry_header(code: u8, size: u64, out: &mut Vec<u8>) {
    let mut b = (code << 4) | (size & 0x0f) as u8;
    let mut rest = size >> 4;
    while rest != 0 {
        out.push(b | 0x80);
        b = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(b);
}

/// `data` deflated into a zlib stream.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}
