//! `cat-file` on loose objects of a type other than the four kinds (written with
//! `hash-object --literally -t <type>`): `-t` and `-s` show the stored type name and size with
//! `--allow-unknown-type`, every other read dies of the type as git does, and a header too long
//! for git's buffer is reported as git reports it. Compared with git byte for byte on
//! `tests/fixtures/unknown_types.sh`; the library's side ([`Odb::read_raw_header`]) too.
//!
//! [`Odb::read_raw_header`]: gitstore::odb::Odb::read_raw_header

mod common;

use common::{assert_identical, Fixture};
use gitstore::{ObjectId, Repository};

fn fixture() -> Fixture {
    Fixture::from_script("unknown_types")
}

fn id(f: &Fixture, name: &str) -> String {
    std::fs::read_to_string(f.path.join("ids").join(name))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn allow_unknown_type_shows_the_stored_type_name_and_size() {
    let f = fixture();
    for name in ["short", "long", "empty"] {
        let id = id(&f, name);
        for mode in ["-t", "-s"] {
            assert_identical(&f, &["cat-file", mode, "--allow-unknown-type", &id], b"");
            assert_identical(
                &f,
                &["cat-file", "--allow-unknown-type", mode, &id[..10]],
                b"",
            );
        }
    }
    // and of ordinary objects, what -t and -s show anyway
    for rev in ["HEAD", "HEAD:a.txt", "HEAD^{tree}"] {
        assert_identical(&f, &["cat-file", "-t", "--allow-unknown-type", rev], b"");
        assert_identical(&f, &["cat-file", "-s", "--allow-unknown-type", rev], b"");
    }
}

#[test]
fn without_the_flag_an_unknown_type_is_fatal() {
    let f = fixture();
    for name in ["short", "long", "empty"] {
        let id = id(&f, name);
        for args in [
            vec!["cat-file", "-t", &id],
            vec!["cat-file", "-s", &id],
            vec!["cat-file", "-p", &id],
            vec!["cat-file", "-e", &id],
            vec![
                "cat-file",
                "--allow-unknown-type",
                "--no-allow-unknown-type",
                "-t",
                &id,
            ],
        ] {
            assert_identical(&f, &args, b"");
        }
        if name != "long" {
            assert_identical(&f, &["cat-file", "blob", &id], b"");
        }
        let line = format!("{id}\n");
        assert_identical(&f, &["cat-file", "--batch-check"], line.as_bytes());
        assert_identical(&f, &["cat-file", "--batch"], line.as_bytes());
        // accepted in batch mode, where git does not use it
        let both = ["cat-file", "--batch-check", "--allow-unknown-type"];
        assert_identical(&f, &both, line.as_bytes());
    }
    assert_identical(
        &f,
        &["cat-file", "--batch-all-objects", "--batch-check"],
        b"",
    );
}

#[test]
fn allow_unknown_type_goes_with_t_and_s_only() {
    let f = fixture();
    let id = id(&f, "short");
    for mode in ["-p", "-e"] {
        assert_identical(&f, &["cat-file", mode, "--allow-unknown-type", &id], b"");
    }
    assert_identical(&f, &["cat-file", "--allow-unknown-type", "blob", &id], b"");
    let missing = "1234567890123456789012345678901234567890";
    assert_identical(
        &f,
        &["cat-file", "-t", "--allow-unknown-type", missing],
        b"",
    );
}

#[test]
fn library_reads_the_raw_header_and_refuses_the_type_elsewhere() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let odb = repo.odb();
    let long: ObjectId = id(&f, "long").parse().unwrap();
    let header = odb.read_raw_header(&long).unwrap().expect("stored");
    assert_eq!(header.type_name, "x".repeat(40));
    assert_eq!((header.size, header.kind()), (5, None));

    let short: ObjectId = id(&f, "short").parse().unwrap();
    match odb.try_read_header(&short).map_err(gitstore::Error::from) {
        Err(gitstore::Error::Loose(e)) => assert!(
            matches!(&e.kind, gitstore::loose::LooseErrorKind::UnknownType { name } if name == b"gadget"),
            "{e:?}"
        ),
        other => panic!("{other:?}"),
    }
    let commit: ObjectId = f.git_str(&["rev-parse", "HEAD"]).parse().unwrap();
    let header = odb.read_raw_header(&commit).unwrap().expect("stored");
    assert_eq!(header.kind(), Some(gitstore::Kind::Commit));
    assert_eq!(odb.read_raw_header(&ObjectId::null()).unwrap(), None);
}
