//! The commit graph: each commit's parents, tree and committer date, read once from the
//! objects (and, when present, from the `objects/info/commit-graph` file), and the questions
//! answered from them alone, such as merge bases.
//!
//! [`Commits`] is the cache every commit walk reads through: the revision parser (`A...B`,
//! `:/text`), history walks and merge bases. A commit that is missing or not a commit is
//! remembered as `None`, so a walk can step over it or report it as it prefers.
//!
//! When the object directory has a commit-graph ([`CommitGraph`]) and `core.commitGraph` is not
//! false, [`Commits`] takes parents, tree, date and generation number from it, and reads the
//! objects only for commits it lacks. A graph that fails any check is ignored whole: it can
//! make a walk faster, never change its answer (why its checksum is verified at every open:
//! see [`GraphFile`]).
//!
//! What the cache keeps is sized for walks of the whole history: one map entry per commit met,
//! no allocation for a commit read from the graph (only its position is kept, the graph has
//! the rest), and walks that got a commit's parents from the graph read each parent by its
//! position there (git's `graph_pos`) instead of searching for its id. Only commits read from
//! the objects, or asked for by [`Commits::get`], are held as [`CommitInfo`].

pub(crate) mod commit_graph;
mod error;
mod file;
mod merge_base;
mod paint;
mod reduce;

pub use commit_graph::{CommitGraph, GenerationKind, GraphCommit};
pub use error::{GraphError, GraphErrorKind};
pub use file::GraphFile;
pub use merge_base::{fork_point, is_ancestor, merge_bases, merge_bases_many, octopus_merge_bases};
pub use reduce::independent;

use crate::error::{Error, Location, Result};
use crate::object::{DecodeError, Kind};
use crate::odb::Odb;
use crate::oid::ObjectId;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

/// A map keyed by object id, hashed by the id's own first bytes: ids are already uniformly
/// random, so SipHash's work buys nothing in the maps a walk fills per commit.
pub type IdMap<V> = HashMap<ObjectId, V, BuildIdHasher>;

/// The [`std::hash::BuildHasher`] of [`IdMap`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildIdHasher;

impl std::hash::BuildHasher for BuildIdHasher {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

/// Hashes an [`ObjectId`] to its first eight bytes (other keys: a simple mix of their bytes).
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        match bytes.first_chunk::<8>() {
            Some(head) => self.0 ^= u64::from_ne_bytes(*head),
            None => {
                for &b in bytes {
                    self.0 = self.0.rotate_left(8) ^ u64::from(b);
                }
            }
        }
    }
    fn write_usize(&mut self, _: usize) {
        // the length prefix of a hashed array: the same for every id
    }
}

/// What a walk needs of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The parents, in the order the commit lists them.
    pub parents: Vec<ObjectId>,
    /// The root tree.
    pub tree: ObjectId,
    /// The committer date, seconds since the epoch.
    pub date: i64,
    /// The generation number the commit-graph gives (of [`Commits::generation_kind`]); `None`
    /// when the commit is not in a graph (git's `GENERATION_NUMBER_INFINITY`).
    pub generation: Option<u64>,
}

impl CommitInfo {
    /// The generation number, `u64::MAX` (infinity) when the graph does not have the commit:
    /// a commit cannot reach one whose generation is higher than its own.
    pub fn generation_or_infinity(&self) -> u64 {
        self.generation.unwrap_or(u64::MAX)
    }
}

/// Whether a [`Commits`] reads the commit-graph.
#[derive(Debug, Clone, Default)]
enum GraphSlot {
    /// Not looked for yet: at the first lookup, if the odb allows it.
    #[default]
    Auto,
    /// Looked for (or refused): this one, or none.
    Loaded(Option<Arc<CommitGraph>>),
}

