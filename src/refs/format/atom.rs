//! The text between `%(` and `)` parsed into an [`Atom`], with git's refusals (ref-filter's
//! `valid_atom` table and its per-atom parsers). Atoms git has no parser for ignore their
//! arguments (`%(tag:x)` is `%(tag)`); `%(atom:)` is `%(atom)`.

use super::{Atom, AtomKind, FormatError, FormatErrorKind, Result};
use crate::date::{DateFormat, DateFormatError};
use crate::refs::format::trailers::TrailerOptions;

/// How an object id is shown (`:short`, `:short=N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbrev {
    /// The full id.
    Full,
    /// `:short`: `core.abbrev`'s length.
    Default,
    /// `:short=N` (at least 4).
    Len(usize),
}

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

/// `%(authoremail:…)` options, combinable with commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmailOptions {
    /// `trim`: without the angle brackets.
    pub trim: bool,
    /// `localpart`: the part before `@`, without the brackets.
    pub localpart: bool,
    /// `mailmap`: as `.mailmap` maps it.
    pub mailmap: bool,
}

/// Which part of a person line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonField {
    /// The whole line: `Name <email> seconds tz`.
    Whole,
    /// `author:…`, `committer:…`, `tagger:…` with any argument: git shows nothing.
    Ignored,
    /// The name; `true` for `:mailmap`.
    Name(bool),
    /// `<email>`.
    Email(EmailOptions),
    /// The date; `None` without a format (sorted as a number, not as text).
    Date(Option<DateFormat>),
}

/// Which part of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart {
    /// `%(subject)`: the first paragraph, lines joined with spaces.
    Subject,
    /// `%(subject:sanitize)`: the subject as a file name (`format-patch`).
    SubjectSanitized,
    /// `%(body)`: everything after the first paragraph, signature included.
    Body,
    /// `%(contents)`: the whole message.
    Contents,
    /// `%(contents:body)`: the body without the signature.
    ContentsBody,
    /// `%(contents:signature)`: the signature of a signed tag.
    Signature,
    /// `%(contents:size)`: the length of the message.
    Size,
    /// `%(contents:lines=N)`: the first N lines, without the signature.
    Lines(usize),
}

/// What `%(upstream…)` and `%(push…)` show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteRefField {
    /// The name of the ref, in a [`NameStyle`].
    Name(NameStyle),
    /// `:track`: `[ahead N, behind M]`, `[gone]`; without brackets with `nobracket`.
    Track {
        /// `nobracket`.
        nobracket: bool,
    },
    /// `:trackshort`: `>`, `<`, `<>` or `=`.
    TrackShort,
    /// `:remotename`: the remote configured for the branch.
    RemoteName,
    /// `:remoteref`: the ref on the remote.
    RemoteRef,
}

/// `%(align:…)`'s position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Padded on the right (the default).
    Left,
    /// Padded on both sides.
    Middle,
    /// Padded on the left.
    Right,
}

/// `%(if…)`'s test of what its condition part expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfCondition {
    /// Not empty nor only white space.
    NotEmpty,
    /// `equals=`.
    Equals(Vec<u8>),
    /// `notequals=`.
    NotEquals(Vec<u8>),
}

/// `%(signature:…)`'s field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureField {
    /// The verification output.
    Bare,
    /// `signer`.
    Signer,
    /// `grade`.
    Grade,
    /// `key`.
    Key,
    /// `fingerprint`.
    Fingerprint,
    /// `primarykeyfingerprint`.
    PrimaryKeyFingerprint,
    /// `trustlevel`.
    TrustLevel,
}

/// `%(describe:…)`'s options, as `git describe` takes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DescribeOptions {
    /// `tags[=bool]`.
    pub tags: Option<bool>,
    /// `abbrev=N`.
    pub abbrev: Option<usize>,
    /// `match=pattern` (repeatable).
    pub matches: Vec<Vec<u8>>,
    /// `exclude=pattern` (repeatable).
    pub excludes: Vec<Vec<u8>>,
}

fn err(kind: FormatErrorKind) -> FormatError {
    kind.into()
}

fn bad_arg(atom: &str, arg: &str) -> FormatError {
    err(FormatErrorKind::UnrecognizedArgument {
        atom: atom.into(),
        arg: arg.into(),
    })
}

