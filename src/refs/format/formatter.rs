//! Evaluating a checked [`Format`] for refs: reading objects (each at most once), peeling tags,
//! shortening names, and ordering items by [`SortKey`]s.

use super::{version_cmp, PersonField, Piece, Role, SortKey};
use super::{Atom, AtomKind, Format, FormatError, FormatErrorKind, MessagePart, NameStyle};
use crate::date::{format_date, DateMode};
use crate::error::{Error, Result};
use crate::object::{CommitRef, Kind, SignatureRef, TagRef};
use crate::odb::{ChainEnd, Odb};
use crate::oid::ObjectId;
use crate::refs::{RefName, RefStore, Resolved, Target};
use bstr::{BString, ByteSlice};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Largest object read to evaluate message and people atoms.
const MAX_OBJECT_READ: u64 = 64 * 1024 * 1024;

/// One ref to format: its name, the id it resolves to, and for a symbolic ref its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefItem {
    /// The full name.
    pub name: RefName,
    /// The id it resolves to.
    pub id: ObjectId,
    /// For a symbolic ref: the ref at the end of its chain.
    pub symref: Option<RefName>,
    /// What an annotated tag peels to, when `packed-refs` records it.
    pub peeled: Option<ObjectId>,
}

impl RefItem {
    /// The items for a listing from [`crate::refs::RefStore::list`]: symbolic refs resolved,
    /// those that do not resolve dropped.
    pub fn from_list(refs: &RefStore, list: &crate::refs::RefList) -> Result<Vec<RefItem>> {
        let mut items = Vec::with_capacity(list.refs.len());
        for r in &list.refs {
            match &r.target {
                Target::Object(id) => items.push(RefItem {
                    name: r.name.clone(),
                    id: *id,
                    symref: None,
                    peeled: r.peeled,
                }),
                Target::Symbolic(_) => {
                    if let Some(Resolved::Object { name, id, peeled }) = refs.resolve(&r.name)? {
                        items.push(RefItem {
                            name: r.name.clone(),
                            id,
                            symref: Some(name),
                            peeled,
                        });
                    }
                }
            }
        }
        Ok(items)
    }
}

/// `for-each-ref --points-at`'s rule (git's `match_points_at`): the object `id` a ref points
/// at, or any target down its chain of annotated tags, is one of `wanted`.
pub fn points_at(odb: &Odb, id: &ObjectId, wanted: &[ObjectId]) -> Result<bool> {
    if wanted.contains(id) {
        return Ok(true);
    }
    let chain = odb.tag_chain(id)?;
    Ok(chain.targets.iter().any(|t| wanted.contains(t)))
}

/// What the formatter knows about one object.
#[derive(Debug, Clone)]
pub(super) struct ObjectInfo {
    pub(super) kind: Kind,
    pub(super) size: u64,
    data: Vec<u8>,
}

/// Evaluates formats and sort keys for refs of one repository, caching object reads.
#[derive(Debug)]
pub struct Formatter<'r> {
    odb: &'r Odb,
    refs: &'r RefStore,
    head: Option<RefName>,
    abbrev: usize,
    strict: bool,
    objects: HashMap<ObjectId, Option<ObjectInfo>>,
}

