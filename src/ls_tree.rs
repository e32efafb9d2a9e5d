//! What `git ls-tree` prints for one tree entry: the `--format` language (git's atoms
//! `%(objectmode)`, `%(objecttype)`, `%(objectname)`, `%(objectsize)`, `%(objectsize:padded)`,
//! `%(path)`, the literals `%%`, `%n` and `%xNN`) and the entry as data for `--json`.
//!
//! ```text
//! --format='%(objectmode) %(objecttype) %(objectname)%x09%(path)'   (git's default line)
//!           100644        blob         3b18e51…            hello.txt
//! ```
//!
//! # JSON (schema `gitstore.ls-tree/1`)
//!
//! `gitstore ls-tree --json` prints `{"schema": "gitstore.ls-tree/1", "entries": [...]}`, the
//! entries in the order the text lists them, each [`Entry`]: `mode` (six octal digits, as
//! text: `"100644"`), `type` (`"blob"`, `"tree"`, `"commit"`), `id` (40 hex digits, never
//! abbreviated), `size` (a blob's size in bytes, `null` for trees and submodule commits),
//! `path` (the path as the text shows it, relative to the current directory unless
//! `--full-name`, decoded as UTF-8 with U+FFFD for bytes that are not) and `path_bytes` (the
//! same path's exact bytes, lowercase hex). Fields are only added within version 1; a removal
//! or a change of meaning makes version 2.

use crate::object::tree::write_c_quoted;
use crate::object::{EntryMode, Kind};
use crate::oid::ObjectId;
use crate::pathspec::Pathspec;
use bstr::BString;
use serde::ser::SerializeStruct;
use std::io::{self, Write};

/// The `schema` field of `ls-tree --json`.
pub const SCHEMA: &str = "gitstore.ls-tree/1";

/// git's formats for the plain listing, `--long`, `--name-only` and `--object-only`: git
/// prints these through its own fast paths, which (unlike the general format) leave names
/// unquoted under `-z`.
pub const DEFAULT_FORMAT: &str = "%(objectmode) %(objecttype) %(objectname)%x09%(path)";
/// `--long`'s format.
pub const LONG_FORMAT: &str =
    "%(objectmode) %(objecttype) %(objectname) %(objectsize:padded)%x09%(path)";
/// `--name-only`'s format.
pub const NAME_ONLY_FORMAT: &str = "%(path)";
/// `--object-only`'s format.
pub const OBJECT_ONLY_FORMAT: &str = "%(objectname)";

/// One piece of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Atom {
    /// Bytes printed as they are (`%%`, `%n`, `%xNN` already decoded).
    Literal(BString),
    /// `%(objectmode)`: six octal digits.
    ObjectMode,
    /// `%(objecttype)`.
    ObjectType,
    /// `%(objectname)`, abbreviated as `--abbrev` asks.
    ObjectName,
    /// `%(objectsize)` (`padded`: `%(objectsize:padded)`, right-aligned in 7 columns); `-` for
    /// anything but a blob.
    ObjectSize {
        /// Right-aligned in seven columns.
        padded: bool,
    },
    /// `%(path)`, C-quoted when it needs to be (even under `-z`).
    Path,
}

/// A parsed `ls-tree --format`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    atoms: Vec<Atom>,
}

/// What is wrong with a format; `element` is the text right after the offending `%`, to the
/// end of the format (git quotes it so).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// `%` followed by neither `%`, `n`, `xNN` nor `(`.
    #[error("format element '{element}' does not start with '('")]
    NoOpenParen {
        /// From the character after `%` to the end of the format.
        element: BString,
    },
    /// `%(` with no `)` after it.
    #[error("format element '{element}' does not end in ')'")]
    NoCloseParen {
        /// From the `(` to the end of the format.
        element: BString,
    },
    /// `%(name)` with a name that is no atom.
    #[error("unknown format atom %{atom}")]
    UnknownAtom {
        /// The element with its parentheses: `(bogus)`.
        atom: BString,
    },
}

const ATOMS: &[(&[u8], Atom)] = &[
    (b"(objectmode)", Atom::ObjectMode),
    (b"(objecttype)", Atom::ObjectType),
    (b"(objectsize:padded)", Atom::ObjectSize { padded: true }),
    (b"(objectsize)", Atom::ObjectSize { padded: false }),
    (b"(objectname)", Atom::ObjectName),
    (b"(path)", Atom::Path),
];

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

