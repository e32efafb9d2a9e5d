//! Crash safety: gitstore processes writing objects (`hash-object -w`, `mktree`,
//! `unpack-objects`), writing packs (`pack-objects`, `index-pack --stdin`, `repack -a -d`) and
//! moving many refs in one `update-ref --stdin` transaction are killed with `SIGKILL` after a
//! random delay, round after round. After every round:
//! - `git fsck --strict` finds no corrupt or missing object;
//! - every ref holds its value from before the round or the one the round was writing;
//! - every `.idx` has its `.pack`;
//! - gitstore sees the same objects as git (no temp file taken for an object) and counts the
//!   same garbage;
//! - a left-over `*.lock` makes the next `gitstore update-ref` fail exactly as git's does.
//!
//! The delays come from a seeded generator, so a failing round can be replayed.

mod common;

use common::Fixture;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const ROUNDS: usize = 220;
const REFS: usize = 40;
/// Kills land between 0 and this many milliseconds after the spawn.
const MAX_DELAY_MS: u64 = 12;

/// splitmix64: small, seeded, good enough to spread kill moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// The operation a round runs (and perhaps kills).
#[derive(Clone, Copy, Debug)]
enum Op {
    HashObject,
    Mktree,
    UpdateRefs,
    PackObjects,
    IndexPack,
    UnpackObjects,
    Repack,
}

const OPS: [Op; 7] = [
    Op::HashObject,
    Op::Mktree,
    Op::UpdateRefs,
    Op::PackObjects,
    Op::IndexPack,
    Op::UnpackObjects,
    Op::Repack,
];

/// A repository with a few commits in one pack, `REFS` branches on its first commit, and the
/// ids of its commits and blobs.
fn repository() -> (Fixture, Vec<String>, Vec<String>) {
    let f = Fixture::new();
    for i in 0..6 {
        f.write(
            &format!("file{i}.txt"),
            format!("content {i}\n").repeat(50 * (i + 1)),
        );
        f.commit_all(&format!("commit {i}"));
    }
    f.git(&["repack", "-adq"]);
    let commits: Vec<String> = f
        .git_str(&["rev-list", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect();
    let mut script = String::new();
    for i in 0..REFS {
        script += &format!("create refs/heads/r{i} {}\n", commits[0]);
    }
    f.git_stdin(&["update-ref", "--stdin"], script.as_bytes());
    let blobs = (0..6)
        .map(|i| f.git_str(&["rev-parse", &format!("HEAD:file{i}.txt")]))
        .collect();
    (f, commits, blobs)
}

/// A pack (made by git in a scratch repository) of `count` new random blobs.
fn pack_of_new_blobs(rng: &mut Rng, count: usize) -> Vec<u8> {
    let scratch = Fixture::bare();
    let mut ids = String::new();
    for _ in 0..count {
        let size = rng.below(20_000) as usize;
        let data = rng.bytes(size);
        ids += &scratch.git_str_stdin(&["hash-object", "-w", "--stdin"], &data);
        ids += "\n";
    }
    scratch.git_stdin(&["pack-objects", "--stdout", "-q"], ids.as_bytes())
}

trait StdinStr {
    fn git_str_stdin(&self, args: &[&str], stdin: &[u8]) -> String;
}

impl StdinStr for Fixture {
    fn git_str_stdin(&self, args: &[&str], stdin: &[u8]) -> String {
        String::from_utf8_lossy(&self.git_stdin(args, stdin))
            .trim_end()
            .to_string()
    }
}

/// Every ref and its value, as git reads them.
fn refs(f: &Fixture) -> BTreeMap<String, String> {
    f.git_str(&["for-each-ref", "--format=%(refname) %(objectname)"])
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Runs `cmd` with `stdin`, killing it after `delay` (if given) with SIGKILL. Returns whether
/// it ran to the end, and its exit status when it did.
fn run_and_maybe_kill(mut cmd: Command, stdin: Vec<u8>, delay: Option<Duration>) -> Option<bool> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gitstore");
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin); // the child may die before reading it all
    });
    let finished = match delay {
        Some(d) => {
            std::thread::sleep(d);
            match child.try_wait().expect("try_wait") {
                Some(_) => true,
                None => {
                    child.kill().expect("SIGKILL");
                    false
                }
            }
        }
        None => true,
    };
    let out = child.wait_with_output().expect("wait");
    feeder.join().unwrap();
    finished.then(|| {
        assert!(
            out.status.success(),
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        true
    })
}

