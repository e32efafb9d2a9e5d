//! Commits: a tree, parents, author, committer, optional headers and a message.
//!
//! ## Format
//!
//! ```text
//! tree <40 hex>\n
//! parent <40 hex>\n            (zero or more)
//! author <signature>\n
//! committer <signature>\n
//! encoding <name>\n            (optional)
//! <key> <value>\n              (any other headers, e.g. gpgsig, mergetag)
//!  <continuation>\n            (a multi-line value: each further line starts with a space)
//! \n                           (blank line, absent when there is no message at all)
//! <message bytes>              (anything, to the end; need not end in a newline)
//! ```
//!
//! Everything after `committer` is kept in order and as written, so any commit git accepts
//! serializes back to the same bytes. That includes what git reads but never writes, kept in
//! [`Spelling`]: ids in uppercase hex, header lines without a space (`foo`, `x\tv`, a lone
//! `\r`) and continuation lines with no header before them. Signatures keep their own odd
//! spacing ([`SignatureRef`]). Reading is lenient like git's; whether git's fsck would take
//! the object is a separate check.

use super::DecodeError;
use crate::object::{Kind, Signature, SignatureRef, WriteTo};
use crate::oid::ObjectId;
use bstr::{BStr, BString, ByteSlice};
use std::borrow::Cow;
use std::io::{self, Write};

/// Headers in order, with their values as written (folded).
pub(crate) type RawHeaders<'a> = Vec<(&'a BStr, &'a BStr)>;

/// How a commit or tag spells what git reads but never writes, so it serializes back to the
/// bytes it was read from. Empty for every object git writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Spelling {
    /// Ids written with uppercase hex digits, as written, by line: 0 is `tree` (in a tag,
    /// `object`), `1 + i` is parent `i`. Used while the line still holds that id.
    pub ids: Vec<(usize, [u8; 40])>,
    /// Header lines that are not `key value`: a line without a space, or one that starts with
    /// a space but continues no header. Each is kept without its newline, with the index of the
    /// extra header it comes before (the number of extra headers when it comes last).
    pub lines: Vec<(usize, BString)>,
}

impl Spelling {
    /// Whether the object is spelled the way git writes it.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.lines.is_empty()
    }

    fn id(&self, line: usize) -> Option<&[u8; 40]> {
        self.ids
            .iter()
            .find(|(l, _)| *l == line)
            .map(|(_, hex)| hex)
    }

    fn lines_len(&self) -> u64 {
        self.lines.iter().map(|(_, l)| l.len() as u64 + 1).sum()
    }

    /// Checks the kept lines read back as written.
    pub(crate) fn validate(&self) -> Result<(), Malformed> {
        if self.lines.iter().any(|(_, l)| l.contains(&b'\n')) {
            return Err(Malformed::VerbatimLineNewline);
        }
        Ok(())
    }
}