impl Format {
    /// Parses a format as git's `ls-tree` expands it.
    pub fn parse(text: &[u8]) -> Result<Format, FormatError> {
        let mut atoms = Vec::new();
        let mut literal = BString::default();
        let mut rest = text;
        while let Some(at) = rest.iter().position(|&b| b == b'%') {
            literal.extend_from_slice(&rest[..at]);
            rest = &rest[at + 1..];
            match rest {
                [b'%', tail @ ..] => {
                    literal.push(b'%');
                    rest = tail;
                    continue;
                }
                [b'n', tail @ ..] => {
                    literal.push(b'\n');
                    rest = tail;
                    continue;
                }
                [b'x', hi, lo, tail @ ..] => {
                    if let (Some(hi), Some(lo)) = (hex_digit(*hi), hex_digit(*lo)) {
                        literal.push(hi << 4 | lo);
                        rest = tail;
                        continue;
                    }
                }
                _ => {}
            }
            if let Some((name, atom)) = ATOMS.iter().find(|(name, _)| rest.starts_with(name)) {
                if !literal.is_empty() {
                    atoms.push(Atom::Literal(std::mem::take(&mut literal)));
                }
                atoms.push(atom.clone());
                rest = &rest[name.len()..];
                continue;
            }
            if rest.first() != Some(&b'(') {
                return Err(FormatError::NoOpenParen {
                    element: rest.into(),
                });
            }
            return Err(match rest.iter().skip(1).position(|&b| b == b')') {
                None => FormatError::NoCloseParen {
                    element: rest.into(),
                },
                Some(end) => FormatError::UnknownAtom {
                    atom: rest[..end + 2].into(),
                },
            });
        }
        literal.extend_from_slice(rest);
        if !literal.is_empty() {
            atoms.push(Atom::Literal(literal));
        }
        Ok(Format { atoms })
    }

    /// The pieces, in order.
    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    /// Whether the format prints a size (which costs a look at each blob).
    pub fn needs_size(&self) -> bool {
        self.atoms
            .iter()
            .any(|a| matches!(a, Atom::ObjectSize { .. }))
    }

    /// Writes one entry's line, without its terminator. `name` is the id as it is to be shown
    /// (maybe abbreviated), `size` a blob's size (ignored for other kinds), `path` the path as
    /// shown.
    pub fn write(
        &self,
        out: &mut dyn Write,
        mode: EntryMode,
        name: &str,
        size: Option<u64>,
        path: &[u8],
    ) -> io::Result<()> {
        let kind = mode.kind();
        for atom in &self.atoms {
            match atom {
                Atom::Literal(bytes) => out.write_all(bytes)?,
                Atom::ObjectMode => out.write_all(&mode.to_pretty())?,
                Atom::ObjectType => out.write_all(kind.as_str().as_bytes())?,
                Atom::ObjectName => out.write_all(name.as_bytes())?,
                Atom::ObjectSize { padded } => {
                    match (size.filter(|_| kind == Kind::Blob), padded) {
                        (Some(n), true) => write!(out, "{n:>7}")?,
                        (Some(n), false) => write!(out, "{n}")?,
                        (None, true) => write!(out, "{:>7}", "-")?,
                        (None, false) => out.write_all(b"-")?,
                    }
                }
                Atom::Path => write_c_quoted(path, out)?,
            }
        }
        Ok(())
    }
}

/// One listed entry, as `ls-tree --json` gives it (see the module docs for the schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The mode as stored.
    pub mode: EntryMode,
    /// The object it names.
    pub id: ObjectId,
    /// A blob's size; `None` for trees and gitlinks.
    pub size: Option<u64>,
    /// The path as listed (relative to the current directory unless `--full-name`).
    pub path: BString,
}

impl serde::Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut e = s.serialize_struct("Entry", 6)?;
        let mode = self.mode.to_pretty();
        e.serialize_field("mode", &String::from_utf8_lossy(&mode))?;
        e.serialize_field("type", &self.mode.kind())?;
        e.serialize_field("id", &self.id)?;
        e.serialize_field("size", &self.size)?;
        e.serialize_field("path", &String::from_utf8_lossy(&self.path))?;
        e.serialize_field("path_bytes", &hex::encode(&self.path))?;
        e.end()
    }
}

/// `ls-tree --json`'s document: the schema and every entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Listing {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The entries, in listing order.
    pub entries: Vec<Entry>,
}

/// Which entries `ls-tree` lists and which trees it enters: `-r` (`recursive`), `-t`
/// (`show_trees`), `-d` (`trees_only`), and a pathspec, which also enters the trees that lead
/// to what it names (git's `show_recursive`).
///
/// ```text
///                  tree entered           tree not entered   blob   gitlink
/// (no option)      not listed             listed             listed listed
/// -t               listed                 listed             listed listed
/// -d               listed only with -r    listed             -      listed
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    /// `-r`: enter every tree.
    pub recursive: bool,
    /// `-t`: list the trees entered too.
    pub show_trees: bool,
    /// `-d`: list trees (and gitlinks) only.
    pub trees_only: bool,
}

