//! The library's tree diff (`gitstore::diff`) against git: every commit of the history fixture
//! against each parent, in git's order with git's modes and ids, recursive, not, and with
//! trees shown; a commit's changes as one call; unchanged subtrees never read; typed errors
//! naming the tree and its path; the depth limit.

mod common;

use common::fixtures::history_graph;
use common::library::{id, open};
use common::Fixture;
use gitstore::diff::{
    commit_changes, diff_trees, parent_changes, Change, DiffErrorKind, DiffOptions,
};
use gitstore::object::EntryMode;
use gitstore::odb::{Odb, OdbOptions};
use gitstore::pathspec::Pathspec;
use gitstore::{Kind, Limits, ObjectId, Repository};

/// The changes as `git diff-tree -z` prints them (raw format, without a header).
fn raw_z(changes: &[Change]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in changes {
        let side = |s: Option<&gitstore::diff::Side>| match s {
            Some(s) => (s.mode.to_pretty().to_vec(), s.id),
            None => (b"000000".to_vec(), ObjectId::null()),
        };
        let (om, oi) = side(c.before());
        let (nm, ni) = side(c.after());
        out.push(b':');
        out.extend_from_slice(&om);
        out.push(b' ');
        out.extend_from_slice(&nm);
        out.extend_from_slice(format!(" {oi} {ni} {}", c.status()).as_bytes());
        if let Change::Renamed {
            source, similarity, ..
        } = c
        {
            out.extend_from_slice(format!("{similarity:03}\0").as_bytes());
            out.extend_from_slice(source);
        }
        out.push(0);
        out.extend_from_slice(c.path());
        out.push(0);
    }
    out
}

fn tree_of(repo: &Repository, commit: &ObjectId) -> ObjectId {
    repo.find_commit(commit).unwrap().tree
}

#[test]
fn every_commit_against_each_parent_matches_git() {
    let f = history_graph();
    let repo = open(&f);
    let commits = f.git_str(&["rev-list", "--all"]);
    let options = [
        (&["-z"][..], DiffOptions::default()),
        (
            &["-z", "-r"],
            DiffOptions {
                recursive: true,
                ..DiffOptions::default()
            },
        ),
        (
            &["-z", "-t"],
            DiffOptions {
                show_trees: true,
                ..DiffOptions::default()
            },
        ),
        (
            &["-z", "-r", "-M"],
            DiffOptions {
                recursive: true,
                renames: Some(gitstore::diff::Renames::default()),
                ..DiffOptions::default()
            },
        ),
    ];
    let mut compared = 0;
    for commit in commits.lines().map(id) {
        let hex = commit.to_hex();
        for (flags, opts) in &options {
            let per_parent = parent_changes(repo.odb(), &commit, opts).unwrap();
            for pc in &per_parent {
                let expected = match &pc.parent {
                    Some(p) => {
                        let mut args = vec!["diff-tree"];
                        args.extend_from_slice(flags);
                        let p = p.to_hex();
                        args.extend_from_slice(&[&p, &hex]);
                        f.git(&args)
                    }
                    None => {
                        let mut args = vec!["diff-tree", "--root", "--no-commit-id"];
                        args.extend_from_slice(flags);
                        args.push(&hex);
                        f.git(&args)
                    }
                };
                assert_eq!(
                    String::from_utf8_lossy(&raw_z(&pc.changes)),
                    String::from_utf8_lossy(&expected),
                    "{hex} against {:?} with {flags:?}",
                    pc.parent
                );
                compared += 1;
            }
            let first = commit_changes(repo.odb(), &commit, opts).unwrap();
            assert_eq!(first, per_parent[0].changes, "the first parent's changes");
        }
    }
    assert!(compared > 100);
}

