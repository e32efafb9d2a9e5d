//! `gitstore explain OBJECT`: what an object is and how git stores it, for learners.
//!
//! `--raw` dumps its bytes with each part named, `--delta` lists its delta chain instruction by
//! instruction; without a repository, `--hash FILE` shows the bytes git hashes for a file (a
//! tree from `ls-tree` lines built step by step) and `--pack PACK` lays a pack and its index
//! out. `--json` prints any view as data (schema `gitstore.explain/1`, documented in
//! `gitstore::explain` and `docs/explain.schema.json`). Text fits 80 columns; colour only on a
//! terminal unless `--color`.

mod hash_view;
mod pack_view;

use crate::{stdout, CliError, CliResult, Context};
use gitstore::explain::delta::{BaseEncoding, DeltaOp, DeltaView};
use gitstore::explain::names::{NameTrace, RefSource};
use gitstore::explain::raw::{Part, RawView, Role};
use gitstore::explain::storage::Storage;
use gitstore::explain::{Json, Place};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Arguments of `explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The object (any revision: an id, `HEAD`, `v1.0^{tree}`, `HEAD:path`…).
    #[arg(required_unless_present_any = ["hash", "pack"])]
    object: Option<String>,
    /// Dump the object's bytes (header then body) with each part named.
    #[arg(long, conflicts_with = "delta")]
    raw: bool,
    /// List the object's delta chain, every copy and insert instruction.
    #[arg(long)]
    delta: bool,
    /// Show the bytes git hashes for FILE (`-` for standard input) and the id they give.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["object", "raw", "delta", "pack"])]
    hash: Option<std::path::PathBuf>,
    /// With --hash: the object type (default blob). A tree is read as `ls-tree` lines (what
    /// `git mktree` reads) unless it holds a NUL byte (then as a tree's own bytes).
    #[arg(short = 't', value_name = "TYPE", requires = "hash")]
    kind: Option<String>,
    /// Lay out a pack (its `.pack` or `.idx` file): header, entries, trailer, index.
    #[arg(long, value_name = "PACK", conflicts_with_all = ["object", "raw", "delta"])]
    pack: Option<std::path::PathBuf>,
    /// How much to list: pack entries with --pack, rows of bytes with --hash (default 50;
    /// 0 lists everything).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Print the view as JSON (schema `gitstore.explain/1`).
    #[arg(long)]
    json: bool,
    /// Colour the text: `auto` (on a terminal, unless NO_COLOR is set), `always` or `never`.
    #[arg(long, value_name = "WHEN", default_value = "auto", num_args = 0..=1,
          default_missing_value = "always", value_parser = ["auto", "always", "never"])]
    color: String,
}

/// What `--limit` is when not given.
const DEFAULT_LIMIT: usize = gitstore::explain::pack::DEFAULT_ENTRY_LIMIT;

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let base = std::env::current_dir().unwrap_or_default();
    let paint = Paint(match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => {
            !matches!(ctx.env.var("NO_COLOR"), Some(v) if !v.is_empty())
                && std::io::stdout().is_terminal()
        }
    });
    let limit = match args.limit {
        Some(0) => None,
        Some(n) => Some(n),
        None => Some(DEFAULT_LIMIT),
    };
    if let Some(file) = &args.hash {
        return hash_view::run(file, args.kind.as_deref(), limit, args.json, paint);
    }
    if let Some(pack) = &args.pack {
        return pack_view::run(pack, limit, args.json, paint, &base);
    }
    let object = args.object.unwrap_or_default();
    let repo = ctx.repo()?;
    let id = crate::revarg::resolve(&repo, &object)
        .map_err(|_| CliError::Fatal(format!("Not a valid object name {object}")))?;
    let missing = || CliError::Fatal(format!("object {id} is missing"));
    let mut out = stdout();
    if args.raw {
        let view = gitstore::explain::raw::raw(&repo, &id)?.ok_or_else(missing)?;
        if args.json {
            return json(out, &Json::new("raw", &view));
        }
        write_raw(&view, &base, paint, &mut out)?;
    } else if args.delta {
        let view = gitstore::explain::delta::delta_chain(&repo, &id)?.ok_or_else(missing)?;
        if args.json {
            return json(out, &Json::new("delta", &view));
        }
        write_delta(&view, &base, paint, &mut out)?;
    } else {
        let explanation = gitstore::explain::explain(&repo, &id)?.ok_or_else(missing)?;
        let name = if object != id.to_string() {
            gitstore::explain::names::trace(&repo, &object)?
        } else {
            None
        };
        if args.json {
            let view = ObjectView {
                explanation: &explanation,
                name: name.as_ref(),
            };
            return json(out, &Json::new("object", &view));
        }
        if object != id.to_string() {
            writeln!(out, "{object} names {id}.")?;
        }
        if let Some(trace) = &name {
            write_trace(trace, &base, &mut out)?;
        }
        explanation.write_text(&base, &mut out)?;
        if let Some(storage) = &explanation.storage {
            write_storage(storage, &base, &mut out)?;
        }
    }
    crate::finish(out)
}

fn json(mut out: impl Write, value: &impl serde::Serialize) -> CliResult {
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| CliError::Fatal(format!("cannot write JSON: {e}")))?;
    writeln!(out)?;
    crate::finish(out)
}

/// The plain view's JSON: the explanation and, for a name that is not the full id, how the
/// name was resolved.
#[derive(serde::Serialize)]
struct ObjectView<'a> {
    #[serde(flatten)]
    explanation: &'a gitstore::explain::Explanation,
    name: Option<&'a NameTrace>,
}

fn write_trace(trace: &NameTrace, base: &Path, out: &mut dyn Write) -> std::io::Result<()> {
    if !trace.rules.is_empty() {
        writeln!(
            out,
            "  \"{}\" through git's rules for names:",
            fit(&trace.name, 40)
        )?;
        for rule in &trace.rules {
            let verdict = if rule.exists { "exists" } else { "no such ref" };
            writeln!(out, "    {:<40} {verdict}", fit(&rule.full_name, 40))?;
        }
    }
    for hop in &trace.refs {
        let from = match &hop.source {
            RefSource::Loose { path } => format!("the loose file {}", show(path, base)),
            RefSource::Packed { path, line } => {
                format!("{} line {line}", show(path, base))
            }
        };
        writeln!(
            out,
            "  {} is read from {}:",
            fit(&hop.name, 30),
            fit(&from, 40)
        )?;
        writeln!(out, "    {}", fit(&hop.target, WIDTH - 4))?;
        if let Some(peeled) = hop.peeled {
            writeln!(out, "    and peels (the ^ line) to {peeled}")?;
        }
    }
    for step in &trace.steps {
        writeln!(
            out,
            "  {:<14} {:<20} {}",
            fit(&step.text, 14),
            fit(&step.spec, 20),
            step.id
        )?;
    }
    Ok(())
}

/// ANSI colour, when on.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn paint(self, code: &str, text: &str) -> String {
        if self.0 && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[m")
        } else {
            text.to_string()
        }
    }
}

const WIDTH: usize = 80;
const PER_ROW: usize = 8;

fn show(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn write_place(place: &Place, base: &Path, out: &mut dyn Write) -> std::io::Result<()> {
    match place {
        Place::Loose { path, size_on_disk } => writeln!(
            out,
            "Stored loose, {size_on_disk} bytes, in\n  {}",
            show(path, base)
        ),
        Place::Packed {
            pack,
            offset,
            size_in_pack,
            ..
        } => writeln!(
            out,
            "Stored at offset {offset}, {size_in_pack} bytes, of\n  {}",
            show(pack, base)
        ),
        Place::Other => writeln!(out, "Stored in a store added by the program."),
    }
}

/// Bytes as a person reads them: printable ASCII as is, the rest escaped.
fn escaped(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string().replace("\\x00", "\\0")
}

/// `text` cut to `width` characters, with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn write_raw(view: &RawView, base: &Path, paint: Paint, out: &mut dyn Write) -> CliResult {
    writeln!(
        out,
        "{} is a {} of {} bytes;\nits id is the SHA-1 of these {} bytes.",
        view.id,
        view.kind,
        view.size,
        view.bytes.len()
    )?;
    write_place(&view.place, base, out)?;
    if let Some(z) = &view.zlib {
        let method = if z.cmf & 0x0f == 8 {
            "deflate"
        } else {
            "unknown method"
        };
        let level = ["fastest", "fast", "default", "best"]
            .get(usize::from(z.level_hint))
            .unwrap_or(&"");
        writeln!(
            out,
            "  zlib header   {:<12} {method}, {} KiB window, level {} ({level}){}",
            format!("{:02x} {:02x}", z.cmf, z.flg),
            z.window_size / 1024,
            z.level_hint,
            if z.header_check_ok { "" } else { ", BAD CHECK" }
        )?;
        writeln!(
            out,
            "  deflate data  {:<12} the bytes below, compressed",
            format!("{} bytes", z.deflate_len)
        )?;
        let a = z.adler32_stored.to_be_bytes();
        let verdict = if z.adler32_stored == z.adler32_computed {
            "of the bytes below: matches".to_string()
        } else {
            format!("MISMATCH: computed {:08x}", z.adler32_computed)
        };
        writeln!(
            out,
            "  Adler-32      {:02x} {:02x} {:02x} {:02x}  {verdict}",
            a[0], a[1], a[2], a[3]
        )?;
    }
    writeln!(out)?;
    write_dump(&view.bytes, &view.parts, None, paint, out)?;
    Ok(())
}

/// Dumps `bytes` eight a row (offset, hex, text) with each of `parts` labelled; at most
/// `max_rows` rows, then a line saying how many bytes were left out.
fn write_dump(
    bytes: &[u8],
    parts: &[Part],
    max_rows: Option<usize>,
    paint: Paint,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let digits = format!("{:x}", bytes.len()).len().max(4);
    writeln!(
        out,
        "{:<digits$}  {:<23}  {:<8}  part",
        "at", "bytes", "text"
    )?;
    let label_width = WIDTH - (digits + 2 + 23 + 2 + PER_ROW + 2);
    let mut rows_left = max_rows.unwrap_or(usize::MAX);
    for part in parts {
        let part_bytes = bytes
            .get(part.offset..part.offset + part.len)
            .unwrap_or_default();
        let (labels, colour) = labels(&part.role, part_bytes);
        for (row, chunk) in part_bytes.chunks(PER_ROW).enumerate() {
            if rows_left == 0 {
                let shown = part.offset + row * PER_ROW;
                writeln!(
                    out,
                    "… {} more bytes (--limit 0 shows them all)",
                    bytes.len() - shown
                )?;
                return Ok(());
            }
            rows_left -= 1;
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let text: String = chunk
                .iter()
                .map(|&b| {
                    if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            let label = labels.get(row).map(|l| fit(l, label_width));
            let line = format!(
                "{:0digits$x}  {}  {:<8}  {}",
                part.offset + row * PER_ROW,
                paint.paint(colour, &format!("{:<23}", hex.join(" "))),
                text,
                paint.paint(colour, label.as_deref().unwrap_or_default())
            );
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}

/// The label lines of a part (one per dump row, from the first) and its colour.
fn labels(role: &Role, bytes: &[u8]) -> (Vec<String>, &'static str) {
    match role {
        Role::ObjectHeader => (vec![format!("header \"{}\"", escaped(bytes))], "33"),
        Role::Mode { mode } if mode.len() == 5 => {
            (vec![format!("mode {mode} (ls-tree: 0{mode})")], "36")
        }
        Role::Mode { mode } => (vec![format!("mode {mode}")], "36"),
        Role::Space => (vec!["space".into()], "2"),
        Role::Name => (vec![format!("name \"{}\"", escaped(bytes))], "32"),
        Role::Nul => (vec!["NUL ends the name".into()], "2"),
        Role::EntryId { id } => {
            let hex = id.to_string();
            (
                vec![
                    "id, 20 raw bytes:".into(),
                    hex.get(..20).unwrap_or_default().to_string(),
                    hex.get(20..).unwrap_or_default().to_string(),
                ],
                "35",
            )
        }
        Role::HeaderLine { field } => (vec![format!("{field} line")], "34"),
        Role::Blank => (vec!["blank line: message follows".into()], "2"),
        Role::Message => (vec!["message".into()], ""),
        Role::Content => (vec!["content".into()], ""),
        _ => (vec![], ""),
    }
}

fn write_delta(view: &DeltaView, base: &Path, paint: Paint, out: &mut dyn Write) -> CliResult {
    let n = view.hops.len();
    writeln!(
        out,
        "{} is a {} of {} bytes,\n{}.",
        view.id,
        view.kind,
        view.size,
        match n {
            0 => "stored whole (no delta)".to_string(),
            1 => "rebuilt from its base by 1 delta".to_string(),
            n => format!("rebuilt through a chain of {n} deltas"),
        }
    )?;
    for (i, hop) in view.hops.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            paint.paint("1", &format!("hop {}:", i + 1)),
            hop.id
        )?;
        writeln!(
            out,
            "  entry at offset {} of {}: {} bytes, header {}",
            hop.offset,
            fit(
                &hop.pack
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                24
            ),
            hop.size_in_pack,
            hop.header_len
        )?;
        match hop.encoding {
            BaseEncoding::OfsDelta {
                base_offset,
                distance,
            } => writeln!(
                out,
                "  OFS_DELTA: base {distance} bytes back, at offset {base_offset}"
            )?,
            BaseEncoding::RefDelta => writeln!(out, "  REF_DELTA: base named by its id")?,
        }
        writeln!(out, "  base {}", hop.base)?;
        writeln!(
            out,
            "  delta {} bytes: base {} bytes -> result {} bytes",
            hop.delta_size, hop.base_size, hop.result_size
        )?;
        writeln!(
            out,
            "  {:>6}  {:<6}  {:>8}  {:>8}  {:>6}  bytes",
            "at", "op", "result", "base", "len"
        )?;
        for op in &hop.instructions {
            let line = match op {
                DeltaOp::Copy {
                    at,
                    result_offset,
                    base_offset,
                    len,
                } => format!(
                    "  {at:>6}  {:<6}  {result_offset:>8}  {base_offset:>8}  {len:>6}",
                    paint.paint("36", "copy  ")
                ),
                DeltaOp::Insert {
                    at,
                    result_offset,
                    len,
                    bytes,
                } => format!(
                    "  {at:>6}  {:<6}  {result_offset:>8}  {:>8}  {len:>6}  {}",
                    paint.paint("32", "insert"),
                    "",
                    fit(&format!("\"{}\"", escaped(bytes)), WIDTH - 48)
                ),
            };
            writeln!(out, "{line}")?;
        }
    }
    if let Some(end) = &view.base {
        writeln!(out)?;
        writeln!(out, "{} {}", paint.paint("1", "whole:"), end.id)?;
        write_place(&end.place, base, out)?;
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn hex_list(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn type_name(code: u8) -> &'static str {
    match code {
        1 => "commit",
        2 => "tree",
        3 => "blob",
        4 => "tag",
        6 => "OFS_DELTA",
        7 => "REF_DELTA",
        _ => "invalid",
    }
}

fn write_storage(storage: &Storage, base: &Path, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "How the object database finds it:")?;
    match storage {
        Storage::Loose {
            path,
            file_size,
            inflated_size,
            ratio,
        } => {
            writeln!(out, "  the loose file {}", show(path, base))?;
            writeln!(
                out,
                "  {file_size} bytes of zlib for {inflated_size} bytes of header and body \
                 (ratio {ratio:.2})"
            )?;
        }
        Storage::Packed {
            idx,
            idx_version,
            objects,
            lookup,
            offset,
            header_bytes,
            size_len,
            type_code,
            inflated_size,
            compressed_size,
            ratio,
            ..
        } => {
            writeln!(out, "  no loose file; found through the pack index")?;
            writeln!(out, "  {}", fit(&file_name(idx), WIDTH - 2))?;
            writeln!(out, "  (version {idx_version}, {objects} objects)")?;
            let (lo, hi) = lookup.range;
            writeln!(
                out,
                "  fan-out slot {:02x}: ids starting {:02x} are at positions {lo}..{hi}",
                lookup.fanout_slot, lookup.fanout_slot
            )?;
            let probes: Vec<String> = lookup.probes.iter().map(|p| p.to_string()).collect();
            writeln!(
                out,
                "  binary search probed {}",
                fit(&probes.join(", "), WIDTH - 23)
            )?;
            if let Some(position) = lookup.position {
                writeln!(
                    out,
                    "  found at position {position}: its entry is at offset {offset}"
                )?;
            }
            writeln!(
                out,
                "  entry header {}",
                fit(&hex_list(header_bytes), WIDTH - 15)
            )?;
            let mut size = 0u64;
            for (i, &b) in header_bytes.iter().take(*size_len).enumerate() {
                let more = if b & 0x80 != 0 { "more," } else { "last," };
                if i == 0 {
                    size = u64::from(b & 0x0f);
                    writeln!(
                        out,
                        "    {b:02x}  {more} type {} ({}), size bits 0-3 = {}",
                        (b >> 4) & 7,
                        type_name((b >> 4) & 7),
                        b & 0x0f
                    )?;
                } else {
                    let shift = 4 + 7 * (i - 1);
                    size |= u64::from(b & 0x7f).checked_shl(shift as u32).unwrap_or(0);
                    writeln!(
                        out,
                        "    {b:02x}  {more} size bits {shift}-{} = {}",
                        shift + 6,
                        b & 0x7f
                    )?;
                }
            }
            writeln!(out, "    size {size}")?;
            let rest = header_bytes.get(*size_len..).unwrap_or_default();
            if !rest.is_empty() {
                let what = if *type_code == 7 {
                    "the base's id".to_string()
                } else {
                    let distance = rest
                        .iter()
                        .skip(1)
                        .fold(u64::from(rest.first().map_or(0, |b| b & 0x7f)), |v, b| {
                            (v.saturating_add(1) << 7) | u64::from(b & 0x7f)
                        });
                    format!("the base is {distance} bytes back (offset encoding)")
                };
                writeln!(out, "    {}  {what}", fit(&hex_list(rest), 30))?;
            }
            writeln!(
                out,
                "  then {compressed_size} bytes of zlib for {inflated_size} bytes (ratio {ratio:.2})"
            )?;
        }
        Storage::Other => writeln!(out, "  in a store added by the program")?,
    }
    Ok(())
}