/// A small cursor over an object body for the line-based formats (commits and tags).
pub(crate) struct Lines<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lines { data, pos: 0 }
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    /// If the next line starts with `key` followed by a space, consumes the whole line and
    /// returns its value (without the newline) and the value's offset.
    pub(crate) fn take_field(
        &mut self,
        key: &[u8],
    ) -> Result<Option<(&'a [u8], usize)>, DecodeError> {
        let rest = self.rest();
        let after = match rest.strip_prefix(key).and_then(|r| r.strip_prefix(b" ")) {
            Some(a) => a,
            None => return Ok(None),
        };
        let start = self.pos + key.len() + 1;
        let nl = after
            .find_byte(b'\n')
            .ok_or(DecodeError::new(start, "header line without a newline"))?;
        let value = after.get(..nl).unwrap_or_default();
        self.pos = start + nl + 1;
        Ok(Some((value, start)))
    }

    /// Consumes `key <40 hex>\n` if the next line starts with `key `; returns the id, and the
    /// digits as written when they are not all lowercase.
    pub(crate) fn take_id(&mut self, key: &[u8]) -> Result<Option<SpelledId>, DecodeError> {
        let save = self.pos;
        match self.take_field(key)? {
            None => Ok(None),
            Some((value, at)) => match parse_hex_id(value) {
                Some(id) => Ok(Some(id)),
                None => {
                    self.pos = save;
                    Err(DecodeError::new(at, "malformed object id in header"))
                }
            },
        }
    }

    /// Consumes a signature line `key <signature>\n`.
    pub(crate) fn take_signature(
        &mut self,
        key: &[u8],
    ) -> Result<Option<SignatureRef<'a>>, DecodeError> {
        match self.take_field(key)? {
            None => Ok(None),
            Some((value, at)) => SignatureRef::parse(value)
                .map(Some)
                .map_err(|e| DecodeError::new(at + e.offset, e.what)),
        }
    }

    /// Reads the remaining headers (until a blank line or the end) and the message.
    ///
    /// Returns the headers in order with their raw (folded) values, the lines that are no
    /// `key value` header (see [`Spelling::lines`]), and the message: `None` when there is no
    /// blank line after the headers.
    pub(crate) fn take_headers_and_message(
        &mut self,
    ) -> Result<HeadersAndMessage<'a>, DecodeError> {
        let mut headers = Vec::new();
        let mut odd = Vec::new();
        loop {
            let rest = self.rest();
            match rest.first() {
                None => return Ok((headers, odd, None)),
                Some(b'\n') => {
                    let msg = rest.get(1..).unwrap_or_default();
                    self.pos = self.data.len();
                    return Ok((headers, odd, Some(msg.as_bstr())));
                }
                Some(_) => {}
            }
            let nl = rest
                .find_byte(b'\n')
                .ok_or(DecodeError::new(self.pos, "header line without a newline"))?;
            let line = rest.get(..nl).unwrap_or_default();
            // A space first means a continuation with no header to continue (those of a
            // header were taken with it); no space at all, a line git reads and skips.
            let sp = match line.find_byte(b' ') {
                Some(sp) if sp > 0 => sp,
                _ => {
                    odd.push((headers.len(), BString::from(line)));
                    self.pos += nl + 1;
                    continue;
                }
            };
            let key = line.get(..sp).unwrap_or_default();
            let value_start = sp + 1;
            let mut end = nl; // exclusive end of the value within `rest`
            while rest.get(end + 1) == Some(&b' ') {
                let more = rest.get(end + 1..).unwrap_or_default();
                let nl2 = more.find_byte(b'\n').ok_or(DecodeError::new(
                    self.pos + end + 1,
                    "header line without a newline",
                ))?;
                end = end + 1 + nl2;
            }
            let value = rest.get(value_start..end).unwrap_or_default();
            headers.push((key.as_bstr(), value.as_bstr()));
            self.pos += end + 1;
        }
    }
}

/// The headers, the odd lines among them and the message of [`Lines::take_headers_and_message`].
pub(crate) type HeadersAndMessage<'a> = (RawHeaders<'a>, Vec<(usize, BString)>, Option<&'a BStr>);

/// An id and, when not all lowercase, its digits as written.
pub(crate) type SpelledId = (ObjectId, Option<[u8; 40]>);

fn parse_hex_id(hex: &[u8]) -> Option<SpelledId> {
    // git reads either case (get_oid_hex) but writes lowercase: keep any other spelling.
    let digits: [u8; 40] = hex.try_into().ok()?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let id = ObjectId::from_hex(hex).ok()?;
    let odd = digits.iter().any(u8::is_ascii_uppercase);
    Some((id, odd.then_some(digits)))
}

