//! `gitstore for-each-ref` against git 2.47 on twin fixtures: formats, sorting and filters,
//! `--count`, `--points-at`, short names, atom errors, odd signatures, and the refs listings skip
//! or report (unresolvable symrefs, damaged loose refs).

mod common;

use common::fixtures::{refs_all_packed, refs_tag_of_tag};
use common::twins::Twins;
use common::{assert_identical, Fixture};

/// The same commands, each through `Twins::run`.
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

/// `refs_all_packed` with symbolic refs that dangle, loop, or chain past git's five levels.
fn symref_repo() -> Fixture {
    let f = refs_all_packed();
    f.git(&["symbolic-ref", "refs/heads/s1", "refs/heads/main"]);
    for i in 2..=7 {
        f.git(&[
            "symbolic-ref",
            &format!("refs/heads/s{i}"),
            &format!("refs/heads/s{}", i - 1),
        ]);
    }
    f.git(&["symbolic-ref", "refs/heads/loop1", "refs/heads/loop2"]);
    f.git(&["symbolic-ref", "refs/heads/loop2", "refs/heads/loop1"]);
    f.git(&["symbolic-ref", "refs/heads/dangle", "refs/heads/nothing"]);
    f
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
fn for_each_ref_count_points_at_and_short_length_match_git() {
    let t = Twins::full(refs_all_packed);
    run_all(
        &t,
        &[
            &["for-each-ref", "--count=0"],
            &["for-each-ref", "--count=2"],
            &["for-each-ref", "--count=-1"],
            &["for-each-ref", "--count=abc"],
            &["for-each-ref", "--points-at=nope"],
            &["for-each-ref", "--points-at=HEAD~1"],
            // v1-outer is a tag of the tag v1 of HEAD: git follows the whole chain
            &["for-each-ref", "--points-at=HEAD"],
            &["for-each-ref", "--format=%(objectname:short=0)"],
            &["for-each-ref", "--format=%(objectname:short=-1)"],
            &["for-each-ref", "--format=%(*objectname:short=x)"],
            &["for-each-ref", "--format=%(objectname:short=3)"],
        ],
    );
}

#[test]
fn for_each_ref_atom_errors_and_empty_arguments_as_git() {
    let f = refs_tag_of_tag();
    for format in [
        "%(refname:)",
        "%(objectname:) %(subject:)",
        "%()",
        "%(*)",
        "%(:x)",
        "%(*:)",
        "%(bogus:x)",
        "%(*bogus)",
        "%(authorx:y)",
        "%(authordate:)",
        "%(authordate:bogus)",
    ] {
        f.assert_same(&["for-each-ref", &format!("--format={format}")], b"");
    }
    for key in ["", "-", "*", "refname:", "-:", ":x", "version:"] {
        f.assert_same(&["for-each-ref", &format!("--sort={key}")], b"");
    }
}

#[test]
fn for_each_ref_shows_odd_signatures_as_git_does() {
    let f = Fixture::new();
    let empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    for (name, author) in [
        ("spaces", "A  <a@b>  1 +0000"),
        ("nospace", "A<a@b> 1 +0000"),
        ("noname", " <a@b> 1 +0000"),
        ("odd-name", "Odd  Name  <x@y> 12 -0000"),
    ] {
        let commit = format!("tree {empty}\nauthor {author}\ncommitter C <c@d> 2 -0130\n\nm\n");
        let args = [
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ];
        let id = f.git_stdin(&args, commit.as_bytes());
        let id = String::from_utf8(id).unwrap().trim().to_string();
        f.git(&["update-ref", &format!("refs/heads/{name}"), &id]);
    }
    assert_identical(
        &f,
        &[
            "for-each-ref",
            "--format=%(authorname)|%(authoremail)|%(author)|%(authordate:raw)|%(committername)",
            "refs/heads",
        ],
        b"",
    );
}

#[test]
fn unresolvable_symrefs_are_skipped_silently_by_listings() {
    let t = Twins::full(symref_repo);
    run_all(
        &t,
        &[
            &["show-ref"],
            &["show-ref", "--heads"],
            &["for-each-ref"],
            &["for-each-ref", "--format=%(refname) %(symref)"],
            &["show-ref", "--verify", "refs/heads/s6"],
        ],
    );
}

#[test]
fn damaged_loose_refs_are_reported_by_listings_as_git_does() {
    let t = Twins::full(refs_all_packed);
    let main = t.git.git_str(&["rev-parse", "main"]);
    t.write(".git/refs/heads/bad", "garbage\n");
    t.write(".git/refs/heads/x..y", format!("{main}\n"));
    run_all(
        &t,
        &[
            &["for-each-ref"],
            &["for-each-ref", "refs/tags"],
            &["for-each-ref", "refs/heads/b"],
            &["for-each-ref", "refs/heads/x*"],
            &["show-ref", "--tags"],
            &["show-ref", "main"],
            &["show-ref"],
        ],
    );
    std::fs::remove_file(t.git.git_dir().join("refs/heads/bad")).unwrap();
    std::fs::remove_file(t.store.git_dir().join("refs/heads/bad")).unwrap();
    run_all(&t, &[&["show-ref"], &["for-each-ref"]]);
}
