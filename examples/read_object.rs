//! Open the repository around the current directory and print an object, like
//! `git cat-file -p`: `cargo run --example read_object -- <object-id-or-abbreviation>`.

use gitstore::{revision, Repository};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let name = std::env::args()
        .nth(1)
        .ok_or("usage: read_object <object>")?;
    let repo = Repository::discover(".")?;
    let id = revision::resolve(&repo, &name)?;
    let object = repo.odb().read(&id)?;
    eprintln!("{id}: {} of {} bytes", object.kind, object.data.len());
    std::io::stdout().write_all(&object.data)?;
    Ok(())
}