/// Reads commits once and remembers their parents, trees, dates and generation numbers.
///
/// ```
/// use gitstore::graph::Commits;
/// use gitstore::{repo::InitOptions, Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
/// let tree = repo.odb().write(Kind::Tree, b"")?;
/// let body = format!("tree {tree}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 2 +0000\n\nm\n");
/// let id = repo.odb().write(Kind::Commit, body.as_bytes())?;
///
/// let mut commits = Commits::new();
/// let info = commits.get(repo.odb(), &id)?.expect("a commit");
/// assert_eq!((info.tree, info.date, info.parents.len()), (tree, 2, 0));
/// assert_eq!(info.generation, None); // no commit-graph here
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct Commits {
    commits: IdMap<Slot>,
    graph: GraphSlot,
    graph_error: Option<GraphError>,
    /// The buffer commits are read into, kept between reads.
    scratch: Vec<u8>,
    /// The parent positions of the graph commit being read.
    positions: Vec<u32>,
    /// Whether some id is known missing ([`Slot::Missing`]).
    has_missing: bool,
    /// Whether a graph not looked for yet is opened with its checksums verified on another
    /// thread ([`Commits::check_graph_in_background`]).
    check_in_background: bool,
    /// Whether commits read from the objects keep their bodies in `buffers` (git's
    /// `save_commit_buffer`), for a caller that shows them after the walk read them.
    keep_buffers: bool,
    buffers: IdMap<Vec<u8>>,
    /// The bytes held in `buffers`, kept under [`KEPT_BUFFER_BYTES`].
    buffer_bytes: usize,
}

/// At most this many bytes of commit bodies are kept for [`Commits::take_buffer`]: a walk
/// that reads far more commits than it shows (paths, `--skip`) reads the rest again instead.
const KEPT_BUFFER_BYTES: usize = 32 << 20;

/// What [`Commits`] knows of one id.
#[derive(Debug, Clone)]
enum Slot {
    /// Named as a parent by a graph commit at this graph position: taken to exist, not read.
    Listed(u32),
    /// Read: missing, or not a commit.
    Missing,
    /// Read.
    Read(Arc<CommitInfo>),
    /// Read from the graph at this position by [`Commits::read`], which keeps nothing else:
    /// the graph has the rest.
    InGraph(u32),
}

/// Where a commit queued by a walk over [`Commits`] has its parents.
enum Source {
    /// At this position of the graph.
    Graph(u32),
    /// In what was read.
    Info(Arc<CommitInfo>),
}

/// What the graph says of one commit read through [`Commits`].
enum GraphRead {
    /// The graph does not have it (or there is no graph).
    Absent,
    /// The graph has it but the objects do not (the graph is older than a prune).
    Missing,
    /// Tree, date, generation; the parents were appended to the caller's list.
    Found(ObjectId, i64, u64),
}

impl Commits {
    /// An empty cache that reads the commit-graph when the odb has one and allows it
    /// ([`Odb::commit_graph_enabled`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty cache that reads only the objects.
    pub fn without_graph() -> Self {
        Commits {
            graph: GraphSlot::Loaded(None),
            ..Self::default()
        }
    }

    /// An empty cache that reads `graph` (and the objects for commits it lacks).
    pub fn with_graph(graph: Option<Arc<CommitGraph>>) -> Self {
        Commits {
            graph: GraphSlot::Loaded(graph),
            ..Self::default()
        }
    }

    /// The commit-graph this cache reads, looking for it on the first call: the first object
    /// directory (the primary, then alternates) that has one. `None` when there is none, it is
    /// disabled, or it failed a check ([`Commits::graph_error`] says which).
    pub fn graph(&mut self, odb: &Odb) -> Option<&Arc<CommitGraph>> {
        if matches!(self.graph, GraphSlot::Auto) {
            let mut found = None;
            if odb.commit_graph_enabled() {
                for dir in odb.object_dirs() {
                    let opened = match self.check_in_background {
                        true => CommitGraph::open_checked_in_background(dir, odb.limits()),
                        false => CommitGraph::open(dir, odb.limits()),
                    };
                    match opened {
                        Ok(None) => continue,
                        Ok(Some(g)) => found = Some(Arc::new(g)),
                        Err(e) => self.graph_error = Some(e),
                    }
                    break;
                }
            }
            self.graph = GraphSlot::Loaded(found);
        }
        match &self.graph {
            GraphSlot::Loaded(g) => g.as_ref(),
            GraphSlot::Auto => None,
        }
    }

