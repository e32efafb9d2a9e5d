//! Writing objects: loose files through the primary directory (or the in-memory store), in one
//! call or prepared on one thread and finished on another, and streamed for large blobs.

use super::*;

impl Odb {
    /// Writes an object as a loose object of the primary directory.
    pub fn write(&self, kind: Kind, data: &[u8]) -> Result<ObjectId> {
        self.looked_up();
        match (&self.memory, self.dirs.first()) {
            (_, Some(primary)) => Ok(primary.loose.write(kind, data)?),
            (Some(memory), None) => memory.write(kind, data),
            (None, None) => Err(no_primary()),
        }
    }

    /// Hashes (and, for a store on disk, deflates) an object without storing it: the part of
    /// [`write`](Self::write) that needs no disk, for other threads to do. Store it with
    /// [`finish_write`](Self::finish_write).
    pub fn prepare_write(&self, kind: Kind, data: &[u8]) -> Result<PreparedWrite> {
        match (&self.memory, self.dirs.first()) {
            (_, Some(primary)) => Ok(PreparedWrite::Loose(primary.loose.deflate(kind, data)?)),
            (Some(_), None) => Ok(PreparedWrite::Memory {
                id: crate::hash::hash_object(kind, data)?,
                kind,
                data: data.to_vec(),
            }),
            (None, None) => Err(no_primary()),
        }
    }

    /// Stores an object [`prepare_write`](Self::prepare_write) prepared, as `write` would.
    pub fn finish_write(&self, prepared: &PreparedWrite) -> Result<ObjectId> {
        self.looked_up();
        match (prepared, &self.memory, self.dirs.first()) {
            (PreparedWrite::Loose(object), _, Some(primary)) => {
                primary.loose.place_deflated(object)?;
                Ok(object.id())
            }
            (PreparedWrite::Memory { kind, data, .. }, Some(memory), None) => {
                memory.write(*kind, data)
            }
            _ => Err(no_primary()),
        }
    }

    /// Writes an object of any type name (`hash-object --literally -t <type> -w`) as a loose
    /// object of the primary directory.
    pub fn write_literally(&self, type_name: &[u8], data: &[u8]) -> Result<ObjectId> {
        match (Kind::from_bytes(type_name), self.dirs.first()) {
            (_, Some(primary)) => Ok(primary.loose.write_literally(type_name, data)?),
            // a memory store holds the four kinds only
            (Some(kind), None) => self.write(kind, data),
            (None, None) => Err(Unsupported::LiteralObjectInMemory {
                type_name: type_name.into(),
            }
            .into()),
        }
    }

    /// Serializes an object built in memory ([`Tree`](crate::object::Tree),
    /// [`Commit`](crate::object::Commit), …) and writes it.
    pub fn write_object(&self, object: &dyn crate::object::WriteTo) -> Result<ObjectId> {
        let mut data = Vec::with_capacity(usize::try_from(object.size()).unwrap_or(0));
        object
            .write_to(&mut data)
            .map_err(|source| Error::Serialize {
                kind: object.kind(),
                source,
            })?;
        self.write(object.kind(), &data)
    }

    /// Writes an object whose body is the next `size` bytes of `reader`, without holding it.
    pub fn write_stream(&self, kind: Kind, size: u64, reader: &mut dyn Read) -> Result<ObjectId> {
        self.looked_up();
        match self.dirs.first() {
            Some(primary) => Ok(primary.loose.write_stream(kind, size, reader)?),
            None => {
                let mut data = Vec::new();
                reader
                    .take(size)
                    .read_to_end(&mut data)
                    .map_err(|e| Error::io("<stream>", e))?;
                if (data.len() as u64) < size {
                    return Err(Error::io(
                        "<stream>",
                        std::io::Error::new(
                            std::io::ErrorKind::UnexpectedEof,
                            "stream ended before the object's size",
                        ),
                    ));
                }
                self.write(kind, &data)
            }
        }
    }
}

/// An object ready to be stored ([`Odb::prepare_write`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PreparedWrite {
    /// Deflated for the primary loose directory.
    Loose(crate::loose::Deflated),
    /// For the in-memory store.
    Memory {
        /// The object's id.
        id: ObjectId,
        /// Its kind.
        kind: Kind,
        /// Its body.
        data: Vec<u8>,
    },
}

impl PreparedWrite {
    /// The id the object will have.
    pub fn id(&self) -> ObjectId {
        match self {
            PreparedWrite::Loose(object) => object.id(),
            PreparedWrite::Memory { id, .. } => *id,
        }
    }
}
