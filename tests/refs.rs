//! The ref store (`gitstore::refs`) against git: transactions leave `.git` byte for byte as
//! `git update-ref` / `symbolic-ref` leave it (refs, packed-refs, reflogs), every ref git lists
//! is found, names are checked as `git check-ref-format` checks them, and compare-and-swap,
//! locks, dying writers and symref depth behave as in git.

mod common;

use bstr::ByteSlice;
use common::Fixture;
use gitstore::object::Signature;
use gitstore::refs::{LogRefs, RefEdit, RefErrorKind, RefName, RefStore, Resolved, Target};
use gitstore::{Error, ObjectId};
use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};

fn committer() -> Signature {
    Signature::new(
        "C O Mitter",
        "committer@example.com",
        1_700_000_000,
        "+0100",
    )
}

fn name(s: &str) -> RefName {
    RefName::new(s).unwrap()
}

fn id(s: &str) -> ObjectId {
    s.trim().parse().unwrap()
}

fn store(f: &Fixture) -> RefStore {
    RefStore::open(&f.git_dir()).unwrap()
}

/// A repository with a few commits, and the ids of its commits, oldest first.
fn repo_with_commits(n: usize) -> (Fixture, Vec<ObjectId>) {
    let f = Fixture::new();
    let mut ids = Vec::new();
    for i in 0..n {
        f.write("file", format!("{i}\n"));
        f.commit_all(&format!("commit {i}"));
        ids.push(id(&f.git_str(&["rev-parse", "HEAD"])));
    }
    (f, ids)
}

/// A copy of `f`'s directory.
/// (The copy's git runs at the fixed time 1700000000 +0100, the identity [`committer`] uses.)
fn twin(f: &Fixture) -> Fixture {
    let t = Fixture::empty_dir();
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", f.path.display()))
        .arg(&t.path)
        .status()
        .unwrap();
    assert!(status.success());
    t
}

/// Every file and directory of the ref storage: HEAD, refs/, logs/, packed-refs.
fn ref_state(f: &Fixture) -> BTreeMap<String, Option<Vec<u8>>> {
    let git_dir = f.git_dir();
    let mut state = BTreeMap::new();
    for top in ["HEAD", "refs", "logs", "packed-refs", "ORIG_HEAD"] {
        let root = git_dir.join(top);
        if !root.exists() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(&git_dir)
                .unwrap()
                .display()
                .to_string();
            let content = entry
                .file_type()
                .is_file()
                .then(|| std::fs::read(entry.path()).unwrap());
            state.insert(rel, content);
        }
    }
    state
}

/// Asserts that the ref storage of `git` and `ours` is the same, file by file; `after` names
/// the step that was just run.
fn assert_same_state(git: &Fixture, ours: &Fixture, after: &str) {
    let (g, o) = (ref_state(git), ref_state(ours));
    for (k, v) in &g {
        assert_eq!(
            o.get(k)
                .map(|c| c.as_ref().map(|b| b.as_bstr().to_string())),
            Some(v.as_ref().map(|b| b.as_bstr().to_string())),
            "{k} differs after {after}"
        );
    }
    assert_eq!(
        g.keys().collect::<Vec<_>>(),
        o.keys().collect::<Vec<_>>(),
        "after {after}"
    );
}

enum Op<'a> {
    Update {
        r: &'a str,
        new: usize,
        old: Option<usize>,
        msg: &'a str,
    },
    UpdateNoDeref {
        r: &'a str,
        new: usize,
    },
    Create {
        r: &'a str,
        new: usize,
    },
    Delete {
        r: &'a str,
        old: Option<usize>,
    },
    Symref {
        r: &'a str,
        target: &'a str,
        msg: &'a str,
    },
    PackAll,
}

