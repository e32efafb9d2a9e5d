//! The API a tool author writes against: `Repository::head`, typed lookups, the path lookup in
//! a tree, the tree editor, commit builders and `commit_and_move`, and the examples in
//! `examples/`; each checked against what git itself reads and writes. Repositories and stores
//! in memory are tested in `in_memory_repository.rs`.

mod common;

#[allow(dead_code)]
#[path = "../examples/commit_dir.rs"]
mod commit_dir_example;

#[allow(dead_code)]
#[path = "../examples/copy_objects.rs"]
mod copy_objects_example;

use common::library::{fixture_author, fixture_committer, id, open};
use common::Fixture;
use gitstore::object::EntryMode;
use gitstore::refs::{RefErrorKind, RefName};
use gitstore::repo::Head;
use gitstore::{Error, Kind, ObjectId, Repository};

/// A blob written by git.
fn git_blob(f: &Fixture, content: &str) -> ObjectId {
    let out = f.git_stdin(&["hash-object", "-w", "--stdin"], content.as_bytes());
    id(&String::from_utf8_lossy(&out))
}

#[test]
fn repository_is_send_sync_and_clone() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Repository>();
    shareable::<Head>();
}

#[test]
fn head_on_a_branch_names_the_branch_and_its_commit_as_git_does() {
    let f = Fixture::new();
    f.commit_all("one");
    let head = open(&f).head().unwrap();
    let branch = f.git_str(&["symbolic-ref", "HEAD"]);
    let commit = id(&f.git_str(&["rev-parse", "HEAD"]));
    assert_eq!(
        head,
        Head::Branch {
            name: RefName::new(branch).unwrap(),
            id: commit
        }
    );
    assert_eq!(head.id(), Some(commit));
}

#[test]
fn head_detached_is_the_commit_git_rev_parse_gives() {
    let f = Fixture::new();
    f.commit_all("one");
    f.commit_all("two");
    f.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    assert!(!f
        .git_output(&["symbolic-ref", "-q", "HEAD"], b"")
        .status
        .success());
    let commit = id(&f.git_str(&["rev-parse", "HEAD"]));
    let head = open(&f).head().unwrap();
    assert_eq!(head, Head::Detached { id: commit });
    assert_eq!(head.branch(), None);
}

#[test]
fn head_unborn_names_the_branch_git_symbolic_ref_names() {
    let f = Fixture::new();
    assert!(!f
        .git_output(&["rev-parse", "-q", "--verify", "HEAD"], b"")
        .status
        .success());
    let branch = f.git_str(&["symbolic-ref", "HEAD"]);
    let head = open(&f).head().unwrap();
    assert_eq!(
        head,
        Head::Unborn {
            name: RefName::new(branch).unwrap()
        }
    );
    assert_eq!(head.id(), None);
}

