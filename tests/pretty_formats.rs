//! The library's commit formats (`gitstore::pretty`) against git's: every commit of the history
//! fixtures and of `pretty_messages.sh` (odd messages, encodings, time zones), in every built-in
//! format and a set of user formats, with every `--date=` mode, compared byte for byte with
//! `git log --all` (whose order is `git rev-list --all`'s).

mod common;

use common::library::{id, open};
use common::{fixtures, Fixture};
use gitstore::date::{DateContext, DateFormat};
use gitstore::pretty::{
    CommitFormat, DecorationFilter, Decorations, LogWriter, Notes, Pretty, PrettyOptions, RefStyle,
    RevListEntry, RevListStyle, RevListWriter, WalkInfo,
};
use gitstore::{ObjectId, Repository};

/// The `now` relative dates count from, for git (`GIT_TEST_DATE_NOW`) and the library.
const NOW: i64 = 1_700_100_000;

/// Every commit of `git rev-list --all`, with its stored bytes.
fn commits(f: &Fixture, repo: &Repository) -> Vec<(ObjectId, Vec<u8>)> {
    String::from_utf8(f.git(&["rev-list", "--all"]))
        .unwrap()
        .lines()
        .map(|l| {
            let i = id(l);
            (i, repo.odb().read(&i).unwrap().data.to_vec())
        })
        .collect()
}

/// The options `git log` takes from `args` (the subset these tests use).
fn options(repo: &Repository, args: &[&str]) -> Pretty<'static> {
    let repo: &'static Repository = Box::leak(Box::new(repo.clone()));
    // `git log` reads the mailmap (log.mailmap)
    let mut o = PrettyOptions {
        date_context: DateContext::at(NOW),
        mailmap: true,
        ..PrettyOptions::default()
    };
    let mut decorate = None;
    // git's notes options: shown by default without a format, refs from --notes=
    let (mut notes_given, mut show_notes, mut use_default, mut extra) =
        (false, false, None, vec![]);
    let mut pretty_given = false;
    for a in args {
        if a.starts_with("--pretty") || a.starts_with("--format") || *a == "--oneline" {
            pretty_given = true;
        }
        if *a == "--notes" {
            (notes_given, show_notes, use_default) = (true, true, Some(true));
            continue;
        } else if *a == "--no-notes" {
            (notes_given, show_notes, use_default) = (true, false, None);
            extra.clear();
            continue;
        } else if let Some(r) = a.strip_prefix("--notes=") {
            (notes_given, show_notes) = (true, true);
            extra.push(r.into());
            continue;
        }
        if let Some(f) = a.strip_prefix("--pretty=").or(a.strip_prefix("--format=")) {
            o.format = CommitFormat::parse(f.as_bytes()).unwrap();
            if let Some(d) = CommitFormat::default_date(f.as_bytes()) {
                o.date = d;
            }
        } else if let Some(d) = a.strip_prefix("--date=") {
            o.date = DateFormat::parse(d).unwrap();
        } else if *a == "--oneline" {
            o.format = CommitFormat::parse(b"oneline").unwrap();
            o.abbrev_commit = true;
        } else if *a == "--abbrev-commit" {
            o.abbrev_commit = true;
        } else if *a == "--no-abbrev" {
            o.abbrev = Some(40);
        } else if let Some(n) = a.strip_prefix("--abbrev=") {
            o.abbrev = Some(n.parse().unwrap());
        } else if *a == "--no-expand-tabs" {
            o.expand_tabs = Some(0);
        } else if let Some(n) = a.strip_prefix("--expand-tabs=") {
            o.expand_tabs = Some(n.parse().unwrap());
        } else if *a == "--decorate" {
            decorate = Some(RefStyle::Short);
        } else if *a == "--decorate=full" {
            decorate = Some(RefStyle::Full);
        } else {
            panic!("option {a} not modelled");
        }
    }
    o.decorate = decorate.is_some();
    let style = decorate.filter(|_| o.decorate || o.format.wants_decorations());
    let load = decorate.is_some() || o.format.wants_decorations();
    let show_notes = match notes_given {
        true => show_notes,
        false => !pretty_given || o.format.wants_notes(),
    };
    let mut pretty = Pretty::new(repo, o);
    if show_notes {
        let refs = Notes::display_refs(repo, &extra, use_default).unwrap();
        pretty = pretty.with_notes(Notes::load(repo, &refs).unwrap());
    }
    if load {
        let d = Decorations::load(
            repo,
            DecorationFilter::LogDefault,
            style.unwrap_or(RefStyle::Short),
        )
        .unwrap();
        pretty.with_decorations(d)
    } else {
        pretty
    }
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `git log --all <args>` and the library's log of the same commits are the same bytes.
fn assert_log_matches(f: &Fixture, repo: &Repository, all: &[(ObjectId, Vec<u8>)], args: &[&str]) {
    let mut git_args = vec!["log", "--all"];
    git_args.extend_from_slice(args);
    let out = f
        .git_command(&git_args)
        .env("GIT_TEST_DATE_NOW", NOW.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {git_args:?}: {}",
        show(&out.stderr)
    );
    let mut log = LogWriter::new(options(repo, args));
    let mut mine = Vec::new();
    for (i, data) in all {
        log.write_commit(i, data, &mut mine).unwrap();
    }
    if mine != out.stdout {
        // show where the bytes part
        let (g, m) = (&out.stdout[..], &mine[..]);
        let at = g
            .iter()
            .zip(m)
            .position(|(a, b)| a != b)
            .unwrap_or(g.len().min(m.len()));
        let around =
            |b: &[u8]| show(&b[at.saturating_sub(300).min(b.len())..(at + 200).min(b.len())]);
        panic!(
            "log {args:?} differs at byte {at}\n--- git:\n{}\n--- gitstore:\n{}",
            around(g),
            around(m)
        );
    }
}

