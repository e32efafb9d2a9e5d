//! Dates people write and dates shown in the local zone, against git 2.47 byte for byte
//! (stdout, stderr, exit code): `rev-parse --since=…` (git's approxidate, printed as
//! `--max-age=`), `rev-list`/`log` limited by `--since`/`--until` in every form git reads,
//! the `-local` date formats under several `TZ` values (summer-time zones on both sides of a
//! change), and reflog entries by date (`main@{yesterday}`).

mod common;

use common::fixtures::{dates_across_dst, history_graph};
use common::{assert_identical_env, Fixture};

/// Dates in the forms git reads: strict (RFC 2822, ISO 8601, `@<seconds>`, raw seconds) and
/// approximate (words, relative amounts, partial dates).
const FORMS: &[&str] = &[
    "now",
    "yesterday",
    "noon",
    "midnight",
    "tea",
    "never",
    "3.days.ago",
    "2 weeks ago",
    "1 hour ago",
    "10.minutes.ago",
    "last friday",
    "3 months ago",
    "2 years ago",
    "100 years ago",
    "Dec 6",
    "Dec 6, 1992",
    "6pm yesterday",
    "10am",
    "noon yesterday",
    "2023-03-12",
    "2023-03-26 02:30",
    "2023-11-05 01:30:00",
    "2005-05-26 18:43:00 +0200",
    "2005-05-26T18:43:00Z",
    "Thu, 26 May 2005 18:43:00 +0200",
    "Thu May 26 18:43:00 2005 -0700",
    "@1117125780",
    "@1117125780 +0200",
    "1117125780",
    "20050526",
    "20050526T184300",
    "12/25/2005",
    "25.12.2005",
    "2005-05-26 18:43:00 PDT",
    "one week ago",
    "last week",
    "jan",
    "five.hours.ago",
    "2 days 3 hours ago",
    "garbage",
    "",
];

/// `TZ` values: unset (`/etc/localtime`), UTC, POSIX rules with summer time in both
/// hemispheres, a fixed odd offset, zone files by name.
const ZONES: &[Option<&str>] = &[
    None,
    Some("UTC"),
    Some("EST5EDT,M3.2.0,M11.1.0"),
    Some("CET-1CEST,M3.5.0,M10.5.0/3"),
    Some("AEST-10AEDT,M10.1.0,M4.1.0/3"),
    Some("<+0530>-5:30"),
    Some("Europe/Paris"),
    Some(":America/New_York"),
    Some("Asia/Kathmandu"),
    Some(""),
];

/// Now in winter and in summer (northern), and a day after the US autumn change.
const NOWS: &[&str] = &["1700000000", "1690000000", "1699272000"];

fn env<'a>(tz: Option<&'a str>, now: &'a str) -> (Vec<(&'a str, &'a str)>, Vec<&'static str>) {
    let mut set = vec![("GIT_TEST_DATE_NOW", now)];
    let mut unset = vec![];
    match tz {
        Some(tz) => set.push(("TZ", tz)),
        None => unset.push("TZ"),
    }
    (set, unset)
}

