//! `gitstore index-pack` against `git index-pack`: the `.idx`, `.rev` and printed name for packs
//! git wrote with different options (REF_DELTA, OFS_DELTA, no deltas, index v1, a lowered
//! 32-bit offset limit), packs read from stdin (with `--keep`), thin packs completed with
//! `--fix-thin`, `--verify`, `--strict`, and every damaged pack refused with git's words and
//! nothing left in `objects/pack`.

mod common;

use common::damaged_packs;
use common::fixtures::history_repo;
use common::Fixture;
use std::collections::BTreeMap;
use std::path::Path;

/// Writes a pack of every object of `f` with `pack-objects <opts>`; returns its bytes.
fn git_pack(f: &Fixture, opts: &[&str]) -> Vec<u8> {
    let objects = f.git(&["rev-list", "--objects", "--all"]);
    let mut args = vec!["pack-objects", "-q"];
    args.extend_from_slice(opts);
    args.push("--stdout");
    f.git_stdin(&args, &objects)
}

/// The files of a directory, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
        })
        .unwrap_or_default()
}

fn pack_dir(f: &Fixture) -> std::path::PathBuf {
    f.git_dir().join("objects/pack")
}

/// Indexes `pack` as a file with `extra` options, by git in one directory and gitstore in
/// another; asserts the same stdout, stderr, exit code and files.
fn assert_file_indexing_identical(pack: &[u8], extra: &[&str]) {
    let g = Fixture::empty_dir();
    let s = Fixture::empty_dir();
    for f in [&g, &s] {
        f.write("x.pack", pack);
    }
    let mut args = vec!["index-pack"];
    args.extend_from_slice(extra);
    args.push("x.pack");
    let go = g.git_output(&args, b"");
    let so = s.gitstore_output(&args, b"");
    assert_eq!(
        (String::from_utf8_lossy(&so.stderr), so.status.code()),
        (String::from_utf8_lossy(&go.stderr), go.status.code()),
        "{extra:?}"
    );
    assert_eq!(so.stdout, go.stdout, "{extra:?}");
    assert!(go.status.success(), "{extra:?}");
    assert_eq!(files(&s.path), files(&g.path), "{extra:?}");
}

#[test]
fn ref_delta_pack_indexes_as_git_indexes_it() {
    let f = history_repo();
    let pack = git_pack(&f, &[]);
    assert_file_indexing_identical(&pack, &[]);
}

#[test]
fn ofs_delta_pack_indexes_as_git_indexes_it_on_one_and_many_threads() {
    let f = history_repo();
    let pack = git_pack(&f, &["--delta-base-offset"]);
    assert_file_indexing_identical(&pack, &[]);
    assert_file_indexing_identical(&pack, &["--threads=1"]);
    assert_file_indexing_identical(&pack, &["--threads=4"]);
}

#[test]
fn pack_without_deltas_indexes_as_git_indexes_it() {
    let f = history_repo();
    let pack = git_pack(&f, &["--window=0"]);
    assert_file_indexing_identical(&pack, &[]);
}

#[test]
fn index_version_one_and_large_offsets_match_git() {
    let f = history_repo();
    let pack = git_pack(&f, &["--delta-base-offset"]);
    assert_file_indexing_identical(&pack, &["--index-version=1"]);
    // every entry past 0x200 goes to the 64-bit table, as in a pack over 2 GiB
    assert_file_indexing_identical(&pack, &["--index-version=2,0x200"]);
    assert_file_indexing_identical(&pack, &["--index-version=2,512"]);
}

#[test]
fn index_written_with_o_and_keep_beside_the_pack() {
    let f = history_repo();
    let pack = git_pack(&f, &[]);
    assert_file_indexing_identical(&pack, &["-o", "y.idx", "--keep=held"]);
}

#[test]
fn stdin_pack_is_installed_under_its_checksum_like_git() {
    let f = history_repo();
    let pack = git_pack(&f, &["--delta-base-offset"]);
    for extra in [&[][..], &["--keep"], &["--keep=because"], &["--strict"]] {
        let g = Fixture::new();
        let s = Fixture::new();
        let mut args = vec!["index-pack", "--stdin"];
        args.extend_from_slice(extra);
        let go = g.git_output(&args, &pack);
        let so = s.gitstore_output(&args, &pack);
        assert!(
            go.status.success(),
            "{}",
            String::from_utf8_lossy(&go.stderr)
        );
        assert_eq!(
            (so.stdout, so.stderr, so.status.code()),
            (go.stdout, go.stderr, go.status.code()),
            "{extra:?}"
        );
        assert_eq!(files(&pack_dir(&s)), files(&pack_dir(&g)), "{extra:?}");
        // and git reads every object of the installed pack
        s.git(&["fsck", "--strict", "--no-dangling", "--connectivity-only"]);
    }
}

