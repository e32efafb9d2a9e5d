//! `packed-refs` as the ref commands read and rewrite it, against git 2.47 on twin fixtures:
//! files without a header or with only `peeled` are rewritten keeping what they vouch for, a
//! fully-peeled one byte for byte as git writes it; a garbage line is fatal for every command; an
//! unsorted file claiming `sorted` is still read.

mod common;

use common::fixtures::refs_all_packed;
use common::twins::Twins;

/// `packed-refs` of a twin as written by `pack-refs`, with the header and `^` lines filtered.
fn rewrite_packed(t: &Twins, header: Option<&str>) {
    let full = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
    assert!(full.contains("\n^"), "fixture has peeled lines: {full}");
    let mut text = header.map(|h| format!("{h}\n")).unwrap_or_default();
    for line in full
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('^'))
    {
        text.push_str(line);
        text.push('\n');
    }
    t.write(".git/packed-refs", &text);
}

/// After the rewrite, git still sees the annotated tags peeled.
fn assert_peeling_survives(t: &Twins) {
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    let packed = std::fs::read_to_string(t.store.git_dir().join("packed-refs")).unwrap();
    assert!(packed.starts_with("# pack-refs with: peeled fully-peeled sorted \n"));
    let shown = t.run(&["show-ref", "-d"], b"");
    assert!(String::from_utf8_lossy(&shown.stdout).contains("refs/tags/v1^{}"));
    // git reading gitstore's file sees the same as git reading its own
    let a = t.git.git_output(&["show-ref", "-d"], b"");
    let b = t.store.git_output(&["show-ref", "-d"], b"");
    assert_eq!(a.stdout, b.stdout);
}

/// The same commands, each through `Twins::run`.
fn run_all(t: &Twins, commands: &[&[&str]]) {
    for args in commands {
        t.run(args, b"");
    }
}

#[test]
fn rewriting_headerless_packed_refs_peels_tags_through_the_odb() {
    let t = Twins::full(refs_all_packed);
    rewrite_packed(&t, None);
    assert_peeling_survives(&t);
}

#[test]
fn rewriting_peeled_only_packed_refs_keeps_what_the_trait_vouches_for() {
    let t = Twins::full(refs_all_packed);
    rewrite_packed(&t, Some("# pack-refs with: peeled "));
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    // a branch at an annotated tag is not covered by `peeled`: it must be peeled
    let t = Twins::full(refs_all_packed);
    let v1 = t.git.git_str(&["rev-parse", "v1"]);
    let mut text = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
    text = text.replace(
        "# pack-refs with: peeled fully-peeled sorted ",
        "# pack-refs with: peeled sorted ",
    );
    text = text
        .lines()
        .filter(|l| !l.starts_with('^'))
        .map(|l| format!("{l}\n"))
        .collect();
    text = text.replacen("\n", &format!("\n{v1} refs/heads/at-tag\n"), 1);
    t.write(".git/packed-refs", &text);
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    let packed = std::fs::read_to_string(t.store.git_dir().join("packed-refs")).unwrap();
    assert!(packed.contains(" refs/heads/at-tag\n^"), "{packed}");
}

#[test]
fn rewriting_fully_peeled_packed_refs_is_byte_for_byte_gits() {
    let t = Twins::full(refs_all_packed);
    t.run(&["update-ref", "-d", "refs/tags/light"], b"");
    t.run(&["update-ref", "-d", "refs/heads/topic"], b"");
    t.run(&["show-ref", "-d"], b"");
}

#[test]
fn garbage_line_in_packed_refs_is_fatal_for_every_command_like_git() {
    for header in [true, false] {
        let t = Twins::full(refs_all_packed);
        let mut text = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
        if !header {
            text = text.split_once('\n').unwrap().1.to_string();
        }
        text.push_str("garbage line\n");
        t.write(".git/packed-refs", &text);
        run_all(
            &t,
            &[
                &["show-ref"],
                &["for-each-ref"],
                &["rev-parse", "main"],
                &["rev-parse", "v1"],
                &["update-ref", "-d", "refs/tags/light"],
                &["update-ref", "refs/heads/new", "HEAD"],
                &["symbolic-ref", "HEAD"],
                &["show-ref", "--verify", "refs/heads/main"],
                &["show-ref", "--exists", "refs/heads/main"],
            ],
        );
        let out = t.git.git_output(&["show-ref"], b"");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "fatal: unexpected line in .git/packed-refs: garbage line\n"
        );
    }
}

#[test]
fn packed_refs_claiming_sorted_but_unsorted_is_read_not_rejected() {
    let t = Twins::full(refs_all_packed);
    let text = std::fs::read_to_string(t.git.git_dir().join("packed-refs")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let mut records: Vec<String> = Vec::new();
    for line in body.lines() {
        match records.last_mut() {
            Some(last) if line.starts_with('^') => last.push_str(&format!("{line}\n")),
            _ => records.push(format!("{line}\n")),
        }
    }
    records.reverse();
    t.write(
        ".git/packed-refs",
        format!("{header}\n{}", records.concat()),
    );
    // git trusts the claim and may miss refs in lookups; gitstore sorts and finds them all
    t.run(&["for-each-ref"], b"");
    for args in [
        &["show-ref"][..],
        &["rev-parse", "main"],
        &["rev-parse", "light"],
    ] {
        let s = t.store.gitstore_output(args, b"");
        assert_eq!(s.status.code(), Some(0), "{args:?}: {s:?}");
        assert!(s.stderr.is_empty(), "{args:?}: {s:?}");
    }
    let listed = t.store.gitstore(&["show-ref"]);
    assert_eq!(String::from_utf8_lossy(&listed).lines().count(), 5);
}
