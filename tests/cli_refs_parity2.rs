//! The ref commands against git 2.47, second audit: the cases a sweep of `symbolic-ref`,
//! `update-ref`, `show-ref`, `for-each-ref`, `branch`, `tag` and `rev-parse` over normal,
//! bare, unborn and detached repositories still found different. The same commands run through
//! git on one fixture and through gitstore on its identical twin; stdout, stderr text, exit code
//! and the `.git` state (HEAD, refs, packed-refs, reflogs, loose object names) must be equal.

mod common;

use common::twins::{id, Twins, UsageStderr};
use common::Fixture;

/// Three commits on main, a topic branch, an annotated tag, a tag of a tag, a lightweight tag;
/// some refs packed, some loose.
fn small_repo() -> Fixture {
    let f = Fixture::new();
    f.write("a.txt", "one\n");
    f.commit_all("first\n\nbody of first");
    f.write("a.txt", "two\n");
    f.commit_all("second");
    f.git(&["branch", "topic"]);
    f.write("b.txt", "three\n");
    f.commit_all("third");
    f.git(&["tag", "-a", "-m", "annotated", "v1"]);
    f.git(&["tag", "-a", "-m", "outer", "v1-outer", "v1"]);
    f.git(&["tag", "light", "HEAD~1"]);
    f.git(&["pack-refs", "--all"]);
    f.git(&["branch", "feature/x", "topic"]);
    f
}

/// [`small_repo`] cloned bare: `HEAD` names a branch no worktree has checked out.
fn bare_repo() -> Fixture {
    let src = small_repo();
    let f = Fixture::empty_dir();
    let out = std::process::Command::new(common::git_bin())
        .args(["clone", "-q", "--bare"])
        .arg(&src.path)
        .arg(&f.path)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f
}

/// [`Twins`] comparing the first line of stderr for every usage error.
fn twins(make: fn() -> Fixture) -> Twins {
    Twins::new(make).usage_stderr(UsageStderr::FirstLine)
}

#[test]
fn update_ref_refuses_a_missing_object_and_a_non_commit_branch() {
    let t = twins(small_repo);
    let (tag, tree) = (id(&t.git, "v1"), id(&t.git, "HEAD^{tree}"));
    let missing = "f".repeat(40);
    t.run(&["update-ref", "refs/heads/n", &tag], b"");
    t.run(&["update-ref", "refs/heads/n", &tree], b"");
    t.run(&["update-ref", "HEAD", &tag], b"");
    t.run(&["update-ref", "refs/heads/n", &missing], b"");
    t.run(&["update-ref", "refs/tags/n", &missing], b"");
    // outside refs/heads/ any object will do
    t.run(&["update-ref", "refs/tags/t", &tree], b"");
    t.run(&["update-ref", "refs/x/y", &tag], b"");
    let stdin = format!("update refs/tags/ok {tree}\nupdate refs/heads/bad {tag}\n");
    t.run(&["update-ref", "--stdin"], stdin.as_bytes());
    let stdin = format!("start\ncreate refs/heads/bad {missing}\nprepare\n");
    t.run(&["update-ref", "--stdin"], stdin.as_bytes());
    // a branch already at the value is not rewritten, so not checked either
    t.run(&["branch", "-f", "topic", "v1"], b"");
}

