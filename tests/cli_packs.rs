//! Packed objects through the odb and the CLI, side by side with git: every object of
//! repositories with several packs (written with different options) plus loose objects,
//! alternates, packs appearing and vanishing under an open odb, and reads from many threads.

mod common;

use common::Fixture;
use gitstore::odb::{MemoryStore, ObjectStore, Odb};
use gitstore::{Kind, ObjectId, Repository};
use std::sync::Arc;

fn all_ids(f: &Fixture) -> Vec<String> {
    let out = f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname)",
    ]);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn assert_batches_same(f: &Fixture) {
    for args in [
        vec!["cat-file", "--batch-all-objects", "--batch-check"],
        vec![
            "cat-file",
            "--batch-all-objects",
            "--batch-check",
            "--unordered",
        ],
        vec!["cat-file", "--batch-all-objects", "--batch"],
        vec!["cat-file", "--batch-all-objects", "--batch", "--unordered"],
        vec![
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objecttype) %(objectname)",
        ],
        vec!["count-objects"],
        vec!["count-objects", "-v"],
        vec!["count-objects", "-vH"],
    ] {
        f.assert_same(&args, b"");
    }
}

fn assert_verify_pack_same(f: &Fixture) {
    let pack_dir = f.git_dir().join("objects/pack");
    let mut idxs: Vec<_> = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .collect();
    idxs.sort();
    assert!(!idxs.is_empty());
    for idx in &idxs {
        let rel = idx
            .strip_prefix(&f.path)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        for flag in ["-v", "-s"] {
            f.assert_same(&["verify-pack", flag, &rel], b"");
        }
        f.assert_same(&["verify-pack", &rel], b"");
    }
}

#[test]
fn every_object_of_a_packed_repository_reads_like_git() {
    let f = common::history_repo();
    let ids = all_ids(&f);
    assert!(ids.len() > 150);
    for (i, id) in ids.iter().enumerate() {
        for flag in ["-t", "-s", "-p"] {
            f.assert_same(&["cat-file", flag, id], b"");
        }
        if i % 7 == 0 {
            f.assert_same(&["cat-file", "-e", &id[..10]], b"");
        }
    }
    assert_batches_same(&f);
    assert_verify_pack_same(&f);
    // names on stdin: present, missing, abbreviated, with %(rest)
    let mut input = String::new();
    for id in ids.iter().step_by(5) {
        input.push_str(&format!("{id}\n{} some rest\n", &id[..8]));
    }
    input.push_str("0000000000000000000000000000000000000001\nnonsense\n\n");
    f.assert_same(&["cat-file", "--batch"], input.as_bytes());
    f.assert_same(&["cat-file", "--batch-check"], input.as_bytes());
    f.assert_same(
        &["cat-file", "--batch-check=%(objectname) [%(rest)]"],
        input.as_bytes(),
    );
    f.assert_same(&["cat-file", "--batch", "--buffer"], input.as_bytes());
}

/// Repacks `f` with `args` and checks everything again.
fn repack_and_compare(f: &Fixture, args: &[&str]) {
    f.git(args);
    assert_batches_same(f);
    assert_verify_pack_same(f);
}

#[test]
fn packs_written_with_different_options() {
    let f = common::history_repo();
    repack_and_compare(&f, &["repack", "-adfq", "--depth=50", "--window=250"]);
    repack_and_compare(&f, &["repack", "-adfq", "--window=0"]);
    repack_and_compare(&f, &["repack", "-adfq", "--depth=1"]);
    // index v1
    let g = common::history_repo();
    g.git(&["repack", "-adfq"]);
    let pack = g.pack_file();
    let idx = pack.with_extension("idx");
    std::fs::remove_file(&idx).unwrap();
    g.git(&["index-pack", "--index-version=1", pack.to_str().unwrap()]);
    assert_batches_same(&g);
    assert_verify_pack_same(&g);
    // index v2 with every offset in the 64-bit table
    std::fs::remove_file(&idx).unwrap();
    g.git(&[
        "index-pack",
        "--index-version=2,0x10",
        pack.to_str().unwrap(),
    ]);
    assert_batches_same(&g);
    assert_verify_pack_same(&g);
}

#[test]
fn ref_delta_and_thin_packs() {
    let src = common::history_repo();
    // a REF_DELTA pack: pack-objects without --delta-base-offset
    let dst = Fixture::bare();
    let pack = src.git_stdin(&["pack-objects", "--revs", "--all", "--stdout", "-q"], b"");
    dst.git_stdin(&["index-pack", "--stdin"], &pack);
    assert_batches_same(&dst);
    assert_verify_pack_same(&dst);
    // a thin pack on top of an older state, completed by index-pack --fix-thin
    let thin_dst = Fixture::bare();
    let base = src.git_stdin(&["pack-objects", "--revs", "--stdout", "-q"], b"main~10\n");
    thin_dst.git_stdin(&["index-pack", "--stdin"], &base);
    let thin = src.git_stdin(
        &["pack-objects", "--revs", "--thin", "--stdout", "-q"],
        b"main\n^main~10\n",
    );
    thin_dst.git_stdin(&["index-pack", "--stdin", "--fix-thin"], &thin);
    assert_batches_same(&thin_dst);
    assert_verify_pack_same(&thin_dst);
}

