//! Dates as git reads them from people (git's `date.c`): [`parse_date_basic`], the strict
//! reader behind `GIT_AUTHOR_DATE` (RFC 2822, ISO 8601, `@<seconds> <zone>`, `<seconds>`…),
//! and [`approxidate_careful`], which tries it first and then reads the words `--since`,
//! `--until` and `<ref>@{<date>}` take: `yesterday`, `noon`, `midnight`, `tea`, `now`,
//! `never`, `3.days.ago`, `2 weeks ago`, `last friday`, `Dec 6`, `10am`, `6pm yesterday`…
//!
//! Both are pure: "now" and the local zone come in a [`DateContext`]. Like git, they work on a
//! C `struct tm` in the local zone (mktime and localtime are [`TimeZone`]'s), field by field,
//! and are as forgiving: what is not understood is skipped. Timestamps are git's
//! `timestamp_t`, unsigned: a date before 1970 wraps, as `git rev-parse --since` prints it.
//!
//! ```
//! use gitstore::date::{approxidate, approxidate_careful, DateContext, TimeZone};
//!
//! let ctx = DateContext::at(1_700_000_000); // Tue Nov 14 22:13:20 2023 UTC
//! assert_eq!(approxidate(b"yesterday", &ctx), 1_700_000_000 - 86_400);
//! assert_eq!(approxidate(b"2.weeks.ago", &ctx), 1_700_000_000 - 14 * 86_400);
//! assert_eq!(approxidate(b"2005-05-26 18:43:00 +0200", &ctx), 1_117_125_780);
//! assert_eq!(approxidate(b"noon", &ctx), 1_699_963_200);
//! assert!(approxidate_careful(b"garbage", &ctx).is_err());
//! ```

use super::{DateContext, TimeZone};

/// An approxidate that understood nothing in its input (git's `error_ret`); git's commands that
/// do not check use [`value`](Self::value), which is "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a date")]
pub struct NotADate {
    /// What git's `approxidate` returns anyway.
    pub value: u64,
}

/// git's `approxidate`: [`approxidate_careful`], its error ignored.
pub fn approxidate(date: &[u8], ctx: &DateContext) -> u64 {
    approxidate_careful(date, ctx).unwrap_or_else(|e| e.value)
}

/// git's `approxidate_careful`: a strict date if [`parse_date_basic`] reads one, else the
/// approximate reading relative to `ctx.now` in `ctx.zone`; an error when not one word or
/// number in `date` was understood.
pub fn approxidate_careful(date: &[u8], ctx: &DateContext) -> Result<u64, NotADate> {
    if let Some((timestamp, _)) = parse_date_basic(date, ctx) {
        return Ok(timestamp);
    }
    approxidate_str(date, ctx)
}

/// git's `parse_date_basic`: seconds since the epoch and the zone in minutes east of UTC (the
/// local zone's at that time when `date` names none), or `None`. `ctx.now` stands for the
/// clock git consults to refuse `mm/dd/yy` dates in the future.
pub fn parse_date_basic(date: &[u8], ctx: &DateContext) -> Option<(u64, i32)> {
    let mut tm = Tm::unset();
    tm.hour = -1;
    tm.min = -1;
    tm.sec = -1;
    let mut offset = -1;
    let mut tm_gmt = false;
    if date.first() == Some(&b'@') {
        if let Some(found) = object_header_date(date.get(1..).unwrap_or_default()) {
            return Some(found);
        }
    }
    let s = Str(date);
    let mut i = 0;
    loop {
        let c = s.at(i);
        if c == 0 || c == b'\n' {
            break;
        }
        let rest = s.from(i);
        let matched = if c.is_ascii_alphabetic() {
            match_alpha(rest, &mut tm, &mut offset)
        } else if c.is_ascii_digit() {
            match_digit(rest, &mut tm, &mut offset, &mut tm_gmt, ctx.now)
        } else if (c == b'-' || c == b'+') && rest.at(1).is_ascii_digit() {
            match_tz(rest, &mut offset)
        } else {
            0
        };
        i += matched.max(1);
    }
    let timestamp = tm_to_time_t(&tm);
    if timestamp == -1 {
        return None;
    }
    if offset == -1 {
        let local = mktime(&Tm { isdst: -1, ..tm }, &ctx.zone);
        offset = if timestamp > local {
            i32::try_from((timestamp - local) / 60).unwrap_or(i32::MAX)
        } else {
            -i32::try_from((local - timestamp) / 60).unwrap_or(i32::MAX)
        };
    }
    let mut timestamp = timestamp as u64;
    if !tm_gmt {
        let shift = (i64::from(offset) * 60) as u64;
        if offset > 0 && shift > timestamp {
            return None;
        }
        if offset < 0 && (-i64::from(offset) * 60) as u64 > TIMESTAMP_MAX.wrapping_sub(timestamp) {
            return None;
        }
        timestamp = timestamp.wrapping_sub(shift);
    }
    Some((timestamp, offset))
}

