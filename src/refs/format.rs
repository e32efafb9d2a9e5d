//! Listing refs the way `git for-each-ref`, `git branch` and `git tag` do: format strings with
//! `%(atom)` placeholders, sort keys, name patterns, and git's date formats.
//!
//! ```text
//! %(objectname) %(objecttype)\t%(refname)       the default format
//! %(refname:short)  %(refname:lstrip=2)          name styles: short, strip/lstrip/rstrip=N
//! %(objectname:short=8)  %(*objectname)          abbreviated id; `*` = the peeled tag target
//! %(subject) %(body) %(contents)                 the message of a commit or tag
//! %(authorname) %(authoremail) %(authordate)     people: author, committer, tagger, creator
//! %(authordate:iso)                              dates: normal (default), short, iso,
//!                                                iso-strict, rfc, raw, unix
//! %(HEAD) %(symref) %(upstream)                  `*` for the current branch; symref target
//! %%  %0a                                        a percent sign; a byte in hex
//! ```
//!
//! [`Format::parse`] checks a format once; a [`Formatter`] evaluates it for each [`RefItem`],
//! reading each object at most once. [`SortKey`] and [`Formatter::sort`] order the items as
//! `--sort` does (the last key given is the primary one, ties go to the ref name), and
//! [`name_matches`] / [`wildmatch`] filter them as the commands' patterns do.

use crate::error::{Error, Result};
use crate::object::{CommitRef, Kind, SignatureRef, TagRef};
use crate::oid::ObjectId;
use crate::refs::{RefName, Resolved, Target};
use crate::repo::Repository;
use bstr::{BString, ByteSlice};
use std::cmp::Ordering;
use std::collections::HashMap;

/// `for-each-ref`'s format when none is given.
pub const DEFAULT_FORMAT: &str = "%(objectname) %(objecttype)\t%(refname)";

/// Largest object read to evaluate message and people atoms.
const MAX_OBJECT_READ: u64 = 64 * 1024 * 1024;

/// How a ref name is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameStyle {
    /// The full name.
    Full,
    /// The shortest unambiguous name (`:short`).
    Short,
    /// Without `n` leading components (`:lstrip=n`, `:strip=n`).
    Lstrip(isize),
    /// Without `n` trailing components (`:rstrip=n`).
    Rstrip(isize),
}

/// Whose line of a commit or tag a person atom reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `author` (commits).
    Author,
    /// `committer` (commits).
    Committer,
    /// `tagger` (tags).
    Tagger,
    /// The tagger of a tag, the committer of a commit.
    Creator,
}

/// Which part of a person line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    /// The whole line: `Name <email> seconds tz`.
    Whole,
    /// The name.
    Name,
    /// `<email>`.
    Email,
    /// The date, in a [`DateMode`].
    Date(DateMode),
}

/// git's date formats (`--date=` and `%(authordate:…)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateMode {
    /// `Tue Nov 14 23:13:20 2023 +0100`.
    Normal,
    /// `2023-11-14`.
    Short,
    /// `2023-11-14 23:13:20 +0100`.
    Iso,
    /// `2023-11-14T23:13:20+01:00`.
    IsoStrict,
    /// `Tue, 14 Nov 2023 23:13:20 +0100`.
    Rfc,
    /// `1700000000 +0100`.
    Raw,
    /// `1700000000`.
    Unix,
}

impl DateMode {
    /// Parses a mode name as git spells it.
    pub fn parse(name: &str) -> Option<DateMode> {
        Some(match name {
            "" | "default" | "normal" => DateMode::Normal,
            "short" => DateMode::Short,
            "iso" | "iso8601" => DateMode::Iso,
            "iso-strict" | "iso8601-strict" => DateMode::IsoStrict,
            "rfc" | "rfc2822" => DateMode::Rfc,
            "raw" => DateMode::Raw,
            "unix" => DateMode::Unix,
            _ => return None,
        })
    }
}

