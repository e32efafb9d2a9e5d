//! [`GraphError`]: what is wrong with a commit-graph file or chain, as data.
//!
//! A damaged graph is never fatal: [`Commits`](super::Commits) drops it and reads the commits
//! from the objects, as if there were no graph. The error is kept for tools that check graphs.

use std::fmt;
use std::path::PathBuf;

/// A commit-graph file (or chain) that cannot be used: what is wrong, in which file.
///
/// ```
/// use gitstore::graph::{GraphError, GraphErrorKind};
///
/// let e = GraphError::new(GraphErrorKind::BadSignature, "objects/info/commit-graph");
/// assert_eq!(e.to_string(), "commit-graph objects/info/commit-graph: signature is not CGPH");
/// let top: gitstore::Error = e.into();
/// assert!(matches!(top, gitstore::Error::Graph(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("commit-graph {}: {kind}", path.display())]
pub struct GraphError {
    /// What is wrong.
    pub kind: GraphErrorKind,
    /// The graph file, or the chain file.
    pub path: PathBuf,
}

impl GraphError {
    /// A problem with the file at `path`.
    pub fn new(kind: GraphErrorKind, path: impl Into<PathBuf>) -> Self {
        GraphError {
            kind,
            path: path.into(),
        }
    }
}

/// What is wrong with a commit-graph file or chain.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GraphErrorKind {
    /// The file cannot be read.
    Io(std::io::ErrorKind),
    /// Shorter than a header, one chunk-table entry and a checksum.
    TooSmall {
        /// The file's length.
        len: u64,
    },
    /// The file does not start with `CGPH`.
    BadSignature,
    /// A version other than 1.
    BadVersion(u8),
    /// A hash version other than 1 (SHA-1).
    BadHashVersion(u8),
    /// A chunk-table entry points before the chunks, past the content, or before the entry
    /// preceding it; or the table has no terminating entry.
    BadChunkOffset {
        /// The chunk's id.
        chunk: [u8; 4],
        /// The offset it gives.
        offset: usize,
    },
    /// A chunk every graph has (OIDF, OIDL, CDAT; BASE in a layer with bases) is missing.
    MissingChunk {
        /// The chunk's id.
        chunk: [u8; 4],
    },
    /// A chunk's size does not fit the commit count.
    ChunkSize {
        /// The chunk's id.
        chunk: [u8; 4],
        /// Its size in bytes.
        size: u64,
    },
    /// The fan-out decreases at this first byte.
    FanoutOutOfOrder {
        /// The first byte whose count is below the previous one.
        at: u8,
    },
    /// The fan-out disagrees with the first byte of the id at this position.
    FanoutDisagrees {
        /// Position of the id.
        position: usize,
    },
    /// The ids are not strictly ascending at this position.
    IdsNotSorted {
        /// Position of the first id out of order.
        position: usize,
    },
    /// The commit at this position names a parent position past the graph.
    BadParent {
        /// The commit's position in its file.
        position: usize,
    },
    /// The commit at this position has an octopus parent list outside EDGE.
    BadEdge {
        /// The commit's position in its file.
        position: usize,
    },
    /// The commit at this position has a generation offset outside GDO2.
    BadGenerationOffset {
        /// The commit's position in its file.
        position: usize,
    },
    /// The trailing checksum does not match the content.
    ChecksumMismatch {
        /// The checksum stored in the file.
        stored: [u8; 20],
        /// The checksum of the content.
        computed: [u8; 20],
    },
    /// A split chain longer than [`Limits::max_commit_graph_chain`](crate::Limits).
    ChainTooLong {
        /// The limit.
        limit: usize,
    },
    /// A line of `commit-graph-chain` that is not a checksum.
    BadChainLine {
        /// The line, from 1.
        line: usize,
    },
    /// A layer the chain names does not exist.
    MissingLayer {
        /// The layer's position in the chain, from 0 (the base).
        layer: usize,
    },
    /// A layer whose BASE list is not the layers below it in the chain.
    BaseMismatch {
        /// The layer's position in the chain, from 0 (the base).
        layer: usize,
    },
}

impl fmt::Display for GraphErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |c: &[u8; 4]| String::from_utf8_lossy(c).into_owned();
        match self {
            GraphErrorKind::Io(kind) => write!(f, "cannot be read: {kind}"),
            GraphErrorKind::TooSmall { len } => write!(f, "too small ({len} bytes)"),
            GraphErrorKind::BadSignature => f.write_str("signature is not CGPH"),
            GraphErrorKind::BadVersion(v) => write!(f, "version {v} is not 1"),
            GraphErrorKind::BadHashVersion(v) => write!(f, "hash version {v} is not 1"),
            GraphErrorKind::BadChunkOffset { chunk, offset } => {
                write!(f, "improper chunk offset {offset} for {}", name(chunk))
            }
            GraphErrorKind::MissingChunk { chunk } => write!(f, "{} chunk missing", name(chunk)),
            GraphErrorKind::ChunkSize { chunk, size } => {
                write!(f, "{} chunk has the wrong size ({size} bytes)", name(chunk))
            }
            GraphErrorKind::FanoutOutOfOrder { at } => {
                write!(f, "fan-out values out of order at {at:02x}")
            }
            GraphErrorKind::FanoutDisagrees { position } => {
                write!(f, "fan-out disagrees with the id at position {position}")
            }
            GraphErrorKind::IdsNotSorted { position } => {
                write!(f, "ids out of order at position {position}")
            }
            GraphErrorKind::BadParent { position } => {
                write!(f, "invalid parent position for the commit at {position}")
            }
            GraphErrorKind::BadEdge { position } => {
                write!(f, "invalid octopus edge list for the commit at {position}")
            }
            GraphErrorKind::BadGenerationOffset { position } => {
                write!(f, "invalid generation offset for the commit at {position}")
            }
            GraphErrorKind::ChecksumMismatch { .. } => f.write_str("checksum mismatch"),
            GraphErrorKind::ChainTooLong { limit } => {
                write!(f, "split chain longer than {limit} layers")
            }
            GraphErrorKind::BadChainLine { line } => write!(f, "invalid chain line {line}"),
            GraphErrorKind::MissingLayer { layer } => write!(f, "layer {layer} missing"),
            GraphErrorKind::BaseMismatch { layer } => {
                write!(f, "layer {layer} has incorrect bases")
            }
        }
    }
}
