//! Object ids: the 20-byte SHA-1 name of every git object, and abbreviated prefixes of it.
//!
//! On disk an id is 20 raw bytes (trees, pack indexes) or 40 lowercase hex digits (loose object
//! paths, refs, commit headers). [`ObjectId`] holds the raw bytes; [`Prefix`] holds the 4..=40
//! leading hex digits a person types, for lookups that must find exactly one object.

use std::fmt;
use std::str::FromStr;

/// Why a hex string is not an object id or a prefix of one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    /// The input has the wrong number of hex digits.
    #[error("{input:?} has {len} hex digits, expected {expected}")]
    Length {
        /// The input, lossily decoded.
        input: String,
        /// How many characters it has.
        len: usize,
        /// What was expected, e.g. "40" or "4 to 40".
        expected: &'static str,
    },
    /// The input holds a character that is not a hex digit.
    #[error("{input:?} is not hexadecimal")]
    NotHex {
        /// The input, lossily decoded.
        input: String,
    },
}

/// The value of each byte as a hex digit (either case); 0xff for bytes that are not one.
static HEX_VALUE: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut i = 0;
    while i < 16 {
        let v = i as u8;
        if i < 10 {
            table[b'0' as usize + i] = v;
        } else {
            table[b'a' as usize + i - 10] = v;
            table[b'A' as usize + i - 10] = v;
        }
        i += 1;
    }
    table
};

/// The SHA-1 id of a git object: 20 raw bytes.
///
/// ```
/// use gitstore::ObjectId;
/// let id: ObjectId = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".parse()?;
/// assert_eq!(id.to_string(), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
/// assert!(!id.is_null());
/// # Ok::<(), gitstore::oid::HexError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ObjectId([u8; 20]);

impl ObjectId {
    /// Length of a raw id in bytes.
    pub const LEN: usize = 20;
    /// Length of an id in hex digits.
    pub const HEX_LEN: usize = 40;
    /// The id of the empty tree, which git treats as present in every repository.
    pub const EMPTY_TREE: ObjectId = ObjectId([
        0x4b, 0x82, 0x5d, 0xc6, 0x42, 0xcb, 0x6e, 0xb9, 0xa0, 0x60, 0xe5, 0x4b, 0xf8, 0xd6, 0x92,
        0x88, 0xfb, 0xee, 0x49, 0x04,
    ]);

    /// The all-zero id git uses for "no object" (e.g. the old value of a ref being created).
    pub const fn null() -> Self {
        ObjectId([0; 20])
    }

    /// Whether this is the all-zero id.
    pub fn is_null(&self) -> bool {
        self.0 == [0; 20]
    }

    /// Wraps 20 raw bytes.
    pub const fn from_raw(bytes: [u8; 20]) -> Self {
        ObjectId(bytes)
    }

    /// Reads an id from exactly 20 raw bytes; `None` if the slice has another length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let raw: [u8; 20] = bytes.try_into().ok()?;
        Some(ObjectId(raw))
    }

    /// Parses exactly 40 hex digits (either case).
    pub fn from_hex(hex: &[u8]) -> Result<Self, HexError> {
        if hex.len() != Self::HEX_LEN {
            return Err(HexError::Length {
                input: String::from_utf8_lossy(hex).into_owned(),
                len: hex.len(),
                expected: "40",
            });
        }
        let mut raw = [0u8; 20];
        // a digit's value is at most 0xf; anything else has a high bit set in `bad`
        let mut bad = 0u8;
        for (byte, pair) in raw.iter_mut().zip(hex.chunks_exact(2)) {
            let (hi, lo) = (HEX_VALUE[pair[0] as usize], HEX_VALUE[pair[1] as usize]);
            bad |= hi | lo;
            *byte = (hi << 4) | lo;
        }
        if bad > 0xf {
            return Err(HexError::NotHex {
                input: String::from_utf8_lossy(hex).into_owned(),
            });
        }
        Ok(ObjectId(raw))
    }

    /// The raw 20 bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Writes the 40 lowercase hex digits into `out` and returns them as a `&str`.
    pub fn hex_to_buf<'b>(&self, out: &'b mut [u8; 40]) -> &'b str {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = DIGITS[(b >> 4) as usize];
            out[2 * i + 1] = DIGITS[(b & 0xf) as usize];
        }
        // Only ASCII hex digits were written.
        std::str::from_utf8(out).unwrap_or_default()
    }

    /// The 40 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        let mut buf = [0u8; 40];
        self.hex_to_buf(&mut buf).to_owned()
    }

    /// The first `len` hex digits (clamped to 4..=40), as `git rev-parse --short` prints them.
    pub fn to_hex_short(&self, len: usize) -> String {
        let mut s = self.to_hex();
        s.truncate(len.clamp(4, 40));
        s
    }

    /// The first byte, which selects the fan-out bucket of a pack index and the loose directory.
    pub fn first_byte(&self) -> u8 {
        self.0[0]
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 40];
        f.write_str(self.hex_to_buf(&mut buf))
    }
}