fn run_git(f: &Fixture, ids: &[ObjectId], op: &Op) {
    let hex = |i: usize| ids[i].to_string();
    match op {
        Op::Update { r, new, old, msg } => {
            let mut args = vec!["update-ref".to_string()];
            if !msg.is_empty() {
                args.extend(["-m".into(), msg.to_string()]);
            }
            args.extend([r.to_string(), hex(*new)]);
            if let Some(o) = old {
                args.push(hex(*o));
            }
            let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
            f.git(&args);
        }
        Op::UpdateNoDeref { r, new } => {
            f.git(&["update-ref", "--no-deref", r, &hex(*new)]);
        }
        Op::Create { r, new } => {
            f.git(&["update-ref", r, &hex(*new), &ObjectId::null().to_string()]);
        }
        Op::Delete { r, old } => match old {
            Some(o) => f.git(&["update-ref", "-d", r, &hex(*o)]),
            None => f.git(&["update-ref", "-d", r]),
        }
        .truncate(0),
        Op::Symref { r, target, msg } => {
            if msg.is_empty() {
                f.git(&["symbolic-ref", r, target]);
            } else {
                f.git(&["symbolic-ref", "-m", msg, r, target]);
            }
        }
        Op::PackAll => {
            f.git(&["pack-refs", "--all"]);
        }
    }
}

/// Runs `op` through a [`RefStore`] opened on `f` (which reads `core.logAllRefUpdates` and
/// `core.bare` from `f`'s config, as git does).
fn run_ours(f: &Fixture, ids: &[ObjectId], op: &Op) {
    if let Op::PackAll = op {
        f.git(&["pack-refs", "--all"]);
        return;
    }
    let store = store(f);
    let mut tx = store.transaction();
    let edit = match op {
        Op::Update { r, new, old, msg } => {
            RefEdit::update(name(r), ids[*new], old.map(|o| ids[o])).message(*msg)
        }
        Op::UpdateNoDeref { r, new } => RefEdit::update(name(r), ids[*new], None).no_deref(),
        Op::Create { r, new } => RefEdit::create(name(r), ids[*new]),
        Op::Delete { r, old } => RefEdit::delete(name(r), old.map(|o| ids[o])),
        Op::Symref { r, target, msg } => RefEdit::symbolic(name(r), name(target)).message(*msg),
        Op::PackAll => unreachable!(),
    };
    tx.push(edit).unwrap();
    tx.commit_with(&committer()).unwrap();
}

#[test]
fn update_ref_sequence_matches_git_byte_for_byte() {
    let (b, ids) = repo_with_commits(3);
    let a = twin(&b);
    let ops = [
        Op::Create {
            r: "refs/heads/topic",
            new: 0,
        },
        Op::Update {
            r: "refs/heads/topic",
            new: 1,
            old: Some(0),
            msg: "multi\nline   msg\n",
        },
        Op::Update {
            r: "refs/heads/deep/er/branch",
            new: 2,
            old: None,
            msg: "",
        },
        Op::Update {
            r: "refs/tags/t1",
            new: 0,
            old: None,
            msg: "tag",
        },
        Op::Update {
            r: "HEAD",
            new: 0,
            old: None,
            msg: "through HEAD",
        },
        Op::Update {
            r: "refs/heads/main",
            new: 1,
            old: None,
            msg: "branch of HEAD",
        },
        Op::Update {
            r: "refs/heads/main",
            new: 1,
            old: None,
            msg: "no-op",
        },
        Op::Symref {
            r: "HEAD",
            target: "refs/heads/topic",
            msg: "switch",
        },
        Op::Symref {
            r: "HEAD",
            target: "refs/heads/unborn",
            msg: "",
        },
        Op::Symref {
            r: "HEAD",
            target: "refs/heads/main",
            msg: "",
        },
        Op::Symref {
            r: "refs/remotes/origin/HEAD",
            target: "refs/heads/topic",
            msg: "",
        },
        Op::PackAll,
        Op::Update {
            r: "refs/heads/topic",
            new: 2,
            old: Some(1),
            msg: "packed then loose",
        },
        Op::Delete {
            r: "refs/tags/t1",
            old: Some(0),
        },
        Op::Delete {
            r: "refs/heads/deep/er/branch",
            old: None,
        },
        Op::Delete {
            r: "refs/heads/topic",
            old: None,
        },
        Op::Delete {
            r: "refs/heads/never-existed",
            old: None,
        },
        // deleting HEAD's branch logs to HEAD; HEAD is then unborn and an update creates it
        Op::Delete {
            r: "refs/heads/main",
            old: Some(1),
        },
        Op::Update {
            r: "HEAD",
            new: 0,
            old: None,
            msg: "born again",
        },
        Op::UpdateNoDeref { r: "HEAD", new: 2 },
        Op::Update {
            r: "refs/heads/x/y",
            new: 0,
            old: None,
            msg: "",
        },
        Op::Delete {
            r: "refs/heads/main",
            old: Some(0),
        },
    ];
    for (i, op) in ops.iter().enumerate() {
        run_git(&a, &ids, op);
        run_ours(&b, &ids, op);
        assert_same_state(&a, &b, &format!("step {i}"));
    }
    // origin/HEAD dangles now (topic is gone), which fsck reports in git's repository too
    std::fs::remove_file(b.git_dir().join("refs/remotes/origin/HEAD")).unwrap();
    b.git(&["fsck"]);
}

