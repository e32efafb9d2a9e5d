//! Linked worktrees (`git worktree add`): HEAD and per-worktree refs in `.git/worktrees/<id>`,
//! objects, branches and config in the main `.git`.

mod common;

use std::process::Output;

fn same(f: &common::Fixture, dir: &std::path::Path, args: &[&str]) -> Output {
    let g = f.git_command(args).current_dir(dir).output().unwrap();
    let s = f.gitstore_command(args).current_dir(dir).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&s.stdout),
        String::from_utf8_lossy(&g.stdout),
        "{args:?}: gitstore stderr {}",
        String::from_utf8_lossy(&s.stderr)
    );
    assert_eq!(s.status.code(), g.status.code(), "{args:?}");
    assert_eq!(
        String::from_utf8_lossy(&s.stderr),
        String::from_utf8_lossy(&g.stderr),
        "{args:?}"
    );
    g
}

#[test]
fn commands_inside_a_linked_worktree() {
    let f = common::history_repo();
    let outside = common::Fixture::empty_dir();
    let wt = outside.path.join("wt");
    f.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        wt.to_str().unwrap(),
        "HEAD~2",
    ]);
    for args in [
        vec!["cat-file", "-p", "HEAD"],
        vec!["rev-parse", "HEAD", "main", "side", "HEAD@{0}"],
        vec!["rev-parse", "--abbrev-ref", "HEAD"],
        vec!["rev-parse", "--symbolic-full-name", "HEAD"],
        vec!["for-each-ref"],
        vec!["show-ref"],
        vec!["branch"],
        vec!["branch", "-v"],
        vec!["ls-tree", "HEAD"],
        vec!["branch", "-d", "main"],
        vec!["cat-file", "--batch-all-objects", "--batch-check"],
    ] {
        same(&f, &wt, &args);
    }
    // from the main worktree, the linked one's branch is marked and protected
    same(&f, &f.path, &["branch"]);
    same(&f, &f.path, &["branch", "-d", "side"]);
    // a shared ref written from the worktree lands in the main .git; a per-worktree one not
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let out = f
        .gitstore_command(&["update-ref", "refs/heads/from-wt", &head])
        .current_dir(&wt)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(f.git_str(&["rev-parse", "from-wt"]), head);
    let out = f
        .gitstore_command(&["update-ref", "refs/bisect/bad", &head])
        .current_dir(&wt)
        .output()
        .unwrap();
    assert!(out.status.success());
    let wt_id = std::fs::read_dir(f.git_dir().join("worktrees"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(wt_id.join("refs/bisect/bad").is_file());
    assert!(!f.git_dir().join("refs/bisect/bad").exists());
    same(&f, &wt, &["rev-parse", "refs/bisect/bad"]);
    same(
        &f,
        &f.path,
        &["rev-parse", "--verify", "-q", "refs/bisect/bad"],
    );
}
