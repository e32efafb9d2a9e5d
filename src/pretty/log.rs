//! `git log`'s framing of each commit (its `show_log`): the `commit <id>` line with
//! decorations, the formatted commit, notes, and the blank line between commits or the newline
//! after each.

use super::{Builtin, CommitFormat, Pretty, WalkInfo};
use crate::{ObjectId, Result};

/// `git log`'s writer: each commit as git's `show_log` writes it, the blank line between
/// commits (or the newline after each, for `oneline` and `tformat:`) included.
pub struct LogWriter<'r> {
    pretty: Pretty<'r>,
    shown_one: bool,
}

impl<'r> LogWriter<'r> {
    /// A writer that formats with `pretty`.
    pub fn new(pretty: Pretty<'r>) -> LogWriter<'r> {
        LogWriter {
            pretty,
            shown_one: false,
        }
    }

    /// The formatter.
    pub fn pretty(&mut self) -> &mut Pretty<'r> {
        &mut self.pretty
    }

    /// Writes commit `id` (stored bytes `data`).
    pub fn write_commit(&mut self, id: &ObjectId, data: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.write_commit_with(id, data, WalkInfo::default(), false, out)
    }

    /// [`write_commit`](Self::write_commit) with what the walk knows of the commit;
    /// `show_mark`: the mark goes before the id (`-` for a boundary commit with `--boundary`,
    /// `<`/`>` with `--left-right`).
    pub fn write_commit_with(
        &mut self,
        id: &ObjectId,
        data: &[u8],
        walk: WalkInfo<'_>,
        show_mark: bool,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        self.write_commit_related(id, data, walk, show_mark, &[], out)
    }

    /// [`write_commit_with`](Self::write_commit_with), with `related` after the id on the
    /// `commit` line (or the `--oneline` line), abbreviated as the id is: the parents for
    /// `--parents` (rewritten ones on a path-limited walk), the children for `--children`.
    /// A `--format=` prints none (`%P` and `%p` say the parents there).
    pub fn write_commit_related(
        &mut self,
        id: &ObjectId,
        data: &[u8],
        walk: WalkInfo<'_>,
        show_mark: bool,
        related: &[ObjectId],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        let format = &self.pretty.options.format;
        let terminator = format.uses_terminator();
        let empty = format.is_empty();
        let buf = out;
        if self.shown_one && !terminator {
            buf.push(b'\n');
        }
        if let CommitFormat::Builtin(b) = *format {
            if b != Builtin::Oneline {
                buf.extend_from_slice(b"commit ");
            }
            if show_mark && !walk.mark.as_bytes().is_empty() {
                // git's `put_revision_mark`: the mark and a space
                buf.extend_from_slice(walk.mark.as_bytes());
                buf.push(b' ');
            }
            let len = if self.pretty.options.abbrev_commit {
                self.pretty.abbrev
            } else {
                ObjectId::HEX_LEN
            };
            buf.extend_from_slice(self.pretty.abbreviate(id, len)?.as_bytes());
            for other in related {
                buf.push(b' ');
                buf.extend_from_slice(self.pretty.abbreviate(other, len)?.as_bytes());
            }
            if self.pretty.options.decorate {
                self.pretty.write_decorations(id, buf)?;
            }
            buf.push(if b == Builtin::Oneline { b' ' } else { b'\n' });
        }
        self.pretty.format_commit_with(id, data, walk, buf)?;
        if !matches!(self.pretty.options.format, CommitFormat::User(_)) {
            self.pretty.write_notes(id, false, buf)?;
        }
        if terminator && !empty {
            buf.push(b'\n');
        }
        self.shown_one = true;
        Ok(())
    }
}