/// 2099-12-31T23:59:59Z, the last second git's date arithmetic handles.
const TIMESTAMP_MAX: u64 = ((2100 - 1970) * 365 + 32) * 24 * 60 * 60 - 1;

/// A C string: reads past the end are NUL.
#[derive(Clone, Copy)]
struct Str<'a>(&'a [u8]);

impl<'a> Str<'a> {
    fn at(&self, i: usize) -> u8 {
        self.0.get(i).copied().unwrap_or(0)
    }
    fn from(&self, i: usize) -> Str<'a> {
        Str(self.0.get(i..).unwrap_or_default())
    }
    /// `strtoumax`/`strtoul` from a digit: the value (saturated) and the digits' length.
    fn number(&self) -> (u64, usize) {
        let n = self.0.iter().take_while(|c| c.is_ascii_digit()).count();
        let value = self.0[..n].iter().try_fold(0u64, |v, &d| {
            v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        });
        (value.unwrap_or(u64::MAX), n)
    }
    /// `strtol` from a digit.
    fn long(&self) -> (i64, usize) {
        let (v, n) = self.number();
        (i64::try_from(v).unwrap_or(i64::MAX), n)
    }
}

/// C's `struct tm`; -1 marks a field not yet known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tm {
    sec: i32,
    min: i32,
    hour: i32,
    mday: i32,
    mon: i32,
    /// Years since 1900.
    year: i32,
    wday: i32,
    isdst: i32,
}

impl Tm {
    /// git's starting point: date unknown, time zero.
    fn unset() -> Tm {
        Tm {
            sec: 0,
            min: 0,
            hour: 0,
            mday: -1,
            mon: -1,
            year: -1,
            wday: 0,
            isdst: -1,
        }
    }
}

/// `localtime_r`.
fn localtime(t: i64, zone: &TimeZone) -> Tm {
    let lt = zone.at(t);
    let mut tm = gmtime(t.saturating_add(i64::from(lt.offset)));
    tm.isdst = i32::from(lt.is_dst);
    tm
}

/// `gmtime_r`.
fn gmtime(t: i64) -> Tm {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400) as i32;
    let (y, m, d) = super::civil_from_days(days);
    Tm {
        sec: secs % 60,
        min: secs / 60 % 60,
        hour: secs / 3600,
        mday: d as i32,
        mon: m as i32 - 1,
        year: i32::try_from(y - 1900).unwrap_or(i32::MAX),
        wday: (days + 4).rem_euclid(7) as i32,
        isdst: 0,
    }
}

/// `mktime`: the fields normalized (month 13 is next January), in the local zone.
fn mktime(tm: &Tm, zone: &TimeZone) -> i64 {
    let mon = i64::from(tm.mon);
    let year = i64::from(tm.year) + 1900 + mon.div_euclid(12);
    let first = super::show::days_from_civil(year, mon.rem_euclid(12) as u32 + 1, 1);
    let local = (first + i64::from(tm.mday) - 1)
        .saturating_mul(86_400)
        .saturating_add(i64::from(tm.hour) * 3600 + i64::from(tm.min) * 60 + i64::from(tm.sec));
    let hint = (tm.isdst >= 0).then_some(tm.isdst > 0);
    zone.mktime(local, hint)
}