fn no_arg(atom: &str, arg: Option<&str>) -> Result<()> {
    match arg {
        None => Ok(()),
        Some(a) => Err(err(FormatErrorKind::TakesNoArguments {
            atom: atom.into(),
            arg: a.into(),
        })),
    }
}

/// git's `strtol_i`: a whole decimal `int`.
fn parse_int(s: &str) -> Option<isize> {
    s.parse::<i32>().ok().map(|n| n as isize)
}

/// git's `strtoul_ui`: digits only (no sign), fitting an `unsigned int`.
fn parse_uint(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().map(|n| n as usize)
}

fn name_style(atom: &str, arg: Option<&str>) -> Result<NameStyle> {
    let Some(arg) = arg else {
        return Ok(NameStyle::Full);
    };
    if arg == "short" {
        return Ok(NameStyle::Short);
    }
    let expected = |option: &'static str, value: &str| {
        err(FormatErrorKind::IntegerExpected {
            option,
            value: value.into(),
        })
    };
    if let Some(n) = arg
        .strip_prefix("lstrip=")
        .or_else(|| arg.strip_prefix("strip="))
    {
        return parse_int(n)
            .map(NameStyle::Lstrip)
            .ok_or_else(|| expected("lstrip", n));
    }
    if let Some(n) = arg.strip_prefix("rstrip=") {
        return parse_int(n)
            .map(NameStyle::Rstrip)
            .ok_or_else(|| expected("rstrip", n));
    }
    Err(bad_arg(atom, arg))
}

fn abbrev(name: &str, text: &str, arg: Option<&str>) -> Result<Abbrev> {
    match arg {
        None => Ok(Abbrev::Full),
        Some("short") => Ok(Abbrev::Default),
        Some(a) => match a.strip_prefix("short=") {
            Some(v) => match parse_uint(v) {
                Some(n) if n > 0 => Ok(Abbrev::Len(n.max(4))),
                _ => Err(err(FormatErrorKind::PositiveValueExpected {
                    value: v.into(),
                    field: text.into(),
                })),
            },
            None => Err(bad_arg(name, a)),
        },
    }
}

fn remote_ref(name: &str, arg: Option<&str>) -> Result<RemoteRefField> {
    let Some(arg) = arg else {
        return Ok(RemoteRefField::Name(NameStyle::Full));
    };
    let mut field = RemoteRefField::Name(NameStyle::Full);
    let mut nobracket = false;
    for s in arg.split(',') {
        field = match s {
            "track" => RemoteRefField::Track { nobracket: false },
            "trackshort" => RemoteRefField::TrackShort,
            "nobracket" => {
                nobracket = true;
                continue;
            }
            "remotename" => RemoteRefField::RemoteName,
            "remoteref" => RemoteRefField::RemoteRef,
            // git hands the whole argument to the refname parser
            _ => RemoteRefField::Name(name_style(name, Some(arg))?),
        };
    }
    if let RemoteRefField::Track { .. } = field {
        field = RemoteRefField::Track { nobracket };
    }
    Ok(field)
}

