//! git's `show_date` with every `--date=` mode: [`DateFormat`] parsed from `--date=`'s
//! argument, shown for a timestamp and the time zone it was recorded in (`+0100` read as the
//! number 100, as git's `strtol` reads it), relative to a `now` the caller passes.
//!
//! ```
//! use gitstore::date::{DateFormat, DateContext};
//!
//! let ctx = DateContext::at(1_700_086_400);
//! let show = |arg: &str| DateFormat::parse(arg).unwrap().show(1_700_000_000, 100, &ctx);
//! assert_eq!(show("iso"), "2023-11-14 23:13:20 +0100");
//! assert_eq!(show("relative"), "24 hours ago");
//! assert_eq!(show("format:%d/%m/%Y %H:%M %z"), "14/11/2023 23:13 +0100");
//! ```

use super::{civil_from_days, TimeZone, MONTHS, WEEKDAYS};

const WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The kind of a `--date=` format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateKind {
    /// `default`: `Tue Nov 14 23:13:20 2023 +0100`.
    Normal,
    /// `short`: `2023-11-14`.
    Short,
    /// `iso`: `2023-11-14 23:13:20 +0100`.
    Iso,
    /// `iso-strict`: `2023-11-14T23:13:20+01:00`.
    IsoStrict,
    /// `rfc`: `Tue, 14 Nov 2023 23:13:20 +0100`.
    Rfc,
    /// `raw`: `1700000000 +0100`.
    Raw,
    /// `unix`: `1700000000`.
    Unix,
    /// `relative`: `2 hours ago`.
    Relative,
    /// `human`: relative today, then less of the date the closer it is to now
    /// (`Tue 14:05`, `Nov 3`, `Mar 3 2021`).
    Human,
    /// `format:…`: strftime(3) in the C locale, `%z`, `%Z` and `%s` as git treats them.
    Strftime(String),
}

/// A `--date=` format: its kind, and whether it shows times in the local zone (`-local`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    /// How the date is written.
    pub kind: DateKind,
    /// `iso-local`, `format-local:…`…: shown in [`DateContext::local`], not the recorded zone.
    pub local: bool,
}

impl Default for DateFormat {
    fn default() -> Self {
        DateFormat::new(DateKind::Normal)
    }
}

/// Why a `--date=` argument is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateFormatError {
    /// Not one of git's formats (git: `unknown date format <arg>`).
    #[error("unknown date format {0}")]
    Unknown(String),
    /// `format` without `:` (git: `date format missing colon separator: <arg>`).
    #[error("date format missing colon separator: {0}")]
    MissingColon(String),
    /// A format git has that this crate does not implement (`auto:`).
    #[error("unsupported date format {0}")]
    Unsupported(String),
}

/// What showing a date needs besides the date: the current time (for `relative`) and the local
/// time zone (for the `-local` formats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateContext {
    /// Seconds since the epoch that `relative` counts back from.
    pub now: i64,
    /// The local zone (`TZ`), for the `-local` formats and `human`.
    pub zone: TimeZone,
}

impl DateContext {
    /// The context of a git command run with the variables of `env`: now is
    /// `GIT_TEST_DATE_NOW` if set, else the clock; the zone is `TZ`'s (or `/etc/localtime`).
    pub fn from_env(env: &crate::env::Environment) -> DateContext {
        let now = env.test_date_now().unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
        DateContext {
            now,
            zone: TimeZone::from_tz_variable(env.tz()),
        }
    }

    /// A context whose `now` is `now`, in UTC.
    pub fn at(now: i64) -> DateContext {
        DateContext {
            now,
            zone: TimeZone::utc(),
        }
    }
}

impl DateFormat {
    /// A format of `kind` in the recorded zone.
    pub fn new(kind: DateKind) -> DateFormat {
        DateFormat { kind, local: false }
    }