#[test]
fn a_merge_has_changes_against_each_parent_and_a_root_against_the_empty_tree() {
    let f = history_graph();
    let repo = open(&f);
    let octopus = id(&f.git_str(&["rev-parse", "light"]));
    let per_parent = parent_changes(repo.odb(), &octopus, &DiffOptions::default()).unwrap();
    let parents = repo.find_commit(&octopus).unwrap().parents;
    assert_eq!(parents.len(), 4);
    assert_eq!(
        per_parent
            .iter()
            .map(|p| p.parent.unwrap())
            .collect::<Vec<_>>(),
        parents
    );

    let lonely = id(&f.git_str(&["rev-parse", "lonely"]));
    let root = commit_changes(repo.odb(), &lonely, &DiffOptions::default()).unwrap();
    assert!(
        matches!(&root[..], [Change::Added { path, new }] if path == "lonely.txt" && new.mode == EntryMode::BLOB)
    );
}

#[test]
fn a_file_that_became_a_directory_is_deleted_then_added_in_tree_order() {
    let f = history_graph();
    let repo = open(&f);
    let commit = id(&f.git_str(&["rev-parse", ":/side.txt becomes"]));
    let options = DiffOptions {
        show_trees: true,
        ..DiffOptions::default()
    };
    let changes = commit_changes(repo.odb(), &commit, &options).unwrap();
    let summary: Vec<(char, String)> = changes
        .iter()
        .map(|c| (c.status(), c.path().to_string()))
        .collect();
    assert_eq!(
        summary,
        [
            ('A', "run.sh".to_string()),
            ('D', "side.txt".into()),
            ('A', "side.txt".into()),
            ('A', "side.txt/inside".into()),
        ]
    );
    assert_eq!(changes[2].after().unwrap().mode, EntryMode::TREE);
}

#[test]
fn type_changes_and_exec_bits_are_told_apart() {
    let repo = Repository::in_memory().unwrap();
    let blob = repo.odb().write(Kind::Blob, b"x\n").unwrap();
    let tree = |entries: &[(&str, EntryMode)]| {
        let mut editor = repo.edit_tree(None);
        for (path, mode) in entries {
            editor.insert(path.as_bytes(), *mode, blob).unwrap();
        }
        editor.write().unwrap()
    };
    let old = tree(&[("exe", EntryMode::BLOB), ("link", EntryMode::BLOB)]);
    let new = tree(&[
        ("exe", EntryMode::BLOB_EXECUTABLE),
        ("link", EntryMode::LINK),
    ]);
    let changes = diff_trees(repo.odb(), Some(&old), Some(&new), &DiffOptions::default()).unwrap();
    assert_eq!(
        changes.iter().map(Change::status).collect::<String>(),
        "MT",
        "{changes:?}"
    );
}

