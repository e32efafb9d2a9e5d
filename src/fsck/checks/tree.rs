//! The checks of a tree object (git 2.47 `fsck_tree`).
//!
//! ## What a tree must look like
//!
//! ```text
//! <octal mode> SP <name> NUL <20 raw bytes>     (repeated; no separator)
//! ```
//!
//! git decodes an entry only when the byte 21 from the end of what is left is a NUL (else "too-short
//! tree object"), the mode is octal digits up to a space ("malformed mode in tree entry") and
//! the name is not empty ("empty filename in tree entry"); the mode is kept as its low 16 bits.
//! Then, per entry: no null id, no `/` in the name, not `.`, `..` or any spelling of `.git`
//! that HFS+ (ignorable code points, any case) or NTFS (`git~1`, trailing spaces and dots,
//! `:` streams, `\` as a separator) would open as `.git`; the mode one of 100644, 100755,
//! 120000, 40000, 160000 without a leading zero; the names in git's order (a tree sorts as if
//! its name ended in `/`) and without duplicates; a `.gitmodules` that is no symlink (and no
//! symlinked `.gitattributes`, `.gitignore`, `.mailmap`).

use super::*;

const S_IFMT: u16 = 0o170000;
const S_IFDIR: u16 = 0o040000;
const S_IFLNK: u16 = 0o120000;
const S_IFGITLINK: u16 = 0o160000;

/// git's `max_tree_entry_len`: a longer name is a `largePathname`.
const MAX_TREE_ENTRY_LEN: usize = 4096;

/// One tree entry as git's `decode_tree_entry` reads it.
struct RawEntry<'a> {
    /// The mode as written, cut to 16 bits as git's `uint16_t` cuts it.
    mode: u16,
    /// The first byte of the entry (a `0` there is a zero-padded mode).
    first: u8,
    name: &'a [u8],
    id: ObjectId,
    /// The entry's length in bytes.
    len: usize,
}

/// git's `decode_tree_entry` on the entry at the start of `buf` (which must not be empty),
/// failing with git's complaint.
fn decode_entry(buf: &[u8]) -> std::result::Result<RawEntry<'_>, &'static str> {
    const TOO_SHORT: &str = "too-short tree object";
    let hash_len = ObjectId::LEN;
    if buf.len() < hash_len + 3 || at(buf, buf.len() - (hash_len + 1)) != 0 {
        return Err(TOO_SHORT);
    }
    const MALFORMED: &str = "malformed mode in tree entry";
    if at(buf, 0) == b' ' {
        return Err(MALFORMED);
    }
    let mut mode: u32 = 0;
    let mut i = 0;
    loop {
        let c = at(buf, i);
        i += 1;
        if c == b' ' {
            break;
        }
        if !(b'0'..=b'7').contains(&c) {
            return Err(MALFORMED);
        }
        mode = mode.wrapping_mul(8).wrapping_add(u32::from(c - b'0'));
    }
    if at(buf, i) == 0 {
        return Err("empty filename in tree entry");
    }
    // the NUL 21 bytes from the end stops the name at the latest
    let name_len = buf[i..].find_byte(0).ok_or(TOO_SHORT)?;
    let name = &buf[i..i + name_len];
    let id_start = i + name_len + 1;
    let id = buf
        .get(id_start..id_start + hash_len)
        .and_then(ObjectId::from_bytes)
        .ok_or(TOO_SHORT)?;
    Ok(RawEntry {
        mode: mode as u16,
        first: buf[0],
        name,
        id,
        len: id_start + hash_len,
    })
}

/// What git's tree walker (`tree_entry_gently`) says when it cannot read a tree to its end: the
/// first entry that does not decode (`too-short tree object`), or `None` for a readable tree.
pub fn tree_walk_error(data: &[u8]) -> Option<&'static str> {
    let mut rest = data;
    while !rest.is_empty() {
        match decode_entry(rest) {
            Ok(entry) => rest = &rest[entry.len..],
            Err(cause) => return Some(cause),
        }
    }
    None
}

/// Checks a tree as git's `fsck_tree` does, calling `on_problem` for every problem that is not
/// ignored; the tree's `.gitmodules` and `.gitattributes` blobs come back for
/// [`check_found_blobs`].
pub fn check_tree(
    data: &[u8],
    options: &Options,
    on_problem: &mut dyn FnMut(&Problem) -> bool,
) -> Check {
    let mut r = Reporter {
        options,
        callback: on_problem,
    };
    let mut found = FoundBlobs::default();
    let failed = tree_steps(data, &mut r, &mut found);
    Check { failed, found }
}

