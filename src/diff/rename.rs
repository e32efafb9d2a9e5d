//! Renames: a deleted entry and an added one paired into one [`Change::Renamed`], as git's
//! `diffcore-rename` pairs them for `-M`: first entries naming the same object
//! (`find_exact_renames`), then files whose unique names match and whose contents are
//! similar enough (`find_basename_matches`), then the most similar pairs of what is left.

use super::similar::{Counts, MAX_SCORE};
use super::{Change, DiffError, DiffErrorKind, Side};
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::collections::HashMap;

/// How many equally good sources git looks at for one destination before taking the best so far.
const MAX_CANDIDATES: usize = 100;

/// How many candidate sources git keeps for each destination when it compares contents.
const CANDIDATES_PER_DESTINATION: usize = 4;

/// How renames are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renames {
    /// The least similarity, in percent, for an edited file to count as renamed (git's `-M`
    /// takes 50); 100 pairs exact renames only.
    pub min_similarity: u8,
    /// git's `diff.renameLimit`: when more than this many squared pairs of files would have
    /// their contents compared, only exact renames are paired; 0 for no limit.
    pub limit: usize,
}

impl Renames {
    /// Exact renames only: the same object under another path.
    pub fn exact() -> Renames {
        Renames {
            min_similarity: 100,
            limit: 0,
        }
    }
}

impl Default for Renames {
    /// git's `-M`: 50% similar, `diff.renameLimit` 1000.
    fn default() -> Renames {
        Renames {
            min_similarity: 50,
            limit: 1000,
        }
    }
}

/// `changes` (in git's order) with exact renames paired: each added entry, in order, takes
/// the first unused deleted entry with the same id whose mode fits (both regular files, or
/// the same mode), preferring one with the same file name; the pair takes the added entry's
/// place and the deleted entry goes.
///
/// ```
/// use gitstore::diff::{pair_exact_renames, Change, Side};
/// use gitstore::object::EntryMode;
/// use gitstore::ObjectId;
///
/// let side = Side { mode: EntryMode::BLOB, id: ObjectId::from_raw([7; 20]) };
/// let changes = vec![
///     Change::Deleted { path: "a/x".into(), old: side },
///     Change::Deleted { path: "b/name".into(), old: side },
///     Change::Added { path: "c/name".into(), new: side },
/// ];
/// let paired = pair_exact_renames(changes);
/// assert!(matches!(&paired[..], [
///     Change::Deleted { path: a, .. },
///     Change::Renamed { source, path, similarity: 100, .. },
/// ] if a == "a/x" && source == "b/name" && path == "c/name"));
/// ```
pub fn pair_exact_renames(changes: Vec<Change>) -> Vec<Change> {
    let mut pairing = Pairing::new(&changes);
    pairing.exact(&changes);
    pairing.apply(changes)
}

/// What [`pair_renames`] made of a list of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paired {
    /// The changes, renames paired.
    pub changes: Vec<Change>,
    /// Whether [`Renames::limit`] was checked, and the limit contents comparison would have
    /// needed: `Some(0)` when it was within the limit, `Some(n)` when it stopped at the limit
    /// (git's `needed_rename_limit`, which git warns about), `None` when there was nothing
    /// left to compare.
    pub needed_limit: Option<usize>,
}

/// `changes` with renames paired as `renames` asks: exact ones first (see
/// [`pair_exact_renames`]), then, for regular files, by similarity of content (git's
/// estimate: how much of the larger file's bytes, in lines of at most 64 bytes, the new file
/// kept), reading the blobs from `odb`.
pub fn pair_renames(
    odb: &Odb,
    changes: Vec<Change>,
    renames: &Renames,
) -> Result<Paired, DiffError> {
    let mut pairing = Pairing::new(&changes);
    pairing.exact(&changes);
    if renames.min_similarity < 100 {
        let min_score = u64::from(renames.min_similarity) * MAX_SCORE / 100;
        let mut contents = Contents {
            odb,
            counts: HashMap::new(),
        };
        pairing.by_basename(
            &changes,
            &mut contents,
            min_score + (MAX_SCORE - min_score) / 2,
        )?;
        pairing.by_similarity(&changes, &mut contents, min_score, renames.limit)?;
    }
    let needed_limit = pairing.needed_limit;
    Ok(Paired {
        changes: pairing.apply(changes),
        needed_limit,
    })
}