#[test]
fn head_through_a_chain_of_symbolic_refs_names_the_last_branch() {
    let f = Fixture::new();
    f.commit_all("one");
    f.git(&["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    f.git(&["symbolic-ref", "HEAD", "refs/heads/alias"]);
    let head = open(&f).head().unwrap();
    assert_eq!(
        head.branch().map(|b| b.to_string()),
        Some("refs/heads/main".to_string())
    );
    assert_eq!(head.id(), Some(id(&f.git_str(&["rev-parse", "HEAD"]))));
}

/// A repository with a nested file, an annotated tag and a lightweight tag of a tree.
fn tagged_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("README", "hello\n");
    f.write("src/deep/er/file.rs", "fn main() {}\n");
    f.commit_all("subject line\n\nbody\n");
    f.git(&["tag", "-a", "-m", "release", "v1"]);
    f
}

#[test]
fn find_returns_each_kind_parsed_as_git_reads_it() {
    let f = tagged_fixture();
    let repo = open(&f);
    let commit_id = id(&f.git_str(&["rev-parse", "HEAD"]));
    let commit = repo.find_commit(&commit_id).unwrap();
    assert_eq!(commit.tree, id(&f.git_str(&["rev-parse", "HEAD^{tree}"])));
    assert_eq!(commit.parents, Vec::<ObjectId>::new());
    assert_eq!(commit.author, fixture_author().with_time(1_700_000_060, 60));
    assert_eq!(commit.subject(), b"subject line");

    let tree = repo.find_tree(&commit.tree).unwrap();
    let names: Vec<String> = tree.entries.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(names, ["README", "src"]);

    let blob = repo
        .find_blob(&id(&f.git_str(&["rev-parse", "HEAD:README"])))
        .unwrap();
    assert_eq!(blob.data, b"hello\n");

    let tag_id = id(&f.git_str(&["rev-parse", "v1"]));
    let tag = repo.find_tag(&tag_id).unwrap();
    assert_eq!((tag.target, tag.target_kind), (commit_id, Kind::Commit));
    assert_eq!(tag.name, "v1");
    assert_eq!(tag.message_bytes(), "release\n");

    match repo.find_object(&tag_id).unwrap() {
        gitstore::object::Object::Tag(t) => assert_eq!(t, tag),
        other => panic!("not a tag: {other:?}"),
    }
}

#[test]
fn find_of_the_wrong_kind_names_the_id_and_both_kinds() {
    let f = tagged_fixture();
    let repo = open(&f);
    let commit = id(&f.git_str(&["rev-parse", "HEAD"]));
    let tag = id(&f.git_str(&["rev-parse", "v1"]));
    let tree = id(&f.git_str(&["rev-parse", "HEAD^{tree}"]));
    let blob = id(&f.git_str(&["rev-parse", "HEAD:README"]));
    let mismatch = |r: Result<(), Error>| match r {
        Err(Error::ObjectKindMismatch {
            id,
            expected,
            actual,
        }) => (id, expected, actual),
        other => panic!("not a kind mismatch: {other:?}"),
    };
    assert_eq!(
        mismatch(repo.find_tree(&commit).map(drop)),
        (commit, Kind::Tree, Kind::Commit)
    );
    // a tag is not followed to its commit
    assert_eq!(
        mismatch(repo.find_commit(&tag).map(drop)),
        (tag, Kind::Commit, Kind::Tag)
    );
    assert_eq!(
        mismatch(repo.find_blob(&tree).map(drop)),
        (tree, Kind::Blob, Kind::Tree)
    );
    assert_eq!(
        mismatch(repo.find_tag(&blob).map(drop)),
        (blob, Kind::Tag, Kind::Blob)
    );
    let text = repo.find_tree(&commit).unwrap_err().to_string();
    assert!(text.contains(&commit.to_string()) && text.contains("commit") && text.contains("tree"));
}

#[test]
fn find_of_a_missing_object_is_object_not_found_naming_it() {
    let f = tagged_fixture();
    let repo = open(&f);
    let missing = id("0123456789012345678901234567890123456789");
    for result in [
        repo.find_commit(&missing).map(drop),
        repo.find_tree(&missing).map(drop),
        repo.find_blob(&missing).map(drop),
        repo.find_tag(&missing).map(drop),
        repo.find_object(&missing).map(drop),
    ] {
        assert!(
            matches!(result, Err(Error::ObjectNotFound { id }) if id == missing),
            "{result:?}"
        );
    }
}

#[test]
fn find_path_finds_nested_entries_as_git_rev_parse_and_ls_tree_do() {
    let f = tagged_fixture();
    let repo = open(&f);
    let root = id(&f.git_str(&["rev-parse", "HEAD^{tree}"]));
    for path in [
        "README",
        "src",
        "src/deep",
        "src/deep/er",
        "src/deep/er/file.rs",
    ] {
        let entry = repo
            .find_path(&root, path.as_bytes())
            .unwrap()
            .unwrap_or_else(|| panic!("{path} not found"));
        assert_eq!(
            entry.id,
            id(&f.git_str(&["rev-parse", &format!("HEAD:{path}")]))
        );
        let listed = f.git_str(&["ls-tree", "HEAD", path]);
        assert!(
            listed.starts_with(&format!("{:0>6} ", entry.mode.to_string())),
            "{listed} vs {}",
            entry.mode
        );
        assert_eq!(entry.name, path.rsplit('/').next().unwrap());
    }
    for missing in [
        "nope",
        "src/nope",
        "README/below-a-file",
        "src/deep/er/file.rs/x",
    ] {
        assert_eq!(
            repo.find_path(&root, missing.as_bytes()).unwrap(),
            None,
            "{missing}"
        );
    }
    // the path is looked up in a tree: a commit's id is the wrong kind
    let commit = id(&f.git_str(&["rev-parse", "HEAD"]));
    assert!(matches!(
        repo.find_path(&commit, b"README"),
        Err(Error::ObjectKindMismatch { .. })
    ));
}

/// Loose objects in a repository.
fn loose_count(f: &Fixture) -> usize {
    walkdir::WalkDir::new(f.git_dir().join("objects"))
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().to_string_lossy().contains("/pack/"))
        .count()
}

