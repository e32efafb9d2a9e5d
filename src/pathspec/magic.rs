//! Pathspec magic as git's `pathspec.c` reads it: the long form `:(top,icase,…)path`, the short
//! form `:/path`, `:!path`, `:^path`, and the global switches (`GIT_LITERAL_PATHSPECS`,
//! `GIT_GLOB_PATHSPECS`, `GIT_NOGLOB_PATHSPECS`, `GIT_ICASE_PATHSPECS`).
//!
//! ```text
//! ":(glob,exclude)src/**/*.rs"   long form: names separated by `,`, up to `)`
//! ":!src"  ":^src"                short form: `!`/`^` exclude, `/` top, then an optional `:`
//! ":/"                            the whole tree, from anywhere
//! ```

use super::{one, simple_length, Item, OutsideRepository, Pathspec};
use crate::env::Environment;
use bstr::BString;
use std::fmt;
use std::ops::BitOr;
use std::path::Path;

/// The magic of one spec (git's `PATHSPEC_*` bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Magic(u8);

impl Magic {
    /// `:(top)`, `:/`: from the top of the work tree, whatever the current directory.
    pub const TOP: Magic = Magic(1);
    /// `:(literal)`: glob characters are plain characters.
    pub const LITERAL: Magic = Magic(2);
    /// `:(glob)`: `*` stops at `/`, `**/` crosses directories.
    pub const GLOB: Magic = Magic(4);
    /// `:(icase)`: ASCII case does not matter (in the part below the current directory).
    pub const ICASE: Magic = Magic(8);
    /// `:(exclude)`, `:!`, `:^`: what the spec names is taken away.
    pub const EXCLUDE: Magic = Magic(16);
    /// `:(attr:…)`: by attributes (not supported here).
    pub const ATTR: Magic = Magic(32);

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: Magic) -> bool {
        self.0 & other.0 == other.0
    }

    /// These bits without those of `other`.
    pub fn without(self, other: Magic) -> Magic {
        Magic(self.0 & !other.0)
    }

    /// Whether no bit is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for Magic {
    type Output = Magic;
    fn bitor(self, other: Magic) -> Magic {
        Magic(self.0 | other.0)
    }
}

/// git's table of magic: the bit, its one-character form, its name.
const TABLE: [(Magic, Option<u8>, &str); 6] = [
    (Magic::TOP, Some(b'/'), "top"),
    (Magic::LITERAL, None, "literal"),
    (Magic::GLOB, None, "glob"),
    (Magic::ICASE, None, "icase"),
    (Magic::EXCLUDE, Some(b'!'), "exclude"),
    (Magic::ATTR, None, "attr"),
];

/// The magic every spec gets from the environment (`GIT_*_PATHSPECS`, set by git's
/// `--literal-pathspecs`, `--glob-pathspecs`, `--noglob-pathspecs`, `--icase-pathspecs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathspecGlobals {
    /// Every spec is literal, and no magic is read.
    pub literal: bool,
    /// Every spec is `:(glob)` unless `:(literal)`.
    pub glob: bool,
    /// Every spec is `:(literal)` unless `:(glob)`.
    pub noglob: bool,
    /// Every spec is `:(icase)`.
    pub icase: bool,
}

impl PathspecGlobals {
    /// The switches as `env` sets them (git's `git_env_bool`: unset is false).
    pub fn from_env(env: &Environment) -> PathspecGlobals {
        let flag = |name: &str| {
            env.var_bytes(name)
                .is_some_and(|v| crate::config::parse_bool(Some(v)).unwrap_or(false))
        };
        PathspecGlobals {
            literal: flag("GIT_LITERAL_PATHSPECS"),
            glob: flag("GIT_GLOB_PATHSPECS"),
            noglob: flag("GIT_NOGLOB_PATHSPECS"),
            icase: flag("GIT_ICASE_PATHSPECS"),
        }
    }

