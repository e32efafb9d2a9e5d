//! `cat-file --no-buffer`: the last of `--buffer` / `--no-buffer` counts, either one needs a
//! batch mode, `flush` needs buffering; without buffering each answer comes out before the
//! next line is read. Compared with git byte for byte.

mod common;

use common::fixtures::small_packed;
use common::{assert_identical, Fixture};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn the_last_of_buffer_and_no_buffer_counts() {
    let f = small_packed();
    for args in [
        &["cat-file", "--batch-check", "--no-buffer"][..],
        &["cat-file", "--batch-check", "--buffer", "--no-buffer"],
        &["cat-file", "--no-buffer", "--buffer", "--batch-check"],
        &["cat-file", "--batch", "--no-buffer"],
    ] {
        assert_identical(&f, args, b"HEAD\nHEAD:a.txt\nnope\n");
    }
    assert_identical(
        &f,
        &[
            "cat-file",
            "--batch-all-objects",
            "--batch-check",
            "--no-buffer",
        ],
        b"",
    );
    let commands = b"info HEAD\nflush\ncontents HEAD:a.txt\n";
    for order in [["--buffer", "--no-buffer"], ["--no-buffer", "--buffer"]] {
        let args = ["cat-file", "--batch-command", order[0], order[1]];
        assert_identical(&f, &args, commands);
    }
}

#[test]
fn no_buffer_needs_a_batch_mode() {
    let f = small_packed();
    for args in [
        &["cat-file", "--no-buffer", "-t", "HEAD"][..],
        &["cat-file", "--buffer", "--no-buffer", "-p", "HEAD"],
    ] {
        let g = f.git_output(args, b"");
        let s = f.gitstore_output(args, b"");
        assert_eq!((s.status.code(), g.status.code()), (Some(129), Some(129)));
        let first = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(first(&s), first(&g), "{args:?}");
    }
}

/// Sends `names` one at a time to `cat-file <args>`, reading each answer line before sending
/// the next: a program that holds its answers back hangs here until the timeout.
fn answers_one_by_one(f: &Fixture, program: &std::path::Path, args: &[&str], names: &[&str]) {
    let mut child = common::fixed_command(program)
        .current_dir(&f.path)
        .arg("cat-file")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for name in names {
        writeln!(stdin, "{name}").unwrap();
        stdin.flush().unwrap();
        let answer = rx.recv_timeout(Duration::from_secs(60));
        assert!(answer.is_ok(), "{program:?} held back its answer to {name}");
    }
    drop(stdin);
    child.wait().unwrap();
}

#[test]
fn without_buffering_each_answer_comes_before_the_next_question() {
    let f = small_packed();
    let args = ["--batch-check", "--buffer", "--no-buffer"];
    for program in [common::git_bin(), common::gitstore_bin()] {
        answers_one_by_one(&f, program, &args, &["HEAD", "HEAD:a.txt", "HEAD~1"]);
    }
}
