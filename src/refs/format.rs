//! Listing refs the way `git for-each-ref`, `git branch` and `git tag` do: format strings with
//! `%(atom)` placeholders, sort keys, filters, and quoting.
//!
//! ```text
//! %(objectname) %(objecttype)\t%(refname)       the default format
//! %(refname:short)  %(refname:lstrip=2)          name styles: short, strip/lstrip/rstrip=N
//! %(objectname:short=8)  %(*objectname)          abbreviated id; `*` = the peeled tag target
//! %(tree) %(parent) %(numparent) %(raw)          object atoms (`objectsize:disk`, `deltabase`)
//! %(subject) %(body) %(contents:lines=2)         the message of a commit or tag
//! %(trailers:key=Signed-off-by,unfold)           its trailer block
//! %(authorname:mailmap) %(authoremail:trim)      people: author, committer, tagger, creator
//! %(authordate:relative)                         dates: every `--date=` format
//! %(upstream:short) %(push:track)                tracking, from `branch.<name>.*`
//! %(if)%(symref)%(then)…%(else)…%(end)           conditions; %(align:20,right)…%(end)
//! %(color:red) %(describe) %(ahead-behind:main)  colors (with --color), describe, counts
//! %%  %0a                                        a percent sign; a byte in hex
//! ```
//!
//! [`Format::parse`] checks a format once (a [`FormatError`] says what git would refuse); a
//! [`Formatter`] evaluates it for each [`RefItem`], reading each object at most once.
//! [`SortKey`] and [`Formatter::sort`] order the items as `--sort` does (the last key given is
//! the primary one, ties go to the ref name). Dates are [`crate::date`]'s, name patterns
//! [`crate::refs::pattern`]'s.
//!
//! ```no_run
//! use gitstore::refs::format::{Format, Formatter, RefItem, SortKey};
//! let repo = gitstore::Repository::open(".git")?;
//! let format = Format::parse(b"%(refname:short) %(subject)")?;
//! let mut items = RefItem::from_list(repo.refs(), &repo.refs().list(b"refs/heads/")?)?;
//! let mut formatter = repo.ref_formatter()?;
//! formatter.sort(&mut items, &[SortKey::parse("-committerdate")?])?;
//! for item in &items {
//!     let mut line = Vec::new();
//!     formatter.format(&format, item, &mut line)?;
//!     println!("{}", String::from_utf8_lossy(&line));
//! }
//! # Ok::<(), gitstore::Error>(())
//! ```

mod atom;
mod color;
mod describe;
mod filter;
mod formatter;
mod is_base;
pub mod json;
mod message;
mod person;
mod render;
mod sort;
mod track;
pub mod trailers;

pub use crate::wildmatch::wildmatch;
pub use atom::{
    Abbrev, DescribeOptions, EmailOptions, IfCondition, MessagePart, NameStyle, PersonField,
    Position, RemoteRefField, Role, SignatureField,
};
pub use filter::{points_at, RefFilter};
pub use formatter::{FormatWarning, Formatter, RefItem};
pub use message::subject_of;
pub use render::{quote, Quote};

use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use std::cmp::Ordering;
use std::fmt;

/// `for-each-ref`'s format when none is given.
pub const DEFAULT_FORMAT: &str = "%(objectname) %(objecttype)\t%(refname)";