// `core.logAllRefUpdates` and `core.bare` come from each repository's config, as in git.
#[test]
fn log_all_ref_updates_always_false_and_bare_match_git() {
    let (b, ids) = repo_with_commits(1);
    b.git(&["config", "core.logAllRefUpdates", "always"]);
    assert_eq!(store(&b).log_refs(), LogRefs::Always);
    let a = twin(&b);
    let op = Op::Update {
        r: "refs/tags/x",
        new: 0,
        old: None,
        msg: "m",
    };
    run_git(&a, &ids, &op);
    run_ours(&b, &ids, &op);
    assert_same_state(&a, &b, "always");
    a.git(&["config", "core.logAllRefUpdates", "false"]);
    b.git(&["config", "core.logAllRefUpdates", "false"]);
    assert_eq!(store(&b).log_refs(), LogRefs::None);
    for op in [
        Op::Update {
            r: "refs/heads/nolog",
            new: 0,
            old: None,
            msg: "m",
        },
        // an existing reflog is still appended to
        Op::Update {
            r: "refs/tags/x",
            new: 0,
            old: None,
            msg: "again",
        },
        Op::Update {
            r: "refs/heads/main",
            new: 0,
            old: None,
            msg: "main has a log",
        },
    ] {
        run_git(&a, &ids, &op);
        run_ours(&b, &ids, &op);
        assert_same_state(&a, &b, "false");
    }

    let bare_b = Fixture::bare();
    let tree = bare_b.git_str(&["hash-object", "-t", "tree", "-w", "--stdin"]);
    let bare_ids = vec![id(&bare_b.git_str(&["commit-tree", &tree, "-m", "root"]))];
    let bare_a = twin(&bare_b);
    assert_eq!(store(&bare_b).log_refs(), LogRefs::None);
    for op in [
        Op::Update {
            r: "refs/heads/main",
            new: 0,
            old: None,
            msg: "m",
        },
        Op::Update {
            r: "refs/heads/other",
            new: 0,
            old: None,
            msg: "m",
        },
    ] {
        run_git(&bare_a, &bare_ids, &op);
        run_ours(&bare_b, &bare_ids, &op);
        assert_same_state(&bare_a, &bare_b, "bare");
    }
}

