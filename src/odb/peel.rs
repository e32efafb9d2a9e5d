//! Peeling: following tags (and a commit to its tree) until an object of the kind asked for.

use super::*;

impl Odb {
    /// Reads `id` as an object of kind `want`, following tags to their target and a commit to
    /// its tree on the way, as `git cat-file <type> <object>` does; `None` when the chain does not
    /// lead to a `want` (or an object is missing).
    pub fn read_peeled(&self, id: &ObjectId, want: Kind) -> Result<Option<ObjectData>> {
        Ok(self.peel(id, want)?.map(|(_, object)| object))
    }

    /// The id `id` peels to when followed (tags to targets, a commit to its tree) until an
    /// object of kind `want`; `None` when the chain leads elsewhere or an object is missing.
    /// Only the tags and commits on the way are read: the object found is not.
    pub fn peel_to(&self, id: &ObjectId, want: Kind) -> Result<Option<ObjectId>> {
        let mut id = *id;
        let mut data = Vec::new();
        // tags, and a commit to its tree
        for _ in 0..=self.limits.max_tag_chain.saturating_add(1) {
            let Some(header) = self.try_read_header(&id)? else {
                return Ok(None);
            };
            if header.kind == want {
                return Ok(Some(id));
            }
            if self.try_read(&id, &mut data)?.is_none() {
                return Ok(None);
            }
            match peel_step(header.kind, want, &data) {
                Some(next) => id = next,
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    fn peel(&self, id: &ObjectId, want: Kind) -> Result<Option<(ObjectId, ObjectData)>> {
        let mut id = *id;
        for _ in 0..=self.limits.max_tag_chain.saturating_add(1) {
            let mut data = Vec::new();
            let Some(kind) = self.try_read(&id, &mut data)? else {
                return Ok(None);
            };
            if kind == want {
                return Ok(Some((id, ObjectData { kind, data })));
            }
            match peel_step(kind, want, &data) {
                Some(next) => id = next,
                None => return Ok(None),
            }
        }
        Ok(None)
    }
}

/// Where peeling an object of `kind` towards `want` goes next: a tag's target, or a commit's
/// tree when a tree is wanted.
fn peel_step(kind: Kind, want: Kind, data: &[u8]) -> Option<ObjectId> {
    let keyword: &[u8] = match (kind, want) {
        (Kind::Tag, _) => b"object ",
        (Kind::Commit, Kind::Tree) => b"tree ",
        _ => return None,
    };
    data.strip_prefix(keyword)
        .and_then(|rest| rest.get(..ObjectId::HEX_LEN))
        .and_then(|hex| ObjectId::from_hex(hex).ok())
}
