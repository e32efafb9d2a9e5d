//! git's fsck checks on an object's bytes, reported with git's message ids and texts
//! (git 2.47 `fsck.c`). For now the checks of a tag, as `git mktag` runs them before writing.
//!
//! ## How git reports
//!
//! Every problem has a message id (`badTagName`, `missingTaggerEntry`, …) with a default
//! severity: *fatal* (`nulInHeader`, `unterminatedHeader`: cannot be lowered), *error*, *warn*
//! or *info*. In strict mode a warning counts as an error; config (`fsck.<msgId> = error | warn |
//! ignore`) overrides the default. An ignored problem is not reported at all; the others reach
//! the caller's callback as `<msgId>: <text>` with severity error (fatal, error) or warning
//! (warn, info), and the callback says whether the problem fails the check.
//!
//! The checks stop at the first problem the callback counts as a failure, except where git's
//! own flow goes on: a failed `tagger` line is still followed by the check for extra headers,
//! whose verdict then stands (so git's `mktag --no-strict` accepts a bad tagger followed by an
//! extra header, with a warning for the header only).
//!
//! ## What a tag must look like
//!
//! ```text
//! object <40 hex, either case>\n
//! type <commit|tree|blob|tag>\n
//! tag <name, valid as refs/tags/<name>>\n
//! tagger <name> <<email>> <seconds> <+|-hhmm>\n
//! \n
//! <message, anything>
//! ```
//!
//! and the header part (up to the first blank line) holds no NUL and ends with a newline.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use std::collections::HashMap;
use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Not reported.
    Ignore,
    /// Reported as a warning, even in strict mode.
    Info,
    /// A warning; an error in strict mode.
    Warn,
    /// An error.
    Error,
    /// An error that config cannot lower.
    Fatal,
}

impl Severity {
    /// The value of an `fsck.<msgId>` config key.
    fn from_config(value: &[u8]) -> Option<Severity> {
        match value {
            b"error" => Some(Severity::Error),
            b"warn" => Some(Severity::Warn),
            b"ignore" => Some(Severity::Ignore),
            _ => None,
        }
    }
}

