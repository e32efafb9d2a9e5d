//! Abbreviated object names: the shortest prefix of an id no other object shares, and the
//! length git starts from (`core.abbrev`, or one that grows with the number of objects).

use super::Odb;
use crate::config::Config;
use crate::error::Result;
use crate::oid::{ObjectId, Prefix};
use bstr::ByteSlice;

impl Odb {
    /// git's `find_unique_abbrev`: the first `min_len` (clamped to 4..=40) hex digits of `id`,
    /// extended until no other object of this database starts with them.
    pub fn abbreviate(&self, id: &ObjectId, min_len: usize) -> Result<String> {
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
        for other in self.prefix_matches(&prefix)? {
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
