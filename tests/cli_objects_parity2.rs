//! Second pass of `init`, `hash-object`, `cat-file`, `ls-tree`, `mktree` and the global options
//! against git: each test is a mismatch found by running both side by side, and compares
//! stdout, stderr and the exit code with git's.

mod common;

use common::Fixture;
use std::process::Output;

/// Runs `args` through git and gitstore from `dir` (relative to the fixture), with `env` added,
/// and asserts the same stdout, exit code and stderr (the first line only for a usage error).
fn assert_same_in(f: &Fixture, dir: &str, env: &[(&str, &str)], args: &[&str], stdin: &[u8]) {
    let run = |mut cmd: std::process::Command| -> Output {
        use std::io::Write;
        cmd.current_dir(f.path.join(dir))
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().expect("wait")
    };
    let g = run(f.git_command(args));
    let s = run(f.gitstore_command(args));
    let text = |o: &Output| {
        let t = String::from_utf8_lossy(&o.stderr).into_owned();
        if o.status.code() == Some(129) {
            t.lines().next().unwrap_or_default().to_string()
        } else {
            t
        }
    };
    assert_eq!(
        (
            s.status.code(),
            String::from_utf8_lossy(&s.stdout).into_owned(),
            text(&s)
        ),
        (
            g.status.code(),
            String::from_utf8_lossy(&g.stdout).into_owned(),
            text(&g)
        ),
        "gitstore (left) and git (right) differ for {args:?} in {dir:?} with {env:?}"
    );
}

/// A small repository: a file at the top, one in a subdirectory with a space in its name, a
/// gitlink, an annotated tag.
fn small_repo() -> Fixture {
    let f = Fixture::new();
    f.write("a", "hello\n");
    f.write("sub dir/deep/f", "x\n");
    f.write("sub dir/g", "g\n");
    f.git(&["add", "-A"]);
    // not through commit_all: `add -A` would drop a gitlink with nothing checked out
    f.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        "160000,1111111111111111111111111111111111111111,gl",
    ]);
    f.git(&["commit", "-q", "-m", "init"]);
    f.git(&["tag", "-a", "-m", "tag", "v1"]);
    f
}

