//! Ordering refs as `--sort` does: each key's value as a number (sizes, counts, dates
//! without a format) or as text (`version:` compares runs of digits as numbers), the last key
//! given first, ties by ref name.

use super::atom::PersonField;
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
        for item in items.iter() {
            let mut v = Vec::with_capacity(keys.len());
            for key in keys.iter().rev() {
                v.push(self.sort_value(key, item)?);
            }
            values.push(v);
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
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| {
            for (k, key) in keys.iter().rev().enumerate() {
                let c = compare_values(&values[a][k], &values[b][k], key.version, ignore_case);
                let c = if key.reverse { c.reverse() } else { c };
                if c != Ordering::Equal {
                    return c;
                }
            }
            name_cmp(&items[a], &items[b])
        });
        let sorted: Vec<RefItem> = order.iter().map(|&i| items[i].clone()).collect();
        items.clone_from_slice(&sorted);
        Ok(())
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
