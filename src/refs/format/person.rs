//! Reading the header of a commit or tag object the way ref-filter does: person lines
//! (`author`, `committer`, `tagger`) and their name, email and date, with `.mailmap` applied;
//! other header values (`tree`, `parent`); whether a commit is signed.

use super::atom::{EmailOptions, SignatureField};
use crate::mailmap::Mailmap;
use bstr::{BString, ByteSlice};

/// git's `find_wholine`: the text after `who ` on its header line, `None` without one.
pub(super) fn person_line<'a>(data: &'a [u8], who: &str) -> Option<&'a [u8]> {
    for line in data.lines() {
        if line.is_empty() {
            return None;
        }
        if let Some(rest) = line.strip_prefix(who.as_bytes()) {
            if let Some(rest) = rest.strip_prefix(b" ") {
                return Some(rest);
            }
        }
    }
    None
}

/// The values of header lines `key` of an object (`tree`, `parent`).
pub(super) fn header_values<'a>(
    data: &'a [u8],
    key: &'a str,
) -> impl Iterator<Item = &'a [u8]> + 'a {
    data.lines()
        .take_while(|l| !l.is_empty())
        .filter_map(move |l| l.strip_prefix(key.as_bytes())?.strip_prefix(b" "))
}

/// A person line with its name and email replaced as `.mailmap` says.
pub(super) fn mailmapped(line: &[u8], map: &Mailmap) -> Vec<u8> {
    let (Some(lt), Some(gt)) = (line.find_byte(b'<'), line.find_byte(b'>')) else {
        return line.to_vec();
    };
    if gt < lt {
        return line.to_vec();
    }
    let name = line[..lt].trim_end_with(|c| c == ' ');
    let email = &line[lt + 1..gt];
    match map.map(name, email) {
        Some((n, e)) => {
            let mut out = n.to_vec();
            out.extend_from_slice(b" <");
            out.extend_from_slice(e);
            out.push(b'>');
            out.extend_from_slice(&line[gt + 1..]);
            out
        }
        None => line.to_vec(),
    }
}

/// ref-filter's `copy_email` with its options.
pub(super) fn email_of(line: &[u8], opts: EmailOptions) -> Vec<u8> {
    let Some(lt) = line.find_byte(b'<') else {
        return Vec::new();
    };
    let trimmed = opts.trim || opts.localpart;
    let email = if trimmed {
        &line[lt + 1..]
    } else {
        &line[lt..]
    };
    let end = if opts.localpart {
        email.find_byte(b'@').or_else(|| email.find_byte(b'>'))
    } else if opts.trim {
        email.find_byte(b'>')
    } else {
        email.find_byte(b'>').map(|e| e + 1)
    };
    end.map(|e| email[..e].to_vec()).unwrap_or_default()
}

/// ref-filter's `grab_date`: the seconds and zone after `> `, `None` when they do not parse.
pub(super) fn date_of(line: &[u8]) -> Option<(i64, i32)> {
    let at = line.find(b"> ")?;
    let rest = line[at + 2..].to_str().ok()?;
    let mut parts = rest.split_whitespace();
    let seconds: i64 = parts.next()?.parse().ok()?;
    let tz: i32 = parts.next().and_then(|z| z.parse().ok()).unwrap_or(0);
    Some((seconds, tz))
}

/// `%(signature…)` without verifying: only whether the commit carries a signature.
pub(super) fn signature(data: &[u8], field: SignatureField) -> BString {
    let signed = data
        .lines()
        .take_while(|l| !l.is_empty())
        .any(|l| l.starts_with(b"gpgsig ") || l.starts_with(b"gpgsig-sha256 "));
    match field {
        SignatureField::Grade if !signed => "N".into(),
        SignatureField::TrustLevel => "undefined".into(),
        _ => BString::default(),
    }
}