/// git's `tm_to_time_t`: the fields as UTC, 1970 to 2099 only, or -1.
fn tm_to_time_t(tm: &Tm) -> i64 {
    const MDAYS: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let year = i64::from(tm.year) - 70;
    let Some(&mdays) = usize::try_from(tm.mon).ok().and_then(|m| MDAYS.get(m)) else {
        return -1;
    };
    if !(0..=129).contains(&year) {
        return -1;
    }
    let mut day = i64::from(tm.mday);
    if tm.mon < 2 || (year + 2) % 4 != 0 {
        day -= 1;
    }
    if tm.hour < 0 || tm.min < 0 || tm.sec < 0 {
        return -1;
    }
    (year * 365 + (year + 1) / 4 + mdays + day) * 86_400
        + i64::from(tm.hour) * 3600
        + i64::from(tm.min) * 60
        + i64::from(tm.sec)
}

const MONTH_NAMES: [&[u8]; 12] = [
    b"January",
    b"February",
    b"March",
    b"April",
    b"May",
    b"June",
    b"July",
    b"August",
    b"September",
    b"October",
    b"November",
    b"December",
];
const WEEKDAY_NAMES: [&[u8]; 7] = [
    b"Sundays",
    b"Mondays",
    b"Tuesdays",
    b"Wednesdays",
    b"Thursdays",
    b"Fridays",
    b"Saturdays",
];

/// git's zone names: hours east of UTC, plus one in summer ("we like summer").
const TIMEZONE_NAMES: &[(&[u8], i32, i32)] = &[
    (b"IDLW", -12, 0),
    (b"NT", -11, 0),
    (b"CAT", -10, 0),
    (b"HST", -10, 0),
    (b"HDT", -10, 1),
    (b"YST", -9, 0),
    (b"YDT", -9, 1),
    (b"PST", -8, 0),
    (b"PDT", -8, 1),
    (b"MST", -7, 0),
    (b"MDT", -7, 1),
    (b"CST", -6, 0),
    (b"CDT", -6, 1),
    (b"EST", -5, 0),
    (b"EDT", -5, 1),
    (b"AST", -3, 0),
    (b"ADT", -3, 1),
    (b"WAT", -1, 0),
    (b"GMT", 0, 0),
    (b"UTC", 0, 0),
    (b"Z", 0, 0),
    (b"WET", 0, 0),
    (b"BST", 0, 1),
    (b"CET", 1, 0),
    (b"MET", 1, 0),
    (b"MEWT", 1, 0),
    (b"MEST", 1, 1),
    (b"CEST", 1, 1),
    (b"MESZ", 1, 1),
    (b"FWT", 1, 0),
    (b"FST", 1, 1),
    (b"EET", 2, 0),
    (b"EEST", 2, 1),
    (b"WAST", 7, 0),
    (b"WADT", 7, 1),
    (b"CCT", 8, 0),
    (b"JST", 9, 0),
    (b"EAST", 10, 0),
    (b"EADT", 10, 1),
    (b"GST", 10, 0),
    (b"NZT", 12, 0),
    (b"NZST", 12, 0),
    (b"NZDT", 12, 1),
    (b"IDLE", 12, 0),
];

/// git's `match_string`: how many characters of `date` match `name` (any case) before a
/// character that is not alphanumeric; 0 if an alphanumeric one differs.
fn match_string(date: Str<'_>, name: &[u8]) -> usize {
    let mut i = 0;
    loop {
        let d = date.at(i);
        if d == 0 {
            return i;
        }
        let n = name.get(i).copied().unwrap_or(0);
        if !d.eq_ignore_ascii_case(&n) {
            if !d.is_ascii_alphanumeric() {
                return i;
            }
            return 0;
        }
        i += 1;
    }
}

