//! Fixtures for integration tests: real git, run in temp dirs with a fixed environment so every
//! run on every machine builds the same repositories.
#![allow(dead_code)]

pub mod damaged_packs;
pub mod fixtures;
pub mod json_schema;
pub mod library;
pub mod pack_bytes;
pub mod terminal;
pub mod twins;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};

/// The environment every git and gitstore process in the tests runs with.
pub const FIXED_ENV: &[(&str, &str)] = &[
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ("GIT_AUTHOR_NAME", "A U Thor"),
    ("GIT_AUTHOR_EMAIL", "author@example.com"),
    ("GIT_COMMITTER_NAME", "C O Mitter"),
    ("GIT_COMMITTER_EMAIL", "committer@example.com"),
    ("GIT_AUTHOR_DATE", "1700000000 +0100"),
    ("GIT_COMMITTER_DATE", "1700000000 +0100"),
    ("LC_ALL", "C"),
    ("LANG", "C"),
    ("TZ", "UTC"),
    ("GIT_TERMINAL_PROMPT", "0"),
    ("GIT_ADVICE", "0"),
];

/// Variables removed from the environment of child processes.
const CLEARED_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_REFLOG_ACTION",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

/// The git binary the tests compare against: `$GITSTORE_TEST_GIT`, else `git` on PATH.
/// Refuses to run against a git older than 2.47 (output formats differ).
pub fn git_bin() -> &'static Path {
    &git_bin_and_version().0
}

/// [`git_bin`] and what its `git --version` printed.
fn git_bin_and_version() -> &'static (PathBuf, String) {
    static BIN: OnceLock<(PathBuf, String)> = OnceLock::new();
    BIN.get_or_init(|| {
        let bin = PathBuf::from(std::env::var_os("GITSTORE_TEST_GIT").unwrap_or("git".into()));
        let out = Command::new(&bin)
            .arg("--version")
            .output()
            .expect("git must be installed to run the integration tests");
        let version = String::from_utf8_lossy(&out.stdout).to_string();
        let nums: Vec<u32> = version
            .trim()
            .trim_start_matches("git version ")
            .split('.')
            .take(2)
            .map(|n| n.parse().unwrap_or(0))
            .collect();
        assert!(
            nums.len() == 2 && (nums[0], nums[1]) >= (2, 47),
            "the tests compare against git >= 2.47, found {version:?} at {bin:?}; \
             put it first on PATH or set GITSTORE_TEST_GIT"
        );
        (bin, version)
    })
}

/// A command with the fixed test environment.
pub fn fixed_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    cmd.envs(FIXED_ENV.iter().copied());
    cmd
}

/// The gitstore binary built for these tests.
pub fn gitstore_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_gitstore"))
}

/// A temporary repository (or plain directory) that git and gitstore are run in.
pub struct Fixture {
    _dir: tempfile::TempDir,
    /// The working directory (for a bare repository, the git dir itself).
    pub path: PathBuf,
    tick: Cell<u64>,
}

impl Fixture {
    /// An empty non-bare repository with `main` as its initial branch.
    pub fn new() -> Fixture {
        let f = Fixture::empty_dir();
        f.git(&["init", "-q", "-b", "main"]);
        f
    }

    /// An empty bare repository.
    pub fn bare() -> Fixture {
        let f = Fixture::empty_dir();
        f.git(&["init", "-q", "--bare", "-b", "main"]);
        f
    }

    /// A copy of the repository that `tests/fixtures/<script>.sh` builds (see [`built`]), with
    /// its fake clock where the script left it: the test may change it at will.
    pub fn from_script(script: &'static str) -> Fixture {
        let built = built(script);
        let f = Fixture::empty_dir();
        let status = Command::new("cp")
            .arg("-a")
            .arg(built.repo.join("."))
            .arg(&f.path)
            .status()
            .expect("cp");
        assert!(status.success(), "copying fixture {script}");
        f.tick.set(built.tick);
        f
    }

