//! [`RefName`]: a ref name that passed git's `check-ref-format` rules, and the helpers that
//! shorten and strip names for display (`%(refname:short)`, `:lstrip=N`, `:rstrip=N`).
//!
//! A ref name is a `/`-separated path. Every name entering the library is checked, because it
//! becomes a path under `.git`: `refs/heads/../../config` must never be written. The rules
//! (git's `check_refname_component`):
//!
//! - no component is empty (`//`, a leading or trailing `/`), starts with `.`, or ends with
//!   `.lock`;
//! - no `..`, no `@{`, no control character, space, `~ ^ : ? * [ \`, DEL;
//! - the name does not end with `.` and is not `@`.
//!
//! On top of that the library only accepts names under `refs/`, or one-level "root" refs written
//! in capitals, digits-free, with `_` and `-` (`HEAD`, `FETCH_HEAD`, `ORIG_HEAD`, `MERGE_HEAD`).
//! Two doors are wider, for what git reads but never writes (see [`super::malformed`]):
//! [`RefName::on_disk`] (a malformed name already on disk) and [`RefName::symref_target`] (a
//! symbolic ref's target, which may be any well-formed one-level name such as `main`).

use bstr::{BStr, BString, ByteSlice};
use std::fmt;

/// A validated ref name such as `refs/heads/main` or `HEAD`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RefName(BString);

/// The name `HEAD`.
pub const HEAD: &str = "HEAD";

impl RefName {
    /// Checks `name` and wraps it; the error says which rule it broke.
    pub fn new(name: impl Into<BString>) -> Result<RefName, crate::refs::RefError> {
        let name = name.into();
        match check(&name) {
            Ok(()) => Ok(RefName(name)),
            Err(reason) => Err(crate::refs::RefError::new(
                name,
                crate::refs::RefErrorKind::InvalidName { reason },
            )),
        }
    }

    /// Wraps `name` without checking it: for [`RefName::on_disk`], which checks it its way.
    pub(super) fn wrap_unchecked(name: BString) -> RefName {
        RefName(name)
    }

    /// Whether the name passes git's `check-ref-format` (one level allowed): false for a
    /// malformed name read from disk, see [`RefName::on_disk`].
    pub fn is_well_formed(&self) -> bool {
        check_ref_format(&self.0).is_ok()
    }

    /// `HEAD`.
    pub fn head() -> RefName {
        RefName(HEAD.into())
    }

    /// The name's bytes.
    pub fn as_bstr(&self) -> &BStr {
        self.0.as_bstr()
    }

    /// The name's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether this is a one-level root ref (`HEAD`, `FETCH_HEAD`…) rather than `refs/…`.
    pub fn is_root(&self) -> bool {
        !self.0.starts_with(b"refs/")
    }

    /// Whether the name is `HEAD`.
    pub fn is_head(&self) -> bool {
        self.0 == HEAD.as_bytes()
    }

    /// The name with `refs/heads/`, `refs/tags/`, `refs/remotes/` or `refs/` removed, without
    /// checking for ambiguity (see [`crate::refs::RefStore::shorten`] for git's rule).
    pub fn shorten_naive(&self) -> &BStr {
        for p in ["refs/heads/", "refs/tags/", "refs/remotes/", "refs/"] {
            if let Some(rest) = self.0.strip_prefix(p.as_bytes()) {
                return rest.as_bstr();
            }
        }
        self.as_bstr()
    }

    /// `:lstrip=n` of `for-each-ref`: see [`lstrip`].
    pub fn lstrip(&self, n: isize) -> &BStr {
        lstrip(&self.0, n)
    }

    /// `:rstrip=n` of `for-each-ref`: see [`rstrip`].
    pub fn rstrip(&self, n: isize) -> &BStr {
        rstrip(&self.0, n)
    }

    /// `:strip=n`, git's older name for `:lstrip=n`.
    pub fn strip(&self, n: isize) -> &BStr {
        lstrip(&self.0, n)
    }

    /// The owned bytes.
    pub fn into_bstring(self) -> BString {
        self.0
    }
}

impl TryFrom<&str> for RefName {
    type Error = crate::refs::RefError;
    fn try_from(s: &str) -> Result<RefName, Self::Error> {
        RefName::new(s)
    }
}

impl TryFrom<&[u8]> for RefName {
    type Error = crate::refs::RefError;
    fn try_from(s: &[u8]) -> Result<RefName, Self::Error> {
        RefName::new(s)
    }
}

impl std::str::FromStr for RefName {
    type Err = crate::refs::RefError;
    fn from_str(s: &str) -> Result<RefName, Self::Err> {
        RefName::new(s)
    }
}

