//! Revision expressions (`man gitrevisions`) and `gitstore rev-parse`, compared with
//! `git rev-parse` on the same repositories: stdout, exit code, and whether stderr is empty.

mod common;

use common::Fixture;
use gitstore::revision::{self, Diagnostic, Hint, Resolver, RevisionErrorKind};
use gitstore::{Error, Kind, ObjectId, Repository};

/// `history_repo()` plus two branch switches, so HEAD's reflog has "checkout: moving from"
/// lines (its older entries were expired by `git gc`).
fn repo_with_checkouts() -> Fixture {
    let f = common::history_repo();
    f.git(&["checkout", "-q", "topic"]);
    f.git(&["checkout", "-q", "main"]);
    f
}

/// Asserts that `rev-parse <args>` prints what git prints, on stdout and on stderr, and exits
/// with git's code.
fn same_rev_parse(f: &Fixture, args: &[&str]) {
    if let Some(diff) = difference(f, &rev_parse(args)) {
        panic!("{diff}");
    }
}

/// How gitstore's run of `args` differs from git's: stdout, exit code and stderr, byte for
/// byte. `None` when they agree.
fn difference(f: &Fixture, args: &[&str]) -> Option<String> {
    let g = f.git_output(args, b"");
    let s = f.gitstore_output(args, b"");
    if (&g.stdout, g.status.code(), &g.stderr) == (&s.stdout, s.status.code(), &s.stderr) {
        return None;
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Some(format!(
        "{args:?}\n  git:      {:?} {:?} {:?}\n  gitstore: {:?} {:?} {:?}",
        g.status.code(),
        text(&g.stdout),
        text(&g.stderr),
        s.status.code(),
        text(&s.stdout),
        text(&s.stderr),
    ))
}

/// Asserts that git and gitstore agree on every command of `cases` (stdout, exit code, stderr
/// text), listing every one that differs.
fn assert_all_same<'a>(f: &Fixture, cases: impl IntoIterator<Item = Vec<&'a str>>) {
    let diffs: Vec<String> = cases
        .into_iter()
        .filter_map(|args| difference(f, &args))
        .collect();
    assert!(
        diffs.is_empty(),
        "{} differ:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

/// `rev-parse <args>`.
fn rev_parse<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut full = vec!["rev-parse"];
    full.extend_from_slice(args);
    full
}

const EXPRESSIONS: &[&str] = &[
    // names and ids
    "HEAD",
    "@",
    "main",
    "topic",
    "signed",
    "feature/x",
    "heads/main",
    "refs/heads/main",
    "tags/v2.0",
    "refs/tags/v1.0",
    "v1.0",
    "light",
    "v1.0-outer",
    "tree-tag",
    "blob-tag",
    "913ef46adf5e989b789fb11c812e83f72c5e9324",
    "0000000000000000000000000000000000000000",
    // suffix operators
    "HEAD~",
    "HEAD~0",
    "HEAD~3",
    "HEAD^",
    "HEAD^0",
    "HEAD^^",
    "@~2",
    "@^",
    "HEAD~3^2",
    "HEAD~3^2~2",
    "HEAD~3^1~10",
    "v1.0~2",
    "v1.0-outer^",
    "HEAD~1~1~1^0",
    // peeling
    "v1.0^{}",
    "v1.0^0",
    "v1.0^{commit}",
    "v1.0^{tree}",
    "v1.0^{tag}",
    "v1.0^{object}",
    "v1.0-outer^{}",
    "v1.0-outer^{tag}",
    "tree-tag^{}",
    "tree-tag^{tree}",
    "blob-tag^{blob}",
    "blob-tag^{}",
    "HEAD^{tree}",
    "HEAD^{commit}",
    "HEAD^0^{tree}",
    "HEAD^{/commit 3}",
    "HEAD^{/^loose}",
    "HEAD^{/}",
    "HEAD^{/!-loose}",
    "HEAD^{/commit 2[0-9]}",
    "topic^{/commit 2}",
    "signed^{/caf}",
    ":/commit 2",
    ":/^commit 1",
    ":/Merge",
    ":/.",
    // paths
    "HEAD:src/main.c",
    "HEAD:",
    "HEAD:src",
    "HEAD:src/",
    "HEAD:./src",
    "HEAD~5:notes/note-1.txt",
    "HEAD^{tree}:src",
    "v1.0:src",
    "tree-tag:src",
    "HEAD:name with spaces.txt",
    "HEAD:vendor/sub",
    "HEAD:link",
    // reflogs and previous branches
    "@{0}",
    "@{1}",
    "@{2}",
    "HEAD@{0}",
    "HEAD@{1}",
    "HEAD@{4}",
    "main@{1}",
    "main@{3}",
    "main@{}",
    "topic@{0}",
    "@{-1}",
    "@{-2}",
    "@{-1}~2",
    "@{-1}@{0}",
    // describe output
    "v1.0-5-g913ef46",
    "whatever-1-g913ef46~2",
    // ranges and shorthands
    "topic..main",
    "topic...main",
    "main...topic",
    "..topic",
    "topic..",
    "...",
    "main...",
    "v1.0..v1.0-outer",
    "^topic",
    "^v1.0^{}",
    "HEAD^@",
    "HEAD^!",
    "HEAD~3^!",
    "HEAD~3^@",
    "HEAD^-",
    "HEAD~3^-2",
    // arguments that are paths
    "src",
    "src*",
    "..",
    // failures
    "nope",
    "",
    "HEAD~999",
    "HEAD~99999999999999999999",
    "HEAD^99999999999999999999",
    "HEAD^3",
    "HEAD~3^3",
    "v1.0^{blob}",
    "tree-tag^{commit}",
    "HEAD^{foo}",
    "HEAD^{",
    "^{",
    "^{}",
    "@{",
    "@{}",
    "@{-9}",
    "@{-0}",
    "HEAD@{-1}",
    "main@{4}",
    "main@{9}",
    "topic@{1}",
    "v1.0@{0}",
    "HEAD:nope",
    "HEAD:src//main.c",
    "HEAD:src/main.c/x",
    "HEAD:../x",
    "blob-tag:x",
    "nope:src",
    "HEAD^{/nomatch at all}",
    ":/nomatch at all",
    "HEAD^{/!bad}",
    "v1.0-5-g1234567",
    "91",
    "HEAD~3^-3",
    "topic..nope",
    "HEAD^!x",
    "a//b",
];

#[test]
fn expressions_resolve_as_git_rev_parse_does() {
    let f = repo_with_checkouts();
    assert_all_same(&f, EXPRESSIONS.iter().map(|e| rev_parse(&[e])));
    assert!(EXPRESSIONS.len() >= 60);
}

#[test]
fn verify_and_quiet_as_git() {
    let f = repo_with_checkouts();
    for expr in [
        "HEAD",
        "^HEAD",
        "v1.0^{}",
        "HEAD:src/main.c",
        "@{-1}",
        "nope",
        "HEAD~999",
        "HEAD^3",
        "v1.0^{blob}",
        "main@{9}",
        "topic..main",
        "HEAD^!",
        "src",
        "HEAD:nope",
        "nope:src",
        "@{-5}",
        "main@{99}",
        "HEAD^{/nomatch}",
    ] {
        same_rev_parse(&f, &["--verify", expr]);
        same_rev_parse(&f, &["--verify", "-q", expr]);
        same_rev_parse(&f, &["-q", "--verify", expr]);
        same_rev_parse(&f, &["--quiet", expr]);
    }
    same_rev_parse(&f, &["--verify"]);
    same_rev_parse(&f, &["--verify", "HEAD", "main"]);
    same_rev_parse(&f, &["--verify", "--foo", "HEAD"]);
    same_rev_parse(&f, &["--verify", "--default", "main"]);
}

#[test]
fn output_options_as_git() {
    let f = repo_with_checkouts();
    let cases: &[&[&str]] = &[
        &["--short", "HEAD"],
        &["--short=4", "HEAD"],
        &["--short=2", "HEAD"],
        &["--short=12", "v1.0"],
        &["--short=50", "HEAD"],
        &["--short=x", "HEAD"],
        &["--short", "HEAD", "main"],
        &["--short", "topic..main"],
        &["--short", "nope"],
        &[
            "--symbolic-full-name",
            "HEAD",
            "main",
            "v1.0",
            "@",
            "@{-1}",
            "@{-2}",
        ],
        &[
            "--symbolic-full-name",
            "HEAD~1",
            "main@{1}",
            "913ef46",
            "topic..main",
        ],
        &["--symbolic-full-name", "^main", "HEAD^@", "feature/x"],
        &[
            "--abbrev-ref",
            "HEAD",
            "main",
            "topic",
            "@{-1}",
            "feature/x",
            "v2.0",
        ],
        &["--abbrev-ref", "refs/heads/main", "HEAD~2"],
        &["--abbrev-ref=loose", "HEAD"],
        &["--abbrev-ref=strict", "HEAD"],
        &["--abbrev-ref=bad", "HEAD"],
        &[
            "--symbolic",
            "HEAD",
            "main",
            "913ef",
            "topic..main",
            "^main",
        ],
        &[
            "--symbolic",
            "HEAD^@",
            "HEAD^!",
            "topic...main",
            "HEAD~3^-2",
        ],
        &["--not", "HEAD", "^main", "topic..main"],
        &["--default", "HEAD"],
        &["--default", "HEAD", "main"],
        &["--revs-only", "HEAD", "src", "--foo"],
        &["--no-revs", "HEAD", "src", "--foo"],
        &["--flags", "HEAD", "--foo", "src"],
        &["--no-flags", "HEAD", "--foo", "src"],
        &["--foo", "HEAD"],
        // several at once, and "--"
        &["HEAD", "main", "v1.0^{}", "HEAD:src"],
        &["HEAD", "nope", "main"],
        &["src", "HEAD"],
        &["src", "nope"],
        &["HEAD", "--", "src"],
        &["--", "HEAD"],
        &["HEAD", "nope", "--", "x"],
        &["--end-of-options", "HEAD"],
        &["--end-of-options", "--foo"],
        // the repository
        &[
            "--git-dir",
            "--is-bare-repository",
            "--show-toplevel",
            "--is-inside-work-tree",
        ],
        &["--show-prefix", "--show-cdup", "--is-inside-git-dir"],
    ];
    for args in cases {
        same_rev_parse(&f, args);
    }
}

#[test]
fn subdirectory_and_git_dir_queries_as_git() {
    let f = repo_with_checkouts();
    for dir in ["src", ".git"] {
        for args in [
            &[
                "--show-prefix",
                "--show-cdup",
                "--git-dir",
                "--is-inside-work-tree",
            ][..],
            &["--is-inside-git-dir"],
            &["--show-toplevel"],
            &["HEAD:./main.c"],
            &["HEAD:../src"],
            &["HEAD:../../x"],
            &["HEAD:./main.c", "HEAD:../src/main.c", "HEAD:./", "HEAD:."],
            &["--verify", "HEAD:./main.c"],
            // `src/main.c` is there, `main.c` (from the top) is not: git's hint
            &["HEAD:main.c"],
            &["HEAD:./nope"],
            &["HEAD:src/untracked.c"],
            &["HEAD:./untracked.c"],
            &["HEAD:untracked.c"],
        ] {
            f.write("src/untracked.c", "");
            let mut git_args = vec!["-C", dir, "rev-parse"];
            git_args.extend_from_slice(args);
            if let Some(diff) = difference(&f, &git_args) {
                panic!("{diff}");
            }
        }
    }
    let bare = Fixture::bare();
    for args in [
        &["rev-parse", "--git-dir", "--is-bare-repository"][..],
        &["rev-parse", "--show-toplevel"],
        &["rev-parse", "HEAD"],
        &["rev-parse", "--verify", "-q", "HEAD"],
    ] {
        bare.assert_same(args, b"");
    }
}

/// Branch `v1.0` next to tag `v1.0`, a branch named like an abbreviated id, a ref named by a
/// full id, and a dangling symbolic ref.
#[test]
fn ambiguous_refnames_warn_as_git() {
    let f = repo_with_checkouts();
    f.git(&["branch", "v1.0", "topic"]);
    f.git(&["branch", "913ef46", "topic"]);
    let old = f.git_str(&["rev-parse", "HEAD~1"]);
    f.git(&["update-ref", &format!("refs/heads/{old}"), "topic"]);
    f.git(&["symbolic-ref", "refs/heads/dangling", "refs/heads/nothing"]);
    for args in [
        &["v1.0"][..],
        &["v1.0^{}"],
        &["v1.0~1"],
        &["913ef46"],
        &["heads/v1.0"],
        &[&old],
        &["dangling"],
        &["--symbolic-full-name", "v1.0", "main"],
        &["--abbrev-ref", "v1.0", "refs/heads/v1.0", "refs/tags/v1.0"],
        &["--abbrev-ref=loose", "refs/heads/v1.0"],
        &["-q", "v1.0"],
        &["--verify", "-q", "913ef46"],
        &["-q", &old],
        &["--verify", "-q", &old],
    ] {
        same_rev_parse(&f, args);
    }
    // the library reports the ambiguity and keeps git's choice (the tag)
    let repo = Repository::discover(&f.path).unwrap();
    let mut r = Resolver::new(&repo);
    let id = r.lookup(b"v1.0", Hint::Any).unwrap();
    assert_eq!(id.to_string(), f.git_str(&["rev-parse", "refs/tags/v1.0"]));
    assert!(r
        .diagnostics()
        .iter()
        .any(|d| matches!(d, Diagnostic::AmbiguousRefname { name } if name == "v1.0")));
}

/// Writes blobs until one shares the first four hex digits of a commit: an abbreviation that is
/// ambiguous, except to a lookup that wants a commit.
fn commit_blob_collision(f: &Fixture) -> String {
    let commits = f.git_str(&["rev-list", "--all"]);
    let prefixes: Vec<&str> = commits.lines().map(|l| &l[..4]).collect();
    for n in 0u32.. {
        let data = format!("collision candidate {n}\n");
        let id = gitstore::hash::hash_object(Kind::Blob, data.as_bytes()).unwrap();
        let hex = id.to_string();
        if prefixes.contains(&&hex[..4]) {
            f.git_stdin(&["hash-object", "-w", "--stdin"], data.as_bytes());
            return hex[..4].to_string();
        }
    }
    unreachable!()
}

#[test]
fn ambiguous_abbreviations_as_git() {
    let f = repo_with_checkouts();
    let p = commit_blob_collision(&f);
    for expr in [
        p.clone(),
        format!("{p}^{{commit}}"),
        format!("{p}~0"),
        format!("{p}^0"),
        format!("{p}:"),
        format!("{p}^{{tree}}"),
        format!("{p}^{{blob}}"),
        format!("^{p}"),
        format!("{p}..HEAD"),
        format!("x-1-g{p}"),
    ] {
        same_rev_parse(&f, &[&expr]);
        same_rev_parse(&f, &["--verify", &expr]);
        same_rev_parse(&f, &["--verify", "-q", &expr]);
    }
    same_rev_parse(&f, &["--short=4", &format!("{p}^{{commit}}")]);
    f.assert_same(&["cat-file", "-t", &p], b"");
    let repo = Repository::discover(&f.path).unwrap();
    assert!(matches!(
        revision::resolve(&repo, &p),
        Err(Error::Revision(e)) if matches!(e.kind(),
            RevisionErrorKind::AmbiguousPrefix { candidates, .. } if candidates.len() >= 2)
    ));
    let commit = revision::resolve_with(&repo, p.as_bytes(), Hint::Committish).unwrap();
    assert_eq!(repo.odb().read_header(&commit).unwrap().kind, Kind::Commit);
}

#[test]
fn cat_file_accepts_revisions_as_git() {
    let f = repo_with_checkouts();
    for expr in [
        "HEAD",
        "@",
        "HEAD~3",
        "HEAD~3^2",
        "HEAD:src/main.c",
        "HEAD:",
        "HEAD:src",
        "v1.0",
        "v1.0^{}",
        "v1.0-outer^{tag}",
        "tree-tag^{}",
        "blob-tag^{}",
        "main@{1}",
        "@{-1}",
        "HEAD^{/commit 3}",
        "v1.0-5-g913ef46",
        "HEAD:nope",
        "HEAD~999",
        "nope",
        "HEAD:src/main.c/x",
        "nope:src",
        "main@{9}",
    ] {
        for mode in ["-p", "-t", "-s"] {
            f.assert_same(&["cat-file", mode, expr], b"");
        }
    }
    // and with git's messages: `path 'nope' does not exist in 'HEAD'`, not "Not a valid
    // object name"; the path is looked for on disk from the top of the work tree
    f.write("src/untracked.c", "");
    f.write("untracked", "");
    let cases = ["HEAD:nope", "nope:src", "main@{9}", "HEAD:src/untracked.c"];
    assert_all_same(&f, cases.iter().map(|e| vec!["cat-file", "-p", e]));
    let in_src = [
        "HEAD:untracked.c",
        "HEAD:./untracked.c",
        "HEAD:./main.c",
        "HEAD:main.c",
    ];
    assert_all_same(
        &f,
        in_src
            .iter()
            .map(|e| vec!["-C", "src", "cat-file", "-t", e]),
    );
    let empty = Fixture::new();
    assert_all_same(&empty, [vec!["cat-file", "-p", "HEAD:x"]]);
}

#[test]
fn merge_bases_of_a_symmetric_range() {
    let f = repo_with_checkouts();
    let repo = Repository::discover(&f.path).unwrap();
    let mut r = Resolver::new(&repo);
    let main = revision::resolve(&repo, "main").unwrap();
    let topic = revision::resolve(&repo, "topic").unwrap();
    let bases = r.merge_bases(main, topic).unwrap();
    let expected: Vec<ObjectId> = f
        .git_str(&["merge-base", "--all", "main", "topic"])
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(bases, expected);
    let v1 = revision::resolve(&repo, "v1.0").unwrap();
    let expected: ObjectId = f.git_str(&["merge-base", "v1.0", "topic"]).parse().unwrap();
    assert_eq!(r.merge_bases(v1, topic).unwrap(), vec![expected]);
    assert_eq!(r.merge_bases(main, main).unwrap(), vec![main]);
}

#[test]
fn hostile_expressions_fail_without_panicking() {
    let f = repo_with_checkouts();
    let repo = Repository::discover(&f.path).unwrap();
    let long_chain = format!("HEAD{}", "^{}".repeat(100_000));
    let tildes = format!("HEAD{}", "~".repeat(100_000));
    let nested = format!("HEAD{}", "^{/".repeat(10_000));
    for spec in [
        "HEAD~99999999999999999999",
        "HEAD^2147483648",
        "^{",
        "@{",
        "@{-99999999999999999999}",
        "main@{99999999999999999999}",
        ":",
        ":/",
        "::",
        "HEAD:/",
        "}",
        "^",
        "~",
        "..",
        "@{-1",
        "HEAD^{/[}",
        "HEAD^{/\\}",
        long_chain.as_str(),
        tildes.as_str(),
        nested.as_str(),
    ] {
        let _ = revision::resolve(&repo, spec);
    }
    // the same through the command line: no panic (101), git's exit codes
    for spec in ["HEAD~99999999999999999999", "^{", "@{", "HEAD^{/[}"] {
        same_rev_parse(&f, &[spec]);
    }
    let out = f.gitstore_output(&["rev-parse", &tildes], b"");
    assert_ne!(out.status.code(), Some(101));
}

#[test]
fn library_resolves_the_common_forms() {
    let f = repo_with_checkouts();
    let repo = Repository::discover(&f.path).unwrap();
    for spec in [
        "HEAD~2",
        "v1.0^{}",
        "HEAD:src/main.c",
        "@{-1}",
        "main@{1}",
        "HEAD^{/commit 3}",
    ] {
        let id = revision::resolve(&repo, spec).unwrap();
        assert_eq!(id.to_string(), f.git_str(&["rev-parse", spec]), "{spec}");
    }
    assert!(matches!(
        revision::resolve(&repo, "nope"),
        Err(Error::Revision(_))
    ));
    match revision::resolve(&repo, "main@{999}") {
        Err(Error::Revision(e)) => {
            let reason = e.kind().to_string();
            assert!(reason.starts_with("log for 'main' only has "), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let head = revision::resolve(&repo, "HEAD").unwrap();
    let short = revision::abbreviate(&repo, &head, 7).unwrap();
    assert_eq!(short, f.git_str(&["rev-parse", "--short", "HEAD"]));
}

#[test]
fn ref_families_match_git() {
    let f = common::history_repo();
    f.git(&["update-ref", "refs/remotes/origin/main", "HEAD~2"]);
    f.git(&[
        "symbolic-ref",
        "refs/remotes/origin/HEAD",
        "refs/remotes/origin/main",
    ]);
    for args in [
        vec!["rev-parse", "--all"],
        vec!["rev-parse", "--branches"],
        vec!["rev-parse", "--tags"],
        vec!["rev-parse", "--remotes"],
        vec!["rev-parse", "--branches=feat*"],
        vec!["rev-parse", "--branches=feature"],
        vec!["rev-parse", "--tags=v1.*"],
        vec!["rev-parse", "--symbolic", "--all"],
        vec!["rev-parse", "--symbolic-full-name", "--tags"],
        vec!["rev-parse", "HEAD", "--not", "--branches"],
        vec!["rev-parse", "--branches=refs/heads/t*"],
    ] {
        f.assert_same(&args, b"");
    }
}

/// An empty repository: HEAD names an unborn branch, so every name fails, with git's messages.
#[test]
fn unborn_head_fails_as_git() {
    let f = Fixture::new();
    let cases: &[&[&str]] = &[
        &["HEAD"],
        &["HEAD:x"],
        &["HEAD^{tree}:x"],
        &["main"],
        &["HEAD~1"],
        &["@{-1}"],
        &["@{0}"],
        &["main@{1}"],
        &["--verify", "HEAD"],
        &["--verify", "-q", "HEAD"],
        &["--verify", "HEAD:x"],
        &["--symbolic-full-name", "HEAD"],
        &["--abbrev-ref", "HEAD"],
        &["--short", "HEAD"],
    ];
    assert_all_same(&f, cases.iter().map(|a| rev_parse(a)));
}

/// Each of git's dwim rules (`<name>`, `refs/<name>`, `refs/tags/`, `refs/heads/`,
/// `refs/remotes/<name>`, `refs/remotes/<name>/HEAD`), and a name that is a tag and a branch:
/// the tag wins with a warning, which `-q` silences only where git passes it on.
#[test]
fn every_dwim_rule_resolves_as_git() {
    let f = repo_with_checkouts();
    f.git(&["update-ref", "refs/foo", "HEAD~2"]);
    f.git(&["update-ref", "refs/remotes/upstream", "HEAD~4"]);
    f.git(&["update-ref", "refs/remotes/origin/main", "HEAD~1"]);
    f.git(&[
        "symbolic-ref",
        "refs/remotes/origin/HEAD",
        "refs/remotes/origin/main",
    ]);
    f.git(&["tag", "x", "HEAD~3"]);
    f.git(&["branch", "x", "HEAD~5"]);
    let cases: &[&[&str]] = &[
        &["foo"],
        &["refs/foo"],
        &["upstream"],
        &["remotes/upstream"],
        &["origin"],
        &["origin/main"],
        &["remotes/origin"],
        &["origin/HEAD"],
        &[
            "--symbolic-full-name",
            "foo",
            "upstream",
            "origin",
            "origin/main",
        ],
        &["--abbrev-ref", "foo", "upstream", "origin", "origin/main"],
        &["--abbrev-ref=loose", "origin", "refs/remotes/origin/main"],
        &["--verify", "origin"],
        &["x"],
        &["heads/x"],
        &["tags/x"],
        &["x~1"],
        &["x^{tree}"],
        &["x:src"],
        &["x:nope"],
        &["x^{blob}"],
        &["x~1:nope"],
        &["x..main"],
        &["x^!"],
        &["--symbolic-full-name", "x"],
        &["--abbrev-ref", "x"],
        &["--verify", "x"],
        &["-q", "x"],
        &["-q", "x~1"],
        &["-q", "x^{tree}"],
        &["--verify", "-q", "x~1"],
        &["-q", "x..main"],
        &["-q", "x^@"],
    ];
    assert_all_same(&f, cases.iter().map(|a| rev_parse(a)));
}