#[test]
fn thin_pack_is_completed_from_the_repository() {
    let src = history_repo();
    let objects = src.git_stdin(
        &["pack-objects", "-q", "--thin", "--revs", "--stdout"],
        b"main\n^main~6\n",
    );
    let g = history_repo();
    let s = history_repo();
    let before = files(&pack_dir(&s));
    let go = g.git_output(&["index-pack", "--stdin", "--fix-thin"], &objects);
    let so = s.gitstore_output(&["index-pack", "--stdin", "--fix-thin"], &objects);
    assert!(go.status.success());
    assert!(
        so.status.success(),
        "{}",
        String::from_utf8_lossy(&so.stderr)
    );
    let new: Vec<String> = files(&pack_dir(&s))
        .into_keys()
        .filter(|n| !before.contains_key(n))
        .collect();
    assert_eq!(new.len(), 3, "{new:?}");
    let name = String::from_utf8(so.stdout).unwrap();
    let hash = name.trim_end().strip_prefix("pack\t").unwrap();
    let ours = pack_dir(&s).join(format!("pack-{hash}.pack"));
    // git checks the completed pack, and writes the same index and reverse index for it
    let check = Fixture::empty_dir();
    std::fs::copy(&ours, check.path.join("c.pack")).unwrap();
    check.git(&["index-pack", "c.pack"]);
    let ours_idx = std::fs::read(ours.with_extension("idx")).unwrap();
    assert_eq!(std::fs::read(check.path.join("c.idx")).unwrap(), ours_idx);
    assert_eq!(
        std::fs::read(check.path.join("c.rev")).unwrap(),
        std::fs::read(ours.with_extension("rev")).unwrap()
    );
    // the same objects as the pack git completed: the thin pack's and the same bases
    let listed = |f: &Fixture, idx: &Path| {
        let out = f.git(&["verify-pack", "-v", idx.to_str().unwrap()]);
        let mut ids: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|l| l.len() > 40 && l.as_bytes()[40] == b' ')
            .map(|l| l[..40].to_string())
            .collect();
        ids.sort();
        ids
    };
    let git_name = String::from_utf8(go.stdout).unwrap();
    let git_hash = git_name.trim_end().strip_prefix("pack\t").unwrap();
    let theirs = pack_dir(&g).join(format!("pack-{git_hash}.idx"));
    assert_eq!(listed(&s, &ours.with_extension("idx")), listed(&g, &theirs));
    // up to the old trailer the pack is the thin pack, with the new count
    let bytes = std::fs::read(&ours).unwrap();
    let thin_end = objects.len() - 20;
    assert_eq!(bytes[12..thin_end], objects[12..thin_end]);
    assert!(
        u32::from_be_bytes(bytes[8..12].try_into().unwrap())
            > u32::from_be_bytes(objects[8..12].try_into().unwrap())
    );
}

#[test]
fn thin_pack_without_fix_thin_is_refused_like_git() {
    let src = history_repo();
    let objects = src.git_stdin(
        &["pack-objects", "-q", "--thin", "--revs", "--stdout"],
        b"main\n^main~6\n",
    );
    let g = history_repo();
    let s = history_repo();
    let before = files(&pack_dir(&s));
    let go = g.git_output(&["index-pack", "--stdin"], &objects);
    let so = s.gitstore_output(&["index-pack", "--stdin"], &objects);
    assert_eq!(go.status.code(), Some(128));
    assert_eq!(
        (String::from_utf8_lossy(&so.stderr), so.status.code()),
        (String::from_utf8_lossy(&go.stderr), go.status.code())
    );
    assert_eq!(files(&pack_dir(&s)), before);
}

#[test]
fn verify_accepts_the_index_git_wrote_and_refuses_a_wrong_crc() {
    let f = history_repo();
    let pack = git_pack(&f, &["--delta-base-offset"]);
    let g = Fixture::empty_dir();
    g.write("x.pack", &pack);
    g.git(&["index-pack", "x.pack"]);
    let out = common::assert_identical(&g, &["index-pack", "--verify", "x.pack"], b"");
    assert!(out.status.success());
    let idx_path = g.path.join("x.idx");
    let mut idx = std::fs::read(&idx_path).unwrap();
    let n = u32::from_be_bytes(idx[8 + 255 * 4..8 + 256 * 4].try_into().unwrap()) as usize;
    idx[8 + 256 * 4 + n * 20 + 3] ^= 1;
    std::fs::remove_file(&idx_path).unwrap();
    std::fs::write(&idx_path, &idx).unwrap();
    let out = common::assert_identical(&g, &["index-pack", "--verify", "x.pack"], b"");
    assert_eq!(out.status.code(), Some(128));
}

