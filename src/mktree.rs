//! `ls-tree` output read back, as `git mktree` reads it to build a tree.
//!
//! One line per entry:
//!
//! ```text
//! 100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad\thello.txt
//! <mode> SP <type> SP <40-hex id> TAB <name, C-quoted when it starts with '"'>
//! ```
//!
//! The mode is read as C's `strtoul(s, &end, 8)` reads it (white space, a sign, octal digits),
//! so odd modes get through as git lets them. git checks a line in a fixed order, and so does
//! this module: the shape ([`parse_line`]: the line, the quoting, the type, the type against
//! the mode), then ([`check_line`]) the object in the store, and last the name.

use crate::number::{scan_digits, skip_space_and_sign};
use crate::object::EntryMode;
use crate::odb::Odb;
use crate::{Kind, ObjectId};
use bstr::BString;

/// One entry line of `mktree`'s input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLine {
    /// The entry's mode.
    pub mode: EntryMode,
    /// The object type the line declares (the mode's type: [`parse_line`] checked it).
    pub kind: Kind,
    /// The object.
    pub id: ObjectId,
    /// The entry's name, unquoted.
    pub name: BString,
}

/// What is wrong with a `mktree` line, in the order git checks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TreeLineError {
    /// The line is no `<mode> SP <type> SP <id> TAB <name>`.
    #[error("not an ls-tree line")]
    Format,
    /// The name starts with `"` but is no C-quoted string.
    #[error("invalid quoting")]
    Quoting,
    /// The type is no object type.
    #[error("invalid object type \"{declared}\"")]
    UnknownType {
        /// The type as written.
        declared: BString,
    },
    /// The type is not the one the mode implies.
    #[error("entry '{name}' object type ({declared}) doesn't match mode type ({mode_kind})")]
    TypeMismatch {
        /// The entry's name.
        name: BString,
        /// The type written.
        declared: Kind,
        /// The mode's type.
        mode_kind: Kind,
    },
    /// The object is not in the store (and missing objects are not allowed).
    #[error("entry '{name}' object {id} is unavailable")]
    Unavailable {
        /// The entry's name.
        name: BString,
        /// The object.
        id: ObjectId,
    },
    /// The object in the store is of another type than the mode's.
    #[error("entry '{name}' object {id} is a {actual} but specified type was ({mode_kind})")]
    WrongObject {
        /// The entry's name.
        name: BString,
        /// The object.
        id: ObjectId,
        /// Its type in the store.
        actual: Kind,
        /// The mode's type.
        mode_kind: Kind,
    },
    /// The name has a `/`: a tree entry names one level.
    #[error("path {name} contains slash")]
    Slash {
        /// The entry's name.
        name: BString,
    },
}

/// Reads a mode as C's `strtoul(s, &end, 8)` does (git's mktree): leading white space, an
/// optional sign, octal digits; saturating on overflow, negated by `-`, then cut to an
/// `unsigned` as git stores it. Returns the value and the bytes used, `None` without digits.
///
/// ```
/// use gitstore::mktree::parse_mode;
/// assert_eq!(parse_mode(b"100644 blob"), Some((0o100644, 6)));
/// assert_eq!(parse_mode(b" -1 x"), Some((u32::MAX, 3)));
/// assert_eq!(parse_mode(b"blob"), None);
/// ```
pub fn parse_mode(s: &[u8]) -> Option<(u32, usize)> {
    let (negative, start) = skip_space_and_sign(s);
    let (value, digits) = scan_digits(s.get(start..)?, 8);
    if digits == 0 {
        return None;
    }
    let value = match value {
        None => u64::MAX,
        Some(v) if negative => v.wrapping_neg(),
        Some(v) => v,
    };
    // C's `unsigned` keeps the low 32 bits
    Some((value as u32, start + digits))
}

