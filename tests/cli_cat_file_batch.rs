//! `gitstore cat-file --batch`, `--batch-check` and `--batch-command` against git: answers over
//! an interactive pipe before the next line is sent, input with CRLF, `-z` / `-Z`, format atoms and
//! their errors, `--buffer`, relative names, and damaged objects met in the middle of a batch.

mod common;

use common::pack_bytes::zlib;

use common::fixtures::{small_packed, tree_with_gitlink};
use common::{assert_identical, assert_same_in, Fixture};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

fn str_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_end().to_string()
}

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

/// Writes `bytes` as the loose object file of the id made of `digit` repeated.
fn plant_loose(f: &Fixture, digit: char, bytes: &[u8]) -> String {
    let id: String = std::iter::repeat(digit).take(40).collect();
    let dir = f.git_dir().join("objects").join(&id[..2]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&id[2..]), bytes).unwrap();
    id
}

#[test]
fn interactive_batch_check_answers_each_line_before_the_next_is_sent() {
    let f = small_packed();
    let names = ["HEAD", "nope", "HEAD:a.txt", "HEAD~1"];
    let git = converse(&f, common::git_bin(), "--batch-check", &names, 1);
    let ours = converse(&f, common::gitstore_bin(), "--batch-check", &names, 1);
    assert_eq!(ours, git);
}

#[test]
fn interactive_batch_answers_each_object_before_the_next_is_asked_for() {
    let f = small_packed();
    // one-line blobs: each answer is the header, the contents line and an empty line
    let names = ["HEAD:a.txt", "HEAD~1:a.txt", "HEAD:a.txt"];
    let git = converse(&f, common::git_bin(), "--batch", &names, 3);
    let ours = converse(&f, common::gitstore_bin(), "--batch", &names, 3);
    assert_eq!(ours, git);
    assert_eq!(ours.len(), 9);
}

#[test]
fn batch_input_with_crlf_line_endings_is_read_like_git() {
    let f = small_packed();
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
    let f = small_packed();
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
    let f = small_packed();
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
    let f = small_packed();
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

#[test]
fn cat_file_batch_reads_and_writes_nul_delimited_with_z_and_capital_z() {
    let f = tree_with_gitlink();
    let names = b"HEAD\0nonexist\0HEAD:a\0v1";
    for args in [
        &["cat-file", "--batch-check", "-z"][..],
        &["cat-file", "--batch-check", "-Z"],
        &["cat-file", "--batch", "-Z"],
        &["cat-file", "--batch", "-z"],
        &["cat-file", "-Z", "--batch-check=%(objectname) [%(rest)]"],
    ] {
        f.assert_same(args, names);
    }
    f.assert_same(&["cat-file", "-z", "--batch-check"], b"HEAD\r\0HEAD:a\r\n");
    f.assert_same(&["cat-file", "--batch-all-objects", "--batch", "-Z"], b"");
    // without -z a NUL ends the name, as in git's C strings
    f.assert_same(&["cat-file", "--batch-check"], b"HEAD\0ignored\nHEAD:a\n");
}

#[test]
fn cat_file_batch_command_answers_info_contents_and_flush_as_git() {
    let f = tree_with_gitlink();
    let good = b"info HEAD\ncontents HEAD:a\ninfo nonexist\ninfo \ncontents v1\n";
    for opts in [&[][..], &["--buffer"], &["-Z"]] {
        let args: Vec<&str> = [&["cat-file", "--batch-command"][..], opts].concat();
        f.assert_same(&args, good);
        for bad in [
            &b"flush\n"[..],
            b"\n",
            b" info HEAD\n",
            b"bogus HEAD\n",
            b"info\n",
            b"infoHEAD\n",
            b"flush x\n",
            b"info HEAD\ninfo",
            b"info HEAD\nflush\ncontents v1\ncontents\n",
        ] {
            f.assert_same(&args, bad);
        }
    }
    f.assert_same(
        &["cat-file", "--batch-command=%(objectname) [%(rest)]"],
        b"info HEAD x\n",
    );
    f.assert_same(&["cat-file", "--batch-command", "--batch-all-objects"], b"");
    f.assert_same(&["cat-file", "--batch-command", "--batch"], b"");
    f.assert_same(&["cat-file", "--batch-command", "-p"], b"");
}

#[test]
fn batch_takes_a_loose_object_with_an_unreadable_header_as_missing_and_goes_on() {
    let f = tree_with_gitlink();
    let truncated = zlib(b"blob 3\0abcdef");
    let damaged = [
        plant_loose(&f, '2', &zlib(b"blob")),
        plant_loose(&f, '3', &truncated[..8]),
        plant_loose(&f, '4', b""),
        plant_loose(&f, '6', &zlib(b"blob x\0abc")),
    ];
    for id in &damaged {
        let input = format!("{id}\nHEAD\n");
        for mode in ["--batch-check", "--batch"] {
            f.assert_same(&["cat-file", mode], input.as_bytes());
            assert_same_in(&f, "sub dir", &[], &["cat-file", mode], input.as_bytes());
        }
    }
    // not zlib at all: git's words for the failure are zlib's, the rest is the same
    let garbage = plant_loose(&f, '1', b"garbage");
    let input = format!("{garbage}\nHEAD\n");
    let g = f.git_output(&["cat-file", "--batch-check"], input.as_bytes());
    let s = f.gitstore_output(&["cat-file", "--batch-check"], input.as_bytes());
    assert_eq!((s.status.code(), s.stdout), (g.status.code(), g.stdout));
    let last = |o: &[u8]| {
        String::from_utf8_lossy(o)
            .lines()
            .last()
            .map(str::to_string)
    };
    assert_eq!(last(&s.stderr), last(&g.stderr));
}

#[test]
fn relative_paths_in_names_follow_the_current_directory_in_batch_mode_and_ls_tree() {
    let f = tree_with_gitlink();
    let names = b"HEAD:./deep/f\nHEAD:../a\nHEAD:deep\n";
    assert_same_in(&f, "sub dir", &[], &["cat-file", "--batch-check"], names);
    assert_same_in(&f, "sub dir", &[], &["cat-file", "--batch"], names);
    // git dies of a path that leaves the work tree, or of one outside any work tree
    let leaving = b"HEAD:./deep/f\nHEAD:../../x\nHEAD:a\n";
    assert_same_in(&f, "sub dir", &[], &["cat-file", "--batch-check"], leaving);
    assert_same_in(
        &f,
        ".git",
        &[],
        &["cat-file", "--batch-check"],
        b"HEAD:./a\n",
    );
    assert_same_in(&f, "sub dir", &[], &["ls-tree", "HEAD:./deep"], b"");
    assert_same_in(&f, "sub dir", &[], &["ls-tree", "HEAD:../../x"], b"");
    assert_same_in(&f, ".git", &[], &["ls-tree", "HEAD:./a"], b"");
}