#[test]
fn alternates_relative_absolute_nested_and_cyclic() {
    let a = common::history_repo();
    let b = Fixture::bare();
    let c = Fixture::bare();
    // c borrows from b (relative), b borrows from a (absolute); b also points back at c
    let a_objects = a.git_dir().join("objects");
    std::fs::write(
        b.path.join("objects/info/alternates"),
        format!(
            "# comment\n{}\n{}\n",
            a_objects.display(),
            c.path.join("objects").display()
        ),
    )
    .unwrap();
    let rel = pathdiff(&b.path.join("objects"), &c.path.join("objects"));
    std::fs::write(c.path.join("objects/info/alternates"), format!("{rel}\n")).unwrap();
    let ids = all_ids(&a);
    let input: String = ids.iter().map(|i| format!("{i}\n")).collect();
    c.assert_same(&["cat-file", "--batch"], input.as_bytes());
    c.assert_same(&["cat-file", "-p", &ids[3]], b"");
    c.assert_same(&["cat-file", "--batch-all-objects", "--batch-check"], b"");
    let repo = Repository::open(&c.path).unwrap();
    assert_eq!(repo.odb().object_dirs().count(), 3);
}

/// `to` written relative to `from` (both absolute, sharing the temp dir parent).
fn pathdiff(to: &std::path::Path, from: &std::path::Path) -> String {
    let up = from.components().count() - 1 - common_len(to, from);
    let rest: Vec<_> = to.components().skip(common_len(to, from)).collect();
    let mut s = "../".repeat(up + 1);
    s.push_str(
        &rest
            .iter()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    );
    s
}

fn common_len(a: &std::path::Path, b: &std::path::Path) -> usize {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .count()
}

#[test]
fn alternates_nesting_is_limited() {
    let repos: Vec<Fixture> = (0..8).map(|_| Fixture::bare()).collect();
    for w in repos.windows(2) {
        std::fs::write(
            w[0].path.join("objects/info/alternates"),
            format!("{}\n", w[1].path.join("objects").display()),
        )
        .unwrap();
    }
    let deepest = repos.last().unwrap();
    let id = deepest.git_stdin(&["hash-object", "-w", "--stdin"], b"deep\n");
    let id = String::from_utf8(id).unwrap().trim().to_string();
    let repo = Repository::open(&repos[0].path).unwrap();
    // git follows six levels (the primary and six alternates), as the parity tests check
    assert_eq!(repo.odb().object_dirs().count(), 7);
    assert!(!repo.odb().warnings().is_empty());
    let id: ObjectId = id.parse().unwrap();
    assert!(!repo.odb().contains(&id).unwrap());
    // git agrees that the object is out of reach
    let out = repos[0].git_output(&["cat-file", "-e", &id.to_string()], b"");
    assert!(!out.status.success());
}

#[test]
fn packs_appearing_and_vanishing_under_an_open_odb() {
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let odb = repo.odb();
    let before = all_ids(&f);
    let mut buf = Vec::new();
    for id in &before {
        odb.read_to(&id.parse().unwrap(), &mut buf).unwrap();
    }
    // another process adds objects and repacks everything into one new pack, deleting the
    // packs this odb has mapped and the loose objects it has not seen
    f.write("new.txt", "brand new\n");
    f.commit_all("after the odb was opened");
    f.git(&["repack", "-adq"]);
    f.git(&["prune-packed"]);
    let after = all_ids(&f);
    assert!(after.len() > before.len());
    for id in &after {
        let id: ObjectId = id.parse().unwrap();
        let kind = odb.read_to(&id, &mut buf).unwrap();
        let h = odb.read_header(&id).unwrap();
        assert_eq!((h.kind, h.size), (kind, buf.len() as u64));
    }
    // a fresh prefix lookup sees the new pack too
    let newest = f.git_str(&["rev-parse", "HEAD"]);
    let prefix = gitstore::Prefix::from_hex(&newest.as_bytes()[..8]).unwrap();
    assert_eq!(
        odb.resolve_prefix(&prefix).unwrap().unwrap().to_string(),
        newest
    );
}

#[test]
fn one_odb_read_from_many_threads() {
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let ids: Vec<ObjectId> = all_ids(&f).iter().map(|i| i.parse().unwrap()).collect();
    let expected: Vec<(Kind, Vec<u8>)> = ids
        .iter()
        .map(|id| {
            let o = repo.odb().read(id).unwrap();
            (o.kind, o.data)
        })
        .collect();
    std::thread::scope(|s| {
        for t in 0..4 {
            let repo = repo.clone();
            let ids = &ids;
            let expected = &expected;
            s.spawn(move || {
                let mut buf = Vec::new();
                for (i, id) in ids.iter().enumerate().skip(t).step_by(2) {
                    let kind = repo.odb().read_to(id, &mut buf).unwrap();
                    assert_eq!((kind, &buf), (expected[i].0, &expected[i].1));
                }
            });
        }
    });
}

