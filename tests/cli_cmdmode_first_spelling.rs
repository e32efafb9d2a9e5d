//! Two modes of one `OPT_CMDMODE` group: git names the later mode and the earlier one as it
//! was first spelled, however often it was repeated in between (`ls-tree -l --long
//! --name-only` names `-l`); an option's value is never a mode.

mod common;

use common::fixtures::refs_branch_tag;
use common::twins::Twins;

#[test]
fn a_repeated_mode_is_named_as_first_spelled() {
    let t = Twins::new(refs_branch_tag);
    t.run(&["ls-tree", "-l", "--long", "--name-only", "HEAD"], b"");
    t.run(&["ls-tree", "--long", "-l", "--name-only", "HEAD"], b"");
    t.run(&["cat-file", "-t", "-e", "-e", "-p", "HEAD"], b"");
    t.run(&["tag", "--list", "-l", "-d"], b"");
    t.run(&["tag", "-l", "--delete", "--delete", "-l"], b"");
}

#[test]
fn a_message_value_is_not_a_mode() {
    let t = Twins::new(refs_branch_tag);
    t.run(&["tag", "--message=-d", "-l", "-d"], b"");
    t.run(&["tag", "-mx", "-l", "-d"], b"");
    t.run(&["tag", "-m", "-d", "-l", "-d", "x"], b"");
}
