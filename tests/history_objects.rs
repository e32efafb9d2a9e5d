//! The objects a walk reaches (`gitstore::history::objects`), compared byte for byte with
//! `git rev-list --objects` on the history fixtures. The commits are git's own (`git rev-list`),
//! so these tests check the trees, blobs and tags, their order, names and hiding.

mod common;

use common::library::{id, open};
use common::Fixture;
use gitstore::history::objects::{
    MissingAction, ObjectsErrorKind, ObjectsOptions, ReachableObjects, Walked,
};
use gitstore::odb::{Odb, OdbOptions};
use gitstore::{Error, Kind, Limits, ObjectId};
use std::collections::HashSet;

fn graph() -> Fixture {
    Fixture::from_script("history_graph")
}

fn ids(out: &[u8]) -> Vec<ObjectId> {
    String::from_utf8_lossy(out).lines().map(id).collect()
}

/// The commits of `git rev-list <args>`.
fn commits(f: &Fixture, args: &[String]) -> Vec<ObjectId> {
    let mut full = vec!["rev-list".to_string()];
    full.extend(args.iter().cloned());
    full.push("--".into());
    ids(&f.git(&full.iter().map(String::as_str).collect::<Vec<_>>()))
}

/// `rev-list --objects` output made by the library for `show` and `^hide` (revisions git
/// resolves), with `-<edge>` lines first when `edges`.
fn ours(f: &Fixture, show: &[&str], hide: &[&str], edges: bool, opts: ObjectsOptions) -> Vec<u8> {
    let repo = open(f);
    let mut args: Vec<String> = show.iter().map(|s| s.to_string()).collect();
    args.extend(hide.iter().map(|h| format!("^{h}")));
    let walked = commits(f, &args);
    let hidden_tips: Vec<String> = hide
        .iter()
        .filter(|h| {
            f.git_output(
                &["rev-parse", "-q", "--verify", &format!("{h}^{{commit}}")],
                b"",
            )
            .status
            .success()
        })
        .map(|h| h.to_string())
        .collect();
    let hidden: HashSet<ObjectId> = if hidden_tips.is_empty() {
        HashSet::new()
    } else {
        commits(f, &hidden_tips).into_iter().collect()
    };

    let mut objects = ReachableObjects::with_options(repo.odb(), opts);
    for h in hide {
        objects.hide(&id(&f.git_str(&["rev-parse", h]))).unwrap();
    }
    let edge_list = objects.hide_edges(&walked, |c| hidden.contains(c)).unwrap();
    for s in show {
        let path = s.split_once(':').map(|(_, p)| p.as_bytes());
        objects
            .add(&id(&f.git_str(&["rev-parse", s])), path)
            .unwrap();
    }
    let mut out = Vec::new();
    if edges {
        for e in edge_list {
            out.extend_from_slice(format!("-{e}\n").as_bytes());
        }
    }
    let mut missing = Vec::new();
    let mut walk = objects.walk(&walked);
    while let Some(o) = walk.next_object().unwrap() {
        if o.missing {
            missing.push(o.id);
            continue;
        }
        out.extend_from_slice(o.id.to_hex().as_bytes());
        if let Some(name) = o.name {
            out.push(b' ');
            out.extend(name.iter().take_while(|&&b| b != b'\n'));
        }
        out.push(b'\n');
    }
    for m in missing {
        out.extend_from_slice(format!("?{m}\n").as_bytes());
    }
    out
}

