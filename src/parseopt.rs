//! The option language of `git rev-parse --parseopt`: a shell script describes its options in
//! a spec read from stdin, and gets its arguments back normalized, ready for `eval`.
//!
//! ```text
//! some-command [<options>] <args>...     <- usage lines, up to a line `--`
//! --
//! h,help      show the help              <- <short>,<long>, <short> or <long>
//! foo=        some option with a value   <- flags after the names: = value, ? optional
//! bar?!       optional value, no --no-   <-   value, ! no negation, * hidden
//! q,quiet*    hidden
//! Group title                            <- a line with no space after its first word
//! ```
//!
//! Arguments parse as git's `parse_options` does: bundled short options (`-ab`), values stuck
//! (`-fVALUE`, `--foo=VALUE`) or separate, unique prefixes of long names, `--no-<long>`.

use bstr::{BString, ByteSlice};

/// Whether an option takes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A flag.
    None,
    /// `=`: a value, stuck or the next argument.
    Required,
    /// `?`: a value only when stuck.
    Optional,
}

/// One option of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptSpec {
    /// The one-letter name.
    pub short: Option<u8>,
    /// The long name.
    pub long: Option<BString>,
    /// Whether it takes a value.
    pub value: Value,
    /// `!`: no `--no-<long>`.
    pub no_negate: bool,
    /// `*`: left out of the help.
    pub hidden: bool,
    /// What the help calls the value (`foo=path` names it `path`).
    pub arg_hint: Option<BString>,
    /// The help text.
    pub help: BString,
}

/// A line of the option part of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecLine {
    /// A title between options in the help.
    Group(BString),
    /// An option.
    Option(OptSpec),
}

/// The whole spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// The usage lines, before `--`.
    pub usage: Vec<BString>,
    /// The options and group titles, in order.
    pub lines: Vec<SpecLine>,
}

/// Why a spec does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpecError {
    /// No `--` line.
    PrematureEnd,
    /// `--` before any usage line.
    NoUsage,
    /// A line starting with a flag character.
    MissingOptSpec,
}

/// Reads a spec (git's `cmd_parseopt`).
pub fn parse_spec(input: &[u8]) -> Result<Spec, SpecError> {
    let mut lines = input.lines();
    let mut spec = Spec::default();
    loop {
        let Some(line) = lines.next() else {
            return Err(SpecError::PrematureEnd);
        };
        if line == b"--" {
            if spec.usage.is_empty() {
                return Err(SpecError::NoUsage);
            }
            break;
        }
        spec.usage.push(line.into());
    }
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let help_at = line.iter().position(|c| c.is_ascii_whitespace());
        let Some(help_at) = help_at.filter(|&h| h > 0) else {
            spec.lines.push(SpecLine::Group(skip_spaces(line).into()));
            continue;
        };
        let (names_flags, help) = (&line[..help_at], skip_spaces(&line[help_at + 1..]));
        let flags_at = names_flags
            .iter()
            .position(|c| b"*=?!".contains(c))
            .unwrap_or(names_flags.len());
        if flags_at == 0 {
            return Err(SpecError::MissingOptSpec);
        }
        let names = &names_flags[..flags_at];
        let (short, long) = if names.len() == 1 {
            (Some(names[0]), None)
        } else if names[1] != b',' {
            (None, Some(BString::from(names)))
        } else {
            (Some(names[0]), Some(BString::from(&names[2..])))
        };
        let mut opt = OptSpec {
            short,
            long,
            value: Value::None,
            no_negate: false,
            hidden: false,
            arg_hint: None,
            help: help.into(),
        };
        let mut rest = &names_flags[flags_at..];
        while let Some((&c, tail)) = rest.split_first() {
            match c {
                b'=' if opt.value == Value::None || opt.value == Value::Required => {
                    opt.value = Value::Required
                }
                b'=' => {}
                b'?' => opt.value = Value::Optional,
                b'!' => opt.no_negate = true,
                b'*' => opt.hidden = true,
                _ => break,
            }
            rest = tail;
        }
        if !rest.is_empty() {
            opt.arg_hint = Some(rest.into());
        }
        spec.lines.push(SpecLine::Option(opt));
    }
    Ok(spec)
}

