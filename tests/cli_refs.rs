//! The ref commands (`symbolic-ref`, `update-ref`, `show-ref`, `for-each-ref`, `branch`, `tag`)
//! against git 2.47: the same operations run through git on one fixture and through gitstore
//! on its identical twin; outputs, exit codes, error messages and the resulting `.git` state
//! (HEAD, loose refs, packed-refs, reflogs, loose object names) must be equal.

mod common;

use common::twins::{id, Twins, UsageStderr};
use common::Fixture;

/// A small repository: three commits on main, a topic branch, an annotated tag, a tag of a
/// tag, a lightweight tag; some refs packed, some loose.
fn small_repo() -> Fixture {
    let f = Fixture::new();
    f.write("a.txt", "one\n");
    f.commit_all("first\n\nbody of first");
    f.write("a.txt", "two\n");
    f.commit_all("second");
    f.git(&["branch", "topic"]);
    f.write("b.txt", "three\n");
    f.commit_all("third subject\nstill subject\n\nbody line\n");
    f.git(&["tag", "-a", "-m", "annotated", "v1"]);
    f.git(&["tag", "-a", "-m", "outer", "v1-outer", "v1"]);
    f.git(&["tag", "light", "HEAD~1"]);
    f.git(&["pack-refs", "--all"]);
    f.git(&["branch", "feature/x", "topic"]);
    f.git(&["tag", "-a", "-m", "loose tag", "v2"]);
    f
}

/// [`Twins`] comparing only the presence of stderr for usage errors (their first lines differ:
/// gitstore's come from clap, e.g. for `branch -dash`).
fn twins(make: fn() -> Fixture) -> Twins {
    Twins::new(make).usage_stderr(UsageStderr::Presence)
}

#[test]
fn symbolic_ref_reads_writes_and_deletes_like_git() {
    let t = twins(small_repo);
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
fn update_ref_updates_verifies_and_refuses_like_git() {
    let t = twins(small_repo);
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
    let t = twins(small_repo);
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
fn show_ref_lists_verifies_and_peels_like_git() {
    let f = common::history_repo();
    for args in [
        &["show-ref"][..],
        &["show-ref", "--head"],
        &["show-ref", "-d"],
        &["show-ref", "--heads"],
        &["show-ref", "--branches"],
        &["show-ref", "--tags", "-d"],
        &["show-ref", "x"],
        &["show-ref", "main"],
        &["show-ref", "heads/main"],
        &["show-ref", "eads/main"],
        &["show-ref", "nothing"],
        &["show-ref", "v1.0", "light"],
        &["show-ref", "--verify", "main"],
        &["show-ref", "--verify", "refs/heads/main"],
        &["show-ref", "--verify", "HEAD"],
        &[
            "show-ref",
            "--verify",
            "refs/heads/main",
            "refs/tags/v1.0-outer",
            "-d",
        ],
        &["show-ref", "--verify", "-q", "refs/heads/nope"],
        &["show-ref", "--verify", "refs/heads/nope"],
        &["show-ref", "--hash"],
        &["show-ref", "--hash=10", "main"],
        &["show-ref", "-s", "-d", "v1.0"],
        &["show-ref", "--abbrev", "main"],
        &[
            "show-ref",
            "--abbrev=12",
            "-d",
            "v2.0",
            "v1.0-outer",
            "tree-tag",
            "blob-tag",
        ],
        &["show-ref", "-q", "main"],
        &["show-ref", "-q", "nothing"],
        &["show-ref", "--exists", "refs/heads/main"],
        &["show-ref", "--exists", "refs/heads/nope"],
        &["show-ref", "--exists", "main"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn for_each_ref_formats_sorts_and_filters_like_git() {
    let f = common::history_repo();
    f.git(&["symbolic-ref", "refs/heads/alias", "refs/heads/topic"]);
    let formats = [
        "%(refname) %(refname:short) %(refname:strip=2) %(refname:lstrip=-1) %(refname:rstrip=1)",
        "%(objectname) %(objectname:short) %(objectname:short=10) %(objecttype) %(objectsize)",
        "%(*objectname) %(*objecttype) %(refname)",
        "%(subject)|%(body)|%(contents)|%(contents:body)|%(contents:subject)",
        "%(authorname) %(authoremail) %(authordate) %(author)",
        "%(committername) %(committeremail) %(committerdate) %(committerdate:iso)",
        "%(committerdate:short) %(committerdate:rfc) %(committerdate:raw) %(committerdate:unix) %(committerdate:iso-strict)",
        "%(taggername) %(taggeremail) %(taggerdate) %(tagger) %(tag) %(type) %(object)",
        "%(creator) %(creatordate)",
        "%(HEAD) %(refname) %(symref) %(symref:short) [%(upstream)]",
        "%% %41%42 %(refname)%00end",
    ];
    for fmt in formats {
        f.assert_same(&["for-each-ref", &format!("--format={fmt}")], b"");
    }
    for args in [
        &["for-each-ref"][..],
        &["for-each-ref", "refs/heads"],
        &["for-each-ref", "refs/heads/"],
        &["for-each-ref", "refs/hea"],
        &["for-each-ref", "refs/tags/v*"],
        &["for-each-ref", "refs/heads/*"],
        &["for-each-ref", "refs/**/x"],
        &["for-each-ref", "refs/tags", "refs/heads/feature"],
        &["for-each-ref", "--sort=-refname"],
        &["for-each-ref", "--sort=objectname"],
        &["for-each-ref", "--sort=creatordate"],
        &["for-each-ref", "--sort=-creatordate", "--count=3"],
        &["for-each-ref", "--sort=objecttype", "--sort=-refname"],
        &["for-each-ref", "--sort=version:refname", "refs/tags"],
        &["for-each-ref", "--count=2"],
        &["for-each-ref", "--points-at=HEAD"],
        &["for-each-ref", "--points-at=v1.0"],
        &["for-each-ref", "--format=%(bogus)"],
        &["for-each-ref", "--format=%(refname"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn branch_creates_lists_renames_and_deletes_like_git() {
    let t = twins(small_repo);
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
fn tag_creates_lists_and_deletes_like_git() {
    let t = twins(small_repo);
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
