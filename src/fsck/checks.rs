//! git's fsck checks on an object's bytes, reported with git's message ids and texts
//! (git 2.47 `fsck.c`): the checks of a tree, a commit and a tag, as `git hash-object` runs them
//! before writing (all of them, strict) and `git mktag` runs the tag's.
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
//! The checks of a commit or a tag stop at the first problem the callback counts as a failure,
//! except where git's own flow goes on: a failed `tagger` line is still followed by the check
//! for extra headers, whose verdict then stands (so git's `mktag --no-strict` accepts a bad
//! tagger followed by an extra header, with a warning for the header only). A tree is walked to
//! its end (or to the first entry that cannot be decoded) and then reports each kind of problem
//! it saw once, in git's order.
//!
//! ## What a tree must look like
//!
//! ```text
//! <octal mode> SP <name> NUL <20 raw bytes>     (repeated; no separator)
//! ```
//!
//! git decodes an entry only when the byte 21 from the end of what is left is a NUL (else "too-short
//! tree object"), the mode is octal digits up to a space ("malformed mode in tree entry") and
//! the name is not empty ("empty filename in tree entry"); the mode is kept as its low 16 bits.
//! Then, per entry: no null id, no `/` in the name, not `.`, `..` or any spelling of `.git`
//! that HFS+ (ignorable code points, any case) or NTFS (`git~1`, trailing spaces and dots,
//! `:` streams, `\` as a separator) would open as `.git`; the mode one of 100644, 100755,
//! 120000, 40000, 160000 without a leading zero; the names in git's order (a tree sorts as if
//! its name ended in `/`) and without duplicates; a `.gitmodules` that is no symlink (and no
//! symlinked `.gitattributes`, `.gitignore`, `.mailmap`).
//!
//! ## What a commit must look like
//!
//! ```text
//! tree <40 hex, either case>\n
//! parent <40 hex>\n                               (any number)
//! author <name> <<email>> <seconds> <+|-hhmm>\n   (exactly one)
//! committer <name> <<email>> <seconds> <+|-hhmm>\n
//! <any other headers>
//! \n
//! <message, anything but NUL>
//! ```
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
//! and, for commits and tags, the header part (up to the first blank line) holds no NUL and
//! ends with a newline.

