//! Ordering refs as `--sort` does: each key's value as a number (sizes, counts, dates
//! without a format) or as text (`version:` compares runs of digits as numbers), the last key
//! given first, ties by ref name.

use super::atom::{PersonField, Role};
use super::formatter::{Formatter, RefItem};
use super::{version_cmp, Atom, AtomKind, SortKey};
use crate::date::DateFormat;
use crate::error::Result;
use bstr::{BString, ByteSlice};
use std::cmp::Ordering;

impl Formatter<'_> {
    /// Sorts `items` by `keys` (the last key is the primary one, as git's repeated `--sort`),
    /// ties by ref name; no keys: by ref name.
    pub fn sort(&mut self, items: &mut [RefItem], keys: &[SortKey]) -> Result<()> {
        self.sort_with(items, keys, false)
    }

    /// [`Formatter::sort`], comparing text without regard to ASCII case when `ignore_case`
    /// (`--ignore-case`).
    pub fn sort_with(
        &mut self,
        items: &mut [RefItem],
        keys: &[SortKey],
        ignore_case: bool,
    ) -> Result<()> {
        let mut values: Vec<Vec<SortValue>> = Vec::with_capacity(items.len());
        // git compares a date key with a format (`committerdate:short`) as a number until the
        // first item whose object has that date is read, then as text: the first comparison
        // can differ from the others, so git's merge sort is followed step by step
        let date_keys: Vec<Option<(Role, bool)>> = keys
            .iter()
            .rev()
            .map(|k| match &k.atom.kind {
                AtomKind::Person(role, PersonField::Date(Some(_))) => Some((*role, k.atom.deref)),
                _ => None,
            })
            .collect();
        let mut timestamps: Vec<Vec<i128>> = Vec::with_capacity(items.len());
        let mut flips: Vec<Vec<bool>> = Vec::with_capacity(items.len());
        for item in items.iter() {
            let mut v = Vec::with_capacity(keys.len());
            let mut t = Vec::with_capacity(keys.len());
            let mut f = Vec::with_capacity(keys.len());
            for (key, date) in keys.iter().rev().zip(&date_keys) {
                v.push(self.sort_value(key, item)?);
                match date {
                    Some((role, deref)) => {
                        t.push(self.timestamp(*role, *deref, item)?);
                        f.push(self.has_date(*role, *deref, item));
                    }
                    None => {
                        t.push(0);
                        f.push(false);
                    }
                }
            }
            values.push(v);
            timestamps.push(t);
            flips.push(f);
        }
        let name_cmp = |a: &RefItem, b: &RefItem| {
            if ignore_case {
                a.name
                    .as_bytes()
                    .to_ascii_lowercase()
                    .cmp(&b.name.as_bytes().to_ascii_lowercase())
            } else {
                a.name.as_bytes().cmp(b.name.as_bytes())
            }
        };
        let mut populated = vec![false; items.len()];
        let mut as_text: Vec<bool> = date_keys.iter().map(|d| d.is_none()).collect();
        let mut compare = |a: usize, b: usize| {
            for (k, key) in keys.iter().rev().enumerate() {
                let text_now = as_text[k];
                for i in [a, b] {
                    if !populated[i] {
                        populated[i] = true;
                        for (t, f) in as_text.iter_mut().zip(&flips[i]) {
                            *t |= *f;
                        }
                    }
                }
                let c = if text_now {
                    compare_values(&values[a][k], &values[b][k], key.version, ignore_case)
                } else {
                    timestamps[a][k].cmp(&timestamps[b][k])
                };
                let c = if key.reverse { c.reverse() } else { c };
                if c != Ordering::Equal {
                    return c;
                }
            }
            name_cmp(&items[a], &items[b])
        };
        let mut order: Vec<usize> = (0..items.len()).collect();
        if date_keys.iter().any(Option::is_some) {
            merge_sort(&mut order, &mut compare);
        } else {
            order.sort_by(|&a, &b| compare(a, b));
        }
        let sorted: Vec<RefItem> = order.iter().map(|&i| items[i].clone()).collect();
        items.clone_from_slice(&sorted);
        Ok(())
    }

    /// The seconds of a person's date, 0 when there is none.
    fn timestamp(&mut self, role: Role, deref: bool, item: &RefItem) -> Result<i128> {
        let unix = Some(DateFormat::new(crate::date::DateKind::Unix));
        let atom = Atom {
            deref,
            kind: AtomKind::Person(role, PersonField::Date(unix)),
        };
        let raw = self.value(&atom, item)?;
        Ok(raw
            .to_str()
            .ok()
            .and_then(|s| s.parse::<i128>().ok())
            .unwrap_or(0))
    }

    /// Whether the object (or the peeled one) is of the kind that has `role`'s date.
    fn has_date(&mut self, role: Role, deref: bool, item: &RefItem) -> bool {
        let atom = Atom {
            deref,
            kind: AtomKind::ObjectType,
        };
        let kind = self.value(&atom, item).unwrap_or_default();
        match role {
            Role::Author | Role::Committer => kind == "commit",
            Role::Tagger => kind == "tag",
            Role::Creator => kind == "commit" || kind == "tag",
        }
    }

    fn sort_value(&mut self, key: &SortKey, item: &RefItem) -> Result<SortValue> {
        let numeric = matches!(
            &key.atom.kind,
            AtomKind::ObjectSize { .. }
                | AtomKind::NumParent
                | AtomKind::Raw { size: true }
                | AtomKind::Message(super::MessagePart::Size)
                | AtomKind::Person(_, PersonField::Date(None))
        );
        if numeric {
            let raw = match &key.atom.kind {
                AtomKind::Person(role, PersonField::Date(_)) => self.value(
                    &Atom {
                        deref: key.atom.deref,
                        kind: AtomKind::Person(
                            *role,
                            PersonField::Date(Some(DateFormat::new(crate::date::DateKind::Unix))),
                        ),
                    },
                    item,
                )?,
                _ => self.value(&key.atom, item)?,
            };
            let n = raw.to_str().ok().and_then(|s| s.parse::<i128>().ok());
            return Ok(SortValue::Number(n.unwrap_or(0)));
        }
        Ok(SortValue::Text(self.value(&key.atom, item)?))
    }
}