macro_rules! msg_ids {
    ($($variant:ident = $name:literal $severity:ident,)*) => {
        /// The problems git's fsck names, by the id it prints (`badTagName`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum MsgId {
            $($variant,)*
        }

        impl MsgId {
            /// Every id git 2.47 knows, in its order.
            pub const ALL: &'static [MsgId] = &[$(MsgId::$variant,)*];

            /// The id as git prints it: `badTagName`.
            pub fn name(self) -> &'static str {
                match self {
                    $(MsgId::$variant => $name,)*
                }
            }

            /// The severity when neither strict mode nor config changes it.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(MsgId::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

msg_ids! {
    NulInHeader = "nulInHeader" Fatal,
    UnterminatedHeader = "unterminatedHeader" Fatal,
    BadDate = "badDate" Error,
    BadDateOverflow = "badDateOverflow" Error,
    BadEmail = "badEmail" Error,
    BadName = "badName" Error,
    BadObjectSha1 = "badObjectSha1" Error,
    BadParentSha1 = "badParentSha1" Error,
    BadRefFiletype = "badRefFiletype" Error,
    BadRefName = "badRefName" Error,
    BadTimezone = "badTimezone" Error,
    BadTree = "badTree" Error,
    BadTreeSha1 = "badTreeSha1" Error,
    BadType = "badType" Error,
    DuplicateEntries = "duplicateEntries" Error,
    MissingAuthor = "missingAuthor" Error,
    MissingCommitter = "missingCommitter" Error,
    MissingEmail = "missingEmail" Error,
    MissingNameBeforeEmail = "missingNameBeforeEmail" Error,
    MissingObject = "missingObject" Error,
    MissingSpaceBeforeDate = "missingSpaceBeforeDate" Error,
    MissingSpaceBeforeEmail = "missingSpaceBeforeEmail" Error,
    MissingTag = "missingTag" Error,
    MissingTagEntry = "missingTagEntry" Error,
    MissingTree = "missingTree" Error,
    MissingType = "missingType" Error,
    MissingTypeEntry = "missingTypeEntry" Error,
    MultipleAuthors = "multipleAuthors" Error,
    TreeNotSorted = "treeNotSorted" Error,
    UnknownType = "unknownType" Error,
    ZeroPaddedDate = "zeroPaddedDate" Error,
    GitmodulesMissing = "gitmodulesMissing" Error,
    GitmodulesBlob = "gitmodulesBlob" Error,
    GitmodulesLarge = "gitmodulesLarge" Error,
    GitmodulesName = "gitmodulesName" Error,
    GitmodulesSymlink = "gitmodulesSymlink" Error,
    GitmodulesUrl = "gitmodulesUrl" Error,
    GitmodulesPath = "gitmodulesPath" Error,
    GitmodulesUpdate = "gitmodulesUpdate" Error,
    GitattributesMissing = "gitattributesMissing" Error,
    GitattributesLarge = "gitattributesLarge" Error,
    GitattributesLineLength = "gitattributesLineLength" Error,
    GitattributesBlob = "gitattributesBlob" Error,
    BadFilemode = "badFilemode" Warn,
    EmptyName = "emptyName" Warn,
    FullPathname = "fullPathname" Warn,
    HasDot = "hasDot" Warn,
    HasDotdot = "hasDotdot" Warn,
    HasDotgit = "hasDotgit" Warn,
    NullSha1 = "nullSha1" Warn,
    ZeroPaddedFilemode = "zeroPaddedFilemode" Warn,
    NulInCommit = "nulInCommit" Warn,
    LargePathname = "largePathname" Warn,
    GitmodulesParse = "gitmodulesParse" Info,
    GitignoreSymlink = "gitignoreSymlink" Info,
    GitattributesSymlink = "gitattributesSymlink" Info,
    MailmapSymlink = "mailmapSymlink" Info,
    BadTagName = "badTagName" Info,
    MissingTaggerEntry = "missingTaggerEntry" Info,
    ExtraHeaderEntry = "extraHeaderEntry" Ignore,
}

impl MsgId {
    /// The id for a config key's name (`badtagname`: git compares lower-cased, without
    /// underscores).
    pub fn from_config_name(name: &[u8]) -> Option<MsgId> {
        MsgId::ALL
            .iter()
            .copied()
            .find(|id| id.name().as_bytes().eq_ignore_ascii_case(name))
    }
}

/// Which severity each problem has: the defaults, strict mode, and overrides.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Warnings count as errors.
    pub strict: bool,
    overrides: HashMap<MsgId, Severity>,
}

impl Options {
    /// Strict options, as `git mktag` and `git fsck --strict` start from.
    pub fn strict() -> Options {
        Options {
            strict: true,
            overrides: HashMap::new(),
        }
    }

    /// The options `git mktag` checks with: strict, but an extra header after `tagger` only a
    /// warning (which `mktag` in its default strict mode still refuses).
    pub fn mktag() -> Options {
        let mut o = Options::strict();
        o.overrides.insert(MsgId::ExtraHeaderEntry, Severity::Warn);
        o
    }

    /// Sets the severity of `id`, as `fsck.<msgId>` does; fatal problems cannot be lowered
    /// (`Err` with git's complaint).
    pub fn set(&mut self, id: MsgId, severity: Severity) -> Result<()> {
        if id.default_severity() == Severity::Fatal && severity != Severity::Error {
            let to = match severity {
                Severity::Ignore => "ignore",
                _ => "warn",
            };
            return Err(Error::InvalidInput(format!(
                "Cannot demote {} to {to}",
                id.name().to_lowercase()
            )));
        }
        self.overrides.insert(id, severity);
        Ok(())
    }

    /// Applies the `fsck.<msgId>` keys of `config` in order, with git's complaints about unknown
    /// ids and values (`fsck.skipList` is not a message id and is left alone).
    pub fn apply_config(&mut self, config: &Config) -> Result<()> {
        for entry in config.entries() {
            if entry.section != "fsck" {
                continue;
            }
            let mut name = BString::default();
            if let Some(sub) = &entry.subsection {
                name.extend_from_slice(sub);
                name.push(b'.');
            }
            name.extend_from_slice(&entry.key);
            if name == "skiplist" {
                continue;
            }
            let Some(value) = &entry.value else {
                return Err(Error::InvalidInput(format!(
                    "missing value for 'fsck.{name}'"
                )));
            };
            let id = MsgId::from_config_name(&name)
                .ok_or_else(|| Error::InvalidInput(format!("Unhandled message id: {name}")))?;
            let severity = Severity::from_config(value).ok_or_else(|| {
                Error::InvalidInput(format!("Unknown fsck message type: '{value}'"))
            })?;
            self.set(id, severity)?;
        }
        Ok(())
    }

