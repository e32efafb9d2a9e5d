//! `cat-file --batch-check --json`: each answer as one JSON object on its own line (JSON Lines),
//! for tools that would otherwise parse git's text.
//!
//! # Schema `gitstore.cat-file/1`
//!
//! Every answer line is an [`Answer`]: `schema` (`"gitstore.cat-file/1"`), `input` (the name as
//! read, decoded as UTF-8 with U+FFFD for bytes that are not; `null` for
//! `--batch-all-objects`), `status` (`"found"`, `"missing"` or `"ambiguous"`), then for a found
//! object `id` (40 hex digits), `type` (`"blob"`, `"tree"`, `"commit"`, `"tag"`), `size` (bytes
//! of the body, git's `%(objectsize)`), `size_on_disk` (git's `%(objectsize:disk)`) and
//! `delta_base` (git's `%(deltabase)`, `null` rather than the null id when the object is not
//! stored as a delta); these five are `null` when the object is not found. Fields are only
//! added within version 1; a removal or a change of meaning makes version 2.

use crate::odb::locate::ObjectLocation;
use crate::{Kind, ObjectId};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// The `schema` field of every answer.
pub const SCHEMA: &str = "gitstore.cat-file/1";

/// Whether the name was answered with an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// The object exists; its fields follow.
    Found,
    /// No object by that name (git's `<name> missing`).
    Missing,
    /// The name is an ambiguous abbreviation (git's `<name> ambiguous`).
    Ambiguous,
}

/// One answer line of `--batch-check --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The name as read; `None` for `--batch-all-objects`.
    pub input: Option<Cow<'a, str>>,
    /// Found, missing or ambiguous.
    pub status: Status,
    /// The object's id.
    pub id: Option<ObjectId>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    /// Bytes of its body.
    pub size: Option<u64>,
    /// Bytes it takes where it is stored.
    pub size_on_disk: Option<u64>,
    /// Its delta base, when stored as a delta.
    pub delta_base: Option<ObjectId>,
}

fn input(name: &[u8]) -> Option<Cow<'_, str>> {
    (!name.is_empty()).then(|| String::from_utf8_lossy(name))
}

/// Writes a found object's answer (without the line's delimiter).
pub(super) fn write_found(
    out: &mut impl Write,
    name: &[u8],
    id: &ObjectId,
    kind: Kind,
    size: u64,
    location: Option<&ObjectLocation>,
) -> io::Result<()> {
    write(
        out,
        &Answer {
            schema: SCHEMA,
            input: input(name),
            status: Status::Found,
            id: Some(*id),
            kind: Some(kind),
            size: Some(size),
            size_on_disk: Some(location.map_or(0, ObjectLocation::size_on_disk)),
            delta_base: location.and_then(ObjectLocation::delta_base),
        },
    )
}

/// Writes the answer for a name with no object (without the line's delimiter).
pub(super) fn write_not_found(out: &mut impl Write, name: &[u8], status: Status) -> io::Result<()> {
    let answer = Answer {
        schema: SCHEMA,
        input: Some(String::from_utf8_lossy(name)),
        status,
        id: None,
        kind: None,
        size: None,
        size_on_disk: None,
        delta_base: None,
    };
    write(out, &answer)
}

fn write(out: &mut impl Write, answer: &Answer<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, answer).map_err(io::Error::from)
}
