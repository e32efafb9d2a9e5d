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
    let mut args = args.into_iter();
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
        let needs_next = takes_separate_value(sub, &text);
        out.push(arg);
        if needs_next {
            out.extend(args.next());
        }
    }
    if !positionals.is_empty() {
        out.push("--".into());
        out.extend(positionals);
    }
    out
}

/// Whether the option `text` (`--long`, `--long=v`, `-abc`) expects its value in the next
/// argument.
fn takes_separate_value(sub: &Command, text: &str) -> bool {
    let wants_value = |a: &clap::Arg| {
        a.get_action().takes_values()
            && !a.is_require_equals_set()
            && a.get_num_args().map_or(true, |n| n.min_values() > 0)
    };
    if let Some(long) = text.strip_prefix("--") {
        return !long.contains('=')
            && sub
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .is_some_and(wants_value);
    }
    let shorts: Vec<char> = text.chars().skip(1).collect();
    for (i, c) in shorts.iter().enumerate() {
        match sub.get_arguments().find(|a| a.get_short() == Some(*c)) {
            Some(a) if a.get_action().takes_values() => {
                return i + 1 == shorts.len() && wants_value(a);
            }
            Some(_) => {}
            None => return false,
        }
    }
    false
}
