//! `--since`/`--after` and `--until`/`--before`: the limits of a walk from the dates people
//! write, read by git's approxidate (`2.weeks.ago`, `yesterday`, `2005-05-26`…).

use super::WalkOptions;
use crate::date::{approxidate, DateContext};

impl WalkOptions {
    /// `--since=<date>` (`--after`): commits older than `date` stop the walk.
    ///
    /// ```
    /// use gitstore::date::DateContext;
    /// use gitstore::history::walk::WalkOptions;
    ///
    /// let mut options = WalkOptions::default();
    /// options.set_since(b"2.days.ago", &DateContext::at(1_700_000_000));
    /// assert_eq!(options.since, Some(1_700_000_000 - 2 * 86_400));
    /// ```
    pub fn set_since(&mut self, date: &[u8], ctx: &DateContext) {
        self.since = Some(walk_limit(approxidate(date, ctx)));
    }

    /// `--until=<date>` (`--before`): commits newer than `date` are left out.
    pub fn set_until(&mut self, date: &[u8], ctx: &DateContext) {
        self.until = Some(walk_limit(approxidate(date, ctx)));
    }
}

/// git compares commit dates with an unsigned `timestamp_t`: a date before 1970 wraps to a
/// limit later than every commit.
fn walk_limit(timestamp: u64) -> i64 {
    i64::try_from(timestamp).unwrap_or(i64::MAX)
}
