//! Every ceiling of [`Limits`]: one test per field that crosses it (named after the field), and
//! checks that what git accepts is not refused at the defaults.
mod common;

use common::Fixture;
use gitstore::hash::FileChecksum;
use gitstore::odb::{Odb, OdbOptions};
use gitstore::pack::{DeltaBaseCache, ExternalBases, NoExternalBases, Pack};
use gitstore::refs::{RefName, RefStore};
use gitstore::walk::{walk_tree, Visit};
use gitstore::{Error, Kind, Limits, ObjectId, Repository};
use std::path::Path;

fn odb_with(objects: &Path, limits: Limits) -> Odb {
    Odb::open_with(
        objects,
        OdbOptions {
            limits,
            ..OdbOptions::default()
        },
    )
    .unwrap()
}

fn limit_name(e: &Error) -> &'static str {
    match e {
        Error::LimitExceeded { what, .. } => what,
        _ => "",
    }
}

/// A chain of `n` annotated tags over one commit, written straight into the odb; returns the
/// commit and the outermost tag.
fn tag_chain(f: &Fixture, n: usize) -> (ObjectId, ObjectId) {
    f.commit_all("base");
    let commit: ObjectId = f.git_str(&["rev-parse", "HEAD"]).trim().parse().unwrap();
    let odb = Odb::open(f.git_dir().join("objects")).unwrap();
    let (mut target, mut kind) = (commit, "commit");
    for i in 0..n {
        let body = format!(
            "object {target}\ntype {kind}\ntag t{i}\ntagger T <t@x> 1700000000 +0000\n\nm\n"
        );
        target = odb.write(Kind::Tag, body.as_bytes()).unwrap();
        kind = "tag";
    }
    (commit, target)
}

#[test]
fn max_tag_chain_lets_ten_thousand_tags_peel_like_git() {
    let f = Fixture::new();
    f.write("a", "a\n");
    let (commit, outer) = tag_chain(&f, 10_000);
    f.git(&["update-ref", "refs/tags/deep", &outer.to_string()]);
    for spec in ["deep^{commit}", "deep^{}", "deep^{tree}"] {
        let git = f.git_str(&["rev-parse", spec]);
        let ours = String::from_utf8(f.gitstore(&["rev-parse", spec])).unwrap();
        assert_eq!(ours.trim(), git.trim(), "{spec}");
    }
    assert_eq!(
        f.git_str(&["rev-parse", "deep^{commit}"]).trim(),
        commit.to_string()
    );
    let repo = Repository::open(f.git_dir()).unwrap();
    assert_eq!(
        repo.odb().peel_to(&outer, Kind::Commit).unwrap(),
        Some(commit)
    );
    assert_eq!(
        gitstore::revision::resolve(&repo, "deep^{commit}").unwrap(),
        commit
    );
}

#[test]
fn max_tag_chain_stops_a_longer_chain() {
    let f = Fixture::new();
    f.write("a", "a\n");
    let (commit, outer) = tag_chain(&f, 30);
    let small = Limits {
        max_tag_chain: 20,
        ..Limits::default()
    };
    let odb = odb_with(&f.git_dir().join("objects"), small);
    assert_eq!(odb.peel_to(&outer, Kind::Commit).unwrap(), None);
    let roomy = Limits {
        max_tag_chain: 30,
        ..Limits::default()
    };
    let odb = odb_with(&f.git_dir().join("objects"), roomy);
    assert_eq!(odb.peel_to(&outer, Kind::Commit).unwrap(), Some(commit));
    // a ref's peeled value
    f.git(&["update-ref", "refs/tags/deep", &outer.to_string()]);
    let refs = RefStore::with_config(&f.git_dir(), Default::default(), small).unwrap();
    assert_eq!(refs.peel_tag(&outer), None);
    let refs = RefStore::with_config(&f.git_dir(), Default::default(), roomy).unwrap();
    assert_eq!(refs.peel_tag(&outer), Some(commit));
}

#[test]
fn max_tree_depth_stops_a_walk() {
    let f = Fixture::bare();
    let odb = Odb::open(f.path.join("objects")).unwrap();
    let mut tree = odb.write(Kind::Tree, b"").unwrap();
    for _ in 0..10 {
        let mut body = b"40000 d\0".to_vec();
        body.extend_from_slice(tree.as_bytes());
        tree = odb.write(Kind::Tree, &body).unwrap();
    }
    let count = |odb: &Odb| {
        let mut n = 0;
        walk_tree(odb, &tree, |_| {
            n += 1;
            Ok(Visit::Descend)
        })
        .map(|_| n)
    };
    assert_eq!(count(&odb).unwrap(), 10);
    let shallow = odb_with(
        &f.path.join("objects"),
        Limits {
            max_tree_depth: 5,
            ..Limits::default()
        },
    );
    let err = count(&shallow).unwrap_err();
    assert_eq!(limit_name(&err), "tree depth", "{err}");
}