#[test]
fn every_ref_git_lists_is_found_identically() {
    let f = common::history_repo();
    let store = store(&f);
    let listed = store.list(b"").unwrap();
    assert!(listed.broken.is_empty(), "{:?}", listed.broken);
    let git = f.git_str(&[
        "for-each-ref",
        "--format=%(refname) %(objectname) %(refname:short)",
    ]);
    let ours: Vec<String> = listed
        .refs
        .iter()
        .map(|r| {
            let resolved = store.resolve(&r.name).unwrap().unwrap().id().unwrap();
            format!("{} {} {}", r.name, resolved, store.shorten(&r.name, true))
        })
        .collect();
    assert_eq!(ours.join("\n"), git);
    // packed and loose refs both present
    assert!(f.git_dir().join("packed-refs").is_file());
    assert!(f.git_dir().join("refs/tags/v2.0").is_file());

    for line in f.git_str(&["show-ref", "-d"]).lines() {
        let (hex, full) = line.split_once(' ').unwrap();
        match full.strip_suffix("^{}") {
            Some(tag) => {
                let r = store.find(&name(tag)).unwrap().unwrap();
                assert_eq!(r.peeled, Some(id(hex)), "{tag}");
            }
            None => {
                let r = store.find(&name(full)).unwrap().unwrap();
                assert_eq!(r.target, Target::Object(id(hex)), "{full}");
            }
        }
    }
    match store.resolve(&RefName::head()).unwrap().unwrap() {
        Resolved::Object { name, id: head, .. } => {
            assert_eq!(name.to_string(), f.git_str(&["symbolic-ref", "HEAD"]));
            assert_eq!(head, id(&f.git_str(&["rev-parse", "HEAD"])));
        }
        other => panic!("{other:?}"),
    }
    let heads = store.list(b"refs/heads/").unwrap();
    let git_heads = f.git_str(&["for-each-ref", "--format=%(refname)", "refs/heads/"]);
    let ours: Vec<String> = heads.refs.iter().map(|r| r.name.to_string()).collect();
    assert_eq!(ours.join("\n"), git_heads);
}

#[test]
fn loose_ref_shadows_packed_twin_and_unborn_head_is_not_an_error() {
    let (f, ids) = repo_with_commits(2);
    f.git(&["pack-refs", "--all"]);
    f.git(&["update-ref", "refs/heads/main", &ids[0].to_string()]);
    let store = store(&f);
    let r = store.find(&name("refs/heads/main")).unwrap().unwrap();
    assert_eq!(r.target, Target::Object(ids[0]));
    assert_eq!(store.list(b"refs/heads/").unwrap().refs.len(), 1);

    let fresh = Fixture::new();
    let store = RefStore::open(&fresh.git_dir()).unwrap();
    assert_eq!(
        store.resolve(&RefName::head()).unwrap(),
        Some(Resolved::Unborn {
            name: name("refs/heads/main")
        })
    );
    assert_eq!(store.resolve(&name("refs/heads/nope")).unwrap(), None);
}

#[test]
fn check_ref_format_agrees_with_git() {
    let f = Fixture::empty_dir();
    for n in [
        "refs/heads/main",
        "refs/a..b",
        "refs/.x",
        "refs/x.lock",
        "refs/a@{b",
        "refs/a b",
        "refs/a~",
        "refs/a^",
        "refs/a:",
        "refs/a?",
        "refs/a*",
        "refs/a[",
        "refs/a\\b",
        "refs//a",
        "refs/a/",
        "refs/a.",
        "@",
        "refs/@",
        "refs/a@b",
        "refs/ü",
        "refs/x.lockx",
        "refs/heads/a.b",
    ] {
        let git_ok = f
            .git_output(&["check-ref-format", "--allow-onelevel", n], b"")
            .status
            .success();
        let ours = gitstore::refs::name::check_ref_format(n.as_bytes()).is_ok();
        assert_eq!(ours, git_ok, "{n:?}");
    }
}

#[test]
fn hostile_names_and_symrefs_are_refused_and_nothing_is_written() {
    let (f, ids) = repo_with_commits(1);
    let before = ref_state(&f);
    for bad in [
        "../x",
        "refs/a..b",
        "refs/heads/x.lock",
        "refs/heads/a@{1}",
        "refs/heads/a\x01",
        "config",
        "refs/heads/",
    ] {
        let err = RefName::new(bad).unwrap_err();
        assert!(
            matches!(err.kind, RefErrorKind::InvalidName { .. }),
            "{bad:?}"
        );
        assert!(err.to_string().contains("invalid ref name"), "{err}");
    }
    // a symref cycle
    f.write(".git/refs/heads/a", "ref: refs/heads/b\n");
    f.write(".git/refs/heads/b", "ref: refs/heads/a\n");
    let store = store(&f);
    let err = store.resolve(&name("refs/heads/a")).unwrap_err();
    assert!(err.to_string().contains("symbolic ref loop"), "{err}");
    let mut tx = store.transaction();
    tx.push(RefEdit::update(name("refs/heads/a"), ids[0], None))
        .unwrap();
    assert!(tx.commit_with(&committer()).is_err());
    // a symref pointing outside refs/
    f.write(".git/refs/heads/evil", "ref: ../../config\n");
    let err = store.find(&name("refs/heads/evil")).unwrap_err();
    assert!(err.to_string().contains("points outside refs/"), "{err}");
    let listed = store.list(b"refs/heads/").unwrap();
    assert_eq!(listed.broken.len(), 3, "{:?}", listed.broken);
    // a symbolic ref to a malformed name is not written (git writes one to any well-formed name)
    let mut tx = store.transaction();
    let malformed = RefName::on_disk("refs/heads/bad..name").unwrap();
    tx.push(RefEdit::symbolic(name("refs/heads/s"), malformed))
        .unwrap();
    let err = tx.commit_with(&committer()).unwrap_err();
    assert!(err.to_string().contains("invalid ref name"), "{err}");
    for p in ["refs/heads/a", "refs/heads/b", "refs/heads/evil"] {
        std::fs::remove_file(f.git_dir().join(p)).unwrap();
    }
    assert_eq!(ref_state(&f), before);
}