use crate::config::Config;
use crate::error::Result;
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
    EmptyName = "emptyName" Warn,
    FullPathname = "fullPathname" Warn,
    HasDot = "hasDot" Warn,
    HasDotdot = "hasDotdot" Warn,
    HasDotgit = "hasDotgit" Warn,
    NullSha1 = "nullSha1" Warn,
    ZeroPaddedFilemode = "zeroPaddedFilemode" Warn,
    NulInCommit = "nulInCommit" Warn,
    LargePathname = "largePathname" Warn,
    BadFilemode = "badFilemode" Info,
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
    /// ([`OptionsError::CannotDemote`]).
    pub fn set(&mut self, id: MsgId, severity: Severity) -> Result<()> {
        if id.default_severity() == Severity::Fatal && severity != Severity::Error {
            return Err(OptionsError::CannotDemote { id, to: severity }.into());
        }
        self.overrides.insert(id, severity);
        Ok(())
    }

    /// Applies the `fsck.<msgId>` keys of `config` in order; a key without a value, an unknown
    /// id or an unknown severity is an [`OptionsError`] (`fsck.skipList` is not a message id
    /// and is left alone).
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
                return Err(OptionsError::MissingValue { name }.into());
            };
            let id = MsgId::from_config_name(&name)
                .ok_or_else(|| OptionsError::UnknownMsgId { name: name.clone() })?;
            let severity =
                Severity::from_config(value).ok_or_else(|| OptionsError::UnknownSeverity {
                    value: value.clone(),
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

/// Why an `fsck.<msgId>` setting is refused.
///
/// ```
/// use gitstore::fsck::{MsgId, Options, OptionsError, Severity};
///
/// let mut options = Options::strict();
/// let e = options.set(MsgId::NulInHeader, Severity::Warn).unwrap_err();
/// assert!(matches!(
///     e,
///     gitstore::Error::FsckOptions(OptionsError::CannotDemote { id: MsgId::NulInHeader, .. })
/// ));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// A fatal problem given a lower severity than error.
    #[error("the fatal fsck problem {} cannot be lowered to {to:?}", id.name())]
    CannotDemote {
        /// The problem.
        id: MsgId,
        /// The severity asked for.
        to: Severity,
    },
    /// `fsck.<name>` set without a value (`[fsck] badTagName`).
    #[error("fsck.{name} has no value")]
    MissingValue {
        /// The key after `fsck.`, as configured (lower case).
        name: BString,
    },
    /// `fsck.<name>` where `<name>` is no message id.
    #[error("fsck.{name} names no fsck message id")]
    UnknownMsgId {
        /// The key after `fsck.`.
        name: BString,
    },
    /// An `fsck.<msgId>` value that is not `error`, `warn` or `ignore`.
    #[error("unknown fsck severity {value:?}")]
    UnknownSeverity {
        /// The value as configured.
        value: BString,
    },
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
    /// For `badTree`, what git's tree walker said first (`too-short tree object`), which git
    /// prints as an `error:` line of its own before the problem.
    pub cause: Option<&'static str>,
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
        self.report_caused(id, text, None)
    }

    /// [`Reporter::report`] with a cause (see [`Problem::cause`]).
    fn report_caused(
        &mut self,
        id: MsgId,
        text: impl Into<BString>,
        cause: Option<&'static str>,
    ) -> bool {
        let severity = match self.options.severity(id) {
            Severity::Ignore => return false,
            Severity::Fatal | Severity::Error => Severity::Error,
            Severity::Info | Severity::Warn => Severity::Warn,
        };
        (self.callback)(&Problem {
            id,
            severity,
            text: text.into(),
            cause,
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

/// The blobs a tree names `.gitmodules` or `.gitattributes` (in any spelling a filesystem would
/// open as that name), which git checks after the tree itself: see [`check_found_blobs`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundBlobs {
    /// `.gitmodules` entries that are not symlinks, in tree order, each id once.
    pub gitmodules: Vec<ObjectId>,
    /// `.gitattributes` entries that are not symlinks, in tree order, each id once.
    pub gitattributes: Vec<ObjectId>,
}

impl FoundBlobs {
    fn add(list: &mut Vec<ObjectId>, id: ObjectId) {
        if !list.contains(&id) {
            list.push(id);
        }
    }
}

/// What checking an object found out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Check {
    /// Whether a problem the callback counted failed the check.
    pub failed: bool,
    /// For a tree, the blobs to check afterwards.
    pub found: FoundBlobs,
}

/// Checks an object's body as git's `fsck_buffer` does: a tree with [`check_tree`], a commit
/// with [`check_commit`], a tag with [`check_tag`]; a blob has nothing to check on its own.
pub fn check_object(
    kind: Kind,
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> Check {
    match kind {
        Kind::Tree => check_tree(data, options, on_problem),
        Kind::Commit => Check {
            failed: check_commit(data, options, on_problem),
            found: FoundBlobs::default(),
        },
        Kind::Tag => Check {
            failed: check_tag(data, options, on_problem).failed,
            found: FoundBlobs::default(),
        },
        Kind::Blob => Check::default(),
    }
}

const S_IFMT: u16 = 0o170000;
const S_IFDIR: u16 = 0o040000;
const S_IFLNK: u16 = 0o120000;
const S_IFGITLINK: u16 = 0o160000;

/// git's `max_tree_entry_len`: a longer name is a `largePathname`.
const MAX_TREE_ENTRY_LEN: usize = 4096;

/// One tree entry as git's `decode_tree_entry` reads it.
struct RawEntry<'a> {
    /// The mode as written, cut to 16 bits as git's `uint16_t` cuts it.
    mode: u16,
    /// The first byte of the entry (a `0` there is a zero-padded mode).
    first: u8,
    name: &'a [u8],
    id: ObjectId,
    /// The entry's length in bytes.
    len: usize,
}

/// git's `decode_tree_entry` on the entry at the start of `buf` (which must not be empty),
/// failing with git's complaint.
fn decode_entry(buf: &[u8]) -> std::result::Result<RawEntry<'_>, &'static str> {
    const TOO_SHORT: &str = "too-short tree object";
    let hash_len = ObjectId::LEN;
    if buf.len() < hash_len + 3 || at(buf, buf.len() - (hash_len + 1)) != 0 {
        return Err(TOO_SHORT);
    }
    const MALFORMED: &str = "malformed mode in tree entry";
    if at(buf, 0) == b' ' {
        return Err(MALFORMED);
    }
    let mut mode: u32 = 0;
    let mut i = 0;
    loop {
        let c = at(buf, i);
        i += 1;
        if c == b' ' {
            break;
        }
        if !(b'0'..=b'7').contains(&c) {
            return Err(MALFORMED);
        }
        mode = mode.wrapping_mul(8).wrapping_add(u32::from(c - b'0'));
    }
    if at(buf, i) == 0 {
        return Err("empty filename in tree entry");
    }
    // the NUL 21 bytes from the end stops the name at the latest
    let name_len = buf[i..].find_byte(0).ok_or(TOO_SHORT)?;
    let name = &buf[i..i + name_len];
    let id_start = i + name_len + 1;
    let id = buf
        .get(id_start..id_start + hash_len)
        .and_then(ObjectId::from_bytes)
        .ok_or(TOO_SHORT)?;
    Ok(RawEntry {
        mode: mode as u16,
        first: buf[0],
        name,
        id,
        len: id_start + hash_len,
    })
}

/// What git's tree walker (`tree_entry_gently`) says when it cannot read a tree to its end: the
/// first entry that does not decode (`too-short tree object`), or `None` for a readable tree.
pub fn tree_walk_error(data: &[u8]) -> Option<&'static str> {
    let mut rest = data;
    while !rest.is_empty() {
        match decode_entry(rest) {
            Ok(entry) => rest = &rest[entry.len..],
            Err(cause) => return Some(cause),
        }
    }
    None
}

/// Checks a tree as git's `fsck_tree` does, calling `on_problem` for every problem that is not
/// ignored; the tree's `.gitmodules` and `.gitattributes` blobs come back for
/// [`check_found_blobs`].
pub fn check_tree(
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> Check {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    let mut found = FoundBlobs::default();
    let failed = tree_steps(data, &mut r, &mut found);
    Check { failed, found }
}

/// What a tree's entries showed, reported once each after the walk.
#[derive(Default)]
struct TreeFlags {
    null_sha1: bool,
    full_path: bool,
    dot: bool,
    dotdot: bool,
    dotgit: bool,
    zero_pad: bool,
    bad_modes: bool,
    dup_entries: bool,
    not_sorted: bool,
    large_name: bool,
}

fn tree_steps(data: &[u8], r: &mut Reporter<'_>, found: &mut FoundBlobs) -> bool {
    const BAD_TREE: &str = "cannot be parsed as a tree";
    let mut failed = false;
    if data.is_empty() {
        return false;
    }
    let mut entry = match decode_entry(data) {
        Ok(entry) => entry,
        Err(cause) => return r.report_caused(MsgId::BadTree, BAD_TREE, Some(cause)),
    };
    let mut pos = 0;
    let mut flags = TreeFlags::default();
    let mut previous: Option<(u16, &[u8])> = None;
    let mut candidates: Vec<&[u8]> = Vec::new();
    loop {
        let (mode, name) = (entry.mode, entry.name);
        flags.null_sha1 |= entry.id.is_null();
        flags.full_path |= name.contains(&b'/');
        flags.dot |= name == b".";
        flags.dotdot |= name == b"..";
        flags.dotgit |= is_hfs_dot(name, b"git") || is_ntfs_dotgit(name);
        flags.zero_pad |= entry.first == b'0';
        flags.large_name |= name.len() > MAX_TREE_ENTRY_LEN;
        let is_link = mode & S_IFMT == S_IFLNK;

        if is_hfs_dot(name, b"gitmodules") || is_ntfs_dot(name, NTFS_GITMODULES) {
            if !is_link {
                FoundBlobs::add(&mut found.gitmodules, entry.id);
            } else {
                failed |= r.report(MsgId::GitmodulesSymlink, ".gitmodules is a symbolic link");
            }
        }
        if is_hfs_dot(name, b"gitattributes") || is_ntfs_dot(name, NTFS_GITATTRIBUTES) {
            if !is_link {
                FoundBlobs::add(&mut found.gitattributes, entry.id);
            } else {
                failed |= r.report(MsgId::GitattributesSymlink, ".gitattributes is a symlink");
            }
        }
        if is_link {
            if is_hfs_dot(name, b"gitignore") || is_ntfs_dot(name, NTFS_GITIGNORE) {
                failed |= r.report(MsgId::GitignoreSymlink, ".gitignore is a symlink");
            }
            if is_hfs_dot(name, b"mailmap") || is_ntfs_dot(name, NTFS_MAILMAP) {
                failed |= r.report(MsgId::MailmapSymlink, ".mailmap is a symlink");
            }
        }
        // NTFS takes a backslash for a directory separator
        let mut rest = name;
        while let Some(b) = rest.find_byte(b'\\') {
            rest = &rest[b + 1..];
            flags.dotgit |= is_ntfs_dotgit(rest);
            if is_ntfs_dot(rest, NTFS_GITMODULES) {
                if !is_link {
                    FoundBlobs::add(&mut found.gitmodules, entry.id);
                } else {
                    failed |= r.report(MsgId::GitmodulesSymlink, ".gitmodules is a symbolic link");
                }
            }
        }

        pos += entry.len;
        let next = match data.get(pos..) {
            Some(rest) if !rest.is_empty() => match decode_entry(rest) {
                Ok(next) => Some(next),
                Err(cause) => {
                    failed |= r.report_caused(MsgId::BadTree, BAD_TREE, Some(cause));
                    break;
                }
            },
            _ => None,
        };

        match mode {
            0o100755 | 0o100644 | S_IFLNK | S_IFDIR | S_IFGITLINK => {}
            0o100664 if !r.options.strict => {}
            _ => flags.bad_modes = true,
        }
        if let Some((o_mode, o_name)) = previous {
            match verify_ordered(o_mode, o_name, mode, name, &mut candidates) {
                Order::Unordered => flags.not_sorted = true,
                Order::Duplicate => flags.dup_entries = true,
                Order::Ordered => {}
            }
        }
        previous = Some((mode, name));
        match next {
            Some(next) => entry = next,
            None => break,
        }
    }

    let reports = [
        (
            flags.null_sha1,
            MsgId::NullSha1,
            "contains entries pointing to null sha1",
        ),
        (
            flags.full_path,
            MsgId::FullPathname,
            "contains full pathnames",
        ),
        (flags.dot, MsgId::HasDot, "contains '.'"),
        (flags.dotdot, MsgId::HasDotdot, "contains '..'"),
        (flags.dotgit, MsgId::HasDotgit, "contains '.git'"),
        (
            flags.zero_pad,
            MsgId::ZeroPaddedFilemode,
            "contains zero-padded file modes",
        ),
        (
            flags.bad_modes,
            MsgId::BadFilemode,
            "contains bad file modes",
        ),
        (
            flags.dup_entries,
            MsgId::DuplicateEntries,
            "contains duplicate file entries",
        ),
        (
            flags.not_sorted,
            MsgId::TreeNotSorted,
            "not properly sorted",
        ),
        (
            flags.large_name,
            MsgId::LargePathname,
            "contains excessively large pathname",
        ),
    ];
    for (seen, id, text) in reports {
        if seen {
            failed |= r.report(id, text);
        }
    }
    failed
}

enum Order {
    Ordered,
    Unordered,
    Duplicate,
}

/// git's `verify_ordered`: whether entry 2 may follow entry 1. A directory sorts as if its name
/// ended in `/`, so a file and a directory of the same name need not be neighbours (`foo`,
/// `foo.bar`, `foo/`): files that could still meet a directory of their name wait in
/// `candidates`.
fn verify_ordered<'a>(
    mode1: u16,
    name1: &'a [u8],
    mode2: u16,
    name2: &[u8],
    candidates: &mut Vec<&'a [u8]>,
) -> Order {
    let len = name1.len().min(name2.len());
    match name1[..len].cmp(&name2[..len]) {
        std::cmp::Ordering::Less => return Order::Ordered,
        std::cmp::Ordering::Greater => return Order::Unordered,
        std::cmp::Ordering::Equal => {}
    }
    let (mut c1, mut c2) = (at(name1, len), at(name2, len));
    if c1 == 0 && c2 == 0 {
        return Order::Duplicate;
    }
    if c1 == 0 && mode1 & S_IFMT == S_IFDIR {
        c1 = b'/';
    }
    if c2 == 0 && mode2 & S_IFMT == S_IFDIR {
        c2 = b'/';
    }
    let less_than_slash = |c: u8| c != 0 && c < b'/';
    if c1 == 0 && less_than_slash(c2) {
        candidates.push(name1);
    } else if c2 == b'/' && less_than_slash(c1) {
        while let Some(file) = candidates.pop() {
            let Some(rest) = name2.strip_prefix(file) else {
                continue;
            };
            match rest.first() {
                None => return Order::Duplicate,
                Some(&c) if less_than_slash(c) => {
                    candidates.push(file);
                    break;
                }
                Some(_) => {}
            }
        }
    }
    if c1 < c2 {
        Order::Ordered
    } else {
        Order::Unordered
    }
}

/// git's `next_hfs_char`: the next code point of `s` from `*i`, skipping those HFS+ ignores;
/// 0 for bytes that are not UTF-8 (after which git's callers stop). Past the end reads as NUL,
/// as in C.
fn next_hfs_char(s: &[u8], i: &mut usize) -> u32 {
    next_code_point(s, i).unwrap_or(0)
}

fn next_code_point(s: &[u8], i: &mut usize) -> Option<u32> {
    loop {
        let b = |k: usize| u32::from(at(s, *i + k));
        let s0 = at(s, *i);
        let cont = |k: usize| at(s, *i + k) & 0xc0 == 0x80;
        let (c, len) = if s0 < 0x80 {
            (u32::from(s0), 1)
        } else if s0 & 0xe0 == 0xc0 {
            if !cont(1) || s0 & 0xfe == 0xc0 {
                return None;
            }
            (((b(0) & 0x1f) << 6) | (b(1) & 0x3f), 2)
        } else if s0 & 0xf0 == 0xe0 {
            let s1 = at(s, *i + 1);
            if !cont(1)
                || !cont(2)
                || (s0 == 0xe0 && s1 & 0xe0 == 0x80)
                || (s0 == 0xed && s1 & 0xe0 == 0xa0)
                || (s0 == 0xef && s1 == 0xbf && at(s, *i + 2) & 0xfe == 0xbe)
            {
                return None;
            }
            (
                ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f),
                3,
            )
        } else if s0 & 0xf8 == 0xf0 {
            let s1 = at(s, *i + 1);
            if !cont(1)
                || !cont(2)
                || !cont(3)
                || (s0 == 0xf0 && s1 & 0xf0 == 0x80)
                || (s0 == 0xf4 && s1 > 0x8f)
                || s0 > 0xf4
            {
                return None;
            }
            (
                ((b(0) & 0x07) << 18)
                    | ((b(1) & 0x3f) << 12)
                    | ((b(2) & 0x3f) << 6)
                    | (b(3) & 0x3f),
                4,
            )
        } else {
            return None;
        };
        *i += len;
        match c {
            0x200c..=0x200f | 0x202a..=0x202e | 0x206a..=0x206f | 0xfeff => continue,
            _ => return Some(c),
        }
    }
}