#[test]
fn a_git_dir_named_from_a_subdirectory_makes_the_current_directory_the_top() {
    let f = small_repo();
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
fn ls_tree_d_lists_gitlinks_as_git_does() {
    let f = small_repo();
    for args in [
        &["ls-tree", "-d", "HEAD"][..],
        &["ls-tree", "-d", "-r", "HEAD"],
        &["ls-tree", "HEAD", "gl/"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn ls_tree_output_modes_given_together_are_a_usage_error_naming_both_as_typed() {
    let f = small_repo();
    for args in [
        &["ls-tree", "--name-only", "--object-only", "HEAD"][..],
        &["ls-tree", "--object-only", "--name-status", "HEAD"],
        &["ls-tree", "-rl", "--name-only", "HEAD"],
        &["ls-tree", "--name-only", "--long", "HEAD"],
        &["ls-tree", "--name-only", "--name-only", "HEAD"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn ls_tree_paths_are_normalized_against_the_prefix_and_may_not_leave_the_work_tree() {
    let f = small_repo();
    let top = f.path.display().to_string();
    let abs_a = format!("{top}/a");
    let abs_sub = format!("{top}/sub dir/");
    for dir in [".", "sub dir", "sub dir/deep"] {
        for path in [
            ".",
            "..",
            "./",
            "../",
            "a/",
            "a//",
            "deep/../a",
            "../sub dir/deep",
            "../../x",
            &abs_a,
            &abs_sub,
            "/tmp",
        ] {
            for opt in ["-t", "-r", "-d"] {
                assert_same_in(&f, dir, &[], &["ls-tree", opt, "HEAD", path], b"");
            }
        }
    }
}

#[test]
fn an_option_given_twice_is_accepted_as_git_accepts_it() {
    let f = small_repo();
    for args in [
        &["ls-tree", "-r", "-r", "HEAD"][..],
        &["ls-tree", "--abbrev", "--abbrev=5", "HEAD"],
        &["cat-file", "-t", "-t", "HEAD"],
        &["cat-file", "-p", "-p", "HEAD"],
        &["count-objects", "-v", "-v"],
    ] {
        f.assert_same(args, b"");
    }
    f.assert_same(&["mktree", "-z", "-z"], b"");
}

#[test]
fn mktree_refuses_a_blank_line_outside_batch_mode_and_ignores_extra_arguments() {
    let f = small_repo();
    let line = b"100644 blob ce013625030ba8dba906f756967f9e9ca394464a\ta\n";
    f.assert_same(&["mktree"], b"\n");
    f.assert_same(&["mktree"], &[&line[..], b"\n", &line[..]].concat());
    f.assert_same(&["mktree", "-z"], b"\0");
    f.assert_same(
        &["mktree", "--batch"],
        &[&line[..], b"\n", &line[..]].concat(),
    );
    f.assert_same(&["mktree", "extra", "args"], line);
}

#[test]
fn relative_paths_in_names_follow_the_current_directory_in_batch_mode_and_ls_tree() {
    let f = small_repo();
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

#[test]
fn cat_file_option_errors_come_in_gits_order_with_gits_messages() {
    let f = small_repo();
    for args in [
        &["cat-file", "-t"][..],
        &["cat-file", "-p", "--"],
        &["cat-file"],
        &["cat-file", "blob"],
        &["cat-file", "a", "b", "c"],
        &["cat-file", "-t", "HEAD", "HEAD"],
        &["cat-file", "-t", "-s", "HEAD"],
        &["cat-file", "-p", "-e", "HEAD"],
        &["cat-file", "-ts", "HEAD"],
        &["cat-file", "--batch-all-objects", "-t"],
        &["cat-file", "-t", "--batch-all-objects", "--batch"],
        &["cat-file", "--batch", "--batch-check"],
        &["cat-file", "--batch", "--batch"],
        &["cat-file", "--batch", "-t"],
        &["cat-file", "--batch", "HEAD"],
        &["cat-file", "--batch-all-objects"],
        &["cat-file", "--follow-symlinks", "--buffer"],
        &["cat-file", "-z", "-t", "HEAD"],
        &["cat-file", "-Z"],
        &["cat-file", "--allow-unknown-type", "-t", "HEAD"],
        &["cat-file", "-s", "--allow-unknown-type", "HEAD"],
        &["cat-file", "-p", "--allow-unknown-type", "HEAD"],
        &["cat-file", "--allow-unknown-type", "blob", "HEAD:a"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn cat_file_batch_reads_and_writes_nul_delimited_with_z_and_capital_z() {
    let f = small_repo();
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
fn unknown_options_are_named_as_git_names_them() {
    let f = small_repo();
    for args in [
        &["cat-file", "--bogus"][..],
        &["cat-file", "-tx", "HEAD"],
        &["cat-file", "--bogus=", "HEAD"],
        &["ls-tree", "--bogus=3", "HEAD"],
        &["init", "--bogus"],
        &["hash-object", "-q", "a"],
        &["count-objects", "-x"],
        &["verify-pack", "--x"],
        &["mktree", "--x"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn arguments_that_are_not_utf8_do_not_panic_the_option_checks() {
    use std::os::unix::ffi::OsStrExt;
    let f = small_repo();
    let odd = std::ffi::OsStr::from_bytes(b"HEAD\xff");
    for args in [
        vec!["cat-file".as_ref(), "-t".as_ref(), odd],
        vec!["ls-tree".as_ref(), odd],
        vec!["cat-file".as_ref(), "--bogus".as_ref(), odd],
        vec!["-C".as_ref(), odd, "--bogus".as_ref()],
    ] {
        let out = common::fixed_command(common::gitstore_bin())
            .current_dir(&f.path)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(128 | 129)),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn cat_file_batch_command_answers_info_contents_and_flush_as_git() {
    let f = small_repo();
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
fn end_of_options_ends_the_options_as_in_git() {
    let f = small_repo();
    for args in [
        &["cat-file", "--end-of-options", "-t", "HEAD"][..],
        &["cat-file", "-t", "--end-of-options", "HEAD"],
        &["cat-file", "--end-of-options", "blob", "HEAD:a"],
        &["ls-tree", "--end-of-options", "HEAD"],
        &["ls-tree", "HEAD", "--end-of-options", "a"],
        &["hash-object", "--end-of-options", "a"],
    ] {
        f.assert_same(args, b"");
    }
}

/// Writes `bytes` as the loose object file of the id made of `digit` repeated.
fn plant_loose(f: &Fixture, digit: char, bytes: &[u8]) -> String {
    let id: String = std::iter::repeat(digit).take(40).collect();
    let dir = f.git_dir().join("objects").join(&id[..2]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&id[2..]), bytes).unwrap();
    id
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

#[test]
fn batch_takes_a_loose_object_with_an_unreadable_header_as_missing_and_goes_on() {
    let f = small_repo();
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
