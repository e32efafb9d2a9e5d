//! The bytes of one pack entry as git's `write_object` lays them out: the type-and-size header,
//! the OFS_DELTA distance or REF_DELTA base id, then the zlib stream. Pure functions; the
//! writer around them counts offsets and CRC32s.

use crate::oid::ObjectId;
use flate2::{Compress, Compression, FlushCompress, Status};

pub use crate::pack::encode::{push_entry_header, push_ofs_distance};

/// Appends a REF_DELTA's base id.
pub fn push_ref_base(out: &mut Vec<u8>, base: &ObjectId) {
    out.extend_from_slice(base.as_bytes());
}

/// A zlib compressor kept for many entries: one state allocation instead of one per entry,
/// which also spares the allocator the churn that fragments the heap on big packs.
pub struct Deflater(Compress);

impl Deflater {
    /// A compressor at zlib `level` (git's `pack.compression`, default 6).
    pub fn new(level: u32) -> Self {
        Deflater(Compress::new(Compression::new(level.min(9)), true))
    }

    /// Appends `data` deflated, as one zlib stream, to `out`.
    pub fn deflate_into(&mut self, data: &[u8], out: &mut Vec<u8>) {
        self.0.reset();
        let start_in = self.0.total_in();
        loop {
            let consumed = (self.0.total_in() - start_in) as usize;
            out.reserve((data.len() - consumed) / 2 + 64);
            match self
                .0
                .compress_vec(&data[consumed..], out, FlushCompress::Finish)
            {
                Ok(Status::StreamEnd) => return,
                Ok(_) => {}
                // compressing into memory has no way to fail but a bug; stop rather than loop
                Err(_) => return,
            }
        }
    }
}

/// git's `pack_name_hash`: a hash of a path that sorts files with the same name ending
/// together (the last characters weigh most), whitespace ignored. 0 for no path.
///
/// ```
/// use gitstore::pack_write::name_hash;
/// assert_eq!(name_hash(b""), 0);
/// assert_eq!(name_hash(b"c"), u32::from(b'c') << 24);
/// assert_eq!(name_hash(b" c\n"), name_hash(b"c"));
/// ```
pub fn name_hash(path: &[u8]) -> u32 {
    let mut hash = 0u32;
    for &c in path {
        // git's own isspace: tab, newline, carriage return, space
        if matches!(c, b'\t' | b'\n' | b'\r' | b' ') {
            continue;
        }
        hash = (hash >> 2).wrapping_add(u32::from(c) << 24);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cursor::Cursor;

    #[test]
    fn entry_header_round_trips_through_the_reader() {
        for size in [0u64, 15, 16, 127, 128, 1 << 20, u64::from(u32::MAX) + 7] {
            let mut out = Vec::new();
            push_entry_header(&mut out, 3, size);
            let mut c = Cursor::new(&out);
            assert_eq!(c.entry_type_and_size().unwrap(), (3, size));
            assert_eq!(c.position(), out.len());
        }
    }

    #[test]
    fn ofs_distance_round_trips_through_the_reader() {
        for d in [1u64, 127, 128, 16_511, 16_512, 1 << 40] {
            let mut out = Vec::new();
            push_ofs_distance(&mut out, d);
            let mut c = Cursor::new(&out);
            assert_eq!(c.ofs_delta_distance().unwrap(), d);
            assert_eq!(c.position(), out.len());
        }
    }

    #[test]
    fn name_hash_is_gits() {
        // hash = (hash >> 2) + (c << 24) over "ab": 'a'<<24 then ('a'<<22) + ('b'<<24)
        let want = ((u32::from(b'a') << 24) >> 2).wrapping_add(u32::from(b'b') << 24);
        assert_eq!(name_hash(b"a b"), want);
    }
}