const BUILTIN: &[&str] = &[
    "--pretty=oneline",
    "--pretty=short",
    "--pretty=medium",
    "--pretty=full",
    "--pretty=fuller",
    "--pretty=raw",
    "--pretty=reference",
];

const USER: &[&str] = &[
    "--format=%H%n%h %t %T %p %P|%m",
    "--format=%an|%ae|%al|%aN|%aE|%aL|%ad|%aD|%ar|%at|%ai|%aI|%as|%ah",
    "--format=%cn|%ce|%cl|%cN|%cE|%cL|%cd|%cD|%cr|%ct|%ci|%cI|%cs|%ch",
    "--format=[%s]|%f|%e|",
    "--format=%B",
    "--format=%b",
    "--pretty=format:[%s]%n%b",
    "--pretty=tformat:<%B>",
    "--format=%d|%D",
    "--format=%(decorate)|%(decorate:prefix=[,suffix=]%x29,separator=%x2C%n,pointer=>>,tag=T=)|%(decorate:prefix,tag)|%(decorate:bogus)|%(decorate:tag=%%x%z)|%(decorate",
    "--format=%-b%+s% e|%+b|% b%-e",
    "--format=%x00%x41%x4g%n%%%z%-z%Cred%C(blue)x%Creset%C(auto)%Cnope|%ax%",
    "--format=%gd%gs%gn%gE%gx%+ad",
    "--format=",
    "--pretty=format:",
    "--format=[%<(10)%h][%>(12)%an][%><(9)%s][%<(8,trunc)%s][%<(8,ltrunc)%s][%<(8,mtrunc)%s]",
    "--format=%h%<|(20)%an%>|(40)%ad%>>(12)%s|%<(5)%n|%<(6)%Cred%h%<(3)%Cblue|%<(4)lit%d",
    "--format=%w(20,2,4)%B%w(0)|%w(12)%s %an %ae%w(0,3,1)%n%b|%w(8,-1)%s%w(x)%w(5,1,2,3)%w(3%w()",
    "--format=%w(30,4,8)%s%n%n%b%+w(2)",
    "--format=%w(6)%x00%s",
    "--format=%s %>>(6)%h|%<(3,trunc)%aN|%<(0)%s|%<(x)%s|%<(4,bad)%s|%<(4%s|%>|(-75)%h|%<(2)%z",
];

const DATES: &[&str] = &[
    "--date=default",
    "--date=iso",
    "--date=iso-strict",
    "--date=rfc",
    "--date=relative",
    "--date=short",
    "--date=unix",
    "--date=raw",
    "--date=local",
    "--date=iso-local",
    "--date=raw-local",
    "--date=format:%c|%a %A %b %B %C %d %D %e %F %g %G %H %I %j %k %l %m %M %p %r %R %s %S %T %u %U %V %w %W %x %X %y %Y %z %Z %%|%-d %_H %^a %10A %q",
    "--date=format-local:%Y-%m-%d %H:%M:%S %Z %z",
    "--date=human",
    "--date=human-local",
];