#[derive(Debug, Clone)]
enum SortValue {
    Number(i128),
    Text(BString),
}

fn compare_values(a: &SortValue, b: &SortValue, version: bool, ignore_case: bool) -> Ordering {
    match (a, b) {
        (SortValue::Number(x), SortValue::Number(y)) => x.cmp(y),
        (SortValue::Text(x), SortValue::Text(y)) if version => version_cmp(x, y),
        (SortValue::Text(x), SortValue::Text(y)) if ignore_case => {
            x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase())
        }
        (SortValue::Text(x), SortValue::Text(y)) => x.cmp(y),
        (SortValue::Number(_), SortValue::Text(_)) => Ordering::Less,
        (SortValue::Text(_), SortValue::Number(_)) => Ordering::Greater,
    }
}

/// git's `git_qsort_s` (compat/qsort_s.c): a top-down merge sort, the left run first on ties.
fn merge_sort(v: &mut [usize], cmp: &mut impl FnMut(usize, usize) -> Ordering) {
    if v.len() <= 1 {
        return;
    }
    let mid = v.len() / 2;
    merge_sort(&mut v[..mid], cmp);
    merge_sort(&mut v[mid..], cmp);
    let mut out = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if cmp(v[i], v[j]) != Ordering::Greater {
            out.push(v[i]);
            i += 1;
        } else {
            out.push(v[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&v[i..mid]);
    out.extend_from_slice(&v[j..]);
    v.copy_from_slice(&out);
}
