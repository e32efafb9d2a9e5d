//! Names: full ids, refs by git's dwim rules (`main` → `refs/heads/main`), reflog entries
//! (`main@{2}`, `@{1}`, `main@{<timestamp>}`, `main@{2.days.ago}`) and earlier checkouts (`@{-1}`), as git's
//! `get_oid_basic`, `dwim_ref`, `dwim_log` and `read_ref_at` read them.

use super::{unknown, Resolver, Short, Step, Stop};
use crate::date::{approxidate_careful, DateContext};
use crate::oid::ObjectId;
use crate::refs::name::REV_PARSE_RULES;
use crate::refs::tracking::{Branch, TrackingError};
use crate::refs::{RefName, Resolved};
use crate::revision::{Diagnostic, Hint, RefMatch, RevisionError, RevisionErrorKind};
use crate::{Error, Result};
use bstr::{BStr, BString, ByteSlice};

impl Resolver<'_> {
    /// Full ids, refs by the dwim rules, reflog entries (`<ref>@{n}`, `@{n}`), `@{-n}`.
    pub(super) fn basic(&mut self, name: &[u8], quiet: bool) -> std::result::Result<Step, Stop> {
        if name.len() == ObjectId::HEX_LEN {
            if let Ok(id) = ObjectId::from_hex(name) {
                if self.dwim_ref(name)?.count > 0 {
                    self.diagnostics
                        .push(Diagnostic::RefnameLooksLikeId { name: name.into() });
                }
                return Ok(Ok(id));
            }
        }
        let mut len = name.len();
        let mut selector: Option<&[u8]> = None;
        let mut nth_prior = false;
        let mut branch_mark = false;
        if name.last() == Some(&b'}') && name.len() >= 4 {
            let mut at = name.len() - 4;
            loop {
                if name[at] == b'@' && name.get(at + 1) == Some(&b'{') {
                    if name.get(at + 2) == Some(&b'-') {
                        if at != 0 {
                            return Ok(Err(unknown(name)));
                        }
                        nth_prior = true;
                    } else {
                        if is_branch_mark(&name[at..]) {
                            branch_mark = true;
                        } else {
                            selector = Some(&name[at + 2..name.len() - 1]);
                            len = at;
                        }
                        break;
                    }
                }
                if at == 0 {
                    break;
                }
                at -= 1;
            }
        }
        let base = &name[..len];
        if !base.is_empty() && ambiguous_path(base) {
            return Ok(Err(unknown(name)));
        }
        let mut prior_missing = false;
        if nth_prior {
            match self.nth_prior_checkout(base)? {
                Some(prev) if prev.len() == ObjectId::HEX_LEN => {
                    if let Ok(id) = ObjectId::from_hex(&prev) {
                        return Ok(Ok(id));
                    }
                }
                Some(_) => {}
                None => prior_missing = true,
            }
        }
        let selector = selector.filter(|s| !s.is_empty());
        let found = match selector {
            Some(_) if base.is_empty() => self.dwim_ref(b"HEAD")?,
            Some(_) => self.dwim_log(base)?,
            None => self.dwim_ref(base)?,
        };
        if found.count == 0 {
            return Ok(Err(match (selector, parse_nth_prior(base)) {
                _ if branch_mark => unknown(name),
                (None, Some(n)) if prior_missing => RevisionErrorKind::NoPriorCheckout { n },
                (Some(_), _) if !base.is_empty() => {
                    RevisionErrorKind::NoReflog { name: base.into() }
                }
                _ => unknown(name),
            }));
        }
        if !quiet
            && (found.count > 1
                || matches!(self.short_oid(base, Hint::Any, false)?, Short::Found(_)))
        {
            self.diagnostics
                .push(Diagnostic::AmbiguousRefname { name: base.into() });
        }
        let Some(selector) = selector else {
            return Ok(found.id.ok_or_else(|| unknown(name)));
        };
        let Some(refname) = found.full_name else {
            return Ok(Err(unknown(name)));
        };
        let shown: BString = if base.is_empty() {
            match refname.as_bytes().strip_prefix(b"refs/heads/") {
                Some(b) => b.into(),
                None => "HEAD".into(),
            }
        } else {
            base.into()
        };
        let current = found.id.ok_or_else(|| unknown(name));
        let Some(at) = self.reflog_selector(selector) else {
            return Ok(Err(unknown(name)));
        };
        self.reflog_at(&refname, shown.as_bstr(), at, current, quiet)
    }

    /// What `@{…}` asks for: the n-th entry, or (a number of 9 digits or more, or any date
    /// git's approxidate reads: `yesterday`, `2005-05-26 18:43:00`) the value at a time;
    /// `None` for words approxidate does not know.
    fn reflog_selector(&self, selector: &[u8]) -> Option<ReflogAt> {
        if selector.iter().all(u8::is_ascii_digit) {
            let nth = selector.iter().fold(0u64, |n, &c| {
                n.saturating_mul(10).saturating_add(u64::from(c - b'0'))
            });
            return Some(if nth >= 100_000_000 {
                ReflogAt::Time(nth)
            } else {
                ReflogAt::Nth(nth)
            });
        }
        let ctx = DateContext::from_env(self.repo.env());
        approxidate_careful(selector, &ctx).ok().map(ReflogAt::Time)
    }

    /// git's `read_ref_at` for `@{n}` and `@{<time>}`.
    fn reflog_at(
        &mut self,
        refname: &RefName,
        shown: &BStr,
        at: ReflogAt,
        current: Step,
        quiet: bool,
    ) -> std::result::Result<Step, Stop> {
        let log = self.repo.refs().reflog(refname)?;
        let empty = || {
            Err(Stop::Fatal(RevisionErrorKind::ReflogEmpty {
                refname: refname.clone(),
            }))
        };
        let nth = match at {
            ReflogAt::Nth(nth) => nth,
            _ if log.is_empty() => return empty(),
            // a time of 0 (`never`) is no time to git: it asks for no entry at all
            ReflogAt::Time(0) => {
                return Err(Stop::Fatal(RevisionErrorKind::ReflogEntryMissing {
                    name: shown.into(),
                    entries: log.len(),
                }))
            }
            // git compares unsigned: a date before 1970 wraps past every entry
            ReflogAt::Time(t) => {
                let at_time = i64::try_from(t).unwrap_or(i64::MAX);
                return Ok(self.reflog_at_time(&log, shown, at_time, current, quiet));
            }
        };
        let k = log.len() as u64;
        if k == 0 {
            if nth == 0 {
                return Ok(current);
            }
            return empty();
        }
        if nth == 0 {
            return Ok(current);
        }
        if nth < k {
            let i = (k - 1 - nth) as usize;
            let newer_old = log.get(i + 1).map(|n| n.old).unwrap_or_default();
            return Ok(if newer_old.is_null() {
                current
            } else {
                Ok(log[i].new)
            });
        }
        if nth == k && !log[0].old.is_null() {
            return Ok(Ok(log[0].old));
        }
        Err(Stop::Fatal(RevisionErrorKind::ReflogEntryMissing {
            name: shown.into(),
            entries: log.len(),
        }))
    }

    /// The value in effect at `at_time`: the newest entry not after it (its new value, when the
    /// entry after it starts from a value), else the oldest entry's old value, with a warning.
    fn reflog_at_time(
        &mut self,
        log: &[crate::refs::reflog::ReflogEntry],
        shown: &BStr,
        at_time: i64,
        current: Step,
        quiet: bool,
    ) -> Step {
        for i in (0..log.len()).rev() {
            let e = &log[i];
            if e.committer.time > at_time {
                continue;
            }
            let newer_old = log.get(i + 1).map(|newer| newer.old);
            return if newer_old.is_some_and(|old| !old.is_null()) || e.committer.time == at_time {
                Ok(e.new)
            } else {
                current
            };
        }
        let Some(oldest) = log.first() else {
            return current;
        };
        if !quiet {
            self.diagnostics.push(Diagnostic::ReflogTooShort {
                name: shown.into(),
                oldest: oldest.committer.time,
                tz: git_tz(&oldest.committer.tz),
            });
        }
        Ok(if oldest.old.is_null() {
            oldest.new
        } else {
            oldest.old
        })
    }

    /// git's `dwim_ref`: tries the rev-parse rules on `name` (after `@` → `HEAD` and `@{-n}` →
    /// the n-th previous branch).
    pub fn dwim_ref(&mut self, name: &[u8]) -> Result<RefMatch> {
        let substituted = self.interpret_branch_name(name)?;
        let name = substituted.as_deref().map(|b| b.as_bytes()).unwrap_or(name);
        let mut m = RefMatch::default();
        if name.is_empty() {
            return Ok(m);
        }
        for (prefix, suffix) in REV_PARSE_RULES {
            let mut full = BString::from(prefix.as_bytes());
            full.extend_from_slice(name);
            full.extend_from_slice(suffix.as_bytes());
            let Ok(refname) = RefName::new(full.clone()) else {
                continue;
            };
            match self.repo.refs().resolve(&refname) {
                Ok(Some(Resolved::Object { name, id, .. })) => {
                    if m.count == 0 {
                        m.full_name = Some(name);
                        m.id = Some(id);
                    }
                    m.count += 1;
                }
                Ok(Some(Resolved::Unborn { .. })) => {
                    if full != "HEAD" {
                        self.diagnostics
                            .push(Diagnostic::DanglingSymref { name: full });
                    }
                }
                Ok(None) => {}
                Err(e) if e.is_packed_refs_corrupt() => return Err(e.into()),
                Err(_) => {
                    if full.contains(&b'/') {
                        self.diagnostics.push(Diagnostic::BrokenRef { name: full });
                    }
                }
            }
        }
        Ok(m)
    }

    /// git's `dwim_log`: the first rule whose ref has a reflog (its own, or that of the ref it
    /// points at).
    fn dwim_log(&mut self, name: &[u8]) -> Result<RefMatch> {
        let substituted = self.interpret_branch_name(name)?;
        let name = substituted.as_deref().map(|b| b.as_bytes()).unwrap_or(name);
        let mut m = RefMatch::default();
        let refs = self.repo.refs();
        for (prefix, suffix) in REV_PARSE_RULES {
            let mut full = BString::from(prefix.as_bytes());
            full.extend_from_slice(name);
            full.extend_from_slice(suffix.as_bytes());
            let Ok(refname) = RefName::new(full) else {
                continue;
            };
            let Ok(Some(Resolved::Object {
                name: target, id, ..
            })) = refs.resolve(&refname)
            else {
                continue;
            };
            let log = if refs.reflog_exists(&refname) {
                refname
            } else if target != refname && refs.reflog_exists(&target) {
                target
            } else {
                continue;
            };
            if m.count == 0 {
                m.full_name = Some(log);
                m.id = Some(id);
            }
            m.count += 1;
        }
        Ok(m)
    }

    /// `@` is `HEAD`; `@{-n}` is the n-th branch checked out before the current one;
    /// `<branch>@{upstream}` and `<branch>@{push}` the (shortened) name of the ref that tracks
    /// the branch's upstream or push destination.
    fn interpret_branch_name(&mut self, name: &[u8]) -> Result<Option<BString>> {
        if name == b"@" {
            return Ok(Some("HEAD".into()));
        }
        if name.starts_with(b"@{-") && name.find_byte(b'}') == Some(name.len() - 1) {
            return self.nth_prior_checkout(name);
        }
        for at in name.find_iter(b"@") {
            for push in [false, true] {
                if let Some(consumed) = self.branch_mark(name, at, push)? {
                    return Ok(consumed);
                }
            }
        }
        Ok(None)
    }

    /// git's `interpret_branch_mark` at the `@` at `at`: `None` when there is no such mark
    /// there (or, quietly, no such ref); `Some(None)` when the mark does not end the name;
    /// else the shortened tracking ref. A branch without one is fatal, unless quiet.
    fn branch_mark(
        &mut self,
        name: &[u8],
        at: usize,
        push: bool,
    ) -> Result<Option<Option<BString>>> {
        let marks: &[&str] = if push {
            &["@{push}"]
        } else {
            &["@{upstream}", "@{u}"]
        };
        let rest = &name[at..];
        let Some(mark) = marks
            .iter()
            .find(|m| rest.len() >= m.len() && rest[..m.len()].eq_ignore_ascii_case(m.as_bytes()))
        else {
            return Ok(None);
        };
        if name[..at].contains(&b':') {
            return Ok(None);
        }
        let refs = self.repo.refs();
        let found = match Branch::named(refs, &name[..at])? {
            None => Err(TrackingError::HeadDetached),
            Some(branch) if push => branch.push(refs),
            Some(branch) => branch.upstream(refs),
        };
        let full = match found {
            Ok(full) => full,
            Err(_) if self.quiet => return Ok(None),
            Err(error) => {
                return Err(Error::Revision(RevisionError::new(
                    name,
                    RevisionErrorKind::Tracking { error },
                    true,
                )))
            }
        };
        if at + mark.len() != name.len() {
            return Ok(Some(None));
        }
        Ok(Some(Some(match RefName::new(full.as_slice()) {
            Ok(n) => refs.shorten(&n, false),
            Err(_) => full,
        })))
    }

    /// `@{-n}` (the whole of `spec`): the branch (or detached id) that the n-th most recent
    /// "checkout: moving from A to B" line of HEAD's reflog moved away from.
    pub fn nth_prior_checkout(&mut self, spec: &[u8]) -> Result<Option<BString>> {
        let Some(n) = parse_nth_prior(spec) else {
            return Ok(None);
        };
        let log = self.repo.refs().reflog(&RefName::head())?;
        let mut remaining = n;
        for entry in log.iter().rev() {
            let Some(rest) = entry.message.strip_prefix(b"checkout: moving from ") else {
                continue;
            };
            let Some(to) = rest.find(b" to ") else {
                continue;
            };
            remaining -= 1;
            if remaining == 0 {
                return Ok(Some(rest[..to].into()));
            }
        }
        Ok(None)
    }
}

