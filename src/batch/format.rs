//! The answer line's format: `%(atom)`s and literal text, parsed once and written per object.

use crate::odb::locate::ObjectLocation;
use crate::{Kind, ObjectId};
use bstr::BString;
use std::io::{self, Write};

/// One piece of a [`Format`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Atom {
    /// Text printed as it is (`%%` already made one `%`).
    Literal(BString),
    /// `%(objectname)`: the full hex id.
    ObjectName,
    /// `%(objecttype)`: `blob`, `tree`, `commit` or `tag`.
    ObjectType,
    /// `%(objectsize)`: the body's size in bytes.
    ObjectSize,
    /// `%(objectsize:disk)`: bytes the object takes where it is stored.
    ObjectSizeDisk,
    /// `%(deltabase)`: the id of its delta base in a pack, or the null id.
    DeltaBase,
    /// `%(rest)`: what follows the name (and whitespace) on its input line.
    Rest,
}

/// A parsed answer-line format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    atoms: Vec<Atom>,
    /// `--json`: each line is a JSON answer (see [`super::json`]) rather than the atoms.
    json: bool,
}

/// The format git uses when none is given.
const DEFAULT_FORMAT: &[u8] = b"%(objectname) %(objecttype) %(objectsize)";

impl Default for Format {
    fn default() -> Self {
        // the default format parses
        Format::parse(DEFAULT_FORMAT).unwrap_or(Format {
            atoms: Vec::new(),
            json: false,
        })
    }
}

impl Format {
    /// Parses a format as git's `expand_format` reads it: `%(atom)` is an atom, `%%` is one
    /// `%`, and any other `%` stands for itself. An empty format is an empty line per object.
    pub fn parse(text: &[u8]) -> Result<Format, FormatError> {
        let mut atoms = Vec::new();
        let mut literal = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.iter().position(|&b| b == b'%') {
            literal.extend_from_slice(&rest[..at]);
            let after = &rest[at + 1..];
            if let Some(more) = after.strip_prefix(b"%") {
                literal.push(b'%');
                rest = more;
                continue;
            }
            let Some(element) = after.strip_prefix(b"(") else {
                literal.push(b'%');
                rest = after;
                continue;
            };
            let Some(end) = element.iter().position(|&b| b == b')') else {
                return Err(FormatError::Unterminated {
                    element: after.into(),
                });
            };
            if !literal.is_empty() {
                atoms.push(Atom::Literal(std::mem::take(&mut literal).into()));
            }
            atoms.push(match &element[..end] {
                b"objectname" => Atom::ObjectName,
                b"objecttype" => Atom::ObjectType,
                b"objectsize" => Atom::ObjectSize,
                b"rest" => Atom::Rest,
                b"objectsize:disk" => Atom::ObjectSizeDisk,
                b"deltabase" => Atom::DeltaBase,
                other => return Err(FormatError::UnknownAtom { atom: other.into() }),
            });
            rest = &element[end + 1..];
        }
        literal.extend_from_slice(rest);
        if !literal.is_empty() {
            atoms.push(Atom::Literal(literal.into()));
        }
        Ok(Format { atoms, json: false })
    }

    /// `--json`'s answers (schema [`super::json::SCHEMA`]): every field git's atoms give, as
    /// one JSON object per line.
    pub fn json() -> Format {
        Format {
            atoms: vec![
                Atom::ObjectName,
                Atom::ObjectType,
                Atom::ObjectSize,
                Atom::ObjectSizeDisk,
                Atom::DeltaBase,
            ],
            json: true,
        }
    }

    /// Whether this is [`Format::json`].
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// The pieces, in order.
    pub fn atoms(&self) -> &[Atom] {
        &self.atoms
    }

    pub(super) fn has(&self, f: impl Fn(&Atom) -> bool) -> bool {
        self.atoms.iter().any(f)
    }

    /// Writes the line for one object, without its delimiter.
    pub(super) fn write_line(
        &self,
        out: &mut impl Write,
        id: &ObjectId,
        kind: Kind,
        size: u64,
        rest: &[u8],
        location: Option<&ObjectLocation>,
    ) -> io::Result<()> {
        if self.json {
            // the name read is handed over as `rest` (see `Batch::answer`)
            return super::json::write_found(out, rest, id, kind, size, location);
        }
        for atom in &self.atoms {
            match atom {
                Atom::Literal(l) => out.write_all(l)?,
                Atom::ObjectName => {
                    let mut hex = [0u8; 40];
                    out.write_all(id.hex_to_buf(&mut hex).as_bytes())?
                }
                Atom::ObjectType => out.write_all(kind.as_str().as_bytes())?,
                Atom::ObjectSize => write!(out, "{size}")?,
                Atom::Rest => out.write_all(rest)?,
                Atom::ObjectSizeDisk => {
                    write!(out, "{}", location.map_or(0, ObjectLocation::size_on_disk))?
                }
                Atom::DeltaBase => {
                    let base = location
                        .and_then(ObjectLocation::delta_base)
                        .unwrap_or_else(ObjectId::null);
                    write!(out, "{base}")?
                }
            }
        }
        Ok(())
    }
}

/// What is wrong with a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// `%(` with no `)` after it; `element` is the text from the `(` on.
    #[error("format element '{element}' does not end in ')'")]
    Unterminated {
        /// The element, from its `(`.
        element: BString,
    },
    /// `%(name)` with a name that is no atom.
    #[error("unknown format atom %({atom})")]
    UnknownAtom {
        /// The name between the parentheses.
        atom: BString,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_reads_atoms_percent_and_stray_percent() {
        let f = Format::parse(b"%(objectname) 100%% %x %(rest)").unwrap();
        assert_eq!(
            f.atoms(),
            [
                Atom::ObjectName,
                Atom::Literal(" 100% %x ".into()),
                Atom::Rest
            ]
        );
    }

    #[test]
    fn format_unknown_atom_is_typed() {
        assert_eq!(
            Format::parse(b"%(objectname) %(bogus)"),
            Err(FormatError::UnknownAtom {
                atom: "bogus".into()
            })
        );
        assert_eq!(
            Format::parse(b"x %(objectname"),
            Err(FormatError::Unterminated {
                element: "(objectname".into()
            })
        );
    }

    #[test]
    fn empty_format_is_an_empty_line() {
        assert!(Format::parse(b"").unwrap().atoms().is_empty());
        assert_eq!(Format::default().atoms().len(), 5);
    }
}