/// What a tree's entries showed, reported once each after the walk.
#[derive(Default)]
struct TreeFlags {
    null_sha1: bool,
    full_path: bool,
    dot: bool,
    dotdot: bool,
    dotgit: bool,
    zero_pad: bool,
    bad_modes: bool,
    dup_entries: bool,
    not_sorted: bool,
    large_name: bool,
}

fn tree_steps(data: &[u8], r: &mut Reporter<'_>, found: &mut FoundBlobs) -> bool {
    const BAD_TREE: &str = "cannot be parsed as a tree";
    let mut failed = false;
    if data.is_empty() {
        return false;
    }
    let mut entry = match decode_entry(data) {
        Ok(entry) => entry,
        Err(cause) => return r.report_caused(MsgId::BadTree, BAD_TREE, Some(cause)),
    };
    let mut pos = 0;
    let mut flags = TreeFlags::default();
    let mut previous: Option<(u16, &[u8])> = None;
    let mut candidates: Vec<&[u8]> = Vec::new();
    loop {
        let (mode, name) = (entry.mode, entry.name);
        flags.null_sha1 |= entry.id.is_null();
        flags.full_path |= name.contains(&b'/');
        flags.dot |= name == b".";
        flags.dotdot |= name == b"..";
        flags.dotgit |= is_hfs_dot(name, b"git") || is_ntfs_dotgit(name);
        flags.zero_pad |= entry.first == b'0';
        flags.large_name |= name.len() > MAX_TREE_ENTRY_LEN;
        let is_link = mode & S_IFMT == S_IFLNK;

        if is_hfs_dot(name, b"gitmodules") || is_ntfs_dot(name, NTFS_GITMODULES) {
            if !is_link {
                FoundBlobs::add(&mut found.gitmodules, entry.id);
            } else {
                failed |= r.report(MsgId::GitmodulesSymlink, ".gitmodules is a symbolic link");
            }
        }
        if is_hfs_dot(name, b"gitattributes") || is_ntfs_dot(name, NTFS_GITATTRIBUTES) {
            if !is_link {
                FoundBlobs::add(&mut found.gitattributes, entry.id);
            } else {
                failed |= r.report(MsgId::GitattributesSymlink, ".gitattributes is a symlink");
            }
        }
        if is_link {
            if is_hfs_dot(name, b"gitignore") || is_ntfs_dot(name, NTFS_GITIGNORE) {
                failed |= r.report(MsgId::GitignoreSymlink, ".gitignore is a symlink");
            }
            if is_hfs_dot(name, b"mailmap") || is_ntfs_dot(name, NTFS_MAILMAP) {
                failed |= r.report(MsgId::MailmapSymlink, ".mailmap is a symlink");
            }
        }
        // NTFS takes a backslash for a directory separator
        let mut rest = name;
        while let Some(b) = rest.find_byte(b'\\') {
            rest = &rest[b + 1..];
            flags.dotgit |= is_ntfs_dotgit(rest);
            if is_ntfs_dot(rest, NTFS_GITMODULES) {
                if !is_link {
                    FoundBlobs::add(&mut found.gitmodules, entry.id);
                } else {
                    failed |= r.report(MsgId::GitmodulesSymlink, ".gitmodules is a symbolic link");
                }
            }
        }

        pos += entry.len;
        let next = match data.get(pos..) {
            Some(rest) if !rest.is_empty() => match decode_entry(rest) {
                Ok(next) => Some(next),
                Err(cause) => {
                    failed |= r.report_caused(MsgId::BadTree, BAD_TREE, Some(cause));
                    break;
                }
            },
            _ => None,
        };

        match mode {
            0o100755 | 0o100644 | S_IFLNK | S_IFDIR | S_IFGITLINK => {}
            0o100664 if !r.options.strict => {}
            _ => flags.bad_modes = true,
        }
        if let Some((o_mode, o_name)) = previous {
            match verify_ordered(o_mode, o_name, mode, name, &mut candidates) {
                Order::Unordered => flags.not_sorted = true,
                Order::Duplicate => flags.dup_entries = true,
                Order::Ordered => {}
            }
        }
        previous = Some((mode, name));
        match next {
            Some(next) => entry = next,
            None => break,
        }
    }

    let reports = [
        (
            flags.null_sha1,
            MsgId::NullSha1,
            "contains entries pointing to null sha1",
        ),
        (
            flags.full_path,
            MsgId::FullPathname,
            "contains full pathnames",
        ),
        (flags.dot, MsgId::HasDot, "contains '.'"),
        (flags.dotdot, MsgId::HasDotdot, "contains '..'"),
        (flags.dotgit, MsgId::HasDotgit, "contains '.git'"),
        (
            flags.zero_pad,
            MsgId::ZeroPaddedFilemode,
            "contains zero-padded file modes",
        ),
        (
            flags.bad_modes,
            MsgId::BadFilemode,
            "contains bad file modes",
        ),
        (
            flags.dup_entries,
            MsgId::DuplicateEntries,
            "contains duplicate file entries",
        ),
        (
            flags.not_sorted,
            MsgId::TreeNotSorted,
            "not properly sorted",
        ),
        (
            flags.large_name,
            MsgId::LargePathname,
            "contains excessively large pathname",
        ),
    ];
    for (seen, id, text) in reports {
        if seen {
            failed |= r.report(id, text);
        }
    }
    failed
}

