//! `gitstore diff-tree` with revision ranges and parent shorthands, against git 2.47 byte for
//! byte: `A^@`, `A^!`, `A^-n` also after a `^` (git's `add_parents_only` flips what the parents
//! are), malformed shorthands, and `..` from a subdirectory (the parent directory, no range).

mod common;

use common::fixtures::history_graph;
use common::{assert_identical, assert_identical_in};

#[test]
fn parent_shorthands_after_a_caret_flip_the_parents() {
    let f = history_graph();
    let merge = f.git_str(&["rev-list", "--merges", "-1", "HEAD"]);
    let merge = merge.trim();
    for shorthand in ["^@", "^!", "^-", "^-1", "^-2", "^-3", "^-0", "^-x", "^-01"] {
        for caret in ["", "^"] {
            let arg = format!("{caret}{merge}{shorthand}");
            assert_identical(&f, &["diff-tree", "-r", &arg], b"");
        }
    }
}

#[test]
fn two_dots_alone_in_a_subdirectory_are_a_path() {
    let f = history_graph();
    assert_identical_in(&f, "src", &["diff-tree", ".."]);
    assert_identical_in(&f, "src", &["diff-tree", "HEAD", ".."]);
}