/// Serialized as its 40 hex digits (the teaching views' JSON, `gitstore::explain`).
impl serde::Serialize for ObjectId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectId({self})")
    }
}

impl FromStr for ObjectId {
    type Err = HexError;
    fn from_str(s: &str) -> Result<Self, HexError> {
        ObjectId::from_hex(s.as_bytes())
    }
}

impl AsRef<[u8]> for ObjectId {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// An abbreviated object id: the first 4 to 40 hex digits of one.
///
/// ```
/// use gitstore::{ObjectId, Prefix};
/// let id: ObjectId = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".parse()?;
/// let prefix: Prefix = "E69DE2".parse()?;
/// assert!(prefix.matches(&id));
/// assert_eq!(prefix.to_string(), "e69de2");
/// # Ok::<(), gitstore::oid::HexError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prefix {
    /// The digits given, left-aligned; unused nibbles are zero.
    bytes: [u8; 20],
    hex_len: u8,
}

impl Prefix {
    /// The fewest hex digits git accepts as an abbreviated id.
    pub const MIN_HEX_LEN: usize = 4;

    /// Parses 4 to 40 hex digits (either case).
    pub fn from_hex(hex: &[u8]) -> Result<Self, HexError> {
        if hex.len() < Self::MIN_HEX_LEN || hex.len() > ObjectId::HEX_LEN {
            return Err(HexError::Length {
                input: String::from_utf8_lossy(hex).into_owned(),
                len: hex.len(),
                expected: "4 to 40",
            });
        }
        let mut bytes = [0u8; 20];
        for (i, &c) in hex.iter().enumerate() {
            let nibble = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => {
                    return Err(HexError::NotHex {
                        input: String::from_utf8_lossy(hex).into_owned(),
                    })
                }
            };
            bytes[i / 2] |= if i % 2 == 0 { nibble << 4 } else { nibble };
        }
        Ok(Prefix {
            bytes,
            hex_len: hex.len() as u8,
        })
    }

    /// The prefix holding all 40 digits of `id`.
    pub fn from_id(id: &ObjectId) -> Self {
        Prefix {
            bytes: *id.as_bytes(),
            hex_len: 40,
        }
    }

    /// Number of hex digits.
    pub fn hex_len(&self) -> usize {
        self.hex_len as usize
    }

    /// The smallest id that starts with this prefix (the prefix padded with zeros).
    pub fn min_id(&self) -> ObjectId {
        ObjectId(self.bytes)
    }

    /// The first byte of every matching id.
    pub fn first_byte(&self) -> u8 {
        self.bytes[0]
    }

    /// The full id, when all 40 digits were given.
    pub fn as_full_id(&self) -> Option<ObjectId> {
        (self.hex_len == 40).then_some(ObjectId(self.bytes))
    }

    /// Whether `id` starts with this prefix.
    pub fn matches(&self, id: &ObjectId) -> bool {
        let full = self.hex_len() / 2;
        if self.bytes[..full] != id.0[..full] {
            return false;
        }
        self.hex_len() % 2 == 0 || (id.0[full] & 0xf0) == self.bytes[full]
    }

    /// Orders `id` against the prefix: `Equal` when it matches, else whether `id` sorts before
    /// (`Less`) or after (`Greater`) every matching id. Lets sorted tables be binary-searched.
    pub fn cmp_id(&self, id: &ObjectId) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let full = self.hex_len() / 2;
        match id.0[..full].cmp(&self.bytes[..full]) {
            Ordering::Equal if self.hex_len() % 2 == 1 => {
                (id.0[full] & 0xf0).cmp(&self.bytes[full])
            }
            other => other,
        }
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 40];
        let hex = ObjectId(self.bytes).hex_to_buf(&mut buf);
        f.write_str(&hex[..self.hex_len()])
    }
}

