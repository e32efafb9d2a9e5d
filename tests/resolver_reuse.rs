//! One resolver serves every name of a batch or a ref-edit script; it must still see refs that
//! changed between two names (it caches commits only).

mod common;

use common::fixtures::refs_branch_tag;
use common::twins::Twins;
use gitstore::batch::{Batch, Mode, Options};
use gitstore::refs::{RefEdit, RefName};
use gitstore::{Kind, Repository};

#[test]
fn a_batch_sees_a_ref_created_and_moved_between_two_lines() {
    let repo = Repository::in_memory().unwrap();
    let one = repo.odb().write(Kind::Blob, b"one\n").unwrap();
    let two = repo.odb().write(Kind::Blob, b"two\n").unwrap();
    let name = RefName::new("refs/tags/t").unwrap();
    let mut batch = Batch::new(&repo, Options::new(Mode::Info)).unwrap();
    let mut out = Vec::new();
    batch.answer(b"refs/tags/t", &mut out).unwrap();
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::create(name.clone(), one)).unwrap();
    tx.commit().unwrap();
    batch.answer(b"refs/tags/t", &mut out).unwrap();
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::update(name, two, Some(one))).unwrap();
    tx.commit().unwrap();
    batch.answer(b"refs/tags/t", &mut out).unwrap();
    batch.finish(&mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("refs/tags/t missing\n{one} blob 4\n{two} blob 4\n")
    );
}

#[test]
fn an_update_ref_script_resolves_refs_its_earlier_transactions_wrote() {
    let t = Twins::new(refs_branch_tag);
    t.run(
        &["update-ref", "--stdin"],
        b"start\ncreate refs/heads/a HEAD~1\ncommit\n\
          start\ncreate refs/heads/b refs/heads/a\nupdate refs/heads/a HEAD refs/heads/b\ncommit\n\
          create refs/heads/c refs/heads/a~1\n",
    );
    t.run(&["for-each-ref", "refs/heads/"], b"");
}
