//! `gitstore tag` against git 2.47 on twin fixtures: creating, listing and deleting, modes
//! that exclude each other as git spells them, creation options refused when listing or
//! deleting.

mod common;

use common::fixtures::{refs_branch_tag, refs_loose_and_packed};
use common::twins::Twins;

#[test]
fn tag_creates_lists_and_deletes_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    t.git.git(&["config", "core.logAllRefUpdates", "always"]);
    t.store.git(&["config", "core.logAllRefUpdates", "always"]);
    t.run(&["tag"], b"");
    t.run(&["tag", "-l", "v*"], b"");
    t.run(&["tag", "--list", "l*", "*outer"], b"");
    t.tick();
    t.run(&["tag", "light"], b"");
    t.run(&["tag", "new-light"], b"");
    t.run(&["tag", "on-tree", "HEAD^{tree}"], b"");
    t.run(&["tag", "-f", "light", "HEAD~2"], b"");
    t.run(&["tag", "-f", "light", "HEAD~2"], b"");
    t.run(&["tag", "-a", "-m", "msg", "ann"], b"");
    t.run(&["tag", "-a", "-m", "again", "ann"], b"");
    t.run(
        &[
            "tag",
            "-m",
            "two\nlines  \n\n\n# comment",
            "-m",
            "para",
            "multi",
            "HEAD~1",
        ],
        b"",
    );
    t.run(&["tag", "-a", "-f", "-m", "replaced", "ann", "HEAD~1"], b"");
    t.run(&["tag", "-m", "nested", "nested", "v1"], b"");
    t.run(&["tag", "-m", "", "empty-message"], b"");
    t.run(&["tag", "-m", "on a blob", "blob-tag", "HEAD:a.txt"], b"");
    t.run(&["tag", "x", "nonexistent"], b"");
    for bad in ["../x", "a..b", "x.lock", "@{x", "ctl\u{1}", "sp ace"] {
        t.run(&["tag", bad], b"");
    }
    t.run(&["tag"], b"");
    t.run(&["tag", "-d", "light"], b"");
    t.run(&["tag", "-d", "nope"], b"");
    t.run(&["tag", "-d", "v1", "v2", "nope", "multi"], b"");
    t.run(&["tag", "-d"], b"");
    t.run(&["tag"], b"");
}

#[test]
fn tag_modes_exclude_each_other_as_spelled_and_in_order() {
    let t = Twins::new(refs_branch_tag);
    for args in [
        &["tag", "--list", "x", "-d"][..],
        &["tag", "-d", "x", "-l"],
        &["tag", "-ld", "x"],
        &["tag", "-dl", "x"],
        &["tag", "-l", "--list", "-d"],
        &["tag", "--list", "--delete"],
        &["tag", "--delete", "v1", "--list"],
    ] {
        t.run(args, b"");
    }
    // the same mode twice is no conflict, nor a mode word after `--` or as a message
    t.run(&["tag", "-l", "-l", "v*"], b"");
    t.run(&["tag", "-l", "--", "-d"], b"");
    t.run(&["tag", "-d", "--", "-l"], b"");
    t.tick();
    t.run(&["tag", "-m", "-l", "message-is-dash-l"], b"");
    t.run(&["tag", "-m-d", "message-is-dash-d"], b"");
    t.run(&["tag", "--message", "-d", "message-is-dash-d-too"], b"");
}

#[test]
fn tag_options_of_creation_are_usage_errors_when_listing_or_deleting() {
    let t = Twins::new(refs_branch_tag);
    for args in [
        &["tag", "-f"][..],
        &["tag", "-l", "-f"],
        &["tag", "-l", "-a", "v*"],
        &["tag", "-mfoo", "-l", "v*"],
        &["tag", "-d", "-m", "x", "light"],
        &["tag", "-a", "-d", "light"],
        &["tag", "-f", "-d", "light"],
    ] {
        t.run(args, b"");
    }
    t.run(&["tag"], b"");
}