fn skip_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &s[n..]
}

/// How to parse.
#[derive(Clone, Copy, Debug, Default)]
pub struct Flags {
    /// `--keep-dashdash`: a `--` argument is kept.
    pub keep_dashdash: bool,
    /// `--stop-at-non-option`.
    pub stop_at_non_option: bool,
}

/// An option found in the arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<'s> {
    /// Its spec.
    pub opt: &'s OptSpec,
    /// Its value, if given.
    pub value: Option<BString>,
    /// `--no-<long>`.
    pub unset: bool,
}

/// Why the arguments do not parse (git's words are the CLI's to render).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgError {
    /// `-x` that the spec lacks.
    UnknownSwitch(u8),
    /// `--x` that the spec lacks.
    UnknownOption(BString),
    /// `--<prefix>` names several options: the prefix and two of them.
    Ambiguous(BString, BString, BString),
    /// A value is needed: the option as git names it (`switch `x'` / `option `foo'`).
    RequiresValue(Name),
    /// A value given to an option that takes none.
    TakesNoValue(Name),
    /// `-h`, `--help`, `--help-all`: the usage is wanted.
    Help,
}

/// An option as named in a message: `switch `x'` or `option `foo'`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    /// A short option.
    Switch(u8),
    /// A long option.
    Option(BString),
}

/// What the arguments say: the options in order, then the other arguments.
pub type Parsed<'s> = (Vec<Found<'s>>, Vec<BString>);

/// Parses `args` against `spec` (git's `parse_options`).
pub fn parse_args<'s>(
    spec: &'s Spec,
    args: &[BString],
    flags: Flags,
) -> Result<Parsed<'s>, ArgError> {
    let opts: Vec<&OptSpec> = spec
        .lines
        .iter()
        .filter_map(|l| match l {
            SpecLine::Option(o) => Some(o),
            SpecLine::Group(_) => None,
        })
        .collect();
    let mut found = Vec::new();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_bytes();
        i += 1;
        if arg == b"--" {
            if flags.keep_dashdash {
                rest.push(arg.into());
            }
            rest.extend(args[i..].iter().cloned());
            break;
        }
        if !arg.starts_with(b"-") || arg == b"-" {
            if flags.stop_at_non_option {
                rest.extend(args[i - 1..].iter().cloned());
                break;
            }
            rest.push(arg.into());
            continue;
        }
        if arg == b"-h" {
            return Err(ArgError::Help);
        }
        if let Some(long) = arg.strip_prefix(b"--") {
            if long == b"help" || long == b"help-all" {
                return Err(ArgError::Help);
            }
            found.push(parse_long(&opts, long, args, &mut i)?);
            continue;
        }
        let mut shorts = &arg[1..];
        while let Some((&c, tail)) = shorts.split_first() {
            let Some(opt) = opts.iter().find(|o| o.short == Some(c)) else {
                if c == b'h' {
                    return Err(ArgError::Help);
                }
                return Err(ArgError::UnknownSwitch(c));
            };
            let value = match opt.value {
                Value::None => {
                    shorts = tail;
                    None
                }
                _ if !tail.is_empty() => {
                    shorts = b"";
                    Some(BString::from(tail))
                }
                Value::Optional => {
                    shorts = b"";
                    None
                }
                Value::Required => {
                    shorts = b"";
                    let Some(v) = args.get(i) else {
                        return Err(ArgError::RequiresValue(Name::Switch(c)));
                    };
                    i += 1;
                    Some(v.clone())
                }
            };
            found.push(Found {
                opt,
                value,
                unset: false,
            });
        }
    }
    Ok((found, rest))
}

