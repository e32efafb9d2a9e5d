//! Reflogs: `.git/logs/<refname>`, one line appended per update of the ref.
//!
//! ```text
//! <old id> <new id> <Name> <<email>> <seconds> <tz>\t<message>\n
//! ```
//!
//! The old id of a created ref and the new id of a deleted one are forty zeros. Without a message
//! git writes no tab at all. Messages are squashed onto one line as git's `copy_reflog_msg` does:
//! runs of whitespace become one space, leading and trailing whitespace go. The file is in
//! chronological order: the newest entry is the last line, `@{0}`.

use crate::object::{Signature, SignatureRef};
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

/// One reflog line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflogEntry {
    /// The ref's value before the update (null when it was created).
    pub old: ObjectId,
    /// The ref's value after the update (null when it was deleted).
    pub new: ObjectId,
    /// Who made the update, and when.
    pub committer: Signature,
    /// The message, possibly empty.
    pub message: BString,
}

/// Every value a reflog records the ref at, oldest first: the first entry's old value, then
/// each entry's new value (git's `collect_one_reflog_ent` order, as `--fork-point` reads it).
pub fn values(entries: &[ReflogEntry]) -> Vec<ObjectId> {
    let first = entries.first().map(|e| e.old);
    first
        .into_iter()
        .chain(entries.iter().map(|e| e.new))
        .collect()
}

fn is_git_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// git's `copy_reflog_msg`: whitespace runs become one space; leading and trailing whitespace
/// are dropped.
pub fn normalize_message(msg: &[u8]) -> BString {
    let mut out = Vec::with_capacity(msg.len());
    let mut was_space = true;
    for &c in msg {
        if was_space && is_git_space(c) {
            continue;
        }
        was_space = is_git_space(c);
        out.push(if was_space { b' ' } else { c });
    }
    while out.last().is_some_and(|&b| is_git_space(b)) {
        out.pop();
    }
    out.into()
}

/// The line git appends for an update (the message is normalized here).
pub fn format_line(
    old: &ObjectId,
    new: &ObjectId,
    committer: &Signature,
    message: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(160);
    out.extend_from_slice(old.to_hex().as_bytes());
    out.push(b' ');
    out.extend_from_slice(new.to_hex().as_bytes());
    out.push(b' ');
    out.extend_from_slice(&committer.to_bstring());
    let msg = normalize_message(message);
    if !msg.is_empty() {
        out.push(b'\t');
        out.extend_from_slice(&msg);
    }
    out.push(b'\n');
    out
}

/// What is wrong with a reflog line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReflogLineProblem {
    /// The line ends before both object ids.
    #[error("line too short")]
    TooShort,
    /// The old object id is not hex.
    #[error("bad old object id")]
    BadOldId,
    /// No space after the old object id.
    #[error("no space after the old object id")]
    NoSpaceAfterOld,
    /// The new object id is not hex.
    #[error("bad new object id")]
    BadNewId,
    /// No space after the new object id.
    #[error("no space after the new object id")]
    NoSpaceAfterNew,
    /// The identity is not `Name <email> time zone`.
    #[error("bad committer identity")]
    BadIdentity,
}

/// Parses one reflog line (without its newline).
pub fn parse_line(line: &[u8]) -> Result<ReflogEntry, ReflogLineProblem> {
    use ReflogLineProblem as P;
    let old = line.get(..40).ok_or(P::TooShort)?;
    let old = ObjectId::from_hex(old).map_err(|_| P::BadOldId)?;
    if line.get(40) != Some(&b' ') {
        return Err(P::NoSpaceAfterOld);
    }
    let new = line.get(41..81).ok_or(P::TooShort)?;
    let new = ObjectId::from_hex(new).map_err(|_| P::BadNewId)?;
    let rest = line
        .get(81..)
        .and_then(|r| r.strip_prefix(b" "))
        .ok_or(P::NoSpaceAfterNew)?;
    let (ident, message) = match rest.find_byte(b'\t') {
        Some(tab) => (&rest[..tab], &rest[tab + 1..]),
        None => (rest, &b""[..]),
    };
    let committer = SignatureRef::parse(ident)
        .map_err(|_| P::BadIdentity)?
        .to_owned();
    Ok(ReflogEntry {
        old,
        new,
        committer,
        message: message.into(),
    })
}

/// Parses a whole reflog file, oldest entry first. Lines that do not parse are skipped, as git
/// skips them.
pub fn parse_log(content: &[u8]) -> Vec<ReflogEntry> {
    content
        .lines()
        .filter_map(|line| parse_line(line).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_the_first_old_then_every_new() {
        let sig = Signature::new("C O", "c@x", 1700000000, "+0100");
        let id = |n: u8| ObjectId::from_raw([n; 20]);
        let entry = |old, new| ReflogEntry {
            old,
            new,
            committer: sig.clone(),
            message: "m".into(),
        };
        let log = [
            entry(id(1), id(2)),
            entry(id(2), id(3)),
            entry(id(9), id(4)),
        ];
        assert_eq!(values(&log), [id(1), id(2), id(3), id(4)]);
        assert!(values(&[]).is_empty());
    }

    #[test]
    fn messages_are_squashed_like_git() {
        assert_eq!(normalize_message(b"multi\nline   msg\n"), "multi line msg");
        assert_eq!(normalize_message(b"  lead\ttab  "), "lead tab");
        assert_eq!(normalize_message(b" \n "), "");
    }

    #[test]
    fn line_round_trips_with_and_without_message() {
        let sig = Signature::new("C O", "c@x", 1700000000, "+0100");
        let a: ObjectId = "6007436ec4f773ec8f65df3bc8c4ce4c4b0b56e8".parse().unwrap();
        let line = format_line(&ObjectId::null(), &a, &sig, b"");
        assert_eq!(
            line,
            b"0000000000000000000000000000000000000000 6007436ec4f773ec8f65df3bc8c4ce4c4b0b56e8 C O <c@x> 1700000000 +0100\n"
        );
        let e = parse_line(line.trim_end()).unwrap();
        assert_eq!(
            (e.old, e.new, e.message.as_slice()),
            (ObjectId::null(), a, &b""[..])
        );
        let line = format_line(&a, &a, &sig, b"commit: two");
        let e = parse_line(line.trim_end()).unwrap();
        assert_eq!(e.message, "commit: two");
        assert_eq!(e.committer, sig);
    }
}