/// Which part of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart {
    /// `%(subject)`: the first paragraph, lines joined with spaces.
    Subject,
    /// `%(body)`: everything after the first paragraph, signature included.
    Body,
    /// `%(contents)`: the whole message.
    Contents,
    /// `%(contents:body)`: the body without the signature.
    ContentsBody,
    /// `%(contents:signature)`: the signature of a signed tag.
    Signature,
}

/// One `%(…)` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtomKind {
    /// `refname`.
    RefName(NameStyle),
    /// `objectname`; `Some(n)` for `:short[=n]` (0: the default abbreviation).
    ObjectName(Option<usize>),
    /// `objecttype`.
    ObjectType,
    /// `objectsize`.
    ObjectSize,
    /// A part of the message.
    Message(MessagePart),
    /// A person atom.
    Person(Role, PersonField),
    /// `tag`: the name recorded in a tag object.
    TagName,
    /// `type`: the kind of object a tag points at.
    TagType,
    /// `object`: the id a tag points at.
    TagObject,
    /// `HEAD`: `*` for the branch HEAD points at, else a space.
    Head,
    /// `symref`: what a symbolic ref points at.
    Symref(NameStyle),
    /// `upstream`, `push`: always empty (gitstore reads no branch tracking config).
    Upstream,
}

/// An atom, possibly about the peeled object (`%(*objectname)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// `*`: evaluate on the object an annotated tag peels to.
    pub deref: bool,
    /// What it shows.
    pub kind: AtomKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(Vec<u8>),
    Atom(Atom),
}

/// A checked `--format` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    pieces: Vec<Piece>,
}

/// A format or sort key git would refuse; the message is git's.
fn bad(msg: String) -> Error {
    Error::InvalidInput(msg)
}

fn parse_strip(arg: &str, what: &str) -> Result<isize> {
    arg.parse::<isize>()
        .ok()
        .filter(|&n| n != 0 || what == "rstrip" || what == "lstrip")
        .ok_or_else(|| bad(format!("Integer value expected refname:{what}={arg}")))
}

fn parse_name_style(atom: &str, arg: Option<&str>) -> Result<NameStyle> {
    Ok(match arg {
        None => NameStyle::Full,
        Some("short") => NameStyle::Short,
        Some(a) => {
            if let Some(n) = a.strip_prefix("lstrip=") {
                NameStyle::Lstrip(parse_strip(n, "lstrip")?)
            } else if let Some(n) = a.strip_prefix("strip=") {
                NameStyle::Lstrip(parse_strip(n, "strip")?)
            } else if let Some(n) = a.strip_prefix("rstrip=") {
                NameStyle::Rstrip(parse_strip(n, "rstrip")?)
            } else {
                return Err(bad(format!("unrecognized %({atom}) argument: {a}")));
            }
        }
    })
}

