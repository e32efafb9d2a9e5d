//! git's words for the candidates of an ambiguous abbreviation (`show_ambiguous_object`), one
//! line per object as the library lists them ([`describe_candidates`]):
//!
//! ```text
//! hint:   1a2b3c4 tag 2023-11-14 - v1.0
//! hint:   1a2b9f0 commit 2023-11-14 - Fix it
//! hint:   1a2b071 tree
//! hint:   1a2b5d2 blob
//! ```

use bstr::BString;
use gitstore::date::{DateContext, DateFormat, DateKind};
use gitstore::revision::{CandidateDescription, DescribedCandidate};
use gitstore::{ObjectId, Result};

/// The candidates of an ambiguous abbreviation in git's order, each described as git
/// describes it after `hint:   ` (`d77cd33 commit 2023-11-14 - commit 39`).
pub fn describe_candidates(
    repo: gitstore::stores::Stores<'_>,
    candidates: &[ObjectId],
) -> Result<Vec<BString>> {
    let described = gitstore::revision::describe_candidates(repo, candidates)?;
    Ok(described.iter().map(line).collect())
}

fn line(candidate: &DescribedCandidate) -> BString {
    let mut line = BString::from(candidate.abbrev.as_str());
    match &candidate.what {
        CandidateDescription::Commit(summary) => {
            line.extend_from_slice(b" commit ");
            if let Some(c) = summary {
                line.extend_from_slice(short_date(c.seconds, c.offset_minutes).as_bytes());
                line.extend_from_slice(b" - ");
                line.extend_from_slice(&c.subject);
            } else {
                line.extend_from_slice(b" - ");
            }
        }
        CandidateDescription::Tag(Some(t)) => {
            line.extend_from_slice(b" tag ");
            line.extend_from_slice(short_date(t.seconds, 0).as_bytes());
            line.extend_from_slice(b" - ");
            line.extend_from_slice(&t.name);
        }
        CandidateDescription::Tag(None) => {
            line.extend_from_slice(b" [bad tag, could not parse it]")
        }
        CandidateDescription::Tree => line.extend_from_slice(b" tree"),
        CandidateDescription::Blob => line.extend_from_slice(b" blob"),
        _ => line.extend_from_slice(b" [bad object]"),
    }
    line
}

/// git's `DATE_SHORT`: `YYYY-MM-DD` of `time` in the zone `offset_minutes` east of UTC.
fn short_date(time: i64, offset_minutes: i32) -> String {
    let a = offset_minutes.unsigned_abs();
    let hhmm = (a / 60 * 100 + a % 60) as i32;
    let tz = if offset_minutes < 0 { -hhmm } else { hhmm };
    DateFormat::new(DateKind::Short).show(time, tz, &DateContext::at(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_dates_in_the_given_zone() {
        assert_eq!(short_date(0, 0), "1970-01-01");
        assert_eq!(short_date(1_700_000_000, 0), "2023-11-14");
        // 22:13 UTC is already the next day one hour and 47 minutes east
        assert_eq!(short_date(1_700_000_000, 107), "2023-11-15");
        assert_eq!(short_date(951_782_400, 0), "2000-02-29");
        assert_eq!(short_date(-86_400, 0), "1969-12-31");
        let _ = short_date(i64::MAX, 60);
        let _ = short_date(i64::MIN, -60);
    }
}