/// One `%(…)` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AtomKind {
    /// `refname`.
    RefName(NameStyle),
    /// `symref`: what a symbolic ref points at.
    Symref(NameStyle),
    /// `objectname`.
    ObjectName(Abbrev),
    /// `objecttype`.
    ObjectType,
    /// `objectsize`, `objectsize:disk`.
    ObjectSize {
        /// The size where it is stored.
        disk: bool,
    },
    /// `deltabase`: the base of an object stored as a delta, else the null id.
    DeltaBase,
    /// `tree` of a commit.
    Tree(Abbrev),
    /// `parent`s of a commit, space-separated.
    Parent(Abbrev),
    /// `numparent`.
    NumParent,
    /// `raw`, `raw:size`: the object's bytes.
    Raw {
        /// Its length instead.
        size: bool,
    },
    /// A part of the message.
    Message(MessagePart),
    /// `trailers`, `contents:trailers`.
    Trailers(trailers::TrailerOptions),
    /// A person atom.
    Person(Role, PersonField),
    /// `tag`: the name recorded in a tag object.
    TagName,
    /// `type`: the kind of object a tag points at.
    TagType,
    /// `object`: the id a tag points at.
    TagObject,
    /// `HEAD`: `*` for the branch HEAD points at, else a space.
    Head,
    /// `flag`: `symref`, `packed`.
    Flag,
    /// `worktreepath`: where the branch is checked out (empty: no worktrees are read).
    WorktreePath,
    /// `upstream…`.
    Upstream(RemoteRefField),
    /// `push…`.
    Push(RemoteRefField),
    /// `describe…`.
    Describe(DescribeOptions),
    /// `ahead-behind:<committish>`.
    AheadBehind(String),
    /// `is-base:<committish>`.
    IsBase(String),
    /// `signature…`: read from the object, never verified.
    Signature(SignatureField),
    /// `color:…`: the escape sequence.
    Color(Vec<u8>),
    /// `align:…`: opens an aligned part.
    Align {
        /// The width.
        width: usize,
        /// Where the text goes.
        position: Position,
    },
    /// `if…`: opens a condition.
    If(IfCondition),
    /// `then`.
    Then,
    /// `else`.
    Else,
    /// `end`: closes `align` or `if`.
    End,
    /// `rest` (refused by for-each-ref).
    Rest,
}

/// An atom, possibly about the peeled object (`%(*objectname)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// `*`: evaluate on the object an annotated tag peels to.
    pub deref: bool,
    /// What it shows.
    pub kind: AtomKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(Vec<u8>),
    Atom(Atom),
}

/// What is wrong with how `%(if)`, `%(then)`, `%(else)`, `%(align)` and `%(end)` nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NestingError {
    /// `%(then)` outside `%(if)`.
    ThenWithoutIf,
    /// A second `%(then)`.
    ThenTwice,
    /// `%(then)` after `%(else)`.
    ThenAfterElse,
    /// `%(else)` outside `%(if)`.
    ElseWithoutIf,
    /// `%(else)` before `%(then)`.
    ElseWithoutThen,
    /// A second `%(else)`.
    ElseTwice,
    /// `%(end)` with nothing open.
    EndWithoutAtom,
    /// `%(if)…%(end)` without `%(then)`.
    IfWithoutThen,
    /// Something left open.
    EndMissing,
}

impl fmt::Display for NestingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use NestingError as N;
        let without = |f: &mut fmt::Formatter<'_>, a, b| {
            write!(f, "format: %({a}) atom used without a %({b}) atom")
        };
        match self {
            N::ThenWithoutIf => without(f, "then", "if"),
            N::ThenTwice => f.write_str("format: %(then) atom used more than once"),
            N::ThenAfterElse => f.write_str("format: %(then) atom used after %(else)"),
            N::ElseWithoutIf => without(f, "else", "if"),
            N::ElseWithoutThen => without(f, "else", "then"),
            N::ElseTwice => f.write_str("format: %(else) atom used more than once"),
            N::EndWithoutAtom => f.write_str("format: %(end) atom used without corresponding atom"),
            N::IfWithoutThen => without(f, "if", "then"),
            N::EndMissing => f.write_str("format: %(end) atom missing"),
        }
    }
}

/// A checked `--format` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    pieces: Vec<Piece>,
}

