//! Micro-benchmarks of the object layer: hashing, loose writes and loose reads.
//!
//! `cargo bench --bench objects`. Whole-command comparisons against git live in
//! `benches/compare.sh`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gitstore::hash::hash_object;
use gitstore::loose::LooseStore;
use gitstore::Kind;

fn body(size: usize) -> Vec<u8> {
    (0..size)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 ^ (i as u8))
        .collect()
}

fn hashing(c: &mut Criterion) {
    let mut group = c.benchmark_group("hash_object");
    for size in [64usize, 4 << 10, 1 << 20] {
        let data = body(size);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &data, |b, d| {
            b.iter(|| hash_object(Kind::Blob, d).unwrap())
        });
    }
    group.finish();
}

fn loose_write(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("loose_write");
    for size in [100usize, 10 << 10, 1 << 20] {
        group.throughput(Throughput::Bytes(size as u64));
        let base = body(size);
        let mut n = 0u64;
        group.bench_function(BenchmarkId::from_parameter(size), |b| {
            let store = LooseStore::new(dir.path());
            b.iter(|| {
                // a new object every time, so the write is never the "already there" no-op
                n += 1;
                let mut data = base.clone();
                data[..8].copy_from_slice(&n.to_le_bytes());
                store.write(Kind::Blob, &data).unwrap()
            })
        });
    }
    group.finish();
}

fn loose_read(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = LooseStore::new(dir.path());
    let mut group = c.benchmark_group("loose_read");
    for size in [100usize, 10 << 10, 1 << 20] {
        let id = store.write(Kind::Blob, &body(size)).unwrap();
        group.throughput(Throughput::Bytes(size as u64));
        let mut out = Vec::new();
        group.bench_function(BenchmarkId::new("read", size), |b| {
            b.iter(|| store.read(&id, &mut out).unwrap())
        });
        group.bench_function(BenchmarkId::new("read_header", size), |b| {
            b.iter(|| store.read_header(&id).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, hashing, loose_write, loose_read);
criterion_main!(benches);
