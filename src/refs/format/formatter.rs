//! Evaluating a checked [`Format`] for refs: reading objects (each at most once), peeling tags,
//! shortening names, tracking counts, and ordering items by [`SortKey`]s.

use super::atom::{Abbrev, PersonField, RemoteRefField, Role};
use super::describe::TagName;
use super::filter::peel_to_commit;
use super::message::Message;
use super::person::{date_of, email_of, header_values, mailmapped, person_line, signature};
use super::render::{Quote, Stack};
use super::track::{ahead_behind, track_text, trackshort_text};
use super::{Atom, AtomKind, Format, FormatError, FormatErrorKind, Piece};
use crate::date::DateContext;
use crate::error::{Error, Result};
use crate::graph::Commits;
use crate::mailmap::Mailmap;
use crate::object::{Kind, TagRef};
use crate::odb::{ChainEnd, Odb};
use crate::oid::ObjectId;
use crate::refs::tracking::Branch;
use crate::refs::{RefName, RefStore, Resolved, Storage, Target};
use bstr::{BString, ByteSlice};
use std::collections::HashMap;
use std::rc::Rc;

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
    /// What `%(refname…)` shows instead of the name, and that `%(HEAD)` marks the item
    /// current: a detached `HEAD` in `git branch`'s listing (`(HEAD detached at 3a1b2c4)`).
    pub description: Option<BString>,
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
                    description: None,
                }),
                Target::Symbolic(_) => {
                    if let Some(Resolved::Object { name, id, peeled }) = refs.resolve(&r.name)? {
                        items.push(RefItem {
                            name: r.name.clone(),
                            id,
                            symref: Some(name),
                            peeled,
                            description: None,
                        });
                    }
                }
            }
        }
        Ok(items)
    }

    /// The root refs `for-each-ref --include-root-refs` lists: `HEAD` and the pseudorefs in
    /// the git dir whose names are capitals and `_` ending in `_HEAD` (`ORIG_HEAD`,
    /// `FETCH_HEAD`…), by name, each that resolves to an object; files that do not read or
    /// resolve are passed over.
    pub fn root_refs(refs: &RefStore) -> Vec<RefItem> {
        let mut names: Vec<String> = std::fs::read_dir(refs.git_dir())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| {
                        n == "HEAD"
                            || (n.ends_with("_HEAD")
                                && n.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let mut items = Vec::new();
        for n in names {
            let Ok(name) = RefName::new(n.as_bytes()) else {
                continue;
            };
            if let Ok(Some(Resolved::Object {
                name: target,
                id,
                peeled,
            })) = refs.resolve(&name)
            {
                let symref = (target != name).then_some(target);
                items.push(RefItem {
                    name,
                    id,
                    symref,
                    peeled,
                    description: None,
                });
            }
        }
        items
    }
}

/// What the formatter knows about one object.
#[derive(Debug)]
pub(super) struct ObjectInfo {
    pub(super) kind: Kind,
    pub(super) size: u64,
    /// The content, when an atom needed it (and it is within `Limits::max_object_size`).
    data: Option<Vec<u8>>,
}

/// Evaluates formats and sort keys for refs of one repository, caching object reads.
pub struct Formatter<'r> {
    odb: &'r Odb,
    refs: &'r RefStore,
    head: Option<RefName>,
    abbrev: usize,
    strict: bool,
    objects: HashMap<ObjectId, Option<Rc<ObjectInfo>>>,
    commits: Commits,
    quote: Quote,
    color: bool,
    mailmap: Option<Mailmap>,
    date_context: DateContext,
    bases: HashMap<String, ObjectId>,
    worktrees: Vec<(RefName, BString)>,
    describe_tags: Option<Rc<Vec<TagName>>>,
    warnings: Vec<FormatWarning>,
    warned: std::collections::HashSet<RefName>,
    /// For each `%(is-base:…)` tip, the ref found to be its base ([`Formatter::prepare`]).
    is_base: HashMap<String, RefName>,
}

