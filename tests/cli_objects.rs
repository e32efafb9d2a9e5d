//! `gitstore init`, `hash-object` and `cat-file` side by side with git.

mod common;

use common::Fixture;

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
fn cat_file_matches_git_for_every_loose_object() {
    let f = common::history_repo();
    // unpack everything so every object is loose
    let packs: Vec<_> = std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pack"))
        .collect();
    let loose_dir = Fixture::new();
    for pack in &packs {
        let data = std::fs::read(pack).unwrap();
        loose_dir.git_stdin(&["unpack-objects", "-q"], &data);
    }
    let listing = String::from_utf8(f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname) %(objecttype)",
    ]))
    .unwrap();
    // copy the remaining loose objects over too
    for line in listing.lines() {
        let (id, kind) = line.split_once(' ').unwrap();
        let body = f.git(&["cat-file", kind, id]);
        loose_dir.git_stdin(
            &["hash-object", "-w", "--literally", "-t", kind, "--stdin"],
            &body,
        );
    }
    assert_eq!(
        std::fs::read_dir(loose_dir.git_dir().join("objects/pack"))
            .unwrap()
            .count(),
        0
    );
    let mut count = 0;
    for line in listing.lines() {
        let (id, _) = line.split_once(' ').unwrap();
        for flag in ["-t", "-s", "-p", "-e"] {
            loose_dir.assert_same(&["cat-file", flag, id], b"");
        }
        loose_dir.assert_same(&["cat-file", &id[..12], "-t"], b"");
        count += 1;
    }
    assert!(count > 150, "{count} objects");
}

#[test]
fn cat_file_type_object_peels_and_errors_like_git() {
    let f = Fixture::new();
    f.write("x", "x\n");
    f.commit_all("one");
    f.git(&["tag", "-a", "-m", "t", "t1"]);
    let tag = f.git_str(&["rev-parse", "t1"]);
    let commit = f.git_str(&["rev-parse", "HEAD"]);
    for (kind, name) in [
        ("commit", &tag),
        ("tree", &tag),
        ("tree", &commit),
        ("tag", &tag),
        ("blob", &commit),
        ("commit", &commit),
    ] {
        f.assert_same(&["cat-file", kind, name], b"");
    }
    let missing = "0000000000000000000000000000000000000001";
    for args in [
        vec!["cat-file", "-t", missing],
        vec!["cat-file", "-e", missing],
        vec!["cat-file", "-p", "0000"],
        vec!["cat-file", "-e", "00000001"],
        vec!["cat-file", "blob", missing],
        vec!["cat-file", "-s", &commit[..7]],
        vec!["cat-file", "-p", "zzzz"],
    ] {
        f.assert_same(&args, b"");
    }
}

#[test]
fn ambiguous_prefixes_are_errors() {
    let f = Fixture::new();
    // find two blobs whose ids share 4 hex digits
    let mut seen = std::collections::HashMap::new();
    let mut prefix = None;
    for i in 0..5000 {
        let body = format!("{i}\n");
        let id = gitstore::hash::hash_object(gitstore::Kind::Blob, body.as_bytes()).unwrap();
        let p = id.to_string()[..4].to_string();
        if let Some(other) = seen.insert(p.clone(), body.clone()) {
            // one packed, one loose: the ambiguity spans stores
            let first = f.git_stdin(&["hash-object", "-w", "--stdin"], other.as_bytes());
            f.git_stdin(&["pack-objects", "-q", ".git/objects/pack/pack"], &first);
            f.git(&["prune-packed"]);
            assert_eq!(f.git_str(&["count-objects"]), "0 objects, 0 kilobytes");
            f.git_stdin(&["hash-object", "-w", "--stdin"], body.as_bytes());
            prefix = Some(p);
            break;
        }
    }
    let prefix = prefix.unwrap();
    f.assert_same(&["cat-file", "-t", &prefix], b"");
    f.assert_same(
        &["cat-file", "--batch-check"],
        format!("{prefix}\n").as_bytes(),
    );
}

#[test]
fn init_matches_git_layout() {
    for bare in [false, true] {
        let g = Fixture::empty_dir();
        let s = Fixture::empty_dir();
        let mut args = vec!["init", "-b", "trunk"];
        if bare {
            args.push("--bare");
        }
        args.push("repo");
        let go = g.git_output(&args, b"");
        let so = s.gitstore_output(&args, b"");
        assert!(go.status.success() && so.status.success());
        let norm = |o: &[u8], f: &Fixture| {
            String::from_utf8_lossy(o).replace(&f.path.display().to_string(), "ROOT")
        };
        assert_eq!(norm(&so.stdout, &s), norm(&go.stdout, &g));
        let git_dir = |f: &Fixture| {
            if bare {
                f.path.join("repo")
            } else {
                f.path.join("repo/.git")
            }
        };
        for file in ["HEAD", "config", "description", "info/exclude"] {
            assert_eq!(
                std::fs::read(git_dir(&s).join(file)).unwrap(),
                std::fs::read(git_dir(&g).join(file)).unwrap(),
                "{file}"
            );
        }
        for dir in ["objects/info", "objects/pack", "refs/heads", "refs/tags"] {
            assert!(git_dir(&s).join(dir).is_dir(), "{dir}");
        }
        // git accepts what gitstore made, and re-init says so
        let repo = s.path.join("repo");
        let out = common::fixed_command(common::git_bin())
            .args(["-C", repo.to_str().unwrap(), "fsck"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let again = s.gitstore_output(&args, b"");
        assert!(String::from_utf8_lossy(&again.stdout)
            .starts_with("Reinitialized existing Git repository in"));
    }
}

#[test]
fn global_options_and_not_a_repository() {
    let f = Fixture::new();
    f.write("x", "x\n");
    let id = f.git_str(&["hash-object", "-w", "x"]);
    let outside = Fixture::empty_dir();
    outside.assert_same(&["cat-file", "-t", &id], b"");
    let dir = f.path.to_str().unwrap();
    outside.assert_same(&["-C", dir, "cat-file", "-t", &id], b"");
    let git_dir = f.git_dir();
    outside.assert_same(
        &[
            "--git-dir",
            git_dir.to_str().unwrap(),
            "cat-file",
            "-p",
            &id,
        ],
        b"",
    );
    // a subdirectory finds the repository above it
    f.write("sub/dir/y", "y\n");
    let out = common::fixed_command(common::gitstore_bin())
        .current_dir(f.path.join("sub/dir"))
        .args(["cat-file", "-s", &id])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"2\n");
}

#[test]
fn sha256_repositories_are_refused_clearly() {
    let f = Fixture::empty_dir();
    f.git(&["init", "-q", "--object-format=sha256", "r"]);
    let out = f.gitstore_output(&["-C", "r", "cat-file", "-t", "HEAD"], b"");
    assert_eq!(out.status.code(), Some(128));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sha256") && err.contains("not supported"),
        "{err}"
    );
}