#[test]
fn branch_in_a_bare_repository_may_force_delete_and_rename_the_head_branch() {
    let t = twins(bare_repo);
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
    let t = twins(Fixture::new);
    t.run(&["branch", "-d", "main"], b"");
    t.run(&["branch", "-D", "main", "nope"], b"");
    t.run(&["branch", "-m", "main", "trunk"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["branch", "-M", "dev"], b"");
    t.run(&["symbolic-ref", "HEAD"], b"");
    t.run(&["branch", "-m", "main", "x"], b"");
}

#[test]
fn deleting_a_missing_ref_that_is_a_directory_of_refs_is_refused() {
    let t = twins(small_repo);
    t.git.git(&["branch", "feature/y", "topic"]);
    t.store.git(&["branch", "feature/y", "topic"]);
    // refs/heads/feature/x is packed, refs/heads/feature/y loose
    t.run(&["update-ref", "-d", "refs/heads/feature"], b"");
    t.run(&["update-ref", "--stdin"], b"verify refs/heads/feature\n");
    t.run(&["update-ref", "--stdin"], b"delete refs/heads/feature\n");
    // the ref being deleted (and its lock file) is not in the way; the packed one is
    t.run(
        &["update-ref", "--stdin"],
        b"delete refs/heads/feature/y\ndelete refs/heads/feature\n",
    );
    t.run(&["update-ref", "-d", "refs/heads/main/below"], b"");
}

#[test]
fn symbolic_ref_deletes_a_symref_in_a_cycle() {
    let t = twins(small_repo);
    t.run(&["symbolic-ref", "refs/heads/l1", "refs/heads/l2"], b"");
    t.run(&["symbolic-ref", "refs/heads/l2", "refs/heads/l1"], b"");
    t.run(&["symbolic-ref", "-d", "refs/heads/l1"], b"");
    t.run(&["symbolic-ref", "refs/heads/l1", "refs/heads/l2"], b"");
    t.run(&["update-ref", "--no-deref", "-d", "refs/heads/l2"], b"");
    t.run(&["symbolic-ref", "-d", "refs/heads/l1"], b"");
}

#[test]
fn update_ref_stdin_refuses_a_last_command_without_its_newline() {
    let t = twins(small_repo);
    let a = id(&t.git, "HEAD");
    for input in [
        format!("create refs/heads/t1 {a}"),
        format!("update refs/heads/main {a} {a}"),
        format!("delete refs/heads/topic {}", id(&t.git, "topic")),
        format!("verify refs/heads/main {a}"),
        format!("update refs/heads/t2 {a}"),
        "delete refs/heads/topic".to_string(),
        format!(
            "create refs/heads/t3 {a}\nupdate refs/heads/t4 {a} {}",
            "0".repeat(40)
        ),
    ] {
        t.run(&["update-ref", "--stdin"], input.as_bytes());
    }
    let nul = format!("create\0refs/heads/z1\0{a}");
    t.run(&["update-ref", "-z", "--stdin"], nul.as_bytes());
}

#[test]
fn an_option_given_twice_keeps_its_last_value() {
    let t = twins(small_repo);
    t.run(
        &[
            "for-each-ref",
            "--format=%(refname)",
            "--format=%(objectname:short) %(refname:short)",
            "--count=5",
            "--count=2",
        ],
        b"",
    );
    t.run(
        &["show-ref", "--hash=4", "--hash=9", "refs/heads/main"],
        b"",
    );
    t.run(&["show-ref", "--abbrev=4", "--abbrev=10", "--heads"], b"");
    t.run(&["rev-parse", "--short=4", "--short=11", "HEAD"], b"");
    t.run(
        &[
            "update-ref",
            "-m",
            "first",
            "-m",
            "second",
            "refs/heads/n",
            "HEAD",
        ],
        b"",
    );
    t.run(
        &[
            "symbolic-ref",
            "-m",
            "a",
            "-m",
            "b",
            "HEAD",
            "refs/heads/topic",
        ],
        b"",
    );
    t.run(&["tag", "-a", "-m", "x", "-m", "y", "twice"], b"");
    t.run(
        &["for-each-ref", "--format=%(contents)", "refs/tags/twice"],
        b"",
    );
}

#[test]
fn rev_parse_in_a_separate_git_dir_of_a_non_bare_repository_is_not_bare() {
    // `init --separate-git-dir`: a git dir (core.bare = false) with no work tree around it
    let f = Fixture::empty_dir();
    f.git(&["init", "-q", "--separate-git-dir", "sep", "wt"]);
    for dir in ["sep", "sep/refs"] {
        let args = ["rev-parse", "--is-bare-repository", "--is-inside-work-tree"];
        let mut g = f.git_command(&args);
        let mut s = f.gitstore_command(&args);
        g.current_dir(f.path.join(dir));
        s.current_dir(f.path.join(dir));
        let (g, s) = (g.output().unwrap(), s.output().unwrap());
        assert_eq!(
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&g.stdout),
            "in {dir}"
        );
        assert_eq!(s.status.code(), g.status.code(), "in {dir}");
    }
}

