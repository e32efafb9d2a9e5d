//! The lowest layers (`lockfile`, `loose`, `pack`) return their own error types, and each
//! converts into the very `gitstore::Error` variant, with the same text, that callers saw before
//! those layers owned their errors.

use gitstore::error::Location;
use gitstore::hash::FileChecksum;
use gitstore::lockfile::{LockErrorKind, LockFile};
use gitstore::loose::{LooseErrorKind, LooseStore};
use gitstore::odb::{Odb, OdbOptions};
use gitstore::pack::Pack;
use gitstore::{Error, Kind, ObjectId};

#[test]
fn a_held_lock_is_error_lock_and_a_failed_commit_is_error_io() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("file");
    let held = LockFile::acquire(&target).unwrap();
    let e = LockFile::acquire(&target).unwrap_err();
    assert_eq!(
        (e.kind, &e.path),
        (LockErrorKind::Create, &dir.path().join("file.lock"))
    );
    let text = e.to_string();
    match Error::from(e) {
        Error::Lock { path, source } => {
            assert_eq!(path, dir.path().join("file.lock"));
            assert_eq!(source.kind(), std::io::ErrorKind::AlreadyExists);
            assert_eq!(
                Error::Lock { path, source }.to_string(),
                text,
                "same words both ways"
            );
        }
        other => panic!("{other:?}"),
    }
    // the lock file vanished under us: the rename fails, naming the file it was to replace
    std::fs::remove_file(dir.path().join("file.lock")).unwrap();
    let e = held.commit().unwrap_err();
    assert_eq!((e.kind, &e.path), (LockErrorKind::Commit, &target));
    assert!(matches!(Error::from(e), Error::Io { path, .. } if path == target));
}

#[test]
fn loose_errors_become_the_aggregate_variants_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let store = LooseStore::new(dir.path());
    let a = store.write(Kind::Blob, b"a\n").unwrap();
    let b = ObjectId::from_raw([0x11; 20]);
    let b_path = store.path_of(&b);
    std::fs::create_dir_all(b_path.parent().unwrap()).unwrap();
    std::fs::copy(store.path_of(&a), &b_path).unwrap();

    let e = store.read_verified(&b, &mut Vec::new()).unwrap_err();
    let text = e.to_string();
    let top = Error::from(e);
    assert_eq!(top.to_string(), text);
    match top {
        Error::HashMismatch {
            expected,
            actual,
            location,
        } => assert_eq!(
            (expected, actual, location),
            (b, a, Location::File(b_path.clone()))
        ),
        other => panic!("{other:?}"),
    }

    std::fs::write(&b_path, b"").unwrap();
    let e = store.read(&b, &mut Vec::new()).unwrap_err();
    let text = e.to_string();
    let top = Error::from(e);
    assert_eq!(top.to_string(), text);
    assert!(matches!(&top, Error::Loose(l) if l.kind == LooseErrorKind::Empty && l.id == b));

    let e = store
        .write_stream(Kind::Blob, 10, &mut &b"short"[..])
        .unwrap_err();
    assert!(matches!(
        Error::from(e),
        Error::ShortInput {
            size: 10,
            missing: 5
        }
    ));
}

#[test]
fn pack_errors_become_the_aggregate_variants_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("pack-none.idx");
    let e = Pack::open(&missing).unwrap_err();
    let text = e.to_string();
    let top = Error::from(e);
    assert_eq!(top.to_string(), text);
    assert!(matches!(top, Error::Io { path, .. } if path == missing));

    std::fs::write(&missing, b"too short").unwrap();
    let top = Error::from(Pack::open(&missing).unwrap_err());
    assert!(matches!(top, Error::Pack(p) if p.path == missing));

    let id = ObjectId::from_raw([0x22; 20]);
    let external = gitstore::pack::Error::external(Error::ObjectNotFound { id });
    assert!(matches!(Error::from(external), Error::ObjectNotFound { id: i } if i == id));
    let foreign = gitstore::pack::Error::external(std::fmt::Error);
    assert!(matches!(Error::from(foreign), Error::Callback(_)));
}

/// A pack of one REF_DELTA entry `delta` whose base `base` is not in it.
fn thin_pack(objects: &std::path::Path, delta_id: ObjectId, base: ObjectId) {
    let mut pack = b"PACK\0\0\0\x02\0\0\0\x01".to_vec();
    let delta = [1u8, 1, 0x91, 0, 1];
    pack.push(0x70 | delta.len() as u8);
    pack.extend_from_slice(base.as_bytes());
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, &delta).unwrap();
    pack.extend_from_slice(&z.finish().unwrap());
    let crc = crc32fast::hash(&pack[12..]);
    let sum = FileChecksum::of(&pack);
    pack.extend_from_slice(&sum);
    let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for b in 0..256u32 {
        idx.extend_from_slice(&u32::from(b >= u32::from(delta_id.first_byte())).to_be_bytes());
    }
    idx.extend_from_slice(delta_id.as_bytes());
    idx.extend_from_slice(&crc.to_be_bytes());
    idx.extend_from_slice(&12u32.to_be_bytes());
    idx.extend_from_slice(&sum);
    let idx_sum = FileChecksum::of(&idx);
    idx.extend_from_slice(&idx_sum);
    let packs = objects.join("pack");
    std::fs::create_dir_all(&packs).unwrap();
    std::fs::write(packs.join("pack-1.pack"), &pack).unwrap();
    std::fs::write(packs.join("pack-1.idx"), &idx).unwrap();
}

#[test]
fn a_damaged_base_in_another_store_comes_out_of_the_pack_as_the_stores_own_error() {
    let dir = tempfile::tempdir().unwrap();
    let objects = dir.path();
    let delta = ObjectId::from_raw([0xaa; 20]);
    let base = ObjectId::from_raw([0xbb; 20]);
    thin_pack(objects, delta, base);
    let base_path = LooseStore::new(objects).path_of(&base);
    std::fs::create_dir_all(base_path.parent().unwrap()).unwrap();
    std::fs::write(&base_path, b"").unwrap();

    let odb = Odb::open_with(objects, OdbOptions::default()).unwrap();
    match odb.read(&delta).map_err(Error::from) {
        Err(Error::Loose(e)) => {
            assert_eq!((e.id, &e.path), (base, &base_path));
            assert_eq!(e.kind, LooseErrorKind::Empty);
        }
        other => panic!("{other:?}"),
    }
}
