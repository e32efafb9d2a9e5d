//! Ref commands against git 2.47 where an audit found them apart: each test runs the same
//! commands through git on one fixture and through gitstore on its identical twin, and compares
//! stdout, the full stderr text, the exit code and the resulting `.git` state.

mod common;

use common::twins::{Twins, UsageStderr};
use common::Fixture;

/// Three commits on main, a topic branch, an annotated tag `v1`, a tag of it `v1-outer`, a
/// lightweight tag; everything packed by `git pack-refs --all`.
fn packed_repo() -> Fixture {
    let f = Fixture::new();
    f.write("a.txt", "one\n");
    f.commit_all("first");
    f.write("a.txt", "two\n");
    f.commit_all("second");
    f.git(&["branch", "topic"]);
    f.commit_all("third");
    f.git(&["tag", "-a", "-m", "annotated", "v1"]);
    f.git(&["tag", "-a", "-m", "outer", "v1-outer", "v1"]);
    f.git(&["tag", "light", "HEAD~1"]);
    f.git(&["pack-refs", "--all"]);
    f
}

/// `packed-refs` of a twin as written by `pack-refs`, with the header and `^` lines filtered.
fn rewrite_packed(t: &Twins, header: Option<&str>) {
    let full = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
    assert!(full.contains("\n^"), "fixture has peeled lines: {full}");
    let mut text = header.map(|h| format!("{h}\n")).unwrap_or_default();
    for line in full
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('^'))
    {
        text.push_str(line);
        text.push('\n');
    }
    t.write(".git/packed-refs", &text);
}

/// After the rewrite, git still sees the annotated tags peeled.
fn assert_peeling_survives(t: &Twins) {
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    let packed = std::fs::read_to_string(t.store.git_dir().join("packed-refs")).unwrap();
    assert!(packed.starts_with("# pack-refs with: peeled fully-peeled sorted \n"));
    let shown = t.run(&["show-ref", "-d"], b"");
    assert!(String::from_utf8_lossy(&shown.stdout).contains("refs/tags/v1^{}"));
    // git reading gitstore's file sees the same as git reading its own
    let a = t.git.git_output(&["show-ref", "-d"], b"");
    let b = t.store.git_output(&["show-ref", "-d"], b"");
    assert_eq!(a.stdout, b.stdout);
}

/// [`Twins`] comparing the full stderr text, usage errors included.
fn twins(make: fn() -> Fixture) -> Twins {
    Twins::new(make).usage_stderr(UsageStderr::Full)
}

#[test]
fn rewriting_headerless_packed_refs_peels_tags_through_the_odb() {
    let t = twins(packed_repo);
    rewrite_packed(&t, None);
    assert_peeling_survives(&t);
}

#[test]
fn rewriting_peeled_only_packed_refs_keeps_what_the_trait_vouches_for() {
    let t = twins(packed_repo);
    rewrite_packed(&t, Some("# pack-refs with: peeled "));
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    // a branch at an annotated tag is not covered by `peeled`: it must be peeled
    let t = twins(packed_repo);
    let v1 = t.git.git_str(&["rev-parse", "v1"]);
    let mut text = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
    text = text.replace(
        "# pack-refs with: peeled fully-peeled sorted ",
        "# pack-refs with: peeled sorted ",
    );
    text = text
        .lines()
        .filter(|l| !l.starts_with('^'))
        .map(|l| format!("{l}\n"))
        .collect();
    text = text.replacen("\n", &format!("\n{v1} refs/heads/at-tag\n"), 1);
    t.write(".git/packed-refs", &text);
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    let packed = std::fs::read_to_string(t.store.git_dir().join("packed-refs")).unwrap();
    assert!(packed.contains(" refs/heads/at-tag\n^"), "{packed}");
}

#[test]
fn rewriting_fully_peeled_packed_refs_is_byte_for_byte_gits() {
    let t = twins(packed_repo);
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    t.run(&["update-ref", "-d", "refs/heads/topic"], b"");
    t.run(&["show-ref", "-d"], b"");
}

/// The same commands, each through `Twins::run`.
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

#[test]
fn garbage_line_in_packed_refs_is_fatal_for_every_command_like_git() {
    for header in [true, false] {
        let t = twins(packed_repo);
        let mut text = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
        if !header {
            text = text.split_once('\n').unwrap().1.to_string();
        }
        text.push_str("garbage line\n");
        t.write(".git/packed-refs", &text);
        run_all(
            &t,
            &[
                &["show-ref"],
                &["for-each-ref"],
                &["rev-parse", "main"],
                &["rev-parse", "v1"],
                &["update-ref", "-d", "refs/tags/light"],
                &["update-ref", "refs/heads/new", "HEAD"],
                &["symbolic-ref", "HEAD"],
                &["show-ref", "--verify", "refs/heads/main"],
                &["show-ref", "--exists", "refs/heads/main"],
            ],
        );
        let out = t.git.git_output(&["show-ref"], b"");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "fatal: unexpected line in .git/packed-refs: garbage line\n"
        );
    }
}

