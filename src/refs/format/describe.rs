//! `%(describe…)`: what `git describe` prints for a commit (git's `builtin/describe.c`):
//! the tag on the commit itself, else the nearest tag found walking back by commit date with
//! the number of commits it does not reach, and the abbreviated id: `v1.0-3-g1a2b3c4`.
//!
//! Candidates are the tags under `refs/tags/` (annotated only, unless `tags`), filtered by
//! `match=` / `exclude=` globs; of several on one commit an annotated one wins, then the newest.
//! The walk keeps at most ten candidates and stops once every commit left is reached by one.

use super::atom::DescribeOptions;
use crate::error::Result;
use crate::graph::Commits;
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::wildmatch::wildmatch;
use std::collections::HashMap;

/// A tag as describe sees it.
#[derive(Debug, Clone)]
pub(super) struct TagName {
    /// The name without `refs/tags/`.
    pub name: Vec<u8>,
    /// The commit it peels to.
    pub commit: ObjectId,
    /// An annotated tag (describe's priority 2; a lightweight one is 1).
    pub annotated: bool,
    /// The tagger date of an annotated tag.
    pub date: i64,
}

const MAX_CANDIDATES: usize = 10;

/// The name each commit is known by, for `opts` (git's `get_name` and `replace_name`).
fn names_for(tags: &[TagName], opts: &DescribeOptions) -> HashMap<ObjectId, TagName> {
    let mut names: HashMap<ObjectId, TagName> = HashMap::new();
    for t in tags {
        if !opts.matches.is_empty() && !opts.matches.iter().any(|p| wildmatch(p, &t.name, false)) {
            continue;
        }
        if opts.excludes.iter().any(|p| wildmatch(p, &t.name, false)) {
            continue;
        }
        let replace = match names.get(&t.commit) {
            None => true,
            Some(e) if !e.annotated && t.annotated => true,
            Some(e) => e.annotated && t.annotated && e.date < t.date,
        };
        if replace {
            names.insert(t.commit, t.clone());
        }
    }
    names
}

struct Candidate {
    name: Vec<u8>,
    depth: usize,
    flag: u16,
    found_order: usize,
}

/// A commit's committer date (0 when it cannot be read).
fn date_of(odb: &Odb, commits: &mut Commits, id: &ObjectId) -> Result<i64> {
    Ok(commits.get(odb, id)?.map_or(0, |c| c.date))
}

/// git's `commit_list_insert_by_date`: newest first, after others of the same date.
fn insert(list: &mut Vec<(ObjectId, i64)>, id: ObjectId, date: i64) {
    let at = list
        .iter()
        .position(|&(_, x)| x < date)
        .unwrap_or(list.len());
    list.insert(at, (id, date));
}

/// The parents of `c` (whose flags are `cf`): each not yet seen joins `list` by date, and
/// every one is reached by what reached `c`.
fn push_parents(
    odb: &Odb,
    commits: &mut Commits,
    flags: &mut HashMap<ObjectId, u16>,
    list: &mut Vec<(ObjectId, i64)>,
    c: ObjectId,
    cf: u16,
) -> Result<()> {
    let parents = commits
        .get(odb, &c)?
        .map(|i| i.parents.clone())
        .unwrap_or_default();
    for p in parents {
        let pf = flags.get(&p).copied().unwrap_or(0);
        if pf & 1 == 0 {
            let d = date_of(odb, commits, &p)?;
            insert(list, p, d);
        }
        flags.insert(p, pf | cf);
    }
    Ok(())
}

/// `git describe` of `commit`: the text, or `None` when no tag describes it.
pub(super) fn describe(
    odb: &Odb,
    commits: &mut Commits,
    tags: &[TagName],
    commit: ObjectId,
    opts: &DescribeOptions,
    abbreviate: &dyn Fn(&ObjectId, usize) -> Result<String>,
    default_abbrev: usize,
) -> Result<Option<Vec<u8>>> {
    let all_tags = opts.tags.unwrap_or(false);
    let names = names_for(tags, opts);
    let usable = |n: &TagName| all_tags || n.annotated;
    if let Some(n) = names.get(&commit).filter(|n| usable(n)) {
        return Ok(Some(n.name.clone()));
    }
    let abbrev = match opts.abbrev {
        Some(0) => 0,
        Some(n) => n.clamp(4, 40),
        None => default_abbrev,
    };
    // flags per commit: bit 0 seen, bit i + 1 reached from candidate i
    let mut flags: HashMap<ObjectId, u16> = HashMap::new();
    let date = |commits: &mut Commits, id: &ObjectId| date_of(odb, commits, id);
    let mut list: Vec<(ObjectId, i64)> = vec![(commit, date(commits, &commit)?)];
    flags.insert(commit, 1);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut annotated = 0;
    let mut seen_commits = 0usize;
    let mut gave_up_on = None;
    while !list.is_empty() {
        let (c, _) = list.remove(0);
        seen_commits += 1;
        if let Some(n) = names.get(&c) {
            if usable(n) {
                if candidates.len() < MAX_CANDIDATES {
                    let flag = 1u16 << (candidates.len() + 1);
                    candidates.push(Candidate {
                        name: n.name.clone(),
                        depth: seen_commits - 1,
                        flag,
                        found_order: candidates.len(),
                    });
                    *flags.entry(c).or_default() |= flag;
                    if n.annotated {
                        annotated += 1;
                    }
                } else {
                    gave_up_on = Some(c);
                    break;
                }
            }
        }
        let cf = flags.get(&c).copied().unwrap_or(0);
        for t in candidates.iter_mut() {
            if cf & t.flag == 0 {
                t.depth += 1;
            }
        }
        // stop when the last path left is covered by the best candidate(s)
        if annotated > 0 && list.is_empty() {
            let best_depth = candidates.iter().map(|t| t.depth).min().unwrap_or(0);
            let best_within = candidates
                .iter()
                .filter(|t| t.depth == best_depth)
                .fold(0u16, |acc, t| acc | t.flag);
            if cf & best_within == best_within {
                break;
            }
        }
        push_parents(odb, commits, &mut flags, &mut list, c, cf)?;
    }
    if candidates.is_empty() {
        return Ok(None);
    }
    candidates.sort_by_key(|t| (t.depth, t.found_order));
    if let Some(g) = gave_up_on {
        let d = date(commits, &g)?;
        insert(&mut list, g, d);
    }
    let best_flag = candidates[0].flag;
    // git's finish_depth_computation
    let mut extra = 0;
    while !list.is_empty() {
        let (c, _) = list.remove(0);
        let cf = flags.get(&c).copied().unwrap_or(0);
        if cf & best_flag != 0 {
            if list
                .iter()
                .all(|(i, _)| flags.get(i).copied().unwrap_or(0) & best_flag != 0)
            {
                break;
            }
        } else {
            extra += 1;
        }
        push_parents(odb, commits, &mut flags, &mut list, c, cf)?;
    }
    let best = &candidates[0];
    let depth = best.depth + extra;
    let mut out = best.name.clone();
    if abbrev > 0 {
        out.extend_from_slice(format!("-{depth}-g{}", abbreviate(&commit, abbrev)?).as_bytes());
    }
    Ok(Some(out))
}
