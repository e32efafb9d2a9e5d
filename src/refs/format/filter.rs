//! Which refs a listing shows (git's `ref_filter`): name patterns and exclusions (a prefix up
//! to a `/`, or a glob), `--points-at`, `--merged`/`--no-merged` (the ref's commit is, or is
//! not, reachable from one of the given commits) and `--contains`/`--no-contains` (the ref's
//! commit reaches, or does not reach, one of them). The reachability filters drop refs that do
//! not peel to a commit.

use super::formatter::RefItem;
use super::track::ancestors;
use crate::error::Result;
use crate::graph::{is_ancestor, Commits};
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::wildmatch::wildmatch;
use std::collections::HashSet;

/// `for-each-ref --points-at`'s rule (git's `match_points_at`): the object `id` a ref points
/// at, or any target down its chain of annotated tags, is one of `wanted`.
pub fn points_at(odb: &Odb, id: &ObjectId, wanted: &[ObjectId]) -> Result<bool> {
    if wanted.contains(id) {
        return Ok(true);
    }
    let chain = odb.tag_chain(id)?;
    Ok(chain.targets.iter().any(|t| wanted.contains(t)))
}

/// What a listing keeps.
#[derive(Debug, Clone, Default)]
pub struct RefFilter {
    /// Name patterns (none: every ref).
    pub patterns: Vec<Vec<u8>>,
    /// Names to leave out (`--exclude`), by the same rule.
    pub excludes: Vec<Vec<u8>>,
    /// `--ignore-case`: globs match without regard to ASCII case.
    pub ignore_case: bool,
    /// `--points-at`.
    pub points_at: Vec<ObjectId>,
    /// `--merged`.
    pub merged: Vec<ObjectId>,
    /// `--no-merged`.
    pub no_merged: Vec<ObjectId>,
    /// `--contains`.
    pub contains: Vec<ObjectId>,
    /// `--no-contains`.
    pub no_contains: Vec<ObjectId>,
}

/// git's `match_name_as_path`: a literal prefix up to a `/`, or a glob where `*` stops at `/`.
fn matches_as_path(name: &[u8], patterns: &[Vec<u8>], ignore_case: bool) -> bool {
    patterns.iter().any(|p| {
        let prefix = name.starts_with(p)
            && (name.len() == p.len() || name[p.len()] == b'/' || p.ends_with(b"/"));
        prefix
            || if ignore_case {
                wildmatch(&p.to_ascii_lowercase(), &name.to_ascii_lowercase(), true)
            } else {
                wildmatch(p, name, true)
            }
    })
}

impl RefFilter {
    /// Whether the name alone passes the patterns and exclusions.
    pub fn name_matches(&self, name: &[u8]) -> bool {
        (self.patterns.is_empty() || matches_as_path(name, &self.patterns, self.ignore_case))
            && !matches_as_path(name, &self.excludes, self.ignore_case)
    }

    fn reach_filters(&self) -> bool {
        !(self.merged.is_empty()
            && self.no_merged.is_empty()
            && self.contains.is_empty()
            && self.no_contains.is_empty())
    }

    /// The items that pass, in their order.
    pub fn apply(&self, odb: &Odb, items: Vec<RefItem>) -> Result<Vec<RefItem>> {
        let mut commits = Commits::new();
        let reach = |list: &[ObjectId], commits: &mut Commits| -> Result<HashSet<ObjectId>> {
            let mut all = HashSet::new();
            for id in list {
                all.extend(ancestors(odb, commits, *id)?);
            }
            Ok(all)
        };
        let merged = reach(&self.merged, &mut commits)?;
        let no_merged = reach(&self.no_merged, &mut commits)?;
        let mut kept = Vec::with_capacity(items.len());
        for item in items {
            if !self.name_matches(item.name.as_bytes()) {
                continue;
            }
            if !self.points_at.is_empty() && !points_at(odb, &item.id, &self.points_at)? {
                continue;
            }
            if self.reach_filters() {
                let Some(commit) = peel_to_commit(odb, &mut commits, item.id)? else {
                    continue;
                };
                let mut contains_any = |list: &[ObjectId]| -> Result<bool> {
                    for c in list {
                        if is_ancestor(odb, &mut commits, *c, commit)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                };
                if !self.contains.is_empty() && !contains_any(&self.contains)? {
                    continue;
                }
                if !self.no_contains.is_empty() && contains_any(&self.no_contains)? {
                    continue;
                }
                if !self.merged.is_empty() && !merged.contains(&commit) {
                    continue;
                }
                if !self.no_merged.is_empty() && no_merged.contains(&commit) {
                    continue;
                }
            }
            kept.push(item);
        }
        Ok(kept)
    }
}

/// The commit `id` is or peels to through annotated tags.
pub(super) fn peel_to_commit(
    odb: &Odb,
    commits: &mut Commits,
    id: ObjectId,
) -> Result<Option<ObjectId>> {
    let chain = odb.tag_chain(&id)?;
    let end = chain.peeled().unwrap_or(id);
    Ok(commits.get(odb, &end)?.map(|_| end))
}
