//! `gitstore branch` against git 2.47 on twin fixtures: creating, listing (symbolic branches,
//! the detached HEAD label), renaming (onto itself, into or out of its own directory), deleting, in
//! bare repositories and with an unborn HEAD branch, start points that are ambiguous or not
//! commits, and argument errors. stdout, stderr, exit code and the `.git` state must be equal.

mod common;

use common::fixtures::{refs_branch_tag, refs_loose_and_packed, refs_tag_of_tag_bare};
use common::twins::Twins;
use common::Fixture;

/// [`refs_branch_tag`] with both `refs/heads/v2` and `refs/tags/v2`.
fn repo_with_branch_and_tag_v2() -> Fixture {
    let f = refs_branch_tag();
    f.git(&["branch", "v2", "HEAD~1"]);
    f.git(&["tag", "v2", "HEAD~2"]);
    f
}

/// [`refs_branch_tag`] with `side` and `feat` packed beside `main`.
fn repo_for_renames() -> Fixture {
    let f = refs_branch_tag();
    f.git(&["branch", "side", "topic"]);
    f.git(&["branch", "feat"]);
    f.git(&["pack-refs", "--all"]);
    f.git(&["branch", "sub-owner"]);
    f
}

#[test]
fn branch_creates_lists_renames_and_deletes_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    t.run(&["branch"], b"");
    t.run(&["branch", "-v"], b"");
    t.run(&["branch", "--show-current"], b"");
    t.tick();
    t.run(&["branch", "new"], b"");
    t.run(&["branch", "new"], b"");
    t.run(&["branch", "from-topic", "topic"], b"");
    t.run(&["branch", "from-tag", "v1"], b"");
    t.run(&["branch", "-f", "new", "HEAD~1"], b"");
    t.run(&["branch", "-f", "new", "HEAD~1"], b"");
    t.run(&["branch", "-f", "main", "HEAD~1"], b"");
    for bad in [
        "../x", "a..b", "x.lock", "@{x", "ctl\u{1}", "HEAD", "-dash", "sp ace", "a/",
    ] {
        t.run(&["branch", bad], b"");
    }
    t.run(&["branch", "nb", "nonexistent"], b"");
    t.run(&["branch", "-l", "f*"], b"");
    t.run(&["branch", "--list", "feat*", "n*"], b"");
    t.tick();
    t.run(&["branch", "-m", "from-topic", "renamed"], b"");
    t.run(&["branch", "-m", "nope", "other"], b"");
    t.run(&["branch", "-m", "renamed", "feature/x"], b"");
    t.run(&["branch", "-m", "renamed", "feature"], b"");
    t.run(&["branch", "-m", "renamed", "../bad"], b"");
    t.run(&["branch", "-M", "renamed", "new"], b"");
    // renaming the current branch moves HEAD, with git's reflog lines
    t.run(&["branch", "-m", "main", "trunk"], b"");
    t.run(&["branch"], b"");
    t.run(&["branch", "-v"], b"");
    t.run(&["branch", "--show-current"], b"");
    t.run(&["branch", "-d", "nope"], b"");
    t.run(&["branch", "-d", "trunk"], b"");
    t.run(&["branch", "-d", "new"], b"");
    t.run(&["branch", "-D", "topic", "nope", "from-tag"], b"");
    // not merged into HEAD: -d refuses, -D deletes
    let ahead = t
        .git
        .git_str(&["commit-tree", "-p", "HEAD", "-m", "ahead", "HEAD^{tree}"]);
    let ahead2 = t
        .store
        .git_str(&["commit-tree", "-p", "HEAD", "-m", "ahead", "HEAD^{tree}"]);
    assert_eq!(ahead, ahead2);
    t.run(&["update-ref", "refs/heads/ahead", &ahead], b"");
    t.run(&["branch", "-d", "ahead"], b"");
    t.run(&["branch", "-D", "ahead"], b"");
    // detached HEAD
    t.run(&["update-ref", "--no-deref", "HEAD", "HEAD~1"], b"");
    t.run(&["branch"], b"");
    t.run(&["branch", "--show-current"], b"");
    t.run(&["branch", "detached-start"], b"");
    // detached by a checkout: "(HEAD detached at …)", then "from" once HEAD moved on
    for f in [&t.git, &t.store] {
        f.git(&["checkout", "-q", "--detach", "trunk~1"]);
    }
    t.run(&["branch"], b"");
    for f in [&t.git, &t.store] {
        f.git(&["update-ref", "--no-deref", "HEAD", "HEAD~1"]);
    }
    t.run(&["branch"], b"");
}

#[test]
fn branch_in_a_bare_repository_may_force_delete_and_rename_the_head_branch() {
    let t = Twins::first_line(refs_tag_of_tag_bare);
    t.run(&["branch", "-f", "main", "topic"], b"");
    t.run(&["branch", "-m", "main", "renamed"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["branch", "-D", "renamed"], b"");
    // HEAD now names an unborn branch: renaming it moves HEAD
    t.run(&["branch", "-m", "renamed", "again"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["branch", "-m", "nope", "other"], b"");
}

#[test]
fn branch_treats_the_unborn_head_branch_as_checked_out() {
    let t = Twins::first_line(Fixture::new);
    t.run(&["branch", "-d", "main"], b"");
    t.run(&["branch", "-D", "main", "nope"], b"");
    t.run(&["branch", "-m", "main", "trunk"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["branch", "-M", "dev"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["branch", "-m", "main", "x"], b"");
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
    let t = Twins::new(refs_branch_tag);
    t.git_both(&["tag", "-a", "-m", "tree tag", "tree-tag", "HEAD^{tree}"]);
    t.run(&["branch", "nb", "HEAD^{tree}"], b"");
    t.run(&["branch", "nb", "tree-tag"], b"");
    t.run(&["branch", "nb", "HEAD:a.txt"], b"");
}

#[test]
fn detached_head_is_labelled_by_the_last_checkout_as_git_labels_it() {
    let t = Twins::new(refs_branch_tag);
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
    let t = Twins::new(refs_branch_tag);
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
    let t = Twins::new(refs_branch_tag);
    t.run(&["branch", "x", "y", "z"], b"");
    t.run(&["branch", "-m"], b"");
    t.run(&["branch", "-M"], b"");
    t.run(&["branch", "-m", "a", "b", "c"], b"");
    t.run(&["branch", "-d"], b"");
    t.git_both(&["checkout", "-q", "--detach"]);
    t.run(&["branch", "-m"], b"");
    t.run(&["branch", "-m", "new-name"], b"");
}
