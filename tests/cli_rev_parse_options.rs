//! `rev-parse`'s options about the repository's layout and its output forms (`--sq-quote`,
//! `--sq`, `--git-path`, `--git-common-dir`, `--path-format=`, `--prefix`, the format and
//! environment queries, `--bisect`), compared byte for byte with git from the top of a work
//! tree, a subdirectory, a linked worktree, the git directory and a shallow clone.

mod common;

use common::{assert_identical_in, Fixture};

/// `main/` (two commits, `sub/deep/f`, bisect refs), its linked worktree `wt/`, and `shallow/`,
/// a clone of depth 1.
fn layout() -> Fixture {
    let f = Fixture::empty_dir();
    f.git(&["init", "-q", "-b", "main", "main"]);
    f.write("main/sub/deep/f", "a\n");
    f.git(&["-C", "main", "add", "."]);
    f.git(&["-C", "main", "commit", "-q", "-m", "one"]);
    f.write("main/g", "b\n");
    f.git(&["-C", "main", "add", "g"]);
    f.git(&["-C", "main", "commit", "-q", "-m", "two"]);
    f.git(&["-C", "main", "worktree", "add", "-q", "../wt"]);
    f.git(&["-C", "main", "update-ref", "refs/bisect/bad", "HEAD"]);
    f.git(&["-C", "main", "update-ref", "refs/bisect/good-1", "HEAD~1"]);
    f.git(&["-C", "main", "update-ref", "refs/bisect/badx", "HEAD~1"]);
    f.git(&["-C", "main", "update-ref", "refs/bisect/newer", "HEAD~1"]);
    // git 2.47's --bisect reads bad/good whatever the terms
    f.write("main/.git/BISECT_TERMS", "new\nold\n");
    let url = format!("file://{}", f.path.join("main").display());
    f.git(&["clone", "-q", "--depth", "1", &url, "shallow"]);
    f
}

const PLACES: &[&str] = &[
    "main",
    "main/sub/deep",
    "wt",
    "wt/sub",
    "main/.git",
    "main/.git/refs",
];

fn same_everywhere(f: &Fixture, cases: &[&[&str]]) {
    for dir in PLACES {
        for case in cases {
            let mut args = vec!["rev-parse"];
            args.extend_from_slice(case);
            assert_identical_in(f, dir, &args);
        }
    }
}

#[test]
fn sq_quote_and_sq_quote_words_as_git_does() {
    let f = layout();
    same_everywhere(
        &f,
        &[
            &["--sq-quote", "a", "b c", "it's", "d!e", ""],
            &["--sq-quote"],
            &["--sq", "HEAD", "--foo", "x y"],
            &["--sq", "--symbolic", "HEAD^", "--not", "main"],
        ],
    );
}

#[test]
fn git_path_maps_per_worktree_and_common_paths() {
    let f = layout();
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for path in [
        "objects",
        "objects/pack",
        "HEAD",
        "logs/HEAD",
        "logs/refs/heads/main",
        "refs/heads/main",
        "refs/bisect/bad",
        "info/grafts",
        "info/exclude",
        "hooks/pre-commit",
        "index",
        "config.lock",
        "config",
        "packed-refs",
        "shallow",
        "./x",
    ] {
        cases.push(vec!["--git-path", path]);
        cases.push(vec!["--path-format=absolute", "--git-path", path]);
        cases.push(vec!["--path-format=relative", "--git-path", path]);
    }
    cases.push(vec!["--git-path"]);
    let cases: Vec<&[&str]> = cases.iter().map(Vec::as_slice).collect();
    same_everywhere(&f, &cases);
}

#[test]
fn path_format_applies_to_every_path_query() {
    let f = layout();
    same_everywhere(
        &f,
        &[
            &["--git-common-dir"],
            &["--path-format=absolute", "--git-common-dir"],
            &["--path-format=relative", "--git-common-dir"],
            &["--path-format=absolute", "--git-dir"],
            &["--path-format=relative", "--git-dir"],
            &["--path-format=absolute", "--show-toplevel"],
            &["--path-format=relative", "--show-toplevel"],
            &["--path-format=nope", "--git-dir"],
            &["--path-format"],
        ],
    );
}

#[test]
fn prefix_names_the_files_and_the_paths_base() {
    let f = layout();
    same_everywhere(
        &f,
        &[
            &["--prefix", "sub/", "--", "f", "g", "/abs"],
            &["--prefix", "sub/", "--git-path", "objects"],
            &["--prefix", "sub/", "--path-format=relative", "--git-dir"],
            &["--prefix"],
        ],
    );
}

