//! The objects an object names, as git's `fsck_walk` follows them: a commit's tree then its
//! parents, a tree's entries in order (submodules skipped), a tag's target.
//!
//! The reading is lenient: it stops at the first line or entry it cannot read and keeps what it
//! read before, so that content checks (not this module) say what is wrong.

use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

/// One link from an object to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The object named.
    pub id: ObjectId,
    /// The kind the link says it is (`None` for a tag's target of unknown type).
    pub kind: Option<Kind>,
    /// For a tree entry, its name; empty otherwise.
    pub name: BString,
}

/// Why git's object parser (`parse_commit_buffer`, `parse_tag_buffer`) refuses an object before
/// any fsck check sees it; git then treats the object as unreadable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseFailure {
    /// No `tree <hex>` first line (git: `bogus commit object <id>`).
    BogusCommit,
    /// The `tree` line's id is no hex (git: `bad tree pointer in commit <id>`).
    BadTreePointer,
    /// A `parent` line is malformed (git: `bad parents in commit <id>`).
    BadParents,
    /// A tag's `object`, `type` or `tag` line is missing or malformed (git says nothing).
    Tag,
    /// A tag's type is none of git's four (git: `unknown tag type '<type>' in <id>`).
    UnknownTagType(BString),
}

/// Whether git's object parser refuses the body, and why (trees and blobs always parse).
pub fn parse_failure(kind: Kind, data: &[u8]) -> Option<ParseFailure> {
    match kind {
        Kind::Commit => commit_parse_failure(data),
        Kind::Tag => tag_parse_failure(data),
        Kind::Tree | Kind::Blob => None,
    }
}

fn commit_parse_failure(data: &[u8]) -> Option<ParseFailure> {
    const TREE_LINE: usize = 5 + ObjectId::HEX_LEN;
    const PARENT_LINE: usize = 7 + ObjectId::HEX_LEN;
    if data.len() <= TREE_LINE + 1 || !data.starts_with(b"tree ") || data[TREE_LINE] != b'\n' {
        return Some(ParseFailure::BogusCommit);
    }
    if ObjectId::from_hex(&data[5..TREE_LINE]).is_err() {
        return Some(ParseFailure::BadTreePointer);
    }
    let mut pos = TREE_LINE + 1;
    while pos + PARENT_LINE < data.len() && data[pos..].starts_with(b"parent ") {
        let good = data.len() > pos + PARENT_LINE + 1
            && ObjectId::from_hex(&data[pos + 7..pos + PARENT_LINE]).is_ok()
            && data[pos + PARENT_LINE] == b'\n';
        if !good {
            return Some(ParseFailure::BadParents);
        }
        pos += PARENT_LINE + 1;
    }
    None
}

fn tag_parse_failure(data: &[u8]) -> Option<ParseFailure> {
    let fail = Some(ParseFailure::Tag);
    if data.len() < ObjectId::HEX_LEN + 24 {
        return fail;
    }
    let hex_end = 7 + ObjectId::HEX_LEN;
    if !data.starts_with(b"object ")
        || ObjectId::from_hex(&data[7..hex_end]).is_err()
        || data.get(hex_end) != Some(&b'\n')
    {
        return fail;
    }
    let rest = &data[hex_end + 1..];
    let Some(rest) = rest.strip_prefix(b"type ") else {
        return fail;
    };
    let Some(nl) = rest.find_byte(b'\n') else {
        return fail;
    };
    if nl >= 20 {
        return fail;
    }
    if Kind::from_bytes(&rest[..nl]).is_none() {
        return Some(ParseFailure::UnknownTagType(BString::from(&rest[..nl])));
    }
    let rest = &rest[nl + 1..];
    if !(rest.len() > 4 && rest.starts_with(b"tag ") && rest[4..].contains(&b'\n')) {
        return fail;
    }
    None
}

/// What [`links`] found in a tag besides its target: the `tag` line's name.
pub fn tag_name(data: &[u8]) -> Option<&[u8]> {
    data.lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(b"tag "))
}

/// The links of an object of `kind` whose body is `data`, in git's walking order.
pub fn links(kind: Kind, data: &[u8]) -> Vec<Link> {
    match kind {
        Kind::Blob => Vec::new(),
        Kind::Tree => tree_links(data),
        Kind::Commit => commit_links(data),
        Kind::Tag => tag_link(data).into_iter().collect(),
    }
}

fn hex_line(line: &[u8], prefix: &[u8]) -> Option<ObjectId> {
    line.strip_prefix(prefix)
        .and_then(|hex| ObjectId::from_hex(hex).ok())
}

fn link(id: ObjectId, kind: Option<Kind>) -> Link {
    Link {
        id,
        kind,
        name: BString::default(),
    }
}

fn commit_links(data: &[u8]) -> Vec<Link> {
    let mut lines = data.lines();
    let Some(tree) = lines.next().and_then(|l| hex_line(l, b"tree ")) else {
        return Vec::new();
    };
    let mut out = vec![link(tree, Some(Kind::Tree))];
    for line in lines {
        match hex_line(line, b"parent ") {
            Some(p) => out.push(link(p, Some(Kind::Commit))),
            None => break,
        }
    }
    out
}

fn tag_link(data: &[u8]) -> Option<Link> {
    let mut lines = data.lines();
    let id = lines.next().and_then(|l| hex_line(l, b"object "))?;
    let kind = lines
        .next()
        .and_then(|l| l.strip_prefix(b"type "))
        .and_then(Kind::from_bytes);
    Some(link(id, kind))
}

const S_IFMT: u32 = 0o170000;
const S_IFDIR: u32 = 0o040000;
const S_IFREG: u32 = 0o100000;
const S_IFLNK: u32 = 0o120000;

fn tree_links(mut data: &[u8]) -> Vec<Link> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let Some(space) = data.find_byte(b' ') else {
            break;
        };
        let Some(mode) = data[..space].iter().try_fold(0u32, |m, &c| {
            (b'0'..=b'7')
                .contains(&c)
                .then(|| m.wrapping_mul(8).wrapping_add(u32::from(c - b'0')))
        }) else {
            break;
        };
        let rest = &data[space + 1..];
        let Some(nul) = rest.find_byte(0) else {
            break;
        };
        let Some(id) = rest
            .get(nul + 1..nul + 1 + ObjectId::LEN)
            .and_then(ObjectId::from_bytes)
        else {
            break;
        };
        let kind = match mode & S_IFMT {
            S_IFDIR => Some(Kind::Tree),
            S_IFREG | S_IFLNK => Some(Kind::Blob),
            _ => None,
        };
        if let Some(kind) = kind {
            out.push(Link {
                id,
                kind: Some(kind),
                name: BString::from(&rest[..nul]),
            });
        }
        data = &rest[nul + 1 + ObjectId::LEN..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_links_are_tree_then_parents() {
        let t = "1".repeat(40);
        let p = "2".repeat(40);
        let body = format!("tree {t}\nparent {p}\nauthor a <a> 1 +0000\n\nm\n");
        let l = links(Kind::Commit, body.as_bytes());
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].kind, Some(Kind::Tree));
        assert_eq!(l[1].id.to_string(), p);
    }

    #[test]
    fn tree_links_skip_submodules() {
        let mut body = b"160000 sub\0".to_vec();
        body.extend_from_slice(&[1; 20]);
        body.extend_from_slice(b"100644 a\0");
        body.extend_from_slice(&[2; 20]);
        let l = links(Kind::Tree, &body);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].name, "a");
    }
}
