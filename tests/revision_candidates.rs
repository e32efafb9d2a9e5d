//! What the library says of each candidate of an ambiguous abbreviation
//! (`revision::describe_candidates`): git's order (tag, commit, tree, blob, unreadable), the
//! commit's author date and subject, the tag's tagger date and name.

mod common;

use common::fixtures::refs_branch_tag;
use common::library::{id, open};
use gitstore::revision::{describe_candidates, CandidateDescription};
use gitstore::ObjectId;

#[test]
fn candidates_come_tags_first_then_commits_trees_blobs_and_unreadable_objects() {
    let f = refs_branch_tag();
    let repo = open(&f);
    let tag = id(&f.git_str(&["rev-parse", "v1"]));
    let commit = id(&f.git_str(&["rev-parse", "HEAD"]));
    let tree = id(&f.git_str(&["rev-parse", "HEAD^{tree}"]));
    let blob = id(&f.git_str(&["rev-parse", "HEAD:b.txt"]));
    let missing = ObjectId::from_raw([0xee; 20]);

    let described = describe_candidates(&repo, &[missing, blob, tree, commit, tag]).unwrap();

    let ids: Vec<ObjectId> = described.iter().map(|c| c.id).collect();
    assert_eq!(ids, [tag, commit, tree, blob, missing]);
    let abbrev = f.git_str(&["rev-parse", "--short", "HEAD"]);
    assert_eq!(described[1].abbrev, abbrev.trim());
    match &described[0].what {
        CandidateDescription::Tag(Some(t)) => {
            assert_eq!(t.name, "v1");
            let date = f.git_str(&[
                "for-each-ref",
                "--format=%(taggerdate:unix)",
                "refs/tags/v1",
            ]);
            assert_eq!(t.seconds.to_string(), date.trim());
        }
        other => panic!("not a described tag: {other:?}"),
    }
    match &described[1].what {
        CandidateDescription::Commit(Some(c)) => {
            assert_eq!(c.subject, f.git_str(&["log", "-1", "--format=%s"]).trim());
            assert_eq!(
                c.seconds.to_string(),
                f.git_str(&["log", "-1", "--format=%at"]).trim()
            );
        }
        other => panic!("not a described commit: {other:?}"),
    }
    assert_eq!(described[2].what, CandidateDescription::Tree);
    assert_eq!(described[3].what, CandidateDescription::Blob);
    assert_eq!(described[4].what, CandidateDescription::Unreadable);
}
