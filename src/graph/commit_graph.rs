//! [`CommitGraph`]: the commit-graph of an object directory, one file or a split chain, as one
//! table of commits numbered across its layers.
//!
//! ```text
//! objects/info/commit-graph                      a lone graph (preferred when present), or
//! objects/info/commit-graphs/commit-graph-chain  one checksum (hex) a line, the base first
//! objects/info/commit-graphs/graph-<hex>.graph   each layer: its commits follow its bases'
//! ```
//!
//! A parent position counts the commits of every layer below first, so the chain is one
//! numbering. Generation numbers are corrected commit dates (GDA2) when every layer has them,
//! topological levels otherwise, as git's `validate_mixed_generation_chain` decides.

use super::error::{GraphError, GraphErrorKind};
use super::file::GraphFile;
use crate::limits::Limits;
use crate::oid::ObjectId;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;

const PARENT_NONE: u32 = 0x7000_0000;
const TOP_BIT: u32 = 0x8000_0000;

/// Which generation numbers a graph gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenerationKind {
    /// Topological levels (generation number v1): a root is 1, a commit one more than its
    /// highest parent.
    Level,
    /// Corrected commit dates (generation number v2): at least the committer date, and more
    /// than every parent's.
    CorrectedDate,
}

/// What the graph says of one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphCommit {
    /// The root tree.
    pub tree: ObjectId,
    /// The parents, in the commit's order.
    pub parents: Vec<ObjectId>,
    /// The committer date (34 bits: seconds since the epoch).
    pub date: i64,
    /// The generation number, of the graph's [`GenerationKind`].
    pub generation: u64,
}

/// A checked commit-graph: every layer's structure and checksum were verified when it was
/// opened (or, for [`CommitGraph::open_checked_in_background`], are being verified), so
/// lookups cannot fail.
///
/// ```no_run
/// use gitstore::graph::CommitGraph;
/// use gitstore::Limits;
///
/// let graph = CommitGraph::open(".git/objects".as_ref(), &Limits::default())?;
/// if let Some(graph) = graph {
///     println!("{} commits, generations {:?}", graph.len(), graph.generation_kind());
/// }
/// # Ok::<(), gitstore::graph::GraphError>(())
/// ```
#[derive(Debug)]
pub struct CommitGraph {
    /// Base first.
    layers: Vec<GraphFile>,
    /// How many commits the layers below each one hold.
    starts: Vec<u64>,
    kind: GenerationKind,
    /// The checksums' verification, when it runs on another thread.
    check: Option<BackgroundCheck>,
}

/// The checksums of a graph's layers, verified on another thread.
#[derive(Debug)]
struct BackgroundCheck {
    thread: Mutex<Option<JoinHandle<Result<(), GraphError>>>>,
    result: OnceLock<Result<(), GraphError>>,
}

impl CommitGraph {
    /// The graph of the object directory `objects_dir`: `info/commit-graph` when it exists,
    /// else the chain under `info/commit-graphs/`; `Ok(None)` when there is neither.
    pub fn open(objects_dir: &Path, limits: &Limits) -> Result<Option<CommitGraph>, GraphError> {
        match CommitGraph::open_layers(objects_dir, limits, true)? {
            Some(layers) => CommitGraph::from_layers(layers).map(Some),
            None => Ok(None),
        }
    }

    /// [`CommitGraph::open`], the layers' checksums verified on another thread while the
    /// caller reads the graph: it must hold back every answer until
    /// [`CommitGraph::wait_checked`] says the checksums agree, and find the answer again
    /// without the graph when they do not. (Where no thread can be started, the checksums are
    /// verified here, as [`CommitGraph::open`] does.)
    pub fn open_checked_in_background(
        objects_dir: &Path,
        limits: &Limits,
    ) -> Result<Option<CommitGraph>, GraphError> {
        let Some(layers) = CommitGraph::open_layers(objects_dir, limits, false)? else {
            return Ok(None);
        };
        let files: Vec<_> = layers
            .iter()
            .map(|l| (l.shared_bytes(), l.path().to_path_buf()))
            .collect();
        let verify = move || {
            files.iter().try_for_each(|(bytes, path)| {
                super::file::verify_trailer(bytes).map_err(|kind| GraphError::new(kind, path))
            })
        };
        // SHA-1 needs little stack
        let thread = std::thread::Builder::new()
            .name("commit-graph checksum".into())
            .stack_size(64 << 10)
            .spawn(verify);
        let check = match thread {
            Ok(handle) => BackgroundCheck {
                thread: Mutex::new(Some(handle)),
                result: OnceLock::new(),
            },
            Err(_) => {
                layers.iter().try_for_each(GraphFile::verify_checksum)?;
                BackgroundCheck {
                    thread: Mutex::new(None),
                    result: OnceLock::from(Ok(())),
                }
            }
        };
        let mut graph = CommitGraph::from_layers(layers)?;
        graph.check = Some(check);
        Ok(Some(graph))
    }