fn email_options(name: &str, arg: Option<&str>) -> Result<EmailOptions> {
    let mut opts = EmailOptions::default();
    let Some(mut rest) = arg else {
        return Ok(opts);
    };
    loop {
        let bad = rest;
        if let Some(r) = rest.strip_prefix("trim") {
            opts.trim = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("localpart") {
            opts.localpart = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("mailmap") {
            opts.mailmap = true;
            rest = r;
        } else {
            return Err(bad_arg(name, bad));
        }
        if rest.is_empty() {
            return Ok(opts);
        }
        match rest.strip_prefix(',') {
            Some(r) => rest = r,
            None => return Err(bad_arg(name, bad)),
        }
    }
}

fn date_format(arg: Option<&str>) -> Result<Option<DateFormat>> {
    let Some(a) = arg else {
        return Ok(None);
    };
    DateFormat::parse(a).map(Some).map_err(|e| {
        err(match e {
            DateFormatError::MissingColon(f) => {
                FormatErrorKind::DateFormatMissingColon { format: f }
            }
            _ => FormatErrorKind::UnknownDateFormat { format: a.into() },
        })
    })
}

fn person(
    name: &str,
    full: &str,
    text: &str,
    arg: Option<&str>,
    raw_arg: Option<&str>,
) -> Result<AtomKind> {
    let (role, field) = [
        ("author", Role::Author),
        ("committer", Role::Committer),
        ("tagger", Role::Tagger),
        ("creator", Role::Creator),
    ]
    .iter()
    .find_map(|(p, role)| name.strip_prefix(p).map(|f| (*role, f)))
    .ok_or_else(|| unknown(text))?;
    let field = match (role, field) {
        (Role::Creator, "") => PersonField::Whole,
        (_, "") if raw_arg.is_some() => PersonField::Ignored,
        (_, "") => PersonField::Whole,
        (_, "date") => PersonField::Date(date_format(raw_arg)?),
        (Role::Creator, _) => return Err(unknown(text)),
        (_, "name") => PersonField::Name(match arg {
            None => false,
            Some("mailmap") => true,
            Some(a) => return Err(bad_arg(full, a)),
        }),
        (_, "email") => PersonField::Email(email_options(full, arg)?),
        _ => return Err(unknown(text)),
    };
    Ok(AtomKind::Person(role, field))
}

fn unknown(text: &str) -> FormatError {
    err(FormatErrorKind::UnknownFieldName { field: text.into() })
}

fn align(arg: Option<&str>) -> Result<AtomKind> {
    let Some(arg) = arg else {
        return Err(err(FormatErrorKind::ExpectedFormat {
            usage: "align:<width>,<position>",
        }));
    };
    let position_of = |s: &str| match s {
        "left" => Some(Position::Left),
        "middle" => Some(Position::Middle),
        "right" => Some(Position::Right),
        _ => None,
    };
    let mut position = Position::Left;
    let mut width = None;
    for s in arg.split(',') {
        if let Some(p) = s.strip_prefix("position=") {
            position = position_of(p).ok_or_else(|| {
                err(FormatErrorKind::UnrecognizedAlign {
                    what: "position",
                    value: p.into(),
                })
            })?;
        } else if let Some(w) = s.strip_prefix("width=") {
            width = Some(parse_uint(w).ok_or_else(|| {
                err(FormatErrorKind::UnrecognizedAlign {
                    what: "width",
                    value: w.into(),
                })
            })?);
        } else if let Some(w) = parse_uint(s) {
            width = Some(w);
        } else if let Some(p) = position_of(s) {
            position = p;
        } else {
            return Err(bad_arg("align", s));
        }
    }
    match width {
        Some(width) if width != u32::MAX as usize => Ok(AtomKind::Align { width, position }),
        _ => Err(err(FormatErrorKind::PositiveWidthExpected)),
    }
}

/// ref-filter's `match_atom_arg_value`: `candidate[=value]` at the start of `arg`, then the
/// rest after a comma.
fn arg_value<'a>(arg: &'a str, candidate: &str) -> Option<(Option<&'a str>, &'a str)> {
    let rest = arg.strip_prefix(candidate)?;
    if let Some(v) = rest.strip_prefix('=') {
        let end = v.find(',').unwrap_or(v.len());
        let after = &v[end..];
        return Some((Some(&v[..end]), after.strip_prefix(',').unwrap_or(after)));
    }
    if rest.is_empty() {
        return Some((None, rest));
    }
    rest.strip_prefix(',').map(|r| (None, r))
}

/// git's `git_parse_maybe_bool`.
pub(crate) fn maybe_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "off" | "0" => Some(false),
        "true" | "yes" | "on" | "1" => Some(true),
        _ => None,
    }
}

fn describe(arg: Option<&str>) -> Result<DescribeOptions> {
    let mut opts = DescribeOptions::default();
    let mut rest = arg.unwrap_or("");
    let msg = |message: String| err(FormatErrorKind::Describe { message });
    while !rest.is_empty() {
        let bad = rest;
        if let Some((v, r)) = arg_value(rest, "tags") {
            match v.map_or(Some(true), maybe_bool) {
                Some(b) => opts.tags = Some(b),
                None => return Err(bad_arg("describe", bad)),
            }
            rest = r;
        } else if let Some((v, r)) = arg_value(rest, "abbrev") {
            let v = v.unwrap_or("");
            if v.is_empty() {
                return Err(msg("argument expected for describe:abbrev".into()));
            }
            let digits = v.trim_start_matches('-');
            let len =
                v.len() - digits.len() + digits.bytes().take_while(u8::is_ascii_digit).count();
            if v.starts_with('-') && len > 1 {
                return Err(msg(format!("positive value expected describe:abbrev={v}")));
            }
            if len != v.len() {
                return Err(msg(format!("cannot fully parse describe:abbrev={v}")));
            }
            opts.abbrev = Some(v.parse::<usize>().unwrap_or(usize::MAX));
            rest = r;
        } else if let Some((v, r)) = arg_value(rest, "match") {
            match v.filter(|v| !v.is_empty()) {
                Some(v) => opts.matches.push(v.as_bytes().to_vec()),
                None => return Err(msg("value expected describe:match=".into())),
            }
            rest = r;
        } else if let Some((v, r)) = arg_value(rest, "exclude") {
            match v.filter(|v| !v.is_empty()) {
                Some(v) => opts.excludes.push(v.as_bytes().to_vec()),
                None => return Err(msg("value expected describe:exclude=".into())),
            }
            rest = r;
        } else {
            return Err(bad_arg("describe", bad));
        }
    }
    Ok(opts)
}

