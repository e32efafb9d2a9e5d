//! Counting: each object's kind and size, where a source pack holds it, and which stored
//! deltas can be copied as they are (their base goes into the pack too, or is a preferred base
//! of a thin pack), with chains cut where they would loop or run deeper than `--depth`.

use super::{PackObject, PackOptions, PackWriteError, Phase, Progress};
use crate::error::{Error, Result};
use crate::graph::IdMap;
use crate::object::Kind;
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pack::{EntryKind, Pack};
use std::collections::HashSet;
use std::sync::Arc;

/// One object of the pack (or a preferred base, which is never written).
#[derive(Debug)]
pub(crate) struct Entry {
    pub id: ObjectId,
    pub kind: Kind,
    /// The object's size (for a delta copied from a source pack, the delta's: see
    /// [`Plan::settle_sizes`]).
    pub size: u64,
    pub name_hash: u32,
    /// A base the reader has: a delta base, never written.
    pub preferred_base: bool,
    /// A tag points at it.
    pub tagged: bool,
    /// Where a source pack holds it, if reuse is on.
    pub source: Option<Source>,
    /// How it is stored as a delta, once decided.
    pub delta: Option<Delta>,
    /// Length of its delta chain (0 for a whole object).
    pub depth: u32,
}

/// An object's entry in a source pack (what copying it needs, kept small: there is one per
/// object packed).
#[derive(Debug)]
pub(crate) struct Source {
    /// Offset of the entry's header.
    pub offset: u64,
    /// Bytes the entry takes, header included.
    pub size_in_pack: u64,
    /// The inflated size of what the entry holds: the object's, or the delta's.
    pub stored_size: u64,
    /// The CRC32 the source `.idx` lists (version 2).
    pub crc32: Option<u32>,
    /// Index into [`Plan::packs`].
    pub pack: u32,
    /// Length of the entry's header; its zlib stream follows.
    pub header_len: u32,
    /// The kind of the whole object stored; `None` for a delta.
    pub whole: Option<Kind>,
}

impl Source {
    /// Whether the entry is a delta.
    pub fn is_delta(&self) -> bool {
        self.whole.is_none()
    }
}

/// An entry stored as a delta.
#[derive(Debug)]
pub(crate) struct Delta {
    /// Index of the base in [`Plan::entries`].
    pub base: usize,
    pub data: DeltaData,
}

#[derive(Debug)]
pub(crate) enum DeltaData {
    /// The source pack's delta, copied.
    Reused,
    /// A new delta: its inflated size, and where its deflated bytes sit in
    /// [`Plan::arenas`] (one buffer per search thread rather than one per delta).
    Computed {
        size: u64,
        arena: usize,
        start: usize,
        end: usize,
    },
}

/// Everything known about the objects before writing.
pub(crate) struct Plan {
    /// The objects to write, in the order given, then the preferred bases.
    pub entries: Vec<Entry>,
    /// How many of `entries` are written.
    pub written: usize,
    pub packs: Vec<Arc<Pack>>,
    /// The deflated new deltas, one buffer per search thread.
    pub arenas: Vec<Vec<u8>>,
}

impl Plan {
    /// The deflated bytes of a computed delta.
    pub fn computed(&self, arena: usize, start: usize, end: usize) -> &[u8] {
        self.arenas
            .get(arena)
            .and_then(|a| a.get(start..end))
            .unwrap_or(&[])
    }

    /// Whether a tag points at entry `i`.
    pub fn tagged(&self, i: usize) -> bool {
        self.entries[i].tagged
    }

