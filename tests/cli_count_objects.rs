//! `gitstore count-objects` against git: loose and packed counts, pack garbage grouped as git
//! groups it (from any directory), and alternates listed.

mod common;

use common::fixtures::small_packed;
use common::{assert_identical, assert_identical_in, Fixture};

#[test]
fn count_objects_reports_garbage_like_git() {
    let f = common::history_repo();
    let objects = f.git_dir().join("objects");
    std::fs::write(objects.join("ab/not-an-object"), b"junk").unwrap_or_else(|_| {
        std::fs::create_dir_all(objects.join("ab")).unwrap();
        std::fs::write(objects.join("ab/not-an-object"), b"junk").unwrap();
    });
    std::fs::write(objects.join("pack/stray.txt"), b"stray").unwrap();
    std::fs::write(objects.join("pack/pack-0000.idx"), b"idx without pack").unwrap();
    for args in [
        vec!["count-objects"],
        vec!["count-objects", "-v"],
        vec!["count-objects", "-vH"],
    ] {
        f.assert_same(&args, b"");
    }
}

#[test]
fn count_objects_groups_pack_garbage_like_git_from_any_directory() {
    let f = small_packed();
    let pack_dir = f.git_dir().join("objects/pack");
    for (name, body) in [
        ("junk", "junk\n"),
        ("pack-aaaa.keep", "k\n"),
        ("pack-bbbb.idx", "i\n"),
        ("pack-bbbb.keep", "kk\n"),
        ("pack-bbbb.bitmap", "bm\n"),
        ("pack-cccc.pack", "p\n"),
        ("pack-cccc.rev", "rv\n"),
    ] {
        std::fs::write(pack_dir.join(name), body).unwrap();
    }
    // a .keep and a .rev next to a real pack are not garbage
    let real = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack") && p.metadata().unwrap().len() > 2)
        .unwrap();
    std::fs::write(real.with_extension("keep"), "").unwrap();
    std::fs::create_dir(pack_dir.join("subdir")).unwrap();
    let loose_dir = f.git_dir().join("objects/ab");
    std::fs::create_dir_all(&loose_dir).unwrap();
    std::fs::write(loose_dir.join("notanobject"), "x").unwrap();
    std::fs::create_dir_all(f.path.join("sub/deeper")).unwrap();
    for dir in ["", "sub/deeper", ".git", ".git/objects"] {
        assert_identical_in(&f, dir, &["count-objects", "-v"]);
        assert_identical_in(&f, dir, &["count-objects", "-vH"]);
    }
}

#[test]
fn count_objects_lists_alternates_like_git() {
    let a = small_packed();
    let b = Fixture::bare();
    let c = Fixture::bare();
    std::fs::write(
        b.path.join("objects/info/alternates"),
        format!("{}\n", a.git_dir().join("objects").display()),
    )
    .unwrap();
    // relative to c's objects directory, then through b to a
    std::fs::write(
        c.path.join("objects/info/alternates"),
        format!(
            "../{}/objects\n",
            std::iter::repeat_n("..", c.path.components().count() - 1)
                .collect::<Vec<_>>()
                .join("/")
                + b.path.to_str().unwrap()
        ),
    )
    .unwrap();
    assert_identical(&b, &["count-objects", "-v"], b"");
    assert_identical(&c, &["count-objects", "-v"], b"");
    assert_identical(&c, &["cat-file", "-t", "main"], b"");
}
