//! Parse and re-serialize every object of a repository and check the bytes come back identical:
//! `cargo run --release --example roundtrip_all -- [REPO]`.

use gitstore::object::{ObjectRef, WriteTo};
use gitstore::Repository;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| ".".to_string());
    let repo = Repository::discover(&path)?;
    let odb = repo.odb();
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let (mut checked, mut failed) = (0usize, 0usize);
    for id in odb.ids_sorted()? {
        let kind = odb.read_to(&id, &mut buf)?;
        out.clear();
        match ObjectRef::parse(kind, &buf) {
            Ok(object) => {
                object.write_to(&mut out)?;
                if out != buf {
                    failed += 1;
                    eprintln!("{id} {kind}: serialized bytes differ");
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{id} {kind}: {e}");
            }
        }
        checked += 1;
    }
    println!("{checked} objects parsed and re-serialized, {failed} differences");
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
