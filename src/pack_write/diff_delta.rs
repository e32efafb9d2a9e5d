//! The delta encoder (filled in next).