/// git and gitstore on `pack` from stdin in two empty repositories: same stderr and exit
/// code, and nothing left in gitstore's `objects/pack`.
fn assert_refused_like_git(name: &str, pack: &[u8], extra: &[&str]) {
    let g = Fixture::new();
    let s = Fixture::new();
    let mut args = vec!["index-pack", "--stdin"];
    args.extend_from_slice(extra);
    let go = g.git_output(&args, pack);
    let so = s.gitstore_output(&args, pack);
    assert_eq!(go.status.code(), Some(128), "{name}");
    assert_eq!(
        (String::from_utf8_lossy(&so.stderr), so.status.code()),
        (String::from_utf8_lossy(&go.stderr), go.status.code()),
        "{name}"
    );
    assert!(so.stdout.is_empty(), "{name}");
    assert_eq!(files(&pack_dir(&s)), BTreeMap::new(), "{name}: left behind");
}

#[test]
fn damaged_packs_on_stdin_are_refused_with_gits_words_and_leave_nothing() {
    for (name, pack) in damaged_packs::all() {
        if name == "bad zlib" {
            continue;
        }
        assert_refused_like_git(name, &pack, &[]);
    }
}

#[test]
fn damaged_pack_files_are_refused_with_gits_words_and_get_no_index() {
    for (name, pack) in damaged_packs::all() {
        if name == "bad zlib" || name == "not a pack" {
            continue;
        }
        let g = Fixture::empty_dir();
        let s = Fixture::empty_dir();
        g.write("x.pack", &pack);
        s.write("x.pack", &pack);
        let go = g.git_output(&["index-pack", "x.pack"], b"");
        let so = s.gitstore_output(&["index-pack", "x.pack"], b"");
        assert_eq!(
            (String::from_utf8_lossy(&so.stderr), so.status.code()),
            (String::from_utf8_lossy(&go.stderr), go.status.code()),
            "{name}"
        );
        assert_eq!(files(&s.path).len(), 1, "{name}: left behind");
    }
}

#[test]
fn damaged_zlib_is_refused_with_gits_fatal_line() {
    // git prints zlib's own complaint first (`error: inflate: data stream error (…)`), which
    // gitstore's zlib does not word alike; the fatal line and the exit code match
    let pack = damaged_packs::all()
        .into_iter()
        .find(|(n, _)| *n == "bad zlib")
        .unwrap()
        .1;
    let g = Fixture::new();
    let s = Fixture::new();
    let go = g.git_output(&["index-pack", "--stdin"], &pack);
    let so = s.gitstore_output(&["index-pack", "--stdin"], &pack);
    let last = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!((last(&so), so.status.code()), (last(&go), go.status.code()));
    assert_eq!(files(&pack_dir(&s)), BTreeMap::new());
}

#[test]
fn duplicate_objects_are_refused_in_gits_strict_words() {
    let pack = damaged_packs::duplicate();
    assert_refused_like_git("duplicate --strict", &pack, &["--strict"]);
    // git accepts the pack without --strict; gitstore refuses it always
    let s = Fixture::new();
    let so = s.gitstore_output(&["index-pack", "--stdin"], &pack);
    assert_eq!(so.status.code(), Some(128));
    assert_eq!(
        String::from_utf8_lossy(&so.stderr),
        "fatal: The same object ce013625030ba8dba906f756967f9e9ca394464a appears twice in the pack\n"
    );
    assert_eq!(files(&pack_dir(&s)), BTreeMap::new());
}

#[test]
fn strict_refuses_what_gits_fsck_refuses() {
    assert_refused_like_git("null tree", &damaged_packs::null_tree(), &["--strict"]);
    assert_refused_like_git(
        "dangling tree",
        &damaged_packs::dangling_tree(),
        &["--strict"],
    );
}

#[test]
fn option_misuse_is_refused_like_git() {
    let f = Fixture::empty_dir();
    f.write("x.pack", damaged_packs::good());
    f.write("x.pac", damaged_packs::good());
    for args in [
        &["index-pack", "--fix-thin", "x.pack"][..],
        &["index-pack", "x.pac"],
        &["index-pack", "-o", "foo", "x.pack"],
    ] {
        let out = common::assert_identical(&f, args, b"");
        assert_eq!(out.status.code(), Some(128), "{args:?}");
    }
}