#[test]
fn max_object_size_refuses_a_bigger_object() {
    let f = Fixture::bare();
    let odb = Odb::open(f.path.join("objects")).unwrap();
    let id = odb.write(Kind::Blob, &[b'x'; 1000]).unwrap();
    let small = odb_with(
        &f.path.join("objects"),
        Limits {
            max_object_size: 999,
            ..Limits::default()
        },
    );
    assert!(small.read(&id).is_err());
    let exact = odb_with(
        &f.path.join("objects"),
        Limits {
            max_object_size: 1000,
            ..Limits::default()
        },
    );
    assert_eq!(exact.read(&id).unwrap().data.len(), 1000);
}

/// A repository whose only pack has delta chains made by git, and the deepest entry's id and
/// depth as `git verify-pack -v` reports them.
fn deep_git_pack() -> (Fixture, std::path::PathBuf, ObjectId, usize) {
    let f = Fixture::new();
    let mut text = String::new();
    for i in 0..12 {
        text.push_str(&format!("line {i} of a file that grows\n"));
        f.write("grow.txt", &text);
        f.commit_all(&format!("c{i}"));
    }
    f.git(&["repack", "-adfq", "--depth=50", "--window=250"]);
    let idx = std::fs::read_dir(f.git_dir().join("objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    let listing = f.git_str(&["verify-pack", "-v", idx.to_str().unwrap()]);
    let (id, depth) = listing
        .lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w.len() == 7).then(|| (w[0].parse().unwrap(), w[5].parse::<usize>().unwrap()))
        })
        .max_by_key(|&(_, d)| d)
        .expect("a delta");
    (f, idx, id, depth)
}

#[test]
fn max_delta_chain_refuses_a_deeper_git_made_chain() {
    let (_f, idx, id, depth) = deep_git_pack();
    assert!(depth >= 2, "depth {depth}");
    let mut buf = Vec::new();
    let cold = DeltaBaseCache::new(0);
    let at = |limit| {
        Pack::open_with_limits(
            &idx,
            Limits {
                max_delta_chain: limit,
                ..Limits::default()
            },
        )
        .unwrap()
    };
    let err = Error::from(
        at(depth - 1)
            .read(&id, &mut buf, &cold, &NoExternalBases)
            .unwrap_err(),
    );
    assert_eq!(limit_name(&err), "delta chain length", "{err}");
    assert!(at(depth)
        .read(&id, &mut buf, &cold, &NoExternalBases)
        .unwrap()
        .is_some());
}

#[test]
fn delta_base_cache_keeps_nothing_bigger_than_a_quarter_of_its_budget() {
    let cache = DeltaBaseCache::new(400);
    assert!(cache.would_keep(100));
    assert!(!cache.would_keep(101));
    assert!(!DeltaBaseCache::new(0).would_keep(1));
}

#[test]
fn max_symref_depth_stops_a_longer_chain() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    let head = f.git_str(&["rev-parse", "HEAD"]).trim().to_string();
    // s1 -> s2 -> s3 -> main: three levels
    f.write(".git/refs/heads/s1", "ref: refs/heads/s2\n");
    f.write(".git/refs/heads/s2", "ref: refs/heads/s3\n");
    f.write(".git/refs/heads/s3", "ref: refs/heads/main\n");
    let store = |depth| {
        RefStore::with_config(
            &f.git_dir(),
            Default::default(),
            Limits {
                max_symref_depth: depth,
                ..Limits::default()
            },
        )
        .unwrap()
    };
    let s1 = RefName::new("refs/heads/s1").unwrap();
    assert_eq!(
        store(4).resolve_id(b"refs/heads/s1").unwrap().to_string(),
        head
    );
    assert!(store(2).resolve(&s1).is_err());
}

#[test]
fn max_alternates_depth_ignores_deeper_stores() {
    let f = Fixture::bare();
    // objects -> a1 -> a2 -> a3; the blob lives in a3 only
    let root = f.path.join("objects");
    let dirs: Vec<_> = (1..=3).map(|i| f.path.join(format!("a{i}"))).collect();
    let mut from = root.clone();
    for d in &dirs {
        std::fs::create_dir_all(from.join("info")).unwrap();
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(from.join("info/alternates"), format!("{}\n", d.display())).unwrap();
        from = d.clone();
    }
    let deepest = Odb::open(dirs.last().unwrap()).unwrap();
    let id = deepest.write(Kind::Blob, b"deep\n").unwrap();
    let open = |depth| {
        odb_with(
            &root,
            Limits {
                max_alternates_depth: depth,
                ..Limits::default()
            },
        )
    };
    assert!(open(5).contains(&id).unwrap());
    let shallow = open(1);
    assert!(!shallow.contains(&id).unwrap());
    assert!(
        shallow
            .warnings()
            .iter()
            .any(|w| matches!(w, gitstore::odb::OdbWarning::AlternatesTooDeep { .. })),
        "{:?}",
        shallow.warnings()
    );
}

