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

// ---- verify-pack on corrupt packs and indexes -------------------------------------------

use gitstore::hash::FileChecksum;
use gitstore::limits::Limits;
use gitstore::pack::{check_pack, Pack, PackCheckError};
use std::path::Path;

/// A repository with one pack (compression 0 when `stored`, so entry data can be edited in
/// place), returning the fixture and the pack's `.idx` path relative to it.
fn one_pack_repo(stored: bool) -> (Fixture, String) {
    let f = Fixture::new();
    f.git(&["config", "gc.auto", "0"]);
    if stored {
        f.git(&["config", "pack.compression", "0"]);
    }
    for i in 0..6 {
        let body: String = (0..40)
            .map(|l| format!("line {l} rev {}\n", i / 2))
            .collect();
        f.write("f.txt", body);
        f.write(&format!("g{}.txt", i % 3), format!("g {i}\n"));
        f.commit_all(&format!("c{i}"));
    }
    f.git(&["repack", "-adfq"]);
    let idx = std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    let rel = idx
        .strip_prefix(&f.path)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    (f, rel)
}

fn edit(path: &Path, change: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = std::fs::read(path).unwrap();
    change(&mut bytes);
    let _ = std::fs::remove_file(path);
    std::fs::write(path, &bytes).unwrap();
}

fn reseal(bytes: &mut [u8]) {
    let n = bytes.len() - 20;
    let sum = FileChecksum::of(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum);
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
}

/// (CRC table position, offset) of every entry of a v2 index.
fn idx_entries(idx: &[u8]) -> Vec<(usize, u64)> {
    let n = be32(idx, 8 + 1020) as usize;
    (0..n)
        .map(|k| {
            (
                8 + 1024 + n * 20 + 4 * k,
                be32(idx, 8 + 1024 + n * 24 + 4 * k) as u64,
            )
        })
        .collect()
}

/// Compares `verify-pack` (plain, `-v`, `-s`) with git: stdout, exit code and the `fatal:`
/// line. git's other stderr lines (it also complains each time it looks an object up in the
/// broken pack) are not compared.
fn assert_verify_pack_like_git(f: &Fixture, target: &str) -> String {
    let mut fatal = String::new();
    for flags in [&[][..], &["-v"][..], &["-s"][..]] {
        let mut args = vec!["verify-pack"];
        args.extend_from_slice(flags);
        args.push(target);
        let g = f.git_output(&args, b"");
        let s = f.gitstore_output(&args, b"");
        let last = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| !l.contains("does not match index"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            (
                String::from_utf8_lossy(&s.stdout),
                s.status.code(),
                last(&s)
            ),
            (
                String::from_utf8_lossy(&g.stdout),
                g.status.code(),
                last(&g)
            ),
            "gitstore (left) and git (right) differ for {args:?}"
        );
        fatal = last(&s).last().cloned().unwrap_or_default();
    }
    fatal
}

#[test]
fn verify_pack_lists_every_entry_when_only_the_index_checksum_is_wrong() {
    let (f, idx) = one_pack_repo(false);
    edit(&f.path.join(&idx), |b| *b.last_mut().unwrap() ^= 1);
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert_eq!(fatal, format!("fatal: sha1 file '{idx}' validation error"));
    let check = check_pack(&f.path.join(&idx), Limits::default());
    assert!(check.report.is_some_and(|r| !r.objects.is_empty()));
    assert!(matches!(check.error, Some(PackCheckError::Index { .. })));
}

#[test]
fn verify_pack_detects_a_crc_mismatch_and_still_lists_the_entries() {
    let (f, idx) = one_pack_repo(false);
    let path = f.path.join(&idx);
    edit(&path, |b| {
        let (crc_at, _) = idx_entries(b)[0];
        b[crc_at] ^= 1;
        reseal(b);
    });
    // the library's strict check names the entry
    let err = Pack::open(&path).unwrap().verify().unwrap_err().to_string();
    assert!(err.contains("CRC32 mismatch"), "{err}");
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(fatal.ends_with("validation error"), "{fatal}");
}

