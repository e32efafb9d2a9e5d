//! The four kinds of git object, their common header, and (in submodules) how each is parsed
//! and serialized.
//!
//! Every object is `"<kind> <size>\0"` followed by `size` bytes of body; its id is the SHA-1 of
//! both together. Stored objects (loose or packed) keep the body; the header is rebuilt from the
//! kind and size.

pub use crate::hash::{header_bytes, literal_header_bytes};
use crate::hash::{CollisionDetected, ObjectHasher};
pub use crate::kind::{Kind, UnknownKind};
use crate::oid::ObjectId;
use std::io::{self, Write};

pub mod blob;
mod build;
pub mod commit;
pub mod signature;
pub mod tag;
pub mod tree;
pub use blob::{Blob, BlobRef};
pub use commit::{Commit, CommitRef, InvalidCommit, Malformed, Spelling};
pub use signature::{Signature, SignatureRef};
pub use tag::{Tag, TagRef};
pub use tree::{Entries, Entry, EntryMode, EntryRef, InvalidTree, Tree, TreeRef, TreeRefIter};

/// What a pure parser found wrong, and at which byte offset of its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} at byte {offset}")]
pub struct DecodeError {
    /// Offset into the parsed buffer where the problem starts.
    pub offset: usize,
    /// What was expected or what was wrong, in a few words.
    pub what: &'static str,
}

impl DecodeError {
    /// A decode error at `offset`.
    pub fn new(offset: usize, what: &'static str) -> Self {
        DecodeError { offset, what }
    }
}

/// An object's kind and body size: what `cat-file -t` and `-s` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    /// The kind.
    pub kind: Kind,
    /// Size of the body in bytes.
    pub size: u64,
}

/// Parses `"<kind> <size>\0"` at the start of `data`; returns the header and its length in bytes.
///
/// The size must be plain decimal without leading zeros or sign, as git writes it.
pub fn parse_header(data: &[u8]) -> Result<(Header, usize), DecodeError> {
    let space = data
        .iter()
        .take(8)
        .position(|&b| b == b' ')
        .ok_or(DecodeError::new(
            0,
            "object header without a space after the type",
        ))?;
    let kind = Kind::from_bytes(&data[..space])
        .ok_or(DecodeError::new(0, "unknown object type in header"))?;
    let rest = &data[space + 1..];
    let nul = rest
        .iter()
        .take(21)
        .position(|&b| b == 0)
        .ok_or(DecodeError::new(
            space + 1,
            "object header without a NUL after the size",
        ))?;
    let digits = &rest[..nul];
    if digits.is_empty()
        || !digits.iter().all(u8::is_ascii_digit)
        || (digits.len() > 1 && digits[0] == b'0')
    {
        return Err(DecodeError::new(
            space + 1,
            "object size is not a decimal number",
        ));
    }
    let size = std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or(DecodeError::new(space + 1, "object size is too large"))?;
    Ok((Header { kind, size }, space + 1 + nul + 1))
}

/// Serialization shared by every object type, borrowed or owned.
///
/// `size()` comes first so a writer can emit the `"<kind> <size>\0"` header (and start
/// hashing) before the body; it always equals the number of bytes `write_to` writes, and is
/// computed without writing.
pub trait WriteTo {
    /// The object's kind.
    fn kind(&self) -> Kind;
    /// The length of the body `write_to` writes.
    fn size(&self) -> u64;
    /// Writes the body (without the header).
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()>;

    /// The body as a new buffer.
    fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(usize::try_from(self.size()).unwrap_or(0));
        // Writing to a Vec cannot fail.
        let _ = self.write_to(&mut out);
        out
    }

    /// The header `"<kind> <size>\0"`.
    fn header_bytes(&self) -> Vec<u8> {
        header_bytes(self.kind(), self.size())
    }

    /// The object's id, hashing the body as it is written (no buffer of the whole object).
    fn compute_id(&self) -> Result<ObjectId, CollisionDetected> {
        let mut w = HashWriter {
            hasher: ObjectHasher::new(self.kind(), self.size()),
        };
        // HashWriter never fails.
        let _ = self.write_to(&mut w);
        w.hasher.finish()
    }
}

