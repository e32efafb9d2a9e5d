//! The object database returns its own error, `gitstore::odb::Error`: each failure a kind with
//! the id, prefix and candidates, file or store it concerns, and each converts with `?` into
//! the `gitstore::Error` variant callers have always matched.

use gitstore::hash::FileChecksum;
use gitstore::loose::{self, LooseErrorKind};
use gitstore::object::Header;
use gitstore::odb::{self, MemoryStore, ObjectStore, Odb, Unsupported};
use gitstore::oid::Prefix;
use gitstore::{Kind, ObjectId};
use std::collections::HashMap;
use std::sync::Arc;

/// Passes an odb result on with `?`, as code above the odb does.
fn up<T>(result: odb::Result<T>) -> gitstore::Result<T> {
    Ok(result?)
}

fn missing_id() -> ObjectId {
    "ce013625030ba8dba906f756967f9e9ca394464a".parse().unwrap()
}

#[test]
fn a_missing_object_is_not_found_with_its_id() {
    let odb = Odb::in_memory(MemoryStore::new());
    let id = missing_id();
    match odb.read(&id) {
        Err(odb::Error::NotFound { id: missing }) => assert_eq!(missing, id),
        other => panic!("{other:?}"),
    }
    match odb.read_header(&id) {
        Err(odb::Error::NotFound { id: missing }) => assert_eq!(missing, id),
        other => panic!("{other:?}"),
    }
    match up(odb.read(&id)) {
        Err(gitstore::Error::ObjectNotFound { id: missing }) => assert_eq!(missing, id),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        up(odb.read(&id)).unwrap_err().to_string(),
        odb.read(&id).unwrap_err().to_string()
    );
}

/// Two blobs whose ids share their first four hex digits, written to `odb`.
fn two_sharing_a_prefix(odb: &Odb) -> (Prefix, Vec<ObjectId>) {
    let mut seen: HashMap<String, (ObjectId, String)> = HashMap::new();
    for n in 0u32.. {
        let body = n.to_string();
        let id = gitstore::hash::hash_object(Kind::Blob, body.as_bytes()).unwrap();
        let short = id.to_hex()[..4].to_string();
        if let Some((other, other_body)) = seen.insert(short.clone(), (id, body.clone())) {
            odb.write(Kind::Blob, body.as_bytes()).unwrap();
            odb.write(Kind::Blob, other_body.as_bytes()).unwrap();
            let mut candidates = vec![id, other];
            candidates.sort();
            return (Prefix::from_hex(short.as_bytes()).unwrap(), candidates);
        }
    }
    unreachable!()
}

