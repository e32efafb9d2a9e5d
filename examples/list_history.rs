//! Print the first-parent history of `HEAD` in the repository around the current directory, one
//! commit a line with its subject, like `git log --first-parent --format='%h %s'`:
//! `cargo run --example list_history [-- <max-count>]`.

use gitstore::repo::Head;
use gitstore::{revision, Repository};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let max: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => usize::MAX,
    };
    let repo = Repository::discover(".")?;
    let mut next = match repo.head()? {
        Head::Branch { name, id } => {
            eprintln!("on {name}");
            Some(id)
        }
        Head::Detached { id } => Some(id),
        Head::Unborn { name } => {
            eprintln!("{name} has no commits yet");
            None
        }
    };
    let mut shown = 0;
    while let Some(id) = next.filter(|_| shown < max) {
        let commit = repo.find_commit(&id)?;
        let subject = String::from_utf8_lossy(commit.subject());
        println!("{} {subject}", revision::abbreviate(&repo, &id, 7)?);
        next = commit.parents.first().copied();
        shown += 1;
    }
    Ok(())
}
