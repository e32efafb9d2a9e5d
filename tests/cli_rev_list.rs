//! `gitstore rev-list` against git 2.47, byte for byte (stdout, stderr, exit code), on the
//! history fixtures: many revision pairs generated from each history, crossed with the walk's
//! orders and options, paths, and the errors git words for bad revisions and options.

mod common;

use common::fixtures::{history_graph, history_repo};
use common::{assert_identical, Fixture};

/// Orders and options, crossed with one another as rev-list users combine them.
const OPTIONS: &[&str] = &[
    "",
    "--topo-order",
    "--date-order",
    "--reverse",
    "--first-parent",
    "--parents",
    "--children",
    "--boundary",
    "--ancestry-path",
    "--count",
    "--timestamp --max-count=3",
    "--topo-order --first-parent --reverse",
    "--date-order --boundary --parents",
    "--max-count=2 --skip=1 --boundary",
    "--reverse --max-count=4 --skip=2",
    "--first-parent --boundary --topo-order",
    "--merges --parents",
    "--no-merges --reverse",
    "--min-parents=3",
    "--max-parents=0 --boundary",
    "--left-right --boundary",
    "--left-right --count",
    "--ancestry-path --parents --reverse",
    "--since=1700000400",
    "--until=1700000900 --topo-order",
    "--full-history --parents",
];

/// Every `step`-th commit of the fixture (all refs' history, newest first).
fn sample(f: &Fixture, step: usize) -> Vec<String> {
    String::from_utf8(f.git(&["rev-list", "--all"]))
        .unwrap()
        .lines()
        .step_by(step)
        .map(str::to_string)
        .collect()
}

fn run(f: &Fixture, options: &str, revs: &[&str], paths: &[&str]) {
    let mut args = vec!["rev-list"];
    args.extend(options.split_whitespace());
    args.extend(revs);
    if !paths.is_empty() {
        args.push("--");
        args.extend(paths);
    }
    assert_identical(f, &args, b"");
}

/// `A..B`, `A...B` and `B ^A` over pairs of sampled commits and refs, each pair crossed with
/// three option sets in turn so that every set meets many shapes of range.
fn ranges_over_pairs(f: &Fixture, step: usize, refs: &[&str]) {
    let mut names: Vec<String> = sample(f, step);
    names.extend(refs.iter().map(|r| r.to_string()));
    let mut k = 0;
    for a in &names {
        for b in &names {
            for form in [format!("{a}..{b}"), format!("{a}...{b}")] {
                for _ in 0..2 {
                    run(f, OPTIONS[k % OPTIONS.len()], &[&form], &[]);
                    k += 1;
                }
            }
            run(f, OPTIONS[k % OPTIONS.len()], &[b, &format!("^{a}")], &[]);
            k += 1;
        }
    }
}

#[test]
fn ranges_over_many_pairs_match_git_on_the_graph_fixture() {
    ranges_over_pairs(&history_graph(), 4, &["main", "side", "lonely", "v0.1"]);
}

#[test]
fn ranges_over_many_pairs_match_git_on_the_repo_fixture() {
    ranges_over_pairs(&history_repo(), 7, &["main", "topic", "signed"]);
}

#[test]
fn ranges_over_many_pairs_match_git_on_skewed_dates_and_ties() {
    // dates jump back and forth and repeat: git's insertion order, ties and SLOP decide
    ranges_over_pairs(&Fixture::from_script("history_skew"), 3, &["b1", "main"]);
}

#[test]
fn every_option_matches_git_from_every_ref() {
    let f = history_graph();
    for options in OPTIONS {
        for revs in [
            &["HEAD"][..],
            &["--all"],
            &["--all", "--not", "side"],
            &["main", "^t1", "t2"],
            &["--branches=t*", "--not", "--tags"],
            &["--remotes", "lonely"],
            &["--glob=heads/*", "^main~4"],
            &["light^@"],
            &["light^!"],
            &["light^-2"],
            &["side...main"],
        ] {
            run(&f, options, revs, &[]);
        }
    }
}

