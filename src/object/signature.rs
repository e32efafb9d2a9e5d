//! Signatures: the `author`, `committer` and `tagger` lines, `Name <email> <seconds> <tz>`.
//!
//! [`SignatureRef`] splits a line the way git's `split_ident_line` does and remembers the line
//! as written, so objects with odd signatures (double spaces, no date, a time-zone of three
//! digits…) round-trip byte for byte; [`Signature`] owns the parts, for building objects and
//! reflog entries, and keeps an odd line too when it was read from one.

use super::DecodeError;
use bstr::{BStr, BString, ByteSlice};
use std::io::{self, Write};

/// A signature line split into its parts, borrowing the line's bytes.
///
/// The parts are what git sees: `name` without the whitespace before `<`, `email` up to the
/// first `>`, and `time` and `tz` (digits, and the sign with its digits, as written) after the
/// last `>`; both are empty when the line has no well-formed date. The line itself is kept, and
/// written back unchanged as long as the parts are those it was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureRef<'a> {
    /// The name, before `<`, without trailing whitespace.
    pub name: &'a BStr,
    /// The email, between `<` and `>`.
    pub email: &'a BStr,
    /// The seconds since the epoch, as written (empty when the line has no date).
    pub time: &'a BStr,
    /// The time-zone offset, as written (`+0100`; empty when the line has no date).
    pub tz: &'a BStr,
    /// The whole line as read.
    raw: &'a BStr,
}

/// git's own `isspace` (its ctype table, not C's: no vertical tab or form feed), which it uses
/// to split ident lines.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Name, email, time and time-zone of an ident line.
type IdentParts<'a> = (&'a [u8], &'a [u8], &'a [u8], &'a [u8]);

/// The parts of `line` as git's `split_ident_line` finds them; `None` without `<…>`.
fn split_ident(line: &[u8]) -> Option<IdentParts<'_>> {
    let lt = line.find_byte(b'<')?;
    let after_lt = line.get(lt + 1..)?;
    let gt = lt + 1 + after_lt.find_byte(b'>')?;
    let before = line.get(..lt)?;
    let name_end = before
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(0, |p| p + 1);
    let name = before.get(..name_end)?;
    let email = line.get(lt + 1..gt)?;
    let last_gt = line.rfind_byte(b'>')?;
    let tail = line.get(last_gt + 1..)?;
    let skip = |s: &[u8]| s.iter().take_while(|&&b| is_space(b)).count();
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let date_at = skip(tail);
    let date_len = digits(tail.get(date_at..)?);
    let person_only = Some((name, email, &b""[..], &b""[..]));
    if date_len == 0 {
        return person_only;
    }
    let time = tail.get(date_at..date_at + date_len)?;
    let after_date = tail.get(date_at + date_len..)?;
    let tz_at = skip(after_date);
    let tz_tail = after_date.get(tz_at..)?;
    match tz_tail.first() {
        Some(b'+' | b'-') => {}
        _ => return person_only,
    }
    let tz_len = digits(tz_tail.get(1..)?);
    if tz_len == 0 {
        return person_only;
    }
    Some((name, email, time, tz_tail.get(..1 + tz_len)?))
}

