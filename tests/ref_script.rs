//! The ref-edit script (`gitstore::refs::script`) driven from Rust, checked against
//! `git update-ref --stdin` on a twin repository: the same refs, symbolic refs and reflog
//! entries (old, new, message) come out, in both the line and the NUL form; and a program
//! drives start/prepare/commit/abort itself.

mod common;

use common::Fixture;
use gitstore::refs::script::{read_command, Script, ScriptErrorKind, ScriptForm, Step, Verb};
use gitstore::refs::{RefName, RefStore};
use gitstore::{Error, ObjectId};

/// Two identical repositories (same commits, same ids): one for git, one for gitstore.
fn twins() -> (Fixture, Fixture, Vec<String>) {
    let make = || {
        let f = Fixture::new();
        let mut ids = Vec::new();
        for i in 0..3 {
            f.write("file", format!("{i}\n"));
            f.commit_all(&format!("commit {i}"));
            ids.push(f.git_str(&["rev-parse", "HEAD"]));
        }
        f.git(&["update-ref", "refs/heads/old", &ids[0]]);
        f.git(&["symbolic-ref", "refs/heads/link", "refs/heads/old"]);
        (f, ids)
    };
    let (a, ids) = make();
    let (b, ids_b) = make();
    assert_eq!(ids, ids_b, "the twins differ");
    (a, b, ids)
}

fn hex(spec: &[u8]) -> gitstore::Result<ObjectId> {
    Ok(ObjectId::from_hex(spec)?)
}

/// Runs `script` through the library on `f`'s refs, as `update-ref -m msg --stdin` would.
fn run_library(f: &Fixture, form: ScriptForm, script: &[u8]) {
    let store = RefStore::open(&f.git_dir()).unwrap();
    let mut run = Script::new(&store, form).message("scripted");
    let mut input = script;
    let mut command = Vec::new();
    while read_command(&mut input, form, &mut command).unwrap() {
        run.execute(&command, &mut hex).unwrap();
    }
    run.finish().unwrap();
}

/// A reflog as (old, new, message) entries.
type Log = Vec<(ObjectId, ObjectId, String)>;

/// Every ref with its value and symbolic target, and the reflog of each (and of `HEAD`).
fn state(f: &Fixture) -> (String, Vec<(String, Log)>) {
    let refs = f.git_str(&[
        "for-each-ref",
        "--format=%(refname) %(objectname) %(symref)",
    ]);
    let store = RefStore::open(&f.git_dir()).unwrap();
    let mut logs = Vec::new();
    for line in refs.lines().chain(["HEAD x"]) {
        let name = RefName::new(line.split(' ').next().unwrap()).unwrap();
        let entries = store
            .reflog(&name)
            .unwrap()
            .into_iter()
            .map(|e| (e.old, e.new, e.message.to_string()))
            .collect();
        logs.push((name.to_string(), entries));
    }
    (refs, logs)
}

fn script_lines(ids: &[String]) -> String {
    format!(
        "create refs/heads/new {a}\n\
         update refs/heads/main {b} {c}\n\
         update \"refs/heads/quoted\\055x\" {a} \n\
         verify refs/heads/old {a}\n\
         option no-deref\n\
         update refs/heads/link {b}\n\
         delete refs/tags/none\n",
        a = ids[0],
        b = ids[1],
        c = ids[2],
    )
}

#[test]
fn line_script_leaves_the_refs_and_reflogs_git_leaves() {
    let (git, ours, ids) = twins();
    let script = script_lines(&ids);
    git.git_stdin(
        &["update-ref", "-m", "scripted", "--stdin"],
        script.as_bytes(),
    );
    run_library(&ours, ScriptForm::Lines, script.as_bytes());
    assert_eq!(state(&ours), state(&git));
}