impl<'r> Formatter<'r> {
    /// A formatter for the refs of `refs` and the objects of `odb`, one repository's
    /// ([`Repository::ref_formatter`](crate::Repository::ref_formatter)). Reads where HEAD
    /// points, and `core.abbrev` and `core.warnAmbiguousRefs` of the ref store's config.
    pub fn new(odb: &'r Odb, refs: &'r RefStore) -> Result<Formatter<'r>> {
        let head = match refs.resolve(&RefName::head()) {
            Ok(Some(Resolved::Object { name, .. })) if !name.is_head() => Some(name),
            _ => None,
        };
        Ok(Formatter {
            odb,
            refs,
            head,
            abbrev: odb.default_abbrev_len(refs.config()),
            strict: refs
                .config()
                .get_bool("core.warnambiguousrefs")?
                .unwrap_or(true),
            objects: HashMap::new(),
        })
    }

    pub(super) fn object(&mut self, id: &ObjectId) -> Result<Option<&ObjectInfo>> {
        if !self.objects.contains_key(id) {
            let odb = self.odb;
            let info = match odb.try_read_header(id)? {
                None => None,
                Some(h) => {
                    let mut data = Vec::new();
                    if matches!(h.kind, Kind::Commit | Kind::Tag) && h.size <= MAX_OBJECT_READ {
                        odb.read_to(id, &mut data)?;
                    }
                    Some(ObjectInfo {
                        kind: h.kind,
                        size: h.size,
                        data,
                    })
                }
            };
            self.objects.insert(*id, info);
        }
        Ok(self.objects.get(id).and_then(|o| o.as_ref()))
    }

    /// The object a ref's id peels to (tags followed to the first non-tag).
    fn peeled(&mut self, item: &RefItem) -> Result<Option<ObjectId>> {
        if let Some(p) = item.peeled {
            return Ok(Some(p));
        }
        let chain = self.odb.tag_chain(&item.id)?;
        match chain.end {
            ChainEnd::Invalid { id, error } => Err(Error::InvalidObject {
                id: Some(id),
                kind: Kind::Tag,
                source: error,
            }),
            _ => Ok(chain.peeled()),
        }
    }

    /// What an annotated tag ref peels to (`None` for anything that is not a tag).
    pub fn peel(&mut self, item: &RefItem) -> Result<Option<ObjectId>> {
        self.peeled(item)
    }

    /// Writes `format` evaluated for `item` to `out` (no newline added).
    pub fn format(&mut self, format: &Format, item: &RefItem, out: &mut Vec<u8>) -> Result<()> {
        for piece in &format.pieces {
            match piece {
                Piece::Literal(l) => out.extend_from_slice(l),
                Piece::Atom(a) => {
                    let v = self.value(a, item)?;
                    out.extend_from_slice(&v);
                }
            }
        }
        Ok(())
    }

    fn name(&self, name: &RefName, style: NameStyle) -> BString {
        match style {
            NameStyle::Full => name.as_bstr().into(),
            NameStyle::Short => self.refs.shorten(name, self.strict),
            NameStyle::Lstrip(n) => name.lstrip(n).into(),
            NameStyle::Rstrip(n) => name.rstrip(n).into(),
        }
    }

    /// The value of one atom for `item`.
    pub fn value(&mut self, atom: &Atom, item: &RefItem) -> Result<BString> {
        match &atom.kind {
            AtomKind::RefName(style) if !atom.deref => return Ok(self.name(&item.name, *style)),
            AtomKind::Head if !atom.deref => {
                return Ok(if self.head.as_ref() == Some(&item.name) {
                    "*".into()
                } else {
                    " ".into()
                })
            }
            AtomKind::Symref(style) if !atom.deref => {
                return Ok(match &item.symref {
                    Some(t) => self.name(t, *style),
                    None => BString::default(),
                })
            }
            AtomKind::Upstream => return Ok(BString::default()),
            _ => {}
        }
        let id = if atom.deref {
            match self.peeled(item)? {
                Some(p) => p,
                None => return Ok(BString::default()),
            }
        } else {
            item.id
        };
        if let AtomKind::ObjectName(short) = atom.kind {
            return Ok(match short {
                None => id.to_hex().into(),
                Some(0) => self.odb.abbreviate(&id, self.abbrev)?.into(),
                Some(n) => self.odb.abbreviate(&id, n)?.into(),
            });
        }
        if !atom.needs_object() {
            return Ok(BString::default());
        }
        let Some(obj) = self.object(&id)? else {
            return Err(Error::RefFormat(FormatError::from(
                FormatErrorKind::MissingObject {
                    id,
                    refname: item.name.as_bstr().into(),
                },
            )));
        };
        object_value(&atom.kind, obj, id)
    }

    /// Sorts `items` by `keys` (the last key is the primary one, as git's repeated `--sort`),
    /// ties by ref name; no keys: by ref name.
    pub fn sort(&mut self, items: &mut [RefItem], keys: &[SortKey]) -> Result<()> {
        if keys.is_empty() {
            items.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
            return Ok(());
        }
        let mut values: Vec<Vec<SortValue>> = Vec::with_capacity(items.len());
        for item in items.iter() {
            let mut v = Vec::with_capacity(keys.len());
            for key in keys.iter().rev() {
                v.push(self.sort_value(key, item)?);
            }
            values.push(v);
        }
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| {
            for (k, key) in keys.iter().rev().enumerate() {
                let c = compare_values(&values[a][k], &values[b][k], key.version);
                let c = if key.reverse { c.reverse() } else { c };
                if c != Ordering::Equal {
                    return c;
                }
            }
            items[a].name.as_bytes().cmp(items[b].name.as_bytes())
        });
        let sorted: Vec<RefItem> = order.iter().map(|&i| items[i].clone()).collect();
        items.clone_from_slice(&sorted);
        Ok(())
    }

    fn sort_value(&mut self, key: &SortKey, item: &RefItem) -> Result<SortValue> {
        let numeric = matches!(
            &key.atom.kind,
            AtomKind::ObjectSize | AtomKind::Person(_, PersonField::Date(_))
        );
        if numeric {
            let raw = match &key.atom.kind {
                AtomKind::Person(role, PersonField::Date(_)) => self.value(
                    &Atom {
                        deref: key.atom.deref,
                        kind: AtomKind::Person(*role, PersonField::Date(DateMode::Unix)),
                    },
                    item,
                )?,
                _ => self.value(&key.atom, item)?,
            };
            let n = raw.to_str().ok().and_then(|s| s.parse::<i128>().ok());
            return Ok(SortValue::Number(n.unwrap_or(0)));
        }
        Ok(SortValue::Text(self.value(&key.atom, item)?))
    }
}

