//! Which ids the database holds: those an abbreviation matches, and every id (sorted, or in
//! storage order).

use super::*;

impl Odb {
    /// Every id starting with `prefix`, across all stores, sorted and without duplicates.
    pub fn prefix_matches(&self, prefix: &Prefix) -> Result<Vec<ObjectId>> {
        self.looked_up();
        let mut out = Vec::new();
        for refreshed in [false, true] {
            for dir in &self.dirs {
                for pack in dir.packs.list().iter() {
                    pack.lookup_prefix_into(prefix, &mut out, usize::MAX);
                }
                if !refreshed {
                    dir.loose.prefix_matches(prefix, &mut out)?;
                }
            }
            if !refreshed {
                for store in &self.added_stores() {
                    store.prefix_matches(prefix, &mut out)?;
                }
            }
            if !out.is_empty() || !self.refresh_packs()? {
                break;
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// The one object starting with `prefix`: `None` when there is none, an
    /// [`Error::AmbiguousPrefix`] when there are several.
    pub fn resolve_prefix(&self, prefix: &Prefix) -> Result<Option<ObjectId>> {
        if let Some(id) = prefix.as_full_id() {
            return Ok(self.contains(&id)?.then_some(id));
        }
        let mut matches = self.prefix_matches(prefix)?;
        match matches.len() {
            0 => Ok(None),
            1 => Ok(matches.pop()),
            _ => Err(Error::AmbiguousPrefix {
                prefix: *prefix,
                candidates: matches,
            }),
        }
    }

    /// Every object id in every store, sorted, without duplicates.
    pub fn ids_sorted(&self) -> Result<Vec<ObjectId>> {
        self.looked_up();
        let mut out = Vec::new();
        for dir in &self.dirs {
            for pack in dir.packs.list().iter() {
                out.extend(pack.ids());
            }
            out.extend(dir.loose.ids()?);
        }
        for store in &self.added_stores() {
            store.ids(&mut out)?;
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Every object id in the order `git cat-file --batch-all-objects --unordered` gives:
    /// loose objects (directory order) of every object directory, then every pack's objects in
    /// pack order, each id once.
    pub fn ids_unordered(&self) -> Result<Vec<ObjectId>> {
        self.looked_up();
        let mut out = Vec::new();
        for dir in &self.dirs {
            out.extend(dir.loose.ids()?);
        }
        for dir in &self.dirs {
            for pack in dir.packs.list().iter() {
                out.extend(pack.entries_by_offset()?.into_iter().map(|e| e.id));
            }
        }
        for store in &self.added_stores() {
            store.ids(&mut out)?;
        }
        let mut seen = HashSet::with_capacity(out.len());
        out.retain(|id| seen.insert(*id));
        Ok(out)
    }
}