    /// Keep the body of every commit read from the objects from now on, until
    /// [`Commits::take_buffer`] takes it (git's `save_commit_buffer`): a log shows the commits
    /// its walk read without reading them twice.
    pub fn keep_buffers(&mut self, keep: bool) {
        self.keep_buffers = keep;
        if !keep {
            self.buffers = IdMap::default();
            self.buffer_bytes = 0;
        }
    }

    /// The body of commit `id` as read from the objects, if it was kept and not taken yet.
    pub fn take_buffer(&mut self, id: &ObjectId) -> Option<Vec<u8>> {
        let data = self.buffers.remove(id)?;
        self.buffer_bytes -= data.len();
        Some(data)
    }

    /// Where the commit-graph has `id`, if there is one and it has it.
    pub(crate) fn graph_position(&mut self, odb: &Odb, id: &ObjectId) -> Option<u32> {
        self.graph(odb)?.find(id)
    }

    /// Opens the commit-graph (when it is first looked for) with its checksums verified on
    /// another thread, for a caller that gives no answer before [`Commits::graph_checked`]
    /// says they agree, and finds its answers again without the graph when they do not.
    pub fn check_graph_in_background(&mut self) {
        self.check_in_background = true;
    }

    /// Whether the commit-graph read so far (if any) passed every check, its checksums
    /// included: waits for them when they are verified on another thread. `false` when they
    /// disagree ([`Commits::graph_error`] says how): what was read through this cache may be
    /// wrong.
    pub fn graph_checked(&mut self) -> bool {
        let GraphSlot::Loaded(Some(graph)) = &self.graph else {
            return true;
        };
        match graph.wait_checked() {
            Ok(()) => true,
            Err(e) => {
                self.graph_error = Some(e);
                false
            }
        }
    }

    /// Whether commits read from the objects keep their bodies ([`Commits::keep_buffers`]).
    pub(crate) fn keeps_buffers(&self) -> bool {
        self.keep_buffers
    }

    /// Why the commit-graph found was not used, if it was not.
    pub fn graph_error(&self) -> Option<&GraphError> {
        self.graph_error.as_ref()
    }

    /// Which generation numbers [`CommitInfo::generation`] holds; `None` without a graph.
    pub fn generation_kind(&mut self, odb: &Odb) -> Option<GenerationKind> {
        self.graph(odb).map(|g| g.generation_kind())
    }

    /// The commit `id`, or `None` when it is missing or not a commit; an error when it is a
    /// commit that does not parse, or the store fails. A commit the graph names but the
    /// objects lack is missing (the graph is older than a rewrite and a prune).
    pub fn get(&mut self, odb: &Odb, id: &ObjectId) -> Result<Option<Arc<CommitInfo>>> {
        let known = match self.commits.get(id) {
            Some(Slot::Read(c)) => return Ok(Some(c.clone())),
            Some(Slot::Missing) => return Ok(None),
            Some(&Slot::Listed(pos) | &Slot::InGraph(pos)) => Some(pos),
            None => None,
        };
        let mut parents = Vec::new();
        let mut positions = std::mem::take(&mut self.positions);
        let read = self.read_graph(odb, id, known, &mut parents, &mut positions);
        self.positions = positions;
        let info = match read? {
            GraphRead::Found(tree, date, generation) => Some(CommitInfo {
                parents,
                tree,
                date,
                generation: Some(generation),
            }),
            GraphRead::Missing => None,
            GraphRead::Absent => self.read_object(odb, id)?,
        };
        let info = info.map(Arc::new);
        match &info {
            Some(c) => {
                self.commits.insert(*id, Slot::Read(c.clone()));
            }
            None => self.set_missing(*id),
        }
        Ok(info)
    }