enum Order {
    Ordered,
    Unordered,
    Duplicate,
}

/// git's `verify_ordered`: whether entry 2 may follow entry 1. A directory sorts as if its name
/// ended in `/`, so a file and a directory of the same name need not be neighbours (`foo`,
/// `foo.bar`, `foo/`): files that could still meet a directory of their name wait in
/// `candidates`.
fn verify_ordered<'a>(
    mode1: u16,
    name1: &'a [u8],
    mode2: u16,
    name2: &[u8],
    candidates: &mut Vec<&'a [u8]>,
) -> Order {
    let len = name1.len().min(name2.len());
    match name1[..len].cmp(&name2[..len]) {
        std::cmp::Ordering::Less => return Order::Ordered,
        std::cmp::Ordering::Greater => return Order::Unordered,
        std::cmp::Ordering::Equal => {}
    }
    let (mut c1, mut c2) = (at(name1, len), at(name2, len));
    if c1 == 0 && c2 == 0 {
        return Order::Duplicate;
    }
    if c1 == 0 && mode1 & S_IFMT == S_IFDIR {
        c1 = b'/';
    }
    if c2 == 0 && mode2 & S_IFMT == S_IFDIR {
        c2 = b'/';
    }
    let less_than_slash = |c: u8| c != 0 && c < b'/';
    if c1 == 0 && less_than_slash(c2) {
        candidates.push(name1);
    } else if c2 == b'/' && less_than_slash(c1) {
        while let Some(file) = candidates.pop() {
            let Some(rest) = name2.strip_prefix(file) else {
                continue;
            };
            match rest.first() {
                None => return Order::Duplicate,
                Some(&c) if less_than_slash(c) => {
                    candidates.push(file);
                    break;
                }
                Some(_) => {}
            }
        }
    }
    if c1 < c2 {
        Order::Ordered
    } else {
        Order::Unordered
    }
}

/// git's `next_hfs_char`: the next code point of `s` from `*i`, skipping those HFS+ ignores;
/// 0 for bytes that are not UTF-8 (after which git's callers stop). Past the end reads as NUL,
/// as in C.
fn next_hfs_char(s: &[u8], i: &mut usize) -> u32 {
    next_code_point(s, i).unwrap_or(0)
}

fn next_code_point(s: &[u8], i: &mut usize) -> Option<u32> {
    loop {
        let b = |k: usize| u32::from(at(s, *i + k));
        let s0 = at(s, *i);
        let cont = |k: usize| at(s, *i + k) & 0xc0 == 0x80;
        let (c, len) = if s0 < 0x80 {
            (u32::from(s0), 1)
        } else if s0 & 0xe0 == 0xc0 {
            if !cont(1) || s0 & 0xfe == 0xc0 {
                return None;
            }
            (((b(0) & 0x1f) << 6) | (b(1) & 0x3f), 2)
        } else if s0 & 0xf0 == 0xe0 {
            let s1 = at(s, *i + 1);
            if !cont(1)
                || !cont(2)
                || (s0 == 0xe0 && s1 & 0xe0 == 0x80)
                || (s0 == 0xed && s1 & 0xe0 == 0xa0)
                || (s0 == 0xef && s1 == 0xbf && at(s, *i + 2) & 0xfe == 0xbe)
            {
                return None;
            }
            (
                ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f),
                3,
            )
        } else if s0 & 0xf8 == 0xf0 {
            let s1 = at(s, *i + 1);
            if !cont(1)
                || !cont(2)
                || !cont(3)
                || (s0 == 0xf0 && s1 & 0xf0 == 0x80)
                || (s0 == 0xf4 && s1 > 0x8f)
                || s0 > 0xf4
            {
                return None;
            }
            (
                ((b(0) & 0x07) << 18)
                    | ((b(1) & 0x3f) << 12)
                    | ((b(2) & 0x3f) << 6)
                    | (b(3) & 0x3f),
                4,
            )
        } else {
            return None;
        };
        *i += len;
        match c {
            0x200c..=0x200f | 0x202a..=0x202e | 0x206a..=0x206f | 0xfeff => continue,
            _ => return Some(c),
        }
    }
}

