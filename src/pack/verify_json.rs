//! `verify-pack -v --json`: what `git verify-pack -v` prints, as data.
//!
//! # Schema `gitstore.verify-pack/1`
//!
//! `{"schema": "gitstore.verify-pack/1", "packs": [...]}`, one [`PackJson`] per pack named, in
//! order: `pack` (the `.pack` path as given), `ok` (the verdict), `index_version` (`null` when
//! the pack could not be described), `objects` (in pack order, as the text lists them, each
//! `id`, `type` (for a delta, the type of the whole object at the bottom of its chain),
//! `size` (the size in the entry's header: the object's, or for a delta the delta's, which is
//! what git prints), `object_size` (the rebuilt object's size), `size_in_pack`, `offset`,
//! `depth` (0 for a whole object), `base` (the delta base or `null`), `crc32`), and
//! `histogram` (`non_delta`: whole objects; `chains`: each `length`, `objects`, for every
//! chain length with objects). Fields are only added within version 1; a removal or a change
//! of meaning makes version 2.

use super::verify::{VerifiedObject, VerifyReport};
use crate::object::Kind;
use crate::oid::ObjectId;
use serde::Serialize;
use std::path::PathBuf;

/// The `schema` field of `verify-pack --json`.
pub const SCHEMA: &str = "gitstore.verify-pack/1";

/// One entry of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectJson {
    /// The object id.
    pub id: ObjectId,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// The size in the entry header (git's column).
    pub size: u64,
    /// The object's size once rebuilt.
    pub object_size: u64,
    /// Bytes the entry takes in the pack.
    pub size_in_pack: u64,
    /// The entry's offset.
    pub offset: u64,
    /// Deltas down to a whole object.
    pub depth: u32,
    /// The delta base.
    pub base: Option<ObjectId>,
    /// CRC32 of the entry's bytes.
    pub crc32: u32,
}

impl From<&VerifiedObject> for ObjectJson {
    fn from(o: &VerifiedObject) -> Self {
        ObjectJson {
            id: o.id,
            kind: o.kind,
            size: o.entry_size,
            object_size: o.size,
            size_in_pack: o.size_in_pack,
            offset: o.offset,
            depth: o.depth,
            base: o.base.filter(|_| o.depth > 0),
            crc32: o.crc32,
        }
    }
}

/// Objects per delta chain length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainCount {
    /// The chain length.
    pub length: u32,
    /// Objects at that length.
    pub objects: usize,
}

/// The delta chain histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Histogram {
    /// Whole objects.
    pub non_delta: usize,
    /// Each chain length with objects.
    pub chains: Vec<ChainCount>,
}

/// One pack's verdict and description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackJson {
    /// The `.pack` file.
    pub pack: PathBuf,
    /// Whether the pack and its index are good.
    pub ok: bool,
    /// The index version, when the pack was described.
    pub index_version: Option<u32>,
    /// The entries in pack order.
    pub objects: Vec<ObjectJson>,
    /// The delta chain histogram.
    pub histogram: Histogram,
}

impl PackJson {
    /// The JSON view of one pack: its report (if it could be read) and verdict.
    pub fn new(pack: PathBuf, report: Option<&VerifyReport>, ok: bool) -> PackJson {
        let (non_delta, chains) = report.map(VerifyReport::histogram).unwrap_or_default();
        PackJson {
            pack,
            ok,
            index_version: report.map(|r| r.index_version),
            objects: report
                .map(|r| r.objects.iter().map(ObjectJson::from).collect())
                .unwrap_or_default(),
            histogram: Histogram {
                non_delta,
                chains: chains
                    .into_iter()
                    .map(|(length, objects)| ChainCount { length, objects })
                    .collect(),
            },
        }
    }
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyJson {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// One per pack named.
    pub packs: Vec<PackJson>,
}
