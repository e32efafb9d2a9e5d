//! Integrity: git's fsck, as a library.
//!
//! - [`checks`] (re-exported here): git's checks of one object's bytes, with git's message ids
//!   and severities (`badTagName`, `duplicateEntries`, …), as `hash-object`, `mktag` and `fsck`
//!   run them.
//! - [`links`]: the objects a commit, tree or tag names, read leniently so that a damaged object
//!   still contributes what it can to connectivity.
//! - [`progress`]: how far a check has come, for a progress display.
//! - [`run`]: a whole repository checked as `git fsck` checks it: every loose object and pack,
//!   every object's content, each pack's `.rev`, connectivity from refs and from every
//!   worktree's `HEAD`, reflogs and index (module `worktrees`); the findings come back as data
//!   ([`Report`]), in git's order, for a tool or the CLI to word, and one by one as they are
//!   made to a [`progress::Progress`] that wants them.

pub mod checks;
mod connect;
mod index;
pub mod links;
pub mod progress;
pub mod run;
mod worktrees;

pub use checks::*;
pub use run::{fsck, fsck_with_progress, ErrorClass, Finding, FsckOptions, Report};
