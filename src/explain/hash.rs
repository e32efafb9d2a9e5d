//! The hash view (`gitstore explain --hash FILE`): the exact bytes git hashes to name some
//! content, and the id they give, without any repository.
//!
//! ```text
//! "<type> <size>\0" <content>      SHA-1 of these bytes = the object id (hash-object)
//! ```
//!
//! For a tree written as `ls-tree` lines (what `git mktree` reads), [`hash_tree_lines`] builds
//! the tree's content the way mktree does, one entry per step: entries sorted in git's tree
//! order (a directory's name compared as if it ended in `/`), each stored as
//!
//! ```text
//! <mode, no leading 0> SP <name> NUL <20-byte id>
//! ```
//!
//! No check is made that the content is an object git would accept (as `hash-object
//! --literally`), and no filter is applied (as `hash-object --no-filters`).

use super::raw::{parts, Part};
use crate::hash::hash_object;
use crate::mktree::{parse_line, TreeLineError};
use crate::object::tree::compare_entries;
use crate::object::Kind;
use crate::oid::ObjectId;
use serde::Serialize;

/// Bytes as hashed, cut into parts, and the id they give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashView {
    /// The id: the SHA-1 of [`HashView::bytes`].
    pub id: ObjectId,
    /// The type named in the header.
    pub kind: Kind,
    /// The content's size, as the header says it.
    pub size: u64,
    /// Bytes of the header `"<type> <size>\0"` at the start of `bytes`.
    pub header_len: usize,
    /// The header followed by the content: exactly what is hashed.
    #[serde(serialize_with = "super::hex_bytes")]
    pub bytes: Vec<u8>,
    /// The parts, in order, covering `bytes` exactly (as in the raw view).
    pub parts: Vec<Part>,
    /// For a tree built from `ls-tree` lines, how its content was built.
    pub tree: Option<TreeBuild>,
}

/// How a tree's content is built from `ls-tree` lines, entry by entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeBuild {
    /// The number of lines read.
    pub lines: usize,
    /// One step per entry, in the order the entries are written (git's tree order).
    pub steps: Vec<TreeStep>,
}

/// One entry of a tree being built: where it came from and the bytes it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeStep {
    /// The input line it was read from (1 for the first).
    pub line: usize,
    /// The mode as `ls-tree` shows it (`040000` for a directory).
    pub mode: String,
    /// The mode as the tree stores it (`40000`).
    pub stored_mode: String,
    /// The type the line names.
    pub kind: Kind,
    /// The entry's object.
    pub id: ObjectId,
    /// The entry's name (non-UTF-8 bytes replaced).
    pub name: String,
    /// Where the entry starts in the tree's content (after the header).
    pub offset: usize,
    /// The bytes the entry adds: mode, space, name, NUL, 20-byte id.
    #[serde(serialize_with = "super::hex_bytes")]
    pub bytes: Vec<u8>,
}

/// An `ls-tree` line that cannot be part of a tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct BadTreeLine {
    /// The line (1 for the first).
    pub line: usize,
    /// Its text.
    pub text: Vec<u8>,
    /// What is wrong with it.
    pub error: TreeLineError,
}

/// Why content cannot be explained as hashed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HashError {
    /// A line of `ls-tree` input is wrong.
    #[error(transparent)]
    TreeLine(#[from] BadTreeLine),
    /// The content is a SHA-1 collision attack.
    #[error(transparent)]
    Collision(#[from] crate::hash::CollisionDetected),
}

/// The hash view of `content` hashed as an object of `kind`.
pub fn hash(kind: Kind, content: &[u8]) -> Result<HashView, HashError> {
    let mut bytes = format!("{kind} {}\0", content.len()).into_bytes();
    let header_len = bytes.len();
    bytes.extend_from_slice(content);
    Ok(HashView {
        id: hash_object(kind, content)?,
        kind,
        size: content.len() as u64,
        header_len,
        parts: parts(kind, &bytes, header_len),
        bytes,
        tree: None,
    })
}

/// Whether `content` given as a tree is `ls-tree` text rather than a tree's own bytes: every
/// stored tree entry has a NUL after its name, no text line has one. (Empty input is the empty
/// tree either way.)
pub fn is_ls_tree_text(content: &[u8]) -> bool {
    !content.contains(&0)
}

/// The hash view of the tree `git mktree` builds from `text`, `ls-tree` lines separated by
/// newlines (an empty last line ignored), with every step of the build.
pub fn hash_tree_lines(text: &[u8]) -> Result<HashView, HashError> {
    let mut text = text;
    if let Some(rest) = text.strip_suffix(b"\n") {
        text = rest;
    }
    let mut entries = Vec::new();
    let mut lines = 0;
    if !text.is_empty() {
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            lines = i + 1;
            let bad = |error| BadTreeLine {
                line: i + 1,
                text: line.to_vec(),
                error,
            };
            let parsed = parse_line(line, false).map_err(bad)?;
            if parsed.name.contains(&b'/') {
                return Err(bad(TreeLineError::Slash { name: parsed.name }).into());
            }
            entries.push((i + 1, parsed));
        }
    }
    entries.sort_by(|(_, a), (_, b)| {
        compare_entries(&a.name, a.mode.is_tree(), &b.name, b.mode.is_tree())
    });
    let mut content = Vec::new();
    let mut steps = Vec::with_capacity(entries.len());
    for (line, e) in entries {
        let mut bytes = e.mode.as_bytes().to_vec();
        bytes.push(b' ');
        bytes.extend_from_slice(&e.name);
        bytes.push(0);
        bytes.extend_from_slice(e.id.as_bytes());
        steps.push(TreeStep {
            line,
            mode: String::from_utf8_lossy(&e.mode.to_pretty()).into_owned(),
            stored_mode: String::from_utf8_lossy(e.mode.as_bytes()).into_owned(),
            kind: e.kind,
            id: e.id,
            name: String::from_utf8_lossy(&e.name).into_owned(),
            offset: content.len(),
            bytes: bytes.clone(),
        });
        content.extend_from_slice(&bytes);
    }
    let mut view = hash(Kind::Tree, &content)?;
    view.tree = Some(TreeBuild { lines, steps });
    Ok(view)
}
