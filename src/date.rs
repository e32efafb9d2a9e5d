//! git's date formats: `--date=` modes and `%(authordate:…)` in ref formats, as git's
//! `show_date` prints a timestamp (seconds since the epoch) in the time zone it was recorded in.
//!
//! ```
//! use gitstore::date::{DateContext, DateFormat, DateKind};
//! let ctx = DateContext::at(1_700_000_000);
//! let show = |kind| DateFormat::new(kind).show(1_700_000_000, 100, &ctx);
//! assert_eq!(show(DateKind::Short), "2023-11-14");
//! assert_eq!(show(DateKind::Raw), "1700000000 +0100");
//! assert_eq!(show(DateKind::Normal), "Tue Nov 14 23:13:20 2023 +0100");
//! ```
//!
//! Every `--date=` mode, `relative` and `format:…` included, is [`DateFormat`] (in `show.rs`);
//! reading dates is `parse.rs`, local time zones `zone.rs`.

mod parse;
mod show;
mod zone;
pub use parse::{approxidate, approxidate_careful, parse_date_basic, NotADate};
pub use show::{DateContext, DateFormat, DateFormatError, DateKind};
pub use zone::{LocalTime, TimeZone, LOCALTIME_FILE, MAX_TZIF_SIZE, ZONEINFO_DIR};

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