    /// git's `parse_date_format`: `default`, `relative`, `iso` (`iso8601`), `iso-strict`,
    /// `rfc` (`rfc2822`), `short`, `raw`, `unix`, `format:…`, each with `-local`
    /// (`format-local:…`); `local` alone is `default-local`.
    pub fn parse(arg: &str) -> Result<DateFormat, DateFormatError> {
        if arg.starts_with("auto:") {
            return Err(DateFormatError::Unsupported(arg.to_string()));
        }
        let spelled = if arg == "local" { "default-local" } else { arg };
        const NAMES: &[(&str, Option<DateKind>)] = &[
            ("relative", Some(DateKind::Relative)),
            ("iso8601-strict", Some(DateKind::IsoStrict)),
            ("iso-strict", Some(DateKind::IsoStrict)),
            ("iso8601", Some(DateKind::Iso)),
            ("iso", Some(DateKind::Iso)),
            ("rfc2822", Some(DateKind::Rfc)),
            ("rfc", Some(DateKind::Rfc)),
            ("short", Some(DateKind::Short)),
            ("default", Some(DateKind::Normal)),
            ("human", Some(DateKind::Human)),
            ("raw", Some(DateKind::Raw)),
            ("unix", Some(DateKind::Unix)),
            ("format", Some(DateKind::Strftime(String::new()))),
        ];
        let Some((rest, kind)) = NAMES
            .iter()
            .find_map(|(name, kind)| Some((spelled.strip_prefix(name)?, kind)))
        else {
            return Err(DateFormatError::Unknown(arg.to_string()));
        };
        let Some(mut kind) = kind.clone() else {
            return Err(DateFormatError::Unknown(arg.to_string()));
        };
        let (local, rest) = match rest.strip_prefix("-local") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if let DateKind::Strftime(f) = &mut kind {
            let Some(fmt) = rest.strip_prefix(':') else {
                return Err(DateFormatError::MissingColon(arg.to_string()));
            };
            *f = fmt.to_string();
        } else if !rest.is_empty() {
            return Err(DateFormatError::Unknown(arg.to_string()));
        }
        Ok(DateFormat { kind, local })
    }

    /// git's `show_date`: `seconds` since the epoch recorded in zone `tz` (`+0100` as 100).
    pub fn show(&self, seconds: i64, tz: i32, ctx: &DateContext) -> String {
        let tz = if self.local {
            ctx.zone.at(seconds).git_offset()
        } else {
            tz
        };
        let tz_text = format_tz(tz);
        match &self.kind {
            DateKind::Unix => return seconds.to_string(),
            DateKind::Raw => return format!("{seconds} {tz_text}"),
            DateKind::Relative => return relative(seconds, ctx.now),
            _ => {}
        }
        let tm = Tm::new(seconds.saturating_add(tz_seconds(tz)));
        let (y, mo, d) = (tm.year, tm.month + 1, tm.mday);
        let (h, mi, s) = (tm.hour, tm.min, tm.sec);
        let wd = WEEKDAYS[tm.wday];
        let mon = MONTHS[tm.month];
        match &self.kind {
            DateKind::Short => format!("{y:04}-{mo:02}-{d:02}"),
            DateKind::Iso => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} {tz_text}"),
            DateKind::IsoStrict => {
                let zone = if tz == 0 {
                    "Z".to_string()
                } else {
                    let a = tz.unsigned_abs();
                    let sign = if tz < 0 { '-' } else { '+' };
                    format!("{sign}{:02}:{:02}", a / 100, a % 100)
                };
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}")
            }
            DateKind::Rfc => format!("{wd}, {d} {mon} {y} {h:02}:{mi:02}:{s:02} {tz_text}"),
            DateKind::Strftime(fmt) => {
                let zone = if self.local {
                    ctx.zone.at(seconds).abbreviation
                } else {
                    String::new()
                };
                strftime(fmt, &tm, seconds, tz, &zone)
            }
            DateKind::Human => human(&tm, tz, seconds, self.local, ctx),
            _ if self.local => format!("{wd} {mon} {d} {h:02}:{mi:02}:{s:02} {y}"),
            _ => format!("{wd} {mon} {d} {h:02}:{mi:02}:{s:02} {y} {tz_text}"),
        }
    }
}

/// git's `show_date_normal` in `human` mode: `tm` (the date in its zone) against now in the
/// local zone. Today is relative; this year's dates drop the year, recent ones the date.
fn human(tm: &Tm, tz: i32, seconds: i64, local: bool, ctx: &DateContext) -> String {
    let local_tz = ctx.zone.at(ctx.now).git_offset();
    let now = Tm::new(ctx.now.saturating_add(tz_seconds(local_tz)));
    let hide_year = tm.year == now.year;
    let (mut hide_date, mut hide_wday) = (false, false);
    if hide_year && tm.month == now.month {
        if tm.mday > now.mday {
            // a future date: time zones
        } else if tm.mday == now.mday {
            (hide_date, hide_wday) = (true, true);
        } else if tm.mday + 5 > now.mday {
            hide_date = true;
        }
    }
    if hide_wday {
        return relative(seconds, ctx.now);
    }
    let hide_tz = local || tz == local_tz || !hide_date;
    let (hide_wday, hide_time) = (!hide_year, !hide_year);
    let mut out = String::new();
    if !hide_wday {
        out.push_str(WEEKDAYS[tm.wday]);
        out.push(' ');
    }
    if !hide_date {
        out.push_str(&format!("{} {} ", MONTHS[tm.month], tm.mday));
    }
    if !hide_time {
        out.push_str(&format!("{:02}:{:02}", tm.hour, tm.min));
    } else {
        out.truncate(out.trim_end().len());
    }
    if !hide_year {
        out.push_str(&format!(" {}", tm.year));
    }
    if !hide_tz {
        out.push(' ');
        out.push_str(&format_tz(tz));
    }
    out
}