#[test]
fn failed_compare_and_swap_changes_nothing() {
    let (f, ids) = repo_with_commits(2);
    f.git(&["update-ref", "refs/heads/other", &ids[0].to_string()]);
    let before = ref_state(&f);
    let store = store(&f);
    let mut tx = store.transaction();
    tx.push(RefEdit::update(name("refs/heads/new"), ids[0], None))
        .unwrap();
    tx.push(RefEdit::delete(name("refs/heads/other"), None))
        .unwrap();
    tx.push(RefEdit::update(
        name("refs/heads/main"),
        ids[0],
        Some(ids[0]),
    ))
    .unwrap();
    let err = tx.commit_with(&committer()).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "cannot lock ref 'refs/heads/main': is at {} but expected {}",
            ids[1], ids[0]
        )
    );
    assert_eq!(ref_state(&f), before);

    let cases = [
        (RefEdit::create(name("refs/heads/main"), ids[0]), "cannot lock ref 'refs/heads/main': reference already exists"),
        (RefEdit::update(name("refs/heads/q"), ids[0], Some(ids[1])), "cannot lock ref 'refs/heads/q': unable to resolve reference 'refs/heads/q'"),
        (RefEdit::update(name("refs/heads/main/sub"), ids[0], None), "cannot lock ref 'refs/heads/main/sub': 'refs/heads/main' exists; cannot create 'refs/heads/main/sub'"),
        (RefEdit::update(name("refs/heads"), ids[0], None), "cannot lock ref 'refs/heads': 'refs/heads/main' exists; cannot create 'refs/heads'"),
    ];
    for (edit, msg) in cases {
        let mut tx = store.transaction();
        tx.push(edit).unwrap();
        assert_eq!(tx.commit_with(&committer()).unwrap_err().to_string(), msg);
        assert_eq!(ref_state(&f), before);
    }
    let mut tx = store.transaction();
    tx.push(RefEdit::update(name("refs/heads/x"), ids[0], None))
        .unwrap();
    tx.push(RefEdit::delete(name("refs/heads/x"), None))
        .unwrap();
    assert!(tx
        .commit_with(&committer())
        .unwrap_err()
        .to_string()
        .contains("multiple updates"));
}

#[test]
fn prepare_then_abort_or_commit() {
    let (f, ids) = repo_with_commits(2);
    let store = store(&f);
    let mut tx = store.transaction();
    tx.push(RefEdit::update(
        name("refs/heads/main"),
        ids[0],
        Some(ids[1]),
    ))
    .unwrap();
    tx.prepare().unwrap();
    assert!(f.git_dir().join("refs/heads/main.lock").exists());
    assert!(tx
        .push(RefEdit::delete(name("refs/heads/x"), None))
        .is_err());
    tx.abort();
    assert!(!f.git_dir().join("refs/heads/main.lock").exists());
    assert_eq!(store.resolve_id(b"refs/heads/main"), Some(ids[1]));
    let mut tx = store.transaction();
    tx.set_message("reset");
    tx.push(RefEdit::update(
        name("refs/heads/main"),
        ids[0],
        Some(ids[1]),
    ))
    .unwrap();
    tx.prepare().unwrap();
    tx.commit_with(&committer()).unwrap();
    assert_eq!(store.resolve_id(b"HEAD"), Some(ids[0]));
    let entry = store.reflog_entry(&RefName::head(), 0).unwrap().unwrap();
    assert_eq!(
        (entry.old, entry.new, entry.message.as_slice()),
        (ids[1], ids[0], &b"reset"[..])
    );
    assert_eq!(
        store
            .reflog_entry(&name("refs/heads/main"), 0)
            .unwrap()
            .unwrap()
            .new,
        ids[0]
    );
    assert_eq!(store.reflog(&name("refs/heads/main")).unwrap().len(), 3);
}

