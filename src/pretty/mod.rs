//! How one commit is shown: git's pretty formats (`--pretty=`, `--format=`, `--oneline`) as
//! `git log` and `git rev-list` print them, byte for byte.
//!
//! A [`CommitFormat`] is parsed once from `--pretty=`'s argument: a built-in format
//! ([`Builtin`]: `oneline`, `short`, `medium`, `full`, `fuller`, `raw`) or a [`UserFormat`]
//! with placeholders (`%H %h %an %ad %s %d …`). A [`Pretty`] holds it with the options that go
//! with it ([`PrettyOptions`]: date format, abbreviation) and the decorations, and writes one
//! commit at a time: [`Pretty::format_commit`] is git's `pretty_print_commit` (what follows the
//! `commit <id>` line), [`LogWriter`] adds what `git log` writes around it (the `commit <id>`
//! line, decorations, the blank line between commits or the newline after each), and
//! [`RevListWriter`] what `git rev-list --format=` / `--header` does.
//!
//! The commit is first re-encoded to UTF-8 as git does ([`reencode`]), then split:
//!
//! ```text
//! tree 4b825d…              ─┐
//! parent 1f2e3d…             │ header lines (raw shows them; the others show Merge:,
//! author A <a@x> 1700… +0100 │ Author:, Date:, Commit: lines made from them)
//! committer C <c@x> 1700… …  ─┘
//!                            ── the blank line
//! subject line one          ─┐ subject (%s): the first paragraph, lines joined by spaces
//! subject line two          ─┘
//!
//! body…                     ── body (%b): after the blank lines that end the subject
//! ```
//!
//! ```
//! use gitstore::pretty::{CommitFormat, LogWriter, Pretty, PrettyOptions};
//! use gitstore::Repository;
//!
//! let repo = Repository::in_memory()?;
//! let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
//!     author Ann <ann@example.com> 1700000000 +0100\n\
//!     committer Ann <ann@example.com> 1700000000 +0100\n\
//!     \n\
//!     Add a file\n\nWhy it was added.\n";
//! let id = repo.odb().write(gitstore::Kind::Commit, data)?;
//!
//! let format = CommitFormat::parse(b"%h %an, %as: %s")?;
//! let mut pretty = Pretty::new(&repo, PrettyOptions::new(format));
//! let mut out = Vec::new();
//! pretty.format_commit(&id, data, &mut out)?;
//! assert_eq!(out, format!("{} Ann, 2023-11-14: Add a file", &id.to_hex()[..7]).as_bytes());
//!
//! let mut log = LogWriter::new(Pretty::new(&repo, PrettyOptions::default()));
//! let mut out = Vec::new();
//! log.write_commit(&id, data, &mut out)?;
//! assert_eq!(
//!     out,
//!     format!(
//!         "commit {id}\nAuthor: Ann <ann@example.com>\nDate:   Tue Nov 14 23:13:20 2023 +0100\n\
//!          \n    Add a file\n    \n    Why it was added.\n"
//!     )
//!     .as_bytes()
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod decorate;
mod expand;
mod log;
pub mod mailmap;
mod message;
mod notes;
mod pad;
mod rev_list;
mod user;

pub use decorate::{
    Decoration, DecorationFilter, DecorationFormat, DecorationKind, Decorations, RefStyle,
};
pub use log::LogWriter;
pub use mailmap::Mailmap;
pub use message::reencode;
pub use notes::Notes;
pub use rev_list::{RevListEntry, RevListStyle, RevListWriter};
pub use user::UserFormat;

use crate::date::{DateContext, DateFormat, DateFormatError, DateKind};
use crate::object::SignatureRef;
use crate::stores::Stores;
use crate::{ObjectId, Result};
use bstr::{BString, ByteSlice};
use message::{lines_with_ends, rtrim, skip_blank_lines, split_commit};
use std::collections::HashMap;

/// git's built-in formats (`--pretty=<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `<id> <subject>` on one line.
    Oneline,
    /// `Author:` and the subject paragraph.
    Short,
    /// `git log`'s default: `Author:`, `Date:`, the message indented by four spaces.
    Medium,
    /// `Author:` and `Commit:`, the message.
    Full,
    /// `Author:`, `AuthorDate:`, `Commit:`, `CommitDate:`, the message.
    Fuller,
    /// The header lines as stored, the message indented.
    Raw,
}