#[test]
fn verify_pack_detects_an_object_whose_content_no_longer_matches_its_id() {
    let (f, idx) = one_pack_repo(true);
    let idx_path = f.path.join(&idx);
    let pack_path = idx_path.with_extension("pack");
    let idx_bytes = std::fs::read(&idx_path).unwrap();
    let pack_bytes = std::fs::read(&pack_path).unwrap();
    // the largest whole blob: its data is stored uncompressed (level 0)
    let mut offsets: Vec<u64> = idx_entries(&idx_bytes).iter().map(|e| e.1).collect();
    offsets.sort();
    let end = pack_bytes.len() as u64 - 20;
    let (start, next) = offsets
        .iter()
        .zip(offsets.iter().skip(1).chain(std::iter::once(&end)))
        .map(|(&a, &b)| (a, b))
        .filter(|&(a, _)| (pack_bytes[a as usize] >> 4) & 7 == 3)
        .max_by_key(|&(a, b)| b - a)
        .unwrap();
    let (start, next) = (start as usize, next as usize);
    let mut header_len = 1;
    while pack_bytes[start + header_len - 1] & 0x80 != 0 {
        header_len += 1;
    }
    let zdata = &pack_bytes[start + header_len..next];
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(zdata), &mut plain).unwrap();
    let mid = plain.len() / 2;
    plain[mid] ^= 1;
    let mut again = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(0));
    again.write_all(&plain).unwrap();
    let again = again.finish().unwrap();
    assert_eq!(again.len(), zdata.len(), "stored deflate keeps its length");
    edit(&pack_path, |b| {
        b[start + header_len..next].copy_from_slice(&again);
        reseal(b);
    });
    let pack_sum = std::fs::read(&pack_path).unwrap()[end as usize..].to_vec();
    edit(&idx_path, |b| {
        // the index now points at the right pack, but lists the object under its old id
        let n = b.len();
        b[n - 40..n - 20].copy_from_slice(&pack_sum);
        reseal(b);
    });
    let err = Pack::open(&idx_path).unwrap().verify().unwrap_err();
    assert!(err.to_string().contains("CRC32") || err.to_string().contains("hash"));
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(fatal.ends_with("validation error"), "{fatal}");
}

#[test]
fn verify_pack_detects_bad_pack_magic_version_and_trailing_checksum() {
    for (what, change, message) in [
        ("magic", 0usize, "fatal: pack signature mismatch"),
        ("version", 7, "fatal: pack version 3 unsupported"),
        ("version", 6, "fatal: pack version 258 unsupported"),
    ] {
        let (f, idx) = one_pack_repo(false);
        let pack = f.path.join(&idx).with_extension("pack");
        edit(&pack, |b| {
            b[change] ^= 1;
            reseal(b);
        });
        let check = check_pack(&f.path.join(&idx), Limits::default());
        if message.contains("version 3") {
            // version 3 is a valid pack version: the pack reads, its index no longer matches
            assert!(check.report.is_some(), "{what}");
            assert!(matches!(check.error, Some(PackCheckError::Index { .. })));
            assert_verify_pack_like_git(&f, &idx);
            continue;
        }
        assert!(check.report.is_none(), "{what}");
        assert!(
            matches!(
                check.error,
                Some(PackCheckError::Signature | PackCheckError::Version(258))
            ),
            "{what}"
        );
        assert_eq!(assert_verify_pack_like_git(&f, &idx), message);
    }
    let (f, idx) = one_pack_repo(false);
    let pack = f.path.join(&idx).with_extension("pack");
    edit(&pack, |b| *b.last_mut().unwrap() ^= 1);
    assert!(matches!(
        check_pack(&f.path.join(&idx), Limits::default()).error,
        Some(PackCheckError::Checksum)
    ));
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        "fatal: pack is corrupted (SHA1 mismatch)"
    );
}

