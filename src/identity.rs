//! Who is acting: the identity written into reflog entries, tags and commits, found as git finds
//! it (git 2.47 `ident.c`, in the strict mode of `git commit` and `git var`):
//!
//! - **email**: `GIT_<ROLE>_EMAIL`, else `<role>.email`, else `user.email`, else (only when no
//!   `*.email` key is configured) `$EMAIL`, else `<login>@<host name>`;
//! - **name**: `GIT_<ROLE>_NAME`, else `<role>.name`, else `user.name`, else (only when no
//!   `*.name` key is configured) the GECOS field of the user's `/etc/passwd` entry;
//! - **date**: `GIT_<ROLE>_DATE`, else now.
//!
//! `<role>` is `author` or `committer`. Leading and trailing "crud" (control characters, space,
//! `,:;<>"\'`) is stripped from name and email, and `<`, `>` and newlines inside them are dropped
//! (git's `strbuf_addstr_without_crud`). As git, an empty name, a name of crud only, and an email
//! guessed from a host name without a domain are refused with git's "Please tell me who you are"
//! message; so are guesses when `user.useConfigOnly` is set.
//!
//! Differences from git, all in the guessing fallbacks: the user comes from `/etc/passwd` only
//! (no NSS, LDAP), the host's domain from `/etc/hosts` only (no DNS); and where git would use the
//! local time zone (the time "now", or a date without a zone), this uses the zone of `$TZ` as
//! glibc reads it ([`TimeZone`]). Dates are read by git's `parse_date_basic`
//! ([`crate::date::parse_date_basic`]).

use crate::config::Config;
use crate::config::ConfigError;
use crate::date::{parse_date_basic, DateContext, TimeZone};
use crate::env::Environment;
use crate::object::Signature;
use bstr::{BString, ByteSlice};

/// The committer identity (for reflogs, tags' `tagger`, commits' `committer`), timestamped now
/// or at `GIT_COMMITTER_DATE`, with this process's environment variables.
pub fn committer(config: &Config) -> Result<Signature, IdentityError> {
    committer_with_env(config, &Environment::from_process())
}

/// [`committer`], with the variables of `env` (a repository's is
/// [`Repository::env`](crate::Repository::env)).
pub fn committer_with_env(config: &Config, env: &Environment) -> Result<Signature, IdentityError> {
    ident(config, env, Role::Committer, Strictness::Strict)
}

/// The author identity, timestamped now or at `GIT_AUTHOR_DATE`, with this process's
/// environment variables.
pub fn author(config: &Config) -> Result<Signature, IdentityError> {
    author_with_env(config, &Environment::from_process())
}

/// [`author`], with the variables of `env`.
pub fn author_with_env(config: &Config, env: &Environment) -> Result<Signature, IdentityError> {
    ident(config, env, Role::Author, Strictness::Strict)
}

/// The committer identity git writes into reflog entries (`git_committer_info(0)`): found as
/// [`committer`] finds it, but a guess is taken as it is — a host without a domain, a missing
/// GECOS name (the login name stands in), `user.useConfigOnly` — so that updating a ref on a
/// machine where nobody configured an identity works, as it does with git. Only a date git
/// cannot parse is an error. Reads this process's environment variables.
pub fn reflog_committer(config: &Config) -> Result<Signature, IdentityError> {
    reflog_committer_with_env(config, &Environment::from_process())
}

/// [`reflog_committer`], with the variables of `env`.
pub fn reflog_committer_with_env(
    config: &Config,
    env: &Environment,
) -> Result<Signature, IdentityError> {
    ident(config, env, Role::Committer, Strictness::Lenient)
}

/// git's `IDENT_STRICT`: whether a guessed or empty identity is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strictness {
    Strict,
    Lenient,
}

/// Parses a date as git accepts it in `GIT_AUTHOR_DATE` / `GIT_COMMITTER_DATE` and returns
/// seconds since the epoch and the time-zone offset in minutes east of UTC.
///
/// Accepted: `<seconds> <tz>`, `@<seconds> [<tz>]`, `<seconds>` (at least 9 digits), ISO 8601
/// (`2005-04-07T22:13:13+0200`, `2005-04-07 22:13:13 +02:00`, `...Z`, fractional seconds
/// ignored), RFC 2822 (`Thu, 07 Apr 2005 22:13:13 +0200`), and `Apr 7 22:13:13 2005 +0200`.
/// A date without a zone is read in the local zone (see the module docs), from this process's
/// `TZ`.
pub fn parse_date(date: &[u8]) -> Option<(i64, i32)> {
    parse_date_with_env(date, &Environment::from_process())
}

