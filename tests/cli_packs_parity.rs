//! Byte-for-byte parity with git for the pack-facing commands where an audit found gaps:
//! interactive `cat-file --batch` over a pipe, batch input and format details, `verify-pack`
//! on corrupt packs and indexes, `count-objects` garbage and alternates, odb warnings,
//! alternates depth, and REF_DELTA bases outside their pack.

mod common;

use common::Fixture;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `args` through git and gitstore; asserts the same stdout, stderr and exit code.
fn assert_identical(f: &Fixture, args: &[&str], stdin: &[u8]) -> std::process::Output {
    let g = f.git_output(args, stdin);
    let s = f.gitstore_output(args, stdin);
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
        "gitstore (left) and git (right) differ for {args:?}"
    );
    g
}

/// A small repository with one commit, packed, plus a loose blob.
fn small_packed_repo() -> Fixture {
    let f = Fixture::new();
    f.git(&["config", "gc.auto", "0"]);
    f.write("a.txt", "alpha\n");
    f.write("dir/b.txt", "beta\n".repeat(100));
    f.commit_all("first");
    f.write("a.txt", "alpha two\n");
    f.commit_all("second");
    f.git(&["repack", "-adq"]);
    f.write("loose.txt", "loose\n");
    f.git(&["add", "loose.txt"]);
    f
}

fn str_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_end().to_string()
}

// ---- cat-file --batch over a pipe -------------------------------------------------------

/// Talks to `cat-file <mode>` one line at a time: writes a name, then waits for exactly
/// `lines_per_answer` lines of answer before sending the next. Without a flush per answer this would block
/// forever; the channel timeout turns such a hang into a failure.
fn converse(
    f: &Fixture,
    program: &std::path::Path,
    mode: &str,
    names: &[&str],
    lines_per_answer: usize,
) -> Vec<String> {
    let mut cmd = common::fixed_command(program);
    cmd.current_dir(&f.path)
        .args(["cat-file", mode])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout);
        loop {
            let mut line = String::new();
            match lines.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let mut answers = Vec::new();
    for name in names {
        stdin.write_all(format!("{name}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
        for _ in 0..lines_per_answer {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => answers.push(line),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("{program:?} cat-file {mode} never answered {name:?}: not flushed");
                }
            }
        }
    }
    drop(stdin);
    child.wait().unwrap();
    reader.join().unwrap();
    answers
}

#[test]
fn interactive_batch_check_answers_each_line_before_the_next_is_sent() {
    let f = small_packed_repo();
    let names = ["HEAD", "nope", "HEAD:a.txt", "HEAD~1"];
    let git = converse(&f, common::git_bin(), "--batch-check", &names, 1);
    let ours = converse(&f, common::gitstore_bin(), "--batch-check", &names, 1);
    assert_eq!(ours, git);
}

#[test]
fn interactive_batch_answers_each_object_before_the_next_is_asked_for() {
    let f = small_packed_repo();
    // one-line blobs: each answer is the header, the contents line and an empty line
    let names = ["HEAD:a.txt", "HEAD~1:a.txt", "HEAD:a.txt"];
    let git = converse(&f, common::git_bin(), "--batch", &names, 3);
    let ours = converse(&f, common::gitstore_bin(), "--batch", &names, 3);
    assert_eq!(ours, git);
    assert_eq!(ours.len(), 9);
}

// ---- batch input and format details -------------------------------------------------------

#[test]
fn batch_input_with_crlf_line_endings_is_read_like_git() {
    let f = small_packed_repo();
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let input = format!("{head}\r\nHEAD:a.txt\r\nnope\r\n{head} some rest\r\n");
    for mode in [
        "--batch-check",
        "--batch",
        "--batch-check=%(objectname) [%(rest)]",
    ] {
        assert_identical(&f, &["cat-file", mode], input.as_bytes());
    }
}

#[test]
fn batch_format_percent_escapes_and_empty_format_like_git() {
    let f = small_packed_repo();
    let input = b"HEAD\nnope\nHEAD:a.txt\n";
    for mode in [
        "--batch-check=%(objectname) %%",
        "--batch-check=%%(objectname)",
        "--batch-check=100% %x %(objecttype)%",
        "--batch-check=",
        "--batch=",
        "--batch-check",
    ] {
        assert_identical(&f, &["cat-file", mode], input);
    }
}

#[test]
fn batch_format_errors_use_gits_messages() {
    let f = small_packed_repo();
    for mode in [
        "--batch-check=%(x)",
        "--batch-check=%(objecttype:foo)",
        "--batch-check=%(objectname",
        "--batch=%(objectname) %(",
    ] {
        assert_identical(&f, &["cat-file", mode], b"HEAD\n");
    }
}

#[test]
fn buffer_without_a_batch_mode_is_a_usage_error() {
    let f = small_packed_repo();
    let git = f.git_output(&["cat-file", "--buffer", "-t", "HEAD"], b"");
    let ours = f.gitstore_output(&["cat-file", "--buffer", "-t", "HEAD"], b"");
    assert_eq!(ours.status.code(), Some(129));
    assert_eq!(ours.status.code(), git.status.code());
    assert!(ours.stdout.is_empty() && git.stdout.is_empty());
    let first = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(first(&ours), first(&git));
}

#[test]
fn corrupt_object_in_batch_prints_its_header_then_dies() {
    let f = Fixture::new();
    let data: String = (0..3000).map(|i| format!("{i}\n")).collect();
    let id = str_of(f.git_stdin(&["hash-object", "-w", "--stdin"], data.as_bytes()));
    let path = f.git_dir().join("objects").join(&id[..2]).join(&id[2..]);
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let input = format!("{id}\n");
    let git = f.git_output(&["cat-file", "--batch"], input.as_bytes());
    let ours = f.gitstore_output(&["cat-file", "--batch"], input.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        format!("{id} blob {}\n", data.len())
    );
    assert_eq!(ours.stdout, git.stdout);
    assert_eq!(ours.status.code(), Some(128));
    assert_eq!(ours.status.code(), git.status.code());
    let last = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        last(&ours),
        format!("fatal: unable to stream {id} to stdout")
    );
    assert_eq!(last(&ours), last(&git));
}
