//! `gitstore diff-tree` against git 2.47, byte for byte: every commit of the history fixtures
//! in every output format (raw, `--name-only`, `--name-status`, `-z`), recursive or not, with
//! `-t`, `--root`, `-m`, `-M` and `--no-commit-id`; commits against `HEAD`; paths limiting to
//! files and directories, from the top and from a subdirectory; `--stdin`; renames and type
//! changes; the argument errors.

mod common;

use common::fixtures::history_graph;
use common::{assert_identical, assert_identical_in, Fixture};

/// Every commit reachable from any ref, as git lists them.
fn all_commits(f: &Fixture) -> Vec<String> {
    f.git_str(&["rev-list", "--all"])
        .lines()
        .map(str::to_string)
        .collect()
}

const ONE_COMMIT_OPTIONS: &[&[&str]] = &[
    &[],
    &["-r"],
    &["-t"],
    &["--root"],
    &["--root", "-r"],
    &["--root", "-t", "--name-status"],
    &["-m"],
    &["-m", "-r", "--name-status"],
    &["-r", "--name-only"],
    &["-z"],
    &["-z", "-r", "--name-status"],
    &["-z", "-t", "--name-only", "--root"],
    &["-M", "-r"],
    &["-M", "-t", "-m"],
    &["--no-commit-id", "-r", "--root"],
];

fn check_every_commit(f: &Fixture, options: &[&[&str]]) {
    let commits = all_commits(f);
    assert!(commits.len() > 10, "the fixture has a history");
    for commit in &commits {
        for opts in options {
            let mut args = vec!["diff-tree"];
            args.extend_from_slice(opts);
            args.push(commit);
            assert_identical(f, &args, b"");
        }
    }
}

#[test]
fn every_commit_of_the_history_graph_matches_git_in_every_format() {
    check_every_commit(&history_graph(), ONE_COMMIT_OPTIONS);
}

#[test]
fn every_commit_of_the_history_repo_matches_git() {
    check_every_commit(
        &common::history_repo(),
        &[
            &["-r"],
            &["--root", "-t"],
            &["-M", "-r", "-m"],
            &["--name-status"],
        ],
    );
}

#[test]
fn every_commit_against_head_matches_git() {
    let f = history_graph();
    let lonely = f.git_str(&["rev-parse", "lonely"]);
    for commit in all_commits(&f) {
        for opts in [
            &[][..],
            &["-r"],
            &["-t"],
            &["-M", "-r", "--name-status"],
            &["-z", "-r"],
        ] {
            for pair in [
                [commit.as_str(), "HEAD"],
                [lonely.as_str(), commit.as_str()],
            ] {
                let mut args = vec!["diff-tree"];
                args.extend_from_slice(opts);
                args.extend_from_slice(&pair);
                assert_identical(&f, &args, b"");
            }
        }
    }
}

#[test]
fn trees_tags_and_ranges_are_compared_as_git_compares_them() {
    let f = history_graph();
    for args in [
        &["diff-tree", "-r", "HEAD^{tree}", "HEAD~5^{tree}"][..],
        &["diff-tree", "v0.1", "v0.2"],
        &["diff-tree", "-r", "v0.2"],
        &["diff-tree", "-r", "HEAD~3..HEAD"],
        &["diff-tree", "-r", "HEAD..HEAD~3"],
        &["diff-tree", "^HEAD", "HEAD~3"],
        &["diff-tree", "HEAD~3", "^HEAD"],
        &["diff-tree", "HEAD", "HEAD"],
        &["diff-tree", "HEAD", "HEAD~1", "HEAD~2"],
        &["diff-tree", "-r", "HEAD^{tree}"],
        &["diff-tree", "-r", "light"],
        &["diff-tree", "-m", "light"],
        &["diff-tree", "HEAD~3...HEAD"],
        &["diff-tree", "HEAD~3..."],
        &["diff-tree", "...HEAD~3"],
        &["diff-tree", "..HEAD~2"],
        &["diff-tree", "-r", "main...lonely"],
        &["diff-tree", "HEAD^{tree}...HEAD"],
        &["diff-tree", "-r", "HEAD^!"],
        &["diff-tree", "HEAD^@"],
        &["diff-tree", "light^!"],
        &["diff-tree", "-r", "light^@"],
        &["diff-tree", "-r", "light^-"],
        &["diff-tree", "-r", "light^-3"],
        &["diff-tree", "light^-9"],
        &["diff-tree", "light^-0"],
        &["diff-tree", "lonely^@"],
        &["diff-tree", "--root", "lonely^!"],
        &["diff-tree", "^HEAD~2"],
        &["diff-tree", "^v0.2"],
        &["diff-tree", ".."],
        &["diff-tree", "src/.."],
    ] {
        assert_identical(&f, args, b"");
    }
}

