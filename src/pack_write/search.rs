//! The delta search (filled in next).

use super::plan::Plan;
use super::{PackOptions, Progress};
use crate::error::Result;
use crate::odb::Odb;

pub(crate) fn find_deltas(
    _odb: &Odb,
    _plan: &mut Plan,
    _options: &PackOptions,
    _progress: &dyn Progress,
) -> Result<()> {
    Ok(())
}
