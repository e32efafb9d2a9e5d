//! Branch and tag rules driven from Rust (`gitstore::branch`, `gitstore::tag`), checked against
//! `git branch` and `git tag` on a twin repository: the same refs and reflog entries (old, new,
//! message) come out, and what git refuses comes back as a typed kind.

mod common;

use common::Fixture;
use gitstore::branch::{self, BranchErrorKind};
use gitstore::refs::RefName;
use gitstore::revision::Resolver;
use gitstore::tag::{self, TagErrorKind};
use gitstore::{Kind, ObjectId, Repository};

/// A repository with two commits on `main`, a branch `side` one commit ahead of `main`'s first
/// commit, and a tag `v1` on the first commit.
fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("file", "one\n");
    f.commit_all("first");
    f.git(&["tag", "v1"]);
    f.git(&["checkout", "-q", "-b", "side"]);
    f.write("file", "side\n");
    f.commit_all("on side");
    f.git(&["checkout", "-q", "main"]);
    f.write("file", "two\n");
    f.commit_all("second");
    f
}

fn twins() -> (Fixture, Fixture) {
    let (a, b) = (fixture(), fixture());
    assert_eq!(
        a.git_str(&["rev-parse", "main", "side"]),
        b.git_str(&["rev-parse", "main", "side"])
    );
    (a, b)
}

fn open(f: &Fixture) -> Repository {
    Repository::open(f.git_dir()).unwrap()
}

/// The ref's value and its reflog as (old, new, message).
fn ref_and_log(f: &Fixture, name: &str) -> (Option<ObjectId>, Vec<(ObjectId, ObjectId, String)>) {
    let repo = open(f);
    let name = RefName::new(name).unwrap();
    let value = repo.refs().resolve_id(name.as_bytes());
    let log = repo
        .refs()
        .reflog(&name)
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.old, e.new, e.message.to_string()))
        .collect();
    (value, log)
}

#[test]
fn create_and_reset_write_gits_reflog_messages() {
    let (git, ours) = twins();
    git.git(&["branch", "topic", "v1"]);
    git.git(&["branch", "-f", "topic", "side"]);
    git.git(&["branch", "fromhead"]);
    let repo = open(&ours);
    let mut resolver = Resolver::new(&repo);
    let created = branch::create(&mut resolver, b"topic", Some(b"v1"), false).unwrap();
    assert!(!created.reset);
    assert_eq!(created.message, "branch: Created from v1");
    let reset = branch::create(&mut resolver, b"topic", Some(b"side"), true).unwrap();
    assert!(reset.reset);
    branch::create(&mut resolver, b"fromhead", None, false).unwrap();
    for name in ["refs/heads/topic", "refs/heads/fromhead"] {
        assert_eq!(ref_and_log(&ours, name), ref_and_log(&git, name), "{name}");
    }
}

#[test]
fn creation_refusals_are_typed() {
    let f = fixture();
    let repo = open(&f);
    let mut resolver = Resolver::new(&repo);
    let kind = |r: Result<branch::Created, branch::BranchError>| r.unwrap_err().kind;
    assert!(matches!(
        kind(branch::create(&mut resolver, b"a..b", None, false)),
        BranchErrorKind::InvalidName
    ));
    assert!(matches!(
        kind(branch::create(&mut resolver, b"side", None, false)),
        BranchErrorKind::AlreadyExists
    ));
    // git: "cannot force update the branch 'main' used by worktree at '<path>'"
    match kind(branch::create(&mut resolver, b"main", Some(b"side"), true)) {
        BranchErrorKind::CheckedOut { worktree } => assert_eq!(worktree, f.path),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        kind(branch::create(&mut resolver, b"x", Some(b"nosuch"), false)),
        BranchErrorKind::InvalidStartPoint
    ));
    match kind(branch::create(
        &mut resolver,
        b"x",
        Some(b"main^{tree}"),
        false,
    )) {
        BranchErrorKind::NotABranchPoint {
            object: Some((_, Kind::Tree)),
        } => {}
        other => panic!("{other:?}"),
    }
    // `v1` as a branch too: two refs match, git refuses
    f.git(&["branch", "v1", "side"]);
    assert!(matches!(
        kind(branch::create(&mut resolver, b"x", Some(b"v1"), false)),
        BranchErrorKind::AmbiguousStartPoint
    ));
    let out = f.git_output(&["branch", "x", "v1"], b"");
    assert!(String::from_utf8_lossy(&out.stderr).contains("fatal: ambiguous object name: 'v1'"));
}

#[test]
fn rename_moves_branch_reflog_and_head_like_git() {
    let (git, ours) = twins();
    git.git(&["branch", "-m", "main", "trunk"]);
    branch::rename(&open(&ours), Some(b"main"), b"trunk", false).unwrap();
    assert_eq!(
        ref_and_log(&ours, "refs/heads/trunk"),
        ref_and_log(&git, "refs/heads/trunk")
    );
    assert_eq!(ref_and_log(&ours, "HEAD"), ref_and_log(&git, "HEAD"));
    assert_eq!(
        ours.git_str(&["symbolic-ref", "HEAD"]),
        git.git_str(&["symbolic-ref", "HEAD"])
    );
    // the branch HEAD is on is the default old name
    branch::rename(&open(&ours), None, b"main", false).unwrap();
    assert_eq!(ours.git_str(&["symbolic-ref", "HEAD"]), "refs/heads/main");
    let refused = branch::rename(&open(&ours), Some(b"nosuch"), b"other", false).unwrap_err();
    assert!(matches!(refused.kind, BranchErrorKind::NotFound));
    assert_eq!(refused.name, "nosuch");
}