    /// What a walk reads of commit `id`: its tree and date, its parents put in `parents` and,
    /// when they came from the graph, their graph positions in `positions` (else it is left
    /// empty); `None` when it is missing or not a commit (errors as [`Commits::get`]).
    ///
    /// `at` is the position the graph gave `id` as a parent in an earlier read: the commit is
    /// then read straight from there, as git's `graph_pos` lets it, and nothing is kept for it
    /// here (the walk keeps it). A commit found by id in the graph is remembered only as read.
    pub(crate) fn read(
        &mut self,
        odb: &Odb,
        id: &ObjectId,
        at: Option<u32>,
        parents: &mut Vec<ObjectId>,
        positions: &mut Vec<u32>,
    ) -> Result<Option<(ObjectId, i64)>> {
        parents.clear();
        positions.clear();
        // a commit known missing must stay so, and only the map knows which ones are
        if let (Some(pos), false) = (at, self.has_missing) {
            if let Some(read) = self.read_listed(pos, parents, positions) {
                return Ok(Some(read));
            }
            parents.clear();
            positions.clear();
        }
        let known = match self.commits.get(id) {
            Some(Slot::Read(c)) => {
                parents.extend_from_slice(&c.parents);
                return Ok(Some((c.tree, c.date)));
            }
            Some(Slot::Missing) => return Ok(None),
            Some(&Slot::Listed(pos) | &Slot::InGraph(pos)) => Some(pos),
            None => None,
        };
        match self.read_graph(odb, id, known, parents, positions)? {
            GraphRead::Found(tree, date, _) => Ok(Some((tree, date))),
            GraphRead::Missing => {
                parents.clear();
                positions.clear();
                self.set_missing(*id);
                Ok(None)
            }
            GraphRead::Absent => {
                positions.clear();
                let info = self.read_object(odb, id)?;
                let read = info.as_ref().map(|c| {
                    parents.extend_from_slice(&c.parents);
                    (c.tree, c.date)
                });
                match info {
                    Some(c) => {
                        self.commits.insert(*id, Slot::Read(Arc::new(c)));
                    }
                    None => self.set_missing(*id),
                }
                Ok(read)
            }
        }
    }

    /// The commit at graph position `pos`, a parent the graph named (so present): tree and
    /// date, parents and their positions appended. `None` when there is no graph.
    fn read_listed(
        &self,
        pos: u32,
        parents: &mut Vec<ObjectId>,
        positions: &mut Vec<u32>,
    ) -> Option<(ObjectId, i64)> {
        let GraphSlot::Loaded(Some(graph)) = &self.graph else {
            return None;
        };
        let (tree, date) = graph.read_dated_at(pos, positions)?;
        for &p in positions.iter() {
            parents.push(graph.id_at(p)?);
        }
        Some((tree, date))
    }

    /// The parents of a commit a paint walk queued, with their graph positions when it came
    /// from the graph (else `positions` is left empty).
    fn parents_of(&self, source: &Source, parents: &mut Vec<ObjectId>, positions: &mut Vec<u32>) {
        parents.clear();
        positions.clear();
        match source {
            Source::Info(info) => parents.extend_from_slice(&info.parents),
            &Source::Graph(pos) => {
                if self.read_listed(pos, parents, positions).is_none() {
                    // cannot happen: the position was read once already
                    parents.clear();
                    positions.clear();
                }
            }
        }
    }

