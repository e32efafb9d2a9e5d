//! `.mailmap`: the names and emails git shows instead of those recorded in commits (`%aN`,
//! `%aE`, and the `Author:` lines of `log` with `log.mailmap`).
//!
//! Each line maps by email, or by email and name; `#` starts a comment line:
//!
//! ```text
//! Proper Name <commit@email>                            the name, for that email
//! <proper@email> <commit@email>                         the email
//! Proper Name <proper@email> <commit@email>             both
//! Proper Name <proper@email> Commit Name <commit@email> both, for that name and email only
//! ```
//!
//! Emails and names are compared without regard to ASCII case.
//!
//! ```
//! use gitstore::pretty::Mailmap;
//!
//! let map = Mailmap::parse(b"Ann Author <ann@example.com> <ann@old.example>\n");
//! assert_eq!(
//!     map.map(b"ann", b"ANN@old.example"),
//!     Some((&b"Ann Author"[..], &b"ann@example.com"[..]))
//! );
//! assert_eq!(map.map(b"Bob", b"bob@example.com"), None);
//! ```

use crate::Repository;
use bstr::{BString, ByteSlice};
use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;

/// What one entry maps to: a name, an email, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Info {
    name: Option<BString>,
    email: Option<BString>,
}

/// The entries for one commit email: the simple one, and those that also match a name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entry {
    simple: Info,
    by_name: BTreeMap<BString, Info>,
}

/// A parsed mailmap (git's `read_mailmap`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mailmap {
    /// Keyed by the lowercased commit email.
    entries: BTreeMap<BString, Entry>,
}

/// A mailmap line's name (if any), email, and the rest of the line (if any).
type NameEmailRest<'a> = (Option<&'a [u8]>, &'a [u8], Option<&'a [u8]>);

/// git's `parse_name_and_email`: the trimmed name before `<` (`None` when empty), the email
/// between `<` and `>`, and what follows `>` (`None` when nothing does).
fn name_and_email(s: &[u8], allow_empty_email: bool) -> Option<NameEmailRest<'_>> {
    let lt = s.find_byte(b'<')?;
    let gt = lt + 1 + s[lt + 1..].find_byte(b'>')?;
    if !allow_empty_email && gt == lt + 1 {
        return None;
    }
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let name = s[..lt]
        .trim_start_with(|c| space(&(c as u8)))
        .trim_end_with(|c| space(&(c as u8)));
    let name = name.as_bytes();
    let rest = &s[gt + 1..];
    Some((
        (!name.is_empty()).then_some(name),
        &s[lt + 1..gt],
        (!rest.is_empty()).then_some(rest),
    ))
}

impl Mailmap {
    /// Parses mailmap text (lines git cannot read are skipped, as git skips them).
    pub fn parse(text: &[u8]) -> Mailmap {
        let mut map = Mailmap::default();
        map.add_text(text);
        map
    }

    /// Adds the entries of more mailmap text (a later entry for the same email wins).
    pub fn add_text(&mut self, text: &[u8]) {
        for line in text.lines() {
            if line.first() == Some(&b'#') {
                continue;
            }
            let Some((name1, email1, rest)) = name_and_email(line, false) else {
                continue;
            };
            let (name2, email2) = match rest.and_then(|r| name_and_email(r, true)) {
                Some((n, e, _)) => (n, Some(e)),
                None => (None, None),
            };
            self.add(name1, email1, name2, email2);
        }
    }

    /// git's `add_mapping`.
    fn add(
        &mut self,
        new_name: Option<&[u8]>,
        new_email: &[u8],
        old_name: Option<&[u8]>,
        old_email: Option<&[u8]>,
    ) {
        let (old_email, new_email) = match old_email {
            Some(old) => (old, Some(new_email)),
            None => (new_email, None),
        };
        let entry = self
            .entries
            .entry(old_email.to_ascii_lowercase().into())
            .or_default();
        match old_name {
            None => {
                if let Some(n) = new_name {
                    entry.simple.name = Some(n.into());
                }
                if let Some(e) = new_email {
                    entry.simple.email = Some(e.into());
                }
            }
            Some(old) => {
                entry.by_name.insert(
                    old.to_ascii_lowercase().into(),
                    Info {
                        name: new_name.map(BString::from),
                        email: new_email.map(BString::from),
                    },
                );
            }
        }
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// git's `map_user`: the name and email to show for `name <email>`, when an entry maps it.
    pub fn map<'m, 'a: 'm>(
        &'m self,
        name: &'a [u8],
        email: &'a [u8],
    ) -> Option<(&'m [u8], &'m [u8])> {
        let entry = self.entries.get(email.to_ascii_lowercase().as_slice())?;
        let info = entry
            .by_name
            .get(name.to_ascii_lowercase().as_slice())
            .unwrap_or(&entry.simple);
        if info.name.is_none() && info.email.is_none() {
            return None;
        }
        Some((
            info.name.as_deref().map_or(name, |n| n.as_bytes()),
            info.email.as_deref().map_or(email, |e| e.as_bytes()),
        ))
    }

    /// git's `read_mailmap` for `repo`: `.mailmap` at the top of the work tree, the blob
    /// `mailmap.blob` names (in a bare repository by default `HEAD:.mailmap`), then the file
    /// `mailmap.file` names; missing files and blobs are skipped.
    pub fn load(repo: &Repository) -> crate::Result<Mailmap> {
        let mut map = Mailmap::default();
        if let Some(top) = repo.work_tree() {
            if let Ok(text) = crate::file::read(&top.join(".mailmap")) {
                map.add_text(&text);
            }
        }
        let blob = match repo.config().get("mailmap.blob") {
            Some(b) => Some(b.to_vec()),
            None if repo.is_bare() => Some(b"HEAD:.mailmap".to_vec()),
            None => None,
        };
        if let Some(spec) = blob.filter(|b| !b.is_empty()) {
            let found = crate::revision::resolve_with(repo, &spec, crate::revision::Hint::Any);
            if let Ok(id) = found {
                if let Ok(blob) = repo.find_blob(&id) {
                    map.add_text(&blob.data);
                }
            }
        }
        if let Some(file) = repo.config().get("mailmap.file") {
            let file = std::path::Path::new(std::ffi::OsStr::from_bytes(file));
            let path = match file.strip_prefix("~") {
                Ok(rest) => repo
                    .env()
                    .var("HOME")
                    .map(|h| std::path::Path::new(h).join(rest)),
                // git runs from the top of the work tree
                Err(_) => Some(repo.work_tree().unwrap_or(repo.git_dir()).join(file)),
            };
            if let Some(text) = path.and_then(|p| crate::file::read(&p).ok()) {
                map.add_text(&text);
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_map_by_email_then_name() {
        let map = Mailmap::parse(
            b"# comment\n\
              Proper <proper@x> Old Name <old@x>\n\
              Simple <old@x>\n\
              <only@email> <e@x>\n\
              bad line\n",
        );
        assert_eq!(
            map.map(b"old name", b"OLD@x"),
            Some((&b"Proper"[..], &b"proper@x"[..]))
        );
        assert_eq!(
            map.map(b"Other", b"old@x"),
            Some((&b"Simple"[..], &b"old@x"[..]))
        );
        assert_eq!(map.map(b"N", b"e@x"), Some((&b"N"[..], &b"only@email"[..])));
        assert_eq!(map.map(b"N", b"none@x"), None);
    }
}