#[test]
fn paths_limit_the_diff_to_files_and_directories() {
    let f = history_graph();
    let root = f.git_str(&["rev-list", "--max-parents=0", "main"]);
    let root = root.lines().last().unwrap().to_string();
    for paths in [
        &["src"][..],
        &["src/lib.rs"],
        &["src/"],
        &["odd"],
        &["odd/", "README"],
        &["docs/with space.txt", "side.txt"],
        &["side.txt/"],
        &["side.txt/inside"],
        &["vendor/sub"],
        &["vendor/sub/"],
        &["vendor"],
        &["nowhere", "topics/t2.txt"],
        &["."],
        &["odd/caf*"],
        &["*.txt"],
        &["src/*.rs", "t?pics"],
        &["side.txt/*"],
        &["[sv]*"],
        &["*/sub"],
    ] {
        for opts in [&[][..], &["-r"], &["-t"], &["-r", "--name-status", "-M"]] {
            for revs in [
                &[root.as_str(), "HEAD"][..],
                &["HEAD~3"],
                &["HEAD~7"],
                &["main~4"],
            ] {
                let mut args = vec!["diff-tree", "--root"];
                args.extend_from_slice(opts);
                args.extend_from_slice(revs);
                args.push("--");
                args.extend_from_slice(paths);
                assert_identical(&f, &args, b"");
            }
        }
    }
    // without `--`, paths that exist in the work tree
    assert_identical(
        &f,
        &["diff-tree", "-r", &root, "HEAD", "src", "README"],
        b"",
    );
}

#[test]
fn paths_given_in_a_subdirectory_are_relative_to_it() {
    let f = history_graph();
    for args in [
        &["diff-tree", "-r", "HEAD~8", "HEAD"][..],
        &["diff-tree", "-r", "HEAD~8", "HEAD", "--", "."],
        &["diff-tree", "-r", "HEAD~8", "HEAD", "--", "lib.rs"],
        &["diff-tree", "-r", "HEAD~8", "HEAD", "--", "../odd"],
        &["diff-tree", "-t", "HEAD~8", "HEAD", "lib.rs"],
    ] {
        assert_identical_in(&f, "src", args);
    }
}

#[test]
fn stdin_lines_are_diffed_grafted_or_echoed_as_git_does() {
    let f = history_graph();
    let rev = |r: &str| f.git_str(&["rev-parse", r]);
    let (head, head2) = (rev("HEAD"), rev("HEAD~2"));
    let (tree, tree2) = (rev("HEAD^{tree}"), rev("HEAD~2^{tree}"));
    let merge = rev("main~6");
    let root = f.git_str(&["rev-list", "--max-parents=0", "main"]);
    let root = root.lines().last().unwrap().to_string();
    let blob = rev("HEAD:README");
    let tag = rev("v0.1");
    let long = format!("{head}{}\n", " ".repeat(1200));
    let input = [
        format!("{head}\n"),
        "not an id\n".into(),
        format!("{head} {head2}\n"),
        format!("{tree} {tree2}\n"),
        format!("{tree} {tree2} extra\n"),
        format!("{tree}\n"),
        format!("{merge}\n"),
        format!("{root}\n"),
        format!("{blob}\n"),
        format!("{tag}\n"),
        format!("{head} not-a-parent\n"),
        format!("{head}x\n"),
        format!("{root} {head2}{head}\n"),
        "1111111111111111111111111111111111111111\n".into(),
        "\n".into(),
        long,
        head2.clone(),
    ]
    .concat();
    for opts in [
        &[][..],
        &["-r"],
        &["-m", "--name-only"],
        &["--root", "-z"],
        &["-t", "--name-status", "--no-commit-id"],
    ] {
        let mut args = vec!["diff-tree", "--stdin"];
        args.extend_from_slice(opts);
        assert_identical(&f, &args, input.as_bytes());
    }
    // a tree-ish argument first, then stdin
    assert_identical(
        &f,
        &["diff-tree", "-r", "HEAD", "--stdin"],
        input.as_bytes(),
    );
}