fn skip_alpha(date: Str<'_>) -> usize {
    let mut i = 1;
    while date.at(i).is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// A month, weekday or zone name, `AM`/`PM`, ISO 8601's `T`.
fn match_alpha(date: Str<'_>, tm: &mut Tm, offset: &mut i32) -> usize {
    for (i, name) in MONTH_NAMES.iter().enumerate() {
        let m = match_string(date, name);
        if m >= 3 {
            tm.mon = i as i32;
            return m;
        }
    }
    for (i, name) in WEEKDAY_NAMES.iter().enumerate() {
        let m = match_string(date, name);
        if m >= 3 {
            tm.wday = i as i32;
            return m;
        }
    }
    for &(name, hours, dst) in TIMEZONE_NAMES {
        let m = match_string(date, name);
        if m >= 3 || m == name.len() {
            if *offset == -1 {
                *offset = 60 * (hours + dst);
            }
            return m;
        }
    }
    if match_string(date, b"PM") == 2 {
        tm.hour = tm.hour % 12 + 12;
        return 2;
    }
    if match_string(date, b"AM") == 2 {
        tm.hour %= 12;
        return 2;
    }
    if date.at(0) == b'T' && date.at(1).is_ascii_digit() && tm.hour == -1 {
        tm.min = 0;
        tm.sec = 0;
        return 1;
    }
    skip_alpha(date)
}

/// git's `set_date`: a plausible date into `tm`; with `now_tm`, not more than ten days ahead.
fn set_date(year: i64, month: i64, day: i64, now_tm: Option<&Tm>, now: i64, tm: &mut Tm) -> bool {
    if !(1..13).contains(&month) || !(1..32).contains(&day) {
        return false;
    }
    let mut r = *tm;
    r.mon = month as i32 - 1;
    r.mday = day as i32;
    if year == -1 {
        match now_tm {
            None => {
                tm.mon = r.mon;
                tm.mday = r.mday;
                return true;
            }
            Some(n) => r.year = n.year,
        }
    } else if (1970..2100).contains(&year) {
        r.year = year as i32 - 1900;
    } else if year > 70 && year < 100 {
        r.year = year as i32;
    } else if year < 38 {
        r.year = (year + 100) as i32;
    } else {
        return false;
    }
    if now_tm.is_none() {
        *tm = r;
        return true;
    }
    let specified = tm_to_time_t(&r);
    if specified != -1 && now.saturating_add(10 * 24 * 3600) < specified {
        return false;
    }
    tm.mon = r.mon;
    tm.mday = r.mday;
    if year != -1 {
        tm.year = r.year;
    }
    true
}

fn set_time(hour: i64, minute: i64, second: i64, tm: &mut Tm) -> bool {
    if (0..=24).contains(&hour) && (0..60).contains(&minute) && (0..=60).contains(&second) {
        tm.hour = hour as i32;
        tm.min = minute as i32;
        tm.sec = second as i32;
        return true;
    }
    false
}

/// `num[-./:]num[same]num`: a time or a date in one of its orders; how much was read, or 0.
fn match_multi_number(
    num: u64,
    sep: u8,
    date: Str<'_>,
    mut end: usize,
    tm: &mut Tm,
    now: i64,
) -> usize {
    let num = num as i64;
    let (num2, n) = date.from(end + 1).long();
    end += 1 + n;
    let mut num3 = -1;
    if date.at(end) == sep && date.at(end + 1).is_ascii_digit() {
        let (v, n) = date.from(end + 1).long();
        num3 = v;
        end += 1 + n;
    }
    match sep {
        b':' => {
            if num3 < 0 {
                num3 = 0;
            }
            if !set_time(num, num2, num3, tm) {
                return 0;
            }
            let known = tm.year != -1 && tm.mon != -1 && tm.mday != -1;
            if date.at(end) == b'.' && date.at(end + 1).is_ascii_digit() && known {
                end += 1 + date.from(end + 1).long().1;
            }
        }
        _ => {
            let now_tm = gmtime(now);
            let refuse_future = Some(&now_tm);
            let found = (num > 70
                && (set_date(num, num2, num3, None, now, tm)
                    || set_date(num, num3, num2, None, now, tm)))
                || (sep != b'.' && set_date(num3, num, num2, refuse_future, now, tm))
                || set_date(num3, num2, num, refuse_future, now, tm)
                || (sep == b'.' && set_date(num3, num, num2, refuse_future, now, tm));
            if !found {
                return 0;
            }
        }
    }
    end
}

/// Whether no field has been set yet.
fn nodate(tm: &Tm) -> bool {
    (tm.year & tm.mon & tm.mday & tm.hour & tm.min & tm.sec) < 0
}

/// A number: seconds since 1970, a time or date, a year, a zone, a day…
fn match_digit(date: Str<'_>, tm: &mut Tm, offset: &mut i32, tm_gmt: &mut bool, now: i64) -> usize {
    let (num, end) = date.number();
    if num >= 100_000_000 && nodate(tm) {
        let t = num as i64;
        // gmtime_r fails when the year does not fit in an int
        if t.unsigned_abs() < 67_767_976_233_316_800 {
            *tm = gmtime(t);
            *tm_gmt = true;
            return end;
        }
    }
    let sep = date.at(end);
    if matches!(sep, b':' | b'.' | b'/' | b'-') && date.at(end + 1).is_ascii_digit() {
        let m = match_multi_number(num, sep, date, end, tm, now);
        if m != 0 {
            return m;
        }
    }
    let n = end;
    if n == 8 || n == 6 {
        let (num1, num2, num3) = (
            (num / 10000) as i64,
            (num % 10000 / 100) as i64,
            (num % 100) as i64,
        );
        let mut end = end;
        if n == 8 {
            set_date(num1, num2, num3, None, now, tm);
        } else if set_time(num1, num2, num3, tm)
            && date.at(end) == b'.'
            && date.at(end + 1).is_ascii_digit()
        {
            end += 1 + date.from(end + 1).number().1;
        }
        return end;
    }
    if tm.hour == -1 && tm.min == 0 && tm.sec == 0 {
        let (num1, num2) = if n == 4 {
            (num / 100, num % 100)
        } else {
            (num, 0)
        };
        if (n == 4 || n == 2) && !nodate(tm) && set_time(num1 as i64, num2 as i64, 0, tm) {
            return n;
        }
        tm.min = -1;
        tm.sec = -1;
    }
    if n == 4 {
        if num <= 1400 && *offset == -1 {
            *offset = (num / 100 * 60 + num % 100) as i32;
        } else if num > 1900 && num < 2100 {
            tm.year = num as i32 - 1900;
        }
        return n;
    }
    if n > 2 {
        return n;
    }
    let num = num as i32;
    if num > 0 && num < 32 && tm.mday < 0 {
        tm.mday = num;
        return n;
    }
    if n == 2 && tm.year < 0 {
        if num < 10 && tm.mday >= 0 {
            tm.year = num + 100;
            return n;
        }
        if num >= 70 {
            tm.year = num;
            return n;
        }
    }
    if num > 0 && num < 13 && tm.mon < 0 {
        tm.mon = num - 1;
    }
    n
}

/// `+hhmm`, `-hh`, `+hh:mm`.
fn match_tz(date: Str<'_>, offset: &mut i32) -> usize {
    let (value, n) = date.from(1).number();
    let mut end = 1 + n;
    let mut hour = value.min(u64::from(u32::MAX)) as i64;
    let mut min = 0;
    if n == 4 {
        min = hour % 100;
        hour /= 100;
    } else if n != 2 {
        min = 99;
    } else if date.at(end) == b':' {
        let (m, k) = date.from(end + 1).number();
        min = m.min(99) as i64;
        end += 1 + k;
        if end - 1 != 5 {
            min = 99;
        }
    }
    if min < 60 && hour < 24 {
        let o = (hour * 60 + min) as i32;
        *offset = if date.at(0) == b'-' { -o } else { o };
    }
    end
}

/// git's `match_object_header_date`: `<seconds> <+|-><4 digits>` and nothing more.
fn object_header_date(date: &[u8]) -> Option<(u64, i32)> {
    let s = Str(date);
    if !s.at(0).is_ascii_digit() {
        return None;
    }
    let (stamp, n) = s.number();
    if s.at(n) != b' ' || stamp == u64::MAX || !matches!(s.at(n + 1), b'+' | b'-') {
        return None;
    }
    let (ofs, k) = s.from(n + 2).long();
    if !matches!(s.at(n + 2 + k), 0 | b'\n') || k != 4 {
        return None;
    }
    let ofs = (ofs / 100 * 60 + ofs % 100) as i32;
    Some((stamp, if s.at(n + 1) == b'-' { -ofs } else { ofs }))
}

/// The approximate reader: `tm` starts as now in the local zone, each word moves it.
fn approxidate_str(date: &[u8], ctx: &DateContext) -> Result<u64, NotADate> {
    let zone = &ctx.zone;
    let now = localtime(ctx.now, zone);
    let mut tm = Tm {
        year: -1,
        mon: -1,
        mday: -1,
        ..now
    };
    let mut a = Approx {
        now,
        zone,
        num: 0,
        touched: false,
    };
    let s = Str(date);
    let mut i = 0;
    loop {
        let c = s.at(i);
        if c == 0 {
            break;
        }
        if c.is_ascii_digit() {
            a.pending_number(&mut tm);
            i += a.digit(s.from(i), &mut tm, ctx.now);
            a.touched = true;
        } else if c.is_ascii_alphabetic() {
            i += a.alpha(s.from(i), &mut tm);
        } else {
            i += 1;
        }
    }
    a.pending_number(&mut tm);
    let value = a.update_tm(&mut tm, 0) as u64;
    if a.touched {
        Ok(value)
    } else {
        Err(NotADate { value })
    }
}

struct Approx<'z> {
    now: Tm,
    zone: &'z TimeZone,
    /// A number waiting for its unit (`2` in `2 weeks ago`).
    num: i32,
    touched: bool,
}