/// Whether git's fsck takes `line` as an ident (its `fsck_ident`): a name and one space before
/// `<email>`, a space, a date without leading zeros (more spaces or tabs before it are allowed),
/// one space and a `+hhmm`/`-hhmm` zone that ends the line.
fn is_strict(line: &[u8]) -> bool {
    let Some(lt) = line.iter().position(|b| matches!(b, b'<' | b'>' | b'\n')) else {
        return false;
    };
    if lt == 0 || line[lt] != b'<' || line[lt - 1] != b' ' {
        return false;
    }
    let Some(gt) = line[lt + 1..]
        .iter()
        .position(|b| matches!(b, b'<' | b'>' | b'\n'))
        .map(|p| p + lt + 1)
    else {
        return false;
    };
    if line[gt] != b'>' {
        return false;
    }
    let Some(rest) = line.get(gt + 1..).and_then(|r| r.strip_prefix(b" ")) else {
        return false;
    };
    let rest = &rest[rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (time, after) = rest.split_at(digits);
    let fits = std::str::from_utf8(time).is_ok_and(|t| t.parse::<i64>().is_ok());
    let zero_padded = time.len() > 1 && time[0] == b'0';
    let Some(tz) = after.strip_prefix(b" ") else {
        return false;
    };
    fits && !zero_padded
        && tz.len() == 5
        && matches!(tz[0], b'+' | b'-')
        && tz[1..].iter().all(u8::is_ascii_digit)
}

fn canonical_len(name: &[u8], email: &[u8], time: &[u8], tz: &[u8]) -> usize {
    name.len() + 2 + email.len() + 2 + time.len() + 1 + tz.len()
}

fn write_parts(
    out: &mut dyn Write,
    name: &[u8],
    email: &[u8],
    time: &[u8],
    tz: &[u8],
) -> io::Result<()> {
    out.write_all(name)?;
    out.write_all(b" <")?;
    out.write_all(email)?;
    out.write_all(b"> ")?;
    out.write_all(time)?;
    out.write_all(b" ")?;
    out.write_all(tz)
}

fn seconds_of(time: &[u8]) -> i64 {
    time.iter().fold(0i64, |acc, &d| {
        acc.saturating_mul(10)
            .saturating_add(d.wrapping_sub(b'0') as i64)
    })
}

impl<'a> SignatureRef<'a> {
    /// Splits a signature line (without the `author ` keyword and without the newline).
    ///
    /// Accepts what git's `split_ident_line` accepts: anything with `<` and a later `>`. Whether
    /// the line is also what git's fsck wants is a separate question ([`Signature::is_well_formed`]).
    pub fn parse(line: &'a [u8]) -> Result<SignatureRef<'a>, DecodeError> {
        let lt = line
            .find_byte(b'<')
            .ok_or(DecodeError::new(0, "signature without '<'"))?;
        let (name, email, time, tz) =
            split_ident(line).ok_or(DecodeError::new(lt, "signature without '>'"))?;
        Ok(SignatureRef {
            name: name.as_bstr(),
            email: email.as_bstr(),
            time: time.as_bstr(),
            tz: tz.as_bstr(),
            raw: line.as_bstr(),
        })
    }

    /// The line as read (what [`write_to`](Self::write_to) writes while the parts are unchanged).
    pub fn as_bytes(&self) -> &'a BStr {
        self.raw
    }

    /// Whether the parts are still those of the line as read.
    fn is_as_read(&self) -> bool {
        let mine: IdentParts<'_> = (self.name, self.email, self.time, self.tz);
        split_ident(self.raw) == Some(mine)
    }

    /// The seconds since the epoch (0 without a date, saturating on absurd values).
    pub fn seconds(&self) -> i64 {
        seconds_of(self.time)
    }

    /// The time-zone offset in minutes east of UTC.
    pub fn offset_minutes(&self) -> i32 {
        tz_minutes(self.tz)
    }

    /// The length of what [`write_to`](Self::write_to) writes.
    pub fn len(&self) -> usize {
        if self.is_as_read() {
            self.raw.len()
        } else {
            canonical_len(self.name, self.email, self.time, self.tz)
        }
    }

    /// Whether [`write_to`](Self::write_to) writes nothing (never: there is always `<>`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the line as read, or `Name <email> seconds tz` if a part was changed.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.is_as_read() {
            out.write_all(self.raw)
        } else {
            write_parts(out, self.name, self.email, self.time, self.tz)
        }
    }

    /// An owned copy, which writes the same bytes.
    pub fn to_owned(&self) -> Signature {
        let mut s = Signature::new(self.name, self.email, self.seconds(), self.tz);
        let mut line = Vec::with_capacity(self.len());
        let _ = self.write_to(&mut line);
        if s.to_bstring() != line {
            s.raw = Some(line.into());
        }
        s
    }
}

fn tz_minutes(tz: &[u8]) -> i32 {
    if tz.len() != 5 {
        return 0;
    }
    let d = |i: usize| (tz[i].wrapping_sub(b'0') as i32).clamp(0, 9);
    let m = (d(1) * 10 + d(2)) * 60 + d(3) * 10 + d(4);
    if tz[0] == b'-' {
        -m
    } else {
        m
    }
}

/// An owned signature, for building commits, tags and reflog entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    /// The name (must not contain `<`, `>` or a newline).
    pub name: BString,
    /// The email (must not contain `<`, `>` or a newline).
    pub email: BString,
    /// Seconds since the epoch.
    pub time: i64,
    /// Time-zone offset as written: `+hhmm` or `-hhmm`.
    pub tz: BString,
    /// The line this was read from, when git would not have written it so (odd spacing, no
    /// date, leading zeros…); written instead of the parts while they are unchanged.
    raw: Option<BString>,
}

impl Signature {
    /// A signature at `time` in time zone `tz` (e.g. `"+0100"`).
    pub fn new(
        name: impl Into<BString>,
        email: impl Into<BString>,
        time: i64,
        tz: impl Into<BString>,
    ) -> Self {
        Signature {
            name: name.into(),
            email: email.into(),
            time,
            tz: tz.into(),
            raw: None,
        }
    }

    /// The time-zone offset in minutes east of UTC.
    pub fn offset_minutes(&self) -> i32 {
        tz_minutes(&self.tz)
    }

    /// The odd line this was read from, if it still holds these parts.
    fn raw_as_read(&self) -> Option<&BString> {
        self.raw.as_ref().filter(|raw| {
            split_ident(raw).is_some_and(|(n, e, t, z)| {
                (n, e, z) == (&self.name[..], &self.email[..], &self.tz[..])
                    && seconds_of(t) == self.time
            })
        })
    }

