//! `explain --raw`: the dumped bytes are the object file's (inflated, for a loose object) or
//! what `git cat-file` prints after the header, for a loose object, a packed whole object and
//! an object at the end of a delta chain deeper than 10; parts cover the bytes; the zlib
//! framing and the pack entry agree with the file and with `verify-pack -v`; colour follows
//! `--color` and `NO_COLOR`.

mod common;

use common::Fixture;
use gitstore::explain::raw::{raw, RawView, Role};
use gitstore::explain::Place;
use gitstore::{ObjectId, Repository};
use std::io::Read;

fn fixture() -> (Fixture, Repository) {
    let f = Fixture::from_script("delta_chain");
    let repo = Repository::open(f.git_dir()).unwrap();
    (f, repo)
}

fn id_of(f: &Fixture, rev: &str) -> ObjectId {
    f.git_str(&["rev-parse", rev]).trim().parse().unwrap()
}

/// What git hashes for `id`: `"<type> <size>\0"` then `cat-file`'s bytes.
fn hashed_bytes(f: &Fixture, id: &ObjectId) -> Vec<u8> {
    let kind = f.git_str(&["cat-file", "-t", &id.to_string()]);
    let body = f.git(&["cat-file", kind.trim(), &id.to_string()]);
    let mut bytes = format!("{} {}\0", kind.trim(), body.len()).into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// The bytes of the text dump's hex column, row by row.
fn dumped_bytes(text: &str) -> Vec<u8> {
    let mut in_dump = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("at  ") {
            in_dump = true;
            continue;
        }
        if !in_dump {
            continue;
        }
        let (offset, rest) = line.split_once("  ").unwrap();
        assert_eq!(usize::from_str_radix(offset, 16).unwrap(), out.len());
        let hex = &rest[..23.min(rest.len())];
        for byte in hex.split_whitespace() {
            out.push(u8::from_str_radix(byte, 16).unwrap());
        }
    }
    out
}

fn assert_parts_cover(view: &RawView) {
    let mut at = 0;
    for part in &view.parts {
        assert_eq!(part.offset, at);
        assert!(part.len > 0);
        at += part.len;
    }
    assert_eq!(at, view.bytes.len());
    assert_eq!(view.parts[0].role, Role::ObjectHeader);
}

