//! The delta search, after git's `find_deltas`: candidates sorted by kind, path-name hash and
//! size (largest first, so a delta mostly removes data), each tried against the objects before
//! it in a sliding window, keeping the smallest delta within git's size limits and `--depth`.
//! Objects are read only when a comparison needs them, and a pair a source pack already
//! stores undeltified is not tried again (git's rule when reusing deltas).
//!
//! The sorted list is cut into one run per thread at path-hash boundaries; each thread keeps
//! its own window and its own buffer of deflated deltas, so results do not depend on timing.

use super::diff_delta::DeltaIndex;
use super::entry::Deflater;
use super::plan::{Delta, DeltaData, Plan};
use super::{PackOptions, Phase, Progress};
use crate::error::Result;
use crate::object::Kind;
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

/// Objects smaller than this are never deltified (git's threshold).
const MIN_SIZE: u64 = 50;
/// Objects larger than this are neither deltified nor bases (git's `core.bigFileThreshold`).
const BIG_FILE: u64 = 512 << 20;

/// A candidate as the search sees it.
#[derive(Clone, Copy)]
struct Candidate {
    entry: usize,
    id: ObjectId,
    kind: Kind,
    name_hash: u32,
    preferred_base: bool,
    size: u64,
    /// The source pack holding it, if any, and whether whole there.
    in_pack: Option<(usize, bool)>,
    /// The longest chain of reused deltas already based on it: a delta for it may go only
    /// this much less deep (git's `check_delta_limit`).
    below: u32,
}

/// The search's verdict for one entry; its delta is `start..end` of the run's buffer.
struct Found {
    entry: usize,
    base: usize,
    depth: u32,
    size: u64,
    start: usize,
    end: usize,
}

