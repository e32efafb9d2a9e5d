//! # gitstore
//!
//! A pure-Rust, embeddable git object store: read and write the objects and refs of a real
//! repository's `.git` directory, byte-for-byte compatible with git.
//!
//! It is for Rust programs that need a repository's objects and refs without running git, for
//! people inspecting repositories from a terminal (the `gitstore` binary, whose plumbing commands
//! print what git's print), and for learners: each module is one of git's concepts.
//!
//! ## A first example
//!
//! Open a repository (here a new one, so the example runs anywhere), store an object and read
//! it back. [`Repository::discover`] finds the repository around a directory the way git does.
//!
//! ```
//! use gitstore::{repo::InitOptions, Kind, Repository};
//!
//! let dir = tempfile::tempdir()?;
//! let (repo, _) = Repository::init(dir.path(), &InitOptions::default())?;
//! let id = repo.odb().write(Kind::Blob, b"hello\n")?;
//! assert_eq!(id.to_string(), "ce013625030ba8dba906f756967f9e9ca394464a");
//!
//! let again = Repository::discover(dir.path())?;
//! let object = again.odb().read(&id)?;
//! assert_eq!((object.kind, &object.data[..]), (Kind::Blob, &b"hello\n"[..]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Module map
//!
//! Data flows one way, bottom up:
//!
//! | module | owns |
//! |---|---|
//! | [`oid`] | [`ObjectId`] and abbreviated [`Prefix`] |
//! | [`kind`] | the four object kinds' names and pack type codes |
//! | [`hash`] | git's object hash (SHA-1 with collision detection), file checksums |
//! | [`cursor`] | the panic-free byte reader every binary parser uses |
//! | [`object`] | blobs, trees, commits and tags: parse and serialize |
//! | [`loose`] | `objects/xx/yyyy…` files |
//! | [`pack`] | `.idx` and `.pack` files, deltas, the delta base cache |
//! | [`pack_write`] | writing packs: delta search, entries, `.idx`/`.rev`, atomic install |
//! | [`odb`] | one view over loose objects, packs and alternates |
//! | [`graph`] | the commit graph: parents, trees, dates; merge bases |
//! | [`refs`] | loose refs, `packed-refs`, symbolic refs, transactions, reflogs |
//! | [`stores`] | [`Stores`](stores::Stores): a repository's parts, borrowed, for the layers below `repo` |
//! | [`revision`] | gitrevisions syntax to object ids |
//! | [`history`] | commit walks in git's orders, and the objects they reach |
//! | [`receive`] | packs received: `index-pack` (`.idx`/`.rev`, `--fix-thin`, `--strict`), `unpack-objects` |
//! | [`walk`] | every entry below a tree, by path |
//! | [`ls_tree`] | what `ls-tree` prints for an entry: `--format` atoms, the `--json` entry |
//! | [`diff`] | what changed between two trees, or in a commit: added, deleted, modified, renamed |
//! | [`tree_edit`] | insert, replace and remove nested paths of a tree; write what changed |
//! | [`pathspec`] | path arguments: normalized, globs and `:(magic)`, matched against tree paths |
//! | [`mktree`] | `ls-tree` lines read back into tree entries, as `mktree` reads them |
//! | [`batch`] | `cat-file --batch*`: the batch protocol, driven line by line |
//! | [`explain`] | teaching views: what an object is and how it is stored |
//! | [`repack`] | `repack`: packs and loose objects into one pack; `prune-packed` |
//! | [`index_file`] | the index (`.git/index`): staged entries, the cache tree, resolve-undo |
//! | [`fsck`] | integrity: git's object checks and message ids, and a whole-repository `fsck` (objects, packs, refs, connectivity) |
//! | [`repo`] | [`Repository`]: init, open, discover; owns the odb and the refs |
//! | [`config`] | git's config file syntax |
//! | [`advice`] | whether a `hint:` is wanted (`advice.*`, `GIT_ADVICE`) |
//! | [`branch`] | creating, renaming and deleting branches with git's rules |
//! | [`tag`] | creating and deleting tags with git's rules |
//! | [`date`] | git's date formats |
//! | [`pretty`] | how one commit is shown: `--pretty=`/`--format=` formats, decorations |
//! | [`wildmatch`] | git's glob patterns |
//! | [`stripspace`] | git's message cleanup |
//! | [`env`](mod@env) | [`Environment`](env::Environment): the process environment, read in one place |
//! | [`identity`] | who is acting: `GIT_COMMITTER_*`, `user.name`… |
//! | [`lockfile`] | `<name>.lock`: git's protocol for atomic file updates |
//! | [`location`] | [`Location`](location::Location) and [`strerror`](location::strerror): the parts every layer's error shares |
//! | [`error`] | [`Error`], the aggregate every layer's error converts into |
//! | [`limits`] | [`Limits`]: every ceiling on hostile input |
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod advice;
pub mod batch;
pub mod branch;
pub mod config;
pub mod cursor;
pub mod date;
pub mod diff;
pub mod env;
pub mod error;
pub mod explain;
pub mod file;
pub mod fsck;
pub mod graph;
pub mod hash;
pub mod history;
pub mod identity;
pub mod index_file;
pub mod kind;
pub mod limits;
pub mod location;
pub mod lockfile;
pub mod loose;
pub mod ls_tree;
pub mod mailmap;
pub mod mktree;
mod mmap;
mod number;
pub mod object;
pub mod odb;
pub mod oid;
pub mod pack;
pub mod pack_write;
pub mod parseopt;
pub mod pathspec;
pub mod pretty;
pub mod quote;
pub mod receive;
pub mod refs;
pub mod repack;
pub mod repo;
pub mod revision;
pub mod stores;
pub mod stripspace;
pub mod tag;
pub mod tree_edit;
pub mod walk;
pub mod wildmatch;

pub use error::{Error, Result};
pub use limits::Limits;
pub use mmap::FileBytes;
pub use object::{Header, Kind};
pub use oid::{ObjectId, Prefix};
pub use repo::Repository;
