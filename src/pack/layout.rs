//! Where an object sits in a pack: its entry's offset, how many bytes it takes, how it is stored
//! (whole or as a delta) and against which base. What `cat-file --batch-check` reports as
//! `%(objectsize:disk)` and `%(deltabase)`, and what `gitstore explain` shows learners.

use super::{EntryHeader, EntryKind, Pack, Result};
use crate::oid::ObjectId;

/// The entry of one object in a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInfo {
    /// Offset of the entry's header.
    pub offset: u64,
    /// Bytes the entry takes in the pack, header included.
    pub size_in_pack: u64,
    /// The entry header: whole object or delta, and the inflated size of what is stored.
    pub header: EntryHeader,
    /// For a delta, the id of its base (resolved from the offset for OFS_DELTA).
    pub base: Option<ObjectId>,
}

impl Pack {
    /// Every entry's (offset, index position), sorted by offset.
    fn offsets(&self) -> Result<&[(u64, u32)]> {
        if let Some(v) = self.by_offset.get() {
            return Ok(v);
        }
        let mut v = Vec::with_capacity(self.index.len());
        for i in 0..self.index.len() {
            v.push((self.index.offset_at(i)?, i as u32));
        }
        v.sort_unstable();
        Ok(self.by_offset.get_or_init(|| v))
    }

    /// The id of the entry starting at `offset`, if one does.
    pub fn id_at_offset(&self, offset: u64) -> Result<Option<ObjectId>> {
        let offsets = self.offsets()?;
        Ok(offsets
            .binary_search_by_key(&offset, |&(o, _)| o)
            .ok()
            .and_then(|i| offsets.get(i))
            .and_then(|&(_, pos)| self.index.oid_at(pos as usize)))
    }

    /// Bytes the entry starting at `offset` takes, header included: up to the next entry, or
    /// to the trailer for the last one.
    pub fn entry_len(&self, offset: u64) -> Result<u64> {
        let offsets = self.offsets()?;
        let next = match offsets.binary_search_by_key(&offset, |&(o, _)| o) {
            Ok(i) => offsets.get(i + 1).map(|&(o, _)| o),
            Err(_) => None,
        };
        let end = match next {
            Some(o) => o,
            None => self.data()?.end_of_entries(),
        };
        Ok(end.saturating_sub(offset))
    }

    /// How object `id` is stored in this pack; `None` if the pack does not hold it.
    pub fn entry_info(&self, id: &ObjectId) -> Result<Option<EntryInfo>> {
        match self.index().lookup(id) {
            Some(pos) => self.entry_info_at(pos).map(Some),
            None => Ok(None),
        }
    }

    /// How the `pos`-th object of the index (in id order) is stored.
    pub fn entry_info_at(&self, pos: usize) -> Result<EntryInfo> {
        let offset = self.index().offset_at(pos)?;
        let data = self.data()?;
        let header = data.entry_header(offset)?;
        let size_in_pack = self.entry_len(offset)?;
        let base = match header.kind {
            EntryKind::Base(_) => None,
            EntryKind::OfsDelta { base_offset } => self.id_at_offset(base_offset)?,
            EntryKind::RefDelta { base } => Some(base),
        };
        Ok(EntryInfo {
            offset,
            size_in_pack,
            header,
            base,
        })
    }
}
