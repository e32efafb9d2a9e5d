//! Parsers and checks that used to answer with a sentence now answer with a kind a program can
//! match: ref name rules, loose ref files, reflog lines, commits and tags that would not read
//! back, and the refs a listing skips. Their `Display` keeps the old words.

use gitstore::object::{Malformed, Signature, Tag};
use gitstore::refs::loose::{parse_loose, LooseRefProblem};
use gitstore::refs::name::check_ref_format;
use gitstore::refs::reflog::{parse_line, ReflogLineProblem};
use gitstore::refs::{BrokenKind, NameProblem, RefErrorKind, RefName, RefStore};
use gitstore::{Kind, ObjectId};

const ID: &str = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

#[test]
fn each_broken_ref_name_rule_has_its_own_kind() {
    let cases: &[(&[u8], NameProblem)] = &[
        (b"", NameProblem::Empty),
        (b"@", NameProblem::LoneAt),
        (b"refs/heads/", NameProblem::TrailingSlash),
        (b"refs/heads/a.", NameProblem::TrailingDot),
        (b"refs//heads", NameProblem::EmptyComponent),
        (b"refs/.hidden", NameProblem::ComponentStartsWithDot),
        (b"refs/heads/a.lock", NameProblem::ComponentEndsWithLock),
        (b"refs/heads/a\x01", NameProblem::ControlCharacter),
        (b"refs/heads/a b", NameProblem::ForbiddenCharacter),
        (b"refs/heads/a..b", NameProblem::DoubleDot),
        (b"refs/heads/a@{b", NameProblem::AtBrace),
    ];
    for (name, problem) in cases {
        assert_eq!(check_ref_format(name), Err(*problem), "{name:?}");
    }
    assert_eq!(check_ref_format(b"main"), Ok(()));
    let e = RefName::new("main").unwrap_err();
    assert_eq!(
        e.kind,
        RefErrorKind::InvalidName {
            reason: NameProblem::NotUnderRefs
        }
    );
    assert_eq!(
        NameProblem::ForbiddenCharacter.to_string(),
        r"contains one of ' ~^:?*[\'"
    );
    assert_eq!(NameProblem::AtBrace.to_string(), "contains '@{'");
}

#[test]
fn loose_ref_file_problems_are_kinds() {
    let cases: &[(&[u8], LooseRefProblem)] = &[
        (b"ref:  \n", LooseRefProblem::EmptySymbolicTarget),
        (b"e69de29b\n", LooseRefProblem::TooShort),
        (
            b"g69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n",
            LooseRefProblem::NotAnObjectId,
        ),
        (
            b"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391x\n",
            LooseRefProblem::TrailingGarbage,
        ),
    ];
    for (content, problem) in cases {
        assert_eq!(parse_loose(content), Err(*problem), "{content:?}");
    }
}

#[test]
fn reflog_line_problems_are_kinds() {
    let good = format!("{ID} {ID} C O Mitter <c@o.com> 1112911993 +0200\tcommit: x");
    assert!(parse_line(good.as_bytes()).is_ok());
    let cases = [
        (format!("{ID} {}", &ID[..10]), ReflogLineProblem::TooShort),
        (good.replacen('e', "g", 1), ReflogLineProblem::BadOldId),
        (
            good.replacen(' ', "-", 1),
            ReflogLineProblem::NoSpaceAfterOld,
        ),
        (
            format!("{ID} {}x{}", &ID[..20], &good[62..]),
            ReflogLineProblem::BadNewId,
        ),
        (format!("{ID} {ID}\tx"), ReflogLineProblem::NoSpaceAfterNew),
        (
            format!("{ID} {ID} nobody\tx"),
            ReflogLineProblem::BadIdentity,
        ),
    ];
    for (line, problem) in cases {
        assert_eq!(
            parse_line(line.as_bytes()).map(|_| ()),
            Err(problem),
            "{line}"
        );
    }
}

#[test]
fn a_tag_or_commit_that_would_not_read_back_names_what_is_malformed() {
    let id = ObjectId::from_hex(ID.as_bytes()).unwrap();
    let who = Signature::new("T Agger", "t@example.com", 1_700_000_000, "+0000");
    let tag = Tag::new(id, Kind::Blob, "v1\n").with_tagger(who.clone());
    assert_eq!(tag.validate(), Err(Malformed::TagNameNewline));
    let bad = Signature::new("T\nAgger", "t@example.com", 1_700_000_000, "+0000");
    let tag = Tag::new(id, Kind::Blob, "v1").with_tagger(bad);
    assert_eq!(tag.validate(), Err(Malformed::Tagger));
    assert_eq!(Malformed::Tagger.to_string(), "malformed tagger");
}

#[test]
fn a_listing_says_why_it_skipped_a_damaged_loose_ref() {
    let dir = tempfile::tempdir().unwrap();
    let git_dir = dir.path();
    std::fs::create_dir_all(git_dir.join("refs/heads")).unwrap();
    std::fs::write(git_dir.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(git_dir.join("refs/heads/main"), format!("{ID}\n")).unwrap();
    std::fs::write(git_dir.join("refs/heads/bad"), format!("{ID}junk\n")).unwrap();
    let refs = RefStore::open(git_dir).unwrap();
    let list = refs.list(b"refs/heads/").unwrap();
    assert_eq!(list.refs.len(), 1);
    let [broken] = &list.broken[..] else {
        panic!("{:?}", list.broken)
    };
    assert_eq!(broken.name, "refs/heads/bad");
    assert_eq!(broken.kind, BrokenKind::Damaged);
    match &broken.cause {
        Some(RefErrorKind::Corrupt { reason, .. }) => {
            assert_eq!(*reason, LooseRefProblem::TrailingGarbage)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_held_lock_is_data_the_words_are_made_when_shown() {
    let dir = tempfile::tempdir().unwrap();
    let git_dir = dir.path();
    std::fs::create_dir_all(git_dir.join("refs/heads")).unwrap();
    std::fs::write(git_dir.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    let lock = git_dir.join("refs/heads/main.lock");
    std::fs::write(&lock, "").unwrap();
    let refs = RefStore::open(git_dir).unwrap();
    let id = ObjectId::from_hex(ID.as_bytes()).unwrap();
    let main = RefName::new("refs/heads/main").unwrap();
    let mut tx = refs.transaction();
    tx.push(gitstore::refs::RefEdit::update(main, id, None))
        .unwrap();
    let committer = Signature::new("C O Mitter", "c@example.com", 1_700_000_000, "+0000");
    match tx.commit_with(&committer) {
        Err(gitstore::refs::Error::Ref(e)) => {
            match &e.kind {
                RefErrorKind::Locked {
                    lock_path, error, ..
                } => {
                    assert_eq!(lock_path, &lock);
                    assert_eq!(*error, std::io::ErrorKind::AlreadyExists);
                }
                other => panic!("{other:?}"),
            }
            assert!(e.to_string().starts_with(&format!(
                "cannot lock ref 'refs/heads/main': Unable to create '{}': File exists.",
                lock.display()
            )));
        }
        other => panic!("{other:?}"),
    }
}