    /// Waits for the checksums' verification if it runs on another thread: `Ok` when they
    /// agree (or were verified at open), the mismatch otherwise.
    pub fn wait_checked(&self) -> Result<(), GraphError> {
        let Some(check) = &self.check else {
            return Ok(());
        };
        check
            .result
            .get_or_init(|| {
                let handle = check
                    .thread
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .take();
                match handle.map(JoinHandle::join) {
                    Some(Ok(result)) => result,
                    // the thread cannot panic; were it to, the graph is not trusted
                    _ => Err(GraphError::new(
                        GraphErrorKind::Io(std::io::ErrorKind::Other),
                        self.layers.first().map_or(Path::new(""), |l| l.path()),
                    )),
                }
            })
            .clone()
    }

    /// The layers of the graph of `objects_dir`, each checked (its checksum too when
    /// `verify`); `None` when there is no graph.
    fn open_layers(
        objects_dir: &Path,
        limits: &Limits,
        verify: bool,
    ) -> Result<Option<Vec<GraphFile>>, GraphError> {
        let open = |path: &Path, total| match verify {
            true => GraphFile::open(path, total),
            false => GraphFile::open_unverified(path, total),
        };
        let info = objects_dir.join("info");
        if let Some(file) = open(&info.join("commit-graph"), 0)? {
            return Ok(Some(vec![file]));
        }
        let dir = info.join("commit-graphs");
        let chain_path = dir.join("commit-graph-chain");
        let chain = match crate::file::read(&chain_path) {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(GraphError::new(GraphErrorKind::Io(e.kind()), chain_path)),
        };
        let hashes = parse_chain(&chain, limits.max_commit_graph_chain)
            .map_err(|kind| GraphError::new(kind, &chain_path))?;
        let mut layers: Vec<GraphFile> = Vec::with_capacity(hashes.len());
        let mut total = 0u64;
        for (layer, hash) in hashes.iter().enumerate() {
            let path = dir.join(format!("graph-{hash}.graph"));
            let file = open(&path, total)?.ok_or_else(|| {
                GraphError::new(GraphErrorKind::MissingLayer { layer }, &chain_path)
            })?;
            let below: Vec<[u8; 20]> = hashes.iter().take(layer).map(|h| *h.as_bytes()).collect();
            if file.bases() != below || file.checksum() != Some(*hash.as_bytes()) {
                return Err(GraphError::new(
                    GraphErrorKind::BaseMismatch { layer },
                    &path,
                ));
            }
            total += u64::from(file.len());
            layers.push(file);
        }
        Ok((!layers.is_empty()).then_some(layers))
    }

    /// A graph of `layers`, base first, each opened with the commit count of those below it.
    /// A lone layer must have no bases.
    pub fn from_layers(layers: Vec<GraphFile>) -> Result<CommitGraph, GraphError> {
        let mut starts = Vec::with_capacity(layers.len());
        let mut total = 0u64;
        for (i, layer) in layers.iter().enumerate() {
            if layer.bases().len() != i {
                return Err(GraphError::new(
                    GraphErrorKind::BaseMismatch { layer: i },
                    layer.path(),
                ));
            }
            starts.push(total);
            total += u64::from(layer.len());
        }
        let kind = if layers.iter().all(GraphFile::has_generation_data) {
            GenerationKind::CorrectedDate
        } else {
            GenerationKind::Level
        };
        Ok(CommitGraph {
            layers,
            starts,
            kind,
            check: None,
        })
    }

    /// How many commits the graph holds.
    pub fn len(&self) -> u64 {
        self.starts.last().copied().unwrap_or(0)
            + self.layers.last().map_or(0, |l| u64::from(l.len()))
    }