/// [`parse_date`], with the local zone from the `TZ` of `env`.
pub fn parse_date_with_env(date: &[u8], env: &Environment) -> Option<(i64, i32)> {
    let (t, offset) = parse_date_basic(date, &DateContext::from_env(env))?;
    Some((i64::try_from(t).ok()?, offset))
}

/// Which identity is made: the author's or the committer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `GIT_AUTHOR_*`, `author.*`.
    Author,
    /// `GIT_COMMITTER_*`, `committer.*`.
    Committer,
}

/// Why no identity could be made: for which role, and what is wrong. The `Display` text is
/// the reason in a line; git's full report (its "Please tell me who you are" advice first when
/// [`is_unknown`](Self::is_unknown)) is made by the `gitstore` binary.
///
/// ```
/// use gitstore::config::Config;
/// use gitstore::env::Environment;
/// use gitstore::identity::{self, IdentityErrorKind, Role};
///
/// let env = Environment::isolated()
///     .with_committer("A U Thor", "author@example.com")
///     .with_var("GIT_COMMITTER_DATE", "not a date");
/// let e = identity::committer_with_env(&Config::default(), &env).unwrap_err();
/// assert_eq!(e.role, Role::Committer);
/// let date = IdentityErrorKind::InvalidDate {
///     variable: "GIT_COMMITTER_DATE".into(),
///     value: "not a date".into(),
/// };
/// assert_eq!(e.kind, date);
/// assert!(!e.is_unknown());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityError {
    /// The identity that was being made.
    pub role: Role,
    /// What is wrong.
    pub kind: IdentityErrorKind,
}

/// What is wrong with an identity (see [`IdentityError`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdentityErrorKind {
    /// No email is set and `user.useConfigOnly` forbids guessing one.
    EmailNotGiven,
    /// No email is set and the one guessed from the user and host names is not usable (a host
    /// without a domain).
    EmailGuessUnusable {
        /// The guess.
        guess: BString,
    },
    /// No name is set and `user.useConfigOnly` forbids guessing one.
    NameNotGiven,
    /// No name is set and none could be guessed (no GECOS name).
    NameGuessUnusable {
        /// The guess.
        guess: BString,
    },
    /// The name is empty.
    EmptyName {
        /// The email it would go with.
        email: BString,
        /// Whether the empty name was a default (`user.name`, a guess) rather than one given
        /// for the role.
        default: bool,
    },
    /// The name has no character that is not stripped ("crud").
    NameAllCrud {
        /// The name.
        name: BString,
    },
    /// `GIT_<ROLE>_DATE` does not parse as a date.
    InvalidDate {
        /// The variable.
        variable: String,
        /// Its value.
        value: BString,
    },
    /// An identity key (`user.name`, `author.email`…) is configured without a value.
    MissingValue {
        /// The key.
        key: String,
    },
    /// A setting the identity depends on (`user.useConfigOnly`) is not what git takes.
    Config(ConfigError),
}

impl IdentityError {
    /// Whether nobody said who is acting: the identity had to be guessed (or taken from a
    /// default) and that failed. git prints its "Please tell me who you are" advice then.
    pub fn is_unknown(&self) -> bool {
        use IdentityErrorKind as K;
        match &self.kind {
            K::EmailNotGiven
            | K::EmailGuessUnusable { .. }
            | K::NameNotGiven
            | K::NameGuessUnusable { .. } => true,
            K::EmptyName { default, .. } => *default,
            _ => false,
        }
    }
}