#[test]
fn nul_script_leaves_the_refs_and_reflogs_git_leaves() {
    let (git, ours, ids) = twins();
    let (a, b, c) = (&ids[0], &ids[1], &ids[2]);
    let script = format!(
        "create refs/heads/new\0{a}\0\
         update refs/heads/main\0{b}\0{c}\0\
         update refs/heads/gone\0\0\0\
         verify refs/heads/old\0{a}\0\
         option no-deref\0\
         update refs/heads/link\0{b}\0\0\
         start\0commit\0"
    );
    let mut out = git.git_command(&["update-ref", "-m", "scripted", "--stdin", "-z"]);
    out.stderr(std::process::Stdio::null());
    let out = common::run_with_stdin(out, script.as_bytes());
    assert!(out.status.success());
    run_library(&ours, ScriptForm::Nul, script.as_bytes());
    assert_eq!(state(&ours), state(&git));
}

#[test]
fn a_program_drives_start_prepare_abort_and_commit() {
    let (_git, ours, ids) = twins();
    let store = RefStore::open(&ours.git_dir()).unwrap();
    let mut script = Script::new(&store, ScriptForm::Lines);
    let create = format!("create refs/heads/drafted {}\n", ids[0]);
    let steps: Vec<Step> = ["start\n", &create, "prepare\n"]
        .iter()
        .map(|c| script.execute(c.as_bytes(), &mut hex).unwrap())
        .collect();
    assert_eq!(steps, [Step::Started, Step::Queued, Step::Prepared]);
    assert!(ours.git_dir().join("refs/heads/drafted.lock").exists());
    assert_eq!(script.execute(b"abort\n", &mut hex).unwrap(), Step::Aborted);
    assert!(!ours.git_dir().join("refs/heads/drafted.lock").exists());
    assert!(store.resolve_id(b"refs/heads/drafted").is_none());

    // a closed transaction takes only `start`
    let refused = script.execute(create.as_bytes(), &mut hex).unwrap_err();
    assert!(matches!(refused.kind, ScriptErrorKind::TransactionClosed));
    assert_eq!((refused.command, refused.verb), (5, Some(Verb::Create)));

    for c in ["start\n", &create, "commit\n"] {
        script.execute(c.as_bytes(), &mut hex).unwrap();
    }
    script.finish().unwrap();
    assert_eq!(
        store.resolve_id(b"refs/heads/drafted").map(|i| i.to_hex()),
        Some(ids[0].clone())
    );
}

#[test]
fn a_bad_command_is_typed_and_nothing_is_committed() {
    let (git, ours, ids) = twins();
    let script = format!(
        "create refs/heads/one {a}\ncreate refs/heads/two {a} {a}\n",
        a = ids[0]
    );
    let out = git.git_output(&["update-ref", "--stdin"], script.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("fatal: create refs/heads/two: extra input:  {}\n\n", ids[0])
    );

    let store = RefStore::open(&ours.git_dir()).unwrap();
    let mut run = Script::new(&store, ScriptForm::Lines);
    let mut input = script.as_bytes();
    let mut command = Vec::new();
    let mut error = None;
    while read_command(&mut input, ScriptForm::Lines, &mut command).unwrap() {
        if let Err(e) = run.execute(&command, &mut hex) {
            error = Some(e);
            break;
        }
    }
    let error = error.expect("the second command is refused");
    assert!(matches!(error.kind, ScriptErrorKind::ExtraInput));
    assert_eq!(error.command, 2);
    assert_eq!(error.verb, Some(Verb::Create));
    assert_eq!(error.refname, Some("refs/heads/two".into()));
    assert_eq!(error.input, format!(" {}\n", ids[0]));
    drop(run);
    // like git, which dies: the first create never happens
    for f in [&git, &ours] {
        assert!(f
            .git_output(&["rev-parse", "--verify", "-q", "refs/heads/one"], b"")
            .stdout
            .is_empty());
    }
    // and the error converts into gitstore::Error with `?`
    let as_error: Error = error.into();
    assert!(matches!(as_error, Error::RefScript(_)));
}
