//! `gitstore update-ref` (arguments and `--stdin`) against git 2.47: the same operations run
//! through git on one fixture and through gitstore on its identical twin; stdout, stderr, exit code
//! and the `.git` state (HEAD, loose refs, packed-refs, reflogs) must be equal. Covers updates,
//! verification, deletion, missing and non-commit objects, transactions (all or nothing, conflicts
//! between their own refs, a last command without its newline), `--create-reflog`, old values
//! through symrefs, usage errors and running outside a repository.

mod common;

use common::fixtures::{refs_all_packed, refs_loose_and_packed, refs_tag_of_tag};
use common::twins::{id, Twins};
use common::Fixture;

/// The same commands, each through `Twins::run`.
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

#[test]
fn update_ref_updates_verifies_and_refuses_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    let (a, b) = (id(&t.git, "HEAD~2"), id(&t.git, "HEAD"));
    t.run(&["update-ref", "refs/heads/new", &a], b"");
    t.run(
        &["update-ref", "-m", "move it", "refs/heads/new", &b, &a],
        b"",
    );
    t.run(&["update-ref", "refs/heads/new", &a, &a], b"");
    t.run(&["update-ref", "refs/heads/missing", &a, &b], b"");
    t.run(&["update-ref", "refs/heads/new", &a, ""], b"");
    t.run(&["update-ref", "refs/heads/new", "nonsense"], b"");
    t.run(&["update-ref", "refs/heads/new", &a, "nonsense"], b"");
    t.run(&["update-ref", "refs/heads/main/sub", &a], b"");
    t.run(&["update-ref", "-m", "", "refs/heads/q", &a], b"");
    for bad in [
        "../x",
        "refs/heads/a..b",
        "refs/heads/x.lock",
        "refs/heads/a@{b",
        "refs/heads/ctl\u{1}",
        "refs/heads/sp ace",
        "refs/heads/",
    ] {
        t.run(&["update-ref", bad, &a], b"");
    }
    // updating through HEAD writes main and logs both
    t.run(&["update-ref", "-m", "via HEAD", "HEAD", &a], b"");
    t.run(&["update-ref", "-m", "back", "HEAD", &b, &a], b"");
    t.run(&["update-ref", "-d", "refs/heads/missing"], b"");
    t.run(&["update-ref", "-d", "refs/heads/missing", &a], b"");
    t.run(&["update-ref", "-d", "refs/heads/new", &a], b"");
    t.run(&["update-ref", "-d", "refs/heads/new", &b], b"");
    // deleting a packed ref rewrites packed-refs
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    // --no-deref detaches HEAD
    t.run(
        &["update-ref", "--no-deref", "-m", "detach", "HEAD", &a],
        b"",
    );
    t.run(&["update-ref"], b"");
}

#[test]
fn update_ref_stdin_transactions_are_all_or_nothing_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    let (a, b) = (id(&t.git, "HEAD~2"), id(&t.git, "HEAD"));
    let z = "0".repeat(40);
    let ok = format!(
        "start\nupdate refs/heads/s1 {a}\ncreate refs/heads/s2 {b}\nupdate refs/heads/topic {b} {a}\n\
         delete refs/tags/light\nverify refs/heads/main {b}\nprepare\ncommit\n"
    );
    t.run(&["update-ref", "-m", "batch", "--stdin"], ok.as_bytes());
    // the last command fails: nothing of the first two is applied
    let failing = format!(
        "update refs/heads/s1 {b} {a}\ncreate refs/heads/s3 {a}\ncreate refs/heads/s2 {a}\n"
    );
    t.run(&["update-ref", "--stdin"], failing.as_bytes());
    let failing =
        format!("start\nupdate refs/heads/s1 {a}\nverify refs/heads/main {a}\nprepare\ncommit\n");
    t.run(&["update-ref", "--stdin"], failing.as_bytes());
    let failing = format!("start\nupdate refs/heads/s1 {a}\ndelete refs/heads/s2 {a}\ncommit\n");
    t.run(&["update-ref", "--stdin"], failing.as_bytes());
    for input in [
        format!("start\nupdate refs/heads/s4 {a}\nabort\n"),
        format!("update refs/heads/s4 {a}\nprepare\nupdate refs/heads/s5 {a}\n"),
        format!("update refs/heads/s4 {a}\nprepare\n"),
        format!("start\ncommit\nstart\nupdate refs/heads/s5 {a}\ncommit\n"),
        format!("start\ncommit\nupdate refs/heads/s6 {a}\n"),
        "start\nstart\n".to_string(),
        "start\nprepare\nprepare\n".to_string(),
        "bogus x\n".to_string(),
        "update refs/heads/s7\n".to_string(),
        "update\n".to_string(),
        "update \n".to_string(),
        "\n".to_string(),
        " update\n".to_string(),
        format!("update ../x {a}\n"),
        format!("update refs/heads/a..b {a}\n"),
        format!("create refs/heads/s8 {z}\n"),
        format!("delete refs/heads/s1 {z}\n"),
        format!("update refs/heads/s9 {a} extra junk\n"),
        "update refs/heads/s9 nonsense\n".to_string(),
        format!("update refs/heads/s9 {a} nonsense\n"),
        "option bogus\n".to_string(),
        format!("verify refs/heads/s1 {b}\n"),
        "verify refs/heads/s1\n".to_string(),
        "verify refs/heads/nothere\n".to_string(),
        format!("update refs/heads/s1 {b}\nupdate refs/heads/s1 {a}\n"),
        format!("update \"refs/heads/q1\" {a}\n"),
        format!("update refs/heads/q2 \"{a}\"\n"),
        format!("update refs/heads/q3 {a} \n"),
        format!("update refs/heads/q3 {z}\n"),
        format!("option no-deref\nupdate HEAD {a}\n"),
    ] {
        t.tick();
        t.run(&["update-ref", "--stdin"], input.as_bytes());
    }
    let nul =
        format!("update refs/heads/z1\0{a}\0\0create refs/heads/z2\0{b}\0delete refs/heads/z1\0\0");
    t.run(&["update-ref", "-z", "--stdin"], nul.as_bytes());
    let nul = format!("start\0update refs/heads/z3\0{a}\0{z}\0prepare\0commit\0");
    t.run(&["update-ref", "-z", "--stdin"], nul.as_bytes());
    t.run(
        &["update-ref", "-z", "--stdin"],
        format!("update refs/heads/z4\0{a}\0").as_bytes(),
    );
    t.run(
        &["update-ref", "-z", "--stdin"],
        b"update refs/heads/z4\0\0\0",
    );
}

