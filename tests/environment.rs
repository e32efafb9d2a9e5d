//! A program opens a repository through an `Environment` it builds, unaffected by its own
//! process environment: objects, refs, config and identity come out as the repository and the
//! given `Environment` say, whatever `GIT_DIR`, `GIT_CONFIG_*`, alternates and identity
//! variables the process runs under.
//!
//! Setting variables in a multi-threaded test harness races with the other tests, so the
//! hostile case runs in a child process: the test binary started again for its one ignored
//! test, with the hostile variables set on that child only.

mod common;

use common::Fixture;
use gitstore::env::Environment;
use gitstore::refs::{RefEdit, RefName};
use gitstore::{identity, ObjectId, Repository};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Names the work tree of the fixture for the child; the child test does nothing without it.
const FIXTURE_VAR: &str = "GITSTORE_TEST_ENV_FIXTURE";
/// `<commit> <blob in the repository> <blob only in the other store> <other store's objects>`.
const IDS_VAR: &str = "GITSTORE_TEST_ENV_IDS";

fn oid(hex: &str) -> ObjectId {
    hex.parse().unwrap()
}

#[test]
fn repository_is_send_sync_and_cheap_to_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Repository>();
    check::<Environment>();
}

#[test]
fn isolated_open_ignores_a_hostile_process_environment() {
    let f = Fixture::new();
    f.write("sub/file", "hello\n");
    f.git(&["config", "user.name", "Repo User"]);
    f.commit_all("one");
    let commit = f.git_str(&["rev-parse", "HEAD"]);
    let blob = f.git_str(&["rev-parse", "HEAD:sub/file"]);
    let other = Fixture::bare();
    let elsewhere = String::from_utf8(other.git_stdin(
        &["hash-object", "-w", "--stdin"],
        b"only in the other store\n",
    ))
    .unwrap();
    let other_objects = other.git_dir().join("objects");
    // broken config files where the hostile environment points
    let hostile = Fixture::empty_dir();
    hostile.write("home/.gitconfig", "[broken\n");
    hostile.write("global", "[hostile]\nkey = global\n");
    hostile.write("system", "[broken\n");

    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "hostile_child", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(FIXTURE_VAR, &f.path)
        .env(
            IDS_VAR,
            format!(
                "{} {} {} {}",
                commit.trim(),
                blob.trim(),
                elsewhere.trim(),
                other_objects.display()
            ),
        )
        .env("GIT_DIR", hostile.path.join("no/such/.git"))
        .env("GIT_WORK_TREE", hostile.path.join("no/such"))
        .env("GIT_OBJECT_DIRECTORY", hostile.path.join("no/objects"))
        .env(
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            format!("{}:/no/such/objects", other_objects.display()),
        )
        .env("GIT_CONFIG_PARAMETERS", "'unterminated")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "user.name")
        .env("GIT_CONFIG_VALUE_0", "Hostile Count")
        .env("GIT_CONFIG_SYSTEM", hostile.path.join("system"))
        .env_remove("GIT_CONFIG_NOSYSTEM")
        .env("GIT_CONFIG_GLOBAL", hostile.path.join("global"))
        .env("HOME", hostile.path.join("home"))
        .env("XDG_CONFIG_HOME", hostile.path.join("xdg"))
        .env("GIT_AUTHOR_NAME", "Hostile Author")
        .env("GIT_AUTHOR_EMAIL", "hostile@example.com")
        .env("GIT_AUTHOR_DATE", "garbage")
        .env("GIT_COMMITTER_NAME", "Hostile Committer")
        .env("GIT_COMMITTER_EMAIL", "hostile@example.com")
        .env("GIT_COMMITTER_DATE", "garbage")
        .env("EMAIL", "hostile@example.com")
        .env("TZ", "EST5")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run only by [`isolated_open_ignores_a_hostile_process_environment`], under the hostile
/// environment it sets up.
#[test]
#[ignore = "runs in a child process started by isolated_open_ignores_a_hostile_process_environment"]
fn hostile_child() {
    let Some(work) = std::env::var_os(FIXTURE_VAR).map(PathBuf::from) else {
        return;
    };
    let ids = std::env::var(IDS_VAR).unwrap();
    let ids: Vec<&str> = ids.split(' ').collect();
    let (commit, blob, elsewhere) = (oid(ids[0]), oid(ids[1]), oid(ids[2]));
    let other_objects = Path::new(ids[3]);
    let git_dir = work.join(".git");

    // the process environment is hostile indeed: what reads it fails
    assert!(Repository::open(&git_dir).is_err());
    assert!(Repository::discover(&work).is_err());
    assert!(gitstore::config::Config::for_repository(&git_dir).is_err());
    assert!(identity::committer(&gitstore::config::Config::empty()).is_err());

    let env = Environment::isolated()
        .without_system_config()
        .with_committer("Iso Committer", "iso@example.com")
        .with_committer_date("1700000000 +0000")
        .with_author("Iso Author", "author@example.com")
        .with_author_date("1700000060 +0000");

    // discovered from a subdirectory, as git finds it with no GIT_DIR
    let repo = Repository::discover_with_env(work.join("sub"), &env).unwrap();
    assert_eq!(repo.git_dir(), git_dir);
    assert_eq!(repo.work_tree(), Some(work.as_path()));
    assert_eq!(repo.env(), &env);
    let repo = Repository::open_with_env(&git_dir, &env).unwrap();

    // objects: the repository's, and not those of the alternates the process names
    let object = repo.odb().read(&blob).unwrap();
    assert_eq!(object.data, b"hello\n");
    assert!(repo.odb().contains(&commit).unwrap());
    assert!(!repo.odb().contains(&elsewhere).unwrap());

    // refs
    assert_eq!(repo.refs().resolve_id(b"HEAD"), Some(commit));
    assert_eq!(repo.refs().resolve_id(b"refs/heads/main"), Some(commit));

    // config: the repository's file, no hostile GIT_CONFIG_COUNT, global or system file
    assert_eq!(repo.config().get("user.name").unwrap(), "Repo User");
    assert_eq!(repo.config().get("hostile.key"), None);

    // identity, and the reflog written by a ref update, as the Environment gives them
    let who = identity::committer_with_env(repo.config(), repo.env()).unwrap();
    assert_eq!(
        (&who.name[..], who.time),
        (&b"Iso Committer"[..], 1700000000)
    );
    let author = identity::author_with_env(repo.config(), repo.env()).unwrap();
    assert_eq!(
        (&author.name[..], author.time),
        (&b"Iso Author"[..], 1700000060)
    );
    let name = RefName::new(b"refs/heads/isolated").unwrap();
    let mut tx = repo.refs().transaction();
    tx.push(RefEdit::create(name, commit).message("made in isolation"))
        .unwrap();
    tx.commit().unwrap();
    let log = std::fs::read_to_string(git_dir.join("logs/refs/heads/isolated")).unwrap();
    assert!(
        log.contains(" Iso Committer <iso@example.com> 1700000000 +0000\tmade in isolation"),
        "{log}"
    );

    // what a program sets in its Environment is read: GIT_DIR, alternates, config
    let elsewhere_dir = Fixture::empty_dir();
    let named = env
        .clone()
        .with_git_dir(&git_dir)
        .with_alternate_object_directories([other_objects])
        .with_config("user.name", "Given Name");
    let repo = Repository::discover_with_env(&elsewhere_dir.path, &named).unwrap();
    assert_eq!(repo.git_dir(), git_dir);
    assert!(repo.odb().contains(&elsewhere).unwrap());
    assert_eq!(repo.config().get("user.name").unwrap(), "Given Name");
}
