//! Local time zones as git gets them from libc (`localtime_r`, `mktime`): [`TimeZone`], read
//! from `TZ` as glibc reads it, else `/etc/localtime`, else UTC.
//!
//! `TZ` is, as glibc tries it: a file (`:Europe/Paris`, `Europe/Paris`, `/path/to/file`, the
//! leading `:` dropped, relative names under `/usr/share/zoneinfo`), else a POSIX rule:
//!
//! ```text
//! std offset [dst [offset] [,start[/time],end[/time]]]
//! CET-1CEST,M3.5.0,M10.5.0/3     names of 3+ letters or <quoted>; offsets count hours WEST
//! EST5EDT,M3.2.0,M11.1.0         of UTC; Mm.w.d = day d (0 Sunday) of week w (5 = last) of
//! <+0530>-5:30                   month m; Jn = day n of 365; n = day n of 366 (from 0)
//! ```
//!
//! A TZif file (RFC 8536), read as hostile bytes with [`Cursor`]:
//!
//! ```text
//! "TZif" version(1) reserved(15)
//! isutcnt isstdcnt leapcnt timecnt typecnt charcnt          six big-endian u32
//! transition times   timecnt × i32 (v1) / i64 (v2+)         seconds since the epoch
//! transition types   timecnt × u8                           index into the types
//! local time types   typecnt × { i32 utoff, u8 isdst, u8 abbrind }
//! abbreviations      charcnt bytes, NUL-terminated names
//! leap seconds       leapcnt × (4|8 + 4), isstd isstdcnt × u8, isut isutcnt × u8
//! v2+: a second header and data block with 64-bit times, then "\n<POSIX TZ>\n" for the
//! times after the last transition
//! ```
//!
//! ```
//! use gitstore::date::TimeZone;
//!
//! let paris = TimeZone::from_posix(b"CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
//! assert_eq!(paris.at(1_700_000_000).offset, 3600); // November: CET
//! assert_eq!(paris.at(1_690_000_000).abbreviation, "CEST"); // July
//! ```

use crate::cursor::Cursor;
use crate::error::DecodeError;
use bstr::ByteSlice;
use std::sync::Arc;

/// Where glibc looks for a zone named by a relative `TZ`.
pub const ZONEINFO_DIR: &str = "/usr/share/zoneinfo";
/// The system's local zone when `TZ` is unset.
pub const LOCALTIME_FILE: &str = "/etc/localtime";
/// Larger TZif files are not read (real ones are under 4 KiB).
pub const MAX_TZIF_SIZE: u64 = 1 << 20;

/// The local time at an instant: its offset east of UTC, whether it is summer time, its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// Seconds east of UTC.
    pub offset: i32,
    /// Daylight saving time.
    pub is_dst: bool,
    /// `CET`, `EDT`, `UTC`… (`%Z`).
    pub abbreviation: String,
}

impl LocalTime {
    /// The offset as git writes it: `-0500` is -500.
    pub fn git_offset(&self) -> i32 {
        let minutes = self.offset / 60;
        minutes / 60 * 100 + minutes % 60
    }
}

/// A time zone: a fixed offset, a POSIX rule or a TZif file. Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    zone: Arc<Zone>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Zone {
    Rule(PosixTz),
    Tzif(Tzif),
}

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone::utc()
    }
}

impl TimeZone {
    /// UTC.
    pub fn utc() -> TimeZone {
        TimeZone::fixed(0, "UTC")
    }

    /// A zone `offset` seconds east of UTC all year, named `name`.
    pub fn fixed(offset: i32, name: &str) -> TimeZone {
        TimeZone {
            zone: Arc::new(Zone::Rule(PosixTz {
                std: (name.to_string(), offset),
                dst: None,
            })),
        }
    }

    /// A POSIX `TZ` rule (`EST5EDT,M3.2.0,M11.1.0`); `None` if it does not parse.
    pub fn from_posix(tz: &[u8]) -> Option<TimeZone> {
        let rule = PosixTz::parse(tz.strip_prefix(b":").unwrap_or(tz))?;
        Some(TimeZone {
            zone: Arc::new(Zone::Rule(rule)),
        })
    }

    /// A zone from the bytes of a TZif file.
    pub fn from_tzif(bytes: &[u8]) -> Result<TimeZone, DecodeError> {
        Ok(TimeZone {
            zone: Arc::new(Zone::Tzif(Tzif::parse(bytes)?)),
        })
    }

