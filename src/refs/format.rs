//! Listing refs the way `git for-each-ref`, `git branch` and `git tag` do: format strings with
//! `%(atom)` placeholders, sort keys, name patterns, and git's date formats.
//!
//! ```text
//! %(objectname) %(objecttype)\t%(refname)       the default format
//! %(refname:short)  %(refname:lstrip=2)          name styles: short, strip/lstrip/rstrip=N
//! %(objectname:short=8)  %(*objectname)          abbreviated id; `*` = the peeled tag target
//! %(subject) %(body) %(contents)                 the message of a commit or tag
//! %(authorname) %(authoremail) %(authordate)     people: author, committer, tagger, creator
//! %(authordate:iso)                              dates: normal (default), short, iso,
//!                                                iso-strict, rfc, raw, unix
//! %(HEAD) %(symref) %(upstream)                  `*` for the current branch; symref target
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

mod formatter;
pub mod json;

pub use crate::date::DateMode;
pub use crate::wildmatch::wildmatch;
pub use formatter::{points_at, subject_of, Formatter, RefItem};

use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use std::cmp::Ordering;
use std::fmt;

/// `for-each-ref`'s format when none is given.
pub const DEFAULT_FORMAT: &str = "%(objectname) %(objecttype)\t%(refname)";

/// How a ref name is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameStyle {
    /// The full name.
    Full,
    /// The shortest unambiguous name (`:short`).
    Short,
    /// Without `n` leading components (`:lstrip=n`, `:strip=n`).
    Lstrip(isize),
    /// Without `n` trailing components (`:rstrip=n`).
    Rstrip(isize),
}

/// Whose line of a commit or tag a person atom reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `author` (commits).
    Author,
    /// `committer` (commits).
    Committer,
    /// `tagger` (tags).
    Tagger,
    /// The tagger of a tag, the committer of a commit.
    Creator,
}

/// Which part of a person line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonField {
    /// The whole line: `Name <email> seconds tz`.
    Whole,
    /// The name.
    Name,
    /// `<email>`.
    Email,
    /// The date, in a [`DateMode`].
    Date(DateMode),
}

/// Which part of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart {
    /// `%(subject)`: the first paragraph, lines joined with spaces.
    Subject,
    /// `%(body)`: everything after the first paragraph, signature included.
    Body,
    /// `%(contents)`: the whole message.
    Contents,
    /// `%(contents:body)`: the body without the signature.
    ContentsBody,
    /// `%(contents:signature)`: the signature of a signed tag.
    Signature,
}

/// One `%(…)` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtomKind {
    /// `refname`.
    RefName(NameStyle),
    /// `objectname`; `Some(n)` for `:short[=n]` (0: the default abbreviation).
    ObjectName(Option<usize>),
    /// `objecttype`.
    ObjectType,
    /// `objectsize`.
    ObjectSize,
    /// A part of the message.
    Message(MessagePart),
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
    /// `symref`: what a symbolic ref points at.
    Symref(NameStyle),
    /// `upstream`, `push`: always empty (gitstore reads no branch tracking config).
    Upstream,
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
    /// The object a ref points at is missing, and an atom needs its content.
    MissingObject {
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
            K::TakesNoArguments { atom, arg } => {
                write!(f, "%({atom}) does not take arguments: {arg}")
            }
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
        }
    }
}

impl std::error::Error for FormatError {}

type Result<T> = std::result::Result<T, FormatError>;

fn unrecognized(atom: &str, arg: &str) -> FormatError {
    FormatErrorKind::UnrecognizedArgument {
        atom: atom.into(),
        arg: arg.into(),
    }
    .into()
}

fn unknown_field(field: &str) -> FormatError {
    FormatErrorKind::UnknownFieldName {
        field: field.into(),
    }
    .into()
}

fn parse_strip(arg: &str, what: &'static str) -> Result<isize> {
    arg.parse::<isize>()
        .ok()
        .filter(|&n| n != 0 || what == "rstrip" || what == "lstrip")
        .ok_or_else(|| {
            FormatErrorKind::IntegerExpected {
                option: what,
                value: arg.into(),
            }
            .into()
        })
}

fn parse_name_style(atom: &str, arg: Option<&str>) -> Result<NameStyle> {
    Ok(match arg {
        None => NameStyle::Full,
        Some("short") => NameStyle::Short,
        Some(a) => {
            if let Some(n) = a.strip_prefix("lstrip=") {
                NameStyle::Lstrip(parse_strip(n, "lstrip")?)
            } else if let Some(n) = a.strip_prefix("strip=") {
                NameStyle::Lstrip(parse_strip(n, "strip")?)
            } else if let Some(n) = a.strip_prefix("rstrip=") {
                NameStyle::Rstrip(parse_strip(n, "rstrip")?)
            } else {
                return Err(unrecognized(atom, a));
            }
        }
    })
}

