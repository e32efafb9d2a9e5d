//! Readers beside git's own maintenance: while real `git repack -adf`, `git gc --prune=now` and
//! `git repack -a -d` rewrite the object store, readers stream every object that was there
//! before and is still there after — through the library (an `Odb` opened before the
//! maintenance, one opened during it; whole reads, headers and streams) and through a
//! long-lived `gitstore cat-file --batch` process — and none of their reads fails.

mod common;

use common::Fixture;
use gitstore::odb::Odb;
use gitstore::ObjectId;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

const ROUNDS: usize = 6;

/// Every object the refs reach: what `gc --prune=now` keeps.
fn reachable(f: &Fixture) -> Vec<ObjectId> {
    f.git_str(&["rev-list", "--objects", "--all", "--no-object-names"])
        .lines()
        .map(|l| ObjectId::from_hex(l.as_bytes()).unwrap())
        .collect()
}

/// Adds a commit of new files, so each round's maintenance has loose objects to pack.
fn grow(f: &Fixture, round: usize) {
    for n in 0..8 {
        f.write(
            &format!("dir{}/file{n}.txt", round % 3),
            format!("round {round} file {n}\n").repeat(40 + n),
        );
    }
    f.commit_all(&format!("round {round}"));
}

/// Reads every id in `ids` whole, by header and as a stream, until `stop`; panics on the first
/// failure; returns how many full passes it made.
fn library_reader(odb: &Odb, ids: &[ObjectId], stop: &AtomicBool) -> usize {
    let mut buf = Vec::new();
    let mut streamed = Vec::new();
    let mut passes = 0;
    loop {
        let last = stop.load(Ordering::SeqCst);
        for id in ids {
            let kind = match odb.try_read(id, &mut buf) {
                Ok(Some(kind)) => kind,
                other => panic!("reading {id} beside git's maintenance: {other:?}"),
            };
            let header = odb
                .read_header(id)
                .unwrap_or_else(|e| panic!("header of {id}: {e}"));
            assert_eq!((header.kind, header.size), (kind, buf.len() as u64), "{id}");
            let mut stream = match odb.open_stream(id) {
                Ok(Some(s)) => s,
                other => panic!("streaming {id}: {other:?}"),
            };
            streamed.clear();
            stream
                .read_to_end(&mut streamed)
                .unwrap_or_else(|e| panic!("stream of {id}: {e}"));
            assert!(streamed == buf, "stream of {id} differs from its read");
        }
        passes += 1;
        if last {
            return passes;
        }
    }
}

/// A `gitstore cat-file --batch` process that lives through every round.
struct BatchReader {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl BatchReader {
    fn start(f: &Fixture) -> BatchReader {
        let mut child = f
            .gitstore_command(&["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn gitstore cat-file --batch");
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        BatchReader {
            child,
            input,
            output,
        }
    }

    /// Asks for every id until `stop`; panics on an answer other than the object.
    fn read_until(&mut self, ids: &[ObjectId], stop: &AtomicBool) -> usize {
        let mut line = String::new();
        let mut body = Vec::new();
        let mut passes = 0;
        loop {
            let last = stop.load(Ordering::SeqCst);
            for id in ids {
                writeln!(self.input, "{id}").unwrap();
                self.input.flush().unwrap();
                line.clear();
                self.output.read_line(&mut line).unwrap();
                let mut words = line.split_whitespace();
                assert_eq!(
                    words.next(),
                    Some(&*id.to_string()),
                    "cat-file --batch: {line}"
                );
                let size: usize = match (words.next(), words.next()) {
                    (Some(_kind), Some(size)) => size.parse().unwrap(),
                    _ => panic!("cat-file --batch beside git's maintenance: {line}"),
                };
                body.resize(size + 1, 0);
                self.output.read_exact(&mut body).unwrap();
                assert_eq!(body[size], b'\n');
            }
            passes += 1;
            if last {
                return passes;
            }
        }
    }

    fn finish(mut self) {
        drop(self.input);
        assert!(self.child.wait().unwrap().success());
    }
}

#[test]
fn readers_never_miss_an_object_beside_git_repack_adf_and_gc_prune_now() {
    let f = common::history_repo();
    let objects = f.git_dir().join("objects");
    let stale = Odb::open(&objects).unwrap();
    let mut batch = BatchReader::start(&f);
    for round in 0..ROUNDS {
        grow(&f, round);
        // present before; the maintenance keeps everything reachable, so present after too
        let ids = reachable(&f);
        let maintenance: &[&str] = match round % 3 {
            0 => &["repack", "-adf", "-q"],
            1 => &["gc", "--prune=now", "--quiet"],
            _ => &["repack", "-a", "-d", "-q"],
        };
        let stop = AtomicBool::new(false);
        let passes = std::thread::scope(|s| {
            let old = s.spawn(|| library_reader(&stale, &ids, &stop));
            let fresh = s.spawn(|| library_reader(&Odb::open(&objects).unwrap(), &ids, &stop));
            let process = s.spawn(|| batch.read_until(&ids, &stop));
            f.git(maintenance);
            stop.store(true, Ordering::SeqCst);
            [old.join(), fresh.join(), process.join()].map(|r| r.unwrap())
        });
        assert!(passes.iter().all(|&p| p >= 1), "round {round}: {passes:?}");
        let after: std::collections::HashSet<ObjectId> = reachable(&f).into_iter().collect();
        assert!(
            ids.iter().all(|id| after.contains(id)),
            "round {round}: an object went away"
        );
    }
    batch.finish();
    f.git(&["fsck", "--strict", "--no-dangling"]);
}
