//! A damaged pack entry is read around as git reads it: the object comes from another copy
//! (loose, or in another pack), a delta whose base entry is damaged is rebuilt on a base read
//! from elsewhere, and git's `error:` lines come out on the way; with no intact copy, each
//! command fails with git's words. Compared with git byte for byte on
//! `tests/fixtures/corrupt_fallback.sh`; the library's side (the read succeeds, the damage is
//! told as [`PackDamage`] values) is checked too.

mod common;

use common::{assert_identical, assert_identical_in, Fixture};
use gitstore::odb::PackDamage;
use gitstore::{ObjectId, Repository};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The fixture, and what a test needs to know about its pack.
struct Damaged {
    f: Fixture,
    pack: PathBuf,
    /// (offset, id) of every entry, by offset.
    entries: Vec<(u64, String)>,
}

impl Damaged {
    fn new() -> Damaged {
        let f = Fixture::from_script("corrupt_fallback");
        let pack = f.pack_file();
        let idx = std::fs::read(pack.with_extension("idx")).unwrap();
        let listed = f.git_stdin(&["show-index"], &idx);
        let mut entries: Vec<(u64, String)> = String::from_utf8(listed)
            .unwrap()
            .lines()
            .map(|l| {
                let mut w = l.split(' ');
                (w.next().unwrap().parse().unwrap(), w.next().unwrap().into())
            })
            .collect();
        entries.sort();
        Damaged { f, pack, entries }
    }

    fn id(&self, rev: &str) -> String {
        self.f.git_str(&["rev-parse", rev])
    }

    /// (the delta among the two versions of story.txt, its base).
    fn delta_and_base(&self) -> (String, String) {
        let ids = format!(
            "{}\n{}\n",
            self.id("HEAD:story.txt"),
            self.id("HEAD~1:story.txt")
        );
        let out = self.f.git_stdin(
            &["cat-file", "--batch-check=%(objectname) %(deltabase)"],
            ids.as_bytes(),
        );
        let text = String::from_utf8(out).unwrap();
        let null = "0".repeat(40);
        text.lines()
            .map(|l| l.split_once(' ').unwrap())
            .find(|(_, base)| *base != null)
            .map(|(id, base)| (id.to_string(), base.to_string()))
            .expect("one version of story.txt is a delta of the other")
    }

    fn offset_of(&self, id: &str) -> u64 {
        self.entries.iter().find(|(_, e)| e == id).unwrap().0
    }

    /// Where the entry of `id` ends: the next entry, or the trailer.
    fn end_of(&self, id: &str) -> u64 {
        let at = self.offset_of(id);
        let len = std::fs::metadata(&self.pack).unwrap().len();
        self.entries
            .iter()
            .map(|(o, _)| *o)
            .find(|o| *o > at)
            .unwrap_or(len - 20)
    }

    /// Changes the byte at `at` of the pack by `change`.
    fn edit(&self, at: u64, change: impl FnOnce(u8) -> u8) {
        use std::os::unix::fs::PermissionsExt;
        let mut bytes = std::fs::read(&self.pack).unwrap();
        bytes[at as usize] = change(bytes[at as usize]);
        std::fs::set_permissions(&self.pack, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::write(&self.pack, bytes).unwrap();
    }

    fn flip(&self, at: u64) {
        self.edit(at, |b| b ^ 0xff);
    }

    /// Damages the last byte of the entry's zlib stream (its checksum): zlib's "incorrect data
    /// check".
    fn damage_checksum(&self, id: &str) {
        self.flip(self.end_of(id) - 1);
    }

    /// Damages the second byte of a whole entry's zlib header: "incorrect header check".
    fn damage_zlib_header(&self, id: &str) {
        let at = self.offset_of(id);
        let bytes = std::fs::read(&self.pack).unwrap();
        let mut header_len = 1;
        while bytes[(at + header_len - 1) as usize] & 0x80 != 0 {
            header_len += 1;
        }
        self.flip(at + header_len + 1);
    }

    /// Gives the entry of `id` type code `code` in its header.
    fn set_type_code(&self, id: &str, code: u8) {
        self.edit(self.offset_of(id), |b| (b & 0x8f) | (code << 4));
    }

    /// Puts the loose copy of `id` that the script kept in place.
    fn restore_loose(&self, id: &str) {
        let rel = format!("{}/{}", &id[..2], &id[2..]);
        let dir = self.f.git_dir().join("objects").join(&id[..2]);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            self.f.path.join("spare/objects").join(&rel),
            dir.join(&id[2..]),
        )
        .unwrap();
    }