impl Atom {
    /// Parses the text between `%(` and `)`.
    pub fn parse(text: &str) -> Result<Atom> {
        let (deref, body) = match text.strip_prefix('*') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if body.is_empty() {
            return Err(bad(format!("malformed field name: {text}")));
        }
        // git: `%(atom:)` is `%(atom)`
        let (name, raw_arg) = match body.split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (body, None),
        };
        // git: `%(atom:)` is `%(atom)` (but a date atom reads its format as written)
        let arg = raw_arg.filter(|a| !a.is_empty());
        let no_arg = |kind: AtomKind| match arg {
            None => Ok(kind),
            Some(a) => Err(bad(format!("%({name}) does not take arguments: {a}"))),
        };
        let kind = match name {
            "refname" => AtomKind::RefName(parse_name_style(name, arg)?),
            "symref" => AtomKind::Symref(parse_name_style(name, arg)?),
            "objectname" => match arg {
                None => AtomKind::ObjectName(None),
                Some("short") => AtomKind::ObjectName(Some(0)),
                Some(a) => match a.strip_prefix("short=") {
                    Some(v) => match v.parse::<u32>() {
                        Ok(n) if n > 0 => AtomKind::ObjectName(Some(n as usize)),
                        _ => {
                            return Err(bad(format!("positive value expected '{v}' in %({text})")))
                        }
                    },
                    None => return Err(bad(format!("unrecognized %(objectname) argument: {a}"))),
                },
            },
            "objecttype" => no_arg(AtomKind::ObjectType)?,
            "objectsize" => no_arg(AtomKind::ObjectSize)?,
            "tag" => no_arg(AtomKind::TagName)?,
            "type" => no_arg(AtomKind::TagType)?,
            "object" => no_arg(AtomKind::TagObject)?,
            "HEAD" => no_arg(AtomKind::Head)?,
            "upstream" | "push" => AtomKind::Upstream,
            "subject" => no_arg(AtomKind::Message(MessagePart::Subject))?,
            "body" => no_arg(AtomKind::Message(MessagePart::Body))?,
            "contents" => AtomKind::Message(match arg {
                None => MessagePart::Contents,
                Some("subject") => MessagePart::Subject,
                Some("body") => MessagePart::ContentsBody,
                Some("signature") => MessagePart::Signature,
                Some(a) => return Err(bad(format!("unrecognized %(contents) argument: {a}"))),
            }),
            _ => {
                let (role, field) = [
                    ("author", Role::Author),
                    ("committer", Role::Committer),
                    ("tagger", Role::Tagger),
                    ("creator", Role::Creator),
                ]
                .iter()
                .find_map(|(p, role)| name.strip_prefix(p).map(|f| (*role, f)))
                .ok_or_else(|| bad(format!("unknown field name: {text}")))?;
                let field = match (role, field) {
                    (Role::Creator, "") => PersonField::Whole,
                    (Role::Creator, "date") => PersonField::Date(date_arg(raw_arg)?),
                    (Role::Creator, _) => return Err(bad(format!("unknown field name: {text}"))),
                    (_, "") => PersonField::Whole,
                    (_, "name") => PersonField::Name,
                    (_, "email") => PersonField::Email,
                    (_, "date") => PersonField::Date(date_arg(raw_arg)?),
                    _ => return Err(bad(format!("unknown field name: {text}"))),
                };
                if !matches!(field, PersonField::Date(_)) && arg.is_some() {
                    return Err(bad(format!(
                        "unrecognized %({name}) argument: {}",
                        arg.unwrap_or_default()
                    )));
                }
                AtomKind::Person(role, field)
            }
        };
        Ok(Atom { deref, kind })
    }

    /// Whether the atom needs the object's content (not only its id).
    fn needs_object(&self) -> bool {
        !matches!(
            self.kind,
            AtomKind::RefName(_)
                | AtomKind::Head
                | AtomKind::Symref(_)
                | AtomKind::Upstream
                | AtomKind::ObjectName(_)
        ) || self.deref
    }
}

