//! Abbreviated object names: the shortest prefix of an id no other object shares, and the
//! length git starts from (`core.abbrev`, or one that grows with the number of objects).

use super::Odb;
use super::Result;
use crate::config::Config;
use crate::oid::{ObjectId, Prefix};
use bstr::ByteSlice;
use std::collections::HashMap;

/// The loose objects of the fan-out directories looked at so far, kept by a caller that
/// abbreviates many ids (git's `odb_loose_cache`): each `objects/xx` of each object directory
/// is listed once, at the first id that needs it. Objects written after that are not seen, as
/// in git; keep one only as long as one command's output.
#[derive(Debug, Default)]
pub struct LooseListing(HashMap<(usize, u8), Vec<ObjectId>>);

impl Odb {
    /// git's `find_unique_abbrev`: the first `min_len` (clamped to 4..=40) hex digits of `id`,
    /// extended until no other object of this database starts with them.
    pub fn abbreviate(&self, id: &ObjectId, min_len: usize) -> Result<String> {
        self.abbreviate_with(id, min_len, None)
    }

    /// [`Odb::abbreviate`], reading the loose objects through `listing` (each fan-out
    /// directory once) instead of looking into the directory for every id.
    pub fn abbreviate_listed(
        &self,
        id: &ObjectId,
        min_len: usize,
        listing: &mut LooseListing,
    ) -> Result<String> {
        self.abbreviate_with(id, min_len, Some(listing))
    }

    fn abbreviate_with(
        &self,
        id: &ObjectId,
        min_len: usize,
        listing: Option<&mut LooseListing>,
    ) -> Result<String> {
        let len = min_len.clamp(Prefix::MIN_HEX_LEN, ObjectId::HEX_LEN);
        let hex = id.to_hex();
        if len == ObjectId::HEX_LEN {
            return Ok(hex);
        }
        // the first 4 to 39 digits of an id are always a valid prefix
        let Ok(prefix) = Prefix::from_hex(&hex.as_bytes()[..len]) else {
            return Ok(hex);
        };
        let mut need = len;
        let others = match listing {
            Some(listing) => self.prefix_matches_listed(&prefix, listing)?,
            None => self.prefix_matches(&prefix)?,
        };
        for other in others {
            if other == *id {
                continue;
            }
            let common = hex
                .bytes()
                .zip(other.to_hex().bytes())
                .take_while(|(a, b)| a == b)
                .count();
            need = need.max(common + 1);
        }
        Ok(hex[..need.min(ObjectId::HEX_LEN)].to_string())
    }

    /// [`Odb::prefix_matches`] with the loose objects read through `listing`.
    fn prefix_matches_listed(
        &self,
        prefix: &Prefix,
        listing: &mut LooseListing,
    ) -> Result<Vec<ObjectId>> {
        self.looked_up();
        let mut out = Vec::new();
        for (i, dir) in self.dirs.iter().enumerate() {
            for pack in dir.packs.list().iter() {
                pack.lookup_prefix_into(prefix, &mut out, usize::MAX);
            }
            let key = (i, prefix.first_byte());
            let loose = match listing.0.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(dir.loose.ids_in_fanout(key.1)?)
                }
            };
            out.extend(loose.iter().filter(|id| prefix.matches(id)));
        }
        for store in &self.added_stores() {
            store.prefix_matches(prefix, &mut out)?;
        }
        if out.is_empty() {
            // perhaps in a pack written since: the full search rescans the pack directories
            return self.prefix_matches(prefix);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// The abbreviation length git uses by default: `core.abbrev` of `config`, else one that
    /// grows with the number of packed objects (7 for fewer than 16384, as git's "auto").
    pub fn default_abbrev_len(&self, config: &Config) -> usize {
        if let Some(v) = config.get("core.abbrev") {
            let v = v.to_str_lossy().to_ascii_lowercase();
            if let Ok(n) = v.parse::<usize>() {
                return n.clamp(Prefix::MIN_HEX_LEN, ObjectId::HEX_LEN);
            }
            if matches!(v.as_str(), "no" | "false" | "off") {
                return ObjectId::HEX_LEN;
            }
        }
        let count: u64 = self.packs().iter().map(|p| p.len() as u64).sum();
        let msb = if count == 0 {
            0
        } else {
            63 - count.leading_zeros()
        } as usize;
        ((msb + 2) / 2).max(7)
    }
}
