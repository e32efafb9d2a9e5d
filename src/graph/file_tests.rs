//! One test per check [`GraphFile::parse`] makes, on graphs built here byte by byte.

use super::*;
use crate::graph::{CommitGraph, GenerationKind};

/// A commit for [`build`]: id, parent positions, date, topological level.
struct C {
    id: [u8; 20],
    parents: Vec<u32>,
    date: u64,
    level: u32,
}

fn id(n: u8) -> [u8; 20] {
    let mut b = [n; 20];
    b[19] = 0;
    b
}

/// A valid graph of `commits` (sorted by id), with EDGE for octopus parents and GDA2.
fn build(commits: &[C], gda2: bool) -> Vec<u8> {
    let n = commits.len();
    let mut oidf = Vec::new();
    for b in 0..=255u8 {
        let count = commits.iter().filter(|c| c.id[0] <= b).count() as u32;
        oidf.extend(count.to_be_bytes());
    }
    let oidl: Vec<u8> = commits.iter().flat_map(|c| c.id).collect();
    let mut cdat = Vec::new();
    let mut edge: Vec<u8> = Vec::new();
    for c in commits {
        cdat.extend([7u8; 20]);
        let p1 = c.parents.first().copied().unwrap_or(PARENT_NONE);
        let p2 = match c.parents.len() {
            0 | 1 => PARENT_NONE,
            2 => c.parents[1],
            _ => {
                let at = (edge.len() / 4) as u32;
                let rest = &c.parents[1..];
                for (i, p) in rest.iter().enumerate() {
                    let last = if i + 1 == rest.len() { TOP_BIT } else { 0 };
                    edge.extend((p | last).to_be_bytes());
                }
                at | TOP_BIT
            }
        };
        cdat.extend(p1.to_be_bytes());
        cdat.extend(p2.to_be_bytes());
        cdat.extend(((u64::from(c.level) << 34) | c.date).to_be_bytes());
    }
    let gda: Vec<u8> = (0..n as u32).flat_map(|i| i.to_be_bytes()).collect();
    let mut chunks: Vec<([u8; 4], Vec<u8>)> = vec![(OIDF, oidf), (OIDL, oidl), (CDAT, cdat)];
    if !edge.is_empty() {
        chunks.push((EDGE, edge));
    }
    if gda2 {
        chunks.push((GDA2, gda));
    }
    let mut out = Vec::new();
    out.extend(SIGNATURE);
    out.extend([1, 1, chunks.len() as u8, 0]);
    let mut offset = (HEADER_LEN + (chunks.len() + 1) * CHUNK_ENTRY_LEN) as u64;
    for (cid, body) in &chunks {
        out.extend(cid);
        out.extend(offset.to_be_bytes());
        offset += body.len() as u64;
    }
    out.extend([0; 4]);
    out.extend(offset.to_be_bytes());
    for (_, body) in &chunks {
        out.extend(body);
    }
    reseal(&mut out);
    out
}

/// Appends the trailing checksum of `bytes`.
fn reseal(bytes: &mut Vec<u8>) {
    let sum = FileChecksum::of(bytes);
    bytes.extend(sum);
}

/// A root, two children, a merge of both and an octopus of all four ancestors' tips.
fn sample() -> Vec<C> {
    vec![
        C {
            id: id(0x10),
            parents: vec![],
            date: 100,
            level: 1,
        },
        C {
            id: id(0x20),
            parents: vec![0],
            date: 200,
            level: 2,
        },
        C {
            id: id(0x30),
            parents: vec![0],
            date: 300,
            level: 2,
        },
        C {
            id: id(0x40),
            parents: vec![1, 2],
            date: 400,
            level: 3,
        },
        C {
            id: id(0x50),
            parents: vec![1, 2, 3],
            date: 500,
            level: 4,
        },
    ]
}

fn parse(bytes: Vec<u8>) -> Result<GraphFile, GraphErrorKind> {
    GraphFile::parse(Box::new(bytes), Path::new("commit-graph"), 0).map_err(|e| e.kind)
}

/// `bytes` with its last 20 bytes replaced by the checksum of the rest.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.truncate(bytes.len() - HASH_LEN);
    reseal(&mut bytes);
    bytes
}

fn chunk_offset(bytes: &[u8], chunk: [u8; 4]) -> usize {
    let count = usize::from(bytes[6]);
    (0..count)
        .map(|i| HEADER_LEN + i * CHUNK_ENTRY_LEN)
        .find(|&at| bytes[at..at + 4] == chunk)
        .map(|at| u64::from_be_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize)
        .unwrap()
}

