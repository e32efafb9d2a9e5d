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
//! The checks themselves are in `tree.rs`, `commit.rs` (commits and tags) and `blob.rs`; this
//! file holds the message ids, their severities and the options that change them.

//! and, for commits and tags, the header part (up to the first blank line) holds no NUL and
//! ends with a newline.

use crate::config::Config;
use crate::error::Result;
use crate::object::Kind;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

mod blob;
mod commit;
mod tree;
pub use blob::*;
pub use commit::*;
pub use tree::*;

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
pub(super) fn at(data: &[u8], i: usize) -> u8 {
    data.get(i).copied().unwrap_or(0)
}

/// Whether `data` starts with `prefix` at `pos`.
pub(super) fn has_prefix(data: &[u8], pos: usize, prefix: &[u8]) -> bool {
    data.get(pos..).is_some_and(|rest| rest.starts_with(prefix))
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
