//! Tips from revision arguments, as git's `handle_revision_arg` and the ref options read them:
//!
//! ```text
//! A          a tip                     ^A        a hidden tip (a "bottom")
//! A..B       ^A B                      A...B     A B, minus their merge bases; A is "left"
//! A^@        A's parents, not A        A^!       A, but none of its parents
//! A^-n       A, but not its n-th parent (A^- is A^-1)
//! --all, --branches[=GLOB], --tags[=GLOB], --remotes[=GLOB], --glob=GLOB   refs as tips
//! ```
//!
//! A tag stands for what it peels to; a tip that is a tree or a blob is left out (it is only
//! of use to `--objects`).

use super::graph::{BOTTOM, SYMMETRIC_LEFT, UNINTERESTING};
use super::{Walk, WalkError};
use crate::error::Result;
use crate::object::{Kind, TagRef};
use crate::oid::ObjectId;
use crate::revision::{self, Hint, ParentShorthand, Resolver};
use bstr::BString;

/// Which refs [`Walk::push_refs`] takes as tips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefSelection<'a> {
    /// `--all`: every ref under `refs/`, then `HEAD`.
    All,
    /// `--branches[=GLOB]`: `refs/heads/`.
    Branches(Option<&'a [u8]>),
    /// `--tags[=GLOB]`: `refs/tags/`.
    Tags(Option<&'a [u8]>),
    /// `--remotes[=GLOB]`: `refs/remotes/`.
    Remotes(Option<&'a [u8]>),
    /// `--glob=GLOB`: refs matching GLOB (`refs/` prepended when it does not start so).
    Glob(&'a [u8]),
}

impl<'a> RefSelection<'a> {
    /// The selection a ref option names (`--all`, `--branches[=GLOB]`, `--tags[=GLOB]`,
    /// `--remotes[=GLOB]`, `--glob=GLOB`); `None` for any other argument.
    ///
    /// ```
    /// use gitstore::history::walk::RefSelection;
    /// assert_eq!(RefSelection::from_option(b"--tags=v*"), Some(RefSelection::Tags(Some(b"v*"))));
    /// assert_eq!(RefSelection::from_option(b"--tagsx"), None);
    /// let all = RefSelection::from_option(b"--all").unwrap();
    /// assert_eq!(all.namespace(), (&b"refs/"[..], None));
    /// ```
    pub fn from_option(arg: &'a [u8]) -> Option<RefSelection<'a>> {
        match arg {
            b"--all" => return Some(RefSelection::All),
            b"--branches" => return Some(RefSelection::Branches(None)),
            b"--tags" => return Some(RefSelection::Tags(None)),
            b"--remotes" => return Some(RefSelection::Remotes(None)),
            _ => {}
        }
        if let Some(p) = arg.strip_prefix(b"--branches=") {
            return Some(RefSelection::Branches(Some(p)));
        }
        if let Some(p) = arg.strip_prefix(b"--tags=") {
            return Some(RefSelection::Tags(Some(p)));
        }
        if let Some(p) = arg.strip_prefix(b"--remotes=") {
            return Some(RefSelection::Remotes(Some(p)));
        }
        if let Some(p) = arg.strip_prefix(b"--glob=") {
            return Some(RefSelection::Glob(p));
        }
        None
    }

    /// The namespace the selection lists refs under, and the glob they must match in it:
    /// `refs/heads/` for `--branches`, `refs/` for `--all`, nothing for `--glob` (its pattern
    /// gets `refs/` when it does not start so).
    pub fn namespace(&self) -> (&'static [u8], Option<&'a [u8]>) {
        match *self {
            RefSelection::All => (b"refs/", None),
            RefSelection::Branches(p) => (b"refs/heads/", p),
            RefSelection::Tags(p) => (b"refs/tags/", p),
            RefSelection::Remotes(p) => (b"refs/remotes/", p),
            RefSelection::Glob(p) => (b"", Some(p)),
        }
    }
}

/// A tip as it was given, before tags were peeled: what `--objects` lists besides the
/// commits (tags, and trees and blobs named directly, which the commit walk leaves out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenTip {
    /// The object named (a tag, commit, tree or blob).
    pub id: ObjectId,
    /// The name it was given by (a ref, an expression, the id in hex).
    pub name: BString,
    /// Hidden (`^A`, after `--not`, the left side of `A..B`, a merge base of `A...B`).
    pub hidden: bool,
}

/// What [`Walk::push_revision`] made of an argument.
enum Peeled {
    Commit(ObjectId),
    /// A tree or a blob, or a tag of one.
    Other,
    Missing(ObjectId),
}

impl Walk<'_> {
    /// Adds a tip: the walk lists what `id` (a commit, or a tag of one) reaches. A tree or a
    /// blob is left out, as git does without `--objects`; a missing object is
    /// [`WalkError::MissingTip`].
    pub fn push(&mut self, id: ObjectId) -> Result<()> {
        self.add_tip(id, 0, id.to_hex().as_bytes())
    }

    /// Adds a hidden tip: what `id` reaches is left out (`^id`).
    pub fn hide(&mut self, id: ObjectId) -> Result<()> {
        self.add_tip(id, UNINTERESTING | BOTTOM, id.to_hex().as_bytes())
    }

    /// Adds the tips one revision argument names, as `git rev-list` reads it (see the module
    /// docs); `hidden` is the state `--not` toggles. `Ok(false)` when the argument names no
    /// revision (git then tries it as a path); errors for a missing object and an invalid
    /// range. The resolver gathers what git would print on the way.
    pub fn push_revision(
        &mut self,
        resolver: &mut Resolver<'_>,
        arg: &[u8],
        hidden: bool,
    ) -> Result<bool> {
        let found = self.push_revision_1(resolver, arg, hidden);
        // what the resolver read, git has parsed: the walk must know it too
        self.commits.extend_from(resolver.commits());
        self.graph.catch_up(self.odb, &mut self.commits)?;
        found
    }

    fn push_revision_1(
        &mut self,
        resolver: &mut Resolver<'_>,
        arg: &[u8],
        hidden: bool,
    ) -> Result<bool> {
        let flags = if hidden { UNINTERESTING | BOTTOM } else { 0 };
        if arg == b".." {
            return Ok(false);
        }
        if self.push_range(resolver, arg, flags)? {
            return Ok(true);
        }
        let mut arg = arg;
        if let Some(shorthand) = revision::parse_parent_shorthand(arg) {
            match shorthand {
                ParentShorthand::Parents(rev) => {
                    if self.push_parents(resolver, rev, flags, None)? {
                        return Ok(true);
                    }
                }
                ParentShorthand::Only(rev) => {
                    if self.push_parents(resolver, rev, flags ^ (UNINTERESTING | BOTTOM), None)? {
                        arg = rev;
                    }
                }
                ParentShorthand::ExcludeParent(rev, n) => {
                    let hide = flags ^ (UNINTERESTING | BOTTOM);
                    if self.push_parents(resolver, rev, hide, Some(n))? {
                        arg = rev;
                    }
                }
            }
        }
        let (name, local) = match arg.strip_prefix(b"^") {
            Some(rest) => (rest, UNINTERESTING | BOTTOM),
            None => (arg, 0),
        };
        let Some(id) = lookup(resolver, name, Hint::Any)? else {
            return Ok(false);
        };
        self.add_tip(id, flags ^ local, name)?;
        Ok(true)
    }

    /// `--exclude=GLOB`: the next [`Walk::push_refs`] leaves out refs whose full name matches
    /// GLOB (git's `wildmatch` without pathname rules); that call forgets the exclusions.
    pub fn exclude_refs(&mut self, glob: &[u8]) {
        self.excluded_refs.push(glob.into());
    }

    fn ref_excluded(&self, name: &[u8]) -> bool {
        self.excluded_refs
            .iter()
            .any(|g| crate::wildmatch::wildmatch(g, name, false))
    }

    /// Adds refs as tips (hidden with `hidden`, as after `--not`), except those
    /// [excluded](Walk::exclude_refs).
    pub fn push_refs(&mut self, which: RefSelection<'_>, hidden: bool) -> Result<()> {
        let found = self.push_refs_1(which, hidden);
        self.excluded_refs.clear();
        found
    }

    fn push_refs_1(&mut self, which: RefSelection<'_>, hidden: bool) -> Result<()> {
        let flags = if hidden { UNINTERESTING | BOTTOM } else { 0 };
        let (prefix, pattern) = which.namespace();
        let glob = pattern.map(|p| crate::refs::pattern::glob_pattern(prefix, p));
        let list = self.repo.refs().list(prefix)?;
        for r in &list.refs {
            if let Some(g) = &glob {
                if !crate::wildmatch::wildmatch(g, r.name.as_bytes(), false) {
                    continue;
                }
            }
            // git matches the exclusions against the name below the family's prefix
            let shown = match which {
                RefSelection::All | RefSelection::Glob(_) => r.name.as_bytes(),
                _ => r.name.as_bytes().strip_prefix(prefix).unwrap_or_default(),
            };
            if self.ref_excluded(shown) {
                continue;
            }
            let Ok(Some(resolved)) = self.repo.refs().resolve(&r.name) else {
                continue;
            };
            if let Some(id) = resolved.id() {
                self.add_tip(id, flags, r.name.as_bytes())?;
            }
        }
        if which == RefSelection::All && !self.ref_excluded(b"HEAD") {
            if let Some(id) = self.repo.refs().resolve_id(b"HEAD") {
                self.add_tip(id, flags, b"HEAD")?;
            }
        }
        Ok(())
    }

    /// `A..B` and `A...B` (git's `handle_dotdot`); false when `arg` is no range or a side
    /// names nothing.
    fn push_range(&mut self, resolver: &mut Resolver<'_>, arg: &[u8], flags: u32) -> Result<bool> {
        let Some(range) = revision::parse_range(arg) else {
            return Ok(false);
        };
        let Some(a) = lookup(resolver, range.from, Hint::Committish)? else {
            return Ok(false);
        };
        let Some(b) = lookup(resolver, range.to, Hint::Committish)? else {
            return Ok(false);
        };
        let invalid = |not_a_commit| WalkError::InvalidRange {
            range: arg.into(),
            symmetric: range.symmetric,
            not_a_commit,
        };
        if !self.odb.contains(&a)? || !self.odb.contains(&b)? {
            return Err(invalid(None).into());
        }
        let exclude = flags ^ (UNINTERESTING | BOTTOM);
        let (a_flags, b_flags) = if range.symmetric {
            let mut commits = [a, b];
            for side in commits.iter_mut() {
                match resolver.deref_tags(*side)? {
                    Some((c, Kind::Commit)) => *side = c,
                    Some((other, kind)) => return Err(invalid(Some((other, kind))).into()),
                    None => return Err(invalid(None).into()),
                }
            }
            let [ca, cb] = commits;
            for base in resolver.merge_bases(ca, cb)? {
                self.add_tip(base, exclude, base.to_hex().as_bytes())?;
            }
            (flags | SYMMETRIC_LEFT, flags)
        } else {
            (exclude, flags)
        };
        self.add_tip(a, a_flags, range.from)?;
        self.add_tip(b, b_flags, range.to)?;
        Ok(true)
    }

    /// git's `add_parents_only`: the parents of `rev` (only the `only`-th), with `flags`.
    /// False when `rev` names no commit or has no such parent.
    fn push_parents(
        &mut self,
        resolver: &mut Resolver<'_>,
        rev: &[u8],
        flags: u32,
        only: Option<usize>,
    ) -> Result<bool> {
        let (rev, flags) = match rev.strip_prefix(b"^") {
            Some(rest) => (rest, flags ^ (UNINTERESTING | BOTTOM)),
            None => (rev, flags),
        };
        let Some(id) = lookup(resolver, rev, Hint::Committish)? else {
            return Ok(false);
        };
        let Some(commit) = resolver.peel_to_commit(id)? else {
            return Ok(false);
        };
        let Some(parents) = resolver.parents(commit)? else {
            return Ok(false);
        };
        if only.is_some_and(|n| n > parents.len()) {
            return Ok(false);
        }
        for (i, p) in parents.iter().enumerate() {
            if only.is_some_and(|n| n != i + 1) {
                continue;
            }
            self.add_tip(*p, flags, rev)?;
        }
        Ok(true)
    }

    /// Peels `id` to a commit and records it as a tip with `flags`.
    pub(super) fn add_tip(&mut self, id: ObjectId, flags: u32, name: &[u8]) -> Result<()> {
        self.added.push((id, flags, name.into()));
        let given = GivenTip {
            id,
            name: name.into(),
            hidden: flags & UNINTERESTING != 0,
        };
        let commit = match self.peel(id)? {
            Peeled::Commit(c) => c,
            Peeled::Other => {
                self.given.push(given);
                return Ok(());
            }
            Peeled::Missing(missing) if missing == id => {
                return Err(WalkError::MissingTip {
                    name: BString::from(name),
                    id,
                }
                .into())
            }
            // what a hidden tag points to may be missing
            Peeled::Missing(_) if flags & UNINTERESTING != 0 => return Ok(()),
            Peeled::Missing(missing) => {
                return Err(WalkError::MissingTip {
                    name: missing.to_hex().into(),
                    id: missing,
                }
                .into())
            }
        };
        let at = self.commits.graph_position(self.odb, &commit);
        let c = self.graph.lookup_keyed(commit, at);
        if !self.parse(c)? {
            return Err(WalkError::MissingTip {
                name: BString::from(name),
                id: commit,
            }
            .into());
        }
        self.graph.set(c, flags);
        self.pending.push(c);
        self.given.push(given);
        Ok(())
    }

    /// Follows tags from `id` to a commit.
    fn peel(&mut self, mut id: ObjectId) -> Result<Peeled> {
        let mut data = Vec::new();
        for _ in 0..=self.odb.limits().max_tag_chain {
            // git's parse_object: a commit the graph has (and the objects still hold) is not
            // read, so a walk from many tips does not inflate them all
            if let Some(graph) = self.commits.graph(self.odb) {
                if graph.contains(&id) && self.odb.contains(&id)? {
                    return Ok(Peeled::Commit(id));
                }
            }
            data.clear();
            match self.odb.try_read(&id, &mut data)? {
                None => return Ok(Peeled::Missing(id)),
                Some(Kind::Commit) => {
                    self.commits.note_read(&id, &mut data);
                    return Ok(Peeled::Commit(id));
                }
                Some(Kind::Tag) => match TagRef::parse(&data) {
                    Ok(tag) => id = tag.target,
                    Err(_) => return Ok(Peeled::Other),
                },
                Some(_) => return Ok(Peeled::Other),
            }
        }
        Ok(Peeled::Other)
    }
}

/// Resolves `name`; `None` when it names nothing (an error git dies of stays an error).
fn lookup(resolver: &mut Resolver<'_>, name: &[u8], hint: Hint) -> Result<Option<ObjectId>> {
    match resolver.lookup(name, hint) {
        Ok(id) => Ok(Some(id)),
        Err(crate::Error::Revision(e)) if !e.is_fatal() => Ok(None),
        Err(e) => Err(e),
    }
}
