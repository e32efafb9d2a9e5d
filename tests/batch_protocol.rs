//! The batch protocol as a library type ([`gitstore::batch::Batch`]), driven in process and
//! compared with what `git cat-file --batch*` prints on the same repository, byte for byte.

mod common;

use common::Fixture;
use gitstore::batch::{Answer, Batch, BatchError, CommandError, FormatError, Mode, Note, Options};
use gitstore::error::HeaderDamage;
use gitstore::revision::Diagnostic;
use gitstore::{Kind, ObjectId, Repository};

/// The history fixture, plus two blobs whose ids share their first four hex digits (so the
/// returned prefix is ambiguous).
fn fixture() -> (Fixture, Repository, String) {
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).expect("open");
    let mut seen = std::collections::HashMap::new();
    let mut i = 0u32;
    let prefix = loop {
        let data = format!("ambiguous {i}\n");
        let id = gitstore::hash::hash_object(Kind::Blob, data.as_bytes()).unwrap();
        let prefix = id.to_string()[..4].to_string();
        if let Some(other) = seen.insert(prefix.clone(), data.clone()) {
            repo.odb().write(Kind::Blob, other.as_bytes()).unwrap();
            repo.odb().write(Kind::Blob, data.as_bytes()).unwrap();
            break prefix;
        }
        i += 1;
    };
    (f, repo, prefix)
}

/// Names of every sort: full ids (packed and loose), revisions, paths, tags, a missing name and
/// an ambiguous abbreviation.
fn names(f: &Fixture, ambiguous: &str) -> Vec<u8> {
    let head = f.git_str(&["rev-parse", "HEAD"]);
    let packed_blob = f.git_str(&["rev-parse", "v1.0:src/main.c"]);
    let lines = [
        "HEAD".to_string(),
        head,
        packed_blob,
        "HEAD^{tree}".into(),
        "HEAD:src/main.c".into(),
        "v1.0".into(),
        "v1.0-outer^{}".into(),
        "main~3:notes".into(),
        "nosuch".into(),
        "HEAD:no/such/path".into(),
        "0000000000000000000000000000000000000000".into(),
        ambiguous.into(),
        "signed".into(),
    ];
    let mut input = lines.join("\n").into_bytes();
    input.push(b'\n');
    input
}

/// Runs a whole input through the library, as `Batch::run` does.
fn library(repo: &Repository, options: Options, input: &[u8]) -> Vec<u8> {
    let mut batch = Batch::new(repo, options).expect("format");
    let mut out = Vec::new();
    batch.run(input, &mut out).expect("batch");
    out
}

fn options(mode: Mode) -> Options {
    Options::new(mode)
}

#[test]
fn batch_check_and_batch_answer_as_git_does() {
    let (f, repo, ambiguous) = fixture();
    let input = names(&f, &ambiguous);
    for (args, mode) in [("--batch-check", Mode::Info), ("--batch", Mode::Contents)] {
        let git = f.git_stdin(&["cat-file", args], &input);
        let text = String::from_utf8_lossy(&git);
        assert!(
            text.contains(&format!("\n{ambiguous} ambiguous\n")),
            "{text}"
        );
        assert!(text.contains("\nnosuch missing\n"), "{text}");
        assert_eq!(library(&repo, options(mode), &input), git, "{args}");
    }
}

#[test]
fn every_atom_and_rest_match_git() {
    let (f, repo, ambiguous) = fixture();
    let format = "%(objectname) %(objecttype) %(objectsize) %(objectsize:disk) %(deltabase) \
                  [%(rest)] 100%% %x";
    let mut input = names(&f, &ambiguous);
    input.extend_from_slice(b"HEAD   some rest\twith tab\nv2.0\tx\n");
    let git = f.git_stdin(&["cat-file", &format!("--batch-check={format}")], &input);
    let opts = Options {
        format: Some(format.into()),
        ..options(Mode::Info)
    };
    assert_eq!(library(&repo, opts, &input), git);
}

#[test]
fn batch_all_objects_sorted_and_unordered_match_git() {
    let (f, repo, _) = fixture();
    for (args, mode, unordered) in [
        (&["--batch-check"][..], Mode::Info, false),
        (&["--batch", "--unordered"][..], Mode::Contents, true),
        (&["--batch-command"][..], Mode::Info, false),
    ] {
        let mut git_args = vec!["cat-file", "--batch-all-objects"];
        git_args.extend_from_slice(args);
        let git = f.git(&git_args);
        let mut batch = Batch::new(&repo, options(mode)).unwrap();
        let mut out = Vec::new();
        batch.write_all_objects(unordered, &mut out).unwrap();
        assert_eq!(out, git, "{args:?}");
    }
}