impl AsRef<[u8]> for RefName {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for RefName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for RefName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RefName({:?})", self.0)
    }
}

/// Which rule of git's `check-ref-format` a name breaks (or the library's own: under `refs/`
/// or a root ref).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameProblem {
    /// The name is empty.
    #[error("empty name")]
    Empty,
    /// The name is `@`.
    #[error("'@' alone is not a valid name")]
    LoneAt,
    /// The name ends with `/`.
    #[error("ends with '/'")]
    TrailingSlash,
    /// The name ends with `.`.
    #[error("ends with '.'")]
    TrailingDot,
    /// `//` or a leading `/`.
    #[error("has an empty component ('//' or a leading '/')")]
    EmptyComponent,
    /// A component starts with `.`.
    #[error("has a component starting with '.'")]
    ComponentStartsWithDot,
    /// A component ends with `.lock`.
    #[error("has a component ending with '.lock'")]
    ComponentEndsWithLock,
    /// A byte below 0x20, or DEL.
    #[error("contains a control character")]
    ControlCharacter,
    /// One of `' ~^:?*[\'`.
    #[error("contains one of ' ~^:?*[\\'")]
    ForbiddenCharacter,
    /// `..`.
    #[error("contains '..'")]
    DoubleDot,
    /// `@{`.
    #[error("contains '@{{'")]
    AtBrace,
    /// Neither under `refs/` nor a root ref such as `HEAD` (the library's rule, not git's
    /// `check-ref-format`).
    #[error("is neither under 'refs/' nor an all-caps root ref like 'HEAD'")]
    NotUnderRefs,
}

/// git's `check-ref-format` rules for one name (with `--allow-onelevel`), no I/O. Returns which
/// rule is broken.
pub fn check_ref_format(name: &[u8]) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name == b"@" {
        return Err(NameProblem::LoneAt);
    }
    if name.ends_with(b"/") {
        return Err(NameProblem::TrailingSlash);
    }
    if name.ends_with(b".") {
        return Err(NameProblem::TrailingDot);
    }
    for component in name.split(|&b| b == b'/') {
        check_component(component)?;
    }
    Ok(())
}

fn check_component(c: &[u8]) -> Result<(), NameProblem> {
    if c.is_empty() {
        return Err(NameProblem::EmptyComponent);
    }
    if c.starts_with(b".") {
        return Err(NameProblem::ComponentStartsWithDot);
    }
    if c.ends_with(b".lock") {
        return Err(NameProblem::ComponentEndsWithLock);
    }
    let mut prev = 0u8;
    for &b in c {
        match b {
            0..=0x1f | 0x7f => return Err(NameProblem::ControlCharacter),
            b' ' | b'~' | b'^' | b':' | b'?' | b'*' | b'[' | b'\\' => {
                return Err(NameProblem::ForbiddenCharacter)
            }
            b'.' if prev == b'.' => return Err(NameProblem::DoubleDot),
            b'{' if prev == b'@' => return Err(NameProblem::AtBrace),
            _ => {}
        }
        prev = b;
    }
    Ok(())
}

/// Whether `name` has the syntax of a root ref: capitals, `_` and `-` only (git's
/// `is_root_ref_syntax`), e.g. `HEAD`, `ORIG_HEAD`.
pub fn is_root_ref_syntax(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b == b'_' || b == b'-')
}

/// The library's rule: `check-ref-format`, and either under `refs/` or a root ref.
fn check(name: &[u8]) -> Result<(), NameProblem> {
    check_ref_format(name)?;
    if name.starts_with(b"refs/") || is_root_ref_syntax(name) {
        Ok(())
    } else {
        Err(NameProblem::NotUnderRefs)
    }
}

/// Number of `/`-separated components to remove for a strip count `n`: a negative `n` keeps
/// `-n` components instead.
fn strip_count(name: &[u8], n: isize) -> isize {
    if n < 0 {
        let components = name.iter().filter(|&&b| b == b'/').count() as isize + 1;
        components + n
    } else {
        n
    }
}

/// `%(refname:lstrip=n)`: removes `n` leading components (`n < 0`: keeps the last `-n`); empty
/// when there are not that many.
pub fn lstrip(name: &[u8], n: isize) -> &BStr {
    let mut rest = name;
    for _ in 0..strip_count(name, n).max(0) {
        match rest.find_byte(b'/') {
            Some(i) => rest = &rest[i + 1..],
            None => return b"".as_bstr(),
        }
    }
    rest.as_bstr()
}

