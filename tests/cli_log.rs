//! `gitstore log` against `git log`, byte for byte (stdout, stderr, exit code): the default
//! format, `--oneline`, `--pretty=`/`--format=` with placeholders, `--decorate`, `--date=`,
//! `-n`, revisions and ranges, paths, notes, the mailmap, and git's errors.

mod common;

use common::{assert_identical_env, fixtures, Fixture};

/// `GIT_TEST_DATE_NOW`: relative dates count from here, in git and in gitstore.
const NOW: (&str, &str) = ("GIT_TEST_DATE_NOW", "1700100000");

fn same(f: &Fixture, args: &[&str]) {
    let mut all = vec!["log"];
    all.extend_from_slice(args);
    assert_identical_env(f, &all, b"", &[NOW], &[]);
}

const FORMATS: &[&[&str]] = &[
    &[],
    &["--oneline"],
    &["--oneline", "--decorate"],
    &["--decorate"],
    &["--decorate=full", "--pretty=fuller"],
    &["--pretty=short"],
    &["--pretty=full"],
    &["--pretty=raw"],
    &["--pretty=reference"],
    &["--format=%H %h %T %t %P %p"],
    &["--format=%an <%ae> %ad|%aI|%ai|%at|%cn <%ce> %cd|%cI|%ci|%ct|%cr"],
    &["--format=%s%n%b%n---%n%B", "--date=iso"],
    &["--format=%d|%D"],
    &["--pretty=format:%h %s", "--date=short"],
    &["--pretty=tformat:%h%x09%s"],
    &["--format=%x00%h%%%n%e%m"],
    &["--format="],
    &["--abbrev-commit"],
    &["--abbrev=10", "--oneline"],
    &["--no-abbrev", "--format=%h %p"],
];

const DATES: &[&str] = &[
    "--date=default",
    "--date=iso",
    "--date=iso-strict",
    "--date=rfc",
    "--date=relative",
    "--date=short",
    "--date=unix",
    "--date=raw",
    "--date=human",
    "--date=local",
    "--date=format:%Y/%m/%d %H:%M %z",
    "--relative-date",
];

fn every_format(f: &Fixture, revs: &[&str]) {
    for format in FORMATS {
        let mut args = format.to_vec();
        args.extend_from_slice(revs);
        same(f, &args);
    }
    for date in DATES {
        let mut args = vec![*date];
        args.extend_from_slice(revs);
        same(f, &args);
    }
}

#[test]
fn history_graph_logs_as_git_logs() {
    let f = fixtures::history_graph();
    every_format(&f, &[]);
    every_format(&f, &["--all"]);
}

#[test]
fn history_repo_logs_as_git_logs() {
    let f = fixtures::history_repo();
    every_format(&f, &["--all"]);
}

#[test]
fn odd_messages_log_as_git_logs_them() {
    let f = Fixture::from_script("pretty_messages");
    every_format(&f, &["--all"]);
    for args in [
        &["--notes=other"][..],
        &["--notes=*", "--oneline"],
        &["--no-notes"],
        &["--format=%N|%aN|%cE"],
        &["--no-use-mailmap"],
        &["--expand-tabs=2"],
        &["--no-expand-tabs", "--pretty=fuller"],
    ] {
        same(&f, args);
    }
}

#[test]
fn counts_revisions_and_ranges_log_as_git_logs() {
    let f = fixtures::history_graph();
    for args in [
        &["-n", "3"][..],
        &["-3", "--oneline"],
        &["-n2", "--oneline"],
        &["--max-count=4", "--oneline"],
        &["--max-count", "1"],
        &["-n", "0"],
        &["side", "--oneline"],
        &["main~3..main", "--oneline"],
        &["side..main", "--format=%h %s"],
        &["main...side", "--oneline"],
        &["^side", "main", "--oneline"],
        &["v0.1", "--oneline"],
        &["lonely", "other", "--oneline"],
    ] {
        same(&f, args);
    }
}

#[test]
fn paths_limit_the_log_as_in_git() {
    let f = fixtures::history_graph();
    for args in [
        &["--oneline", "--", "README"][..],
        &["--oneline", "--", "src"],
        &["--oneline", "main", "--", "side.txt"],
        &["--format=%h %s", "--", "docs/with space.txt"],
        &["--oneline", "--all", "--", "vendor/sub"],
        &["--oneline", "--", "no/such/path"],
    ] {
        same(&f, args);
    }
}

#[test]
fn config_sets_log_defaults_as_in_git() {
    let f = fixtures::history_graph();
    for args in [
        &["-c", "format.pretty=oneline"][..],
        &["-c", "log.date=iso"],
        &["-c", "log.decorate=full", "--oneline"],
        &["-c", "log.decorate=short"],
        &["-c", "log.abbrevCommit=true"],
        &["-c", "log.abbrevCommit=true", "--pretty=raw"],
        &["-c", "pretty.mine=%h by %an", "--pretty=mine"],
        &["-c", "core.abbrev=10", "--oneline"],
    ] {
        let mut all = vec![args[0], args[1], "log"];
        all.extend_from_slice(&args[2..]);
        assert_identical_env(&f, &all, b"", &[NOW], &[]);
    }
}

#[test]
fn bad_arguments_fail_as_in_git() {
    let f = fixtures::history_graph();
    for args in [
        &["--pretty=nosuch"][..],
        &["--date=nosuch"],
        &["--date=format"],
        &["--decorate=nosuch"],
        &["nosuch"],
        &["main..nosuch"],
        &["--expand-tabs=x"],
    ] {
        same(&f, args);
    }
    let empty = Fixture::new();
    same(&empty, &[]);
    same(&empty, &["--oneline"]);
}