#[test]
fn bad_arguments_fail_with_gits_words_and_exit_codes() {
    let f = history_graph();
    f.write("main", "a file named like a branch\n");
    for args in [
        &["diff-tree"][..],
        &["diff-tree", "--bogus", "HEAD"],
        &["diff-tree", "nosuch"],
        &["diff-tree", "HEAD", "nosuch"],
        &["diff-tree", "HEAD~2", "README", "HEAD"],
        &["diff-tree", "README"],
        &["diff-tree", "--", "HEAD"],
        &["diff-tree", "HEAD", "--", "nosuch"],
        &["diff-tree", "HEAD~3", "--", "-r"],
        &["diff-tree", "HEAD~1", "README", "-r"],
        &["diff-tree", "HEAD~1", "-r"],
        &["diff-tree", "HEAD^{tree}", "HEAD:README"],
        &["diff-tree", "HEAD:README", "HEAD"],
        &["diff-tree", "HEAD:README"],
        &["diff-tree", "--name-only", "--name-status", "HEAD"],
        &[
            "diff-tree",
            "1111111111111111111111111111111111111111",
            "HEAD",
        ],
        &["diff-tree", "main", "HEAD"],
        &["diff-tree", "nosuch", "--", "src"],
        &["diff-tree", "^nosuch", "HEAD"],
        &["diff-tree", "HEAD:nosuch"],
    ] {
        assert_identical(&f, args, b"");
    }
}

/// `n` lines of text starting with `word`.
fn lines(word: &str, n: usize) -> String {
    (1..=n)
        .map(|i| format!("{word} line {i} of some text\n"))
        .collect()
}