/// The value of a header as written (continuation lines start with a space) to the value it
/// means: each `\n ` becomes `\n`.
pub fn unfold_header_value(raw: &BStr) -> Cow<'_, BStr> {
    if !raw.contains(&b'\n') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.iter().copied();
    while let Some(b) = bytes.next() {
        out.push(b);
        if b == b'\n' {
            // A parsed value always has the space here; skip it.
            if let Some(next) = bytes.next() {
                if next != b' ' {
                    out.push(next);
                }
            }
        }
    }
    Cow::Owned(out.into())
}

/// Writes `key value\n`, folding a multi-line value with a space at the start of each
/// further line.
pub(crate) fn write_header(out: &mut dyn Write, key: &[u8], value: &[u8]) -> io::Result<()> {
    out.write_all(key)?;
    out.write_all(b" ")?;
    for (i, line) in value.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n ")?;
        }
        out.write_all(line)?;
    }
    out.write_all(b"\n")
}

pub(crate) fn header_len(key: &[u8], value: &[u8]) -> u64 {
    (key.len() + 1 + value.len() + value.iter().filter(|&&b| b == b'\n').count() + 1) as u64
}

pub(crate) fn signature_ref_len(s: &SignatureRef<'_>) -> u64 {
    s.len() as u64
}

pub(crate) fn signature_len(s: &Signature) -> u64 {
    s.len() as u64
}

