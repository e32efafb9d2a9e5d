//! The commit walk behind `^{/text}` and `:/text`: the youngest commit whose message matches,
//! in git's order, bounded by [`Limits::max_commit_walk`](crate::Limits) so that a damaged or
//! hostile history cannot keep it busy forever. (The merge bases of `A...B` are
//! [`crate::graph::merge_bases`].)

use crate::error::Result;
use crate::graph::{max_walk, walk_limit, Commits};
use crate::odb::Odb;
use crate::oid::ObjectId;

/// git's `get_oid_oneline`: from `starts`, the first commit whose message (`negative`: whose
/// message does not) matches `matches`.
///
/// The order is git's, observed on git 2.47: the start commits oldest first, then each popped
/// commit's unseen parents inserted before the first listed commit that is strictly older.
pub(crate) fn find_by_message(
    odb: &Odb,
    cache: &mut Commits,
    starts: &[ObjectId],
    mut matches: impl FnMut(&[u8]) -> bool,
    negative: bool,
) -> Result<Option<ObjectId>> {
    let mut seen = std::collections::HashSet::new();
    let mut list: std::collections::VecDeque<(i64, ObjectId)> = Default::default();
    for id in starts {
        if !seen.insert(*id) {
            continue;
        }
        if let Some(c) = cache.get(odb, id)? {
            list.push_back((c.date, *id));
        }
    }
    list.make_contiguous().sort_by_key(|(date, _)| *date);
    let mut walked = 0u64;
    let mut data = Vec::new();
    while let Some((_, id)) = list.pop_front() {
        walked += 1;
        if walked > max_walk(odb) {
            return Err(walk_limit(odb));
        }
        let Some(commit) = cache.get(odb, &id)? else {
            continue;
        };
        for p in &commit.parents {
            if !seen.insert(*p) {
                continue;
            }
            if let Some(pc) = cache.get(odb, p)? {
                let at = list
                    .iter()
                    .position(|(d, _)| *d < pc.date)
                    .unwrap_or(list.len());
                list.insert(at, (pc.date, *p));
            }
        }
        data.clear();
        if odb.try_read(&id, &mut data)?.is_none() {
            continue;
        }
        let body = data
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|i| &data[i + 2..]);
        if negative ^ body.is_some_and(&mut matches) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