    /// git's `get_global_magic` for a spec that was given `element` magic.
    fn magic(self, element: Magic) -> Result<Magic, PathspecError> {
        let mut magic = Magic::default();
        if self.literal {
            magic = magic | Magic::LITERAL;
        }
        if self.glob && !element.contains(Magic::LITERAL) {
            magic = magic | Magic::GLOB;
        }
        if self.glob && self.noglob {
            return Err(PathspecError::GlobAndNoglob);
        }
        if self.icase {
            magic = magic | Magic::ICASE;
        }
        if magic.contains(Magic::LITERAL) && !magic.without(Magic::LITERAL).is_empty() {
            return Err(PathspecError::LiteralWithOthers);
        }
        if self.noglob && !element.contains(Magic::GLOB) {
            magic = magic | Magic::LITERAL;
        }
        Ok(magic)
    }
}

/// Why a path argument is not a pathspec; each names the argument.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathspecError {
    /// An empty argument (git asks for `.`).
    #[error("empty string is not a valid pathspec")]
    Empty,
    /// A path that leaves the work tree.
    #[error("{arg}: {source}")]
    Outside {
        /// The whole argument, magic included (`source` names the path after the magic).
        arg: BString,
        /// The path and the work tree.
        #[source]
        source: OutsideRepository,
    },
    /// A long-form magic word git does not know (`:(foo)x`).
    #[error("invalid pathspec magic '{word}' in '{arg}'")]
    InvalidMagic {
        /// The word.
        word: BString,
        /// The argument.
        arg: BString,
    },
    /// `:(` without its `)`.
    #[error("missing ')' at the end of pathspec magic in '{arg}'")]
    MissingParen {
        /// The argument.
        arg: BString,
    },
    /// A short-form magic character git reserves but has no meaning for (`:#x`).
    #[error("unimplemented pathspec magic '{ch}' in '{arg}'", ch = char::from(*.ch))]
    UnimplementedMagic {
        /// The character.
        ch: u8,
        /// The argument.
        arg: BString,
    },
    /// `:(prefix:N)` with something else than a number.
    #[error("invalid parameter for pathspec magic 'prefix'")]
    InvalidPrefix {
        /// The argument.
        arg: BString,
    },
    /// `:(literal,glob)`.
    #[error("{arg}: 'literal' and 'glob' are incompatible")]
    LiteralAndGlob {
        /// The argument.
        arg: BString,
    },
    /// `GIT_GLOB_PATHSPECS` and `GIT_NOGLOB_PATHSPECS` together.
    #[error("global 'glob' and 'noglob' pathspec settings are incompatible")]
    GlobAndNoglob,
    /// `GIT_LITERAL_PATHSPECS` with another global switch.
    #[error(
        "global 'literal' pathspec setting is incompatible with all other global pathspec settings"
    )]
    LiteralWithOthers,
    /// Magic this library does not implement (`:(attr:…)`).
    #[error("{arg}: pathspec magic not supported: {magic}")]
    Unsupported {
        /// The magic (git's names).
        magic: MagicNames,
        /// The argument.
        arg: BString,
    },
}

/// Magic bits written as git lists them in its "not supported" message:
/// `'top' (mnemonic: '/'), 'attr'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MagicNames(pub Magic);

impl fmt::Display for MagicNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (bit, mnemonic, name) in TABLE {
            if !self.0.contains(bit) {
                continue;
            }
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            match mnemonic {
                Some(c) => write!(f, "'{name}' (mnemonic: '{}')", char::from(c))?,
                None => write!(f, "'{name}'")?,
            }
        }
        Ok(())
    }
}