#[test]
fn batch_command_with_buffer_answers_at_flush_and_at_the_end() {
    let (f, repo, ambiguous) = fixture();
    let input = format!(
        "info HEAD\ncontents HEAD:src/main.c\nflush\ninfo nosuch\ncontents v1.0\n\
         info {ambiguous}\nflush\ncontents HEAD^{{tree}}\ninfo HEAD~2\n"
    );
    let git = f.git_stdin(
        &["cat-file", "--batch-command", "--buffer"],
        input.as_bytes(),
    );
    let opts = Options {
        buffer: true,
        ..options(Mode::Command)
    };
    assert_eq!(library(&repo, opts, input.as_bytes()), git);

    // line by line: nothing is written until `flush`, then every queued answer
    let mut batch = Batch::new(
        &repo,
        Options {
            buffer: true,
            ..options(Mode::Command)
        },
    )
    .unwrap();
    let mut out = Vec::new();
    let mut answers = Vec::new();
    for line in input.lines() {
        answers.push(batch.answer(line.as_bytes(), &mut out).unwrap());
        if answers.len() == 2 {
            assert!(out.is_empty(), "queued answers were written before flush");
        }
    }
    batch.finish(&mut out).unwrap();
    assert_eq!(out, git);
    assert_eq!(answers.iter().filter(|a| **a == Answer::Flushed).count(), 2);
    assert!(answers
        .iter()
        .all(|a| matches!(a, Answer::Queued | Answer::Flushed)));
}

#[test]
fn batch_command_unbuffered_answers_each_line_and_names_what_it_found() {
    let (f, repo, ambiguous) = fixture();
    let head = ObjectId::from_hex(f.git_str(&["rev-parse", "HEAD"]).as_bytes()).unwrap();
    let input = format!("info HEAD\ncontents nosuch\ninfo {ambiguous}\ncontents HEAD\n");
    let git = f.git_stdin(&["cat-file", "--batch-command"], input.as_bytes());

    let mut notes = Vec::new();
    let mut batch = Batch::new(&repo, options(Mode::Command)).unwrap();
    batch.on_note(|note| {
        if let Note::Resolve(Diagnostic::AmbiguousPrefix { prefix, candidates }) = note {
            notes.push((prefix.to_string(), candidates.len()));
        }
    });
    let mut out = Vec::new();
    let mut answers = Vec::new();
    for line in input.lines() {
        answers.push(batch.answer(line.as_bytes(), &mut out).unwrap());
    }
    batch.finish(&mut out).unwrap();
    drop(batch);
    assert_eq!(out, git);
    assert_eq!(
        answers,
        [
            Answer::Found(head),
            Answer::Missing,
            Answer::Ambiguous,
            Answer::Found(head)
        ]
    );
    assert_eq!(notes, [(ambiguous, 2)]);
}

#[test]
fn nul_delimited_input_and_output_match_git() {
    let (f, repo, ambiguous) = fixture();
    let input = names(&f, &ambiguous);
    let nul_input: Vec<u8> = input
        .iter()
        .map(|&b| if b == b'\n' { 0 } else { b })
        .collect();
    for (flag, nul_output) in [("-z", false), ("-Z", true)] {
        for (mode_arg, mode) in [("--batch", Mode::Contents), ("--batch-check", Mode::Info)] {
            let git = f.git_stdin(&["cat-file", mode_arg, flag], &nul_input);
            let opts = Options {
                nul_input: true,
                nul_output,
                ..options(mode)
            };
            assert_eq!(library(&repo, opts, &nul_input), git, "{mode_arg} {flag}");
        }
    }
    let commands = b"info HEAD\0contents HEAD:src/main.c\0flush\0info nosuch\0";
    let git = f.git_stdin(&["cat-file", "--batch-command", "--buffer", "-Z"], commands);
    let opts = Options {
        buffer: true,
        nul_input: true,
        nul_output: true,
        ..options(Mode::Command)
    };
    assert_eq!(library(&repo, opts, commands), git);
}

#[test]
fn a_bad_command_stops_after_the_answers_git_prints_first() {
    let (f, repo, _) = fixture();
    let input = b"info HEAD\ninfo\ninfo HEAD\n";
    let git = f.git_output(&["cat-file", "--batch-command"], input);
    assert!(!git.status.success());
    let mut batch = Batch::new(&repo, options(Mode::Command)).unwrap();
    let mut out = Vec::new();
    let err = batch.run(&input[..], &mut out).unwrap_err();
    assert!(matches!(
        err,
        BatchError::Command(CommandError::MissingName { command: "info" })
    ));
    assert_eq!(out, git.stdout);
}

