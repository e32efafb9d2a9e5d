//! Repositories and object stores in memory: a `MemoryStore` attached to a repository on disk,
//! and `Repository::in_memory` (objects and refs without a directory), checked against git
//! once their objects are copied to disk.

mod common;

#[allow(dead_code)]
#[path = "../examples/copy_objects.rs"]
mod copy_objects_example;

use common::library::{fixture_author, fixture_committer, id, open};
use common::Fixture;
use gitstore::object::{Commit, EntryMode};
use gitstore::odb::{MemoryStore, ObjectStore};
use gitstore::refs::{RefErrorKind, RefName};
use gitstore::repo::Head;
use gitstore::{revision, Error, Kind, ObjectId, Repository};
use std::sync::Arc;

/// A commit of the empty tree with fixed identities.
fn fixed_commit() -> Commit {
    Commit::new(ObjectId::EMPTY_TREE)
        .with_author(fixture_author())
        .with_committer(fixture_committer())
}

#[test]
fn a_memory_store_attached_to_a_repository_is_seen_by_lookups_and_revisions() {
    let f = Fixture::new();
    f.commit_all("on disk");
    let repo = open(&f);
    let memory = Arc::new(MemoryStore::new());
    repo.odb().add_store(memory.clone());
    let blob = memory.write(Kind::Blob, b"only in memory\n").unwrap();
    let mut editor = gitstore::tree_edit::TreeEditor::new(memory.as_ref(), None);
    editor
        .insert(b"dir/mem.txt", EntryMode::BLOB, blob)
        .unwrap();
    let tree = editor.write().unwrap();
    let disk_head = id(&f.git_str(&["rev-parse", "HEAD"]));
    let commit = Commit::new(tree)
        .with_parent(disk_head)
        .with_author(fixture_author())
        .with_committer(fixture_committer())
        .with_message("in memory\n");
    let mut body = Vec::new();
    gitstore::object::WriteTo::write_to(&commit, &mut body).unwrap();
    let commit_id = memory.write(Kind::Commit, &body).unwrap();
    // nothing of it is on disk
    assert!(!repo.odb().loose().unwrap().contains(&commit_id));

    assert_eq!(repo.find_commit(&commit_id).unwrap(), commit);
    let abbrev = &commit_id.to_string()[..12];
    assert_eq!(revision::resolve(&repo, abbrev).unwrap(), commit_id);
    assert_eq!(
        revision::resolve(&repo, &format!("{abbrev}^{{tree}}")).unwrap(),
        tree
    );
    assert_eq!(
        revision::resolve(&repo, &format!("{commit_id}:dir/mem.txt")).unwrap(),
        blob
    );
    assert_eq!(
        revision::resolve(&repo, &format!("{abbrev}~1")).unwrap(),
        disk_head
    );
    // every clone of the repository shares the store
    let clone = repo.clone();
    assert_eq!(clone.find_blob(&blob).unwrap().data, b"only in memory\n");
}