#[test]
fn a_valid_graph_gives_parents_dates_and_generations() {
    let file = parse(build(&sample(), true)).unwrap();
    assert_eq!(file.len(), 5);
    let graph = CommitGraph::from_layers(vec![file]).unwrap();
    assert_eq!(graph.generation_kind(), GenerationKind::CorrectedDate);
    let octopus = graph.lookup(&ObjectId::from_raw(id(0x50))).unwrap();
    let ids: Vec<ObjectId> = [0x20, 0x30, 0x40]
        .map(|n| ObjectId::from_raw(id(n)))
        .to_vec();
    assert_eq!(octopus.parents, ids);
    assert_eq!((octopus.date, octopus.generation), (500, 504));
    assert_eq!(octopus.tree, ObjectId::from_raw([7; 20]));
    assert!(graph.lookup(&ObjectId::from_raw(id(0x11))).is_none());
    let levels = CommitGraph::from_layers(vec![parse(build(&sample(), false)).unwrap()]).unwrap();
    assert_eq!(levels.generation_kind(), GenerationKind::Level);
    let merge = levels.lookup(&ObjectId::from_raw(id(0x40))).unwrap();
    assert_eq!((merge.parents.len(), merge.generation), (2, 3));
}

#[test]
fn a_short_file_is_too_small() {
    assert!(matches!(
        parse(b"CGPH".to_vec()),
        Err(GraphErrorKind::TooSmall { len: 4 })
    ));
}

#[test]
fn a_bad_signature_version_or_hash_version_is_refused() {
    let good = build(&sample(), true);
    let mut b = good.clone();
    b[0] = b'X';
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadSignature
    );
    let mut b = good.clone();
    b[4] = 2;
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadVersion(2)
    );
    let mut b = good;
    b[5] = 2;
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadHashVersion(2)
    );
}

#[test]
fn a_chunk_offset_past_the_file_or_backwards_is_refused() {
    let good = build(&sample(), true);
    let mut b = good.clone();
    // OIDL's offset (second entry) far past the end
    b[HEADER_LEN + CHUNK_ENTRY_LEN + 4..HEADER_LEN + 2 * CHUNK_ENTRY_LEN]
        .copy_from_slice(&u64::MAX.to_be_bytes());
    assert!(matches!(
        parse(resealed(b)),
        Err(GraphErrorKind::BadChunkOffset { .. })
    ));
    let mut b = good;
    // CDAT's offset before OIDL's
    b[HEADER_LEN + 2 * CHUNK_ENTRY_LEN + 4..HEADER_LEN + 3 * CHUNK_ENTRY_LEN]
        .copy_from_slice(&20u64.to_be_bytes());
    assert!(matches!(
        parse(resealed(b)),
        Err(GraphErrorKind::BadChunkOffset { .. })
    ));
}

#[test]
fn a_missing_chunk_or_a_chunk_of_the_wrong_size_is_refused() {
    let mut b = build(&sample(), true);
    b[HEADER_LEN + 2 * CHUNK_ENTRY_LEN..HEADER_LEN + 2 * CHUNK_ENTRY_LEN + 4]
        .copy_from_slice(b"XXXX");
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::MissingChunk { chunk: CDAT }
    );
    // one commit fewer in the fan-out: OIDL is then too long
    let mut b = build(&sample(), true);
    let oidf = chunk_offset(&b, OIDF);
    for bucket in 0x50..256 {
        b[oidf + bucket * 4..oidf + bucket * 4 + 4].copy_from_slice(&4u32.to_be_bytes());
    }
    assert!(matches!(
        parse(resealed(b)),
        Err(GraphErrorKind::ChunkSize { chunk: OIDL, .. })
    ));
}

#[test]
fn a_decreasing_fanout_is_refused() {
    let mut b = build(&sample(), true);
    let oidf = chunk_offset(&b, OIDF);
    b[oidf + 0x15 * 4..oidf + 0x16 * 4].copy_from_slice(&9u32.to_be_bytes());
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::FanoutOutOfOrder { at: 0x16 }
    );
}

#[test]
fn a_fanout_that_disagrees_with_the_ids_is_refused() {
    let mut b = build(&sample(), true);
    let oidf = chunk_offset(&b, OIDF);
    // bucket 0x10 claims no commit although 0x10… is there
    b[oidf + 0x10 * 4..oidf + 0x11 * 4].copy_from_slice(&0u32.to_be_bytes());
    assert!(matches!(
        parse(resealed(b)),
        Err(GraphErrorKind::FanoutDisagrees { .. })
    ));
}

#[test]
fn a_fanout_that_undercounts_the_last_bucket_is_refused() {
    // found by the commit_graph fuzzer: fan-out[0x50] = 4 left the last id unreachable
    let mut b = build(&sample(), true);
    let oidf = chunk_offset(&b, OIDF);
    b[oidf + 0x50 * 4..oidf + 0x51 * 4].copy_from_slice(&4u32.to_be_bytes());
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::FanoutDisagrees { position: 5 }
    );
}

#[test]
fn ids_out_of_order_are_refused() {
    let mut b = build(&sample(), true);
    let oidl = chunk_offset(&b, OIDL);
    let first = b[oidl..oidl + 20].to_vec();
    b[oidl + 20..oidl + 40].copy_from_slice(&first); // the second id repeats the first
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::IdsNotSorted { position: 1 }
    );
}

#[test]
fn a_parent_position_past_the_graph_is_refused() {
    let mut b = build(&sample(), true);
    let cdat = chunk_offset(&b, CDAT);
    b[cdat + CDAT_LEN + 20..cdat + CDAT_LEN + 24].copy_from_slice(&5u32.to_be_bytes());
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadParent { position: 1 }
    );
}