#[test]
fn renames_exact_and_edited_are_paired_as_git_pairs_them() {
    let f = Fixture::new();
    f.write("d1/a", "hello\n");
    f.write("b", "same\n");
    f.write("c", "same\n");
    f.write("e/x", "exe\n");
    f.write("empty", "");
    f.write("keep/name", "dup\n");
    f.write("other/name", "dup\n");
    std::os::unix::fs::symlink("target", f.path.join("l1")).unwrap();
    // edited on the way: moved with the same name, renamed in place, shrunk, grown, binary,
    // CRLF to LF, two alike, and one too different
    f.write("a/one.txt", lines("alpha", 20));
    f.write("a/two.txt", lines("beta", 30));
    f.write("c3/three.txt", lines("gamma", 10));
    f.write("big.txt", lines("delta", 40));
    f.write("small.txt", lines("eps", 8));
    f.write("bin.dat", b"bin\0ary\nstuff\nmore\n");
    f.write("crlf.txt", lines("crlf", 10).replace('\n', "\r\n"));
    f.write("d1.txt", lines("same", 12));
    f.write("d2.txt", lines("same", 12));
    f.write("z.txt", lines("zeta", 6));
    f.commit_all("before");
    f.git(&["mv", "d1", "d2"]);
    std::fs::create_dir(f.path.join("y")).unwrap();
    f.git(&["mv", "b", "y/b"]);
    f.git(&["mv", "c", "a0"]);
    f.git(&["mv", "l1", "l2"]);
    f.git(&["mv", "empty", "empty2"]);
    f.git(&["mv", "e/x", "e/x2"]);
    f.git(&["update-index", "--chmod=+x", "e/x2"]);
    std::fs::remove_file(f.path.join("other/name")).unwrap();
    std::fs::remove_file(f.path.join("keep/name")).unwrap();
    f.write("moved/name", "dup\n");
    f.write("z/name", "dup\n");
    let rm = |p: &str| std::fs::remove_file(f.path.join(p)).unwrap();
    for p in [
        "a/one.txt",
        "a/two.txt",
        "c3/three.txt",
        "big.txt",
        "small.txt",
        "bin.dat",
        "crlf.txt",
        "d1.txt",
        "d2.txt",
        "z.txt",
    ] {
        rm(p);
    }
    f.write("b/one.txt", lines("alpha", 20) + "extra\n");
    f.write(
        "a/renamed-two.txt",
        lines("beta", 30).replace("line 3 ", "LINE 3 "),
    );
    f.write(
        "c3/3.txt",
        lines("gamma", 10)
            .lines()
            .skip(6)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    f.write("huge.txt", lines("delta", 40) + &lines("more", 5));
    f.write("b/small.txt", lines("eps", 8) + &lines("x", 20));
    f.write("bin2.dat", b"bin\0ary\nstuff\nmore\nextra\n");
    f.write("crlf2.txt", lines("crlf", 10));
    f.write("e1.txt", lines("same", 12) + "x\n");
    f.write("e2.txt", lines("same", 12) + "y\n");
    f.write("q.txt", lines("zeta", 6) + "w\n");
    f.commit_all("after");
    for opts in [
        &["-M"][..],
        &["-M", "-r"],
        &["-M", "-t"],
        &["-M", "-r", "--name-status"],
        &["-M", "-r", "--name-only"],
        &["-M", "-r", "-z"],
        &["-M", "-t", "--name-status", "-z"],
        &["-r"],
    ] {
        let mut args = vec!["diff-tree"];
        args.extend_from_slice(opts);
        args.push("HEAD");
        assert_identical(&f, &args, b"");
    }
    // past diff.renameLimit only exact renames are paired, and git says so at the end
    for limit in ["1", "3", "0"] {
        f.git(&["config", "diff.renameLimit", limit]);
        assert_identical(&f, &["diff-tree", "-M", "-r", "HEAD"], b"");
        let head = f.git_str(&["rev-parse", "HEAD"]);
        let input = format!("{head}\n{head}\n");
        assert_identical(&f, &["diff-tree", "-M", "-r", "--stdin"], input.as_bytes());
    }
}

#[test]
fn type_and_mode_changes_between_built_trees_match_git() {
    let f = Fixture::new();
    let blob = String::from_utf8(f.git_stdin(&["hash-object", "-w", "--stdin"], b"x\n")).unwrap();
    let blob = blob.trim();
    let sub = "1111111111111111111111111111111111111111";
    let mktree = |lines: &[String]| -> String {
        let mut input = lines.join("\n");
        input.push('\n');
        let out = f.git_stdin(&["mktree", "--missing"], input.as_bytes());
        String::from_utf8(out).unwrap().trim().to_string()
    };
    let inner = mktree(&[format!("100644 blob {blob}\tin")]);
    let entry = |mode: &str, name: &str| -> String {
        match mode {
            "040000" => format!("040000 tree {inner}\t{name}"),
            "160000" => format!("160000 commit {sub}\t{name}"),
            _ => format!("{mode} blob {blob}\t{name}"),
        }
    };
    let modes = ["100644", "100755", "120000", "160000", "040000"];
    let trees: Vec<String> = modes
        .iter()
        .map(|m| {
            mktree(&[
                entry(m, "a"),
                entry(m, "p"),
                format!("100644 blob {blob}\tz"),
            ])
        })
        .collect();
    for old in &trees {
        for new in &trees {
            for opts in [&[][..], &["-r"], &["-t"], &["-M", "-r", "--name-status"]] {
                let mut args = vec!["diff-tree"];
                args.extend_from_slice(opts);
                args.extend_from_slice(&[old.as_str(), new.as_str()]);
                assert_identical(&f, &args, b"");
                args.extend_from_slice(&["--", "p/"]);
                assert_identical(&f, &args, b"");
            }
        }
    }
}

#[test]
fn paths_are_quoted_as_core_quote_path_says() {
    let f = history_graph();
    let odd = f.git_str(&["rev-parse", ":/odd names"]);
    let edit = f.git_str(&["rev-parse", ":/edit odd names"]);
    for value in ["true", "false"] {
        f.git(&["config", "core.quotePath", value]);
        for commit in [&odd, &edit] {
            for opts in [&["-r"][..], &["-r", "--name-only"], &["-r", "-z"]] {
                let mut args = vec!["diff-tree"];
                args.extend_from_slice(opts);
                args.push(commit);
                assert_identical(&f, &args, b"");
            }
        }
    }
}

#[test]
fn stdin_lines_naming_missing_or_wrong_objects_fail_as_git_does() {
    let f = history_graph();
    let rev = |r: &str| f.git_str(&["rev-parse", r]);
    let (head, head2, head3) = (rev("HEAD"), rev("HEAD~2"), rev("HEAD~3"));
    let (tree, tree3) = (rev("HEAD^{tree}"), rev("HEAD~3^{tree}"));
    let blob = rev("HEAD:README");
    let missing = "1111111111111111111111111111111111111111";
    for lines in [
        vec![format!("{head} {missing}")],
        vec![format!("{head} {tree}"), head.clone()],
        vec![format!("{head} {blob}")],
        vec![format!("{head} {tree3}")],
        vec![format!("{head} {tree3} {head2}")],
        vec![format!("{head}\t{head3}")],
        vec![format!("{tree} {head}")],
        vec![format!("{tree} {blob}"), blob.clone()],
        vec![format!("{tree} {missing}")],
        vec![format!("{tree}\t{tree3}"), format!("{tree}  {tree3}")],
        vec![
            head2.clone(),
            format!("{tree3} {head}"),
            format!("{head} {tree3}"),
        ],
        vec![format!("{head} {tree3} {head2}"), format!("{tree3} {tree}")],
    ] {
        let input = lines.join("\n") + "\n";
        for opts in [&["--stdin"][..], &["--stdin", "-m", "-r"]] {
            let mut args = vec!["diff-tree"];
            args.extend_from_slice(opts);
            assert_identical(&f, &args, input.as_bytes());
        }
    }
}