    /// What a paint walk reads of commit `id` (at graph position `at` when its child's parent
    /// list gave one): as [`Commits::get`], but a commit the graph has is read by position and
    /// kept only as read, with nothing allocated.
    fn paint_read(
        &mut self,
        odb: &Odb,
        id: &ObjectId,
        at: Option<u32>,
    ) -> Result<Option<paint::Painted>> {
        let at = at.or_else(|| match self.commits.get(id) {
            Some(&Slot::Listed(pos) | &Slot::InGraph(pos)) => Some(pos),
            _ => None,
        });
        if let (Some(pos), false, GraphSlot::Loaded(Some(graph))) =
            (at, self.has_missing, &self.graph)
        {
            self.positions.clear();
            if let Some((_, date, generation)) = graph.read_at(pos, &mut self.positions) {
                match self.commits.entry(*id) {
                    std::collections::hash_map::Entry::Occupied(mut e) => {
                        if matches!(e.get(), Slot::Listed(_)) {
                            e.insert(Slot::InGraph(pos));
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(Slot::InGraph(pos));
                    }
                }
                return Ok(Some(paint::Painted {
                    date,
                    generation,
                    source: Source::Graph(pos),
                }));
            }
        }
        Ok(self.get(odb, id)?.map(|info| paint::Painted {
            date: info.date,
            generation: info.generation_or_infinity(),
            source: Source::Info(info),
        }))
    }

    /// Whether `from` reaches `to`, both in the graph, answered from the graph alone (git's
    /// `can_all_from_reach` for one pair): a depth-first walk by position that never steps
    /// below `to`'s generation. `None` when the graph cannot answer (no graph, either commit
    /// not in it, or some commit known missing), so the caller walks as usual.
    fn reaches_in_graph(
        &mut self,
        odb: &Odb,
        from: &ObjectId,
        to: &ObjectId,
    ) -> Result<Option<bool>> {
        if self.has_missing {
            return Ok(None);
        }
        let Some(graph) = self.graph(odb).cloned() else {
            return Ok(None);
        };
        let (Some(from), Some(to)) = (graph.find(from), graph.find(to)) else {
            return Ok(None);
        };
        let parents = &mut self.positions;
        parents.clear();
        let Some((_, _, floor)) = graph.read_at(to, parents) else {
            return Ok(None);
        };
        let Ok(len) = usize::try_from(graph.len()) else {
            return Ok(None);
        };
        let mut seen = vec![false; len];
        let mut stack = vec![from];
        let mut walked = 0u64;
        while let Some(pos) = stack.pop() {
            if pos == to {
                return Ok(Some(true));
            }
            walked += 1;
            if walked > max_walk(odb) {
                return Err(walk_limit(odb));
            }
            parents.clear();
            let Some((_, _, generation)) = graph.read_at(pos, parents) else {
                return Ok(None);
            };
            // an ancestor of `to`'s generation or below cannot be `to` or reach it
            if generation <= floor {
                continue;
            }
            for &p in parents.iter() {
                match seen.get_mut(p as usize) {
                    Some(s) if !*s => {
                        *s = true;
                        stack.push(p);
                    }
                    Some(_) => {}
                    None => return Ok(None),
                }
            }
        }
        Ok(Some(false))
    }

    fn set_missing(&mut self, id: ObjectId) {
        self.has_missing = true;
        self.commits.insert(id, Slot::Missing);
    }

    /// Reads `id` from the graph, if it has it (at `known`, the position a child's parent list
    /// gave, or found by id): a commit a parent list named is as present as its child; any
    /// other is checked, as the graph may be older than a prune. Marks `id` read
    /// ([`Slot::InGraph`]) and its parents listed; their positions are left in `positions`.
    fn read_graph(
        &mut self,
        odb: &Odb,
        id: &ObjectId,
        known: Option<u32>,
        parents: &mut Vec<ObjectId>,
        positions: &mut Vec<u32>,
    ) -> Result<GraphRead> {
        let Some(graph) = self.graph(odb).cloned() else {
            return Ok(GraphRead::Absent);
        };
        let Some(pos) = known.or_else(|| graph.find(id)) else {
            return Ok(GraphRead::Absent);
        };
        let present = known.is_some() || odb.contains(id)?;
        positions.clear();
        let Some((tree, date, generation)) = graph.read_at(pos, positions) else {
            return Ok(GraphRead::Absent);
        };
        let start = parents.len();
        for &p in positions.iter() {
            let Some(parent) = graph.id_at(p) else {
                parents.truncate(start);
                return Ok(GraphRead::Absent);
            };
            parents.push(parent);
            self.commits.entry(parent).or_insert(Slot::Listed(p));
        }
        if !present {
            return Ok(GraphRead::Missing);
        }
        self.commits.insert(*id, Slot::InGraph(pos));
        Ok(GraphRead::Found(tree, date, generation))
    }

    /// Reads `id` from the objects: `None` when it is missing or not a commit.
    fn read_object(&mut self, odb: &Odb, id: &ObjectId) -> Result<Option<CommitInfo>> {
        let data = &mut self.scratch;
        data.clear();
        match odb.try_read(id, data)? {
            Some(Kind::Commit) => {
                let info = parse_commit_info(data).map_err(|source| Error::InvalidObject {
                    id: Some(*id),
                    kind: Kind::Commit,
                    source,
                })?;
                if self.keep_buffers && self.buffer_bytes + data.len() <= KEPT_BUFFER_BYTES {
                    self.buffer_bytes += data.len();
                    if let Some(old) = self.buffers.insert(*id, std::mem::take(data)) {
                        self.buffer_bytes -= old.len();
                    }
                }
                Ok(Some(info))
            }
            _ => Ok(None),
        }
    }

    /// Takes in commit `id` as the caller read it from the objects (`data`, which may be kept
    /// as [`Commits::keep_buffers`] says), so that it is not read again. A commit already known
    /// is left as it is; one that does not parse is left unread (a read reports it).
    pub(crate) fn note_read(&mut self, id: &ObjectId, data: &mut Vec<u8>) {
        if self.commits.contains_key(id) {
            return;
        }
        let Ok(info) = parse_commit_info(data) else {
            return;
        };
        if self.keep_buffers && self.buffer_bytes + data.len() <= KEPT_BUFFER_BYTES {
            self.buffer_bytes += data.len();
            if let Some(old) = self.buffers.insert(*id, std::mem::take(data)) {
                self.buffer_bytes -= old.len();
            }
        }
        self.commits.insert(*id, Slot::Read(Arc::new(info)));
    }

    /// Whether `id` has been read and is a commit (git would have it parsed: a walk that
    /// follows git's steps needs to know which commits git knows the parents of).
    pub fn is_read(&self, id: &ObjectId) -> bool {
        matches!(self.commits.get(id), Some(Slot::Read(_) | Slot::InGraph(_)))
    }

    /// Takes in what `other` has read (a resolver's commits, handed to a walk), and the graph
    /// it opened when this one has not looked for its own.
    pub fn extend_from(&mut self, other: &Commits) {
        if matches!(self.graph, GraphSlot::Auto) && matches!(other.graph, GraphSlot::Loaded(_)) {
            self.graph = other.graph.clone();
            self.graph_error = other.graph_error.clone();
        }
        let same_graph = match (&self.graph, &other.graph) {
            (GraphSlot::Loaded(Some(a)), GraphSlot::Loaded(Some(b))) => Arc::ptr_eq(a, b),
            _ => false,
        };
        for (id, slot) in &other.commits {
            let slot = match slot {
                Slot::Listed(_) if !same_graph => continue,
                Slot::Listed(_) => {
                    self.commits.entry(*id).or_insert_with(|| slot.clone());
                    continue;
                }
                // read from a graph this cache does not share: what it said, in full
                &Slot::InGraph(pos) if !same_graph => match other.info_at(pos) {
                    Some(info) => Slot::Read(Arc::new(info)),
                    None => continue,
                },
                s => s.clone(),
            };
            if matches!(self.commits.get(id), None | Some(Slot::Listed(_))) {
                self.has_missing |= matches!(slot, Slot::Missing);
                self.commits.insert(*id, slot);
            }
        }
    }

    /// What this cache's graph says of the commit at `pos`.
    fn info_at(&self, pos: u32) -> Option<CommitInfo> {
        let GraphSlot::Loaded(Some(graph)) = &self.graph else {
            return None;
        };
        let mut positions = Vec::new();
        let (tree, date, generation) = graph.read_at(pos, &mut positions)?;
        Some(CommitInfo {
            parents: positions
                .into_iter()
                .map(|p| graph.id_at(p))
                .collect::<Option<_>>()?,
            tree,
            date,
            generation: Some(generation),
        })
    }
}

/// What a walk needs of a commit body, read as git's `parse_commit_buffer` reads it: the
/// `tree` line, the `parent` lines after it, and the committer date (the number after the
/// last `>` of a `committer` line that directly follows the `author` line; 0 when there is
/// none). Nothing else is looked at, so a walk does not pay for signatures and messages.
pub fn parse_commit_info(data: &[u8]) -> std::result::Result<CommitInfo, DecodeError> {
    fn id_line<'a>(rest: &'a [u8], key: &[u8]) -> Option<(ObjectId, &'a [u8])> {
        let hex = rest.strip_prefix(key)?.get(..ObjectId::HEX_LEN)?;
        let after = rest
            .get(key.len() + ObjectId::HEX_LEN..)?
            .strip_prefix(b"\n")?;
        Some((ObjectId::from_hex(hex).ok()?, after))
    }
    let Some((tree, mut rest)) = id_line(data, b"tree ") else {
        return Err(DecodeError::new(0, "bad tree pointer"));
    };
    let mut parents = Vec::with_capacity(1);
    while rest.starts_with(b"parent ") {
        let Some((parent, after)) = id_line(rest, b"parent ") else {
            return Err(DecodeError::new(data.len() - rest.len(), "bad parents"));
        };
        parents.push(parent);
        rest = after;
    }
    Ok(CommitInfo {
        parents,
        tree,
        date: commit_date(rest),
        generation: None,
    })
}

