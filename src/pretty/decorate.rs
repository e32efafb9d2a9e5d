//! Decorations: the ref names shown beside a commit (`--decorate`, `%d`, `%D`), computed once
//! from the refs into a map from object id to names, in git's order.
//!
//! git walks the refs sorted by name, then `HEAD`, and puts each name in front of those the
//! object already has; an annotated tag also decorates every object its chain peels to, as a
//! tag. When `HEAD` and the branch it points at decorate the same commit they are shown as one
//! `HEAD -> main` where `HEAD` would be:
//!
//! ```text
//!  (HEAD -> main, tag: v1, origin/main, origin/HEAD)
//! ```

use crate::object::{Kind, TagRef};
use crate::refs::{Resolved, Target};
use crate::stores::Stores;
use crate::{ObjectId, Result};
use bstr::BString;
use std::collections::HashMap;

/// What kind of ref a decoration comes from (git's `enum decoration_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecorationKind {
    /// Any other ref (`refs/notes/…`, `refs/foo`).
    Other,
    /// `refs/heads/…`.
    Branch,
    /// `refs/remotes/…`.
    RemoteBranch,
    /// `refs/tags/…`, or any ref naming an annotated tag, on what the tag points at.
    Tag,
    /// `refs/stash`.
    Stash,
    /// `HEAD`.
    Head,
    /// `replaced`: the object a `refs/replace/` ref replaces.
    Replaced,
}

/// One name shown beside an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoration {
    /// Where it comes from.
    pub kind: DecorationKind,
    /// The full ref name (`refs/heads/main`, `HEAD`), or `replaced`.
    pub name: BString,
}

/// Which refs decorate (git's decoration filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecorationFilter {
    /// Every ref (`rev-list --format=%d`, `log.initialDecorationSet=all`).
    All,
    /// What `git log` shows by default: `HEAD`, `refs/heads/`, `refs/tags/`, `refs/remotes/`,
    /// `refs/stash`, `refs/replace/`.
    LogDefault,
}

/// How names are spelled (`--decorate=short` or `full`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefStyle {
    /// Without `refs/heads/`, `refs/tags/`, `refs/remotes/` (git's `prettify_refname`).
    #[default]
    Short,
    /// Full ref names.
    Full,
}

/// The text around and between decorations (`%(decorate:prefix=…,suffix=…,separator=…,
/// pointer=…,tag=…)`); the default is `%d`'s: ` (`, `)`, `, `, ` -> `, `tag: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecorationFormat {
    /// Before the first name.
    pub prefix: BString,
    /// After the last name.
    pub suffix: BString,
    /// Between names.
    pub separator: BString,
    /// Between `HEAD` and its branch.
    pub pointer: BString,
    /// Before a tag's name.
    pub tag: BString,
}

impl Default for DecorationFormat {
    fn default() -> Self {
        DecorationFormat {
            prefix: " (".into(),
            suffix: ")".into(),
            separator: ", ".into(),
            pointer: " -> ".into(),
            tag: "tag: ".into(),
        }
    }
}

/// Every object's decorations, and the branch `HEAD` points at.
#[derive(Debug, Clone, Default)]
pub struct Decorations {
    map: HashMap<ObjectId, Vec<Decoration>>,
    head_branch: Option<BString>,
    style: RefStyle,
}

fn kind_of(name: &[u8]) -> DecorationKind {
    if name == b"HEAD" {
        DecorationKind::Head
    } else if name.starts_with(b"refs/heads/") {
        DecorationKind::Branch
    } else if name.starts_with(b"refs/tags/") {
        DecorationKind::Tag
    } else if name.starts_with(b"refs/remotes/") {
        DecorationKind::RemoteBranch
    } else if name == b"refs/stash" {
        DecorationKind::Stash
    } else {
        DecorationKind::Other
    }
}

fn passes(filter: DecorationFilter, name: &[u8]) -> bool {
    match filter {
        DecorationFilter::All => true,
        DecorationFilter::LogDefault => {
            name == b"HEAD"
                || name == b"refs/stash"
                || [
                    &b"refs/heads/"[..],
                    b"refs/tags/",
                    b"refs/remotes/",
                    b"refs/replace/",
                ]
                .iter()
                .any(|p| name.starts_with(p))
        }
    }
}