fn parse_long<'s>(
    opts: &[&'s OptSpec],
    arg: &[u8],
    args: &[BString],
    i: &mut usize,
) -> Result<Found<'s>, ArgError> {
    let (name, stuck) = match arg.find_byte(b'=') {
        Some(eq) => (&arg[..eq], Some(&arg[eq + 1..])),
        None => (arg, None),
    };
    let mut exact: Option<(&OptSpec, bool)> = None;
    let mut abbrev: Vec<(&OptSpec, bool)> = Vec::new();
    for &o in opts {
        let Some(long) = &o.long else { continue };
        let mut candidates = vec![(name, false)];
        if let Some(negated) = name.strip_prefix(b"no-") {
            if !o.no_negate {
                candidates.push((negated, true));
            }
        }
        for (wanted, unset) in candidates {
            if long.as_bytes() == wanted {
                exact = Some((o, unset));
            } else if !wanted.is_empty() && long.starts_with(wanted) {
                abbrev.push((o, unset));
            }
        }
        if exact.is_some() {
            break;
        }
    }
    let (opt, unset) = match (exact, abbrev.as_slice()) {
        (Some(e), _) => e,
        (None, [one]) => *one,
        (None, [a, b, ..]) => {
            let long = |o: &OptSpec, unset: bool| {
                let mut n = BString::from(if unset { "no-" } else { "" });
                n.extend_from_slice(o.long.as_deref().map_or(&b""[..], |l| l.as_bytes()));
                n
            };
            return Err(ArgError::Ambiguous(
                name.into(),
                long(a.0, a.1),
                long(b.0, b.1),
            ));
        }
        (None, []) => return Err(ArgError::UnknownOption(name.into())),
    };
    let shown = || {
        let mut n = BString::from(if unset { "no-" } else { "" });
        n.extend_from_slice(opt.long.as_deref().map_or(&b""[..], |l| l.as_bytes()));
        Name::Option(n)
    };
    let value = match (opt.value, unset, stuck) {
        (_, true, Some(_)) | (Value::None, _, Some(_)) => {
            return Err(ArgError::TakesNoValue(shown()))
        }
        (_, true, None) | (Value::None, _, None) | (Value::Optional, _, None) => None,
        (_, false, Some(v)) => Some(BString::from(v)),
        (Value::Required, false, None) => {
            let Some(v) = args.get(*i) else {
                return Err(ArgError::RequiresValue(shown()));
            };
            *i += 1;
            Some(v.clone())
        }
    };
    Ok(Found { opt, value, unset })
}

/// The line `--parseopt` prints: `set -- <options> -- <args>`, each value shell-quoted
/// (git's `parseopt_dump`). `stuck_long`: `--long=value` rather than `-s value`.
pub fn dump(found: &[Found<'_>], rest: &[BString], stuck_long: bool) -> BString {
    let mut out = b"set --".to_vec();
    for f in found {
        let long = f.opt.long.as_deref().map(|l| l.as_bytes());
        if f.unset {
            out.extend_from_slice(b" --no-");
            out.extend_from_slice(long.unwrap_or_default());
        } else if let Some(s) = f.opt.short.filter(|_| long.is_none() || !stuck_long) {
            out.extend_from_slice(b" -");
            out.push(s);
        } else {
            out.extend_from_slice(b" --");
            out.extend_from_slice(long.unwrap_or_default());
        }
        if let Some(v) = &f.value {
            if !stuck_long {
                out.push(b' ');
            } else if long.is_some() {
                out.push(b'=');
            }
            crate::quote::sq_quote_buf(&mut out, v);
        }
    }
    out.extend_from_slice(b" --");
    crate::quote::sq_quote_argv(&mut out, rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_lines_give_names_flags_and_hints() {
        let spec =
            parse_spec(b"cmd [opts]\n--\nh,help show\nfoo=path  a foo\nGroup\nb?!* x\n").unwrap();
        assert_eq!(spec.usage, vec![BString::from("cmd [opts]")]);
        let SpecLine::Option(foo) = &spec.lines[1] else {
            panic!()
        };
        assert_eq!(foo.value, Value::Required);
        assert_eq!(foo.arg_hint, Some(BString::from("path")));
        assert_eq!(spec.lines[2], SpecLine::Group("Group".into()));
        assert_eq!(parse_spec(b"--\n"), Err(SpecError::NoUsage));
    }
}
