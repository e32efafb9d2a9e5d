//! What revision resolution reports, as data: [`RevisionError`] (why an expression names no
//! object) and [`Diagnostic`] (what git says on the way without failing).
//!
//! Neither carries git's wording. The command line makes `fatal: path 'x' does not exist in
//! 'HEAD'`, `warning: refname 'main' is ambiguous.` and the hints from these values; a program
//! matches on [`RevisionErrorKind`].

use crate::object::Kind;
use crate::oid::{ObjectId, Prefix};
use crate::refs::tracking::TrackingError;
use crate::refs::RefName;
use bstr::BString;
use std::fmt;
use std::path::PathBuf;

/// A revision expression that names no object, and precisely why.
///
/// ```
/// use gitstore::revision::{self, RevisionErrorKind, SyntaxProblem};
/// use gitstore::{Kind, Repository};
///
/// let dir = tempfile::tempdir()?;
/// let (repo, _) = Repository::init(dir.path(), &Default::default())?;
/// let blob = repo.odb().write(Kind::Blob, b"hello\n")?;
///
/// let Err(gitstore::Error::Revision(e)) = revision::resolve(&repo, &format!("{blob}^{{tree}}"))
/// else {
///     panic!("a blob is no tree");
/// };
/// assert_eq!(
///     e.kind(),
///     &RevisionErrorKind::CannotPeel { id: blob, actual: Kind::Blob, wanted: Kind::Tree }
/// );
/// assert!(!e.is_fatal());
///
/// let Err(gitstore::Error::Revision(e)) = revision::resolve(&repo, "HEAD^{tree") else {
///     panic!("does not parse");
/// };
/// assert_eq!(
///     e.kind(),
///     &RevisionErrorKind::Syntax { offset: 4, problem: SyntaxProblem::UnclosedBrace }
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionError {
    spec: BString,
    kind: RevisionErrorKind,
    fatal: bool,
}

impl RevisionError {
    /// An error about `spec` (the expression as given). `fatal`: see
    /// [`RevisionError::is_fatal`].
    pub fn new(spec: impl Into<BString>, kind: RevisionErrorKind, fatal: bool) -> Self {
        RevisionError {
            spec: spec.into(),
            kind,
            fatal,
        }
    }

    /// The expression as given.
    pub fn spec(&self) -> &BString {
        &self.spec
    }

    /// Why it names no object.
    pub fn kind(&self) -> &RevisionErrorKind {
        &self.kind
    }

    /// The reason, taking the error apart.
    pub fn into_kind(self) -> RevisionErrorKind {
        self.kind
    }

    /// Whether resolution stopped on something git dies of (a reflog without that entry, a
    /// relative path outside the work tree, and every reason
    /// [`super::Resolver::lookup_only_to_die`] finds), rather than on a name that merely names
    /// nothing, which git goes on to try as a path.
    pub fn is_fatal(&self) -> bool {
        self.fatal
    }
}

impl fmt::Display for RevisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.spec, self.kind)
    }
}

impl std::error::Error for RevisionError {}

