//! User formats expanded for one commit (git's `format_commit_one`): each placeholder's text,
//! the `%-`/`%+`/`% ` magic around it, padding (`%<(N)`…) and wrapping (`%w(…)`).

use super::message::{self, lines_with_ends, skip_blank_lines, split_commit};
use super::user::{Item, Magic, Part, Role};
use super::{pad, Mark, Pretty, UserFormat, WalkInfo};
use crate::date::{DateFormat, DateKind};
use crate::object::SignatureRef;
use crate::{ObjectId, Result};
use bstr::ByteSlice;

impl Pretty<'_> {
    pub(super) fn user(
        &mut self,
        format: &UserFormat,
        id: &ObjectId,
        data: &[u8],
        buf: &[u8],
        walk: WalkInfo<'_>,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        let (headers, message) = split_commit(buf);
        let mut commit = Fields {
            id,
            data,
            headers,
            message,
            mark: walk.mark,
            source: walk.source,
            parents: walk.parents,
            parsed: None,
        };
        let start = out.len();
        let mut pending = None;
        // git's rewrap_message_tail: where wrapping starts, and the current %w
        let mut wrapping = (start, (0, 0, 0));
        let rewrap = |out: &mut Vec<u8>, wrapping: &mut (usize, (usize, usize, usize)), new| {
            if wrapping.1 == new {
                return;
            }
            let (from, (width, i1, i2)) = *wrapping;
            if from < out.len() {
                let tail = out.split_off(from);
                if (width, i1, i2) == (0, 0, 0) {
                    out.extend_from_slice(&tail);
                } else {
                    pad::wrap(out, &tail, i1, i2, width);
                }
            }
            *wrapping = (out.len(), new);
        };
        for part in &format.parts {
            match part {
                Part::Literal(t) => out.extend_from_slice(t),
                Part::Wrap(w, i1, i2) => rewrap(out, &mut wrapping, (*w, *i1, *i2)),
                Part::Pad(p) => pending = Some(*p),
                Part::Item(magic, item) => {
                    let at = out.len();
                    match pending.take() {
                        None => self.item(item, &mut commit, out)?,
                        Some(p) => {
                            let mut local = Vec::new();
                            self.item(item, &mut commit, &mut local)?;
                            pad::pad(out, start, local, &p);
                        }
                    }
                    match magic {
                        Magic::None => {}
                        Magic::DeleteNewlinesIfEmpty if out.len() == at => {
                            while out.len() > start && out.last() == Some(&b'\n') {
                                out.pop();
                            }
                        }
                        _ if out.len() == at => {}
                        Magic::NewlineIfNonEmpty => {
                            out.insert(at, b'\n');
                        }
                        Magic::SpaceIfNonEmpty => {
                            out.insert(at, b' ');
                        }
                        Magic::DeleteNewlinesIfEmpty => {}
                    }
                }
            }
        }
        rewrap(out, &mut wrapping, (0, 0, 0));
        Ok(())
    }

    fn item(&mut self, item: &Item, c: &mut Fields<'_>, out: &mut Vec<u8>) -> Result<()> {
        let hex_list = |ids: &[ObjectId]| ids.iter().map(ObjectId::to_hex).collect::<Vec<_>>();
        match item {
            Item::Nothing => {}
            Item::Text(t) => out.extend_from_slice(t),
            Item::Hash => out.extend_from_slice(c.id.to_hex().as_bytes()),
            Item::AbbrevHash => {
                let s = self.abbreviate(c.id, self.abbrev)?;
                out.extend_from_slice(s.as_bytes());
            }
            Item::Tree | Item::AbbrevTree => {
                if let Some(tree) = c.ids(b"tree ").first() {
                    let s = match item {
                        Item::Tree => tree.to_hex(),
                        _ => self.abbreviate(tree, self.abbrev)?,
                    };
                    out.extend_from_slice(s.as_bytes());
                }
            }
            Item::Parents => out.extend_from_slice(hex_list(&c.parents()).join(" ").as_bytes()),
            Item::AbbrevParents => {
                let mut list = Vec::new();
                for p in c.parents() {
                    list.push(self.abbreviate(&p, self.abbrev)?);
                }
                out.extend_from_slice(list.join(" ").as_bytes());
            }
            Item::Mark => out.extend_from_slice(c.mark.as_bytes()),
            Item::Decorations => self.write_decorations(c.id, out)?,
            Item::BareDecorations => self.decorations()?.format(c.id, b"", b"", out),
            Item::Decorate(style) => self.decorations()?.format_with(c.id, style, out),
            Item::Person(role, part) => self.person(*role, *part, c, out)?,
            Item::Encoding => {
                if let Some(e) = message::encoding_of(c.data) {
                    out.extend_from_slice(e);
                }
            }
            Item::RawBody => out.extend_from_slice(c.message),
            Item::Subject => out.extend_from_slice(&c.split().0),
            Item::SanitizedSubject => {
                let msg = skip_blank_lines(c.message);
                let first = msg.find_byte(b'\n').map_or(msg, |eol| &msg[..eol]);
                crate::stripspace::sanitize_subject(first, out);
            }
            Item::Notes => match self.notes.is_some() {
                true => self.write_notes(c.id, true, out)?,
                false => out.extend_from_slice(b"%N"),
            },
            Item::Source => match c.source {
                Some(name) => out.extend_from_slice(name),
                None => out.extend_from_slice(b"%S"),
            },
            Item::Body => out.extend_from_slice(c.split().1),
        }
        Ok(())
    }

    /// git's `format_person_part`.
    fn person(&mut self, role: Role, part: u8, c: &Fields<'_>, out: &mut Vec<u8>) -> Result<()> {
        let key: &[u8] = match role {
            Role::Author => b"author ",
            Role::Committer => b"committer ",
        };
        let line = lines_with_ends(c.headers)
            .filter_map(|l| l.strip_prefix(key))
            .last()
            .map(|l| l.strip_suffix(b"\n").unwrap_or(l));
        let sig = line.and_then(|l| SignatureRef::parse(l).ok());
        let literal = |out: &mut Vec<u8>| {
            if !matches!(part, b'n' | b'e' | b't' | b'd' | b'D' | b'r' | b'i') {
                out.push(b'%');
                out.push(if role == Role::Author { b'a' } else { b'c' });
                out.push(part);
            }
        };
        let Some(sig) = sig else {
            literal(out);
            return Ok(());
        };
        let (name, email) = match part {
            b'N' | b'E' | b'L' => self.mailmap()?.map(sig.name, sig.email),
            _ => None,
        }
        .unwrap_or((sig.name, sig.email));
        match part {
            b'n' | b'N' => out.extend_from_slice(name),
            b'e' | b'E' => out.extend_from_slice(email),
            b'l' | b'L' => {
                out.extend_from_slice(email.find_byte(b'@').map_or(email, |at| &email[..at]))
            }
            _ if sig.time.is_empty() => literal(out),
            _ => self.person_date(&sig, part, out, literal),
        }
        Ok(())
    }

    fn person_date(
        &self,
        sig: &SignatureRef<'_>,
        part: u8,
        out: &mut Vec<u8>,
        literal: impl Fn(&mut Vec<u8>),
    ) {
        let fixed = |k| DateFormat::new(k);
        let text = match part {
            b't' => return out.extend_from_slice(sig.time),
            b'd' => self.date(sig, &self.options.date),
            b'D' => self.date(sig, &fixed(DateKind::Rfc)),
            b'r' => self.date(sig, &fixed(DateKind::Relative)),
            b'i' => self.date(sig, &fixed(DateKind::Iso)),
            b'I' => self.date(sig, &fixed(DateKind::IsoStrict)),
            b's' => self.date(sig, &fixed(DateKind::Short)),
            b'h' => self.date(sig, &fixed(DateKind::Human)),
            _ => return literal(out),
        };
        out.extend_from_slice(text.as_bytes());
    }
}

/// One commit's parts, split on first use.
struct Fields<'a> {
    id: &'a ObjectId,
    data: &'a [u8],
    headers: &'a [u8],
    message: &'a [u8],
    mark: Mark,
    source: Option<&'a [u8]>,
    parents: Option<&'a [ObjectId]>,
    parsed: Option<(Vec<u8>, &'a [u8])>,
}

impl<'a> Fields<'a> {
    fn ids(&self, key: &[u8]) -> Vec<ObjectId> {
        lines_with_ends(self.headers)
            .filter_map(|l| l.strip_prefix(key))
            .filter_map(|h| ObjectId::from_hex(h.get(..ObjectId::HEX_LEN)?).ok())
            .collect()
    }

    /// The parents as the walk sees them, or the commit's own.
    fn parents(&self) -> Vec<ObjectId> {
        match self.parents {
            Some(parents) => parents.to_vec(),
            None => self.ids(b"parent "),
        }
    }

    fn split(&mut self) -> &(Vec<u8>, &'a [u8]) {
        let message = self.message;
        self.parsed
            .get_or_insert_with(|| message::subject_and_body(message))
    }
}
