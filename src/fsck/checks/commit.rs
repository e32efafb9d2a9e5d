//! The checks of a commit and of a tag (git 2.47 `fsck_commit`, `fsck_tag_standalone`),
//! and of the ident lines both carry.
//!
//! ## What a commit must look like
//!
//! ```text
//! tree <40 hex, either case>\n
//! parent <40 hex>\n                               (any number)
//! author <name> <<email>> <seconds> <+|-hhmm>\n   (exactly one)
//! committer <name> <<email>> <seconds> <+|-hhmm>\n
//! <any other headers>
//! \n
//! <message, anything but NUL>
//! ```
//!
//! ## What a tag must look like
//!
//! ```text
//! object <40 hex, either case>\n
//! type <commit|tree|blob|tag>\n
//! tag <name, valid as refs/tags/<name>>\n
//! tagger <name> <<email>> <seconds> <+|-hhmm>\n
//! \n
//! <message, anything>
//! ```
//!

use super::*;

/// Checks a tag body as git's `fsck_tag_standalone` does, calling `on_problem` for every problem
/// that is not ignored; `on_problem` returns whether the problem fails the check.
pub fn check_tag(
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> TagCheck {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    let mut check = TagCheck {
        failed: false,
        target: None,
        target_kind: None,
    };
    check.failed = tag_steps(data, &mut r, &mut check);
    check
}

fn tag_steps(data: &[u8], r: &mut Reporter<'_>, check: &mut TagCheck) -> bool {
    if verify_headers(data, r) {
        return true;
    }
    let line_end = |from: usize| data.get(from..).and_then(|rest| rest.find_byte(b'\n'));

    if !has_prefix(data, 0, b"object ") {
        return r.report(
            MsgId::MissingObject,
            "invalid format - expected 'object' line",
        );
    }
    let hex_end = 7 + ObjectId::HEX_LEN;
    let id = data
        .get(7..hex_end)
        .and_then(|hex| ObjectId::from_hex(hex).ok());
    let mut pos = match id {
        Some(id) if at(data, hex_end) == b'\n' => {
            check.target = Some(id);
            hex_end + 1
        }
        _ => {
            if r.report(
                MsgId::BadObjectSha1,
                "invalid 'object' line format - bad sha1",
            ) {
                return true;
            }
            check.target = id;
            match id {
                Some(_) => hex_end + 1,
                None => line_end(7).map_or(data.len(), |nl| 7 + nl + 1),
            }
        }
    };

    if !has_prefix(data, pos, b"type ") {
        return r.report(
            MsgId::MissingTypeEntry,
            "invalid format - expected 'type' line",
        );
    }
    pos += 5;
    let Some(len) = line_end(pos) else {
        return r.report(
            MsgId::MissingType,
            "invalid format - unexpected end after 'type' line",
        );
    };
    check.target_kind = data.get(pos..pos + len).and_then(Kind::from_bytes);
    if check.target_kind.is_none() && r.report(MsgId::BadType, "invalid 'type' value") {
        return true;
    }
    pos += len + 1;

    if !has_prefix(data, pos, b"tag ") {
        return r.report(
            MsgId::MissingTagEntry,
            "invalid format - expected 'tag' line",
        );
    }
    pos += 4;
    let Some(len) = line_end(pos) else {
        // git's text, which names the wrong line
        return r.report(
            MsgId::MissingTag,
            "invalid format - unexpected end after 'type' line",
        );
    };
    let name = data.get(pos..pos + len).unwrap_or_default();
    let mut full = BString::from("refs/tags/");
    full.extend_from_slice(name);
    if crate::refs::name::check_ref_format(&full).is_err() {
        let mut text = BString::from("invalid 'tag' name: ");
        text.extend_from_slice(name);
        if r.report(MsgId::BadTagName, text) {
            return true;
        }
    }
    pos += len + 1;

    let mut failed = false;
    if has_prefix(data, pos, b"tagger ") {
        pos += 7;
        failed = check_ident(data, &mut pos, r);
    } else if r.report(
        MsgId::MissingTaggerEntry,
        "invalid format - expected 'tagger' line",
    ) {
        return true;
    }

    match at(data, pos) {
        0 | b'\n' => failed,
        _ => r.report(
            MsgId::ExtraHeaderEntry,
            "invalid format - extra header(s) after 'tagger'",
        ),
    }
}

/// git's `verify_headers`: no NUL before the first blank line, and a newline at the end when
/// there is no blank line.
fn verify_headers(data: &[u8], r: &mut Reporter<'_>) -> bool {
    for (i, &b) in data.iter().enumerate() {
        match b {
            0 => {
                return r.report(
                    MsgId::NulInHeader,
                    format!("unterminated header: NUL at offset {i}"),
                )
            }
            b'\n' if data.get(i + 1) == Some(&b'\n') => return false,
            _ => {}
        }
    }
    if data.last() == Some(&b'\n') {
        return false;
    }
    r.report(MsgId::UnterminatedHeader, "unterminated header")
}

/// git's `fsck_ident` on the signature starting at `*pos`; leaves `*pos` after its line.
fn check_ident(data: &[u8], pos: &mut usize, r: &mut Reporter<'_>) -> bool {
    let mut p = *pos;
    let line_len = data
        .get(p..)
        .unwrap_or_default()
        .iter()
        .position(|&b| b == b'\n' || b == 0)
        .unwrap_or(data.len().saturating_sub(p));
    *pos = p + line_len + usize::from(at(data, p + line_len) == b'\n');

    let skip_to_delim = |mut i: usize| {
        while !matches!(at(data, i), 0 | b'<' | b'>' | b'\n') {
            i += 1;
        }
        i
    };
    const PREFIX: &str = "invalid author/committer line - ";
    let mut fail = |id: MsgId, what: &str| r.report(id, format!("{PREFIX}{what}"));

    if at(data, p) == b'<' {
        return fail(MsgId::MissingNameBeforeEmail, "missing space before email");
    }
    p = skip_to_delim(p);
    if at(data, p) == b'>' {
        return fail(MsgId::BadName, "bad name");
    }
    if at(data, p) != b'<' {
        return fail(MsgId::MissingEmail, "missing email");
    }
    if p.checked_sub(1).map(|i| at(data, i)) != Some(b' ') {
        return fail(MsgId::MissingSpaceBeforeEmail, "missing space before email");
    }
    p = skip_to_delim(p + 1);
    if at(data, p) != b'>' {
        return fail(MsgId::BadEmail, "bad email");
    }
    p += 1;
    if at(data, p) != b' ' {
        return fail(MsgId::MissingSpaceBeforeDate, "missing space before date");
    }
    p += 1;
    while matches!(at(data, p), b' ' | b'\t') {
        p += 1;
    }
    if !at(data, p).is_ascii_digit() {
        return fail(MsgId::BadDate, "bad date");
    }
    if at(data, p) == b'0' && at(data, p + 1) != b' ' {
        return fail(MsgId::ZeroPaddedDate, "zero-padded date");
    }
    // strtoumax: saturates at the maximum on overflow
    let mut end = p;
    let mut seconds: u64 = 0;
    while at(data, end).is_ascii_digit() {
        seconds = seconds
            .saturating_mul(10)
            .saturating_add(u64::from(at(data, end) - b'0'));
        end += 1;
    }
    // git's date_overflows: the value must fit git's timestamp and the system's time_t
    if seconds == u64::MAX || seconds > i64::MAX as u64 {
        return fail(MsgId::BadDateOverflow, "date causes integer overflow");
    }
    if at(data, end) != b' ' {
        return fail(MsgId::BadDate, "bad date");
    }
    p = end + 1;
    let zone_ok = matches!(at(data, p), b'+' | b'-')
        && (1..=4).all(|i| at(data, p + i).is_ascii_digit())
        && at(data, p + 5) == b'\n';
    if !zone_ok {
        return fail(MsgId::BadTimezone, "bad time zone");
    }
    false
}

/// Checks a commit as git's `fsck_commit` does, calling `on_problem` for every problem that is
/// not ignored; returns whether one failed the check.
pub fn check_commit(
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> bool {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    commit_steps(data, &mut r)
}

fn commit_steps(data: &[u8], r: &mut Reporter<'_>) -> bool {
    if verify_headers(data, r) {
        return true;
    }
    let end = data.len();
    if !has_prefix(data, 0, b"tree ") {
        return r.report(MsgId::MissingTree, "invalid format - expected 'tree' line");
    }
    let mut pos = 5;
    if id_line(data, &mut pos)
        && r.report(MsgId::BadTreeSha1, "invalid 'tree' line format - bad sha1")
    {
        return true;
    }
    while pos < end && has_prefix(data, pos, b"parent ") {
        pos += 7;
        if id_line(data, &mut pos)
            && r.report(
                MsgId::BadParentSha1,
                "invalid 'parent' line format - bad sha1",
            )
        {
            return true;
        }
    }
    let mut authors = 0;
    while pos < end && has_prefix(data, pos, b"author ") {
        authors += 1;
        pos += 7;
        if check_ident(data, &mut pos, r) {
            return true;
        }
    }
    let failed = match authors {
        0 => r.report(
            MsgId::MissingAuthor,
            "invalid format - expected 'author' line",
        ),
        1 => false,
        _ => r.report(
            MsgId::MultipleAuthors,
            "invalid format - multiple 'author' lines",
        ),
    };
    if failed {
        return true;
    }
    if pos >= end || !has_prefix(data, pos, b"committer ") {
        return r.report(
            MsgId::MissingCommitter,
            "invalid format - expected 'committer' line",
        );
    }
    pos += 10;
    if check_ident(data, &mut pos, r) {
        return true;
    }
    data.contains(&0) && r.report(MsgId::NulInCommit, "NUL byte in the commit object body")
}

/// Reads `<40 hex>\n` at `*pos` and moves past it; returns whether it was bad. A bad line is
/// skipped to its newline (git, whose callers stop at the first failure, leaves this undefined).
fn id_line(data: &[u8], pos: &mut usize) -> bool {
    let hex_end = *pos + ObjectId::HEX_LEN;
    let ok = data
        .get(*pos..hex_end)
        .is_some_and(|hex| ObjectId::from_hex(hex).is_ok())
        && at(data, hex_end) == b'\n';
    *pos = if ok {
        hex_end + 1
    } else {
        data.get(*pos..)
            .and_then(|rest| rest.find_byte(b'\n'))
            .map_or(data.len(), |nl| *pos + nl + 1)
    };
    !ok
}
