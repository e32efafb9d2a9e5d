//! The object list `pack-objects` reads on stdin without `--revs`, one object a line:
//!
//! ```text
//! <id>[ <path>]     an object to pack; the path (after one separator byte) feeds name_hash
//! -<id>             an edge: an object the reader has, usable as a delta base, not written
//! ```

use super::PackObject;
use crate::oid::ObjectId;

/// One line of the object list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectLine {
    /// An object to write.
    Object(PackObject),
    /// An edge object (a preferred base).
    Edge(ObjectId),
}

/// A line that does not start with an object id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ObjectLineError {
    /// An object line without its id.
    #[error("expected object ID")]
    Object,
    /// An edge line (`-…`) without its id.
    #[error("expected edge object ID")]
    Edge,
}

/// Parses one line of the object list (`line` without its newline).
///
/// ```
/// use gitstore::pack_write::input::{parse_object_line, ObjectLine};
/// let line = b"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 src/empty";
/// let ObjectLine::Object(o) = parse_object_line(line)? else { unreachable!() };
/// assert_eq!(o.name_hash, gitstore::pack_write::name_hash(b"src/empty"));
/// # Ok::<(), gitstore::pack_write::input::ObjectLineError>(())
/// ```
pub fn parse_object_line(line: &[u8]) -> Result<ObjectLine, ObjectLineError> {
    if let Some(edge) = line.strip_prefix(b"-") {
        return hex_id(edge)
            .map(ObjectLine::Edge)
            .ok_or(ObjectLineError::Edge);
    }
    let id = hex_id(line).ok_or(ObjectLineError::Object)?;
    let path = line.get(ObjectId::HEX_LEN + 1..).unwrap_or(b"");
    Ok(ObjectLine::Object(PackObject::with_path(id, path)))
}

fn hex_id(line: &[u8]) -> Option<ObjectId> {
    let hex = line.get(..ObjectId::HEX_LEN)?;
    std::str::from_utf8(hex).ok()?.parse().ok()
}