#[test]
fn format_and_environment_queries_answer_as_git() {
    let f = layout();
    same_everywhere(
        &f,
        &[
            &["--show-object-format"],
            &["--show-object-format=storage"],
            &["--show-object-format=input"],
            &["--show-object-format=compat"],
            &["--show-ref-format"],
            &["--output-object-format=sha1", "HEAD"],
            &["--output-object-format=storage", "HEAD"],
            &["--output-object-format=sha256", "HEAD"],
            &["--output-object-format", "HEAD"],
            &["--local-env-vars"],
            &["--is-shallow-repository"],
            &["--show-superproject-working-tree"],
            &["--resolve-git-dir", "nope"],
            &["--resolve-git-dir"],
        ],
    );
    assert_identical_in(&f, "main", &["rev-parse", "--resolve-git-dir", ".git"]);
    assert_identical_in(&f, "wt", &["rev-parse", "--resolve-git-dir", ".git"]);
    assert_identical_in(&f, "shallow", &["rev-parse", "--is-shallow-repository"]);
}

#[test]
fn bisect_shows_bad_and_negated_good_refs() {
    let f = layout();
    same_everywhere(&f, &[&["--bisect"], &["--symbolic", "--bisect"]]);
}

const SPEC: &str = "cmd [options] <args>
second line
--
h,help    show help
f,foo=path   the foo
bar?     optional bar
baz      a baz
q,quiet!  be quiet
Other options
hidden*  secret
x        an x
y=       a y
z?t      a z
verylongoptionname-more= long one
";

#[test]
fn parseopt_normalizes_arguments_as_git() {
    let f = Fixture::empty_dir();
    let cases: &[&[&str]] = &[
        &[
            "--", "-fa", "-x", "--bar", "--bar=1", "--no-foo", "--qu", "a", "--", "-b",
        ],
        &["--keep-dashdash", "--", "a", "--", "b"],
        &["--stop-at-non-option", "--", "-x", "a", "-x"],
        &[
            "--stuck-long",
            "--",
            "-fa",
            "-y",
            "b",
            "--foo",
            "c",
            "-q",
            "--bar=v",
            "-zv",
        ],
        &["--stuck-long", "--", "-x"],
        &["--", "it's", "!", "-xyv"],
        &["--", "--verylong=3", "--no-verylong", "--no-quiet"],
    ];
    for case in cases {
        let mut args = vec!["rev-parse", "--parseopt"];
        args.extend_from_slice(case);
        common::assert_identical(&f, &args, SPEC.as_bytes());
    }
}

#[test]
fn parseopt_usage_and_errors_match_git() {
    let f = Fixture::empty_dir();
    let cases: &[&[&str]] = &[
        &["--", "-h"],
        &["--", "--help"],
        &["--", "--zzz"],
        &["--", "-Z"],
        &["--", "--ba"],
        &["--", "--foo"],
        &["--", "-f"],
        &["--", "--baz=1"],
        &["--", "--no-foo=1"],
        &[],
        &["--bogus", "--", "a"],
        &["x", "--", "a"],
    ];
    for case in cases {
        let mut args = vec!["rev-parse", "--parseopt"];
        args.extend_from_slice(case);
        common::assert_identical(&f, &args, SPEC.as_bytes());
    }
    for spec in ["cmd\n", "--\nx y\n", "cmd\n--\n=x y\n"] {
        common::assert_identical(&f, &["rev-parse", "--parseopt", "--"], spec.as_bytes());
    }
}

#[test]
fn sq_quote_works_outside_a_repository() {
    let f = Fixture::empty_dir();
    common::assert_identical(&f, &["rev-parse", "--sq-quote", "a b", "c'd"], b"");
}

#[test]
fn environment_and_git_dir_queries_need_no_repository() {
    let f = layout();
    for args in [
        &["rev-parse", "--local-env-vars"][..],
        &["rev-parse", "--resolve-git-dir", "main/.git"],
        &["rev-parse", "--resolve-git-dir", "wt/.git"],
        &["rev-parse", "--resolve-git-dir", "main"],
        &["rev-parse", "--resolve-git-dir"],
        &["rev-parse", "-h"],
        &["rev-parse", "-h", "x"],
    ] {
        assert_identical_in(&f, "", args);
    }
}
