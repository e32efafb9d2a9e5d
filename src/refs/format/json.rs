//! `for-each-ref --json`: the refs a listing selects, as data.
//!
//! # Schema `gitstore.for-each-ref/1`
//!
//! `{"schema": "gitstore.for-each-ref/1", "refs": [...]}`, the refs in the listing's order
//! (after `--sort`, `--count`, `--points-at` and patterns), each a [`RefEntry`]: `name` (the
//! full ref name, git's `%(refname)`), `id` (40 hex digits, `%(objectname)`), `type` (the
//! object's type, `%(objecttype)`; `null` when the object is missing), `size`
//! (`%(objectsize)`, `null` when missing), `symref` (for a symbolic ref the ref it points at,
//! `%(symref)`, else `null`) and `peeled` (for an annotated tag the object it peels to,
//! `%(*objectname)`, else `null`). Names are decoded as UTF-8 with U+FFFD for bytes that are
//! not. Fields are only added within version 1; a removal or a change of meaning makes
//! version 2.

use super::{Formatter, RefItem};
use crate::error::Result;
use crate::object::Kind;
use crate::oid::ObjectId;
use serde::Serialize;

/// The `schema` field of `for-each-ref --json`.
pub const SCHEMA: &str = "gitstore.for-each-ref/1";

/// One ref of the listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefEntry {
    /// The full name.
    pub name: String,
    /// The id it resolves to.
    pub id: ObjectId,
    /// The type of that object.
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    /// The size of that object.
    pub size: Option<u64>,
    /// For a symbolic ref, the ref at the end of its chain.
    pub symref: Option<String>,
    /// For an annotated tag, what it peels to.
    pub peeled: Option<ObjectId>,
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefListing {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The refs, in listing order.
    pub refs: Vec<RefEntry>,
}

impl Formatter<'_> {
    /// `item` as `for-each-ref --json` gives it.
    pub fn json_entry(&mut self, item: &RefItem) -> Result<RefEntry> {
        let (kind, size) = match self.object(&item.id, false)? {
            Some(o) => (Some(o.kind), Some(o.size)),
            None => (None, None),
        };
        let peeled = match kind {
            Some(Kind::Tag) => self.peel(item)?,
            _ => None,
        };
        Ok(RefEntry {
            name: String::from_utf8_lossy(item.name.as_bytes()).into_owned(),
            id: item.id,
            kind,
            size,
            symref: item
                .symref
                .as_ref()
                .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned()),
            peeled,
        })
    }
}
