//! How far [`fsck`](super::fsck) has come, phase by phase, for a progress display (git's
//! `Checking object directories`, `Checking objects`, `Verifying reverse pack-indexes`,
//! `Checking connectivity`). Whether and
//! when to show it is the caller's choice; git shows the first two at once and the last two
//! only once they have taken a while.

use super::run::{Finding, Report};

/// A phase of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// Loose objects, fan-out directory by directory: `done` of 256 directories.
    ObjectDirectories,
    /// Packed objects: `done` of every pack's objects, at git's points: after each object
    /// whose position among them all is a multiple of 1024 (in pack order) and at the end of
    /// each pack. Not reported without packs.
    Objects,
    /// The packs' reverse indexes (`.rev` files), `done` of all packs.
    ReverseIndexes,
    /// The traversal from the roots: `done` objects so far, no total.
    Connectivity,
}

/// Receives progress.
pub trait Progress {
    /// `done` of `total` (0: no total) items of `phase` are done.
    fn update(&self, phase: Phase, done: u64, total: u64);
    /// `phase` is over.
    fn finish(&self, phase: Phase);
    /// `finding` was just made (it is the newest of `report`'s findings; `report` also has the
    /// names given so far). For a caller that shows findings as they come, between its
    /// progress lines, as git does; by default nothing.
    fn found(&self, finding: &Finding, report: &Report) {
        let _ = (finding, report);
    }
}

/// [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&self, _: Phase, _: u64, _: u64) {}
    fn finish(&self, _: Phase) {}
}
