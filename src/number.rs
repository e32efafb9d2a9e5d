//! C's number syntax as `strtol`/`strtoul` scan it (leading white space, an optional sign,
//! digits of one radix), shared by config integers, `mktree`'s modes and the revision parser's
//! counts.

/// Skips C's `isspace` bytes and one optional sign: whether it was `-`, and where the digits
/// start.
pub(crate) fn skip_space_and_sign(s: &[u8]) -> (bool, usize) {
    let mut i = s
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .count();
    let negative = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    (negative, i)
}

/// Reads the digits of `radix` at the start of `s`: their value (`None` past `u64::MAX`) and
/// how many there are.
pub(crate) fn scan_digits(s: &[u8], radix: u32) -> (Option<u64>, usize) {
    let mut value = Some(0u64);
    let mut count = 0;
    while let Some(d) = s.get(count).and_then(|&c| (c as char).to_digit(radix)) {
        value = value
            .and_then(|v| v.checked_mul(u64::from(radix)))
            .and_then(|v| v.checked_add(u64::from(d)));
        count += 1;
    }
    (value, count)
}

/// `s` as a decimal number made of digits only (no sign, no blanks), saturating at
/// `usize::MAX` as git's revision parser does for `~n`, `^-n` and `@{-n}`; `None` when empty or
/// when anything but a digit is in it.
pub(crate) fn decimal_saturating(s: &[u8]) -> Option<usize> {
    match scan_digits(s, 10) {
        (_, 0) => None,
        (_, n) if n != s.len() => None,
        (value, _) => Some(
            value
                .and_then(|v| usize::try_from(v).ok())
                .unwrap_or(usize::MAX),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_saturate_and_refuse_anything_but_digits() {
        assert_eq!(decimal_saturating(b"42"), Some(42));
        assert_eq!(
            decimal_saturating(b"99999999999999999999999"),
            Some(usize::MAX)
        );
        assert_eq!(decimal_saturating(b""), None);
        assert_eq!(decimal_saturating(b"+1"), None);
        assert_eq!(decimal_saturating(b"1x"), None);
    }

    #[test]
    fn space_then_one_sign() {
        assert_eq!(skip_space_and_sign(b" \t-12"), (true, 3));
        assert_eq!(skip_space_and_sign(b"+7"), (false, 1));
        assert_eq!(skip_space_and_sign(b"--7"), (true, 1));
        assert_eq!(skip_space_and_sign(b""), (false, 0));
    }

    #[test]
    fn digits_of_the_radix_and_overflow() {
        assert_eq!(scan_digits(b"1007558", 8), (Some(0o100755), 6));
        assert_eq!(scan_digits(b"ffz", 16), (Some(255), 2));
        assert_eq!(scan_digits(b"x", 10), (Some(0), 0));
        assert_eq!(scan_digits(b"18446744073709551616", 10), (None, 20));
        assert_eq!(
            scan_digits(b"18446744073709551615", 10),
            (Some(u64::MAX), 20)
        );
    }
}