/// `%+05d` of git's decimal zone: `+0100`, `-0530`.
fn format_tz(tz: i32) -> String {
    let sign = if tz < 0 { '-' } else { '+' };
    format!("{sign}{:04}", tz.unsigned_abs())
}

/// git's `gm_time_t` offset: `-0530` (-530) is -5 h 30 min.
fn tz_seconds(tz: i32) -> i64 {
    let a = i64::from(tz.unsigned_abs());
    let minutes = a / 100 * 60 + a % 100;
    if tz < 0 {
        -minutes * 60
    } else {
        minutes * 60
    }
}

/// git's `show_date_relative`.
fn relative(time: i64, now: i64) -> String {
    if now < time {
        return "in the future".to_string();
    }
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("{n} {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    let ago = |n: i64, unit: &str| format!("{} ago", plural(n, unit));
    let diff = now.saturating_sub(time);
    if diff < 90 {
        return ago(diff, "second");
    }
    let diff = diff.saturating_add(30) / 60;
    if diff < 90 {
        return ago(diff, "minute");
    }
    let diff = (diff + 30) / 60;
    if diff < 36 {
        return ago(diff, "hour");
    }
    let diff = (diff + 12) / 24;
    if diff < 14 {
        return ago(diff, "day");
    }
    if diff < 70 {
        return ago((diff + 3) / 7, "week");
    }
    if diff < 365 {
        return ago((diff + 15) / 30, "month");
    }
    if diff < 1825 {
        let total_months = (diff * 12 * 2 + 365) / (365 * 2);
        let (years, months) = (total_months / 12, total_months % 12);
        if months != 0 {
            return format!("{}, {}", plural(years, "year"), ago(months, "month"));
        }
        return ago(years, "year");
    }
    ago((diff + 183) / 365, "year")
}

/// A broken-down time (C's `struct tm`), in whatever zone the seconds were shifted to.
struct Tm {
    year: i64,
    /// 0 to 11.
    month: usize,
    mday: u32,
    hour: i64,
    min: i64,
    sec: i64,
    /// 0 (Sunday) to 6.
    wday: usize,
    /// 0 to 365.
    yday: i64,
}

impl Tm {
    fn new(t: i64) -> Tm {
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (year, month, mday) = civil_from_days(days);
        let jan1 = days_from_civil(year, 1, 1);
        Tm {
            year,
            month: (month as usize).saturating_sub(1) % 12,
            mday,
            hour: secs / 3600,
            min: secs / 60 % 60,
            sec: secs % 60,
            wday: (days + 4).rem_euclid(7) as usize,
            yday: days - jan1,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of `civil_from_days`).
pub(super) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The ISO 8601 week-based year and week number (`%G`, `%V`).
fn iso_week(tm: &Tm) -> (i64, i64) {
    let wday_mon = (tm.wday as i64 + 6) % 7; // Monday 0
    let week = (tm.yday - wday_mon + 10) / 7;
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let weeks_in = |y: i64| {
        // a year has 53 weeks when it starts on a Thursday, or a Wednesday in a leap year
        let jan1 = (days_from_civil(y, 1, 1) + 3).rem_euclid(7); // Monday 0
        if jan1 == 3 || (jan1 == 2 && leap(y)) {
            53
        } else {
            52
        }
    };
    if week < 1 {
        (tm.year - 1, weeks_in(tm.year - 1))
    } else if week > weeks_in(tm.year) {
        (tm.year + 1, 1)
    } else {
        (tm.year, week)
    }
}

/// strftime(3) in the C locale as glibc writes it, after git's own `%z`, `%Z` and `%s`: `%z` is
/// the recorded zone, `%Z` the local zone's name (empty unless `-local`), `%s` the timestamp.
/// The `-`, `_`, `0` and `^` flags and a field width are honoured; an unknown conversion is
/// copied as written.
fn strftime(fmt: &str, tm: &Tm, seconds: i64, tz: i32, zone: &str) -> String {
    let mut out = String::new();
    let mut rest = fmt;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let spec = &rest[at + 1..];
        let mut chars = spec.char_indices().peekable();
        let mut flag = None;
        while let Some(&(_, c)) = chars.peek() {
            if matches!(c, '-' | '_' | '0' | '^' | '#') {
                flag = Some(c).filter(|&c| c != '#').or(flag);
                chars.next();
            } else {
                break;
            }
        }
        let mut width: Option<usize> = None;
        while let Some(&(_, c)) = chars.peek() {
            match c.to_digit(10) {
                Some(d) => {
                    width = Some(
                        width
                            .unwrap_or(0)
                            .saturating_mul(10)
                            .saturating_add(d as usize),
                    );
                    chars.next();
                }
                None => break,
            }
        }
        while let Some(&(_, 'E' | 'O')) = chars.peek() {
            chars.next();
        }
        let Some((i, conv)) = chars.next() else {
            out.push('%');
            out.push_str(spec);
            rest = "";
            break;
        };
        let used = i + conv.len_utf8();
        match conversion(conv, tm, seconds, tz, zone) {
            Some(Field::Num(n, digits, pad)) => {
                let pad = match flag {
                    Some('-') => None,
                    Some('_') => Some(' '),
                    Some('0') => Some('0'),
                    _ => pad,
                };
                let text = n.unsigned_abs().to_string();
                let w = match pad {
                    None => 0,
                    Some(_) => width.unwrap_or(digits),
                };
                if n < 0 {
                    out.push('-');
                }
                for _ in text.len() + usize::from(n < 0)..w {
                    out.push(pad.unwrap_or(' '));
                }
                out.push_str(&text);
            }
            Some(Field::Text(t)) => {
                let t = if flag == Some('^') {
                    t.to_uppercase()
                } else {
                    t
                };
                let pad = if flag == Some('0') { '0' } else { ' ' };
                for _ in t.chars().count()..width.unwrap_or(0) {
                    out.push(pad);
                }
                out.push_str(&t);
            }
            None => {
                out.push('%');
                out.push_str(&spec[..used]);
            }
        }
        rest = &spec[used..];
    }
    out.push_str(rest);
    out
}

/// One strftime conversion's value: a number (with its natural width and padding) or text.
enum Field {
    Num(i64, usize, Option<char>),
    Text(String),
}

fn conversion(c: char, tm: &Tm, seconds: i64, tz: i32, zone: &str) -> Option<Field> {
    use Field::{Num, Text};
    let z = Some('0');
    let hour12 = match tm.hour % 12 {
        0 => 12,
        h => h,
    };
    let sub = |f: &str| Text(strftime(f, tm, seconds, tz, zone));
    Some(match c {
        'a' => Text(WEEKDAYS[tm.wday].to_string()),
        'A' => Text(WEEKDAY_NAMES[tm.wday].to_string()),
        'b' | 'h' => Text(MONTHS[tm.month].to_string()),
        'B' => Text(MONTH_NAMES[tm.month].to_string()),
        'c' => sub("%a %b %e %H:%M:%S %Y"),
        'C' => Num(tm.year.div_euclid(100), 2, z),
        'd' => Num(i64::from(tm.mday), 2, z),
        'D' | 'x' => sub("%m/%d/%y"),
        'e' => Num(i64::from(tm.mday), 2, Some(' ')),
        'F' => sub("%Y-%m-%d"),
        'g' => Num(iso_week(tm).0.rem_euclid(100), 2, z),
        'G' => Num(iso_week(tm).0, 1, z),
        'H' => Num(tm.hour, 2, z),
        'I' => Num(hour12, 2, z),
        'j' => Num(tm.yday + 1, 3, z),
        'k' => Num(tm.hour, 2, Some(' ')),
        'l' => Num(hour12, 2, Some(' ')),
        'm' => Num(tm.month as i64 + 1, 2, z),
        'M' => Num(tm.min, 2, z),
        'n' => Text("\n".into()),
        'p' => Text(if tm.hour < 12 { "AM" } else { "PM" }.into()),
        'P' => Text(if tm.hour < 12 { "am" } else { "pm" }.into()),
        'r' => sub("%I:%M:%S %p"),
        'R' => sub("%H:%M"),
        's' => Text(seconds.to_string()),
        'S' => Num(tm.sec, 2, z),
        't' => Text("\t".into()),
        'T' | 'X' => sub("%H:%M:%S"),
        'u' => Num((tm.wday as i64 + 6) % 7 + 1, 1, z),
        'U' => Num((tm.yday + 7 - tm.wday as i64) / 7, 2, z),
        'V' => Num(iso_week(tm).1, 2, z),
        'w' => Num(tm.wday as i64, 1, z),
        'W' => Num((tm.yday + 7 - (tm.wday as i64 + 6) % 7) / 7, 2, z),
        'y' => Num(tm.year.rem_euclid(100), 2, z),
        'Y' => Num(tm.year, 1, z),
        'z' => Text(format_tz(tz)),
        'Z' => Text(zone.to_string()),
        '%' => Text("%".into()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(arg: &str, t: i64, tz: i32, now: i64) -> String {
        DateFormat::parse(arg)
            .unwrap()
            .show(t, tz, &DateContext::at(now))
    }

    #[test]
    fn relative_dates_follow_gits_thresholds() {
        let t = 1_000_000_000;
        let cases = [
            (0, "0 seconds ago"),
            (1, "1 second ago"),
            (89, "89 seconds ago"),
            (90, "2 minutes ago"),
            (89 * 60 + 29, "89 minutes ago"),
            (89 * 60 + 30, "2 hours ago"),
            (35 * 3600 + 1769, "35 hours ago"),
            (36 * 3600, "2 days ago"),
            (13 * 86400 + 11 * 3600, "13 days ago"),
            (14 * 86400, "2 weeks ago"),
            (69 * 86400, "10 weeks ago"),
            (70 * 86400, "2 months ago"),
            (364 * 86400, "12 months ago"),
            (365 * 86400, "1 year ago"),
            (400 * 86400, "1 year, 1 month ago"),
            (1700 * 86400, "4 years, 8 months ago"),
            (1824 * 86400, "5 years ago"),
            (1825 * 86400, "5 years ago"),
        ];
        for (ago, want) in cases {
            assert_eq!(show("relative", t, 100, t + ago), want, "{ago}");
        }
        assert_eq!(show("relative", t, 0, t - 1), "in the future");
    }

    proptest::proptest! {
        /// Any timestamp, zone and now, in every format: a string, never a panic.
        #[test]
        fn any_date_shows_without_panicking(t: i64, tz: i32, now: i64, local: bool) {
            for arg in ["default", "iso", "iso-strict", "rfc", "short", "raw", "unix", "relative",
                        "human", "format:%c %G %V %U %W %j %s %z %Z %C %y %e %k %l %P"] {
                let mut f = DateFormat::parse(arg).unwrap();
                f.local = local;
                let ctx = DateContext { now, zone: TimeZone::fixed(tz.saturating_mul(60), "Z") };
                let _ = f.show(t, tz, &ctx);
            }
        }
    }

    #[test]
    fn formats_parse_as_git_spells_them() {
        assert_eq!(
            DateFormat::parse("iso8601-strict-local").unwrap(),
            DateFormat {
                kind: DateKind::IsoStrict,
                local: true
            }
        );
        assert_eq!(DateFormat::parse("local").unwrap().kind, DateKind::Normal);
        assert!(matches!(
            DateFormat::parse("format"),
            Err(DateFormatError::MissingColon(_))
        ));
        assert!(matches!(
            DateFormat::parse("isox"),
            Err(DateFormatError::Unknown(_))
        ));
        assert!(matches!(
            DateFormat::parse("normal"),
            Err(DateFormatError::Unknown(_))
        ));
    }

    #[test]
    fn strftime_matches_glibc_in_the_c_locale() {
        let t = 1_700_000_000; // Tue 2023-11-14 22:13:20 UTC
        assert_eq!(
            show("format:%Y %z %Z %s %% %e %j %q", t, 100, 0),
            "2023 +0100  1700000000 % 14 318 %q"
        );
        assert_eq!(
            show("format:%c|%D|%r|%-d|%_m|%^a|%G-W%V-%u|%U|%W", t, 0, 0),
            "Tue Nov 14 22:13:20 2023|11/14/23|10:13:20 PM|14|11|TUE|2023-W46-2|46|46"
        );
        assert_eq!(show("format:%G %V", 1_104_537_600, 0, 0), "2004 53"); // 2005-01-01
        assert_eq!(show("format-local:%H %Z", t, -500, 0), "22 UTC");
    }

    #[test]
    fn fixed_formats_use_the_recorded_zone() {
        let t = 1_700_000_000;
        assert_eq!(show("iso-strict", t, -530, 0), "2023-11-14T16:43:20-05:30");
        assert_eq!(show("raw", t, -0, 0), "1700000000 +0000");
        assert_eq!(show("default-local", t, 100, 0), "Tue Nov 14 22:13:20 2023");
        assert_eq!(
            show("rfc", 951_782_400, 0, 0),
            "Tue, 29 Feb 2000 00:00:00 +0000"
        );
    }
}
