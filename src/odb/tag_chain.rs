//! Following annotated tags: the one walk from a tag to what it finally points at, bounded by
//! [`Limits::max_tag_chain`](crate::Limits::max_tag_chain), that ref peeling (`packed-refs`,
//! `show-ref -d`), the ref formatter (`%(*objectname)`) and `--points-at` share.
//!
//! A tag's body starts with its target (the rest is not needed to follow it, and git's
//! `parse_tag_buffer` does not need it either):
//!
//! ```text
//! object <40 hex>\n
//! type <kind>\n
//! …
//! ```

use super::Odb;
use super::Result;
use crate::object::DecodeError;
use crate::object::Kind;
use crate::oid::ObjectId;

/// Where [`Odb::tag_chain`] stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainEnd {
    /// At an object that is not a tag, of this kind (the last target, or the start itself).
    Reached(Kind),
    /// At an object no store has (the last target, or the start itself).
    Missing,
    /// At a tag whose body does not start with `object <hex>`.
    Invalid {
        /// The tag.
        id: ObjectId,
        /// What is wrong.
        error: DecodeError,
    },
    /// After [`Limits::max_tag_chain`](crate::Limits::max_tag_chain) tags.
    TooLong,
}

/// The targets met following annotated tags from an object, in order, and why the walk
/// stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagChain {
    /// Each tag's target in turn; empty when the start is not a tag.
    pub targets: Vec<ObjectId>,
    /// Where the walk stopped.
    pub end: ChainEnd,
}

impl TagChain {
    /// What the tag finally points at (git's `peel_object`): the first object that is not a
    /// tag; `None` when the start is not a tag, or the chain is broken, missing an object or
    /// too long.
    pub fn peeled(&self) -> Option<ObjectId> {
        match self.end {
            ChainEnd::Reached(_) => self.targets.last().copied(),
            _ => None,
        }
    }
}

impl Odb {
    /// Follows annotated tags from `id` to the first object that is not one, reading at most
    /// [`Limits::max_tag_chain`](crate::Limits::max_tag_chain) tags.
    ///
    /// ```
    /// use gitstore::object::Tag;
    /// use gitstore::odb::{ChainEnd, MemoryStore, Odb};
    /// use gitstore::Kind;
    ///
    /// let odb = Odb::in_memory(MemoryStore::new());
    /// let blob = odb.write(Kind::Blob, b"hello\n")?;
    /// let inner = odb.write_object(&Tag::new(blob, Kind::Blob, "inner"))?;
    /// let outer = odb.write_object(&Tag::new(inner, Kind::Tag, "outer"))?;
    /// let chain = odb.tag_chain(&outer)?;
    /// assert_eq!(chain.targets, [inner, blob]);
    /// assert_eq!(chain.end, ChainEnd::Reached(Kind::Blob));
    /// assert_eq!(chain.peeled(), Some(blob));
    /// assert_eq!(odb.tag_chain(&blob)?.peeled(), None);
    /// # Ok::<(), gitstore::Error>(())
    /// ```
    pub fn tag_chain(&self, id: &ObjectId) -> Result<TagChain> {
        let mut targets = Vec::new();
        let mut data = Vec::new();
        let mut current = *id;
        for _ in 0..=self.limits().max_tag_chain {
            let end = match self.try_read(&current, &mut data)? {
                None => ChainEnd::Missing,
                Some(Kind::Tag) => match tag_target(&data) {
                    Some(next) => {
                        targets.push(next);
                        current = next;
                        continue;
                    }
                    None => ChainEnd::Invalid {
                        id: current,
                        error: DecodeError::new(0, "tag without an 'object' line"),
                    },
                },
                Some(kind) => ChainEnd::Reached(kind),
            };
            return Ok(TagChain { targets, end });
        }
        Ok(TagChain {
            targets,
            end: ChainEnd::TooLong,
        })
    }
}

/// The target named by a tag's first line.
fn tag_target(body: &[u8]) -> Option<ObjectId> {
    let hex = body.strip_prefix(b"object ")?.get(..ObjectId::HEX_LEN)?;
    ObjectId::from_hex(hex).ok()
}
