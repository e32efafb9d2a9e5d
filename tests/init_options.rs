//! `Repository::init_with_env`'s typed options and errors: formats from options or from the
//! `Environment` given (never the process's), refusals before anything is created, a separate
//! git dir, a template directory.

use gitstore::env::Environment;
use gitstore::repo::{InitError, InitOptions, ObjectFormat, RefFormat, Unsupported};
use gitstore::{Error, Repository};

fn env() -> Environment {
    Environment::isolated().without_system_config()
}

#[test]
fn formats_gitstore_cannot_write_are_refused_before_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r");
    let sha256 = InitOptions {
        object_format: Some(ObjectFormat::Sha256),
        ..InitOptions::default()
    };
    match Repository::init_with_env(&path, &sha256, &env()) {
        Err(Error::Unsupported(Unsupported::ObjectFormat { name })) => assert_eq!(name, "sha256"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    let from_env = env().with_var("GIT_DEFAULT_REF_FORMAT", "reftable");
    match Repository::init_with_env(&path, &InitOptions::default(), &from_env) {
        Err(Error::Unsupported(Unsupported::RefStorage { name })) => assert_eq!(name, "reftable"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    let unknown = env().with_var("GIT_DEFAULT_HASH", "foo");
    match Repository::init_with_env(&path, &InitOptions::default(), &unknown) {
        Err(Error::Init(InitError::UnknownObjectFormat { name })) => assert_eq!(name, "foo"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    assert!(!path.exists());
}

#[test]
fn reinit_with_another_format_is_a_typed_refusal() {
    let dir = tempfile::tempdir().unwrap();
    Repository::init_with_env(dir.path(), &InitOptions::default(), &env()).unwrap();
    let reftable = InitOptions {
        ref_format: Some(RefFormat::Reftable),
        ..InitOptions::default()
    };
    assert!(matches!(
        Repository::init_with_env(dir.path(), &reftable, &env()),
        Err(Error::Init(InitError::DifferentRefFormat))
    ));
    // the environment only chooses the formats of a new repository
    let sha256 = env().with_var("GIT_DEFAULT_HASH", "sha256");
    Repository::init_with_env(dir.path(), &InitOptions::default(), &sha256).unwrap();
}

#[test]
fn separate_git_dir_and_template_are_options() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tpl/sub")).unwrap();
    std::fs::write(dir.path().join("tpl/sub/file"), "x").unwrap();
    std::fs::create_dir(dir.path().join("wt")).unwrap();
    let options = InitOptions {
        separate_git_dir: Some(dir.path().join("sep")),
        template_dir: Some(dir.path().join("tpl")),
        ..InitOptions::default()
    };
    let (repo, _) = Repository::init_with_env(dir.path().join("wt"), &options, &env()).unwrap();
    assert_eq!(repo.git_dir(), dir.path().join("sep"));
    assert_eq!(repo.work_tree(), Some(dir.path().join("wt").as_path()));
    assert!(dir.path().join("sep/sub/file").is_file());
    let gitfile = std::fs::read_to_string(dir.path().join("wt/.git")).unwrap();
    assert!(gitfile.starts_with("gitdir: /") && gitfile.ends_with("/sep\n"));
    let bare = InitOptions {
        separate_git_dir: Some(dir.path().join("sep2")),
        ..InitOptions::bare()
    };
    assert!(matches!(
        Repository::init_with_env(dir.path().join("b"), &bare, &env()),
        Err(Error::Init(InitError::SeparateGitDirWithBare))
    ));
}