#[derive(Debug, Clone)]
enum SortValue {
    Number(i128),
    Text(BString),
}

fn compare_values(a: &SortValue, b: &SortValue, version: bool) -> Ordering {
    match (a, b) {
        (SortValue::Number(x), SortValue::Number(y)) => x.cmp(y),
        (SortValue::Text(x), SortValue::Text(y)) if version => version_cmp(x, y),
        (SortValue::Text(x), SortValue::Text(y)) => x.cmp(y),
        (SortValue::Number(_), SortValue::Text(_)) => Ordering::Less,
        (SortValue::Text(_), SortValue::Number(_)) => Ordering::Greater,
    }
}

/// Where in a commit or tag object the message starts (after the header and blank lines).
fn message_of(data: &[u8]) -> &[u8] {
    let mut rest = data;
    while !rest.is_empty() && rest[0] != b'\n' {
        match rest.find_byte(b'\n') {
            Some(nl) => rest = &rest[nl + 1..],
            None => rest = b"",
        }
    }
    let start = rest.iter().take_while(|&&b| b == b'\n').count();
    &rest[start..]
}

/// git's `find_subpos`: (subject, body with signature, body without signature, signature).
fn split_message(data: &[u8]) -> (Vec<u8>, &[u8], &[u8], &[u8]) {
    let msg = message_of(data);
    let msg = &msg[..msg.find_byte(0).unwrap_or(msg.len())];
    let (_, sig) = crate::object::tag::split_signature(msg);
    let sigstart = msg.len() - sig.map_or(0, |s| s.len());
    let eol = msg
        .find(b"\n\n")
        .or_else(|| msg.find(b"\r\n\r\n"))
        .map_or(sigstart, |e| e.min(sigstart));
    let mut sub = &msg[..eol];
    while let Some(stripped) = sub.strip_suffix(b"\n").or_else(|| sub.strip_suffix(b"\r")) {
        sub = stripped;
    }
    let mut subject = Vec::with_capacity(sub.len());
    for (i, &c) in sub.iter().enumerate() {
        if c == b'\r' && sub.get(i + 1) == Some(&b'\n') {
            continue;
        }
        subject.push(if c == b'\n' { b' ' } else { c });
    }
    let mut body_start = eol;
    while matches!(msg.get(body_start), Some(b'\n' | b'\r')) {
        body_start += 1;
    }
    let body = &msg[body_start.min(msg.len())..];
    let nonsig = &msg[body_start.min(sigstart)..sigstart.max(body_start.min(sigstart))];
    (subject, body, nonsig, sig.unwrap_or_default())
}

