//! `gitstore init`'s options against git's: the object and ref formats (`--object-format`,
//! `--ref-format`, `GIT_DEFAULT_HASH`, `GIT_DEFAULT_REF_FORMAT`; a format gitstore cannot
//! write refused, never replaced), `--separate-git-dir`, `--shared`, templates (`--template`,
//! `GIT_TEMPLATE_DIR`, `init.templateDir`), `GIT_DIR` / `--git-dir` and a linked worktree.
//! Each case runs git and gitstore in twin empty directories with a template directory the
//! test makes, and compares output, exit code and what was created (names, kinds, modes,
//! contents).

mod common;

use common::Fixture;
use std::path::Path;

/// What a run printed: exit code, stdout, stderr, the fixture's path replaced by `ROOT`.
type Printed = (Option<i32>, String, String);

/// Arguments and environment variables of one case.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);

/// Every entry below `dir`: path, kind, permission bits, contents (a link's target).
fn snapshot(dir: &Path) -> Vec<(String, char, u32, Vec<u8>)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            let mode = m.permissions().mode() & 0o7777;
            let (kind, body) = if m.file_type().is_symlink() {
                (
                    'l',
                    std::fs::read_link(&p)
                        .unwrap()
                        .display()
                        .to_string()
                        .into_bytes(),
                )
            } else if m.is_dir() {
                stack.push(p.clone());
                ('d', Vec::new())
            } else {
                ('f', std::fs::read(&p).unwrap())
            };
            out.push((rel, kind, mode, body));
        }
    }
    out.sort();
    out
}

/// A template directory like git's default one (without sample hooks), with a dot file, a
/// symbolic link, an executable and a subdirectory.
fn make_template(f: &Fixture) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    f.write("tpl/description", "a template description\n");
    f.write("tpl/info/exclude", "# template exclude\n");
    f.write("tpl/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
    f.write("tpl/.hidden", "not copied\n");
    f.write("tpl/sub/deep/file", "deep\n");
    std::fs::create_dir_all(f.path.join("tpl/branches")).unwrap();
    let hook = f.path.join("tpl/hooks/pre-commit");
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink("description", f.path.join("tpl/link")).unwrap();
    f.path.join("tpl")
}

/// Runs `args` with `env` through git in one fresh directory and gitstore in another, each
/// with its own template directory (`GIT_TEMPLATE_DIR`, unless `env` names one); returns what
/// each printed and both fixtures.
fn twins(args: &[&str], env: &[(&str, &str)]) -> ((Printed, Fixture), (Printed, Fixture)) {
    let run = |git: bool| {
        let f = Fixture::empty_dir();
        let tpl = make_template(&f);
        let mut cmd = if git {
            f.git_command(args)
        } else {
            f.gitstore_command(args)
        };
        cmd.env("GIT_TEMPLATE_DIR", &tpl);
        for (k, v) in env {
            cmd.env(k, v.replace("ROOT", &f.path.display().to_string()));
        }
        let out = cmd.output().unwrap();
        let root = f.path.display().to_string();
        let norm = |b: &[u8]| String::from_utf8_lossy(b).replace(&root, "ROOT");
        ((out.status.code(), norm(&out.stdout), norm(&out.stderr)), f)
    };
    (run(true), run(false))
}