#[test]
fn tree_editor_writes_the_trees_git_write_tree_writes() {
    let f = Fixture::new();
    let x = git_blob(&f, "x\n");
    let y = git_blob(&f, "y\n");
    // names that sort differently as files and as directories: `a.txt` < `a/` < `a0`
    let base_paths = [
        "a.txt",
        "a/one",
        "a/sub/two",
        "a0",
        "a-b",
        "keep/k",
        "gone/only/f",
    ];
    let add = |path: &str, blob: ObjectId, mode: &str| {
        f.git(&[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("{mode},{blob},{path}"),
        ]);
    };
    for p in base_paths {
        add(p, x, "100644");
    }
    let git_base = id(&f.git_str(&["write-tree"]));

    let repo = open(&f);
    let mut editor = repo.edit_tree(None);
    for p in base_paths {
        editor.insert(p.as_bytes(), EntryMode::BLOB, x).unwrap();
    }
    assert_eq!(editor.write().unwrap(), git_base);

    // nested insert into a new and an existing directory, a replacement (content and mode),
    // a removal that empties two levels of directories, a removal of a whole directory
    add("a/sub/new/deeper/three", y, "100644");
    add("new/dir/file", y, "100644");
    add("a/one", y, "100755");
    f.git(&["update-index", "--force-remove", "gone/only/f"]);
    f.git(&["update-index", "--force-remove", "a/sub/two"]);
    f.git(&["rm", "-q", "--cached", "-r", "keep"]);
    let git_edited = id(&f.git_str(&["write-tree"]));

    let before = loose_count(&f);
    let mut editor = repo.edit_tree(Some(git_base));
    editor
        .insert(b"a/sub/new/deeper/three", EntryMode::BLOB, y)
        .unwrap()
        .insert(b"new/dir/file", EntryMode::BLOB, y)
        .unwrap()
        .insert(b"a/one", EntryMode::BLOB_EXECUTABLE, y)
        .unwrap()
        .remove(b"gone/only/f")
        .unwrap()
        .remove(b"a/sub/two")
        .unwrap()
        .remove(b"keep")
        .unwrap();
    let edited = editor.write().unwrap();
    assert_eq!(edited, git_edited);
    assert_eq!(
        f.git(&["cat-file", "tree", &edited.to_string()]),
        f.git(&["cat-file", "tree", &git_edited.to_string()])
    );
    assert!(repo.find_path(&edited, b"gone").unwrap().is_none());
    // git wrote these trees already; the editor wrote none that git's object store lacks
    assert_eq!(loose_count(&f), before);
}

