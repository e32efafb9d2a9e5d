//! `gitstore verify-pack` against git on damaged packs and indexes: wrong checksums, CRC
//! mismatches, content that no longer matches its id, bad magic and version, damaged entries,
//! truncation, offsets past the large-offset table, zlib damage; and base names with a dot.

mod common;

use common::fixtures::one_pack;
use common::{assert_identical, Fixture};
use gitstore::hash::FileChecksum;
use gitstore::limits::Limits;
use gitstore::pack::{check_pack, Pack, PackCheckError};
use std::io::Write;
use std::path::Path;

fn edit(path: &Path, change: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = std::fs::read(path).unwrap();
    change(&mut bytes);
    let _ = std::fs::remove_file(path);
    std::fs::write(path, &bytes).unwrap();
}

fn reseal(bytes: &mut [u8]) {
    let n = bytes.len() - 20;
    let sum = FileChecksum::of(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum);
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
}

/// (CRC table position, offset) of every entry of a v2 index.
fn idx_entries(idx: &[u8]) -> Vec<(usize, u64)> {
    let n = be32(idx, 8 + 1020) as usize;
    (0..n)
        .map(|k| {
            (
                8 + 1024 + n * 20 + 4 * k,
                be32(idx, 8 + 1024 + n * 24 + 4 * k) as u64,
            )
        })
        .collect()
}

/// Compares `verify-pack` (plain, `-v`, `-s`) with git: stdout, exit code and the `fatal:`
/// line. git's other stderr lines (it also complains each time it looks an object up in the
/// broken pack) are not compared.
fn assert_verify_pack_like_git(f: &Fixture, target: &str) -> String {
    let mut fatal = String::new();
    for flags in [&[][..], &["-v"][..], &["-s"][..]] {
        let mut args = vec!["verify-pack"];
        args.extend_from_slice(flags);
        args.push(target);
        let g = f.git_output(&args, b"");
        let s = f.gitstore_output(&args, b"");
        let last = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| !l.contains("does not match index"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            (
                String::from_utf8_lossy(&s.stdout),
                s.status.code(),
                last(&s)
            ),
            (
                String::from_utf8_lossy(&g.stdout),
                g.status.code(),
                last(&g)
            ),
            "gitstore (left) and git (right) differ for {args:?}"
        );
        fatal = last(&s).last().cloned().unwrap_or_default();
    }
    fatal
}

#[test]
fn verify_pack_lists_every_entry_when_only_the_index_checksum_is_wrong() {
    let (f, idx) = one_pack(false);
    edit(&f.path.join(&idx), |b| *b.last_mut().unwrap() ^= 1);
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert_eq!(fatal, format!("fatal: sha1 file '{idx}' validation error"));
    let check = check_pack(&f.path.join(&idx), Limits::default());
    assert!(check.report.is_some_and(|r| !r.objects.is_empty()));
    assert!(matches!(check.error, Some(PackCheckError::Index { .. })));
}

#[test]
fn verify_pack_detects_a_crc_mismatch_and_still_lists_the_entries() {
    let (f, idx) = one_pack(false);
    let path = f.path.join(&idx);
    edit(&path, |b| {
        let (crc_at, _) = idx_entries(b)[0];
        b[crc_at] ^= 1;
        reseal(b);
    });
    // the library's strict check names the entry
    let err = Pack::open(&path).unwrap().verify().unwrap_err().to_string();
    assert!(err.contains("CRC32 mismatch"), "{err}");
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(fatal.ends_with("validation error"), "{fatal}");
}

#[test]
fn verify_pack_detects_an_object_whose_content_no_longer_matches_its_id() {
    let (f, idx) = one_pack(true);
    let idx_path = f.path.join(&idx);
    let pack_path = idx_path.with_extension("pack");
    let idx_bytes = std::fs::read(&idx_path).unwrap();
    let pack_bytes = std::fs::read(&pack_path).unwrap();
    // the largest whole blob: its data is stored uncompressed (level 0)
    let mut offsets: Vec<u64> = idx_entries(&idx_bytes).iter().map(|e| e.1).collect();
    offsets.sort();
    let end = pack_bytes.len() as u64 - 20;
    let (start, next) = offsets
        .iter()
        .zip(offsets.iter().skip(1).chain(std::iter::once(&end)))
        .map(|(&a, &b)| (a, b))
        .filter(|&(a, _)| (pack_bytes[a as usize] >> 4) & 7 == 3)
        .max_by_key(|&(a, b)| b - a)
        .unwrap();
    let (start, next) = (start as usize, next as usize);
    let mut header_len = 1;
    while pack_bytes[start + header_len - 1] & 0x80 != 0 {
        header_len += 1;
    }
    let zdata = &pack_bytes[start + header_len..next];
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(zdata), &mut plain).unwrap();
    let mid = plain.len() / 2;
    plain[mid] ^= 1;
    let mut again = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(0));
    again.write_all(&plain).unwrap();
    let again = again.finish().unwrap();
    assert_eq!(again.len(), zdata.len(), "stored deflate keeps its length");
    edit(&pack_path, |b| {
        b[start + header_len..next].copy_from_slice(&again);
        reseal(b);
    });
    let pack_sum = std::fs::read(&pack_path).unwrap()[end as usize..].to_vec();
    edit(&idx_path, |b| {
        // the index now points at the right pack, but lists the object under its old id
        let n = b.len();
        b[n - 40..n - 20].copy_from_slice(&pack_sum);
        reseal(b);
    });
    let err = Pack::open(&idx_path).unwrap().verify().unwrap_err();
    assert!(err.to_string().contains("CRC32") || err.to_string().contains("hash"));
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(fatal.ends_with("validation error"), "{fatal}");
}