/// Asserts that `borrowed` and `owned`, both read from `body`, write `body` back byte for
/// byte and say its size first.
#[cfg(test)]
pub(crate) fn assert_writes_back(body: &[u8], borrowed: &dyn WriteTo, owned: &dyn WriteTo) {
    use bstr::ByteSlice;
    assert_eq!(borrowed.size(), body.len() as u64, "{:?}", body.as_bstr());
    assert_eq!(borrowed.to_vec().as_bstr(), body.as_bstr());
    assert_eq!(owned.size(), body.len() as u64);
    assert_eq!(owned.to_vec().as_bstr(), body.as_bstr());
}

struct HashWriter {
    hasher: ObjectHasher,
}

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.hasher.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Any object, borrowing its body.
///
/// ```
/// use gitstore::object::{Entry, EntryMode, Kind, ObjectRef, Tree, WriteTo};
/// use gitstore::ObjectId;
///
/// let blob = ObjectId::from_hex(b"ce013625030ba8dba906f756967f9e9ca394464a")?;
/// let tree = Tree::from_entries(vec![Entry::new(EntryMode::BLOB, "hello.txt", blob)])?;
/// let body = tree.to_vec();
/// assert_eq!(tree.compute_id()?.to_string(), "aaa96ced2d9a1c8e72c56b253a0e2fe78393feb7");
///
/// let parsed = ObjectRef::parse(Kind::Tree, &body)?;
/// assert_eq!(parsed.to_vec(), body);
/// let mut listing = Vec::new();
/// parsed.as_tree().unwrap().write_pretty(&mut listing)?;
/// assert_eq!(listing, b"100644 blob ce013625030ba8dba906f756967f9e9ca394464a\thello.txt\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectRef<'a> {
    /// A blob's content.
    Blob(&'a [u8]),
    /// A tree.
    Tree(TreeRef<'a>),
    /// A commit.
    Commit(CommitRef<'a>),
    /// An annotated tag.
    Tag(TagRef<'a>),
}

impl<'a> ObjectRef<'a> {
    /// Parses `data` as the body of an object of `kind`.
    pub fn parse(kind: Kind, data: &'a [u8]) -> Result<ObjectRef<'a>, DecodeError> {
        Ok(match kind {
            Kind::Blob => ObjectRef::Blob(data),
            Kind::Tree => ObjectRef::Tree(TreeRef::parse(data)?),
            Kind::Commit => ObjectRef::Commit(CommitRef::parse(data)?),
            Kind::Tag => ObjectRef::Tag(TagRef::parse(data)?),
        })
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Object {
        match self {
            ObjectRef::Blob(d) => Object::Blob(Blob { data: d.to_vec() }),
            ObjectRef::Tree(t) => Object::Tree(t.to_owned()),
            ObjectRef::Commit(c) => Object::Commit(c.to_owned()),
            ObjectRef::Tag(t) => Object::Tag(t.to_owned()),
        }
    }

    /// The tree, if this is one.
    pub fn as_tree(&self) -> Option<&TreeRef<'a>> {
        match self {
            ObjectRef::Tree(t) => Some(t),
            _ => None,
        }
    }

    /// The commit, if this is one.
    pub fn as_commit(&self) -> Option<&CommitRef<'a>> {
        match self {
            ObjectRef::Commit(c) => Some(c),
            _ => None,
        }
    }

    /// The tag, if this is one.
    pub fn as_tag(&self) -> Option<&TagRef<'a>> {
        match self {
            ObjectRef::Tag(t) => Some(t),
            _ => None,
        }
    }

    /// The blob's content, if this is one.
    pub fn as_blob(&self) -> Option<&'a [u8]> {
        match self {
            ObjectRef::Blob(b) => Some(b),
            _ => None,
        }
    }
}

impl WriteTo for ObjectRef<'_> {
    fn kind(&self) -> Kind {
        match self {
            ObjectRef::Blob(_) => Kind::Blob,
            ObjectRef::Tree(_) => Kind::Tree,
            ObjectRef::Commit(_) => Kind::Commit,
            ObjectRef::Tag(_) => Kind::Tag,
        }
    }
    fn size(&self) -> u64 {
        match self {
            ObjectRef::Blob(b) => b.len() as u64,
            ObjectRef::Tree(t) => t.size(),
            ObjectRef::Commit(c) => c.size(),
            ObjectRef::Tag(t) => t.size(),
        }
    }
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            ObjectRef::Blob(b) => out.write_all(b),
            ObjectRef::Tree(t) => t.write_to(out),
            ObjectRef::Commit(c) => c.write_to(out),
            ObjectRef::Tag(t) => t.write_to(out),
        }
    }
}