/// Which added entry comes from which deleted one, by index into the changes.
struct Pairing {
    sources: Vec<usize>,
    destinations: Vec<usize>,
    /// For an added entry's index: the deleted entry's index and the score.
    source_of: HashMap<usize, (usize, u64)>,
    used: HashMap<usize, bool>,
    needed_limit: Option<usize>,
}

impl Pairing {
    fn new(changes: &[Change]) -> Pairing {
        let mut sources = Vec::new();
        let mut destinations = Vec::new();
        for (i, change) in changes.iter().enumerate() {
            match change {
                Change::Deleted { .. } => sources.push(i),
                Change::Added { .. } => destinations.push(i),
                _ => {}
            }
        }
        Pairing {
            sources,
            destinations,
            source_of: HashMap::new(),
            used: HashMap::new(),
            needed_limit: None,
        }
    }

    fn record(&mut self, destination: usize, source: usize, score: u64) {
        self.used.insert(source, true);
        self.source_of.insert(destination, (source, score));
    }

    fn is_used(&self, source: usize) -> bool {
        self.used.get(&source).copied().unwrap_or(false)
    }

    /// git's `find_exact_renames`.
    fn exact(&mut self, changes: &[Change]) {
        if self.sources.is_empty() {
            return;
        }
        let mut by_id: HashMap<ObjectId, Vec<usize>> = HashMap::new();
        for &s in &self.sources {
            if let Some(old) = changes.get(s).and_then(Change::before) {
                by_id.entry(old.id).or_default().push(s);
            }
        }
        for d in self.destinations.clone() {
            let Some(Change::Added { path, new }) = changes.get(d) else {
                continue;
            };
            let Some(candidates) = by_id.get(&new.id) else {
                continue;
            };
            let mut best: Option<(usize, u8)> = None;
            let mut left = MAX_CANDIDATES;
            for &s in candidates {
                let Some(Change::Deleted {
                    path: old_path,
                    old,
                }) = changes.get(s)
                else {
                    continue;
                };
                if !modes_fit(old, new) || self.is_used(s) {
                    continue;
                }
                let score = 1 + u8::from(same_basename(old_path, path));
                if best.map_or(true, |(_, b)| score > b) {
                    best = Some((s, score));
                    if score == 2 {
                        break;
                    }
                }
                left -= 1;
                if left == 0 {
                    break;
                }
            }
            if let Some((s, _)) = best {
                self.record(d, s, MAX_SCORE);
            }
        }
    }

    /// Sources and destinations still unpaired.
    fn left(&self) -> (Vec<usize>, Vec<usize>) {
        let sources = self
            .sources
            .iter()
            .copied()
            .filter(|&s| !self.is_used(s))
            .collect();
        let destinations = self
            .destinations
            .iter()
            .copied()
            .filter(|d| !self.source_of.contains_key(d))
            .collect();
        (sources, destinations)
    }

