//! What git shows of each object an ambiguous abbreviation could name
//! (`show_ambiguous_object`): the objects in git's order — tags first, then commits, trees
//! and blobs, each group by id, unreadable objects last — each with its shortest unique
//! abbreviation and, for a commit or a tag, what identifies it to a person.
//!
//! ```text
//! hint:   1a2b3c4 tag 2023-11-14 - v1.0          tagger date (UTC) and tag name
//! hint:   1a2b9f0 commit 2023-11-14 - Fix it     author date (author's zone) and subject
//! hint:   1a2b071 tree
//! hint:   1a2b5d2 blob
//! ```
//!
//! The words and the date format are the caller's; this module gives the data.

use super::{abbreviate, default_abbrev_len};
use crate::error::Result;
use crate::object::{CommitRef, TagRef};
use crate::oid::ObjectId;
use crate::stores::Stores;
use crate::Kind;
use bstr::{BString, ByteSlice};

/// One object an ambiguous abbreviation matches, as git describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedCandidate {
    /// Its id.
    pub id: ObjectId,
    /// Its abbreviation, as long as the repository's default abbreviation length and unique.
    pub abbrev: String,
    /// What kind of object it is, and what git shows of it.
    pub what: CandidateDescription,
}

/// What git shows of a candidate after its abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CandidateDescription {
    /// A commit: its author date and subject, `None` when the commit does not parse.
    Commit(Option<CommitSummary>),
    /// A tag: its tagger date and name, `None` when the tag does not parse.
    Tag(Option<TagSummary>),
    /// A tree.
    Tree,
    /// A blob.
    Blob,
    /// An object whose header cannot be read.
    Unreadable,
}

/// A commit candidate's author date and subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitSummary {
    /// The author date, seconds since the epoch.
    pub seconds: i64,
    /// The author's zone, minutes east of UTC.
    pub offset_minutes: i32,
    /// git's `%s`: the first paragraph of the message, its lines joined by spaces.
    pub subject: BString,
}

/// A tag candidate's tagger date and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagSummary {
    /// The tagger date, seconds since the epoch (0 when the tag has no tagger); git shows it
    /// in UTC.
    pub seconds: i64,
    /// The tag's name.
    pub name: BString,
}

/// The candidates of an ambiguous abbreviation in git's order, each described as git
/// describes it; an error when an object whose header reads cannot itself be read.
pub fn describe_candidates<'r>(
    repo: impl Into<Stores<'r>>,
    candidates: &[ObjectId],
) -> Result<Vec<DescribedCandidate>> {
    let repo = repo.into();
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
    let abbrev_len = default_abbrev_len(repo);
    let mut described = Vec::with_capacity(sorted.len());
    for (_, id, kind) in sorted {
        let abbrev = abbreviate(repo, &id, abbrev_len)?;
        let what = match kind {
            Some(Kind::Commit) => {
                let data = repo.odb().read(&id)?.data;
                CandidateDescription::Commit(CommitRef::parse(&data).ok().map(|commit| {
                    CommitSummary {
                        seconds: commit.author.seconds(),
                        offset_minutes: commit.author.offset_minutes(),
                        subject: subject(commit.message_bytes()),
                    }
                }))
            }
            Some(Kind::Tag) => {
                let data = repo.odb().read(&id)?.data;
                CandidateDescription::Tag(TagRef::parse(&data).ok().map(|tag| TagSummary {
                    seconds: tag.tagger.as_ref().map(|t| t.seconds()).unwrap_or(0),
                    name: tag.name.into(),
                }))
            }
            Some(Kind::Tree) => CandidateDescription::Tree,
            Some(Kind::Blob) => CandidateDescription::Blob,
            None => CandidateDescription::Unreadable,
        };
        described.push(DescribedCandidate { id, abbrev, what });
    }
    Ok(described)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_is_the_first_paragraph() {
        assert_eq!(subject(b"\n\none\ntwo  \n\nbody\n"), "one two");
        assert_eq!(subject(b""), "");
    }
}
