//! Blobs: file content, stored as is. A blob body has no structure to parse.

use crate::object::{Kind, WriteTo};
use std::io::{self, Write};

/// A blob's content, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobRef<'a> {
    /// The content.
    pub data: &'a [u8],
}

impl BlobRef<'_> {
    /// An owned copy.
    pub fn to_owned(&self) -> Blob {
        Blob {
            data: self.data.to_vec(),
        }
    }
}

/// A blob's content, owned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob {
    /// The content.
    pub data: Vec<u8>,
}

impl Blob {
    /// A blob holding `data`.
    pub fn new(data: impl Into<Vec<u8>>) -> Blob {
        Blob { data: data.into() }
    }
}

impl WriteTo for BlobRef<'_> {
    fn kind(&self) -> Kind {
        Kind::Blob
    }
    fn size(&self) -> u64 {
        self.data.len() as u64
    }
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.data)
    }
}

impl WriteTo for Blob {
    fn kind(&self) -> Kind {
        Kind::Blob
    }
    fn size(&self) -> u64 {
        self.data.len() as u64
    }
    fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.data)
    }
}
