//! `Odb::open_stream`: every object streams to exactly the bytes `read` returns, whether it is
//! loose, a whole pack entry or a delta; damage is an error naming the object, not short output.

mod common;

use common::Fixture;
use gitstore::{ObjectId, Repository};
use std::io::Read;

fn all_ids(f: &Fixture) -> Vec<ObjectId> {
    f.git_str(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname)",
    ])
    .lines()
    .map(|l| l.parse().unwrap())
    .collect()
}

#[test]
fn every_object_streams_as_it_reads_loose_packed_and_delta() {
    let f = common::history_repo();
    let repo = Repository::discover(&f.path).unwrap();
    let odb = repo.odb();
    let ids = all_ids(&f);
    assert!(ids.len() > 150);
    let deltas = f.git_str(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(deltabase)",
    ]);
    assert!(
        deltas.lines().any(|l| !l.starts_with("0000")),
        "the fixture has deltas"
    );
    for id in &ids {
        let whole = odb.read(id).unwrap();
        let mut stream = odb.open_stream(id).unwrap().expect("present");
        assert_eq!(stream.header().kind, whole.kind, "{id}");
        assert_eq!(stream.header().size, whole.data.len() as u64, "{id}");
        let mut streamed = Vec::new();
        stream.read_to_end(&mut streamed).unwrap();
        assert!(streamed == whole.data, "{id} streams differently");
    }
    let missing: ObjectId = "0000000000000000000000000000000000000001".parse().unwrap();
    assert!(odb.open_stream(&missing).unwrap().is_none());
}

#[test]
fn damaged_packed_blob_is_an_error_naming_the_object_and_pack_when_opened() {
    let f = Fixture::new();
    let body: String = (0..2000).map(|i| format!("line {i}\n")).collect();
    f.write("big.txt", &body);
    f.commit_all("one");
    f.git(&["repack", "-adq"]);
    let id: ObjectId = f
        .git_str(&["rev-parse", "HEAD:big.txt"])
        .trim()
        .parse()
        .unwrap();
    let pack = f.pack_file();
    let offset: usize = f
        .git_str(&["cat-file", "--batch-check=%(objectsize:disk) %(rest)"])
        .len(); // keep git's view irrelevant: find the entry through the library instead
    let _ = offset;
    let repo = Repository::discover(&f.path).unwrap();
    let at = repo
        .odb()
        .packs()
        .iter()
        .find_map(|p| p.offset_of(&id).unwrap())
        .unwrap() as usize;
    let mut bytes = std::fs::read(&pack).unwrap();
    // Flip bytes in the middle of the blob's zlib stream (past its few header bytes).
    for b in &mut bytes[at + 40..at + 60] {
        *b ^= 0x5a;
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&pack, &bytes).unwrap();

    let repo = Repository::discover(&f.path).unwrap();
    // A blob this small is read whole before anything is handed out (as git reads it): the
    // damage is found at once, and with no other copy the open is a typed error naming the
    // object and the pack.
    match repo.odb().open_stream(&id).map_err(gitstore::Error::from) {
        Err(gitstore::Error::DamagedObject(e)) => {
            assert_eq!(e.id, id);
            assert_eq!(e.pack, repo.odb().packs()[0].pack_path());
            assert!(e.to_string().contains(&id.to_string()));
        }
        Ok(_) => panic!("a damaged blob opened"),
        Err(other) => panic!("{other:?}"),
    }
    // The CLI stops with an error too, instead of printing a short blob and exiting 0.
    let out = f.gitstore_output(&["cat-file", "-p", &id.to_string()], b"");
    assert!(!out.status.success());
}
