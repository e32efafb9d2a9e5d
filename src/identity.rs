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
//! local time zone (the time "now", or a date without a zone), this uses the fixed offset in
//! `$TZ` when it is a POSIX zone without daylight-saving rules (`UTC`, `UTC0`, `EST5`,
//! `<+0530>-5:30`), else `+0000`.

use crate::config::Config;
use crate::env::Environment;
use crate::error::{Error, Result};
use crate::object::Signature;
use bstr::{BString, ByteSlice};

/// The committer identity (for reflogs, tags' `tagger`, commits' `committer`), timestamped now
/// or at `GIT_COMMITTER_DATE`, with this process's environment variables.
pub fn committer(config: &Config) -> Result<Signature> {
    committer_with_env(config, &Environment::from_process())
}

/// [`committer`], with the variables of `env` (a repository's is
/// [`Repository::env`](crate::Repository::env)).
pub fn committer_with_env(config: &Config, env: &Environment) -> Result<Signature> {
    ident(config, env, Role::Committer, Strictness::Strict)
}

/// The author identity, timestamped now or at `GIT_AUTHOR_DATE`, with this process's
/// environment variables.
pub fn author(config: &Config) -> Result<Signature> {
    author_with_env(config, &Environment::from_process())
}

/// [`author`], with the variables of `env`.
pub fn author_with_env(config: &Config, env: &Environment) -> Result<Signature> {
    ident(config, env, Role::Author, Strictness::Strict)
}

/// The committer identity git writes into reflog entries (`git_committer_info(0)`): found as
/// [`committer`] finds it, but a guess is taken as it is — a host without a domain, a missing
/// GECOS name (the login name stands in), `user.useConfigOnly` — so that updating a ref on a
/// machine where nobody configured an identity works, as it does with git. Only a date git
/// cannot parse is an error. Reads this process's environment variables.
pub fn reflog_committer(config: &Config) -> Result<Signature> {
    reflog_committer_with_env(config, &Environment::from_process())
}

/// [`reflog_committer`], with the variables of `env`.
pub fn reflog_committer_with_env(config: &Config, env: &Environment) -> Result<Signature> {
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
    let local = local_offset(env);
    let date = date.trim();
    if let Some(rest) = date.strip_prefix(b"@") {
        return object_header_date(rest).or_else(|| DateParts::parse(rest)?.resolve(local));
    }
    DateParts::parse(date)?.resolve(local)
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
/// let gitstore::Error::Identity(e) = e else { panic!("{e}") };
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
        }
    }
}

impl std::error::Error for IdentityError {}