/// Writes the extra headers with the odd lines of `spelling` among them, where they were read.
pub(crate) fn write_headers<'h>(
    out: &mut dyn Write,
    headers: impl ExactSizeIterator<Item = (&'h [u8], &'h [u8])>,
    spelling: &Spelling,
) -> io::Result<()> {
    let count = headers.len();
    let odd_at = |out: &mut dyn Write, at: usize| -> io::Result<()> {
        for (_, line) in spelling.lines.iter().filter(|(i, _)| *i == at) {
            out.write_all(line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    };
    for (i, (k, v)) in headers.enumerate() {
        odd_at(out, i)?;
        write_header(out, k, v)?;
    }
    for (_, line) in spelling.lines.iter().filter(|(i, _)| *i >= count) {
        out.write_all(line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Everything the odd lines of `spelling` add to the size.
pub(crate) fn odd_lines_len(spelling: &Spelling) -> u64 {
    spelling.lines_len()
}

/// Checks a header key can be written and read back: non-empty, no space, newline or NUL.
pub(crate) fn valid_header_key(key: &[u8]) -> bool {
    !key.is_empty() && !key.iter().any(|&b| matches!(b, b' ' | b'\n' | 0))
}

/// A commit, borrowing its buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRef<'a> {
    /// The root tree.
    pub tree: ObjectId,
    /// The parents, in order (none for a root commit).
    pub parents: Vec<ObjectId>,
    /// Who wrote the change.
    pub author: SignatureRef<'a>,
    /// Who made the commit.
    pub committer: SignatureRef<'a>,
    /// The `encoding` header when it directly follows `committer` (where git writes it);
    /// elsewhere it stays in `extra_headers`.
    pub encoding: Option<&'a BStr>,
    /// Every other header after `committer`, in order, with multi-line values unfolded
    /// (`gpgsig`, `mergetag`…).
    pub extra_headers: Vec<(&'a BStr, Cow<'a, BStr>)>,
    /// The message after the blank line; `None` when the commit has no blank line at all.
    pub message: Option<&'a BStr>,
    /// What git reads but would not write (uppercase ids, header lines without a space).
    pub spelling: Spelling,
}

impl<'a> CommitRef<'a> {
    /// Parses a commit body.
    pub fn parse(data: &'a [u8]) -> Result<CommitRef<'a>, DecodeError> {
        let mut lines = Lines::new(data);
        let mut spelling = Spelling::default();
        let (tree, hex) = lines
            .take_id(b"tree")?
            .ok_or(DecodeError::new(0, "commit without a 'tree' line"))?;
        spelling.ids.extend(hex.map(|h| (0, h)));
        let mut parents = Vec::new();
        while let Some((p, hex)) = lines.take_id(b"parent")? {
            parents.push(p);
            spelling.ids.extend(hex.map(|h| (parents.len(), h)));
        }
        let author = lines.take_signature(b"author")?.ok_or(DecodeError::new(
            lines.pos,
            "commit without an 'author' line",
        ))?;
        let committer = lines.take_signature(b"committer")?.ok_or(DecodeError::new(
            lines.pos,
            "commit without a 'committer' line",
        ))?;
        let (headers, odd, message) = lines.take_headers_and_message()?;
        let mut headers = headers.into_iter().peekable();
        let encoding = match headers.peek() {
            Some((k, v))
                if *k == "encoding" && !v.contains(&b'\n') && !odd.iter().any(|(i, _)| *i == 0) =>
            {
                let v = *v;
                headers.next();
                Some(v)
            }
            _ => None,
        };
        let shift = usize::from(encoding.is_some());
        spelling.lines = odd.into_iter().map(|(i, l)| (i - shift, l)).collect();
        Ok(CommitRef {
            tree,
            parents,
            author,
            committer,
            encoding,
            extra_headers: headers.map(|(k, v)| (k, unfold_header_value(v))).collect(),
            message,
            spelling,
        })
    }

    /// The message bytes (empty when there is none).
    pub fn message_bytes(&self) -> &'a BStr {
        self.message.unwrap_or_default()
    }

    /// The first line of the message, without its newline.
    pub fn summary(&self) -> &'a BStr {
        let m = self.message_bytes();
        m.lines().next().unwrap_or_default().as_bstr()
    }

    /// The value of the first extra header named `key`.
    pub fn header(&self, key: &[u8]) -> Option<&BStr> {
        self.extra_headers
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_ref())
    }

    /// An owned copy, which writes the same bytes.
    pub fn to_owned(&self) -> Commit {
        Commit {
            tree: self.tree,
            parents: self.parents.clone(),
            author: self.author.to_owned(),
            committer: self.committer.to_owned(),
            encoding: self.encoding.map(BString::from),
            extra_headers: self
                .extra_headers
                .iter()
                .map(|(k, v)| (BString::from(*k), BString::from(v.as_ref())))
                .collect(),
            message: self.message.map(BString::from),
            spelling: self.spelling.clone(),
        }
    }
}

impl WriteTo for CommitRef<'_> {
    fn kind(&self) -> Kind {
        Kind::Commit
    }

    fn size(&self) -> u64 {
        46 + 48 * self.parents.len() as u64
            + 7
            + signature_ref_len(&self.author)
            + 1
            + 10
            + signature_ref_len(&self.committer)
            + 1
            + self.encoding.map_or(0, |e| header_len(b"encoding", e))
            + self
                .extra_headers
                .iter()
                .map(|(k, v)| header_len(k, v))
                .sum::<u64>()
            + odd_lines_len(&self.spelling)
            + self.message.map_or(0, |m| 1 + m.len() as u64)
    }

    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        write_id_line(out, b"tree ", &self.tree, self.spelling.id(0))?;
        for (i, p) in self.parents.iter().enumerate() {
            write_id_line(out, b"parent ", p, self.spelling.id(i + 1))?;
        }
        out.write_all(b"author ")?;
        self.author.write_to(out)?;
        out.write_all(b"\ncommitter ")?;
        self.committer.write_to(out)?;
        out.write_all(b"\n")?;
        if let Some(e) = self.encoding {
            write_header(out, b"encoding", e)?;
        }
        let headers = self
            .extra_headers
            .iter()
            .map(|(k, v)| -> (&[u8], &[u8]) { (k, v) });
        write_headers(out, headers, &self.spelling)?;
        if let Some(m) = self.message {
            out.write_all(b"\n")?;
            out.write_all(m)?;
        }
        Ok(())
    }
}