#[test]
fn tree_editor_only_writes_the_trees_it_changed() {
    let f = Fixture::bare();
    let repo = open(&f);
    let x = repo.odb().write(Kind::Blob, b"x\n").unwrap();
    let mut editor = repo.edit_tree(None);
    for p in ["left/a/b/f", "right/a/b/f", "top"] {
        editor.insert(p.as_bytes(), EntryMode::BLOB, x).unwrap();
    }
    let base = editor.write().unwrap();
    let before = loose_count(&f);
    let mut editor = repo.edit_tree(Some(base));
    editor.insert(b"right/a/b/g", EntryMode::BLOB, x).unwrap();
    editor.write().unwrap();
    // right/a/b, right/a, right, and the root: `left/` is neither read nor written
    assert_eq!(loose_count(&f), before + 4);
}

#[test]
fn tree_entry_order_matches_git_mktree() {
    let f = Fixture::bare();
    let x = git_blob(&f, "x\n");
    let empty_sub = id(&String::from_utf8_lossy(&f.git_stdin(&["mktree"], b"")));
    let listing = format!(
        "100644 blob {x}\ta.txt\n040000 tree {empty_sub}\ta\n100644 blob {x}\ta0\n\
         100644 blob {x}\ta-b\n040000 tree {empty_sub}\tb\n100644 blob {x}\tb.c\n"
    );
    let git_tree = id(&String::from_utf8_lossy(
        &f.git_stdin(&["mktree"], listing.as_bytes()),
    ));
    let repo = open(&f);
    let mut editor = repo.edit_tree(None);
    for (name, mode, oid) in [
        ("b.c", EntryMode::BLOB, x),
        ("a0", EntryMode::BLOB, x),
        ("b", EntryMode::TREE, empty_sub),
        ("a", EntryMode::TREE, empty_sub),
        ("a-b", EntryMode::BLOB, x),
        ("a.txt", EntryMode::BLOB, x),
    ] {
        editor.insert(name.as_bytes(), mode, oid).unwrap();
    }
    assert_eq!(editor.write().unwrap(), git_tree);
}

#[test]
fn commit_and_move_writes_the_commit_and_reflogs_git_commit_writes() {
    let git = Fixture::new();
    git.write("dir/file", "content\n");
    git.write("top", "top\n");
    git.git(&["add", "-A"]);
    git.git(&["commit", "-q", "-m", "first subject\n\nbody\n"]);
    git.write("dir/file", "changed\n");
    git.git(&["add", "-A"]);
    git.git(&["commit", "-q", "-m", "second"]);

    let ours = Fixture::new();
    let repo = open(&ours);
    let main = RefName::new("refs/heads/main").unwrap();
    let blob = |s: &str| repo.odb().write(Kind::Blob, s.as_bytes()).unwrap();
    let mut tree = repo.edit_tree(None);
    tree.insert(b"dir/file", EntryMode::BLOB, blob("content\n"))
        .unwrap()
        .insert(b"top", EntryMode::BLOB, blob("top\n"))
        .unwrap();
    let first = gitstore::object::Commit::new(tree.write().unwrap())
        .with_author(fixture_author())
        .with_committer(fixture_committer())
        .with_message("first subject\n\nbody\n");
    let one = repo
        .commit_and_move(&RefName::head(), &first, None)
        .unwrap();
    tree.insert(b"dir/file", EntryMode::BLOB, blob("changed\n"))
        .unwrap();
    let second = first
        .clone()
        .with_tree(tree.write().unwrap())
        .with_parent(one)
        .with_message("second\n");
    let two = repo.commit_and_move(&main, &second, Some(one)).unwrap();

    assert_eq!(two, id(&git.git_str(&["rev-parse", "main"])));
    assert_eq!(one, id(&git.git_str(&["rev-parse", "main~1"])));
    for log in ["logs/refs/heads/main", "logs/HEAD"] {
        let theirs = std::fs::read_to_string(git.git_dir().join(log)).unwrap();
        let mine = std::fs::read_to_string(ours.git_dir().join(log)).unwrap();
        assert_eq!(mine, theirs, "{log}");
        assert!(
            theirs.contains("\tcommit (initial): first subject\n"),
            "{theirs}"
        );
    }
    assert!(ours.git_output(&["fsck", "--strict"], b"").status.success());
    assert_eq!(
        repo.head().unwrap(),
        Head::Branch {
            name: main,
            id: two
        }
    );
}