fn ident(
    config: &Config,
    vars: &Environment,
    role: Role,
    strictness: Strictness,
) -> Result<Signature> {
    let strict = strictness == Strictness::Strict;
    let (prefix, section) = match role {
        Role::Author => ("GIT_AUTHOR", "author"),
        Role::Committer => ("GIT_COMMITTER", "committer"),
    };
    let fail = |kind: IdentityErrorKind| Error::from(IdentityError { role, kind });
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
            (now, local_offset(vars))
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
    fn read(config: &Config, role: Role, section: &str) -> Result<Settings> {
        let string = |key: &str| -> Result<Option<Vec<u8>>> {
            match config.get_raw(key) {
                None => Ok(None),
                Some(None) => Err(IdentityError {
                    role,
                    kind: IdentityErrorKind::MissingValue { key: key.into() },
                }
                .into()),
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
            use_config_only: config.get_bool("user.useconfigonly")?.unwrap_or(false),
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

/// The local offset in minutes: from a `$TZ` without daylight-saving rules, else 0.
fn local_offset(env: &Environment) -> i32 {
    env.var_bytes("TZ").and_then(posix_tz_offset).unwrap_or(0)
}

/// A POSIX `TZ` of the form `name[offset]` with no DST part: `UTC`, `UTC0`, `EST5`,
/// `<+0530>-5:30`. POSIX offsets count west of UTC, so `EST5` is `-0500`.
fn posix_tz_offset(tz: &[u8]) -> Option<i32> {
    let tz = tz.strip_prefix(b":").unwrap_or(tz);
    let rest = if let Some(quoted) = tz.strip_prefix(b"<") {
        quoted.get(quoted.find_byte(b'>')? + 1..)?
    } else {
        let n = tz.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if n < 3 {
            return None;
        }
        tz.get(n..)?
    };
    if rest.is_empty() {
        return Some(0);
    }
    let (west, rest) = match rest.first()? {
        b'-' => (false, rest.get(1..)?),
        b'+' => (true, rest.get(1..)?),
        _ => (true, rest),
    };
    let mut fields = rest.split_str(":");
    let mut total = 0i32;
    for (i, mult) in [60, 1].into_iter().enumerate() {
        let Some(f) = fields.next() else { break };
        if f.is_empty() || f.len() > 2 || !f.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v: i32 = f.to_str().ok()?.parse().ok()?;
        if (i == 0 && v > 24) || (i == 1 && v > 59) {
            return None;
        }
        total += v * mult;
    }
    if fields
        .next()
        .is_some_and(|s| !s.iter().all(u8::is_ascii_digit))
    {
        return None;
    }
    Some(if west { -total } else { total })
}

/// git's `match_object_header_date`: `<digits> [+-]<4 digits>` exactly.
fn object_header_date(s: &[u8]) -> Option<(i64, i32)> {
    let (secs, rest) = s.split_once_str(" ")?;
    if secs.is_empty() || !secs.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let secs: i64 = secs.to_str().ok()?.parse().ok()?;
    let (sign, digits) = rest.split_first()?;
    if !matches!(sign, b'+' | b'-') || digits.len() != 4 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let hhmm: i32 = digits.to_str().ok()?.parse().ok()?;
    let ofs = (hhmm / 100) * 60 + hhmm % 100;
    Some((secs, if *sign == b'-' { -ofs } else { ofs }))
}

/// The pieces found in a free-form date.
#[derive(Default)]
struct DateParts {
    epoch: Option<i64>,
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<(u32, u32, u32)>,
    offset: Option<i32>,
}

const MONTHS: [&[u8]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];
const WEEKDAYS: [&[u8]; 7] = [b"sun", b"mon", b"tue", b"wed", b"thu", b"fri", b"sat"];

/// Leading ASCII digits of `s` as a number, and how many there were.
fn number(s: &[u8]) -> Option<(i64, usize)> {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 18 {
        return None;
    }
    Some((s.get(..n)?.to_str().ok()?.parse().ok()?, n))
}

impl DateParts {
    fn parse(s: &[u8]) -> Option<DateParts> {
        let mut p = DateParts::default();
        let mut i = 0;
        while let Some(&c) = s.get(i) {
            let rest = s.get(i..)?;
            if c.is_ascii_whitespace() || c == b',' {
                i += 1;
            } else if c.is_ascii_alphabetic() {
                let n = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
                let word = rest.get(..n)?.to_ascii_lowercase();
                let next_is_digit = rest.get(n).is_some_and(u8::is_ascii_digit);
                if (word == b"t" && next_is_digit) || WEEKDAYS.iter().any(|d| word.starts_with(d)) {
                } else if let Some(m) = MONTHS.iter().position(|m| word.starts_with(m)) {
                    p.month = Some(m as u32 + 1);
                } else if matches!(word.as_slice(), b"z" | b"utc" | b"gmt" | b"ut") {
                    p.offset = Some(0);
                } else {
                    return None;
                }
                i += n;
            } else if c == b'+' || c == b'-' {
                i += 1 + p.zone(s.get(i + 1..)?, c == b'-')?;
            } else if c.is_ascii_digit() {
                i += p.digits(rest)?;
            } else {
                return None;
            }
        }
        Some(p)
    }

    /// `hhmm`, `hh:mm` or `hh` after a sign.
    fn zone(&mut self, s: &[u8], negative: bool) -> Option<usize> {
        let (v, n) = number(s)?;
        let (hours, mins, used) = match n {
            4 => (v / 100, v % 100, 4),
            2 if s.get(2) == Some(&b':') => {
                let (m, mn) = number(s.get(3..)?)?;
                if mn != 2 {
                    return None;
                }
                (v, m, 5)
            }
            2 => (v, 0, 2),
            _ => return None,
        };
        if hours >= 24 || mins >= 60 {
            return None;
        }
        let minutes = i32::try_from(hours * 60 + mins).ok()?;
        self.offset = Some(if negative { -minutes } else { minutes });
        Some(used)
    }

    /// A run starting with a digit: a time, an ISO date, a day, a year or epoch seconds.
    fn digits(&mut self, s: &[u8]) -> Option<usize> {
        let (v, n) = number(s)?;
        match s.get(n) {
            Some(b':') => {
                let (m, mn) = number(s.get(n + 1..)?)?;
                let mut used = n + 1 + mn;
                let mut sec = 0;
                if s.get(used) == Some(&b':') {
                    let (sv, sn) = number(s.get(used + 1..)?)?;
                    sec = sv;
                    used += 1 + sn;
                    if s.get(used) == Some(&b'.') {
                        used += 1 + s
                            .get(used + 1..)?
                            .iter()
                            .take_while(|c| c.is_ascii_digit())
                            .count();
                    }
                }
                if v > 24 || m > 59 || sec > 60 || self.time.is_some() {
                    return None;
                }
                self.time = Some((v as u32, m as u32, sec as u32));
                Some(used)
            }
            Some(b'-') if n == 4 && self.year.is_none() => {
                let (mo, mon) = number(s.get(n + 1..)?)?;
                let at = n + 1 + mon;
                if s.get(at) != Some(&b'-') {
                    return None;
                }
                let (d, dn) = number(s.get(at + 1..)?)?;
                self.year = Some(v);
                self.month = Some(u32::try_from(mo).ok()?);
                self.day = Some(u32::try_from(d).ok()?);
                Some(at + 1 + dn)
            }
            _ => {
                if v >= 100_000_000 && self.epoch.is_none() && self.year.is_none() {
                    self.epoch = Some(v);
                } else if n == 4 && self.year.is_none() {
                    self.year = Some(v);
                } else if n <= 2 && self.day.is_none() && (1..=31).contains(&v) {
                    self.day = Some(v as u32);
                } else {
                    return None;
                }
                Some(n)
            }
        }
    }

    /// The date in seconds and its offset; `local_zone` is the offset of a date without one.
    fn resolve(self, local_zone: i32) -> Option<(i64, i32)> {
        if let Some(epoch) = self.epoch {
            if self.year.is_some() || self.day.is_some() || self.time.is_some() {
                return None;
            }
            return Some((epoch, self.offset.unwrap_or(local_zone)));
        }
        let (year, month, day) = (self.year?, self.month?, self.day?);
        if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        let (h, m, s) = self.time.unwrap_or((0, 0, 0));
        let local = days_from_civil(year, month, day) * 86_400
            + i64::from(h) * 3600
            + i64::from(m) * 60
            + i64::from(s);
        let offset = self.offset.unwrap_or(local_zone);
        Some((local - i64::from(offset) * 60, offset))
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
            Some((1700000000, local_offset(&Environment::from_process())))
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

    #[test]
    fn posix_tz_offsets_count_west() {
        assert_eq!(posix_tz_offset(b"UTC"), Some(0));
        assert_eq!(posix_tz_offset(b"UTC0"), Some(0));
        assert_eq!(posix_tz_offset(b"EST5"), Some(-300));
        assert_eq!(posix_tz_offset(b"<+0530>-5:30"), Some(330));
        assert_eq!(posix_tz_offset(b"EST5EDT"), None);
        assert_eq!(posix_tz_offset(b"Europe/Berlin"), None);
    }
}
