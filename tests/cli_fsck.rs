//! `gitstore fsck` on sound repositories with history (merges, octopus, several roots, tags,
//! a submodule) against git, the library's typed report, and where gitstore is deliberately
//! better than git: a FIFO where a loose object should be does not hang it.

mod common;

use common::{assert_identical_env, Fixture};
use gitstore::fsck::{fsck, ErrorClass, Finding, FsckOptions};
use gitstore::Repository;

/// The history fixture without its index (the index as a root is proven in `fsck_index.rs`).
fn history() -> Fixture {
    let f = Fixture::from_script("history_graph");
    let _ = std::fs::remove_file(f.git_dir().join("index"));
    f
}

#[test]
fn sound_history_with_every_listing_option_matches_git() {
    let f = history();
    for args in [
        &["fsck"][..],
        &["fsck", "--strict"],
        &["fsck", "--root"],
        &["fsck", "--tags"],
        &["fsck", "--unreachable"],
        &["fsck", "--name-objects", "--root", "--tags"],
        &["fsck", "--no-dangling"],
        &["fsck", "--connectivity-only", "--root"],
        &["fsck", "--no-progress"],
    ] {
        assert_identical_env(&f, args, b"", &[], &[]);
    }
}

#[test]
fn missing_deep_objects_are_named_by_path_from_the_ref() {
    let f = history();
    // remove every blob of the oldest commits' trees that nothing newer shares
    let tip = f.git_str(&["rev-list", "--max-parents=0", "--all"]);
    let root = tip.lines().next().unwrap().to_string();
    let ls = f.git_str(&["ls-tree", "-r", &root]);
    let blob = ls
        .lines()
        .find(|l| l.contains(" blob "))
        .and_then(|l| l.split_whitespace().nth(2))
        .unwrap()
        .to_string();
    let path = f
        .git_dir()
        .join("objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    if path.exists() {
        std::fs::remove_file(path).unwrap();
    }
    assert_identical_env(&f, &["fsck", "--name-objects"], b"", &[], &[]);
    assert_identical_env(&f, &["fsck"], b"", &[], &[]);
}

#[test]
fn library_report_is_typed() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    std::fs::remove_file(f.git_dir().join("index")).unwrap();
    let lost = f.git_stdin(&["hash-object", "-w", "--stdin"], b"lost\n");
    let lost = String::from_utf8(lost).unwrap();
    let repo = Repository::open(f.git_dir()).unwrap();
    let report = fsck(&repo, &FsckOptions::new()).unwrap();
    assert_eq!(report.exit_code(), 0);
    let dangling: Vec<String> = report
        .findings
        .iter()
        .filter_map(|x| match x {
            Finding::Dangling { id, .. } => Some(id.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(dangling, vec![lost.trim().to_string()]);

    let blob = f.git_str(&["rev-parse", "main:a"]);
    let path = f
        .git_dir()
        .join("objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(path).unwrap();
    let repo = Repository::open(f.git_dir()).unwrap();
    let report = fsck(&repo, &FsckOptions::new()).unwrap();
    assert!(report.errors.contains(&ErrorClass::Reachable));
    assert!(report
        .findings
        .iter()
        .any(|x| matches!(x, Finding::Missing { id, .. } if id.to_string() == blob)));
}

/// git opens a FIFO in `objects/` and blocks on it forever; gitstore checks the file type
/// first and reports it.
#[test]
fn fifo_in_place_of_a_loose_object_does_not_hang() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    std::fs::remove_file(f.git_dir().join("index")).unwrap();
    let fifo = f
        .git_dir()
        .join("objects/ab/cdef0123456789abcdef0123456789abcdef01");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = f
        .gitstore_command(&["fsck"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("gitstore fsck hangs on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: .git/objects/ab/cdef0123456789abcdef0123456789abcdef01: not a regular file\n"
    );
}

/// A flipped byte in a pack: git dies reading the tip (exit 128) after its own pack messages;
/// gitstore reports the pack, checks what still reads, and exits with the pack bit set.
#[test]
fn flipped_byte_in_a_pack_is_reported_as_pack_damage() {
    let f = Fixture::new();
    for i in 0..3 {
        f.write(&format!("f{i}"), format!("{i}\n"));
        f.commit_all(&format!("c{i}"));
    }
    std::fs::remove_file(f.git_dir().join("index")).unwrap();
    f.git(&["repack", "-qad"]);
    let pack = f.pack_file();
    let mut bytes = std::fs::read(&pack).unwrap();
    bytes[40] ^= 0xff;
    let _ = std::fs::remove_file(&pack);
    std::fs::write(&pack, &bytes).unwrap();
    let out = f.gitstore_output(&["fsck"], b"");
    let code = out.status.code().unwrap();
    assert_ne!(code & 4, 0, "pack bit in {code}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(".pack") || stderr.contains(".idx"),
        "{stderr}"
    );
    assert!(stderr.contains("invalid sha1 pointer"), "{stderr}");
}
