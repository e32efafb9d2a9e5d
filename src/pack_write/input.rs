//! The object list `pack-objects` reads on stdin without `--revs`, one object a line:
//!
//! ```text
//! <id>[ <path>]     an object to pack; the path (after one separator byte) feeds name_hash
//! -<id>             an edge: an object the reader has, usable as a delta base, not written
//! ```
//!
//! With `--revs` it reads revision arguments instead ([`parse_revs_line`]), as git's
//! `get_object_list`:
//!
//! ```text
//! <revision>        a tip of the walk (`^<revision>` hides it, as on a command line)
//! --not             flips whether the revisions after it are hidden
//! --shallow <id>    a shallow boundary of the reader (gitstore has no shallow support: ignored)
//! (empty line)      ignored
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

/// One line of `pack-objects --revs` input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevsLine<'a> {
    /// An empty line.
    Blank,
    /// `--not`: the revisions after it are hidden if they were shown, and shown if hidden.
    Not,
    /// `--shallow <id>`: a shallow boundary of the reader.
    Shallow(&'a [u8]),
    /// A revision argument.
    Revision(&'a [u8]),
}

/// Reads one `--revs` line (without its newline).
///
/// ```
/// use gitstore::pack_write::input::{parse_revs_line, RevsLine};
/// assert_eq!(parse_revs_line(b"--not"), RevsLine::Not);
/// assert_eq!(parse_revs_line(b"main~2"), RevsLine::Revision(b"main~2"));
/// ```
pub fn parse_revs_line(line: &[u8]) -> RevsLine<'_> {
    match line {
        b"" => RevsLine::Blank,
        b"--not" => RevsLine::Not,
        _ => match line.strip_prefix(b"--shallow ") {
            Some(id) => RevsLine::Shallow(id),
            None => RevsLine::Revision(line),
        },
    }
}

fn hex_id(line: &[u8]) -> Option<ObjectId> {
    let hex = line.get(..ObjectId::HEX_LEN)?;
    std::str::from_utf8(hex).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revs_lines_are_blank_not_shallow_or_a_revision() {
        assert_eq!(parse_revs_line(b""), RevsLine::Blank);
        assert_eq!(parse_revs_line(b"--not"), RevsLine::Not);
        assert_eq!(
            parse_revs_line(b"--shallow 1234"),
            RevsLine::Shallow(b"1234")
        );
        assert_eq!(
            parse_revs_line(b"--shallow"),
            RevsLine::Revision(b"--shallow")
        );
        assert_eq!(parse_revs_line(b"^HEAD~1"), RevsLine::Revision(b"^HEAD~1"));
    }
}
