//! `explain --pack PACK`: a pack laid out (header, entries, trailer) and its index summarised.

use super::{fit, json, show, Paint, WIDTH};
use crate::{stdout, CliError, CliResult};
use gitstore::explain::pack::{pack_view, PackEntry, PackView};
use gitstore::explain::Json;
use std::io::Write;
use std::path::Path;

pub fn run(
    path: &Path,
    limit: Option<usize>,
    as_json: bool,
    paint: Paint,
    base: &Path,
) -> CliResult {
    let idx = gitstore::explain::pack::idx_path(path);
    if !idx.is_file() {
        return Err(CliError::Fatal(format!(
            "no pack index at '{}'",
            idx.display()
        )));
    }
    let view = pack_view(path, limit, gitstore::Limits::default())?;
    let mut out = stdout();
    if as_json {
        return json(out, &Json::new("pack", &view));
    }
    write_text(&view, paint, base, &mut out)?;
    crate::finish(out)
}

fn ok(paint: Paint, good: bool) -> String {
    if good {
        paint.paint("32", "ok")
    } else {
        paint.paint("31", "MISMATCH")
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn write_text(
    view: &PackView,
    paint: Paint,
    base: &Path,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let heading = |text: &str| paint.paint("1", text);
    writeln!(out, "{}", fit(&show(&view.pack, base), WIDTH))?;
    writeln!(
        out,
        "{} bytes: pack version {}, {}",
        view.pack_size,
        view.header.version,
        plural(u64::from(view.header.objects), "object", "objects")
    )?;
    writeln!(out)?;
    writeln!(out, "{:>12}  {:>12}  part", "offset", "bytes")?;
    writeln!(
        out,
        "{:>12}  {:>12}  header: \"PACK\", version {}, object count {}",
        view.header.offset, view.header.len, view.header.version, view.header.objects
    )?;
    writeln!(
        out,
        "{:>12}  {:>12}  {}, back to back",
        view.header.len,
        view.trailer.offset.saturating_sub(view.header.len),
        plural(view.entry_count as u64, "entry", "entries")
    )?;
    writeln!(
        out,
        "{:>12}  {:>12}  trailer: SHA-1 of all bytes before it, {}",
        view.trailer.offset,
        20,
        ok(paint, view.trailer.checksum_ok)
    )?;
    writeln!(out, "{:>28}{}", "", hex::encode(view.trailer.checksum))?;

    writeln!(out)?;
    let shown = view.entries.len();
    if view.truncated {
        writeln!(
            out,
            "{} (the first {shown} of {}; --limit N for more, 0 for all):",
            heading("Entries in pack order"),
            view.entry_count
        )?;
    } else {
        writeln!(out, "{}:", heading("Entries in pack order"))?;
    }
    writeln!(
        out,
        "{:>10}  {:<12}  {:<6}  {:<9}  {:>7}  {:>7}  {:>5}  base",
        "offset", "id", "kind", "stored as", "size", "in pack", "depth"
    )?;
    for e in &view.entries {
        write_entry(e, paint, out)?;
    }

    writeln!(out)?;
    writeln!(out, "{}:", heading("Entries by stored type"))?;
    for t in &view.types {
        writeln!(
            out,
            "  {:<9}  {:<12} {:>14} bytes",
            t.stored_as,
            plural(t.entries, "entry", "entries"),
            t.bytes
        )?;
    }
    writeln!(
        out,
        "{}:",
        heading("Delta chains (as verify-pack -s counts)")
    )?;
    for c in &view.chains {
        let what = if c.depth == 0 {
            "stored whole".to_string()
        } else {
            format!("chain length {}", c.depth)
        };
        writeln!(
            out,
            "  {what:<17} {}",
            plural(c.objects, "object", "objects")
        )?;
    }

    let index = &view.index;
    writeln!(out)?;
    writeln!(out, "{}", fit(&show(&index.path, base), WIDTH))?;
    writeln!(
        out,
        "{} bytes: index version {}, {}",
        index.file_size,
        index.version,
        plural(index.objects as u64, "object", "objects")
    )?;
    writeln!(out)?;
    writeln!(out, "{:>12}  {:>12}  table", "offset", "bytes")?;
    let n = index.objects;
    for s in &index.sections {
        let what = match s.name {
            "magic" => "magic ff 74 4f 63 \"\\377tOc\", version".to_string(),
            "fanout" => "fan-out: 256 counts, ids with first byte <= b".to_string(),
            "ids" => format!("ids: {n} × 20 bytes, sorted"),
            "crc32" => format!("CRC32 of each entry: {n} × 4 bytes"),
            "offsets" => format!("offsets: {n} × 4 bytes (high bit: large)"),
            "large_offsets" => format!("large offsets: {} × 8 bytes", s.len / 8),
            "entries" => format!("{n} × (4-byte offset, 20-byte id), sorted"),
            "pack_checksum" => format!(
                "the .pack's checksum, {}",
                ok(paint, index.pack_checksum_ok)
            ),
            "idx_checksum" => "SHA-1 of all bytes before it".to_string(),
            other => other.to_string(),
        };
        writeln!(out, "{:>12}  {:>12}  {what}", s.offset, s.len)?;
    }
    let f = &index.fanout_summary;
    writeln!(out)?;
    writeln!(out, "{}:", heading("The fan-out table"))?;
    writeln!(
        out,
        "  ids per first byte: fewest {}, most {} (first byte {:02x}); {} of 256 empty.",
        f.min, f.max, f.max_slot, f.empty_slots
    )?;
    writeln!(
        out,
        "  A lookup reads two counts, then binary-searches at most {} ids: {} probe{}.",
        f.max,
        f.max_probes,
        if f.max_probes == 1 { "" } else { "s" }
    )?;
    writeln!(out, "  ids per group of 16 first bytes:")?;
    let mut line = String::new();
    let mut before = 0u32;
    for group in 0..16usize {
        let total = index.fanout.get(group * 16 + 15).copied().unwrap_or(0);
        line.push_str(&format!(
            "    {:02x}-{:02x} {:>8}",
            group * 16,
            group * 16 + 15,
            total.saturating_sub(before)
        ));
        before = total;
        if group % 4 == 3 {
            writeln!(out, "{}", line.trim_end())?;
            line.clear();
        }
    }
    Ok(())
}

fn write_entry(e: &PackEntry, paint: Paint, out: &mut dyn Write) -> std::io::Result<()> {
    let colour = if e.type_code >= 6 { "36" } else { "32" };
    let base = match &e.base {
        None => String::new(),
        Some(b) => match (e.type_code, b.offset, b.id) {
            (6, Some(offset), _) => format!("at {offset}"),
            (_, _, Some(id)) => id.to_hex_short(10),
            _ => "?".to_string(),
        },
    };
    let depth = if e.depth == 0 {
        String::new()
    } else {
        e.depth.to_string()
    };
    let line = format!(
        "{:>10}  {:<12}  {:<6}  {}  {:>7}  {:>7}  {:>5}  {}",
        e.offset,
        e.id.to_hex_short(12),
        e.kind.map_or("?".to_string(), |k| k.to_string()),
        paint.paint(colour, &format!("{:<9}", e.stored_as)),
        e.size,
        e.size_in_pack,
        depth,
        fit(&base, 12)
    );
    writeln!(out, "{}", line.trim_end())
}
