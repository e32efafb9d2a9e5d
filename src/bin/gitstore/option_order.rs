//! git's parse-options takes options anywhere before `--` or `--end-of-options`
//! (`update-ref REF NEW -m MSG`); clap stops at a positional that takes hyphen values, and knows
//! no `--end-of-options`. For the commands listed here the command line is put in clap's order
//! first: every option (with its value) ahead, then `--`, then the positionals as given.

use clap::Command;
use std::ffi::OsString;

/// The parse-options commands whose arguments are reordered.
const COMMANDS: &[&str] = &[
    "update-ref",
    "symbolic-ref",
    "show-ref",
    "for-each-ref",
    "branch",
    "tag",
    "fsck",
    "pack-objects",
    "repack",
    "prune-packed",
    "mktag",
    "commit-tree",
];

/// `args` (program, global options, `command`, its arguments) with the arguments after
/// `command` at `at` reordered as the module says; unchanged for other commands.
pub fn reorder(cli: &Command, command: &str, at: usize, args: Vec<OsString>) -> Vec<OsString> {
    let Some(sub) = COMMANDS
        .contains(&command)
        .then(|| cli.find_subcommand(command))
        .flatten()
    else {
        return args;
    };
    let mut args = args.into_iter().peekable();
    let mut out: Vec<OsString> = args.by_ref().take(at + 1).collect();
    let mut positionals = Vec::new();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        if text == "--" || text == "--end-of-options" {
            positionals.extend(args.by_ref());
            break;
        }
        if !text.starts_with('-') || text == "-" {
            positionals.push(arg);
            continue;
        }
        match short_value_split(sub, &text) {
            // an optional value stuck to a short option (`-s5`): clap wants `-s=5`
            Some((options, value)) if takes_separate_value(sub, &options).is_none() => {
                out.push(format!("{options}={value}").into());
            }
            Some((options, value)) => out.extend([options.into(), value.into()]),
            // a value in the next argument that starts with `-`, which clap would take for an
            // option: stuck to its option instead (`--sort=-refname`, `-m-x`)
            // an optional value (`--contains [<commit>]`): the next argument unless it is an
            // option, as parse-options' PARSE_OPT_LASTARG_DEFAULT and clap both read it
            None if takes_separate_value(sub, &text) == Some(false) => {
                out.push(arg);
                if args
                    .peek()
                    .is_some_and(|next| !next.to_string_lossy().starts_with('-'))
                {
                    out.extend(args.next());
                }
            }
            None if takes_separate_value(sub, &text) == Some(true) => match args.next() {
                Some(value)
                    if value.to_string_lossy().starts_with('-')
                        && !option_allows_hyphen_value(sub, &text) =>
                {
                    let mut stuck = arg;
                    if text.starts_with("--") {
                        stuck.push("=");
                    }
                    stuck.push(value);
                    out.push(stuck);
                }
                Some(value) => out.extend([arg, value]),
                // no value: left last, for clap to say it requires one
                None => {
                    out.extend(positionals);
                    out.push(arg);
                    return out;
                }
            },
            None => out.push(arg),
        }
    }
    if !positionals.is_empty() {
        out.push("--".into());
        out.extend(positionals);
    }
    out
}

/// A short option with its value stuck to it (`-mREASON`, `-qmREASON`, `-s5`) as the options
/// and the value apart, for clap, which a positional taking hyphen values cannot swallow;
/// `None` for anything else, or a required value that starts with `-`.
fn short_value_split(sub: &Command, text: &str) -> Option<(String, String)> {
    if text.starts_with("--") {
        return None;
    }
    for (at, c) in text.char_indices().skip(1) {
        let arg = sub.get_arguments().find(|a| a.get_short() == Some(c))?;
        if arg.get_action().takes_values() {
            let value_at = at + c.len_utf8();
            let value = &text[value_at..];
            let optional = arg.is_require_equals_set();
            let splits = !value.is_empty()
                && (optional || !value.starts_with('-') || arg.is_allow_hyphen_values_set());
            return splits.then(|| (text[..value_at].to_string(), value.to_string()));
        }
    }
    None
}

/// Whether the option `text` (`--long`, `-abc`: its last letter) takes a value starting with
/// `-` from the next argument.
fn option_allows_hyphen_value(sub: &Command, text: &str) -> bool {
    let found = match text.strip_prefix("--") {
        Some(long) => sub.get_arguments().find(|a| a.get_long() == Some(long)),
        None => text
            .chars()
            .last()
            .and_then(|c| sub.get_arguments().find(|a| a.get_short() == Some(c))),
    };
    found.is_some_and(clap::Arg::is_allow_hyphen_values_set)
}

/// Whether the option `text` (`--long`, `--long=v`, `-abc`) takes its value from the next
/// argument: `Some(true)` when it must, `Some(false)` when it may, `None` when it does not.
fn takes_separate_value(sub: &Command, text: &str) -> Option<bool> {
    let separate = |a: &clap::Arg| {
        (a.get_action().takes_values() && !a.is_require_equals_set())
            .then(|| a.get_num_args().map_or(true, |n| n.min_values() > 0))
    };
    if let Some(long) = text.strip_prefix("--") {
        if long.contains('=') {
            return None;
        }
        return sub
            .get_arguments()
            .find(|a| a.get_long() == Some(long))
            .and_then(separate);
    }
    let shorts: Vec<char> = text.chars().skip(1).collect();
    for (i, c) in shorts.iter().enumerate() {
        match sub.get_arguments().find(|a| a.get_short() == Some(*c)) {
            Some(a) if a.get_action().takes_values() => {
                return if i + 1 == shorts.len() {
                    separate(a)
                } else {
                    None
                };
            }
            Some(_) => {}
            None => return None,
        }
    }
    None
}
