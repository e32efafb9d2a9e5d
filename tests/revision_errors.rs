//! Why a revision expression names nothing, as the library reports it: a typed
//! [`RevisionErrorKind`] with the ids, paths and offsets concerned, not git's prose.

mod common;

use common::Fixture;
use gitstore::revision::{
    self, Diagnostic, Hint, Resolver, RevisionError, RevisionErrorKind, SyntaxProblem,
};
use gitstore::{Error, Kind, ObjectId, Repository};

/// Three commits on `main` (`a`, then `dir/b`, then `c`) and `v1`, an annotated tag of the
/// second.
fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    f.write("dir/b", "b\n");
    f.commit_all("two");
    f.git(&["tag", "-a", "-m", "version one", "v1"]);
    f.write("c", "c\n");
    f.commit_all("three");
    f
}

fn id(f: &Fixture, spec: &str) -> ObjectId {
    f.git_str(&["rev-parse", spec]).parse().unwrap()
}

/// The revision error `spec` resolves to; panics when it resolves or fails otherwise.
fn failure(repo: &Repository, spec: &str) -> RevisionError {
    match revision::resolve(repo, spec) {
        Err(Error::Revision(e)) => {
            assert_eq!(e.spec(), spec);
            e
        }
        other => panic!("{spec}: {other:?}"),
    }
}

#[test]
fn missing_path_names_the_revision_its_tree_and_the_path() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, "HEAD:no/such/path");
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::PathNotInTree {
            rev: "HEAD".into(),
            treeish: id(&f, "HEAD"),
            path: "no/such/path".into(),
        }
    );
    assert!(!e.is_fatal());
    // a path through a file is missing too
    let e = failure(&repo, "HEAD:a/x");
    assert!(matches!(e.kind(), RevisionErrorKind::PathNotInTree { path, .. } if path == "a/x"));
}

#[test]
fn tag_of_a_commit_cannot_peel_to_a_blob() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let mut r = Resolver::new(&repo);
    let Err(Error::Revision(e)) = r.lookup(b"v1^{blob}", Hint::Any) else {
        panic!("v1^{{blob}} resolved");
    };
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::CannotPeel {
            id: id(&f, "refs/tags/v1"),
            actual: Kind::Tree,
            wanted: Kind::Blob,
        }
    );
    // what git prints on the way stays data, too
    assert_eq!(
        r.diagnostics(),
        &[Diagnostic::PeelMismatch {
            spec: "v1^{blob}".into(),
            expected: Kind::Blob,
            actual: Kind::Tree,
        }]
    );
}

#[test]
fn ancestor_past_the_root_names_the_root_and_the_steps_left() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, "HEAD~99999");
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::PastRoot {
            root: id(&f, "HEAD~2"),
            remaining: 99999 - 2,
        }
    );
    assert!(!e.is_fatal());
}

#[test]
fn missing_second_parent_says_how_many_there_are() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, "HEAD^2");
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::NoSuchParent {
            commit: id(&f, "HEAD"),
            n: 2,
            parents: 1,
        }
    );
}

/// Two blobs whose ids share their first four hex digits, written with git; the shared prefix.
fn colliding_blobs(f: &Fixture) -> (String, [ObjectId; 2]) {
    let mut seen = std::collections::HashMap::new();
    for n in 0u32.. {
        let data = format!("blob {n}\n");
        let id = gitstore::hash::hash_object(Kind::Blob, data.as_bytes()).unwrap();
        let prefix = id.to_string()[..4].to_string();
        if let Some((other, other_data)) = seen.insert(prefix.clone(), (id, data.clone())) {
            f.git_stdin(&["hash-object", "-w", "--stdin"], data.as_bytes());
            f.git_stdin(
                &["hash-object", "-w", "--stdin"],
                String::as_bytes(&other_data),
            );
            let mut ids = [id, other];
            ids.sort();
            return (prefix, ids);
        }
    }
    unreachable!()
}

#[test]
fn ambiguous_prefix_lists_every_candidate_and_its_kind() {
    let f = fixture();
    let (prefix, ids) = colliding_blobs(&f);
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, &prefix);
    let RevisionErrorKind::AmbiguousPrefix {
        prefix: p,
        candidates,
    } = e.kind()
    else {
        panic!("{e:?}");
    };
    assert_eq!(p.to_string(), prefix);
    let found: Vec<(ObjectId, Option<Kind>)> = candidates.iter().map(|c| (c.id, c.kind)).collect();
    assert_eq!(
        found,
        vec![(ids[0], Some(Kind::Blob)), (ids[1], Some(Kind::Blob))]
    );
    // a preference for commits does not help: neither candidate is one
    let Err(Error::Revision(e)) = revision::resolve_with(&repo, prefix.as_bytes(), Hint::Commit)
    else {
        panic!("resolved");
    };
    assert!(matches!(
        e.kind(),
        RevisionErrorKind::AmbiguousPrefix { .. }
    ));
}