fn sorted_lines(bytes: &[u8]) -> Vec<String> {
    let mut v: Vec<String> = String::from_utf8_lossy(bytes)
        .lines()
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn processes_killed_while_writing_leave_no_corrupt_object_and_no_torn_ref() {
    let (f, commits, blobs) = repository();
    let git_dir = f.git_dir();
    let pack_base = git_dir.join("objects/pack/pack");
    let pack_base = pack_base.to_str().unwrap();
    let mut rng = Rng(0x5eed_0fc0_ffee);
    let mut before = refs(&f);
    let mut locks_compared = 0;
    let mut killed = 0;
    for round in 0..ROUNDS {
        let op = OPS[rng.below(OPS.len() as u64) as usize];
        // one round in six runs to the end, so the repository keeps changing
        let delay = (rng.below(6) != 0).then(|| Duration::from_millis(rng.below(MAX_DELAY_MS + 1)));
        let mut writing: BTreeMap<String, String> = BTreeMap::new();
        let (args, stdin): (Vec<&str>, Vec<u8>) = match op {
            Op::HashObject => {
                let size = rng.below(200_000) as usize;
                (vec!["hash-object", "-w", "--stdin"], rng.bytes(size))
            }
            Op::Mktree => {
                let mut lines = String::new();
                for i in 0..(1 + rng.below(300)) {
                    let blob = &blobs[rng.below(blobs.len() as u64) as usize];
                    lines += &format!("100644 blob {blob}\tname{i}-{}\n", rng.next());
                }
                (vec!["mktree"], lines.into_bytes())
            }
            Op::UpdateRefs => {
                let mut script = String::new();
                for i in 0..REFS {
                    let name = format!("refs/heads/r{i}");
                    let old = &before[&name];
                    let new = &commits[rng.below(commits.len() as u64) as usize];
                    script += &format!("update {name} {new} {old}\n");
                    writing.insert(name, new.clone());
                }
                (vec!["update-ref", "--stdin"], script.into_bytes())
            }
            Op::PackObjects => {
                let ids = f.git(&["rev-list", "--objects", "--all", "--no-object-names"]);
                (vec!["pack-objects", "-q", pack_base], ids)
            }
            Op::IndexPack => {
                let count = 1 + rng.below(20) as usize;
                (
                    vec!["index-pack", "--stdin"],
                    pack_of_new_blobs(&mut rng, count),
                )
            }
            Op::UnpackObjects => {
                let count = 1 + rng.below(20) as usize;
                (
                    vec!["unpack-objects", "-q"],
                    pack_of_new_blobs(&mut rng, count),
                )
            }
            Op::Repack => (vec!["repack", "-a", "-d", "-q"], Vec::new()),
        };
        let what = format!("round {round} ({op:?}, delay {delay:?})");
        if run_and_maybe_kill(f.gitstore_command(&args), stdin, delay).is_none() {
            killed += 1;
        }

        let after = refs(&f);
        for (name, old) in &before {
            let now = after
                .get(name)
                .unwrap_or_else(|| panic!("{what}: {name} vanished"));
            assert!(
                now == old || writing.get(name) == Some(now),
                "{what}: {name} is {now}, neither its old {old} nor its new value"
            );
        }
        assert_eq!(after.len(), before.len(), "{what}: refs appeared");

        let fsck = f.git_output(&["fsck", "--strict", "--no-dangling", "--no-progress"], b"");
        assert!(
            fsck.status.success() && fsck.stderr.is_empty(),
            "{what}: git fsck --strict: {}{}",
            String::from_utf8_lossy(&fsck.stdout),
            String::from_utf8_lossy(&fsck.stderr)
        );

        let pack_dir = git_dir.join("objects/pack");
        for file in files_under(&pack_dir) {
            if file.extension().is_some_and(|e| e == "idx") {
                assert!(
                    file.with_extension("pack").is_file(),
                    "{what}: {} has no .pack",
                    file.display()
                );
            }
        }

        let listing = ["cat-file", "--batch-all-objects", "--batch-check"];
        let theirs = f.git(&listing);
        let ours = f.gitstore(&listing);
        assert_eq!(
            sorted_lines(&ours),
            sorted_lines(&theirs),
            "{what}: objects seen differ"
        );
        let count = ["count-objects", "-v"];
        let theirs = f.git_output(&count, b"");
        let ours = f.gitstore_output(&count, b"");
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout),
            "{what}: count-objects -v differs"
        );
        assert_eq!(
            String::from_utf8_lossy(&ours.stderr),
            String::from_utf8_lossy(&theirs.stderr),
            "{what}: count-objects -v warnings differ"
        );

        let locks: Vec<PathBuf> = files_under(&git_dir.join("refs"))
            .into_iter()
            .chain([git_dir.join("packed-refs.lock")])
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "lock"))
            .collect();
        for lock in &locks {
            if locks_compared < 5 {
                if let Ok(rel) = lock.with_extension("").strip_prefix(&git_dir) {
                    let name = rel.to_str().unwrap();
                    if name.starts_with("refs/") {
                        f.assert_same(&["update-ref", name, &commits[1]], b"");
                        locks_compared += 1;
                    }
                }
            }
            std::fs::remove_file(lock).unwrap();
        }
        before = refs(&f);
    }
    let temps = files_under(&git_dir.join("objects"))
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("tmp_"))
        .count();
    eprintln!("{killed} of {ROUNDS} rounds killed; {temps} temp files left; {locks_compared} locks compared");
    assert!(killed > ROUNDS / 2, "only {killed} rounds were killed");
    assert!(
        temps > 0,
        "no kill landed mid-write: the test proves less than it says"
    );
    assert!(
        locks_compared > 0,
        "no kill left a ref lock behind: the test proves less than it says"
    );
}