/// Something git reports on stderr while formatting, without stopping.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatWarning {
    /// `%(ahead-behind:…)` of a ref that does not peel to a commit (git: `object <id> is a
    /// <kind>, not a commit`).
    NotACommit {
        /// The object the ref peels to.
        id: ObjectId,
        /// Its kind.
        kind: Kind,
    },
}

impl std::fmt::Debug for Formatter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formatter")
            .field("head", &self.head)
            .field("quote", &self.quote)
            .field("color", &self.color)
            .finish_non_exhaustive()
    }
}

fn format_error(kind: FormatErrorKind) -> Error {
    Error::RefFormat(FormatError::from(kind))
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
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
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
            commits: Commits::new(),
            quote: Quote::None,
            color: false,
            mailmap: None,
            date_context: DateContext::at(now),
            bases: HashMap::new(),
            worktrees: Vec::new(),
            describe_tags: None,
            warnings: Vec::new(),
            warned: std::collections::HashSet::new(),
            is_base: HashMap::new(),
        })
    }

    /// What needs the whole list before lines are formatted: for each `%(is-base:…)` of
    /// `format`, which of `items` (in the order git filtered them, before sorting) the tip
    /// branched from.
    pub fn prepare(&mut self, format: &Format, items: &[RefItem]) -> Result<()> {
        let tips: Vec<String> = format
            .atoms()
            .filter_map(|a| match &a.kind {
                AtomKind::IsBase(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        if tips.is_empty() {
            return Ok(());
        }
        let odb = self.odb;
        let mut names = Vec::new();
        let mut bases = Vec::new();
        for item in items {
            if let Some(c) = peel_to_commit(odb, &mut self.commits, item.id)? {
                names.push(item.name.clone());
                bases.push(c);
            }
        }
        for tip in tips {
            let Some(&tip_id) = self.bases.get(&tip) else {
                return Err(format_error(FormatErrorKind::FailedToFind { name: tip }));
            };
            if let Some(i) = super::is_base::base_for_tip(odb, &mut self.commits, tip_id, &bases)? {
                self.is_base.insert(tip, names[i].clone());
            }
        }
        Ok(())
    }

    /// What git would have reported on stderr so far; taken, so each is reported once.
    pub fn take_warnings(&mut self) -> Vec<FormatWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Quotes each value (`--shell`, `--perl`, `--python`, `--tcl`).
    pub fn set_quote(&mut self, quote: Quote) {
        self.quote = quote;
    }

    /// Writes `%(color:…)` sequences (`--color`); without, they are empty.
    pub fn set_color(&mut self, color: bool) {
        self.color = color;
    }

    /// The map `:mailmap` atoms use (none: names and emails as recorded).
    pub fn set_mailmap(&mut self, mailmap: Mailmap) {
        self.mailmap = Some(mailmap);
    }

    /// `now` for relative dates, and the local zone.
    pub fn set_date_context(&mut self, context: DateContext) {
        self.date_context = context;
    }

    /// The commit a committish of `%(ahead-behind:…)` or `%(is-base:…)` names.
    pub fn set_base(&mut self, committish: &str, id: ObjectId) {
        self.bases.insert(committish.to_string(), id);
    }

    /// The branches checked out in worktrees, and where (`%(worktreepath)`).
    pub fn set_worktrees(&mut self, worktrees: Vec<(RefName, BString)>) {
        self.worktrees = worktrees;
    }

    pub(super) fn object(
        &mut self,
        id: &ObjectId,
        need_data: bool,
    ) -> Result<Option<Rc<ObjectInfo>>> {
        if let Some(cached) = self.objects.get(id) {
            match cached {
                Some(o)
                    if need_data
                        && o.data.is_none()
                        && o.size <= self.odb.limits().max_object_size => {}
                _ => return Ok(cached.clone()),
            }
        }
        let odb = self.odb;
        let info = match odb.try_read_header(id)? {
            None => None,
            Some(h) => {
                let data = if need_data && h.size <= odb.limits().max_object_size {
                    let mut data = Vec::new();
                    odb.read_to(id, &mut data)?;
                    Some(data)
                } else {
                    None
                };
                Some(Rc::new(ObjectInfo {
                    kind: h.kind,
                    size: h.size,
                    data,
                }))
            }
        };
        self.objects.insert(*id, info.clone());
        Ok(info)
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
            ChainEnd::Missing => Err(format_error(FormatErrorKind::MissingObject {
                id: chain.targets.last().copied().unwrap_or(item.id),
                refname: item.name.as_bstr().into(),
            })),
            _ => Ok(chain.peeled()),
        }
    }

    /// What an annotated tag ref peels to (`None` for anything that is not a tag).
    pub fn peel(&mut self, item: &RefItem) -> Result<Option<ObjectId>> {
        self.peeled(item)
    }

    /// Writes `format` evaluated for `item` to `out` (no newline added). Every value is
    /// computed before the line is put together, so a missing object is reported before a
    /// misnested `%(end)`, as git does.
    pub fn format(&mut self, format: &Format, item: &RefItem, out: &mut Vec<u8>) -> Result<()> {
        let mut values = Vec::new();
        for piece in &format.pieces {
            if let Piece::Atom(a) = piece {
                if !is_structural(&a.kind) {
                    values.push(self.value(a, item)?);
                }
            }
        }
        let mut values = values.into_iter();
        let mut stack = Stack::new(self.quote);
        let nesting = Error::RefFormat;
        for piece in &format.pieces {
            match piece {
                Piece::Literal(l) => stack.literal(l),
                Piece::Atom(a) => match &a.kind {
                    AtomKind::Align { width, position } => stack.open_align(*width, *position),
                    AtomKind::If(c) => stack.open_if(c.clone()),
                    AtomKind::Then => stack.then().map_err(nesting)?,
                    AtomKind::Else => stack.otherwise().map_err(nesting)?,
                    AtomKind::End => stack.end().map_err(nesting)?,
                    kind => {
                        let v = values.next().unwrap_or_default();
                        stack.value(&v, matches!(kind, AtomKind::Raw { size: false }));
                    }
                },
            }
        }
        if self.color && format.ends_colored() {
            stack.value(b"\x1b[m", false);
        }
        out.extend_from_slice(&stack.finish().map_err(nesting)?);
        Ok(())
    }

    fn name_style(&self, name: &[u8], style: super::NameStyle) -> BString {
        use super::NameStyle as S;
        match style {
            S::Full => name.into(),
            S::Short => match RefName::new(name) {
                Ok(n) => self.refs.shorten(&n, self.strict),
                Err(_) => name.into(),
            },
            S::Lstrip(n) => crate::refs::name::lstrip(name, n).into(),
            S::Rstrip(n) => crate::refs::name::rstrip(name, n).into(),
        }
    }

    fn abbreviated(&self, id: &ObjectId, abbrev: Abbrev) -> Result<Vec<u8>> {
        Ok(match abbrev {
            Abbrev::Full => id.to_hex().into_bytes(),
            Abbrev::Default => self.odb.abbreviate(id, self.abbrev)?.into_bytes(),
            Abbrev::Len(n) => self.odb.abbreviate(id, n)?.into_bytes(),
        })
    }

    /// The value of one atom for `item` (structural atoms — `if`, `align`… — are empty).
    pub fn value(&mut self, atom: &Atom, item: &RefItem) -> Result<BString> {
        let deref_suffix = |mut v: BString| {
            if atom.deref {
                v.extend_from_slice(b"^{}");
            }
            v
        };
        match &atom.kind {
            AtomKind::RefName(style) => {
                return Ok(deref_suffix(match &item.description {
                    Some(d) => d.clone(),
                    None => self.name_style(item.name.as_bytes(), *style),
                }))
            }
            AtomKind::Symref(style) => {
                let v = match &item.symref {
                    Some(t) => self.name_style(t.as_bytes(), *style),
                    None => BString::default(),
                };
                return Ok(deref_suffix(v));
            }
            AtomKind::Head => {
                return Ok(
                    if self.head.as_ref() == Some(&item.name) || item.description.is_some() {
                        "*".into()
                    } else {
                        " ".into()
                    },
                )
            }
            AtomKind::Upstream(field) => return self.remote_ref(item, *field, false),
            AtomKind::Push(field) => return self.remote_ref(item, *field, true),
            AtomKind::Color(seq) => {
                return Ok(if self.color {
                    seq.as_slice().into()
                } else {
                    BString::default()
                })
            }
            AtomKind::Flag => {
                let holder = item.symref.as_ref().unwrap_or(&item.name);
                let packed = self.refs.storage(holder)? == Some(Storage::Packed);
                let flags = [(item.symref.is_some(), "symref"), (packed, "packed")];
                let shown: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
                return Ok(shown.join(",").into());
            }
            AtomKind::WorktreePath => {
                return Ok(self
                    .worktrees
                    .iter()
                    .find(|(n, _)| *n == item.name)
                    .map(|(_, p)| p.clone())
                    .unwrap_or_default())
            }
            AtomKind::AheadBehind(base) => return self.ahead_behind_value(item, base),
            AtomKind::IsBase(tip) => {
                return Ok(match self.is_base.get(tip) {
                    Some(n) if *n == item.name => format!("({tip})").into(),
                    _ => BString::default(),
                })
            }
            AtomKind::Rest => return Ok(BString::default()),
            kind if is_structural(kind) => return Ok(BString::default()),
            AtomKind::ObjectName(abbrev) if !atom.deref => {
                return Ok(self.abbreviated(&item.id, *abbrev)?.into())
            }
            _ => {}
        }
        let id = if atom.deref {
            let Some(obj) = self.object(&item.id, false)? else {
                return Err(self.missing(item.id, item));
            };
            if obj.kind != Kind::Tag {
                return Ok(BString::default());
            }
            match self.peeled(item)? {
                Some(p) => p,
                None => return Ok(BString::default()),
            }
        } else {
            item.id
        };
        let need_data = !matches!(
            atom.kind,
            AtomKind::ObjectType
                | AtomKind::ObjectSize { .. }
                | AtomKind::DeltaBase
                | AtomKind::ObjectName(_)
        );
        let Some(obj) = self.object(&id, need_data)? else {
            return Err(self.missing(id, item));
        };
        match &atom.kind {
            AtomKind::ObjectName(abbrev) => return Ok(self.abbreviated(&id, *abbrev)?.into()),
            AtomKind::ObjectType => return Ok(obj.kind.as_str().into()),
            AtomKind::ObjectSize { disk: false } => return Ok(obj.size.to_string().into()),
            AtomKind::ObjectSize { disk: true } => {
                let size = self.odb.locate(&id)?.map_or(0, |l| l.size_on_disk());
                return Ok(size.to_string().into());
            }
            AtomKind::DeltaBase => {
                let base = self.odb.locate(&id)?.and_then(|l| l.delta_base());
                return Ok(base.unwrap_or(ObjectId::null()).to_hex().into());
            }
            _ => {}
        }
        let Some(data) = obj.data.as_deref() else {
            return Ok(BString::default());
        };
        self.content_value(&atom.kind, obj.kind, data, id, item)
    }

    fn missing(&self, id: ObjectId, item: &RefItem) -> Error {
        format_error(FormatErrorKind::MissingObject {
            id,
            refname: item.name.as_bstr().into(),
        })
    }

    fn content_value(
        &mut self,
        kind: &AtomKind,
        obj_kind: Kind,
        data: &[u8],
        id: ObjectId,
        item: &RefItem,
    ) -> Result<BString> {
        match kind {
            AtomKind::Raw { size: false } => return Ok(data.into()),
            AtomKind::Raw { size: true } => return Ok(data.len().to_string().into()),
            _ => {}
        }
        let is_commit = obj_kind == Kind::Commit;
        let is_tag = obj_kind == Kind::Tag;
        Ok(match kind {
            AtomKind::Message(part) if is_commit || is_tag => Message::of(data).part(*part).into(),
            AtomKind::Trailers(opts) if is_commit || is_tag => {
                Message::of(data).trailers(opts).into()
            }
            AtomKind::Tree(abbrev) if is_commit => match header_values(data, "tree").next() {
                Some(hex) => match ObjectId::from_hex(hex) {
                    Ok(t) => self.abbreviated(&t, *abbrev)?.into(),
                    Err(_) => BString::default(),
                },
                None => BString::default(),
            },
            AtomKind::Parent(abbrev) if is_commit => {
                let mut out = Vec::new();
                for hex in header_values(data, "parent") {
                    if let Ok(p) = ObjectId::from_hex(hex) {
                        if !out.is_empty() {
                            out.push(b' ');
                        }
                        out.extend_from_slice(&self.abbreviated(&p, *abbrev)?);
                    }
                }
                out.into()
            }
            AtomKind::NumParent if is_commit => {
                header_values(data, "parent").count().to_string().into()
            }
            AtomKind::TagName | AtomKind::TagType | AtomKind::TagObject if is_tag => {
                let tag = TagRef::parse(data).map_err(|_| {
                    format_error(FormatErrorKind::ParseFailed {
                        id,
                        refname: item.name.as_bstr().into(),
                    })
                })?;
                match kind {
                    AtomKind::TagName => tag.name.into(),
                    AtomKind::TagType => tag.target_kind.as_str().into(),
                    _ => tag.target.to_hex().into(),
                }
            }
            AtomKind::Person(role, field) => self.person(*role, field, obj_kind, data),
            AtomKind::Signature(field) if is_commit => signature(data, *field),
            AtomKind::Describe(opts) if is_commit || is_tag => self.describe(id, opts)?,
            _ => BString::default(),
        })
    }

    fn person(&self, role: Role, field: &PersonField, kind: Kind, data: &[u8]) -> BString {
        let who = match (kind, role) {
            (Kind::Commit, Role::Author) => "author",
            (Kind::Commit, Role::Committer | Role::Creator) => "committer",
            (Kind::Tag, Role::Tagger | Role::Creator) => "tagger",
            _ => return BString::default(),
        };
        let line = person_line(data, who).unwrap_or_default();
        let wants_map = match field {
            PersonField::Name(m) => *m,
            PersonField::Email(o) => o.mailmap,
            _ => false,
        };
        let line: Vec<u8> = match (&self.mailmap, wants_map) {
            (Some(map), true) => mailmapped(line, map),
            _ => line.to_vec(),
        };
        match field {
            PersonField::Ignored => BString::default(),
            PersonField::Whole => line.into(),
            PersonField::Name(_) => line
                .find(b" <")
                .map(|e| line[..e].to_vec())
                .unwrap_or_default()
                .into(),
            PersonField::Email(opts) => email_of(&line, *opts).into(),
            PersonField::Date(format) => match date_of(&line) {
                Some((seconds, tz)) => format
                    .clone()
                    .unwrap_or_default()
                    .show(seconds, tz, &self.date_context)
                    .into(),
                None => BString::default(),
            },
        }
    }

    fn remote_ref(&mut self, item: &RefItem, field: RemoteRefField, push: bool) -> Result<BString> {
        let Some(short) = item.name.as_bytes().strip_prefix(b"refs/heads/") else {
            return Ok(BString::default());
        };
        let config = self.refs.config();
        let branch = Branch::read(config, short);
        let push_remote_field = matches!(
            field,
            RemoteRefField::RemoteName | RemoteRefField::RemoteRef
        );
        let target = if push && push_remote_field {
            None
        } else {
            let found = if push {
                branch.push(self.refs)
            } else {
                branch.upstream(self.refs)
            };
            match found {
                Ok(t) => Some(t),
                Err(_) => return Ok(BString::default()),
            }
        };
        Ok(match field {
            RemoteRefField::Name(style) => self.name_style(&target.unwrap_or_default(), style),
            RemoteRefField::Track { nobracket } => track_text(
                self.counts(item, target.as_ref().map(|t| t.as_slice()))?,
                nobracket,
            ),
            RemoteRefField::TrackShort => {
                trackshort_text(self.counts(item, target.as_ref().map(|t| t.as_slice()))?)
            }
            RemoteRefField::RemoteName => {
                let (name, explicit) = if push {
                    branch.push_remote_name(config)
                } else {
                    branch.remote_name()
                };
                if explicit {
                    name
                } else {
                    BString::default()
                }
            }
            RemoteRefField::RemoteRef => branch.remote_ref(config, push).unwrap_or_default(),
        })
    }

    /// git's `stat_branch_pair`: ahead and behind of the branch against `base`, `None` when
    /// either is missing or not a commit.
    fn counts(&mut self, item: &RefItem, base: Option<&[u8]>) -> Result<Option<(usize, usize)>> {
        let Some(base) = base.and_then(|b| self.refs.resolve_id(b)) else {
            return Ok(None);
        };
        let odb = self.odb;
        let theirs = peel_to_commit(odb, &mut self.commits, base)?;
        let ours = peel_to_commit(odb, &mut self.commits, item.id)?;
        match (ours, theirs) {
            (Some(o), Some(t)) => Ok(Some(ahead_behind(odb, &mut self.commits, o, t)?)),
            _ => Ok(None),
        }
    }

    fn ahead_behind_value(&mut self, item: &RefItem, base: &str) -> Result<BString> {
        let Some(&base_id) = self.bases.get(base) else {
            return Err(format_error(FormatErrorKind::FailedToFind {
                name: base.into(),
            }));
        };
        let odb = self.odb;
        let Some(ours) = peel_to_commit(odb, &mut self.commits, item.id)? else {
            if self.warned.insert(item.name.clone()) {
                let end = odb.tag_chain(&item.id)?.peeled().unwrap_or(item.id);
                if let Some(h) = odb.try_read_header(&end)? {
                    self.warnings.push(FormatWarning::NotACommit {
                        id: end,
                        kind: h.kind,
                    });
                }
            }
            return Ok(BString::default());
        };
        let (a, b) = ahead_behind(odb, &mut self.commits, ours, base_id)?;
        Ok(format!("{a} {b}").into())
    }

    fn describe_tags(&mut self) -> Result<Rc<Vec<TagName>>> {
        if let Some(t) = &self.describe_tags {
            return Ok(t.clone());
        }
        let odb = self.odb;
        let list = self.refs.list(b"refs/tags/")?;
        let mut tags = Vec::new();
        for r in &list.refs {
            let Target::Object(id) = r.target else {
                continue;
            };
            let Some(commit) = peel_to_commit(odb, &mut self.commits, id)? else {
                continue;
            };
            let obj = self.object(&id, true)?;
            let annotated = obj.as_ref().is_some_and(|o| o.kind == Kind::Tag);
            let date = obj
                .as_ref()
                .and_then(|o| o.data.as_deref())
                .filter(|_| annotated)
                .and_then(|d| person_line(d, "tagger"))
                .and_then(date_of)
                .map_or(0, |(s, _)| s);
            let name = r.name.as_bytes()[b"refs/tags/".len()..].to_vec();
            tags.push(TagName {
                name,
                commit,
                annotated,
                date,
            });
        }
        let tags = Rc::new(tags);
        self.describe_tags = Some(tags.clone());
        Ok(tags)
    }

    /// `git describe` of the commit `id` is or peels to.
    fn describe(&mut self, id: ObjectId, opts: &super::DescribeOptions) -> Result<BString> {
        let odb = self.odb;
        let Some(commit) = peel_to_commit(odb, &mut self.commits, id)? else {
            return Ok(BString::default());
        };
        let tags = self.describe_tags()?;
        let abbreviate = |id: &ObjectId, n: usize| Ok(odb.abbreviate(id, n)?);
        let text = super::describe::describe(
            odb,
            &mut self.commits,
            &tags,
            commit,
            opts,
            &abbreviate,
            self.abbrev,
        )?;
        Ok(text.unwrap_or_default().into())
    }
}

fn is_structural(kind: &AtomKind) -> bool {
    matches!(
        kind,
        AtomKind::Align { .. } | AtomKind::If(_) | AtomKind::Then | AtomKind::Else | AtomKind::End
    )
}