    /// The severity `id` has under these options (git's `fsck_msg_type`).
    pub fn severity(&self, id: MsgId) -> Severity {
        if let Some(s) = self.overrides.get(&id) {
            return *s;
        }
        match id.default_severity() {
            Severity::Warn if self.strict => Severity::Error,
            s => s,
        }
    }
}

/// One problem as it reaches the callback: an error or a warning, with git's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Which problem.
    pub id: MsgId,
    /// [`Severity::Error`] or [`Severity::Warn`].
    pub severity: Severity,
    /// git's description, without the id (`invalid 'tag' name: a..b`); bytes of the object may
    /// appear in it.
    pub text: BString,
}

impl Problem {
    /// `<msgId>: <text>`, as git prints it.
    pub fn to_bstring(&self) -> BString {
        let mut s = BString::from(self.id.name());
        s.extend_from_slice(b": ");
        s.extend_from_slice(&self.text);
        s
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_bstring())
    }
}

/// What checking a tag found out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCheck {
    /// Whether a problem the callback counted failed the check.
    pub failed: bool,
    /// The `object` line's id, when it parsed.
    pub target: Option<ObjectId>,
    /// The `type` line's kind, when it parsed.
    pub target_kind: Option<Kind>,
}

/// Sends problems through the options and the callback, as git's `report()`.
struct Reporter<'a> {
    options: &'a Options,
    callback: &'a mut dyn FnMut(&Problem) -> bool,
}

impl Reporter<'_> {
    /// Whether the problem fails the check.
    fn report(&mut self, id: MsgId, text: impl Into<BString>) -> bool {
        let severity = match self.options.severity(id) {
            Severity::Ignore => return false,
            Severity::Fatal | Severity::Error => Severity::Error,
            Severity::Info | Severity::Warn => Severity::Warn,
        };
        (self.callback)(&Problem {
            id,
            severity,
            text: text.into(),
        })
    }
}

/// A byte of `data` as C sees it: past the end is the terminating NUL.
fn at(data: &[u8], i: usize) -> u8 {
    data.get(i).copied().unwrap_or(0)
}

/// Whether `data` starts with `prefix` at `pos`.
fn has_prefix(data: &[u8], pos: usize, prefix: &[u8]) -> bool {
    data.get(pos..).is_some_and(|rest| rest.starts_with(prefix))
}

