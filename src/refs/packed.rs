//! The `packed-refs` file: many refs in one sorted text file.
//!
//! ```text
//! # pack-refs with: peeled fully-peeled sorted
//! 3a1b…(40 hex) refs/heads/main
//! 77c0…(40 hex) refs/tags/v1.0
//! ^5d2e…(40 hex)          <- the commit that annotated tag v1.0 peels to
//! ```
//!
//! The optional first line lists traits: `peeled` (tags under `refs/tags/` carry their `^` line),
//! `fully-peeled` (every peelable ref does), `sorted` (lines are in byte order of the name). A
//! loose ref with the same name shadows the packed one. Writers replace the whole file through
//! `packed-refs.lock`.

use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

/// The header git writes (note the trailing space).
pub const HEADER: &[u8] = b"# pack-refs with: peeled fully-peeled sorted \n";

/// One record of `packed-refs`. The name is kept as read: a record whose name fails
/// `check-ref-format` is reported as broken, not fatal (as git does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedRef {
    /// The full ref name.
    pub name: BString,
    /// The object it points at.
    pub id: ObjectId,
    /// The `^` line: what an annotated tag peels to.
    pub peeled: Option<ObjectId>,
}

/// A parse error: the 1-based line number and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub what: &'static str,
}

/// The parsed `packed-refs`, records sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedRefs {
    /// The records in byte order of their names.
    pub refs: Vec<PackedRef>,
}

impl PackedRefs {
    /// Parses the whole file. Unsorted files (no `sorted` trait) are sorted; when a name occurs
    /// twice, the later record wins.
    pub fn parse(bytes: &[u8]) -> Result<PackedRefs, LineError> {
        let mut refs: Vec<PackedRef> = Vec::new();
        let mut sorted = false;
        let mut rest = bytes;
        let mut line_no = 0;
        while !rest.is_empty() {
            line_no += 1;
            let err = |what| LineError {
                line: line_no,
                what,
            };
            let nl = rest.find_byte(b'\n').ok_or(err("unterminated line"))?;
            let line = &rest[..nl];
            rest = &rest[nl + 1..];
            if line_no == 1 {
                if let Some(traits) = line.strip_prefix(b"# pack-refs with:") {
                    sorted = traits.split_str(" ").any(|t| t == b"sorted");
                    continue;
                }
            }
            if let Some(hex) = line.strip_prefix(b"^") {
                let id = ObjectId::from_hex(hex).map_err(|_| err("bad peeled object id"))?;
                let last = refs.last_mut().ok_or(err("peeled line without a ref"))?;
                if last.peeled.is_some() {
                    return Err(err("second peeled line for one ref"));
                }
                last.peeled = Some(id);
                continue;
            }
            let hex = line.get(..ObjectId::HEX_LEN).ok_or(err("line too short"))?;
            let id = ObjectId::from_hex(hex).map_err(|_| err("bad object id"))?;
            let name = line
                .get(ObjectId::HEX_LEN..)
                .and_then(|r| r.strip_prefix(b" "))
                .filter(|n| !n.is_empty())
                .ok_or(err("no ref name after the object id"))?;
            refs.push(PackedRef {
                name: name.into(),
                id,
                peeled: None,
            });
        }
        let in_order = refs.windows(2).all(|w| w[0].name < w[1].name);
        if !in_order {
            if sorted {
                // git trusts the trait and binary-searches; an unsorted "sorted" file is damaged.
                return Err(LineError {
                    line: 1,
                    what: "file claims to be sorted but is not",
                });
            }
            refs.reverse();
            refs.sort_by(|a, b| a.name.cmp(&b.name));
            refs.dedup_by(|later, earlier| later.name == earlier.name);
        }
        Ok(PackedRefs { refs })
    }

    /// The record named `name`.
    pub fn find(&self, name: &[u8]) -> Option<&PackedRef> {
        self.refs
            .binary_search_by(|r| r.name.as_slice().cmp(name))
            .ok()
            .and_then(|i| self.refs.get(i))
    }

    /// The records whose names start with `prefix`, in order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a [u8]) -> impl Iterator<Item = &'a PackedRef> + 'a {
        let start = self.refs.partition_point(|r| r.name.as_slice() < prefix);
        self.refs[start..]
            .iter()
            .take_while(move |r| r.name.starts_with(prefix))
    }

    /// The file git writes for these records: the header, then each `<id> <name>` line and its
    /// `^<peeled>` line.
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = HEADER.to_vec();
        for r in &self.refs {
            out.extend_from_slice(r.id.to_hex().as_bytes());
            out.push(b' ');
            out.extend_from_slice(&r.name);
            out.push(b'\n');
            if let Some(p) = r.peeled {
                out.push(b'^');
                out.extend_from_slice(p.to_hex().as_bytes());
                out.push(b'\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn parses_header_peeled_lines_and_round_trips() {
        let text = format!("# pack-refs with: peeled fully-peeled sorted \n{A} refs/heads/main\n{B} refs/tags/v1\n^{A}\n");
        let p = PackedRefs::parse(text.as_bytes()).unwrap();
        assert_eq!(p.refs.len(), 2);
        assert_eq!(
            p.find(b"refs/tags/v1").unwrap().peeled,
            Some(A.parse().unwrap())
        );
        assert_eq!(p.serialize(), text.as_bytes());
        assert_eq!(p.with_prefix(b"refs/heads/").count(), 1);
    }

    #[test]
    fn unsorted_file_without_trait_is_sorted() {
        let text = format!("{B} refs/tags/v1\n{A} refs/heads/main\n");
        let p = PackedRefs::parse(text.as_bytes()).unwrap();
        assert_eq!(p.refs[0].name, "refs/heads/main");
    }

    #[test]
    fn errors_name_the_line() {
        let bad = format!("# pack-refs with: peeled \n{A} refs/heads/main\n^zz\n");
        assert_eq!(PackedRefs::parse(bad.as_bytes()).unwrap_err().line, 3);
        let unterminated = format!("{A} refs/heads/main");
        assert_eq!(
            PackedRefs::parse(unterminated.as_bytes()).unwrap_err().line,
            1
        );
        assert_eq!(PackedRefs::parse(b"^1111\n").unwrap_err().line, 1);
        assert_eq!(
            PackedRefs::parse(format!("{A}\n").as_bytes())
                .unwrap_err()
                .line,
            1
        );
    }
}