/// What `ls-tree` does with one entry the pathspec matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// List the entry.
    pub show: bool,
    /// Enter the tree.
    pub descend: bool,
}

impl Selection {
    /// What to do with the entry of mode `mode` at `path` (from the top of the tree listed);
    /// `None` when `specs` leaves it out.
    pub fn visit(&self, specs: &Pathspec, path: &[u8], mode: EntryMode) -> Option<Visit> {
        let is_tree = mode.is_tree();
        let is_dir = is_tree || mode.is_commit();
        if !specs.matches(path, is_tree, is_dir) {
            return None;
        }
        let descend = is_tree && (self.recursive || specs.leads_below(path));
        let show = if descend {
            self.show_trees || (self.trees_only && self.recursive)
        } else {
            // -d leaves out blobs only: gitlinks are listed as trees are
            !self.trees_only || mode.kind() != Kind::Blob
        };
        Some(Visit { show, descend })
    }
}

impl From<FormatError> for crate::Error {
    fn from(e: FormatError) -> Self {
        crate::Error::LsTreeFormat(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob() -> EntryMode {
        EntryMode::from_bytes(b"100644").unwrap()
    }

    #[test]
    fn format_decodes_literals_and_atoms() {
        let f = Format::parse(b"%(objectmode)%x09%%%n%(objectsize:padded)|%(path)%xzz").err();
        assert_eq!(
            f,
            Some(FormatError::NoOpenParen {
                element: "xzz".into()
            })
        );
        let f = Format::parse(b"[%(objectmode)%x09%%%n%(objectsize:padded)|%(path)]").unwrap();
        let mut out = Vec::new();
        f.write(&mut out, blob(), "abc", Some(12), b"a b\tc")
            .unwrap();
        assert_eq!(out, b"[100644\t%\n     12|\"a b\\tc\"]");
    }

    #[test]
    fn bad_formats_are_typed_with_the_element_git_quotes() {
        assert_eq!(
            Format::parse(b"%(path) %(bogus) %(path)"),
            Err(FormatError::UnknownAtom {
                atom: "(bogus)".into()
            })
        );
        assert_eq!(
            Format::parse(b"x %(path"),
            Err(FormatError::NoCloseParen {
                element: "(path".into()
            })
        );
        assert_eq!(
            Format::parse(b"50%"),
            Err(FormatError::NoOpenParen { element: "".into() })
        );
    }

    #[test]
    fn selection_enters_trees_with_r_or_toward_a_pathspec_and_d_drops_blobs() {
        let tree = EntryMode::TREE;
        let all = Pathspec::new(&[] as &[&str], b"", None).unwrap();
        let visit = |sel: Selection, specs: &Pathspec, path: &[u8], mode| {
            sel.visit(specs, path, mode).map(|v| (v.show, v.descend))
        };
        let plain = Selection::default();
        assert_eq!(visit(plain, &all, b"src", tree), Some((true, false)));
        assert_eq!(visit(plain, &all, b"a.txt", blob()), Some((true, false)));
        let r = Selection {
            recursive: true,
            ..plain
        };
        assert_eq!(visit(r, &all, b"src", tree), Some((false, true)));
        let rt = Selection {
            show_trees: true,
            ..r
        };
        assert_eq!(visit(rt, &all, b"src", tree), Some((true, true)));
        let d = Selection {
            trees_only: true,
            ..plain
        };
        assert_eq!(visit(d, &all, b"a.txt", blob()), Some((false, false)));
        assert_eq!(
            visit(d, &all, b"sub", EntryMode::COMMIT),
            Some((true, false))
        );
        let rd = Selection {
            recursive: true,
            ..d
        };
        assert_eq!(visit(rd, &all, b"src", tree), Some((true, true)));
        let deep = Pathspec::new(&["src/lib.rs"], b"", None).unwrap();
        assert_eq!(visit(plain, &deep, b"src", tree), Some((false, true)));
        assert_eq!(visit(plain, &deep, b"docs", tree), None);
    }

    #[test]
    fn size_of_a_tree_is_a_dash() {
        let f = Format::parse(b"%(objectsize)/%(objectsize:padded)").unwrap();
        let mut out = Vec::new();
        let tree = EntryMode::from_bytes(b"40000").unwrap();
        f.write(&mut out, tree, "x", None, b"t").unwrap();
        assert_eq!(out, b"-/      -");
    }
}