#[test]
fn rev_parse_prints_every_date_form_as_git_does() {
    let f = Fixture::new();
    let mut args: Vec<String> = vec!["rev-parse".into()];
    for (i, form) in FORMS.iter().enumerate() {
        let option = ["--since", "--after", "--until", "--before"][i % 4];
        args.push(format!("{option}={form}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for &tz in ZONES {
        for now in NOWS {
            let (set, unset) = env(tz, now);
            assert_identical_env(&f, &args, b"", &set, &unset);
        }
    }
}

#[test]
fn rev_parse_date_options_follow_the_flag_filters() {
    let f = Fixture::new();
    for filter in ["--no-flags", "--no-revs", "--revs-only", "--flags"] {
        let args = [
            "rev-parse",
            filter,
            "--since=1.day.ago",
            "--until=noon",
            "--since",
        ];
        assert_identical_env(&f, &args, b"", &[("GIT_TEST_DATE_NOW", "1700000000")], &[]);
    }
}

/// Dates around the fixtures' commits (`history_graph` and `history_skew` start at
/// 1700000000 = Tue Nov 14 22:13:20 2023 UTC), relative to a now an hour later.
const LIMITS: &[&str] = &[
    "1700000400",
    "@1700000400",
    "2023-11-14 22:20:00",
    "2023-11-14 23:20:00 +0100",
    "Nov 14 2023 22:15 UTC",
    "Tue, 14 Nov 2023 22:30:00 +0000",
    "20 minutes ago",
    "45.minutes.ago",
    "1 hour ago",
    "yesterday",
    "now",
    "never",
    "garbage",
];

fn walks_with_date_limits(f: &Fixture) {
    for (i, limit) in LIMITS.iter().enumerate() {
        let other = LIMITS[(i + 5) % LIMITS.len()];
        let since = format!("--since={limit}");
        let after = format!("--after={limit}");
        let until = format!("--until={other}");
        let before = format!("--before={limit}");
        for args in [
            vec!["rev-list", "--all", &since],
            vec!["rev-list", "--all", "--topo-order", &until],
            vec!["rev-list", "--all", &after, &until],
            vec!["log", "--all", "--format=%h %cd", &before],
            vec!["log", "--all", "--oneline", "--since", limit],
        ] {
            for tz in [Some("UTC"), Some("CET-1CEST,M3.5.0,M10.5.0/3")] {
                let (set, unset) = env(tz, "1700003600");
                assert_identical_env(f, &args, b"", &set, &unset);
            }
        }
    }
}

#[test]
fn rev_list_and_log_read_since_and_until_as_git_does_on_history_graph() {
    walks_with_date_limits(&history_graph());
}

#[test]
fn rev_list_and_log_read_since_and_until_as_git_does_on_history_skew() {
    walks_with_date_limits(&Fixture::from_script("history_skew"));
}

#[test]
fn since_and_until_across_summer_time_changes() {
    let f = dates_across_dst();
    for limit in [
        "2023-03-12 01:30",
        "2023-03-26 02:30",
        "2023-10-29 02:30",
        "2023-11-05 01:30",
        "2023-07-01",
        "Nov 5",
        "3 weeks ago",
        "last monday",
    ] {
        for tz in ZONES {
            let (set, unset) = env(*tz, "1699272000");
            let since = format!("--since={limit}");
            let until = format!("--until={limit}");
            assert_identical_env(&f, &["rev-list", "--all", &since], b"", &set, &unset);
            assert_identical_env(&f, &["rev-list", "--all", &until], b"", &set, &unset);
        }
    }
}

#[test]
fn local_date_formats_use_tz_on_both_sides_of_summer_time() {
    let f = dates_across_dst();
    let modes = [
        "local",
        "default-local",
        "iso-local",
        "iso-strict-local",
        "rfc-local",
        "short-local",
        "raw-local",
        "unix-local",
        "human-local",
        "relative-local",
        "format-local:%Y-%m-%d %H:%M:%S %z %Z",
        "format:%Y-%m-%d %H:%M %z %Z",
        "human",
    ];
    for tz in ZONES {
        let (set, unset) = env(*tz, "1699272000");
        for mode in modes {
            let date = format!("--date={mode}");
            let args = ["log", "--all", "--format=%ad|%cd|%s", &date];
            assert_identical_env(&f, &args, b"", &set, &unset);
        }
        assert_identical_env(&f, &["log", "--date=local", "-3"], b"", &set, &unset);
        assert_identical_env(
            &f,
            &["rev-list", "--all", "--format=%cd", "--date=iso-local"],
            b"",
            &set,
            &unset,
        );
    }
}

#[test]
fn reflog_entries_by_date_match_git() {
    let f = dates_across_dst();
    let selectors = [
        "main@{2023-03-12}",
        "main@{2023-03-12 12:00:00}",
        "main@{2023-03-26 02:30:00}",
        "main@{2023-11-05 06:30:00 +0000}",
        "main@{1679781600}",
        "main@{1679781599}",
        "main@{yesterday}",
        "main@{1.week.ago}",
        "main@{3 months ago}",
        "main@{2000-01-01}",
        "main@{2030-01-01}",
        "main@{now}",
        "main@{never}",
        "main@{garbage}",
        "topic@{2023-06-03}",
        "topic@{2023-05-01}",
        "HEAD@{2023-06-01 08:00:00 +0000}",
        "HEAD@{2023-07-16 09:00 +0000}",
        "HEAD@{2005-05-26 18:43:00}",
        "@{1 hour ago}",
        "@{2023-07-20}",
        "@{2023-03-11}",
        "main@{2023-03-12}~1",
        "main@{2023-10-29}^{tree}",
        "nosuch@{yesterday}",
    ];
    for tz in [
        Some("UTC"),
        Some("EST5EDT,M3.2.0,M11.1.0"),
        Some("Europe/Paris"),
    ] {
        let (set, unset) = env(tz, "1699272000");
        for sel in selectors {
            assert_identical_env(&f, &["rev-parse", sel], b"", &set, &unset);
            assert_identical_env(&f, &["rev-parse", "--verify", "-q", sel], b"", &set, &unset);
        }
        assert_identical_env(
            &f,
            &["log", "--format=%H", "main@{2023-07-01}"],
            b"",
            &set,
            &unset,
        );
    }
}
