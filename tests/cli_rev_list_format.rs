//! `gitstore rev-list` with `--format=`, `--pretty=`, `--oneline` and `--header` against
//! `git rev-list`, byte for byte: the formats come from `gitstore::pretty`, framed as
//! rev-list frames them (`commit <id>` lines, `--no-commit-header`, NUL after `--header`).

mod common;

use common::{assert_identical_env, fixtures, Fixture};

fn same(f: &Fixture, args: &[&str]) {
    let mut all = vec!["rev-list"];
    all.extend_from_slice(args);
    assert_identical_env(f, &all, b"", &[("GIT_TEST_DATE_NOW", "1700100000")], &[]);
}

#[test]
fn rev_list_formats_as_git() {
    for f in [
        fixtures::history_graph(),
        Fixture::from_script("pretty_messages"),
    ] {
        for args in [
            &["--all", "--format=%h %s"][..],
            &["--all", "--format=%h %s", "--no-commit-header"],
            &["--all", "--pretty=medium", "--date=relative"],
            &["--all", "--pretty=oneline", "--abbrev-commit"],
            &["--all", "--oneline", "--parents"],
            &["--all", "--header"],
            &["--all", "--header", "--parents", "-n", "3"],
            &["--all", "--format=%d|%D|%N|%S|%m"],
            &["--all", "--format=", "--timestamp"],
            &["--all", "--boundary", "--format=%h", "HEAD~2..HEAD"],
            &["--left-right", "--oneline", "main...side"],
            &["--all", "--pretty=raw", "--", "README"],
            &["--all", "--format=%aN %cE"],
        ] {
            same(&f, args);
        }
    }
}