#[test]
fn verify_pack_reports_damaged_entries_and_truncation_like_git() {
    let (f, idx) = one_pack_repo(false);
    let pack = f.path.join(&idx).with_extension("pack");
    let original = std::fs::read(&pack).unwrap();
    // a byte inside the first entry's compressed data
    edit(&pack, |b| {
        b[20] ^= 0x40;
        reseal(b);
    });
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(
        fatal.starts_with("fatal: pack has bad object at offset 12"),
        "{fatal}"
    );
    edit(&pack, |b| {
        *b = original[..original.len() / 2].to_vec();
    });
    assert_eq!(assert_verify_pack_like_git(&f, &idx), "fatal: early EOF");
    // the pack is gone
    std::fs::remove_file(&pack).unwrap();
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        format!("fatal: Cannot open existing pack file '{idx}'")
    );
}

#[test]
fn verify_pack_takes_a_base_name_with_a_dot_as_is() {
    let (f, idx) = one_pack_repo(false);
    let idx_path = f.path.join(&idx);
    std::fs::copy(&idx_path, f.path.join("y.foo.idx")).unwrap();
    std::fs::copy(idx_path.with_extension("pack"), f.path.join("y.foo.pack")).unwrap();
    for name in ["y.foo", "y.foo.idx", "y.foo.pack", "y.foo.bar"] {
        assert_identical(&f, &["verify-pack", "-v", name], b"");
        assert_identical(&f, &["verify-pack", "-s", name], b"");
    }
}

// ---- count-objects: garbage and alternates ------------------------------------------------

