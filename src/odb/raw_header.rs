//! [`Odb::read_raw_header`]: an object's type name and size as stored, for loose objects of a
//! type other than the four kinds (`cat-file --allow-unknown-type`).

use super::Odb;
use super::Result;
use crate::loose::RawHeader;
use crate::oid::ObjectId;

impl Odb {
    /// The type name and size of `id` as stored, any type name allowed, or `None` when no store
    /// has it. Only a loose object can have a type other than the four kinds: packs and added
    /// stores answer as [`Odb::try_read_header`] does.
    ///
    /// ```
    /// use gitstore::{repo::InitOptions, Repository};
    /// let dir = tempfile::tempdir()?;
    /// let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
    /// let id = repo.odb().write_literally(b"gadget", b"data\n")?;
    /// let header = repo.odb().read_raw_header(&id)?.expect("just written");
    /// assert_eq!((header.type_name.as_slice(), header.size), (&b"gadget"[..], 5));
    /// assert!(repo.odb().try_read_header(&id).is_err()); // the four kinds only
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_raw_header(&self, id: &ObjectId) -> Result<Option<RawHeader>> {
        self.looked_up();
        if let Some(h) = self.read_packed_header(id, 0)? {
            return Ok(Some(h.into()));
        }
        for dir in &self.dirs {
            if let Some(h) = dir.loose.read_raw_header(id)? {
                return Ok(Some(h));
            }
        }
        Ok(self.try_read_header(id)?.map(RawHeader::from))
    }
}
