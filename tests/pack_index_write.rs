//! `pack::write_index`: the `.idx` and `.rev` gitstore writes for a pack are byte-identical to
//! the ones git wrote for it, for every pack of the fixtures, in both index versions.

mod common;

use common::{fixtures, idx_files, Fixture};
use gitstore::pack::index::IndexEntry;
use gitstore::pack::write_index::{sort_entries, write_idx, write_rev, IndexVersion};
use gitstore::pack::PackIndex;
use std::path::Path;

fn entries_of(idx: &Path) -> (Vec<IndexEntry>, [u8; 20]) {
    let index = PackIndex::open(idx).unwrap();
    let mut entries: Vec<IndexEntry> = index.iter().map(|e| e.unwrap()).collect();
    sort_entries(&mut entries).unwrap();
    (entries, index.pack_checksum())
}

fn packs(f: &Fixture) -> Vec<std::path::PathBuf> {
    let packs = idx_files(&f.git_dir().join("objects/pack"));
    assert!(!packs.is_empty());
    packs
}

#[test]
fn idx_v2_and_rev_match_what_git_wrote() {
    for f in [fixtures::history_repo(), fixtures::history_graph()] {
        for idx in packs(&f) {
            let (entries, checksum) = entries_of(&idx);
            let written = write_idx(&entries, &checksum, IndexVersion::default()).unwrap();
            assert!(written == std::fs::read(&idx).unwrap(), "{}", idx.display());
            let rev = idx.with_extension("rev");
            assert!(rev.is_file(), "git 2.47 writes {}", rev.display());
            assert!(write_rev(&entries, &checksum) == std::fs::read(&rev).unwrap());
        }
    }
}

/// git's `index-pack --index-version=1` and `=2,<off32_limit>` on the same pack.
#[test]
fn idx_v1_and_lowered_large_offset_limit_match_git_index_pack() {
    let f = fixtures::history_repo();
    for idx in packs(&f) {
        let pack = idx.with_extension("pack");
        let (entries, checksum) = entries_of(&idx);
        for (arg, version) in [
            (
                "1",
                IndexVersion {
                    version: 1,
                    off32_limit: 0x7fff_ffff,
                },
            ),
            (
                "2,0x40",
                IndexVersion {
                    version: 2,
                    off32_limit: 0x40,
                },
            ),
        ] {
            let out = f.rel(&f.git_dir().join("git-made.idx"));
            f.git(&[
                "index-pack",
                &format!("--index-version={arg}"),
                "-o",
                &out,
                &f.rel(&pack),
            ]);
            let git = std::fs::read(f.git_dir().join("git-made.idx")).unwrap();
            let ours = write_idx(&entries, &checksum, version).unwrap();
            assert!(ours == git, "--index-version={arg}");
        }
    }
}