/// Why a format string, atom or sort key is refused, or an atom cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatErrorKind {
    /// `%(` without its `)`; `rest` is the format from the `%(` on.
    MalformedFormatString {
        /// The rest of the format.
        rest: BString,
    },
    /// `%()` or `%(*)`.
    MalformedFieldName {
        /// The text between the parentheses.
        field: BString,
    },
    /// No such atom.
    UnknownFieldName {
        /// The text between the parentheses.
        field: BString,
    },
    /// An argument to an atom that takes none.
    TakesNoArguments {
        /// The atom's name.
        atom: String,
        /// The argument.
        arg: String,
    },
    /// An argument the atom does not know.
    UnrecognizedArgument {
        /// The atom's name.
        atom: String,
        /// The argument.
        arg: String,
    },
    /// `refname:lstrip=`, `strip=` or `rstrip=` without an integer (or `strip=0`).
    IntegerExpected {
        /// `lstrip`, `strip` or `rstrip`.
        option: &'static str,
        /// The value given.
        value: String,
    },
    /// `objectname:short=` without a positive integer.
    PositiveValueExpected {
        /// The value given.
        value: String,
        /// The text between the parentheses.
        field: String,
    },
    /// A date atom's format is not one of git's.
    UnknownDateFormat {
        /// The format given.
        format: String,
    },
    /// `expected format: %(<usage>)`.
    ExpectedFormat {
        /// What the atom looks like (`color:<color>`).
        usage: &'static str,
    },
    /// A color git does not know.
    UnrecognizedColor {
        /// The color.
        color: String,
    },
    /// `positive value expected <option>=<value>`.
    PositiveValueExpectedFor {
        /// `contents:lines`.
        option: &'static str,
        /// The value given.
        value: String,
    },
    /// `%(align)`'s `position=` or `width=` that does not parse.
    UnrecognizedAlign {
        /// `position` or `width`.
        what: &'static str,
        /// The value given.
        value: String,
    },
    /// `%(align)` without a width.
    PositiveWidthExpected,
    /// `%(trailers:key)` without `=`.
    TrailersKeyExpected,
    /// An option `%(trailers)` does not know.
    UnknownTrailersArgument {
        /// The option.
        arg: String,
    },
    /// A `%(describe:…)` option git refuses (git's words).
    Describe {
        /// What git says.
        message: String,
    },
    /// `format:` without its colon.
    DateFormatMissingColon {
        /// The format given.
        format: String,
    },
    /// `%(if)`, `%(then)`, `%(else)`, `%(align)`, `%(end)` that do not nest.
    Nesting(NestingError),
    /// `%(raw)` with `--shell`, `--python` or `--tcl`.
    RawWithQuote {
        /// The text between the parentheses.
        field: String,
    },
    /// An atom this command refuses (`%(rest)`).
    Rejected {
        /// The text between the parentheses.
        field: String,
    },
    /// The committish of `%(ahead-behind:…)` or `%(is-base:…)` names no commit.
    FailedToFind {
        /// The committish.
        name: String,
    },
    /// The object a ref points at is missing, and an atom needs its content.
    MissingObject {
        /// The object.
        id: ObjectId,
        /// The ref.
        refname: BString,
    },
    /// The object does not parse as its kind.
    ParseFailed {
        /// The object.
        id: ObjectId,
        /// The ref.
        refname: BString,
    },
}

/// A format or sort key git would refuse, or an atom that cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// What is wrong (and the text concerned).
    pub kind: FormatErrorKind,
}