/// Why a revision expression names no object. Names and paths are as written in the expression;
/// ids are those resolution reached.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevisionErrorKind {
    /// No ref, object id or `describe` output by this name.
    UnknownName {
        /// The name.
        name: BString,
    },
    /// An abbreviated id that matches several objects (and not exactly one of the kind the
    /// lookup preferred).
    AmbiguousPrefix {
        /// The abbreviation.
        prefix: Prefix,
        /// Every object it matches, sorted by id.
        candidates: Vec<Candidate>,
    },
    /// The expression does not parse.
    Syntax {
        /// Byte offset in the expression where the problem starts.
        offset: usize,
        /// What is wrong there.
        problem: SyntaxProblem,
    },
    /// An object on the way is not in the repository.
    MissingObject {
        /// The object.
        id: ObjectId,
    },
    /// A chain of tags longer than resolution follows.
    TagChainTooLong {
        /// Where the chain starts.
        id: ObjectId,
        /// How many tags are followed at most.
        limit: usize,
    },
    /// `^{type}`, `^n`, `~n` or `:path` applied to an object that does not peel to the kind they
    /// need (`v1^{blob}` for a tag of a commit).
    CannotPeel {
        /// The object the operator applies to.
        id: ObjectId,
        /// The kind peeling ended at.
        actual: Kind,
        /// The kind wanted.
        wanted: Kind,
    },
    /// `~n` went past a root commit.
    PastRoot {
        /// The root commit reached.
        root: ObjectId,
        /// The steps left to take from it.
        remaining: u32,
    },
    /// `^n` of a commit with fewer than `n` parents.
    NoSuchParent {
        /// The commit.
        commit: ObjectId,
        /// The parent asked for (1-based).
        n: u32,
        /// How many parents it has.
        parents: usize,
    },
    /// `^{/text}` or `:/text`: no reachable commit's message matches.
    NoMatchingCommit {
        /// The pattern (after `!-` or `!!`).
        pattern: BString,
    },
    /// `^{/text}` or `:/text`: a pattern gitstore cannot read (see
    /// [`super::pattern::Pattern`]), or a `!` prefix git reserves.
    BadPattern {
        /// The pattern as written.
        pattern: BString,
    },
    /// `<rev>:<path>`: no such path in `rev`'s tree.
    PathNotInTree {
        /// The revision as written.
        rev: BString,
        /// What it names.
        treeish: ObjectId,
        /// The path, from the top of the tree.
        path: BString,
    },
    /// `<rev>:<path>` looked up to die: the path is in the work tree but not in `rev`'s tree.
    PathOnlyOnDisk {
        /// The revision as written.
        rev: BString,
        /// The path, from the top of the tree.
        path: BString,
    },
    /// `<rev>:<path>` looked up to die from a subdirectory: the path is not in `rev`'s tree from
    /// the top, but is from the current directory (`HEAD:x` in `d/` where `d/x` exists).
    PathBelowPrefix {
        /// The revision as written.
        rev: BString,
        /// The path as written.
        path: BString,
        /// The path that exists, from the top (`d/x`).
        full: BString,
    },
    /// `<rev>:<path>` looked up to die: `rev` names no object.
    InvalidTreeish {
        /// The revision as written.
        rev: BString,
    },
    /// `<rev>:./<path>` or `<rev>:../<path>` outside the work tree.
    RelativePathOutsideWorkTree {
        /// The path as written.
        path: BString,
    },
    /// `<rev>:../<path>` that climbs above the top of the work tree.
    PathOutsideRepository {
        /// The path as written.
        path: BString,
        /// The top of the work tree.
        top: PathBuf,
    },
    /// `<ref>@{n}`: the reflog has fewer than `n` entries.
    ReflogEntryMissing {
        /// The ref as written (the current branch's short name for `@{n}`).
        name: BString,
        /// How many entries it has.
        entries: usize,
    },
    /// `<ref>@{n}`: the reflog has no entries.
    ReflogEmpty {
        /// The ref whose reflog it is.
        refname: RefName,
    },
    /// `<ref>@{…}`: no ref by this name has a reflog.
    NoReflog {
        /// The ref as written.
        name: BString,
    },
    /// `@{-n}`: fewer than `n` checkouts in `HEAD`'s reflog.
    NoPriorCheckout {
        /// How far back.
        n: usize,
    },
    /// `<branch>@{upstream}` or `<branch>@{push}` for a branch that has none (git dies of it).
    Tracking {
        /// Why there is none.
        error: TrackingError,
    },
    /// A form of gitrevisions that gitstore does not resolve yet.
    Unsupported {
        /// Which form.
        form: UnsupportedForm,
    },
    /// More suffix operators than [`Limits::max_revision_operators`](crate::Limits).
    TooManyOperators {
        /// The limit.
        limit: usize,
    },
}

/// One object an ambiguous abbreviation matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Its id.
    pub id: ObjectId,
    /// Its kind; `None` when its header cannot be read.
    pub kind: Option<Kind>,
}

/// What is wrong in an expression that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyntaxProblem {
    /// `^{` or `@{` without the `}` that closes it.
    UnclosedBrace,
    /// `^{word}` where the word is none of `commit`, `tree`, `blob`, `tag`, `object`, empty, or
    /// `/text`.
    UnknownPeelType,
    /// `~` or `^` not followed by a number, nor ending the expression.
    BadOperator,
    /// The number after `~` or `^` is larger than git accepts (2³¹ - 1).
    NumberTooLarge,
}

/// A form of gitrevisions that gitstore does not resolve yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnsupportedForm {
    /// `:<path>` and `:<n>:<path>`, which name entries of the index.
    IndexPath,
    /// `@{upstream}`, `@{u}`, `@{push}`; no longer reported: they are read from the remote
    /// configuration ([`crate::refs::tracking`]).
    UpstreamOrPush,
    /// `<ref>@{<date>}` with a date other than a raw timestamp (`main@{yesterday}`); no longer
    /// reported: dates are read as git's approxidate reads them.
    ReflogDate,
}

