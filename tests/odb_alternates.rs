//! Alternate object directories against git: relative, absolute, nested and cyclic
//! `objects/info/alternates`, the nesting limit (git follows six levels), and a missing alternate
//! reported as git reports it.

mod common;

use common::all_ids;

use common::fixtures::small_packed;
use common::{assert_identical, Fixture};
use gitstore::{ObjectId, Repository};

/// `to` written relative to `from` (both absolute, sharing the temp dir parent).
fn pathdiff(to: &std::path::Path, from: &std::path::Path) -> String {
    let up = from.components().count() - 1 - common_len(to, from);
    let rest: Vec<_> = to.components().skip(common_len(to, from)).collect();
    let mut s = "../".repeat(up + 1);
    s.push_str(
        &rest
            .iter()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    );
    s
}

fn common_len(a: &std::path::Path, b: &std::path::Path) -> usize {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .count()
}

fn str_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_end().to_string()
}

#[test]
fn alternates_relative_absolute_nested_and_cyclic() {
    let a = common::history_repo();
    let b = Fixture::bare();
    let c = Fixture::bare();
    // c borrows from b (relative), b borrows from a (absolute); b also points back at c
    let a_objects = a.git_dir().join("objects");
    std::fs::write(
        b.path.join("objects/info/alternates"),
        format!(
            "# comment\n{}\n{}\n",
            a_objects.display(),
            c.path.join("objects").display()
        ),
    )
    .unwrap();
    let rel = pathdiff(&b.path.join("objects"), &c.path.join("objects"));
    std::fs::write(c.path.join("objects/info/alternates"), format!("{rel}\n")).unwrap();
    let ids = all_ids(&a);
    let input: String = ids.iter().map(|i| format!("{i}\n")).collect();
    c.assert_same(&["cat-file", "--batch"], input.as_bytes());
    c.assert_same(&["cat-file", "-p", &ids[3]], b"");
    c.assert_same(&["cat-file", "--batch-all-objects", "--batch-check"], b"");
    let repo = Repository::open(&c.path).unwrap();
    assert_eq!(repo.odb().object_dirs().count(), 3);
}

#[test]
fn alternates_nesting_is_limited() {
    let repos: Vec<Fixture> = (0..8).map(|_| Fixture::bare()).collect();
    for w in repos.windows(2) {
        std::fs::write(
            w[0].path.join("objects/info/alternates"),
            format!("{}\n", w[1].path.join("objects").display()),
        )
        .unwrap();
    }
    let deepest = repos.last().unwrap();
    let id = deepest.git_stdin(&["hash-object", "-w", "--stdin"], b"deep\n");
    let id = String::from_utf8(id).unwrap().trim().to_string();
    let repo = Repository::open(&repos[0].path).unwrap();
    // git follows six levels (the primary and six alternates), as the parity tests check
    assert_eq!(repo.odb().object_dirs().count(), 7);
    assert!(!repo.odb().warnings().is_empty());
    let id: ObjectId = id.parse().unwrap();
    assert!(!repo.odb().contains(&id).unwrap());
    // git agrees that the object is out of reach
    let out = repos[0].git_output(&["cat-file", "-e", &id.to_string()], b"");
    assert!(!out.status.success());
}

#[test]
fn a_missing_alternate_is_reported_as_git_reports_it() {
    let a = small_packed();
    let f = Fixture::new();
    std::fs::write(
        f.git_dir().join("objects/info/alternates"),
        format!(
            "/nonexistent-gitstore-test/objects\n{}\n{}/missing-objects\n",
            a.git_dir().join("objects").display(),
            a.path.display()
        ),
    )
    .unwrap();
    let head = a.git_str(&["rev-parse", "HEAD"]);
    assert_identical(&f, &["cat-file", "-t", &head], b"");
    assert_identical(&f, &["count-objects", "-v"], b"");
    assert_identical(
        &f,
        &["cat-file", "--batch-check"],
        format!("{head}\n").as_bytes(),
    );
    // git complains only once it looks an object up
    f.write("own.txt", "own\n");
    f.commit_all("own");
    for args in [
        &["rev-parse", "HEAD"][..],
        &["show-ref"][..],
        &["cat-file", "-t", "no-such-ref"][..],
        &["count-objects"][..],
        &["ls-tree", "HEAD"][..],
        &["cat-file", "--batch-check"][..],
    ] {
        assert_identical(&f, args, b"");
    }
}

#[test]
fn alternates_are_followed_six_levels_deep_like_git() {
    // r0 -> r1 -> ... -> r8: git reads r6's objects but not r6's alternates
    let repos: Vec<Fixture> = (0..9).map(|_| Fixture::bare()).collect();
    for w in repos.windows(2) {
        std::fs::write(
            w[0].path.join("objects/info/alternates"),
            format!("{}\n", w[1].path.join("objects").display()),
        )
        .unwrap();
    }
    let ids: Vec<String> = repos
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let body = format!("object of r{i}\n");
            str_of(r.git_stdin(&["hash-object", "-w", "--stdin"], body.as_bytes()))
        })
        .collect();
    for id in &ids {
        assert_identical(&repos[0], &["cat-file", "-t", id], b"");
    }
    let repo = gitstore::Repository::open(&repos[0].path).unwrap();
    assert_eq!(repo.odb().object_dirs().count(), 7);
    assert!(repo.odb().contains(&ids[6].parse().unwrap()).unwrap());
    assert!(!repo.odb().contains(&ids[7].parse().unwrap()).unwrap());
}