/// `%(subject)` of a commit or tag object's bytes: its first paragraph, lines joined with
/// spaces (what `git branch -v` and `git log --oneline` show).
pub fn subject_of(object_data: &[u8]) -> BString {
    split_message(object_data).0.into()
}

fn object_value(kind: &AtomKind, obj: &ObjectInfo, id: ObjectId) -> Result<BString> {
    let decode = |source| Error::InvalidObject {
        id: Some(id),
        kind: obj.kind,
        source,
    };
    match kind {
        AtomKind::ObjectType => return Ok(obj.kind.as_str().into()),
        AtomKind::ObjectSize => return Ok(obj.size.to_string().into()),
        _ => {}
    }
    if !matches!(obj.kind, Kind::Commit | Kind::Tag) || obj.data.is_empty() && obj.size > 0 {
        return Ok(BString::default());
    }
    match kind {
        AtomKind::Message(part) => {
            let (subject, body, nonsig, sig) = split_message(&obj.data);
            Ok(match part {
                MessagePart::Subject => subject.into(),
                MessagePart::Body => body.into(),
                MessagePart::ContentsBody => nonsig.into(),
                MessagePart::Signature => sig.into(),
                MessagePart::Contents => {
                    let msg = message_of(&obj.data);
                    msg[..msg.find_byte(0).unwrap_or(msg.len())].into()
                }
            })
        }
        AtomKind::TagName | AtomKind::TagType | AtomKind::TagObject => {
            if obj.kind != Kind::Tag {
                return Ok(BString::default());
            }
            let tag = TagRef::parse(&obj.data).map_err(decode)?;
            Ok(match kind {
                AtomKind::TagName => tag.name.into(),
                AtomKind::TagType => tag.target_kind.as_str().into(),
                _ => tag.target.to_hex().into(),
            })
        }
        AtomKind::Person(role, field) => {
            let person: Option<SignatureRef<'_>> = match (obj.kind, role) {
                (Kind::Commit, Role::Author) => {
                    Some(CommitRef::parse(&obj.data).map_err(decode)?.author)
                }
                (Kind::Commit, Role::Committer | Role::Creator) => {
                    Some(CommitRef::parse(&obj.data).map_err(decode)?.committer)
                }
                (Kind::Tag, Role::Tagger | Role::Creator) => {
                    TagRef::parse(&obj.data).map_err(decode)?.tagger
                }
                _ => None,
            };
            let Some(p) = person else {
                return Ok(BString::default());
            };
            Ok(match field {
                PersonField::Whole => {
                    let mut v = Vec::new();
                    let _ = p.write_to(&mut v);
                    v.into()
                }
                // ref-filter's copy_name: everything before the first " <", as written
                PersonField::Name => {
                    let line = p.as_bytes();
                    let end = line.find(" <").unwrap_or(0);
                    line[..end].into()
                }
                PersonField::Email => {
                    let mut v = BString::from("<");
                    v.extend_from_slice(p.email);
                    v.push(b'>');
                    v
                }
                PersonField::Date(mode) => {
                    format_date(p.seconds(), p.offset_minutes(), *mode).into()
                }
            })
        }
        _ => Ok(BString::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_split_into_subject_and_body() {
        let data = b"tree x\n\nline one\nline two\n\n\nbody\n";
        let (s, b, n, sig) = split_message(data);
        assert_eq!(s, b"line one line two");
        assert_eq!(b, b"body\n");
        assert_eq!(n, b"body\n");
        assert!(sig.is_empty());
    }
}