    /// An empty directory, no repository.
    pub fn empty_dir() -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("gitstore-test-")
            .tempdir()
            .expect("temp dir");
        let path = dir.path().canonicalize().unwrap();
        Fixture {
            _dir: dir,
            path,
            tick: Cell::new(0),
        }
    }

    /// The `.git` directory (or the repository itself when bare).
    pub fn git_dir(&self) -> PathBuf {
        let dot = self.path.join(".git");
        if dot.is_dir() {
            dot
        } else {
            self.path.clone()
        }
    }

    /// A git command in this fixture with the fixed environment and the current fake time.
    pub fn git_command(&self, args: &[&str]) -> Command {
        self.command(git_bin(), args)
    }

    /// `program` with `args` in this fixture, with the fixed environment and the current fake
    /// time.
    fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut cmd = fixed_command(program);
        let date = format!("{} +0100", 1_700_000_000 + self.tick.get() * 60);
        cmd.env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .current_dir(&self.path)
            .args(args);
        cmd
    }

    /// Runs git; panics with its stderr unless it succeeds; returns stdout.
    pub fn git(&self, args: &[&str]) -> Vec<u8> {
        self.git_stdin(args, b"")
    }

    /// Runs git with `stdin`; panics unless it succeeds; returns stdout.
    pub fn git_stdin(&self, args: &[&str], stdin: &[u8]) -> Vec<u8> {
        let out = run_with_stdin(self.git_command(args), stdin);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Runs git and returns its whole output, success or not.
    pub fn git_output(&self, args: &[&str], stdin: &[u8]) -> Output {
        run_with_stdin(self.git_command(args), stdin)
    }

    /// Runs git and returns trimmed stdout as a string.
    pub fn git_str(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.git(args))
            .trim_end()
            .to_string()
    }

    /// A gitstore command in this fixture with the fixed environment.
    pub fn gitstore_command(&self, args: &[&str]) -> Command {
        self.command(gitstore_bin(), args)
    }

    /// Runs gitstore with `stdin` and returns its whole output.
    pub fn gitstore_output(&self, args: &[&str], stdin: &[u8]) -> Output {
        run_with_stdin(self.gitstore_command(args), stdin)
    }

    /// Runs gitstore; panics with its stderr unless it succeeds; returns stdout.
    pub fn gitstore(&self, args: &[&str]) -> Vec<u8> {
        let out = self.gitstore_output(args, b"");
        assert!(
            out.status.success(),
            "gitstore {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Runs the same command through git and gitstore and asserts equal stdout, exit code and
    /// stderr text. For a usage error (exit 129) only the first line of stderr is compared: git
    /// follows it with its whole option list. Returns git's output.
    pub fn assert_same(&self, args: &[&str], stdin: &[u8]) -> Output {
        let g = self.git_output(args, stdin);
        let s = self.gitstore_output(args, stdin);
        assert_eq!(
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&g.stdout),
            "stdout differs for {args:?}; git stderr: {}; gitstore stderr: {}",
            String::from_utf8_lossy(&g.stderr),
            String::from_utf8_lossy(&s.stderr)
        );
        assert_eq!(
            s.status.code(),
            g.status.code(),
            "exit code differs for {args:?}; git stderr: {}; gitstore stderr: {}",
            String::from_utf8_lossy(&g.stderr),
            String::from_utf8_lossy(&s.stderr)
        );
        let shown = |out: &Output| {
            let text = String::from_utf8_lossy(&out.stderr).into_owned();
            if out.status.code() == Some(129) {
                text.lines().next().unwrap_or_default().to_string()
            } else {
                text
            }
        };
        assert_eq!(shown(&s), shown(&g), "stderr differs for {args:?}");
        g
    }

    /// Writes a file (creating parent directories) relative to the fixture.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    /// Advances the fake clock by one minute.
    pub fn tick(&self) {
        self.tick.set(self.tick.get() + 1);
    }

    /// `path` (inside the fixture) relative to the fixture, as a string for an argument.
    pub fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.path)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    }

    /// A `.pack` file in `objects/pack` (the first the directory lists); panics if none.
    pub fn pack_file(&self) -> PathBuf {
        std::fs::read_dir(self.git_dir().join("objects/pack"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "pack"))
            .expect("a .pack file in objects/pack")
    }

    /// `git add -A && git commit -m msg`, one fake minute after the previous commit.
    pub fn commit_all(&self, msg: &str) {
        self.tick();
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
    }
}