    /// Puts the spare pack of both versions of story.txt in place, older than the main pack so
    /// that both git and gitstore look in the damaged pack first.
    fn restore_spare_pack(&self) {
        let dest = self.f.git_dir().join("objects/pack");
        for e in std::fs::read_dir(self.f.path.join("spare/pack")).unwrap() {
            let p = e.unwrap().path();
            let to = dest.join(p.file_name().unwrap());
            std::fs::copy(&p, &to).unwrap();
            let status = std::process::Command::new("touch")
                .args(["-d", "@1600000000"])
                .arg(&to)
                .status()
                .unwrap();
            assert!(status.success());
        }
    }

    fn same(&self, args: &[&str], stdin: &str) {
        assert_identical(&self.f, args, stdin.as_bytes());
    }
}

#[test]
fn damaged_whole_blob_is_read_from_its_loose_copy() {
    let d = Damaged::new();
    let (_, base) = d.delta_and_base();
    d.damage_checksum(&base);
    d.restore_loose(&base);
    d.same(&["cat-file", "-p", &base], "");
    d.same(&["cat-file", "blob", &base], "");
    d.same(&["cat-file", "-s", &base], "");
    d.same(&["cat-file", "--batch"], &format!("{base}\n{base}\n"));
    d.same(&["cat-file", "-p", "HEAD:story.txt"], "");
}

#[test]
fn damaged_whole_blob_is_read_from_another_pack() {
    let d = Damaged::new();
    let (_, base) = d.delta_and_base();
    d.damage_checksum(&base);
    d.restore_spare_pack();
    d.same(&["cat-file", "-p", &base], "");
    d.same(&["cat-file", "--batch"], &format!("{base}\n{base}\n"));
}

#[test]
fn damaged_zlib_header_is_read_around_too() {
    let d = Damaged::new();
    let blob = d.id("HEAD:a.txt");
    d.damage_zlib_header(&blob);
    d.same(&["cat-file", "-p", &blob], "");
    d.restore_loose(&blob);
    d.same(&["cat-file", "-p", &blob], "");
}

#[test]
fn delta_on_a_damaged_base_is_rebuilt_on_the_base_read_from_elsewhere() {
    let d = Damaged::new();
    let (delta, base) = d.delta_and_base();
    d.damage_checksum(&base);
    d.restore_loose(&base);
    d.same(&["cat-file", "-p", &delta], "");
    // the base entry is read (and found damaged) again for each rebuild of the delta
    d.same(
        &["cat-file", "--batch"],
        &format!("{delta}\n{base}\n{delta}\n"),
    );
}

#[test]
fn delta_on_a_damaged_base_is_read_from_its_own_loose_copy() {
    let d = Damaged::new();
    let (delta, base) = d.delta_and_base();
    d.damage_checksum(&base);
    d.restore_loose(&delta);
    d.same(&["cat-file", "-p", &delta], "");
    d.same(&["cat-file", "--batch"], &format!("{delta}\n{delta}\n"));
}

#[test]
fn damaged_delta_data_is_read_from_another_copy() {
    let d = Damaged::new();
    let (delta, base) = d.delta_and_base();
    d.damage_checksum(&delta);
    d.restore_loose(&delta);
    d.same(&["cat-file", "-p", &delta], "");
    d.same(&["cat-file", "-p", &base], "");
    d.same(&["cat-file", "--batch"], &format!("{delta}\n{delta}\n"));
}

#[test]
fn entry_of_an_unknown_type_code_is_read_around() {
    for code in [5, 0] {
        let d = Damaged::new();
        let (delta, base) = d.delta_and_base();
        d.set_type_code(&base, code);
        let all = [
            vec!["cat-file", "-p", &base],
            vec!["cat-file", "-t", &base],
            vec!["cat-file", "-p", &delta],
            vec!["cat-file", "-t", &delta],
        ];
        for args in &all {
            d.same(args, "");
        }
        d.restore_loose(&base);
        for args in &all[..2] {
            d.same(args, "");
        }
        d.same(&["cat-file", "--batch-check"], &format!("{base}\n"));
    }
}

#[test]
fn pack_paths_are_named_as_git_names_them_from_a_subdirectory() {
    let d = Damaged::new();
    let (delta, base) = d.delta_and_base();
    d.damage_checksum(&base);
    d.restore_loose(&base);
    assert_identical_in(&d.f, "dir", &["cat-file", "-p", &delta]);
    let d = Damaged::new();
    d.damage_checksum(&base);
    assert_identical_in(&d.f, "dir", &["cat-file", "-p", &delta]);
}