/// Writes `key <hex>\n`: lowercase, or as `spelled` while that still spells `id`.
pub(crate) fn write_id_line(
    out: &mut dyn Write,
    key: &[u8],
    id: &ObjectId,
    spelled: Option<&[u8; 40]>,
) -> io::Result<()> {
    let mut hex = [0u8; 40];
    out.write_all(key)?;
    match spelled.filter(|h| ObjectId::from_hex(&h[..]).ok().as_ref() == Some(id)) {
        Some(h) => out.write_all(h)?,
        None => out.write_all(id.hex_to_buf(&mut hex).as_bytes())?,
    }
    out.write_all(b"\n")
}

/// An owned commit, for building.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Commit {
    /// The root tree.
    pub tree: ObjectId,
    /// The parents, in order.
    pub parents: Vec<ObjectId>,
    /// Who wrote the change.
    pub author: Signature,
    /// Who made the commit.
    pub committer: Signature,
    /// The `encoding` header, written right after `committer`.
    pub encoding: Option<BString>,
    /// Further headers in order; a value may span lines (it is folded when written).
    pub extra_headers: Vec<(BString, BString)>,
    /// The message; `None` writes no blank line after the headers.
    pub message: Option<BString>,
    /// What a commit read from a repository spelled oddly; empty for new commits.
    pub spelling: Spelling,
}

impl Commit {
    /// The message bytes (empty when there is none).
    pub fn message_bytes(&self) -> &BStr {
        self.message
            .as_ref()
            .map(|m| m.as_bstr())
            .unwrap_or_default()
    }

    /// Checks that the commit reads back as written: well-formed signatures, header keys
    /// without spaces or newlines, an encoding without a newline.
    pub fn validate(&self) -> Result<(), InvalidCommit> {
        let what = if !self.author.is_well_formed() {
            Malformed::Author
        } else if !self.committer.is_well_formed() {
            Malformed::Committer
        } else if self.encoding.as_ref().is_some_and(|e| e.contains(&b'\n')) {
            Malformed::EncodingNewline
        } else if self.extra_headers.iter().any(|(k, _)| !valid_header_key(k)) {
            Malformed::HeaderName
        } else {
            return self
                .spelling
                .validate()
                .map_err(|what| InvalidCommit { what });
        };
        Err(InvalidCommit { what })
    }
}

/// Why an owned [`Commit`] would not read back as written ([`Commit::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid commit: {what}")]
pub struct InvalidCommit {
    /// What is wrong.
    pub what: Malformed,
}

/// Why an owned commit or tag would not read back as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Malformed {
    /// The author is not `Name <email> time zone` as git writes it.
    #[error("malformed author")]
    Author,
    /// The committer is not `Name <email> time zone` as git writes it.
    #[error("malformed committer")]
    Committer,
    /// The tagger is not `Name <email> time zone` as git writes it.
    #[error("malformed tagger")]
    Tagger,
    /// An extra header's name is empty or has a space or a newline.
    #[error("malformed header name")]
    HeaderName,
    /// The encoding header has a newline.
    #[error("encoding contains a newline")]
    EncodingNewline,
    /// A header line kept verbatim from the object read has a newline.
    #[error("a verbatim header line contains a newline")]
    VerbatimLineNewline,
    /// The tag name has a newline.
    #[error("tag name contains a newline")]
    TagNameNewline,
    /// The message has a line that starts a signature (it would be read as the signature).
    #[error("message contains a signature marker line")]
    SignatureMarkerInMessage,
    /// A message followed by a signature does not end in a newline.
    #[error("message before a signature must end in a newline")]
    MessageUnterminatedBeforeSignature,
    /// The signature does not start with a marker git knows.
    #[error("signature does not start with a known marker")]
    SignatureWithoutMarker,
}

impl From<CommitRef<'_>> for Commit {
    fn from(c: CommitRef<'_>) -> Commit {
        c.to_owned()
    }
}

