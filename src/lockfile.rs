//! git's lock-file protocol: `<name>.lock` created exclusively, written, then renamed over
//! `<name>` (commit) or removed (rollback, also on drop).
//!
//! (Interface fixed; being written.)