#[test]
fn syntax_errors_point_at_their_offset() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    for (spec, offset, problem) in [
        ("HEAD^{foo", 4, SyntaxProblem::UnclosedBrace),
        ("HEAD@{", 4, SyntaxProblem::UnclosedBrace),
        ("main~1^{foo}", 6, SyntaxProblem::UnknownPeelType),
        (
            "HEAD~99999999999999999999",
            4,
            SyntaxProblem::NumberTooLarge,
        ),
        ("HEAD^x", 4, SyntaxProblem::BadOperator),
    ] {
        let e = failure(&repo, spec);
        assert_eq!(
            e.kind(),
            &RevisionErrorKind::Syntax { offset, problem },
            "{spec}"
        );
    }
}

#[test]
fn unknown_name_is_not_fatal() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, "nope");
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::UnknownName {
            name: "nope".into()
        }
    );
    assert!(!e.is_fatal());
}

#[test]
fn reflog_without_that_entry_is_fatal() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, "main@{99}");
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::ReflogEntryMissing {
            name: "main".into(),
            entries: 3,
        }
    );
    assert!(e.is_fatal());
    let e = failure(&repo, "v1@{1}");
    assert_eq!(e.kind(), &RevisionErrorKind::NoReflog { name: "v1".into() });
}

#[test]
fn lookup_only_to_die_diagnoses_paths_as_git_does() {
    let f = fixture();
    f.write("untracked", "");
    let repo = Repository::discover(&f.path).unwrap();
    let mut r = Resolver::new(&repo);
    let mut die =
        |spec: &str| match r.lookup_only_to_die(spec.as_bytes(), Hint::Any, &f.path, false) {
            Err(Error::Revision(e)) => {
                assert!(e.is_fatal(), "{spec}");
                e.into_kind()
            }
            other => panic!("{spec}: {other:?}"),
        };
    assert_eq!(
        die("HEAD:untracked"),
        RevisionErrorKind::PathOnlyOnDisk {
            rev: "HEAD".into(),
            path: "untracked".into(),
        }
    );
    assert_eq!(
        die("nope:a"),
        RevisionErrorKind::InvalidTreeish { rev: "nope".into() }
    );
    assert!(matches!(
        die("HEAD:gone"),
        RevisionErrorKind::PathNotInTree { path, .. } if path == "gone"
    ));
}

#[test]
fn revision_errors_convert_into_the_crate_error_with_question_mark() {
    fn check(e: RevisionError) -> gitstore::Result<()> {
        Err(e)?
    }
    let e = RevisionError::new(
        "x",
        RevisionErrorKind::UnknownName { name: "x".into() },
        false,
    );
    assert!(matches!(check(e.clone()), Err(Error::Revision(got)) if got == e));
}

#[test]
fn path_below_the_current_directory_suggests_the_full_path() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let mut r = Resolver::new(&repo);
    r.set_prefix(Some("dir/".into()));
    match r.lookup_only_to_die(b"HEAD:b", Hint::Any, &f.path.join("dir"), true) {
        Err(Error::Revision(e)) => assert_eq!(
            e.into_kind(),
            RevisionErrorKind::PathBelowPrefix {
                rev: "HEAD".into(),
                path: "b".into(),
                full: "dir/b".into(),
            }
        ),
        other => panic!("{other:?}"),
    }
    // `./b` is relative to the prefix, and `../..` leaves the work tree: fatal
    assert_eq!(
        r.lookup(b"HEAD:./b", Hint::Any).unwrap(),
        id(&f, "HEAD:dir/b")
    );
    match r.lookup(b"HEAD:../../x", Hint::Any) {
        Err(Error::Revision(e)) => {
            assert!(e.is_fatal());
            assert!(matches!(
                e.kind(),
                RevisionErrorKind::PathOutsideRepository { path, top } if path == "../../x" && top == &f.path
            ));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn message_search_without_a_match_names_the_pattern() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    for spec in ["HEAD^{/no such message}", ":/no such message"] {
        assert_eq!(
            failure(&repo, spec).kind(),
            &RevisionErrorKind::NoMatchingCommit {
                pattern: "no such message".into()
            },
            "{spec}"
        );
    }
    assert_eq!(revision::resolve(&repo, ":/two").unwrap(), id(&f, "HEAD~1"));
}

#[test]
fn forms_not_supported_yet_say_which() {
    use gitstore::revision::UnsupportedForm;
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    assert_eq!(
        failure(&repo, ":a").kind(),
        &RevisionErrorKind::Unsupported {
            form: UnsupportedForm::IndexPath
        }
    );
}

#[test]
fn branch_without_upstream_is_a_fatal_tracking_error() {
    use gitstore::refs::tracking::TrackingError;
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    let e = failure(&repo, "main@{upstream}");
    assert!(e.is_fatal());
    assert_eq!(
        e.kind(),
        &RevisionErrorKind::Tracking {
            error: TrackingError::NoUpstream {
                branch: "main".into()
            }
        }
    );
}

#[test]
fn checkout_history_shorter_than_asked_is_no_prior_checkout() {
    let f = fixture();
    let repo = Repository::discover(&f.path).unwrap();
    assert_eq!(
        failure(&repo, "@{-5}").kind(),
        &RevisionErrorKind::NoPriorCheckout { n: 5 }
    );
}