    /// The local zone as glibc finds it from the value of `TZ`: unset, `/etc/localtime`; empty,
    /// UTC; else a TZif file by that name, else a POSIX rule, else UTC.
    pub fn from_tz_variable(tz: Option<&[u8]>) -> TimeZone {
        let Some(tz) = tz else {
            return read_tzif(std::path::Path::new(LOCALTIME_FILE)).unwrap_or_default();
        };
        let name = tz.strip_prefix(b":").unwrap_or(tz);
        if name.is_empty() {
            return TimeZone::utc();
        }
        if let Ok(text) = name.to_str() {
            let path = if text.starts_with('/') {
                std::path::PathBuf::from(text)
            } else if text.split('/').any(|part| part == "..") {
                std::path::PathBuf::new()
            } else {
                std::path::Path::new(ZONEINFO_DIR).join(text)
            };
            if let Some(zone) = read_tzif(&path) {
                return zone;
            }
        }
        TimeZone::from_posix(name).unwrap_or_default()
    }

    /// The local time at `t` seconds since the epoch (`localtime_r`).
    pub fn at(&self, t: i64) -> LocalTime {
        match &*self.zone {
            Zone::Rule(rule) => rule.at(t),
            Zone::Tzif(tzif) => tzif.at(t),
        }
    }

    /// glibc's `mktime` for local wall-clock seconds `local` (the fields read as if UTC): the
    /// instant whose local time it is. With `is_dst` given and not what is in effect then, the
    /// offset of the nearest instant that has it is used, as glibc does.
    pub fn mktime(&self, local: i64, is_dst: Option<bool>) -> i64 {
        let mut t = local.saturating_sub(i64::from(self.at(local).offset));
        let mut previous = t;
        for _ in 0..4 {
            let next = local.saturating_sub(i64::from(self.at(t).offset));
            if next == t {
                break;
            }
            (previous, t) = (t, next);
        }
        if local.saturating_sub(i64::from(self.at(t).offset)) != t {
            // a wall-clock time skipped by a change (spring forward): glibc takes the one of
            // the two readings whose summer flag differs from the one asked for, the summer
            // one when none is asked for
            let want_summer = is_dst.map_or(true, |d| !d);
            return if self.at(t).is_dst == want_summer {
                t
            } else {
                previous
            };
        }
        let Some(want) = is_dst else { return t };
        if self.at(t).is_dst == want {
            return t;
        }
        // glibc probes a week apart, up to ~8.5 years each way, earlier first
        const STRIDE: i64 = 601_200;
        const BOUND: i64 = 536_454_000 / 2 + STRIDE;
        let mut delta = STRIDE;
        while delta < BOUND {
            for probe in [t.saturating_sub(delta), t.saturating_add(delta)] {
                let lt = self.at(probe);
                if lt.is_dst == want {
                    return local.saturating_sub(i64::from(lt.offset));
                }
            }
            delta += STRIDE;
        }
        t
    }
}

fn read_tzif(path: &std::path::Path) -> Option<TimeZone> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_TZIF_SIZE).read_to_end(&mut bytes).ok()?;
    TimeZone::from_tzif(&bytes).ok()
}

/// A POSIX `TZ` rule: standard time, and summer time with its start and end.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PosixTz {
    /// Name and seconds east of UTC.
    std: (String, i32),
    dst: Option<Dst>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Dst {
    name: String,
    offset: i32,
    start: (Day, i32),
    end: (Day, i32),
}

/// The day a change happens, in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    /// `Jn`: 1 to 365, February 29 never counted.
    Julian(u32),
    /// `n`: 0 to 365.
    Zero(u32),
    /// `Mm.w.d`.
    Month { month: u32, week: u32, wday: u32 },
}

