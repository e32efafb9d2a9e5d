//! Print every object the commits read from stdin reach, as `git rev-list --objects` does for
//! them (commits first, then trees and blobs with their paths), in the repository around the
//! current directory: `git rev-list --all | cargo run --example reachable_objects`.

use gitstore::history::objects::ReachableObjects;
use gitstore::{ObjectId, Repository};
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repo = Repository::discover(".")?;
    let mut commits = Vec::new();
    for line in std::io::stdin().lock().lines() {
        commits.push(line?.trim().parse::<ObjectId>()?);
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut objects = ReachableObjects::new(repo.odb()).walk(commits);
    let mut hex = [0u8; 40];
    while let Some(object) = objects.next_object()? {
        out.write_all(object.id.hex_to_buf(&mut hex).as_bytes())?;
        if let Some(name) = object.name {
            out.write_all(b" ")?;
            let end = name.iter().position(|&b| b == b'\n').unwrap_or(name.len());
            out.write_all(&name[..end])?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
