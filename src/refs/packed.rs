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
//!
//! Without a trait saying so, a ref with no `^` line may still be an annotated tag: only the
//! object database can tell. git, when it rewrites the file, peels every such ref and writes
//! `fully-peeled`; [`PackedRefs::peel_unknown`] does the same before [`PackedRefs::serialize`],
//! which only claims the peeling the records really have.
//!
//! Like git, a damaged file is an error naming the line (`unexpected line in …`), while a file
//! that claims `sorted` but is not is simply sorted.

use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};

/// The header git writes (note the trailing space).
pub const HEADER: &[u8] = b"# pack-refs with: peeled fully-peeled sorted \n";

/// Which refs' `^` lines the header vouches for: a ref it covers that has no `^` line does not
/// peel (is not an annotated tag).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PeeledTrait {
    /// No trait: any ref without a `^` line may still peel.
    None,
    /// `peeled`: refs under `refs/tags/` are covered.
    Tags,
    /// `fully-peeled`: every ref is covered (what git writes, and true of an empty file).
    #[default]
    Fully,
}

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
    /// The line as git quotes it: whole when under 80 bytes, else its first 75 and `...`.
    pub excerpt: BString,
    /// The file ends inside this line (git: "unterminated line" rather than "unexpected line").
    pub unterminated: bool,
}

impl LineError {
    /// git's complaint, after `fatal: `, for the file at `path`.
    pub fn git_message(&self, path: &str) -> String {
        let kind = if self.unterminated {
            "unterminated"
        } else {
            "unexpected"
        };
        format!("{kind} line in {path}: {}", self.excerpt)
    }
}

/// The line `line` as git's `die_invalid_line` quotes it.
fn excerpt(line: &[u8]) -> BString {
    if line.len() < 80 {
        line.into()
    } else {
        let mut e = BString::from(&line[..75]);
        e.extend_from_slice(b"...");
        e
    }
}

/// The parsed `packed-refs`, records sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedRefs {
    /// The records in byte order of their names.
    pub refs: Vec<PackedRef>,
    /// Which records' peeling is known from the file (see [`PackedRefs::knows_peeled`]).
    pub peeled: PeeledTrait,
}

