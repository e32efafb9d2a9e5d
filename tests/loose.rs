//! The loose object store against git: what gitstore writes git reads and fscks, what git writes
//! gitstore reads; headers, streams, corruption and concurrent writers.

mod common;

use common::Fixture;
use gitstore::loose::LooseStore;
use gitstore::{Kind, ObjectId};
use std::io::Read;

fn store(f: &Fixture) -> LooseStore {
    LooseStore::new(f.git_dir().join("objects"))
}

#[test]
fn objects_written_by_gitstore_pass_fsck_and_read_back_through_git() {
    let f = Fixture::new();
    let loose = store(&f);
    let mut ids = Vec::new();
    let big: Vec<u8> = (0..300_000u32).flat_map(|i| i.to_le_bytes()).collect();
    for body in [
        &b""[..],
        b"hello\n",
        b"a\r\nb\r\n",
        &[0u8, 255, 1, 0][..],
        &big,
    ] {
        ids.push((loose.write(Kind::Blob, body).unwrap(), body.to_vec()));
    }
    let tree_body = {
        let mut t = b"100644 file\0".to_vec();
        t.extend_from_slice(ids[1].0.as_bytes());
        t
    };
    let tree = loose.write(Kind::Tree, &tree_body).unwrap();
    let commit_body = format!(
        "tree {tree}\nauthor A <a@b> 1700000000 +0000\ncommitter A <a@b> 1700000000 +0000\n\nmsg\n"
    );
    let commit = loose.write(Kind::Commit, commit_body.as_bytes()).unwrap();
    ids.push((tree, tree_body));
    ids.push((commit, commit_body.into_bytes()));
    f.git(&["fsck", "--strict", "--no-dangling"]);
    for (id, body) in &ids {
        let hex = id.to_string();
        let kind = f.git_str(&["cat-file", "-t", &hex]);
        assert_eq!(&f.git(&["cat-file", &kind, &hex]), body, "{hex}");
        let hex_body = f.git_str(&["cat-file", "-s", &hex]);
        assert_eq!(hex_body, body.len().to_string());
    }
    // files are read-only, with the mode git gives its own under this process's umask
    use std::os::unix::fs::PermissionsExt;
    let mode = |id: &ObjectId| {
        std::fs::metadata(loose.path_of(id))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let gits = f.git_stdin(&["hash-object", "-w", "--stdin"], b"written by git\n");
    let gits: ObjectId = String::from_utf8(gits).unwrap().trim().parse().unwrap();
    assert_eq!(mode(&gits) & 0o222, 0, "git's loose objects are read-only");
    assert_eq!(mode(&ids[0].0), mode(&gits));
}

#[test]
fn objects_written_by_git_read_identically() {
    let f = Fixture::new();
    let loose = store(&f);
    for body in [&b""[..], b"x", b"some text\n", &vec![7u8; 100_000][..]] {
        let id = f.git_stdin(&["hash-object", "-w", "--stdin"], body);
        let id: ObjectId = String::from_utf8(id).unwrap().trim().parse().unwrap();
        let mut out = Vec::new();
        assert_eq!(
            loose.read_verified(&id, &mut out).unwrap(),
            Some(Kind::Blob)
        );
        assert_eq!(out, body);
        let h = loose.read_header(&id).unwrap().unwrap();
        assert_eq!((h.kind, h.size), (Kind::Blob, body.len() as u64));
        let mut stream = loose.open_stream(&id).unwrap().unwrap();
        let mut streamed = Vec::new();
        stream.read_to_end(&mut streamed).unwrap();
        assert_eq!(streamed, body);
    }
}

#[test]
fn write_is_idempotent_and_missing_is_none() {
    let f = Fixture::new();
    let loose = store(&f);
    let a = loose.write(Kind::Blob, b"same").unwrap();
    let b = loose.write(Kind::Blob, b"same").unwrap();
    assert_eq!(a, b);
    let missing: ObjectId = "0000000000000000000000000000000000000001".parse().unwrap();
    let mut out = Vec::new();
    assert_eq!(loose.read(&missing, &mut out).unwrap(), None);
    assert_eq!(loose.read_header(&missing).unwrap(), None);
    assert!(loose.open_stream(&missing).unwrap().is_none());
    assert!(!loose.contains(&missing));
}

#[test]
fn streamed_write_matches_git_and_never_needs_the_whole_body() {
    let f = Fixture::new();
    let loose = store(&f);
    let size = 8 << 20;
    let mut reader = std::io::repeat(b'z').take(size);
    let id = loose.write_stream(Kind::Blob, size, &mut reader).unwrap();
    let data = vec![b'z'; size as usize];
    let git_id = f.git_stdin(&["hash-object", "--stdin"], &data);
    assert_eq!(id.to_string(), String::from_utf8(git_id).unwrap().trim());
    f.git(&["cat-file", "-e", &id.to_string()]);
    // a short reader stores nothing
    let mut short = std::io::repeat(b'y').take(10);
    assert!(loose.write_stream(Kind::Blob, 11, &mut short).is_err());
    let stray = stray_files(&f.git_dir().join("objects"));
    assert!(stray.is_empty(), "temp files left behind: {stray:?}");
    let short_id = f.git_stdin(&["hash-object", "--stdin"], b"yyyyyyyyyyy");
    let short_id = String::from_utf8(short_id).unwrap();
    assert!(!loose.contains(&short_id.trim().parse().unwrap()));
}

/// Files under `objects` that are not a loose object (`xx/` + 38 hex digits): temp files a
/// writer left behind.
fn stray_files(objects: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut stray = Vec::new();
    for entry in walkdir::WalkDir::new(objects) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_file() && (name.len() != 38 || entry.depth() != 2) {
            stray.push(entry.path().to_path_buf());
        }
    }
    stray
}