/// Removes the loose object `id` from the fixture.
fn remove_object(f: &Fixture, id: &ObjectId) {
    let hex = id.to_hex();
    let path = f.git_dir().join("objects").join(&hex[..2]).join(&hex[2..]);
    std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Two commits: `same/` unchanged between them, `changed/` and `other/` edited.
fn two_commits() -> Fixture {
    let f = Fixture::new();
    f.write("same/deep/a.txt", "a\n");
    f.write("changed/b.txt", "b\n");
    f.write("other/c.txt", "c\n");
    f.commit_all("one");
    f.write("changed/b.txt", "b2\n");
    f.write("other/c.txt", "c2\n");
    f.commit_all("two");
    f
}

#[test]
fn an_unchanged_subtree_is_never_read() {
    let f = two_commits();
    let repo = open(&f);
    let same = id(&f.git_str(&["rev-parse", "HEAD:same"]));
    remove_object(&f, &same);
    let head = id(&f.git_str(&["rev-parse", "HEAD"]));
    let options = DiffOptions {
        show_trees: true,
        ..DiffOptions::default()
    };
    let changes = commit_changes(repo.odb(), &head, &options).unwrap();
    let paths: Vec<String> = changes.iter().map(|c| c.path().to_string()).collect();
    assert_eq!(paths, ["changed", "changed/b.txt", "other", "other/c.txt"]);
    // and git agrees it can do without it
    assert_eq!(
        f.git_str(&["diff-tree", "-r", "--name-only", "--no-commit-id", "HEAD"]),
        "changed/b.txt\nother/c.txt"
    );
}

#[test]
fn a_pathspec_keeps_the_walk_out_of_other_trees() {
    let f = two_commits();
    let repo = open(&f);
    let other = id(&f.git_str(&["rev-parse", "HEAD:other"]));
    remove_object(&f, &other);
    let head = id(&f.git_str(&["rev-parse", "HEAD"]));
    let options = DiffOptions {
        recursive: true,
        pathspec: Pathspec::new(&["changed/b.txt"], b"", None).unwrap(),
        ..DiffOptions::default()
    };
    let changes = commit_changes(repo.odb(), &head, &options).unwrap();
    assert!(matches!(&changes[..], [Change::Modified { path, .. }] if path == "changed/b.txt"));
}

#[test]
fn a_missing_changed_subtree_is_an_error_naming_its_id_and_path() {
    let f = two_commits();
    let repo = open(&f);
    let changed = id(&f.git_str(&["rev-parse", "HEAD:changed"]));
    remove_object(&f, &changed);
    let head = id(&f.git_str(&["rev-parse", "HEAD"]));
    let options = DiffOptions {
        recursive: true,
        ..DiffOptions::default()
    };
    let err = diff_trees(
        repo.odb(),
        Some(&tree_of(
            &repo,
            &repo.find_commit(&head).unwrap().parents[0],
        )),
        Some(&tree_of(&repo, &head)),
        &options,
    )
    .unwrap_err();
    assert!(matches!(err.kind, DiffErrorKind::Missing));
    assert_eq!((err.id, err.path.to_string()), (changed, "changed".into()));
    // not recursive, the subtree is one change and is not read
    let top = commit_changes(repo.odb(), &head, &DiffOptions::default()).unwrap();
    assert_eq!(top.len(), 2);
    // and the error goes into gitstore::Error with `?`
    let whole: gitstore::Error = err.into();
    assert!(matches!(whole, gitstore::Error::Diff(_)));
}

#[test]
fn a_blob_in_place_of_a_tree_is_not_a_tree() {
    let repo = Repository::in_memory().unwrap();
    let blob = repo.odb().write(Kind::Blob, b"not a tree\n").unwrap();
    let mut editor = repo.edit_tree(None);
    editor.insert(b"dir", EntryMode::TREE, blob).unwrap();
    let tree = editor.write().unwrap();
    let options = DiffOptions {
        recursive: true,
        ..DiffOptions::default()
    };
    let err = diff_trees(repo.odb(), None, Some(&tree), &options).unwrap_err();
    assert!(matches!(
        err.kind,
        DiffErrorKind::NotATree { actual: Kind::Blob }
    ));
    assert_eq!((err.id, err.path.to_string()), (blob, "dir".into()));
    // the root itself
    let err = diff_trees(repo.odb(), Some(&blob), None, &options).unwrap_err();
    assert_eq!((err.id, err.path.to_string()), (blob, String::new()));
}

#[test]
fn trees_nested_deeper_than_the_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, _) = Repository::init(dir.path(), &gitstore::repo::InitOptions::bare()).unwrap();
    let blob = repo.odb().write(Kind::Blob, b"deep\n").unwrap();
    let mut editor = repo.edit_tree(None);
    editor
        .insert(b"1/2/3/4/5/6/7/8/file", EntryMode::BLOB, blob)
        .unwrap();
    let tree = editor.write().unwrap();
    let options = DiffOptions {
        recursive: true,
        ..DiffOptions::default()
    };
    let open = |max_tree_depth| {
        let limits = Limits {
            max_tree_depth,
            ..Limits::default()
        };
        Odb::open_with(
            repo.odb().objects_dir(),
            OdbOptions {
                limits,
                ..OdbOptions::default()
            },
        )
        .unwrap()
    };
    let err = diff_trees(&open(5), None, Some(&tree), &options).unwrap_err();
    assert!(matches!(err.kind, DiffErrorKind::TooDeep { limit: 5 }));
    assert_eq!(err.path, "1/2/3/4/5");
    let changes = diff_trees(&open(9), None, Some(&tree), &options).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].path(), "1/2/3/4/5/6/7/8/file");
}