/// git's `is_hfs_dot_generic`: whether HFS+ would open `name` as `.<needle>` (needle lower
/// case ASCII): case folded, ignorable code points skipped, a `/` may follow.
fn is_hfs_dot(name: &[u8], needle: &[u8]) -> bool {
    let mut i = 0;
    if next_hfs_char(name, &mut i) != u32::from(b'.') {
        return false;
    }
    for &want in needle {
        let c = next_hfs_char(name, &mut i);
        if c > 127 || (c as u8).to_ascii_lowercase() != want {
            return false;
        }
    }
    // a name that stops being UTF-8 right after the needle counts, as in git
    matches!(next_hfs_char(name, &mut i), 0 | 0x2f)
}

/// git's `is_ntfs_dotgit`: `.git` or `git~1` in any case, then only spaces and dots up to the
/// end, a separator or a `:` stream.
fn is_ntfs_dotgit(name: &[u8]) -> bool {
    let lower = |i: usize| at(name, i).to_ascii_lowercase();
    let mut i = if at(name, 0) == b'.' {
        if lower(1) != b'g' || lower(2) != b'i' || lower(3) != b't' {
            return false;
        }
        4
    } else if lower(0) == b'g' {
        if lower(1) != b'i' || lower(2) != b't' || at(name, 3) != b'~' || at(name, 4) != b'1' {
            return false;
        }
        5
    } else {
        return false;
    };
    loop {
        let c = at(name, i);
        i += 1;
        match c {
            0 | b'\\' | b'/' | b':' => return true,
            b'.' | b' ' => {}
            _ => return false,
        }
    }
}