/// The id of every object in `f` (`git cat-file --batch-all-objects`), in git's order.
pub fn all_ids(f: &Fixture) -> Vec<String> {
    let out = f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname)",
    ]);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The `.idx` files in the pack directory `dir`, sorted.
pub fn idx_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .collect();
    v.sort();
    v
}

/// The longest delta chain `git verify-pack -v` reports for the pack behind `idx` (relative
/// to `f`); 0 for a pack without deltas.
pub fn longest_chain(f: &Fixture, idx: &str) -> usize {
    let out = String::from_utf8(f.git(&["verify-pack", "-v", idx])).unwrap();
    out.lines()
        .filter_map(|l| l.strip_prefix("chain length = "))
        .filter_map(|l| l.split(':').next()?.parse().ok())
        .max()
        .unwrap_or(0)
}

/// Runs `args` with `stdin` through git and gitstore in `f`; asserts byte-equal stdout and
/// stderr and the same exit code. Returns git's output.
pub fn assert_identical(f: &Fixture, args: &[&str], stdin: &[u8]) -> Output {
    assert_identical_env(f, args, stdin, &[], &[])
}

/// [`assert_identical`] with variables set and removed on top of the fixed environment.
pub fn assert_identical_env(
    f: &Fixture,
    args: &[&str],
    stdin: &[u8],
    set: &[(&str, &str)],
    unset: &[&str],
) -> Output {
    let run = |mut cmd: Command| {
        for k in unset {
            cmd.env_remove(k);
        }
        cmd.envs(set.iter().copied());
        run_with_stdin(cmd, stdin)
    };
    let g = run(f.git_command(args));
    let s = run(f.gitstore_command(args));
    let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let what = format!("{args:?} with stdin {:?}", show(stdin));
    assert_eq!(
        show(&s.stderr),
        show(&g.stderr),
        "stderr differs for {what}"
    );
    assert_eq!(
        show(&s.stdout),
        show(&g.stdout),
        "stdout differs for {what}"
    );
    assert_eq!(
        s.status.code(),
        g.status.code(),
        "exit code differs for {what}"
    );
    g
}

/// Runs `args` in `dir` (relative to the fixture) through git and gitstore; asserts identical
/// stdout, stderr and exit code.
pub fn assert_identical_in(f: &Fixture, dir: &str, args: &[&str]) {
    let run = |mut cmd: Command| {
        cmd.current_dir(f.path.join(dir))
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let g = run(f.git_command(args));
    let s = run(f.gitstore_command(args));
    assert_eq!(
        (
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&s.stderr),
            s.status.code()
        ),
        (
            String::from_utf8_lossy(&g.stdout),
            String::from_utf8_lossy(&g.stderr),
            g.status.code()
        ),
        "gitstore (left) and git (right) differ for {args:?} in {dir:?}"
    );
}

/// Runs `args` through git and gitstore from `dir` (relative to the fixture), with `env` added,
/// and asserts the same stdout, exit code and stderr (the first line only for a usage error).
pub fn assert_same_in(f: &Fixture, dir: &str, env: &[(&str, &str)], args: &[&str], stdin: &[u8]) {
    let run = |mut cmd: Command| -> Output {
        cmd.current_dir(f.path.join(dir)).envs(env.iter().copied());
        run_with_stdin(cmd, stdin)
    };
    let g = run(f.git_command(args));
    let s = run(f.gitstore_command(args));
    let text = |o: &Output| {
        let t = String::from_utf8_lossy(&o.stderr).into_owned();
        if o.status.code() == Some(129) {
            t.lines().next().unwrap_or_default().to_string()
        } else {
            t
        }
    };
    assert_eq!(
        (
            s.status.code(),
            String::from_utf8_lossy(&s.stdout).into_owned(),
            text(&s)
        ),
        (
            g.status.code(),
            String::from_utf8_lossy(&g.stdout).into_owned(),
            text(&g)
        ),
        "gitstore (left) and git (right) differ for {args:?} in {dir:?} with {env:?}"
    );
}

/// Runs `cmd` with `stdin` fed on a thread of its own (so a large input cannot deadlock against
/// a full stdout pipe), capturing stdout and stderr.
pub fn run_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    use std::io::Write;
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    out
}