impl Pathspec {
    /// The specs `args` name from the directory `prefix` (relative to the top of the work
    /// tree, ending in `/`, or empty at the top), read as git's `parse_pathspec` reads the
    /// path arguments of `log`, `rev-list` and `diff-tree`: `:(magic)` and its short forms,
    /// globs, `globals` from the environment. An absolute argument must lie below `top`. When
    /// every spec excludes, the whole tree is the spec they take from.
    ///
    /// ```
    /// use gitstore::pathspec::{Pathspec, PathspecGlobals};
    ///
    /// let spec = Pathspec::parse(&["*.rs", ":!src/gen"], b"", None, PathspecGlobals::default())?;
    /// assert!(spec.interesting(b"src/", b"lib.rs", false, false, true));
    /// assert!(!spec.interesting(b"src/gen/", b"x.rs", false, false, true));
    /// let top = Pathspec::parse(&[":/README.md"], b"docs/", None, PathspecGlobals::default())?;
    /// assert_eq!(top.items()[0].path, "README.md");
    /// # Ok::<(), gitstore::pathspec::PathspecError>(())
    /// ```
    pub fn parse(
        args: &[impl AsRef<[u8]>],
        prefix: &[u8],
        top: Option<&Path>,
        globals: PathspecGlobals,
    ) -> Result<Pathspec, PathspecError> {
        if args.iter().any(|a| a.as_ref().is_empty()) {
            return Err(PathspecError::Empty);
        }
        let mut items = args
            .iter()
            .map(|arg| item(arg.as_ref(), prefix, top, globals))
            .collect::<Result<Vec<_>, _>>()?;
        if items.is_empty() {
            if prefix.is_empty() {
                return Ok(Pathspec::default());
            }
            items.push(Item::plain(prefix.into(), prefix.len()));
        }
        if items.iter().all(|i| i.magic.contains(Magic::EXCLUDE)) {
            // everything, taken from the top (rev-list's specs do not prefer the prefix)
            items.push(item(b".", b"", top, PathspecGlobals::default())?);
        }
        // a positive spec naming the top, alone, matches everything
        if items.len() == 1 && items[0].path.is_empty() && !items[0].magic.contains(Magic::EXCLUDE)
        {
            items.clear();
        }
        Ok(Pathspec { items })
    }
}

/// git's `init_pathspec_item` for one argument.
fn item(
    arg: &[u8],
    prefix: &[u8],
    top: Option<&Path>,
    globals: PathspecGlobals,
) -> Result<Item, PathspecError> {
    let (element, rest, own_prefix) = if globals.literal || arg.first() != Some(&b':') {
        (Magic::default(), arg, None)
    } else if arg.get(1) == Some(&b'(') {
        long_magic(arg)?
    } else {
        let (magic, rest) = short_magic(arg)?;
        (magic, rest, None)
    };
    let magic = element | globals.magic(element)?;
    if magic.contains(Magic::ATTR) {
        return Err(PathspecError::Unsupported {
            magic: MagicNames(Magic::ATTR),
            arg: arg.into(),
        });
    }
    if magic.contains(Magic::LITERAL) && magic.contains(Magic::GLOB) {
        return Err(PathspecError::LiteralAndGlob { arg: arg.into() });
    }
    let (path, prefix_len): (BString, usize) = if let Some(n) = own_prefix {
        (rest.into(), n)
    } else if magic.contains(Magic::TOP) {
        (rest.into(), 0)
    } else {
        one(rest, prefix, top).map_err(|source| PathspecError::Outside {
            arg: arg.into(),
            source,
        })?
    };
    let nowildcard_len = if magic.contains(Magic::LITERAL) {
        path.len()
    } else {
        simple_length(&path).max(prefix_len).min(path.len())
    };
    Ok(Item {
        prefix_len: prefix_len.min(path.len()),
        path,
        magic,
        nowildcard_len,
    })
}

/// `:(name,name:value,…)rest`: the magic, the rest, and a `prefix:N` if given.
fn long_magic(arg: &[u8]) -> Result<(Magic, &[u8], Option<usize>), PathspecError> {
    let mut magic = Magic::default();
    let mut own_prefix = None;
    let mut pos = 2;
    while pos < arg.len() && arg[pos] != b')' {
        let len = span_to_comma_or_paren(&arg[pos..]);
        let word = &arg[pos..pos + len];
        let next = if arg.get(pos + len) == Some(&b',') {
            pos + len + 1
        } else {
            pos + len
        };
        if len > 0 {
            if let Some(n) = word.strip_prefix(b"prefix:") {
                let n = std::str::from_utf8(n)
                    .ok()
                    .and_then(|n| n.parse::<usize>().ok())
                    .ok_or_else(|| PathspecError::InvalidPrefix { arg: arg.into() })?;
                own_prefix = Some(n);
            } else if word.starts_with(b"attr:") {
                magic = magic | Magic::ATTR;
            } else {
                let bit = TABLE
                    .iter()
                    .find(|(_, _, name)| name.as_bytes() == word)
                    .map(|(bit, _, _)| *bit)
                    .ok_or_else(|| PathspecError::InvalidMagic {
                        word: word.into(),
                        arg: arg.into(),
                    })?;
                magic = magic | bit;
            }
        }
        pos = next;
    }
    if arg.get(pos) != Some(&b')') {
        return Err(PathspecError::MissingParen { arg: arg.into() });
    }
    Ok((magic, &arg[pos + 1..], own_prefix))
}