/// Finds every REF_DELTA base by reading the same delta again at depth 0: a cycle only the
/// nesting limit can stop.
struct Forgetful<'a> {
    pack: &'a Pack,
    delta: ObjectId,
}

impl ExternalBases for Forgetful<'_> {
    fn read_base(
        &self,
        _: &ObjectId,
        _: usize,
        out: &mut Vec<u8>,
    ) -> gitstore::pack::Result<Option<Kind>> {
        self.pack
            .read(&self.delta, out, &DeltaBaseCache::new(0), self)
    }
}

#[test]
fn max_external_nesting_stops_a_cycle_through_another_store() {
    let dir = tempfile::tempdir().unwrap();
    let me = ObjectId::from_raw([0xaa; 20]);
    let base = ObjectId::from_raw([0xbb; 20]);
    let mut pack = b"PACK\0\0\0\x02\0\0\0\x01".to_vec();
    let delta = [1u8, 1, 0x91, 0, 1];
    pack.push(0x70 | delta.len() as u8); // REF_DELTA, size 5
    pack.extend_from_slice(base.as_bytes());
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, &delta).unwrap();
    pack.extend_from_slice(&z.finish().unwrap());
    let crc = crc32fast::hash(&pack[12..]);
    let sum = FileChecksum::of(&pack);
    pack.extend_from_slice(&sum);
    let mut idx = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for b in 0..256u32 {
        idx.extend_from_slice(&u32::from(b >= 0xaa).to_be_bytes());
    }
    idx.extend_from_slice(me.as_bytes());
    idx.extend_from_slice(&crc.to_be_bytes());
    idx.extend_from_slice(&12u32.to_be_bytes());
    idx.extend_from_slice(&sum);
    let idx_sum = FileChecksum::of(&idx);
    idx.extend_from_slice(&idx_sum);
    std::fs::write(dir.path().join("p.pack"), &pack).unwrap();
    std::fs::write(dir.path().join("p.idx"), &idx).unwrap();
    let pack = Pack::open_with_limits(
        &dir.path().join("p.idx"),
        Limits {
            max_external_nesting: 8,
            ..Limits::default()
        },
    )
    .unwrap();
    let ext = Forgetful {
        pack: &pack,
        delta: me,
    };
    let mut buf = Vec::new();
    let err = Error::from(
        pack.read(&me, &mut buf, &DeltaBaseCache::new(0), &ext)
            .unwrap_err(),
    );
    assert_eq!(
        limit_name(&err),
        "nesting of REF_DELTA bases in other stores",
        "{err}"
    );
}

#[test]
fn max_revision_operators_refuses_a_longer_expression_git_style() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    let head = f.git_str(&["rev-parse", "HEAD"]).trim().to_string();
    let repo = Repository::open(f.git_dir()).unwrap();
    // within the limit: as git resolves it
    let fine = format!("HEAD{}", "^0".repeat(2000));
    assert_eq!(
        gitstore::revision::resolve(&repo, &fine)
            .unwrap()
            .to_string(),
        head
    );
    assert_eq!(f.git_str(&["rev-parse", &fine]).trim(), head);
    let limit = repo.limits().max_revision_operators;
    let over = format!("HEAD{}", "^0".repeat(limit + 2));
    assert!(gitstore::revision::resolve(&repo, &over).is_err());
}

#[test]
fn max_loose_ref_size_reads_only_the_start_of_a_huge_ref_file() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    let head = f.git_str(&["rev-parse", "HEAD"]).trim().to_string();
    let limits = Limits {
        max_loose_ref_size: 100,
        ..Limits::default()
    };
    // a valid ref followed by more junk than the limit: git ignores what follows the line
    let mut content = format!("{head}\n").into_bytes();
    content.extend(std::iter::repeat(b'z').take(1000));
    std::fs::write(f.git_dir().join("refs/heads/big"), &content).unwrap();
    assert_eq!(f.git_str(&["rev-parse", "refs/heads/big"]).trim(), head);
    let store = RefStore::with_config(&f.git_dir(), Default::default(), limits).unwrap();
    assert_eq!(
        store.resolve_id(b"refs/heads/big").unwrap().to_string(),
        head
    );
}
