//! `git rev-list`'s framing of a formatted commit (its `show_commit`): with `--pretty=` or
//! `--format=`, a `commit <id>` line (none for `oneline`, none for a user format with
//! `--no-commit-header`), the formatted commit and a newline; with `--header` alone, the id, the
//! commit in `raw` format and a NUL.
//!
//! ```text
//! --format=%s        commit 41a0414…\nedit odd names\n
//! --oneline          41a0414 edit odd names\n
//! --header           41a0414…\ntree …\nparent …\n…\n\n    edit odd names\n\0
//! ```

use super::{Builtin, CommitFormat, Pretty, WalkInfo};
use crate::{ObjectId, Result};

/// How `rev-list` frames each commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevListStyle {
    /// `--pretty=…`, `--format=…`, `--oneline`; `commit_header: false` is
    /// `--no-commit-header` (it only drops the line of user formats, as in git).
    Pretty {
        /// Whether user formats get their `commit <id>` line.
        commit_header: bool,
    },
    /// `--header` without a format: raw commits, each ended by a NUL.
    Header,
}

/// One commit as the walk hands it to `rev-list`.
#[derive(Debug, Clone, Copy)]
pub struct RevListEntry<'a> {
    /// The commit.
    pub id: &'a ObjectId,
    /// Its stored bytes.
    pub data: &'a [u8],
    /// git's `get_revision_mark`: empty, or `-` (boundary), `<`/`>` (`--left-right`)…
    pub mark: &'a [u8],
    /// `--parents`: the parents to print after the id, in full (rewritten ones, for a
    /// path-limited walk).
    pub parents: Option<&'a [ObjectId]>,
    /// `--children`: the children to print after the id, in full. git prints these and the
    /// parents even when the `commit` line is left out (`--no-commit-header`).
    pub children: Option<&'a [ObjectId]>,
    /// What `%m` and `%S` show.
    pub walk: WalkInfo<'a>,
}

/// Writes commits as `git rev-list` does with a format or `--header`.
pub struct RevListWriter<'r> {
    pretty: Pretty<'r>,
    style: RevListStyle,
}

impl<'r> RevListWriter<'r> {
    /// A writer formatting with `pretty` (for [`RevListStyle::Header`], in `raw` format).
    /// `rev-list` never expands tabs.
    pub fn new(mut pretty: Pretty<'r>, style: RevListStyle) -> RevListWriter<'r> {
        pretty.options.expand_tabs = Some(0);
        RevListWriter { pretty, style }
    }

    /// Writes one commit.
    pub fn write(&mut self, e: &RevListEntry<'_>, out: &mut Vec<u8>) -> Result<()> {
        let format = &self.pretty.options.format;
        let header = self.style == RevListStyle::Header;
        let oneline = !header && *format == CommitFormat::Builtin(Builtin::Oneline);
        let user = !header && matches!(format, CommitFormat::User(_));
        let include_header = match self.style {
            RevListStyle::Pretty { commit_header } => commit_header || !user,
            RevListStyle::Header => true,
        };
        if matches!(self.style, RevListStyle::Pretty { .. }) && include_header && !oneline {
            out.extend_from_slice(b"commit ");
        }
        let abbrev = self.pretty.abbrev;
        let len = if self.pretty.options.abbrev_commit && abbrev < ObjectId::HEX_LEN {
            abbrev
        } else {
            ObjectId::HEX_LEN
        };
        if include_header {
            out.extend_from_slice(e.mark);
            out.extend_from_slice(self.pretty.abbreviate(e.id, len)?.as_bytes());
        }
        // in full, even with --abbrev-commit, and even without the commit line
        let related = e.parents.unwrap_or_default().iter();
        for p in related.chain(e.children.unwrap_or_default()) {
            out.push(b' ');
            out.extend_from_slice(p.to_hex().as_bytes());
        }
        if oneline {
            out.push(b' ');
        } else if include_header {
            out.push(b'\n');
        }
        let start = out.len();
        match self.style {
            RevListStyle::Header => {
                self.pretty
                    .builtin(Builtin::Raw, &super::reencode(e.data), None, out)?
            }
            RevListStyle::Pretty { .. } => {
                self.pretty.format_commit_with(e.id, e.data, e.walk, out)?
            }
        }
        if out.len() > start {
            out.push(match self.style {
                RevListStyle::Header => 0,
                RevListStyle::Pretty { .. } => b'\n',
            });
        } else if oneline {
            out.push(b'\n');
        }
        Ok(())
    }
}
