//! The commit-graph changes how fast merge bases are found, never what they are: the same
//! answers (merge bases, `A...B` through the revision parser, `--is-ancestor`,
//! `--independent`, `--octopus`) with the graph absent, present (generation v2 and v1), stale,
//! split into a chain, disabled, and damaged in every way we can think of; and the same as git's
//! wherever git trusts the graph too.

mod common;

use common::library::{id, open};
use common::{assert_identical, Fixture};
use gitstore::graph::{self, Commits, GenerationKind, GraphErrorKind};
use gitstore::revision::Resolver;
use gitstore::{ObjectId, Repository};
use std::fmt::Write as _;

/// The fixture's branch and tag tips, peeled to commits.
fn tips(f: &Fixture) -> Vec<ObjectId> {
    let out = f.git_str(&["for-each-ref", "--format=%(objectname)^{commit}"]);
    let specs: Vec<&str> = out.lines().collect();
    let mut args = vec!["rev-parse"];
    args.extend(specs);
    let ids = f.git_str(&args);
    let mut ids: Vec<ObjectId> = ids.lines().map(id).collect();
    ids.dedup();
    ids
}

/// Every answer the library gives on `repo` for the pairs and some triples of `tips`, through
/// a fresh `commits` cache each time (so the graph is looked for again).
fn answers(repo: &Repository, tips: &[ObjectId], commits: &dyn Fn() -> Commits) -> String {
    let odb = repo.odb();
    let mut out = String::new();
    let mut c = commits();
    let mut resolver = Resolver::new(repo);
    for (i, a) in tips.iter().enumerate() {
        for b in tips {
            let bases = graph::merge_bases(odb, &mut c, *a, *b).unwrap();
            let dots = resolver.merge_bases(*a, *b).unwrap();
            assert_eq!(bases, dots, "A...B and merge_bases disagree");
            let anc = graph::is_ancestor(odb, &mut c, *a, *b).unwrap();
            let ind = graph::independent(odb, &mut c, &[*a, *b]).unwrap();
            writeln!(out, "{a} {b}: {bases:?} {anc} {ind:?}").unwrap();
            let third = tips[(i + 3) % tips.len()];
            let many = graph::merge_bases_many(odb, &mut c, *a, &[*b, third]).unwrap();
            let octo = graph::octopus_merge_bases(odb, &mut c, &[*a, *b, third]).unwrap();
            writeln!(out, "  + {third}: {many:?} {octo:?}").unwrap();
        }
    }
    out
}

fn with_graph() -> Commits {
    Commits::new()
}

fn without_graph() -> Commits {
    Commits::without_graph()
}

/// The graph a fresh cache finds in `repo`: (layers, generation kind), or the error.
fn graph_state(repo: &Repository) -> Result<Option<(usize, GenerationKind)>, GraphErrorKind> {
    let mut c = Commits::new();
    let found = c
        .graph(repo.odb())
        .map(|g| (g.layers(), g.generation_kind()));
    match c.graph_error() {
        Some(e) => Err(e.kind.clone()),
        None => Ok(found),
    }
}

/// `merge-base --all` and `--is-ancestor` for every pair, through both CLIs.
fn cli_matches_git(f: &Fixture) {
    let refs = f.git_str(&["for-each-ref", "--format=%(refname:short)"]);
    let names: Vec<&str> = refs.lines().collect();
    for a in &names {
        for b in &names {
            assert_identical(f, &["merge-base", "--all", a, b], b"");
            assert_identical(f, &["merge-base", "--is-ancestor", a, b], b"");
        }
    }
}

fn graph_path(f: &Fixture) -> std::path::PathBuf {
    f.git_dir().join("objects/info/commit-graph")
}

/// A fixture with a commit-graph written by git, its answers without the graph, and its tips.
fn with_written_graph(script: &'static str) -> (Fixture, String, Vec<ObjectId>) {
    let f = Fixture::from_script(script);
    // `git gc` in a fixture script leaves a graph of the history so far
    let _ = std::fs::remove_file(graph_path(&f));
    let tips = tips(&f);
    let absent = answers(&open(&f), &tips, &with_graph);
    assert_eq!(graph_state(&open(&f)), Ok(None));
    f.git(&["commit-graph", "write", "--reachable"]);
    (f, absent, tips)
}