/// git's `strcspn_escaped(s, ",)")`: bytes up to a `,` or `)` not escaped by `\`.
fn span_to_comma_or_paren(s: &[u8]) -> usize {
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c == b'\\' && i + 1 < s.len() {
            i += 2;
            continue;
        }
        if c == b',' || c == b')' {
            break;
        }
        i += 1;
    }
    i.min(s.len())
}

/// `:` then magic characters, up to an optional `:`: the magic and the rest.
fn short_magic(arg: &[u8]) -> Result<(Magic, &[u8]), PathspecError> {
    let mut magic = Magic::default();
    let mut pos = 1;
    while let Some(&ch) = arg.get(pos) {
        if ch == b':' {
            pos += 1;
            break;
        }
        if ch == b'^' {
            magic = magic | Magic::EXCLUDE;
            pos += 1;
            continue;
        }
        if !is_pathspec_magic(ch) {
            break;
        }
        let bit = TABLE
            .iter()
            .find(|(_, c, _)| *c == Some(ch))
            .map(|(bit, _, _)| *bit)
            .ok_or_else(|| PathspecError::UnimplementedMagic {
                ch,
                arg: arg.into(),
            })?;
        magic = magic | bit;
        pos += 1;
    }
    Ok((magic, arg.get(pos..).unwrap_or_default()))
}

/// git's `GIT_PATHSPEC_MAGIC` characters: punctuation other than glob, regex and `]}`.
fn is_pathspec_magic(c: u8) -> bool {
    b"!\"#%&',-/:;<=>@_`~".contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], prefix: &str) -> Result<Pathspec, PathspecError> {
        Pathspec::parse(args, prefix.as_bytes(), None, PathspecGlobals::default())
    }

    #[test]
    fn long_and_short_forms_set_the_same_magic() {
        let long = parse(&[":(top,exclude)a"], "src/").unwrap();
        let short = parse(&[":/!a"], "src/").unwrap();
        let caret = parse(&[":^/:a"], "src/").unwrap();
        for spec in [&long, &short, &caret] {
            let i = &spec.items()[0];
            assert_eq!(i.path, "a");
            assert!(i.magic.contains(Magic::TOP | Magic::EXCLUDE));
        }
    }

    #[test]
    fn magic_is_relative_to_the_prefix_unless_top() {
        let s = parse(&[":(icase)x*"], "src/").unwrap();
        let i = &s.items()[0];
        assert_eq!(
            (&i.path[..], i.prefix_len, i.nowildcard_len),
            (&b"src/x*"[..], 4, 5)
        );
        assert_eq!(parse(&[":/"], "src/").unwrap(), Pathspec::default());
    }

    #[test]
    fn git_errors_name_the_argument() {
        assert_eq!(
            parse(&[":(foo)x"], ""),
            Err(PathspecError::InvalidMagic {
                word: "foo".into(),
                arg: ":(foo)x".into()
            })
        );
        assert!(matches!(
            parse(&[":(top"], ""),
            Err(PathspecError::MissingParen { .. })
        ));
        assert!(matches!(
            parse(&[":#x"], ""),
            Err(PathspecError::UnimplementedMagic { ch: b'#', .. })
        ));
        assert!(matches!(
            parse(&[":(literal,glob)x"], ""),
            Err(PathspecError::LiteralAndGlob { .. })
        ));
        assert_eq!(parse(&[""], ""), Err(PathspecError::Empty));
    }

    #[test]
    fn only_excludes_take_from_the_whole_tree() {
        let s = parse(&[":!a"], "src/").unwrap();
        assert_eq!(s.items().len(), 2);
        assert_eq!(s.items()[1].path, "");
        assert!(!s.interesting(b"src/", b"a", false, false, true));
        assert!(s.interesting(b"src/", b"b", false, false, true));
        assert!(s.interesting(b"", b"a", false, false, true));
    }

    #[test]
    fn a_short_form_without_magic_is_the_path() {
        let s = parse(&[":a:b"], "").unwrap();
        assert_eq!(s.items()[0].path, "a:b");
        assert!(s.items()[0].magic.is_empty());
    }
}