impl PosixTz {
    fn parse(s: &[u8]) -> Option<PosixTz> {
        let mut p = Parser { s, i: 0 };
        let std_name = p.name()?;
        // a name alone (`UTC`) is UTC, as glibc falls back to it
        let std_offset = if p.done() { 0 } else { -p.offset(true)? };
        if p.done() {
            return Some(PosixTz {
                std: (std_name, std_offset),
                dst: None,
            });
        }
        let dst_name = p.name()?;
        let dst_offset = if p.peek().is_some_and(|c| c != b',') {
            -p.offset(true)?
        } else {
            std_offset + 3600
        };
        let (start, end) = if p.done() {
            (
                (
                    Day::Month {
                        month: 3,
                        week: 2,
                        wday: 0,
                    },
                    7200,
                ),
                (
                    Day::Month {
                        month: 11,
                        week: 1,
                        wday: 0,
                    },
                    7200,
                ),
            )
        } else {
            p.eat(b',')?;
            let start = p.change()?;
            p.eat(b',')?;
            let end = p.change()?;
            (start, end)
        };
        p.done().then_some(PosixTz {
            std: (std_name, std_offset),
            dst: Some(Dst {
                name: dst_name,
                offset: dst_offset,
                start,
                end,
            }),
        })
    }

    fn at(&self, t: i64) -> LocalTime {
        let std = || LocalTime {
            offset: self.std.1,
            is_dst: false,
            abbreviation: self.std.0.clone(),
        };
        let Some(dst) = &self.dst else { return std() };
        let year =
            super::civil_from_days(t.saturating_add(i64::from(self.std.1)).div_euclid(86_400)).0;
        // start is in standard time, end in summer time
        let change = |(day, time): (Day, i32), offset: i32| {
            day_of(year, day)
                .saturating_mul(86_400)
                .saturating_add(i64::from(time) - i64::from(offset))
        };
        let (start, end) = (change(dst.start, self.std.1), change(dst.end, dst.offset));
        let in_dst = if start < end {
            start <= t && t < end
        } else {
            !(end <= t && t < start)
        };
        if in_dst {
            LocalTime {
                offset: dst.offset,
                is_dst: true,
                abbreviation: dst.name.clone(),
            }
        } else {
            std()
        }
    }
}

/// Days since the epoch of `day` in `year`.
fn day_of(year: i64, day: Day) -> i64 {
    let jan1 = super::show::days_from_civil(year, 1, 1);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match day {
        Day::Julian(n) => jan1 + i64::from(n) - 1 + i64::from(leap && n >= 60),
        Day::Zero(n) => jan1 + i64::from(n),
        Day::Month { month, week, wday } => {
            let first = super::show::days_from_civil(year, month, 1);
            let first_wday = (first + 4).rem_euclid(7);
            let mut d =
                first + (i64::from(wday) - first_wday).rem_euclid(7) + 7 * (i64::from(week) - 1);
            let next_month = if month == 12 {
                super::show::days_from_civil(year + 1, 1, 1)
            } else {
                super::show::days_from_civil(year, month + 1, 1)
            };
            while d >= next_month {
                d -= 7;
            }
            d
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.i += 1)
    }
    fn name(&mut self) -> Option<String> {
        let start = self.i;
        let name = if self.eat(b'<').is_some() {
            while self.peek().is_some_and(|c| c != b'>') {
                self.i += 1;
            }
            let name = self.s.get(start + 1..self.i)?;
            self.eat(b'>')?;
            name
        } else {
            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.i += 1;
            }
            self.s.get(start..self.i)?
        };
        (name.len() >= 3).then(|| String::from_utf8_lossy(name).into_owned())
    }
    fn number(&mut self, max: u32) -> Option<u32> {
        let start = self.i;
        let mut n: u32 = 0;
        while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
            n = n.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
            self.i += 1;
        }
        (self.i > start && n <= max).then_some(n)
    }
    /// `[+-]hh[:mm[:ss]]` in seconds; hours up to 24 (167 for a change time).
    fn offset(&mut self, is_offset: bool) -> Option<i32> {
        let sign = if self.eat(b'-').is_some() {
            -1
        } else {
            self.eat(b'+');
            1
        };
        let mut secs = i32::try_from(self.number(if is_offset { 24 } else { 167 })?).ok()? * 3600;
        for mult in [60, 1] {
            if self.eat(b':').is_none() {
                break;
            }
            secs += i32::try_from(self.number(59)?).ok()? * mult;
        }
        Some(sign * secs)
    }
    fn change(&mut self) -> Option<(Day, i32)> {
        let day = if self.eat(b'J').is_some() {
            Day::Julian(self.number(365).filter(|&n| n >= 1)?)
        } else if self.eat(b'M').is_some() {
            let month = self.number(12).filter(|&n| n >= 1)?;
            self.eat(b'.')?;
            let week = self.number(5).filter(|&n| n >= 1)?;
            self.eat(b'.')?;
            let wday = self.number(6)?;
            Day::Month { month, week, wday }
        } else {
            Day::Zero(self.number(365)?)
        };
        let time = if self.eat(b'/').is_some() {
            self.offset(false)?
        } else {
            7200
        };
        Some((day, time))
    }
}

