//! Repository handle (in progress)
/// An open repository.
pub struct Repository;