/// Checks a tag body as git's `fsck_tag_standalone` does, calling `on_problem` for every problem
/// that is not ignored; `on_problem` returns whether the problem fails the check.
pub fn check_tag(
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> TagCheck {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    let mut check = TagCheck {
        failed: false,
        target: None,
        target_kind: None,
    };
    check.failed = tag_steps(data, &mut r, &mut check);
    check
}

fn tag_steps(data: &[u8], r: &mut Reporter<'_>, check: &mut TagCheck) -> bool {
    if verify_headers(data, r) {
        return true;
    }
    let line_end = |from: usize| data.get(from..).and_then(|rest| rest.find_byte(b'\n'));

    if !has_prefix(data, 0, b"object ") {
        return r.report(
            MsgId::MissingObject,
            "invalid format - expected 'object' line",
        );
    }
    let hex_end = 7 + ObjectId::HEX_LEN;
    let id = data
        .get(7..hex_end)
        .and_then(|hex| ObjectId::from_hex(hex).ok());
    let mut pos = match id {
        Some(id) if at(data, hex_end) == b'\n' => {
            check.target = Some(id);
            hex_end + 1
        }
        _ => {
            if r.report(
                MsgId::BadObjectSha1,
                "invalid 'object' line format - bad sha1",
            ) {
                return true;
            }
            check.target = id;
            match id {
                Some(_) => hex_end + 1,
                None => line_end(7).map_or(data.len(), |nl| 7 + nl + 1),
            }
        }
    };

    if !has_prefix(data, pos, b"type ") {
        return r.report(
            MsgId::MissingTypeEntry,
            "invalid format - expected 'type' line",
        );
    }
    pos += 5;
    let Some(len) = line_end(pos) else {
        return r.report(
            MsgId::MissingType,
            "invalid format - unexpected end after 'type' line",
        );
    };
    check.target_kind = data.get(pos..pos + len).and_then(Kind::from_bytes);
    if check.target_kind.is_none() && r.report(MsgId::BadType, "invalid 'type' value") {
        return true;
    }
    pos += len + 1;

    if !has_prefix(data, pos, b"tag ") {
        return r.report(
            MsgId::MissingTagEntry,
            "invalid format - expected 'tag' line",
        );
    }
    pos += 4;
    let Some(len) = line_end(pos) else {
        // git's text, which names the wrong line
        return r.report(
            MsgId::MissingTag,
            "invalid format - unexpected end after 'type' line",
        );
    };
    let name = data.get(pos..pos + len).unwrap_or_default();
    let mut full = BString::from("refs/tags/");
    full.extend_from_slice(name);
    if crate::refs::name::check_ref_format(&full).is_err() {
        let mut text = BString::from("invalid 'tag' name: ");
        text.extend_from_slice(name);
        if r.report(MsgId::BadTagName, text) {
            return true;
        }
    }
    pos += len + 1;

    let mut failed = false;
    if has_prefix(data, pos, b"tagger ") {
        pos += 7;
        failed = check_ident(data, &mut pos, r);
    } else if r.report(
        MsgId::MissingTaggerEntry,
        "invalid format - expected 'tagger' line",
    ) {
        return true;
    }

    match at(data, pos) {
        0 | b'\n' => failed,
        _ => r.report(
            MsgId::ExtraHeaderEntry,
            "invalid format - extra header(s) after 'tagger'",
        ),
    }
}

/// git's `verify_headers`: no NUL before the first blank line, and a newline at the end when
/// there is no blank line.
fn verify_headers(data: &[u8], r: &mut Reporter<'_>) -> bool {
    for (i, &b) in data.iter().enumerate() {
        match b {
            0 => {
                return r.report(
                    MsgId::NulInHeader,
                    format!("unterminated header: NUL at offset {i}"),
                )
            }
            b'\n' if data.get(i + 1) == Some(&b'\n') => return false,
            _ => {}
        }
    }
    if data.last() == Some(&b'\n') {
        return false;
    }
    r.report(MsgId::UnterminatedHeader, "unterminated header")
}

/// git's `fsck_ident` on the signature starting at `*pos`; leaves `*pos` after its line.
fn check_ident(data: &[u8], pos: &mut usize, r: &mut Reporter<'_>) -> bool {
    let mut p = *pos;
    let line_len = data
        .get(p..)
        .unwrap_or_default()
        .iter()
        .position(|&b| b == b'\n' || b == 0)
        .unwrap_or(data.len().saturating_sub(p));
    *pos = p + line_len + usize::from(at(data, p + line_len) == b'\n');

    let skip_to_delim = |mut i: usize| {
        while !matches!(at(data, i), 0 | b'<' | b'>' | b'\n') {
            i += 1;
        }
        i
    };
    const PREFIX: &str = "invalid author/committer line - ";
    let mut fail = |id: MsgId, what: &str| r.report(id, format!("{PREFIX}{what}"));

    if at(data, p) == b'<' {
        return fail(MsgId::MissingNameBeforeEmail, "missing space before email");
    }
    p = skip_to_delim(p);
    if at(data, p) == b'>' {
        return fail(MsgId::BadName, "bad name");
    }
    if at(data, p) != b'<' {
        return fail(MsgId::MissingEmail, "missing email");
    }
    if p.checked_sub(1).map(|i| at(data, i)) != Some(b' ') {
        return fail(MsgId::MissingSpaceBeforeEmail, "missing space before email");
    }
    p = skip_to_delim(p + 1);
    if at(data, p) != b'>' {
        return fail(MsgId::BadEmail, "bad email");
    }
    p += 1;
    if at(data, p) != b' ' {
        return fail(MsgId::MissingSpaceBeforeDate, "missing space before date");
    }
    p += 1;
    while matches!(at(data, p), b' ' | b'\t') {
        p += 1;
    }
    if !at(data, p).is_ascii_digit() {
        return fail(MsgId::BadDate, "bad date");
    }
    if at(data, p) == b'0' && at(data, p + 1) != b' ' {
        return fail(MsgId::ZeroPaddedDate, "zero-padded date");
    }
    // strtoumax: saturates at the maximum on overflow
    let mut end = p;
    let mut seconds: u64 = 0;
    while at(data, end).is_ascii_digit() {
        seconds = seconds
            .saturating_mul(10)
            .saturating_add(u64::from(at(data, end) - b'0'));
        end += 1;
    }
    // git's date_overflows: the value must fit git's timestamp and the system's time_t
    if seconds == u64::MAX || seconds > i64::MAX as u64 {
        return fail(MsgId::BadDateOverflow, "date causes integer overflow");
    }
    if at(data, end) != b' ' {
        return fail(MsgId::BadDate, "bad date");
    }
    p = end + 1;
    let zone_ok = matches!(at(data, p), b'+' | b'-')
        && (1..=4).all(|i| at(data, p + i).is_ascii_digit())
        && at(data, p + 5) == b'\n';
    if !zone_ok {
        return fail(MsgId::BadTimezone, "bad time zone");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "45b983be36b73c0788dc9cbcb76cbb80fc7bb057";

    fn problems(data: &[u8], options: &Options, fail_warnings: bool) -> (bool, Vec<String>) {
        let mut seen = Vec::new();
        let check = check_tag(data, options, &mut |p| {
            seen.push(p.to_string());
            p.severity == Severity::Error || fail_warnings
        });
        (check.failed, seen)
    }

    fn tag(rest: &str) -> String {
        format!("object {ID}\ntype blob\ntag t\n{rest}")
    }

    #[test]
    fn a_good_tag_has_no_problems() {
        let body = tag("tagger T <t@x> 1700000000 +0000\n\nmsg\n");
        let mut called = false;
        let check = check_tag(body.as_bytes(), &Options::mktag(), &mut |_| {
            called = true;
            true
        });
        assert!(!check.failed && !called);
        assert_eq!(check.target.unwrap().to_hex(), ID);
        assert_eq!(check.target_kind, Some(Kind::Blob));
    }

    #[test]
    fn bad_tagger_and_extra_header_are_both_reported() {
        let body = tag("tagger <t@x> 00 +0000\nfoo\n\nmsg\n");
        let (failed, seen) = problems(body.as_bytes(), &Options::mktag(), true);
        assert!(failed);
        assert_eq!(
            seen,
            [
                "missingNameBeforeEmail: invalid author/committer line - missing space before email",
                "extraHeaderEntry: invalid format - extra header(s) after 'tagger'",
            ]
        );
        // the verdict on the extra header (a warning) stands, as in git
        let (failed, _) = problems(body.as_bytes(), &Options::mktag(), false);
        assert!(!failed);
    }

    #[test]
    fn dates_past_time_t_overflow() {
        for (date, ok) in [
            ("9223372036854775807", true),
            ("9223372036854775808", false),
            ("18446744073709551615", false),
            ("99999999999999999999999", false),
        ] {
            let body = tag(&format!("tagger T <t@x> {date} +0000\n"));
            let (failed, seen) = problems(body.as_bytes(), &Options::mktag(), true);
            assert_eq!(!failed, ok, "{date}: {seen:?}");
        }
    }

    #[test]
    fn config_overrides_and_refuses_demoting_fatal_ids() {
        let mut o = Options::mktag();
        o.set(MsgId::BadTagName, Severity::Ignore).unwrap();
        let body = format!("object {ID}\ntype blob\ntag a..b\ntagger T <t@x> 1 +0000\n");
        assert!(!problems(body.as_bytes(), &o, true).0);
        assert!(o.set(MsgId::NulInHeader, Severity::Warn).is_err());
        assert_eq!(
            MsgId::from_config_name(b"badtagname"),
            Some(MsgId::BadTagName)
        );
        assert_eq!(MsgId::from_config_name(b"nosuch"), None);
    }

    #[test]
    fn hostile_input_never_panics() {
        let full = tag("tagger T <t@x> 1 +0000\n\nmsg\n");
        let mut o = Options::mktag();
        for id in MsgId::ALL {
            let _ = o.set(*id, Severity::Ignore);
        }
        for options in [Options::mktag(), o] {
            for end in 0..=full.len() {
                for junk in [&b""[..], b"\0", b"\n", b"<", b" "] {
                    let mut data = full.as_bytes()[..end].to_vec();
                    data.extend_from_slice(junk);
                    check_tag(&data, &options, &mut |_| false);
                }
            }
        }
    }
}