/// A parsed TZif file: transitions, the local time types, the rule for later times.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tzif {
    transitions: Vec<(i64, u8)>,
    types: Vec<(i32, bool, String)>,
    footer: Option<PosixTz>,
}

const TZIF_TRUNCATED: &str = "TZif file ends early";

impl Tzif {
    fn parse(bytes: &[u8]) -> Result<Tzif, DecodeError> {
        let mut c = Cursor::new(bytes);
        let (version, counts) = header(&mut c)?;
        if version == 0 {
            return block(&mut c, counts, 4).map(|(transitions, types)| Tzif {
                transitions,
                types,
                footer: None,
            });
        }
        skip_block(&mut c, counts, 4)?;
        let (_, counts) = header(&mut c)?;
        let (transitions, types) = block(&mut c, counts, 8)?;
        let rest = c.rest();
        let footer = rest
            .strip_prefix(b"\n")
            .and_then(|r| r.find_byte(b'\n').and_then(|end| r.get(..end)))
            .filter(|tz| !tz.is_empty())
            .and_then(PosixTz::parse);
        Ok(Tzif {
            transitions,
            types,
            footer,
        })
    }

    fn at(&self, t: i64) -> LocalTime {
        let n = self.transitions.partition_point(|&(at, _)| at <= t);
        if n == self.transitions.len() && n > 0 {
            if let Some(rule) = &self.footer {
                return rule.at(t);
            }
        }
        let index = match n.checked_sub(1).and_then(|i| self.transitions.get(i)) {
            Some(&(_, ty)) => usize::from(ty),
            None => self.types.iter().position(|ty| !ty.1).unwrap_or(0),
        };
        match self.types.get(index) {
            Some((offset, is_dst, name)) => LocalTime {
                offset: *offset,
                is_dst: *is_dst,
                abbreviation: name.clone(),
            },
            None => match &self.footer {
                Some(rule) => rule.at(t),
                None => TimeZone::utc().at(t),
            },
        }
    }
}

/// The six counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
type Counts = [usize; 6];

fn header(c: &mut Cursor<'_>) -> Result<(u8, Counts), DecodeError> {
    let at = c.position();
    if c.bytes(4)
        .map_err(|_| DecodeError::new(at, TZIF_TRUNCATED))?
        != b"TZif"
    {
        return Err(DecodeError::new(at, "not a TZif file"));
    }
    let version = c
        .u8()
        .map_err(|e| DecodeError::new(e.offset, TZIF_TRUNCATED))?;
    c.skip(15)
        .map_err(|e| DecodeError::new(e.offset, TZIF_TRUNCATED))?;
    let mut counts = [0usize; 6];
    for n in &mut counts {
        let v = c
            .be_u32()
            .map_err(|e| DecodeError::new(e.offset, TZIF_TRUNCATED))?;
        *n = usize::try_from(v).map_err(|_| DecodeError::new(at, TZIF_TRUNCATED))?;
    }
    let [isut, isstd, _, _, typecnt, _] = counts;
    if typecnt == 0 || (isut != 0 && isut != typecnt) || (isstd != 0 && isstd != typecnt) {
        return Err(DecodeError::new(at, "TZif counts are inconsistent"));
    }
    Ok((version, counts))
}

fn block_len(counts: Counts, time_size: usize) -> Option<usize> {
    let [isut, isstd, leap, time, types, chars] = counts;
    let parts = [
        time.checked_mul(time_size + 1)?,
        types.checked_mul(6)?,
        chars,
        leap.checked_mul(time_size + 4)?,
        isstd,
        isut,
    ];
    parts.iter().try_fold(0usize, |sum, &p| sum.checked_add(p))
}

fn skip_block(c: &mut Cursor<'_>, counts: Counts, time_size: usize) -> Result<(), DecodeError> {
    let at = c.position();
    let len = block_len(counts, time_size).ok_or(DecodeError::new(at, TZIF_TRUNCATED))?;
    c.skip(len)
        .map_err(|e| DecodeError::new(e.offset, TZIF_TRUNCATED))
}

type Block = (Vec<(i64, u8)>, Vec<(i32, bool, String)>);

