//! Annotated tags: a named pointer to another object, with a tagger, a message and often a
//! signature.
//!
//! ## Format
//!
//! ```text
//! object <40 hex>\n
//! type <commit|tree|blob|tag>\n
//! tag <name>\n
//! tagger <signature>\n          (absent in very old tags)
//! <key> <value>\n               (rare further headers, kept as written)
//! \n                            (absent when there is no message)
//! <message>
//! -----BEGIN PGP SIGNATURE-----  (optional: the signature is appended to the message)
//! …
//! -----END PGP SIGNATURE-----
//! ```
//!
//! Like commits, tags keep what git reads but never writes (an uppercase `object` id, header
//! lines without a space) in a [`Spelling`], so they too round-trip exactly.
//!
//! The signature starts at the last line of the message that begins with one of the markers
//! git knows (PGP, X.509 or SSH); [`TagRef`] splits it off, and writing joins the two again
//! so every tag serializes to the bytes it was read from.

use super::DecodeError;
use crate::object::commit::{
    header_len, odd_lines_len, signature_len, signature_ref_len, unfold_header_value,
    valid_header_key, write_headers, write_id_line, Lines, Malformed, Spelling,
};
use crate::object::{Kind, Signature, SignatureRef, WriteTo};
use crate::oid::ObjectId;
use bstr::{BStr, BString, ByteSlice};
use std::borrow::Cow;
use std::io::{self, Write};

/// The first lines of the signatures git recognizes at the end of a tag message.
pub const SIGNATURE_MARKERS: &[&[u8]] = &[
    b"-----BEGIN PGP SIGNATURE-----",
    b"-----BEGIN PGP MESSAGE-----",
    b"-----BEGIN SIGNED MESSAGE-----",
    b"-----BEGIN SSH SIGNATURE-----",
];

/// Splits `body` into the message and the trailing signature, as git's `parse_signed_buffer`
/// does: the signature starts at the last line that begins with a known marker.
pub fn split_signature(body: &[u8]) -> (&[u8], Option<&[u8]>) {
    let mut found = None;
    let mut start = 0;
    while start < body.len() {
        let line = body.get(start..).unwrap_or_default();
        if SIGNATURE_MARKERS.iter().any(|m| line.starts_with(m)) {
            found = Some(start);
        }
        match line.find_byte(b'\n') {
            Some(nl) => start += nl + 1,
            None => break,
        }
    }
    match found {
        Some(at) => {
            let (m, s) = body.split_at(at);
            (m, Some(s))
        }
        None => (body, None),
    }
}

/// An annotated tag, borrowing its buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRef<'a> {
    /// The tagged object (`object`).
    pub target: ObjectId,
    /// The tagged object's kind (`type`).
    pub target_kind: Kind,
    /// The tag's name (`tag`).
    pub name: &'a BStr,
    /// Who made the tag; `None` in very old tags.
    pub tagger: Option<SignatureRef<'a>>,
    /// Headers after `tagger`, in order, multi-line values unfolded (rare).
    pub extra_headers: Vec<(&'a BStr, Cow<'a, BStr>)>,
    /// The message without the signature; `None` when there is no blank line after the headers.
    pub message: Option<&'a BStr>,
    /// The signature at the end of the message, from its `-----BEGIN` line to the end.
    pub signature: Option<&'a BStr>,
    /// What git reads but would not write (an uppercase id, header lines without a space).
    pub spelling: Spelling,
}

