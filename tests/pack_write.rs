//! `pack_write`: every pack gitstore writes is one git accepts (`index-pack --strict`,
//! `verify-pack -v`, `fsck`), holds the same bytes for every object as the source repository,
//! and comes with the `.idx` and `.rev` that `git index-pack` writes for the same pack.

mod common;

use common::{fixtures, Fixture};
use gitstore::odb::Odb;
use gitstore::pack::write_index::IndexVersion;
use gitstore::pack_write::{PackObject, PackOptions, PackWriter, WrittenPack};
use gitstore::ObjectId;
use std::path::Path;

fn odb(f: &Fixture) -> Odb {
    Odb::open(f.git_dir().join("objects")).unwrap()
}

/// Every object of `f`, with the paths `rev-list --objects --all` gives them (then any object
/// no ref reaches, without a path).
fn all_objects(f: &Fixture) -> Vec<PackObject> {
    let listed = f.git(&["rev-list", "--objects", "--all", "--reflog"]);
    let mut seen = std::collections::HashSet::new();
    let mut objects = Vec::new();
    for line in listed.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let id: ObjectId = std::str::from_utf8(&line[..40]).unwrap().parse().unwrap();
        let path = line.get(41..).unwrap_or(b"");
        if seen.insert(id) {
            objects.push(PackObject::with_path(id, path));
        }
    }
    for id in odb(f).ids_sorted().unwrap() {
        if seen.insert(id) {
            objects.push(PackObject::new(id));
        }
    }
    objects
}

/// `cat-file --batch` of `ids` in the repository at `git_dir`.
fn batch(f: &Fixture, git_dir: &Path, ids: &[ObjectId]) -> Vec<u8> {
    let stdin: String = ids.iter().map(|id| format!("{id}\n")).collect();
    f.git_stdin(
        &["--git-dir", &f.rel(git_dir), "cat-file", "--batch"],
        stdin.as_bytes(),
    )
}

/// git accepts the pack, reads the same bytes from it, and writes the same `.idx` and `.rev`.
fn check_with_git(f: &Fixture, written: &WrittenPack, ids: &[ObjectId], version: &str) {
    let pack = f.rel(&written.pack_path);
    let out = f.git_dir().join("by-git.idx");
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(out.with_extension("rev"));
    f.git(&[
        "index-pack",
        "--strict",
        "--rev-index",
        &format!("--index-version={version}"),
        "-o",
        &f.rel(&out),
        &pack,
    ]);
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(&written.idx_path).unwrap(),
        ".idx differs from git's for {pack}"
    );
    assert!(
        std::fs::read(out.with_extension("rev")).unwrap()
            == std::fs::read(&written.rev_path).unwrap(),
        ".rev differs from git's for {pack}"
    );
    f.git(&["verify-pack", "-v", &f.rel(&written.idx_path)]);
    // a repository holding only this pack answers as the source does
    let only = f.path.join("only-the-pack.git");
    let _ = std::fs::remove_dir_all(&only);
    f.git(&["init", "-q", "--bare", &f.rel(&only)]);
    for p in [&written.pack_path, &written.idx_path, &written.rev_path] {
        std::fs::copy(p, only.join("objects/pack").join(p.file_name().unwrap())).unwrap();
    }
    assert!(batch(f, &only, ids) == batch(f, &f.git_dir(), ids));
    let count = f.git_str(&["--git-dir", &f.rel(&only), "count-objects", "-v"]);
    assert!(
        count.contains(&format!("in-pack: {}", ids.len())),
        "{count}"
    );
}

fn write_all(f: &Fixture, options: PackOptions) -> (WrittenPack, Vec<ObjectId>) {
    let objects = all_objects(f);
    let ids: Vec<ObjectId> = objects.iter().map(|o| o.id).collect();
    let out = f.path.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let odb = odb(f);
    let written = PackWriter::new(&odb)
        .options(options)
        .write_files(&objects, &[], &out.join("pack"))
        .unwrap();
    (written, ids)
}

#[test]
fn pack_of_every_object_passes_git_checks_and_reads_back_the_same() {
    for f in [fixtures::history_repo(), fixtures::history_graph()] {
        let (written, ids) = write_all(&f, PackOptions::default());
        assert_eq!(written.summary.stats.total, ids.len() as u64);
        // both fixtures are partly packed by git gc: its deltas are copied
        assert!(written.summary.stats.reused_deltas > 0);
        check_with_git(&f, &written, &ids, "2");
    }
}

#[test]
fn pack_without_reuse_passes_git_checks() {
    let f = fixtures::history_repo();
    let options = PackOptions {
        reuse_object: false,
        reuse_delta: false,
        ..PackOptions::default()
    };
    let (written, ids) = write_all(&f, options);
    assert_eq!(written.summary.stats.reused, 0);
    // every delta is a new one
    assert!(
        written.summary.stats.deltas > 50,
        "{:?}",
        written.summary.stats
    );
    check_with_git(&f, &written, &ids, "2");
}

#[test]
fn ofs_delta_pack_with_index_v1_and_large_offsets_matches_git_index_pack() {
    let f = fixtures::history_repo();
    for (arg, version) in [
        (
            "1",
            IndexVersion {
                version: 1,
                off32_limit: 0x7fff_ffff,
            },
        ),
        (
            "2,0x100",
            IndexVersion {
                version: 2,
                off32_limit: 0x100,
            },
        ),
    ] {
        let options = PackOptions {
            ofs_delta: true,
            index_version: version,
            ..PackOptions::default()
        };
        let (written, ids) = write_all(&f, options);
        check_with_git(&f, &written, &ids, arg);
        std::fs::remove_dir_all(f.path.join("out")).unwrap();
    }
}

