//! `gitstore symbolic-ref` against git 2.47 on twin fixtures: reading, writing and deleting
//! symrefs (one in a cycle included), with the resulting `.git` state compared.

mod common;

use common::fixtures::{refs_loose_and_packed, refs_tag_of_tag};
use common::twins::Twins;

#[test]
fn symbolic_ref_reads_writes_and_deletes_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["symbolic-ref", "--short", "HEAD"], b"");
    t.run(&["symbolic-ref", "refs/heads/main"], b"");
    t.run(&["symbolic-ref", "-q", "refs/heads/main"], b"");
    t.run(&["symbolic-ref", "nope"], b"");
    t.run(&["symbolic-ref", "HEAD", "main"], b"");
    t.run(
        &["symbolic-ref", "-m", "", "refs/heads/s", "refs/heads/main"],
        b"",
    );
    t.run(&["symbolic-ref", "refs/heads/sym", "../x"], b"");
    t.run(&["symbolic-ref", "refs/heads/sym", "refs/heads/a..b"], b"");
    t.run(&["symbolic-ref", "refs/heads/sym", "refs/heads/main"], b"");
    t.run(&["symbolic-ref", "refs/heads/sym"], b"");
    t.run(
        &[
            "symbolic-ref",
            "-m",
            "point HEAD at topic",
            "HEAD",
            "refs/heads/topic",
        ],
        b"",
    );
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["symbolic-ref", "HEAD", "refs/heads/main"], b"");
    t.run(&["symbolic-ref", "HEAD", "refs/heads/unborn"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["symbolic-ref", "HEAD", "refs/heads/main"], b"");
    t.run(&["symbolic-ref", "-d", "refs/heads/main"], b"");
    t.run(&["symbolic-ref", "-d", "HEAD"], b"");
    t.run(&["symbolic-ref", "-d", "nope"], b"");
    t.run(&["symbolic-ref", "-d", "refs/heads/sym"], b"");
    // a cycle: writing it is allowed, reading it is "No such ref"
    t.run(&["symbolic-ref", "refs/heads/l1", "refs/heads/l2"], b"");
    t.run(&["symbolic-ref", "refs/heads/l2", "refs/heads/l1"], b"");
    t.run(&["symbolic-ref", "refs/heads/l1"], b"");
    t.run(&["symbolic-ref"], b"");
}

#[test]
fn symbolic_ref_deletes_a_symref_in_a_cycle() {
    let t = Twins::first_line(refs_tag_of_tag);
    t.run(&["symbolic-ref", "refs/heads/l1", "refs/heads/l2"], b"");
    t.run(&["symbolic-ref", "refs/heads/l2", "refs/heads/l1"], b"");
    t.run(&["symbolic-ref", "-d", "refs/heads/l1"], b"");
    t.run(&["symbolic-ref", "refs/heads/l1", "refs/heads/l2"], b"");
    t.run(&["update-ref", "--no-deref", "-d", "refs/heads/l2"], b"");
    t.run(&["symbolic-ref", "-d", "refs/heads/l1"], b"");
}