#[test]
fn verify_pack_detects_bad_pack_magic_version_and_trailing_checksum() {
    for (what, change, message) in [
        ("magic", 0usize, "fatal: pack signature mismatch"),
        ("version", 7, "fatal: pack version 3 unsupported"),
        ("version", 6, "fatal: pack version 258 unsupported"),
    ] {
        let (f, idx) = one_pack(false);
        let pack = f.path.join(&idx).with_extension("pack");
        edit(&pack, |b| {
            b[change] ^= 1;
            reseal(b);
        });
        let check = check_pack(&f.path.join(&idx), Limits::default());
        if message.contains("version 3") {
            // version 3 is a valid pack version: the pack reads, its index no longer matches
            assert!(check.report.is_some(), "{what}");
            assert!(matches!(check.error, Some(PackCheckError::Index { .. })));
            assert_verify_pack_like_git(&f, &idx);
            continue;
        }
        assert!(check.report.is_none(), "{what}");
        assert!(
            matches!(
                check.error,
                Some(PackCheckError::Signature | PackCheckError::Version(258))
            ),
            "{what}"
        );
        assert_eq!(assert_verify_pack_like_git(&f, &idx), message);
    }
    let (f, idx) = one_pack(false);
    let pack = f.path.join(&idx).with_extension("pack");
    edit(&pack, |b| *b.last_mut().unwrap() ^= 1);
    assert!(matches!(
        check_pack(&f.path.join(&idx), Limits::default()).error,
        Some(PackCheckError::Checksum)
    ));
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        "fatal: pack is corrupted (SHA1 mismatch)"
    );
}

#[test]
fn verify_pack_reports_damaged_entries_and_truncation_like_git() {
    let (f, idx) = one_pack(false);
    let pack = f.path.join(&idx).with_extension("pack");
    let original = std::fs::read(&pack).unwrap();
    // a byte inside the first entry's compressed data
    edit(&pack, |b| {
        b[20] ^= 0x40;
        reseal(b);
    });
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(
        fatal.starts_with("fatal: pack has bad object at offset 12"),
        "{fatal}"
    );
    edit(&pack, |b| {
        *b = original[..original.len() / 2].to_vec();
    });
    assert_eq!(assert_verify_pack_like_git(&f, &idx), "fatal: early EOF");
    // the pack is gone
    std::fs::remove_file(&pack).unwrap();
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        format!("fatal: Cannot open existing pack file '{idx}'")
    );
}

#[test]
fn verify_pack_takes_a_base_name_with_a_dot_as_is() {
    let (f, idx) = one_pack(false);
    let idx_path = f.path.join(&idx);
    std::fs::copy(&idx_path, f.path.join("y.foo.idx")).unwrap();
    std::fs::copy(idx_path.with_extension("pack"), f.path.join("y.foo.pack")).unwrap();
    for name in ["y.foo", "y.foo.idx", "y.foo.pack", "y.foo.bar"] {
        assert_identical(&f, &["verify-pack", "-v", name], b"");
        assert_identical(&f, &["verify-pack", "-s", name], b"");
    }
}

#[test]
fn verify_pack_reports_an_index_offset_past_its_large_table_like_git() {
    let (f, idx) = one_pack(false);
    edit(&f.path.join(&idx), |b| {
        let n = be32(b, 8 + 1020) as usize;
        // the first entry's offset now names entry 1000 of an empty large-offset table
        let at = 8 + 1024 + n * 24;
        b[at..at + 4].copy_from_slice(&(0x8000_0000u32 | 1000).to_be_bytes());
        reseal(b);
    });
    let pack = idx.trim_end_matches(".idx").to_string() + ".pack";
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        format!("fatal: offset beyond end of pack index for {pack} (truncated index?)")
    );
}

#[test]
fn verify_pack_reports_a_damaged_zlib_checksum_and_an_entry_longer_than_announced_like_git() {
    let (f, idx) = one_pack(false);
    let pack = f.path.join(&idx).with_extension("pack");
    let idx_bytes = std::fs::read(f.path.join(&idx)).unwrap();
    let mut offsets: Vec<u64> = idx_entries(&idx_bytes).iter().map(|e| e.1).collect();
    offsets.sort();
    // the last byte of the first entry is the end of its zlib checksum
    let end_of_first = offsets[1] as usize - 1;
    edit(&pack, |b| {
        b[end_of_first] ^= 0x01;
        reseal(b);
    });
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(
        fatal.starts_with("fatal: pack has bad object at offset 12"),
        "{fatal}"
    );
    // an entry header announcing one byte less than its data inflates to: git's buffer fills
    // before the stream ends
    let original = std::fs::read(&pack).unwrap();
    edit(&pack, |b| {
        b.copy_from_slice(&original);
        b[end_of_first] ^= 0x01;
        let low = b[12] & 0x0f;
        assert!(low > 0);
        b[12] = (b[12] & 0xf0) | (low - 1);
        reseal(b);
    });
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        "fatal: pack has bad object at offset 12: inflate returned -5"
    );
}
