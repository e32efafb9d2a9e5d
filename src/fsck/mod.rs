//! Integrity: git's fsck, as a library.
//!
//! - [`checks`] (re-exported here): git's checks of one object's bytes, with git's message ids
//!   and severities (`badTagName`, `duplicateEntries`, …), as `hash-object`, `mktag` and `fsck`
//!   run them.
//! - [`links`]: the objects a commit, tree or tag names, read leniently so that a damaged object
//!   still contributes what it can to connectivity.
//! - [`progress`]: how far a check has come, for a progress display.
//! - [`run`]: a whole repository checked as `git fsck` checks it: every loose object and pack,
//!   every object's content, connectivity from refs, `HEAD`, reflogs and the index; the findings come back
//!   as data ([`Report`]), in git's order, for a tool or the CLI to word.

pub mod checks;
mod connect;
mod index;
pub mod links;
pub mod progress;
pub mod run;
mod worktrees;

pub use checks::*;
pub use run::{fsck, fsck_with_progress, ErrorClass, Finding, FsckOptions, Report};