/// git's `is_hfs_dot_generic`: whether HFS+ would open `name` as `.<needle>` (needle lower
/// case ASCII): case folded, ignorable code points skipped, a `/` may follow.
fn is_hfs_dot(name: &[u8], needle: &[u8]) -> bool {
    let mut i = 0;
    if next_hfs_char(name, &mut i) != u32::from(b'.') {
        return false;
    }
    for &want in needle {
        let c = next_hfs_char(name, &mut i);
        if c > 127 || (c as u8).to_ascii_lowercase() != want {
            return false;
        }
    }
    // a name that stops being UTF-8 right after the needle counts, as in git
    matches!(next_hfs_char(name, &mut i), 0 | 0x2f)
}

/// git's `is_ntfs_dotgit`: `.git` or `git~1` in any case, then only spaces and dots up to the
/// end, a separator or a `:` stream.
fn is_ntfs_dotgit(name: &[u8]) -> bool {
    let lower = |i: usize| at(name, i).to_ascii_lowercase();
    let mut i = if at(name, 0) == b'.' {
        if lower(1) != b'g' || lower(2) != b'i' || lower(3) != b't' {
            return false;
        }
        4
    } else if lower(0) == b'g' {
        if lower(1) != b'i' || lower(2) != b't' || at(name, 3) != b'~' || at(name, 4) != b'1' {
            return false;
        }
        5
    } else {
        return false;
    };
    loop {
        let c = at(name, i);
        i += 1;
        match c {
            0 | b'\\' | b'/' | b':' => return true,
            b'.' | b' ' => {}
            _ => return false,
        }
    }
}

/// A dot file's name and the first six characters of its NTFS fall-back short name.
pub(super) struct NtfsName {
    name: &'static [u8],
    short_prefix: &'static [u8; 6],
}

pub(super) const NTFS_GITMODULES: NtfsName = NtfsName {
    name: b"gitmodules",
    short_prefix: b"gi7eba",
};
const NTFS_GITIGNORE: NtfsName = NtfsName {
    name: b"gitignore",
    short_prefix: b"gi250a",
};
const NTFS_GITATTRIBUTES: NtfsName = NtfsName {
    name: b"gitattributes",
    short_prefix: b"gi7d29",
};
const NTFS_MAILMAP: NtfsName = NtfsName {
    name: b"mailmap",
    short_prefix: b"maba30",
};

/// git's `is_ntfs_dot_generic`: whether NTFS would open `name` as `.<dot.name>`: the name in any
/// case, its 8.3 short name (`gitmod~1` … `~4`), or the fall-back short name (`gi7eba~9`), then
/// only spaces and dots up to the end or a `:` stream.
pub(super) fn is_ntfs_dot(name: &[u8], dot: NtfsName) -> bool {
    let only_spaces_and_periods = |mut i: usize| loop {
        let c = at(name, i);
        i += 1;
        match c {
            0 | b':' => return true,
            b' ' | b'.' => {}
            _ => return false,
        }
    };
    // strncasecmp: stops at a NUL (the end) in either string
    let starts_with_caseless = |from: usize, needle: &[u8]| {
        needle
            .iter()
            .enumerate()
            .all(|(k, &n)| at(name, from + k).to_ascii_lowercase() == n)
    };
    if at(name, 0) == b'.' && starts_with_caseless(1, dot.name) {
        return only_spaces_and_periods(dot.name.len() + 1);
    }
    if starts_with_caseless(0, &dot.name[..6])
        && at(name, 6) == b'~'
        && (b'1'..=b'4').contains(&at(name, 7))
    {
        return only_spaces_and_periods(8);
    }
    let mut saw_tilde = false;
    let mut i = 0;
    while i < 8 {
        let c = at(name, i);
        if c == 0 {
            return false;
        } else if saw_tilde {
            if !c.is_ascii_digit() {
                return false;
            }
        } else if c == b'~' {
            i += 1;
            if !(b'1'..=b'9').contains(&at(name, i)) {
                return false;
            }
            saw_tilde = true;
        } else if i >= 6 || c & 0x80 != 0 || c.to_ascii_lowercase() != dot.short_prefix[i] {
            return false;
        }
        i += 1;
    }
    only_spaces_and_periods(i)
}