#[test]
fn commit_and_move_of_a_merge_logs_commit_merge() {
    let f = Fixture::new();
    let repo = open(&f);
    let main = RefName::new("refs/heads/main").unwrap();
    let base = fixed_commit();
    let a = repo
        .commit_and_move(&main, &base.clone().with_message("a\n"), None)
        .unwrap();
    let b = repo
        .odb()
        .write_object(&base.clone().with_message("b\n"))
        .unwrap();
    let merge = base.with_parents([a, b]).with_message("Merge b\n\nmore\n");
    repo.commit_and_move(&main, &merge, Some(a)).unwrap();
    let log = repo.refs().reflog(&main).unwrap();
    assert_eq!(log.last().unwrap().message, "commit (merge): Merge b");
    assert!(f.git_output(&["fsck", "--strict"], b"").status.success());
}

#[test]
fn commit_and_move_loses_the_race_when_the_branch_moved() {
    let f = Fixture::new();
    f.commit_all("one");
    f.commit_all("two");
    let repo = open(&f);
    let main = RefName::new("refs/heads/main").unwrap();
    let one = id(&f.git_str(&["rev-parse", "main~1"]));
    let two = id(&f.git_str(&["rev-parse", "main"]));
    let log_before = std::fs::read(f.git_dir().join("logs/refs/heads/main")).unwrap();
    let stale = fixed_commit()
        .with_parent(one)
        .with_message("built on one\n");
    match repo.commit_and_move(&main, &stale, Some(one)) {
        Err(Error::Ref(e)) => {
            assert_eq!(e.name, "refs/heads/main");
            assert_eq!(
                e.kind,
                RefErrorKind::Mismatch {
                    actual: two,
                    expected: one
                }
            );
        }
        other => panic!("{other:?}"),
    }
    // "must not exist yet", but it does
    match repo.commit_and_move(&main, &stale, None) {
        Err(Error::Ref(e)) => assert_eq!(e.kind, RefErrorKind::AlreadyExists),
        other => panic!("{other:?}"),
    }
    assert_eq!(repo.refs().resolve_id(b"refs/heads/main"), Some(two));
    assert_eq!(
        std::fs::read(f.git_dir().join("logs/refs/heads/main")).unwrap(),
        log_before
    );
}

/// A commit of the empty tree with the fixture's identities (the test process itself has no
/// identity environment).
fn fixed_commit() -> gitstore::object::Commit {
    gitstore::object::Commit::new(ObjectId::EMPTY_TREE)
        .with_author(fixture_author())
        .with_committer(fixture_committer())
}

#[test]
fn new_commit_and_new_tag_take_identity_from_the_repository_config() {
    let f = Fixture::bare();
    f.git(&["config", "user.name", "Con Fig"]);
    f.git(&["config", "user.email", "config@example.com"]);
    f.git(&["config", "author.name", "Au Thor"]);
    let repo = open(&f);
    let commit = repo.new_commit(ObjectId::EMPTY_TREE);
    let tag = repo.new_tag(ObjectId::EMPTY_TREE, "t");
    // an identity variable in the test's own environment wins over config, as in git
    if std::env::var_os("GIT_AUTHOR_NAME").is_none()
        && std::env::var_os("GIT_COMMITTER_NAME").is_none()
        && std::env::var_os("GIT_AUTHOR_EMAIL").is_none()
        && std::env::var_os("GIT_COMMITTER_EMAIL").is_none()
    {
        let commit = commit.unwrap();
        assert_eq!(commit.author.name, "Au Thor");
        assert_eq!(commit.author.email, "config@example.com");
        assert_eq!(commit.committer.name, "Con Fig");
        let tag = tag.unwrap();
        assert_eq!(tag.target_kind, Kind::Tree);
        assert_eq!(tag.tagger.unwrap().name, "Con Fig");
    }
}

