//! How every command finds and judges its repository, against git: outside any repository,
//! `-C`, `--git-dir` and `GIT_DIR` (also naming a directory that is no repository, or a separate
//! git dir), subdirectories, broken config files, repository formats git refuses (SHA-256 among
//! them), and OS errors in git's words.

mod common;

use common::fixtures::tree_with_gitlink;
use common::{assert_identical, assert_same_in, Fixture};

fn append(f: &Fixture, rel: &str, text: &str) {
    let p = f.path.join(rel);
    let mut old = std::fs::read(&p).unwrap();
    old.extend_from_slice(text.as_bytes());
    std::fs::write(p, old).unwrap();
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

#[test]
fn broken_config_is_fatal_even_without_w_naming_the_file_as_git_does() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.write("sub/b.txt", "b\n");
    append(&f, ".git/config", "[core\n");
    for args in [
        &["hash-object", "a.txt"][..],
        &["hash-object", "-w", "a.txt"],
        &["-C", "sub", "hash-object", "b.txt"],
        &["-C", ".git", "hash-object", "../a.txt"],
        &["--git-dir=.git", "hash-object", "a.txt"],
        &["cat-file", "-t", "HEAD"],
    ] {
        let g = assert_identical(&f, args, b"");
        assert_eq!(g.status.code(), Some(128));
    }

    let bad_bool = Fixture::new();
    bad_bool.write("a.txt", "a\n");
    bad_bool.git(&["config", "core.bare", "maybe"]);
    let g = assert_identical(&bad_bool, &["hash-object", "a.txt"], b"");
    assert_eq!(
        String::from_utf8_lossy(&g.stderr),
        "fatal: bad boolean config value 'maybe' for 'core.bare'\n"
    );
}

#[test]
fn repository_formats_git_refuses_warn_without_w_and_are_fatal_with_it() {
    let cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "v1 unknown",
            &[
                ("core.repositoryformatversion", "1"),
                ("extensions.foo", "x"),
            ],
        ),
        (
            "v1 two unknown",
            &[
                ("core.repositoryformatversion", "1"),
                ("extensions.foo", "x"),
                ("extensions.bar", "y"),
            ],
        ),
        ("v0 v1-only", &[("extensions.objectFormat", "sha1")]),
        ("v2", &[("core.repositoryformatversion", "2")]),
    ];
    for (what, settings) in cases {
        let f = Fixture::new();
        f.write("a.txt", "a\n");
        let mut text = String::new();
        for (k, v) in settings {
            let (section, key) = k.split_once('.').unwrap();
            text.push_str(&format!("[{section}]\n\t{key} = {v}\n"));
        }
        append(&f, ".git/config", &text);
        let gentle = assert_identical(&f, &["hash-object", "a.txt"], b"");
        assert!(gentle.status.success(), "{what}");
        assert!(gentle.stderr.starts_with(b"warning: "), "{what}");
        let strict = assert_identical(&f, &["hash-object", "-w", "a.txt"], b"");
        assert_eq!(strict.status.code(), Some(128), "{what}");
    }
    // unknown extensions do not matter in a version-0 repository
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    append(&f, ".git/config", "[extensions]\n\tfoo = x\n");
    let g = assert_identical(&f, &["hash-object", "-w", "a.txt"], b"");
    assert!(g.status.success() && g.stderr.is_empty());
}

/// gitstore reads SHA-1 repositories only. git prints a SHA-256 id here; printing a SHA-1 id
/// instead would be wrong, so gitstore refuses, with or without `-w`, and refuses to
/// re-initialize one too (git says "Reinitialized…").
#[test]
fn sha256_repository_is_refused_clearly_instead_of_hashed_with_sha1() {
    let f = Fixture::empty_dir();
    f.git(&["init", "-q", "--object-format=sha256", "-b", "main"]);
    f.write("a.txt", "a\n");
    let git = f.git_str(&["hash-object", "a.txt"]);
    assert_eq!(git.len(), 64);
    let _ = std::fs::remove_dir(f.git_dir().join("branches"));
    for args in [
        &["hash-object", "a.txt"][..],
        &["hash-object", "-w", "a.txt"],
        &["init"],
    ] {
        let s = f.gitstore_output(args, b"");
        assert_eq!(s.status.code(), Some(128), "{args:?}");
        assert!(s.stdout.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&s.stderr),
            "fatal: extensions.objectFormat = sha256 is not supported yet\n",
            "{args:?}"
        );
    }
    assert!(
        !f.git_dir().join("branches").exists(),
        "re-init refused before touching"
    );
}