/// git's `parse_commit_date` on the headers after the parents.
fn commit_date(rest: &[u8]) -> i64 {
    if !rest.starts_with(b"author") {
        return 0;
    }
    let Some(eol) = rest.iter().position(|&c| c == b'\n') else {
        return 0;
    };
    let line = &rest[eol + 1..];
    if !line.starts_with(b"committer") {
        return 0;
    }
    let line = match line.iter().position(|&c| c == b'\n') {
        Some(end) => &line[..end],
        None => line,
    };
    let Some(gt) = line.iter().rposition(|&c| c == b'>') else {
        return 0;
    };
    let digits = line[gt + 1..].trim_ascii_start();
    digits
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0i64, |n, d| {
            n.saturating_mul(10).saturating_add(i64::from(d - b'0'))
        })
}

/// [`Limits::max_commit_walk`](crate::Limits): the most commits one walk reads before giving
/// up with [`Error::LimitExceeded`].
pub(crate) fn max_walk(odb: &Odb) -> u64 {
    odb.limits().max_commit_walk
}

pub(crate) fn walk_limit(odb: &Odb) -> Error {
    Error::LimitExceeded {
        what: "commits walked for one revision",
        limit: max_walk(odb),
        location: Location::Memory,
    }
}

/// A queue of commits, most recent committer date first; equal dates first-in, first-out.
#[allow(dead_code)] // kept for the history walks
pub(crate) struct DateQueue {
    pub(crate) heap: BinaryHeap<(i64, Reverse<u64>, ObjectId)>,
    seq: u64,
}