impl Builtin {
    /// Expands tabs in the message to this many columns (git: `medium`, `full`, `fuller`).
    fn tab_width(self) -> Option<usize> {
        matches!(self, Builtin::Medium | Builtin::Full | Builtin::Fuller).then_some(8)
    }
}

/// A `--pretty=` / `--format=` format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitFormat {
    /// A built-in format.
    Builtin(Builtin),
    /// A format string with placeholders.
    User(UserFormat),
}

impl Default for CommitFormat {
    fn default() -> Self {
        CommitFormat::Builtin(Builtin::Medium)
    }
}

/// Why a format cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrettyErrorKind {
    /// Not a format name, and no `%` in it (git: `invalid --pretty format: <arg>`).
    UnknownFormat,
    /// A format git has that this crate does not write (`email`, `mboxrd`).
    UnsupportedFormat,
    /// A placeholder git knows that this crate does not expand (`%w(…)`, `%<(…)`, `%G?`,
    /// `%N`, `%ah`, `%(trailers)`, `%C(always,…)`).
    UnsupportedPlaceholder(BString),
    /// A `--date=` argument git refuses or this crate does not implement.
    Date(DateFormatError),
}

/// A format that cannot be used, and the format's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", match &self.kind {
    PrettyErrorKind::UnknownFormat => format!("invalid --pretty format: {}", self.format),
    PrettyErrorKind::UnsupportedFormat => format!("unsupported --pretty format: {}", self.format),
    PrettyErrorKind::UnsupportedPlaceholder(p) => format!("unsupported placeholder %{p} in {}", self.format),
    PrettyErrorKind::Date(e) => e.to_string(),
})]
pub struct PrettyError {
    /// What is wrong.
    pub kind: PrettyErrorKind,
    /// The format (or date format) as given.
    pub format: BString,
}

impl From<DateFormatError> for PrettyError {
    fn from(e: DateFormatError) -> PrettyError {
        let format = match &e {
            DateFormatError::Unknown(s)
            | DateFormatError::MissingColon(s)
            | DateFormatError::Unsupported(s) => s.as_str().into(),
        };
        PrettyError {
            kind: PrettyErrorKind::Date(e),
            format,
        }
    }
}

impl CommitFormat {
    /// git's `get_commit_format`: `format:…` (separated), `tformat:…`, an empty string or
    /// anything with a `%` (terminated), else the built-in format whose name starts with
    /// `arg` (case-insensitive; the shortest such name). `reference` is
    /// `%C(auto)%h (%s, %ad)`; its short dates are the caller's ([`CommitFormat::default_date`]).
    pub fn parse(arg: &[u8]) -> std::result::Result<CommitFormat, PrettyError> {
        if let Some(f) = arg.strip_prefix(b"format:") {
            return Ok(CommitFormat::User(UserFormat::parse(f, false)?));
        }
        if let Some(f) = arg.strip_prefix(b"tformat:") {
            return Ok(CommitFormat::User(UserFormat::parse(f, true)?));
        }
        if arg.is_empty() || arg.contains(&b'%') {
            return Ok(CommitFormat::User(UserFormat::parse(arg, true)?));
        }
        let names: [(&str, Option<Builtin>); 9] = [
            ("raw", Some(Builtin::Raw)),
            ("medium", Some(Builtin::Medium)),
            ("short", Some(Builtin::Short)),
            ("email", None),
            ("mboxrd", None),
            ("fuller", Some(Builtin::Fuller)),
            ("full", Some(Builtin::Full)),
            ("oneline", Some(Builtin::Oneline)),
            ("reference", None),
        ];
        let found = names
            .iter()
            .filter(|(n, _)| {
                n.len() >= arg.len() && n.as_bytes()[..arg.len()].eq_ignore_ascii_case(arg)
            })
            .min_by_key(|(n, _)| n.len());
        let error = |kind| PrettyError {
            kind,
            format: arg.into(),
        };
        match found {
            Some((_, Some(b))) => Ok(CommitFormat::Builtin(*b)),
            Some(("reference", None)) => Ok(CommitFormat::User(UserFormat::parse(
                b"%C(auto)%h (%s, %ad)",
                true,
            )?)),
            Some(_) => Err(error(PrettyErrorKind::UnsupportedFormat)),
            None => Err(error(PrettyErrorKind::UnknownFormat)),
        }
    }