/// Any object, owned: for building and editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// A blob.
    Blob(Blob),
    /// A tree.
    Tree(Tree),
    /// A commit.
    Commit(Commit),
    /// An annotated tag.
    Tag(Tag),
}

impl Object {
    /// Parses `data` as the body of an object of `kind` into an owned value.
    pub fn parse(kind: Kind, data: &[u8]) -> Result<Object, DecodeError> {
        Ok(ObjectRef::parse(kind, data)?.to_owned())
    }

    fn as_write_to(&self) -> &dyn WriteTo {
        match self {
            Object::Blob(b) => b,
            Object::Tree(t) => t,
            Object::Commit(c) => c,
            Object::Tag(t) => t,
        }
    }
}

impl WriteTo for Object {
    fn kind(&self) -> Kind {
        self.as_write_to().kind()
    }
    fn size(&self) -> u64 {
        self.as_write_to().size()
    }
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        self.as_write_to().write_to(out)
    }
}

impl From<Blob> for Object {
    fn from(b: Blob) -> Object {
        Object::Blob(b)
    }
}
impl From<Tree> for Object {
    fn from(t: Tree) -> Object {
        Object::Tree(t)
    }
}
impl From<Commit> for Object {
    fn from(c: Commit) -> Object {
        Object::Commit(c)
    }
}
impl From<Tag> for Object {
    fn from(t: Tag) -> Object {
        Object::Tag(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips() {
        for kind in [Kind::Blob, Kind::Tree, Kind::Commit, Kind::Tag] {
            for size in [0u64, 1, 12345, u64::MAX] {
                let bytes = header_bytes(kind, size);
                let (h, len) = parse_header(&bytes).unwrap();
                assert_eq!((h.kind, h.size, len), (kind, size, bytes.len()));
            }
        }
    }

    #[test]
    fn malformed_headers_are_refused() {
        for bad in [
            &b""[..],
            b"blob",
            b"blob 12",
            b"blob 012\0",
            b"blob -1\0",
            b"blob \0",
            b"blobs 1\0",
            b"blob 99999999999999999999999\0",
        ] {
            assert!(parse_header(bad).is_err(), "{:?}", bstr::BStr::new(bad));
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use bstr::BString;
    use proptest::prelude::*;

    fn id() -> impl Strategy<Value = ObjectId> {
        any::<[u8; 20]>().prop_map(ObjectId::from_raw)
    }

    fn bytes_without(bad: &'static [u8], max: usize) -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            any::<u8>().prop_filter("excluded", move |b| !bad.contains(b)),
            0..max,
        )
    }

    fn entry_name() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            any::<u8>().prop_filter("no / or NUL", |b| *b != b'/' && *b != 0),
            1..12,
        )
        .prop_filter("reserved", |n| {
            n != b"." && n != b".." && !n.eq_ignore_ascii_case(b".git")
        })
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let mode = prop_oneof![
            Just(EntryMode::BLOB),
            Just(EntryMode::BLOB_EXECUTABLE),
            Just(EntryMode::LINK),
            Just(EntryMode::TREE),
            Just(EntryMode::COMMIT),
        ];
        prop::collection::btree_map(entry_name(), (mode, id()), 0..10).prop_map(|m| {
            let entries = m
                .into_iter()
                .map(|(name, (mode, id))| Entry::new(mode, name, id))
                .collect();
            Tree::from_entries(entries).expect("generated trees are valid")
        })
    }

    fn signature() -> impl Strategy<Value = Signature> {
        (
            bytes_without(b"<>\n\0", 12),
            bytes_without(b"<>\n\0", 12),
            0i64..=i64::MAX,
            prop_oneof![Just(b'+'), Just(b'-')],
            0u32..10000,
        )
            .prop_map(|(name, email, time, sign, tz)| {
                let mut tz_bytes = vec![sign];
                tz_bytes.extend_from_slice(format!("{tz:04}").as_bytes());
                Signature::new(name, email, time, tz_bytes)
            })
    }

    fn headers() -> impl Strategy<Value = Vec<(BString, BString)>> {
        prop::collection::vec(
            (
                "[a-z][a-z0-9-]{0,8}".prop_map(BString::from),
                bytes_without(b"", 40).prop_map(BString::from),
            ),
            0..4,
        )
    }

    fn commit() -> impl Strategy<Value = Commit> {
        (
            id(),
            prop::collection::vec(id(), 0..4),
            signature(),
            signature(),
            prop::option::of(bytes_without(b"\n", 12).prop_map(BString::from)),
            headers(),
            prop::option::of(bytes_without(b"", 60).prop_map(BString::from)),
        )
            .prop_map(
                |(tree, parents, author, committer, encoding, extra_headers, message)| Commit {
                    tree,
                    parents,
                    author,
                    committer,
                    encoding,
                    extra_headers,
                    message,
                    spelling: Spelling::default(),
                },
            )
    }

    fn tag() -> impl Strategy<Value = Tag> {
        let kind = prop_oneof![
            Just(Kind::Blob),
            Just(Kind::Tree),
            Just(Kind::Commit),
            Just(Kind::Tag)
        ];
        let message = prop::option::of(
            "[ -~\n]{0,40}"
                .prop_filter("no signature marker", |m| {
                    tag::split_signature(m.as_bytes()).1.is_none()
                })
                .prop_map(BString::from),
        );
        let sig = prop::option::of(
            (0..tag::SIGNATURE_MARKERS.len(), bytes_without(b"", 40)).prop_map(|(i, rest)| {
                let mut s = tag::SIGNATURE_MARKERS[i].to_vec();
                s.push(b'\n');
                s.extend(rest);
                BString::from(s)
            }),
        );
        (
            id(),
            kind,
            bytes_without(b"\n", 16),
            prop::option::of(signature()),
            headers(),
            message,
            sig,
        )
            .prop_map(
                |(target, target_kind, name, tagger, extra_headers, mut message, signature)| {
                    if signature.is_some() {
                        if let Some(m) = message.as_mut() {
                            if !m.is_empty() && !m.ends_with(b"\n") {
                                m.push(b'\n');
                            }
                        }
                    }
                    Tag {
                        target,
                        target_kind,
                        name: name.into(),
                        tagger,
                        extra_headers,
                        message,
                        signature,
                        spelling: Spelling::default(),
                    }
                },
            )
    }

    /// owned → bytes → ref → bytes, and ref → owned → bytes, all equal; sizes and ids agree.
    fn check(owned: &Object) -> Result<(), TestCaseError> {
        let bytes = owned.to_vec();
        prop_assert_eq!(owned.size(), bytes.len() as u64);
        let r = ObjectRef::parse(owned.kind(), &bytes)
            .map_err(|e| TestCaseError::fail(format!("{e}: {:?}", bstr::BStr::new(&bytes))))?;
        prop_assert_eq!(r.size(), bytes.len() as u64);
        prop_assert_eq!(r.to_vec(), bytes.clone());
        prop_assert_eq!(r.to_owned().to_vec(), bytes.clone());
        let id = crate::hash::hash_object(owned.kind(), &bytes).unwrap();
        prop_assert_eq!(owned.compute_id().unwrap(), id);
        prop_assert_eq!(r.compute_id().unwrap(), id);
        Ok(())
    }

    proptest! {
        #[test]
        fn trees_round_trip(t in tree()) {
            t.validate().unwrap();
            check(&Object::Tree(t))?;
        }

        #[test]
        fn commits_round_trip(c in commit()) {
            prop_assert!(c.validate().is_ok());
            check(&Object::Commit(c))?;
        }

        #[test]
        fn tags_round_trip(t in tag()) {
            prop_assert_eq!(t.validate(), Ok(()));
            check(&Object::Tag(t))?;
        }

        #[test]
        fn blobs_round_trip(data in bytes_without(b"", 100)) {
            check(&Object::Blob(Blob::new(data)))?;
        }

        #[test]
        fn parsers_never_panic(kind in 0u8..4, data in bytes_without(b"", 200)) {
            let kind = [Kind::Blob, Kind::Tree, Kind::Commit, Kind::Tag][kind as usize];
            if let Ok(r) = ObjectRef::parse(kind, &data) {
                prop_assert_eq!(r.to_vec(), data);
            }
        }
    }
}