#[test]
fn a_named_git_dir_that_is_no_repository_is_named_in_the_error() {
    let f = Fixture::empty_dir();
    f.write("a.txt", "a\n");
    for args in [
        &["--git-dir=nonexist", "hash-object", "-w", "a.txt"][..],
        &["--git-dir=nonexist", "cat-file", "-t", "HEAD"],
        &["--git-dir=nonexist", "hash-object", "a.txt"],
        &["cat-file", "-t", "HEAD"],
    ] {
        assert_identical(&f, args, b"");
    }
    let with_env = |program: &std::path::Path| {
        common::fixed_command(program)
            .current_dir(&f.path)
            .env("GIT_DIR", "nonexist")
            .args(["hash-object", "-w", "a.txt"])
            .output()
            .unwrap()
    };
    let (g, s) = (
        with_env(common::git_bin()),
        with_env(common::gitstore_bin()),
    );
    assert_eq!((s.status.code(), s.stderr), (g.status.code(), g.stderr));
}

#[test]
fn a_git_dir_named_from_a_subdirectory_makes_the_current_directory_the_top() {
    let f = tree_with_gitlink();
    let sub = "sub dir";
    for (env, args) in [
        (&[][..], &["--git-dir=../.git", "ls-tree", "HEAD"][..]),
        (&[("GIT_DIR", "../.git")][..], &["ls-tree", "HEAD"][..]),
        (
            &[("GIT_DIR", "../.git")][..],
            &["cat-file", "-p", "HEAD:./a"][..],
        ),
        (
            &[("GIT_DIR", "../.git"), ("GIT_WORK_TREE", "..")][..],
            &["ls-tree", "HEAD"][..],
        ),
    ] {
        assert_same_in(&f, sub, env, args, b"");
    }
}

#[test]
fn rev_parse_in_a_separate_git_dir_of_a_non_bare_repository_is_not_bare() {
    // `init --separate-git-dir`: a git dir (core.bare = false) with no work tree around it
    let f = Fixture::empty_dir();
    f.git(&["init", "-q", "--separate-git-dir", "sep", "wt"]);
    for dir in ["sep", "sep/refs"] {
        let args = ["rev-parse", "--is-bare-repository", "--is-inside-work-tree"];
        let mut g = f.git_command(&args);
        let mut s = f.gitstore_command(&args);
        g.current_dir(f.path.join(dir));
        s.current_dir(f.path.join(dir));
        let (g, s) = (g.output().unwrap(), s.output().unwrap());
        assert_eq!(
            String::from_utf8_lossy(&s.stdout),
            String::from_utf8_lossy(&g.stdout),
            "in {dir}"
        );
        assert_eq!(s.status.code(), g.status.code(), "in {dir}");
    }
}

#[test]
fn os_errors_read_as_strerror_without_rusts_os_error_suffix() {
    let f = Fixture::new();
    f.write("a.txt", "a\n");
    f.write("plain-file", "");
    for (args, stdin) in [
        (&["hash-object", "missing"][..], &b""[..]),
        (&["hash-object", "--stdin-paths"], b"a.txt\nmissing\n"),
        (&["-C", "nonexist", "hash-object", "a.txt"], b""),
        (&["-C", "plain-file", "hash-object", "a.txt"], b""),
        (&["init", "plain-file"], b""),
        (&["hash-object", "."], b""),
        (&["hash-object", "-w", "."], b""),
    ] {
        let g = assert_identical(&f, args, stdin);
        assert_eq!(g.status.code(), Some(128), "{args:?}");
        assert!(!String::from_utf8_lossy(&g.stderr).contains("os error"));
    }
}