/// Runs `examples/commit_dir.rs` with identity from the repository's config.
fn commit_dir(src: &std::path::Path, repo: &Fixture, msg: &str) -> ObjectId {
    commit_dir_example::commit_dir(src, &repo.path, "main", msg).expect("commit_dir")
}

#[test]
fn commit_dir_example_commits_a_directory_git_fsck_accepts() {
    let src = Fixture::empty_dir();
    src.write("README", "read me\n");
    src.write("src/lib.rs", "pub fn f() {}\n");
    src.write("src/a/b/deep.txt", "deep\n");
    src.write("src.txt", "sorts before src/\n");
    let bare = Fixture::bare();
    bare.git(&["config", "user.name", "Ex Ample"]);
    bare.git(&["config", "user.email", "example@example.com"]);

    let one = commit_dir(&src.path, &bare, "Add the files\n");
    src.write("src/a/b/deep.txt", "deeper\n");
    src.write("more/new", "new\n");
    let two = commit_dir(&src.path, &bare, "Change them\n");

    let fsck = bare.git_output(&["fsck", "--strict", "--no-dangling"], b"");
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert!(
        fsck.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert_eq!(
        bare.git_str(&["log", "--format=%H %P %s", "main"]),
        format!("{two} {one} Change them\n{one}  Add the files")
    );
    // the tree is the one git builds from the same directory
    let work = Fixture::new();
    for entry in walkdir::WalkDir::new(&src.path).min_depth(1) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&src.path).unwrap();
            work.write(rel.to_str().unwrap(), std::fs::read(entry.path()).unwrap());
        }
    }
    work.git(&["add", "-A"]);
    assert_eq!(
        bare.git_str(&["rev-parse", "main^{tree}"]),
        work.git_str(&["write-tree"])
    );
}

#[test]
fn copy_objects_example_copies_a_history_git_fsck_accepts() {
    let from = tagged_fixture();
    from.write("README", "changed\n");
    from.commit_all("two");
    let to = Fixture::bare();
    let copied =
        copy_objects_example::copy_objects(&open(&from), &open(&to), Some("main")).unwrap();
    let expected = from
        .git_str(&["rev-list", "--objects", "main"])
        .lines()
        .count();
    assert_eq!(copied, expected);
    let main = from.git_str(&["rev-parse", "main"]);
    to.git(&["update-ref", "refs/heads/main", &main]);
    let fsck = to.git_output(&["fsck", "--strict", "--no-dangling"], b"");
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    // nothing left to copy
    let again = copy_objects_example::copy_objects(&open(&from), &open(&to), None).unwrap();
    assert_eq!(
        again, 1,
        "only the annotated tag is not reachable from main"
    );
}

#[test]
fn commit_and_move_refuses_a_missing_tree_or_a_parent_that_is_not_a_commit() {
    let f = Fixture::new();
    let repo = open(&f);
    let main = RefName::new("refs/heads/main").unwrap();
    let blob = repo.odb().write(Kind::Blob, b"x\n").unwrap();
    let missing = id("0123456789012345678901234567890123456789");
    let no_tree = fixed_commit().with_tree(missing);
    assert!(matches!(
        repo.commit_and_move(&main, &no_tree, None),
        Err(Error::ObjectNotFound { id }) if id == missing
    ));
    let blob_parent = fixed_commit().with_parent(blob);
    assert!(matches!(
        repo.commit_and_move(&main, &blob_parent, None),
        Err(Error::ObjectKindMismatch { id, expected: Kind::Commit, actual: Kind::Blob }) if id == blob
    ));
    assert_eq!(repo.head().unwrap(), Head::Unborn { name: main });
}