#[test]
fn with_no_intact_copy_each_command_fails_with_gits_words() {
    let d = Damaged::new();
    let (delta, base) = d.delta_and_base();
    let (commit, tree) = (d.id("HEAD"), d.id("HEAD^{tree}"));
    for id in [&base, &commit, &tree] {
        d.damage_checksum(id);
    }
    for args in [
        vec!["cat-file", "-p", &base],
        vec!["cat-file", "blob", &base],
        vec!["cat-file", "-p", &delta],
        vec!["cat-file", "-p", &commit],
        vec!["cat-file", "commit", &commit],
        vec!["cat-file", "-p", &tree],
        vec!["cat-file", "tree", &tree],
        vec!["cat-file", "-p", "HEAD^{tree}"],
        vec!["cat-file", "-t", "HEAD^{tree}"],
        vec!["cat-file", "-t", &commit],
        vec!["cat-file", "-s", &commit],
        vec!["cat-file", "-e", &commit],
        vec!["log", "--oneline", "-1"],
        vec!["rev-list", "HEAD"],
        vec!["ls-tree", "HEAD"],
    ] {
        d.same(&args, "");
    }
    for id in [&base, &delta, &commit, &tree] {
        d.same(&["cat-file", "--batch"], &format!("{id}\n"));
        d.same(&["cat-file", "--batch-check"], &format!("{id}\n"));
    }
    d.same(&["cat-file", "--batch"], &format!("{base}\n{base}\n"));
}

#[test]
fn library_reads_the_intact_copy_and_tells_the_damage() {
    let d = Damaged::new();
    let (delta, base) = d.delta_and_base();
    d.damage_checksum(&base);
    d.restore_loose(&base);
    let expected = d.f.git(&["cat-file", "blob", &delta]);

    let repo = Repository::discover(&d.f.path).unwrap();
    let told = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&told);
    repo.odb()
        .on_pack_damage(move |damage| sink.lock().unwrap().push(damage.clone()));
    let (delta, base): (ObjectId, ObjectId) = (delta.parse().unwrap(), base.parse().unwrap());
    let object = repo.odb().read(&delta).unwrap();
    assert_eq!(object.data, expected);

    let pack = d.pack.canonicalize().unwrap();
    let base_offset = d.offset_of(&base.to_string());
    let told = told.lock().unwrap().clone();
    let canon = |p: &PathBuf| p.canonicalize().unwrap();
    match &told[..] {
        [PackDamage::Inflate {
            pack: p1,
            offset: o1,
            zlib,
        }, PackDamage::DeltaBaseUnreadable {
            pack: p2,
            offset: o2,
            base: b,
        }] => {
            assert_eq!((canon(p1), canon(p2)), (pack.clone(), pack.clone()));
            assert_eq!((*o1, *o2), (base_offset, base_offset));
            assert_eq!(zlib, "incorrect data check");
            assert_eq!(*b, base);
        }
        other => panic!("{other:?}"),
    }
    // the base's packed copy is skipped from now on; its loose copy answers
    let packs = repo.odb().packs();
    assert_eq!(
        repo.odb().damaged_copies(),
        vec![(base, packs[0].pack_path().to_path_buf())]
    );
    assert!(repo.odb().read(&base).is_ok());
}

#[test]
fn library_read_with_no_intact_copy_is_missing_then_a_damaged_object_error() {
    let d = Damaged::new();
    let (_, base) = d.delta_and_base();
    let size: u64 = d.f.git_str(&["cat-file", "-s", &base]).parse().unwrap();
    d.damage_checksum(&base);
    let repo = Repository::discover(&d.f.path).unwrap();
    let base: ObjectId = base.parse().unwrap();
    let mut buf = Vec::new();
    assert_eq!(repo.odb().try_read(&base, &mut buf).unwrap(), None);
    match repo
        .odb()
        .try_read(&base, &mut buf)
        .map_err(gitstore::Error::from)
    {
        Err(gitstore::Error::DamagedObject(e)) => {
            assert_eq!(e.id, base);
            assert_eq!(e.pack, repo.odb().packs()[0].pack_path());
            assert_eq!(e.header.map(|h| h.size), Some(size));
        }
        other => panic!("{other:?}"),
    }
}
