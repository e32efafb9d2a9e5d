//! Teaching views: what git stores for an object and where, spelled out for people learning
//! git's internals (`gitstore explain <object>`).
//!
//! An [`Explanation`] says what the object is (kind, size, how its id is computed), where the
//! odb finds it (a loose file, or a pack entry), and for a packed delta the whole chain down to
//! the whole object it is rebuilt from. [`raw::raw`] shows the object's bytes cut into named
//! parts, [`delta::delta_chain`] every instruction of its delta chain. Without a repository,
//! [`hash::hash`] shows the bytes git hashes for some content ([`hash::hash_tree_lines`]: a
//! tree built from `ls-tree` lines step by step) and [`pack::pack_view`] lays a pack and its
//! index out.
//!
//! # JSON (schema `gitstore.explain/1`)
//!
//! Every view serializes (serde) and `gitstore explain --json` prints it inside an envelope
//! [`Json`]: `{"schema": "gitstore.explain/1", "view": "<name>", …the view's fields}`. The JSON
//! Schema `docs/explain.schema.json` describes every view exactly (tests validate every view
//! against it); the list below is its summary. Ids are
//! 40 hex digits, byte strings (`bytes`) lowercase hex, paths strings, kinds `"blob"`,
//! `"tree"`, `"commit"`, `"tag"`. Fields are only added within version 1; a removal or a change
//! of meaning makes version 2. Required fields per view:
//!
//! - `object` (plain `explain`): `id`, `kind`, `size`, `chain` (each `id`, `place`: the object
//!   then each delta base down to the whole object), `storage`: `store` = `loose` (`path`,
//!   `file_size`, `inflated_size`, `ratio`), `packed` (`idx`, `idx_version`, `objects`,
//!   `lookup` {`fanout_slot`, `range` [lo, hi], `probes` [positions], `position`}, `pack`,
//!   `offset`, `header_bytes`, `size_len`, `type_code`, `inflated_size`, `compressed_size`,
//!   `ratio`) or `other`.
//! - `name` (plain `explain`, beside `object` as its `name` field when the spec is not the
//!   full id): `spec`, `name`, `rules` (each `full_name`, `exists`), `refs` (each `name`,
//!   `source` {`store`: `loose` (+`path`) or `packed` (+`path`, `line`)}, `target`, `peeled`),
//!   `steps` (each `text`, `spec`, `id`).
//! - `raw`: `id`, `kind`, `size`, `bytes`, `parts` (each `offset`, `len`, `role`: one of
//!   `object_header`, `mode` (+`mode`), `space`, `name`, `nul`, `entry_id` (+`id`),
//!   `header_line` (+`field`), `blank`, `message`, `content`), `place`, `zlib` (null unless
//!   loose: `file_size`, `cmf`, `flg`, `window_size`, `level_hint`, `header_check_ok`,
//!   `deflate_len`, `adler32_stored`, `adler32_computed`).
//! - `delta`: `id`, `kind`, `size`, `hops` (each `id`, `pack`, `offset`, `size_in_pack`,
//!   `header_len`, `encoding` {`type`: `ofs_delta` (+`base_offset`, `distance`) or
//!   `ref_delta`}, `base`, `delta_size`, `base_size`, `result_size`, `instructions` (each `op`:
//!   `copy` with `at`, `result_offset`, `base_offset`, `len`, or `insert` with `at`,
//!   `result_offset`, `len`, `bytes`)), `base` (null or `id`, `place`).
//! - `hash` (`--hash`): `id`, `kind`, `size`, `header_len`, `bytes` (header then content, all of
//!   them), `parts` (as in `raw`), `tree` (null unless built from `ls-tree` lines: `lines`,
//!   `steps`, each `line`, `mode`, `stored_mode`, `kind`, `id`, `name`, `offset`, `bytes`).
//! - `pack` (`--pack`): `pack`, `pack_size`, `header` {`offset`, `len`, `version`, `objects`},
//!   `entry_count`, `entries` (the first `--limit` in pack order, each `offset`, `id`,
//!   `type_code`, `stored_as`, `kind`, `size`, `header_len`, `size_in_pack`, `base` (null or
//!   `id`, `offset`), `depth`), `truncated`, `types` (each `type_code`, `stored_as`, `entries`,
//!   `bytes`), `chains` (each `depth`, `objects`), `trailer` {`offset`, `checksum`,
//!   `checksum_ok`}, `index` {`path`, `file_size`, `version`, `objects`, `sections` (each
//!   `name`, `offset`, `len`), `fanout` (256 counts), `fanout_summary` {`empty_slots`, `min`,
//!   `max`, `max_slot`, `max_probes`}, `pack_checksum`, `pack_checksum_ok`}.
//! - `place` everywhere: `store` = `loose` (`path`, `size_on_disk`), `packed` (`pack`,
//!   `offset`, `size_in_pack`, `header_len`, `type_code`, `inflated_size`) or `other`.