/// The date format of a date atom, as git's `parse_date_format`: none is the default, an empty
/// one is unknown.
fn date_arg(arg: Option<&str>) -> Result<DateMode> {
    let mode = match arg {
        None => DateMode::parse(""),
        Some("") => None,
        Some(a) => DateMode::parse(a),
    };
    mode.ok_or_else(|| bad(format!("unknown date format {}", arg.unwrap_or(""))))
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

impl Format {
    /// Parses a format string; unknown atoms and unterminated `%(` are errors with git's words.
    pub fn parse(text: &[u8]) -> Result<Format> {
        let mut pieces = Vec::new();
        let mut lit = Vec::new();
        let mut i = 0;
        while let Some(&b) = text.get(i) {
            if b != b'%' {
                lit.push(b);
                i += 1;
                continue;
            }
            match text.get(i + 1) {
                Some(b'%') => {
                    lit.push(b'%');
                    i += 2;
                }
                Some(b'(') => {
                    let rest = &text[i + 2..];
                    let end = rest.find_byte(b')').ok_or_else(|| {
                        bad(format!("malformed format string {}", text[i..].as_bstr()))
                    })?;
                    let inner = rest[..end].to_str().map_err(|_| {
                        bad(format!("unknown field name: {}", rest[..end].as_bstr()))
                    })?;
                    if !lit.is_empty() {
                        pieces.push(Piece::Literal(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Atom(Atom::parse(inner)?));
                    i += 2 + end + 1;
                }
                _ => match (
                    text.get(i + 1).copied().and_then(hex_val),
                    text.get(i + 2).copied().and_then(hex_val),
                ) {
                    (Some(h), Some(l)) => {
                        lit.push(h << 4 | l);
                        i += 3;
                    }
                    _ => {
                        lit.push(b'%');
                        i += 1;
                    }
                },
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Literal(lit));
        }
        Ok(Format { pieces })
    }

    /// The atoms, in order.
    pub fn atoms(&self) -> impl Iterator<Item = &Atom> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Atom(a) => Some(a),
            Piece::Literal(_) => None,
        })
    }
}

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
    pub fn from_list(repo: &Repository, list: &crate::refs::RefList) -> Result<Vec<RefItem>> {
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
                    if let Some(Resolved::Object { name, id, peeled }) =
                        repo.refs().resolve(&r.name)?
                    {
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

/// What the formatter knows about one object.
#[derive(Debug, Clone)]
struct ObjectInfo {
    kind: Kind,
    size: u64,
    data: Vec<u8>,
}

/// Evaluates formats and sort keys for refs of one repository, caching object reads.
#[derive(Debug)]
pub struct Formatter<'r> {
    repo: &'r Repository,
    head: Option<RefName>,
    abbrev: usize,
    strict: bool,
    objects: HashMap<ObjectId, Option<ObjectInfo>>,
}

impl<'r> Formatter<'r> {
    /// A formatter for `repo` (reads where HEAD points, `core.abbrev` and
    /// `core.warnAmbiguousRefs`).
    pub fn new(repo: &'r Repository) -> Result<Formatter<'r>> {
        let head = match repo.refs().resolve(&RefName::head()) {
            Ok(Some(Resolved::Object { name, .. })) if !name.is_head() => Some(name),
            _ => None,
        };
        Ok(Formatter {
            repo,
            head,
            abbrev: crate::revision::default_abbrev_len(repo),
            strict: repo
                .config()
                .get_bool("core.warnambiguousrefs")?
                .unwrap_or(true),
            objects: HashMap::new(),
        })
    }

    fn object(&mut self, id: &ObjectId) -> Result<Option<&ObjectInfo>> {
        if !self.objects.contains_key(id) {
            let odb = self.repo.odb();
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
        let mut id = item.id;
        for _ in 0..64 {
            let Some(obj) = self.object(&id)? else {
                return Ok(None);
            };
            if obj.kind != Kind::Tag {
                return Ok((id != item.id).then_some(id));
            }
            let tag = TagRef::parse(&obj.data).map_err(|source| Error::InvalidObject {
                id: Some(id),
                kind: Kind::Tag,
                source,
            })?;
            id = tag.target;
        }
        Ok(None)
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
            NameStyle::Short => self.repo.refs().shorten(name, self.strict),
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
                Some(0) => crate::revision::abbreviate(self.repo, &id, self.abbrev)?.into(),
                Some(n) => crate::revision::abbreviate(self.repo, &id, n)?.into(),
            });
        }
        if !atom.needs_object() {
            return Ok(BString::default());
        }
        let Some(obj) = self.object(&id)? else {
            return Err(bad(format!(
                "missing object {id} for {}",
                item.name.as_bstr()
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

/// A `--sort` key: an atom, `-` for descending, `version:`/`v:` for version order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// What is compared.
    pub atom: Atom,
    /// Descending.
    pub reverse: bool,
    /// Compare as versions (`v1.10` after `v1.9`).
    pub version: bool,
}

impl SortKey {
    /// Parses `[-][version:|v:]atom`.
    pub fn parse(text: &str) -> Result<SortKey> {
        let (reverse, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (version, rest) = match rest
            .strip_prefix("version:")
            .or_else(|| rest.strip_prefix("v:"))
        {
            Some(r) => (true, r),
            None => (false, rest),
        };
        Ok(SortKey {
            atom: Atom::parse(rest)?,
            reverse,
            version,
        })
    }
}

/// git's `versioncmp` without `versionsort.suffix`: runs of digits compare as numbers.
pub fn version_cmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let x = a[si..i].trim_start_with(|c| c == '0');
            let y = b[sj..j].trim_start_with(|c| c == '0');
            let c = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
            if c != Ordering::Equal {
                return c;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
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

/// Days since 1970-01-01 to (year, month 1-12, day 1-31), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats `seconds` since the epoch, shown in the time zone `offset_minutes` east of UTC, as
/// git's `show_date` does.
pub fn format_date(seconds: i64, offset_minutes: i32, mode: DateMode) -> String {
    let tz_hhmm = {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.unsigned_abs();
        format!("{sign}{:02}{:02}", m / 60, m % 60)
    };
    match mode {
        DateMode::Unix => return seconds.to_string(),
        DateMode::Raw => return format!("{seconds} {tz_hhmm}"),
        _ => {}
    }
    let local = seconds.saturating_add(offset_minutes as i64 * 60);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let wd = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let mon = MONTHS[(mo as usize).saturating_sub(1) % 12];
    match mode {
        DateMode::Normal => format!("{wd} {mon} {d} {h:02}:{mi:02}:{s:02} {y} {tz_hhmm}"),
        DateMode::Short => format!("{y:04}-{mo:02}-{d:02}"),
        DateMode::Iso => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} {tz_hhmm}"),
        DateMode::IsoStrict => {
            let tz = if offset_minutes == 0 {
                "Z".to_string()
            } else {
                format!("{}:{}", &tz_hhmm[..3], &tz_hhmm[3..])
            };
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{tz}")
        }
        DateMode::Rfc => format!("{wd}, {d} {mon} {y} {h:02}:{mi:02}:{s:02} {tz_hhmm}"),
        DateMode::Raw | DateMode::Unix => seconds.to_string(),
    }
}

/// `for-each-ref`'s pattern rule (`match_as_path`): a pattern matches a name it is a prefix of
/// up to a `/` (or that ends in `/`), or that it matches as a glob where `*` stops at `/`.
/// No patterns: everything matches.
pub fn name_matches_path(name: &[u8], patterns: &[&[u8]]) -> bool {
    patterns.is_empty()
        || patterns.iter().any(|p| {
            (name.starts_with(p)
                && (name.len() == p.len() || name[p.len()] == b'/' || p.ends_with(b"/")))
                || wildmatch(p, name, true)
        })
}

/// `branch --list` / `tag --list` pattern rule: the name without `refs/heads/`, `refs/tags/` or
/// `refs/remotes/` matched as a glob (where `*` also matches `/`).
pub fn name_matches(name: &[u8], patterns: &[&[u8]]) -> bool {
    let short = ["refs/heads/", "refs/tags/", "refs/remotes/"]
        .iter()
        .find_map(|p| name.strip_prefix(p.as_bytes()))
        .unwrap_or(name);
    patterns.is_empty() || patterns.iter().any(|p| wildmatch(p, short, false))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Byte(u8),
    One,
    /// `*`: any run of bytes; `slash` whether it may contain `/`.
    Star {
        slash: bool,
    },
    /// `**/` at a component start: empty, or anything ending in `/`.
    Dirs,
    Class {
        negated: bool,
        items: Vec<(u8, u8)>,
    },
}

fn tokenize(p: &[u8], pathname: bool) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = p.get(i) {
        match c {
            b'\\' if i + 1 < p.len() => {
                toks.push(Tok::Byte(p[i + 1]));
                i += 2;
            }
            b'?' => {
                toks.push(Tok::One);
                i += 1;
            }
            b'*' => {
                let mut j = i;
                while p.get(j) == Some(&b'*') {
                    j += 1;
                }
                let double = j - i >= 2;
                let at_start = i == 0 || p[i - 1] == b'/';
                if !pathname {
                    toks.push(Tok::Star { slash: true });
                } else if double && at_start && p.get(j) == Some(&b'/') {
                    toks.push(Tok::Dirs);
                    j += 1;
                } else if double && at_start && j == p.len() {
                    toks.push(Tok::Star { slash: true });
                } else {
                    toks.push(Tok::Star { slash: false });
                }
                i = j;
            }
            b'[' => {
                let mut j = i + 1;
                let negated = matches!(p.get(j), Some(b'!' | b'^'));
                if negated {
                    j += 1;
                }
                let mut items = Vec::new();
                let mut first = true;
                let mut closed = false;
                while let Some(&b) = p.get(j) {
                    if b == b']' && !first {
                        closed = true;
                        j += 1;
                        break;
                    }
                    first = false;
                    let lo = if b == b'\\' && j + 1 < p.len() {
                        j += 1;
                        p[j]
                    } else {
                        b
                    };
                    if p.get(j + 1) == Some(&b'-') && p.get(j + 2).is_some_and(|&e| e != b']') {
                        let mut k = j + 2;
                        let hi = if p[k] == b'\\' && k + 1 < p.len() {
                            k += 1;
                            p[k]
                        } else {
                            p[k]
                        };
                        items.push((lo, hi));
                        j = k + 1;
                    } else {
                        items.push((lo, lo));
                        j += 1;
                    }
                }
                if closed {
                    toks.push(Tok::Class { negated, items });
                    i = j;
                } else {
                    toks.push(Tok::Byte(b'['));
                    i += 1;
                }
            }
            _ => {
                toks.push(Tok::Byte(c));
                i += 1;
            }
        }
    }
    toks
}

/// git's `wildmatch`: `*`, `?`, `[…]` (with `!`/`^`, ranges, `\` escapes); with `pathname`
/// (`WM_PATHNAME`) `*` and `?` do not match `/` and `**` between slashes matches directories.
/// Time is bounded by pattern length × name length (no backtracking blow-up).
pub fn wildmatch(pattern: &[u8], text: &[u8], pathname: bool) -> bool {
    let toks = tokenize(pattern, pathname);
    // reach[j]: the tokens so far can consume exactly text[..j]
    let mut reach = vec![false; text.len() + 1];
    reach[0] = true;
    for tok in &toks {
        let mut next = vec![false; text.len() + 1];
        match tok {
            Tok::Star { slash } => {
                let mut on = false;
                for j in 0..=text.len() {
                    if reach[j] {
                        on = true;
                    }
                    next[j] = on;
                    if j < text.len() && !slash && text[j] == b'/' {
                        on = false;
                    }
                }
            }
            Tok::Dirs => {
                for j in 0..=text.len() {
                    if !reach[j] {
                        continue;
                    }
                    next[j] = true;
                    for k in j..text.len() {
                        if text[k] == b'/' {
                            next[k + 1] = true;
                        }
                    }
                }
            }
            _ => {
                for j in 0..text.len() {
                    if !reach[j] {
                        continue;
                    }
                    let c = text[j];
                    let ok = match tok {
                        Tok::Byte(b) => *b == c,
                        Tok::One => !(pathname && c == b'/'),
                        Tok::Class { negated, items } => {
                            !(pathname && c == b'/')
                                && items.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
                        }
                        _ => false,
                    };
                    if ok {
                        next[j + 1] = true;
                    }
                }
            }
        }
        reach = next;
    }
    reach[text.len()]
}

/// git's `stripspace` (the `strip` cleanup of `git tag -m` and `git commit`): trailing
/// whitespace removed from every line, runs of blank lines squeezed to one, blank lines at the
/// start and end dropped, lines starting with `#` dropped when `strip_comments`, and a final
/// newline added to a non-empty result.
pub fn stripspace(msg: &[u8], strip_comments: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(msg.len() + 1);
    let mut blank_pending = false;
    for line in msg.lines() {
        if strip_comments && line.starts_with(b"#") {
            continue;
        }
        let trimmed = line.trim_end_with(|c| c.is_ascii_whitespace());
        if trimmed.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push(b'\n');
            blank_pending = false;
        }
        out.extend_from_slice(trimmed);
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_formatted_like_git() {
        let t = 1_700_000_000;
        assert_eq!(
            format_date(t, 60, DateMode::Normal),
            "Tue Nov 14 23:13:20 2023 +0100"
        );
        assert_eq!(format_date(t, 60, DateMode::Short), "2023-11-14");
        assert_eq!(
            format_date(t, -330, DateMode::Iso),
            "2023-11-14 16:43:20 -0530"
        );
        assert_eq!(
            format_date(t, 0, DateMode::IsoStrict),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            format_date(t, 60, DateMode::Rfc),
            "Tue, 14 Nov 2023 23:13:20 +0100"
        );
        assert_eq!(
            format_date(0, 0, DateMode::Normal),
            "Thu Jan 1 00:00:00 1970 +0000"
        );
    }

    #[test]
    fn wildmatch_follows_pathname_rules() {
        assert!(wildmatch(b"refs/heads/*", b"refs/heads/main", true));
        assert!(!wildmatch(b"refs/heads/*", b"refs/heads/a/b", true));
        assert!(wildmatch(b"refs/heads/*", b"refs/heads/a/b", false));
        assert!(wildmatch(b"refs/**/b", b"refs/heads/a/b", true));
        assert!(wildmatch(b"refs/**/b", b"refs/b", true));
        assert!(wildmatch(b"v[0-9].?", b"v1.0", true));
        assert!(!wildmatch(b"v[!0-9]*", b"v1.0", true));
        assert!(wildmatch(b"a\\*", b"a*", true));
        assert!(!wildmatch(b"a\\*", b"ab", true));
        let long = vec![b'a'; 200];
        assert!(!wildmatch(b"*a*a*a*a*a*a*a*a*b", &long, false));
    }

    #[test]
    fn path_patterns_match_whole_components() {
        assert!(name_matches_path(b"refs/heads/main", &[b"refs/heads"]));
        assert!(name_matches_path(b"refs/heads/main", &[b"refs/heads/"]));
        assert!(!name_matches_path(b"refs/heads/main", &[b"refs/hea"]));
        assert!(name_matches_path(b"refs/tags/v1", &[b"refs/tags/v*"]));
        assert!(name_matches(b"refs/heads/feature/x", &[b"f*"]));
    }

    #[test]
    fn formats_parse_escapes_and_refuse_unknown_atoms() {
        let f = Format::parse(b"%(refname)%00%%%41").unwrap();
        assert_eq!(f.atoms().count(), 1);
        assert!(Format::parse(b"%(bogus)").is_err());
        assert!(Format::parse(b"%(refname").is_err());
    }

    #[test]
    fn version_order_compares_numbers() {
        assert_eq!(version_cmp(b"v1.9", b"v1.10"), Ordering::Less);
        assert_eq!(version_cmp(b"v2", b"v10"), Ordering::Less);
        assert_eq!(version_cmp(b"a", b"a"), Ordering::Equal);
    }

    #[test]
    fn stripspace_cleans_messages_like_git() {
        assert_eq!(
            stripspace(b"  hi  \n\n\n# c\nthere", true),
            b"  hi\n\nthere\n"
        );
        assert_eq!(stripspace(b"\n\n", true), b"");
        assert_eq!(stripspace(b"msg", false), b"msg\n");
    }

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
