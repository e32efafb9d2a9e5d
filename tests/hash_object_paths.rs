//! `hash-object --stdin-paths`, hashed on every core: answers in input order, the objects a
//! failure leaves exactly git's, and each answer given before the next path is read when a
//! program drives it line by line.

mod common;

use common::{all_ids, assert_identical, Fixture};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

/// A repository with `n` files of varied sizes (some identical, one empty, one big enough to
/// be streamed), and the list of their paths as `--stdin-paths` input.
fn many_files(n: usize) -> (Fixture, String) {
    let f = Fixture::new();
    let mut paths = String::new();
    for i in 0..n {
        let body = match i % 7 {
            0 => Vec::new(),
            3 => b"same content\n".to_vec(),
            _ => format!("file {i}\n").repeat(i * 13 % 500 + 1).into_bytes(),
        };
        let name = format!("d{}/f{i}.txt", i % 5);
        f.write(&name, body);
        paths.push_str(&name);
        paths.push('\n');
    }
    f.write("big.bin", vec![b'x'; (33 << 20) + 5]);
    paths.push_str("big.bin\n");
    (f, paths)
}

#[test]
fn answers_come_in_input_order_as_gits() {
    let (f, paths) = many_files(300);
    assert_identical(&f, &["hash-object", "--stdin-paths"], paths.as_bytes());
    // CR LF line ends and a C-quoted path, as git reads them
    let mixed = format!("\"d1/f1.txt\"\r\n{paths}");
    assert_identical(&f, &["hash-object", "--stdin-paths"], mixed.as_bytes());
}

#[test]
fn writing_stores_the_same_objects_as_git() {
    let (f, paths) = many_files(120);
    let theirs = f.git_output(&["hash-object", "-w", "--stdin-paths"], paths.as_bytes());
    let their_ids = all_ids(&f);
    let (g, _) = many_files(120);
    let ours = g.gitstore_output(&["hash-object", "-w", "--stdin-paths"], paths.as_bytes());
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(ours.stdout, theirs.stdout);
    assert_eq!(all_ids(&g), their_ids);
    let fsck = g.git_output(&["fsck", "--strict"], b"");
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
}

#[test]
fn a_failing_path_stops_where_git_stops_and_writes_nothing_after_it() {
    for bad in ["no/such/file", "d1", "\"d1/f1.txt"] {
        let (f, paths) = many_files(60);
        let mut lines: Vec<&str> = paths.lines().collect();
        lines.insert(30, bad);
        let input = lines.join("\n") + "\n";
        let (g, _) = many_files(60);
        let theirs = assert_identical(
            &f,
            &["hash-object", "-w", "--stdin-paths"],
            input.as_bytes(),
        );
        assert!(!theirs.status.success());
        // git wrote the objects of the first 30 paths only; so must gitstore
        let ours = g.gitstore_output(&["hash-object", "-w", "--stdin-paths"], input.as_bytes());
        assert_eq!(ours.status.code(), theirs.status.code(), "{bad}");
        assert_eq!(all_ids(&g), all_ids(&f), "{bad}");
    }
}

#[test]
fn a_program_driving_it_line_by_line_gets_each_answer_before_the_next_path() {
    let (f, _) = many_files(10);
    let mut child = f
        .gitstore_command(&["hash-object", "-w", "--stdin-paths"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to = child.stdin.take().unwrap();
    let mut from = BufReader::new(child.stdout.take().unwrap());
    for i in 0..10 {
        let name = format!("d{}/f{i}.txt", i % 5);
        writeln!(to, "{name}").unwrap();
        to.flush().unwrap();
        // blocks until gitstore answers (a hang here is the failure)
        let mut answer = String::new();
        from.read_line(&mut answer).unwrap();
        assert_eq!(answer.trim(), f.git_str(&["hash-object", &name]), "{name}");
    }
    drop(to);
    assert!(child.wait().unwrap().success());
}
