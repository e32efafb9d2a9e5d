//! How far a branch is ahead of and behind the ref it tracks, and git's words for it
//! (`[ahead 2, behind 1]`, `<>`). Which ref that is comes from [`crate::refs::tracking`].

use crate::error::Result;
use crate::graph::Commits;
use crate::odb::Odb;
use crate::oid::ObjectId;
use bstr::BString;
use std::collections::HashSet;

/// How many commits `ours` has that `theirs` lacks, and the other way round.
pub fn ahead_behind(
    odb: &Odb,
    commits: &mut Commits,
    ours: ObjectId,
    theirs: ObjectId,
) -> Result<(usize, usize)> {
    if ours == theirs {
        return Ok((0, 0));
    }
    let a = ancestors(odb, commits, ours)?;
    let b = ancestors(odb, commits, theirs)?;
    Ok((a.difference(&b).count(), b.difference(&a).count()))
}

/// Every commit reachable from `tip`, itself included.
pub(super) fn ancestors(
    odb: &Odb,
    commits: &mut Commits,
    tip: ObjectId,
) -> Result<HashSet<ObjectId>> {
    let mut seen = HashSet::new();
    let mut todo = vec![tip];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(info) = commits.get(odb, &id)? {
            todo.extend(info.parents.iter().copied());
        }
    }
    Ok(seen)
}

/// The text of `%(upstream:track)` for counts (`None`: the upstream is gone).
pub(super) fn track_text(counts: Option<(usize, usize)>, nobracket: bool) -> BString {
    let text = match counts {
        None => "gone".to_string(),
        Some((0, 0)) => String::new(),
        Some((0, behind)) => format!("behind {behind}"),
        Some((ahead, 0)) => format!("ahead {ahead}"),
        Some((ahead, behind)) => format!("ahead {ahead}, behind {behind}"),
    };
    if text.is_empty() || nobracket {
        text.into()
    } else {
        format!("[{text}]").into()
    }
}

/// The text of `%(upstream:trackshort)`.
pub(super) fn trackshort_text(counts: Option<(usize, usize)>) -> BString {
    match counts {
        None => "".into(),
        Some((0, 0)) => "=".into(),
        Some((0, _)) => "<".into(),
        Some((_, 0)) => ">".into(),
        Some(_) => "<>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_texts_are_gits() {
        assert_eq!(track_text(Some((3, 1)), false), "[ahead 3, behind 1]");
        assert_eq!(track_text(None, true), "gone");
        assert_eq!(trackshort_text(Some((0, 2))), "<");
    }
}