#[test]
fn a_present_graph_is_used_and_changes_no_answer() {
    for script in ["merge_criss_cross", "history_graph"] {
        let (f, absent, tips) = with_written_graph(script);
        let repo = open(&f);
        assert_eq!(
            graph_state(&repo),
            Ok(Some((1, GenerationKind::CorrectedDate)))
        );
        let mut c = Commits::new();
        let info = c.get(repo.odb(), &tips[0]).unwrap().unwrap();
        assert!(info.generation.is_some(), "{script}: read from the graph");
        assert_eq!(answers(&repo, &tips, &with_graph), absent, "{script}");
        assert_eq!(answers(&repo, &tips, &without_graph), absent, "{script}");
        cli_matches_git(&f);
    }
}

#[test]
fn generation_v1_graph_changes_no_answer() {
    let f = Fixture::from_script("merge_criss_cross");
    let tips = tips(&f);
    let absent = answers(&open(&f), &tips, &with_graph);
    f.git(&[
        "-c",
        "commitGraph.generationVersion=1",
        "commit-graph",
        "write",
        "--reachable",
    ]);
    let repo = open(&f);
    assert_eq!(graph_state(&repo), Ok(Some((1, GenerationKind::Level))));
    assert_eq!(answers(&repo, &tips, &with_graph), absent);
    cli_matches_git(&f);
}

/// Adds commits after the graph was written: a merge of two branches and a new branch.
fn grow(f: &Fixture) {
    f.git(&["checkout", "-q", "-f", "main"]);
    f.git(&["checkout", "-q", "-b", "later"]);
    f.write("later.txt", "later\n");
    f.commit_all("later one");
    let base = f.git_str(&[
        "for-each-ref",
        "--count=1",
        "--format=%(refname:short)",
        "refs/tags",
    ]);
    f.git(&["merge", "-q", "--no-ff", "-m", "later merge", base.trim()]);
    f.commit_all("later two");
    f.git(&["checkout", "-q", "main"]);
}

#[test]
fn a_stale_graph_changes_no_answer() {
    let (f, _, _) = with_written_graph("merge_criss_cross");
    grow(&f);
    let tips = tips(&f);
    let repo = open(&f);
    assert!(matches!(graph_state(&repo), Ok(Some(_))));
    let later = id(&f.git_str(&["rev-parse", "later"]));
    let info = Commits::new().get(repo.odb(), &later).unwrap().unwrap();
    assert_eq!(info.generation, None, "a commit made after the graph");
    let without = answers(&repo, &tips, &without_graph);
    assert_eq!(answers(&repo, &tips, &with_graph), without);
    cli_matches_git(&f);
}

#[test]
fn a_split_chain_is_read_and_changes_no_answer() {
    let (f, _, _) = with_written_graph("merge_criss_cross");
    std::fs::remove_file(graph_path(&f)).unwrap();
    f.git(&["commit-graph", "write", "--reachable", "--split=no-merge"]);
    grow(&f);
    f.git(&["commit-graph", "write", "--reachable", "--split=no-merge"]);
    let tips = tips(&f);
    let repo = open(&f);
    assert_eq!(
        graph_state(&repo),
        Ok(Some((2, GenerationKind::CorrectedDate)))
    );
    let later = id(&f.git_str(&["rev-parse", "later"]));
    let info = Commits::new().get(repo.odb(), &later).unwrap().unwrap();
    assert!(info.generation.is_some(), "the top layer has it");
    let without = answers(&repo, &tips, &without_graph);
    assert_eq!(answers(&repo, &tips, &with_graph), without);
    cli_matches_git(&f);

    // a layer gone: the whole chain is ignored
    let dir = f.git_dir().join("objects/info/commit-graphs");
    let chain = std::fs::read_to_string(dir.join("commit-graph-chain")).unwrap();
    let first = chain.lines().next().unwrap();
    std::fs::remove_file(dir.join(format!("graph-{first}.graph"))).unwrap();
    assert_eq!(
        graph_state(&repo),
        Err(GraphErrorKind::MissingLayer { layer: 0 })
    );
    assert_eq!(answers(&repo, &tips, &with_graph), without);
}