#[test]
fn corrupt_files_are_errors_naming_object_and_path() {
    let f = Fixture::new();
    let loose = store(&f);
    let id = loose
        .write(Kind::Blob, b"hello world, this will be damaged\n")
        .unwrap();
    let path = loose.path_of(&id);
    let good = std::fs::read(&path).unwrap();
    let mut cases: Vec<Vec<u8>> = vec![
        vec![],
        good[..good.len() / 2].to_vec(),
        b"not zlib at all".to_vec(),
    ];
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    cases.push(flipped);
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"garbage");
    cases.push(trailing);
    // a header announcing a different size
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, b"blob 5\0hello world").unwrap();
    cases.push(z.finish().unwrap());
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, b"blob 50\0short").unwrap();
    cases.push(z.finish().unwrap());
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut z, b"blub 5\0hello").unwrap();
    cases.push(z.finish().unwrap());
    for (i, bad) in cases.iter().enumerate() {
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .unwrap();
        std::fs::write(&path, bad).unwrap();
        let mut out = Vec::new();
        let err = loose.read(&id, &mut out).expect_err(&format!("case {i}"));
        let msg = err.to_string();
        assert!(msg.contains(&id.to_string()), "case {i}: {msg}");
        assert!(msg.contains(&path.display().to_string()), "case {i}: {msg}");
        // streaming fails too, when opening or while reading, and names the object
        let streamed = match loose.open_stream(&id) {
            Err(e) => e.to_string(),
            Ok(stream) => {
                let mut sink = Vec::new();
                let mut stream = stream.expect("the damaged file is there");
                let read = stream.read_to_end(&mut sink);
                read.expect_err(&format!("case {i}: streamed {sink:?}"))
                    .to_string()
            }
        };
        assert!(streamed.contains(&id.to_string()), "case {i}: {streamed}");
    }
}

#[test]
fn hash_mismatch_is_detected_on_verified_reads() {
    let f = Fixture::new();
    let loose = store(&f);
    let a = loose.write(Kind::Blob, b"aaa").unwrap();
    let b = loose.write(Kind::Blob, b"bbb").unwrap();
    std::fs::set_permissions(
        loose.path_of(&b),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    std::fs::copy(loose.path_of(&a), loose.path_of(&b)).unwrap();
    let mut out = Vec::new();
    assert!(loose.read(&b, &mut out).unwrap().is_some());
    let err = gitstore::Error::from(loose.read_verified(&b, &mut out).unwrap_err());
    assert!(matches!(err, gitstore::Error::HashMismatch { .. }), "{err}");
}

#[test]
fn concurrent_writers_of_the_same_object_all_succeed() {
    let f = Fixture::new();
    let dir = f.git_dir().join("objects");
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let ids: Vec<ObjectId> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let dir = dir.clone();
                let body = &body;
                s.spawn(move || LooseStore::new(dir).write(Kind::Blob, body).unwrap())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ids.windows(2).all(|w| w[0] == w[1]));
    f.git(&["fsck", "--strict", "--no-dangling"]);
    let mut out = Vec::new();
    LooseStore::new(&dir)
        .read_verified(&ids[0], &mut out)
        .unwrap();
    assert_eq!(out, body);
}

#[test]
fn compression_level_follows_config() {
    let f = Fixture::new();
    let body = vec![b'a'; 50_000];
    let fast = LooseStore::new(f.git_dir().join("objects")).with_compression(0);
    let id = fast.write(Kind::Blob, &body).unwrap();
    let stored = std::fs::metadata(fast.path_of(&id)).unwrap().len();
    assert!(
        stored > 50_000,
        "level 0 stores, it does not compress: {stored}"
    );
    f.git(&["cat-file", "-e", &id.to_string()]);
}

