//! Drive git's `cat-file --batch-command` protocol over a repository, one line at a time, the
//! way a long-running tool would: each command is answered (and flushed) as it arrives, and
//! the tool sees what every line was answered with.
//!
//! ```text
//! printf 'info HEAD\ncontents HEAD:README.md\ninfo nosuch\n' |
//!     cargo run --example batch_protocol -- path/to/repo
//! ```

use gitstore::batch::{Answer, Batch, Mode, Note, Options};
use gitstore::Repository;
use std::io::{self, BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let repo = Repository::discover(&dir)?;

    let options = Options {
        format: Some("%(objectname) %(objecttype) %(objectsize) %(objectsize:disk)".into()),
        ..Options::new(Mode::Command)
    };
    let mut batch = Batch::new(&repo, options)?;
    // what git would print on stderr along the way (ambiguous names, damaged objects)
    batch.on_note(|note| match note {
        Note::Resolve(diagnostic) => eprintln!("note: {diagnostic:?}"),
        other => eprintln!("{other:?}"),
    });

    let mut out = io::BufWriter::new(io::stdout().lock());
    let (mut found, mut missing) = (0, 0);
    for line in io::stdin().lock().split(b'\n') {
        match batch.answer(&line?, &mut out)? {
            Answer::Found(_) => found += 1,
            Answer::Missing | Answer::Ambiguous => missing += 1,
            _ => {}
        }
        // whoever sent the line may be waiting for its answer
        out.flush()?;
    }
    batch.finish(&mut out)?;
    eprintln!("{found} found, {missing} not found");
    Ok(())
}
