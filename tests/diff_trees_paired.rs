//! `diff::diff_trees_paired`: the changes `diff_trees` gives, and what rename detection needed
//! of `diff.renameLimit` (what `diff-tree` warns about at the end).

use gitstore::diff::{diff_trees, diff_trees_paired, DiffOptions, Renames};
use gitstore::object::EntryMode;
use gitstore::{repo::InitOptions, Kind, Repository};

#[test]
fn paired_changes_are_diff_trees_and_say_the_limit_needed() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, _) = Repository::init(dir.path(), &InitOptions::bare()).unwrap();
    let text: String = (0..40).map(|i| format!("line {i}\n")).collect();
    let edited = format!("{text}one more\n");
    let before = repo.odb().write(Kind::Blob, text.as_bytes()).unwrap();
    let after = repo.odb().write(Kind::Blob, edited.as_bytes()).unwrap();
    let mut editor = repo.edit_tree(None);
    editor.insert(b"old.txt", EntryMode::BLOB, before).unwrap();
    let old = editor.write().unwrap();
    let mut editor = repo.edit_tree(None);
    editor.insert(b"new.txt", EntryMode::BLOB, after).unwrap();
    let new = editor.write().unwrap();

    let plain = DiffOptions::default();
    let paired = diff_trees_paired(repo.odb(), Some(&old), Some(&new), &plain).unwrap();
    assert_eq!(paired.needed_limit, None, "no rename detection, no limit");
    assert_eq!(paired.changes.len(), 2);

    let renames = DiffOptions {
        renames: Some(Renames::default()),
        ..DiffOptions::default()
    };
    let paired = diff_trees_paired(repo.odb(), Some(&old), Some(&new), &renames).unwrap();
    let changes = diff_trees(repo.odb(), Some(&old), Some(&new), &renames).unwrap();
    assert_eq!(paired.changes, changes);
    assert_eq!(paired.changes.len(), 1, "one edited rename");
    assert_eq!(
        paired.needed_limit,
        Some(0),
        "one pair is within the default limit"
    );
}