impl From<FormatErrorKind> for FormatError {
    fn from(kind: FormatErrorKind) -> FormatError {
        FormatError { kind }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FormatErrorKind as K;
        match &self.kind {
            K::MalformedFormatString { rest } => write!(f, "malformed format string {rest}"),
            K::MalformedFieldName { field } => write!(f, "malformed field name: {field}"),
            K::UnknownFieldName { field } => write!(f, "unknown field name: {field}"),
            K::TakesNoArguments { atom, .. } => write!(f, "%({atom}) does not take arguments"),
            K::UnrecognizedArgument { atom, arg } => {
                write!(f, "unrecognized %({atom}) argument: {arg}")
            }
            K::IntegerExpected { option, value } => {
                write!(f, "Integer value expected refname:{option}={value}")
            }
            K::PositiveValueExpected { value, field } => {
                write!(f, "positive value expected '{value}' in %({field})")
            }
            K::UnknownDateFormat { format } => write!(f, "unknown date format {format}"),
            K::MissingObject { id, refname } => write!(f, "missing object {id} for {refname}"),
            K::ParseFailed { id, refname } => {
                write!(f, "parse_object_buffer failed on {id} for {refname}")
            }
            K::ExpectedFormat { usage } => write!(f, "expected format: %({usage})"),
            K::UnrecognizedColor { color } => write!(f, "unrecognized color: %(color:{color})"),
            K::PositiveValueExpectedFor { option, value } => {
                write!(f, "positive value expected {option}={value}")
            }
            K::UnrecognizedAlign { what, value } => write!(f, "unrecognized {what}:{value}"),
            K::PositiveWidthExpected => {
                f.write_str("positive width expected with the %(align) atom")
            }
            K::TrailersKeyExpected => f.write_str("expected %(trailers:key=<value>)"),
            K::UnknownTrailersArgument { arg } => write!(f, "unknown %(trailers) argument: {arg}"),
            K::Describe { message } => f.write_str(message),
            K::DateFormatMissingColon { format } => {
                write!(f, "date format missing colon separator: {format}")
            }
            K::Nesting(e) => e.fmt(f),
            K::RawWithQuote { field } => {
                write!(
                    f,
                    "--format={field} cannot be used with --python, --shell, --tcl"
                )
            }
            K::Rejected { field } => write!(f, "this command reject atom %({field})"),
            K::FailedToFind { name } => write!(f, "failed to find '{name}'"),
        }
    }
}

impl std::error::Error for FormatError {}

type Result<T> = std::result::Result<T, FormatError>;