impl Decorations {
    /// Reads every ref of `repo` that `filter` keeps (and `HEAD`) into decorations.
    pub fn load<'r>(
        repo: impl Into<Stores<'r>>,
        filter: DecorationFilter,
        style: RefStyle,
    ) -> Result<Self> {
        let repo = repo.into();
        let mut d = Decorations {
            style,
            ..Decorations::default()
        };
        let mut refs: Vec<(BString, ObjectId)> = Vec::new();
        for r in repo.refs().list(b"")?.refs {
            let id = match &r.target {
                Target::Object(id) => Some(*id),
                Target::Symbolic(_) => repo.refs().resolve(&r.name)?.and_then(|x| x.id()),
            };
            if let Some(id) = id {
                refs.push((r.name.as_bstr().into(), id));
            }
        }
        let head = repo.refs().resolve(&crate::refs::RefName::head())?;
        if let Some(Resolved::Object { name, id, .. }) = &head {
            refs.push(("HEAD".into(), *id));
            if name.as_bytes() != b"HEAD" {
                d.head_branch = Some(name.as_bstr().into());
            }
        }
        let replace_enabled = repo.env().var("GIT_NO_REPLACE_OBJECTS").is_none()
            && repo.config().get_bool("core.useReplaceRefs")? != Some(false);
        let mut buf = Vec::new();
        for (name, id) in refs {
            if !passes(filter, &name) {
                continue;
            }
            if let Some(hex) = name.strip_prefix(b"refs/replace/") {
                if let (true, Ok(original)) = (replace_enabled, ObjectId::from_hex(hex)) {
                    if repo.odb().try_read_header(&original)?.is_some() {
                        d.add(original, DecorationKind::Replaced, "replaced".into());
                    }
                }
                continue;
            }
            let Some(mut kind) = repo.odb().try_read(&id, &mut buf)? else {
                continue;
            };
            d.add(id, kind_of(&name), name.clone());
            let mut depth = 0;
            while kind == Kind::Tag && depth <= repo.limits().max_tag_chain {
                let Ok(tag) = TagRef::parse(&buf) else { break };
                let target = tag.target;
                let Some(k) = repo.odb().try_read(&target, &mut buf)? else {
                    break;
                };
                d.add(target, DecorationKind::Tag, name.clone());
                kind = k;
                depth += 1;
            }
        }
        Ok(d)
    }

    fn add(&mut self, id: ObjectId, kind: DecorationKind, name: BString) {
        self.map
            .entry(id)
            .or_default()
            .insert(0, Decoration { kind, name });
    }

    /// The decorations of `id`, in git's order (`HEAD` not yet merged with its branch).
    pub fn of(&self, id: &ObjectId) -> &[Decoration] {
        self.map.get(id).map_or(&[], Vec::as_slice)
    }

    fn show_name<'n>(&self, name: &'n [u8]) -> &'n [u8] {
        if self.style == RefStyle::Full {
            return name;
        }
        ["refs/heads/", "refs/tags/", "refs/remotes/"]
            .iter()
            .find_map(|p| name.strip_prefix(p.as_bytes()))
            .unwrap_or(name)
    }

    /// git's `format_decorations`: `prefix`, the names joined by `, ` (`tag: ` before tags,
    /// `HEAD -> branch` for `HEAD` and its branch), `suffix`; nothing when `id` has none.
    pub fn format(&self, id: &ObjectId, prefix: &[u8], suffix: &[u8], out: &mut Vec<u8>) {
        let style = DecorationFormat {
            prefix: prefix.into(),
            suffix: suffix.into(),
            ..DecorationFormat::default()
        };
        self.format_with(id, &style, out);
    }

    /// [`format`](Self::format) with every piece of text chosen (`%(decorate:…)`).
    pub fn format_with(&self, id: &ObjectId, style: &DecorationFormat, out: &mut Vec<u8>) {
        let list = self.of(id);
        if list.is_empty() {
            return;
        }
        let has_head = list.iter().any(|d| d.kind == DecorationKind::Head);
        let current = self
            .head_branch
            .as_ref()
            .filter(|_| has_head)
            .and_then(|b| {
                list.iter()
                    .position(|d| d.kind == DecorationKind::Branch && d.name == *b)
            });
        let mut sep = &style.prefix;
        for (i, d) in list.iter().enumerate() {
            if Some(i) == current {
                continue;
            }
            out.extend_from_slice(sep);
            if d.kind == DecorationKind::Tag {
                out.extend_from_slice(&style.tag);
            }
            out.extend_from_slice(self.show_name(&d.name));
            if let (Some(c), DecorationKind::Head) = (current, d.kind) {
                out.extend_from_slice(&style.pointer);
                out.extend_from_slice(self.show_name(&list[c].name));
            }
            sep = &style.separator;
        }
        out.extend_from_slice(&style.suffix);
    }
}
