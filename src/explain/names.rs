//! From a name to an object, step by step: which of git's rev-parse rules turned the leading
//! name into a ref, where that ref is stored (a loose file, or a line of `packed-refs`), each
//! symbolic hop, and then each `~`, `^` and `:path` step with the object it reached.
//!
//! ```text
//! HEAD~2^{tree}:src/a.c
//! └name┘└~2┘└^{tree}┘└:src/a.c┘
//! rules for a short name:  NAME, refs/NAME, refs/tags/NAME, refs/heads/NAME,
//!                          refs/remotes/NAME, refs/remotes/NAME/HEAD   (first existing wins)
//! a ref:   $GIT_DIR/<name> ("<hex>\n" or "ref: <other>\n"), else a line "<hex> <name>" of
//!          packed-refs (maybe followed by "^<peeled hex>")
//! ```
//!
//! Every object shown is what the revision resolver itself answers for the spec cut after
//! that step, so the steps cannot disagree with `rev-parse`.

use crate::error::Result;
use crate::oid::ObjectId;
use crate::refs::name::REV_PARSE_RULES;
use crate::refs::{RefName, Target};
use crate::repo::Repository;
use crate::revision::{self, Hint};
use serde::Serialize;
use std::path::PathBuf;

/// How a revision spec reaches its object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameTrace {
    /// The spec as given.
    pub spec: String,
    /// The leading name (before any `~`, `^`, `:` or `@{…}`).
    pub name: String,
    /// The full ref names the rules tried for it, in order, and whether each exists.
    pub rules: Vec<RuleTried>,
    /// Each ref read, from the matched one through symbolic refs to the one holding an id.
    pub refs: Vec<RefHop>,
    /// The steps after the name, each with the object it reached.
    pub steps: Vec<Step>,
}

/// One rev-parse rule applied to the leading name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleTried {
    /// The full name the rule makes.
    pub full_name: String,
    /// Whether a ref of that name exists.
    pub exists: bool,
}

/// One ref read while resolving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefHop {
    /// Its full name.
    pub name: String,
    /// Where it was read.
    pub source: RefSource,
    /// Where it points: another ref's name or an id.
    pub target: String,
    /// The `^` line of `packed-refs`: what an annotated tag peels to.
    pub peeled: Option<ObjectId>,
}

/// Where a ref's value was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "store", rename_all = "snake_case")]
pub enum RefSource {
    /// A loose ref file.
    Loose {
        /// The file.
        path: PathBuf,
    },
    /// A line of `packed-refs`.
    Packed {
        /// The `packed-refs` file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
    },
}

/// A step of the spec after its leading name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The step as written (`~2`, `^`, `^{tree}`, `:src/a.c`, `@{1}`).
    pub text: String,
    /// The spec up to and including this step.
    pub spec: String,
    /// The object it reached.
    pub id: ObjectId,
}

/// Traces `spec`; `None` when it does not resolve.
pub fn trace(repo: &Repository, spec: &str) -> Result<Option<NameTrace>> {
    if revision::resolve(repo, spec).is_err() {
        return Ok(None);
    }
    let cuts = step_ends(spec);
    let name_end = cuts.first().map_or(spec.len(), |&(start, _)| start);
    let name = spec.get(..name_end).unwrap_or_default().to_string();
    let mut rules = Vec::new();
    let mut refs = Vec::new();
    let store = repo.refs();
    for (prefix, suffix) in REV_PARSE_RULES {
        if name.is_empty() {
            break;
        }
        let full = format!("{prefix}{name}{suffix}");
        let Ok(refname) = RefName::new(full.as_bytes()) else {
            continue;
        };
        let exists = store.resolve(&refname).ok().flatten().is_some();
        rules.push(RuleTried {
            full_name: full,
            exists,
        });
        if exists && refs.is_empty() {
            let mut current = refname;
            for _ in 0..store.limits().max_symref_depth.max(1) {
                let Some(r) = store.find(&current)? else {
                    break;
                };
                let source = source_of(repo, &current);
                let (target, next) = match &r.target {
                    Target::Object(id) => (id.to_string(), None),
                    Target::Symbolic(next) => (next.to_string(), Some(next.clone())),
                };
                refs.push(RefHop {
                    name: current.to_string(),
                    source,
                    target,
                    peeled: r.peeled,
                });
                match next {
                    Some(n) => current = n,
                    None => break,
                }
            }
        }
    }
    let mut steps = Vec::new();
    for &(start, end) in &cuts {
        let upto = spec.get(..end).unwrap_or_default();
        if let Ok(id) = revision::resolve_with(repo, upto.as_bytes(), Hint::Any) {
            steps.push(Step {
                text: spec.get(start..end).unwrap_or_default().to_string(),
                spec: upto.to_string(),
                id,
            });
        }
    }
    Ok(Some(NameTrace {
        spec: spec.to_string(),
        name,
        rules,
        refs,
        steps,
    }))
}

fn source_of(repo: &Repository, name: &RefName) -> RefSource {
    let store = repo.refs();
    let loose = store.loose_path(name.as_bytes());
    if loose.is_file() {
        return RefSource::Loose { path: loose };
    }
    let path = store.packed_refs_path();
    let bytes = crate::file::read(&path).unwrap_or_default();
    let line = bytes
        .split(|&b| b == b'\n')
        .position(|l| {
            l.len() > ObjectId::HEX_LEN + 1
                && l.get(ObjectId::HEX_LEN + 1..) == Some(name.as_bytes())
        })
        .map_or(0, |i| i + 1);
    RefSource::Packed { path, line }
}

/// Where each step after the leading name starts and ends, as byte offsets of `spec`: `~n`,
/// `^n`, `^{…}`, `@{…}` one by one, and everything after the first
/// `:` outside braces as one path step per `/`-separated component.
pub fn step_ends(spec: &str) -> Vec<(usize, usize)> {
    let b = spec.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // the leading name runs to the first operator
    while i < b.len()
        && !matches!(b.get(i), Some(b'~' | b'^' | b':'))
        && !(b.get(i) == Some(&b'@') && b.get(i + 1) == Some(&b'{'))
    {
        i += 1;
    }
    while i < b.len() {
        let start = i;
        match b.get(i) {
            Some(b':') => {
                let mut j = i + 1;
                while j < b.len() {
                    if b.get(j) == Some(&b'/') && j > i + 1 {
                        out.push((start, j));
                    }
                    j += 1;
                }
                out.push((start, b.len()));
                return out;
            }
            Some(b'~') => {
                let digits = b
                    .get(i + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                out.push((start, i + 1 + digits));
                i += 1 + digits;
            }
            Some(b'^') | Some(b'@') => {
                let mut j = i + 1;
                if b.get(j) == Some(&b'{') {
                    while j < b.len() && b.get(j) != Some(&b'}') {
                        j += 1;
                    }
                    j += 1;
                } else {
                    while b.get(j).is_some_and(u8::is_ascii_digit) {
                        j += 1;
                    }
                }
                out.push((start, j.min(b.len())));
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}