/// Runs `args` in `dir` (relative to the fixture) through git and gitstore; asserts identical
/// stdout, stderr and exit code.
fn assert_identical_in(f: &Fixture, dir: &str, args: &[&str]) {
    let run = |mut cmd: std::process::Command| {
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

#[test]
fn count_objects_groups_pack_garbage_like_git_from_any_directory() {
    let f = small_packed_repo();
    let pack_dir = f.git_dir().join("objects/pack");
    for (name, body) in [
        ("junk", "junk\n"),
        ("pack-aaaa.keep", "k\n"),
        ("pack-bbbb.idx", "i\n"),
        ("pack-bbbb.keep", "kk\n"),
        ("pack-bbbb.bitmap", "bm\n"),
        ("pack-cccc.pack", "p\n"),
        ("pack-cccc.rev", "rv\n"),
    ] {
        std::fs::write(pack_dir.join(name), body).unwrap();
    }
    // a .keep and a .rev next to a real pack are not garbage
    let real = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack") && p.metadata().unwrap().len() > 2)
        .unwrap();
    std::fs::write(real.with_extension("keep"), "").unwrap();
    std::fs::create_dir(pack_dir.join("subdir")).unwrap();
    let loose_dir = f.git_dir().join("objects/ab");
    std::fs::create_dir_all(&loose_dir).unwrap();
    std::fs::write(loose_dir.join("notanobject"), "x").unwrap();
    std::fs::create_dir_all(f.path.join("sub/deeper")).unwrap();
    for dir in ["", "sub/deeper", ".git", ".git/objects"] {
        assert_identical_in(&f, dir, &["count-objects", "-v"]);
        assert_identical_in(&f, dir, &["count-objects", "-vH"]);
    }
}

#[test]
fn count_objects_lists_alternates_like_git() {
    let a = small_packed_repo();
    let b = Fixture::bare();
    let c = Fixture::bare();
    std::fs::write(
        b.path.join("objects/info/alternates"),
        format!("{}\n", a.git_dir().join("objects").display()),
    )
    .unwrap();
    // relative to c's objects directory, then through b to a
    std::fs::write(
        c.path.join("objects/info/alternates"),
        format!(
            "../{}/objects\n",
            std::iter::repeat_n("..", c.path.components().count() - 1)
                .collect::<Vec<_>>()
                .join("/")
                + b.path.to_str().unwrap()
        ),
    )
    .unwrap();
    assert_identical(&b, &["count-objects", "-v"], b"");
    assert_identical(&c, &["count-objects", "-v"], b"");
    assert_identical(&c, &["cat-file", "-t", "main"], b"");
}

// ---- odb warnings -----------------------------------------------------------------------

#[test]
fn a_missing_alternate_is_reported_as_git_reports_it() {
    let a = small_packed_repo();
    let f = Fixture::new();
    std::fs::write(
        f.git_dir().join("objects/info/alternates"),
        format!(
            "/nonexistent-gitstore-test/objects\n{}\n{}/missing-objects\n",
            a.git_dir().join("objects").display(),
            a.path.display()
        ),
    )
    .unwrap();
    let head = a.git_str(&["rev-parse", "HEAD"]);
    assert_identical(&f, &["cat-file", "-t", &head], b"");
    assert_identical(&f, &["count-objects", "-v"], b"");
    assert_identical(
        &f,
        &["cat-file", "--batch-check"],
        format!("{head}\n").as_bytes(),
    );
    // git complains only once it looks an object up
    f.write("own.txt", "own\n");
    f.commit_all("own");
    for args in [
        &["rev-parse", "HEAD"][..],
        &["show-ref"][..],
        &["cat-file", "-t", "no-such-ref"][..],
        &["count-objects"][..],
        &["ls-tree", "HEAD"][..],
        &["cat-file", "--batch-check"][..],
    ] {
        assert_identical(&f, args, b"");
    }
}

#[test]
fn alternates_are_followed_six_levels_deep_like_git() {
    // r0 -> r1 -> ... -> r8: git reads r6's objects but not r6's alternates
    let repos: Vec<Fixture> = (0..9).map(|_| Fixture::bare()).collect();
    for w in repos.windows(2) {
        std::fs::write(
            w[0].path.join("objects/info/alternates"),
            format!("{}\n", w[1].path.join("objects").display()),
        )
        .unwrap();
    }
    let ids: Vec<String> = repos
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let body = format!("object of r{i}\n");
            str_of(r.git_stdin(&["hash-object", "-w", "--stdin"], body.as_bytes()))
        })
        .collect();
    for id in &ids {
        assert_identical(&repos[0], &["cat-file", "-t", id], b"");
    }
    let repo = gitstore::Repository::open(&repos[0].path).unwrap();
    assert_eq!(repo.odb().object_dirs().count(), 7);
    assert!(repo.odb().contains(&ids[6].parse().unwrap()).unwrap());
    assert!(!repo.odb().contains(&ids[7].parse().unwrap()).unwrap());
}

