//! [`Unsupported`]: what an object database cannot do yet, as data.

use bstr::BString;

/// A write an object database cannot make yet.
///
/// ```
/// use gitstore::odb::{MemoryStore, Odb, Unsupported};
///
/// let odb = Odb::in_memory(MemoryStore::new());
/// match odb.write_literally(b"bogus", b"data") {
///     Err(gitstore::Error::OdbUnsupported(Unsupported::LiteralObjectInMemory { type_name })) => {
///         assert_eq!(type_name, "bogus")
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unsupported {
    /// An object of a type name other than the four kinds, written to a store in memory
    /// (`hash-object --literally`).
    #[error("an object of type '{type_name}' in memory is not supported yet")]
    LiteralObjectInMemory {
        /// The type name given.
        type_name: BString,
    },
    /// A write to an object database without a primary store (no directory, no memory store).
    #[error("writing to an object database without a primary store is not supported yet")]
    NoPrimaryStore,
}
