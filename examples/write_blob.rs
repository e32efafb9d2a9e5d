//! Store a file as a blob in the repository around the current directory, like
//! `git hash-object -w FILE`: `cargo run --example write_blob -- <file>`.

use gitstore::{Kind, Repository};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: write_blob <file>")?;
    let repo = Repository::discover(".")?;
    let mut file = std::fs::File::open(&path)?;
    let size = file.metadata()?.len();
    // streamed: the file is never held in memory whole
    let id = repo.odb().write_stream(Kind::Blob, size, &mut file)?;
    println!("{id}");
    Ok(())
}