const SPECIAL: [&[u8]; 8] = [
    b"yesterday",
    b"noon",
    b"midnight",
    b"tea",
    b"PM",
    b"AM",
    b"never",
    b"now",
];
const NUMBER_NAMES: [&[u8]; 11] = [
    b"zero", b"one", b"two", b"three", b"four", b"five", b"six", b"seven", b"eight", b"nine",
    b"ten",
];
const TYPELEN: [(&[u8], i32); 5] = [
    (b"seconds", 1),
    (b"minutes", 60),
    (b"hours", 3600),
    (b"days", 86_400),
    (b"weeks", 7 * 86_400),
];

impl Approx<'_> {
    /// git's `update_tm`: unknown fields from now, then `sec` seconds earlier, through mktime
    /// and back.
    fn update_tm(&self, tm: &mut Tm, sec: i64) -> i64 {
        if tm.mday < 0 {
            tm.mday = self.now.mday;
        }
        if tm.mon < 0 {
            tm.mon = self.now.mon;
        }
        if tm.year < 0 {
            tm.year = self.now.year;
            if tm.mon > self.now.mon {
                tm.year -= 1;
            }
        }
        let n = mktime(tm, self.zone).saturating_sub(sec);
        *tm = localtime(n, self.zone);
        n
    }

    /// A number not followed by its unit is a day, a month or a year, as in `Dec 6, 1992`.
    fn pending_number(&mut self, tm: &mut Tm) {
        let number = std::mem::take(&mut self.num);
        if number == 0 {
            return;
        }
        if tm.mday < 0 && number < 32 {
            tm.mday = number;
        } else if tm.mon < 0 && number < 13 {
            tm.mon = number - 1;
        } else if tm.year < 0 {
            if number > 1969 && number < 2100 {
                tm.year = number - 1900;
            } else if number > 69 && number < 100 {
                tm.year = number;
            } else if number < 38 {
                tm.year = 100 + number;
            }
        }
    }

    /// `hour` o'clock; if that is later than the time so far, the day before.
    fn date_time(&self, tm: &mut Tm, hour: i32) {
        if tm.hour < hour {
            self.update_tm(tm, 86_400);
        }
        tm.hour = hour;
        tm.min = 0;
        tm.sec = 0;
    }

    fn special(&mut self, which: usize, tm: &mut Tm) {
        match which {
            0 => {
                self.num = 0;
                self.update_tm(tm, 86_400);
            }
            1..=3 => {
                self.pending_number(tm);
                self.date_time(tm, [12, 0, 17][which - 1]);
            }
            4 | 5 => {
                let n = std::mem::take(&mut self.num);
                let mut hour = tm.hour;
                if n != 0 {
                    hour = n;
                    tm.min = 0;
                    tm.sec = 0;
                }
                tm.hour = hour % 12 + if which == 4 { 12 } else { 0 };
            }
            6 => {
                *tm = localtime(0, self.zone);
                self.num = 0;
            }
            _ => {
                self.num = 0;
                self.update_tm(tm, 0);
            }
        }
    }

    /// A word: how many bytes it takes.
    fn alpha(&mut self, date: Str<'_>, tm: &mut Tm) -> usize {
        let end = skip_alpha(date);
        for (i, name) in MONTH_NAMES.iter().enumerate() {
            if match_string(date, name) >= 3 {
                tm.mon = i as i32;
                self.touched = true;
                return end;
            }
        }
        for (i, name) in SPECIAL.iter().enumerate() {
            if match_string(date, name) == name.len() {
                self.special(i, tm);
                self.touched = true;
                return end;
            }
        }
        if self.num == 0 {
            for (i, name) in NUMBER_NAMES.iter().enumerate().skip(1) {
                if match_string(date, name) == name.len() {
                    self.num = i as i32;
                    self.touched = true;
                    return end;
                }
            }
            if match_string(date, b"last") == 4 {
                self.num = 1;
                self.touched = true;
            }
            return end;
        }
        for (name, length) in TYPELEN {
            if match_string(date, name) >= name.len() - 1 {
                self.update_tm(tm, i64::from(length.wrapping_mul(self.num)));
                self.num = 0;
                self.touched = true;
                return end;
            }
        }
        for (i, name) in WEEKDAY_NAMES.iter().enumerate() {
            if match_string(date, name) >= 3 {
                let mut n = self.num.wrapping_sub(1);
                self.num = 0;
                let mut diff = tm.wday - i as i32;
                if diff <= 0 {
                    n = n.wrapping_add(1);
                }
                diff = diff.wrapping_add(n.wrapping_mul(7));
                self.update_tm(tm, i64::from(diff.wrapping_mul(86_400)));
                self.touched = true;
                return end;
            }
        }
        if match_string(date, b"months") >= 5 {
            self.update_tm(tm, 0);
            let n = i64::from(tm.mon) - i64::from(self.num);
            self.num = 0;
            let years_back = if n < 0 { (11 - n) / 12 } else { 0 };
            tm.mon = (n + 12 * years_back) as i32;
            tm.year = tm.year.wrapping_sub(years_back as i32);
            self.touched = true;
            return end;
        }
        if match_string(date, b"years") >= 4 {
            self.update_tm(tm, 0);
            tm.year = tm.year.wrapping_sub(self.num);
            self.num = 0;
            self.touched = true;
        }
        end
    }

    /// A number: a date or time in one piece, else held until its unit comes.
    fn digit(&mut self, date: Str<'_>, tm: &mut Tm, now: i64) -> usize {
        let (number, end) = date.number();
        let sep = date.at(end);
        if matches!(sep, b':' | b'.' | b'/' | b'-') && date.at(end + 1).is_ascii_digit() {
            let m = match_multi_number(number, sep, date, end, tm, now);
            if m != 0 {
                return m;
            }
        }
        // zero-padding only for small numbers ("Dec 02", never "Dec 0002")
        if date.at(0) != b'0' || end <= 2 {
            self.num = number as i32;
        }
        end
    }
}

#[cfg(test)]
mod tests;
