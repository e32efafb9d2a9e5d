//! The commit walk through the library (`gitstore::history::walk`), against `git rev-list` on
//! the history fixtures: ranges, orders, the history of one file with rewritten parents,
//! streaming in the default order, and typed errors.

mod common;

use common::fixtures::history_graph;
use common::library::{id, open};
use common::Fixture;
use gitstore::history::walk::{RefSelection, Sort, Walk, WalkCommit, WalkError, WalkOptions};
use gitstore::revision::Resolver;
use gitstore::{Error, ObjectId};

fn git_lines(f: &Fixture, args: &[&str]) -> Vec<String> {
    String::from_utf8(f.git(args))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn walk_all(walk: Walk<'_>) -> Vec<WalkCommit> {
    walk.collect::<Result<Vec<_>, _>>().unwrap()
}

/// `rev-list`'s lines for a walk: the id, then the parents with `parents`.
fn lines(commits: &[WalkCommit], parents: bool) -> Vec<String> {
    commits
        .iter()
        .map(|c| {
            let mut line = String::new();
            if c.boundary {
                line.push('-');
            }
            line.push_str(&c.id.to_hex());
            if parents {
                for p in &c.parents {
                    line.push(' ');
                    line.push_str(&p.to_hex());
                }
            }
            line
        })
        .collect()
}

#[test]
fn the_commits_of_ranges_match_git_in_every_order() {
    let f = history_graph();
    let repo = open(&f);
    let sorts = [
        (Sort::Date, None),
        (Sort::Topo, Some("--topo-order")),
        (Sort::TopoDate, Some("--date-order")),
    ];
    for range in [
        "side..main",
        "main...side",
        "v0.1..light",
        "t1...t3",
        "lonely",
    ] {
        for (sort, flag) in sorts {
            for boundary in [false, true] {
                let options = WalkOptions {
                    sort,
                    boundary,
                    ..WalkOptions::default()
                };
                let mut walk = Walk::new(&repo, options);
                assert!(walk
                    .push_revision(&mut Resolver::new(&repo), range.as_bytes(), false)
                    .unwrap());
                let mut args = vec!["rev-list"];
                args.extend(flag);
                if boundary {
                    args.push("--boundary");
                }
                args.push(range);
                assert_eq!(
                    lines(&walk_all(walk), false),
                    git_lines(&f, &args),
                    "{args:?}"
                );
            }
        }
    }
}

#[test]
fn push_and_hide_are_b_not_a() {
    let f = history_graph();
    let repo = open(&f);
    let mut walk = Walk::new(&repo, WalkOptions::default());
    walk.push(id(&f.git_str(&["rev-parse", "main"]))).unwrap();
    walk.hide(id(&f.git_str(&["rev-parse", "side"]))).unwrap();
    assert_eq!(
        lines(&walk_all(walk), false),
        git_lines(&f, &["rev-list", "main", "^side"])
    );
}

#[test]
fn refs_as_tips_match_git() {
    let f = history_graph();
    let repo = open(&f);
    let mut walk = Walk::new(&repo, WalkOptions::default());
    walk.push_refs(RefSelection::Branches(Some(b"t*")), false)
        .unwrap();
    walk.push_refs(RefSelection::Tags(None), true).unwrap();
    assert_eq!(
        lines(&walk_all(walk), false),
        git_lines(&f, &["rev-list", "--branches=t*", "--not", "--tags"])
    );
    let mut walk = Walk::new(&repo, WalkOptions::default());
    walk.push_refs(RefSelection::All, false).unwrap();
    assert_eq!(
        lines(&walk_all(walk), false),
        git_lines(&f, &["rev-list", "--all"])
    );
}

#[test]
fn the_history_of_one_file_matches_git_with_rewritten_parents() {
    let f = history_graph();
    let repo = open(&f);
    let head = id(&f.git_str(&["rev-parse", "HEAD"]));
    for path in ["README", "src/lib.rs", "side.txt", "topics"] {
        for rewrite_parents in [false, true] {
            let options = WalkOptions {
                paths: Some(gitstore::pathspec::Pathspec::new(&[path], b"", None).unwrap()),
                rewrite_parents,
                ..WalkOptions::default()
            };
            let mut walk = Walk::new(&repo, options);
            walk.push(head).unwrap();
            let mut args = vec!["rev-list"];
            if rewrite_parents {
                args.push("--parents");
            }
            args.extend(["HEAD", "--", path]);
            assert_eq!(
                lines(&walk_all(walk), rewrite_parents),
                git_lines(&f, &args),
                "{args:?}"
            );
        }
    }
}

#[test]
fn counting_and_filtering_options_match_git() {
    let f = history_graph();
    let repo = open(&f);
    let cases: Vec<(WalkOptions, Vec<&str>)> = vec![
        (
            WalkOptions {
                max_count: Some(3),
                skip: 2,
                ..WalkOptions::default()
            },
            vec!["--max-count=3", "--skip=2"],
        ),
        (
            WalkOptions {
                reverse: true,
                first_parent: true,
                ..WalkOptions::default()
            },
            vec!["--reverse", "--first-parent"],
        ),
        (
            WalkOptions {
                min_parents: 2,
                ..WalkOptions::default()
            },
            vec!["--merges"],
        ),
        (
            WalkOptions {
                max_parents: Some(0),
                ..WalkOptions::default()
            },
            vec!["--max-parents=0"],
        ),
        (
            WalkOptions {
                since: Some(1_700_000_600),
                until: Some(1_700_001_200),
                ..WalkOptions::default()
            },
            vec!["--since=1700000600", "--until=1700001200"],
        ),
    ];
    for (options, flags) in cases {
        let mut walk = Walk::new(&repo, options);
        walk.push_refs(RefSelection::All, false).unwrap();
        let mut args = vec!["rev-list"];
        args.extend(flags);
        args.push("--all");
        assert_eq!(
            lines(&walk_all(walk), false),
            git_lines(&f, &args),
            "{args:?}"
        );
    }
}

#[test]
fn children_are_reported_as_git_does() {
    let f = history_graph();
    let repo = open(&f);
    let options = WalkOptions {
        children: true,
        ..WalkOptions::default()
    };
    let mut walk = Walk::new(&repo, options);
    walk.push_refs(RefSelection::All, false).unwrap();
    let got: Vec<String> = walk_all(walk)
        .iter()
        .map(|c| {
            let mut line = c.id.to_hex();
            for child in &c.children {
                line.push(' ');
                line.push_str(&child.to_hex());
            }
            line
        })
        .collect();
    assert_eq!(got, git_lines(&f, &["rev-list", "--children", "--all"]));
}

/// The loose file of `rev` removed from the fixture.
fn remove_commit(f: &Fixture, rev: &str) -> ObjectId {
    let hex = f.git_str(&["rev-parse", rev]);
    let hex = hex.trim();
    let path = f.git_dir().join("objects").join(&hex[..2]).join(&hex[2..]);
    std::fs::remove_file(&path).unwrap();
    id(hex)
}

#[test]
fn the_default_order_streams_before_reading_the_whole_history() {
    // every object of this fixture is loose: remove an old commit of main's history
    let f = Fixture::from_script("history_skew");
    let tip = id(&f.git_str(&["rev-parse", "main"]));
    let old = f.git_str(&["rev-list", "--first-parent", "main"]);
    let old = old.lines().nth(8).unwrap().to_string();
    let missing = remove_commit(&f, &old);
    let repo = open(&f);

    let mut streaming = Walk::new(&repo, WalkOptions::default());
    streaming.push(tip).unwrap();
    assert_eq!(streaming.next().unwrap().unwrap().id, tip);
    let rest: Vec<_> = streaming.collect();
    assert!(matches!(
        rest.last(),
        Some(Err(Error::Walk(WalkError::MissingParent { parent, while_preparing: false, .. }))) if *parent == missing
    ));

    // --topo-order reads everything before it can give the first commit
    let options = WalkOptions {
        sort: Sort::Topo,
        ..WalkOptions::default()
    };
    let mut limited = Walk::new(&repo, options);
    limited.push(tip).unwrap();
    assert!(matches!(
        limited.next(),
        Some(Err(Error::Walk(WalkError::MissingParent { parent, while_preparing: true, .. }))) if parent == missing
    ));
    assert!(limited.next().is_none());
}

#[test]
fn bad_tips_ranges_and_options_are_typed_errors() {
    let f = history_graph();
    let repo = open(&f);
    let nothing = id("1111111111111111111111111111111111111111");
    let mut walk = Walk::new(&repo, WalkOptions::default());
    assert!(matches!(
        walk.push(nothing),
        Err(Error::Walk(WalkError::MissingTip { id, .. })) if id == nothing
    ));
    let mut resolver = Resolver::new(&repo);
    assert!(matches!(
        walk.push_revision(&mut resolver, b"HEAD...HEAD^{tree}", false),
        Err(Error::Walk(WalkError::InvalidRange {
            symmetric: true,
            not_a_commit: Some((_, gitstore::Kind::Tree)),
            ..
        }))
    ));
    assert!(matches!(
        walk.push_revision(
            &mut resolver,
            b"HEAD..1111111111111111111111111111111111111111",
            false
        ),
        Err(Error::Walk(WalkError::InvalidRange {
            symmetric: false,
            ..
        }))
    ));
    assert!(!walk
        .push_revision(&mut resolver, b"no-such-name", false)
        .unwrap());
    // a tree is no tip of a commit walk, as in git without --objects
    assert!(walk
        .push_revision(&mut resolver, b"HEAD^{tree}", false)
        .unwrap());
    assert!(walk.tips().is_empty());
    let tree = id(&f.git_str(&["rev-parse", "HEAD^{tree}"]));
    assert_eq!(walk.given().len(), 1);
    assert_eq!(walk.given()[0].id, tree);
    assert_eq!(walk.given()[0].name, "HEAD^{tree}");

    let options = WalkOptions {
        ancestry_path: true,
        ..WalkOptions::default()
    };
    let mut walk = Walk::new(&repo, options);
    walk.push_revision(&mut resolver, b"HEAD", false).unwrap();
    assert!(matches!(
        walk.next(),
        Some(Err(Error::Walk(WalkError::NoBottoms)))
    ));
}
