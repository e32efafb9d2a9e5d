//! Sixteen gitstore processes racing as writers:
//! - moving the same two refs with compare-and-swap transactions, each retrying until it has
//!   advanced them a fixed number of steps along a chain of known commits: the refs end exactly
//!   as many steps along as there were successes, and the reflogs hold every step once, in
//!   order (no update lost, none applied twice, the two refs never apart);
//! - writing the same loose objects (`hash-object -w`, `unpack-objects`) and the same packs
//!   (`index-pack --stdin`, `pack-objects`): every process succeeds, every file is whole, no
//!   temp file is left.

mod common;

use common::Fixture;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const RACERS: usize = 16;
/// Successful steps each racer makes.
const STEPS: usize = 4;

/// gitstore with `args`, run in `dir` with the tests' fixed environment (a `Fixture` is not
/// shared between threads; its path is).
fn gitstore_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = common::fixed_command(common::gitstore_bin());
    cmd.current_dir(dir).args(args);
    cmd
}

fn run(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || input.write_all(&data));
    let out = child.wait_with_output().expect("wait");
    feeder.join().unwrap().expect("feeding stdin");
    out
}

/// `RACERS * STEPS + 1` distinct commits.
fn chain(f: &Fixture) -> Vec<String> {
    f.commit_all("base");
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]);
    (0..=RACERS * STEPS)
        .map(|i| f.git_str(&["commit-tree", &tree, "-m", &format!("step {i}")]))
        .collect()
}

/// One racer: reads `a`, and moves `a` and `b` together one step along `chain` with a
/// compare-and-swap on both, until it has succeeded `STEPS` times. Returns its failures.
fn racer(dir: &Path, chain: &[String], position: &HashMap<&str, usize>) -> usize {
    let mut done = 0;
    let mut failed = 0;
    while done < STEPS {
        let out = run(gitstore_in(dir, &["rev-parse", "refs/heads/a"]), b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
        let at = position[seen.as_str()];
        assert!(
            at < chain.len() - 1,
            "a moved past the end of the chain: an extra step"
        );
        let next = &chain[at + 1];
        let script =
            format!("update refs/heads/a {next} {seen}\nupdate refs/heads/b {next} {seen}\n");
        let out = run(
            gitstore_in(dir, &["update-ref", "--stdin"]),
            script.as_bytes(),
        );
        if out.status.success() {
            done += 1;
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(128), "{err}");
            assert!(
                err.starts_with("fatal: cannot lock ref 'refs/heads/"),
                "{err}"
            );
            failed += 1;
        }
    }
    failed
}

#[test]
fn sixteen_compare_and_swap_racers_lose_no_update() {
    let f = Fixture::new();
    let chain = chain(&f);
    let position: HashMap<&str, usize> = chain
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    f.git_stdin(
        &["update-ref", "--stdin"],
        format!(
            "create refs/heads/a {0}\ncreate refs/heads/b {0}\n",
            chain[0]
        )
        .as_bytes(),
    );

    let dir = f.path.as_path();
    let failures: usize = std::thread::scope(|s| {
        let racers: Vec<_> = (0..RACERS)
            .map(|_| s.spawn(|| racer(dir, &chain, &position)))
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).sum()
    });

    let end = &chain[RACERS * STEPS];
    for name in ["a", "b"] {
        assert_eq!(
            &f.git_str(&["rev-parse", &format!("refs/heads/{name}")]),
            end
        );
        let log = std::fs::read_to_string(f.git_dir().join("logs/refs/heads").join(name)).unwrap();
        let steps: Vec<(&str, &str)> = log.lines().map(|l| (&l[..40], &l[41..81])).collect();
        assert_eq!(steps.len(), RACERS * STEPS + 1, "{name}: {log}");
        for (i, (old, new)) in steps.iter().enumerate().skip(1) {
            assert_eq!(
                (*old, *new),
                (chain[i - 1].as_str(), chain[i].as_str()),
                "{name} step {i}"
            );
        }
    }
    eprintln!(
        "{} successes, {failures} compare-and-swap failures",
        RACERS * STEPS
    );
    let fsck = f.git_output(&["fsck", "--strict", "--no-dangling"], b"");
    assert!(fsck.status.success() && fsck.stderr.is_empty());
    assert!(!f.git_dir().join("refs/heads/a.lock").exists());
    assert!(!f.git_dir().join("refs/heads/b.lock").exists());
}

/// Runs `args` with `stdin` in `RACERS` processes at once; all must succeed with the same
/// output, which is returned.
fn all_at_once(f: &Fixture, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let dir = f.path.as_path();
    let outputs: Vec<Output> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..RACERS)
            .map(|_| s.spawn(|| run(gitstore_in(dir, args), stdin)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for out in &outputs {
        assert!(
            out.status.success(),
            "gitstore {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, outputs[0].stdout, "gitstore {args:?}");
    }
    outputs[0].stdout.clone()
}

fn temp_files(objects: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![objects.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if e.file_name().to_string_lossy().starts_with("tmp_") {
                out.push(p.display().to_string());
            }
        }
    }
    out
}

fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn sixteen_writers_of_the_same_objects_and_packs_all_succeed_and_leave_whole_files() {
    let f = Fixture::bare();
    let files = Fixture::empty_dir();
    let mut paths = String::new();
    for i in 0..16u64 {
        let name = format!("blob{i}");
        files.write(
            &name,
            pseudo_random(i + 1, (i as usize * 7_919) % 60_000 + 1),
        );
        paths += &format!("{}\n", files.path.join(&name).display());
    }
    let expected = f.git_stdin(&["hash-object", "--stdin-paths"], paths.as_bytes());
    let written = all_at_once(
        &f,
        &["hash-object", "-w", "--stdin-paths"],
        paths.as_bytes(),
    );
    assert_eq!(written, expected);

    // the same objects again, from a pack, into loose files in a second repository
    let pack = f.git_stdin(&["pack-objects", "--stdout", "-q"], &expected);
    let unpacked = Fixture::bare();
    all_at_once(&unpacked, &["unpack-objects", "-q"], &pack);

    // the same pack, indexed by sixteen processes at once, and written by sixteen at once
    let indexed = Fixture::bare();
    let line = all_at_once(&indexed, &["index-pack", "--stdin"], &pack);
    let packed = &f;
    let base = packed.git_dir().join("objects/pack/pack");
    let name = all_at_once(
        packed,
        &["pack-objects", "-q", base.to_str().unwrap()],
        &expected,
    );
    assert!(line.starts_with(b"pack\t") && !name.is_empty());

    for repo in [&f, &unpacked, &indexed] {
        let objects = repo.git_dir().join("objects");
        assert_eq!(temp_files(&objects), Vec::<String>::new());
        // no ref to start from: fsck checks every object it finds, and only notices that
        let fsck = repo.git_output(&["fsck", "--strict", "--no-dangling"], b"");
        let err = String::from_utf8_lossy(&fsck.stderr);
        assert!(
            fsck.status.success() && err.lines().all(|l| l.starts_with("notice: ")),
            "{err}"
        );
        let listed = repo.git(&[
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname)",
        ]);
        let mut want: Vec<&[u8]> = expected
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        want.sort();
        let got: Vec<&[u8]> = listed
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(got, want);
    }
    for repo in [&indexed, packed] {
        let dir = repo.git_dir().join("objects/pack");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names.len(),
            3,
            "one pack, its index and reverse index: {names:?}"
        );
        for idx in names.iter().filter(|n| n.ends_with(".idx")) {
            repo.git(&["verify-pack", dir.join(idx).to_str().unwrap()]);
        }
    }
}