    /// Counts `objects` (duplicates ignored, as git does) and, for a thin pack, the `bases`
    /// the odb has that are not written.
    pub fn count(
        odb: &Odb,
        objects: &[PackObject],
        bases: &[PackObject],
        options: &PackOptions,
        tagged: Option<&HashSet<ObjectId>>,
        progress: &dyn Progress,
    ) -> Result<Plan> {
        let packs = if options.reuse_object {
            odb.packs()
        } else {
            Vec::new()
        };
        let mut seen: IdMap<usize> =
            IdMap::with_capacity_and_hasher(objects.len(), Default::default());
        let mut entries = Vec::with_capacity(objects.len());
        let total = objects.len() as u64;
        for (n, object) in objects.iter().enumerate() {
            match seen.entry(object.id) {
                std::collections::hash_map::Entry::Occupied(_) => continue,
                std::collections::hash_map::Entry::Vacant(v) => v.insert(entries.len()),
            };
            let mut entry = count_one(odb, &packs, object, false)?
                .ok_or(Error::ObjectNotFound { id: object.id })?;
            entry.tagged = tagged.is_some_and(|t| t.contains(&object.id));
            entries.push(entry);
            if n % 1024 == 0 {
                progress.update(Phase::Counting, n as u64, total);
            }
        }
        progress.finish(Phase::Counting, entries.len() as u64);
        if u32::try_from(entries.len()).is_err() {
            return Err(PackWriteError::TooManyObjects(entries.len()).into());
        }
        let written = entries.len();
        if options.thin {
            for base in bases {
                if seen.contains_key(&base.id) {
                    continue;
                }
                if let Some(e) = count_one(odb, &packs, base, true)? {
                    seen.insert(base.id, entries.len());
                    entries.push(e);
                }
            }
        }
        let mut plan = Plan {
            entries,
            written,
            packs,
            arenas: Vec::new(),
        };
        if options.reuse_delta && options.reuse_object {
            plan.reuse_deltas(&seen, options.depth)?;
        }
        plan.settle_sizes(odb)?;
        Ok(plan)
    }

    /// Gives the entries a source pack stores as deltas but that are not written as those
    /// deltas their object's own kind and size (the delta search needs them), read now: a
    /// delta that is copied needs neither, which spares inflating the start of every one.
    fn settle_sizes(&mut self, odb: &Odb) -> Result<()> {
        for e in &mut self.entries {
            let stored_as_delta = e.source.as_ref().is_some_and(Source::is_delta);
            if stored_as_delta && e.delta.is_none() {
                let h = odb
                    .try_read_header(&e.id)?
                    .ok_or(Error::ObjectNotFound { id: e.id })?;
                (e.kind, e.size) = (h.kind, h.size);
            }
        }
        Ok(())
    }

    /// Takes the source packs' deltas whose base is in the plan, then cuts loops and chains
    /// deeper than `max_depth`.
    fn reuse_deltas(&mut self, index: &IdMap<usize>, max_depth: usize) -> Result<()> {
        for i in 0..self.written {
            let Some(s) = self.entries[i].source.as_ref().filter(|s| s.is_delta()) else {
                continue;
            };
            let pack = &self.packs[s.pack as usize];
            let base = match pack.data()?.entry_header(s.offset)?.kind {
                EntryKind::Base(_) => None,
                EntryKind::OfsDelta { base_offset } => pack.id_at_offset(base_offset)?,
                EntryKind::RefDelta { base } => Some(base),
            };
            if let Some(&b) = base.as_ref().and_then(|b| index.get(b)) {
                self.entries[i].delta = Some(Delta {
                    base: b,
                    data: DeltaData::Reused,
                });
            }
        }
        self.settle_depths(max_depth);
        Ok(())
    }

    /// Gives every entry its chain depth, dropping the deltas that close a loop or exceed
    /// `max_depth`.
    fn settle_depths(&mut self, max_depth: usize) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Unknown,
            OnPath,
            Done,
        }
        let mut state = vec![State::Unknown; self.entries.len()];
        let mut path = Vec::new();
        for start in 0..self.entries.len() {
            let mut cur = start;
            loop {
                match state[cur] {
                    State::Done => break,
                    State::OnPath => {
                        self.entries[cur].delta = None;
                        self.entries[cur].depth = 0;
                        state[cur] = State::Done;
                        break;
                    }
                    State::Unknown => {}
                }
                state[cur] = State::OnPath;
                path.push(cur);
                match &self.entries[cur].delta {
                    Some(d) => cur = d.base,
                    None => break,
                }
            }
            while let Some(p) = path.pop() {
                if state[p] == State::Done {
                    continue;
                }
                let depth = match &self.entries[p].delta {
                    Some(d) => self.entries[d.base].depth + 1,
                    None => 0,
                };
                if depth as usize > max_depth {
                    self.entries[p].delta = None;
                    self.entries[p].depth = 0;
                } else {
                    self.entries[p].depth = depth;
                }
                state[p] = State::Done;
            }
        }
    }
}