    /// The date format a format implies when `--date` is not given (`reference`: short).
    pub fn default_date(arg: &[u8]) -> Option<DateFormat> {
        let is_reference = !arg.is_empty()
            && b"reference".len() >= arg.len()
            && b"reference"[..arg.len()].eq_ignore_ascii_case(arg);
        is_reference.then(|| DateFormat::new(DateKind::Short))
    }

    /// Whether `git log` ends each commit with a newline (`oneline`, `tformat:`) rather than
    /// putting a blank line between commits.
    pub fn uses_terminator(&self) -> bool {
        match self {
            CommitFormat::Builtin(b) => *b == Builtin::Oneline,
            CommitFormat::User(u) => u.terminator,
        }
    }

    /// Whether the format is an empty user format (nothing is written, not even newlines).
    pub fn is_empty(&self) -> bool {
        matches!(self, CommitFormat::User(u) if u.is_empty())
    }

    /// Whether the format shows notes itself (`%N`).
    pub fn wants_notes(&self) -> bool {
        matches!(self, CommitFormat::User(u) if u.wants_notes())
    }

    /// Whether the format shows decorations itself (`%d`, `%D`).
    pub fn wants_decorations(&self) -> bool {
        matches!(self, CommitFormat::User(u) if u.wants_decorations())
    }
}

/// How a commit is marked by `%m` and before the id of `log --boundary` (git's
/// `get_revision_mark`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    /// `>`: an ordinary commit (or the right side of a symmetric range).
    #[default]
    Right,
    /// `<`: the left side of a symmetric range.
    Left,
    /// `-`: a boundary commit.
    Boundary,
}

impl Mark {
    fn as_bytes(self) -> &'static [u8] {
        match self {
            Mark::Right => b">",
            Mark::Left => b"<",
            Mark::Boundary => b"-",
        }
    }
}

/// What a walk knows about a commit beyond its bytes: its mark (`%m`, and before the id of
/// `log --boundary`) and the ref it was reached from (`%S`, `--source`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkInfo<'a> {
    /// The mark.
    pub mark: Mark,
    /// The name of the tip the commit was reached from; `None` when the walk does not track
    /// sources (`%S` is then copied as written, as `rev-list` without `--source` does).
    pub source: Option<&'a [u8]>,
    /// The parents as the walk sees them (rewritten or simplified on a path-limited walk): what
    /// the `Merge:` line, `%P` and `%p` show. `None`: the commit's own.
    pub parents: Option<&'a [ObjectId]>,
}

/// The options that go with a format.
#[derive(Debug, Clone)]
pub struct PrettyOptions {
    /// The format.
    pub format: CommitFormat,
    /// `--date=`: for `%ad`, `%cd` and the `Date:` lines.
    pub date: DateFormat,
    /// `now` for relative dates, and the local zone.
    pub date_context: DateContext,
    /// The abbreviation length of `%h`, `%t`, `%p` and `Merge:` lines (`--abbrev=`); `None`:
    /// the repository's default ([`default_abbrev_len`](crate::revision::default_abbrev_len));
    /// 40 for full ids (`--no-abbrev`).
    pub abbrev: Option<usize>,
    /// `--abbrev-commit` (`--oneline` implies it): the id on `log`'s `commit` line is abbreviated.
    pub abbrev_commit: bool,
    /// `--decorate`: names after the id on `log`'s `commit` line (the decorations come from
    /// [`Pretty::with_decorations`]).
    pub decorate: bool,
    /// Tab expansion in `medium`, `full` and `fuller` messages (`--expand-tabs=`); `None`:
    /// the format's default (8 columns); `Some(0)`: none (`--no-expand-tabs`).
    pub expand_tabs: Option<usize>,
    /// `--use-mailmap` (`git log`'s default, `log.mailmap`): the `Author:` and `Commit:` lines
    /// show names and emails through the mailmap. (`%aN`, `%aE`, `%aL` always do.)
    pub mailmap: bool,
}

impl PrettyOptions {
    /// `format` with git's defaults: default dates, now as the current time, default
    /// abbreviation, no decorations.
    pub fn new(format: CommitFormat) -> PrettyOptions {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        PrettyOptions {
            format,
            date: DateFormat::default(),
            date_context: DateContext::at(now),
            abbrev: None,
            abbrev_commit: false,
            decorate: false,
            expand_tabs: None,
            mailmap: false,
        }
    }
}

