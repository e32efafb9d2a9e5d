//! The revision arguments every ref command takes, against git 2.47 on twin fixtures: the
//! warning when `HEAD` is ambiguous and the candidates of an ambiguous abbreviation, from each
//! command.

mod common;

use common::fixtures::refs_branch_tag;
use common::twins::Twins;
use common::Fixture;

/// [`refs_branch_tag`] with a tag named `HEAD` (git allows it; every `HEAD` is then ambiguous).
fn repo_with_head_tag() -> Fixture {
    let f = refs_branch_tag();
    f.git(&["tag", "HEAD", "HEAD~1"]);
    f
}

/// Writes two blobs whose ids share their first four hex digits into both twins; returns
/// those four digits.
fn ambiguous_prefix(t: &Twins) -> String {
    let mut seen = std::collections::HashMap::new();
    for i in 0..5000 {
        let body = format!("{i}\n");
        let id = gitstore::hash::hash_object(gitstore::Kind::Blob, body.as_bytes()).unwrap();
        let p = id.to_string()[..4].to_string();
        if let Some(other) = seen.insert(p.clone(), body.clone()) {
            for f in [&t.git, &t.store] {
                f.git_stdin(&["hash-object", "-w", "--stdin"], other.as_bytes());
                f.git_stdin(&["hash-object", "-w", "--stdin"], body.as_bytes());
            }
            return p;
        }
    }
    unreachable!("5000 blobs always share a 4-digit prefix")
}

#[test]
fn every_revision_argument_warns_that_head_is_ambiguous() {
    let t = Twins::new(repo_with_head_tag);
    t.tick();
    t.run(&["tag", "-m", "x", "annotated-on-head"], b"");
    t.run(&["tag", "light-on-head"], b"");
    t.run(&["tag", "explicit", "HEAD"], b"");
    t.run(&["update-ref", "refs/heads/q", "HEAD"], b"");
    t.run(&["update-ref", "refs/heads/q", "HEAD~1", "HEAD"], b"");
    t.run(&["update-ref", "--stdin"], b"update refs/heads/r HEAD\n");
    t.run(
        &["commit-tree", "-p", "HEAD", "-m", "m", "HEAD^{tree}"],
        b"",
    );
    t.run(&["for-each-ref", "--points-at=HEAD"], b"");
    t.run(&["ls-tree", "HEAD"], b"");
    t.run(&["cat-file", "-t", "HEAD"], b"");
    t.run(&["cat-file", "--batch-check"], b"HEAD\nmain\n");
    t.run(&["branch", "from-head", "HEAD"], b"");
    t.run(&["branch", "from-tree", "HEAD^{tree}"], b"");
}

#[test]
fn every_revision_argument_lists_the_candidates_of_an_ambiguous_abbreviation() {
    let t = Twins::new(refs_branch_tag);
    let p = ambiguous_prefix(&t);
    t.run(&["tag", "t", &p], b"");
    t.run(&["update-ref", "refs/heads/q", &p], b"");
    t.run(&["commit-tree", "-p", &p, "-m", "m", "HEAD^{tree}"], b"");
    t.run(&["ls-tree", &p], b"");
    t.run(&["branch", "nb", &p], b"");
    t.run(
        &["update-ref", "--stdin"],
        format!("update refs/heads/r {p}\n").as_bytes(),
    );
    t.run(&["cat-file", "--batch-check"], format!("{p}\n").as_bytes());
}