impl<'a> TagRef<'a> {
    /// Parses a tag body.
    pub fn parse(data: &'a [u8]) -> Result<TagRef<'a>, DecodeError> {
        let mut lines = Lines::new(data);
        let (target, hex) = lines
            .take_id(b"object")?
            .ok_or(DecodeError::new(0, "tag without an 'object' line"))?;
        let spelling = Spelling {
            ids: hex.map(|h| (0, h)).into_iter().collect(),
            lines: Vec::new(),
        };
        let (kind, at) = lines
            .take_field(b"type")?
            .ok_or(DecodeError::new(lines.pos, "tag without a 'type' line"))?;
        let target_kind =
            Kind::from_bytes(kind).ok_or(DecodeError::new(at, "unknown type in tag"))?;
        let (name, _) = lines
            .take_field(b"tag")?
            .ok_or(DecodeError::new(lines.pos, "tag without a 'tag' line"))?;
        let tagger = lines.take_signature(b"tagger")?;
        let (headers, odd, body) = lines.take_headers_and_message()?;
        let spelling = Spelling {
            lines: odd,
            ..spelling
        };
        let (message, signature) = match body {
            None => (None, None),
            Some(b) => {
                let (m, s) = split_signature(b);
                (Some(m.as_bstr()), s.map(ByteSlice::as_bstr))
            }
        };
        Ok(TagRef {
            target,
            target_kind,
            name: name.as_bstr(),
            tagger,
            extra_headers: headers
                .into_iter()
                .map(|(k, v)| (k, unfold_header_value(v)))
                .collect(),
            message,
            signature,
            spelling,
        })
    }

    /// The message without the signature (empty when there is none).
    pub fn message_bytes(&self) -> &'a BStr {
        self.message.unwrap_or_default()
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Tag {
        Tag {
            target: self.target,
            target_kind: self.target_kind,
            name: self.name.into(),
            tagger: self.tagger.map(|t| t.to_owned()),
            extra_headers: self
                .extra_headers
                .iter()
                .map(|(k, v)| (BString::from(*k), BString::from(v.as_ref())))
                .collect(),
            message: self.message.map(BString::from),
            signature: self.signature.map(BString::from),
            spelling: self.spelling.clone(),
        }
    }
}

fn fixed_len(target_kind: Kind, name: &[u8]) -> u64 {
    48 + 5 + target_kind.as_str().len() as u64 + 1 + 4 + name.len() as u64 + 1
}

fn body_len(message: Option<&[u8]>, signature: Option<&[u8]>) -> u64 {
    if message.is_none() && signature.is_none() {
        return 0;
    }
    1 + message.map_or(0, <[u8]>::len) as u64 + signature.map_or(0, <[u8]>::len) as u64
}

fn write_start(
    out: &mut dyn Write,
    target: &ObjectId,
    kind: Kind,
    name: &[u8],
    spelling: &Spelling,
) -> io::Result<()> {
    let spelled = spelling.ids.iter().find(|(l, _)| *l == 0).map(|(_, h)| h);
    write_id_line(out, b"object ", target, spelled)?;
    out.write_all(b"type ")?;
    out.write_all(kind.as_str().as_bytes())?;
    out.write_all(b"\ntag ")?;
    out.write_all(name)?;
    out.write_all(b"\n")
}

fn write_body(
    out: &mut dyn Write,
    message: Option<&[u8]>,
    signature: Option<&[u8]>,
) -> io::Result<()> {
    if message.is_none() && signature.is_none() {
        return Ok(());
    }
    out.write_all(b"\n")?;
    out.write_all(message.unwrap_or_default())?;
    out.write_all(signature.unwrap_or_default())
}

impl WriteTo for TagRef<'_> {
    fn kind(&self) -> Kind {
        Kind::Tag
    }

    fn size(&self) -> u64 {
        fixed_len(self.target_kind, self.name)
            + self
                .tagger
                .as_ref()
                .map_or(0, |t| 7 + signature_ref_len(t) + 1)
            + self
                .extra_headers
                .iter()
                .map(|(k, v)| header_len(k, v))
                .sum::<u64>()
            + odd_lines_len(&self.spelling)
            + body_len(
                self.message.map(|m| m.as_bytes()),
                self.signature.map(|s| s.as_bytes()),
            )
    }

    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        write_start(
            out,
            &self.target,
            self.target_kind,
            self.name,
            &self.spelling,
        )?;
        if let Some(t) = &self.tagger {
            out.write_all(b"tagger ")?;
            t.write_to(out)?;
            out.write_all(b"\n")?;
        }
        let headers = self
            .extra_headers
            .iter()
            .map(|(k, v)| -> (&[u8], &[u8]) { (k, v) });
        write_headers(out, headers, &self.spelling)?;
        write_body(
            out,
            self.message.map(|m| m.as_bytes()),
            self.signature.map(|s| s.as_bytes()),
        )
    }
}

/// An owned annotated tag, for building.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    /// The tagged object.
    pub target: ObjectId,
    /// The tagged object's kind.
    pub target_kind: Kind,
    /// The tag's name.
    pub name: BString,
    /// Who made the tag.
    pub tagger: Option<Signature>,
    /// Further headers in order (rare).
    pub extra_headers: Vec<(BString, BString)>,
    /// The message; `None` (with no signature) writes no blank line after the headers.
    pub message: Option<BString>,
    /// A signature appended after the message, starting with a `-----BEGIN` line.
    pub signature: Option<BString>,
    /// What a tag read from a repository spelled oddly; empty for new tags.
    pub spelling: Spelling,
}

impl Tag {
    /// The message without the signature (empty when there is none).
    pub fn message_bytes(&self) -> &BStr {
        self.message
            .as_ref()
            .map(|m| m.as_bstr())
            .unwrap_or_default()
    }

    /// Checks that the tag reads back as written: a name without a newline, a well-formed
    /// tagger, valid header names, a message with no signature marker line (it would be taken
    /// for the signature), a message ending in a newline before a signature that starts with a
    /// known marker.
    pub fn validate(&self) -> Result<(), Malformed> {
        if self.name.contains(&b'\n') {
            return Err(Malformed::TagNameNewline);
        }
        if self.tagger.as_ref().is_some_and(|t| !t.is_well_formed()) {
            return Err(Malformed::Tagger);
        }
        if self.extra_headers.iter().any(|(k, _)| !valid_header_key(k)) {
            return Err(Malformed::HeaderName);
        }
        let message = self.message_bytes();
        if split_signature(message).1.is_some() {
            return Err(Malformed::SignatureMarkerInMessage);
        }
        if let Some(sig) = &self.signature {
            if !message.is_empty() && !message.ends_with(b"\n") {
                return Err(Malformed::MessageUnterminatedBeforeSignature);
            }
            if split_signature(sig).0 != b"" {
                return Err(Malformed::SignatureWithoutMarker);
            }
        }
        self.spelling.validate()
    }
}