fn block(c: &mut Cursor<'_>, counts: Counts, time_size: usize) -> Result<Block, DecodeError> {
    let start = *c;
    skip_block(c, counts, time_size)?;
    let mut r = start;
    let [_, _, _, timecnt, typecnt, charcnt] = counts;
    let truncated = |e: DecodeError| DecodeError::new(e.offset, TZIF_TRUNCATED);
    let mut times = Vec::with_capacity(timecnt);
    for _ in 0..timecnt {
        let t = if time_size == 4 {
            i64::from(r.be_u32().map_err(truncated)? as i32)
        } else {
            r.be_u64().map_err(truncated)? as i64
        };
        times.push(t);
    }
    let mut transitions = Vec::with_capacity(timecnt);
    for t in times {
        let at = r.position();
        let ty = r.u8().map_err(truncated)?;
        if usize::from(ty) >= typecnt {
            return Err(DecodeError::new(
                at,
                "TZif transition names no local time type",
            ));
        }
        transitions.push((t, ty));
    }
    let mut raw_types = Vec::with_capacity(typecnt);
    for _ in 0..typecnt {
        let offset = r.be_u32().map_err(truncated)? as i32;
        let is_dst = r.u8().map_err(truncated)? != 0;
        let abbr = r.u8().map_err(truncated)?;
        raw_types.push((offset, is_dst, usize::from(abbr)));
    }
    let chars = r.bytes(charcnt).map_err(truncated)?;
    let types = raw_types
        .into_iter()
        .map(|(offset, is_dst, abbr)| {
            let name = chars.get(abbr..).unwrap_or_default();
            let name = name
                .get(..name.find_byte(0).unwrap_or(name.len()))
                .unwrap_or_default();
            (offset, is_dst, String::from_utf8_lossy(name).into_owned())
        })
        .collect();
    if !transitions.windows(2).all(|w| w[0].0 < w[1].0) {
        return Err(DecodeError::new(
            start.position(),
            "TZif transitions are not in order",
        ));
    }
    Ok((transitions, types))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_rules_with_summer_time_change_on_the_right_days() {
        let ny = TimeZone::from_posix(b"EST5EDT,M3.2.0,M11.1.0").unwrap();
        // 2023-03-12 06:59:59 UTC is 01:59:59 EST; a second later 03:00 EDT
        assert_eq!(ny.at(1_678_604_399).offset, -5 * 3600);
        assert_eq!(ny.at(1_678_604_400).offset, -4 * 3600);
        assert_eq!(ny.at(1_678_604_400).abbreviation, "EDT");
        // 2023-11-05 05:59:59 UTC is 01:59:59 EDT; then 01:00 EST
        assert!(ny.at(1_699_163_999).is_dst);
        assert!(!ny.at(1_699_164_000).is_dst);
        let paris = TimeZone::from_posix(b"CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        // 2023-03-26 01:00 UTC, 2023-10-29 01:00 UTC
        assert_eq!(paris.at(1_679_792_399).offset, 3600);
        assert_eq!(paris.at(1_679_792_400).offset, 7200);
        assert_eq!(paris.at(1_698_541_199).offset, 7200);
        assert_eq!(paris.at(1_698_541_200).offset, 3600);
    }

    #[test]
    fn southern_hemisphere_summer_spans_the_new_year() {
        let sydney = TimeZone::from_posix(b"AEST-10AEDT,M10.1.0,M4.1.0/3").unwrap();
        assert!(sydney.at(1_672_531_200).is_dst); // 2023-01-01
        assert!(!sydney.at(1_688_169_600).is_dst); // 2023-07-01
    }

    #[test]
    fn posix_rules_without_summer_time_and_bad_ones() {
        let ist = TimeZone::from_posix(b"<+0530>-5:30").unwrap();
        assert_eq!(ist.at(0).git_offset(), 530);
        assert_eq!(TimeZone::from_posix(b"UTC0").unwrap().at(0).offset, 0);
        assert_eq!(
            TimeZone::from_posix(b"EST5").unwrap().at(0).git_offset(),
            -500
        );
        for bad in [
            &b""[..],
            b"E5",
            b"EST5EDT,M13.1.0,M1.1.0",
            b"EST5EDT,",
            b"<X",
        ] {
            assert_eq!(TimeZone::from_posix(bad), None, "{:?}", bad.as_bstr());
        }
        assert_eq!(TimeZone::from_posix(b"UTC").unwrap().at(5).offset, 0);
    }

    #[test]
    fn mktime_in_a_spring_gap_takes_the_summer_reading_as_glibc() {
        let paris = TimeZone::from_posix(b"CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        let gap = 1_679_797_800; // 2023-03-26 02:30 as UTC fields
        assert_eq!(paris.mktime(gap, None), gap - 3600);
        assert_eq!(paris.mktime(gap, Some(false)), gap - 3600);
        assert_eq!(paris.mktime(gap, Some(true)), gap - 7200);
    }

    #[test]
    fn mktime_with_a_stale_summer_flag_uses_the_summer_offset() {
        let paris = TimeZone::from_posix(b"CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        let jan_noon_local = 1_673_524_800 + 12 * 3600; // 2023-01-12 12:00 as UTC fields
        assert_eq!(paris.mktime(jan_noon_local, None), jan_noon_local - 3600);
        assert_eq!(
            paris.mktime(jan_noon_local, Some(false)),
            jan_noon_local - 3600
        );
        assert_eq!(
            paris.mktime(jan_noon_local, Some(true)),
            jan_noon_local - 7200
        );
    }

    fn tzif_v2(times: &[i64], types: &[(i32, u8, u8)], chars: &[u8], footer: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let head = |out: &mut Vec<u8>, version: u8, n: usize| {
            out.extend_from_slice(b"TZif");
            out.push(version);
            out.extend_from_slice(&[0; 15]);
            for c in [0, 0, 0, n, types.len(), chars.len()] {
                out.extend_from_slice(&(c as u32).to_be_bytes());
            }
        };
        head(&mut out, b'2', 0);
        for &(off, dst, ab) in types {
            out.extend_from_slice(&off.to_be_bytes());
            out.extend_from_slice(&[dst, ab]);
        }
        out.extend_from_slice(chars);
        head(&mut out, b'2', times.len());
        for t in times {
            out.extend_from_slice(&t.to_be_bytes());
        }
        for i in 0..times.len() {
            out.push((i % types.len()) as u8);
        }
        for &(off, dst, ab) in types {
            out.extend_from_slice(&off.to_be_bytes());
            out.extend_from_slice(&[dst, ab]);
        }
        out.extend_from_slice(chars);
        out.extend_from_slice(footer);
        out
    }

    #[test]
    fn tzif_transitions_then_footer_rule() {
        let bytes = tzif_v2(
            &[100, 200],
            &[(3600, 0, 0), (7200, 1, 4)],
            b"CET\0CEST\0",
            b"\nEST5\n",
        );
        let zone = TimeZone::from_tzif(&bytes).unwrap();
        assert_eq!(zone.at(50).abbreviation, "CET"); // before the first: first standard type
        assert_eq!(zone.at(100).offset, 3600);
        assert_eq!(zone.at(150).offset, 3600);
        assert_eq!(zone.at(199).abbreviation, "CET");
        assert_eq!(zone.at(250).abbreviation, "EST"); // after the last: the footer
    }

    #[test]
    fn truncated_or_bogus_tzif_is_an_error_not_a_panic() {
        let bytes = tzif_v2(
            &[100, 200],
            &[(3600, 0, 0), (7200, 1, 4)],
            b"CET\0CEST\0",
            b"\n\n",
        );
        for n in 0..bytes.len() {
            let _ = TimeZone::from_tzif(&bytes[..n]);
        }
        let mut bad = bytes.clone();
        bad[20 + 24 + 15] = 9; // v1 header: typecnt lies, isstd mismatch
        let _ = TimeZone::from_tzif(&bad);
        assert!(TimeZone::from_tzif(b"TZjf").is_err());
        let mut huge = bytes;
        huge[20 + 12..20 + 16].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(TimeZone::from_tzif(&huge).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_without_panicking(bytes: Vec<u8>, t: i64) {
            let mut with_magic = b"TZif2".to_vec();
            with_magic.extend_from_slice(&bytes);
            if let Ok(zone) = TimeZone::from_tzif(&with_magic) {
                let _ = zone.at(t);
                let _ = zone.mktime(t, Some(true));
            }
        }

        #[test]
        fn any_posix_rule_parses_without_panicking(s: String, t: i64) {
            if let Some(zone) = TimeZone::from_posix(s.as_bytes()) {
                let _ = zone.at(t);
            }
        }
    }
}
