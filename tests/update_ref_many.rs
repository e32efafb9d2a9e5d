//! `update-ref --stdin` transactions naming more refs than the process may open files: git
//! closes each lock file once it is written, so 1000 refs go through under `ulimit -n 64`;
//! gitstore must too, with the same output and the same refs on disk.

mod common;

use common::fixtures::refs_branch_tag;
use common::twins::{id, Twins};
use common::{fixed_command, git_bin, gitstore_bin, run_with_stdin, Fixture};
use std::path::Path;
use std::process::Output;

/// How many refs each transaction names: well above the descriptor limit below.
const REFS: usize = 1000;

/// `program update-ref --stdin` in `f` under `ulimit -n 64`, fed `script`.
fn update_ref_with_few_descriptors(f: &Fixture, program: &Path, script: &[u8]) -> Output {
    let mut cmd = fixed_command("sh");
    cmd.current_dir(&f.path)
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$@\"");
    cmd.arg("sh").arg(program).args(["update-ref", "--stdin"]);
    run_with_stdin(cmd, script)
}

/// Runs `script` through git and gitstore on the twins; compares output and state.
fn assert_same_with_few_descriptors(t: &Twins, script: &str) {
    let g = update_ref_with_few_descriptors(&t.git, git_bin(), script.as_bytes());
    let s = update_ref_with_few_descriptors(&t.store, gitstore_bin(), script.as_bytes());
    let shown = |o: &Output| {
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
            o.status.code(),
        )
    };
    assert_eq!(shown(&s), shown(&g));
    assert_eq!(g.status.code(), Some(0), "git: {}", shown(&g).1);
    t.assert_same_state(&["update-ref", "--stdin"]);
}

/// One `<verb> refs/heads/many/<n> <ids>` line per ref.
fn script(verb: &str, ids: &str) -> String {
    (0..REFS)
        .map(|n| format!("{verb} refs/heads/many/{n} {ids}\n"))
        .collect()
}

#[test]
fn a_thousand_refs_are_created_verified_updated_and_deleted_with_64_descriptors() {
    let t = Twins::new(refs_branch_tag);
    let (main, topic) = (id(&t.git, "main"), id(&t.git, "topic"));
    assert_same_with_few_descriptors(&t, &script("create", &main));
    assert_same_with_few_descriptors(&t, &script("verify", &main));
    assert_same_with_few_descriptors(&t, &script("update", &format!("{topic} {main}")));
    t.git_both(&["pack-refs", "--all"]);
    assert_same_with_few_descriptors(&t, &script("delete", &topic));
}

#[test]
fn a_transaction_of_a_thousand_refs_and_a_symref_commits_with_64_descriptors() {
    let t = Twins::new(refs_branch_tag);
    let main = id(&t.git, "main");
    let mut both = script("create", &main);
    both.push_str("symref-create refs/heads/link refs/heads/many/7\n");
    assert_same_with_few_descriptors(&t, &format!("start\n{both}prepare\ncommit\n"));
}
