//! Trees: a directory listing of `(mode, name, id)` entries.
//!
//! ## Format
//!
//! A tree body is a sequence of entries with no separator and no count:
//!
//! ```text
//! <mode: ASCII octal digits> SP <name: bytes, no NUL> NUL <id: 20 raw bytes>
//! 100644 README\0<20 bytes>40000 src\0<20 bytes>…
//! ```
//!
//! git writes five modes: `100644` (file), `100755` (executable), `120000` (symlink), `40000`
//! (directory — no leading zero on disk, although `cat-file -p` prints `040000`) and `160000`
//! (gitlink: a commit of a submodule). Entries are sorted by name bytes, comparing a directory
//! as if its name ended in `/`.
//!
//! Old repositories hold other spellings (`100664`, zero-padded `040000`…). [`TreeRef::parse`]
//! accepts whatever git's own tree reader accepts, and [`EntryMode`] keeps the mode bytes as
//! written so the tree serializes to exactly the bytes it was read from. Owned [`Tree`]s are
//! checked by [`Tree::validate`] against what git itself would write.

mod mode;
mod quote;

pub use mode::{EntryMode, MAX_MODE_LEN};
pub use quote::{write_c_quoted, write_c_quoted_as};

use super::DecodeError;
use crate::object::{Kind, WriteTo};
use crate::oid::ObjectId;
use bstr::{BStr, BString, ByteSlice};
use std::cmp::Ordering;
use std::collections::HashSet;
use std::io::{self, Write};

/// Compares two entry names in git's tree order: bytewise, a directory's name as if followed
/// by `/` (git's `base_name_compare`).
pub fn compare_entries(a: &[u8], a_is_tree: bool, b: &[u8], b_is_tree: bool) -> Ordering {
    let common = a.len().min(b.len());
    match a.get(..common).cmp(&b.get(..common)) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], is_tree: bool| -> u8 {
        match name.get(common) {
            Some(&c) => c,
            None if is_tree => b'/',
            None => 0,
        }
    };
    next(a, a_is_tree).cmp(&next(b, b_is_tree))
}

/// One entry of a tree, borrowing its name from the tree's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef<'a> {
    /// The mode as written.
    pub mode: EntryMode,
    /// The name (one path component, bytes).
    pub name: &'a BStr,
    /// The id of the blob, tree or commit.
    pub id: ObjectId,
}

impl EntryRef<'_> {
    /// An owned copy.
    pub fn to_owned(&self) -> Entry {
        Entry {
            mode: self.mode,
            name: self.name.into(),
            id: self.id,
        }
    }

    /// Writes the entry as `cat-file -p` and `ls-tree` print it (with the newline).
    pub fn write_pretty(&self, out: &mut dyn Write) -> io::Result<()> {
        write_pretty_entry(self.mode, self.name, &self.id, out)
    }
}

fn write_pretty_entry(
    mode: EntryMode,
    name: &[u8],
    id: &ObjectId,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut hex = [0u8; 40];
    out.write_all(&mode.to_pretty())?;
    out.write_all(b" ")?;
    out.write_all(mode.kind().as_str().as_bytes())?;
    out.write_all(b" ")?;
    out.write_all(id.hex_to_buf(&mut hex).as_bytes())?;
    out.write_all(b"\t")?;
    write_c_quoted(name, out)?;
    out.write_all(b"\n")
}

/// The entry at the start of `data` when it is the common case — one of the modes git writes,
/// a name, a whole id — read without checking each mode digit; `None` sends every other entry
/// (and every error) through [`parse_entry`]'s full reading, which gives the same answer.
#[inline]
fn parse_common_entry(data: &[u8]) -> Option<(EntryRef<'_>, usize)> {
    let (mode, skip) = match data.get(..7)? {
        [b'1', b'0', b'0', b'6', b'4', b'4', b' '] => (EntryMode::BLOB, 7),
        [b'4', b'0', b'0', b'0', b'0', b' ', _] => (EntryMode::TREE, 6),
        [b'1', b'0', b'0', b'7', b'5', b'5', b' '] => (EntryMode::BLOB_EXECUTABLE, 7),
        [b'1', b'2', b'0', b'0', b'0', b'0', b' '] => (EntryMode::LINK, 7),
        [b'1', b'6', b'0', b'0', b'0', b'0', b' '] => (EntryMode::COMMIT, 7),
        _ => return None,
    };
    let rest = data.get(skip..)?;
    let nul = rest.iter().position(|&b| b == 0).filter(|&n| n > 0)?;
    let id = ObjectId::from_bytes(rest.get(nul + 1..nul + 21)?)?;
    let name = rest.get(..nul)?.as_bstr();
    Some((EntryRef { mode, name, id }, skip + nul + 21))
}