fn theirs(f: &Fixture, flags: &[&str], show: &[&str], hide: &[&str]) -> Vec<u8> {
    let mut args = vec!["rev-list".to_string(), "--objects".to_string()];
    args.extend(flags.iter().map(|s| s.to_string()));
    args.extend(show.iter().map(|s| s.to_string()));
    args.extend(hide.iter().map(|h| format!("^{h}")));
    args.push("--".into());
    f.git(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[track_caller]
fn assert_like_git(f: &Fixture, show: &[&str], hide: &[&str]) {
    let want = theirs(f, &[], show, hide);
    let got = ours(f, show, hide, false, ObjectsOptions::default());
    assert!(
        got == want,
        "rev-list --objects {show:?} ^{hide:?}\n--- git\n{}\n--- ours\n{}",
        String::from_utf8_lossy(&want),
        String::from_utf8_lossy(&got)
    );
}

/// `--all`: HEAD, then every ref in refname order.
fn all(f: &Fixture) -> Vec<String> {
    let mut tips = vec!["HEAD".to_string()];
    tips.extend(
        f.git_str(&["for-each-ref", "--format=%(refname)"])
            .lines()
            .map(str::to_string),
    );
    tips
}

#[test]
fn all_refs_list_every_reachable_object_like_git() {
    let f = graph();
    let tips = all(&f);
    let tips: Vec<&str> = tips.iter().map(String::as_str).collect();
    let want = f.git(&["rev-list", "--objects", "--all"]);
    assert_eq!(
        String::from_utf8_lossy(&ours(&f, &tips, &[], false, Default::default())),
        String::from_utf8_lossy(&want)
    );
    // annotated tags come after the commits, by their own names
    assert!(String::from_utf8_lossy(&want).contains(" v0.2\n"));
}

#[test]
fn one_tip_lists_trees_depth_first_with_raw_paths() {
    let f = graph();
    assert_like_git(&f, &["HEAD"], &[]);
    let out = theirs(&f, &[], &["HEAD"], &[]);
    // names are raw bytes, cut at a newline; the root tree has an empty name after a space
    assert!(out.windows(10).any(|w| w == b"odd/caf\xe9.t"));
    assert!(out.windows(9).any(|w| w == b" odd/new\n"));
    assert!(out.windows(2).any(|w| w == b" \n"));
}

#[test]
fn ranges_hide_only_what_the_edge_commits_reach_like_git() {
    let f = graph();
    let revs = [
        "main",
        "side",
        "t1",
        "t2",
        "t3",
        "other",
        "lonely",
        "v0.1",
        "main~3",
        "main~6^2",
        "light",
        "main~8^3",
        "main~6",
        "origin/main",
        "main~8^4",
    ];
    for a in revs {
        for b in revs {
            if a != b {
                assert_like_git(&f, &[b], &[a]);
            }
        }
    }
}

#[test]
fn several_tips_and_several_hidden_tips_like_git() {
    let f = graph();
    assert_like_git(&f, &["t1", "t2", "lonely"], &["main~6", "other"]);
    assert_like_git(&f, &["main", "lonely"], &["t3", "side"]);
    assert_like_git(&f, &["main"], &["lonely"]);
}

#[test]
fn objects_edge_prints_the_hidden_parents_first_like_git() {
    let f = graph();
    for (show, hide) in [
        ("main", "side"),
        ("main", "main~4"),
        ("main", "t1"),
        ("t2", "main~8"),
        ("main", "lonely"),
    ] {
        let want = theirs(&f, &["--objects-edge"], &[show], &[hide]);
        let got = ours(&f, &[show], &[hide], true, Default::default());
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{hide}..{show}"
        );
    }
}

#[test]
fn tags_trees_and_blobs_named_directly_like_git() {
    let f = common::history_repo();
    assert_like_git(&f, &["v1.0-outer", "tree-tag", "blob-tag"], &[]);
    assert_like_git(&f, &["HEAD^{tree}", "HEAD:src", "HEAD:src/main.c"], &[]);
    assert_like_git(&f, &["HEAD:src/main.c", "HEAD~3", "HEAD:notes"], &[]);
    assert_like_git(&f, &["blob-tag", "HEAD"], &["HEAD~2"]);
    assert_like_git(&f, &["v1.0", "v1.0-outer"], &["light"]);
}

#[test]
fn hidden_trees_blobs_and_tags_hide_what_they_reach_like_git() {
    let f = common::history_repo();
    assert_like_git(&f, &["HEAD"], &["HEAD~4^{tree}"]);
    assert_like_git(&f, &["HEAD"], &["HEAD:src/main.c", "HEAD~9:notes"]);
    assert_like_git(&f, &["HEAD", "tree-tag"], &["tree-tag"]);
    assert_like_git(&f, &["HEAD"], &["blob-tag"]);
    assert_like_git(&f, &["main"], &["v1.0-outer"]);
}

#[test]
fn history_repo_all_and_ranges_like_git() {
    let f = common::history_repo();
    let tips = all(&f);
    let tips: Vec<&str> = tips.iter().map(String::as_str).collect();
    assert_like_git(&f, &tips, &[]);
    for (show, hide) in [
        ("main", "refs/heads/topic"),
        ("refs/heads/topic", "main"),
        ("main", "v1.0"),
        ("main", "main~1"),
    ] {
        assert_like_git(&f, &[show], &[hide]);
    }
}

#[test]
fn in_commit_order_lists_each_commits_trees_after_it_like_git() {
    let f = graph();
    for (show, hide) in [(&["main"][..], &[][..]), (&["main"], &["side"])] {
        let want = theirs(&f, &["--in-commit-order"], show, hide);
        let opts = ObjectsOptions {
            in_commit_order: true,
            ..Default::default()
        };
        let got = ours(&f, show, hide, false, opts);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
    }
}

#[test]
fn gitlinks_are_never_followed() {
    let f = graph();
    let out =
        String::from_utf8_lossy(&ours(&f, &["main"], &[], false, Default::default())).to_string();
    assert!(!out.contains("1111111111111111111111111111111111111111"));
    assert!(!out.contains("2222222222222222222222222222222222222222"));
    assert!(out.contains(" vendor\n"));
}

/// A copy of history_repo with the loose blob of one file deleted (a blob written after the
/// fixture's `git gc`, so it is loose).
fn with_missing_blob() -> (Fixture, ObjectId) {
    let f = common::history_repo();
    let blob = f.git_str(&["rev-parse", "HEAD:src/main.c"]);
    let path = f
        .git_dir()
        .join("objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    if !path.exists() {
        // packed: write a new commit with a new blob, and remove that loose blob
        f.write("src/main.c", "a new, loose blob\n");
        f.commit_all("loose blob");
        return with_loose_blob_deleted(f);
    }
    std::fs::remove_file(&path).unwrap();
    (f, id(&blob))
}

fn with_loose_blob_deleted(f: Fixture) -> (Fixture, ObjectId) {
    let blob = f.git_str(&["rev-parse", "HEAD:src/main.c"]);
    let path = f
        .git_dir()
        .join("objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&path).unwrap();
    (f, id(&blob))
}

#[test]
fn missing_blob_is_an_error_naming_it_and_its_path() {
    let (f, blob) = with_missing_blob();
    let repo = open(&f);
    let walked = commits(&f, &["HEAD".to_string()]);
    let err = ReachableObjects::new(repo.odb())
        .walk(&walked)
        .find_map(Result::err)
        .unwrap();
    let Error::Objects(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, ObjectsErrorKind::Missing { kind: Kind::Blob });
    assert_eq!(e.id, blob);
    assert_eq!(e.path, Some("src/main.c".into()));
}

#[test]
fn missing_print_and_allow_any_like_git() {
    let (f, blob) = with_missing_blob();
    for (flag, action) in [
        ("--missing=print", MissingAction::Print),
        ("--missing=allow-any", MissingAction::AllowAny),
    ] {
        let want = theirs(&f, &[flag], &["HEAD"], &[]);
        let opts = ObjectsOptions {
            missing: action,
            ..Default::default()
        };
        let got = ours(&f, &["HEAD"], &[], false, opts);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
    }
    let printed = theirs(&f, &["--missing=print"], &["HEAD"], &[]);
    assert!(String::from_utf8_lossy(&printed).ends_with(&format!("?{blob}\n")));
}

#[test]
fn missing_tree_stops_the_walk_with_its_path() {
    let f = graph();
    // a commit whose tree has a subtree that is in no store
    let missing = "3333333333333333333333333333333333333333";
    let tree = f.git_stdin(
        &["mktree", "--missing"],
        format!("040000 tree {missing}\tgone\n").as_bytes(),
    );
    let tree = String::from_utf8_lossy(&tree).trim().to_string();
    let commit = f.git_str(&["commit-tree", "-m", "broken", &tree]);
    let repo = open(&f);
    let err = ReachableObjects::new(repo.odb())
        .walk([id(&commit)])
        .find_map(Result::err)
        .unwrap();
    let Error::Objects(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, ObjectsErrorKind::Missing { kind: Kind::Tree });
    assert_eq!(e.id, id(missing));
    assert_eq!(e.path, Some("gone".into()));
    assert!(!f
        .git_output(&["rev-list", "--objects", &commit], b"")
        .status
        .success());
    // printed as missing, its contents unknown
    let opts = ObjectsOptions {
        missing: MissingAction::Print,
        ..Default::default()
    };
    let want = theirs(&f, &["--missing=print"], &[&commit], &[]);
    assert!(String::from_utf8_lossy(&want).ends_with(&format!("?{missing}\n")));
    assert_eq!(
        String::from_utf8_lossy(&ours(&f, &[&commit], &[], false, opts)),
        String::from_utf8_lossy(&want)
    );
}

#[test]
fn tree_deeper_than_the_limit_is_an_error() {
    let f = graph();
    let mut tree = f.git_str(&["rev-parse", "HEAD:odd"]);
    for _ in 0..6 {
        let out = f.git_stdin(&["mktree"], format!("040000 tree {tree}\td\n").as_bytes());
        tree = String::from_utf8_lossy(&out).trim().to_string();
    }
    let odb = Odb::open_with(
        f.git_dir().join("objects"),
        OdbOptions {
            limits: Limits {
                max_tree_depth: 4,
                ..Limits::default()
            },
            ..OdbOptions::default()
        },
    )
    .unwrap();
    let mut objects = ReachableObjects::new(&odb);
    objects.add(&id(&tree), None).unwrap();
    let err = objects
        .walk(Vec::<ObjectId>::new())
        .find_map(Result::err)
        .unwrap();
    let Error::Objects(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, ObjectsErrorKind::TooDeep { limit: 4 });
    assert_eq!(e.path, Some("d/d/d/d/d".into()));
}

/// Two unrelated roots sharing a blob: `y ^x` hides nothing of x's tree, since x is no parent
/// of a listed commit; `--objects-edge-aggressive` hides it.
#[test]
fn hidden_tip_that_is_no_edge_hides_nothing_but_aggressive_edges_do() {
    let f = Fixture::new();
    f.write("a", "same\n");
    f.commit_all("x");
    f.git(&["branch", "x"]);
    f.git(&["checkout", "-q", "--orphan", "y"]);
    f.write("b", "other\n");
    f.commit_all("y");
    let shared = f.git_str(&["rev-parse", "x:a"]);
    let want = theirs(&f, &[], &["y"], &["x"]);
    assert!(String::from_utf8_lossy(&want).contains(&shared));
    assert_like_git(&f, &["y"], &["x"]);

    // aggressive: the hidden command-line commits' trees too, reported after the edges
    let repo = open(&f);
    let walked = commits(&f, &["y".into(), "^x".into()]);
    let mut objects = ReachableObjects::new(repo.odb());
    let mut edges = objects.hide_edges(&walked, |_| false).unwrap();
    let x = id(&f.git_str(&["rev-parse", "x"]));
    objects.hide_commit_tree(&x).unwrap();
    if !edges.contains(&x) {
        edges.push(x);
    }
    let mut out: Vec<String> = edges.iter().map(|e| format!("-{e}")).collect();
    for o in objects.walk(&walked) {
        let o = o.unwrap();
        out.push(match o.name {
            Some(n) => format!("{} {n}", o.id),
            None => o.id.to_string(),
        });
    }
    let want = theirs(&f, &["--objects-edge-aggressive"], &["y"], &["x"]);
    assert_eq!(out.join("\n") + "\n", String::from_utf8_lossy(&want));
}

#[test]
fn an_error_of_the_commit_walk_ends_the_listing_with_it() {
    let f = graph();
    let repo = open(&f);
    let head = id(&f.git_str(&["rev-parse", "HEAD"]));
    let walk: Vec<Result<ObjectId, Error>> =
        vec![Ok(head), Err(Error::ObjectNotFound { id: head })];
    let mut objects = ReachableObjects::new(repo.odb()).walk(walk);
    assert_eq!(objects.next().unwrap().unwrap().id, head);
    assert!(matches!(
        objects.next(),
        Some(Err(Error::ObjectNotFound { .. }))
    ));
    assert!(objects.next().is_none());
}

/// git prints `--missing=print` objects from a hash set (khash, 16384 buckets to start, keyed
/// by the first four bytes of the id, probed by 1, 2, 3… slots): this is that order.
fn git_missing_order(ids: &[ObjectId]) -> Vec<ObjectId> {
    let mask = (1usize << 14) - 1;
    let mut table: Vec<Option<ObjectId>> = vec![None; mask + 1];
    for id in ids {
        let b = id.as_bytes();
        let mut i = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize & mask;
        let mut step = 0;
        while let Some(there) = table[i] {
            if there == *id {
                break;
            }
            step += 1;
            i = (i + step) & mask;
        }
        table[i] = Some(*id);
    }
    table.into_iter().flatten().collect()
}

#[test]
fn many_missing_blobs_come_out_in_gits_order() {
    let f = Fixture::new();
    for i in 0..40 {
        f.write(&format!("f{i}"), format!("content {i}\n"));
    }
    f.commit_all("many");
    for i in (0..40).step_by(2) {
        let blob = f.git_str(&["rev-parse", &format!("HEAD:f{i}")]);
        let path = f
            .git_dir()
            .join("objects")
            .join(&blob[..2])
            .join(&blob[2..]);
        std::fs::remove_file(path).unwrap();
    }
    let repo = open(&f);
    let walked = commits(&f, &["HEAD".into()]);
    let opts = ObjectsOptions {
        missing: MissingAction::Print,
        ..Default::default()
    };
    let mut listed = Vec::new();
    let mut missing = Vec::new();
    for o in ReachableObjects::with_options(repo.odb(), opts).walk(&walked) {
        let o = o.unwrap();
        if o.missing {
            missing.push(o.id);
        } else {
            listed.push(match o.name {
                Some(n) => format!("{} {n}\n", o.id),
                None => format!("{}\n", o.id),
            });
        }
    }
    assert_eq!(missing.len(), 20);
    listed.extend(
        git_missing_order(&missing)
            .iter()
            .map(|m| format!("?{m}\n")),
    );
    let want = theirs(&f, &["--missing=print"], &["HEAD"], &[]);
    assert_eq!(listed.concat(), String::from_utf8_lossy(&want));
}

/// A caller printing commits itself (rev-list with `--parents`, `--format`…) pushes them one by
/// one and lists the objects after each (`--in-commit-order`) or at the end.
#[test]
fn pushed_commits_list_the_same_objects_as_an_iterated_walk() {
    let f = graph();
    let repo = open(&f);
    let walked = commits(&f, &["main".into(), "^side".into()]);
    let hidden: HashSet<ObjectId> = commits(&f, &["side".into()]).into_iter().collect();
    let line = |o: gitstore::history::objects::Reached<'_>| match o.name {
        Some(n) => format!("{} {n}\n", o.id),
        None => format!("{}\n", o.id),
    };
    for in_commit_order in [false, true] {
        let opts = ObjectsOptions {
            in_commit_order,
            ..Default::default()
        };
        let mut setup = ReachableObjects::with_options(repo.odb(), opts);
        setup.hide_edges(&walked, |c| hidden.contains(c)).unwrap();
        let mut objects = setup.objects();
        let mut out = String::new();
        for c in &walked {
            out.push_str(&format!("{c}\n"));
            objects.push_commit(c).unwrap();
            if in_commit_order {
                while let Some(o) = objects.next_object().unwrap() {
                    out.push_str(&line(o));
                }
            }
        }
        while let Some(o) = objects.next_object().unwrap() {
            out.push_str(&line(o));
        }
        let flags: &[&str] = if in_commit_order {
            &["--in-commit-order"]
        } else {
            &[]
        };
        let want = theirs(&f, flags, &["main"], &["side"]);
        assert_eq!(out, String::from_utf8_lossy(&want), "{flags:?}");
    }
}

#[test]
fn trees_and_tags_shown_and_hidden_in_pairs_like_git() {
    let f = common::history_repo();
    let revs = [
        "main",
        "refs/heads/topic",
        "v1.0",
        "v1.0-outer",
        "tree-tag",
        "blob-tag",
        "HEAD~5^{tree}",
        "HEAD:src",
        "HEAD~12",
        "light",
    ];
    for a in revs {
        for b in revs {
            if a != b {
                assert_like_git(&f, &[b, "HEAD~2:notes"], &[a]);
            }
        }
    }
}

/// A walk that knows each commit's tree and parents hands them over, and nothing is read twice.
#[test]
fn walked_commits_with_tree_and_parents_like_git() {
    let f = graph();
    let repo = open(&f);
    let lines = f.git_str(&["log", "--format=%H %T %P", "main", "^side", "--"]);
    let walked: Vec<Walked> = lines
        .lines()
        .map(|l| {
            let mut ids = l.split_whitespace().map(id);
            let commit = ids.next().unwrap();
            let tree = ids.next();
            Walked {
                id: commit,
                tree,
                parents: Some(ids.collect()),
            }
        })
        .collect();
    let hidden: HashSet<ObjectId> = commits(&f, &["side".into()]).into_iter().collect();
    let mut setup = ReachableObjects::new(repo.odb());
    let edges = setup
        .hide_edges(walked.clone(), |c| hidden.contains(c))
        .unwrap();
    let mut out: Vec<String> = edges.iter().map(|e| format!("-{e}\n")).collect();
    for o in setup.walk(walked) {
        let o = o.unwrap();
        out.push(match o.name {
            Some(n) => format!("{} {n}\n", o.id),
            None => format!("{}\n", o.id),
        });
    }
    let want = theirs(&f, &["--objects-edge"], &["main"], &["side"]);
    assert_eq!(out.concat(), String::from_utf8_lossy(&want));
}