/// A dot file's name and the first six characters of its NTFS fall-back short name.
struct NtfsName {
    name: &'static [u8],
    short_prefix: &'static [u8; 6],
}

const NTFS_GITMODULES: NtfsName = NtfsName {
    name: b"gitmodules",
    short_prefix: b"gi7eba",
};
const NTFS_GITIGNORE: NtfsName = NtfsName {
    name: b"gitignore",
    short_prefix: b"gi250a",
};
const NTFS_GITATTRIBUTES: NtfsName = NtfsName {
    name: b"gitattributes",
    short_prefix: b"gi7d29",
};
const NTFS_MAILMAP: NtfsName = NtfsName {
    name: b"mailmap",
    short_prefix: b"maba30",
};

/// git's `is_ntfs_dot_generic`: whether NTFS would open `name` as `.<dot.name>`: the name in any
/// case, its 8.3 short name (`gitmod~1` … `~4`), or the fall-back short name (`gi7eba~9`), then
/// only spaces and dots up to the end or a `:` stream.
fn is_ntfs_dot(name: &[u8], dot: NtfsName) -> bool {
    let only_spaces_and_periods = |mut i: usize| loop {
        let c = at(name, i);
        i += 1;
        match c {
            0 | b':' => return true,
            b' ' | b'.' => {}
            _ => return false,
        }
    };
    // strncasecmp: stops at a NUL (the end) in either string
    let starts_with_caseless = |from: usize, needle: &[u8]| {
        needle
            .iter()
            .enumerate()
            .all(|(k, &n)| at(name, from + k).to_ascii_lowercase() == n)
    };
    if at(name, 0) == b'.' && starts_with_caseless(1, dot.name) {
        return only_spaces_and_periods(dot.name.len() + 1);
    }
    if starts_with_caseless(0, &dot.name[..6])
        && at(name, 6) == b'~'
        && (b'1'..=b'4').contains(&at(name, 7))
    {
        return only_spaces_and_periods(8);
    }
    let mut saw_tilde = false;
    let mut i = 0;
    while i < 8 {
        let c = at(name, i);
        if c == 0 {
            return false;
        } else if saw_tilde {
            if !c.is_ascii_digit() {
                return false;
            }
        } else if c == b'~' {
            i += 1;
            if !(b'1'..=b'9').contains(&at(name, i)) {
                return false;
            }
            saw_tilde = true;
        } else if i >= 6 || c & 0x80 != 0 || c.to_ascii_lowercase() != dot.short_prefix[i] {
            return false;
        }
        i += 1;
    }
    only_spaces_and_periods(i)
}