/// `%(refname:rstrip=n)`: removes `n` trailing components (`n < 0`: keeps the first `-n`); empty
/// when there are not that many.
pub fn rstrip(name: &[u8], n: isize) -> &BStr {
    let mut rest = name;
    for _ in 0..strip_count(name, n).max(0) {
        match rest.rfind_byte(b'/') {
            Some(i) => rest = &rest[..i],
            None => return b"".as_bstr(),
        }
    }
    rest.as_bstr()
}

/// git's rev-parse rules, in order: how a short name expands to full names.
pub const REV_PARSE_RULES: [(&str, &str); 6] = [
    ("", ""),
    ("refs/", ""),
    ("refs/tags/", ""),
    ("refs/heads/", ""),
    ("refs/remotes/", ""),
    ("refs/remotes/", "/HEAD"),
];

/// git's `shorten_unambiguous_ref`: the shortest name that the rev-parse rules expand back to
/// `name` and to no other existing ref. `exists` answers whether a full name is a ref that
/// resolves. In `strict` mode (git's default, `core.warnAmbiguousRefs`) every other rule must
/// fail; otherwise only the rules tried before the matching one.
pub fn shorten_unambiguous(
    name: &[u8],
    strict: bool,
    mut exists: impl FnMut(&[u8]) -> bool,
) -> BString {
    for i in (1..REV_PARSE_RULES.len()).rev() {
        let (prefix, suffix) = REV_PARSE_RULES[i];
        let Some(short) = name
            .strip_prefix(prefix.as_bytes())
            .and_then(|r| r.strip_suffix(suffix.as_bytes()))
        else {
            continue;
        };
        if short.is_empty() {
            continue;
        }
        let rules_to_fail = if strict { REV_PARSE_RULES.len() } else { i };
        let ambiguous = (0..rules_to_fail).filter(|&j| j != i).any(|j| {
            let (p, s) = REV_PARSE_RULES[j];
            let mut full = BString::from(p);
            full.extend_from_slice(short);
            full.extend_from_slice(s.as_bytes());
            exists(&full)
        });
        if !ambiguous {
            return short.into();
        }
    }
    name.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_pass() {
        for n in [
            "HEAD",
            "FETCH_HEAD",
            "refs/heads/main",
            "refs/heads/a/b-c.d",
            "refs/tags/v1.0",
            "refs/heads/ü",
        ] {
            assert!(RefName::new(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn hostile_names_are_refused() {
        for n in [
            "",
            "@",
            "refs/heads/",
            "refs/heads/x.",
            "refs//x",
            "/refs/x",
            "refs/../x",
            "refs/a..b",
            "refs/.hidden",
            "refs/x.lock",
            "refs/a@{1}",
            "refs/a b",
            "refs/a~1",
            "refs/a^",
            "refs/a:b",
            "refs/a?",
            "refs/a*",
            "refs/a[",
            "refs/a\\b",
            "refs/a\x01",
            "refs/a\x7f",
            "../x",
            "main",
            "heads/main",
            "config",
            "Head",
            "objects/12",
        ] {
            assert!(RefName::new(n).is_err(), "{n:?} accepted");
        }
    }

    #[test]
    fn lstrip_and_rstrip_follow_git() {
        let n = b"refs/heads/a/b";
        assert_eq!(lstrip(n, 2), "a/b");
        assert_eq!(lstrip(n, -1), "b");
        assert_eq!(lstrip(n, 4), "");
        assert_eq!(lstrip(n, -9), "refs/heads/a/b");
        assert_eq!(rstrip(n, 1), "refs/heads/a");
        assert_eq!(rstrip(n, -2), "refs/heads");
        assert_eq!(rstrip(n, 5), "");
        assert_eq!(lstrip(n, 0), "refs/heads/a/b");
    }

    #[test]
    fn shorten_prefers_short_names_unless_ambiguous() {
        let refs: &[&[u8]] = &[
            b"refs/heads/main",
            b"refs/tags/main",
            b"refs/heads/x",
            b"refs/remotes/origin/HEAD",
        ];
        let exists = |n: &[u8]| refs.contains(&n);
        assert_eq!(shorten_unambiguous(b"refs/heads/x", true, exists), "x");
        assert_eq!(
            shorten_unambiguous(b"refs/heads/main", true, exists),
            "heads/main"
        );
        assert_eq!(
            shorten_unambiguous(b"refs/tags/main", true, exists),
            "tags/main"
        );
        assert_eq!(
            shorten_unambiguous(b"refs/tags/main", false, exists),
            "main"
        );
        assert_eq!(
            shorten_unambiguous(b"refs/remotes/origin/HEAD", true, exists),
            "origin"
        );
        assert_eq!(shorten_unambiguous(b"HEAD", true, exists), "HEAD");
    }
}