/// A repository a fixture script built, and the fake clock's tick when the script ended.
pub struct Built {
    /// The repository (its work tree; for a bare repository the git dir itself).
    pub repo: PathBuf,
    /// The tick [`Fixture::tick`] goes on from.
    pub tick: u64,
}

/// The repository `tests/fixtures/<script>.sh` builds, built once: the first call in a test
/// binary looks for it under `target/tmp/fixtures/<script>-<key>/`, where `<key>` hashes every
/// script in `tests/fixtures/` and git's version, and only when it is not there runs the
/// script (with bash, `lib.sh` sourced first, in an empty directory, with the fixed test
/// environment). Later calls in the binary return the same [`Built`]. Never change it: take a
/// copy with [`Fixture::from_script`].
pub fn built(script: &'static str) -> &'static Built {
    type Cells = HashMap<&'static str, &'static OnceLock<Built>>;
    static CELLS: OnceLock<Mutex<Cells>> = OnceLock::new();
    // the `*` copies the `&'static` out before the guard drops
    #[allow(clippy::explicit_auto_deref)]
    let cell: &'static OnceLock<Built> = *CELLS
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry(script)
        .or_insert_with(|| Box::leak(Box::default()));
    cell.get_or_init(|| build(script))
}

fn build(script: &str) -> Built {
    use std::hash::{Hash, Hasher};
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let lib = scripts.join("lib.sh");
    let file = scripts.join(format!("{script}.sh"));
    assert!(file.is_file(), "no fixture script {}", file.display());
    // every script: one may build on another
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&scripts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    inputs.sort();
    let mut key = std::collections::hash_map::DefaultHasher::new();
    for input in &inputs {
        input.file_name().hash(&mut key);
        std::fs::read(input).unwrap().hash(&mut key);
    }
    git_bin_and_version().1.hash(&mut key);
    FIXED_ENV.hash(&mut key);
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures");
    let done = cache.join(format!("{script}-{:016x}", key.finish()));
    let read = |dir: &Path| -> Option<Built> {
        let tick = std::fs::read_to_string(dir.join("tick")).ok()?;
        Some(Built {
            repo: dir.join("repo"),
            tick: tick.trim().parse().ok()?,
        })
    };
    if let Some(built) = read(&done) {
        return built;
    }
    std::fs::create_dir_all(&cache).unwrap();
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{script}-"))
        .tempdir_in(&cache)
        .unwrap();
    let repo = staging.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let out = fixed_command("bash")
        .args([
            "-c",
            r#"set -eu -o pipefail; shopt -s inherit_errexit; . "$1"; . "$2"; echo "tick=$tick""#,
            "fixture",
        ])
        .arg(&lib)
        .arg(&file)
        .env("PATH", path_with_git_first())
        .env("FIXTURES", &scripts)
        .current_dir(&repo)
        .stdin(Stdio::null())
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "fixture script {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let tick = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("tick="))
        .next_back()
        .expect("the tick line");
    std::fs::write(staging.path().join("tick"), tick).unwrap();
    let staged = staging.keep();
    if std::fs::rename(&staged, &done).is_err() {
        // built meanwhile by another test binary: use that one
        let _ = std::fs::remove_dir_all(&staged);
    }
    // what earlier versions of the scripts built
    let prefix = format!("{script}-");
    for entry in std::fs::read_dir(&cache).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && entry.path() != done {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    read(&done).expect("a built fixture")
}

/// `PATH` with the directory of [`git_bin`] first, so that fixture scripts run the same git.
fn path_with_git_first() -> std::ffi::OsString {
    let mut dirs: Vec<PathBuf> = git_bin()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .into_iter()
        .collect();
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap()
}

/// A copy of `tests/fixtures/history_repo.sh`'s realistic repository: a few dozen commits on two
/// branches with a merge, files edited over and over (long delta chains once packed), odd names
/// (spaces, UTF-8, a leading dash) and a binary file, every tree mode (exec, symlink, gitlink), annotated tags and a tag of a tag,
/// a commit with a signature-like `gpgsig` header and one with `encoding`, a non-UTF-8 message;
/// then `git gc` (packs and packed-refs) and more loose objects and loose refs after it.
pub fn history_repo() -> Fixture {
    Fixture::from_script("history_repo")
}