/// Checks a commit as git's `fsck_commit` does, calling `on_problem` for every problem that is
/// not ignored; returns whether one failed the check.
pub fn check_commit(
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> bool {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    commit_steps(data, &mut r)
}

fn commit_steps(data: &[u8], r: &mut Reporter<'_>) -> bool {
    if verify_headers(data, r) {
        return true;
    }
    let end = data.len();
    if !has_prefix(data, 0, b"tree ") {
        return r.report(MsgId::MissingTree, "invalid format - expected 'tree' line");
    }
    let mut pos = 5;
    if id_line(data, &mut pos)
        && r.report(MsgId::BadTreeSha1, "invalid 'tree' line format - bad sha1")
    {
        return true;
    }
    while pos < end && has_prefix(data, pos, b"parent ") {
        pos += 7;
        if id_line(data, &mut pos)
            && r.report(
                MsgId::BadParentSha1,
                "invalid 'parent' line format - bad sha1",
            )
        {
            return true;
        }
    }
    let mut authors = 0;
    while pos < end && has_prefix(data, pos, b"author ") {
        authors += 1;
        pos += 7;
        if check_ident(data, &mut pos, r) {
            return true;
        }
    }
    let failed = match authors {
        0 => r.report(
            MsgId::MissingAuthor,
            "invalid format - expected 'author' line",
        ),
        1 => false,
        _ => r.report(
            MsgId::MultipleAuthors,
            "invalid format - multiple 'author' lines",
        ),
    };
    if failed {
        return true;
    }
    if pos >= end || !has_prefix(data, pos, b"committer ") {
        return r.report(
            MsgId::MissingCommitter,
            "invalid format - expected 'committer' line",
        );
    }
    pos += 10;
    if check_ident(data, &mut pos, r) {
        return true;
    }
    data.contains(&0) && r.report(MsgId::NulInCommit, "NUL byte in the commit object body")
}

/// Reads `<40 hex>\n` at `*pos` and moves past it; returns whether it was bad. A bad line is
/// skipped to its newline (git, whose callers stop at the first failure, leaves this undefined).
fn id_line(data: &[u8], pos: &mut usize) -> bool {
    let hex_end = *pos + ObjectId::HEX_LEN;
    let ok = data
        .get(*pos..hex_end)
        .is_some_and(|hex| ObjectId::from_hex(hex).is_ok())
        && at(data, hex_end) == b'\n';
    *pos = if ok {
        hex_end + 1
    } else {
        data.get(*pos..)
            .and_then(|rest| rest.find_byte(b'\n'))
            .map_or(data.len(), |nl| *pos + nl + 1)
    };
    !ok
}

/// git's `ATTR_MAX_FILE_SIZE`: a larger `.gitattributes` is not read.
const ATTR_MAX_FILE_SIZE: usize = 100 * 1024 * 1024;
/// git's `ATTR_MAX_LINE_LENGTH`: a `.gitattributes` line this long is not read.
const ATTR_MAX_LINE_LENGTH: usize = 2048;

/// What [`check_found_blobs`] reads: the object's kind and bytes, or `None` when it is missing.
pub type ReadObject<'a> = dyn FnMut(&ObjectId) -> Option<(Kind, Vec<u8>)> + 'a;

/// The second half of git's check of a tree (`fsck_finish`): reads the `.gitmodules` and
/// `.gitattributes` blobs a tree named, reporting a missing one (`gitmodulesMissing`), one that
/// is no blob (`gitmodulesBlob`) and a `.gitattributes` git could not read (too large, a line of
/// 2048 bytes or more). Returns whether a problem failed the check.
///
/// The contents of a `.gitmodules` (submodule names, urls, paths and update commands) are not
/// checked yet.
pub fn check_found_blobs(
    found: &FoundBlobs,
    read: &mut ReadObject<'_>,
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> bool {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    let mut failed = false;
    let sets = [
        (
            &found.gitmodules,
            ".gitmodules",
            MsgId::GitmodulesMissing,
            MsgId::GitmodulesBlob,
        ),
        (
            &found.gitattributes,
            ".gitattributes",
            MsgId::GitattributesMissing,
            MsgId::GitattributesBlob,
        ),
    ];
    for (ids, name, missing, not_blob) in sets {
        for id in ids {
            let Some((kind, data)) = read(id) else {
                failed |= r.report(missing, format!("unable to read {name} blob"));
                continue;
            };
            if kind != Kind::Blob {
                failed |= r.report(not_blob, format!("non-blob found at {name}"));
            } else if missing == MsgId::GitattributesMissing {
                failed |= check_gitattributes(&data, &mut r);
            }
        }
    }
    failed
}

/// git's check of a `.gitattributes` blob in `fsck_blob`.
fn check_gitattributes(data: &[u8], r: &mut Reporter<'_>) -> bool {
    if data.len() > ATTR_MAX_FILE_SIZE {
        return r.report(
            MsgId::GitattributesLarge,
            ".gitattributes too large to parse",
        );
    }
    // git reads the blob as a C string: a NUL ends it
    let text = data.split(|&b| b == 0).next().unwrap_or_default();
    if text
        .split(|&b| b == b'\n')
        .any(|line| line.len() >= ATTR_MAX_LINE_LENGTH)
    {
        return r.report(
            MsgId::GitattributesLineLength,
            ".gitattributes has too long lines to parse",
        );
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

    fn tree_problems(data: &[u8]) -> Vec<String> {
        let mut seen = Vec::new();
        check_tree(data, &Options::strict(), &mut |p| {
            seen.push(p.to_string());
            true
        });
        seen
    }

    fn entry(mode: &str, name: &[u8]) -> Vec<u8> {
        let mut e = format!("{mode} ").into_bytes();
        e.extend_from_slice(name);
        e.push(0);
        e.extend_from_slice(&[0x11; 20]);
        e
    }

    #[test]
    fn dotgit_spellings_that_filesystems_open_as_dotgit() {
        for name in [
            &b".git"[..],
            b".GIT",
            b"git~1",
            b".git ",
            b".git. .",
            b".git:stream",
            b"a\\.git",
            ".g\u{200c}it".as_bytes(),
            "\u{feff}.git".as_bytes(),
            b".git\xff",
        ] {
            assert_eq!(
                tree_problems(&entry("40000", name)),
                ["hasDotgit: contains '.git'"],
                "{:?}",
                name.as_bstr()
            );
        }
        for name in [&b".gitx"[..], b"git~2", b"git", b".gi", b"\xe2\x80"] {
            assert!(
                tree_problems(&entry("40000", name)).is_empty(),
                "{:?}",
                name.as_bstr()
            );
        }
    }

    #[test]
    fn ntfs_short_names_of_dot_files() {
        for name in [
            &b".gitmodules"[..],
            b"GITMOD~1",
            b"gitmod~4 ",
            b"gi7eba~9",
            b".GitModules.",
        ] {
            assert!(is_ntfs_dot(name, NTFS_GITMODULES), "{:?}", name.as_bstr());
        }
        for name in [&b"gitmod~5"[..], b"gi7eba~", b"gi7ebax1", b".gitmodulesx"] {
            assert!(!is_ntfs_dot(name, NTFS_GITMODULES), "{:?}", name.as_bstr());
        }
    }

    #[test]
    fn truncated_tree_reports_the_walkers_complaint_first() {
        let mut seen = Vec::new();
        check_tree(b"100644 a\0abc", &Options::strict(), &mut |p| {
            seen.push((p.cause, p.to_string()));
            true
        });
        assert_eq!(
            seen,
            [(
                Some("too-short tree object"),
                "badTree: cannot be parsed as a tree".to_string()
            )]
        );
    }

    #[test]
    fn commit_checks_stop_at_the_first_failure() {
        let body = b"tree 123\nauthor <a@e> 01 +0000\n";
        let mut seen = Vec::new();
        assert!(check_commit(body, &Options::strict(), &mut |p| {
            seen.push(p.to_string());
            true
        }));
        assert_eq!(seen, ["badTreeSha1: invalid 'tree' line format - bad sha1"]);
    }

    #[test]
    fn hostile_trees_and_commits_never_panic() {
        let mut tree = entry("100644", b"a");
        tree.extend(entry("40000", b".gitmodules"));
        let commit = format!(
            "tree {ID}\nparent {ID}\nauthor A <a@e> 1 +0000\ncommitter C <c@e> 1 +0000\n\nm\n"
        );
        let mut quiet = Options::strict();
        for id in MsgId::ALL {
            let _ = quiet.set(*id, Severity::Ignore);
        }
        for options in [Options::strict(), quiet] {
            for end in 0..=tree.len().max(commit.len()) {
                for junk in [&b""[..], b"\0", b"\n", b" ", b"\\", b"\xf0"] {
                    let mut t = tree[..end.min(tree.len())].to_vec();
                    t.extend_from_slice(junk);
                    check_tree(&t, &options, &mut |_| false);
                    let mut c = commit.as_bytes()[..end.min(commit.len())].to_vec();
                    c.extend_from_slice(junk);
                    check_commit(&c, &options, &mut |_| false);
                }
            }
        }
    }
}