#[test]
fn a_corrupt_index_is_reported_and_the_other_packs_still_read() {
    let f = small_packed_repo();
    let pack_dir = f.git_dir().join("objects/pack");
    // 2000 bytes of noise as an index, next to a pack of the same name
    let mut state = 0x2545_f491_u32;
    let noise: Vec<u8> = (0..2000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(pack_dir.join("pack-1234.idx"), &noise).unwrap();
    std::fs::write(pack_dir.join("pack-1234.pack"), &noise[..100]).unwrap();
    let input = b"HEAD\nHEAD:a.txt\nHEAD~1\n";
    for args in [
        &["cat-file", "-t", "HEAD"][..],
        &["cat-file", "-p", "HEAD"][..],
        &["ls-tree", "HEAD"][..],
        &["count-objects", "-v"][..],
        &["cat-file", "--batch-check"][..],
    ] {
        let g = f.git_output(args, input);
        let s = f.gitstore_output(args, input);
        assert_eq!(
            (String::from_utf8_lossy(&s.stdout), s.status.code()),
            (String::from_utf8_lossy(&g.stdout), g.status.code()),
            "{args:?}"
        );
        // git repeats the complaint each time it retries the index; once is enough
        let lines = |o: &std::process::Output| {
            let mut l: Vec<String> = String::from_utf8_lossy(&o.stderr)
                .lines()
                .map(str::to_string)
                .collect();
            l.dedup();
            l
        };
        assert_eq!(lines(&s), lines(&g), "{args:?}");
        assert_eq!(
            lines(&s),
            vec!["error: non-monotonic index .git/objects/pack/pack-1234.idx".to_string()]
        );
    }
}

#[test]
fn delta_base_cache_limit_is_read_from_config() {
    let f = small_packed_repo();
    f.git(&["config", "core.deltaBaseCacheLimit", "3k"]);
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    assert_eq!(repo.limits().delta_base_cache, 3 * 1024);
    assert_eq!(repo.odb().limits().delta_base_cache, 3 * 1024);
    f.git(&["config", "core.deltaBaseCacheLimit", "0"]);
    assert_identical(&f, &["cat-file", "--batch-all-objects", "--batch"], b"");
    // git reads it as unsigned: a negative value is not a number
    f.git(&["config", "core.deltaBaseCacheLimit", "-5"]);
    let g = f.git_output(&["cat-file", "-t", "HEAD"], b"");
    let s = f.gitstore_output(&["cat-file", "-t", "HEAD"], b"");
    assert_eq!(s.status.code(), Some(128));
    assert_eq!(s.status.code(), g.status.code());
    assert!(s.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&s.stderr);
    assert!(
        stderr.contains("bad numeric config value '-5' for 'core.deltabasecachelimit'")
            && stderr.contains("invalid unit"),
        "{stderr}"
    );
}

// ---- REF_DELTA bases outside their pack, vanishing packs, cat-file TYPE --------------------

/// Writes a pack of raw entries (each the entry's header and data, already encoded) with its v2
/// index into `objects/pack`, named by its checksum as git names packs.
fn write_raw_pack(objects: &Path, entries: &[(gitstore::ObjectId, Vec<u8>)]) {
    let mut pack = b"PACK".to_vec();
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(entries.len() as u32).to_be_bytes());
    let mut listed = Vec::new();
    for (id, raw) in entries {
        listed.push((*id, pack.len() as u32, crc32fast::hash(raw)));
        pack.extend_from_slice(raw);
    }
    let sum = FileChecksum::of(&pack);
    pack.extend_from_slice(&sum);
    listed.sort_by_key(|e| e.0);
    let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for byte in 0..256usize {
        let n = listed
            .iter()
            .filter(|e| usize::from(e.0.as_bytes()[0]) <= byte)
            .count() as u32;
        idx.extend_from_slice(&n.to_be_bytes());
    }
    for e in &listed {
        idx.extend_from_slice(e.0.as_bytes());
    }
    for e in &listed {
        idx.extend_from_slice(&e.2.to_be_bytes());
    }
    for e in &listed {
        idx.extend_from_slice(&e.1.to_be_bytes());
    }
    idx.extend_from_slice(&sum);
    let idx_sum = FileChecksum::of(&idx);
    idx.extend_from_slice(&idx_sum);
    let name = format!("pack-{}", hex_of(&sum));
    let dir = objects.join("pack");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.pack")), pack).unwrap();
    std::fs::write(dir.join(format!("{name}.idx")), idx).unwrap();
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A pack entry header: type and size, git's variable-length encoding.
fn entry_header(kind: u8, mut size: usize) -> Vec<u8> {
    let mut out = vec![(kind << 4) | (size & 0x0f) as u8];
    size >>= 4;
    while size > 0 {
        *out.last_mut().unwrap() |= 0x80;
        out.push((size & 0x7f) as u8);
        size >>= 7;
    }
    out
}

fn varint(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// A REF_DELTA entry that rebuilds `base` followed by `tail`.
fn ref_delta_entry(base_id: &gitstore::ObjectId, base: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut delta = Vec::new();
    varint(base.len(), &mut delta);
    varint(base.len() + tail.len(), &mut delta);
    // copy the whole base (offset 0, size in two bytes), then insert the tail
    assert!(base.len() < 0x10000 && !tail.is_empty() && tail.len() < 0x80);
    delta.extend_from_slice(&[
        0x80 | 0x10 | 0x20,
        (base.len() & 0xff) as u8,
        (base.len() >> 8) as u8,
    ]);
    delta.push(tail.len() as u8);
    delta.extend_from_slice(tail);
    let mut raw = entry_header(7, delta.len());
    raw.extend_from_slice(base_id.as_bytes());
    raw.extend_from_slice(&zlib(&delta));
    raw
}

/// A repository whose only pack holds one REF_DELTA against a blob that is not in the pack.
fn thin_delta_repo() -> (Fixture, String, String, Vec<u8>) {
    let f = Fixture::new();
    let base: Vec<u8> = (0..200)
        .flat_map(|i| format!("base line {i}\n").into_bytes())
        .collect();
    let base_id = str_of(f.git_stdin(&["hash-object", "-w", "--stdin"], &base));
    let mut target = base.clone();
    target.extend_from_slice(b"one more line\n");
    let target_id = str_of(f.git_stdin(&["hash-object", "--stdin"], &target));
    let raw = ref_delta_entry(&base_id.parse().unwrap(), &base, b"one more line\n");
    write_raw_pack(
        &f.git_dir().join("objects"),
        &[(target_id.parse().unwrap(), raw)],
    );
    (f, base_id, target_id, target)
}

// git looks for a REF_DELTA base only in the delta's own pack (a thin pack has to be completed
// by `index-pack --fix-thin`) and calls such an object missing; gitstore's odb finds the base
// wherever it is, so these two are checked against the object's content, not against git.

#[test]
fn ref_delta_whose_base_is_a_loose_object_reads_through_the_odb() {
    let (f, _base_id, target_id, target) = thin_delta_repo();
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    let id: gitstore::ObjectId = target_id.parse().unwrap();
    let object = repo.odb().read(&id).unwrap();
    assert_eq!(object.kind, gitstore::Kind::Blob);
    assert_eq!(object.data, target);
    let h = repo.odb().read_header(&id).unwrap();
    assert_eq!(h.size, target.len() as u64);
    let out = f.gitstore_output(
        &["cat-file", "--batch-check"],
        format!("{target_id}\n").as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{target_id} blob {}\n", target.len())
    );
    assert_eq!(f.gitstore(&["cat-file", "blob", &target_id]), target);
}

#[test]
fn ref_delta_whose_base_is_in_another_pack_reads_through_the_odb() {
    let (f, base_id, target_id, target) = thin_delta_repo();
    // move the base into a pack of its own
    f.git_stdin(
        &["pack-objects", "-q", ".git/objects/pack/pack"],
        format!("{base_id}\n").as_bytes(),
    );
    f.git(&["prune-packed"]);
    let loose = f
        .git_dir()
        .join("objects")
        .join(&base_id[..2])
        .join(&base_id[2..]);
    assert!(!loose.exists());
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    let id: gitstore::ObjectId = target_id.parse().unwrap();
    assert_eq!(repo.odb().read(&id).unwrap().data, target);
    let h = repo.odb().read_header(&id).unwrap();
    assert_eq!(
        (h.kind, h.size),
        (gitstore::Kind::Blob, target.len() as u64)
    );
    // the base itself reads from its own pack like git reads it, and both packs count
    assert_identical(&f, &["cat-file", "-p", &base_id], b"");
    assert_identical(&f, &["count-objects", "-v"], b"");
    assert_eq!(f.gitstore(&["cat-file", "-p", &target_id]), target);
}

#[test]
fn a_pack_that_vanishes_before_its_first_read_is_found_again_after_a_repack() {
    let f = common::history_repo();
    let ids = str_of(f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname)",
    ]));
    let repo = gitstore::Repository::open(f.git_dir()).unwrap();
    let odb = repo.odb();
    // nothing read yet: the packs' indexes are open, their data never mapped; another process
    // now repacks everything into one new pack and deletes the old packs and loose objects
    f.git(&["repack", "-adq"]);
    f.git(&["prune-packed"]);
    f.git(&["prune", "--expire=now"]);
    let mut buf = Vec::new();
    for id in ids.lines() {
        let id: gitstore::ObjectId = id.parse().unwrap();
        let kind = odb.read_to(&id, &mut buf).unwrap();
        let h = odb.read_header(&id).unwrap();
        assert_eq!((h.kind, h.size), (kind, buf.len() as u64), "{id}");
    }
}

