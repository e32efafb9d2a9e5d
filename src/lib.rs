//! # gitstore
//!
//! A pure-Rust, embeddable git object store: read and write the objects and refs of a real
//! repository's `.git` directory, byte-for-byte compatible with git.
//!
//! ## Module map
//!
//! Data flows one way, bottom up:
//!
//! | module | owns |
//! |---|---|
//! | [`oid`] | [`ObjectId`] and abbreviated [`Prefix`] |
//! | [`hash`] | git's object hash (SHA-1 with collision detection), file checksums |
//! | [`object`] | the four object kinds: parse and serialize |
//! | [`loose`] | `objects/xx/yyyy…` files |
//! | [`pack`] | `.idx` and `.pack` files, deltas, the delta base cache |
//! | [`odb`] | one view over loose objects, packs and alternates |
//! | [`refs`] | loose refs, `packed-refs`, symbolic refs, transactions, reflogs |
//! | [`revision`] | gitrevisions syntax to object ids |
//! | [`repo`] | [`Repository`]: init, open, discover; owns the odb and the refs |
//! | [`config`] | git's config file syntax |
//! | [`error`] | [`Error`] and [`Location`](error::Location) |
//! | [`limits`] | [`Limits`]: every ceiling on hostile input |
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod hash;
pub mod identity;
pub mod limits;
pub mod lockfile;
pub mod loose;
mod mmap;
pub mod object;
pub mod odb;
pub mod oid;
pub mod pack;
pub mod refs;
pub mod repo;
pub mod revision;

pub use error::{Error, Result};
pub use limits::Limits;
pub use mmap::FileBytes;
pub use object::{Header, Kind};
pub use oid::{ObjectId, Prefix};
pub use repo::Repository;