impl Atom {
    /// Parses the text between `%(` and `)`.
    pub fn parse(text: &str) -> Result<Atom> {
        let (deref, body) = match text.strip_prefix('*') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if body.is_empty() {
            return Err(FormatErrorKind::MalformedFieldName { field: text.into() }.into());
        }
        // git: `%(atom:)` is `%(atom)`
        let (name, raw_arg) = match body.split_once(':') {
            Some((n, a)) => (n, Some(a)),
            None => (body, None),
        };
        // git: `%(atom:)` is `%(atom)` (but a date atom reads its format as written)
        let arg = raw_arg.filter(|a| !a.is_empty());
        let no_arg = |kind: AtomKind| match arg {
            None => Ok(kind),
            Some(a) => Err(FormatError::from(FormatErrorKind::TakesNoArguments {
                atom: name.into(),
                arg: a.into(),
            })),
        };
        let kind = match name {
            "refname" => AtomKind::RefName(parse_name_style(name, arg)?),
            "symref" => AtomKind::Symref(parse_name_style(name, arg)?),
            "objectname" => match arg {
                None => AtomKind::ObjectName(None),
                Some("short") => AtomKind::ObjectName(Some(0)),
                Some(a) => match a.strip_prefix("short=") {
                    Some(v) => match v.parse::<u32>() {
                        Ok(n) if n > 0 => AtomKind::ObjectName(Some(n as usize)),
                        _ => {
                            return Err(FormatErrorKind::PositiveValueExpected {
                                value: v.into(),
                                field: text.into(),
                            }
                            .into())
                        }
                    },
                    None => return Err(unrecognized("objectname", a)),
                },
            },
            "objecttype" => no_arg(AtomKind::ObjectType)?,
            "objectsize" => no_arg(AtomKind::ObjectSize)?,
            "tag" => no_arg(AtomKind::TagName)?,
            "type" => no_arg(AtomKind::TagType)?,
            "object" => no_arg(AtomKind::TagObject)?,
            "HEAD" => no_arg(AtomKind::Head)?,
            "upstream" | "push" => AtomKind::Upstream,
            "subject" => no_arg(AtomKind::Message(MessagePart::Subject))?,
            "body" => no_arg(AtomKind::Message(MessagePart::Body))?,
            "contents" => AtomKind::Message(match arg {
                None => MessagePart::Contents,
                Some("subject") => MessagePart::Subject,
                Some("body") => MessagePart::ContentsBody,
                Some("signature") => MessagePart::Signature,
                Some(a) => return Err(unrecognized("contents", a)),
            }),
            _ => {
                let (role, field) = [
                    ("author", Role::Author),
                    ("committer", Role::Committer),
                    ("tagger", Role::Tagger),
                    ("creator", Role::Creator),
                ]
                .iter()
                .find_map(|(p, role)| name.strip_prefix(p).map(|f| (*role, f)))
                .ok_or_else(|| unknown_field(text))?;
                let field = match (role, field) {
                    (Role::Creator, "") => PersonField::Whole,
                    (Role::Creator, "date") => PersonField::Date(date_arg(raw_arg)?),
                    (Role::Creator, _) => return Err(unknown_field(text)),
                    (_, "") => PersonField::Whole,
                    (_, "name") => PersonField::Name,
                    (_, "email") => PersonField::Email,
                    (_, "date") => PersonField::Date(date_arg(raw_arg)?),
                    _ => return Err(unknown_field(text)),
                };
                if !matches!(field, PersonField::Date(_)) && arg.is_some() {
                    return Err(unrecognized(name, arg.unwrap_or_default()));
                }
                AtomKind::Person(role, field)
            }
        };
        Ok(Atom { deref, kind })
    }

    /// Whether the atom needs the object's content (not only its id).
    fn needs_object(&self) -> bool {
        !matches!(
            self.kind,
            AtomKind::RefName(_)
                | AtomKind::Head
                | AtomKind::Symref(_)
                | AtomKind::Upstream
                | AtomKind::ObjectName(_)
        ) || self.deref
    }
}

/// The date format of a date atom, as git's `parse_date_format`: none is the default, an empty
/// one is unknown.
fn date_arg(arg: Option<&str>) -> Result<DateMode> {
    let mode = match arg {
        None => DateMode::parse(""),
        Some("") => None,
        Some(a) => DateMode::parse(a),
    };
    mode.ok_or_else(|| {
        FormatErrorKind::UnknownDateFormat {
            format: arg.unwrap_or("").into(),
        }
        .into()
    })
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