#[test]
fn objects_over_the_size_limit_are_refused_not_allocated() {
    let f = Fixture::new();
    let body = vec![b'x'; 10_000];
    let id = store(&f).write(Kind::Blob, &body).unwrap();
    let limits = gitstore::Limits {
        max_object_size: 9_999,
        ..gitstore::Limits::default()
    };
    let small = store(&f).with_limits(limits);
    let mut out = Vec::new();
    let err = small.read(&id, &mut out).unwrap_err().to_string();
    assert!(
        err.contains("limit") && err.contains(&id.to_string()),
        "{err}"
    );
    // the header and the stream still work: big blobs are streamed, not refused
    assert_eq!(small.read_header(&id).unwrap().unwrap().size, 10_000);
    let mut streamed = Vec::new();
    small
        .open_stream(&id)
        .unwrap()
        .unwrap()
        .read_to_end(&mut streamed)
        .unwrap();
    assert_eq!(streamed.len(), 10_000);
}

/// The zlib level a loose object was written at, from the FLEVEL bits of its zlib header (what
/// both zlib and zlib-rs write: 0-1 → 0, 2-5 → 1, 6 → 2, 7-9 → 3).
fn zlib_level_class(path: &std::path::Path) -> u8 {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(bytes[0], 0x78, "a zlib stream with a 32K window");
    bytes[1] >> 6
}

#[test]
fn repository_writes_at_the_level_its_config_names_with_gits_precedence() {
    // (core.compression, core.looseCompression, expected FLEVEL class)
    let cases: [(Option<&str>, Option<&str>, u8); 6] = [
        (None, None, 0),           // git's default loose level is 1 (Z_BEST_SPEED)
        (Some("9"), None, 3),      // core.compression applies to loose objects too
        (Some("0"), None, 0),      // stored
        (None, Some("6"), 2),      // core.looseCompression alone
        (Some("1"), Some("9"), 3), // looseCompression wins over compression
        (Some("-1"), None, 2),     // -1 is zlib's default, 6
    ];
    let body: Vec<u8> = (0..20_000u32)
        .flat_map(|i| (i % 97).to_le_bytes())
        .collect();
    for (compression, loose_compression, class) in cases {
        let f = Fixture::new();
        if let Some(v) = compression {
            f.git(&["config", "core.compression", v]);
        }
        if let Some(v) = loose_compression {
            f.git(&["config", "core.looseCompression", v]);
        }
        let repo = gitstore::Repository::discover(&f.path).unwrap();
        let id = repo.odb().write(Kind::Blob, &body).unwrap();
        let ours = zlib_level_class(&repo.odb().loose().unwrap().path_of(&id));
        // git, in a twin repository with the same config
        let twin = Fixture::new();
        for (key, v) in [
            ("core.compression", compression),
            ("core.looseCompression", loose_compression),
        ] {
            if let Some(v) = v {
                twin.git(&["config", key, v]);
            }
        }
        let gid = twin.git_stdin(&["hash-object", "-w", "--stdin"], &body);
        let gid = String::from_utf8(gid).unwrap();
        assert_eq!(gid.trim(), id.to_string());
        let theirs = zlib_level_class(
            &twin
                .git_dir()
                .join("objects")
                .join(&gid[..2])
                .join(gid[2..].trim()),
        );
        assert_eq!(
            (ours, theirs),
            (class, class),
            "core.compression={compression:?} core.looseCompression={loose_compression:?}"
        );
        f.git(&["fsck", "--strict", "--no-dangling"]);
    }
}

#[test]
fn several_processes_writing_the_same_object_all_succeed_and_leave_no_temp_files() {
    let f = Fixture::new();
    let body: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    let input = f.path.join("input.bin");
    std::fs::write(&input, &body).unwrap();
    let children: Vec<_> = (0..12)
        .map(|_| {
            f.gitstore_command(&["hash-object", "-w", "input.bin"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let expected = f.git(&["hash-object", "input.bin"]);
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, expected);
    }
    f.git(&["fsck", "--strict", "--no-dangling"]);
    let stray = stray_files(&f.git_dir().join("objects"));
    assert!(stray.is_empty(), "temp files left behind: {stray:?}");
}

#[test]
fn git_dir_in_the_environment_is_honoured_by_discovery_and_the_cli() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    let elsewhere = Fixture::empty_dir();
    let git_dir = f.git_dir();
    let out = elsewhere
        .gitstore_command(&["cat-file", "-t", "HEAD"])
        .env("GIT_DIR", &git_dir)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "commit\n");
    let git = elsewhere
        .git_command(&["rev-parse", "HEAD"])
        .env("GIT_DIR", &git_dir)
        .output()
        .unwrap();
    let ours = elsewhere
        .gitstore_command(&["rev-parse", "HEAD"])
        .env("GIT_DIR", &git_dir)
        .output()
        .unwrap();
    assert_eq!(ours.stdout, git.stdout);
    assert!(git.status.success() && ours.status.success());
}
