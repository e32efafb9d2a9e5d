//! `explain --hash FILE|-`: the bytes git hashes for some content, and the id.

use super::{fit, json, write_dump, Paint, WIDTH};
use crate::{stdout, CliError, CliResult};
use gitstore::explain::hash::{self, HashError, HashView};
use gitstore::explain::Json;
use gitstore::mktree::TreeLineError;
use gitstore::Kind;
use std::io::{Read, Write};
use std::path::Path;

pub fn run(
    file: &Path,
    kind: Option<&str>,
    limit: Option<usize>,
    as_json: bool,
    paint: Paint,
) -> CliResult {
    let kind = match kind {
        None => Kind::Blob,
        Some(name) => Kind::from_bytes(name.as_bytes())
            .ok_or_else(|| CliError::Fatal(format!("invalid object type \"{name}\"")))?,
    };
    let content = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::Fatal(format!("could not read standard input: {e}")))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| {
            CliError::Fatal(format!(
                "could not open '{}' for reading: {e}",
                file.display()
            ))
        })?
    };
    let from_lines = kind == Kind::Tree && hash::is_ls_tree_text(&content);
    let view = if from_lines {
        hash::hash_tree_lines(&content)
    } else {
        hash::hash(kind, &content)
    }
    .map_err(|e| match e {
        HashError::TreeLine(bad) => CliError::Fatal(match bad.error {
            TreeLineError::Format => {
                format!("input format error: {}", String::from_utf8_lossy(&bad.text))
            }
            other => format!("line {}: {other}", bad.line),
        }),
        other => CliError::Fatal(other.to_string()),
    })?;
    let mut out = stdout();
    if as_json {
        return json(out, &Json::new("hash", &view));
    }
    write_text(&view, limit, paint, &mut out)?;
    crate::finish(out)
}

fn write_text(
    view: &HashView,
    limit: Option<usize>,
    paint: Paint,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let header = String::from_utf8_lossy(view.bytes.get(..view.header_len).unwrap_or_default())
        .replace('\0', "\\0");
    if let Some(build) = &view.tree {
        write_build(build, paint, out)?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "git hashes the header \"{header}\" ({} bytes), then the {} bytes of",
        view.header_len, view.size
    )?;
    writeln!(
        out,
        "content: {} bytes in all. Their SHA-1 is the {}'s id.",
        view.bytes.len(),
        view.kind
    )?;
    writeln!(out)?;
    write_dump(&view.bytes, &view.parts, limit, paint, out)?;
    writeln!(out)?;
    writeln!(out, "{} {}", paint.paint("1", "id:"), view.id)
}

fn write_build(build: &hash::TreeBuild, paint: Paint, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "A tree from {} ls-tree line{}, built as git mktree builds it: entries",
        build.lines,
        if build.lines == 1 { "" } else { "s" }
    )?;
    writeln!(
        out,
        "in git's tree order (a directory's name compares as if it ended in \"/\"),"
    )?;
    writeln!(
        out,
        "each stored as <mode> SP <name> NUL <the id's 20 raw bytes>."
    )?;
    for (n, step) in build.steps.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{} line {:<3} {} {:<6} {}  {}",
            paint.paint("1", &format!("step {:<3}", n + 1)),
            step.line,
            step.mode,
            step.kind,
            step.id.to_hex_short(12),
            fit(&step.name, WIDTH - 50)
        )?;
        let name_shown = fit(&step.name.replace('\0', "\\0"), 24);
        writeln!(
            out,
            "  adds {} bytes at offset {}: \"{} {}\\0\" and 20 id bytes",
            step.bytes.len(),
            step.offset,
            step.stored_mode,
            name_shown
        )?;
    }
    Ok(())
}