#[test]
fn stale_lock_gives_an_error_naming_the_lock_file() {
    let (f, ids) = repo_with_commits(2);
    let lock = f.git_dir().join("refs/heads/main.lock");
    std::fs::write(&lock, "").unwrap();
    let store = store(&f);
    let mut tx = store.transaction();
    tx.push(RefEdit::update(name("refs/heads/main"), ids[0], None))
        .unwrap();
    let err = Error::from(tx.commit_with(&committer()).unwrap_err());
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "cannot lock ref 'refs/heads/main': Unable to create '{}': File exists.",
            lock.display()
        )),
        "{msg}"
    );
    assert!(matches!(err, Error::Ref(ref e) if matches!(e.kind, RefErrorKind::Locked { .. })));
    assert_eq!(store.resolve_id(b"refs/heads/main"), Some(ids[1]));
    assert!(lock.exists(), "someone else's lock is left alone");
}

#[test]
fn racing_compare_and_swap_has_exactly_one_winner_per_round() {
    const THREADS: usize = 8;
    const ROUNDS: usize = 12;
    let (f, ids) = repo_with_commits(THREADS);
    let git_dir = f.git_dir();
    let barrier = Arc::new(Barrier::new(THREADS + 1));
    let ids = Arc::new(ids);
    let mut handles = Vec::new();
    for t in 0..THREADS {
        let (barrier, ids, git_dir) = (barrier.clone(), ids.clone(), git_dir.clone());
        handles.push(std::thread::spawn(move || {
            let store = RefStore::open(&git_dir).unwrap();
            let mut wins = Vec::new();
            for round in 0..ROUNDS {
                // everyone reads the same value before anyone writes
                let current = store.resolve_id(b"refs/heads/main").unwrap();
                barrier.wait();
                let mine = ids[t];
                if current != mine {
                    let mut tx = store.transaction();
                    tx.push(
                        RefEdit::update(name("refs/heads/main"), mine, Some(current))
                            .message(format!("t{t} r{round}")),
                    )
                    .unwrap();
                    match tx.commit_with(&committer()).map_err(Error::from) {
                        Ok(()) => wins.push(round),
                        Err(Error::Ref(e)) => assert!(
                            matches!(
                                e.kind,
                                RefErrorKind::Mismatch { .. } | RefErrorKind::Locked { .. }
                            ),
                            "{e}"
                        ),
                        Err(e) => panic!("unexpected error: {e}"),
                    }
                }
                barrier.wait();
            }
            wins
        }));
    }
    for _ in 0..ROUNDS {
        barrier.wait();
        barrier.wait();
    }
    let mut winners_per_round = vec![0; ROUNDS];
    for h in handles {
        for r in h.join().unwrap() {
            winners_per_round[r] += 1;
        }
    }
    assert_eq!(winners_per_round, vec![1; ROUNDS]);
    f.git(&["fsck"]);
    f.git(&["show-ref"]);
    let log = store(&f).reflog(&name("refs/heads/main")).unwrap();
    assert_eq!(log.len(), THREADS + ROUNDS);
    for pair in log.windows(2) {
        assert_eq!(pair[0].new, pair[1].old, "reflog chain is unbroken");
    }
    assert!(std::fs::read_dir(git_dir.join("refs/heads"))
        .unwrap()
        .all(|e| { !e.unwrap().file_name().to_string_lossy().ends_with(".lock") }));
}