impl WriteTo for Commit {
    fn kind(&self) -> Kind {
        Kind::Commit
    }

    fn size(&self) -> u64 {
        46 + 48 * self.parents.len() as u64
            + 7
            + signature_len(&self.author)
            + 1
            + 10
            + signature_len(&self.committer)
            + 1
            + self
                .encoding
                .as_ref()
                .map_or(0, |e| header_len(b"encoding", e))
            + self
                .extra_headers
                .iter()
                .map(|(k, v)| header_len(k, v))
                .sum::<u64>()
            + odd_lines_len(&self.spelling)
            + self.message.as_ref().map_or(0, |m| 1 + m.len() as u64)
    }

    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        write_id_line(out, b"tree ", &self.tree, self.spelling.id(0))?;
        for (i, p) in self.parents.iter().enumerate() {
            write_id_line(out, b"parent ", p, self.spelling.id(i + 1))?;
        }
        out.write_all(b"author ")?;
        self.author.write_to(out)?;
        out.write_all(b"\ncommitter ")?;
        self.committer.write_to(out)?;
        out.write_all(b"\n")?;
        if let Some(e) = &self.encoding {
            write_header(out, b"encoding", e)?;
        }
        let headers = self
            .extra_headers
            .iter()
            .map(|(k, v)| -> (&[u8], &[u8]) { (k, v) });
        write_headers(out, headers, &self.spelling)?;
        if let Some(m) = &self.message {
            out.write_all(b"\n")?;
            out.write_all(m)?;
        }
        Ok(())
    }
}

/// Where the first byte sequence git does not take for UTF-8 starts (git's
/// `find_invalid_utf8`): besides malformed sequences, overlong forms, surrogates, code points
/// past U+10FFFF, the non-characters U+xxFFFE/U+xxFFFF and U+FDD0..U+FDEF.
fn find_invalid_utf8(buf: &[u8]) -> Option<usize> {
    const MAX_CODEPOINT: [u32; 4] = [0x7f, 0x7ff, 0xffff, 0x10ffff];
    let mut i = 0;
    while let Some(&first) = buf.get(i) {
        if first < 0x80 {
            i += 1;
            continue;
        }
        let bad = Some(i);
        let more = (first << 1).leading_ones() as usize;
        if !(1..=3).contains(&more) {
            return bad;
        }
        let Some(tail) = buf.get(i + 1..i + 1 + more) else {
            return bad;
        };
        let mut cp = u32::from(first & (0x7f >> more));
        for &b in tail {
            if b & 0xc0 != 0x80 {
                return bad;
            }
            cp = (cp << 6) | u32::from(b & 0x3f);
        }
        let in_range = MAX_CODEPOINT
            .get(more - 1)
            .zip(MAX_CODEPOINT.get(more))
            .is_some_and(|(&below, &max)| cp > below && cp <= max);
        if !in_range
            || cp & 0x1ff800 == 0xd800
            || cp & 0xfffe == 0xfffe
            || (0xfdd0..=0xfdef).contains(&cp)
        {
            return bad;
        }
        i += 1 + more;
    }
    None
}