/// Asserts git and gitstore print the same and create the same files for `args` and `env`.
fn assert_same_init(args: &[&str], env: &[(&str, &str)]) -> (Fixture, Fixture) {
    let ((go, g), (so, s)) = twins(args, env);
    assert_eq!(
        so, go,
        "gitstore (left) and git (right) print differently: {args:?} {env:?}"
    );
    let norm = |f: &Fixture| {
        let root = f.path.display().to_string();
        snapshot(&f.path)
            .into_iter()
            .map(|(p, k, m, b)| {
                let b = String::from_utf8_lossy(&b).replace(&root, "ROOT");
                (p, k, m, b)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        norm(&s),
        norm(&g),
        "gitstore (left) and git (right) made different trees: {args:?} {env:?}"
    );
    (g, s)
}

#[test]
fn format_names_sha1_and_files_make_what_git_makes() {
    assert_same_init(
        &[
            "init",
            "-b",
            "m",
            "--object-format=sha1",
            "--ref-format=files",
            "r",
        ],
        &[],
    );
    assert_same_init(
        &["init", "-b", "m", "r"],
        &[
            ("GIT_DEFAULT_HASH", "sha1"),
            ("GIT_DEFAULT_REF_FORMAT", "files"),
        ],
    );
}

#[test]
fn unknown_format_names_are_refused_in_gits_words() {
    let cases: &[Case] = &[
        (&["init", "--object-format=foo", "r"], &[]),
        (&["init", "--object-format=SHA1", "r"], &[]),
        (&["init", "--ref-format=foo", "r"], &[]),
        (&["init", "r"], &[("GIT_DEFAULT_HASH", "foo")]),
        (&["init", "r"], &[("GIT_DEFAULT_HASH", "")]),
        (&["init", "r"], &[("GIT_DEFAULT_REF_FORMAT", "foo")]),
        (
            &["init", "r"],
            &[
                ("GIT_DEFAULT_HASH", "foo"),
                ("GIT_DEFAULT_REF_FORMAT", "foo"),
            ],
        ),
    ];
    for (args, env) in cases {
        let ((go, _), (so, s)) = twins(args, env);
        assert_eq!(so, go, "{args:?} {env:?}");
        assert_eq!(go.0, Some(128));
        assert!(
            !s.path.join("r").exists(),
            "gitstore refuses before making the directory"
        );
    }
}

#[test]
fn sha256_and_reftable_are_refused_never_replaced() {
    let cases: &[(Case, &str)] = &[
        ((&["init", "--object-format=sha256", "r"], &[]), "sha256"),
        (
            (&["init", "r"], &[("GIT_DEFAULT_HASH", "sha256")]),
            "sha256",
        ),
        ((&["init", "--ref-format=reftable", "r"], &[]), "reftable"),
        (
            (&["init", "r"], &[("GIT_DEFAULT_REF_FORMAT", "reftable")]),
            "reftable",
        ),
    ];
    for ((args, env), name) in cases {
        let ((go, _), (so, s)) = twins(args, env);
        assert_eq!(go.0, Some(0), "git makes it: {args:?} {env:?}");
        assert_eq!(so.0, Some(128), "{args:?} {env:?}");
        assert!(
            so.2.starts_with("fatal: ") && so.2.contains(name),
            "{}",
            so.2
        );
        assert!(
            !s.path.join("r").exists(),
            "nothing was created: {args:?} {env:?}"
        );
    }
}

#[test]
fn reinit_with_another_format_is_refused_as_git_refuses() {
    for opt in ["--object-format=sha256", "--ref-format=reftable"] {
        let (g, s) = (Fixture::empty_dir(), Fixture::empty_dir());
        g.git(&["init", "-q", "-b", "m", "r"]);
        s.git(&["init", "-q", "-b", "m", "r"]);
        let before = snapshot(&s.path);
        let go = g.git_output(&["init", opt, "r"], b"");
        let so = s.gitstore_output(&["init", opt, "r"], b"");
        assert_eq!(
            (
                so.status.code(),
                so.stdout,
                String::from_utf8_lossy(&so.stderr).to_string()
            ),
            (
                go.status.code(),
                go.stdout,
                String::from_utf8_lossy(&go.stderr).to_string()
            ),
        );
        assert_eq!(
            snapshot(&s.path),
            before,
            "the repository is left as it was"
        );
    }
    // naming the format the repository has is fine; the environment does not change it
    assert_same_init(&["init", "-q", "-b", "m", "--object-format=sha1", "r"], &[]);
}

#[test]
fn separate_git_dir_matches_git() {
    assert_same_init(&["init", "-b", "m", "--separate-git-dir=sep", "repo"], &[]);
    assert_same_init(
        &["init", "-b", "m", "--separate-git-dir", "a/b/sep", "repo"],
        &[],
    );
    let ((go, _), (so, _)) = twins(&["init", "--bare", "--separate-git-dir=sep", "repo"], &[]);
    assert_eq!(so, go);
    // an existing repository's git dir is moved there: from `.git`, then from where the
    // `.git` file points
    let (g, s) = (Fixture::empty_dir(), Fixture::empty_dir());
    g.git(&["init", "-q", "-b", "m", "r"]);
    s.git(&["init", "-q", "-b", "m", "r"]);
    let root = |f: &Fixture, b: &[u8]| {
        String::from_utf8_lossy(b).replace(&f.path.display().to_string(), "ROOT")
    };
    for (opt, want) in [
        ("--separate-git-dir=sep", "sep"),
        ("--separate-git-dir=sep2", "sep2"),
    ] {
        let go = g.git_output(&["init", opt, "r"], b"");
        let so = s.gitstore_output(&["init", opt, "r"], b"");
        assert_eq!(root(&s, &so.stdout), root(&g, &go.stdout));
        assert_eq!(so.status.code(), go.status.code());
        assert!(s.path.join(want).join("HEAD").is_file());
        assert_eq!(
            root(&s, &std::fs::read(s.path.join("r/.git")).unwrap()),
            root(&g, &std::fs::read(g.path.join("r/.git")).unwrap())
        );
        let names = |f: &Fixture| {
            snapshot(&f.path)
                .into_iter()
                .map(|e| e.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&s), names(&g), "the same files, moved the same way");
    }
    // what gitstore made, git reads: the work tree's `.git` file leads to it
    let (_, s) = assert_same_init(
        &["init", "-q", "-b", "m", "--separate-git-dir=sep", "repo"],
        &[],
    );
    let out = s.git_output(
        &["-C", "repo", "rev-parse", "--git-dir", "--show-toplevel"],
        b"",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("/sep\n") && text.ends_with("/repo\n"),
        "{text}"
    );
}

#[test]
fn shared_modes_set_config_and_permissions_as_git() {
    for mode in [
        "--shared",
        "--shared=group",
        "--shared=all",
        "--shared=world",
        "--shared=everybody",
        "--shared=umask",
        "--shared=true",
        "--shared=false",
        "--shared=0",
        "--shared=1",
        "--shared=2",
        "--shared=0640",
        "--shared=0660",
        "--shared=0777",
        "--shared=0600",
    ] {
        assert_same_init(&["init", "-b", "m", mode, "r"], &[]);
        assert_same_init(&["init", "-b", "m", "--bare", mode, "r"], &[]);
    }
    for bad in ["--shared=foo", "--shared=0500"] {
        let ((go, _), (so, _)) = twins(&["init", bad, "r"], &[]);
        assert_eq!(so, go, "{bad}");
    }
}

#[test]
fn templates_are_copied_as_git_copies_them() {
    // GIT_TEMPLATE_DIR (set by `twins`), --template, --template= and init.templateDir
    assert_same_init(&["init", "-b", "m", "r"], &[]);
    assert_same_init(&["init", "-b", "m", "--template=", "r"], &[]);
    assert_same_init(&["init", "-b", "m", "--template=tpl/sub", "r"], &[]);
    assert_same_init(
        &["init", "-b", "m", "--bare", "--template", "tpl", "r"],
        &[],
    );
    assert_same_init(
        &[
            "-c",
            "init.templateDir=ROOT/tpl/sub",
            "init",
            "-b",
            "m",
            "r",
        ],
        &[],
    );
    // a template directory that is not there: a warning, and nothing copied
    assert_same_init(&["init", "-b", "m", "--template=nowhere", "r"], &[]);
}

#[test]
fn init_templatedir_from_config_is_read() {
    let ((go, g), (so, s)) = twins(
        &["init", "-q", "-b", "m", "r"],
        &[("GIT_CONFIG_GLOBAL", "ROOT/global.cfg")],
    );
    assert_eq!(so, go);
    drop((g, s));
    for f in [Fixture::empty_dir(), Fixture::empty_dir()] {
        let tpl = make_template(&f);
        f.write(
            "global.cfg",
            format!("[init]\n\ttemplateDir = {}/sub\n", tpl.display()),
        );
        let out = f
            .gitstore_command(&["init", "-q", "-b", "m", "r"])
            .env("GIT_CONFIG_GLOBAL", f.path.join("global.cfg"))
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(f.path.join("r/.git/deep/file").is_file());
        assert!(!f.path.join("r/.git/description").exists());
    }
}

#[test]
fn git_dir_names_the_repository_as_git() {
    assert_same_init(&["init", "-b", "m"], &[("GIT_DIR", "gd")]);
    assert_same_init(&["init", "-b", "m", "nd"], &[("GIT_DIR", "gd")]);
    assert_same_init(&["--git-dir=y", "init", "-b", "m"], &[]);
    assert_same_init(&["init", "-b", "m"], &[("GIT_DIR", ".git")]);
    assert_same_init(&["init", "-b", "m"], &[("GIT_DIR", "ROOT/abs.git")]);
    // GIT_WORK_TREE: core.worktree unless it is the git dir's parent
    assert_same_init(
        &["init", "-b", "m"],
        &[("GIT_DIR", "gd"), ("GIT_WORK_TREE", "w")],
    );
    assert_same_init(
        &["init", "-b", "m"],
        &[("GIT_DIR", "tpl/.git"), ("GIT_WORK_TREE", "tpl")],
    );
    // a work tree that is not there; GIT_WORK_TREE without GIT_DIR, or with --bare
    let refused: &[Case] = &[
        (&["init"], &[("GIT_DIR", "x/.git")]),
        (&["init"], &[("GIT_DIR", "x/.git"), ("GIT_WORK_TREE", "x")]),
        (&["init", "r"], &[("GIT_WORK_TREE", "w")]),
        (
            &["init", "--bare"],
            &[("GIT_DIR", "q"), ("GIT_WORK_TREE", "w")],
        ),
    ];
    for (args, env) in refused {
        let ((go, _), (so, _)) = twins(args, env);
        assert_eq!(so, go, "{args:?} {env:?}");
    }
}

#[test]
fn reinit_from_a_linked_worktree_reaches_its_git_dir() {
    let mut printed = Vec::new();
    for git in [true, false] {
        let f = Fixture::empty_dir();
        f.git(&["init", "-q", "-b", "m", "main"]);
        f.git(&["-C", "main", "commit", "-q", "--allow-empty", "-m", "one"]);
        f.git(&["-C", "main", "worktree", "add", "-q", "../wt"]);
        let before = snapshot(&f.path);
        let args = ["-C", "wt", "init"];
        let out = if git {
            f.git_output(&args, b"")
        } else {
            f.gitstore_output(&args, b"")
        };
        let root = f.path.display().to_string();
        printed.push((
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).replace(&root, "ROOT"),
            String::from_utf8_lossy(&out.stderr).to_string(),
        ));
        if !git {
            assert_eq!(snapshot(&f.path), before, "nothing changed");
        }
    }
    assert_eq!(printed[1], printed[0]);
}
