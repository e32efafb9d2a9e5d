//! Refs whose names break `check-ref-format` but exist on disk all the same: a tool wrote
//! `refs/heads/broken...ref`, or a symbolic ref points at such a name. git never creates them,
//! but it still reads, verifies and deletes them, and follows or removes the symbolic refs that
//! point at them. It only asks that the name be *safe* — one that cannot leave `.git` when used
//! as a path (git's `refname_is_safe`):
//!
//! ```text
//! refs/heads/broken...ref   safe: every component is a plain file name
//! refs/heads/../../config   unsafe: leaves refs/
//! refs/heads//x, refs/      unsafe: not the normal form of a path below refs/
//! FETCH_HEAD, MY_REF        safe: a root ref, capitals and '_' only
//! my-private-file           unsafe: neither
//! ```
//!
//! Such a name becomes a [`RefName`] only through [`RefName::on_disk`] (and, as the target of a
//! symbolic ref, [`RefName::symref_target`], which also takes git's one-level names such as
//! `main`); the constructor every writer uses, [`RefName::new`], still refuses it.

use super::name::check_ref_format;
use super::{RefError, RefName};
use bstr::BString;

/// git's `refname_is_safe`: under `refs/`, a non-empty relative path already in normal form
/// (no empty, `.` or `..` component); else a root ref name of capitals and `_`.
pub fn is_safe_name(name: &[u8]) -> bool {
    match name.strip_prefix(b"refs/") {
        Some(rest) => {
            !rest.is_empty()
                && !rest.contains(&0)
                && rest
                    .split(|&b| b == b'/')
                    .all(|c| !c.is_empty() && c != b"." && c != b"..")
        }
        None => !name.is_empty() && name.iter().all(|&b| b.is_ascii_uppercase() || b == b'_'),
    }
}

impl RefName {
    /// A name as it may be found on disk: a well-formed name ([`RefName::new`]), or a malformed
    /// one that is still safe as a path ([`is_safe_name`]), for reading, verifying and deleting
    /// refs git reads and deletes. The error is [`RefName::new`]'s.
    pub fn on_disk(name: impl Into<BString>) -> Result<RefName, RefError> {
        let name = name.into();
        match RefName::new(name.clone()) {
            Ok(ok) => Ok(ok),
            Err(_) if is_safe_name(&name) => Ok(RefName::wrap_unchecked(name)),
            Err(e) => Err(e),
        }
    }

    /// The target of a symbolic ref, as git reads and compares one: any name `check-ref-format`
    /// takes as a one-level or longer name (`main`, `HEAD`, `refs/heads/main`), or a malformed
    /// but safe one ([`RefName::on_disk`]). Such a target outside `refs/` that is no root ref
    /// (`main`) resolves to nothing, as it does for git unless a file of that name sits in the
    /// git directory.
    pub fn symref_target(name: impl Into<BString>) -> Result<RefName, RefError> {
        let name = name.into();
        if check_ref_format(&name).is_ok() {
            return Ok(RefName::wrap_unchecked(name));
        }
        RefName::on_disk(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_names_below_refs_are_safe_unless_they_leave_refs() {
        assert!(is_safe_name(b"refs/heads/broken...ref"));
        assert!(is_safe_name(b"refs/heads/-dash"));
        assert!(is_safe_name(b"FETCH_HEAD"));
        assert!(!is_safe_name(b"refs/heads/../../config"));
        assert!(!is_safe_name(b"refs/heads//x"));
        assert!(!is_safe_name(b"refs/"));
        assert!(!is_safe_name(b"refs/heads/"));
        assert!(!is_safe_name(b"my-private-file"));
        assert!(!is_safe_name(b"/abs/path"));
    }

    #[test]
    fn on_disk_takes_a_safe_malformed_name_and_new_still_refuses_it() {
        let name = RefName::on_disk("refs/heads/broken...ref").unwrap();
        assert!(!name.is_well_formed());
        assert!(RefName::new("refs/heads/broken...ref").is_err());
        assert!(RefName::on_disk("refs/heads/../x").is_err());
        assert!(RefName::on_disk("refs/heads/main")
            .unwrap()
            .is_well_formed());
    }

    #[test]
    fn a_symref_target_may_be_one_level_but_on_disk_names_may_not() {
        assert!(RefName::symref_target("main").unwrap().is_well_formed());
        assert!(RefName::symref_target("foo-bar").is_ok());
        assert!(RefName::on_disk("main").is_err());
        assert!(RefName::symref_target("ma..in").is_err());
        assert!(RefName::symref_target("refs/heads/../x").is_err());
    }
}
