//! `gitstore pack-objects --all` copying the fixture packs' deltas: the walk gives each
//! object's kind, so a copied delta is never inflated to learn it; a delta cut by `--depth`
//! gets its object's own kind and size back and is written whole or searched anew. git
//! accepts the pack and reads every object back the same.

mod common;

use common::{fixtures, longest_chain};

#[test]
fn all_with_cut_chains_is_a_sound_pack_of_every_object() {
    let f = fixtures::history_repo();
    let list = f.git(&["rev-list", "--objects", "--all"]);
    let ids: Vec<String> = String::from_utf8_lossy(&list)
        .lines()
        .map(|l| l[..40].to_string())
        .collect();
    for (depth, most) in [("--depth=50", 50), ("--depth=2", 2)] {
        let out = f.gitstore_output(
            &[
                "pack-objects",
                "--all",
                "-q",
                depth,
                "--delta-base-offset",
                "d",
            ],
            b"",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let name = String::from_utf8(out.stdout).unwrap();
        let pack = format!("d-{}.pack", name.trim_end());
        std::fs::copy(f.path.join(&pack), f.path.join("check.pack")).unwrap();
        f.git(&["index-pack", "--strict", "-o", "check.idx", "check.pack"]);
        assert!(longest_chain(&f, "check.idx") <= most, "{depth}");
        f.git(&["init", "-q", "--bare", "only.git"]);
        let dest = f.path.join("only.git/objects/pack");
        std::fs::copy(f.path.join(&pack), dest.join("pack-x.pack")).unwrap();
        std::fs::copy(f.path.join("check.idx"), dest.join("pack-x.idx")).unwrap();
        let stdin: String = ids.iter().map(|id| format!("{id}\n")).collect();
        let ours = f.git_stdin(
            &["--git-dir", "only.git", "cat-file", "--batch"],
            stdin.as_bytes(),
        );
        let theirs = f.git_stdin(&["cat-file", "--batch"], stdin.as_bytes());
        assert!(ours == theirs, "{depth}: objects read back differ");
        std::fs::remove_dir_all(f.path.join("only.git")).unwrap();
    }
}