#[test]
fn core_commit_graph_false_ignores_the_graph() {
    let (f, absent, tips) = with_written_graph("merge_criss_cross");
    f.git(&["config", "core.commitGraph", "false"]);
    let repo = open(&f);
    assert_eq!(graph_state(&repo), Ok(None));
    assert!(!repo.odb().commit_graph_enabled());
    assert_eq!(answers(&repo, &tips, &with_graph), absent);
    cli_matches_git(&f);
}

/// The offset of chunk `name` in a graph file.
fn chunk_offset(bytes: &[u8], name: &[u8; 4]) -> usize {
    let count = usize::from(bytes[6]);
    (0..count)
        .map(|i| 8 + i * 12)
        .find(|&at| &bytes[at..at + 4] == name)
        .map(|at| u64::from_be_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize)
        .expect("chunk present")
}

/// A way to damage a graph file's bytes.
type Spoil = Box<dyn Fn(&mut Vec<u8>)>;

#[test]
fn a_damaged_graph_is_ignored_whole_and_changes_no_answer() {
    let (f, absent, tips) = with_written_graph("merge_criss_cross");
    let path = graph_path(&f);
    let good = std::fs::read(&path).unwrap();
    let cdat = chunk_offset(&good, b"CDAT");
    let damage: Vec<(&str, Spoil)> = vec![
        (
            "checksum byte",
            Box::new(|b| *b.last_mut().unwrap() ^= 0xff),
        ),
        ("parent in CDAT", Box::new(move |b| b[cdat + 23] ^= 1)),
        ("date in CDAT", Box::new(move |b| b[cdat + 35] ^= 1)),
        ("truncated", Box::new(|b| b.truncate(b.len() / 2))),
        ("truncated to the header", Box::new(|b| b.truncate(8))),
        ("empty", Box::new(|b| b.clear())),
        (
            "chunk offset past the end",
            Box::new(|b| b[8 + 12 + 4..8 + 24].copy_from_slice(&(1u64 << 40).to_be_bytes())),
        ),
        (
            "chunk offset into the table",
            Box::new(|b| b[8 + 4..8 + 12].copy_from_slice(&4u64.to_be_bytes())),
        ),
        ("bad signature", Box::new(|b| b[0] = b'X')),
    ];
    for (what, spoil) in damage {
        let mut bytes = good.clone();
        spoil(&mut bytes);
        let _ = std::fs::remove_file(&path);
        std::fs::write(&path, &bytes).unwrap();
        let repo = open(&f);
        assert!(graph_state(&repo).is_err(), "{what}: graph refused");
        assert_eq!(answers(&repo, &tips, &with_graph), absent, "{what}");
    }
}

#[test]
fn a_graph_naming_pruned_commits_does_not_bring_them_back() {
    let (f, _, _) = with_written_graph("merge_criss_cross");
    // a branch committed into the graph, then deleted and pruned
    f.git(&["checkout", "-q", "-b", "doomed", "main"]);
    f.write("doomed.txt", "doomed\n");
    f.commit_all("doomed");
    let doomed = id(&f.git_str(&["rev-parse", "doomed"]));
    std::fs::remove_file(graph_path(&f)).unwrap();
    f.git(&["commit-graph", "write", "--reachable"]);
    f.git(&["checkout", "-q", "main"]);
    f.git(&["branch", "-q", "-D", "doomed"]);
    f.git(&["reflog", "expire", "--expire=now", "--all"]);
    f.git(&["-c", "gc.writeCommitGraph=false", "gc", "-q", "--prune=now"]);
    let repo = open(&f);
    let mut c = Commits::new();
    assert!(c.graph(repo.odb()).is_some_and(|g| g.contains(&doomed)));
    assert_eq!(c.get(repo.odb(), &doomed).unwrap(), None);
    let main = id(&f.git_str(&["rev-parse", "main"]));
    assert_eq!(
        graph::merge_bases(repo.odb(), &mut c, main, doomed).unwrap(),
        vec![]
    );
}
