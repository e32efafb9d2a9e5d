//! git's date formats: `--date=` modes and `%(authordate:…)` in ref formats, as git's
//! `show_date` prints a timestamp (seconds since the epoch) in the time zone it was recorded in.
//!
//! ```
//! use gitstore::date::{format_date, DateMode};
//! assert_eq!(format_date(1_700_000_000, 60, DateMode::Short), "2023-11-14");
//! assert_eq!(format_date(1_700_000_000, 60, DateMode::Raw), "1700000000 +0100");
//! ```
//!
//! Every `--date=` mode, `relative` and `format:…` included, is [`DateFormat`] (in `show.rs`).

mod parse;
mod show;
mod zone;
pub use parse::{approxidate, approxidate_careful, parse_date_basic, NotADate};
pub use show::{DateContext, DateFormat, DateFormatError, DateKind};
pub use zone::{LocalTime, TimeZone, LOCALTIME_FILE, MAX_TZIF_SIZE, ZONEINFO_DIR};

/// git's date formats (`--date=` and `%(authordate:…)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateMode {
    /// `Tue Nov 14 23:13:20 2023 +0100`.
    Normal,
    /// `2023-11-14`.
    Short,
    /// `2023-11-14 23:13:20 +0100`.
    Iso,
    /// `2023-11-14T23:13:20+01:00`.
    IsoStrict,
    /// `Tue, 14 Nov 2023 23:13:20 +0100`.
    Rfc,
    /// `1700000000 +0100`.
    Raw,
    /// `1700000000`.
    Unix,
}

impl DateMode {
    /// Parses a mode name as git spells it.
    pub fn parse(name: &str) -> Option<DateMode> {
        Some(match name {
            "" | "default" | "normal" => DateMode::Normal,
            "short" => DateMode::Short,
            "iso" | "iso8601" => DateMode::Iso,
            "iso-strict" | "iso8601-strict" => DateMode::IsoStrict,
            "rfc" | "rfc2822" => DateMode::Rfc,
            "raw" => DateMode::Raw,
            "unix" => DateMode::Unix,
            _ => return None,
        })
    }
}

/// Days since 1970-01-01 to (year, month 1-12, day 1-31), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats `seconds` since the epoch, shown in the time zone `offset_minutes` east of UTC, as
/// git's `show_date` does.
pub fn format_date(seconds: i64, offset_minutes: i32, mode: DateMode) -> String {
    let tz_hhmm = {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.unsigned_abs();
        format!("{sign}{:02}{:02}", m / 60, m % 60)
    };
    match mode {
        DateMode::Unix => return seconds.to_string(),
        DateMode::Raw => return format!("{seconds} {tz_hhmm}"),
        _ => {}
    }
    let local = seconds.saturating_add(offset_minutes as i64 * 60);
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let wd = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let mon = MONTHS[(mo as usize).saturating_sub(1) % 12];
    match mode {
        DateMode::Normal => format!("{wd} {mon} {d} {h:02}:{mi:02}:{s:02} {y} {tz_hhmm}"),
        DateMode::Short => format!("{y:04}-{mo:02}-{d:02}"),
        DateMode::Iso => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} {tz_hhmm}"),
        DateMode::IsoStrict => {
            let tz = if offset_minutes == 0 {
                "Z".to_string()
            } else {
                format!("{}:{}", &tz_hhmm[..3], &tz_hhmm[3..])
            };
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{tz}")
        }
        DateMode::Rfc => format!("{wd}, {d} {mon} {y} {h:02}:{mi:02}:{s:02} {tz_hhmm}"),
        DateMode::Raw | DateMode::Unix => seconds.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_formatted_like_git() {
        let t = 1_700_000_000;
        assert_eq!(
            format_date(t, 60, DateMode::Normal),
            "Tue Nov 14 23:13:20 2023 +0100"
        );
        assert_eq!(format_date(t, 60, DateMode::Short), "2023-11-14");
        assert_eq!(
            format_date(t, -330, DateMode::Iso),
            "2023-11-14 16:43:20 -0530"
        );
        assert_eq!(
            format_date(t, 0, DateMode::IsoStrict),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            format_date(t, 60, DateMode::Rfc),
            "Tue, 14 Nov 2023 23:13:20 +0100"
        );
        assert_eq!(
            format_date(0, 0, DateMode::Normal),
            "Thu Jan 1 00:00:00 1970 +0000"
        );
    }
}
