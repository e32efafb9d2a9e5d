//! A FIFO, a socket, or a symbolic link to `/dev/zero` or to a FIFO where a repository file
//! belongs (loose object, pack, index, commit-graph, ref, packed-refs, reflog, config, `HEAD`,
//! alternates, `info/packs`, `.mailmap`) is refused: gitstore answers at once, naming the path,
//! instead of waiting on the pipe or reading without end.

mod common;

use common::Fixture;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

/// How long a command may take before the test calls it hung (far above any honest run).
const HANG: Duration = Duration::from_secs(20);

/// What replaces the regular file.
#[derive(Clone, Copy, Debug)]
enum Hostile {
    Fifo,
    Socket,
    LinkToDevZero,
    LinkToFifo,
}

const ALL: [Hostile; 4] = [
    Hostile::Fifo,
    Hostile::Socket,
    Hostile::LinkToDevZero,
    Hostile::LinkToFifo,
];

/// A repository with a loose object, a pack, a commit-graph, a loose ref, packed refs and
/// reflogs; returns it with the id of the loose blob and of a packed commit.
fn repository() -> (Fixture, String, String) {
    let f = Fixture::new();
    f.write("a.txt", "packed\n");
    f.commit_all("first");
    f.git(&["repack", "-adq"]);
    f.git(&["pack-refs", "--all"]);
    f.git(&["commit-graph", "write", "--reachable"]);
    f.write("b.txt", "loose\n");
    f.commit_all("second");
    let packed = f.git_str(&["rev-parse", "HEAD~1"]);
    let loose = f.git_str(&["rev-parse", "HEAD:b.txt"]);
    (f, loose, packed)
}

/// Replaces `path` by `hostile`; the FIFOs and sockets live in `f`'s directory.
fn plant(f: &Fixture, path: &Path, hostile: Hostile) {
    let _ = std::fs::remove_file(path);
    let fifo = |at: &Path| {
        let status = std::process::Command::new("mkfifo")
            .arg(at)
            .status()
            .expect("mkfifo");
        assert!(status.success());
    };
    match hostile {
        Hostile::Fifo => fifo(path),
        Hostile::Socket => {
            let listener = std::os::unix::net::UnixListener::bind(path).expect("bind");
            std::mem::forget(listener); // keep the socket file; the test process ends soon
        }
        Hostile::LinkToDevZero => std::os::unix::fs::symlink("/dev/zero", path).unwrap(),
        Hostile::LinkToFifo => {
            let target = f.path.join("the-fifo");
            if !target.exists() {
                fifo(&target);
            }
            std::os::unix::fs::symlink(&target, path).unwrap();
        }
    }
}

/// Runs gitstore with `args`, killing it (and failing the test) if it outlives [`HANG`].
fn run_bounded(f: &Fixture, args: &[&str], what: &str) -> Output {
    let mut child = f
        .gitstore_command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gitstore");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "{what}: gitstore {args:?} hung; stderr so far: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Plants each kind of hostile file at `rel` (relative to the git dir) in a fresh repository,
/// runs `args` (with `{loose}` and `{packed}` replaced), and checks gitstore fails without
/// hanging and, when `named` is set, names the path in its error.
fn refused(rel: impl Fn(&Fixture, &str, &str) -> PathBuf, args: &[&str], named: bool) {
    for hostile in ALL {
        let (f, loose, packed) = repository();
        let path = rel(&f, &loose, &packed);
        plant(&f, &path, hostile);
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("{loose}", &loose).replace("{packed}", &packed))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("{hostile:?} at {}", path.display());
        let out = run_bounded(&f, &args, &what);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}: gitstore {args:?} succeeded");
        if named {
            let shown = f.rel(&path);
            let file = path.file_name().unwrap().to_string_lossy();
            assert!(
                err.contains(&shown) || err.contains(&*file),
                "{what}: error does not name the path: {err}"
            );
        }
    }
}

fn loose_path(f: &Fixture, id: &str) -> PathBuf {
    f.git_dir().join("objects").join(&id[..2]).join(&id[2..])
}

fn pack_with_ext(f: &Fixture, ext: &str) -> PathBuf {
    f.pack_file().with_extension(ext)
}

#[test]
fn a_loose_object_that_is_not_a_file_is_refused() {
    refused(
        |f, l, _| loose_path(f, l),
        &["cat-file", "-p", "{loose}"],
        true,
    );
    refused(
        |f, l, _| loose_path(f, l),
        &["cat-file", "-t", "{loose}"],
        true,
    );
}

#[test]
fn a_pack_that_is_not_a_file_is_refused() {
    refused(
        |f, _, _| pack_with_ext(f, "pack"),
        &["cat-file", "-p", "{packed}"],
        false,
    );
}

#[test]
fn a_pack_index_that_is_not_a_file_is_refused() {
    refused(
        |f, _, _| pack_with_ext(f, "idx"),
        &["cat-file", "-p", "{packed}"],
        false,
    );
}

#[test]
fn a_loose_ref_that_is_not_a_file_is_refused() {
    refused(
        |f, _, _| f.git_dir().join("refs/heads/main"),
        &["rev-parse", "refs/heads/main"],
        false,
    );
}

#[test]
fn packed_refs_that_are_not_a_file_are_refused() {
    refused(
        |f, _, _| f.git_dir().join("packed-refs"),
        &["show-ref"],
        true,
    );
}

#[test]
fn a_reflog_that_is_not_a_file_is_refused() {
    refused(
        |f, _, _| f.git_dir().join("logs/refs/heads/main"),
        &["rev-parse", "main@{1}"],
        true,
    );
    refused(
        |f, _, _| f.git_dir().join("logs/refs/heads/main"),
        &["update-ref", "refs/heads/main", "{packed}"],
        true,
    );
}

#[test]
fn a_config_that_is_not_a_file_is_refused() {
    refused(
        |f, _, _| f.git_dir().join("config"),
        &["cat-file", "-t", "{loose}"],
        true,
    );
}

#[test]
fn a_head_that_is_not_a_file_is_refused() {
    refused(
        |f, _, _| f.git_dir().join("HEAD"),
        &["rev-parse", "HEAD"],
        false,
    );
}

#[test]
fn alternates_that_are_not_a_file_are_refused() {
    refused(
        |f, _, _| f.git_dir().join("objects/info/alternates"),
        &["cat-file", "-t", "{loose}"],
        true,
    );
}

/// A commit-graph is only an accelerator: one that is not a file is passed over (with or
/// without a warning) and the walk answers from the objects, at once.
#[test]
fn a_commit_graph_that_is_not_a_file_is_passed_over() {
    for hostile in ALL {
        let (f, _, _) = repository();
        let expected = f.git(&["rev-list", "HEAD"]);
        let path = f.git_dir().join("objects/info/commit-graph");
        plant(&f, &path, hostile);
        let what = format!("{hostile:?} at {}", path.display());
        let out = run_bounded(&f, &["rev-list", "HEAD"], &what);
        assert!(
            out.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, expected, "{what}");
    }
}

/// `repack -a -d` reads the index (its blobs are kept): a FIFO there ends the run at once,
/// naming the file, as for any other repository file.
#[test]
fn repack_refuses_an_index_that_is_not_a_file() {
    let index = |f: &Fixture, _: &str, _: &str| {
        let path = f.git_dir().join("index");
        assert!(path.exists(), "the fixture has an index");
        path
    };
    refused(index, &["repack", "-a", "-d", "-q"], true);
}
