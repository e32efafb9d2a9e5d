//! The side-by-side walk of two trees (git's `ll_diff_tree_paths`), with an explicit stack.

use super::{Change, DiffError, DiffErrorKind, DiffOptions, Side};
use crate::object::tree::compare_entries;
use crate::object::{EntryMode, Kind, TreeRefIter};
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pathspec::Pathspec;
use std::cmp::Ordering;
use std::ops::ControlFlow;

/// Hands each change from tree `old` to tree `new` (`None`: the empty tree) to `visit`, in
/// git's order, as the walk finds it; `visit` returns [`ControlFlow::Break`] to stop early.
/// Renames are not paired here (that needs every change): see
/// [`diff_trees`](super::diff_trees).
///
/// Only trees whose ids differ on the two sides are read, and only those the pathspec can
/// match below.
///
/// ```
/// use gitstore::diff::{for_each_change, DiffOptions};
/// use gitstore::object::EntryMode;
/// use gitstore::Repository;
/// use std::ops::ControlFlow;
///
/// let repo = Repository::in_memory()?;
/// let blob = repo.odb().write(gitstore::Kind::Blob, b"x\n")?;
/// let mut editor = repo.edit_tree(None);
/// for path in ["a.txt", "b.txt", "c.txt"] {
///     editor.insert(path.as_bytes(), EntryMode::BLOB, blob)?;
/// }
/// let tree = editor.write()?;
/// let mut first = None;
/// for_each_change(repo.odb(), None, Some(&tree), &DiffOptions::default(), |change| {
///     first = Some(change.path().to_owned());
///     ControlFlow::Break(())
/// })?;
/// assert_eq!(first.unwrap(), "a.txt");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn for_each_change(
    odb: &Odb,
    old: Option<&ObjectId>,
    new: Option<&ObjectId>,
    options: &DiffOptions,
    mut visit: impl FnMut(Change) -> ControlFlow<()>,
) -> Result<(), DiffError> {
    if old == new {
        return Ok(());
    }
    let listing = |id: Option<&ObjectId>, path: &[u8]| match id {
        Some(id) => Listing::read(odb, id, path),
        None => Ok(Listing::default()),
    };
    let mut stack = vec![Frame {
        base: Vec::new(),
        old: listing(old, b"")?,
        new: listing(new, b"")?,
    }];
    let spec = &options.pathspec;
    let max_depth = odb.limits().max_tree_depth;
    while let Some(frame) = stack.last_mut() {
        let recursive = options.recurses();
        let o = frame.old.peek_matching(&frame.base, spec, recursive);
        let n = frame.new.peek_matching(&frame.base, spec, recursive);
        let (o, n) = match (o, n) {
            (None, None) => {
                stack.pop();
                continue;
            }
            (Some(o), Some(n)) => {
                let order = compare_entries(
                    frame.old.name(&o),
                    o.mode.is_tree(),
                    frame.new.name(&n),
                    n.mode.is_tree(),
                );
                match order {
                    Ordering::Less => (Some(o), None),
                    Ordering::Greater => (None, Some(n)),
                    Ordering::Equal => (Some(o), Some(n)),
                }
            }
            other => other,
        };
        let mut path = frame.base.clone();
        if let Some(o) = &o {
            path.extend_from_slice(frame.old.name(o));
            frame.old.next += 1;
        }
        if let Some(n) = &n {
            if o.is_none() {
                path.extend_from_slice(frame.new.name(n));
            }
            frame.new.next += 1;
        }
        if let (Some(o), Some(n)) = (&o, &n) {
            if o.mode == n.mode && o.id == n.id {
                continue;
            }
        }
        let is_tree = o.or(n).is_some_and(|e| e.mode.is_tree());
        let descend = is_tree && options.recurses();
        if !descend || options.show_trees {
            if let Some(change) = change(path.clone().into(), o, n) {
                if visit(change).is_break() {
                    return Ok(());
                }
            }
        }
        if descend {
            if stack.len() >= max_depth {
                let id = o.or(n).map_or_else(ObjectId::null, |e| e.id);
                let kind = DiffErrorKind::TooDeep { limit: max_depth };
                return Err(DiffError::new(kind, id, &path));
            }
            let old = listing(o.map(|e| e.id).as_ref(), &path)?;
            let new = listing(n.map(|e| e.id).as_ref(), &path)?;
            path.push(b'/');
            stack.push(Frame {
                base: path,
                old,
                new,
            });
        }
    }
    Ok(())
}