/// What a reflog selector asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReflogAt {
    /// `@{n}`: n updates ago.
    Nth(u64),
    /// `@{<date>}`: the value at this time (git's unsigned `timestamp_t`).
    Time(u64),
}

/// A signature's zone as git's `strtol` reads it: `+0100` is 100, `-0530` is -530.
fn git_tz(tz: &[u8]) -> i32 {
    let (negative, digits) = match tz.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, tz),
    };
    let n = digits
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0i32, |n, d| {
            n.saturating_mul(10).saturating_add(i32::from(d - b'0'))
        });
    if negative {
        -n
    } else {
        n
    }
}

/// `@{-n}` → n (positive), with strtol's leniency (leading blanks, a `+`).
fn parse_nth_prior(spec: &[u8]) -> Option<usize> {
    let body = spec.strip_prefix(b"@{-")?;
    let close = body.find_byte(b'}')?;
    let digits = body[..close].trim_start();
    let digits = digits.strip_prefix(b"+").unwrap_or(digits);
    crate::number::decimal_saturating(digits).filter(|&n| n > 0)
}

/// `@{u}`, `@{upstream}`, `@{push}` (any case) at the start of `s`.
fn is_branch_mark(s: &[u8]) -> bool {
    ["@{upstream}", "@{u}", "@{push}"]
        .iter()
        .any(|m| s.len() >= m.len() && s[..m.len()].eq_ignore_ascii_case(m.as_bytes()))
}

/// git's `ambiguous_path`: a component that is empty or only dots (`a//b`, `./x`, `x/`).
fn ambiguous_path(path: &[u8]) -> bool {
    let mut slash = true;
    for &c in path {
        match c {
            b'/' => {
                if slash {
                    return true;
                }
                slash = true;
            }
            b'.' => {}
            _ => slash = false,
        }
    }
    slash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_paths() {
        assert!(ambiguous_path(b"."));
        assert!(ambiguous_path(b"a/"));
        assert!(ambiguous_path(b"a//b"));
        assert!(ambiguous_path(b"a/./b"));
        assert!(!ambiguous_path(b"a/.b"));
        assert!(!ambiguous_path(b"main"));
    }

    #[test]
    fn nth_prior_parsing() {
        assert_eq!(parse_nth_prior(b"@{-1}"), Some(1));
        assert_eq!(parse_nth_prior(b"@{-12}"), Some(12));
        assert_eq!(parse_nth_prior(b"@{-0}"), None);
        assert_eq!(parse_nth_prior(b"@{-}"), None);
        assert_eq!(parse_nth_prior(b"@{-x}"), None);
        assert_eq!(
            parse_nth_prior(b"@{-99999999999999999999999}"),
            Some(usize::MAX)
        );
    }
}
