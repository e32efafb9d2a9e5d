//! The ref store returns its own error, `gitstore::refs::Error`: a ref's failure with its name,
//! a damaged `packed-refs` with its path and line, the object database's error for the objects
//! refs read; each converts with `?` into the `gitstore::Error` variant callers have always
//! matched.

use gitstore::config::Config;
use gitstore::loose::{self, LooseErrorKind};
use gitstore::odb;
use gitstore::refs::{self, RefEdit, RefErrorKind, RefName, RefStore};
use gitstore::repo::InitOptions;
use gitstore::{Kind, Limits, ObjectId, Repository};

/// Passes a refs result on with `?`, as code above the refs does.
fn up<T>(result: refs::Result<T>) -> gitstore::Result<T> {
    Ok(result?)
}

fn name(s: &str) -> RefName {
    RefName::new(s).unwrap()
}

#[test]
fn a_failed_edit_is_a_ref_error_with_the_refs_name() {
    let main = name("refs/heads/main");
    let store = RefStore::in_memory(&main, Config::default(), Limits::default()).unwrap();
    let id: ObjectId = "ce013625030ba8dba906f756967f9e9ca394464a".parse().unwrap();
    let edit = || RefEdit::update(name("refs/heads/topic"), id, Some(id));

    let mut tx = store.transaction();
    tx.push(edit()).unwrap();
    match tx.commit() {
        Err(refs::Error::Ref(e)) => {
            assert_eq!(e.name, "refs/heads/topic");
            assert_eq!(e.kind, RefErrorKind::Missing);
        }
        other => panic!("{other:?}"),
    }
    let mut tx = store.transaction();
    tx.push(edit()).unwrap();
    match up(tx.commit()) {
        Err(gitstore::Error::Ref(e)) => assert_eq!(e.kind, RefErrorKind::Missing),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_packed_refs_carries_its_path_and_stays_fatal_above() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, _) = Repository::init(dir.path(), &InitOptions::default()).unwrap();
    let packed = repo.git_dir().join("packed-refs");
    std::fs::write(&packed, b"not a packed ref line\n").unwrap();
    let store = RefStore::open(repo.git_dir()).unwrap();

    let err = store.find(&name("refs/heads/nowhere")).unwrap_err();
    assert!(err.is_packed_refs_corrupt());
    match &err {
        refs::Error::PackedRefsCorrupt { path, .. } => assert_eq!(path, &packed),
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    let top = gitstore::Error::from(err);
    assert!(top.is_packed_refs_corrupt());
    assert_eq!(top.to_string(), text);
    match up(store.find(&name("refs/heads/nowhere"))) {
        Err(gitstore::Error::PackedRefsCorrupt { path, .. }) => assert_eq!(path, packed),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_object_refs_cannot_read_is_the_odbs_error() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, _) = Repository::init(dir.path(), &InitOptions::default()).unwrap();
    let id = repo.odb().write(Kind::Blob, b"hello\n").unwrap();
    let path = repo.odb().loose().unwrap().path_of(&id);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"").unwrap();
    let store = RefStore::open(repo.git_dir()).unwrap();

    match store.object_kind(&id) {
        Err(refs::Error::Odb(odb::Error::Loose(loose::Error::Corrupt(e)))) => {
            assert_eq!(
                (e.id, &e.path, &e.kind),
                (id, &path, &LooseErrorKind::Empty)
            )
        }
        other => panic!("{other:?}"),
    }
    match up(store.object_kind(&id)) {
        Err(gitstore::Error::Loose(e)) => assert_eq!((e.id, &e.path), (id, &path)),
        other => panic!("{other:?}"),
    }
}