#[test]
fn an_unknown_atom_is_a_typed_error() {
    let (_f, repo, _) = fixture();
    let opts = Options {
        format: Some("%(objectname) %(color)".into()),
        ..options(Mode::Info)
    };
    let err = Batch::new(&repo, opts).unwrap_err();
    assert!(matches!(
        err,
        BatchError::Format(FormatError::UnknownAtom { ref atom }) if atom == "color"
    ));
    // and it converts into the crate's error with `?`
    let _: gitstore::Error = err.into();
}

#[test]
fn an_empty_loose_object_is_answered_missing_with_a_note() {
    let (f, repo, _) = fixture();
    let id = "abcdef0123456789abcdef0123456789abcdef01";
    let dir = f.git_dir().join("objects/ab");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&id[2..]), b"").unwrap();
    let input = format!("{id}\nHEAD\n");
    let git = f.git_output(&["cat-file", "--batch-check"], input.as_bytes());

    let mut damaged = Vec::new();
    let mut batch = Batch::new(&repo, options(Mode::Info)).unwrap();
    batch.on_note(|note| {
        if let Note::DamagedHeader { id, damage } = note {
            damaged.push((*id, damage));
        }
    });
    let mut out = Vec::new();
    batch.run(input.as_bytes(), &mut out).unwrap();
    drop(batch);
    assert_eq!(out, git.stdout);
    assert_eq!(
        damaged,
        [(
            ObjectId::from_hex(id.as_bytes()).unwrap(),
            HeaderDamage::Empty
        )]
    );
}

/// Input that arrives in pieces: each `fill_buf` hands out what one write of the other side
/// would have sent.
struct Pieces(std::collections::VecDeque<Vec<u8>>);

impl std::io::Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::BufRead::fill_buf(self)?.len().min(buf.len());
        buf[..n].copy_from_slice(&self.0[0][..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Pieces {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.0.front().is_some_and(Vec::is_empty) {
            self.0.pop_front();
        }
        Ok(self.0.front().map_or(&[][..], |p| &p[..]))
    }
    fn consume(&mut self, n: usize) {
        if let Some(p) = self.0.front_mut() {
            p.drain(..n);
        }
    }
}

/// Output that remembers how much had been written at each flush that had something to do.
#[derive(Default)]
struct Flushes {
    written: Vec<u8>,
    at: Vec<usize>,
}

impl std::io::Write for Flushes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if !self.written.is_empty() && self.at.last() != Some(&self.written.len()) {
            self.at.push(self.written.len());
        }
        Ok(())
    }
}

#[test]
fn unbuffered_answers_are_flushed_before_waiting_for_more_input() {
    let (_f, repo, _) = fixture();
    let run = |buffer: bool, pieces: &[&str]| {
        let mut batch = Batch::new(
            &repo,
            Options {
                buffer,
                ..options(Mode::Info)
            },
        )
        .unwrap();
        let input = Pieces(pieces.iter().map(|p| p.as_bytes().to_vec()).collect());
        let mut out = Flushes::default();
        batch.run(input, &mut out).unwrap();
        (out.written, out.at)
    };
    let (written, at) = run(false, &["nosuch\n", "nothing\n"]);
    assert_eq!(written, b"nosuch missing\nnothing missing\n");
    assert_eq!(
        at,
        [15, 31],
        "each answer goes out before the next line is awaited"
    );
    // what has already arrived is answered without a flush per line
    let (_, at) = run(false, &["nosuch\nnothing\n"]);
    assert_eq!(at, [31]);
    let (_, at) = run(true, &["nosuch\n", "nothing\n"]);
    assert_eq!(at, [31], "--buffer flushes at the end only");
}

#[test]
fn relative_paths_are_taken_from_the_prefix() {
    let (f, repo, _) = fixture();
    let input = b"HEAD:./main.c\nHEAD:../run.sh\nHEAD:main.c\n";
    let git = f.git_stdin(&["-C", "src", "cat-file", "--batch-check"], input);
    assert!(!git.starts_with(b"HEAD:"), "git found ./main.c in src/");
    let opts = Options {
        prefix: Some("src/".into()),
        ..options(Mode::Info)
    };
    assert_eq!(library(&repo, opts, input), git);
}
