//! The index (`.git/index`, git's "cache"), read as git's `read-cache.c` reads it: the staged
//! entries, the cache tree (the trees `write-tree` would write, kept so that a commit need not
//! hash the whole tree again) and the resolve-undo records (the stages a resolved conflict had).
//! Nothing here writes an index; `repack` and `fsck` only need to know which objects it names.
//!
//! ```text
//! "DIRC" u32 BE version (2, 3, 4)  u32 BE entry count
//! entry: ctime mtime (8 + 8) dev ino mode uid gid size (6 × 4)  oid (20)  flags (2)
//!        flags: assume-valid (1 bit) extended (1) stage (2) name length (12, 0xfff = longer)
//!        [extended flags (2), v3+ when flags & 0x4000: intent-to-add, skip-worktree]
//!        v2/v3: path NUL, padded with NULs to a multiple of 8 bytes from the entry's start
//!        v4:    varint (bytes to drop from the previous path), suffix NUL
//! extension: signature (4) u32 BE size, data   ("A".."Z" first: optional; else required)
//!   TREE: path NUL  entry count (ASCII, -1 = invalid) SP  subtree count (ASCII) LF
//!         [oid (20) when the entry count is not negative]  then each subtree, recursively
//!   REUC: path NUL  3 × (octal mode NUL)  an oid (20) for each mode that is not 0
//!   link: the shared index's id (20), then which of its entries are replaced or deleted
//! SHA-1 of everything above (20; all zero when `index.skipHash` wrote it)
//! ```

use crate::hash::FileChecksum;
use crate::limits::Limits;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

/// An index file, as far as its objects go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// The format version (2, 3 or 4).
    pub version: u32,
    /// The entries, in the file's order (by path, then stage).
    pub entries: Vec<Entry>,
    /// The `TREE` extension, when present and readable.
    pub cache_tree: Option<CacheTree>,
    /// The `REUC` extension's records, sorted by path, when present.
    pub resolve_undo: Vec<ResolveUndo>,
    /// With a split index (`link` extension), the shared index holding the other entries
    /// (`sharedindex.<id>` beside this file).
    pub shared_index: Option<ObjectId>,
    /// What git says, but goes on, while reading the file.
    pub warnings: Vec<IndexWarning>,
}

/// One staged path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file mode (`0o100644`, `0o120000`, `0o160000` for a submodule…).
    pub mode: u32,
    /// The object staged.
    pub id: ObjectId,
    /// The merge stage: 0, or 1–3 during a conflict.
    pub stage: u8,
    /// The path from the top of the work tree.
    pub path: BString,
}

impl Entry {
    /// Whether the entry is a submodule's commit (a gitlink), which names no object here.
    pub fn is_gitlink(&self) -> bool {
        self.mode & 0o170000 == 0o160000
    }
}

/// One node of the cache tree: a directory and the tree object written for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheTree {
    /// The directory's name inside its parent (empty at the top).
    pub name: BString,
    /// Entries the tree covers; negative when invalidated (then `id` is `None`).
    pub entry_count: i64,
    /// The tree object, when valid.
    pub id: Option<ObjectId>,
    /// The subdirectories, in git's order: shorter names first, then bytewise.
    pub subtrees: Vec<CacheTree>,
}

/// What a resolved conflict's stages were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveUndo {
    /// The path.
    pub path: BString,
    /// Stages 1 to 3: mode and object, when the stage existed.
    pub stages: [Option<(u32, ObjectId)>; 3],
}

/// Something git reports and reads past.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexWarning {
    /// An optional extension git does not know (`ignoring XXXX extension`).
    IgnoredExtension([u8; 4]),
    /// The `REUC` extension cannot be read; it is dropped.
    InvalidResolveUndo,
}