/// Parses the entry at the start of `data`; returns it and the bytes it used.
///
/// This one function serves the lazy iterator and the eager validating parser. Offsets in errors
/// are relative to `data`.
pub(crate) fn parse_entry(data: &[u8]) -> Result<(EntryRef<'_>, usize), DecodeError> {
    if let Some(parsed) = parse_common_entry(data) {
        return Ok(parsed);
    }
    let space = data
        .iter()
        .position(|&b| b == b' ')
        .ok_or(DecodeError::new(
            0,
            "tree entry without a space after the mode",
        ))?;
    let (mode, rest) = data.split_at(space);
    let mode = EntryMode::from_bytes(mode).map_err(|e| DecodeError::new(e.offset, e.what))?;
    let rest = rest.get(1..).unwrap_or_default();
    let nul = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or(DecodeError::new(space + 1, "tree entry name without a NUL"))?;
    if nul == 0 {
        return Err(DecodeError::new(space + 1, "empty filename in tree entry"));
    }
    let (name, rest) = rest.split_at(nul);
    let id_bytes = rest.get(1..21).ok_or(DecodeError::new(
        space + 1 + nul + 1,
        "truncated object id in tree entry",
    ))?;
    let id = ObjectId::from_bytes(id_bytes).ok_or(DecodeError::new(
        space + 1 + nul + 1,
        "truncated object id in tree entry",
    ))?;
    Ok((
        EntryRef {
            mode,
            name: name.as_bstr(),
            id,
        },
        space + 1 + nul + 1 + 20,
    ))
}

/// A lazy iterator over the entries of a tree body that has not been checked: each step parses
/// one entry and yields an error (then stops) at the first malformed one.
#[derive(Debug, Clone)]
pub struct TreeRefIter<'a> {
    data: &'a [u8],
    offset: usize,
    failed: bool,
}

impl<'a> TreeRefIter<'a> {
    /// Iterates over the entries of `data`, a tree body.
    pub fn new(data: &'a [u8]) -> Self {
        TreeRefIter {
            data,
            offset: 0,
            failed: false,
        }
    }
}

impl<'a> Iterator for TreeRefIter<'a> {
    type Item = Result<EntryRef<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.data.get(self.offset..)?;
        if rest.is_empty() {
            return None;
        }
        match parse_entry(rest) {
            Ok((entry, used)) => {
                self.offset += used;
                Some(Ok(entry))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(DecodeError::new(self.offset + e.offset, e.what)))
            }
        }
    }
}

/// A tree body that has been checked to parse, borrowing the buffer.
///
/// Entries are read on demand by [`TreeRef::iter`], which does not allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRef<'a> {
    data: &'a [u8],
}

impl<'a> TreeRef<'a> {
    /// Checks that every entry of `data` parses (as git's tree reader would accept it).
    ///
    /// The order of entries, duplicate names and odd modes are accepted: they exist in real
    /// repositories. Use [`Tree::validate`] to check what git would write.
    pub fn parse(data: &'a [u8]) -> Result<TreeRef<'a>, DecodeError> {
        for entry in TreeRefIter::new(data) {
            entry?;
        }
        Ok(TreeRef { data })
    }

    /// The body bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }

    /// Whether the tree has no entries.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The entries in stored order (no allocation).
    pub fn iter(&self) -> Entries<'a> {
        Entries(TreeRefIter::new(self.data))
    }