#[test]
fn cat_file_type_object_on_a_packed_repository_matches_git() {
    let f = common::history_repo();
    f.git(&["repack", "-adq"]);
    let listing = str_of(f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname) %(objecttype)",
    ]));
    for line in listing.lines() {
        let (id, kind) = line.split_once(' ').unwrap();
        assert_identical(&f, &["cat-file", kind, id], b"");
        // peeling (a commit as a tree, a tag as what it points at) and refusals
        for other in ["tree", "commit", "blob", "tag"] {
            if other != kind {
                assert_identical(&f, &["cat-file", other, id], b"");
            }
        }
    }
    assert_identical(&f, &["cat-file", "tree", "HEAD"], b"");
    assert_identical(&f, &["cat-file", "commit", "HEAD"], b"");
}

#[test]
fn verify_pack_reports_an_index_offset_past_its_large_table_like_git() {
    let (f, idx) = one_pack_repo(false);
    edit(&f.path.join(&idx), |b| {
        let n = be32(b, 8 + 1020) as usize;
        // the first entry's offset now names entry 1000 of an empty large-offset table
        let at = 8 + 1024 + n * 24;
        b[at..at + 4].copy_from_slice(&(0x8000_0000u32 | 1000).to_be_bytes());
        reseal(b);
    });
    let pack = idx.trim_end_matches(".idx").to_string() + ".pack";
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        format!("fatal: offset beyond end of pack index for {pack} (truncated index?)")
    );
}

