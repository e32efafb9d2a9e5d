//! `rev-parse --show-superproject-working-tree`: the superproject's work tree when the
//! repository is checked out as a submodule (the repository found from `..` has a gitlink at
//! its path in its index), nothing otherwise; from anywhere in the submodule, with
//! `--path-format`. Compared with git byte for byte on `tests/fixtures/superproject.sh`; the
//! library's `Repository::superproject_work_tree` too.

mod common;

use common::{assert_identical_in, Fixture};
use gitstore::Repository;

fn fixture() -> Fixture {
    Fixture::from_script("superproject")
}

const QUERIES: &[&[&str]] = &[
    &["rev-parse", "--show-superproject-working-tree"],
    &[
        "rev-parse",
        "--path-format=relative",
        "--show-superproject-working-tree",
    ],
    &[
        "rev-parse",
        "--path-format=absolute",
        "--show-superproject-working-tree",
    ],
    &[
        "rev-parse",
        "--show-toplevel",
        "--show-superproject-working-tree",
        "HEAD",
    ],
];

#[test]
fn a_submodule_shows_its_superprojects_work_tree_from_anywhere_inside() {
    let f = fixture();
    let shown = f
        .git_command(QUERIES[0])
        .current_dir(f.path.join("super/sub"))
        .output()
        .unwrap();
    let expected = format!("{}\n", f.path.join("super").display());
    assert_eq!(String::from_utf8_lossy(&shown.stdout), expected);
    for dir in [
        "super/sub",
        "super/sub/dir",
        "super/libs/deep",
        "super/libs/deep/dir",
    ] {
        for args in QUERIES {
            assert_identical_in(&f, dir, args);
        }
    }
}

#[test]
fn a_repository_that_is_no_submodule_shows_nothing() {
    let f = fixture();
    for dir in [
        "super",
        "super/libs",
        "super/untracked",
        "lone",
        "super/.git",
        "lone/.git",
    ] {
        for args in QUERIES {
            assert_identical_in(&f, dir, args);
        }
    }
    // the submodule's own git directory is no work tree
    assert_identical_in(&f, "super/.git/modules/sub", QUERIES[0]);
}

#[test]
fn a_submodule_dropped_from_the_superprojects_index_has_no_superproject() {
    let f = fixture();
    f.git_command(&["rm", "-q", "--cached", "sub"])
        .current_dir(f.path.join("super"))
        .status()
        .unwrap();
    assert_identical_in(&f, "super/sub", QUERIES[0]);
    assert_identical_in(&f, "super/libs/deep", QUERIES[0]);
}

#[test]
fn library_finds_the_superproject() {
    let f = fixture();
    let sub = Repository::discover(f.path.join("super/libs/deep/dir")).unwrap();
    assert_eq!(
        sub.superproject_work_tree().unwrap(),
        Some(f.path.join("super").canonicalize().unwrap())
    );
    let lone = Repository::discover(f.path.join("lone")).unwrap();
    assert_eq!(lone.superproject_work_tree().unwrap(), None);
    let superproject = Repository::discover(f.path.join("super/.git")).unwrap();
    assert_eq!(superproject.superproject_work_tree().unwrap(), None);
}
