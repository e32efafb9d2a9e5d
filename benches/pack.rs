//! Micro-benchmarks for pack reads: every object of a git-made pack, in id order (random access
//! into the pack, what `cat-file --batch-all-objects` does) and in pack order (`--unordered`).
//!
//! The pack is made at start-up by real git in a temp dir: a file rewritten over many commits,
//! so it has long delta chains.
use criterion::{criterion_group, criterion_main, Criterion};
use gitstore::pack::{data, delta, DeltaBaseCache, EntryKind, NoExternalBases, Pack};
use std::process::Command;

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "c")
        .env("GIT_COMMITTER_EMAIL", "c@example.com")
        .status()
        .expect("git")
        .success();
    assert!(ok, "git {args:?}");
}

fn make_pack() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path();
    git(p, &["init", "-q"]);
    let mut text = String::new();
    for i in 0..300 {
        for line in 0..20 {
            text.push_str(&format!("rev {i} line {line} {}\n", "y".repeat(line % 11)));
        }
        std::fs::write(p.join("big.txt"), &text).expect("write");
        std::fs::write(p.join(format!("small-{}.txt", i % 17)), format!("{i}\n")).expect("write");
        git(p, &["add", "-A"]);
        git(p, &["commit", "-q", "-m", &format!("c{i}")]);
    }
    git(p, &["repack", "-adfq", "--depth=50", "--window=250"]);
    let idx = std::fs::read_dir(p.join(".git/objects/pack"))
        .expect("pack dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("an idx");
    (dir, idx)
}

fn bench(c: &mut Criterion) {
    let (_dir, idx) = make_pack();
    let pack = Pack::open(&idx).expect("pack");
    let ids: Vec<_> = pack.ids().collect();
    let offsets: Vec<_> = pack
        .entries_by_offset()
        .expect("offsets")
        .into_iter()
        .map(|e| e.offset)
        .collect();
    let mut buf = Vec::new();
    c.bench_function("read all, id order, shared cache", |b| {
        let cache = DeltaBaseCache::default();
        b.iter(|| {
            for id in &ids {
                pack.read(id, &mut buf, &cache, &NoExternalBases)
                    .expect("read");
            }
        })
    });
    c.bench_function("read all, pack order, shared cache", |b| {
        let cache = DeltaBaseCache::default();
        b.iter(|| {
            for &o in &offsets {
                pack.read_at_offset(o, &mut buf, &cache, &NoExternalBases)
                    .expect("read");
            }
        })
    });
    c.bench_function("read all, id order, no cache", |b| {
        let cache = DeltaBaseCache::new(0);
        b.iter(|| {
            for id in &ids {
                pack.read(id, &mut buf, &cache, &NoExternalBases)
                    .expect("read");
            }
        })
    });
    c.bench_function("read_header all, id order", |b| {
        b.iter(|| {
            for id in &ids {
                pack.read_header(id, &NoExternalBases).expect("header");
            }
        })
    });
}

/// The two hot paths on their own: parsing every entry header, and applying every delta of the
/// pack to a base of the announced size (the delta and base bytes are prepared up front).
fn bench_parsers(c: &mut Criterion) {
    let (_dir, idx) = make_pack();
    let pack = Pack::open(&idx).expect("pack");
    let data = pack.data().expect("data");
    let offsets: Vec<u64> = pack
        .entries_by_offset()
        .expect("offsets")
        .into_iter()
        .map(|e| e.offset)
        .collect();
    c.bench_function("parse_entry_header all", |b| {
        b.iter(|| {
            for &o in &offsets {
                let at = o as usize;
                std::hint::black_box(
                    data::parse_entry_header(&data.bytes()[at..], o).expect("header"),
                );
            }
        })
    });
    let cache = DeltaBaseCache::default();
    let mut deltas = Vec::new();
    for &o in &offsets {
        let h = data.entry_header(o).expect("header");
        if let EntryKind::OfsDelta { base_offset } = h.kind {
            let mut d = Vec::new();
            data.inflate_entry(o, &h, &mut d, u64::MAX)
                .expect("inflate");
            let mut base = Vec::new();
            pack.read_at_offset(base_offset, &mut base, &cache, &NoExternalBases)
                .expect("base");
            deltas.push((base, d));
        }
    }
    let mut out = Vec::new();
    c.bench_function("delta apply all", |b| {
        b.iter(|| {
            for (base, d) in &deltas {
                delta::apply(base, d, &mut out, u64::MAX).expect("apply");
            }
        })
    });
}

criterion_group!(benches, bench, bench_parsers);
criterion_main!(benches);