#[test]
fn an_ambiguous_prefix_carries_every_candidate() {
    let odb = Odb::in_memory(MemoryStore::new());
    let (prefix, both) = two_sharing_a_prefix(&odb);
    match odb.resolve_prefix(&prefix) {
        Err(odb::Error::AmbiguousPrefix {
            prefix: asked,
            candidates,
        }) => {
            assert_eq!(asked, prefix);
            assert_eq!(candidates, both);
        }
        other => panic!("{other:?}"),
    }
    match up(odb.resolve_prefix(&prefix)) {
        Err(gitstore::Error::AmbiguousPrefix { candidates, .. }) => assert_eq!(candidates, both),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_loose_file_is_the_loose_layers_error_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let odb = Odb::open(dir.path()).unwrap();
    let id = odb.write(Kind::Blob, b"hello\n").unwrap();
    let path = odb.loose().unwrap().path_of(&id);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"").unwrap();

    let err = odb.read(&id).unwrap_err();
    match &err {
        odb::Error::Loose(loose::Error::Corrupt(e)) => {
            assert_eq!(
                (e.id, &e.path, &e.kind),
                (id, &path, &LooseErrorKind::Empty)
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(err.loose_header_damage().is_some());
    match up(odb.try_read_header(&id)) {
        Err(gitstore::Error::Loose(e)) => assert_eq!((e.id, &e.path), (id, &path)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_write_the_odb_cannot_make_is_unsupported() {
    let odb = Odb::in_memory(MemoryStore::new());
    assert!(matches!(
        odb.write_literally(b"bogus", b""),
        Err(odb::Error::Unsupported(
            Unsupported::LiteralObjectInMemory { .. }
        ))
    ));
    assert!(matches!(
        up(odb.write_literally(b"bogus", b"")),
        Err(gitstore::Error::OdbUnsupported(_))
    ));
}

/// A tool's own error.
#[derive(Debug, PartialEq, thiserror::Error)]
#[error("the store is offline")]
struct Offline;

/// A tool's store that cannot reach its objects.
struct OfflineStore;

impl ObjectStore for OfflineStore {
    fn read_header(&self, _: &ObjectId) -> odb::Result<Option<Header>> {
        Err(odb::Error::store(Offline))
    }
    fn read_into(&self, _: &ObjectId, _: &mut Vec<u8>) -> odb::Result<Option<Kind>> {
        Err(odb::Error::store(Offline))
    }
    fn prefix_matches(&self, _: &Prefix, _: &mut Vec<ObjectId>) -> odb::Result<()> {
        Err(odb::Error::store(Offline))
    }
    fn ids(&self, _: &mut Vec<ObjectId>) -> odb::Result<()> {
        Err(odb::Error::store(Offline))
    }
    fn write(&self, _: Kind, _: &[u8]) -> odb::Result<ObjectId> {
        Err(odb::Error::store(gitstore::Error::ObjectNotFound {
            id: ObjectId::null(),
        }))
    }
}

#[test]
fn a_users_store_reports_its_own_failure_through_the_odb() {
    let odb = Odb::in_memory(MemoryStore::new());
    odb.add_store(Arc::new(OfflineStore));
    let id = missing_id();
    match odb.read(&id) {
        Err(odb::Error::Store(e)) => assert_eq!(e.downcast_ref::<Offline>(), Some(&Offline)),
        other => panic!("{other:?}"),
    }
    assert!(matches!(odb.ids_sorted(), Err(odb::Error::Store(_))));
    // the tool's error is handed back to it unchanged, above the odb as well
    match up(odb.read(&id)) {
        Err(gitstore::Error::Callback(e)) => {
            assert_eq!(e.downcast_ref::<Offline>(), Some(&Offline))
        }
        other => panic!("{other:?}"),
    }
    // and a store that fails with the crate's own error gives back that error
    assert!(matches!(
        up(OfflineStore.write(Kind::Blob, b"")),
        Err(gitstore::Error::ObjectNotFound { .. })
    ));
}

/// A one-object thin pack in `objects/pack`: `delta_id`, a REF_DELTA on `base`, which the pack
/// does not hold.
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
fn a_damaged_base_read_for_a_pack_comes_back_as_the_odbs_own_error() {
    let dir = tempfile::tempdir().unwrap();
    let objects = dir.path();
    let delta = ObjectId::from_raw([0xaa; 20]);
    let base = ObjectId::from_raw([0xbb; 20]);
    thin_pack(objects, delta, base);
    let base_path = loose::LooseStore::new(objects).path_of(&base);
    std::fs::create_dir_all(base_path.parent().unwrap()).unwrap();
    std::fs::write(&base_path, b"").unwrap();

    let odb = Odb::open(objects).unwrap();
    // not a pack error wrapping it: the loose layer's error about the base's file
    match odb.read(&delta) {
        Err(odb::Error::Loose(loose::Error::Corrupt(e))) => {
            assert_eq!((e.id, &e.path), (base, &base_path))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_odbs_error_carried_through_a_pack_converts_as_itself() {
    let id = missing_id();
    let through_pack = gitstore::pack::Error::external(odb::Error::NotFound { id });
    match gitstore::Error::from(through_pack) {
        gitstore::Error::ObjectNotFound { id: missing } => assert_eq!(missing, id),
        other => panic!("{other:?}"),
    }
    let recovered = odb::Error::from(gitstore::pack::Error::external(odb::Error::NotFound { id }));
    assert!(matches!(recovered, odb::Error::NotFound { .. }));
}
