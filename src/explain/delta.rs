//! The delta view (`gitstore explain --delta`): how a packed object is rebuilt, hop by hop,
//! from the whole object at the bottom of its delta chain.
//!
//! ```text
//! object ── delta (OFS_DELTA: base N bytes back in the same pack; REF_DELTA: base by id)
//!   base ── delta ── … ── whole object
//! each delta: base size varint, result size varint, then copy/insert instructions
//! (see crate::pack::delta)
//! ```

use super::{place_of, Place, MAX_CHAIN_SHOWN};
use crate::error::Result;
use crate::object::Kind;
use crate::odb::locate::ObjectLocation;
use crate::oid::ObjectId;
use crate::pack::delta::{self, Instruction};
use crate::pack::EntryKind;
use crate::repo::Repository;
use serde::Serialize;

/// An object's delta chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeltaView {
    /// The object.
    pub id: ObjectId,
    /// Its kind.
    pub kind: Kind,
    /// Its size.
    pub size: u64,
    /// Each delta, from the object down; empty when the object is stored whole.
    pub hops: Vec<DeltaHop>,
    /// The object at the bottom of the chain, stored whole (`None` when the chain was cut at
    /// [`MAX_CHAIN_SHOWN`] hops or its base is missing).
    pub base: Option<ChainBase>,
}

/// One delta of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeltaHop {
    /// The object this delta rebuilds.
    pub id: ObjectId,
    /// The `.pack` file holding the delta.
    pub pack: std::path::PathBuf,
    /// The entry's offset in the pack.
    pub offset: u64,
    /// Bytes the entry takes in the pack, header included.
    pub size_in_pack: u64,
    /// Bytes of the entry header (type, size, then the base offset or id).
    pub header_len: usize,
    /// How the base is named.
    pub encoding: BaseEncoding,
    /// The base object.
    pub base: ObjectId,
    /// The delta's size once inflated (what `verify-pack -v` shows as its size).
    pub delta_size: u64,
    /// The base size the delta announces.
    pub base_size: u64,
    /// The result size the delta announces.
    pub result_size: u64,
    /// Every instruction, in order.
    pub instructions: Vec<DeltaOp>,
}

/// How a delta entry names its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BaseEncoding {
    /// OFS_DELTA (type 6): the base is `distance` bytes before the entry.
    OfsDelta {
        /// The base entry's offset.
        base_offset: u64,
        /// The entry's offset minus the base's, as the header encodes it.
        distance: u64,
    },
    /// REF_DELTA (type 7): the base's 20-byte id follows the header.
    RefDelta,
}

/// One delta instruction and where it writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DeltaOp {
    /// Copies `len` bytes of the base from `base_offset`.
    Copy {
        /// Offset of the instruction in the inflated delta.
        at: usize,
        /// Where it writes in the result.
        result_offset: u64,
        /// Where the copied bytes start in the base.
        base_offset: u64,
        /// How many bytes.
        len: u64,
    },
    /// Inserts bytes carried by the delta.
    Insert {
        /// Offset of the instruction in the inflated delta.
        at: usize,
        /// Where it writes in the result.
        result_offset: u64,
        /// How many bytes.
        len: u64,
        /// The bytes.
        #[serde(serialize_with = "super::hex_bytes")]
        bytes: Vec<u8>,
    },
}

/// The whole object a chain ends at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBase {
    /// Its id.
    pub id: ObjectId,
    /// Where it is stored.
    pub place: Place,
}

/// The delta view of object `id`; `None` when the repository does not have it.
pub fn delta_chain(repo: &Repository, id: &ObjectId) -> Result<Option<DeltaView>> {
    let odb = repo.odb();
    let Some(header) = odb.try_read_header(id)? else {
        return Ok(None);
    };
    let mut hops = Vec::new();
    let mut base = None;
    let mut current = *id;
    let mut buf = Vec::new();
    while hops.len() < MAX_CHAIN_SHOWN {
        let Some(location) = odb.locate(&current)? else {
            break;
        };
        let ObjectLocation::Packed { pack: path, entry } = &location else {
            base = Some(ChainBase {
                id: current,
                place: place_of(&location),
            });
            break;
        };
        let (encoding, base_id) = match (entry.header.kind, entry.base) {
            (EntryKind::OfsDelta { base_offset }, Some(b)) => (
                BaseEncoding::OfsDelta {
                    base_offset,
                    distance: entry.offset.saturating_sub(base_offset),
                },
                b,
            ),
            (EntryKind::RefDelta { base }, _) => (BaseEncoding::RefDelta, base),
            _ => {
                base = Some(ChainBase {
                    id: current,
                    place: place_of(&location),
                });
                break;
            }
        };
        let Some(pack) = odb.packs().into_iter().find(|p| p.pack_path() == path) else {
            break;
        };
        pack.data()?.inflate_entry(
            entry.offset,
            &entry.header,
            &mut buf,
            odb.limits().max_object_size,
        )?;
        let (base_size, result_size, _) = delta::parse_sizes(&buf)?;
        let mut instructions = Vec::new();
        let mut written = 0u64;
        for step in delta::instructions(&buf)? {
            let (at, op) = step?;
            let op = match op {
                Instruction::Copy { offset, size } => DeltaOp::Copy {
                    at,
                    result_offset: written,
                    base_offset: offset as u64,
                    len: size as u64,
                },
                Instruction::Insert(bytes) => DeltaOp::Insert {
                    at,
                    result_offset: written,
                    len: bytes.len() as u64,
                    bytes: bytes.to_vec(),
                },
            };
            written = written.saturating_add(match &op {
                DeltaOp::Copy { len, .. } | DeltaOp::Insert { len, .. } => *len,
            });
            instructions.push(op);
        }
        hops.push(DeltaHop {
            id: current,
            pack: path.clone(),
            offset: entry.offset,
            size_in_pack: entry.size_in_pack,
            header_len: entry.header.header_len,
            encoding,
            base: base_id,
            delta_size: entry.header.size,
            base_size,
            result_size,
            instructions,
        });
        current = base_id;
    }
    Ok(Some(DeltaView {
        id: *id,
        kind: header.kind,
        size: header.size,
        hops,
        base,
    }))
}
