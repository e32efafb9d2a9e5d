//! `unpack_objects` with deltas that wait for a base coming later in the pack: every waiting
//! delta (children and their children) is rebuilt and written once the base arrives, each
//! when its turn comes, so a base with many waiting deltas never holds all their results.

mod common;

use common::damaged_packs::{blob_id, pack, ref_delta, whole};
use common::Fixture;
use gitstore::hash::hash_object;
use gitstore::receive::{unpack_objects, UnpackOptions};
use gitstore::Kind;

#[test]
fn a_late_base_releases_every_waiting_delta_and_their_children() {
    let base = b"the base, last in the pack\n".to_vec();
    let children: Vec<Vec<u8>> = (0..60)
        .map(|i| format!("child {i:3}\n").into_bytes())
        .collect();
    let grandchild = b"a child of child 7\n".to_vec();
    let mut entries: Vec<Vec<u8>> = vec![ref_delta(
        &blob_id(&children[7]),
        children[7].len(),
        &grandchild,
    )];
    for child in &children {
        entries.push(ref_delta(&blob_id(&base), base.len(), child));
    }
    entries.push(whole(Kind::Blob, &base));
    let bytes = pack(&entries);

    let f = Fixture::new();
    let repo = common::library::open(&f);
    let done = unpack_objects(
        &mut &bytes[..],
        repo.odb(),
        &UnpackOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!((done.objects, done.written), (62, 62));
    for body in children.iter().chain([&grandchild, &base]) {
        let id = hash_object(Kind::Blob, body).unwrap();
        let mut out = Vec::new();
        assert_eq!(
            repo.odb().try_read(&id, &mut out).unwrap(),
            Some(Kind::Blob)
        );
        assert_eq!(&out, body);
    }
}
