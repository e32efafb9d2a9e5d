//! The commit walk: commits reachable from tips and not from hidden tips, in git's orders.
