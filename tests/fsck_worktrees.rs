//! `gitstore fsck` takes every worktree's roots as `git fsck` (2.47) does: each linked
//! worktree's index (`.git/worktrees/<id>/index`) besides the main one, each worktree's `HEAD`
//! (`worktrees/<id>/HEAD`) and its reflogs. A blob staged only in a linked worktree is no
//! dangling object; once deleted it is missing, named from that index. Compared with git byte
//! for byte (stdout, stderr, exit code), from the main worktree, from the linked one and with
//! `--git-dir`.

mod common;

use common::{assert_identical, Fixture};

/// One commit on `main`, a linked worktree `../linked` (on branch `linked`) beside the
/// fixture's work tree, holding a commit-less staged blob `s` (and `d/t` with a cache tree).
/// Returns the fixture and the linked worktree's directory name.
fn with_linked() -> (Fixture, &'static str) {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    std::fs::create_dir(f.path.join("sub")).unwrap();
    f.git(&["worktree", "add", "-q", "sub/linked"]);
    f.write("sub/linked/s", "staged only in the linked worktree\n");
    f.write("sub/linked/d/t", "t\n");
    let linked = f.path.join("sub/linked");
    let git = |args: &[&str]| {
        let mut cmd = f.git_command(args);
        cmd.current_dir(&linked);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    git(&["add", "s", "d/t"]);
    git(&["write-tree"]);
    (f, "sub/linked")
}

const OPTION_SETS: &[&[&str]] = &[
    &["fsck"],
    &["fsck", "--name-objects"],
    &["fsck", "--unreachable", "--no-dangling"],
    &["fsck", "--cache", "HEAD"],
    &["fsck", "--connectivity-only", "--name-objects"],
];

/// Runs every option set from the main worktree, the linked one (and a directory in it) and
/// through `--git-dir` to both git directories.
fn assert_all_identical(f: &Fixture, linked: &str) {
    for args in OPTION_SETS {
        assert_identical(f, args, b"");
        common::assert_identical_in(f, linked, args);
        common::assert_identical_in(f, &format!("{linked}/d"), args);
        let mut via_main = vec!["--git-dir=.git"];
        via_main.extend_from_slice(args);
        assert_identical(f, &via_main, b"");
        let mut via_linked = vec!["--git-dir=.git/worktrees/linked"];
        via_linked.extend_from_slice(args);
        assert_identical(f, &via_linked, b"");
    }
}

fn remove_object(f: &Fixture, id: &str) {
    let path = f.git_dir().join("objects").join(&id[..2]).join(&id[2..]);
    std::fs::remove_file(path).unwrap();
}

/// What a linked worktree's index stages is reachable: not dangling.
#[test]
fn blob_staged_in_a_linked_worktree_is_not_dangling() {
    let (f, linked) = with_linked();
    let listing = f.gitstore(&["fsck"]);
    assert!(listing.is_empty(), "{}", String::from_utf8_lossy(&listing));
    assert_all_identical(&f, linked);
}

/// A blob named only by a linked worktree's index, deleted: missing, named from that index.
#[test]
fn missing_blob_staged_in_a_linked_worktree_is_named_from_its_index() {
    let (f, linked) = with_linked();
    let mut cmd = f.git_command(&["rev-parse", ":s"]);
    cmd.current_dir(f.path.join(linked));
    let s = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    remove_object(&f, s.trim());
    let out = f.gitstore_output(&["fsck", "--name-objects"], b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(".git/worktrees/linked/index:s"), "{stdout}");
    assert_all_identical(&f, linked);
}

/// A commit made in a detached linked worktree is reachable from its `HEAD` and reflog; a
/// bad entry in a shared reflog is reported once per worktree; a linked worktree's `HEAD`
/// pointing at nothing or somewhere strange is named `worktrees/<id>/HEAD`.
#[test]
fn linked_worktree_heads_and_reflogs_are_roots() {
    let (f, linked) = with_linked();
    let mut cmd = f.git_command(&["commit", "-q", "-m", "in linked"]);
    cmd.current_dir(f.path.join(linked));
    assert!(cmd.status().unwrap().success());
    let mut cmd = f.git_command(&["checkout", "-q", "--detach"]);
    cmd.current_dir(f.path.join(linked));
    assert!(cmd.status().unwrap().success());
    f.git(&["branch", "-D", "linked"]);
    assert_all_identical(&f, linked);

    let log = f.git_dir().join("logs/refs/heads/main");
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(
        b"0000000000000000000000000000000000000000 1234567890123456789012345678901234567890 \
          A <a@x> 1700000000 +0100\tbad\n",
    );
    std::fs::write(&log, bytes).unwrap();
    assert_all_identical(&f, linked);

    let head = f.git_dir().join("worktrees/linked/HEAD");
    std::fs::write(&head, "ref: refs/tags/nowhere\n").unwrap();
    assert_identical(&f, &["fsck"], b"");
    std::fs::write(&head, "not a ref\n").unwrap();
    assert_identical(&f, &["fsck"], b"");
    assert_identical(&f, &["fsck", "--unreachable"], b"");
}

/// A worktree added with an unborn branch: its `HEAD` is noticed as unborn under its name, and
/// its index's empty cache tree is the (missing) empty tree, as git lists it.
#[test]
fn orphan_worktree_is_an_unborn_head() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    f.git(&["worktree", "add", "-q", "--orphan", "-b", "new", "orphan"]);
    assert_identical(&f, &["fsck"], b"");
    common::assert_identical_in(&f, "orphan", &["fsck"]);
    // a worktree whose `gitdir` file is gone is no worktree
    std::fs::remove_file(f.git_dir().join("worktrees/orphan/gitdir")).unwrap();
    assert_identical(&f, &["fsck"], b"");
}