/// Parses the text between `%(` and `)`.
pub(super) fn parse(text: &str) -> Result<Atom> {
    let (deref, body) = match text.strip_prefix('*') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if body.is_empty() {
        return Err(err(FormatErrorKind::MalformedFieldName {
            field: text.into(),
        }));
    }
    let (name, raw_arg) = match body.split_once(':') {
        Some((n, a)) => (n, Some(a)),
        None => (body, None),
    };
    let arg = raw_arg.filter(|a| !a.is_empty());
    // git names the atom with its `*` in some complaints
    let full = &text[..text.find(':').unwrap_or(text.len())];
    let kind = match name {
        "refname" => AtomKind::RefName(name_style(full, arg)?),
        "symref" => AtomKind::Symref(name_style(full, arg)?),
        "objectname" => AtomKind::ObjectName(abbrev(full, text, arg)?),
        "tree" => AtomKind::Tree(abbrev(full, text, arg)?),
        "parent" => AtomKind::Parent(abbrev(full, text, arg)?),
        "numparent" => AtomKind::NumParent,
        "objecttype" => {
            no_arg("objecttype", arg)?;
            AtomKind::ObjectType
        }
        "objectsize" => match arg {
            None => AtomKind::ObjectSize { disk: false },
            Some("disk") => AtomKind::ObjectSize { disk: true },
            Some(a) => return Err(bad_arg("objectsize", a)),
        },
        "deltabase" => {
            no_arg("deltabase", arg)?;
            AtomKind::DeltaBase
        }
        "raw" => match arg {
            None => AtomKind::Raw { size: false },
            Some("size") => AtomKind::Raw { size: true },
            Some(a) => return Err(bad_arg("raw", a)),
        },
        "tag" => AtomKind::TagName,
        "type" => AtomKind::TagType,
        "object" => AtomKind::TagObject,
        "HEAD" => {
            no_arg("HEAD", arg)?;
            AtomKind::Head
        }
        "flag" => AtomKind::Flag,
        "worktreepath" => AtomKind::WorktreePath,
        "upstream" => AtomKind::Upstream(remote_ref(full, arg)?),
        "push" => AtomKind::Push(remote_ref(full, arg)?),
        "subject" => AtomKind::Message(match arg {
            None => MessagePart::Subject,
            Some("sanitize") => MessagePart::SubjectSanitized,
            Some(a) => return Err(bad_arg("subject", a)),
        }),
        "body" => {
            no_arg("body", arg)?;
            AtomKind::Message(MessagePart::Body)
        }
        "trailers" => AtomKind::Trailers(TrailerOptions::parse(arg)?),
        "contents" => match arg {
            None => AtomKind::Message(MessagePart::Contents),
            Some("body") => AtomKind::Message(MessagePart::ContentsBody),
            Some("size") => AtomKind::Message(MessagePart::Size),
            Some("signature") => AtomKind::Message(MessagePart::Signature),
            Some("subject") => AtomKind::Message(MessagePart::Subject),
            Some("trailers") => AtomKind::Trailers(TrailerOptions::parse(None)?),
            Some(a) => {
                if let Some(t) = a.strip_prefix("trailers:") {
                    AtomKind::Trailers(TrailerOptions::parse(Some(t))?)
                } else if let Some(n) = a.strip_prefix("lines=") {
                    match parse_uint(n) {
                        Some(n) => AtomKind::Message(MessagePart::Lines(n)),
                        None => {
                            return Err(err(FormatErrorKind::PositiveValueExpectedFor {
                                option: "contents:lines",
                                value: n.into(),
                            }))
                        }
                    }
                } else {
                    return Err(bad_arg("contents", a));
                }
            }
        },
        "signature" => AtomKind::Signature(match arg {
            None => SignatureField::Bare,
            Some("signer") => SignatureField::Signer,
            Some("grade") => SignatureField::Grade,
            Some("key") => SignatureField::Key,
            Some("fingerprint") => SignatureField::Fingerprint,
            Some("primarykeyfingerprint") => SignatureField::PrimaryKeyFingerprint,
            Some("trustlevel") => SignatureField::TrustLevel,
            Some(a) => return Err(bad_arg("signature", a)),
        }),
        "describe" => AtomKind::Describe(describe(arg)?),
        "color" => match arg {
            None => {
                return Err(err(FormatErrorKind::ExpectedFormat {
                    usage: "color:<color>",
                }))
            }
            Some(c) => match super::color::parse(c) {
                Some(seq) => AtomKind::Color(seq),
                None => return Err(err(FormatErrorKind::UnrecognizedColor { color: c.into() })),
            },
        },
        "align" => align(arg)?,
        "if" => AtomKind::If(match arg {
            None => IfCondition::NotEmpty,
            Some(a) => {
                if let Some(s) = a.strip_prefix("equals=") {
                    IfCondition::Equals(s.as_bytes().to_vec())
                } else if let Some(s) = a.strip_prefix("notequals=") {
                    IfCondition::NotEquals(s.as_bytes().to_vec())
                } else {
                    return Err(bad_arg("if", a));
                }
            }
        }),
        "then" => AtomKind::Then,
        "else" => AtomKind::Else,
        "end" => AtomKind::End,
        "rest" => {
            no_arg("rest", arg)?;
            AtomKind::Rest
        }
        "ahead-behind" | "is-base" => {
            let Some(a) = arg else {
                return Err(err(FormatErrorKind::ExpectedFormat {
                    usage: if name == "is-base" {
                        "is-base:<committish>"
                    } else {
                        "ahead-behind:<committish>"
                    },
                }));
            };
            if name == "is-base" {
                AtomKind::IsBase(a.into())
            } else {
                AtomKind::AheadBehind(a.into())
            }
        }
        _ => person(name, full, text, arg, raw_arg)?,
    };
    Ok(Atom { deref, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> AtomKind {
        parse(text).unwrap().kind
    }

    #[test]
    fn atoms_parse_into_typed_options() {
        assert_eq!(
            kind("objectname:short=2"),
            AtomKind::ObjectName(Abbrev::Len(4))
        );
        assert_eq!(
            kind("upstream:track,nobracket"),
            AtomKind::Upstream(RemoteRefField::Track { nobracket: true })
        );
        assert_eq!(
            kind("push:lstrip=-1"),
            AtomKind::Push(RemoteRefField::Name(NameStyle::Lstrip(-1)))
        );
        assert_eq!(
            kind("authoremail:mailmap,trim"),
            AtomKind::Person(
                Role::Author,
                PersonField::Email(EmailOptions {
                    trim: true,
                    localpart: false,
                    mailmap: true
                })
            )
        );
        assert_eq!(
            kind("align:position=right,12"),
            AtomKind::Align {
                width: 12,
                position: Position::Right
            }
        );
        assert_eq!(
            kind("if:equals=x"),
            AtomKind::If(IfCondition::Equals(b"x".to_vec()))
        );
        assert_eq!(
            kind("contents:lines=3"),
            AtomKind::Message(MessagePart::Lines(3))
        );
        assert_eq!(
            kind("author:anything"),
            AtomKind::Person(Role::Author, PersonField::Ignored)
        );
        assert!(parse("*tree").unwrap().deref);
    }

    #[test]
    fn describe_options_follow_gits_rules() {
        let AtomKind::Describe(d) = kind("describe:tags=no,abbrev=5,match=v*,exclude=x") else {
            panic!("not describe");
        };
        assert_eq!(d.tags, Some(false));
        assert_eq!(d.abbrev, Some(5));
        assert_eq!((d.matches.len(), d.excludes.len()), (1, 1));
        assert!(parse("describe:abbrev=").is_err());
        assert!(parse("describe:bogus").is_err());
    }
}
