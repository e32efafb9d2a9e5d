//! `explain`'s storage steps: the `.idx` fan-out range, binary-search position and offset
//! agree with `git show-index`, the entry header bytes are the pack's, and the sizes agree with
//! `verify-pack -v`, for a packed whole object and an object at the end of a delta chain deeper
//! than 10; a loose object's file and sizes are the file's.

mod common;

use common::Fixture;
use gitstore::explain::storage::{storage, Storage};
use gitstore::{ObjectId, Repository};

fn id_of(f: &Fixture, rev: &str) -> ObjectId {
    f.git_str(&["rev-parse", rev]).trim().parse().unwrap()
}

#[test]
fn packed_lookup_agrees_with_show_index_and_verify_pack() {
    let f = Fixture::from_script("delta_chain");
    let repo = Repository::open(f.git_dir()).unwrap();
    let idx = common::idx_files(&f.git_dir().join("objects/pack"));
    let shown = f.git_stdin(&["show-index"], &std::fs::read(&idx[0]).unwrap());
    let shown = String::from_utf8(shown).unwrap();
    let mut sorted: Vec<(String, u64)> = shown
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[1].to_string(), c[0].parse().unwrap())
        })
        .collect();
    sorted.sort();
    let listing = f.git_str(&["verify-pack", "-v", idx[0].to_str().unwrap()]);
    for rev in ["HEAD~1^{tree}", "HEAD:story.txt", "v1"] {
        let id = id_of(&f, rev);
        let hex = id.to_string();
        let Some(Storage::Packed {
            lookup,
            offset,
            header_bytes,
            size_len,
            type_code,
            inflated_size,
            compressed_size,
            objects,
            pack,
            ..
        }) = storage(&repo, &id).unwrap()
        else {
            panic!("{rev} is packed");
        };
        assert_eq!(objects, sorted.len());
        let position = sorted.iter().position(|(h, _)| *h == hex).unwrap();
        assert_eq!(lookup.position, Some(position));
        assert_eq!(lookup.probes.last(), Some(&position));
        assert_eq!(offset, sorted[position].1);
        let first = &hex[..2];
        let lo = sorted.iter().filter(|(h, _)| &h[..2] < first).count();
        let n = sorted.iter().filter(|(h, _)| &h[..2] == first).count();
        assert_eq!(lookup.range, (lo, lo + n));
        assert_eq!(format!("{:02x}", lookup.fanout_slot), first);

        let bytes = std::fs::read(&pack).unwrap();
        let at = offset as usize;
        assert_eq!(header_bytes, bytes[at..at + header_bytes.len()]);
        assert_eq!((header_bytes[0] >> 4) & 7, type_code);
        assert!(size_len >= 1 && size_len <= header_bytes.len());

        let line = listing.lines().find(|l| l.starts_with(&hex)).unwrap();
        let c: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(c[2].parse::<u64>().unwrap(), inflated_size);
        assert_eq!(
            c[3].parse::<u64>().unwrap(),
            compressed_size + header_bytes.len() as u64
        );
        assert_eq!(c[4].parse::<u64>().unwrap(), offset);
        if rev == "HEAD:story.txt" {
            assert_eq!(type_code, 6);
            assert!(c[5].parse::<usize>().unwrap() >= 10);
        }
    }
}

#[test]
fn loose_storage_is_the_file() {
    let f = Fixture::from_script("delta_chain");
    let repo = Repository::open(f.git_dir()).unwrap();
    let id = id_of(&f, "HEAD:loose.txt");
    let Some(Storage::Loose {
        path,
        file_size,
        inflated_size,
        ..
    }) = storage(&repo, &id).unwrap()
    else {
        panic!("loose.txt is loose");
    };
    let hex = id.to_string();
    assert!(path.ends_with(format!("objects/{}/{}", &hex[..2], &hex[2..])));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), file_size);
    assert_eq!(inflated_size, "blob 14\0".len() as u64 + 14);
}

#[test]
fn storage_text_decodes_the_entry_header() {
    let f = Fixture::from_script("delta_chain");
    let out = String::from_utf8(f.gitstore(&["explain", "HEAD:story.txt"])).unwrap();
    let repo = Repository::open(f.git_dir()).unwrap();
    let id = id_of(&f, "HEAD:story.txt");
    let Some(Storage::Packed {
        inflated_size,
        offset,
        ..
    }) = storage(&repo, &id).unwrap()
    else {
        panic!("packed");
    };
    assert!(out.contains("type 6 (OFS_DELTA)"));
    assert!(out.contains(&format!("    size {inflated_size}\n")));
    assert!(out.contains(&format!("its entry is at offset {offset}\n")));
    let base_offset = f
        .git_str(&[
            "verify-pack",
            "-v",
            common::idx_files(&f.git_dir().join("objects/pack"))[0]
                .to_str()
                .unwrap(),
        ])
        .lines()
        .find(|l| {
            l.starts_with(
                &f.git_str(&["rev-parse", "HEAD:story.txt"])
                    .trim()
                    .to_string(),
            )
        })
        .map(|l| l.split_whitespace().nth(6).unwrap().to_string())
        .unwrap();
    let base_offset: u64 = f
        .git_stdin(
            &["show-index"],
            &std::fs::read(&common::idx_files(&f.git_dir().join("objects/pack"))[0]).unwrap(),
        )
        .split(|&b| b == b'\n')
        .map(|l| String::from_utf8_lossy(l).to_string())
        .find(|l| l.contains(&base_offset))
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .unwrap();
    assert!(out.contains(&format!("the base is {} bytes back", offset - base_offset)));
}
