//! Helpers for the tests of the library API: ids, opening a fixture, the fixtures' identities.

use super::Fixture;
use gitstore::object::Signature;
use gitstore::{ObjectId, Repository};

/// An id from git's output (trailing newline allowed).
pub fn id(hex: &str) -> ObjectId {
    hex.trim().parse().expect("an object id")
}

/// The fixture's repository, opened through the library.
pub fn open(f: &Fixture) -> Repository {
    Repository::open(f.git_dir()).expect("open the fixture")
}

/// The committer and date every git command of a [`Fixture`] runs with (before any tick).
pub fn fixture_committer() -> Signature {
    Signature::new(
        "C O Mitter",
        "committer@example.com",
        1_700_000_000,
        "+0100",
    )
}

/// The author and date every git command of a [`Fixture`] runs with (before any tick).
pub fn fixture_author() -> Signature {
    Signature::new("A U Thor", "author@example.com", 1_700_000_000, "+0100")
}
