//! Failures that used to come back as message text now come back as typed data owned by their
//! layer: fsck settings, identities, ref renames and transactions, commits, tree paths, packs.

use bstr::BString;
use gitstore::config::Config;
use gitstore::env::Environment;
use gitstore::fsck::{self, MsgId, OptionsError, Severity};
use gitstore::identity::{self, IdentityErrorKind, Role};
use gitstore::object::{Commit, EntryMode, Signature};
use gitstore::odb::MemoryStore;
use gitstore::refs::{RefEdit, RefErrorKind, RefName};
use gitstore::repo::InitOptions;
use gitstore::tree_edit::{InvalidPath, TreeEditor};
use gitstore::{Error, Kind, ObjectId, Repository};
use std::path::Path;

fn config(text: &str) -> Config {
    Config::parse(text.as_bytes(), Path::new("config")).unwrap()
}

fn fsck_options_error(text: &str) -> OptionsError {
    match fsck::Options::strict().apply_config(&config(text)) {
        Err(Error::FsckOptions(e)) => e,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn fsck_settings_git_refuses_are_typed_with_the_key_and_value() {
    assert_eq!(
        fsck_options_error("[fsck]\n\tbadTagName\n"),
        OptionsError::MissingValue {
            name: "badtagname".into()
        }
    );
    assert_eq!(
        fsck_options_error("[fsck]\n\tnoSuchId = warn\n"),
        OptionsError::UnknownMsgId {
            name: "nosuchid".into()
        }
    );
    assert_eq!(
        fsck_options_error("[fsck]\n\tbadTagName = loud\n"),
        OptionsError::UnknownSeverity {
            value: "loud".into()
        }
    );
    assert_eq!(
        fsck_options_error("[fsck]\n\tnulInHeader = ignore\n"),
        OptionsError::CannotDemote {
            id: MsgId::NulInHeader,
            to: Severity::Ignore
        }
    );
    // a setting git accepts is applied
    let mut options = fsck::Options::strict();
    options
        .apply_config(&config("[fsck]\n\tbadTagName = ignore\n"))
        .unwrap();
    assert_eq!(options.severity(MsgId::BadTagName), Severity::Ignore);
}

fn identity_error(config_text: &str, env: &Environment) -> gitstore::identity::IdentityError {
    match identity::author_with_env(&config(config_text), env) {
        Err(e) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn identity_failures_name_the_role_key_and_value() {
    let env = Environment::isolated().with_author("A U Thor", "author@example.com");
    let e = identity_error("[user]\n\tname\n", &env);
    assert_eq!(e.role, Role::Author);
    assert_eq!(
        e.kind,
        IdentityErrorKind::MissingValue {
            key: "user.name".into()
        }
    );
    assert!(!e.is_unknown());

    let dated = env.clone().with_var("GIT_AUTHOR_DATE", "yesterday-ish");
    let e = identity_error("", &dated);
    assert_eq!(
        e.kind,
        IdentityErrorKind::InvalidDate {
            variable: "GIT_AUTHOR_DATE".into(),
            value: "yesterday-ish".into()
        }
    );

    let crud = Environment::isolated().with_author("<>;", "author@example.com");
    let e = identity_error("", &crud);
    assert_eq!(
        e.kind,
        IdentityErrorKind::NameAllCrud { name: "<>;".into() }
    );

    // nothing given and guessing forbidden: git's "Please tell me who you are" case
    let nobody = Environment::isolated();
    let e = identity_error("[user]\n\tuseConfigOnly = true\n", &nobody);
    assert_eq!(e.kind, IdentityErrorKind::EmailNotGiven);
    assert!(e.is_unknown());
}

fn repo(dir: &Path) -> Repository {
    Repository::init(dir, &InitOptions::default()).unwrap().0
}

fn name(s: &str) -> RefName {
    RefName::new(s).unwrap()
}

fn who() -> Signature {
    Signature::new(
        "C O Mitter",
        "committer@example.com",
        1_700_000_000,
        "+0100",
    )
}

fn ref_kind<E: Into<Error>>(result: Result<(), E>) -> (BString, RefErrorKind) {
    match result.map_err(Into::into) {
        Err(Error::Ref(e)) => (e.name, e.kind),
        other => panic!("{other:?}"),
    }
}

#[test]
fn renaming_a_symbolic_ref_or_onto_a_taken_directory_is_a_typed_ref_error() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    let blob = repo.odb().write(Kind::Blob, b"x\n").unwrap();
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::create(name("refs/tags/a"), blob)).unwrap();
    tx.push(RefEdit::create(name("refs/tags/b/c"), blob))
        .unwrap();
    tx.push(RefEdit::symbolic(
        name("refs/tags/sym"),
        name("refs/tags/a"),
    ))
    .unwrap();
    tx.commit_with(&who()).unwrap();
    let refs = repo.refs();

    let (n, kind) = ref_kind(refs.rename(
        &name("refs/tags/sym"),
        &name("refs/tags/z"),
        false,
        b"m",
        &who(),
    ));
    assert_eq!(
        (n.as_slice(), kind),
        (
            &b"refs/tags/sym"[..],
            RefErrorKind::SymbolicRename { copy: false }
        )
    );
    let (_, kind) = ref_kind(refs.copy(
        &name("refs/tags/sym"),
        &name("refs/tags/z"),
        false,
        b"m",
        &who(),
    ));
    assert_eq!(kind, RefErrorKind::SymbolicRename { copy: true });

    let (n, kind) = ref_kind(refs.rename(
        &name("refs/tags/a"),
        &name("refs/tags/b"),
        false,
        b"m",
        &who(),
    ));
    assert_eq!(n, "refs/tags/b");
    assert_eq!(
        kind,
        RefErrorKind::RenameConflict {
            existing: "refs/tags/b/c".into()
        }
    );
    // nothing moved
    assert_eq!(refs.resolve_id(b"refs/tags/a"), Some(blob));
}

#[test]
fn an_edit_pushed_after_prepare_is_a_typed_ref_error() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    let blob = repo.odb().write(Kind::Blob, b"x\n").unwrap();
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::create(name("refs/tags/a"), blob)).unwrap();
    tx.prepare().unwrap();
    let late = tx
        .push(RefEdit::create(name("refs/tags/late"), blob))
        .map(|_| ());
    assert_eq!(
        ref_kind(late),
        ("refs/tags/late".into(), RefErrorKind::TransactionPrepared)
    );
}