#[test]
fn verify_of_the_head_branch_logs_head_from_its_value_to_null_as_git_2_47() {
    let t = twins(small_repo);
    let (a, z) = (id(&t.git, "HEAD"), "0".repeat(40));
    t.run(
        &["update-ref", "--stdin"],
        format!("verify refs/heads/main {a}\n").as_bytes(),
    );
    t.run(
        &["update-ref", "--stdin"],
        format!("verify HEAD {a}\n").as_bytes(),
    );
    // no message on a verify's line, whatever -m says
    t.run(
        &["update-ref", "--stdin", "-m", "why"],
        format!("verify refs/heads/main {a}\n").as_bytes(),
    );
    t.run(
        &["update-ref", "--stdin"],
        format!("start\nverify refs/heads/main {a}\ncommit\n").as_bytes(),
    );
    t.run(
        &["update-ref", "--stdin"],
        format!("verify refs/heads/topic {}\n", id(&t.git, "topic")).as_bytes(),
    );
    t.run(
        &["update-ref", "--stdin"],
        format!("verify refs/heads/nope {z}\n").as_bytes(),
    );
}

#[test]
fn old_value_errors_through_a_symref_name_the_symref() {
    let t = twins(small_repo);
    let (a, b, z) = (id(&t.git, "HEAD"), id(&t.git, "HEAD~1"), "0".repeat(40));
    t.git
        .git(&["symbolic-ref", "refs/heads/sym", "refs/heads/topic"]);
    t.store
        .git(&["symbolic-ref", "refs/heads/sym", "refs/heads/topic"]);
    t.git
        .git(&["symbolic-ref", "refs/heads/dangling", "refs/heads/nowhere"]);
    t.store
        .git(&["symbolic-ref", "refs/heads/dangling", "refs/heads/nowhere"]);
    t.run(&["update-ref", "HEAD", &b, &z], b"");
    t.run(&["update-ref", "HEAD", &b, &b], b"");
    t.run(&["update-ref", "refs/heads/sym", &a, &a], b"");
    t.run(&["update-ref", "-d", "refs/heads/sym", &a], b"");
    t.run(&["update-ref", "refs/heads/dangling", &a, &a], b"");
    t.run(
        &["update-ref", "--stdin"],
        format!("verify refs/heads/sym {a}\n").as_bytes(),
    );
}

#[test]
fn missing_and_non_numeric_option_values_are_reported_in_git_words() {
    let f = small_repo();
    for args in [
        &["for-each-ref", "--format"][..],
        &["for-each-ref", "--sort"],
        &["for-each-ref", "--count=x"],
        &["show-ref", "--hash=x"],
        &["tag", "-m"],
        &["commit-tree", "HEAD^{tree}", "-m"],
        &["commit-tree", "-p"],
        &["update-ref", "-m"],
        &["symbolic-ref", "-m"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn commit_tree_without_a_tree_is_a_usage_error() {
    let f = small_repo();
    f.assert_same(&["commit-tree"], b"");
    f.assert_same(&["commit-tree", "-m", "x"], b"");
    f.assert_same(
        &["commit-tree", "HEAD^{tree}", "HEAD^{tree}", "-m", "x"],
        b"",
    );
}

#[test]
fn for_each_ref_atom_errors_and_empty_arguments_as_git() {
    let f = small_repo();
    for format in [
        "%(refname:)",
        "%(objectname:) %(subject:)",
        "%()",
        "%(*)",
        "%(:x)",
        "%(*:)",
        "%(bogus:x)",
        "%(*bogus)",
        "%(authorx:y)",
        "%(authordate:)",
        "%(authordate:bogus)",
    ] {
        f.assert_same(&["for-each-ref", &format!("--format={format}")], b"");
    }
    for key in ["", "-", "*", "refname:", "-:", ":x", "version:"] {
        f.assert_same(&["for-each-ref", &format!("--sort={key}")], b"");
    }
}

#[test]
fn update_ref_outside_a_repository_says_so_before_judging_its_arguments() {
    let f = Fixture::empty_dir();
    for args in [
        &["update-ref", "--bogus"][..],
        &["update-ref", "-z", "refs/heads/x", "HEAD"],
        &["update-ref", "--stdin", "refs/heads/x"],
        &["update-ref", "-m", "", "refs/heads/x", "HEAD"],
        &["update-ref"],
    ] {
        f.assert_same(args, b"");
    }
}