impl fmt::Debug for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Prefix({self})")
    }
}

impl FromStr for Prefix {
    type Err = HexError;
    fn from_str(s: &str) -> Result<Self, HexError> {
        Prefix::from_hex(s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn null_id_is_forty_zeros() {
        assert_eq!(ObjectId::null().to_string(), "0".repeat(40));
        assert!(ObjectId::null().is_null());
    }

    #[test]
    fn hex_of_wrong_length_or_alphabet_is_refused() {
        assert!(ObjectId::from_hex(b"abc").is_err());
        assert!(ObjectId::from_hex(&[b'g'; 40]).is_err());
        assert!(Prefix::from_hex(b"abc").is_err());
        assert!(Prefix::from_hex(&[b'a'; 41]).is_err());
        assert!(Prefix::from_hex(b"abcz").is_err());
    }

    #[test]
    fn one_byte_that_is_not_a_hex_digit_anywhere_is_refused() {
        let good = *b"0123456789abcdefABCDEF0123456789abcdef01";
        assert!(ObjectId::from_hex(&good).is_ok());
        for at in 0..40 {
            for bad in [b'g', b'G', b'/', b':', b'@', b'`', b' ', 0, 0x80, 0xff] {
                let mut hex = good;
                hex[at] = bad;
                assert!(ObjectId::from_hex(&hex).is_err(), "{at} {bad}");
            }
        }
    }

    #[test]
    fn odd_length_prefix_matches_on_the_high_nibble_only() {
        let id: ObjectId = "abcdef0123456789abcdef0123456789abcdef01".parse().unwrap();
        assert!(Prefix::from_hex(b"abcde").unwrap().matches(&id));
        assert!(!Prefix::from_hex(b"abcdf").unwrap().matches(&id));
        assert_eq!(
            Prefix::from_hex(b"abcde").unwrap().cmp_id(&id),
            std::cmp::Ordering::Equal
        );
    }

    #[test]
    fn debug_shows_hex_and_uppercase_hex_parses_to_the_same_id() {
        let id: ObjectId = "ABCDEF0123456789abcdef0123456789ABCDEF01".parse().unwrap();
        assert_eq!(
            format!("{id:?}"),
            "ObjectId(abcdef0123456789abcdef0123456789abcdef01)"
        );
        let p: Prefix = "abcd".parse().unwrap();
        assert_eq!(format!("{p:?}"), "Prefix(abcd)");
    }

    proptest! {
        #[test]
        fn order_and_hash_follow_the_bytes(a in any::<[u8; 20]>(), b in any::<[u8; 20]>()) {
            use std::collections::hash_map::DefaultHasher;
            use std::hash::{Hash, Hasher};
            let (x, y) = (ObjectId::from_raw(a), ObjectId::from_raw(b));
            // git sorts ids as bytes, which is also the order of their hex
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
            let hash = |id: &ObjectId| {
                let mut h = DefaultHasher::new();
                id.hash(&mut h);
                h.finish()
            };
            prop_assert_eq!(hash(&x), hash(&ObjectId::from_raw(a)));
        }

        #[test]
        fn hex_round_trips(raw in any::<[u8; 20]>()) {
            let id = ObjectId::from_raw(raw);
            prop_assert_eq!(id.to_string().parse::<ObjectId>().unwrap(), id);
        }

        #[test]
        fn every_prefix_of_an_id_matches_it(raw in any::<[u8; 20]>(), len in 4usize..=40) {
            let id = ObjectId::from_raw(raw);
            let p: Prefix = id.to_string()[..len].parse().unwrap();
            prop_assert!(p.matches(&id));
            prop_assert_eq!(p.cmp_id(&id), std::cmp::Ordering::Equal);
            prop_assert_eq!(p.to_string(), id.to_string()[..len].to_string());
        }
    }
}