    /// git's `find_basename_matches`: a source whose file name no other source has, and a
    /// destination whose file name no other destination has, pair when similar enough.
    fn by_basename(
        &mut self,
        changes: &[Change],
        contents: &mut Contents<'_>,
        min_score: u64,
    ) -> Result<(), DiffError> {
        let (sources, destinations) = self.left();
        if sources.is_empty() || destinations.is_empty() {
            return Ok(());
        }
        let unique = |indices: &[usize]| {
            let mut map: HashMap<&[u8], Option<usize>> = HashMap::new();
            for &i in indices {
                let name = basename(changes.get(i).map_or(&[][..], |c| c.path()));
                map.entry(name).and_modify(|e| *e = None).or_insert(Some(i));
            }
            map
        };
        let unique_sources = unique(&sources);
        let unique_destinations = unique(&destinations);
        for &s in &sources {
            let name = basename(changes.get(s).map_or(&[][..], |c| c.path()));
            let (Some(Some(src)), Some(Some(d))) =
                (unique_sources.get(name), unique_destinations.get(name))
            else {
                continue;
            };
            if self.source_of.contains_key(d) {
                continue;
            }
            let score = contents.similarity(changes, *src, *d, min_score)?;
            if score >= min_score {
                self.record(*d, *src, score);
            }
        }
        Ok(())
    }

    /// git's similarity matrix: each destination keeps its best four sources; the pairs are
    /// then taken best first, each source and destination once.
    fn by_similarity(
        &mut self,
        changes: &[Change],
        contents: &mut Contents<'_>,
        min_score: u64,
        limit: usize,
    ) -> Result<(), DiffError> {
        let (sources, destinations) = self.left();
        if sources.is_empty() || destinations.is_empty() {
            return Ok(());
        }
        self.needed_limit = Some(0);
        if limit > 0
            && (destinations.len() as u128) * (sources.len() as u128)
                > (limit as u128) * (limit as u128)
        {
            self.needed_limit = Some(sources.len().max(destinations.len()));
            return Ok(());
        }
        let mut matrix: Vec<Candidate> = Vec::new();
        for &d in &destinations {
            let mut best: Vec<Candidate> = Vec::with_capacity(CANDIDATES_PER_DESTINATION);
            for &s in &sources {
                let score = contents.similarity(changes, s, d, min_score)?;
                let name_score = match (changes.get(s), changes.get(d)) {
                    (Some(a), Some(b)) => same_basename(a.path(), b.path()),
                    _ => false,
                };
                let candidate = Candidate {
                    source: s,
                    destination: d,
                    score,
                    name_score,
                };
                if best.len() < CANDIDATES_PER_DESTINATION {
                    best.push(candidate);
                    continue;
                }
                // replace the worst kept one (the first of equally bad ones) if this is better
                let mut worst = 0;
                for (i, c) in best.iter().enumerate().skip(1) {
                    if c.rank_cmp(&best[worst]).is_gt() {
                        worst = i;
                    }
                }
                if best[worst].rank_cmp(&candidate).is_gt() {
                    best[worst] = candidate;
                }
            }
            matrix.extend(best);
        }
        matrix.sort_by(Candidate::rank_cmp);
        for c in matrix {
            if c.score < min_score {
                break;
            }
            if self.source_of.contains_key(&c.destination) || self.is_used(c.source) {
                continue;
            }
            self.record(c.destination, c.source, c.score);
        }
        Ok(())
    }

    /// The changes with each paired added entry turned into a rename and its deleted entry
    /// dropped.
    fn apply(self, changes: Vec<Change>) -> Vec<Change> {
        if self.source_of.is_empty() {
            return changes;
        }
        let mut taken: HashMap<usize, (bstr::BString, Side)> = HashMap::new();
        for &(s, _) in self.source_of.values() {
            if let Some(Change::Deleted { path, old }) = changes.get(s) {
                taken.insert(s, (path.clone(), *old));
            }
        }
        let mut out = Vec::with_capacity(changes.len());
        for (i, change) in changes.into_iter().enumerate() {
            match change {
                Change::Deleted { .. } if taken.contains_key(&i) => {}
                Change::Added { path, new } => {
                    let paired = self
                        .source_of
                        .get(&i)
                        .and_then(|(s, score)| Some((taken.get(s)?, *score)));
                    match paired {
                        Some(((source, old), score)) => out.push(Change::Renamed {
                            source: source.clone(),
                            path,
                            old: *old,
                            new,
                            similarity: u8::try_from(score * 100 / MAX_SCORE).unwrap_or(100),
                        }),
                        None => out.push(Change::Added { path, new }),
                    }
                }
                other => out.push(other),
            }
        }
        out
    }
}

