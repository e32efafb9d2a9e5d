//! How git lists the candidates of an ambiguous abbreviation (`show_ambiguous_object`): one
//! line per object, tags first, then commits, trees and blobs, each group by id.
//!
//! ```text
//! hint: The candidates are:
//! hint:   1a2b3c4 tag 2023-11-14 - v1.0          tagger date (UTC) and tag name
//! hint:   1a2b9f0 commit 2023-11-14 - Fix it     author date (author's zone) and subject
//! hint:   1a2b071 tree
//! hint:   1a2b5d2 blob
//! ```

use bstr::{BString, ByteSlice};
use gitstore::object::{CommitRef, TagRef};
use gitstore::revision::{abbreviate, default_abbrev_len};
use gitstore::{Kind, ObjectId, Result};

/// The candidates of an ambiguous abbreviation in git's order, each described as git
/// describes it after `hint:   ` (`d77cd33 commit 2023-11-14 - commit 39`).
pub fn describe_candidates(
    repo: gitstore::stores::Stores<'_>,
    candidates: &[ObjectId],
) -> Result<Vec<BString>> {
    let mut sorted = Vec::with_capacity(candidates.len());
    for id in candidates {
        let kind = repo.odb().try_read_header(id)?.map(|h| h.kind);
        // git sorts tag, commit, tree, blob; unreadable objects last
        let order = match kind {
            Some(Kind::Tag) => 0,
            Some(Kind::Commit) => 1,
            Some(Kind::Tree) => 2,
            Some(Kind::Blob) => 3,
            None => 4,
        };
        sorted.push((order, *id, kind));
    }
    sorted.sort();
    let abbrev = default_abbrev_len(repo);
    let mut lines = Vec::with_capacity(sorted.len());
    for (_, id, kind) in sorted {
        let mut line = BString::from(abbreviate(repo, &id, abbrev)?);
        match kind {
            Some(Kind::Commit) => describe_commit(repo, &id, &mut line)?,
            Some(Kind::Tag) => describe_tag(repo, &id, &mut line)?,
            Some(Kind::Tree) => line.extend_from_slice(b" tree"),
            Some(Kind::Blob) => line.extend_from_slice(b" blob"),
            None => line.extend_from_slice(b" [bad object]"),
        }
        lines.push(line);
    }
    Ok(lines)
}

/// ` commit <author date> - <subject>`; date and subject are empty when the commit does not
/// parse, as in git.
fn describe_commit(
    repo: gitstore::stores::Stores<'_>,
    id: &ObjectId,
    line: &mut BString,
) -> Result<()> {
    let data = repo.odb().read(id)?.data;
    line.extend_from_slice(b" commit ");
    if let Ok(commit) = CommitRef::parse(&data) {
        let author = &commit.author;
        line.extend_from_slice(short_date(author.seconds(), author.offset_minutes()).as_bytes());
        line.extend_from_slice(b" - ");
        line.extend_from_slice(&subject(commit.message_bytes()));
    } else {
        line.extend_from_slice(b" - ");
    }
    Ok(())
}

/// ` tag <tagger date in UTC> - <name>`, or git's complaint when the tag does not parse.
fn describe_tag(
    repo: gitstore::stores::Stores<'_>,
    id: &ObjectId,
    line: &mut BString,
) -> Result<()> {
    let data = repo.odb().read(id)?.data;
    match TagRef::parse(&data) {
        Ok(tag) => {
            let time = tag.tagger.as_ref().map(|t| t.seconds()).unwrap_or(0);
            line.extend_from_slice(b" tag ");
            line.extend_from_slice(short_date(time, 0).as_bytes());
            line.extend_from_slice(b" - ");
            line.extend_from_slice(tag.name);
        }
        Err(_) => line.extend_from_slice(b" [bad tag, could not parse it]"),
    }
    Ok(())
}

/// git's `%s`: the first paragraph of the message, its lines joined by spaces, trailing
/// blanks dropped.
fn subject(message: &[u8]) -> BString {
    let mut out = BString::default();
    let lines = message.lines().skip_while(|l| l.trim().is_empty());
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(line);
    }
    out
}

/// git's `DATE_SHORT`: `YYYY-MM-DD` of `time` in the zone `offset_minutes` east of UTC.
fn short_date(time: i64, offset_minutes: i32) -> String {
    let local = time.saturating_add(i64::from(offset_minutes) * 60);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
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

    #[test]
    fn subject_is_the_first_paragraph() {
        assert_eq!(subject(b"\n\none\ntwo  \n\nbody\n"), "one two");
        assert_eq!(subject(b""), "");
    }
}
