//! Fixtures for integration tests: real git, run in temp dirs with a fixed environment so every
//! run on every machine builds the same repositories.
#![allow(dead_code)]

pub mod twins;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

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
    static BIN: OnceLock<PathBuf> = OnceLock::new();
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
        bin
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
        let mut cmd = fixed_command(git_bin());
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
        let mut cmd = fixed_command(gitstore_bin());
        let date = format!("{} +0100", 1_700_000_000 + self.tick.get() * 60);
        cmd.env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .current_dir(&self.path)
            .args(args);
        cmd
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

/// A realistic repository: a few dozen commits on two branches with a merge, files edited over
/// and over (long delta chains once packed), odd names (spaces, UTF-8, a leading dash, bytes that
/// are not UTF-8), every tree mode (exec, symlink, gitlink), annotated tags and a tag of a tag,
/// a commit with a signature-like `gpgsig` header and one with `encoding`, a non-UTF-8 message;
/// then `git gc` (packs and packed-refs) and more loose objects and loose refs after it.
pub fn history_repo() -> Fixture {
    let f = Fixture::new();
    f.git(&["config", "core.autocrlf", "false"]);
    f.git(&["config", "gc.auto", "0"]);
    // keep the (2023-dated) reflogs through `git gc`, so `@{n}` and `@{-n}` have history
    f.git(&["config", "gc.reflogExpire", "never"]);
    f.git(&["config", "gc.reflogExpireUnreachable", "never"]);
    let mut big = String::new();
    for i in 0..40 {
        for line in 0..30 {
            big.push_str(&format!(
                "line {line} of revision {i}: {}\n",
                "x".repeat(line % 7)
            ));
        }
        if (21..=25).contains(&i) {
            // on the topic branch: files main does not touch, so the merge is clean
            f.write(&format!("topic/file-{i}.txt"), format!("topic {i}\n"));
        } else {
            f.write("src/main.c", &big);
            f.write(&format!("notes/note-{}.txt", i % 5), format!("note {i}\n"));
        }
        if i == 3 {
            f.write("name with spaces.txt", "spaces\n");
            f.write("ünïcödé/файл.txt", "unicode\n");
            f.write("-leading-dash", "dash\n");
            f.write("empty", "");
            f.write("crlf.txt", "a\r\nb\r\n");
            f.write("bin.dat", [0u8, 1, 2, 255, 0, 10, 13]);
            std::os::unix::fs::symlink("src/main.c", f.path.join("link")).unwrap();
            let exe = f.path.join("run.sh");
            std::fs::write(&exe, "#!/bin/sh\necho hi\n").unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        if i == 5 {
            // a gitlink (submodule entry) without a submodule checkout
            f.git(&[
                "update-index",
                "--add",
                "--cacheinfo",
                "160000,1111111111111111111111111111111111111111,vendor/sub",
            ]);
        }
        f.commit_all(&format!("commit {i}\n\nbody of commit {i}"));
        if i == 10 {
            f.git(&["tag", "-a", "-m", "release one", "v1.0"]);
            f.git(&["tag", "light"]);
        }
        if i == 20 {
            f.git(&["checkout", "-q", "-b", "topic"]);
        }
        if i == 25 {
            f.git(&["checkout", "-q", "main"]);
        }
    }
    f.tick();
    f.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'topic'",
        "topic",
    ]);
    f.tick();
    f.git(&["tag", "-a", "-m", "tag of a tag", "v1.0-outer", "v1.0"]);
    f.git(&["tag", "-a", "-m", "tree tag", "tree-tag", "HEAD^{tree}"]);
    f.git(&["tag", "-a", "-m", "blob tag", "blob-tag", "HEAD:src/main.c"]);

    // a commit with a multi-line gpgsig header and an encoding header, written by hand
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]);
    let parent = f.git_str(&["rev-parse", "HEAD"]);
    let raw = format!(
        "tree {tree}\nparent {parent}\nauthor A U Thor <author@example.com> 1700003000 +0100\n\
         committer C O Mitter <committer@example.com> 1700003000 -0000\nencoding ISO-8859-1\n\
         gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n =abcd\n -----END PGP SIGNATURE-----\n\n"
    );
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(b"caf\xe9 message, not UTF-8\n");
    let signed = f.git_stdin(&["hash-object", "-t", "commit", "-w", "--stdin"], &raw);
    let signed = String::from_utf8(signed).unwrap().trim().to_string();
    f.git(&["update-ref", "refs/heads/signed", &signed]);

    f.git(&["gc", "-q"]);

    // after gc: loose objects and loose refs on top of packs and packed-refs
    for i in 0..3 {
        f.write("src/main.c", format!("{big}after gc {i}\n"));
        f.commit_all(&format!("loose commit {i}"));
    }
    f.git(&["branch", "feature/x"]);
    f.git(&["tag", "v2.0"]);
    f
}