#[test]
fn path_limited_walks_match_git() {
    let f = history_graph();
    let paths: &[&[&str]] = &[
        &["README"],                                               // deleted and brought back
        &["src"],                                                  // a directory
        &["src/lib.rs"],          // changed on both sides of merges
        &["side.txt"],            // a file that becomes a directory
        &["topics"],              // through the octopus merge
        &["topics/t2.txt"],       // one leg of the octopus
        &["vendor/sub"],          // a submodule entry
        &["docs/with space.txt"], // a space
        &["odd/new\nline.txt", "odd/tab\there", "odd/\"quoted\""], // odd bytes
        &["other.txt"],           // from the second root
        &["run.sh", "link"],      // mode change and symlink
        &["odd/"],                // a directory only
        &["no/such/path"],        // never existed
        &["."],                   // everything
    ];
    let path_options = [
        "",
        "--parents",
        "--topo-order --parents",
        "--full-history",
        "--full-history --parents",
        "--first-parent --parents",
        "--boundary --parents",
        "--reverse --date-order",
        "--ancestry-path --parents",
        "--children",
        "--count",
        "--max-count=2 --skip=1",
    ];
    let sampled = sample(&f, 5);
    for (i, p) in paths.iter().enumerate() {
        for (j, options) in path_options.iter().enumerate() {
            run(&f, options, &["HEAD"], p);
            run(&f, options, &["--all"], p);
            let a = &sampled[(i + j) % sampled.len()];
            run(&f, options, &[&format!("{a}..main")], p);
            run(&f, options, &[&format!("{a}...side")], p);
        }
    }
}

#[test]
fn paths_without_dashdash_must_exist_and_revisions_must_not_be_files() {
    let f = history_graph();
    run(&f, "", &["HEAD", "README"], &[]);
    run(&f, "", &["HEAD", "src", "README"], &[]);
    run(&f, "", &["HEAD", "no-such-file"], &[]);
    run(&f, "", &["no-such-rev"], &[]);
    run(&f, "", &["README"], &[]);
    f.write("main", "a file named like a branch\n");
    run(&f, "", &["main"], &[]);
    run(&f, "", &["main"], &["main"]);
}

#[test]
fn bad_revisions_and_options_fail_as_git_does() {
    let f = history_graph();
    for args in [
        &[][..],
        &["--bogus", "HEAD"],
        &["-n"],
        &["-n", "x", "HEAD"],
        &["--max-count=y", "HEAD"],
        &["nosuch", "--"],
        &["^nosuch"],
        &["HEAD", "--", "nosuch"],
        &["1111111111111111111111111111111111111111"],
        &["HEAD..1111111111111111111111111111111111111111"],
        &["HEAD...HEAD^{tree}"],
        &["HEAD:README...HEAD"],
        &["HEAD^{tree}"],
        &["v0.1"],
        &["--parents", "--children", "HEAD"],
        &["--ancestry-path", "HEAD"],
        &["--end-of-options", "HEAD"],
        &["HEAD", "--end-of-options", "--not", "main~2"],
        &["--not", "--all", "--not", "main"],
        &["--stdin", "--stdin"],
    ] {
        let mut a = vec!["rev-list"];
        a.extend(args);
        assert_identical(&f, &a, b"");
    }
}

#[test]
fn stdin_revisions_match_git() {
    let f = history_graph();
    for (args, input) in [
        (&["--stdin"][..], &b"main\n^side\n"[..]),
        (&["--stdin"], b"main\n--not\nside\n"),
        (&["--stdin"], b"main\n\nside\n"),
        (&["--stdin"], b"main\n--\nREADME\n"),
        (&["--stdin"], b"--bogus\n"),
        (&["--stdin"], b"nosuch\n"),
        (&["--stdin", "main"], b"side\n"),
        (&["--not", "--stdin"], b"--all\n"),
        (&["--stdin", "--count"], b"main..side\n"),
        (
            &["--stdin", "--parents"],
            b"--branches=t*\n--end-of-options\nmain\n",
        ),
    ] {
        let mut a = vec!["rev-list"];
        a.extend(args);
        assert_identical(&f, &a, input);
    }
}

