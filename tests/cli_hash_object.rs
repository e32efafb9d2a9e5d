//! `gitstore hash-object` against git: ids, streaming a large file, what it writes (git reads and
//! fscks it; file modes under umask and `core.sharedRepository`), `--literally` with made-up
//! types, `--stdin-paths`. (The fsck checks of `-t TYPE` are in `cli_hash_object_fsck.rs`.)

mod common;

use common::{assert_identical, Fixture};

/// Mode bits of the new loose object and its fan-out directory after `hash-object -w` run by
/// `program` under `umask`, in a fresh repository with `core.sharedRepository = shared`.
fn loose_modes(program: &std::path::Path, umask: &str, shared: Option<&str>) -> (u32, u32) {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    if let Some(s) = shared {
        f.git(&["config", "core.sharedRepository", s]);
    }
    f.write("a.txt", format!("{umask} {shared:?}\n"));
    let out = common::fixed_command("sh")
        .current_dir(&f.path)
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" hash-object -w a.txt"))
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let dir = f.git_dir().join("objects").join(&id[..2]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    (mode(&dir.join(&id[2..])), mode(&dir))
}

#[test]
fn hash_object_ids_equal_gits() {
    let f = Fixture::new();
    let mut inputs: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("text", b"hello world\n".to_vec()),
        ("crlf", b"line one\r\nline two\r\n".to_vec()),
        ("binary", (0..=255u8).cycle().take(70_000).collect()),
        ("no-newline", b"no newline at end".to_vec()),
    ];
    inputs.push(("nul", vec![0u8; 1]));
    for (name, body) in &inputs {
        f.write(name, body);
        f.assert_same(&["hash-object", name], b"");
        f.assert_same(&["hash-object", "--stdin"], body);
        f.assert_same(&["hash-object", "-t", "blob", "--stdin", name], body);
    }
    let paths: String = inputs.iter().map(|(n, _)| format!("{n}\n")).collect();
    f.assert_same(&["hash-object", "--stdin-paths"], paths.as_bytes());
    f.assert_same(&["hash-object", "-w", "--stdin-paths"], paths.as_bytes());
    f.git(&["fsck", "--strict"]);
}

#[test]
fn hash_object_streams_50_mb() {
    let f = Fixture::new();
    let big: Vec<u8> = (0..50u32 << 20)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    f.write("big.bin", &big);
    let out = f.assert_same(&["hash-object", "big.bin"], b"");
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let s = f.gitstore_output(&["hash-object", "-w", "--stdin"], &big);
    assert_eq!(String::from_utf8_lossy(&s.stdout).trim(), id);
    let s = f.gitstore(&["hash-object", "-w", "big.bin"]);
    assert_eq!(String::from_utf8_lossy(&s).trim(), id);
    f.git(&["fsck", "--strict", "--no-dangling"]);
    assert_eq!(
        f.git_str(&["cat-file", "-s", &id]),
        (50u32 << 20).to_string()
    );
}

#[test]
fn objects_written_by_gitstore_pass_fsck_and_read_back() {
    let f = Fixture::new();
    f.write("a.txt", "alpha\n");
    let blob = String::from_utf8(f.gitstore(&["hash-object", "-w", "a.txt"])).unwrap();
    let blob = blob.trim();
    let tree = "100644 a.txt\0".to_string();
    let mut tree = tree.into_bytes();
    tree.extend_from_slice(&hex::decode(blob).unwrap());
    let tree_id = f.gitstore_output(&["hash-object", "-w", "-t", "tree", "--stdin"], &tree);
    assert!(tree_id.status.success());
    let tree_id = String::from_utf8(tree_id.stdout)
        .unwrap()
        .trim()
        .to_string();
    let commit = format!(
        "tree {tree_id}\nauthor A <a@example.com> 1700000000 +0000\n\
         committer A <a@example.com> 1700000000 +0000\n\nfirst\n"
    );
    let c = f.gitstore_output(
        &["hash-object", "-w", "-t", "commit", "--stdin"],
        commit.as_bytes(),
    );
    let c = String::from_utf8(c.stdout).unwrap().trim().to_string();
    f.git(&["update-ref", "refs/heads/main", &c]);
    f.git(&["fsck", "--strict"]);
    assert_eq!(f.git(&["cat-file", "commit", &c]), commit.as_bytes());
    assert_eq!(f.git(&["cat-file", "blob", blob]), b"alpha\n");
}

#[test]
fn malformed_objects_are_refused_unless_literally() {
    let f = Fixture::new();
    let bad = b"tree 0000\nauthor x\n";
    f.assert_same(&["hash-object", "-t", "commit", "--stdin"], bad);
    f.assert_same(
        &["hash-object", "-t", "commit", "--literally", "--stdin"],
        bad,
    );
    f.assert_same(&["hash-object", "-t", "tree", "--stdin"], b"100644 x");
    f.assert_same(&["hash-object", "-t", "bogus", "--stdin"], b"");
}

#[test]
fn literally_hashes_and_writes_made_up_types_git_reads_back() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    for kind in ["bogus", "a b", "", "blob"] {
        assert_identical(
            &f,
            &["hash-object", "--literally", "-t", kind, "a.txt"],
            b"",
        );
        assert_identical(
            &f,
            &["hash-object", "--literally", "-t", kind, "--stdin"],
            b"x",
        );
    }
    assert_identical(&f, &["hash-object", "-t", "bogus", "a.txt"], b"");
    assert_identical(&f, &["hash-object", "-t", "", "a.txt"], b"");
    let out = f.gitstore_output(
        &["hash-object", "--literally", "-t", "bogus", "-w", "a.txt"],
        b"",
    );
    assert!(out.status.success());
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let git = f.git_str(&["cat-file", "-t", "--allow-unknown-type", &id]);
    assert_eq!(git, "bogus");
    assert_eq!(
        f.git_str(&["cat-file", "-s", "--allow-unknown-type", &id]),
        "2"
    );
}

#[test]
fn stdin_paths_reads_lines_as_git_does() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.write("b c.txt", "b\n");
    for input in [
        &b"a.txt\r\n"[..],
        b"a.txt\r\nb c.txt\r\n",
        b"\"a.txt\"x\n",
        b"\"b\\040c.txt\"\n",
        b"\"a.txt\n",
        b"\"a.txt\\q\"\n",
    ] {
        assert_identical(&f, &["hash-object", "--stdin-paths"], input);
    }
}

#[test]
fn loose_objects_get_gits_modes_under_umask_and_shared_repository() {
    for umask in ["077", "022", "002"] {
        for shared in [
            None,
            Some("group"),
            Some("all"),
            Some("0640"),
            Some("0600"),
            Some("umask"),
        ] {
            let git = loose_modes(common::git_bin(), umask, shared);
            let ours = loose_modes(common::gitstore_bin(), umask, shared);
            assert_eq!(ours, git, "umask {umask}, core.sharedRepository {shared:?}");
        }
    }
    assert_eq!(
        loose_modes(common::gitstore_bin(), "077", None),
        (0o400, 0o700)
    );
}

#[test]
fn shared_repository_mode_without_owner_write_is_refused_as_git_does() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    for value in ["0440", "bogus"] {
        let config = f.git_dir().join("config");
        let text = std::fs::read_to_string(&config).unwrap();
        let kept: String = text
            .lines()
            .filter(|l| !l.contains("sharedRepository"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&config, kept).unwrap();
        f.git(&["config", "core.sharedRepository", value]);
        let g = assert_identical(&f, &["hash-object", "-w", "a.txt"], b"");
        assert_eq!(g.status.code(), Some(128), "{value}");
    }
}