    /// Whether the graph holds no commit.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many layers (files) the graph has.
    pub fn layers(&self) -> usize {
        self.layers.len()
    }

    /// Which generation numbers [`CommitGraph::lookup`] gives.
    pub fn generation_kind(&self) -> GenerationKind {
        self.kind
    }

    /// Whether the graph has `id`.
    pub fn contains(&self, id: &ObjectId) -> bool {
        self.position(id).is_some()
    }

    /// What the graph says of commit `id`, or `None` when it does not have it.
    pub fn lookup(&self, id: &ObjectId) -> Option<GraphCommit> {
        let mut positions = Vec::new();
        let (tree, date, generation) = self.read_at(self.find(id)?, &mut positions)?;
        let parents = positions
            .into_iter()
            .map(|p| self.id_at(p))
            .collect::<Option<Vec<_>>>()?;
        Some(GraphCommit {
            tree,
            parents,
            date,
            generation,
        })
    }

    /// The position of `id` across the layers (git's `graph_pos`), searching from the top
    /// layer down.
    pub(crate) fn find(&self, id: &ObjectId) -> Option<u32> {
        let (layer, local) = self.position(id)?;
        let pos = self.starts.get(layer)?.checked_add(u64::from(local))?;
        u32::try_from(pos).ok()
    }

    /// The layer and local position of `id`, searching from the top layer down.
    fn position(&self, id: &ObjectId) -> Option<(usize, u32)> {
        self.layers
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, l)| Some((i, l.position(id)?)))
    }

    /// The layer and local position of global position `pos`.
    fn locate(&self, pos: u32) -> Option<(usize, u32)> {
        let pos = u64::from(pos);
        let layer = self.starts.iter().rposition(|&s| s <= pos)?;
        let local = pos - self.starts.get(layer)?;
        let file = self.layers.get(layer)?;
        (local < u64::from(file.len())).then_some((layer, local as u32))
    }

    /// The id at global position `pos`.
    pub(crate) fn id_at(&self, pos: u32) -> Option<ObjectId> {
        let (layer, local) = self.locate(pos)?;
        self.layers.get(layer)?.id(local)
    }

    /// The commit at global position `pos`: its tree, date and generation, its parents'
    /// positions appended to `parents` (nothing is allocated for one or two parents).
    pub(crate) fn read_at(&self, pos: u32, parents: &mut Vec<u32>) -> Option<(ObjectId, i64, u64)> {
        let (file, local, r) = self.record_with_parents(pos, parents)?;
        let generation = match self.kind {
            GenerationKind::CorrectedDate => file.corrected_date(local, r.date)?,
            GenerationKind::Level => u64::from(r.level),
        };
        Some((r.tree, r.date as i64, generation))
    }

    /// [`CommitGraph::read_at`] without the generation number, which costs a read in another
    /// chunk: for walks ordered by date.
    pub(crate) fn read_dated_at(
        &self,
        pos: u32,
        parents: &mut Vec<u32>,
    ) -> Option<(ObjectId, i64)> {
        let (_, _, r) = self.record_with_parents(pos, parents)?;
        Some((r.tree, r.date as i64))
    }

    /// The layer, local position and record of global position `pos`, its parents' positions
    /// appended to `parents`.
    fn record_with_parents(
        &self,
        pos: u32,
        parents: &mut Vec<u32>,
    ) -> Option<(&GraphFile, u32, super::file::Record)> {
        let (layer, local) = self.locate(pos)?;
        let file = self.layers.get(layer)?;
        let r = file.record(local)?;
        if r.parent1 != PARENT_NONE {
            parents.push(r.parent1);
            if r.parent2 & TOP_BIT != 0 {
                file.edge_list(r.parent2 & !TOP_BIT, parents)?;
            } else if r.parent2 != PARENT_NONE {
                parents.push(r.parent2);
            }
        }
        Some((file, local, r))
    }
}

/// The checksums a `commit-graph-chain` lists, base first.
pub(super) fn parse_chain(content: &[u8], limit: usize) -> Result<Vec<ObjectId>, GraphErrorKind> {
    let mut out = Vec::new();
    for (i, line) in content.split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        if out.len() >= limit {
            return Err(GraphErrorKind::ChainTooLong { limit });
        }
        let id =
            ObjectId::from_hex(line).map_err(|_| GraphErrorKind::BadChainLine { line: i + 1 })?;
        out.push(id);
    }
    Ok(out)
}