impl From<TagRef<'_>> for Tag {
    fn from(t: TagRef<'_>) -> Tag {
        t.to_owned()
    }
}

impl WriteTo for Tag {
    fn kind(&self) -> Kind {
        Kind::Tag
    }

    fn size(&self) -> u64 {
        fixed_len(self.target_kind, &self.name)
            + self.tagger.as_ref().map_or(0, |t| 7 + signature_len(t) + 1)
            + self
                .extra_headers
                .iter()
                .map(|(k, v)| header_len(k, v))
                .sum::<u64>()
            + odd_lines_len(&self.spelling)
            + body_len(
                self.message.as_deref().map(|m| m.as_bytes()),
                self.signature.as_deref().map(|s| s.as_bytes()),
            )
    }

    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        write_start(
            out,
            &self.target,
            self.target_kind,
            &self.name,
            &self.spelling,
        )?;
        if let Some(t) = &self.tagger {
            out.write_all(b"tagger ")?;
            t.write_to(out)?;
            out.write_all(b"\n")?;
        }
        let headers = self
            .extra_headers
            .iter()
            .map(|(k, v)| -> (&[u8], &[u8]) { (k, v) });
        write_headers(out, headers, &self.spelling)?;
        write_body(
            out,
            self.message.as_deref().map(|m| m.as_bytes()),
            self.signature.as_deref().map(|s| s.as_bytes()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = "object 1111111111111111111111111111111111111111\ntype commit\ntag v1.0\n";
    const TAGGER: &str = "tagger T <t@x> 1700000000 +0100\n";

    fn round_trip(body: &[u8]) -> TagRef<'_> {
        let t = TagRef::parse(body).unwrap();
        crate::object::assert_writes_back(body, &t, &t.to_owned());
        t
    }

    #[test]
    fn signature_is_split_off_and_rejoined() {
        let body = format!(
            "{START}{TAGGER}\nrelease\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n"
        );
        let t = round_trip(body.as_bytes());
        assert_eq!(t.message, Some(b"release\n".as_bstr()));
        assert!(t
            .signature
            .unwrap()
            .starts_with(b"-----BEGIN PGP SIGNATURE-----\n"));
        t.to_owned().validate().unwrap();
        let ssh = format!("{START}{TAGGER}\n-----BEGIN SSH SIGNATURE-----\nx\n");
        let t = round_trip(ssh.as_bytes());
        assert_eq!(t.message, Some(b"".as_bstr()));
        let last = format!(
            "{START}{TAGGER}\nm\n-----BEGIN PGP SIGNATURE-----\n-----BEGIN PGP SIGNATURE-----\nz"
        );
        let t = round_trip(last.as_bytes());
        assert_eq!(t.message.unwrap().len(), 2 + 30);
        let mid_line = format!("{START}{TAGGER}\nsee -----BEGIN PGP SIGNATURE-----\n");
        assert_eq!(round_trip(mid_line.as_bytes()).signature, None);
    }

    #[test]
    fn old_and_odd_tags_round_trip() {
        let no_tagger = format!("{START}\nold tag\n");
        assert_eq!(round_trip(no_tagger.as_bytes()).tagger, None);
        let no_message = format!("{START}{TAGGER}");
        assert_eq!(round_trip(no_message.as_bytes()).message, None);
        let no_nl = format!("{START}{TAGGER}\nno newline");
        round_trip(no_nl.as_bytes());
        let extra = format!("{START}{TAGGER}x-header a\n b\n\nmsg\n");
        let t = round_trip(extra.as_bytes());
        assert_eq!(t.extra_headers[0].1.as_ref(), "a\nb");
        for kind in ["blob", "tree", "tag"] {
            let b = START.replace("commit", kind);
            round_trip(b.as_bytes());
        }
    }

    #[test]
    fn what_git_reads_but_never_writes_round_trips() {
        let upper = START.replace("object 1111111111", "object ABCDEF1111");
        let body = format!("{upper}{TAGGER}\nm\n");
        let t = round_trip(body.as_bytes());
        assert_eq!(t.spelling.ids.len(), 1);
        for odd in [
            format!("{START}{TAGGER}foo\n\nm\n"),
            format!("{START}{TAGGER} cont\n\nm\n"),
            format!("{START}tagger T <t> 1  +0000\nx\ty\nk v\n"),
        ] {
            let t = round_trip(odd.as_bytes());
            assert!(!t.spelling.lines.is_empty());
        }
    }

    #[test]
    fn malformed_tags_are_refused() {
        for body in [
            String::new(),
            "object 11\ntype commit\ntag v\n".to_string(),
            START.replace("commit", "commits"),
            START.replace("tag v1.0\n", ""),
            START.replace("tag v1.0\n", "tag v1.0"),
            START.replace("type commit\n", ""),
            format!("{START}tagger nobody\n"),
            START.replace("object 1111", "object 111g"),
        ] {
            assert!(TagRef::parse(body.as_bytes()).is_err(), "{body:?}");
        }
    }
}
