//! `<ref>@{<date>}` through the library: the value in effect at a time git's approxidate reads,
//! relative to the repository environment's `GIT_TEST_DATE_NOW` and `TZ`; a time before the
//! reflog is the oldest value, with a typed diagnostic (the CLI words git's warning).

mod common;

use common::fixtures::dates_across_dst;
use gitstore::env::Environment;
use gitstore::revision::{Diagnostic, Hint, Resolver};
use gitstore::{ObjectId, Repository};

fn open(f: &common::Fixture, tz: &str) -> Repository {
    let env = Environment::isolated()
        .without_system_config()
        .with_var("GIT_TEST_DATE_NOW", "1699272000")
        .with_var("TZ", tz);
    Repository::discover_with_env(&f.path, &env).unwrap()
}

fn git(f: &common::Fixture, tz: &str, spec: &str) -> ObjectId {
    let out = f
        .git_command(&["rev-parse", spec])
        .env("GIT_TEST_DATE_NOW", "1699272000")
        .env("TZ", tz)
        .output()
        .unwrap();
    ObjectId::from_hex(String::from_utf8(out.stdout).unwrap().trim().as_bytes()).unwrap()
}

#[test]
fn reflog_dates_resolve_to_what_git_says_in_each_zone() {
    let f = dates_across_dst();
    for tz in [
        "UTC",
        "EST5EDT,M3.2.0,M11.1.0",
        "CET-1CEST,M3.5.0,M10.5.0/3",
    ] {
        let repo = open(&f, tz);
        for spec in [
            "main@{yesterday}",
            "main@{2023-03-12 09:00}",
            "main@{2023-03-26 02:30}",
            "main@{3 weeks ago}",
            "topic@{2023-07-01}",
            "HEAD@{last monday}",
        ] {
            let ours = gitstore::revision::resolve(&repo, spec).unwrap();
            assert_eq!(ours, git(&f, tz, spec), "{spec} in {tz}");
        }
    }
}

#[test]
fn a_date_before_the_reflog_gives_the_oldest_value_and_says_so() {
    let f = dates_across_dst();
    let repo = open(&f, "UTC");
    let mut resolver = Resolver::new(&repo);
    let id = resolver.lookup(b"main@{2000-01-01}", Hint::Any).unwrap();
    assert_eq!(id, git(&f, "UTC", "main@{2000-01-01}"));
    assert_eq!(
        resolver.take_diagnostics(),
        [Diagnostic::ReflogTooShort {
            name: "main".into(),
            oldest: 1_678_536_000,
            tz: 0
        }]
    );
}

#[test]
fn words_approxidate_does_not_know_name_nothing() {
    let f = dates_across_dst();
    let repo = open(&f, "UTC");
    assert!(gitstore::revision::resolve(&repo, "main@{garbage}").is_err());
}