/// Kind, size and source of one object; `None` if the odb does not have it. For an object a
/// source pack stores as a delta, the size is the delta's until [`Plan::settle_sizes`], and
/// the kind the caller's, if it gave one.
fn count_one(
    odb: &Odb,
    packs: &[Arc<Pack>],
    object: &PackObject,
    preferred_base: bool,
) -> Result<Option<Entry>> {
    let mut source = None;
    for (n, pack) in packs.iter().enumerate() {
        if let Some(pos) = pack.index().lookup(&object.id) {
            source = locate(pack, n, pos)?;
            break;
        }
    }
    let kind = match &source {
        Some(s) => match (s.whole, object.kind) {
            (Some(kind), _) | (None, Some(kind)) => Some(kind),
            (None, None) => packs[s.pack as usize].kind_at_offset(s.offset)?,
        },
        None => None,
    };
    let (kind, size) = match (kind, &source) {
        (Some(kind), Some(s)) => (kind, s.stored_size),
        _ => match odb.try_read_header(&object.id)? {
            Some(h) => (h.kind, h.size),
            None => return Ok(None),
        },
    };
    Ok(Some(Entry {
        id: object.id,
        kind,
        size,
        name_hash: object.name_hash,
        preferred_base,
        tagged: false,
        source,
        delta: None,
        depth: 0,
    }))
}

/// The entry of the `pos`-th object of `pack` (number `n` of the plan's packs); `None` when
/// it does not fit a [`Source`] (it is then compressed anew).
fn locate(pack: &Pack, n: usize, pos: usize) -> Result<Option<Source>> {
    let offset = pack.index().offset_at(pos)?;
    let header = pack.data()?.entry_header(offset)?;
    let (Ok(n), Ok(header_len)) = (u32::try_from(n), u32::try_from(header.header_len)) else {
        return Ok(None);
    };
    Ok(Some(Source {
        offset,
        size_in_pack: pack.entry_len(offset)?,
        stored_size: header.size,
        crc32: pack.index().crc32_at(pos),
        pack: n,
        header_len,
        whole: match header.kind {
            EntryKind::Base(kind) => Some(kind),
            _ => None,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(bases: &[Option<usize>]) -> Plan {
        let entries = bases
            .iter()
            .enumerate()
            .map(|(i, b)| Entry {
                id: ObjectId::from_raw([i as u8; 20]),
                kind: Kind::Blob,
                size: 100,
                name_hash: 0,
                preferred_base: false,
                tagged: false,
                source: None,
                delta: b.map(|base| Delta {
                    base,
                    data: DeltaData::Reused,
                }),
                depth: 0,
            })
            .collect();
        Plan {
            entries,
            written: bases.len(),
            packs: Vec::new(),
            arenas: Vec::new(),
        }
    }

    fn bases(p: &Plan) -> Vec<Option<usize>> {
        p.entries
            .iter()
            .map(|e| e.delta.as_ref().map(|d| d.base))
            .collect()
    }

    #[test]
    fn a_delta_loop_across_packs_is_cut_once() {
        // 0 -> 1 -> 2 -> 0, and 3 -> 1
        let mut p = plan(&[Some(1), Some(2), Some(0), Some(1)]);
        p.settle_depths(50);
        let b = bases(&p);
        assert_eq!(b.iter().filter(|x| x.is_none()).count(), 1, "{b:?}");
        for e in &p.entries {
            if let Some(d) = &e.delta {
                assert_eq!(e.depth, p.entries[d.base].depth + 1);
            }
        }
    }

    #[test]
    fn chains_deeper_than_the_limit_are_cut() {
        // a chain 0 <- 1 <- 2 <- 3 <- 4
        let mut p = plan(&[None, Some(0), Some(1), Some(2), Some(3)]);
        p.settle_depths(2);
        let depths: Vec<u32> = p.entries.iter().map(|e| e.depth).collect();
        assert!(depths.iter().all(|&d| d <= 2), "{depths:?}");
        assert_eq!(depths, [0, 1, 2, 0, 1]);
    }
}