/// Why an index cannot be read (git dies on each).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// Shorter than a header and a checksum.
    #[error("index file smaller than expected")]
    TooSmall,
    /// Not `DIRC`.
    #[error("bad signature 0x{0:08x}")]
    BadSignature(u32),
    /// A version other than 2, 3 or 4.
    #[error("bad index version {0}")]
    BadVersion(u32),
    /// The trailing SHA-1 does not match the content.
    #[error("bad index file sha1 signature")]
    BadChecksum,
    /// A required extension git does not know.
    #[error("index uses {} extension, which we do not understand", .0.as_bstr())]
    UnknownExtension([u8; 4]),
    /// Extended flags git does not know.
    #[error("unknown index entry format 0x{0:08x}")]
    UnknownEntryFormat(u32),
    /// Entries out of order.
    #[error("unordered stage entries in index")]
    Unordered,
    /// A path at stage 0 and at another stage.
    #[error("multiple stage entries for merged file '{}'", .0.as_bstr())]
    MultipleStages(BString),
    /// A path's stages out of order.
    #[error("unordered stage entries for '{}'", .0.as_bstr())]
    UnorderedStages(BString),
    /// The entries or extensions run past the end, or cannot be decoded.
    #[error("index file corrupt at offset {0}")]
    Corrupt(usize),
}

impl IndexError {
    /// Whether git prints this as an `error:` followed by `fatal: index file corrupt` (else
    /// as the `fatal:` itself).
    pub fn is_followed_by_corrupt(&self) -> bool {
        matches!(
            self,
            IndexError::BadSignature(_)
                | IndexError::BadVersion(_)
                | IndexError::BadChecksum
                | IndexError::UnknownExtension(_)
        )
    }
}

const HASH_LEN: usize = 20;
const ENTRY_FIXED: usize = 62; // times, stat fields, oid, flags
const EXTENDED: u16 = 0x4000;
const KNOWN_EXTENDED_FLAGS: u32 = (1 << 29) | (1 << 30); // intent-to-add, skip-worktree