/// Finds deltas for the entries of `plan` that have none yet, and records them.
pub(crate) fn find_deltas(
    odb: &Odb,
    plan: &mut Plan,
    options: &PackOptions,
    progress: &dyn Progress,
) -> Result<()> {
    let below = reused_chains_below(plan);
    let mut list: Vec<Candidate> = plan
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.delta.is_none() && e.size >= MIN_SIZE && e.size <= BIG_FILE)
        .map(|(i, e)| Candidate {
            entry: i,
            id: e.id,
            kind: e.kind,
            name_hash: e.name_hash,
            preferred_base: e.preferred_base,
            size: e.size,
            in_pack: e.source.as_ref().map(|s| (s.pack as usize, !s.is_delta())),
            below: below[i],
        })
        .collect();
    let total = list.iter().filter(|c| !c.preferred_base).count() as u64;
    if options.window <= 1 || options.depth == 0 || total == 0 {
        return Ok(());
    }
    list.sort_by(|a, b| {
        (
            b.kind.pack_code(),
            b.name_hash,
            b.preferred_base,
            b.size,
            a.entry,
        )
            .cmp(&(
                a.kind.pack_code(),
                a.name_hash,
                a.preferred_base,
                a.size,
                b.entry,
            ))
    });
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let runs = split(&list, threads, options.window);
    let done = AtomicU64::new(0);
    let search = |run: &[Candidate]| search_run(odb, run, options, progress, &done, total);
    let results: Vec<Result<(Vec<Found>, Vec<u8>)>> = if runs.len() == 1 {
        vec![search(&list)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = runs.iter().map(|run| s.spawn(|| search(run))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
    for result in results {
        let (found, arena) = result?;
        let arena_at = plan.arenas.len();
        plan.arenas.push(arena);
        for f in found {
            let e = &mut plan.entries[f.entry];
            e.depth = f.depth;
            e.delta = Some(Delta {
                base: f.base,
                data: DeltaData::Computed {
                    size: f.size,
                    arena: arena_at,
                    start: f.start,
                    end: f.end,
                },
            });
        }
    }
    progress.finish(Phase::Compressing, total);
    Ok(())
}

/// For each entry, the longest chain of (reused) deltas hanging below it.
fn reused_chains_below(plan: &Plan) -> Vec<u32> {
    let mut below = vec![0u32; plan.entries.len()];
    let mut deltas: Vec<usize> = (0..plan.entries.len())
        .filter(|&i| plan.entries[i].delta.is_some())
        .collect();
    // a delta is deeper than its base: deepest first settles every child before its base
    deltas.sort_by_key(|&i| std::cmp::Reverse(plan.entries[i].depth));
    for i in deltas {
        if let Some(d) = &plan.entries[i].delta {
            below[d.base] = below[d.base].max(below[i] + 1);
        }
    }
    below
}

/// Cuts `list` into about `threads` runs, each ending where the path hash changes (git's
/// `ll_find_deltas`), none shorter than a few windows.
fn split(list: &[Candidate], threads: usize, window: usize) -> Vec<&[Candidate]> {
    let chunk = (list.len() / threads.max(1)).max(window * 4).max(1);
    let mut runs = Vec::new();
    let mut rest = list;
    while rest.len() > chunk {
        let mut end = chunk;
        while end < rest.len() && rest[end].name_hash == rest[end - 1].name_hash {
            end += 1;
        }
        let (run, tail) = rest.split_at(end);
        runs.push(run);
        rest = tail;
    }
    if !rest.is_empty() {
        runs.push(rest);
    }
    runs
}

/// One window slot: an object (read on first need), its index once built, its chain depth.
struct Slot {
    candidate: Candidate,
    data: Option<Vec<u8>>,
    index: Option<DeltaIndex>,
    depth: u32,
}

/// The best delta found so far for the object being searched.
struct Best {
    base: usize,
    base_depth: u32,
    delta: Vec<u8>,
}

/// Object buffers handed back and forth, so big reads reuse memory instead of fragmenting it.
#[derive(Default)]
struct Buffers(Vec<Vec<u8>>);

impl Buffers {
    fn read(&mut self, odb: &Odb, id: &ObjectId) -> Result<Vec<u8>> {
        let mut buf = self.0.pop().unwrap_or_default();
        odb.read_to(id, &mut buf)?;
        Ok(buf)
    }

    fn give_back(&mut self, slot: Slot) {
        if let Some(d) = slot.data {
            self.0.push(d);
        }
    }
}

fn search_run(
    odb: &Odb,
    run: &[Candidate],
    options: &PackOptions,
    progress: &dyn Progress,
    done: &AtomicU64,
    total: u64,
) -> Result<(Vec<Found>, Vec<u8>)> {
    let max_depth = options.depth as u64;
    let mut window: VecDeque<Slot> = VecDeque::with_capacity(options.window);
    let mut found = Vec::new();
    let mut arena = Vec::new();
    let mut deflater = Deflater::new(options.compression);
    let mut buffers = Buffers::default();
    for c in run {
        let mut data: Option<Vec<u8>> = None;
        let mut best: Option<Best> = None;
        let room = max_depth.saturating_sub(u64::from(c.below));
        if !c.preferred_base {
            for slot in window.iter_mut().rev() {
                if slot.candidate.kind != c.kind {
                    break;
                }
                if same_pack_said_no(c, slot, options) {
                    continue;
                }
                if worth_trying(c, slot, best.as_ref(), room).is_none() {
                    continue;
                }
                if data.is_none() {
                    data = Some(buffers.read(odb, &c.id)?);
                }
                if slot.data.is_none() {
                    slot.data = Some(buffers.read(odb, &slot.candidate.id)?);
                }
                let target = data.as_deref().unwrap_or(&[]);
                if let Some(b) = try_delta(c, target, slot, best.as_ref(), room) {
                    best = Some(b);
                }
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n % 64 == 0 {
                progress.update(Phase::Compressing, n, total);
            }
        }
        let depth = best.as_ref().map_or(0, |b| b.base_depth + 1);
        if let Some(b) = best {
            let start = arena.len();
            deflater.deflate_into(&b.delta, &mut arena);
            found.push(Found {
                entry: c.entry,
                base: b.base,
                depth,
                size: b.delta.len() as u64,
                start,
                end: arena.len(),
            });
        }
        // an object at the greatest depth can base nothing: keep it out of the window
        if u64::from(depth) < max_depth {
            if window.len() + 1 >= options.window {
                if let Some(old) = window.pop_front() {
                    buffers.give_back(old);
                }
            }
            window.push_back(Slot {
                candidate: *c,
                data,
                index: None,
                depth,
            });
        } else if let Some(d) = data {
            buffers.0.push(d);
        }
    }
    Ok((found, arena))
}

/// git skips a pair when reusing deltas and the target sits undeltified in the same source
/// pack as the base: that pack's writer already found no delta between them worth keeping.
fn same_pack_said_no(target: &Candidate, slot: &Slot, options: &PackOptions) -> bool {
    options.reuse_delta
        && !slot.candidate.preferred_base
        && matches!((target.in_pack, slot.candidate.in_pack),
            (Some((t, true)), Some((s, _))) if t == s)
}

/// The size a delta of `target` against `slot` may take, if the pair passes git's cheap
/// filters (depth, size difference, a base far bigger than the target).
fn worth_trying(
    target: &Candidate,
    slot: &Slot,
    best: Option<&Best>,
    max_depth: u64,
) -> Option<u64> {
    let src_depth = u64::from(slot.depth);
    if src_depth >= max_depth {
        return None;
    }
    let trg_size = target.size;
    let src_size = slot.candidate.size;
    let (max_size, ref_depth) = match best {
        None => ((trg_size / 2).saturating_sub(20), 1),
        Some(b) => (b.delta.len() as u64, u64::from(b.base_depth) + 1),
    };
    let max_size = max_size * (max_depth - src_depth) / (max_depth - ref_depth + 1);
    if max_size == 0 || trg_size.saturating_sub(src_size) >= max_size || trg_size < src_size / 32 {
        return None;
    }
    Some(max_size)
}

/// git's `try_delta`: a delta of `target` against `slot`'s object if it beats `best` within
/// the size limit, which shrinks as the base's chain grows deeper.
fn try_delta(
    target: &Candidate,
    data: &[u8],
    slot: &mut Slot,
    best: Option<&Best>,
    max_depth: u64,
) -> Option<Best> {
    let max_size = worth_trying(target, slot, best, max_depth)?;
    let base = slot.data.as_deref()?;
    let index = slot.index.get_or_insert_with(|| DeltaIndex::new(base));
    let delta = index.encode(base, data, usize::try_from(max_size).unwrap_or(usize::MAX))?;
    if let Some(b) = best {
        if delta.len() > b.delta.len()
            || (delta.len() == b.delta.len() && slot.depth >= b.base_depth)
        {
            return None;
        }
    }
    Some(Best {
        base: slot.candidate.entry,
        base_depth: slot.depth,
        delta,
    })
}
