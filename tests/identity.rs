//! `identity::committer` / `identity::author` against `git var GIT_COMMITTER_IDENT` /
//! `GIT_AUTHOR_IDENT` for a table of environment and config combinations.
//!
//! One test only: it sets the process environment per case, which must not race with other
//! tests in this binary.
//!
//! Two cases guess from the system (the passwd entry of the current user, the host name), as
//! git does when nothing names the user. They compare with `git var` strictly like the others;
//! the one difference allowed is the documented one: git may find the host's domain through DNS
//! where gitstore reads only `/etc/hosts`, and then gitstore refuses the `<login>@<host>.(none)`
//! git would have refused without it.
mod common;

use gitstore::config::Config;
use gitstore::identity;

struct Case {
    name: &'static str,
    /// `git config` key/value pairs written to the repository.
    config: &'static [(&'static str, &'static str)],
    /// Variables set on top of the fixed test environment.
    set: &'static [(&'static str, &'static str)],
    /// Variables removed from it.
    unset: &'static [&'static str],
    /// Guesses from the machine's user and host name (git may use DNS where we don't).
    system: bool,
}

const NO_IDENT: &[&str] = &[
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
];
const NO_NAMES: &[&str] = &["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"];
const NO_EMAILS: &[&str] = &["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"];

const fn case(
    name: &'static str,
    config: &'static [(&'static str, &'static str)],
    set: &'static [(&'static str, &'static str)],
    unset: &'static [&'static str],
) -> Case {
    Case {
        name,
        config,
        set,
        unset,
        system: false,
    }
}

const USER: &[(&str, &str)] = &[("user.name", "Cfg User"), ("user.email", "cfg@example.com")];

const CASES: &[Case] = &[
    case("fixed test environment", &[], &[], &[]),
    case("user config only", USER, &[], NO_IDENT),
    case("env beats config", USER, &[], &[]),
    case(
        "role config beats user config",
        &[
            ("user.name", "Cfg User"),
            ("user.email", "cfg@example.com"),
            ("author.name", "Cfg Author"),
            ("author.email", "author-cfg@example.com"),
            ("committer.name", "Cfg Committer"),
            ("committer.email", "committer-cfg@example.com"),
        ],
        &[],
        NO_IDENT,
    ),
    case(
        "empty role config falls back to user config",
        &[
            ("user.name", "Cfg User"),
            ("user.email", "cfg@example.com"),
            ("author.name", ""),
            ("committer.email", ""),
        ],
        &[],
        NO_IDENT,
    ),
    case(
        "committer.name alone leaves the author name empty",
        &[
            ("committer.name", "Only Committer"),
            ("user.email", "u@example.com"),
        ],
        &[],
        NO_IDENT,
    ),
    case(
        "crud is stripped",
        &[],
        &[
            ("GIT_COMMITTER_NAME", " ..,Jo <x> \"Doe\";; "),
            ("GIT_COMMITTER_EMAIL", "<<jo@example.com>>."),
            ("GIT_AUTHOR_NAME", "\tA\nB\t"),
            ("GIT_AUTHOR_EMAIL", " 'a@b' "),
        ],
        &[],
    ),
    case(
        "empty email is allowed",
        &[],
        &[("GIT_COMMITTER_EMAIL", ""), ("GIT_AUTHOR_EMAIL", "")],
        &[],
    ),
    case(
        "empty name is refused",
        &[],
        &[("GIT_COMMITTER_NAME", ""), ("GIT_AUTHOR_NAME", "")],
        &[],
    ),
    case(
        "crud-only name is refused",
        &[],
        &[("GIT_COMMITTER_NAME", "..."), ("GIT_AUTHOR_NAME", " <> ")],
        &[],
    ),
    case(
        "EMAIL is used without configured email",
        &[("user.name", "Cfg User")],
        &[("EMAIL", "  from-env@example.com ")],
        NO_IDENT,
    ),
    case(
        "user.email beats EMAIL",
        USER,
        &[("EMAIL", "from-env@example.com")],
        NO_IDENT,
    ),
    case(
        "empty user.email is used as is",
        &[("user.name", "N"), ("user.email", "")],
        &[("EMAIL", "from-env@example.com")],
        NO_IDENT,
    ),
    case(
        "useConfigOnly refuses guessing a name",
        &[
            ("user.useConfigOnly", "true"),
            ("user.email", "u@example.com"),
        ],
        &[],
        NO_NAMES,
    ),
    case(
        "useConfigOnly refuses guessing an email",
        &[("user.useConfigOnly", "true"), ("user.name", "N")],
        &[("EMAIL", "e@example.com")],
        NO_EMAILS,
    ),
    case(
        "empty user.name is refused",
        &[("user.name", ""), ("user.email", "u@example.com")],
        &[],
        NO_NAMES,
    ),
    case(
        "ISO 8601 date",
        &[],
        &[
            ("GIT_COMMITTER_DATE", "2005-04-07T22:13:13+0200"),
            ("GIT_AUTHOR_DATE", "2005-04-07 22:13:13 -0730"),
        ],
        &[],
    ),
    case(
        "ISO 8601 date in UTC",
        &[],
        &[
            ("GIT_COMMITTER_DATE", "2005-04-07T22:13:13Z"),
            ("GIT_AUTHOR_DATE", "2005-04-07T22:13:13+02:00"),
        ],
        &[],
    ),
    case(
        "RFC 2822 date",
        &[],
        &[
            ("GIT_COMMITTER_DATE", "Thu, 07 Apr 2005 22:13:13 +0200"),
            ("GIT_AUTHOR_DATE", "Fri, 29 Feb 2008 01:02:03 -0100"),
        ],
        &[],
    ),
    case(
        "@seconds dates",
        &[],
        &[
            ("GIT_COMMITTER_DATE", "@1234567890"),
            ("GIT_AUTHOR_DATE", "@1234567890 -0000"),
        ],
        &[],
    ),
    case(
        "seconds date without zone",
        &[],
        &[
            ("GIT_COMMITTER_DATE", "1234567890"),
            ("GIT_AUTHOR_DATE", "1234567890 +1400"),
        ],
        &[],
    ),
    case(
        "invalid date",
        &[],
        &[
            ("GIT_COMMITTER_DATE", "not a date"),
            ("GIT_AUTHOR_DATE", "yesterday-ish"),
        ],
        &[],
    ),
    Case {
        name: "name from the system user",
        config: &[("user.email", "u@example.com")],
        set: &[],
        unset: NO_NAMES,
        system: true,
    },
    Case {
        name: "email from the system user and host",
        config: &[("user.name", "N")],
        set: &[],
        unset: NO_EMAILS,
        system: true,
    },
];

