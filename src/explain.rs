//! Teaching views: what git stores for an object and where, spelled out for people learning
//! git's internals (`gitstore explain <object>`).
//!
//! An [`Explanation`] says what the object is (kind, size, how its id is computed), where the
//! odb finds it (a loose file, or a pack entry), and for a packed delta the whole chain down to
//! the whole object it is rebuilt from.

use crate::error::Result;
use crate::object::{Header, Kind};
use crate::odb::locate::ObjectLocation;
use crate::oid::ObjectId;
use crate::pack::EntryKind;
use crate::repo::Repository;
use std::io::{self, Write};
use std::path::PathBuf;

/// How far an explanation follows a delta chain before it stops listing links.
pub const MAX_CHAIN_SHOWN: usize = 64;

/// One link of a delta chain, from the object down to its whole base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    /// The object this entry rebuilds.
    pub id: ObjectId,
    /// Where it is stored.
    pub location: ObjectLocation,
}

/// Everything [`explain`] found out about one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The object.
    pub id: ObjectId,
    /// Its kind and size.
    pub header: Header,
    /// The object and, for a delta, each base below it; the last link is stored whole (or the
    /// chain was cut at [`MAX_CHAIN_SHOWN`]).
    pub chain: Vec<ChainLink>,
}

/// Explains object `id` of `repo`; `None` when the repository does not have it.
pub fn explain(repo: &Repository, id: &ObjectId) -> Result<Option<Explanation>> {
    let odb = repo.odb();
    let Some(header) = odb.try_read_header(id)? else {
        return Ok(None);
    };
    let mut chain = Vec::new();
    let mut next = Some(*id);
    while let Some(current) = next.take() {
        let Some(location) = odb.locate(&current)? else {
            break;
        };
        next = location.delta_base();
        chain.push(ChainLink {
            id: current,
            location,
        });
        if chain.len() >= MAX_CHAIN_SHOWN {
            break;
        }
    }
    Ok(Some(Explanation {
        id: *id,
        header,
        chain,
    }))
}

impl Explanation {
    /// Writes the explanation as text for a person; paths are shown relative to `base` when
    /// they are below it.
    pub fn write_text(&self, base: &std::path::Path, out: &mut dyn Write) -> io::Result<()> {
        let Header { kind, size } = self.header;
        writeln!(out, "{} is a {kind} of {size} bytes.", self.id)?;
        writeln!(
            out,
            "  Its id is the SHA-1 of the header \"{kind} {size}\\0\" followed by those {size} bytes."
        )?;
        writeln!(out, "  {}", what_it_holds(kind))?;
        let show =
            |p: &PathBuf| -> String { p.strip_prefix(base).unwrap_or(p).display().to_string() };
        for (depth, link) in self.chain.iter().enumerate() {
            let lead = if depth == 0 {
                "Stored".to_string()
            } else {
                format!(
                    "{}Its base {} is stored",
                    "  ".repeat(depth),
                    link.id.to_hex_short(12)
                )
            };
            match &link.location {
                ObjectLocation::Loose { path, size_on_disk } => writeln!(
                    out,
                    "  {lead} loose in {}: {size_on_disk} bytes, zlib-deflated header and body.",
                    show(path)
                )?,
                ObjectLocation::Other => {
                    writeln!(out, "  {lead} in a store added by the program.")?
                }
                ObjectLocation::Packed { pack, entry } => {
                    let how = match entry.header.kind {
                        EntryKind::Base(k) => {
                            format!("whole ({k}, {} bytes once inflated)", entry.header.size)
                        }
                        EntryKind::OfsDelta { base_offset } => format!(
                            "as an OFS_DELTA of {} bytes against the entry at offset {base_offset}",
                            entry.header.size
                        ),
                        EntryKind::RefDelta { base } => format!(
                            "as a REF_DELTA of {} bytes against {base}",
                            entry.header.size
                        ),
                    };
                    writeln!(
                        out,
                        "  {lead} in {} at offset {}, {} bytes in the pack, {how}.",
                        show(pack),
                        entry.offset,
                        entry.size_in_pack
                    )?;
                }
            }
        }
        let deltas = self
            .chain
            .iter()
            .filter(|l| l.location.delta_base().is_some())
            .count();
        if deltas > 0 {
            writeln!(
                out,
                "  Reading it means inflating the whole base and applying {deltas} delta{} on top.",
                if deltas == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

fn what_it_holds(kind: Kind) -> &'static str {
    match kind {
        Kind::Blob => "A blob is file content: bytes only, no name, no mode.",
        Kind::Tree => {
            "A tree is a directory listing: for each entry a mode, a name and the id of a blob, \
             tree or (for a submodule) commit."
        }
        Kind::Commit => {
            "A commit names a tree, its parent commits, an author and a committer with dates, \
             and a message."
        }
        Kind::Tag => {
            "An annotated tag names an object and its kind, a tag name, a tagger and a message."
        }
    }
}