    /// The first entry named `name`.
    pub fn find(&self, name: &[u8]) -> Option<EntryRef<'a>> {
        self.iter().find(|e| e.name == name)
    }

    /// An owned copy (keeping modes and order exactly).
    pub fn to_owned(&self) -> Tree {
        Tree {
            entries: self.iter().map(|e| e.to_owned()).collect(),
        }
    }

    /// Writes the listing `git cat-file -p <tree>` prints: one line per entry,
    /// `<mode, 6 digits> <type> <id>\t<name, C-quoted if needed>`.
    pub fn write_pretty(&self, out: &mut dyn Write) -> io::Result<()> {
        for e in self.iter() {
            e.write_pretty(out)?;
        }
        Ok(())
    }
}

impl<'a> IntoIterator for &TreeRef<'a> {
    type Item = EntryRef<'a>;
    type IntoIter = Entries<'a>;
    fn into_iter(self) -> Entries<'a> {
        self.iter()
    }
}

/// The entries of a checked [`TreeRef`], in stored order.
#[derive(Debug, Clone)]
pub struct Entries<'a>(TreeRefIter<'a>);

impl<'a> Iterator for Entries<'a> {
    type Item = EntryRef<'a>;
    fn next(&mut self) -> Option<EntryRef<'a>> {
        // `TreeRef::parse` checked every entry, so no error can occur here.
        self.0.next().and_then(Result::ok)
    }
}

impl WriteTo for TreeRef<'_> {
    fn kind(&self) -> Kind {
        Kind::Tree
    }
    fn size(&self) -> u64 {
        self.data.len() as u64
    }
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.data)
    }
}

/// An owned tree entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The mode.
    pub mode: EntryMode,
    /// The name: one path component.
    pub name: BString,
    /// The id of the blob, tree or commit.
    pub id: ObjectId,
}

impl Entry {
    /// An entry.
    pub fn new(mode: EntryMode, name: impl Into<BString>, id: ObjectId) -> Entry {
        Entry {
            mode,
            name: name.into(),
            id,
        }
    }

    /// Compares in git's tree order.
    pub fn cmp_git(&self, other: &Entry) -> Ordering {
        compare_entries(
            &self.name,
            self.mode.is_tree(),
            &other.name,
            other.mode.is_tree(),
        )
    }

    /// A borrowed view.
    pub fn as_ref(&self) -> EntryRef<'_> {
        EntryRef {
            mode: self.mode,
            name: self.name.as_bstr(),
            id: self.id,
        }
    }
}

/// Why an owned [`Tree`] is not one git would write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid tree entry {index} ({name:?}): {what}")]
pub struct InvalidTree {
    /// Index of the offending entry.
    pub index: usize,
    /// Its name.
    pub name: BString,
    /// What is wrong.
    pub what: &'static str,
}

/// An owned, editable tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Tree {
    /// The entries, in the order they are written.
    pub entries: Vec<Entry>,
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// A tree of `entries` sorted in git's order and validated.
    pub fn from_entries(entries: Vec<Entry>) -> Result<Tree, InvalidTree> {
        let mut t = Tree { entries };
        t.sort();
        t.validate()?;
        Ok(t)
    }

    /// Adds an entry at the end (call [`Tree::sort`] before writing if not in order).
    pub fn push(&mut self, mode: EntryMode, name: impl Into<BString>, id: ObjectId) {
        self.entries.push(Entry::new(mode, name, id));
    }

    /// Sorts the entries in git's tree order (stable, so duplicates keep their order).
    pub fn sort(&mut self) {
        self.entries.sort_by(Entry::cmp_git);
    }

    /// Checks what git checks before writing a tree: every mode is one of the five git writes;
    /// no name is empty, `.`, `..`, `.git` (any case) or contains `/` or NUL; no two entries
    /// share a name; entries are in git's order.
    pub fn validate(&self) -> Result<(), InvalidTree> {
        let mut seen: HashSet<&[u8]> = HashSet::with_capacity(self.entries.len());
        for (index, e) in self.entries.iter().enumerate() {
            let err = |what| InvalidTree {
                index,
                name: e.name.clone(),
                what,
            };
            if !e.mode.is_valid() {
                return Err(err("unknown mode"));
            }
            let name: &[u8] = &e.name;
            if name.is_empty() {
                return Err(err("empty name"));
            }
            if name.contains(&b'/') {
                return Err(err("name contains '/'"));
            }
            if name.contains(&0) {
                return Err(err("name contains NUL"));
            }
            if name == b"." || name == b".." {
                return Err(err("name is '.' or '..'"));
            }
            if name.eq_ignore_ascii_case(b".git") {
                return Err(err("name is '.git'"));
            }
            if !seen.insert(name) {
                return Err(err("duplicate name"));
            }
            if let Some(prev) = index.checked_sub(1).and_then(|i| self.entries.get(i)) {
                if prev.cmp_git(e) != Ordering::Less {
                    return Err(err("entries are not sorted"));
                }
            }
        }
        Ok(())
    }

    /// A borrowed view of the entries.
    pub fn iter(&self) -> impl Iterator<Item = EntryRef<'_>> {
        self.entries.iter().map(Entry::as_ref)
    }

    /// Writes the listing `git cat-file -p` prints for this tree.
    pub fn write_pretty(&self, out: &mut dyn Write) -> io::Result<()> {
        for e in &self.entries {
            write_pretty_entry(e.mode, &e.name, &e.id, out)?;
        }
        Ok(())
    }
}

