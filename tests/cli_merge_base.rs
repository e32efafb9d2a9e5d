//! `gitstore merge-base` against `git merge-base` byte for byte (stdout, stderr, exit code) on
//! histories with merges, octopus merges, criss-cross merges, equal and backward dates, several
//! roots and a rewound branch: every option, every pair of tips and many triples.

mod common;

use common::{assert_identical, Fixture};

/// Every branch and tag of the fixture, plus a few commits below the tips.
fn tips(f: &Fixture) -> Vec<String> {
    let refs = f.git_str(&["for-each-ref", "--format=%(refname:short)"]);
    let mut out: Vec<String> = refs.lines().map(str::to_string).collect();
    out.extend(["HEAD~1", "HEAD~2", "HEAD^2"].map(String::from));
    out
}

fn same(f: &Fixture, args: &[&str]) {
    let mut full = vec!["merge-base"];
    full.extend_from_slice(args);
    assert_identical(f, &full, b"");
}

/// Every pair (both orders) with and without `--all`, `--is-ancestor` and `--independent`.
fn every_pair(f: &Fixture) {
    let tips = tips(f);
    for a in &tips {
        for b in &tips {
            same(f, &[a, b]);
            same(f, &["--all", a, b]);
            same(f, &["--is-ancestor", a, b]);
            same(f, &["--independent", a, b]);
        }
    }
}

/// Triples: bases of A and a merge of B, C; octopus bases; independent heads.
fn triples(f: &Fixture, step: usize) {
    let tips = tips(f);
    for (i, a) in tips.iter().enumerate() {
        for (j, b) in tips.iter().enumerate().skip(i % step).step_by(step) {
            let c = &tips[(i + j + 1) % tips.len()];
            same(f, &["--all", a, b, c]);
            same(f, &["--octopus", a, b, c]);
            same(f, &["--octopus", "--all", a, b, c]);
            same(f, &["--independent", a, b, c, a]);
        }
    }
}

#[test]
fn criss_cross_pairs_and_triples_match_git() {
    let f = Fixture::from_script("merge_criss_cross");
    every_pair(&f);
    triples(&f, 1);
}

#[test]
fn history_graph_pairs_and_triples_match_git() {
    let f = Fixture::from_script("history_graph");
    every_pair(&f);
    triples(&f, 3);
}

#[test]
fn history_repo_pairs_match_git() {
    let f = common::history_repo();
    every_pair(&f);
    triples(&f, 4);
}

#[test]
fn criss_cross_has_two_bases_and_equal_dates_keep_git_order() {
    let f = Fixture::from_script("merge_criss_cross");
    let out = f.gitstore(&["merge-base", "--all", "a", "b"]);
    assert_eq!(
        out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count(),
        2
    );
    let out = f.gitstore(&["merge-base", "--all", "x", "y", "z"]);
    assert_eq!(
        out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count(),
        3
    );
    same(&f, &["--all", "x", "y", "z"]);
    same(&f, &["--all", "z", "y", "x"]);
    same(&f, &["--all", "p", "q"]);
    same(&f, &["--octopus", "--all", "x", "y", "z"]);
}

#[test]
fn unrelated_histories_exit_1_in_every_mode() {
    let f = Fixture::from_script("merge_criss_cross");
    for args in [
        &["main", "alone"][..],
        &["--all", "alone", "main"],
        &["--octopus", "main", "a", "alone"],
        &["--is-ancestor", "alone", "main"],
        &["--fork-point", "alone", "main"],
    ] {
        let out = f.gitstore_output(&[&["merge-base"][..], args].concat(), b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        same(&f, args);
    }
}

#[test]
fn fork_point_finds_the_commit_a_rewound_upstream_used_to_have() {
    let f = Fixture::from_script("merge_criss_cross");
    let old_u2 = f.git_str(&["rev-parse", "u2"]);
    let out = f.gitstore(&["merge-base", "--fork-point", "upstream", "topic"]);
    assert_eq!(String::from_utf8_lossy(&out).trim(), old_u2.trim());
    // the plain merge base is older: u2 is no longer on upstream
    let plain = f.gitstore(&["merge-base", "upstream", "topic"]);
    assert_ne!(plain, out);
    for args in [
        &["--fork-point", "upstream", "topic"][..],
        &["--fork-point", "upstream"],
        &["--fork-point", "refs/heads/upstream", "topic~1"],
        &["--fork-point", "main", "topic"],
        &["--fork-point", "topic", "upstream"],
        &["--fork-point", "u2", "topic"],
        &["--fork-point", "HEAD", "a"],
    ] {
        same(&f, args);
    }
    // without a reflog the ref's value alone is the candidate
    std::fs::remove_file(f.git_dir().join("logs/refs/heads/upstream")).unwrap();
    same(&f, &["--fork-point", "upstream", "topic"]);
    same(&f, &["--fork-point", "upstream", "upstream~1"]);
}

#[test]
fn errors_and_usage_match_git() {
    let f = Fixture::from_script("merge_criss_cross");
    f.git(&["tag", "-a", "-m", "tree tag", "treetag", "main^{tree}"]);
    for args in [
        &[][..],
        &["main"],
        &["nope", "main"],
        &["main", "nope"],
        &["main", "main^{tree}"],
        &["main", "treetag"],
        &["main", "0000000000000000000000000000000000000001"],
        &["--octopus", "nope", "main", "bad"],
        &["--independent", "nope", "main", "bad"],
        &["--octopus"],
        &["--independent"],
        &["--is-ancestor", "main"],
        &["--is-ancestor", "main", "a", "b"],
        &["--is-ancestor", "-a", "main", "a"],
        &["--independent", "--all", "main"],
        &["--octopus", "--independent", "main"],
        &["--is-ancestor", "--fork-point", "main"],
        &["--fork-point"],
        &["--fork-point", "a", "b", "c"],
        &["--fork-point", "nope"],
        &["--fork-point", "main", "nope"],
        &["--fork-point", "main", "main^{tree}"],
        &["--foo", "main", "a"],
        &["-x", "main", "a"],
        &["--all=1", "main", "a"],
        &["--i", "main", "a"],
        &["--no-octopus", "main", "a"],
        &["-h"],
    ] {
        same(&f, args);
    }
}

#[test]
fn option_spellings_match_git() {
    let f = Fixture::from_script("merge_criss_cross");
    for args in [
        &["-a", "a", "b"][..],
        &["--al", "a", "b"],
        &["--all", "--no-all", "a", "b"],
        &["--no-al", "a", "b"],
        &["--octo", "-a", "x", "y", "z"],
        &["--indep", "x", "y", "x1"],
        &["--is-anc", "x1", "x"],
        &["--", "a", "b"],
        &["a", "--", "b"],
        &["--end-of-options", "a", "b"],
        &["--all", "a", "b", "--octopus"],
    ] {
        same(&f, args);
    }
}