#[test]
fn writer_dying_mid_transaction_leaves_every_ref_old_or_new() {
    let (f, ids) = repo_with_commits(2);
    f.git(&["update-ref", "refs/heads/a", &ids[0].to_string()]);
    f.git(&["update-ref", "refs/heads/b", &ids[0].to_string()]);
    f.git(&["pack-refs", "--all"]);
    let store = store(&f);
    let names = ["refs/heads/a", "refs/heads/b", "refs/heads/c"];
    let mut tx = store.transaction();
    for n in names {
        tx.push(RefEdit::update(name(n), ids[1], None)).unwrap();
    }
    tx.prepare().unwrap();
    // the process dies after prepare: its locks stay behind, nothing was renamed
    std::mem::forget(tx);
    let git_dir = f.git_dir();
    for n in names {
        assert!(git_dir.join(format!("{n}.lock")).exists());
    }
    assert_eq!(store.resolve_id(b"refs/heads/a"), Some(ids[0]));
    assert_eq!(store.resolve_id(b"refs/heads/c"), None);
    // ... or it died after renaming the first lock into place
    std::fs::rename(
        git_dir.join("refs/heads/a.lock"),
        git_dir.join("refs/heads/a"),
    )
    .unwrap();
    assert_eq!(store.resolve_id(b"refs/heads/a"), Some(ids[1]));
    assert_eq!(store.resolve_id(b"refs/heads/b"), Some(ids[0]));
    assert_eq!(store.resolve_id(b"refs/heads/c"), None);
    let show = f.git_str(&["show-ref"]);
    assert!(show.contains(&format!("{} refs/heads/a", ids[1])));
    assert!(show.contains(&format!("{} refs/heads/b", ids[0])));
    f.git(&["fsck"]);
    // later writers see the stale lock instead of silently racing it
    let mut tx = store.transaction();
    tx.push(RefEdit::delete(name("refs/heads/b"), None))
        .unwrap();
    let err = tx.commit_with(&committer()).unwrap_err().to_string();
    assert!(err.contains("refs/heads/b.lock': File exists"), "{err}");
    // after a person removes the locks, work goes on
    for n in ["refs/heads/b", "refs/heads/c"] {
        std::fs::remove_file(git_dir.join(format!("{n}.lock"))).unwrap();
    }
    let mut tx = store.transaction();
    tx.push(RefEdit::delete(name("refs/heads/b"), None))
        .unwrap();
    tx.commit_with(&committer()).unwrap();
    assert_eq!(store.resolve_id(b"refs/heads/b"), None);
    assert!(!f.git_str(&["show-ref"]).contains("refs/heads/b"));
}

#[test]
fn symref_chain_at_the_depth_limit_resolves_and_one_more_is_refused() {
    let (f, ids) = repo_with_commits(1);
    // HEAD -> s1 -> s2 -> s3 -> main: five refs read, as many as git's SYMREF_MAXDEPTH allows
    f.write(".git/HEAD", "ref: refs/heads/s1\n");
    for i in 1..3 {
        f.write(
            &format!(".git/refs/heads/s{i}"),
            format!("ref: refs/heads/s{}\n", i + 1),
        );
    }
    f.write(".git/refs/heads/s3", "ref: refs/heads/main\n");
    let store = store(&f);
    assert_eq!(store.resolve_id(b"HEAD"), Some(ids[0]));
    assert_eq!(f.git_str(&["rev-parse", "HEAD"]), ids[0].to_string());
    // one more level
    f.write(".git/refs/heads/s3", "ref: refs/heads/s4\n");
    f.write(".git/refs/heads/s4", "ref: refs/heads/main\n");
    let err = store.resolve(&RefName::head()).unwrap_err();
    assert!(err.to_string().contains("longer than 5"), "{err}");
    let mut tx = store.transaction();
    tx.push(RefEdit::update(RefName::head(), ids[0], None))
        .unwrap();
    assert!(tx
        .commit_with(&committer())
        .unwrap_err()
        .to_string()
        .contains("longer than 5"));
    assert!(!f
        .git_output(&["rev-parse", "--verify", "-q", "HEAD"], b"")
        .status
        .success());
}