use crate::error::Result;
use crate::object::{Header, Kind};
use crate::odb::locate::ObjectLocation;
use crate::oid::ObjectId;
use crate::pack::EntryKind;
use crate::repo::Repository;
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;

pub mod delta;
pub mod hash;
pub mod names;
pub mod pack;
pub mod raw;
pub mod storage;

/// The `schema` field of every JSON view.
pub const SCHEMA: &str = "gitstore.explain/1";

/// A view inside its JSON envelope: `{"schema": SCHEMA, "view": view, …fields of data}`.
#[derive(Debug, Clone, Serialize)]
pub struct Json<'a, T: Serialize> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Which view: `raw`, `delta`, …
    pub view: &'a str,
    /// The view's own fields.
    #[serde(flatten)]
    pub data: &'a T,
}

impl<'a, T: Serialize> Json<'a, T> {
    /// Wraps `data`, the view called `view`.
    pub fn new(view: &'a str, data: &'a T) -> Self {
        Json {
            schema: SCHEMA,
            view,
            data,
        }
    }
}

/// Where an object is stored, as the views report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "store", rename_all = "snake_case")]
pub enum Place {
    /// A loose file.
    Loose {
        /// The file.
        path: PathBuf,
        /// Its size.
        size_on_disk: u64,
    },
    /// A pack entry.
    Packed {
        /// The `.pack` file.
        pack: PathBuf,
        /// The entry's offset.
        offset: u64,
        /// Bytes it takes, header included.
        size_in_pack: u64,
        /// Bytes of its header.
        header_len: usize,
        /// The type code stored in the header (1-4 whole, 6 OFS_DELTA, 7 REF_DELTA).
        type_code: u8,
        /// The size the header announces (for a delta, the delta's).
        inflated_size: u64,
    },
    /// A store added by the program.
    Other,
}

/// The [`Place`] of an odb location.
pub fn place_of(location: &ObjectLocation) -> Place {
    match location {
        ObjectLocation::Loose { path, size_on_disk } => Place::Loose {
            path: path.clone(),
            size_on_disk: *size_on_disk,
        },
        ObjectLocation::Packed { pack, entry } => Place::Packed {
            pack: pack.clone(),
            offset: entry.offset,
            size_in_pack: entry.size_in_pack,
            header_len: entry.header.header_len,
            type_code: entry.header.kind.code(),
            inflated_size: entry.header.size,
        },
        ObjectLocation::Other => Place::Other,
    }
}

fn location_as_place<S: serde::Serializer>(
    location: &ObjectLocation,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    place_of(location).serialize(s)
}

fn hex_bytes<S: serde::Serializer>(bytes: &[u8], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(bytes))
}

/// How far an explanation follows a delta chain before it stops listing links.
pub const MAX_CHAIN_SHOWN: usize = 64;

/// One link of a delta chain, from the object down to its whole base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    /// The object this entry rebuilds.
    pub id: ObjectId,
    /// Where it is stored.
    #[serde(rename = "place", serialize_with = "location_as_place")]
    pub location: ObjectLocation,
}

/// Everything [`explain`] found out about one object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The object.
    pub id: ObjectId,
    /// Its kind and size.
    #[serde(flatten)]
    pub header: Header,
    /// The object and, for a delta, each base below it; the last link is stored whole (or the
    /// chain was cut at [`MAX_CHAIN_SHOWN`]).
    pub chain: Vec<ChainLink>,
    /// How the object's storage was found, step by step.
    pub storage: Option<storage::Storage>,
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
        storage: storage::storage(repo, id)?,
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