#[test]
fn update_ref_create_reflog_creates_a_log_git_would_not() {
    let t = Twins::full(refs_all_packed);
    t.run(
        &["update-ref", "--create-reflog", "refs/tags/t", "HEAD"],
        b"",
    );
    assert!(t.store.git_dir().join("logs/refs/tags/t").is_file());
    t.run(
        &[
            "update-ref",
            "--create-reflog",
            "-m",
            "msg",
            "refs/tags/t2",
            "HEAD",
        ],
        b"",
    );
    t.run(
        &["update-ref", "--create-reflog", "--stdin"],
        b"update refs/tags/t3 HEAD\ncreate refs/notes-like/t4 HEAD~1\n",
    );
    t.run(&["update-ref", "--create-reflog", "-d", "refs/tags/t"], b"");
    // without the flag, a tag gets no reflog
    t.run(&["update-ref", "refs/tags/t5", "HEAD"], b"");
    assert!(!t.store.git_dir().join("logs/refs/tags/t5").exists());
}

#[test]
fn stdin_transaction_conflicts_between_its_own_refs_are_reported_as_git_does() {
    let cases: &[&[u8]] = &[
        b"update refs/heads/aa HEAD\nupdate refs/heads/aa/bb HEAD\n",
        b"update refs/heads/aa/bb HEAD\nupdate refs/heads/aa HEAD\n",
        b"start\nupdate refs/heads/aa/bb HEAD\ncreate refs/heads/aa HEAD\nprepare\n",
        b"update refs/heads/a/b/c HEAD\nupdate refs/heads/a HEAD\n",
        b"verify refs/heads/q/r\nupdate refs/heads/q HEAD\n",
        b"delete refs/heads/q/r\nupdate refs/heads/q HEAD\n",
        b"delete refs/heads/main\nupdate refs/heads/main/x HEAD\n",
        b"update refs/heads/main HEAD\nupdate refs/heads/main/x HEAD\n",
        b"update refs/heads/main HEAD\nupdate refs/heads/main HEAD\n",
        b"update HEAD HEAD~1\nupdate refs/heads/main HEAD\n",
        b"update refs/heads/main HEAD~1\nupdate HEAD HEAD\n",
        b"update refs/heads/zz HEAD\nupdate refs/heads/main HEAD~1\nupdate refs/heads/zz HEAD\n",
    ];
    for input in cases {
        let t = Twins::full(refs_all_packed);
        t.run(&["update-ref", "--stdin"], input);
    }
}

#[test]
fn update_ref_and_symbolic_ref_usage_errors_are_gits() {
    let t = Twins::full(refs_all_packed);
    run_all(
        &t,
        &[
            &["update-ref", "--bogus"],
            &["update-ref", "--bogus=3", "refs/heads/x", "HEAD"],
            &["update-ref", "-x"],
            &["update-ref"],
            &["update-ref", "-d"],
            &["update-ref", "a", "b", "c", "d"],
            &["update-ref", "--stdin", "x"],
            &["update-ref", "-z", "a", "b"],
            &["update-ref", "-m"],
            &["symbolic-ref", "--bogus"],
            &["symbolic-ref", "-x", "HEAD"],
            &["symbolic-ref"],
            &["symbolic-ref", "a", "b", "c"],
            &["symbolic-ref", "-d"],
            &["symbolic-ref", "-m"],
            // the negated forms git's parse-options accepts
            &["update-ref", "--deref", "refs/heads/d", "HEAD"],
            &[
                "update-ref",
                "--no-create-reflog",
                "--no-stdin",
                "refs/heads/e",
                "HEAD",
            ],
            &[
                "symbolic-ref",
                "--no-quiet",
                "--no-short",
                "--no-delete",
                "HEAD",
            ],
        ],
    );
}

#[test]
fn update_ref_refuses_a_missing_object_and_a_non_commit_branch() {
    let t = Twins::first_line(refs_tag_of_tag);
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
fn deleting_a_missing_ref_that_is_a_directory_of_refs_is_refused() {
    let t = Twins::first_line(refs_tag_of_tag);
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
fn update_ref_stdin_refuses_a_last_command_without_its_newline() {
    let t = Twins::first_line(refs_tag_of_tag);
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
fn verify_of_the_head_branch_logs_head_from_its_value_to_null_as_git_2_47() {
    let t = Twins::first_line(refs_tag_of_tag);
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
    let t = Twins::first_line(refs_tag_of_tag);
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