fn every_format_matches_git(f: Fixture) {
    let repo = open(&f);
    let all = commits(&f, &repo);
    for args in BUILTIN.iter().chain(USER) {
        assert_log_matches(&f, &repo, &all, &[args]);
    }
    for date in DATES {
        for format in ["--pretty=medium", "--pretty=fuller", "--format=%ad|%cd"] {
            assert_log_matches(&f, &repo, &all, &[format, date]);
        }
    }
    for extra in [
        &["--oneline"][..],
        &["--oneline", "--decorate"],
        &["--decorate"],
        &["--decorate=full", "--pretty=raw"],
        &["--decorate=full", "--format=%d %D"],
        &["--abbrev-commit", "--abbrev=12"],
        &["--no-abbrev", "--format=%h %p %t"],
        &["--abbrev=4", "--format=%h %p %t"],
        &["--expand-tabs=4"],
        &["--no-expand-tabs", "--pretty=fuller"],
        &["--expand-tabs=0", "--pretty=full"],
        &["--pretty=short", "--abbrev=5"],
        &[],
        &["--notes"],
        &["--oneline", "--notes"],
        &["--format=%N|%s"],
        &["--no-notes", "--format=%h %N"],
        &["--notes=other", "--pretty=fuller"],
        &["--notes=fanout", "--notes", "--format=%N"],
        &[
            "--notes=fanout",
            "--notes=other",
            "--no-notes",
            "--notes=other",
        ],
    ] {
        assert_log_matches(&f, &repo, &all, extra);
    }
}

#[test]
fn history_graph_commits_format_as_git_formats_them() {
    every_format_matches_git(fixtures::history_graph());
}

#[test]
fn history_repo_commits_format_as_git_formats_them() {
    every_format_matches_git(fixtures::history_repo());
}

#[test]
fn odd_messages_encodings_and_zones_format_as_git_formats_them() {
    every_format_matches_git(Fixture::from_script("pretty_messages"));
}

#[test]
fn relative_dates_match_git_at_each_threshold() {
    let f = Fixture::from_script("pretty_messages");
    let repo = open(&f);
    let head = id(&f.git_str(&["rev-parse", "HEAD"]));
    let data = repo.odb().read(&head).unwrap().data.to_vec();
    let t = 1_700_000_000;
    for ago in [
        0,
        1,
        89,
        90,
        5369,
        5370,
        127_769,
        127_770,
        1_162_800,
        1_209_600,
        5_961_600,
        6_048_000,
        31_449_600,
        31_536_000,
        34_560_000,
        146_880_000,
        157_593_600,
        157_680_000,
        315_360_000,
    ] {
        let now = t + ago;
        let out = f
            .git_command(&["log", "-1", "--format=%ar|%cr", "HEAD"])
            .env("GIT_TEST_DATE_NOW", now.to_string())
            .output()
            .unwrap();
        let mut o = PrettyOptions::new(CommitFormat::parse(b"%ar|%cr").unwrap());
        o.date_context = DateContext::at(now);
        let mut mine = Vec::new();
        Pretty::new(&repo, o)
            .format_commit(&head, &data, &mut mine)
            .unwrap();
        mine.push(b'\n');
        assert_eq!(show(&mine), show(&out.stdout), "{ago} seconds after");
    }
}

