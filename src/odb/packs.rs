//! The packs of one `objects/pack` directory, re-scanned on demand.
//! (Placeholder until the pack module lands: no packs.)

use crate::error::Result;
use crate::limits::Limits;
use crate::object::{Header, Kind};
use crate::oid::{ObjectId, Prefix};
use std::path::PathBuf;

pub(crate) struct DeltaBaseCache;

impl DeltaBaseCache {
    pub(crate) fn new(_budget: usize) -> Self {
        DeltaBaseCache
    }
}

type External<'a> = &'a dyn Fn(&ObjectId, &mut Vec<u8>) -> Result<Option<Kind>>;

pub(crate) struct PackDir {
    _dir: PathBuf,
}

impl PackDir {
    pub(crate) fn new(dir: PathBuf, _limits: Limits) -> Self {
        PackDir { _dir: dir }
    }
    pub(crate) fn read(
        &self,
        _id: &ObjectId,
        _out: &mut Vec<u8>,
        _cache: &DeltaBaseCache,
        _external: External<'_>,
    ) -> Result<Option<Kind>> {
        Ok(None)
    }
    pub(crate) fn read_header(
        &self,
        _id: &ObjectId,
        _external: External<'_>,
    ) -> Result<Option<Header>> {
        Ok(None)
    }
    pub(crate) fn contains(&self, _id: &ObjectId) -> bool {
        false
    }
    pub(crate) fn refresh(&self) -> Result<bool> {
        Ok(false)
    }
    pub(crate) fn prefix_matches(&self, _p: &Prefix, _out: &mut Vec<ObjectId>) -> Result<()> {
        Ok(())
    }
    pub(crate) fn ids(&self, _out: &mut Vec<ObjectId>) -> Result<()> {
        Ok(())
    }
    pub(crate) fn ids_in_pack_order(&self, _out: &mut Vec<ObjectId>) -> Result<()> {
        Ok(())
    }
}