impl Atom {
    /// Parses the text between `%(` and `)`.
    pub fn parse(text: &str) -> Result<Atom> {
        atom::parse(text)
    }
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

impl Format {
    /// Parses a format string; unknown atoms and unterminated `%(` are errors.
    pub fn parse(text: &[u8]) -> Result<Format> {
        let mut pieces = Vec::new();
        let mut lit = Vec::new();
        let mut i = 0;
        while let Some(&b) = text.get(i) {
            if b != b'%' {
                lit.push(b);
                i += 1;
                continue;
            }
            match text.get(i + 1) {
                Some(b'%') => {
                    lit.push(b'%');
                    i += 2;
                }
                Some(b'(') => {
                    let rest = &text[i + 2..];
                    let end = rest.find_byte(b')').ok_or_else(|| {
                        FormatError::from(FormatErrorKind::MalformedFormatString {
                            rest: text[i..].into(),
                        })
                    })?;
                    let inner = rest[..end].to_str().map_err(|_| {
                        FormatError::from(FormatErrorKind::UnknownFieldName {
                            field: rest[..end].into(),
                        })
                    })?;
                    if !lit.is_empty() {
                        pieces.push(Piece::Literal(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Atom(Atom::parse(inner)?));
                    i += 2 + end + 1;
                }
                _ => match (
                    text.get(i + 1).copied().and_then(hex_val),
                    text.get(i + 2).copied().and_then(hex_val),
                ) {
                    (Some(h), Some(l)) => {
                        lit.push(h << 4 | l);
                        i += 3;
                    }
                    _ => {
                        lit.push(b'%');
                        i += 1;
                    }
                },
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Literal(lit));
        }
        Ok(Format { pieces })
    }

    /// git's checks of a format that depend on the command: `%(rest)` is refused, and `%(raw)`
    /// cannot be quoted for shells, Python or Tcl.
    pub fn check(&self, quote: Quote) -> Result<()> {
        for atom in self.atoms() {
            let field = |name: &str| format!("{}{name}", if atom.deref { "*" } else { "" });
            match atom.kind {
                AtomKind::Rest => {
                    return Err(FormatErrorKind::Rejected {
                        field: field("rest"),
                    }
                    .into())
                }
                AtomKind::Raw { size: false }
                    if matches!(quote, Quote::Shell | Quote::Python | Quote::Tcl) =>
                {
                    return Err(FormatErrorKind::RawWithQuote {
                        field: field("raw"),
                    }
                    .into())
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether each line ends with a color reset (git's `need_color_reset_at_eol`): the last
    /// `%(color:…)` is not `reset`.
    pub fn ends_colored(&self) -> bool {
        self.atoms()
            .filter_map(|a| match &a.kind {
                AtomKind::Color(seq) => Some(seq.as_slice() != b"\x1b[m"),
                _ => None,
            })
            .last()
            .unwrap_or(false)
    }

    /// The committishes `%(ahead-behind:…)` and `%(is-base:…)` name, for the caller to resolve
    /// ([`Formatter::set_base`]).
    pub fn committishes(&self) -> Vec<&str> {
        self.atoms()
            .filter_map(|a| match &a.kind {
                AtomKind::AheadBehind(c) | AtomKind::IsBase(c) => Some(c.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The atoms, in order.
    pub fn atoms(&self) -> impl Iterator<Item = &Atom> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Atom(a) => Some(a),
            Piece::Literal(_) => None,
        })
    }
}

/// A `--sort` key: an atom, `-` for descending, `version:`/`v:` for version order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// What is compared.
    pub atom: Atom,
    /// Descending.
    pub reverse: bool,
    /// Compare as versions (`v1.10` after `v1.9`).
    pub version: bool,
}

impl SortKey {
    /// Parses `[-][version:|v:]atom`.
    pub fn parse(text: &str) -> Result<SortKey> {
        let (reverse, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (version, rest) = match rest
            .strip_prefix("version:")
            .or_else(|| rest.strip_prefix("v:"))
        {
            Some(r) => (true, r),
            None => (false, rest),
        };
        Ok(SortKey {
            atom: Atom::parse(rest)?,
            reverse,
            version,
        })
    }
}

/// git's `versioncmp` without `versionsort.suffix`: runs of digits compare as numbers.
pub fn version_cmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let x = a[si..i].trim_start_with(|c| c == '0');
            let y = b[sj..j].trim_start_with(|c| c == '0');
            let c = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
            if c != Ordering::Equal {
                return c;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_escapes_and_refuse_unknown_atoms() {
        let f = Format::parse(b"%(refname)%00%%%41").unwrap();
        assert_eq!(f.atoms().count(), 1);
        assert!(Format::parse(b"%(bogus)").is_err());
        assert!(Format::parse(b"%(refname").is_err());
    }

    #[test]
    fn format_errors_are_typed() {
        let kind = |f: &[u8]| Format::parse(f).unwrap_err().kind;
        assert_eq!(
            kind(b"x %(refname"),
            FormatErrorKind::MalformedFormatString {
                rest: "%(refname".into()
            }
        );
        assert_eq!(
            kind(b"%(bogus)"),
            FormatErrorKind::UnknownFieldName {
                field: "bogus".into()
            }
        );
        assert_eq!(
            kind(b"%(refname:lstrip=x)"),
            FormatErrorKind::IntegerExpected {
                option: "lstrip",
                value: "x".into()
            }
        );
        assert_eq!(
            kind(b"%(authordate:someday)"),
            FormatErrorKind::UnknownDateFormat {
                format: "someday".into()
            }
        );
    }

    #[test]
    fn version_order_compares_numbers() {
        assert_eq!(version_cmp(b"v1.9", b"v1.10"), Ordering::Less);
        assert_eq!(version_cmp(b"v2", b"v10"), Ordering::Less);
        assert_eq!(version_cmp(b"a", b"a"), Ordering::Equal);
    }
}