/// Rewrites every byte of `buf` that does not start valid UTF-8 as if it were Latin-1 (one byte
/// becomes two), as git's `commit-tree` and `commit` do to a commit that is meant to be UTF-8;
/// returns whether anything changed (git then warns).
pub fn latin1_to_utf8_where_invalid(buf: &mut Vec<u8>) -> bool {
    let mut pos = 0;
    let mut changed = false;
    while let Some(bad) = buf.get(pos..).and_then(find_invalid_utf8) {
        let at = pos + bad;
        let Some(&c) = buf.get(at) else { break };
        buf.splice(at..=at, [0xc0 | (c >> 6), 0x80 | (c & 0x3f)]);
        changed = true;
        pos = at + 2;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_read_as_latin1() {
        let mut b = b"caf\xe9 ok \xc3\xa9".to_vec();
        assert!(latin1_to_utf8_where_invalid(&mut b));
        assert_eq!(b, "caf\u{e9} ok \u{e9}".as_bytes());
        for valid in ["plain", "\u{e9}\u{20ac}\u{1f600}", ""] {
            let mut b = valid.as_bytes().to_vec();
            assert!(!latin1_to_utf8_where_invalid(&mut b));
        }
        // overlong, surrogate, non-character, truncated: each byte of the sequence is Latin-1
        for bad in [
            &b"\xc0\x80"[..],
            b"\xed\xa0\x80",
            b"\xef\xbf\xbe",
            b"\xe2\x82",
        ] {
            let mut b = bad.to_vec();
            assert!(latin1_to_utf8_where_invalid(&mut b));
            assert_eq!(b.len(), bad.len() * 2, "{bad:?}");
            assert!(std::str::from_utf8(&b).is_ok());
        }
    }

    const TREE: &str = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
    const PARENT: &str = "parent 1111111111111111111111111111111111111111\n";
    const WHO: &str = "author A <a@b> 1 +0000\ncommitter C <c@d> 2 -0130\n";

    fn round_trip(body: &[u8]) -> CommitRef<'_> {
        let c = CommitRef::parse(body).unwrap();
        crate::object::assert_writes_back(body, &c, &c.to_owned());
        c
    }

    #[test]
    fn message_edge_cases_round_trip() {
        let no_body = format!("{TREE}{WHO}");
        assert_eq!(round_trip(no_body.as_bytes()).message, None);
        let empty = format!("{TREE}{WHO}\n");
        assert_eq!(round_trip(empty.as_bytes()).message, Some(b"".as_bstr()));
        let no_nl = format!("{TREE}{PARENT}{PARENT}{WHO}\nsubject");
        let c = round_trip(no_nl.as_bytes());
        assert_eq!((c.parents.len(), c.summary()), (2, b"subject".as_bstr()));
        let blank_lines = format!("{TREE}{WHO}\n\n\nmsg\0with nul\n\n");
        round_trip(blank_lines.as_bytes());
    }

    #[test]
    fn headers_keep_order_and_folding() {
        let body = format!(
            "{TREE}{WHO}encoding ISO-8859-1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n  x\n -----END PGP SIGNATURE-----\nmergetag object 1\n type commit\nx-empty \n\nmsg\n"
        );
        let c = round_trip(body.as_bytes());
        assert_eq!(c.encoding, Some(b"ISO-8859-1".as_bstr()));
        assert_eq!(
            c.header(b"gpgsig").unwrap(),
            "-----BEGIN PGP SIGNATURE-----\n\n x\n-----END PGP SIGNATURE-----"
        );
        assert_eq!(c.extra_headers[1].0, "mergetag");
        assert_eq!(c.header(b"x-empty").unwrap(), "");
        let late_encoding = format!("{TREE}{WHO}x y\nencoding UTF-8\n\nm");
        let c = round_trip(late_encoding.as_bytes());
        assert_eq!(c.encoding, None);
        assert_eq!(c.header(b"encoding").unwrap(), "UTF-8");
    }

    #[test]
    fn what_git_reads_but_never_writes_round_trips() {
        let upper = "tree 4B825DC642CB6EB9A060E54BF8D69288FBEE4904\n";
        let mixed = "parent 11111111111111111111111111111111111111aA\n";
        let body = format!("{upper}{mixed}{PARENT}{WHO}\nm\n");
        let c = round_trip(body.as_bytes());
        assert_eq!(c.tree.to_hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        assert_eq!(
            c.spelling.ids.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            [0, 1]
        );
        let mut edited = c.to_owned();
        edited.parents[0] = edited.parents[1];
        assert!(edited
            .to_vec()
            .starts_with(format!("{upper}{PARENT}{PARENT}").as_bytes()));

        let odd = format!(
            "{TREE}author A  <a@b>  1 +0000\ncommitter C <c@d>\n cont\nfoo\n more\nx\tv\nk v\n w\n\r\nm\r\n"
        );
        let c = round_trip(odd.as_bytes());
        assert_eq!(
            (c.author.name, c.author.time),
            (b"A".as_bstr(), b"1".as_bstr())
        );
        assert_eq!(c.committer.time, "");
        assert_eq!(c.extra_headers.len(), 1);
        assert_eq!(c.header(b"k").unwrap(), "v\nw");
        let lines: Vec<(usize, &[u8])> =
            c.spelling.lines.iter().map(|(i, l)| (*i, &l[..])).collect();
        assert_eq!(
            lines,
            [
                (0, &b" cont"[..]),
                (0, b"foo"),
                (0, b" more"),
                (0, b"x\tv"),
                (1, b"\r"),
                (1, b"m\r")
            ]
        );
        assert_eq!(c.message, None);
        assert!(
            c.to_owned().validate().is_err(),
            "odd signatures are not well-formed"
        );

        // `encoding` is only the encoding header when it comes first, as git writes it.
        let late = format!("{TREE}{WHO}foo\nencoding x\n\nm");
        let c = round_trip(late.as_bytes());
        assert_eq!(
            (c.encoding, c.header(b"encoding")),
            (None, Some(b"x".as_bstr()))
        );
        let first = format!("{TREE}{WHO}encoding x\nfoo\n\nm");
        let c = round_trip(first.as_bytes());
        assert_eq!(
            (c.encoding, &c.spelling.lines[0]),
            (Some(b"x".as_bstr()), &(0, "foo".into()))
        );
    }

    #[test]
    fn malformed_commits_are_refused() {
        for body in [
            String::new(),
            WHO.to_string(),
            format!("tree 4b825dc642cb6eb9a060e54bf8d69288fbee490\n{WHO}"),
            format!("{TREE}parent xyz\n{WHO}"),
            format!("{TREE}committer C <c@d> 2 -0130\n"),
            format!("{TREE}author A <a@b> 1 +0000\n"),
            format!("{TREE}author A <a@b> 1 +0000\ncommitter C <c@d> 2 -0130"),
            format!("{TREE}parent 4B825DC642CB6EB9A060E54BF8D69288FBEE490G\n{WHO}"),
            format!("{TREE}author A a@b 1 +0000\ncommitter C <c@d> 2 -0130\n"),
            format!("{TREE}{WHO}key value"),
            format!("{TREE}{WHO}key value\n more"),
        ] {
            assert!(CommitRef::parse(body.as_bytes()).is_err(), "{body:?}");
        }
    }

    #[test]
    fn error_offsets_point_into_the_body() {
        let body = format!("{TREE}author A <a@b 1 +0000\n");
        let e = CommitRef::parse(body.as_bytes()).unwrap_err();
        assert_eq!(e.offset, TREE.len() + 7 + 2);
    }

    #[test]
    fn owned_commit_writes_what_git_writes() {
        let sig = Signature::new("A U Thor", "a@example.com", 1700000000, "+0100");
        let c = Commit {
            tree: ObjectId::from_hex(b"4b825dc642cb6eb9a060e54bf8d69288fbee4904").unwrap(),
            parents: vec![],
            author: sig.clone(),
            committer: sig,
            encoding: None,
            extra_headers: vec![],
            message: Some("initial\n".into()),
            spelling: Spelling::default(),
        };
        c.validate().unwrap();
        // echo initial | git commit-tree 4b825dc… with that identity and date
        assert_eq!(
            c.to_vec().as_bstr(),
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A U Thor <a@example.com> 1700000000 +0100\ncommitter A U Thor <a@example.com> 1700000000 +0100\n\ninitial\n"
        );
        assert_eq!(c.size(), c.to_vec().len() as u64);
    }
}