impl fmt::Display for RevisionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RevisionErrorKind as K;
        match self {
            K::UnknownName { name } => write!(f, "unknown revision '{name}'"),
            K::AmbiguousPrefix { prefix, candidates } => write!(
                f,
                "short object id {prefix} is ambiguous ({} candidates)",
                candidates.len()
            ),
            K::Syntax { offset, problem } => write!(f, "{problem} at byte {offset}"),
            K::MissingObject { id } => write!(f, "object {id} is missing"),
            K::TagChainTooLong { id, limit } => {
                write!(f, "tag {id} starts a chain of more than {limit} tags")
            }
            K::CannotPeel { id, actual, wanted } => {
                write!(f, "{id} peels to a {actual}, not a {wanted}")
            }
            K::PastRoot { root, remaining } => {
                write!(f, "{root} is a root commit, {remaining} generations short")
            }
            K::NoSuchParent { commit, n, parents } => {
                write!(f, "commit {commit} has {parents} parents, no parent {n}")
            }
            K::NoMatchingCommit { pattern } => write!(f, "no commit message matches '{pattern}'"),
            K::BadPattern { pattern } => write!(f, "unsupported pattern '{pattern}'"),
            K::PathNotInTree { rev, path, .. } => {
                write!(f, "path '{path}' does not exist in '{rev}'")
            }
            K::PathOnlyOnDisk { rev, path } => {
                write!(f, "path '{path}' exists on disk, but not in '{rev}'")
            }
            K::PathBelowPrefix { path, full, .. } => {
                write!(f, "path '{full}' exists, but not '{path}'")
            }
            K::InvalidTreeish { rev } => write!(f, "invalid object name '{rev}'"),
            K::RelativePathOutsideWorkTree { path } => {
                write!(f, "relative path '{path}' outside a work tree")
            }
            K::PathOutsideRepository { path, top } => {
                write!(f, "'{path}' is outside repository at '{}'", top.display())
            }
            K::ReflogEntryMissing { name, entries } => {
                write!(f, "log for '{name}' only has {entries} entries")
            }
            K::ReflogEmpty { refname } => write!(f, "log for {refname} is empty"),
            K::NoReflog { name } => write!(f, "no reflog for '{name}'"),
            K::NoPriorCheckout { n } => write!(f, "fewer than {n} earlier checkouts"),
            K::Tracking { error } => write!(f, "{error}"),
            K::Unsupported { form } => write!(f, "{form} not supported"),
            K::TooManyOperators { limit } => write!(f, "more than {limit} operators"),
        }
    }
}

impl fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SyntaxProblem::UnclosedBrace => "unclosed brace",
            SyntaxProblem::UnknownPeelType => "unknown type to peel to",
            SyntaxProblem::BadOperator => "operator without a number",
            SyntaxProblem::NumberTooLarge => "number too large",
        })
    }
}

impl fmt::Display for UnsupportedForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsupportedForm::IndexPath => "index paths (:<path>)",
            UnsupportedForm::UpstreamOrPush => "@{upstream} and @{push}",
            UnsupportedForm::ReflogDate => "reflog dates",
        })
    }
}

/// Something git says on stderr while resolving a name, without failing because of it (or,
/// for [`Diagnostic::AmbiguousPrefix`], before failing). Data only: the command line words it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Diagnostic {
    /// Several dwim rules match the name, or it is a ref and also an abbreviated object id.
    AmbiguousRefname {
        /// The name as given.
        name: BString,
    },
    /// A 40-hex name that is also a ref: the id wins.
    RefnameLooksLikeId {
        /// The name as given.
        name: BString,
    },
    /// An abbreviation matches several objects.
    AmbiguousPrefix {
        /// The abbreviation.
        prefix: Prefix,
        /// Every object it matches, sorted.
        candidates: Vec<ObjectId>,
    },
    /// `^{type}` applied to an object that peels to another kind.
    PeelMismatch {
        /// The expression (up to and including the `^{type}`).
        spec: BString,
        /// The type asked for.
        expected: Kind,
        /// The type peeling ended at.
        actual: Kind,
    },
    /// A symbolic ref matched by a dwim rule points at nothing: it is ignored.
    DanglingSymref {
        /// The full name of the symbolic ref.
        name: BString,
    },
    /// A ref matched by a dwim rule cannot be read: it is ignored.
    BrokenRef {
        /// The full ref name.
        name: BString,
    },
    /// A reflog asked for a time before its oldest entry: the oldest value is used.
    ReflogTooShort {
        /// The ref as given.
        name: BString,
        /// The time of the oldest entry (seconds since the epoch).
        oldest: i64,
        /// Its zone as git reads it (`+0100` is 100).
        tz: i32,
    },
}