#[test]
fn an_in_memory_repository_commits_resolves_and_logs_like_one_on_disk() {
    let repo = Repository::in_memory().unwrap();
    let main = RefName::new("refs/heads/main").unwrap();
    assert_eq!(repo.head().unwrap(), Head::Unborn { name: main.clone() });
    let blob = repo.odb().write(Kind::Blob, b"one\n").unwrap();
    let mut tree = repo.edit_tree(None);
    tree.insert(b"dir/file", EntryMode::BLOB, blob).unwrap();
    let first = fixed_commit()
        .with_tree(tree.write().unwrap())
        .with_message("one\n");
    let one = repo
        .commit_and_move(&RefName::head(), &first, None)
        .unwrap();
    let second = first.clone().with_parent(one).with_message("two\n");
    let two = repo.commit_and_move(&main, &second, Some(one)).unwrap();

    assert_eq!(
        repo.head().unwrap(),
        Head::Branch {
            name: main.clone(),
            id: two
        }
    );
    for (spec, want) in [
        ("HEAD", two),
        ("main~1", one),
        ("HEAD@{1}", one),
        ("main:dir/file", blob),
        (":/one", one),
    ] {
        assert_eq!(revision::resolve(&repo, spec).unwrap(), want, "{spec}");
    }
    let abbrev = &two.to_string()[..8];
    assert_eq!(revision::resolve(&repo, abbrev).unwrap(), two);
    let listed: Vec<String> = repo
        .refs()
        .list(b"refs/")
        .unwrap()
        .refs
        .iter()
        .map(|r| r.name.to_string())
        .collect();
    assert_eq!(listed, ["refs/heads/main"]);
    let messages: Vec<String> = repo
        .refs()
        .reflog(&RefName::head())
        .unwrap()
        .iter()
        .map(|e| e.message.to_string())
        .collect();
    assert_eq!(messages, ["commit (initial): one", "commit: two"]);

    // compare-and-swap in memory too, and nothing changes on failure
    match repo.commit_and_move(&main, &second, Some(one)) {
        Err(Error::Ref(e)) => assert_eq!(
            e.kind,
            RefErrorKind::Mismatch {
                actual: two,
                expected: one
            }
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(repo.refs().reflog(&main).unwrap().len(), 2);
    // a clone shares objects and refs
    assert_eq!(repo.clone().head().unwrap().id(), Some(two));
    assert!(repo.git_dir().as_os_str().is_empty());
}

#[test]
fn an_in_memory_transaction_is_all_or_nothing() {
    let repo = Repository::in_memory().unwrap();
    let c = repo.odb().write_object(&fixed_commit()).unwrap();
    let blob = repo.odb().write(Kind::Blob, b"x").unwrap();
    let (a, b) = (
        RefName::new("refs/heads/a").unwrap(),
        RefName::new("refs/heads/b").unwrap(),
    );
    let mut tx = repo.refs().transaction();
    tx.push(gitstore::refs::RefEdit::create(a.clone(), c))
        .unwrap();
    tx.push(gitstore::refs::RefEdit::create(b.clone(), blob))
        .unwrap();
    match tx.commit_with(&fixture_committer()).map_err(Error::from) {
        Err(Error::Ref(e)) => assert_eq!(e.kind, RefErrorKind::NonCommitBranch { id: blob }),
        other => panic!("{other:?}"),
    }
    assert_eq!(repo.refs().find(&a).unwrap(), None);
    let missing = id("0123456789012345678901234567890123456789");
    let mut tx = repo.refs().transaction();
    tx.push(gitstore::refs::RefEdit::create(a.clone(), missing))
        .unwrap();
    assert!(matches!(
        tx.commit_with(&fixture_committer()).map_err(Error::from),
        Err(Error::Ref(e)) if e.kind == RefErrorKind::NonexistentObject { id: missing }
    ));
    let mut tx = repo.refs().transaction();
    tx.push(gitstore::refs::RefEdit::create(a.clone(), c))
        .unwrap();
    tx.push(gitstore::refs::RefEdit::create(
        RefName::new("refs/tags/t").unwrap(),
        blob,
    ))
    .unwrap();
    tx.commit_with(&fixture_committer()).unwrap();
    assert_eq!(repo.refs().resolve_id(b"refs/tags/t"), Some(blob));
    // a tag's reflog is not created by default; a branch's is
    assert!(!repo
        .refs()
        .reflog_exists(&RefName::new("refs/tags/t").unwrap()));
    assert!(repo.refs().reflog_exists(&a));
    let mut tx = repo.refs().transaction();
    tx.push(gitstore::refs::RefEdit::delete(a.clone(), Some(c)))
        .unwrap();
    tx.commit_with(&fixture_committer()).unwrap();
    assert_eq!(repo.refs().find(&a).unwrap(), None);
    assert!(!repo.refs().reflog_exists(&a));
}

#[test]
fn history_built_in_memory_copies_to_disk_and_passes_git_fsck() {
    let mem = Repository::in_memory().unwrap();
    let mut tree = mem.edit_tree(None);
    for (path, content) in [("a/b/c.txt", "c\n"), ("a.txt", "a\n"), ("z", "z\n")] {
        let blob = mem.odb().write(Kind::Blob, content.as_bytes()).unwrap();
        tree.insert(path.as_bytes(), EntryMode::BLOB, blob).unwrap();
    }
    let commit = fixed_commit()
        .with_tree(tree.write().unwrap())
        .with_message("built in memory\n");
    let id = mem
        .commit_and_move(&RefName::head(), &commit, None)
        .unwrap();

    let disk = Fixture::bare();
    let copied = copy_objects_example::copy_objects(&mem, &open(&disk), Some("main")).unwrap();
    assert_eq!(copied, 7); // commit, 3 trees, 3 blobs
    disk.git(&["update-ref", "refs/heads/main", &id.to_string()]);
    let fsck = disk.git_output(&["fsck", "--strict", "--no-dangling"], b"");
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert_eq!(
        disk.git_str(&["log", "--format=%s", "main"]),
        "built in memory"
    );
}