impl From<TreeRef<'_>> for Tree {
    fn from(t: TreeRef<'_>) -> Tree {
        t.to_owned()
    }
}

impl WriteTo for Tree {
    fn kind(&self) -> Kind {
        Kind::Tree
    }
    fn size(&self) -> u64 {
        self.entries
            .iter()
            .map(|e| (e.mode.as_bytes().len() + 1 + e.name.len() + 1 + 20) as u64)
            .sum()
    }
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        for e in &self.entries {
            out.write_all(e.mode.as_bytes())?;
            out.write_all(b" ")?;
            out.write_all(&e.name)?;
            out.write_all(b"\0")?;
            out.write_all(e.id.as_bytes())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_raw([n; 20])
    }

    fn raw_entry(mode: &[u8], name: &[u8], n: u8) -> Vec<u8> {
        let mut v = mode.to_vec();
        v.push(b' ');
        v.extend_from_slice(name);
        v.push(0);
        v.extend_from_slice(&[n; 20]);
        v
    }

    #[test]
    fn odd_modes_point_at_blobs_for_writers_and_gitlinks_for_readers() {
        for (mode, written, read) in [
            (&b"644"[..], Kind::Blob, Kind::Commit),
            (b"0", Kind::Blob, Kind::Commit),
            (b"100664", Kind::Blob, Kind::Blob),
            (b"40755", Kind::Tree, Kind::Tree),
            (b"160644", Kind::Commit, Kind::Commit),
            (b"120755", Kind::Blob, Kind::Blob),
            (b"37777777777", Kind::Blob, Kind::Commit),
        ] {
            let m = EntryMode::from_bytes(mode).unwrap();
            assert_eq!((m.object_type(), m.kind()), (written, read), "{mode:?}");
        }
    }

    #[test]
    fn modes_report_kind_and_pretty_form() {
        let m = |s: &[u8]| EntryMode::from_bytes(s).unwrap();
        assert_eq!(&m(b"40000").to_pretty(), b"040000");
        assert_eq!(m(b"40000").kind(), Kind::Tree);
        assert_eq!(&m(b"040000").to_pretty(), b"040000");
        assert_eq!(m(b"040000").canonical(), EntryMode::TREE);
        assert_eq!(&m(b"100664").to_pretty(), b"100644");
        assert_eq!(&m(b"100775").to_pretty(), b"100755");
        assert_eq!(m(b"160000").kind(), Kind::Commit);
        assert_eq!(m(b"120000").kind(), Kind::Blob);
        assert!(m(b"120000").is_link());
        assert_eq!(m(b"0").kind(), Kind::Commit);
        assert_eq!(m(b"100664").as_bytes(), b"100664");
        assert!(!m(b"100664").is_valid());
        assert!(EntryMode::BLOB.is_valid());
        assert_eq!(EntryMode::from_value(0o40000), EntryMode::TREE);
        for bad in [&b""[..], b"8", b"10064a", b"1234567012345670"] {
            assert!(EntryMode::from_bytes(bad).is_err());
        }
    }

