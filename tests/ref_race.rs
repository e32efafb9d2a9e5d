//! Concurrent `gitstore update-ref` processes: compare-and-swap races on one ref, and a writer
//! killed between `prepare` and `commit`.

mod common;

use common::Fixture;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const RACERS: usize = 10;
const ROUNDS: usize = 6;

/// A repository with `RACERS * ROUNDS + 1` distinct commits, returned by id.
fn repo_with_commits(n: usize) -> (Fixture, Vec<String>) {
    let f = Fixture::new();
    f.commit_all("base");
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]);
    let ids = (0..n)
        .map(|i| f.git_str(&["commit-tree", &tree, "-m", &format!("racer {i}")]))
        .collect();
    (f, ids)
}

fn assert_repo_clean(f: &Fixture) {
    let fsck = f.git_output(&["fsck", "--no-dangling"], b"");
    assert!(
        fsck.status.success() && fsck.stderr.is_empty(),
        "git fsck: {}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    let show = f.git_output(&["show-ref"], b"");
    assert!(
        show.status.success() && show.stderr.is_empty(),
        "git show-ref: {}",
        String::from_utf8_lossy(&show.stderr)
    );
}

#[test]
fn compare_and_swap_races_between_processes_have_exactly_one_winner() {
    let (f, ids) = repo_with_commits(RACERS * ROUNDS + 1);
    f.git(&["update-ref", "refs/heads/race", &ids[0]]);
    let mut current = ids[0].clone();
    for round in 0..ROUNDS {
        let candidates: Vec<&String> = ids[1 + round * RACERS..1 + (round + 1) * RACERS]
            .iter()
            .collect();
        let children: Vec<_> = candidates
            .iter()
            .map(|new| {
                f.gitstore_command(&["update-ref", "refs/heads/race", new, &current])
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn gitstore")
            })
            .collect();
        let outputs: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().expect("wait"))
            .collect();
        let winners: Vec<usize> = (0..RACERS)
            .filter(|&i| outputs[i].status.success())
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: winners {winners:?}");
        for (i, out) in outputs.iter().enumerate() {
            if winners.contains(&i) {
                continue;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(128), "round {round}: {err}");
            assert!(
                err.starts_with("fatal: update_ref failed for ref 'refs/heads/race': cannot lock ref 'refs/heads/race': ")
                    && (err.contains(&format!("is at {} but expected {current}", candidates[winners[0]]))
                        || err.contains("File exists")),
                "round {round}: unexpected loser message: {err}"
            );
        }
        current = candidates[winners[0]].clone();
        assert_eq!(f.git_str(&["rev-parse", "refs/heads/race"]), current);
        assert!(!f.git_dir().join("refs/heads/race.lock").exists());
    }
    // one reflog line per successful update: the creation and one per round
    let log = std::fs::read_to_string(f.git_dir().join("logs/refs/heads/race")).unwrap();
    assert_eq!(log.lines().count(), ROUNDS + 1, "{log}");
    assert_repo_clean(&f);
}

/// Starts `update-ref --stdin` (git's or gitstore's), feeds a transaction up to `prepare`,
/// waits for `prepare: ok`, then kills the process with SIGKILL.
fn kill_after_prepare(mut cmd: Command, input: &str) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "start: ok");
    assert_eq!(lines.next().unwrap().unwrap(), "prepare: ok");
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
}

#[test]
fn writer_killed_between_prepare_and_commit_changes_nothing_and_leaves_locks_as_git_does() {
    let (f, ids) = repo_with_commits(4);
    for (name, id) in [("a", &ids[0]), ("b", &ids[1])] {
        f.git(&["update-ref", &format!("refs/heads/{name}"), id]);
    }
    f.git(&["pack-refs", "--all"]);
    f.git(&["update-ref", "refs/heads/c", &ids[2]]);
    let before = f.git(&["show-ref"]);
    let input = format!(
        "start\nupdate refs/heads/a {} {}\ndelete refs/heads/b {}\ncreate refs/heads/new {}\n\
         update refs/heads/c {} {}\nprepare\n",
        ids[3], ids[0], ids[1], ids[3], ids[3], ids[2]
    );
    let locks = [
        "refs/heads/a.lock",
        "refs/heads/b.lock",
        "refs/heads/c.lock",
        "refs/heads/new.lock",
    ];

    for (who, cmd) in [
        ("git", f.git_command(&["update-ref", "--stdin"])),
        ("gitstore", f.gitstore_command(&["update-ref", "--stdin"])),
    ] {
        kill_after_prepare(cmd, &input);
        // every ref is at its old value
        assert_eq!(f.git(&["show-ref"]), before, "{who}");
        // SIGKILL gives no chance to clean up: git leaves its locks too, and a later writer
        // fails loudly instead of losing an update
        for lock in locks {
            assert!(f.git_dir().join(lock).exists(), "{who}: {lock} missing");
        }
        let blocked = f.gitstore_output(&["update-ref", "refs/heads/a", &ids[2]], b"");
        assert_eq!(blocked.status.code(), Some(128), "{who}");
        let err = String::from_utf8_lossy(&blocked.stderr);
        assert!(
            err.contains("cannot lock ref 'refs/heads/a'") && err.contains("File exists"),
            "{err}"
        );
        let blocked = f.git_output(&["update-ref", "refs/heads/a", &ids[2]], b"");
        assert!(
            !blocked.status.success(),
            "{who}: git ignored the stale lock"
        );
        // removing the stale locks (what a person does after reading the message) recovers
        for lock in locks {
            std::fs::remove_file(f.git_dir().join(lock)).unwrap();
        }
        let packed_lock = f.git_dir().join("packed-refs.lock");
        if packed_lock.exists() {
            std::fs::remove_file(packed_lock).unwrap();
        }
        assert_eq!(f.git(&["show-ref"]), before, "{who}");
        assert_repo_clean(&f);
    }
    // and the same transaction committed for real applies all of it
    let done = f.gitstore_output(
        &["update-ref", "--stdin"],
        format!("{input}commit\n").as_bytes(),
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(f.git_str(&["rev-parse", "refs/heads/a"]), ids[3]);
    assert_eq!(f.git_str(&["rev-parse", "refs/heads/new"]), ids[3]);
    assert!(f
        .git_output(&["rev-parse", "--verify", "-q", "refs/heads/b"], b"")
        .stdout
        .is_empty());
    assert_repo_clean(&f);
}
