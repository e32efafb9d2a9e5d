//! One walk follows annotated tags for every caller (`Odb::tag_chain`): bounded by
//! `Limits::max_tag_chain`, stopping at a missing object or a tag without a target line; ref
//! peeling and `--points-at` go through it.

use gitstore::object::Tag;
use gitstore::odb::{ChainEnd, Odb, OdbOptions};
use gitstore::refs::format::points_at;
use gitstore::{Kind, Limits, ObjectId};

/// An odb in a temporary directory that follows at most `max_tag_chain` tags.
fn odb(dir: &std::path::Path, max_tag_chain: usize) -> Odb {
    let objects = dir.join("objects");
    std::fs::create_dir_all(objects.join("pack")).unwrap();
    let limits = Limits {
        max_tag_chain,
        ..Limits::default()
    };
    Odb::open_with(
        objects,
        OdbOptions {
            limits,
            ..OdbOptions::default()
        },
    )
    .unwrap()
}

/// `blob` wrapped in `n` tags; the ids from the outermost tag inwards, the blob last.
fn tags_around(odb: &Odb, blob: ObjectId, n: usize) -> Vec<ObjectId> {
    let mut ids = vec![blob];
    let mut kind = Kind::Blob;
    for i in 0..n {
        let target = *ids.last().unwrap();
        let tag = Tag::new(target, kind, format!("t{i}"));
        ids.push(odb.write_object(&tag).unwrap());
        kind = Kind::Tag;
    }
    ids.reverse();
    ids
}

#[test]
fn a_chain_within_the_limit_peels_and_lists_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let odb = odb(dir.path(), 3);
    let blob = odb.write(Kind::Blob, b"x\n").unwrap();
    let ids = tags_around(&odb, blob, 3);
    let chain = odb.tag_chain(&ids[0]).unwrap();
    assert_eq!(chain.targets, ids[1..]);
    assert_eq!(chain.end, ChainEnd::Reached(Kind::Blob));
    assert_eq!(chain.peeled(), Some(blob));
    // --points-at: the ref's own object, or any target down the chain
    assert!(points_at(&odb, &ids[0], &[ids[2]]).unwrap());
    assert!(points_at(&odb, &ids[0], &[blob]).unwrap());
    assert!(!points_at(&odb, &ids[1], &[ids[0]]).unwrap());
}

#[test]
fn a_chain_past_max_tag_chain_is_too_long_and_does_not_peel() {
    let dir = tempfile::tempdir().unwrap();
    let odb = odb(dir.path(), 3);
    let blob = odb.write(Kind::Blob, b"x\n").unwrap();
    let ids = tags_around(&odb, blob, 5);
    let chain = odb.tag_chain(&ids[0]).unwrap();
    assert_eq!(chain.end, ChainEnd::TooLong);
    assert_eq!(chain.peeled(), None);
    assert!(!chain.targets.contains(&blob));
}

#[test]
fn a_missing_target_or_a_tag_without_object_line_ends_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let odb = odb(dir.path(), 10);
    let missing = ObjectId::from_hex(b"1234567890123456789012345678901234567890").unwrap();
    let dangling = odb
        .write_object(&Tag::new(missing, Kind::Commit, "dangling"))
        .unwrap();
    let chain = odb.tag_chain(&dangling).unwrap();
    assert_eq!(
        (chain.targets.as_slice(), &chain.end),
        (&[missing][..], &ChainEnd::Missing)
    );
    assert_eq!(chain.peeled(), None);

    let bad = odb.write(Kind::Tag, b"type blob\ntag broken\n").unwrap();
    let chain = odb.tag_chain(&bad).unwrap();
    assert!(matches!(chain.end, ChainEnd::Invalid { id, .. } if id == bad));
}
