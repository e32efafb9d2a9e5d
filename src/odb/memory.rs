//! [`MemoryStore`]: objects held in memory, for tests and for tools that build objects before
//! deciding whether to persist them.

use super::ObjectStore;
use super::Result;
use crate::hash::hash_object;
use crate::object::{Header, Kind};
use crate::oid::{ObjectId, Prefix};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

type Objects = BTreeMap<ObjectId, (Kind, Arc<[u8]>)>;

/// A thread-safe object store in memory.
///
/// ```
/// use gitstore::odb::{MemoryStore, ObjectStore};
/// use gitstore::Kind;
/// let store = MemoryStore::new();
/// let id = store.write(Kind::Blob, b"hello\n")?;
/// assert_eq!(id.to_string(), "ce013625030ba8dba906f756967f9e9ca394464a");
/// let mut body = Vec::new();
/// assert_eq!(store.read_into(&id, &mut body)?, Some(Kind::Blob));
/// assert_eq!(body, b"hello\n");
/// # Ok::<(), gitstore::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    objects: Arc<RwLock<Objects>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// How many objects it holds.
    pub fn len(&self) -> usize {
        self.objects.read().map(|m| m.len()).unwrap_or(0)
    }

    /// Whether it holds no object.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kind and body of `id`, shared without copying.
    pub fn get(&self, id: &ObjectId) -> Option<(Kind, Arc<[u8]>)> {
        self.objects.read().ok()?.get(id).cloned()
    }
}

impl ObjectStore for MemoryStore {
    fn read_header(&self, id: &ObjectId) -> Result<Option<Header>> {
        Ok(self.get(id).map(|(kind, body)| Header {
            kind,
            size: body.len() as u64,
        }))
    }

    fn read_into(&self, id: &ObjectId, out: &mut Vec<u8>) -> Result<Option<Kind>> {
        Ok(self.get(id).map(|(kind, body)| {
            out.clear();
            out.extend_from_slice(&body);
            kind
        }))
    }

    fn contains(&self, id: &ObjectId) -> Result<bool> {
        Ok(self
            .objects
            .read()
            .map(|m| m.contains_key(id))
            .unwrap_or(false))
    }

    fn prefix_matches(&self, prefix: &Prefix, out: &mut Vec<ObjectId>) -> Result<()> {
        if let Ok(map) = self.objects.read() {
            out.extend(
                map.range(prefix.min_id()..)
                    .map(|(id, _)| *id)
                    .take_while(|id| prefix.matches(id)),
            );
        }
        Ok(())
    }

    fn ids(&self, out: &mut Vec<ObjectId>) -> Result<()> {
        if let Ok(map) = self.objects.read() {
            out.extend(map.keys().copied());
        }
        Ok(())
    }

    fn write(&self, kind: Kind, data: &[u8]) -> Result<ObjectId> {
        let id = hash_object(kind, data)?;
        if let Ok(mut map) = self.objects.write() {
            map.entry(id).or_insert_with(|| (kind, Arc::from(data)));
        }
        Ok(id)
    }
}
