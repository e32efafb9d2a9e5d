//! History: walking commits from tips and hidden tips in git's orders ([`walk`]), and the
//! objects such a walk reaches ([`objects`]), as `git rev-list` does.

pub mod objects;
pub mod walk;
