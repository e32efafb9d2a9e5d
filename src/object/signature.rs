//! Signatures: the `author`, `committer` and `tagger` lines, `Name <email> <seconds> <tz>`.
//!
//! [`SignatureRef`] borrows the parts of a line exactly as written (so objects with odd
//! signatures round-trip byte for byte); [`Signature`] owns them, for building objects and
//! reflog entries.

use crate::error::DecodeError;
use bstr::{BStr, BString, ByteSlice};
use std::io::{self, Write};

/// A signature line split into its parts, borrowing the line's bytes.
///
/// `name` has the single space before `<` removed; `time` and `tz` are the digits and the
/// `+hhmm`/`-hhmm` offset as written (kept as bytes so `-0000` and odd values survive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureRef<'a> {
    /// The name, before ` <`.
    pub name: &'a BStr,
    /// The email, between `<` and `>`.
    pub email: &'a BStr,
    /// The seconds since the epoch, as written.
    pub time: &'a BStr,
    /// The time-zone offset, as written (`+0100`).
    pub tz: &'a BStr,
}

impl<'a> SignatureRef<'a> {
    /// Splits a signature line (without the `author ` keyword and without the newline).
    ///
    /// Accepts what git's `split_ident_line` accepts for `Name <email> seconds tz`; the parts
    /// must reassemble to exactly `line` or this is an error, so serializing never changes bytes.
    pub fn parse(line: &'a [u8]) -> Result<SignatureRef<'a>, DecodeError> {
        let lt = line
            .find_byte(b'<')
            .ok_or(DecodeError::new(0, "signature without '<'"))?;
        let gt = line[lt..]
            .find_byte(b'>')
            .map(|p| p + lt)
            .ok_or(DecodeError::new(lt, "signature without '>'"))?;
        if lt == 0 || line[lt - 1] != b' ' {
            return Err(DecodeError::new(lt, "signature without a space before '<'"));
        }
        let name = &line[..lt - 1];
        let email = &line[lt + 1..gt];
        let rest = &line[gt + 1..];
        let rest = rest.strip_prefix(b" ").ok_or(DecodeError::new(
            gt + 1,
            "signature without a space after '>'",
        ))?;
        let sp = rest
            .find_byte(b' ')
            .ok_or(DecodeError::new(gt + 2, "signature without a time-zone"))?;
        let time = &rest[..sp];
        let tz = &rest[sp + 1..];
        if time.is_empty() || !time.iter().all(u8::is_ascii_digit) {
            return Err(DecodeError::new(gt + 2, "signature time is not a number"));
        }
        if tz.len() != 5
            || !(tz[0] == b'+' || tz[0] == b'-')
            || !tz[1..].iter().all(u8::is_ascii_digit)
        {
            return Err(DecodeError::new(
                gt + 3 + sp,
                "signature time-zone is not +hhmm",
            ));
        }
        Ok(SignatureRef {
            name: name.as_bstr(),
            email: email.as_bstr(),
            time: time.as_bstr(),
            tz: tz.as_bstr(),
        })
    }

    /// The seconds since the epoch (saturating on absurd values).
    pub fn seconds(&self) -> i64 {
        self.time.iter().fold(0i64, |acc, &d| {
            acc.saturating_mul(10).saturating_add((d - b'0') as i64)
        })
    }

    /// The time-zone offset in minutes east of UTC.
    pub fn offset_minutes(&self) -> i32 {
        tz_minutes(self.tz)
    }

    /// Writes `Name <email> seconds tz`.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.name)?;
        out.write_all(b" <")?;
        out.write_all(self.email)?;
        out.write_all(b"> ")?;
        out.write_all(self.time)?;
        out.write_all(b" ")?;
        out.write_all(self.tz)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Signature {
        Signature {
            name: self.name.into(),
            email: self.email.into(),
            time: self.seconds(),
            tz: self.tz.into(),
        }
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
        }
    }

    /// The time-zone offset in minutes east of UTC.
    pub fn offset_minutes(&self) -> i32 {
        tz_minutes(&self.tz)
    }

    /// Writes `Name <email> seconds tz`.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
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

    /// Whether the parts can be written without producing a different signature when read back.
    pub fn is_well_formed(&self) -> bool {
        let bad = |s: &[u8]| s.iter().any(|&b| matches!(b, b'<' | b'>' | b'\n' | 0));
        !bad(&self.name)
            && !bad(&self.email)
            && self.time >= 0
            && SignatureRef::parse(&self.to_bstring()).is_ok()
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
    fn refuses_malformed() {
        for line in [
            &b""[..],
            b"A a> 1 +0000",
            b"A <a 1 +0000",
            b"A<a> 1 +0000",
            b"A <a>1 +0000",
            b"A <a> x +0000",
            b"A <a> 1 0000",
            b"A <a> 1",
        ] {
            assert!(SignatureRef::parse(line).is_err(), "{:?}", line.as_bstr());
        }
    }
}