#[test]
fn added_stores_are_consulted_and_memory_store_works() {
    let f = Fixture::new();
    let mem = Arc::new(MemoryStore::new());
    let id = mem.write(Kind::Blob, b"only in memory\n").unwrap();
    let odb = Odb::open(f.git_dir().join("objects")).unwrap();
    assert!(!odb.contains(&id).unwrap());
    odb.add_store(mem.clone());
    assert_eq!(odb.read(&id).unwrap().data, b"only in memory\n");
    assert_eq!(odb.read_header(&id).unwrap().size, 15);
    let prefix = gitstore::Prefix::from_hex(&id.to_string().as_bytes()[..6]).unwrap();
    assert_eq!(odb.resolve_prefix(&prefix).unwrap(), Some(id));
    assert!(odb.ids_sorted().unwrap().contains(&id));
    // the odb itself is an ObjectStore too
    let as_store: &dyn ObjectStore = &odb;
    assert!(as_store.contains(&id).unwrap());
}

#[test]
fn corrupt_packs_are_reported_not_panicked_on() {
    let f = common::history_repo();
    let pack = f.pack_file();
    let mut bytes = std::fs::read(&pack).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    std::fs::set_permissions(&pack, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    std::fs::write(&pack, &bytes).unwrap();
    let rel = pack.with_extension("idx");
    let rel = rel.strip_prefix(&f.path).unwrap().to_str().unwrap();
    let git = f.git_output(&["verify-pack", rel], b"");
    let ours = f.gitstore_output(&["verify-pack", rel], b"");
    assert!(!git.status.success());
    assert_eq!(ours.status.code(), git.status.code());
    // the reason is git's (which names the entry's offset, not the file)
    let fatal = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .filter(|l| l.starts_with("fatal: "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(fatal(&ours), fatal(&git));
    // reading every object: errors are fine, panics are not
    let out = f.gitstore_output(&["cat-file", "--batch-all-objects", "--batch"], b"");
    assert!(out.status.code().is_some(), "killed by a signal");
}

#[test]
fn parallel_reads_come_back_in_order() {
    use gitstore::odb::parallel::ReadMode;
    let f = common::history_repo();
    let repo = Repository::open(f.git_dir()).unwrap();
    let odb = repo.odb();
    let mut ids: Vec<ObjectId> = Vec::new();
    for _ in 0..5 {
        ids.extend(all_ids(&f).iter().map(|i| i.parse::<ObjectId>().unwrap()));
    }
    ids.push("0000000000000000000000000000000000000001".parse().unwrap());
    ids.rotate_left(7);
    assert!(ids.len() > 1000);
    for mode in [ReadMode::Full, ReadMode::Header] {
        let mut sequential = Vec::new();
        odb.for_each_in_order(&ids, mode, 1, |id, item| {
            sequential.push((*id, item.map(|i| (i.kind, i.size, i.data.to_vec()))));
            Ok(())
        })
        .unwrap();
        for threads in [2, 3, 8] {
            let mut parallel = Vec::new();
            odb.for_each_in_order(&ids, mode, threads, |id, item| {
                parallel.push((*id, item.map(|i| (i.kind, i.size, i.data.to_vec()))));
                Ok(())
            })
            .unwrap();
            assert_eq!(parallel, sequential);
        }
        // stopping early from the callback stops cleanly
        let mut seen = 0;
        let err = odb.for_each_in_order(&ids, mode, 2, |_, _| {
            seen += 1;
            if seen == 300 {
                return Err(gitstore::Error::InvalidInput("enough".into()));
            }
            Ok(())
        });
        assert!(err.is_err());
        assert_eq!(seen, 300);
    }
}

#[test]
fn handles_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Odb>();
    assert_send_sync::<Repository>();
    assert_send_sync::<gitstore::pack::Pack>();
    assert_send_sync::<gitstore::pack::DeltaBaseCache>();
    assert_send_sync::<MemoryStore>();
    assert_send_sync::<gitstore::refs::RefStore>();
}

#[test]
fn count_objects_reports_garbage_like_git() {
    let f = common::history_repo();
    let objects = f.git_dir().join("objects");
    std::fs::write(objects.join("ab/not-an-object"), b"junk").unwrap_or_else(|_| {
        std::fs::create_dir_all(objects.join("ab")).unwrap();
        std::fs::write(objects.join("ab/not-an-object"), b"junk").unwrap();
    });
    std::fs::write(objects.join("pack/stray.txt"), b"stray").unwrap();
    std::fs::write(objects.join("pack/pack-0000.idx"), b"idx without pack").unwrap();
    for args in [
        vec!["count-objects"],
        vec!["count-objects", "-v"],
        vec!["count-objects", "-vH"],
    ] {
        f.assert_same(&args, b"");
    }
}