impl Default for PrettyOptions {
    fn default() -> Self {
        PrettyOptions::new(CommitFormat::default())
    }
}

/// Formats commits of one repository in one format.
pub struct Pretty<'r> {
    repo: Stores<'r>,
    options: PrettyOptions,
    abbrev: usize,
    decorations: Option<Decorations>,
    mailmap: Option<Mailmap>,
    notes: Option<Notes>,
    /// Hashed by the id's first bytes: one insert per commit a log shows.
    abbreviated: HashMap<(ObjectId, usize), String, crate::graph::BuildIdHasher>,
    /// The loose objects, listed once for all abbreviations.
    loose_listing: crate::odb::LooseListing,
}

/// An ident line's date as git's `show_ident_date` reads it: digits (0 when absurd) and the
/// zone as a decimal number (`-0530` is -530).
fn ident_date(sig: &SignatureRef<'_>) -> (i64, i32) {
    let mut seconds: i64 = 0;
    for &d in sig.time.iter() {
        match seconds
            .checked_mul(10)
            .and_then(|s| s.checked_add(i64::from(d - b'0')))
        {
            Some(s) => seconds = s,
            None => return (0, 0),
        }
    }
    let tz = sig.tz.as_bytes();
    let (neg, digits) = match tz.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, tz),
    };
    let mut z: i64 = 0;
    for &d in digits.iter().take_while(|d| d.is_ascii_digit()) {
        z = z.saturating_mul(10).saturating_add(i64::from(d - b'0'));
    }
    let z = i32::try_from(if neg { -z } else { z }).unwrap_or(0);
    (seconds, z)
}

impl<'r> Pretty<'r> {
    /// A formatter for `repo` with `options`.
    pub fn new(repo: impl Into<Stores<'r>>, options: PrettyOptions) -> Pretty<'r> {
        let repo = repo.into();
        let abbrev = options
            .abbrev
            .unwrap_or_else(|| crate::revision::default_abbrev_len(repo));
        Pretty {
            repo,
            options,
            abbrev,
            decorations: None,
            mailmap: None,
            notes: None,
            abbreviated: HashMap::default(),
            loose_listing: Default::default(),
        }
    }

    /// Uses `decorations` for `%d`, `%D` and `--decorate` (without them `%d` loads every
    /// ref's, short, as `rev-list` does).
    pub fn with_decorations(mut self, decorations: Decorations) -> Pretty<'r> {
        self.decorations = Some(decorations);
        self
    }

