//! Who is acting: the identity written into reflog entries, tags and commits, found as git finds
//! it (`GIT_COMMITTER_NAME`/`_EMAIL`/`_DATE`, `GIT_AUTHOR_*`, then `user.name` / `user.email`).
//!
//! (Interface fixed; being written.)

use crate::config::Config;
use crate::error::Result;
use crate::object::Signature;

/// The committer identity (for reflogs, tags' `tagger`, commits' `committer`), timestamped now
/// or at `GIT_COMMITTER_DATE`.
pub fn committer(_config: &Config) -> Result<Signature> {
    Ok(Signature::new("gitstore", "gitstore@localhost", 0, "+0000"))
}

/// The author identity, timestamped now or at `GIT_AUTHOR_DATE`.
pub fn author(_config: &Config) -> Result<Signature> {
    Ok(Signature::new("gitstore", "gitstore@localhost", 0, "+0000"))
}
