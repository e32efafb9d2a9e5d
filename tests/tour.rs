//! `examples/tour.sh`, the guided tour of git's internals, runs with the built gitstore alone,
//! prints exactly what README.md's section "Learning git internals with gitstore" shows (block
//! by block), and leaves a repository that git itself finds sound.
//!
//! When a command's output changes on purpose, `GITSTORE_BLESS_TOUR=1 cargo test --test tour`
//! rewrites the README's blocks from a fresh run (the prose between them is left alone).

mod common;

use std::path::Path;
use std::process::Command;

const BEGIN: &str = "<!-- tour:begin -->";
const END: &str = "<!-- tour:end -->";
const FENCE: &str = "```console\n";

/// The tour's output, cut at its step headings (lines starting with `# `), one piece per step.
fn steps(transcript: &str) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    for line in transcript.split_inclusive('\n') {
        match steps.last_mut() {
            Some(step) if !line.starts_with("# ") => step.push_str(line),
            _ => steps.push(line.to_string()),
        }
    }
    steps
}

/// The README's tour section: the text around it, and the contents of its `console` blocks
/// with the prose between them.
struct Section {
    /// README up to and including the begin marker.
    head: String,
    /// Prose before each block (and after the last one, as the final element).
    prose: Vec<String>,
    /// The blocks' contents, fences excluded.
    blocks: Vec<String>,
    /// README from the end marker on.
    tail: String,
}

fn section(readme: &str) -> Section {
    let begin = readme
        .find(BEGIN)
        .expect("README has the tour's begin marker")
        + BEGIN.len();
    let end = readme.find(END).expect("README has the tour's end marker");
    let mut rest = &readme[begin..end];
    let (mut prose, mut blocks) = (Vec::new(), Vec::new());
    while let Some(open) = rest.find(FENCE) {
        prose.push(rest[..open].to_string());
        let body = &rest[open + FENCE.len()..];
        let close = body.find("```\n").expect("a console block is closed");
        blocks.push(body[..close].to_string());
        rest = &body[close + 4..];
    }
    prose.push(rest.to_string());
    Section {
        head: readme[..begin].to_string(),
        prose,
        blocks,
        tail: readme[end..].to_string(),
    }
}

fn run_tour(dir: &Path) -> String {
    let out = Command::new("sh")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tour.sh"))
        .arg(dir)
        .env("GITSTORE", env!("CARGO_BIN_EXE_gitstore"))
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "tour.sh failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the transcript is UTF-8")
}

#[test]
fn readme_tour_is_what_tour_sh_prints() {
    let tmp = tempfile::tempdir().unwrap();
    let transcript = run_tour(&tmp.path().join("tour"));
    let steps = steps(&transcript);
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let s = section(&readme);
    if std::env::var_os("GITSTORE_BLESS_TOUR").is_some() {
        assert_eq!(s.blocks.len(), steps.len(), "one README block per step");
        let mut text = s.head.clone();
        for (prose, step) in s.prose.iter().zip(&steps) {
            text.push_str(prose);
            text.push_str(FENCE);
            text.push_str(step);
            text.push_str("```\n");
        }
        text.push_str(s.prose.last().unwrap());
        text.push_str(&s.tail);
        std::fs::write(&readme_path, text).unwrap();
        return;
    }
    assert_eq!(
        s.blocks.len(),
        steps.len(),
        "one README block per step of the tour"
    );
    for (i, (block, step)) in s.blocks.iter().zip(&steps).enumerate() {
        assert_eq!(
            block,
            step,
            "README tour block {} differs from what examples/tour.sh prints \
             (GITSTORE_BLESS_TOUR=1 cargo test --test tour rewrites it)",
            i + 1
        );
    }
}

#[test]
fn tour_sh_is_deterministic_and_git_accepts_its_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(run_tour(&a), run_tour(&b), "two runs print the same");
    let git = |args: &[&str]| {
        let out = common::fixed_command(common::git_bin())
            .args(args)
            .current_dir(&a)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["fsck", "--strict", "--no-dangling"]);
    assert_eq!(git(&["rev-list", "--count", "main"]), "2\n");
    assert_eq!(git(&["cat-file", "-t", "v1.0"]), "tag\n");
    assert_eq!(git(&["show", "main:hello.txt"]), "Hello, git internals!\n");
    assert_eq!(
        git(&["count-objects", "-v"]).lines().nth(2),
        Some("in-pack: 7")
    );
}
