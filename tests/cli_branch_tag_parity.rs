//! `branch`, `tag` and the revision arguments of every ref command, against git 2.47, for the
//! cases an audit found different: ambiguous names, detached HEAD labels, symbolic branches,
//! renames onto themselves or into their own directory, usage errors. The same commands run
//! through git on one fixture and through gitstore on its identical twin; stdout, stderr text,
//! exit code and the `.git` state (HEAD, refs, packed-refs, reflogs) must be equal.

mod common;

use common::twins::Twins;
use common::Fixture;

/// Three commits on main, a topic branch, an annotated tag, a lightweight tag; some refs
/// packed, some loose.
fn small_repo() -> Fixture {
    let f = Fixture::new();
    f.write("a.txt", "one\n");
    f.commit_all("first");
    f.write("a.txt", "two\n");
    f.commit_all("second");
    f.git(&["branch", "topic"]);
    f.write("b.txt", "three\n");
    f.commit_all("third");
    f.git(&["tag", "-a", "-m", "annotated", "v1"]);
    f.git(&["tag", "light", "HEAD~1"]);
    f.git(&["pack-refs", "--all"]);
    f.git(&["branch", "loose", "topic"]);
    f
}

/// [`small_repo`] with a tag named `HEAD` (git allows it; every `HEAD` is then ambiguous).
fn repo_with_head_tag() -> Fixture {
    let f = small_repo();
    f.git(&["tag", "HEAD", "HEAD~1"]);
    f
}

/// [`small_repo`] with both `refs/heads/v2` and `refs/tags/v2`.
fn repo_with_branch_and_tag_v2() -> Fixture {
    let f = small_repo();
    f.git(&["branch", "v2", "HEAD~1"]);
    f.git(&["tag", "v2", "HEAD~2"]);
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
    let t = Twins::new(small_repo);
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

#[test]
fn branch_refuses_a_start_point_that_is_both_a_branch_and_a_tag() {
    let t = Twins::new(repo_with_branch_and_tag_v2);
    t.tick();
    t.run(&["branch", "nb2", "v2"], b"");
    t.run(&["branch", "nb3", "heads/v2"], b"");
    t.run(&["branch", "nb4", "tags/v2"], b"");
    t.run(&["branch", "nb5", "v2~1"], b"");
    // elsewhere the tag wins, with the warning
    t.run(&["tag", "t2", "v2"], b"");
    t.run(&["update-ref", "refs/heads/u", "v2"], b"");
    t.run(&["rev-parse", "v2"], b"");
}

#[test]
fn branch_says_which_object_is_not_a_commit() {
    let t = Twins::new(small_repo);
    t.git_both(&["tag", "-a", "-m", "tree tag", "tree-tag", "HEAD^{tree}"]);
    t.run(&["branch", "nb", "HEAD^{tree}"], b"");
    t.run(&["branch", "nb", "tree-tag"], b"");
    t.run(&["branch", "nb", "HEAD:a.txt"], b"");
}

#[test]
fn detached_head_is_labelled_by_the_last_checkout_as_git_labels_it() {
    let t = Twins::new(small_repo);
    // a branch checked out detached is shown by its full name
    t.git_both(&["checkout", "-q", "--detach", "main"]);
    t.run(&["branch"], b"");
    // a tag without refs/tags/
    t.git_both(&["checkout", "-q", "v1"]);
    t.run(&["branch"], b"");
    // an expression is not a ref: the commit, abbreviated
    t.git_both(&["checkout", "-q", "topic~0"]);
    t.run(&["branch"], b"");
    // "HEAD" means the commit the checkout went to
    t.git_both(&["checkout", "-q", "HEAD~1"]);
    t.run(&["branch"], b"");
    // the ref moved since the checkout: the commit, not the ref
    t.git_both(&["checkout", "-q", "--detach", "topic"]);
    t.run(&["branch"], b"");
    t.git_both(&["update-ref", "refs/heads/topic", "main"]);
    t.run(&["branch"], b"");
    // HEAD moved since: "from"
    t.git_both(&["checkout", "-q", "--detach", "loose"]);
    t.git_both(&["update-ref", "--no-deref", "HEAD", "main"]);
    t.run(&["branch"], b"");
}

#[test]
fn symbolic_branches_are_listed_with_their_target() {
    let t = Twins::new(small_repo);
    t.git_both(&["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    t.git_both(&["symbolic-ref", "refs/heads/to-tag", "refs/tags/v1"]);
    t.git_both(&["symbolic-ref", "refs/heads/dangling", "refs/heads/nope"]);
    t.run(&["branch"], b"");
    t.run(&["branch", "-v"], b"");
    t.run(&["branch", "--list", "a*", "t*"], b"");
    // HEAD through the alias: main is the current branch, and alias is not "elsewhere"
    t.git_both(&["symbolic-ref", "HEAD", "refs/heads/alias"]);
    t.run(&["branch"], b"");
    t.run(&["branch", "--show-current"], b"");
}

/// [`small_repo`] with `side` and `feat` packed beside `main`.
fn repo_for_renames() -> Fixture {
    let f = small_repo();
    f.git(&["branch", "side", "topic"]);
    f.git(&["branch", "feat"]);
    f.git(&["pack-refs", "--all"]);
    f.git(&["branch", "sub-owner"]);
    f
}

#[test]
fn branch_rename_into_or_out_of_its_own_directory_is_no_conflict() {
    let t = Twins::new(repo_for_renames);
    t.tick();
    t.run(&["branch", "-m", "side", "feature/x/y"], b"");
    t.run(&["branch", "-m", "feature/x/y", "feature"], b"");
    t.run(&["branch", "-m", "feature", "feature/deeper"], b"");
    t.run(&["branch", "-m", "sub-owner", "sub-owner/sub"], b"");
    // other refs still conflict, above or below
    t.run(&["branch", "-m", "feat", "sub-owner"], b"");
    t.run(&["branch", "-m", "feat", "sub-owner/sub/x"], b"");
    t.run(&["branch", "-m", "sub-owner/sub", "feat/a"], b"");
    t.run(&["branch"], b"");
}

#[test]
fn branch_rename_onto_itself_rewrites_the_ref_and_logs_it() {
    let t = Twins::new(repo_for_renames);
    t.tick();
    // packed: becomes loose, with a "renamed X to X" line in its reflog
    t.run(&["branch", "-m", "side", "side"], b"");
    t.run(&["branch", "-m", "sub-owner", "sub-owner"], b"");
    // the current branch: HEAD's reflog too
    t.run(&["branch", "-M", "main", "main"], b"");
    t.tick();
    t.run(&["branch", "-m", "main"], b"");
    t.run(&["branch", "-v"], b"");
}

#[test]
fn branch_argument_errors_are_reported_as_git_reports_them() {
    let t = Twins::new(small_repo);
    t.run(&["branch", "x", "y", "z"], b"");
    t.run(&["branch", "-m"], b"");
    t.run(&["branch", "-M"], b"");
    t.run(&["branch", "-m", "a", "b", "c"], b"");
    t.run(&["branch", "-d"], b"");
    t.git_both(&["checkout", "-q", "--detach"]);
    t.run(&["branch", "-m"], b"");
    t.run(&["branch", "-m", "new-name"], b"");
}

#[test]
fn tag_modes_exclude_each_other_as_spelled_and_in_order() {
    let t = Twins::new(small_repo);
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
    let t = Twins::new(small_repo);
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