#[test]
fn verify_pack_reports_a_damaged_zlib_checksum_and_an_entry_longer_than_announced_like_git() {
    let (f, idx) = one_pack_repo(false);
    let pack = f.path.join(&idx).with_extension("pack");
    let idx_bytes = std::fs::read(f.path.join(&idx)).unwrap();
    let mut offsets: Vec<u64> = idx_entries(&idx_bytes).iter().map(|e| e.1).collect();
    offsets.sort();
    // the last byte of the first entry is the end of its zlib checksum
    let end_of_first = offsets[1] as usize - 1;
    edit(&pack, |b| {
        b[end_of_first] ^= 0x01;
        reseal(b);
    });
    let fatal = assert_verify_pack_like_git(&f, &idx);
    assert!(
        fatal.starts_with("fatal: pack has bad object at offset 12"),
        "{fatal}"
    );
    // an entry header announcing one byte less than its data inflates to: git's buffer fills
    // before the stream ends
    let original = std::fs::read(&pack).unwrap();
    edit(&pack, |b| {
        b.copy_from_slice(&original);
        b[end_of_first] ^= 0x01;
        let low = b[12] & 0x0f;
        assert!(low > 0);
        b[12] = (b[12] & 0xf0) | (low - 1);
        reseal(b);
    });
    assert_eq!(
        assert_verify_pack_like_git(&f, &idx),
        "fatal: pack has bad object at offset 12: inflate returned -5"
    );
}