#[test]
fn packed_refs_claiming_sorted_but_unsorted_is_read_not_rejected() {
    let t = twins(packed_repo);
    let text = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut records: Vec<String> = Vec::new();
    for line in body.lines() {
        match records.last_mut() {
            Some(last) if line.starts_with('^') => last.push_str(&format!("{line}\n")),
            _ => records.push(format!("{line}\n")),
        }
    }
    records.reverse();
    t.write(
        ".git/packed-refs",
        format!("{header}\n{}", records.concat()),
    );
    // git trusts the claim and may miss refs in lookups; gitstore sorts and finds them all
    t.run(&["for-each-ref"], b"");
    for args in [
        &["show-ref"][..],
        &["rev-parse", "main"],
        &["rev-parse", "light"],
    ] {
        let s = t.store.gitstore_output(args, b"");
        assert_eq!(s.status.code(), Some(0), "{args:?}: {s:?}");
        assert!(s.stderr.is_empty(), "{args:?}: {s:?}");
    }
    let listed = t.store.gitstore(&["show-ref"]);
    assert_eq!(String::from_utf8_lossy(&listed).lines().count(), 5);
}

/// `packed_repo` with symbolic refs that dangle, loop, or chain past git's five levels.
fn symref_repo() -> Fixture {
    let f = packed_repo();
    f.git(&["symbolic-ref", "refs/heads/s1", "refs/heads/main"]);
    for i in 2..=7 {
        f.git(&[
            "symbolic-ref",
            &format!("refs/heads/s{i}"),
            &format!("refs/heads/s{}", i - 1),
        ]);
    }
    f.git(&["symbolic-ref", "refs/heads/loop1", "refs/heads/loop2"]);
    f.git(&["symbolic-ref", "refs/heads/loop2", "refs/heads/loop1"]);
    f.git(&["symbolic-ref", "refs/heads/dangle", "refs/heads/nothing"]);
    f
}

#[test]
fn unresolvable_symrefs_are_skipped_silently_by_listings() {
    let t = twins(symref_repo);
    run_all(
        &t,
        &[
            &["show-ref"],
            &["show-ref", "--heads"],
            &["for-each-ref"],
            &["for-each-ref", "--format=%(refname) %(symref)"],
            &["show-ref", "--verify", "refs/heads/s6"],
        ],
    );
}

#[test]
fn damaged_loose_refs_are_reported_by_listings_as_git_does() {
    let t = twins(packed_repo);
    let main = t.git.git_str(&["rev-parse", "main"]);
    t.write(".git/refs/heads/bad", "garbage\n");
    t.write(".git/refs/heads/x..y", format!("{main}\n"));
    run_all(
        &t,
        &[
            &["for-each-ref"],
            &["for-each-ref", "refs/tags"],
            &["for-each-ref", "refs/heads/b"],
            &["for-each-ref", "refs/heads/x*"],
            &["show-ref", "--tags"],
            &["show-ref", "main"],
            &["show-ref"],
        ],
    );
    std::fs::remove_file(t.git.git_dir().join("refs/heads/bad")).unwrap();
    std::fs::remove_file(t.store.git_dir().join("refs/heads/bad")).unwrap();
    run_all(&t, &[&["show-ref"], &["for-each-ref"]]);
}

#[test]
fn for_each_ref_count_points_at_and_short_length_match_git() {
    let t = twins(packed_repo);
    run_all(
        &t,
        &[
            &["for-each-ref", "--count=0"],
            &["for-each-ref", "--count=2"],
            &["for-each-ref", "--count=-1"],
            &["for-each-ref", "--count=abc"],
            &["for-each-ref", "--points-at=nope"],
            &["for-each-ref", "--points-at=HEAD~1"],
            // v1-outer is a tag of the tag v1 of HEAD: git follows the whole chain
            &["for-each-ref", "--points-at=HEAD"],
            &["for-each-ref", "--format=%(objectname:short=0)"],
            &["for-each-ref", "--format=%(objectname:short=-1)"],
            &["for-each-ref", "--format=%(*objectname:short=x)"],
            &["for-each-ref", "--format=%(objectname:short=3)"],
        ],
    );
}

#[test]
fn update_ref_create_reflog_creates_a_log_git_would_not() {
    let t = twins(packed_repo);
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
        let t = twins(packed_repo);
        t.run(&["update-ref", "--stdin"], input);
    }
}

#[test]
fn show_ref_abbrev_and_exists_match_git() {
    let t = twins(packed_repo);
    run_all(
        &t,
        &[
            &["show-ref", "--abbrev=0"],
            &["show-ref", "--hash", "--abbrev=0"],
            &["show-ref", "--abbrev"],
            &["show-ref", "--abbrev=-1"],
            &["show-ref", "--abbrev=3"],
            &["show-ref", "--abbrev=50", "-d"],
            &["show-ref", "--abbrev=x"],
            &["show-ref", "--abbrev="],
            &["show-ref", "--exists"],
            &[
                "show-ref",
                "--exists",
                "refs/heads/main",
                "refs/heads/topic",
            ],
            &["show-ref", "--exists", "refs/heads/nope"],
            &["show-ref", "--exists", "refs/heads"],
            &["show-ref", "--exists", "refs/heads/main"],
        ],
    );
}

#[test]
fn update_ref_and_symbolic_ref_usage_errors_are_gits() {
    let t = twins(packed_repo);
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
