//! The message of a commit or tag as ref formats cut it (git's `find_subpos`): after the
//! header and the blank lines that follow it, up to a NUL.
//!
//! ```text
//! subject line one         ─┐ subject: up to the first blank line (or the signature),
//! subject line two         ─┘ lines joined with spaces
//!
//! body…                    ── body: after the blank lines that end the subject
//! -----BEGIN PGP SIGNATURE----- ── signature: from the last line starting a signature block
//! ```

use super::atom::MessagePart;
use super::trailers::{format_trailers, TrailerOptions};
use bstr::ByteSlice;

/// The pieces of one message, as byte ranges of [`Message::text`].
#[derive(Debug)]
pub(super) struct Message<'a> {
    /// From the subject to the end (a NUL ends it).
    pub text: &'a [u8],
    subject_len: usize,
    body_start: usize,
    sig_start: usize,
}

/// Where in a commit or tag object the message starts (after the header and blank lines).
fn message_of(data: &[u8]) -> &[u8] {
    let mut rest = data;
    while !rest.is_empty() && rest[0] != b'\n' {
        match rest.find_byte(b'\n') {
            Some(nl) => rest = &rest[nl + 1..],
            None => rest = b"",
        }
    }
    let start = rest.iter().take_while(|&&b| b == b'\n').count();
    &rest[start..]
}

impl<'a> Message<'a> {
    /// Cuts the message of an object's bytes (`data` of a commit or tag).
    pub fn of(data: &'a [u8]) -> Message<'a> {
        let msg = message_of(data);
        let text = &msg[..msg.find_byte(0).unwrap_or(msg.len())];
        let (_, sig) = crate::object::tag::split_signature(text);
        let sig_start = text.len() - sig.map_or(0, |s| s.len());
        let eol = text
            .find(b"\n\n")
            .or_else(|| text.find(b"\r\n\r\n"))
            .map_or(sig_start, |e| e.min(sig_start));
        let mut subject_len = eol;
        while subject_len > 0 && matches!(text[subject_len - 1], b'\n' | b'\r') {
            subject_len -= 1;
        }
        let mut body_start = eol;
        while matches!(text.get(body_start), Some(b'\n' | b'\r')) {
            body_start += 1;
        }
        Message {
            text,
            subject_len,
            body_start,
            sig_start: sig_start.max(body_start.min(sig_start)),
        }
    }

    fn subject_raw(&self) -> &'a [u8] {
        &self.text[..self.subject_len]
    }

    /// `%(subject)`: the first paragraph, newlines as spaces (a CR before LF dropped).
    pub fn subject(&self) -> Vec<u8> {
        let sub = self.subject_raw();
        let mut out = Vec::with_capacity(sub.len());
        for (i, &c) in sub.iter().enumerate() {
            if c == b'\r' && sub.get(i + 1) == Some(&b'\n') {
                continue;
            }
            out.push(if c == b'\n' { b' ' } else { c });
        }
        out
    }

    fn body(&self) -> &'a [u8] {
        &self.text[self.body_start.min(self.text.len())..]
    }

    fn body_without_signature(&self) -> &'a [u8] {
        let start = self.body_start.min(self.sig_start);
        &self.text[start..self.sig_start]
    }

    fn signature(&self) -> &'a [u8] {
        &self.text[self.sig_start..]
    }

    /// The value of a message atom.
    pub fn part(&self, part: MessagePart) -> Vec<u8> {
        match part {
            MessagePart::Subject => self.subject(),
            MessagePart::SubjectSanitized => sanitize(self.subject_raw()),
            MessagePart::Body => self.body().to_vec(),
            MessagePart::Contents => self.text.to_vec(),
            MessagePart::ContentsBody => self.body_without_signature().to_vec(),
            MessagePart::Signature => self.signature().to_vec(),
            MessagePart::Size => self.text.len().to_string().into_bytes(),
            MessagePart::Lines(n) => {
                let end = self.sig_start.max(self.body_start.min(self.sig_start));
                first_lines(&self.text[..end], n)
            }
        }
    }

    /// `%(trailers…)`: of the message without its signature.
    pub fn trailers(&self, opts: &TrailerOptions) -> Vec<u8> {
        let mut out = Vec::new();
        format_trailers(opts, &self.text[..self.sig_start], &mut out);
        out
    }
}

/// git's `append_lines`: the first `n` lines, each after the first indented by four spaces.
fn first_lines(buf: &[u8], n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = buf;
    for i in 0..n {
        if rest.is_empty() {
            break;
        }
        if i > 0 {
            out.extend_from_slice(b"\n    ");
        }
        match rest.find_byte(b'\n') {
            Some(nl) => {
                out.extend_from_slice(&rest[..nl]);
                rest = &rest[nl + 1..];
            }
            None => {
                out.extend_from_slice(rest);
                break;
            }
        }
    }
    out
}

/// git's `format_sanitized_subject` (see [`crate::stripspace::sanitize_subject`]).
pub(super) fn sanitize(subject: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(subject.len());
    crate::stripspace::sanitize_subject(subject, &mut out);
    out
}

/// `%(subject)` of a commit or tag object's bytes: its first paragraph, lines joined with
/// spaces (what `git branch -v` and `git log --oneline` show).
pub fn subject_of(object_data: &[u8]) -> bstr::BString {
    Message::of(object_data).subject().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_split_into_subject_and_body() {
        let m = Message::of(b"tree x\n\nline one\nline two\n\n\nbody\n");
        assert_eq!(m.subject(), b"line one line two");
        assert_eq!(m.part(MessagePart::Body), b"body\n");
        assert_eq!(m.part(MessagePart::ContentsBody), b"body\n");
        assert!(m.part(MessagePart::Signature).is_empty());
        assert_eq!(m.part(MessagePart::Lines(2)), b"line one\n    line two");
    }

    #[test]
    fn sanitized_subjects_are_file_names() {
        assert_eq!(sanitize(b"Fix: the  bug..."), b"Fix-the-bug");
        assert_eq!(sanitize(b"a...b"), b"a.b");
    }
}
