//! git's parse-options complaints that depend on the order of the options, which clap does not
//! keep: two options of one `OPT_CMDMODE` group ("options '-s' and '-t' cannot be used
//! together", the later one first), read from the raw arguments.

use crate::CliError;

/// The options given to subcommand `sub`, one per option as git's parse-options sees them:
/// `--name` for a long option (its `=value` cut off), `-c` for each letter of a bundle of short
/// flags. Arguments that are not options are left out; a `--` ends the options.
pub fn options_of(sub: &str) -> Vec<String> {
    let mut out = Vec::new();
    // args_os: an argument that is not UTF-8 must not panic (option names are ASCII anyway)
    let args = crate::args()
        .iter()
        .map(|a| a.to_string_lossy().into_owned());
    for arg in args.skip_while(|a| a != sub).skip(1) {
        if arg == "--" {
            break;
        } else if let Some(long) = arg.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(n, _)| n);
            out.push(format!("--{name}"));
        } else if let Some(shorts) = arg.strip_prefix('-') {
            out.extend(shorts.chars().map(|c| format!("-{c}")));
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
    /// group came before it. Giving the same mode again is allowed.
    pub fn see(&mut self, mode: &'static str, shown: &str) -> Result<(), CliError> {
        match &self.seen {
            Some((m, old)) if *m != mode => Err(CliError::Usage(format!(
                "options '{shown}' and '{old}' cannot be used together"
            ))),
            _ => {
                self.seen = Some((mode, shown.to_string()));
                Ok(())
            }
        }
    }
}