#[test]
fn exact_renames_prefer_an_unused_source_with_the_same_file_name() {
    let repo = Repository::in_memory().unwrap();
    let blob = repo.odb().write(Kind::Blob, b"dup\n").unwrap();
    let tree = |paths: &[&str]| {
        let mut editor = repo.edit_tree(None);
        for path in paths {
            editor
                .insert(path.as_bytes(), EntryMode::BLOB, blob)
                .unwrap();
        }
        editor.write().unwrap()
    };
    let old = tree(&["a/x", "b/name", "c/name"]);
    let new = tree(&["d/name", "e/name", "f/x", "g/y"]);
    let options = DiffOptions {
        recursive: true,
        renames: Some(gitstore::diff::Renames::exact()),
        ..DiffOptions::default()
    };
    let changes = diff_trees(repo.odb(), Some(&old), Some(&new), &options).unwrap();
    let pairs: Vec<(String, String)> = changes
        .iter()
        .map(|c| match c {
            Change::Renamed { source, path, .. } => (source.to_string(), path.to_string()),
            other => (other.status().to_string(), other.path().to_string()),
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("b/name".to_string(), "d/name".to_string()),
            ("c/name".into(), "e/name".into()),
            ("a/x".into(), "f/x".into()),
            ("A".into(), "g/y".into()),
        ]
    );
}

#[test]
fn edited_files_pair_as_renames_by_similarity_within_the_limit() {
    let repo = Repository::in_memory().unwrap();
    let text: String = (1..=20).map(|i| format!("line {i} of a file\n")).collect();
    let other: String = (1..=20).map(|i| format!("row {i} elsewhere\n")).collect();
    let tree = |files: &[(&str, &str)]| {
        let mut editor = repo.edit_tree(None);
        for (path, body) in files {
            let blob = repo.odb().write(Kind::Blob, body.as_bytes()).unwrap();
            editor
                .insert(path.as_bytes(), EntryMode::BLOB, blob)
                .unwrap();
        }
        editor.write().unwrap()
    };
    let old = tree(&[("src/a.txt", &text), ("src/b.txt", &other)]);
    let edited = format!("{text}one more line\n");
    let new = tree(&[("lib/a2.txt", &edited), ("lib/b2.txt", &other)]);
    let changes = |renames| {
        let options = DiffOptions {
            recursive: true,
            renames,
            ..DiffOptions::default()
        };
        diff_trees(repo.odb(), Some(&old), Some(&new), &options).unwrap()
    };
    let summary = |changes: &[Change]| -> Vec<String> {
        changes
            .iter()
            .map(|c| match c {
                Change::Renamed {
                    source,
                    path,
                    similarity,
                    ..
                } => format!("R{similarity} {source} {path}"),
                other => format!("{} {}", other.status(), other.path()),
            })
            .collect()
    };
    assert_eq!(
        summary(&changes(Some(gitstore::diff::Renames::default()))),
        ["R96 src/a.txt lib/a2.txt", "R100 src/b.txt lib/b2.txt"]
    );
    assert_eq!(
        summary(&changes(Some(gitstore::diff::Renames::exact()))),
        ["A lib/a2.txt", "R100 src/b.txt lib/b2.txt", "D src/a.txt"]
    );
    // one source and one destination left to compare: a limit of 0 pairs is exceeded
    let all = diff_trees(
        repo.odb(),
        Some(&old),
        Some(&new),
        &DiffOptions {
            recursive: true,
            ..DiffOptions::default()
        },
    )
    .unwrap();
    let limited = gitstore::diff::Renames {
        limit: 1,
        ..gitstore::diff::Renames::default()
    };
    let paired = gitstore::diff::pair_renames(repo.odb(), all.clone(), &limited).unwrap();
    assert_eq!(paired.needed_limit, Some(0), "1 x 1 is within a limit of 1");
    assert_eq!(paired.changes.len(), 2);
    let mut more = all;
    more.push(Change::Added {
        path: "zz".into(),
        new: gitstore::diff::Side {
            mode: EntryMode::BLOB,
            id: repo.odb().write(Kind::Blob, b"zz\n").unwrap(),
        },
    });
    let paired = gitstore::diff::pair_renames(repo.odb(), more, &limited).unwrap();
    assert_eq!(paired.needed_limit, Some(2));
    assert!(paired.changes.iter().all(|c| match c {
        Change::Renamed { similarity, .. } => *similarity == 100,
        _ => true,
    }));
}
