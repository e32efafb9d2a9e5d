//! Packs built byte by byte for the tests of `index-pack` and `unpack-objects`: a sound one,
//! and one of each damage git must refuse (see `all`).

use super::pack_bytes::{entry_header, varint, zlib};
use gitstore::hash::{hash_object, FileChecksum};
use gitstore::Kind;

/// `PACK`, version 2, `count`, the entries, and the SHA-1 trailer.
pub fn seal(entries: &[Vec<u8>], count: u32) -> Vec<u8> {
    let mut out = b"PACK".to_vec();
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    for e in entries {
        out.extend_from_slice(e);
    }
    let sum = FileChecksum::of(&out);
    out.extend_from_slice(&sum);
    out
}

/// [`seal`] with the true count.
pub fn pack(entries: &[Vec<u8>]) -> Vec<u8> {
    seal(entries, entries.len() as u32)
}

/// A whole object entry.
pub fn whole(kind: Kind, data: &[u8]) -> Vec<u8> {
    let mut e = Vec::new();
    entry_header(kind.pack_code(), data.len() as u64, &mut e);
    e.extend_from_slice(&zlib(data));
    e
}

/// A REF_DELTA entry against `base` (of `base_len` bytes) whose result is `insert`.
pub fn ref_delta(base: &[u8; 20], base_len: usize, insert: &[u8]) -> Vec<u8> {
    let mut d = Vec::new();
    varint(base_len as u64, &mut d);
    varint(insert.len() as u64, &mut d);
    d.push(insert.len() as u8);
    d.extend_from_slice(insert);
    let mut e = Vec::new();
    entry_header(7, d.len() as u64, &mut e);
    e.extend_from_slice(base);
    e.extend_from_slice(&zlib(&d));
    e
}

/// The raw id of a blob.
pub fn blob_id(data: &[u8]) -> [u8; 20] {
    *hash_object(Kind::Blob, data).unwrap().as_bytes()
}

/// Two blobs, nothing wrong.
pub fn good() -> Vec<u8> {
    pack(&[whole(Kind::Blob, b"hello\n"), whole(Kind::Blob, b"world\n")])
}

/// Every damage, by name.
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    let good = good();
    let mut bad_trailer = good.clone();
    *bad_trailer.last_mut().unwrap() ^= 1;
    let mut bad_zlib = whole(Kind::Blob, b"hello\n");
    bad_zlib[3] ^= 0xff;
    let missing = [0x11; 20];
    let (a, b) = (b"aaa", b"bbb");
    vec![
        ("truncated", good[..good.len() - 30].to_vec()),
        ("bad trailer", bad_trailer),
        (
            "more objects than it has",
            seal(
                &[whole(Kind::Blob, b"hello\n"), whole(Kind::Blob, b"world\n")],
                3,
            ),
        ),
        (
            "fewer objects than it has",
            seal(
                &[whole(Kind::Blob, b"hello\n"), whole(Kind::Blob, b"world\n")],
                1,
            ),
        ),
        (
            "delta base missing",
            pack(&[
                whole(Kind::Blob, b"hello\n"),
                ref_delta(&missing, 6, b"abc"),
            ]),
        ),
        (
            "delta cycle",
            pack(&[ref_delta(&blob_id(b), 3, a), ref_delta(&blob_id(a), 3, b)]),
        ),
        ("bad zlib", pack(&[bad_zlib])),
        ("not a pack", b"PACX\0\0\0\x02\0\0\0\0".to_vec()),
    ]
}

/// The same blob twice: git refuses it only with `--strict`; gitstore's `index-pack` always.
pub fn duplicate() -> Vec<u8> {
    pack(&[whole(Kind::Blob, b"hello\n"), whole(Kind::Blob, b"hello\n")])
}

/// A tree with an entry naming the null id (`nullSha1` under `--strict`).
pub fn null_tree() -> Vec<u8> {
    let mut tree = b"100644 a\0".to_vec();
    tree.extend_from_slice(&[0; 20]);
    pack(&[whole(Kind::Tree, &tree)])
}

/// A tree naming a blob the pack does not hold (`did not receive expected object`).
pub fn dangling_tree() -> Vec<u8> {
    let mut tree = b"100644 a\0".to_vec();
    tree.extend_from_slice(&blob_id(b"not here"));
    pack(&[whole(Kind::Tree, &tree)])
}