impl PackedRefs {
    /// Parses the whole file. Records out of order (whatever the `sorted` trait claims) are
    /// sorted; when a name occurs twice, the later record wins.
    pub fn parse(bytes: &[u8]) -> Result<PackedRefs, LineError> {
        let mut refs: Vec<PackedRef> = Vec::new();
        let mut peeled_trait = PeeledTrait::None;
        let mut rest = bytes;
        let mut line_no = 0;
        while !rest.is_empty() {
            line_no += 1;
            let Some(nl) = rest.find_byte(b'\n') else {
                return Err(LineError {
                    line: line_no,
                    what: "unterminated line",
                    excerpt: excerpt(rest),
                    unterminated: true,
                });
            };
            let line = &rest[..nl];
            rest = &rest[nl + 1..];
            let err = |what| LineError {
                line: line_no,
                what,
                excerpt: excerpt(line),
                unterminated: false,
            };
            if line_no == 1 && line.starts_with(b"#") {
                let traits = line
                    .strip_prefix(b"# pack-refs with:")
                    .ok_or(err("not a pack-refs header"))?;
                let has = |t: &[u8]| traits.split_str(" ").any(|x| x == t);
                peeled_trait = if has(b"fully-peeled") {
                    PeeledTrait::Fully
                } else if has(b"peeled") {
                    PeeledTrait::Tags
                } else {
                    PeeledTrait::None
                };
                continue;
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
            refs.reverse();
            refs.sort_by(|a, b| a.name.cmp(&b.name));
            refs.dedup_by(|later, earlier| later.name == earlier.name);
        }
        Ok(PackedRefs {
            refs,
            peeled: peeled_trait,
        })
    }

    /// Whether the file tells what `r` peels to: it has a `^` line, or the header's trait
    /// covers it (then no `^` line means it is not an annotated tag).
    pub fn knows_peeled(&self, r: &PackedRef) -> bool {
        r.peeled.is_some()
            || match self.peeled {
                PeeledTrait::Fully => true,
                PeeledTrait::Tags => r.name.starts_with(b"refs/tags/"),
                PeeledTrait::None => false,
            }
    }

    /// Asks `peel` (an object database lookup: what an annotated tag finally points at, `None`
    /// for anything else or a missing object) for every record whose peeling the file does not
    /// tell, then marks the whole file fully peeled, as git's rewrite does.
    pub fn peel_unknown(&mut self, mut peel: impl FnMut(&ObjectId) -> Option<ObjectId>) {
        for i in 0..self.refs.len() {
            let Some(r) = self.refs.get(i) else { break };
            if !self.knows_peeled(r) {
                let peeled = peel(&r.id);
                if let Some(r) = self.refs.get_mut(i) {
                    r.peeled = peeled;
                }
            }
        }
        self.peeled = PeeledTrait::Fully;
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

    /// The file for these records: the header (git's own, [`HEADER`], once the records are fully
    /// peeled; otherwise one claiming no more than the parsed file did), then each `<id> <name>`
    /// line and its `^<peeled>` line.
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = match self.peeled {
            PeeledTrait::Fully => HEADER.to_vec(),
            PeeledTrait::Tags => b"# pack-refs with: peeled sorted \n".to_vec(),
            PeeledTrait::None => b"# pack-refs with: sorted \n".to_vec(),
        };
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
    fn file_claiming_sorted_but_unsorted_is_sorted_not_rejected() {
        let text = format!("# pack-refs with: peeled fully-peeled sorted \n{B} refs/tags/v1\n{A} refs/heads/main\n");
        let p = PackedRefs::parse(text.as_bytes()).unwrap();
        assert_eq!(p.refs[0].name, "refs/heads/main");
    }

    #[test]
    fn peel_unknown_asks_only_for_refs_the_trait_does_not_cover() {
        let text = format!("# pack-refs with: peeled \n{A} refs/heads/at-tag\n{B} refs/tags/v1\n");
        let mut p = PackedRefs::parse(text.as_bytes()).unwrap();
        assert_eq!(p.peeled, PeeledTrait::Tags);
        let mut asked = Vec::new();
        p.peel_unknown(|id| {
            asked.push(*id);
            Some(B.parse().unwrap())
        });
        assert_eq!(asked, vec![A.parse::<ObjectId>().unwrap()]);
        let out = String::from_utf8(p.serialize()).unwrap();
        assert_eq!(
            out,
            format!("# pack-refs with: peeled fully-peeled sorted \n{A} refs/heads/at-tag\n^{B}\n{B} refs/tags/v1\n")
        );
    }

    #[test]
    fn serialize_claims_no_more_peeling_than_was_parsed() {
        let text = format!("{A} refs/tags/v1\n");
        let p = PackedRefs::parse(text.as_bytes()).unwrap();
        assert_eq!(PackedRefs::parse(&p.serialize()).unwrap(), p);
        assert!(!p.serialize().starts_with(HEADER));
    }

    #[test]
    fn errors_quote_the_line_as_git_does() {
        let text = format!("{A} refs/heads/main\ngarbage line\n");
        let e = PackedRefs::parse(text.as_bytes()).unwrap_err();
        assert_eq!(
            e.git_message(".git/packed-refs"),
            "unexpected line in .git/packed-refs: garbage line"
        );
        let long = format!("{A} refs/heads/main\n{}", "x".repeat(100));
        let e = PackedRefs::parse(long.as_bytes()).unwrap_err();
        assert_eq!(
            e.git_message("p"),
            format!("unterminated line in p: {}...", "x".repeat(75))
        );
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