/// Reads an index file's bytes; `verify` checks the trailing SHA-1 (as `fsck` asks git to). A
/// cache tree nested deeper than [`Limits::max_tree_depth`] is dropped, as an unreadable one is.
pub fn parse(bytes: &[u8], verify: bool, limits: &Limits) -> Result<Index, IndexError> {
    if bytes.len() < 12 + HASH_LEN {
        return Err(IndexError::TooSmall);
    }
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let signature = u32_at(0).ok_or(IndexError::TooSmall)?;
    if signature != u32::from_be_bytes(*b"DIRC") {
        // git prints the field as read on a little-endian machine
        return Err(IndexError::BadSignature(signature.swap_bytes()));
    }
    let version = u32_at(4).ok_or(IndexError::TooSmall)?;
    if !(2..=4).contains(&version) {
        return Err(IndexError::BadVersion(version));
    }
    let (body, trailer) = bytes.split_at(bytes.len() - HASH_LEN);
    if verify && trailer.iter().any(|&b| b != 0) && FileChecksum::of(body) != trailer {
        return Err(IndexError::BadChecksum);
    }
    let count = u32_at(8).ok_or(IndexError::TooSmall)?;
    let mut index = Index {
        version,
        ..Index::default()
    };
    let mut at = 12;
    for _ in 0..count {
        let (entry, next) = parse_entry(body, at, version, index.entries.last())?;
        index.entries.push(entry);
        at = next;
    }
    while at < body.len() {
        let corrupt = IndexError::Corrupt(at);
        let sig: [u8; 4] = body
            .get(at..at + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or(corrupt.clone())?;
        let size = u32_at(at + 4).ok_or(corrupt.clone())? as usize;
        let data = body
            .get(at + 8..)
            .and_then(|d| d.get(..size))
            .ok_or(corrupt)?;
        match &sig {
            b"TREE" => index.cache_tree = read_cache_tree(data, limits.max_tree_depth),
            b"REUC" => match read_resolve_undo(data) {
                Some(records) => index.resolve_undo = records,
                None => index.warnings.push(IndexWarning::InvalidResolveUndo),
            },
            b"link" => index.shared_index = data.get(..HASH_LEN).and_then(ObjectId::from_bytes),
            // known to git and naming no object: untracked cache, fsmonitor, end of entries,
            // entry offsets, sparse directories
            b"UNTR" | b"FSMN" | b"EOIE" | b"IEOT" | b"sdir" => {}
            _ if !sig[0].is_ascii_uppercase() => return Err(IndexError::UnknownExtension(sig)),
            _ => index.warnings.push(IndexWarning::IgnoredExtension(sig)),
        }
        at += 8 + size;
    }
    check_order(&index.entries)?;
    Ok(index)
}

/// One entry at `at`; returns it and where the next begins.
fn parse_entry(
    body: &[u8],
    at: usize,
    version: u32,
    previous: Option<&Entry>,
) -> Result<(Entry, usize), IndexError> {
    let corrupt = || IndexError::Corrupt(at);
    let fixed = body.get(at..at + ENTRY_FIXED).ok_or_else(corrupt)?;
    let mode = u32::from_be_bytes([fixed[24], fixed[25], fixed[26], fixed[27]]);
    let id = ObjectId::from_bytes(&fixed[40..60]).ok_or_else(corrupt)?;
    let flags = u16::from_be_bytes([fixed[60], fixed[61]]);
    let mut name_at = at + ENTRY_FIXED;
    if flags & EXTENDED != 0 {
        let ext = body.get(name_at..name_at + 2).ok_or_else(corrupt)?;
        let extended = u32::from(u16::from_be_bytes([ext[0], ext[1]])) << 16;
        if extended & !KNOWN_EXTENDED_FLAGS != 0 {
            return Err(IndexError::UnknownEntryFormat(extended));
        }
        name_at += 2;
    }
    let stage = ((flags >> 12) & 3) as u8;
    let rest = body.get(name_at..).ok_or_else(corrupt)?;
    let (path, next) = if version == 4 {
        let (drop, used) = varint(rest).ok_or_else(corrupt)?;
        let prev: &[u8] = previous.map_or(&[], |p| p.path.as_slice());
        let keep = usize::try_from(drop)
            .ok()
            .and_then(|d| prev.len().checked_sub(d))
            .ok_or_else(corrupt)?;
        let suffix = rest.get(used..).ok_or_else(corrupt)?;
        let nul = suffix.find_byte(0).ok_or_else(corrupt)?;
        let mut path = BString::from(&prev[..keep]);
        path.extend_from_slice(&suffix[..nul]);
        (path, name_at + used + nul + 1)
    } else {
        let len = usize::from(flags & 0xfff);
        let len = if len == 0xfff {
            rest.find_byte(0).ok_or_else(corrupt)?
        } else {
            len
        };
        let path = BString::from(rest.get(..len).ok_or_else(corrupt)?);
        // NUL-padded to a multiple of 8 from the entry's start, at least one NUL
        let size = (name_at - at + len + 8) & !7;
        if at + size > body.len() {
            return Err(corrupt());
        }
        (path, at + size)
    };
    let entry = Entry {
        mode,
        id,
        stage,
        path,
    };
    Ok((entry, next))
}

/// git's `check_ce_order`, which `fsck` turns on.
fn check_order(entries: &[Entry]) -> Result<(), IndexError> {
    for pair in entries.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        match a.path.cmp(&b.path) {
            std::cmp::Ordering::Greater => return Err(IndexError::Unordered),
            std::cmp::Ordering::Equal if a.stage == 0 => {
                return Err(IndexError::MultipleStages(a.path.clone()))
            }
            std::cmp::Ordering::Equal if a.stage > b.stage => {
                return Err(IndexError::UnorderedStages(a.path.clone()))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The `TREE` extension; `None` when git would drop it (unreadable, or not rooted).
fn read_cache_tree(mut data: &[u8], max_depth: usize) -> Option<CacheTree> {
    if data.first() != Some(&0) {
        return None;
    }
    read_one(&mut data, 0, max_depth)
}

fn read_one(data: &mut &[u8], depth: usize, max_depth: usize) -> Option<CacheTree> {
    if depth > max_depth {
        return None;
    }
    let nul = data.find_byte(0)?;
    let name = BString::from(&data[..nul]);
    let rest = &data[nul + 1..];
    let lf = rest.find_byte(b'\n')?;
    let (entry_count, after) = leading_number(&rest[..lf])?;
    let (subtree_count, _) = leading_number(after)?;
    let mut rest = &rest[lf + 1..];
    let id = if entry_count >= 0 {
        let id = ObjectId::from_bytes(rest.get(..HASH_LEN)?)?;
        rest = &rest[HASH_LEN..];
        Some(id)
    } else {
        None
    };
    let mut subtrees = Vec::new();
    for _ in 0..subtree_count.max(0) {
        subtrees.push(read_one(&mut rest, depth + 1, max_depth)?);
    }
    subtrees.sort_by(|a: &CacheTree, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
    *data = rest;
    Some(CacheTree {
        name,
        entry_count,
        id,
        subtrees,
    })
}

/// `strtol` base 10: optional blanks and sign, digits; the value and what follows.
fn leading_number(s: &[u8]) -> Option<(i64, &[u8])> {
    let t = s.trim_start();
    let (negative, digits) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let value: i64 = digits[..n].to_str().ok()?.parse().ok()?;
    Some((if negative { -value } else { value }, &digits[n..]))
}

/// The `REUC` extension; `None` when git finds it invalid.
fn read_resolve_undo(mut data: &[u8]) -> Option<Vec<ResolveUndo>> {
    let mut records: Vec<ResolveUndo> = Vec::new();
    while !data.is_empty() {
        let nul = data.find_byte(0)?;
        if data.len() <= nul + 1 {
            return None;
        }
        let path = BString::from(&data[..nul]);
        data = &data[nul + 1..];
        let mut modes = [0u32; 3];
        for mode in &mut modes {
            let nul = data.find_byte(0)?;
            let text = data[..nul].to_str().ok()?;
            *mode = u32::from_str_radix(text, 8).ok()?;
            if data.len() <= nul + 1 {
                return None;
            }
            data = &data[nul + 1..];
        }
        let mut stages = [None; 3];
        for (stage, mode) in stages.iter_mut().zip(modes) {
            if mode == 0 {
                continue;
            }
            let id = ObjectId::from_bytes(data.get(..HASH_LEN)?)?;
            data = &data[HASH_LEN..];
            *stage = Some((mode, id));
        }
        match records.binary_search_by(|r| r.path.cmp(&path)) {
            Ok(at) => records[at].stages = stages,
            Err(at) => records.insert(at, ResolveUndo { path, stages }),
        }
    }
    Some(records)
}

/// git's `decode_varint` (the offset encoding: each continuation adds one).
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut used = 0;
    let mut c = *bytes.first()?;
    let mut value = u64::from(c & 0x7f);
    while c & 0x80 != 0 {
        used += 1;
        c = *bytes.get(used)?;
        value = value.checked_add(1)?.checked_mul(128)? | u64::from(c & 0x7f);
    }
    Some((value, used + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(body: Vec<u8>) -> Vec<u8> {
        let mut bytes = body;
        let sum = FileChecksum::of(&bytes);
        bytes.extend_from_slice(&sum);
        bytes
    }

    fn header(version: u32, count: u32) -> Vec<u8> {
        let mut b = b"DIRC".to_vec();
        b.extend_from_slice(&version.to_be_bytes());
        b.extend_from_slice(&count.to_be_bytes());
        b
    }

    fn entry(path: &str, stage: u16, id: u8) -> Vec<u8> {
        let mut e = vec![0u8; 24];
        e.extend_from_slice(&0o100644u32.to_be_bytes());
        e.extend_from_slice(&[0u8; 12]);
        e.extend_from_slice(&[id; 20]);
        e.extend_from_slice(&((stage << 12) | path.len() as u16).to_be_bytes());
        e.extend_from_slice(path.as_bytes());
        let padded = (ENTRY_FIXED + path.len() + 8) & !7;
        e.resize(padded, 0);
        e
    }

    #[test]
    fn varint_adds_one_per_continuation() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80]), None);
    }

    #[test]
    fn junk_is_refused_with_gits_reasons() {
        assert_eq!(
            parse(b"DIRC", true, &Limits::default()),
            Err(IndexError::TooSmall)
        );
        let mut b = sealed(header(2, 0));
        b[3] = b'X';
        assert_eq!(
            parse(&b, false, &Limits::default()),
            Err(IndexError::BadSignature(0x58524944))
        );
        assert_eq!(
            parse(&sealed(header(9, 0)), true, &Limits::default()),
            Err(IndexError::BadVersion(9))
        );
        let mut b = sealed(header(2, 0));
        *b.last_mut().unwrap() ^= 1;
        assert_eq!(
            parse(&b, true, &Limits::default()),
            Err(IndexError::BadChecksum)
        );
        assert!(parse(&b, false, &Limits::default()).is_ok());
    }

    #[test]
    fn entries_and_cache_tree_are_read() {
        let mut body = header(2, 2);
        body.extend(entry("a", 0, 1));
        body.extend(entry("d/b", 0, 2));
        let mut tree = b"\x002 1\n".to_vec();
        tree.extend_from_slice(&[3; 20]);
        tree.extend_from_slice(b"d\x00-1 0\n");
        body.extend_from_slice(b"TREE");
        body.extend_from_slice(&(tree.len() as u32).to_be_bytes());
        body.extend(tree);
        let index = parse(&sealed(body), true, &Limits::default()).unwrap();
        assert_eq!(index.entries.len(), 2);
        assert_eq!(index.entries[1].path, "d/b");
        let tree = index.cache_tree.unwrap();
        assert_eq!(tree.id, ObjectId::from_bytes(&[3; 20]));
        assert_eq!(tree.subtrees[0].entry_count, -1);
        assert_eq!(tree.subtrees[0].id, None);
    }

    #[test]
    fn a_cache_tree_deeper_than_the_limit_is_dropped() {
        let mut tree = b"\x002 1\n".to_vec();
        tree.extend_from_slice(&[3; 20]);
        for depth in 0..3 {
            tree.extend_from_slice(format!("d{depth}\x00-1 1\n").as_bytes());
        }
        tree.extend_from_slice(b"leaf\x00-1 0\n");
        let mut body = header(2, 0);
        body.extend_from_slice(b"TREE");
        body.extend_from_slice(&(tree.len() as u32).to_be_bytes());
        body.extend(tree);
        let body = sealed(body);
        let shallow = Limits {
            max_tree_depth: 3,
            ..Limits::default()
        };
        assert!(parse(&body, true, &Limits::default())
            .unwrap()
            .cache_tree
            .is_some());
        assert_eq!(parse(&body, true, &shallow).unwrap().cache_tree, None);
    }

    #[test]
    fn stages_out_of_order_are_refused() {
        let mut body = header(2, 2);
        body.extend(entry("a", 0, 1));
        body.extend(entry("a", 2, 2));
        assert_eq!(
            parse(&sealed(body), true, &Limits::default()),
            Err(IndexError::MultipleStages("a".into()))
        );
    }

    #[test]
    fn lowercase_unknown_extension_is_refused() {
        let mut body = header(2, 0);
        body.extend_from_slice(b"abcd\0\0\0\0");
        let want = Err(IndexError::UnknownExtension(*b"abcd"));
        assert_eq!(parse(&sealed(body), true, &Limits::default()), want);
    }
}
