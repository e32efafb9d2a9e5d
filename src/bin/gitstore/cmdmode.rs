//! git's parse-options complaints that depend on the order of the options, which clap does not
//! keep: two options of one `OPT_CMDMODE` group ("options '-s' and '-t' cannot be used
//! together", the later one first), read from the raw arguments.

use crate::CliError;

/// The options given to subcommand `sub`, one per option as git's parse-options sees them:
/// `--name` for a long option (its `=value` cut off), `-c` for each letter of a bundle of short
/// flags. Arguments that are not options are left out; a `--` ends the options.
pub fn options_of(sub: &str) -> Vec<String> {
    options_with_values(sub, &[])
}

/// [`options_of`], for a subcommand whose options in `valued` (`-m`, `--message`) take a value:
/// the value (the rest of a short bundle, the text after `=`, or the next argument) is not
/// read as options.
pub fn options_with_values(sub: &str, valued: &[&str]) -> Vec<String> {
    // args_os: an argument that is not UTF-8 must not panic (option names are ASCII anyway)
    let args: Vec<String> = crate::args()
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut args = args.into_iter();
    // global options, up to the subcommand
    loop {
        match args.next() {
            None => return Vec::new(),
            Some(a) if a == "-C" || a == "-c" || a == "--git-dir" || a == "--config-env" => {
                args.next();
            }
            Some(a) if a == sub => break,
            Some(a) if a.starts_with('-') => {}
            Some(_) => return Vec::new(),
        }
    }
    let mut out = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            let name = format!("--{name}");
            if !inline && valued.contains(&name.as_str()) {
                args.next();
            }
            out.push(name);
        } else if let Some(shorts) = arg.strip_prefix('-') {
            for (i, c) in shorts.char_indices() {
                let flag = format!("-{c}");
                let takes_value = valued.contains(&flag.as_str());
                out.push(flag);
                if takes_value {
                    if i + c.len_utf8() == shorts.len() {
                        args.next();
                    }
                    break;
                }
            }
        }
    }
    out
}

/// One `OPT_CMDMODE` group: which mode was chosen first, and how it was spelled.
#[derive(Default)]
pub struct CmdMode {
    seen: Option<(&'static str, String)>,
}

impl CmdMode {
    /// Notes that `mode` was given, spelled `shown`; git's usage error if another mode of the
    /// group came before it, named as it was first spelled. Giving the same mode again is
    /// allowed.
    pub fn see(&mut self, mode: &'static str, shown: &str) -> Result<(), CliError> {
        match &self.seen {
            Some((m, old)) if *m != mode => Err(CliError::Usage(format!(
                "options '{shown}' and '{old}' cannot be used together"
            ))),
            Some(_) => Ok(()),
            None => {
                self.seen = Some((mode, shown.to_string()));
                Ok(())
            }
        }
    }
}
