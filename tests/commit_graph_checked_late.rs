//! A walk reads the commit-graph while its checksums are verified on another thread and gives
//! no answer before they agree: a graph whose damage only the checksum sees (a parent position
//! or a date changed, still in range) changes no answer. `rev-list --count` waits for the
//! checksums at the end of its walk and counts again without the graph; other walks wait
//! before their first step. The answers are git's without a graph.

mod common;

use common::library::open;
use common::Fixture;
use gitstore::graph::{Commits, GraphErrorKind};
use gitstore::history::walk::{Walk, WalkOptions};
use gitstore::revision::Resolver;

fn graph_path(f: &Fixture) -> std::path::PathBuf {
    f.git_dir().join("objects/info/commit-graph")
}

/// The byte offset of chunk `name` in a graph file.
fn chunk_offset(bytes: &[u8], name: &[u8; 4]) -> usize {
    let count = usize::from(bytes[6]);
    (0..count)
        .map(|i| 8 + i * 12)
        .find(|&at| &bytes[at..at + 4] == name)
        .map(|at| u64::from_be_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize)
        .expect("chunk present")
}

/// Commands whose answers a damaged graph would change.
const COMMANDS: &[&str] = &[
    "rev-list --count --all",
    "rev-list --count main",
    "rev-list --count --left-right a...b",
    "rev-list --all",
    "rev-list --topo-order --parents --all",
    "rev-list --date-order main",
    "rev-list --count a1..main",
    "log --oneline --all",
    "merge-base --all a b",
];

/// gitstore's answers with the fixture's graph as it is, against git's without a graph.
fn same_as_git_without_graph(f: &Fixture, what: &str) {
    for command in COMMANDS {
        let args: Vec<&str> = command.split_whitespace().collect();
        let mut no_graph = vec!["-c", "core.commitGraph=false"];
        no_graph.extend(&args);
        let git = f.git_command(&no_graph).output().unwrap();
        let ours = f.gitstore_output(&args, b"");
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&git.stdout),
            "{what}: {command}"
        );
        assert_eq!(ours.status.code(), git.status.code(), "{what}: {command}");
    }
}

/// A graph damaged so that only its checksum tells: the structure checks pass.
fn damaged(f: &Fixture, spoil: impl Fn(&mut Vec<u8>, usize)) {
    let path = graph_path(f);
    let mut bytes = std::fs::read(&path).unwrap();
    let cdat = chunk_offset(&bytes, b"CDAT");
    spoil(&mut bytes, cdat);
    let _ = std::fs::remove_file(&path);
    std::fs::write(&path, &bytes).unwrap();
}

fn with_graph() -> Fixture {
    let f = Fixture::from_script("merge_criss_cross");
    let _ = std::fs::remove_file(graph_path(&f));
    f.git(&["commit-graph", "write", "--reachable"]);
    f
}

#[test]
fn a_sound_graph_read_while_checked_changes_no_answer() {
    let f = with_graph();
    same_as_git_without_graph(&f, "sound graph");
}

#[test]
fn damage_only_the_checksum_sees_changes_no_answer() {
    type Spoil = fn(&mut Vec<u8>, usize);
    let cases: [(&str, Spoil); 4] = [
        ("checksum byte", |b, _| *b.last_mut().unwrap() ^= 0xff),
        // the first commit's first parent: another position, still in range
        ("parent in CDAT", |b, cdat| b[cdat + 23] ^= 1),
        ("date in CDAT", |b, cdat| b[cdat + 35] ^= 1),
        ("a later commit's parent", |b, cdat| {
            b[cdat + 36 * 5 + 23] ^= 2
        }),
    ];
    for (what, spoil) in cases {
        let f = with_graph();
        damaged(&f, spoil);
        same_as_git_without_graph(&f, what);
    }
}

#[test]
fn the_library_count_waits_for_the_checksum_and_counts_again_without_the_graph() {
    let f = with_graph();
    damaged(&f, |b, cdat| b[cdat + 23] ^= 1);
    let repo = open(&f);
    // the structure passes, the checksum does not
    let mut commits = Commits::new();
    commits.check_graph_in_background();
    assert!(commits.graph(repo.odb()).is_some());
    assert!(!commits.graph_checked());
    assert!(matches!(
        commits.graph_error().map(|e| &e.kind),
        Some(GraphErrorKind::ChecksumMismatch { .. })
    ));
    let count = |spec: &[u8]| {
        let mut walk = Walk::new(&repo, WalkOptions::default());
        walk.push_revision(&mut Resolver::new(&repo), spec, false)
            .unwrap();
        walk.count_commits().unwrap()
    };
    let listed = |spec: &[u8]| {
        let mut walk = Walk::new(&repo, WalkOptions::default());
        walk.push_revision(&mut Resolver::new(&repo), spec, false)
            .unwrap();
        walk.count() as u64
    };
    for spec in [&b"main"[..], b"a", b"b", b"a1..main"] {
        let git = f.git_str(&[
            "-c",
            "core.commitGraph=false",
            "rev-list",
            "--count",
            std::str::from_utf8(spec).unwrap(),
        ]);
        let want: u64 = git.parse().unwrap();
        assert_eq!(count(spec), (0, want), "{spec:?}");
        assert_eq!(listed(spec), want, "{spec:?}");
    }
}
