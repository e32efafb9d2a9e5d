//! `gitstore ls-tree --format` against git 2.47, byte for byte (stdout, stderr, exit code): every
//! atom and literal, over names that need quoting (space, tab, newline, quotes, backslash,
//! non-UTF-8) and submodule entries, with `-z`, `--abbrev`, `-r`, `-t`, `-d`, `--full-name`,
//! `--full-tree` and paths, git's errors for bad atoms and for `--format` with another output
//! mode.

mod common;

use common::Fixture;
use std::process::Output;

/// Asserts git and gitstore print the same bytes and exit alike, run from `dir`.
fn same_in(f: &Fixture, dir: &str, args: &[&str]) {
    let run = |mut cmd: std::process::Command| -> Output {
        cmd.current_dir(f.path.join(dir)).output().unwrap()
    };
    let g = run(f.git_command(args));
    let s = run(f.gitstore_command(args));
    assert_eq!(s.stdout, g.stdout, "stdout differs for {args:?} in {dir:?}");
    assert_eq!(s.status.code(), g.status.code(), "exit code for {args:?}");
    let stderr = |o: &Output| {
        let t = String::from_utf8_lossy(&o.stderr).into_owned();
        if o.status.code() == Some(129) {
            // git follows a usage error with its option list
            t.lines().next().unwrap_or_default().to_string()
        } else {
            t
        }
    };
    assert_eq!(stderr(&s), stderr(&g), "stderr differs for {args:?}");
}

const EVERY_ATOM: &str = "%(objectmode) %(objecttype) %(objectname) %(objectsize) \
     [%(objectsize:padded)] %(path)%x09%%%x2f%n--";

#[test]
fn every_atom_matches_git_over_odd_paths() {
    let f = Fixture::from_script("odd_paths");
    let formats = [
        EVERY_ATOM,
        "%(path)",
        "%(objectname)",
        "%(objectmode) %(objecttype) %(objectname)%x09%(path)",
        "%(objectmode) %(objecttype) %(objectname) %(objectsize:padded)%x09%(path)",
        "%(path)|",
        "%(objectsize)",
        "%(objectsize:padded)%(objectsize:padded)",
        "",
        "%%(path)%%",
        "%x00%x7e%xFF%x41",
        "%xZZ",
        "%(path)%x0",
        "no atoms at all",
    ];
    for format in formats {
        let format = format!("--format={format}");
        for extra in [
            &[][..],
            &["-r"],
            &["-r", "-t"],
            &["-d"],
            &["-r", "-d"],
            &["-z"],
            &["-r", "-z"],
            &["--abbrev"],
            &["--abbrev=12", "-r"],
            &["--abbrev=4"],
            &["--abbrev=0"],
            &["--abbrev=3"],
            &["--abbrev=41"],
        ] {
            let mut args = vec!["ls-tree", format.as_str()];
            args.extend_from_slice(extra);
            args.push("HEAD");
            same_in(&f, ".", &args);
        }
    }
}

#[test]
fn format_with_paths_and_subdirectories_matches_git() {
    let f = Fixture::from_script("odd_paths");
    let fmt = format!("--format={EVERY_ATOM}");
    for args in [
        vec!["ls-tree", &fmt, "HEAD", "dir one"],
        vec!["ls-tree", &fmt, "HEAD", "dir one/"],
        vec!["ls-tree", &fmt, "-r", "HEAD", "dir one", "sub", "nope"],
        vec!["ls-tree", &fmt, "HEAD^{tree}"],
        vec!["ls-tree", &fmt, "HEAD:dir one"],
        vec!["ls-tree", "--format=%(path)", "-z", "HEAD"],
        vec!["ls-tree", "--format=%(path)", "HEAD"],
    ] {
        same_in(&f, ".", &args);
    }
    for args in [
        vec!["ls-tree", &fmt, "HEAD"],
        vec!["ls-tree", &fmt, "-r", "HEAD"],
        vec!["ls-tree", &fmt, "--full-name", "HEAD"],
        vec!["ls-tree", &fmt, "--full-tree", "HEAD"],
        vec!["ls-tree", &fmt, "--full-tree", "-r", "-t", "HEAD"],
        vec![
            "ls-tree",
            "--format=%(path)",
            "HEAD",
            "../plain.txt",
            "deeper",
        ],
        vec!["ls-tree", "--format=%(path)", "-z", "HEAD", "../plain.txt"],
    ] {
        same_in(&f, "dir one", &args);
    }
}

#[test]
fn bad_formats_fail_as_git_does() {
    let f = Fixture::from_script("odd_paths");
    for format in [
        "%(bogus)",
        "%(path) %(objectsize:bogus) %(path)",
        "%(path",
        "%(path)%",
        "%y",
        "%(objectname)%(",
        "%()",
        "%(PATH)",
    ] {
        let format = format!("--format={format}");
        same_in(&f, ".", &["ls-tree", &format, "HEAD"]);
        same_in(&f, ".", &["ls-tree", &format, "-r", "HEAD"]);
    }
    // git only meets the bad atom at the first entry: an empty listing succeeds
    same_in(&f, ".", &["ls-tree", "--format=%(bogus)", "HEAD", "nope"]);
    // the tree is looked up first
    same_in(&f, ".", &["ls-tree", "--format=%(bogus)", "nonsense"]);
}

#[test]
fn format_with_another_output_mode_is_a_usage_error() {
    let f = Fixture::from_script("odd_paths");
    for args in [
        vec!["ls-tree", "--format=%(path)", "--name-only", "HEAD"],
        vec!["ls-tree", "--name-only", "--format=%(path)", "HEAD"],
        vec!["ls-tree", "--format=%(path)", "--name-status", "HEAD"],
        vec!["ls-tree", "--format=%(path)", "--object-only", "HEAD"],
        vec!["ls-tree", "--format=%(path)", "--long", "HEAD"],
        vec!["ls-tree", "--format=%(path)", "-l", "HEAD"],
        vec!["ls-tree", "--format=%(objectname)", "-l", "HEAD"],
        vec!["ls-tree", "--format", "%(path)", "HEAD"],
        vec![
            "ls-tree",
            "--format=%(path)",
            "--format=%(objectname)",
            "HEAD",
        ],
    ] {
        same_in(&f, ".", &args);
    }
}

#[test]
fn missing_blob_sizes_fail_or_say_bad_as_git_does() {
    let f = Fixture::from_script("odd_paths");
    let tree = f.git_stdin(
        &["mktree", "--missing"],
        b"100644 blob 3333333333333333333333333333333333333333\tghost\n\
          100644 blob b9bca019c83a65e6d717d0b6da86215f45dde1b3\tz\n",
    );
    let tree = String::from_utf8(tree).unwrap();
    let tree = tree.trim();
    for args in [
        vec!["ls-tree", "--format=%(path) %(objectsize)", tree],
        vec!["ls-tree", "--format=%(path) %(objectsize:padded)", tree],
        vec!["ls-tree", "--format=%(path) %(objectname)", tree],
        vec!["ls-tree", "-l", tree],
        vec!["ls-tree", "--long", "--abbrev", tree],
    ] {
        same_in(&f, ".", &args);
    }
}