#[test]
fn since_stops_and_until_filters_as_git_does() {
    let f = Fixture::from_script("history_skew");
    for date in ["1700000300", "1700000480", "1700000600", "@1700000660"] {
        for revs in [&["main"][..], &["--all"], &["b0", "^b3"], &["b2...b5"]] {
            for options in ["", "--topo-order", "--boundary", "--parents"] {
                let since = format!("--since={date}");
                let until = format!("--until={date}");
                for o in [since.as_str(), until.as_str()] {
                    let mut a = vec!["rev-list", o];
                    a.extend(options.split_whitespace());
                    a.extend(revs);
                    assert_identical(&f, &a, b"");
                }
            }
        }
    }
    assert_identical(&f, &["rev-list", "--max-age=1700000500", "main"], b"");
    assert_identical(&f, &["rev-list", "--min-age", "1700000500", "main"], b"");
}

#[test]
fn topo_orders_match_git_with_and_without_a_commit_graph() {
    // with a commit-graph git walks --topo-order incrementally (first-parent in-degrees,
    // hidden tips not limiting); without one it walks everything first
    let f = Fixture::from_script("history_skew");
    let check = |f: &Fixture| {
        for options in [
            "--topo-order",
            "--date-order",
            "--topo-order --first-parent",
            "--date-order --first-parent --boundary",
            "--topo-order --parents",
            "--topo-order --since=1700000480",
        ] {
            for revs in [&["main"][..], &["--all"], &["b0", "^b4"], &["b1...b5"]] {
                run(f, options, revs, &[]);
                run(f, options, revs, &["f.txt"]);
            }
        }
    };
    check(&f);
    f.git(&["commit-graph", "write", "--reachable"]);
    check(&f);
}

#[test]
fn ref_exclusions_match_git() {
    // --exclude applies to the next ref option only, against the name below its prefix for
    // --branches/--tags/--remotes and the full name for --all and --glob
    let f = history_graph();
    for args in [
        &["--exclude=t1", "--branches=t*", "^v0.1"][..],
        &["--exclude=refs/heads/t1", "--branches=t*", "^v0.1"],
        &["--exclude=lonely", "--branches"],
        &["--exclude=refs/heads/lonely", "--branches"],
        &["--exclude=v0.1", "--tags"],
        &["--exclude=origin/*", "--remotes"],
        &["--exclude=t1", "--glob=heads/t*", "^v0.1"],
        &["--exclude=refs/heads/t1", "--glob=heads/t*", "^v0.1"],
        &["--exclude=refs/heads/lonely", "--all"],
        &["--exclude=HEAD", "--exclude=refs/heads/*", "--all"],
        &["--exclude=refs/heads/lonely", "--all", "--branches"],
    ] {
        let mut a = vec!["rev-list"];
        a.extend(args);
        assert_identical(&f, &a, b"");
    }
    assert_identical(
        &f,
        &["rev-list", "--stdin"],
        b"--exclude=lonely\n--branches\n",
    );
}

#[test]
fn a_missing_commit_fails_as_git_does_streaming_or_while_preparing() {
    // every object of this fixture is loose: remove an old commit of main's first-parent line
    let f = Fixture::from_script("history_skew");
    let line = String::from_utf8(f.git(&["rev-list", "--first-parent", "main"])).unwrap();
    let hex = line.lines().nth(8).unwrap();
    let path = f.git_dir().join("objects").join(&hex[..2]).join(&hex[2..]);
    std::fs::remove_file(path).unwrap();
    for args in [
        &["main"][..],
        &["--topo-order", "main"],
        &["main", "^b7"],
        &["--count", "main"],
        &["--reverse", "main"],
    ] {
        let mut a = vec!["rev-list"];
        a.extend(args);
        assert_identical(&f, &a, b"");
    }
}
