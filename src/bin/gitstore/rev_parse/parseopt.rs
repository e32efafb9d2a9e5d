//! `rev-parse --parseopt`: reads an option spec from stdin, parses the arguments after `--`
//! with it and prints `set -- ...` for the calling script to `eval`; the usage, in git's
//! layout, goes to stdout as a here-document for `-h` and to stderr after an error.

use crate::{stdout, CliError, CliResult};
use bstr::{BString, ByteSlice};
use gitstore::parseopt::{self, ArgError, Flags, Name, Spec, SpecError, SpecLine, Value};
use std::io::{Read, Write};

/// Where the help text starts, and the gap before it (git's `USAGE_OPTS_WIDTH`, `USAGE_GAP`).
const OPTS_WIDTH: usize = 24;
const GAP: usize = 2;

/// `args`: what follows `--parseopt`.
pub(super) fn run(args: &[BString]) -> CliResult {
    let own = parseopt::parse_spec(OWN_SPEC).map_err(|_| CliError::Exit(129))?;
    let own_flags = Flags {
        keep_dashdash: true,
        stop_at_non_option: false,
    };
    let (found, script_args) = match parseopt::parse_args(&own, args, own_flags) {
        Ok((found, rest)) if rest.first().is_some_and(|a| a == "--") => (found, rest),
        Ok(_) => return own_usage(&own, None),
        Err(e) => return own_usage(&own, Some(&e)),
    };
    let mut flags = Flags::default();
    let mut stuck_long = false;
    for f in &found {
        match f.opt.long.as_ref().map(|l| l.as_bytes()) {
            Some(b"keep-dashdash") => flags.keep_dashdash = !f.unset,
            Some(b"stop-at-non-option") => flags.stop_at_non_option = !f.unset,
            _ => stuck_long = !f.unset,
        }
    }
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input)?;
    let spec = parseopt::parse_spec(&input).map_err(|e| {
        CliError::Fatal(
            match e {
                SpecError::PrematureEnd => "premature end of input",
                SpecError::NoUsage => "no usage string given before the `--' separator",
                _ => "missing opt-spec before option flags",
            }
            .into(),
        )
    })?;
    let mut out = stdout();
    match parseopt::parse_args(&spec, &script_args[1..], flags) {
        Ok((found, rest)) => {
            let mut line = parseopt::dump(&found, &rest, stuck_long).to_vec();
            line.push(b'\n');
            out.write_all(&line)?;
            crate::finish(out)
        }
        Err(ArgError::Help) => {
            let mut text = b"cat <<\\EOF\n".to_vec();
            text.extend_from_slice(&usage(&spec));
            text.extend_from_slice(b"EOF\n");
            out.write_all(&text)?;
            crate::finish(out)?;
            Err(CliError::Exit(129))
        }
        Err(e) => {
            let mut text = format!("error: {}\n", message(&e)).into_bytes();
            match e {
                ArgError::UnknownOption(_) | ArgError::UnknownSwitch(_) => {
                    text.extend_from_slice(&usage(&spec))
                }
                ArgError::Ambiguous(..) => {
                    let mut doc = b"cat <<\\EOF\n".to_vec();
                    doc.extend_from_slice(&usage(&spec));
                    doc.extend_from_slice(b"EOF\n");
                    out.write_all(&doc)?;
                    crate::finish(out)?;
                }
                _ => {}
            }
            std::io::stderr().write_all(&text)?;
            Err(CliError::Exit(129))
        }
    }
}

/// `--parseopt`'s own options, in the spec language.
const OWN_SPEC: &[u8] = b"git rev-parse --parseopt [<options>] -- [<args>...]
--
keep-dashdash keep the `--` passed as an arg
stop-at-non-option stop parsing after the first non-option argument
stuck-long output in stuck long form
";

/// A mistake in `--parseopt`'s own options: the error, if any, and its usage, on stderr.
fn own_usage(own: &Spec, e: Option<&ArgError>) -> CliResult {
    let mut text = Vec::new();
    if let Some(e) = e.filter(|e| !matches!(e, ArgError::Help)) {
        text.extend_from_slice(format!("error: {}\n", message(e)).as_bytes());
    }
    text.extend_from_slice(&usage(own));
    std::io::stderr().write_all(&text)?;
    Err(CliError::Exit(129))
}

fn message(e: &ArgError) -> String {
    let name = |n: &Name| match n {
        Name::Switch(c) => format!("switch `{}'", char::from(*c)),
        Name::Option(o) => format!("option `{o}'"),
    };
    match e {
        ArgError::UnknownSwitch(c) => format!("unknown switch `{}'", char::from(*c)),
        ArgError::UnknownOption(o) => format!("unknown option `{o}'"),
        ArgError::Ambiguous(arg, a, b) => {
            format!("ambiguous option: {arg} (could be --{a} or --{b})")
        }
        ArgError::RequiresValue(n) => format!("{} requires a value", name(n)),
        ArgError::TakesNoValue(n) => format!("{} takes no value", name(n)),
        _ => String::new(),
    }
}

/// git's `usage_with_options`: the usage lines, then one line per visible option.
fn usage(spec: &Spec) -> Vec<u8> {
    let mut out = Vec::new();
    for (n, line) in spec.usage.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"usage: " } else { b"   or: " });
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    let mut need_newline = true;
    for line in &spec.lines {
        let opt = match line {
            SpecLine::Group(title) => {
                out.push(b'\n');
                need_newline = false;
                if !title.is_empty() {
                    out.extend_from_slice(title);
                    out.push(b'\n');
                }
                continue;
            }
            SpecLine::Option(o) if o.hidden => continue,
            SpecLine::Option(o) => o,
        };
        if need_newline {
            out.push(b'\n');
            need_newline = false;
        }
        let mut pos: Vec<u8> = b"    ".to_vec();
        if let Some(s) = opt.short {
            pos.push(b'-');
            pos.push(s);
        }
        if let Some(long) = &opt.long {
            if opt.short.is_some() {
                pos.extend_from_slice(b", ");
            }
            pos.extend_from_slice(b"--");
            if !opt.no_negate {
                pos.extend_from_slice(b"[no-]");
            }
            pos.extend_from_slice(long);
        }
        if opt.value != Value::None {
            let hint = opt.arg_hint.clone().unwrap_or_else(|| BString::from("..."));
            let literal = opt.arg_hint.is_none() || hint.iter().any(|c| b"()<>[]|".contains(c));
            let text = match (opt.value, opt.long.is_some(), literal) {
                (Value::Optional, true, true) => format!("[={hint}]"),
                (Value::Optional, true, false) => format!("[=<{hint}>]"),
                (Value::Optional, false, true) => format!("[{hint}]"),
                (Value::Optional, false, false) => format!("[<{hint}>]"),
                (_, _, true) => format!(" {hint}"),
                (_, _, false) => format!(" <{hint}>"),
            };
            pos.extend_from_slice(text.as_bytes());
        }
        let width = pos.chars().count();
        out.extend_from_slice(&pos);
        let pad = if width == OPTS_WIDTH + 1 {
            GAP - 1
        } else if width <= OPTS_WIDTH {
            OPTS_WIDTH - width + GAP
        } else {
            out.push(b'\n');
            OPTS_WIDTH + GAP
        };
        out.resize(out.len() + pad, b' ');
        out.extend_from_slice(&opt.help);
        out.push(b'\n');
    }
    out.push(b'\n');
    out
}