/// Whether git's identity differs from ours only by a domain git found through DNS: ours is the
/// refusal of `<login>@<host>.(none)`, git's email is `<login>@<host>.<domain>`.
fn only_the_dns_domain_differs(git_ident: &str, ours: &str) -> bool {
    let Some(guess) = ours
        .split_once("unable to auto-detect email address (got '")
        .and_then(|(_, rest)| rest.strip_suffix("')"))
    else {
        return false;
    };
    let Some(login_at_host) = guess.strip_suffix("(none)") else {
        return false;
    };
    git_ident
        .split_once(" <")
        .and_then(|(_, rest)| rest.split_once('>'))
        .is_some_and(|(email, _)| email.starts_with(login_at_host) && !email.ends_with("(none)"))
}

#[test]
fn identity_matches_git_var() {
    // nothing from the environment the tests run in: only the fixed one, plus each case's
    for (k, _) in std::env::vars_os().collect::<Vec<_>>() {
        let k = k.to_string_lossy();
        if k.starts_with("GIT_") || k == "EMAIL" {
            std::env::remove_var(&*k);
        }
    }
    for (k, v) in common::FIXED_ENV {
        std::env::set_var(k, v);
    }
    for case in CASES {
        let f = common::Fixture::new();
        for (k, v) in case.config {
            f.git(&["config", k, v]);
        }
        for (k, _) in common::FIXED_ENV {
            if let Some((_, v)) = common::FIXED_ENV.iter().find(|(f, _)| f == k) {
                std::env::set_var(k, v);
            }
        }
        std::env::remove_var("EMAIL");
        for k in case.unset {
            std::env::remove_var(k);
        }
        for (k, v) in case.set {
            std::env::set_var(k, v);
        }
        let config = Config::for_repository(&f.git_dir()).unwrap();
        for (var, ours) in [
            ("GIT_COMMITTER_IDENT", identity::committer(&config)),
            ("GIT_AUTHOR_IDENT", identity::author(&config)),
        ] {
            let mut cmd = common::fixed_command(common::git_bin());
            cmd.current_dir(&f.path)
                .args(["var", var])
                .env_remove("EMAIL");
            for k in case.unset {
                cmd.env_remove(k);
            }
            cmd.envs(case.set.iter().copied());
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let what = format!("case {:?}, {var}", case.name);
            match (out.status.success(), ours) {
                (true, Ok(sig)) => {
                    let git = String::from_utf8_lossy(&out.stdout);
                    assert_eq!(sig.to_bstring(), git.trim_end_matches('\n'), "{what}");
                }
                (false, Err(e)) => {
                    let fatal = stderr
                        .lines()
                        .find_map(|l| l.strip_prefix("fatal: "))
                        .unwrap_or_else(|| panic!("{what}: no fatal line in {stderr}"));
                    let ours = e.to_string();
                    assert!(ours.contains(fatal), "{what}: git: {stderr}\nours: {ours}");
                    let gitstore::Error::Identity(e) = gitstore::Error::from(e.clone()) else {
                        panic!("{what}: not an identity error: {e:?}")
                    };
                    assert_eq!(
                        e.is_unknown(),
                        stderr.contains("Please tell me who you are"),
                        "{what}: git: {stderr}\nours: {e:?}"
                    );
                }
                (true, Err(e))
                    if case.system
                        && only_the_dns_domain_differs(
                            &String::from_utf8_lossy(&out.stdout),
                            &e.to_string(),
                        ) =>
                {
                    eprintln!("{what}: git found the host's domain through DNS: {e}");
                }
                (git_ok, ours) => {
                    panic!("{what}: git ok: {git_ok} ({stderr}), ours: {ours:?}")
                }
            }
        }
        for (k, _) in case.set {
            std::env::remove_var(k);
        }
    }
}