/// The change for an entry found on one side or both.
fn change(path: bstr::BString, old: Option<Item>, new: Option<Item>) -> Option<Change> {
    let side = |e: Item| Side {
        mode: e.mode,
        id: e.id,
    };
    Some(match (old, new) {
        (Some(o), Some(n)) if file_type(o.mode) != file_type(n.mode) => Change::TypeChanged {
            path,
            old: side(o),
            new: side(n),
        },
        (Some(o), Some(n)) => Change::Modified {
            path,
            old: side(o),
            new: side(n),
        },
        (Some(o), None) => Change::Deleted { path, old: side(o) },
        (None, Some(n)) => Change::Added { path, new: side(n) },
        (None, None) => return None,
    })
}

/// The `S_IFMT` bits of a canonical mode: file, symlink, directory or gitlink.
fn file_type(mode: EntryMode) -> u32 {
    mode.canonical_value() & 0o170000
}

/// A directory being compared: its path (with a trailing `/`, empty at the root) and the
/// entries of each side.
struct Frame {
    base: Vec<u8>,
    old: Listing,
    new: Listing,
}

/// One tree entry: canonical mode, where its name lies in the tree's buffer, and id.
#[derive(Debug, Clone, Copy)]
struct Item {
    mode: EntryMode,
    name: (usize, usize),
    id: ObjectId,
}

/// A tree's body and its entries, with the walk's position in them.
#[derive(Default)]
struct Listing {
    data: Vec<u8>,
    items: Vec<Item>,
    next: usize,
}

impl Listing {
    /// Reads and parses tree `id`, found at `path`.
    fn read(odb: &Odb, id: &ObjectId, path: &[u8]) -> Result<Listing, DiffError> {
        let fail = |kind| DiffError::new(kind, *id, path);
        let mut data = Vec::new();
        match odb.try_read(id, &mut data) {
            Ok(Some(Kind::Tree)) => {}
            Ok(Some(actual)) => return Err(fail(DiffErrorKind::NotATree { actual })),
            Ok(None) => return Err(fail(DiffErrorKind::Missing)),
            Err(e) => return Err(fail(DiffErrorKind::Read(Box::new(e.into())))),
        }
        let mut items = Vec::new();
        let mut offset = 0;
        for entry in TreeRefIter::new(&data) {
            let entry = entry.map_err(|e| fail(DiffErrorKind::Invalid(e)))?;
            // `<mode> SP <name> NUL <20 bytes>`
            let start = offset + entry.mode.as_bytes().len() + 1;
            let end = start + entry.name.len();
            items.push(Item {
                mode: entry.mode.canonical(),
                name: (start, end),
                id: entry.id,
            });
            offset = end + 1 + ObjectId::LEN;
        }
        Ok(Listing {
            data,
            items,
            next: 0,
        })
    }

    fn name(&self, item: &Item) -> &[u8] {
        self.data.get(item.name.0..item.name.1).unwrap_or_default()
    }

    /// The next entry the pathspec names, skipping the others (git's `skip_uninteresting`).
    fn peek_matching(&mut self, base: &[u8], spec: &Pathspec, recursive: bool) -> Option<Item> {
        while let Some(item) = self.items.get(self.next).copied() {
            let is_tree = item.mode.is_tree();
            let is_dir = is_tree || item.mode.is_commit();
            if spec.interesting(base, self.name(&item), is_tree, is_dir, recursive) {
                return Some(item);
            }
            self.next += 1;
        }
        None
    }
}
