//! The library's errors are data: each layer's failure comes back as a typed kind with the id,
//! path, key or line it concerns (no message text to parse), and every public error type
//! converts into `gitstore::Error` with `?`.

use gitstore::config::{ConfigError, ConfigErrorKind, NumberProblem};
use gitstore::error::{HeaderDamage, Location};
use gitstore::loose::LooseErrorKind;
use gitstore::odb::{Odb, OdbWarning};
use gitstore::repo::{FormatError, InitOptions, Unsupported};
use gitstore::{Error, Kind, Repository};
use std::path::Path;

fn new_repo(dir: &Path) -> Repository {
    Repository::init(dir, &InitOptions::default()).unwrap().0
}

fn set_config(repo: &Repository, text: &str) {
    std::fs::write(repo.git_dir().join("config"), text).unwrap();
}

#[test]
fn open_on_a_plain_directory_is_not_a_git_directory_and_searched_nothing() {
    let dir = tempfile::tempdir().unwrap();
    match Repository::open(dir.path()) {
        Err(Error::NotAGitDirectory { path }) => assert_eq!(path, dir.path()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn discover_outside_any_repository_is_not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    if Repository::discover("/").is_ok() {
        return; // the machine's root is itself inside a repository: nothing to prove here
    }
    assert!(matches!(
        Repository::discover(dir.path()),
        Err(Error::NotARepository { .. })
    ));
}

#[test]
fn repository_formats_git_refuses_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let open = || Repository::open(repo.git_dir());
    set_config(&repo, "[core]\n\trepositoryformatversion = 2\n");
    assert!(matches!(
        open(),
        Err(Error::RepositoryFormat(FormatError::VersionTooNew {
            version: 2
        }))
    ));
    set_config(
        &repo,
        "[extensions]\n\tobjectformat = sha1\n\trefstorage = files\n",
    );
    match open() {
        Err(Error::RepositoryFormat(FormatError::V1OnlyExtensions { names })) => {
            assert_eq!(names, ["objectformat", "refstorage"])
        }
        other => panic!("{other:?}"),
    }
    set_config(
        &repo,
        "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectformat = sha256\n",
    );
    match open() {
        Err(Error::Unsupported(Unsupported::ObjectFormat { name })) => assert_eq!(name, "sha256"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn config_errors_carry_the_key_value_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let config_path = repo.git_dir().join("config");
    set_config(&repo, "[core]\n\tbare = false\n\tcompression = 12q\n");
    match Repository::open(repo.git_dir()) {
        Err(Error::Config(ConfigError {
            location: Location::Line { path, line: 3 },
            kind:
                ConfigErrorKind::NotANumber {
                    key,
                    value,
                    problem: NumberProblem::InvalidUnit,
                },
        })) => {
            assert_eq!(path, config_path);
            assert_eq!(
                (key.as_str(), value.as_slice()),
                ("core.compression", &b"12q"[..])
            );
        }
        other => panic!("{other:?}"),
    }
    set_config(&repo, "[core]\n\tbare = false\n\tcompression = 12\n");
    assert!(matches!(
        Repository::open(repo.git_dir()),
        Err(Error::Config(ConfigError {
            kind: ConfigErrorKind::CompressionLevel { level: 12 },
            ..
        }))
    ));
    set_config(&repo, "[core]\n\tbare = false\n[broken\n");
    assert!(matches!(
        Repository::open(repo.git_dir()),
        Err(Error::Config(ConfigError {
            location: Location::Line { line: 3, .. },
            kind: ConfigErrorKind::Syntax,
        }))
    ));
}

#[test]
fn a_missing_alternate_is_a_typed_warning_naming_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let objects = dir.path().join("objects");
    std::fs::create_dir_all(objects.join("info")).unwrap();
    let missing = dir.path().join("elsewhere");
    std::fs::write(
        objects.join("info/alternates"),
        format!("{}\n", missing.display()),
    )
    .unwrap();
    let odb = Odb::open(&objects).unwrap();
    match odb.warnings() {
        [OdbWarning::AlternateMissing { path }] => {
            assert_eq!(path, &missing.canonicalize().unwrap_or(missing.clone()))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_loose_object_is_typed_with_its_id_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let repo = new_repo(dir.path());
    let id = repo.odb().write(Kind::Blob, b"hello\n").unwrap();
    let path = repo.odb().loose().unwrap().path_of(&id);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"").unwrap();
    let err = Error::from(repo.odb().read(&id).unwrap_err());
    match &err {
        Error::Loose(e) => {
            assert_eq!(
                (e.id, &e.path, &e.kind),
                (id, &path, &LooseErrorKind::Empty)
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.loose_header_damage(), Some(HeaderDamage::Empty));
}

/// Compiles only if `E` converts into `gitstore::Error` with `?`.
fn converts<E>(result: Result<(), E>) -> gitstore::Result<()>
where
    Error: From<E>,
{
    result?;
    Ok(())
}

#[test]
fn every_public_error_type_converts_with_the_question_mark() {
    let hex = gitstore::ObjectId::from_hex(b"xyz").map(drop);
    assert!(matches!(converts(hex), Err(Error::Hex(_))));
    let decode = gitstore::object::TreeRef::parse(b"100644 a").map(drop);
    assert!(matches!(converts(decode), Err(Error::Decode(_))));
    let entry = gitstore::object::Entry {
        mode: gitstore::object::EntryMode::BLOB,
        name: "a/b".into(),
        id: gitstore::ObjectId::null(),
    };
    let tree = gitstore::object::Tree::from_entries(vec![entry]).map(drop);
    assert!(matches!(converts(tree), Err(Error::InvalidTree(_))));
    let packed = gitstore::refs::PackedRefs::parse(b"garbage\n").map(drop);
    assert!(matches!(
        converts(packed),
        Err(Error::PackedRefsCorrupt { .. })
    ));
    let inflate = gitstore::loose::inflate_object(b"", &mut Vec::new(), &Default::default());
    assert!(matches!(
        converts(inflate.map(drop)),
        Err(Error::LooseData(LooseErrorKind::Empty))
    ));
    let params = gitstore::config::Config::from_parameters(b"'nodot'='1'").map(drop);
    assert!(matches!(converts(params), Err(Error::CommandLineConfig(_))));
    converts::<gitstore::hash::CollisionDetected>(Ok(())).unwrap();
    converts::<gitstore::loose::LooseError>(Ok(())).unwrap();
    converts::<gitstore::pack::PackCheckError>(Ok(())).unwrap();
    converts::<gitstore::refs::RefError>(Ok(())).unwrap();
    converts::<gitstore::identity::IdentityError>(Ok(())).unwrap();
    converts::<ConfigError>(Ok(())).unwrap();
    converts::<FormatError>(Ok(())).unwrap();
    converts::<Unsupported>(Ok(())).unwrap();
}

#[test]
fn init_gitfile_and_walk_failures_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let options = InitOptions {
        initial_branch: Some("a..b".into()),
        ..InitOptions::default()
    };
    match Repository::init(dir.path(), &options) {
        Err(Error::InvalidBranchName { name }) => assert_eq!(name, "a..b"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    let plain = tempfile::tempdir().unwrap();
    let gitfile = plain.path().join(".git");
    std::fs::write(&gitfile, "not a gitfile\n").unwrap();
    match Repository::open(&gitfile) {
        Err(Error::InvalidGitFile { path }) => assert_eq!(path, gitfile),
        other => panic!("{other:?}"),
    }
    let repo_dir = tempfile::tempdir().unwrap();
    let repo = new_repo(repo_dir.path());
    let blob = repo.odb().write(Kind::Blob, b"x").unwrap();
    let walked = gitstore::walk::walk_tree(repo.odb(), &blob, |_| Ok(gitstore::walk::Visit::Skip));
    assert!(matches!(
        walked,
        Err(Error::WrongKind { id, expected: Kind::Tree, actual: None }) if id == blob
    ));
}