#[test]
fn loose_object_dump_is_the_inflated_file_with_its_zlib_framing() {
    let (f, repo) = fixture();
    let id = id_of(&f, "HEAD:loose.txt");
    let view = raw(&repo, &id).unwrap().unwrap();
    let Place::Loose { path, size_on_disk } = &view.place else {
        panic!("loose.txt was added after the pack");
    };
    let file = std::fs::read(path).unwrap();
    let mut inflated = Vec::new();
    flate2::read::ZlibDecoder::new(&file[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(view.bytes, inflated);
    assert_eq!(view.bytes, hashed_bytes(&f, &id));
    assert_parts_cover(&view);
    let z = view.zlib.as_ref().unwrap();
    assert_eq!(*size_on_disk, file.len() as u64);
    assert_eq!(z.file_size, file.len() as u64);
    assert_eq!((z.cmf, z.flg), (file[0], file[1]));
    assert_eq!(
        z.adler32_stored,
        u32::from_be_bytes(file[file.len() - 4..].try_into().unwrap())
    );
    assert_eq!(z.adler32_stored, z.adler32_computed);
    assert!(z.header_check_ok);
    assert_eq!(z.deflate_len, file.len() as u64 - 6);

    let text = String::from_utf8(f.gitstore(&["explain", "--raw", "HEAD:loose.txt"])).unwrap();
    assert_eq!(dumped_bytes(&text), inflated);
    assert!(text.contains(&format!(
        "Adler-32      {}",
        file[file.len() - 4..]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    )));
    assert!(text.contains("matches"));
}

#[test]
fn packed_tree_dump_splits_entries_and_shows_the_stored_directory_mode() {
    let (f, repo) = fixture();
    let id = id_of(&f, "HEAD~1^{tree}");
    let view = raw(&repo, &id).unwrap().unwrap();
    assert_eq!(view.bytes, hashed_bytes(&f, &id));
    assert_parts_cover(&view);
    assert!(view.zlib.is_none());
    let Place::Packed { offset, .. } = view.place else {
        panic!("the tree is packed");
    };
    let idx = common::idx_files(&f.git_dir().join("objects/pack"));
    let listing = f.git_str(&["verify-pack", "-v", idx[0].to_str().unwrap()]);
    let line = listing
        .lines()
        .find(|l| l.starts_with(&id.to_string()))
        .unwrap();
    assert_eq!(line.split_whitespace().nth(4), Some(&*offset.to_string()));

    let ls = f.git_str(&["ls-tree", &id.to_string()]);
    let ids: Vec<ObjectId> = view
        .parts
        .iter()
        .filter_map(|p| match &p.role {
            Role::EntryId { id } => Some(*id),
            _ => None,
        })
        .collect();
    let modes: Vec<&str> = view
        .parts
        .iter()
        .filter_map(|p| match &p.role {
            Role::Mode { mode } => Some(mode.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), ls.lines().count());
    for ((line, id), mode) in ls.lines().zip(&ids).zip(&modes) {
        assert!(line.contains(&id.to_string()));
        assert_eq!(
            line.split(' ').next().unwrap().trim_start_matches('0'),
            *mode
        );
    }
    assert!(modes.contains(&"40000"), "dir/ is stored as 40000");

    let text = String::from_utf8(f.gitstore(&["explain", "--raw", "HEAD~1^{tree}"])).unwrap();
    assert_eq!(dumped_bytes(&text), view.bytes);
    assert!(text.contains("mode 40000 (ls-tree: 040000)"));
    assert!(text.contains("name \"dir\""));
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
}

#[test]
fn deltified_blob_dump_is_the_rebuilt_object() {
    let (f, repo) = fixture();
    let id = id_of(&f, "HEAD:story.txt");
    let view = raw(&repo, &id).unwrap().unwrap();
    assert_eq!(view.bytes, hashed_bytes(&f, &id));
    assert_parts_cover(&view);
    let Place::Packed {
        type_code,
        inflated_size,
        size_in_pack,
        ..
    } = view.place
    else {
        panic!("story.txt is packed");
    };
    assert_eq!(type_code, 6);
    let check = f.git_stdin(
        &["cat-file", "--batch-check=%(objectsize:disk) %(deltabase)"],
        format!("{id}\n").as_bytes(),
    );
    let check = String::from_utf8(check).unwrap();
    assert!(check.starts_with(&format!("{size_in_pack} ")));
    assert!(
        inflated_size < view.size,
        "a delta is smaller than its result"
    );
    let text = String::from_utf8(f.gitstore(&["explain", "--raw", "HEAD:story.txt"])).unwrap();
    assert_eq!(dumped_bytes(&text), view.bytes);
}

#[test]
fn commit_and_tag_header_lines_are_named() {
    let (f, repo) = fixture();
    let fields = |rev: &str| -> Vec<String> {
        let view = raw(&repo, &id_of(&f, rev)).unwrap().unwrap();
        assert_parts_cover(&view);
        view.parts
            .iter()
            .filter_map(|p| match &p.role {
                Role::HeaderLine { field } => Some(field.clone()),
                Role::Blank => Some("".into()),
                Role::Message => Some("message".into()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        fields("HEAD"),
        ["tree", "parent", "author", "committer", "", "message"]
    );
    assert_eq!(
        fields("v1"),
        ["object", "type", "tag", "tagger", "", "message"]
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let (f, _) = fixture();
    let run = |args: &[&str], no_color: Option<&str>| {
        let mut cmd = f.gitstore_command(args);
        match no_color {
            Some(v) => cmd.env("NO_COLOR", v),
            None => cmd.env_remove("NO_COLOR"),
        };
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        out.stdout.contains(&0x1b)
    };
    let base = ["explain", "--raw", "HEAD"];
    assert!(!run(&base, None), "stdout is not a terminal");
    assert!(run(&[&base[..], &["--color=always"]].concat(), Some("1")));
    assert!(!run(&[&base[..], &["--color=never"]].concat(), None));
    assert!(!run(&[&base[..], &["--color=auto"]].concat(), Some("1")));
    assert!(run(
        &["explain", "--delta", "HEAD:story.txt", "--color"],
        None
    ));
}