    #[test]
    fn legacy_modes_round_trip() {
        let mut body = raw_entry(b"100664", b"a", 1);
        body.extend(raw_entry(b"040000", b"b", 2));
        body.extend(raw_entry(b"100644", b"a", 3)); // duplicate, out of order: still parses
        let t = TreeRef::parse(&body).unwrap();
        assert_eq!(t.iter().count(), 3);
        assert_eq!(t.to_vec(), body);
        assert_eq!(t.to_owned().to_vec(), body);
        assert_eq!(t.to_owned().size(), body.len() as u64);
        assert!(t.to_owned().validate().is_err());
    }

    #[test]
    fn malformed_trees_are_refused() {
        let good = raw_entry(b"100644", b"a", 1);
        let cases: Vec<Vec<u8>> = vec![
            good[..good.len() - 1].to_vec(),
            raw_entry(b"", b"a", 1),
            raw_entry(b"10064x", b"a", 1),
            raw_entry(b"100644", b"", 1),
            b"100644 a".to_vec(),
            b"100644".to_vec(),
            b" a\0xxxxxxxxxxxxxxxxxxxx".to_vec(),
        ];
        for c in cases {
            assert!(TreeRef::parse(&c).is_err(), "{:?}", c.as_bstr());
        }
        let mut two = good.clone();
        two.extend_from_slice(b"100644 b");
        let err = TreeRef::parse(&two).unwrap_err();
        assert_eq!(err.offset, good.len() + 7);
    }

    #[test]
    fn directory_sorts_as_name_with_slash() {
        let t = Tree::from_entries(vec![
            Entry::new(EntryMode::TREE, "a", id(1)),
            Entry::new(EntryMode::BLOB, "a-b", id(2)),
            Entry::new(EntryMode::BLOB, "a.c", id(3)),
            Entry::new(EntryMode::BLOB, "a0", id(4)),
        ])
        .unwrap();
        let names: Vec<&[u8]> = t.entries.iter().map(|e| e.name.as_slice()).collect();
        assert_eq!(names, [&b"a-b"[..], b"a.c", b"a", b"a0"]);
    }

    #[test]
    fn building_refuses_what_git_refuses() {
        let bad = |entries: Vec<Entry>| Tree::from_entries(entries).unwrap_err().what;
        let e = |mode, name: &str| Entry::new(mode, name, id(1));
        assert_eq!(bad(vec![e(EntryMode::BLOB, "")]), "empty name");
        assert_eq!(bad(vec![e(EntryMode::BLOB, "a/b")]), "name contains '/'");
        assert_eq!(bad(vec![e(EntryMode::BLOB, "a\0b")]), "name contains NUL");
        assert_eq!(bad(vec![e(EntryMode::BLOB, ".")]), "name is '.' or '..'");
        assert_eq!(bad(vec![e(EntryMode::TREE, "..")]), "name is '.' or '..'");
        assert_eq!(bad(vec![e(EntryMode::TREE, ".GIT")]), "name is '.git'");
        assert_eq!(
            bad(vec![e(EntryMode::from_bytes(b"100664").unwrap(), "x")]),
            "unknown mode"
        );
        assert_eq!(
            bad(vec![
                e(EntryMode::BLOB, "a"),
                e(EntryMode::BLOB, "a-"),
                e(EntryMode::TREE, "a")
            ]),
            "duplicate name"
        );
        let unsorted = Tree {
            entries: vec![e(EntryMode::BLOB, "b"), e(EntryMode::BLOB, "a")],
        };
        assert_eq!(
            unsorted.validate().unwrap_err().what,
            "entries are not sorted"
        );
    }

    #[test]
    fn pretty_output_quotes_like_git() {
        let mut out = Vec::new();
        write_c_quoted(b"plain name-1.txt", &mut out).unwrap();
        write_c_quoted(b"tab\there \"q\" \\ \x7f \xc3\xbc", &mut out).unwrap();
        assert_eq!(
            out.as_bstr(),
            b"plain name-1.txt\"tab\\there \\\"q\\\" \\\\ \\177 \\303\\274\"".as_bstr()
        );
        let body = raw_entry(b"40000", b"dir", 0xab);
        let mut out = Vec::new();
        TreeRef::parse(&body)
            .unwrap()
            .write_pretty(&mut out)
            .unwrap();
        assert_eq!(
            out.as_bstr(),
            format!("040000 tree {}\tdir\n", "ab".repeat(20))
                .as_bytes()
                .as_bstr()
        );
    }
}
