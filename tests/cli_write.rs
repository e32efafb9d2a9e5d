//! `mktree`, `mktag` and `commit-tree` side by side with git: same ids, same errors, objects
//! that pass `git fsck --strict`.

mod common;

use common::Fixture;

fn setup() -> (Fixture, String, String) {
    let f = Fixture::new();
    let blob = f.git_stdin(&["hash-object", "-w", "--stdin"], b"hi\n");
    let blob = String::from_utf8(blob).unwrap().trim().to_string();
    let tree = f.git_stdin(&["mktree"], format!("100644 blob {blob}\ta\n").as_bytes());
    let tree = String::from_utf8(tree).unwrap().trim().to_string();
    (f, blob, tree)
}

#[test]
fn mktree_matches_git() {
    let (f, blob, tree) = setup();
    let empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    f.git(&["mktree"]); // writes the empty tree
    let inputs = vec![
        format!("100644 blob {blob}\tb\n100644 blob {blob}\ta\n"),
        format!("100755 blob {blob}\tx\n040000 tree {empty}\td\n160000 commit 1111111111111111111111111111111111111111\tsub\n120000 blob {blob}\tl\n"),
        format!("100644 blob {blob}\ta.c\n040000 tree {tree}\ta\n100644 blob {blob}\ta-b\n"),
        format!("100644 blob {blob}\t\"q\\tx\\303\\251\"\n"),
        format!("100644 blob {blob}\ta\n100644 blob {blob}\ta\n"),
        String::new(),
        format!("100644 blob {blob}\ta/b\n"),
        format!("100644 tree {blob}\ta\n"),
        format!("040000 tree {blob}\ta\n"),
        "100644 blob 1111111111111111111111111111111111111111\ta\n".to_string(),
        "garbage\n".to_string(),
        format!("100644 blob {blob}\n"),
        format!("10064x blob {blob}\ta\n"),
    ];
    for input in &inputs {
        f.assert_same(&["mktree"], input.as_bytes());
    }
    f.assert_same(
        &["mktree", "--missing"],
        b"100644 blob 1111111111111111111111111111111111111111\ta\n",
    );
    f.assert_same(
        &["mktree", "--batch"],
        format!("100644 blob {blob}\ta\n\n100644 blob {blob}\tb\n").as_bytes(),
    );
    f.assert_same(
        &["mktree", "-z"],
        format!("100644 blob {blob}\tb\x00100644 blob {blob}\ta\x00").as_bytes(),
    );
}

#[test]
fn mktag_matches_git() {
    let (f, blob, tree) = setup();
    let ok = |kind: &str, id: &str, rest: &str| {
        format!(
            "object {id}\ntype {kind}\ntag t1\ntagger T <t@example.com> 1700000000 +0000\n{rest}"
        )
    };
    for input in [
        ok("blob", &blob, "\nmessage\n"),
        ok("tree", &tree, "\nmessage\n"),
        ok("blob", &blob, ""),
        ok("commit", &blob, "\nmsg\n"),
        ok(
            "blob",
            "1111111111111111111111111111111111111111",
            "\nmsg\n",
        ),
        format!("object {blob}\ntype blob\ntag t1\n\nmsg\n"),
        format!("object {blob}\ntype blob\n"),
        "garbage".to_string(),
        String::new(),
    ] {
        f.assert_same(&["mktag"], input.as_bytes());
    }
    f.git(&["fsck", "--strict", "--no-dangling"]);
}

#[test]
fn commit_tree_matches_git() {
    let (f, blob, tree) = setup();
    let first = f.assert_same(&["commit-tree", &tree, "-m", "first"], b"");
    let first = String::from_utf8(first.stdout).unwrap().trim().to_string();
    f.assert_same(
        &["commit-tree", &tree],
        b"message from stdin\n\nwith body\n",
    );
    f.assert_same(&["commit-tree", &tree], b"no trailing newline");
    f.assert_same(&["commit-tree", &tree, "-m", "a", "-m", "b\n"], b"");
    f.assert_same(&["commit-tree", &tree, "-p", &first, "-m", "second"], b"");
    f.assert_same(
        &[
            "commit-tree",
            &tree,
            "-p",
            &first,
            "-p",
            &first,
            "-m",
            "dup",
        ],
        b"",
    );
    f.assert_same(
        &[
            "commit-tree",
            &tree[..10],
            "-p",
            &first[..9],
            "-m",
            "short ids",
        ],
        b"",
    );
    f.write("msg.txt", "from a file\n");
    f.assert_same(&["commit-tree", &tree, "-F", "msg.txt"], b"");
    // errors
    f.assert_same(&["commit-tree", &blob, "-m", "x"], b"");
    f.assert_same(&["commit-tree", &tree, "-p", &tree, "-m", "x"], b"");
    f.assert_same(&["commit-tree", "nonsense", "-m", "x"], b"");
    f.assert_same(
        &[
            "commit-tree",
            &tree,
            "-p",
            "1111111111111111111111111111111111111111",
            "-m",
            "x",
        ],
        b"",
    );
    let out = f.gitstore(&["commit-tree", &tree, "-p", &first, "-m", "tip"]);
    let tip = String::from_utf8(out).unwrap().trim().to_string();
    f.git(&["update-ref", "refs/heads/main", &tip]);
    f.git(&["fsck", "--strict"]);
}