#[test]
fn streamed_pack_is_the_same_bytes_as_the_installed_one() {
    let f = fixtures::history_graph();
    let (written, _) = write_all(&f, PackOptions::default());
    let objects = all_objects(&f);
    let mut streamed = Vec::new();
    let summary = PackWriter::new(&odb(&f))
        .write_to(&objects, &[], &mut streamed)
        .unwrap();
    assert_eq!(summary, written.summary);
    assert!(streamed == std::fs::read(&written.pack_path).unwrap());
    // git names it the same when reading it from a stream
    let name = f.git_stdin(&["index-pack", "--stdin"], &streamed);
    assert_eq!(
        String::from_utf8(name).unwrap(),
        format!("pack\t{}\n", summary.name())
    );
}

#[test]
fn missing_object_is_an_error_and_leaves_no_file() {
    let f = fixtures::history_repo();
    let out = f.path.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let missing: ObjectId = "0123456789012345678901234567890123456789".parse().unwrap();
    let err = PackWriter::new(&odb(&f))
        .write_files(&[PackObject::new(missing)], &[], &out.join("pack"))
        .unwrap_err();
    assert!(
        matches!(err, gitstore::Error::ObjectNotFound { id } if id == missing),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

/// The objects of `rev-list --objects <args>`, with their paths.
fn listed(f: &Fixture, args: &[&str]) -> Vec<PackObject> {
    let mut full = vec!["rev-list", "--objects"];
    full.extend_from_slice(args);
    f.git(&full)
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let id: ObjectId = std::str::from_utf8(&l[..40]).unwrap().parse().unwrap();
            PackObject::with_path(id, l.get(41..).unwrap_or(b""))
        })
        .collect()
}

#[test]
fn thin_pack_deltas_against_bases_it_leaves_out_and_git_fixes_it() {
    let f = fixtures::history_repo();
    // what a fetch of main from a repository at main~3 sends, and what that repository has
    let objects = listed(&f, &["main", "--not", "main~3"]);
    let bases = listed(&f, &["main~3", "--not", "main~4"]);
    let odb = odb(&f);
    let options = PackOptions {
        thin: true,
        ofs_delta: true,
        reuse_delta: false,
        ..PackOptions::default()
    };
    let mut pack = Vec::new();
    let summary = PackWriter::new(&odb)
        .options(options.clone())
        .write_to(&objects, &bases, &mut pack)
        .unwrap();
    assert_eq!(summary.entries.len(), objects.len());
    // git cannot index it alone: some bases are missing
    std::fs::write(f.path.join("thin.pack"), &pack).unwrap();
    let alone = f.git_output(&["index-pack", "-o", "thin.idx", "thin.pack"], b"");
    assert!(!alone.status.success());
    // with the repository's objects it completes the pack
    let fixed = f.git_stdin(&["index-pack", "--stdin", "--fix-thin", "--strict"], &pack);
    let name = String::from_utf8(fixed).unwrap();
    let idx = f.git_dir().join(format!(
        "objects/pack/pack-{}.idx",
        name.trim_end().trim_start_matches("pack\t")
    ));
    let n = f.git_stdin(&["show-index"], &std::fs::read(&idx).unwrap());
    assert!(n.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count() > objects.len());
    // not thin: the same objects need no other
    let mut whole = Vec::new();
    PackWriter::new(&odb)
        .options(PackOptions {
            thin: false,
            ..options
        })
        .write_to(&objects, &bases, &mut whole)
        .unwrap();
    f.git_stdin(&["index-pack", "--stdin", "--strict"], &whole);
}

/// Source entries are copied only when their CRC32 matches the source index: with every CRC of
/// git's index damaged, nothing is copied, everything is compressed anew, and the pack is sound.
#[test]
fn source_entries_failing_their_crc_are_compressed_anew() {
    let f = fixtures::history_repo();
    let (before, _) = write_all(&f, PackOptions::default());
    assert!(before.summary.stats.reused > 0);
    std::fs::remove_dir_all(f.path.join("out")).unwrap();
    for idx in common::idx_files(&f.git_dir().join("objects/pack")) {
        let mut bytes = std::fs::read(&idx).unwrap();
        let n = u32::from_be_bytes(bytes[8 + 255 * 4..8 + 256 * 4].try_into().unwrap()) as usize;
        let crc_at = 8 + 256 * 4 + n * 20;
        for b in &mut bytes[crc_at..crc_at + n * 4] {
            *b ^= 0x5a;
        }
        let mut perms = std::fs::metadata(&idx).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&idx, perms).unwrap();
        std::fs::write(&idx, bytes).unwrap();
    }
    let (written, ids) = write_all(&f, PackOptions::default());
    assert_eq!(
        written.summary.stats.reused, 0,
        "{:?}",
        written.summary.stats
    );
    check_with_git(&f, &written, &ids, "2");
}

#[test]
fn writer_and_results_can_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<PackWriter<'static>>();
    send_sync::<PackOptions>();
    send_sync::<WrittenPack>();
    send_sync::<gitstore::pack_write::PackWriteError>();
}