    /// Uses `mailmap` (without one, the repository's is read when first needed,
    /// [`Mailmap::load`]).
    pub fn with_mailmap(mut self, mailmap: Mailmap) -> Pretty<'r> {
        self.mailmap = Some(mailmap);
        self
    }

    /// Shows `notes`: after the message in built-in formats ([`LogWriter`]), and as `%N`
    /// (without them, as in `rev-list`, `%N` is copied as written).
    pub fn with_notes(mut self, notes: Notes) -> Pretty<'r> {
        self.notes = Some(notes);
        self
    }

    /// git's `format_display_notes` for `id`, when notes are shown (see [`Notes::format`]).
    pub fn write_notes(&mut self, id: &ObjectId, raw: bool, out: &mut Vec<u8>) -> Result<()> {
        if let Some(notes) = self.notes.as_mut() {
            notes.format(self.repo, id, raw, out)?;
        }
        Ok(())
    }

    fn mailmap(&mut self) -> Result<&Mailmap> {
        if self.mailmap.is_none() {
            self.mailmap = Some(Mailmap::load(self.repo)?);
        }
        Ok(self.mailmap.get_or_insert_with(Mailmap::default))
    }

    /// The options.
    pub fn options(&self) -> &PrettyOptions {
        &self.options
    }

    /// `id` abbreviated to `len` digits as git's `find_unique_abbrev` does (40: in full).
    pub fn abbreviate(&mut self, id: &ObjectId, len: usize) -> Result<String> {
        if len >= ObjectId::HEX_LEN || len == 0 {
            return Ok(id.to_hex());
        }
        if let Some(s) = self.abbreviated.get(&(*id, len)) {
            return Ok(s.clone());
        }
        let s = self
            .repo
            .odb()
            .abbreviate_listed(id, len, &mut self.loose_listing)?;
        self.abbreviated.insert((*id, len), s.clone());
        Ok(s)
    }

    fn decorations(&mut self) -> Result<&Decorations> {
        if self.decorations.is_none() {
            self.decorations = Some(Decorations::load(
                self.repo,
                DecorationFilter::All,
                RefStyle::Short,
            )?);
        }
        Ok(self.decorations.get_or_insert_with(Decorations::default))
    }

    /// ` (HEAD -> main, tag: v1)` for `id`, or nothing.
    pub fn write_decorations(&mut self, id: &ObjectId, out: &mut Vec<u8>) -> Result<()> {
        self.decorations()?.format(id, b" (", b")", out);
        Ok(())
    }

    /// git's `pretty_print_commit`: commit `id`, whose stored bytes are `data`, in the format
    /// (for `log`, what follows the `commit <id>` line). `oneline` and user formats end without
    /// a newline; the others end with one.
    pub fn format_commit(&mut self, id: &ObjectId, data: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.format_commit_with(id, data, WalkInfo::default(), out)
    }

    /// [`format_commit`](Self::format_commit) with what the walk knows of the commit.
    pub fn format_commit_with(
        &mut self,
        id: &ObjectId,
        data: &[u8],
        walk: WalkInfo<'_>,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        let buf = reencode(data);
        // the format is lent out while it expands (not cloned for every commit)
        let format = std::mem::take(&mut self.options.format);
        let done = match &format {
            CommitFormat::Builtin(b) => self.builtin(*b, &buf, walk.parents, out),
            CommitFormat::User(u) => self.user(u, id, data, &buf, walk, out),
        };
        self.options.format = format;
        done
    }

    fn date(&self, sig: &SignatureRef<'_>, format: &DateFormat) -> String {
        let (seconds, tz) = ident_date(sig);
        format.show(seconds, tz, &self.options.date_context)
    }

    fn builtin(
        &mut self,
        b: Builtin,
        buf: &[u8],
        walk_parents: Option<&[ObjectId]>,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        let start = out.len();
        let (headers, message) = split_commit(buf);
        let mut parents_shown = false;
        for line in lines_with_ends(headers) {
            if b == Builtin::Raw {
                out.extend_from_slice(line);
                continue;
            }
            if b == Builtin::Oneline {
                continue;
            }
            if line.starts_with(b"parent ") {
                continue;
            }
            if !parents_shown {
                parents_shown = true;
                let parents: Vec<ObjectId> = match walk_parents {
                    Some(parents) => parents.to_vec(),
                    None => lines_with_ends(headers)
                        .filter_map(|l| l.strip_prefix(b"parent "))
                        .filter_map(|h| ObjectId::from_hex(h.get(..ObjectId::HEX_LEN)?).ok())
                        .collect(),
                };
                if parents.len() > 1 {
                    out.extend_from_slice(b"Merge:");
                    for p in &parents {
                        out.push(b' ');
                        out.extend_from_slice(self.abbreviate(p, self.abbrev)?.as_bytes());
                    }
                    out.push(b'\n');
                }
            }
            let line = line.strip_suffix(b"\n").unwrap_or(line);
            if let Some(who) = line.strip_prefix(b"author ") {
                self.user_info(b, "Author", who, out)?;
            }
            if let Some(who) = line.strip_prefix(b"committer ") {
                if matches!(b, Builtin::Full | Builtin::Fuller) {
                    self.user_info(b, "Commit", who, out)?;
                }
            }
        }
        if b != Builtin::Oneline {
            out.push(b'\n');
        }
        let mut msg = skip_blank_lines(message);
        if b == Builtin::Oneline {
            let (title, _) = message::subject(msg, b" ");
            out.extend_from_slice(&title);
            out.push(b'\n');
            msg = &[];
        }
        let tabs = match self.options.expand_tabs {
            Some(0) => None,
            Some(n) => b.tab_width().map(|_| n),
            None => b.tab_width(),
        };
        let mut first = true;
        for line in lines_with_ends(msg) {
            let text = rtrim(line);
            if text.is_empty() {
                if first {
                    continue;
                }
                if b == Builtin::Short {
                    break;
                }
            }
            first = false;
            out.extend_from_slice(b"    ");
            match tabs {
                Some(n) => message::expand_tabs(out, text, n),
                None => out.extend_from_slice(text),
            }
            out.push(b'\n');
        }
        let kept = rtrim(&out[start..]).len();
        out.truncate(start + kept);
        if b != Builtin::Oneline {
            out.push(b'\n');
        }
        Ok(())
    }

    /// git's `pp_user_info`: `Author: Name <email>` and, by format, its date line.
    fn user_info(&mut self, b: Builtin, what: &str, line: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let Ok(sig) = SignatureRef::parse(line) else {
            return Ok(());
        };
        let pad = if b == Builtin::Fuller { "    " } else { "" };
        out.extend_from_slice(format!("{what}: {pad}").as_bytes());
        let (name, email) = match self.options.mailmap {
            true => self.mailmap()?.map(sig.name, sig.email),
            false => None,
        }
        .unwrap_or((sig.name, sig.email));
        out.extend_from_slice(name);
        out.extend_from_slice(b" <");
        out.extend_from_slice(email);
        out.extend_from_slice(b">\n");
        match b {
            Builtin::Medium => {
                let date = self.date(&sig, &self.options.date);
                out.extend_from_slice(format!("Date:   {date}\n").as_bytes());
            }
            Builtin::Fuller => {
                let date = self.date(&sig, &self.options.date);
                out.extend_from_slice(format!("{what}Date: {date}\n").as_bytes());
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitized_subjects_are_file_name_safe() {
        let mut out = Vec::new();
        crate::stripspace::sanitize_subject(b"Fix: the 'thing'... (really) -- now!", &mut out);
        assert_eq!(out, b"Fix-the-thing-.-really-now");
    }

    #[test]
    fn format_names_are_matched_by_prefix() {
        assert_eq!(
            CommitFormat::parse(b"f").unwrap(),
            CommitFormat::Builtin(Builtin::Full)
        );
        assert_eq!(
            CommitFormat::parse(b"ONE").unwrap(),
            CommitFormat::Builtin(Builtin::Oneline)
        );
        assert_eq!(
            CommitFormat::parse(b"nope").unwrap_err().kind,
            PrettyErrorKind::UnknownFormat
        );
        assert!(CommitFormat::parse(b"").unwrap().is_empty());
        assert!(!CommitFormat::parse(b"format:%s").unwrap().uses_terminator());
        assert!(CommitFormat::parse(b"%s").unwrap().uses_terminator());
    }

    proptest::proptest! {
        /// Any bytes as a commit, any format: output, never a panic.
        #[test]
        fn any_commit_in_any_format_formats_without_panicking(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            format in proptest::collection::vec(
                proptest::sample::select(b"%%%-+ (),<>|wx0a9nHhsbBdDaNcrtiIeflmSTPp:=Ctrunc".to_vec()),
                0..40,
            ),
            tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8),
        ) {
            let repo = crate::Repository::in_memory().unwrap();
            let mut data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a> 1 +0100\n\
                             committer C <c> 2 -0130\nencoding latin1\n\n".to_vec();
            data.extend_from_slice(&body);
            let id = ObjectId::from_hex(b"1111111111111111111111111111111111111111").unwrap();
            let mut format = format;
            format.extend_from_slice(&tail);
            if let Ok(f) = CommitFormat::parse(&format) {
                let mut out = Vec::new();
                let mut pretty = Pretty::new(&repo, PrettyOptions::new(f));
                let _ = pretty.format_commit(&id, &data, &mut out);
                let _ = pretty.format_commit(&id, &body, &mut out);
            }
            for b in [Builtin::Medium, Builtin::Oneline, Builtin::Raw, Builtin::Short] {
                let mut out = Vec::new();
                let mut pretty = Pretty::new(&repo, PrettyOptions::new(CommitFormat::Builtin(b)));
                let _ = pretty.format_commit(&id, &body, &mut out);
            }
        }
    }

    #[test]
    fn idents_dates_are_read_as_git_reads_them() {
        let sig = SignatureRef::parse(b"A <a> 1700000000 -0530").unwrap();
        assert_eq!(ident_date(&sig), (1_700_000_000, -530));
        let sig = SignatureRef::parse(b"A <a> 99999999999999999999 +0100").unwrap();
        assert_eq!(ident_date(&sig), (0, 0));
    }
}
