//! `gix-driver <git plumbing command line>`: the jobs of benches/compare.sh done through
//! gitoxide, printing what git prints so that compare.sh can check the output. Only the command
//! lines compare.sh uses are understood; anything else exits 2, which compare.sh reports as
//! "unsupported".

use gix::objs::Find;
use std::io::{BufRead, BufWriter, Write};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let code = match run(&args) {
        Ok(true) => 0,
        Ok(false) => {
            eprintln!("gix-driver: not supported: {}", args.join(" "));
            2
        }
        Err(e) => {
            eprintln!("gix-driver: {e}");
            1
        }
    };
    std::process::exit(code);
}

fn run(args: &[&str]) -> Result<bool> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match args {
        ["cat-file", "--batch-all-objects", rest @ ..] => {
            let (contents, unordered) = match rest {
                ["--batch-check"] => (false, false),
                ["--batch"] => (true, false),
                ["--batch", "--unordered"] => (true, true),
                _ => return Ok(false),
            };
            let repo = open()?;
            let mut ids: Vec<gix::ObjectId> = repo
                .objects
                .store_ref()
                .iter()?
                .collect::<std::result::Result<_, _>>()?;
            if !unordered {
                ids.sort_unstable();
            }
            ids.dedup();
            batch(&repo, ids, contents, &mut out)?;
        }
        ["cat-file", mode @ ("--batch" | "--batch-check")] => {
            let repo = open()?;
            let mut ids = Vec::new();
            for line in std::io::stdin().lock().lines() {
                ids.push(gix::ObjectId::from_hex(line?.trim().as_bytes())?);
            }
            batch(&repo, ids, *mode == "--batch", &mut out)?;
        }
        ["hash-object", rest @ ..] => {
            let write = match rest {
                ["-w", "--stdin-paths"] => true,
                ["--stdin-paths"] => false,
                _ => return Ok(false),
            };
            let repo = if write { Some(open()?) } else { None };
            for path in std::io::stdin().lock().lines() {
                let data = std::fs::read(path?)?;
                let id = match &repo {
                    Some(repo) => repo.write_blob(&data)?.detach(),
                    None => gix::objs::compute_hash(
                        gix::hash::Kind::Sha1,
                        gix::object::Kind::Blob,
                        &data,
                    )?,
                };
                writeln!(out, "{id}")?;
            }
        }
        ["rev-list", rest @ ..] => {
            let (count, tip) = match rest {
                ["--count", tip] => (true, *tip),
                [tip] => (false, *tip),
                _ => return Ok(false),
            };
            let repo = open()?;
            let tip = repo.rev_parse_single(tip)?.detach();
            let walk = repo
                .rev_walk([tip])
                .sorting(gix::revision::walk::Sorting::ByCommitTime(
                    Default::default(),
                ))
                .all()?;
            let mut n = 0u64;
            for info in walk {
                let info = info?;
                n += 1;
                if !count {
                    writeln!(out, "{}", info.id)?;
                }
            }
            if count {
                writeln!(out, "{n}")?;
            }
        }
        ["merge-base", a, b] => {
            let repo = open()?;
            let a = repo.rev_parse_single(*a)?.detach();
            let b = repo.rev_parse_single(*b)?.detach();
            match repo.merge_base(a, b)? {
                Some(base) => writeln!(out, "{base}")?,
                None => std::process::exit(1),
            }
        }
        _ => return Ok(false),
    }
    out.flush()?;
    Ok(true)
}

fn open() -> Result<gix::Repository> {
    let mut repo = gix::open(".")?;
    repo.object_cache_size_if_unset(64 << 20);
    Ok(repo)
}

/// `cat-file --batch` / `--batch-check` output for `ids`.
fn batch(
    repo: &gix::Repository,
    ids: Vec<gix::ObjectId>,
    contents: bool,
    out: &mut impl Write,
) -> Result {
    let mut buf = Vec::new();
    for id in ids {
        if !contents {
            match gix::objs::FindHeader::try_header(&repo.objects, &id)? {
                Some(h) => writeln!(out, "{id} {} {}", h.kind, h.size)?,
                None => writeln!(out, "{id} missing")?,
            }
            continue;
        }
        match repo.objects.try_find(&id, &mut buf)? {
            Some(data) => {
                writeln!(out, "{id} {} {}", data.kind, data.data.len())?;
                out.write_all(data.data)?;
                out.write_all(b"\n")?;
            }
            None => writeln!(out, "{id} missing")?,
        }
    }
    Ok(())
}
