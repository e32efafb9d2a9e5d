//! Notes (`git notes`): text attached to a commit after the fact, kept in the tree of a notes
//! ref's commit under the commit's hex id, shown by `git log` after the message.
//!
//! A notes tree names each note by the annotated object's id, whole or split into fan-out
//! directories of two hex digits:
//!
//! ```text
//! refs/notes/commits → commit → tree
//!                                ├── 017ed820cdf83c5754ade8f0895ec8a5504366c0   (blob: the note)
//!                                └── 0d/
//!                                     └── 9513dac46e32782d86d7e3ba032057a32de8e3
//! ```

use crate::object::{CommitRef, Kind, Tree, TreeRef};
use crate::stores::Stores;
use crate::{ObjectId, Result};
use bstr::{BString, ByteSlice};
use std::collections::HashMap;

/// The notes of one or more notes refs (`refs/notes/commits`, `--notes=<ref>`), read as needed.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// Each ref's full name and the tree of its commit.
    trees: Vec<(BString, ObjectId)>,
    parsed: HashMap<ObjectId, Tree>,
}

impl Notes {
    /// The notes of `refs` (full names), in that order; a ref that does not exist, or does not
    /// name a commit, has no notes.
    pub fn load<'r>(repo: impl Into<Stores<'r>>, refs: &[BString]) -> Result<Notes> {
        let repo = repo.into();
        let mut notes = Notes::default();
        for name in refs {
            let Some(id) = repo.refs().resolve_id(name) else {
                continue;
            };
            let mut data = Vec::new();
            if !matches!(repo.odb().try_read(&id, &mut data), Ok(Some(Kind::Commit))) {
                continue;
            }
            let Ok(commit) = CommitRef::parse(&data) else {
                continue;
            };
            if !notes.trees.iter().any(|(n, _)| n == name) {
                notes.trees.push((name.clone(), commit.tree));
            }
        }
        Ok(notes)
    }

    /// git's `load_display_notes`: which notes refs `log` shows. The default ref
    /// (`GIT_NOTES_REF`, `core.notesRef`, else `refs/notes/commits`) and the `notes.displayRef`
    /// globs (`GIT_NOTES_DISPLAY_REF` instead, when set) when `use_default` says so (`None`:
    /// when no `extra` ref is given, as without `--notes`), then each of `extra` (`--notes=`;
    /// `x` is `refs/notes/x`, `notes/x` is `refs/notes/x`, globs allowed).
    pub fn display_refs<'r>(
        repo: impl Into<Stores<'r>>,
        extra: &[BString],
        use_default: Option<bool>,
    ) -> Result<Vec<BString>> {
        let repo = repo.into();
        let mut refs: Vec<BString> = Vec::new();
        let mut globs: Vec<BString> = Vec::new();
        if use_default.unwrap_or(extra.is_empty()) {
            let env = repo.env();
            let default = match env.var_bytes("GIT_NOTES_REF") {
                Some(r) => r.into(),
                None => repo
                    .config()
                    .get("core.notesRef")
                    .map_or_else(|| "refs/notes/commits".into(), BString::from),
            };
            refs.push(default);
            match env.var_bytes("GIT_NOTES_DISPLAY_REF") {
                Some(list) => globs.extend(
                    list.split(|&b| b == b':')
                        .filter(|g| !g.is_empty())
                        .map(BString::from),
                ),
                None => globs.extend(
                    repo.config()
                        .get_all("notes.displayRef")
                        .into_iter()
                        .flatten()
                        .map(BString::from),
                ),
            }
        }
        for e in extra {
            let full: BString = if e.starts_with(b"refs/notes/") {
                e.clone()
            } else if e.starts_with(b"notes/") {
                [&b"refs/"[..], e].concat().into()
            } else {
                [&b"refs/notes/"[..], e].concat().into()
            };
            globs.push(full);
        }
        let mut listed: Option<Vec<BString>> = None;
        for g in globs {
            if !g.iter().any(|b| matches!(b, b'*' | b'?' | b'[')) {
                refs.push(g);
                continue;
            }
            if listed.is_none() {
                let all = repo.refs().list(b"refs/")?.refs;
                listed = Some(all.iter().map(|r| r.name.as_bstr().into()).collect());
            }
            for name in listed.iter().flatten() {
                if crate::wildmatch::wildmatch(&g, name, false) {
                    refs.push(name.clone());
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        refs.retain(|r| seen.insert(r.clone()));
        Ok(refs)
    }

    /// Whether no ref has notes.
    pub fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }

    fn tree(&mut self, repo: Stores<'_>, id: &ObjectId) -> Result<Option<&Tree>> {
        if !self.parsed.contains_key(id) {
            let object = repo.odb().read(id)?;
            if object.kind != Kind::Tree {
                return Ok(None);
            }
            let tree = TreeRef::parse(&object.data)?.to_owned();
            self.parsed.insert(*id, tree);
        }
        Ok(self.parsed.get(id))
    }

    /// The note of `id` in the tree `root`: the blob named by its hex id, below fan-out
    /// directories of two digits.
    fn find(&mut self, repo: Stores<'_>, root: ObjectId, id: &ObjectId) -> Result<Option<Vec<u8>>> {
        let hex = id.to_hex();
        let mut rest = hex.as_bytes();
        let mut tree_id = root;
        loop {
            let Some(tree) = self.tree(repo, &tree_id)? else {
                return Ok(None);
            };
            let whole = tree
                .entries
                .iter()
                .find(|e| !e.mode.is_tree() && e.name.as_bytes() == rest);
            if let Some(e) = whole {
                let blob = repo.odb().read(&e.id)?;
                return Ok((blob.kind == Kind::Blob).then(|| blob.data.to_vec()));
            }
            let Some(two) = rest.get(..2) else {
                return Ok(None);
            };
            let Some(sub) = tree
                .entries
                .iter()
                .find(|e| e.mode.is_tree() && e.name.as_bytes() == two)
            else {
                return Ok(None);
            };
            tree_id = sub.id;
            rest = &rest[2..];
        }
    }

    /// git's `format_display_notes`: every ref's note of `id`, each line ended by a newline;
    /// unless `raw`, each note after `\nNotes:` (`\nNotes (<ref>):` for other refs than
    /// `refs/notes/commits`) with its lines indented by four spaces.
    pub fn format(
        &mut self,
        repo: Stores<'_>,
        id: &ObjectId,
        raw: bool,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        for i in 0..self.trees.len() {
            let (name, root) = self.trees[i].clone();
            let Some(note) = self.find(repo, root, id)? else {
                continue;
            };
            let note = note.strip_suffix(b"\n").unwrap_or(&note);
            if !raw {
                if name == "refs/notes/commits" {
                    out.extend_from_slice(b"\nNotes:\n");
                } else {
                    let short = name.strip_prefix(b"refs/").unwrap_or(&name);
                    let short = short.strip_prefix(b"notes/").unwrap_or(short);
                    out.extend_from_slice(b"\nNotes (");
                    out.extend_from_slice(short);
                    out.extend_from_slice(b"):\n");
                }
            }
            if note.is_empty() {
                continue;
            }
            for line in note.split_str("\n") {
                if !raw {
                    out.extend_from_slice(b"    ");
                }
                out.extend_from_slice(line);
                out.push(b'\n');
            }
        }
        Ok(())
    }
}
