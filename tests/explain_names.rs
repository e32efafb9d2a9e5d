//! `explain NAME`'s resolution steps: the rev-parse rules tried, the ref read from a loose file
//! or from a line of `packed-refs` (its number checked against the file), symbolic hops, the
//! peeled `^` line, and every `~`/`^`/`:path` step reaching what `git rev-parse` says.

mod common;

use common::Fixture;
use gitstore::explain::names::{trace, RefSource};
use gitstore::Repository;

fn fixture() -> (Fixture, Repository) {
    let f = Fixture::from_script("delta_chain");
    f.git(&["pack-refs", "--all"]);
    f.git(&["update-ref", "refs/heads/side", "HEAD~2"]);
    let repo = Repository::open(f.git_dir()).unwrap();
    (f, repo)
}

fn packed_line(f: &Fixture, name: &str) -> usize {
    let text = std::fs::read_to_string(f.git_dir().join("packed-refs")).unwrap();
    text.lines()
        .position(|l| l.ends_with(&format!(" {name}")))
        .unwrap()
        + 1
}

#[test]
fn symbolic_head_then_packed_branch_then_each_step() {
    let (f, repo) = fixture();
    let spec = "HEAD~1^{tree}:dir/n1.txt";
    let t = trace(&repo, spec).unwrap().unwrap();
    assert_eq!(t.name, "HEAD");
    assert_eq!(t.rules[0].full_name, "HEAD");
    assert!(t.rules[0].exists);
    assert_eq!(t.refs.len(), 2);
    assert_eq!(t.refs[0].name, "HEAD");
    assert_eq!(t.refs[0].target, "refs/heads/main");
    assert!(matches!(&t.refs[0].source, RefSource::Loose { path } if path.ends_with("HEAD")));
    assert_eq!(t.refs[1].name, "refs/heads/main");
    assert_eq!(t.refs[1].target, f.git_str(&["rev-parse", "main"]).trim());
    let RefSource::Packed { line, .. } = t.refs[1].source else {
        panic!("main was packed by pack-refs");
    };
    assert_eq!(line, packed_line(&f, "refs/heads/main"));
    let texts: Vec<&str> = t.steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["~1", "^{tree}", ":dir", ":dir/n1.txt"]);
    for step in &t.steps {
        assert_eq!(
            step.id.to_string(),
            f.git_str(&["rev-parse", &step.spec]).trim(),
            "{}",
            step.spec
        );
    }
    assert_eq!(t.steps.last().unwrap().spec, spec);
}

#[test]
fn tag_found_by_the_third_rule_in_packed_refs_with_its_peeled_line() {
    let (f, repo) = fixture();
    let t = trace(&repo, "v1").unwrap().unwrap();
    let first = t.rules.iter().find(|r| r.exists).unwrap();
    assert_eq!(first.full_name, "refs/tags/v1");
    assert_eq!(t.refs.len(), 1);
    let RefSource::Packed { line, .. } = t.refs[0].source else {
        panic!("packed");
    };
    assert_eq!(line, packed_line(&f, "refs/tags/v1"));
    assert_eq!(
        t.refs[0].peeled.unwrap().to_string(),
        f.git_str(&["rev-parse", "v1^{}"]).trim()
    );
    assert!(t.steps.is_empty());
}

#[test]
fn loose_branch_is_read_from_its_file_and_the_cli_shows_the_steps() {
    let (f, repo) = fixture();
    let t = trace(&repo, "side").unwrap().unwrap();
    assert!(matches!(&t.refs[0].source,
        RefSource::Loose { path } if path.ends_with("refs/heads/side")));
    let text = String::from_utf8(f.gitstore(&["explain", "HEAD~1^{tree}:dir/n1.txt"])).unwrap();
    assert!(text.contains(&format!(
        "refs/heads/main is read from .git/packed-refs line {}:",
        packed_line(&f, "refs/heads/main")
    )));
    let tree = f.git_str(&["rev-parse", "HEAD~1^{tree}"]);
    assert!(text.contains(tree.trim()));
    let json: serde_json::Value =
        serde_json::from_slice(&f.gitstore(&["explain", "--json", "v1"])).unwrap();
    assert_eq!(json["name"]["refs"][0]["source"]["store"], "packed");
    assert_eq!(json["name"]["name"], "v1");
    assert!(trace(&repo, "no-such-thing").unwrap().is_none());
}