/// A possible pairing in the similarity matrix.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    source: usize,
    destination: usize,
    score: u64,
    name_score: bool,
}

impl Candidate {
    /// git's `score_compare`: higher scores first, then same file names first.
    fn rank_cmp(&self, other: &Candidate) -> std::cmp::Ordering {
        other
            .score
            .cmp(&self.score)
            .then(other.name_score.cmp(&self.name_score))
    }
}

/// Blob contents read for comparison, each counted once.
struct Contents<'o> {
    odb: &'o Odb,
    counts: HashMap<ObjectId, Counts>,
}

impl Contents<'_> {
    /// git's `estimate_similarity` of the deleted entry `s` and the added entry `d`: 0 unless
    /// both are regular files whose sizes are close enough for `min_score`.
    fn similarity(
        &mut self,
        changes: &[Change],
        s: usize,
        d: usize,
        min_score: u64,
    ) -> Result<u64, DiffError> {
        let (Some(Change::Deleted { path: sp, old }), Some(Change::Added { path: dp, new })) =
            (changes.get(s), changes.get(d))
        else {
            return Ok(0);
        };
        if !old.mode.is_blob() || !new.mode.is_blob() {
            return Ok(0);
        }
        let src_size = self.size(&old.id, sp)?;
        let dst_size = self.size(&new.id, dp)?;
        let max_size = src_size.max(dst_size);
        let delta = max_size - src_size.min(dst_size);
        if max_size * (MAX_SCORE - min_score) < delta * MAX_SCORE {
            return Ok(0);
        }
        self.count(&old.id, sp)?;
        self.count(&new.id, dp)?;
        let (Some(src), Some(dst)) = (self.counts.get(&old.id), self.counts.get(&new.id)) else {
            return Ok(0);
        };
        if dst_size == 0 {
            return Ok(0);
        }
        Ok(src.copied_into(dst) * MAX_SCORE / max_size)
    }

    fn size(&self, id: &ObjectId, path: &[u8]) -> Result<u64, DiffError> {
        if let Some(counts) = self.counts.get(id) {
            return Ok(counts.size);
        }
        match self.odb.try_read_header(id) {
            Ok(Some(header)) => Ok(header.size),
            Ok(None) => Err(DiffError::new(DiffErrorKind::Missing, *id, path)),
            Err(e) => Err(DiffError::new(
                DiffErrorKind::Read(Box::new(e.into())),
                *id,
                path,
            )),
        }
    }

    fn count(&mut self, id: &ObjectId, path: &[u8]) -> Result<(), DiffError> {
        if self.counts.contains_key(id) {
            return Ok(());
        }
        let mut data = Vec::new();
        match self.odb.try_read(id, &mut data) {
            Ok(Some(_)) => {}
            Ok(None) => return Err(DiffError::new(DiffErrorKind::Missing, *id, path)),
            Err(e) => {
                return Err(DiffError::new(
                    DiffErrorKind::Read(Box::new(e.into())),
                    *id,
                    path,
                ))
            }
        }
        self.counts.insert(*id, Counts::of(&data));
        Ok(())
    }
}

/// Regular files pair whatever their exec bits; anything else only with the same mode.
fn modes_fit(old: &Side, new: &Side) -> bool {
    (old.mode.is_blob() && new.mode.is_blob()) || old.mode == new.mode
}

/// The last component of a path.
fn basename(path: &[u8]) -> &[u8] {
    path.rsplit(|&c| c == b'/').next().unwrap_or(path)
}

/// Whether two paths end in the same file name (git's `basename_same`).
fn same_basename(a: &[u8], b: &[u8]) -> bool {
    basename(a) == basename(b)
}