    /// The length of what [`write_to`](Self::write_to) writes.
    pub fn len(&self) -> usize {
        match self.raw_as_read() {
            Some(raw) => raw.len(),
            None => {
                let time_len = self.time.to_string().len();
                self.name.len() + 2 + self.email.len() + 2 + time_len + 1 + self.tz.len()
            }
        }
    }

    /// Whether [`write_to`](Self::write_to) writes nothing (never: there is always `<>`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes `Name <email> seconds tz` (or the odd line it was read from).
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(raw) = self.raw_as_read() {
            return out.write_all(raw);
        }
        out.write_all(&self.name)?;
        out.write_all(b" <")?;
        out.write_all(&self.email)?;
        write!(out, "> {} ", self.time)?;
        out.write_all(&self.tz)
    }

    /// The line as bytes.
    pub fn to_bstring(&self) -> BString {
        let mut v = Vec::new();
        self.write_to(&mut v).expect("writing to a Vec");
        v.into()
    }

    /// Whether git's fsck takes this signature as written: no `<`, `>`, newline or NUL in the
    /// name or email, a time that is not negative and not zero-padded, a `+hhmm`/`-hhmm` zone,
    /// one space before `<` and at least one after `>`.
    pub fn is_well_formed(&self) -> bool {
        let bad = |s: &[u8]| s.iter().any(|&b| matches!(b, b'<' | b'>' | b'\n' | 0));
        !bad(&self.name) && !bad(&self.email) && self.time >= 0 && is_strict(&self.to_bstring())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        for line in [
            &b"A U Thor <author@example.com> 1112911993 -0700"[..],
            b" <> 0 +0000",
            b"Odd  Name  <x@y> 12 -0000",
            b"\xff\xfe <bin> 1 +1400",
        ] {
            let s = SignatureRef::parse(line).unwrap();
            let mut out = Vec::new();
            s.write_to(&mut out).unwrap();
            assert_eq!(out, line);
            let mut out2 = Vec::new();
            s.to_owned().write_to(&mut out2).unwrap();
            assert_eq!(out2, line);
        }
        let s = SignatureRef::parse(b"A <a> 100 -0130").unwrap();
        assert_eq!((s.seconds(), s.offset_minutes()), (100, -90));
    }

    #[test]
    fn refuses_lines_without_an_email_part() {
        for line in [&b""[..], b"A a> 1 +0000", b"A <a 1 +0000", b"A 1 +0000"] {
            assert!(SignatureRef::parse(line).is_err(), "{:?}", line.as_bstr());
        }
    }

    #[test]
    fn odd_lines_git_reads_split_as_git_splits_them_and_round_trip() {
        for (line, parts) in [
            (&b"A  <a@b>  1 +0000"[..], ("A", "a@b", "1", "+0000")),
            (b"A<a@b> 1 +0000", ("A", "a@b", "1", "+0000")),
            (b"<a@b> 1 +0000", ("", "a@b", "1", "+0000")),
            (b"A <a@b>", ("A", "a@b", "", "")),
            (b"A <a@b> -1 +0000", ("A", "a@b", "", "")),
            (b"A <a@b> 01 +000", ("A", "a@b", "01", "+000")),
            (b"A <a@b> 1 +0000 x", ("A", "a@b", "1", "+0000")),
            (b"A <a<b> 1 +0000", ("A", "a<b", "1", "+0000")),
            (b"A <a>b> 1\t-0100", ("A", "a", "1", "-0100")),
        ] {
            let s = SignatureRef::parse(line).unwrap();
            let got: (&[u8], &[u8], &[u8], &[u8]) = (s.name, s.email, s.time, s.tz);
            let want = (
                parts.0.as_bytes(),
                parts.1.as_bytes(),
                parts.2.as_bytes(),
                parts.3.as_bytes(),
            );
            assert_eq!(got, want, "{:?}", line.as_bstr());
            let mut out = Vec::new();
            s.write_to(&mut out).unwrap();
            assert_eq!(out.as_bstr(), line.as_bstr());
            assert_eq!(s.len(), line.len());
            let owned = s.to_owned();
            assert_eq!(owned.to_bstring(), line.as_bstr());
            assert_eq!(owned.len(), line.len());
            let fsck_takes = line == b"A  <a@b>  1 +0000";
            assert_eq!(owned.is_well_formed(), fsck_takes, "{:?}", line.as_bstr());
        }
    }

    #[test]
    fn a_changed_part_is_written_the_way_git_writes() {
        let mut s = SignatureRef::parse(b"A  <a@b>  1 +0000").unwrap();
        s.email = b"new@x".as_bstr();
        assert_eq!(s.to_owned().to_bstring(), "A <new@x> 1 +0000");
        let mut owned = SignatureRef::parse(b"A  <a@b>  1 +0000")
            .unwrap()
            .to_owned();
        owned.time = 7;
        assert_eq!(owned.to_bstring(), "A <a@b> 7 +0000");
        assert!(owned.is_well_formed());
    }
}
