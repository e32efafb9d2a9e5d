//! Loose refs: one small file per ref under `.git/` (`.git/HEAD`, `.git/refs/heads/main`).
//!
//! A file holds either an object id — 40 hex digits and a newline — or a symbolic ref,
//! `ref: <target>\n`. git writes exactly those forms; it reads a little more leniently (anything
//! after the 40 digits once whitespace follows, spaces around the target), and so do we.

use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

/// What a loose ref file says, before the symref target is checked as a ref name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LooseValue {
    /// An object id.
    Object(ObjectId),
    /// `ref: <target>`, the target trimmed but not validated.
    Symbolic(BString),
}

/// What is wrong with a loose ref file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LooseRefProblem {
    /// `ref:` with nothing after it.
    #[error("empty symbolic ref target")]
    EmptySymbolicTarget,
    /// Fewer bytes than an object id in hex.
    #[error("too short for an object id")]
    TooShort,
    /// The first 40 bytes are not an object id in hex.
    #[error("not an object id")]
    NotAnObjectId,
    /// The object id is followed by something other than whitespace.
    #[error("trailing garbage after the object id")]
    TrailingGarbage,
    /// A symbolic link (git's old form of a symbolic ref) to a path outside `refs/`.
    #[error("symbolic link that does not point into refs/")]
    SymlinkOutsideRefs,
}

/// Parses the content of a loose ref file (git's `parse_loose_ref_contents`).
pub fn parse_loose(content: &[u8]) -> Result<LooseValue, LooseRefProblem> {
    if let Some(rest) = content.strip_prefix(b"ref:") {
        let target = rest.trim_with(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
        if target.is_empty() {
            return Err(LooseRefProblem::EmptySymbolicTarget);
        }
        return Ok(LooseValue::Symbolic(target.into()));
    }
    let hex = content
        .get(..ObjectId::HEX_LEN)
        .ok_or(LooseRefProblem::TooShort)?;
    let id = ObjectId::from_hex(hex).map_err(|_| LooseRefProblem::NotAnObjectId)?;
    match content.get(ObjectId::HEX_LEN) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r') => Ok(LooseValue::Object(id)),
        Some(_) => Err(LooseRefProblem::TrailingGarbage),
    }
}

/// The bytes git writes for a ref pointing at `id`.
pub fn object_content(id: &ObjectId) -> Vec<u8> {
    let mut v = id.to_hex().into_bytes();
    v.push(b'\n');
    v
}

/// The bytes git writes for a symbolic ref to `target`.
pub fn symbolic_content(target: &[u8]) -> Vec<u8> {
    let mut v = b"ref: ".to_vec();
    v.extend_from_slice(target);
    v.push(b'\n');
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_refuses_garbage() {
        let hex = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
        let id: ObjectId = hex.parse().unwrap();
        assert_eq!(
            parse_loose(format!("{hex}\n").as_bytes()),
            Ok(LooseValue::Object(id))
        );
        assert_eq!(parse_loose(hex.as_bytes()), Ok(LooseValue::Object(id)));
        assert_eq!(
            parse_loose(b"ref: refs/heads/main\n"),
            Ok(LooseValue::Symbolic("refs/heads/main".into()))
        );
        assert_eq!(
            parse_loose(b"ref:refs/x"),
            Ok(LooseValue::Symbolic("refs/x".into()))
        );
        for bad in [
            &b""[..],
            b"ref: \n",
            b"e69de29b\n",
            format!("{hex}x").as_bytes(),
        ] {
            assert!(parse_loose(bad).is_err(), "{:?}", bad.as_bstr());
        }
        assert_eq!(
            parse_loose(&object_content(&id)),
            Ok(LooseValue::Object(id))
        );
    }
}
