//! `gitstore fsck`'s progress on stderr against git's: on a terminal (through `script`)
//! `Checking object directories: 100% (256/256), done.` and `Checking objects: 100% (N/N),
//! done.` at once; `Verifying reverse pack-indexes` and `Checking connectivity: N, done.` only
//! once they have taken `GIT_PROGRESS_DELAY` seconds (0 here, to see them); nothing when stderr
//! is not a terminal unless `--progress`; nothing with `--no-progress`. git redraws a line with
//! `\r`: what is compared is each line's last text. The library reports the same phases to a
//! [`Progress`] of the caller's.

mod common;

use common::terminal::{final_text, on_terminal};
use common::Fixture;
use gitstore::fsck::progress::{Phase, Progress};
use gitstore::fsck::{fsck_with_progress, FsckOptions};
use gitstore::Repository;
use std::cell::RefCell;
use std::process::Command;

/// Three commits packed, one loose, a dangling blob; no index.
fn packed_and_loose() -> Fixture {
    let f = Fixture::new();
    for i in 1..=3 {
        f.write(&format!("f{i}"), format!("{i}\n"));
        f.commit_all(&format!("c{i}"));
    }
    f.git(&["repack", "-qd"]);
    f.write("l", "loose\n");
    f.commit_all("loose");
    f.git_stdin(&["hash-object", "-w", "--stdin"], b"dangling\n");
    std::fs::remove_file(f.git_dir().join("index")).unwrap();
    f
}

/// The final text of `args` on a terminal, by git and by gitstore, with `env` set.
fn terminal_pair(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let run = |mut cmd: Command| {
        cmd.envs(env.iter().copied());
        let out = on_terminal(&cmd, None);
        final_text(&out.stdout)
    };
    (run(f.git_command(args)), run(f.gitstore_command(args)))
}

#[test]
fn progress_on_a_terminal_matches_git() {
    let f = packed_and_loose();
    for args in [
        &["fsck"][..],
        &["fsck", "--connectivity-only"],
        &["fsck", "--progress"],
    ] {
        let (git, ours) = terminal_pair(&f, args, &[]);
        // --connectivity-only checks no object, and the delayed lines are not due yet
        let objects = !args.contains(&"--connectivity-only");
        assert_eq!(git.contains("Checking objects: 100%"), objects, "{git}");
        assert_eq!(ours, git, "{args:?}");
    }
}

#[test]
fn delayed_lines_match_git_once_due() {
    let f = packed_and_loose();
    for args in [&["fsck"][..], &["fsck", "--connectivity-only"]] {
        let (git, ours) = terminal_pair(&f, args, &[("GIT_PROGRESS_DELAY", "0")]);
        assert!(git.contains("Checking connectivity: "), "{git}");
        assert!(git.contains("Verifying reverse pack-indexes: "), "{git}");
        assert_eq!(ours, git, "{args:?}");
    }
}

#[test]
fn without_packs_there_is_no_objects_line() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    let (git, ours) = terminal_pair(&f, &["fsck"], &[("GIT_PROGRESS_DELAY", "0")]);
    assert!(!git.contains("Checking objects:"), "{git}");
    assert_eq!(ours, git);
}

#[test]
fn no_progress_on_a_terminal_shows_nothing_but_findings() {
    let f = packed_and_loose();
    let (git, ours) = terminal_pair(&f, &["fsck", "--no-progress"], &[]);
    assert!(!git.contains("Checking"), "{git}");
    assert_eq!(ours, git);
}

#[test]
fn progress_is_silent_off_a_terminal_unless_forced() {
    let f = packed_and_loose();
    let quiet = f.gitstore_output(&["fsck"], b"");
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert_eq!(quiet.stderr, f.git_output(&["fsck"], b"").stderr);
    let forced: Vec<String> = [f.git_output(&["fsck", "--progress"], b""), {
        f.gitstore_output(&["fsck", "--progress"], b"")
    }]
    .iter()
    .map(|o| final_text(&o.stderr))
    .collect();
    assert!(
        forced[0].contains("Checking objects: 100%"),
        "{}",
        forced[0]
    );
    assert_eq!(forced[1], forced[0]);
}

/// One call: an update (`done`, `total`) or the finish (`None`).
type Call = (Phase, Option<(u64, u64)>);

/// Records every call.
#[derive(Default)]
struct Recorder(RefCell<Vec<Call>>);

impl Progress for Recorder {
    fn update(&self, phase: Phase, done: u64, total: u64) {
        self.0.borrow_mut().push((phase, Some((done, total))));
    }
    fn finish(&self, phase: Phase) {
        self.0.borrow_mut().push((phase, None));
    }
}

#[test]
fn library_reports_each_phase_to_its_end_in_gits_order() {
    let f = packed_and_loose();
    let repo = Repository::open(f.git_dir()).unwrap();
    let recorder = Recorder::default();
    fsck_with_progress(&repo, &FsckOptions::new(), &recorder).unwrap();
    let calls = recorder.0.into_inner();
    let finishes: Vec<Phase> = calls
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(p, _)| *p)
        .collect();
    let order = [
        Phase::ObjectDirectories,
        Phase::Objects,
        Phase::ReverseIndexes,
        Phase::Connectivity,
    ];
    assert_eq!(finishes, order);
    let last = |phase| {
        calls
            .iter()
            .rev()
            .find_map(|(p, v)| v.filter(|_| *p == phase))
            .unwrap()
    };
    assert_eq!(last(Phase::ObjectDirectories), (256, 256));
    let packed = f.git_str(&["count-objects", "-v"]);
    let in_pack: u64 = packed
        .lines()
        .find_map(|l| l.strip_prefix("in-pack: "))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(last(Phase::Objects), (in_pack, in_pack));
    assert_eq!(last(Phase::ReverseIndexes), (1, 1));
    // every reachable object: 4 commits, 4 trees, 4 blobs
    assert_eq!(last(Phase::Connectivity), (12, 0));
}
