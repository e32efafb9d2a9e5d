//! Git and gitstore side by side on twin fixtures: the same command runs through git on one
//! fixture and through gitstore on its identical twin; stdout, exit code, stderr (repository
//! paths normalized) and the resulting `.git` state (HEAD, packed-refs, every file under refs/
//! and logs/, loose object names, `.lock` files) must be equal.
#![allow(dead_code)]

use super::Fixture;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

/// How [`Twins::run`] compares stderr when git exits 129 (a usage error, whose text in
/// gitstore is clap's rather than git's usage dump). Any other exit code compares the full text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageStderr {
    /// Only the first line when git's stderr starts with `error:`, else only that both are
    /// non-empty. The default.
    FirstLineOfError,
    /// Always the first line.
    FirstLine,
    /// Only that both are empty or both are not.
    Presence,
    /// The full text, as for any other exit code.
    Full,
}

/// `git rev-parse <rev>` in `f`.
pub fn id(f: &Fixture, rev: &str) -> String {
    f.git_str(&["rev-parse", rev])
}

/// HEAD, packed-refs, every file under refs/ and logs/ (with content), loose object names
/// (empty values), and any `.lock` file anywhere (value `LOCK`).
pub fn snapshot(f: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let dir = f.git_dir();
    let mut snap = BTreeMap::new();
    for name in ["HEAD", "packed-refs"] {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            snap.insert(name.to_string(), b);
        }
    }
    walk(&dir, &dir, &mut snap);
    snap
}

/// The recursive part of [`snapshot`]: `dir` under the git dir `root`, skipping the top-level
/// `hooks` and `info`.
pub fn walk(root: &Path, dir: &Path, snap: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let rel = p.strip_prefix(root).unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            if rel == "hooks" || rel == "info" {
                continue;
            }
            walk(root, &p, snap);
        } else if rel.ends_with(".lock") {
            snap.insert(rel, b"LOCK".to_vec());
        } else if rel.starts_with("refs/") || rel.starts_with("logs/") {
            snap.insert(rel, std::fs::read(&p).unwrap());
        } else if rel.starts_with("objects/") && !rel.starts_with("objects/pack") {
            snap.insert(rel, Vec::new());
        }
    }
}

/// Git and gitstore side by side on twin fixtures.
pub struct Twins {
    pub git: Fixture,
    pub store: Fixture,
    usage: UsageStderr,
}

impl Twins {
    /// Two fixtures made by `make`; usage errors compared by [`UsageStderr::FirstLineOfError`].
    pub fn new(make: fn() -> Fixture) -> Twins {
        Twins {
            git: make(),
            store: make(),
            usage: UsageStderr::FirstLineOfError,
        }
    }

    /// [`Twins::new`] comparing the full stderr text, usage errors included.
    pub fn full(make: fn() -> Fixture) -> Twins {
        Twins::new(make).usage_stderr(UsageStderr::Full)
    }

    /// [`Twins::new`] comparing the first line of stderr for every usage error.
    pub fn first_line(make: fn() -> Fixture) -> Twins {
        Twins::new(make).usage_stderr(UsageStderr::FirstLine)
    }

    /// [`Twins::new`] comparing only the presence of stderr for usage errors (where their first
    /// lines differ: gitstore's come from clap, e.g. for `branch -dash`).
    pub fn presence(make: fn() -> Fixture) -> Twins {
        Twins::new(make).usage_stderr(UsageStderr::Presence)
    }

    /// The same twins, comparing the stderr of usage errors by `rule`.
    pub fn usage_stderr(mut self, rule: UsageStderr) -> Twins {
        self.usage = rule;
        self
    }

    /// Runs `args` through git on one twin and gitstore on the other; compares stdout, exit
    /// code, stderr (paths normalized; for exit 129 as the [`UsageStderr`] rule says) and the
    /// `.git` state. Returns git's output.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let g = self.git.git_output(args, stdin);
        let s = self.store.gitstore_output(args, stdin);
        let norm = |f: &Fixture, b: &[u8]| {
            String::from_utf8_lossy(b).replace(&f.path.to_string_lossy().to_string(), "<repo>")
        };
        let (gerr, serr) = (norm(&self.git, &g.stderr), norm(&self.store, &s.stderr));
        assert_eq!(
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&g.stdout),
            "stdout differs for {args:?}; git stderr: {gerr}; gitstore stderr: {serr}"
        );
        assert_eq!(
            s.status.code(),
            g.status.code(),
            "exit code differs for {args:?}; git stderr: {gerr}; gitstore stderr: {serr}"
        );
        let usage = if g.status.code() == Some(129) {
            self.usage
        } else {
            UsageStderr::Full
        };
        match usage {
            UsageStderr::FirstLineOfError if gerr.starts_with("error:") => {
                assert_eq!(serr.lines().next(), gerr.lines().next(), "{args:?}");
            }
            UsageStderr::FirstLineOfError => {
                assert!(!serr.is_empty() && !gerr.is_empty(), "{args:?}: {serr}");
            }
            UsageStderr::FirstLine => {
                assert_eq!(serr.lines().next(), gerr.lines().next(), "{args:?}");
            }
            UsageStderr::Presence => {
                assert_eq!(serr.is_empty(), gerr.is_empty(), "{args:?}");
            }
            UsageStderr::Full => assert_eq!(serr, gerr, "stderr differs for {args:?}"),
        }
        self.assert_same_state(args);
        g
    }

    /// Runs real git on both twins (to set up a state gitstore has no command for).
    pub fn git_both(&self, args: &[&str]) {
        self.git.git(args);
        self.store.git(args);
    }

    /// The same file written into both twins (relative to the work tree).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        self.git.write(rel, contents.as_ref());
        self.store.write(rel, contents.as_ref());
    }

    /// Asserts both twins' [`snapshot`]s are equal; `context` names what ran before.
    pub fn assert_same_state(&self, context: &[&str]) {
        let (a, b) = (snapshot(&self.git), snapshot(&self.store));
        let show = |m: &BTreeMap<String, Vec<u8>>| {
            m.iter()
                .map(|(k, v)| format!("{k}: {}", String::from_utf8_lossy(v)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            a == b,
            "state differs after {context:?}\n--- git\n{}\n--- gitstore\n{}",
            show(&a),
            show(&b)
        );
    }

    /// Both twins' clocks one fake minute on.
    pub fn tick(&self) {
        self.git.tick();
        self.store.tick();
    }
}