#[test]
fn an_octopus_list_running_off_edge_is_refused() {
    let mut b = build(&sample(), true);
    let edge = chunk_offset(&b, EDGE);
    // the last EDGE entry loses its end mark
    b[edge + 4..edge + 8].copy_from_slice(&3u32.to_be_bytes());
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadEdge { position: 4 }
    );
}

#[test]
fn a_generation_offset_outside_gdo2_is_refused() {
    let mut b = build(&sample(), true);
    let gda2 = chunk_offset(&b, GDA2);
    b[gda2..gda2 + 4].copy_from_slice(&TOP_BIT.to_be_bytes());
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadGenerationOffset { position: 0 }
    );
}

#[test]
fn a_flipped_byte_fails_the_checksum() {
    let mut b = build(&sample(), true);
    let cdat = chunk_offset(&b, CDAT);
    b[cdat + 30] ^= 1; // a date bit: every structural check still passes
    assert!(matches!(
        parse(b),
        Err(GraphErrorKind::ChecksumMismatch { .. })
    ));
}

#[test]
fn a_truncated_file_is_refused_without_panic() {
    let good = build(&sample(), true);
    for len in 0..good.len() {
        assert!(parse(good[..len].to_vec()).is_err(), "{len}");
    }
}

#[test]
fn a_chain_longer_than_the_limit_is_refused() {
    let line = format!("{}\n", "ab".repeat(20));
    let chain = line.repeat(3);
    assert_eq!(
        crate::graph::commit_graph::parse_chain(chain.as_bytes(), 2).unwrap_err(),
        GraphErrorKind::ChainTooLong { limit: 2 }
    );
    assert_eq!(
        crate::graph::commit_graph::parse_chain(chain.as_bytes(), 3)
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        crate::graph::commit_graph::parse_chain(b"xyz\n", 3).unwrap_err(),
        GraphErrorKind::BadChainLine { line: 1 }
    );
}

#[test]
fn octopus_lists_shared_or_entered_midway_are_checked_once_each_entry() {
    let mut b = build(&sample(), true);
    let cdat = chunk_offset(&b, CDAT);
    let edge = chunk_offset(&b, EDGE);
    // the merge at position 3 shares the octopus's list from its second entry
    let p2 = cdat + 3 * CDAT_LEN + 24;
    b[p2..p2 + 4].copy_from_slice(&(1 | TOP_BIT).to_be_bytes());
    let graph = CommitGraph::from_layers(vec![parse(resealed(b.clone())).unwrap()]).unwrap();
    let merge = graph.lookup(&ObjectId::from_raw(id(0x40))).unwrap();
    let ids =
        |ns: &[u8]| -> Vec<ObjectId> { ns.iter().map(|&n| ObjectId::from_raw(id(n))).collect() };
    assert_eq!(merge.parents, ids(&[0x20, 0x40]));
    let octopus = graph.lookup(&ObjectId::from_raw(id(0x50))).unwrap();
    assert_eq!(octopus.parents, ids(&[0x20, 0x30, 0x40]));
    // a bad entry before the shared part condemns only the list that runs through it
    b[edge..edge + 4].copy_from_slice(&99u32.to_be_bytes());
    assert_eq!(
        parse(resealed(b.clone())).unwrap_err(),
        GraphErrorKind::BadEdge { position: 4 }
    );
    // a bad entry in the shared part condemns the first commit that reaches it
    b[edge..edge + 4].copy_from_slice(&2u32.to_be_bytes());
    b[edge + 4..edge + 8].copy_from_slice(&(99 | TOP_BIT).to_be_bytes());
    assert_eq!(
        parse(resealed(b)).unwrap_err(),
        GraphErrorKind::BadEdge { position: 3 }
    );
}

#[test]
fn many_commits_sharing_one_long_octopus_list_parse() {
    // 2,000 commits all naming one 100,000-entry EDGE list: checked once, not once a commit
    let n = 2000u32;
    let commits: Vec<C> = (0..n)
        .map(|i| {
            let mut raw = [0u8; 20];
            raw[..4].copy_from_slice(&i.to_be_bytes());
            let parents = match i {
                0 => vec![],
                1 => vec![0; 100_001],
                _ => vec![0, 0],
            };
            C {
                id: raw,
                parents,
                date: 1,
                level: 1,
            }
        })
        .collect();
    let mut b = build(&commits, false);
    let cdat = chunk_offset(&b, CDAT);
    for i in 2..n as usize {
        let p2 = cdat + i * CDAT_LEN + 24;
        b[p2..p2 + 4].copy_from_slice(&TOP_BIT.to_be_bytes());
    }
    let graph = CommitGraph::from_layers(vec![parse(resealed(b)).unwrap()]).unwrap();
    let mut last = [0u8; 20];
    last[..4].copy_from_slice(&(n - 1).to_be_bytes());
    let tip = graph.lookup(&ObjectId::from_raw(last)).unwrap();
    assert_eq!(tip.parents.len(), 100_001);
}