impl std::fmt::Display for IdentityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use IdentityErrorKind as K;
        match &self.kind {
            K::EmailNotGiven => f.write_str("no email was given and auto-detection is disabled"),
            K::EmailGuessUnusable { guess } => {
                write!(f, "unable to auto-detect email address (got '{guess}')")
            }
            K::NameNotGiven => f.write_str("no name was given and auto-detection is disabled"),
            K::NameGuessUnusable { guess } => {
                write!(f, "unable to auto-detect name (got '{guess}')")
            }
            K::EmptyName { email, .. } => {
                write!(f, "empty ident name (for <{email}>) not allowed")
            }
            K::NameAllCrud { name } => {
                write!(f, "name consists only of disallowed characters: {name}")
            }
            K::InvalidDate { value, .. } => write!(f, "invalid date format: {value}"),
            K::MissingValue { key } => write!(f, "missing value for '{key}'"),
            K::Config(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for IdentityError {}

fn ident(
    config: &Config,
    vars: &Environment,
    role: Role,
    strictness: Strictness,
) -> Result<Signature, IdentityError> {
    let strict = strictness == Strictness::Strict;
    let (prefix, section) = match role {
        Role::Author => ("GIT_AUTHOR", "author"),
        Role::Committer => ("GIT_COMMITTER", "committer"),
    };
    let fail = |kind: IdentityErrorKind| IdentityError { role, kind };
    let env = |suffix: &str| vars.var_bytes(format!("{prefix}_{suffix}")).map(c_string);
    let cfg = Settings::read(config, role, section)?;

    let email: Vec<u8> = match env("EMAIL").or(cfg.role_email.clone()) {
        Some(e) => e,
        None => {
            if strict && cfg.use_config_only && !cfg.mail_given {
                return Err(fail(IdentityErrorKind::EmailNotGiven));
            }
            if cfg.mail_given || !cfg.user_email.as_deref().unwrap_or_default().is_empty() {
                cfg.user_email.clone().unwrap_or_default()
            } else {
                let from_env = vars
                    .var_bytes("EMAIL")
                    .map(c_string)
                    .map(|e| e.trim().to_vec())
                    .filter(|e| !e.is_empty());
                match from_env {
                    Some(e) => e,
                    None => {
                        let (email, bogus) = system::default_email(vars);
                        if strict && bogus {
                            return Err(fail(IdentityErrorKind::EmailGuessUnusable {
                                guess: email.into(),
                            }));
                        }
                        email
                    }
                }
            }
        }
    };

    let mut using_default = false;
    let name: Vec<u8> = match env("NAME").or(cfg.role_name.clone()) {
        Some(n) => n,
        None => {
            if strict && cfg.use_config_only && !cfg.name_given {
                return Err(fail(IdentityErrorKind::NameNotGiven));
            }
            using_default = true;
            if cfg.name_given || !cfg.user_name.as_deref().unwrap_or_default().is_empty() {
                cfg.user_name.clone().unwrap_or_default()
            } else {
                let (name, bogus) = system::default_name(vars);
                if strict && bogus {
                    return Err(fail(IdentityErrorKind::NameGuessUnusable {
                        guess: name.into(),
                    }));
                }
                name
            }
        }
    };
    let name = if name.is_empty() && !strict {
        system::login_name(vars)
    } else {
        name
    };
    if name.is_empty() {
        return Err(fail(IdentityErrorKind::EmptyName {
            email: email.into(),
            default: using_default,
        }));
    }
    if strict && !name.iter().any(|&c| !is_crud(c)) {
        return Err(fail(IdentityErrorKind::NameAllCrud { name: name.into() }));
    }

    let (time, offset) = match env("DATE").filter(|d| !d.is_empty()) {
        Some(d) => parse_date_with_env(&d, vars).ok_or_else(|| {
            fail(IdentityErrorKind::InvalidDate {
                variable: format!("{prefix}_DATE"),
                value: d.into(),
            })
        })?,
        None => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            (now, local_offset(vars, now))
        }
    };
    Ok(Signature::new(
        without_crud(&name),
        without_crud(&email),
        time,
        format_tz(offset),
    ))
}

/// The identity keys of a config, read as git's `git_ident_config` does.
struct Settings {
    user_name: Option<Vec<u8>>,
    user_email: Option<Vec<u8>>,
    /// `<role>.name` when set and not empty.
    role_name: Option<Vec<u8>>,
    role_email: Option<Vec<u8>>,
    /// Whether any of `user.name`, `author.name`, `committer.name` is configured.
    name_given: bool,
    mail_given: bool,
    use_config_only: bool,
}

impl Settings {
    fn read(config: &Config, role: Role, section: &str) -> Result<Settings, IdentityError> {
        let string = |key: &str| -> Result<Option<Vec<u8>>, IdentityError> {
            match config.get_raw(key) {
                None => Ok(None),
                Some(None) => Err(IdentityError {
                    role,
                    kind: IdentityErrorKind::MissingValue { key: key.into() },
                }),
                Some(Some(v)) => Ok(Some(c_string(v.to_vec()))),
            }
        };
        let mut name_given = false;
        let mut mail_given = false;
        for who in ["user", "author", "committer"] {
            name_given |= string(&format!("{who}.name"))?.is_some();
            mail_given |= string(&format!("{who}.email"))?.is_some();
        }
        Ok(Settings {
            user_name: string("user.name")?,
            user_email: string("user.email")?,
            role_name: string(&format!("{section}.name"))?.filter(|n| !n.is_empty()),
            role_email: string(&format!("{section}.email"))?.filter(|e| !e.is_empty()),
            name_given,
            mail_given,
            use_config_only: config
                .get_bool("user.useconfigonly")
                .map_err(|e| IdentityError {
                    role,
                    kind: IdentityErrorKind::Config(e),
                })?
                .unwrap_or(false),
        })
    }
}

/// git handles these values as C strings: they end at the first NUL.
fn c_string(v: impl Into<Vec<u8>>) -> Vec<u8> {
    let mut v = v.into();
    if let Some(nul) = v.find_byte(0) {
        v.truncate(nul);
    }
    v
}

/// git's `crud()`: characters stripped from both ends of a name or email. (`.` stopped being
/// crud in git 2.42, so `J. Doe Jr.` keeps its final dot.)
fn is_crud(c: u8) -> bool {
    c <= 32 || matches!(c, b',' | b':' | b';' | b'<' | b'>' | b'"' | b'\\' | b'\'')
}

/// git's `strbuf_addstr_without_crud`: strip crud at both ends, drop `<`, `>` and `\n` inside.
fn without_crud(s: &[u8]) -> BString {
    let start = s.iter().position(|&c| !is_crud(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&c| !is_crud(c))
        .map_or(start, |i| i + 1);
    s.get(start..end)
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|c| !matches!(c, b'\n' | b'<' | b'>'))
        .collect::<Vec<u8>>()
        .into()
}

/// `+hhmm` / `-hhmm` for an offset in minutes, as git's `date_string`.
fn format_tz(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let m = offset.unsigned_abs();
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// The local zone's offset in minutes at `t`, as git's `datestamp` finds it.
fn local_offset(env: &Environment, t: i64) -> i32 {
    TimeZone::from_tz_variable(env.tz()).at(t).offset / 60
}

/// The guesses git makes from the system when nothing is configured.
mod system {
    use crate::env::Environment;
    use bstr::ByteSlice;

    /// The login name and GECOS field of the current user, from `/etc/passwd`.
    fn passwd_entry(env: &Environment) -> Option<(Vec<u8>, Vec<u8>)> {
        let passwd = std::fs::read("/etc/passwd").ok()?;
        let uid = current_uid();
        let login = env.var_bytes("USER").or_else(|| env.var_bytes("LOGNAME"));
        for line in passwd.lines() {
            let fields: Vec<&[u8]> = line.splitn_str(6, ":").collect();
            let [name, _, id, _, gecos, ..] = fields.as_slice() else {
                continue;
            };
            let matches = match uid {
                Some(uid) => id.to_str().ok().and_then(|s| s.parse::<u32>().ok()) == Some(uid),
                None => login.is_some_and(|l| l == *name),
            };
            if matches {
                return Some((name.to_vec(), gecos.to_vec()));
            }
        }
        None
    }

    fn current_uid() -> Option<u32> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").ok().map(|m| m.uid())
    }

    /// The GECOS name (up to the first `,`, `&` standing for the capitalised login), trimmed;
    /// and whether it is a made-up placeholder (no passwd entry).
    pub(super) fn default_name(env: &Environment) -> (Vec<u8>, bool) {
        let Some((login, gecos)) = passwd_entry(env) else {
            return (b"Unknown".to_vec(), true);
        };
        let mut name = Vec::new();
        for &c in gecos.split(|&c| c == b',').next().unwrap_or_default() {
            if c == b'&' {
                if let Some((first, rest)) = login.split_first() {
                    name.push(first.to_ascii_uppercase());
                    name.extend_from_slice(rest);
                }
            } else {
                name.push(c);
            }
        }
        (name.trim().to_vec(), false)
    }

    /// The login name, for a lenient identity whose name came out empty (git's `pw_name`).
    pub(super) fn login_name(env: &Environment) -> Vec<u8> {
        passwd_entry(env).map_or_else(|| b"unknown".to_vec(), |(login, _)| login)
    }

    /// `login@host.domain`, and whether it is a made-up placeholder (git's `.(none)`).
    pub(super) fn default_email(env: &Environment) -> (Vec<u8>, bool) {
        let (mut email, mut bogus) = match passwd_entry(env) {
            Some((login, _)) => (login, false),
            None => (b"unknown".to_vec(), true),
        };
        email.push(b'@');
        match hostname() {
            None => {
                email.extend_from_slice(b"(none)");
                bogus = true;
            }
            Some(host) if host.contains(&b'.') => email.extend_from_slice(&host),
            Some(host) => match canonical_name(&host) {
                Some(fqdn) => email.extend_from_slice(&fqdn),
                None => {
                    email.extend_from_slice(&host);
                    email.extend_from_slice(b".(none)");
                    bogus = true;
                }
            },
        }
        (email.trim().to_vec(), bogus)
    }

    fn hostname() -> Option<Vec<u8>> {
        ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .find_map(|p| std::fs::read(p).ok())
            .map(|h| h.trim().to_vec())
            .filter(|h| !h.is_empty())
    }

    /// The canonical name `/etc/hosts` gives `host`, when it has a domain.
    fn canonical_name(host: &[u8]) -> Option<Vec<u8>> {
        let hosts = std::fs::read("/etc/hosts").ok()?;
        for line in hosts.lines() {
            let line = line.split(|&c| c == b'#').next().unwrap_or_default();
            let mut fields = line.fields().skip(1);
            let Some(canonical) = fields.next() else {
                continue;
            };
            if canonical == host || fields.any(|alias| alias == host) {
                return canonical.contains(&b'.').then(|| canonical.to_vec());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crud_is_stripped_at_both_ends_and_delimiters_inside() {
        assert_eq!(without_crud(b" ,\"Jo <Doe>\nX;'\\ "), "Jo DoeX");
        assert_eq!(without_crud(b" ;:,"), "");
        assert_eq!(without_crud(b" J. Doe Jr.,"), "J. Doe Jr.");
        assert_eq!(without_crud("\u{e9}t\u{e9}\"".as_bytes()), "\u{e9}t\u{e9}");
    }

    #[test]
    fn dates_in_git_formats() {
        let iso = Some((1112904793, 120));
        assert_eq!(parse_date(b"1112904793 +0200"), iso);
        assert_eq!(parse_date(b"@1112904793 +0200"), iso);
        assert_eq!(parse_date(b"2005-04-07T22:13:13+0200"), iso);
        assert_eq!(parse_date(b"2005-04-07 22:13:13 +0200"), iso);
        assert_eq!(parse_date(b"2005-04-07T22:13:13+02:00"), iso);
        assert_eq!(parse_date(b"2005-04-07T22:13:13.123+02:00"), iso);
        assert_eq!(parse_date(b"Thu, 07 Apr 2005 22:13:13 +0200"), iso);
        assert_eq!(parse_date(b"Thu Apr 7 22:13:13 2005 +0200"), iso);
        assert_eq!(parse_date(b"2005-04-07T20:13:13Z"), Some((1112904793, 0)));
        assert_eq!(parse_date(b"@1700000000 -0000"), Some((1700000000, 0)));
        assert_eq!(
            parse_date(b"@1700000000"),
            Some((
                1700000000,
                local_offset(&Environment::from_process(), 1700000000)
            ))
        );
        assert_eq!(parse_date(b"1700000000 -0130"), Some((1700000000, -90)));
        for bad in [
            &b""[..],
            b"garbage",
            b"2005-13-07",
            b"2005-02-30",
            b"12:00",
            b"@x",
        ] {
            assert_eq!(parse_date(bad), None, "{:?}", bad.as_bstr());
        }
    }

    #[test]
    fn identity_and_zone_come_from_the_given_environment() {
        let env = Environment::isolated()
            .with_committer(" C O Mitter ", "<c@example.com>")
            .with_committer_date("1700000000 -0130")
            .with_author("A U Thor", "a@example.com")
            .with_author_date("2023-11-14 22:13:20")
            .with_var("TZ", "EST5");
        let c = committer_with_env(&Config::empty(), &env).unwrap();
        assert_eq!(
            (&c.name[..], &c.email[..]),
            (&b"C O Mitter"[..], &b"c@example.com"[..])
        );
        assert_eq!((c.time, &c.tz[..]), (1700000000, &b"-0130"[..]));
        let a = author_with_env(&Config::empty(), &env).unwrap();
        assert_eq!((a.time, &a.tz[..]), (1700000000 + 5 * 3600, &b"-0500"[..]));
        let bad = env.with_committer_date("garbage");
        assert!(reflog_committer_with_env(&Config::empty(), &bad).is_err());
    }

    #[test]
    fn dates_without_a_zone_take_the_environments_tz() {
        let est = Environment::isolated().with_var("TZ", "EST5");
        assert_eq!(
            parse_date_with_env(b"@1700000000", &est),
            Some((1700000000, -300))
        );
        assert_eq!(
            parse_date_with_env(b"@1700000000", &Environment::isolated()),
            Some((1700000000, 0))
        );
    }

    #[test]
    fn tz_strings_are_signed_hhmm() {
        assert_eq!(format_tz(0), "+0000");
        assert_eq!(format_tz(-90), "-0130");
        assert_eq!(format_tz(330), "+0530");
    }
}