#[test]
fn committing_a_commit_that_would_not_read_back_is_invalid_commit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    let bad = Signature::new("Bad\nName", "x@example.com", 1_700_000_000, "+0000");
    let commit = Commit::new(ObjectId::EMPTY_TREE)
        .with_author(bad)
        .with_committer(who())
        .with_message("m\n");
    match repo.commit_and_move(&name("refs/heads/main"), &commit, None) {
        Err(Error::InvalidCommit(e)) => {
            assert_eq!(e.what, gitstore::object::Malformed::Author);
            assert_eq!(e.to_string(), "invalid commit: malformed author");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(repo.refs().resolve_id(b"refs/heads/main"), None);
}

#[test]
fn tree_editor_paths_git_refuses_are_invalid_path_errors() {
    let store = MemoryStore::new();
    let mut editor = TreeEditor::new(&store, None);
    for path in ["", "a//b", "a/.git/b", "./a"] {
        match editor.insert(path.as_bytes(), EntryMode::BLOB, ObjectId::null()) {
            Err(Error::InvalidPath(InvalidPath { path: p })) => assert_eq!(p, path),
            other => panic!("{path:?}: {other:?}"),
        }
        assert!(matches!(
            editor.remove(path.as_bytes()),
            Err(Error::InvalidPath(_))
        ));
    }
}

#[test]
fn renaming_in_a_ref_store_in_memory_is_a_typed_ref_error_and_literal_objects_an_odb_one() {
    let repo = Repository::in_memory().unwrap();
    let blob = repo.odb().write(Kind::Blob, b"x\n").unwrap();
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::create(name("refs/tags/a"), blob)).unwrap();
    tx.commit_with(&who()).unwrap();
    let renamed = repo.refs().rename(
        &name("refs/tags/a"),
        &name("refs/tags/b"),
        false,
        b"m",
        &who(),
    );
    assert_eq!(
        ref_kind(renamed),
        ("refs/tags/a".into(), RefErrorKind::RenameInMemory)
    );
    assert!(matches!(
        repo.odb()
            .write_literally(b"bogus", b"")
            .map_err(Error::from),
        Err(Error::OdbUnsupported(
            gitstore::odb::Unsupported::LiteralObjectInMemory { .. }
        ))
    ));
}

/// A tool's own error, returned from a callback.
#[derive(Debug, PartialEq)]
struct Enough(usize);

impl std::fmt::Display for Enough {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "enough after {}", self.0)
    }
}

impl std::error::Error for Enough {}

#[test]
fn a_callbacks_own_error_comes_back_unchanged_as_error_callback() {
    let odb = gitstore::odb::Odb::in_memory(MemoryStore::new());
    let ids: Vec<ObjectId> = (0..3u8)
        .map(|i| odb.write(Kind::Blob, &[i]).unwrap())
        .collect();
    let mut seen = 0;
    let result = odb.for_each_in_order(
        &ids,
        gitstore::odb::parallel::ReadMode::Header,
        1,
        |_, _| {
            seen += 1;
            match seen {
                2 => Err(Error::Callback(Box::new(Enough(seen)))),
                _ => Ok(()),
            }
        },
    );
    match result {
        Err(Error::Callback(e)) => assert_eq!(e.downcast_ref::<Enough>(), Some(&Enough(2))),
        other => panic!("{other:?}"),
    }
    assert_eq!(seen, 2);
}
