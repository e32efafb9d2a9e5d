//! `gitstore fsck` checks each pack's `.rev` reverse index as `git fsck` (2.47) does: a `.rev`
//! that cannot be loaded (too small, the wrong size, a bad signature, version or hash id) and one
//! that loads but is wrong (its checksum, positions that are not the `.idx`'s order by offset)
//! are reported in git's words with git's exit code (64). Each damage is compared with git byte
//! for byte: stdout, stderr and exit code, with several option sets.

mod common;

use common::{assert_identical, Fixture};
use gitstore::fsck::{fsck, ErrorClass, Finding, FsckOptions};
use gitstore::pack::rev_index::{RevIndexCheck, RevIndexLoadError};
use gitstore::Repository;

/// Two commits packed with a `.rev`, a third loose, and a dangling blob in the pack.
fn packed() -> Fixture {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.write("d/b", "b\n");
    f.commit_all("one");
    f.write("c", "c\n");
    f.commit_all("two");
    f.git_stdin(&["hash-object", "-w", "--stdin"], b"dangling\n");
    f.git(&["-c", "pack.writeReverseIndex=true", "repack", "-qad"]);
    f.write("e", "e\n");
    f.commit_all("three");
    f
}

fn rev_path(f: &Fixture) -> std::path::PathBuf {
    f.pack_file().with_extension("rev")
}

/// Rewrites the `.rev` through `change`.
fn damage(f: &Fixture, change: impl FnOnce(&mut Vec<u8>)) {
    let path = rev_path(f);
    let mut bytes = std::fs::read(&path).unwrap();
    change(&mut bytes);
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, bytes).unwrap();
}

/// Rewrites the `.rev`'s trailing checksum for what it now holds.
fn reseal(bytes: &mut [u8]) {
    let n = bytes.len() - 20;
    let sum = gitstore::hash::FileChecksum::of(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum);
}

type Damage = fn(&mut Vec<u8>);

const CASES: &[(&str, Damage)] = &[
    ("sound", |_| {}),
    ("bad_checksum", |b| {
        let last = b.len() - 1;
        b[last] ^= 1;
    }),
    ("swapped_positions_resealed", |b| {
        let (first, second) = (b[12..16].to_vec(), b[16..20].to_vec());
        b[12..16].copy_from_slice(&second);
        b[16..20].copy_from_slice(&first);
        reseal(b);
    }),
    ("wrong_position_and_checksum", |b| b[15] = 0x7f),
    ("position_out_of_range_resealed", |b| {
        b[12..16].copy_from_slice(&u32::MAX.to_be_bytes());
        reseal(b);
    }),
    ("truncated_by_one_position", |b| {
        let n = b.len();
        b.drain(n - 44..n - 40);
    }),
    ("one_position_too_many", |b| b.extend_from_slice(&[0; 4])),
    ("smaller_than_header_and_trailer", |b| b.truncate(51)),
    ("empty", |b| b.clear()),
    ("bad_signature", |b| b[..4].copy_from_slice(b"XRID")),
    ("unsupported_version", |b| b[7] = 2),
    ("unsupported_hash_id", |b| b[11] = 3),
    ("sha256_hash_id", |b| b[11] = 2),
];

const OPTION_SETS: &[&[&str]] = &[
    &["fsck"],
    &["fsck", "--connectivity-only"],
    &["fsck", "--no-dangling", "--name-objects"],
    &["fsck", "HEAD~2"],
];

/// Each damage to the `.rev`, fsck'd with each option set, is reported as git reports it.
#[test]
fn damaged_reverse_indexes_are_reported_as_git_reports_them() {
    let mut failures = Vec::new();
    for (name, change) in CASES {
        let f = packed();
        damage(&f, change);
        for args in OPTION_SETS {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                assert_identical(&f, args, b"");
            }));
            if let Err(e) = result {
                let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
                failures.push(format!("{name} {args:?}: {msg}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// With two packs, only the damaged one's `.rev` is named, from outside the work tree too.
#[test]
fn only_the_damaged_pack_is_named_with_git_dir() {
    let f = packed();
    f.write("g", "g\n");
    f.commit_all("four");
    f.git(&["-c", "pack.writeReverseIndex=true", "repack", "-q"]);
    damage(&f, |b| b[0] = b'r');
    assert_identical(&f, &["fsck"], b"");
    assert_identical(&f, &["--git-dir=.git", "fsck"], b"");
    let git_dir = f.git_dir();
    let abs = format!("--git-dir={}", git_dir.display());
    assert_identical(&f, &[&abs, "fsck", "--no-dangling"], b"");
}

/// The library says what is wrong as data: the load error, or the checksum and each wrong slot.
#[test]
fn the_library_reports_rev_index_damage_as_data() {
    let f = packed();
    let repo = Repository::open(f.git_dir()).unwrap();
    let report = fsck(&repo, &FsckOptions::new()).unwrap();
    assert!(!report.errors.contains(&ErrorClass::RevIndex));

    damage(&f, |b| b[7] = 9);
    let repo = Repository::open(f.git_dir()).unwrap();
    let report = fsck(&repo, &FsckOptions::new()).unwrap();
    assert_eq!(report.exit_code(), 64);
    assert!(report.findings.iter().any(|x| matches!(
        x,
        Finding::RevIndex {
            check: RevIndexCheck::Unloadable(RevIndexLoadError::UnsupportedVersion(9)),
            ..
        }
    )));

    damage(&f, |b| {
        b[7] = 1;
        b[12..16].copy_from_slice(&1000u32.to_be_bytes());
    });
    let repo = Repository::open(f.git_dir()).unwrap();
    let report = fsck(&repo, &FsckOptions::new()).unwrap();
    let damage = report.findings.iter().find_map(|x| match x {
        Finding::RevIndex {
            check: RevIndexCheck::Damaged(d),
            ..
        } => Some(d),
        _ => None,
    });
    let damage = damage.expect("a damaged .rev");
    assert!(damage.bad_checksum);
    assert_eq!(damage.wrong_positions.len(), 1);
    assert_eq!(damage.wrong_positions[0].slot, 0);
    assert_eq!(damage.wrong_positions[0].found, 1000);
}