#[test]
fn delete_refuses_unmerged_and_checked_out_branches() {
    let f = fixture();
    let repo = open(&f);
    let mut resolver = Resolver::new(&repo);
    assert!(matches!(
        branch::delete(&mut resolver, b"side", false)
            .unwrap_err()
            .kind,
        BranchErrorKind::NotFullyMerged
    ));
    assert!(matches!(
        branch::delete(&mut resolver, b"main", true)
            .unwrap_err()
            .kind,
        BranchErrorKind::CheckedOut { .. }
    ));
    assert!(matches!(
        branch::delete(&mut resolver, b"nosuch", true)
            .unwrap_err()
            .kind,
        BranchErrorKind::NotFound
    ));
    let side = f.git_str(&["rev-parse", "side"]);
    let (full, id) = branch::delete(&mut resolver, b"side", true).unwrap();
    assert_eq!(
        (full.to_string(), id.to_hex()),
        ("refs/heads/side".into(), side)
    );
    assert!(!f.git_dir().join("logs/refs/heads/side").exists());
    assert!(f
        .git_output(&["rev-parse", "--verify", "-q", "side"], b"")
        .stdout
        .is_empty());
}

#[test]
fn tags_get_gits_reflog_message_and_refusals() {
    let (git, ours) = twins();
    for f in [&git, &ours] {
        f.git(&["config", "core.logAllRefUpdates", "always"]);
    }
    git.git(&["tag", "light", "side"]);
    git.git(&["tag", "tree", "main^{tree}"]);
    let repo = open(&ours);
    let mut resolver = Resolver::new(&repo);
    for (name, object) in [("light", "side"), ("tree", "main^{tree}")] {
        let plan = tag::plan(&mut resolver, name.as_bytes(), object.as_bytes(), false).unwrap();
        plan.apply(&repo, plan.target, false).unwrap();
        let full = format!("refs/tags/{name}");
        assert_eq!(
            ref_and_log(&ours, &full),
            ref_and_log(&git, &full),
            "{name}"
        );
    }
    let kind = |name: &str, object: &str| {
        tag::plan(
            &mut Resolver::new(&repo),
            name.as_bytes(),
            object.as_bytes(),
            false,
        )
        .unwrap_err()
        .kind
    };
    assert!(matches!(kind("v1", "HEAD"), TagErrorKind::AlreadyExists));
    assert!(matches!(kind("-x", "HEAD"), TagErrorKind::InvalidName));
    assert!(matches!(
        kind("fresh", "nosuch"),
        TagErrorKind::Unresolvable { .. }
    ));

    // an annotated tag: a tag object whose target and message are git's
    ours.git(&["config", "user.name", "T Agger"]);
    ours.git(&["config", "user.email", "tagger@example.com"]);
    let repo = open(&ours);
    let mut resolver = Resolver::new(&repo);
    let plan = tag::plan(&mut resolver, b"annotated", b"main", false).unwrap();
    let id = plan
        .annotate(&repo, b"  Release  \n\n\n# comment\nnotes")
        .unwrap();
    plan.apply(&repo, id, false).unwrap();
    assert_eq!(ours.git_str(&["cat-file", "-t", "annotated"]), "tag");
    assert_eq!(
        ours.git_str(&[
            "for-each-ref",
            "--format=%(*objectname) %(contents)",
            "refs/tags/annotated"
        ]),
        format!(
            "{}   Release\n\nnotes",
            ours.git_str(&["rev-parse", "main"])
        )
    );
    ours.git(&["fsck", "--strict"]);

    let deleted = tag::delete(&repo, &[b"light", b"nosuch"]).unwrap();
    assert_eq!(deleted.missing, vec![bstr::BString::from("nosuch")]);
    assert_eq!(deleted.deleted.len(), 1);
    assert!(deleted.failed.is_none());
    assert!(ref_and_log(&ours, "refs/tags/light").0.is_none());
}

#[test]
fn copy_keeps_the_old_branch_and_copies_its_reflog_like_git() {
    let (git, ours) = twins();
    git.git(&["branch", "-c", "side", "copied"]);
    git.git(&["branch", "-c", "tip"]);
    git.git(&["branch", "-C", "main", "copied"]);
    let repo = open(&ours);
    branch::copy(&repo, Some(b"side"), b"copied", false).unwrap();
    branch::copy(&repo, None, b"tip", false).unwrap();
    assert!(matches!(
        branch::copy(&repo, Some(b"main"), b"copied", false)
            .unwrap_err()
            .kind,
        BranchErrorKind::AlreadyExists
    ));
    let message = branch::copy(&repo, Some(b"main"), b"copied", true).unwrap();
    assert_eq!(
        message,
        "Branch: copied refs/heads/main to refs/heads/copied"
    );
    for name in [
        "refs/heads/copied",
        "refs/heads/tip",
        "refs/heads/side",
        "refs/heads/main",
        "HEAD",
    ] {
        assert_eq!(ref_and_log(&ours, name), ref_and_log(&git, name), "{name}");
    }
    assert_eq!(ours.git_str(&["symbolic-ref", "HEAD"]), "refs/heads/main");
}