#[allow(dead_code)]
impl DateQueue {
    pub(crate) fn new() -> Self {
        DateQueue {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
    pub(crate) fn push(&mut self, date: i64, id: ObjectId) {
        self.heap.push((date, Reverse(self.seq), id));
        self.seq += 1;
    }
    pub(crate) fn pop(&mut self) -> Option<ObjectId> {
        self.heap.pop().map(|(_, _, id)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const P1: &str = "1111111111111111111111111111111111111111";

    #[test]
    fn commit_info_reads_tree_parents_and_committer_date_only() {
        let body = format!(
            "tree {TREE}\nparent {P1}\nparent {TREE}\nauthor A <a@x> 5 +0000\n\
             committer C <c@x> 1700000000 +0100\ngpgsig junk\n\nmessage\n"
        );
        let info = parse_commit_info(body.as_bytes()).unwrap();
        assert_eq!(info.tree.to_hex(), TREE);
        assert_eq!(info.parents.len(), 2);
        assert_eq!(info.parents[0].to_hex(), P1);
        assert_eq!(info.date, 1_700_000_000);
    }

    #[test]
    fn commit_date_is_zero_without_a_committer_after_the_author() {
        let body = format!("tree {TREE}\ncommitter C <c@x> 7 +0000\n\n");
        assert_eq!(parse_commit_info(body.as_bytes()).unwrap().date, 0);
        let body = format!("tree {TREE}\nauthor A <a@x> 5 +0000\ncommitter C <c@x>\n");
        assert_eq!(parse_commit_info(body.as_bytes()).unwrap().date, 0);
    }

    #[test]
    fn bad_tree_and_parent_lines_are_errors() {
        assert!(parse_commit_info(b"tree 123\n").is_err());
        assert!(parse_commit_info(b"").is_err());
        let body = format!("tree {TREE}\nparent xyz\n");
        assert!(parse_commit_info(body.as_bytes()).is_err());
    }
}
