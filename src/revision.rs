//! Revision expressions (`man gitrevisions`) to object ids.
//!
//! (So far: full and abbreviated object ids. Ref names and the operators come with the refs
//! module.)

use crate::error::{Error, Result};
use crate::oid::{ObjectId, Prefix};
use crate::repo::Repository;

/// Resolves `spec` to an object id. An abbreviation that matches several objects is an
/// [`Error::AmbiguousPrefix`]; one that matches none, or anything else unknown, an
/// [`Error::BadRevision`].
pub fn resolve(repo: &Repository, spec: &str) -> Result<ObjectId> {
    let bytes = spec.as_bytes();
    if bytes.len() == ObjectId::HEX_LEN {
        if let Ok(id) = ObjectId::from_hex(bytes) {
            return Ok(id);
        }
    }
    if bytes.len() >= Prefix::MIN_HEX_LEN && bytes.len() < ObjectId::HEX_LEN {
        if let Ok(prefix) = Prefix::from_hex(bytes) {
            if let Some(id) = repo.odb().resolve_prefix(&prefix)? {
                return Ok(id);
            }
        }
    }
    Err(Error::BadRevision {
        spec: spec.to_string(),
        reason: "Not a valid object name".to_string(),
    })
}