/// Parses one line (without its terminator) as git's `mktree_line` does, up to the checks
/// that need no object store. With `nul_terminated` (`mktree -z`) names are never unquoted.
///
/// ```
/// use gitstore::mktree::parse_line;
/// use gitstore::Kind;
/// let line = parse_line(
///     b"100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad\t\"a\\tb\"",
///     false,
/// )?;
/// assert_eq!((line.kind, &line.name[..]), (Kind::Blob, &b"a\tb"[..]));
/// # Ok::<(), gitstore::mktree::TreeLineError>(())
/// ```
pub fn parse_line(line: &[u8], nul_terminated: bool) -> Result<TreeLine, TreeLineError> {
    let (mode, used) = parse_mode(line).ok_or(TreeLineError::Format)?;
    let rest = line
        .get(used..)
        .and_then(|r| r.strip_prefix(b" "))
        .ok_or(TreeLineError::Format)?;
    let sp = rest
        .iter()
        .position(|&b| b == b' ')
        .ok_or(TreeLineError::Format)?;
    let (kind_text, rest) = (&rest[..sp], &rest[sp + 1..]);
    let id = rest
        .get(..ObjectId::HEX_LEN)
        .and_then(|hex| ObjectId::from_hex(hex).ok())
        .ok_or(TreeLineError::Format)?;
    let raw_name = rest
        .get(ObjectId::HEX_LEN..)
        .and_then(|r| r.strip_prefix(b"\t"))
        .ok_or(TreeLineError::Format)?;
    let mode = EntryMode::from_value(mode);
    let name: BString = if !nul_terminated && raw_name.first() == Some(&b'"') {
        // as git's `unquote_c_style`, whatever follows the closing quote is ignored
        crate::odb::alternates::unquote_c_prefix(raw_name)
            .ok_or(TreeLineError::Quoting)?
            .into()
    } else {
        raw_name.into()
    };
    let kind = Kind::from_bytes(kind_text).ok_or_else(|| TreeLineError::UnknownType {
        declared: kind_text.into(),
    })?;
    let mode_kind = mode.object_type();
    if kind != mode_kind {
        return Err(TreeLineError::TypeMismatch {
            name,
            declared: kind,
            mode_kind,
        });
    }
    Ok(TreeLine {
        mode,
        kind,
        id,
        name,
    })
}

/// The rest of git's checks on a parsed line: the object must be in `odb` with the mode's type
/// (a missing one passes with `allow_missing`, git's `--missing`, and always for a gitlink),
/// then the name must be one level (no `/`).
pub fn check_line(odb: &Odb, line: &TreeLine, allow_missing: bool) -> crate::Result<()> {
    let allow_missing = allow_missing || line.kind == Kind::Commit;
    let wrong = match odb.try_read_header(&line.id)? {
        None if allow_missing => None,
        None => Some(TreeLineError::Unavailable {
            name: line.name.clone(),
            id: line.id,
        }),
        Some(h) if h.kind != line.kind => Some(TreeLineError::WrongObject {
            name: line.name.clone(),
            id: line.id,
            actual: h.kind,
            mode_kind: line.kind,
        }),
        Some(_) => None,
    };
    let wrong = wrong.or_else(|| {
        line.name.contains(&b'/').then(|| TreeLineError::Slash {
            name: line.name.clone(),
        })
    });
    match wrong {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

    #[test]
    fn modes_read_as_strtoul_octal() {
        assert_eq!(parse_mode(b"40000 tree"), Some((0o40000, 5)));
        assert_eq!(parse_mode(b"+644 x"), Some((0o644, 4)));
        assert_eq!(parse_mode(b"6448"), Some((0o644, 3)));
        // overflow saturates before the cut to 32 bits
        assert_eq!(
            parse_mode(b"7777777777777777777777777"),
            Some((u32::MAX, 25))
        );
        assert_eq!(parse_mode(b"-"), None);
    }

    #[test]
    fn line_shape_errors() {
        for bad in [
            "100644 blob".to_string(),
            format!("100644 blob {ID} x"),
            format!("100644blob {ID}\tx"),
            format!("x blob {ID}\tx"),
            format!("100644 blob {}\tx", &ID[..39]),
        ] {
            assert_eq!(
                parse_line(bad.as_bytes(), false),
                Err(TreeLineError::Format),
                "{bad}"
            );
        }
    }

    #[test]
    fn quoting_is_checked_before_the_type() {
        let line = format!("100644 bogus {ID}\t\"unterminated");
        assert_eq!(
            parse_line(line.as_bytes(), false),
            Err(TreeLineError::Quoting)
        );
        // with -z the name is taken as it is
        assert_eq!(
            parse_line(line.as_bytes(), true),
            Err(TreeLineError::UnknownType {
                declared: "bogus".into()
            })
        );
    }

    #[test]
    fn the_type_must_be_the_modes() {
        let line = format!("40000 blob {ID}\tdir");
        assert_eq!(
            parse_line(line.as_bytes(), false),
            Err(TreeLineError::TypeMismatch {
                name: "dir".into(),
                declared: Kind::Blob,
                mode_kind: Kind::Tree
            })
        );
        let gitlink = parse_line(format!("160000 commit {ID}\tsub").as_bytes(), false).unwrap();
        assert_eq!(gitlink.kind, Kind::Commit);
    }
}
