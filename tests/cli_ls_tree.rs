//! `gitstore ls-tree` against git: every tree of a realistic repository in every output mode,
//! gitlinks with `-d`, output modes given together, and paths normalized against the current
//! directory.

mod common;

use common::assert_same_in;
use common::fixtures::tree_with_gitlink;

#[test]
fn ls_tree_matches_git() {
    let f = common::history_repo();
    f.write("deep/a/b/c.txt", "c\n");
    f.write("deep/a/x.txt", "x\n");
    f.write("deep/ab.txt", "ab\n");
    f.commit_all("deep");
    let cases: Vec<Vec<&str>> = vec![
        vec!["ls-tree", "HEAD"],
        vec!["ls-tree", "-r", "HEAD"],
        vec!["ls-tree", "-r", "-t", "HEAD"],
        vec!["ls-tree", "-d", "HEAD"],
        vec!["ls-tree", "-r", "-d", "HEAD"],
        vec!["ls-tree", "-l", "HEAD"],
        vec!["ls-tree", "-r", "-l", "HEAD"],
        vec!["ls-tree", "-z", "-r", "HEAD"],
        vec!["ls-tree", "--name-only", "-r", "HEAD"],
        vec!["ls-tree", "--name-status", "HEAD"],
        vec!["ls-tree", "--object-only", "-r", "HEAD"],
        vec!["ls-tree", "--abbrev", "HEAD"],
        vec!["ls-tree", "--abbrev=10", "-r", "HEAD"],
        vec!["ls-tree", "HEAD", "src"],
        vec!["ls-tree", "HEAD", "src/"],
        vec!["ls-tree", "HEAD", "deep/a/b/c.txt"],
        vec!["ls-tree", "HEAD", "deep/a"],
        vec!["ls-tree", "HEAD", "deep/a/"],
        vec!["ls-tree", "-r", "HEAD", "deep"],
        vec!["ls-tree", "-r", "-t", "HEAD", "deep/a"],
        vec!["ls-tree", "-d", "HEAD", "deep/a/b"],
        vec!["ls-tree", "HEAD", "deep/ab.txt", "src", "nope"],
        vec!["ls-tree", "HEAD", "de"],
        vec!["ls-tree", "HEAD^{tree}"],
        vec!["ls-tree", "v1.0"],
        vec!["ls-tree", "tree-tag"],
        vec!["ls-tree", "HEAD:deep"],
        vec!["ls-tree", "HEAD~30"],
        vec!["ls-tree", "blob-tag"],
        vec!["ls-tree", "nonsense"],
        vec!["ls-tree", "HEAD:src/main.c"],
    ];
    for args in &cases {
        f.assert_same(args, b"");
    }
    // from a subdirectory: paths relative to it, limited to it unless --full-tree
    let sub = f.path.join("deep/a");
    for args in [
        vec!["ls-tree", "HEAD"],
        vec!["ls-tree", "-r", "HEAD"],
        vec!["ls-tree", "--full-name", "HEAD"],
        vec!["ls-tree", "--full-tree", "HEAD"],
        vec!["ls-tree", "HEAD", "b"],
        vec!["ls-tree", "HEAD", "x.txt"],
    ] {
        let g = f.git_command(&args).current_dir(&sub).output().unwrap();
        let s = f
            .gitstore_command(&args)
            .current_dir(&sub)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&g.stdout),
            "{args:?}: {}",
            String::from_utf8_lossy(&s.stderr)
        );
        assert_eq!(s.status.code(), g.status.code(), "{args:?}");
    }
}

#[test]
fn ls_tree_d_lists_gitlinks_as_git_does() {
    let f = tree_with_gitlink();
    for args in [
        &["ls-tree", "-d", "HEAD"][..],
        &["ls-tree", "-d", "-r", "HEAD"],
        &["ls-tree", "HEAD", "gl/"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn ls_tree_output_modes_given_together_are_a_usage_error_naming_both_as_typed() {
    let f = tree_with_gitlink();
    for args in [
        &["ls-tree", "--name-only", "--object-only", "HEAD"][..],
        &["ls-tree", "--object-only", "--name-status", "HEAD"],
        &["ls-tree", "-rl", "--name-only", "HEAD"],
        &["ls-tree", "--name-only", "--long", "HEAD"],
        &["ls-tree", "--name-only", "--name-only", "HEAD"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn ls_tree_paths_are_normalized_against_the_prefix_and_may_not_leave_the_work_tree() {
    let f = tree_with_gitlink();
    let top = f.path.display().to_string();
    let abs_a = format!("{top}/a");
    let abs_sub = format!("{top}/sub dir/");
    for dir in [".", "sub dir", "sub dir/deep"] {
        for path in [
            ".",
            "..",
            "./",
            "../",
            "a/",
            "a//",
            "deep/../a",
            "../sub dir/deep",
            "../../x",
            &abs_a,
            &abs_sub,
            "/tmp",
        ] {
            for opt in ["-t", "-r", "-d"] {
                assert_same_in(&f, dir, &[], &["ls-tree", opt, "HEAD", path], b"");
            }
        }
    }
}