/// `git rev-list --all <args>` and the library's [`RevListWriter`] over the same commits are
/// the same bytes.
fn assert_rev_list_matches(
    f: &Fixture,
    repo: &Repository,
    all: &[(ObjectId, Vec<u8>)],
    args: &[&str],
) {
    let mut git_args = vec!["rev-list", "--all"];
    git_args.extend_from_slice(args);
    let out = f
        .git_command(&git_args)
        .env("GIT_TEST_DATE_NOW", NOW.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {git_args:?}: {}",
        show(&out.stderr)
    );
    let mut o = PrettyOptions {
        date_context: DateContext::at(NOW),
        ..PrettyOptions::default()
    };
    let (mut style, mut parents) = (None, false);
    for a in args {
        if let Some(t) = a.strip_prefix("--format=").or(a.strip_prefix("--pretty=")) {
            o.format = CommitFormat::parse(t.as_bytes()).unwrap();
            // a format wins over --header, whatever the order
            if !matches!(style, Some(RevListStyle::Pretty { .. })) {
                style = Some(RevListStyle::Pretty {
                    commit_header: true,
                });
            }
        } else if *a == "--oneline" {
            o.format = CommitFormat::parse(b"oneline").unwrap();
            o.abbrev_commit = true;
            style.get_or_insert(RevListStyle::Pretty {
                commit_header: true,
            });
        } else if *a == "--no-commit-header" {
            style = Some(RevListStyle::Pretty {
                commit_header: false,
            });
        } else if *a == "--header" {
            style.get_or_insert(RevListStyle::Header);
        } else if *a == "--parents" {
            parents = true;
        } else if *a == "--abbrev-commit" {
            o.abbrev_commit = true;
        } else {
            panic!("option {a} not modelled");
        }
    }
    let mut w = RevListWriter::new(Pretty::new(repo, o), style.unwrap());
    let mut mine = Vec::new();
    for (i, data) in all {
        let commit = gitstore::object::CommitRef::parse(data).unwrap();
        let entry = RevListEntry {
            id: i,
            data,
            mark: b"",
            parents: parents.then_some(&commit.parents[..]),
            children: None,
            walk: WalkInfo::default(),
        };
        w.write(&entry, &mut mine).unwrap();
    }
    assert_eq!(show(&mine), show(&out.stdout), "rev-list {args:?}");
}

fn rev_list_formats_match_git(f: Fixture) {
    let repo = open(&f);
    let all = commits(&f, &repo);
    for args in [
        &["--format=%s"][..],
        &["--format=%s", "--no-commit-header"],
        &["--format=", "--parents"],
        &["--format=%d|%D%n%m%S"],
        &["--pretty=medium"],
        &["--pretty=short", "--no-commit-header"],
        &["--pretty=raw", "--parents"],
        &["--pretty=format:%h"],
        &["--oneline"],
        &["--oneline", "--parents"],
        &["--abbrev-commit", "--parents", "--format=%B"],
        &["--header"],
        &["--header", "--parents"],
        &["--header", "--format=%an"],
    ] {
        assert_rev_list_matches(&f, &repo, &all, args);
    }
}

#[test]
fn rev_list_framing_matches_git_on_the_history_graph() {
    rev_list_formats_match_git(fixtures::history_graph());
}

#[test]
fn rev_list_framing_matches_git_on_odd_messages() {
    rev_list_formats_match_git(Fixture::from_script("pretty_messages"));
}

#[test]
fn human_dates_match_git_from_several_nows() {
    let f = Fixture::from_script("pretty_messages");
    let repo = open(&f);
    let all = commits(&f, &repo);
    let day = 86_400;
    // the same day, days later, weeks later, months later, years later, before
    for now in [
        1_700_003_000,
        1_700_000_000 + 2 * day,
        1_700_000_000 + 5 * day,
        1_700_000_000 + 12 * day,
        1_700_000_000 + 60 * day,
        1_700_000_000 + 400 * day,
        1_600_000_000,
    ] {
        for args in [
            &["--format=%ah|%ch"][..],
            &["--date=human", "--pretty=fuller"],
        ] {
            let mut git_args = vec!["log", "--all"];
            git_args.extend_from_slice(args);
            let out = f
                .git_command(&git_args)
                .env("GIT_TEST_DATE_NOW", now.to_string())
                .output()
                .unwrap();
            let mut o = PrettyOptions::new(CommitFormat::parse(b"fuller").unwrap());
            if args.len() == 1 {
                o.format = CommitFormat::parse(&args[0].as_bytes()[9..]).unwrap();
            } else {
                o.date = DateFormat::parse("human").unwrap();
            }
            o.date_context = DateContext::at(now);
            o.mailmap = true;
            let mut log = LogWriter::new(Pretty::new(&repo, o));
            let mut mine = Vec::new();
            for (i, data) in &all {
                log.write_commit(i, data, &mut mine).unwrap();
            }
            assert_eq!(show(&mine), show(&out.stdout), "{args:?} at {now}");
        }
    }
}
