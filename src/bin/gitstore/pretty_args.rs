//! The commit-formatting options `log` and `rev-list` share (`--pretty`, `--format`,
//! `--oneline`, `--abbrev-commit`, `--abbrev`, `--date`, `--decorate`, `--expand-tabs`,
//! `--use-mailmap`), read in order as git's `handle_revision_opt` and `cmd_log_init` read them,
//! with the config that sets their defaults (`format.pretty`, `pretty.<name>`, `log.date`,
//! `log.decorate`, `log.abbrevCommit`, `log.mailmap`), and turned into the library's
//! [`Pretty`].

use crate::CliError;
use bstr::{BString, ByteSlice};
use gitstore::date::{DateContext, DateFormat, DateFormatError};
use gitstore::pretty::{
    CommitFormat, DecorationFilter, Decorations, Notes, Pretty, PrettyError, PrettyErrorKind,
    PrettyOptions, RefStyle,
};
use gitstore::{ObjectId, Repository};

/// Which command reads the options: `log` has config defaults and decorations, `rev-list`
/// neither.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Log,
    RevList,
}

/// The formatting options given, in the order given (a later one wins).
#[derive(Default)]
pub struct PrettyArgs {
    /// `--pretty[=X]`, `--format=X`, `--oneline`: the format's text (`None` for `--pretty`).
    pub format: Option<Option<Vec<u8>>>,
    pub abbrev_commit: Option<bool>,
    /// `--abbrev[=N]` (`Some(None)`: the default length), `--no-abbrev` (`Some(Some(40))`).
    pub abbrev: Option<Option<usize>>,
    /// `--decorate[=…]`, `--no-decorate`: `Some(None)` is no decorations.
    pub decorate: Option<Option<RefStyle>>,
    pub date: Option<String>,
    pub expand_tabs: Option<usize>,
    pub mailmap: Option<bool>,
    /// `--notes`, `--no-notes`, `--notes=<ref>` given.
    pub notes_given: bool,
    pub show_notes: bool,
    /// `--notes` (true) / `--no-standard-notes` (false): whether the default notes show.
    pub default_notes: Option<bool>,
    pub notes_refs: Vec<BString>,
}

/// git's `parse_decoration_style`: a boolean, `short`, `full` or `auto` (no terminal here).
fn decoration_style(value: &str) -> Option<Option<RefStyle>> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" | "short" => Some(Some(RefStyle::Short)),
        "false" | "no" | "off" | "0" | "" | "auto" => Some(None),
        "full" => Some(Some(RefStyle::Full)),
        _ => None,
    }
}

impl PrettyArgs {
    /// Reads `arg` if it is a formatting option; `next` is the argument after it, for the
    /// options whose value may be separate (`--date X`). Returns how many arguments it took
    /// (0: not a formatting option).
    pub fn take(&mut self, arg: &str, next: Option<&str>, cmd: Command) -> Result<usize, CliError> {
        let value = |name: &str| -> Option<(Option<String>, usize)> {
            if arg == name {
                Some((next.map(str::to_string), 2))
            } else {
                arg.strip_prefix(name)
                    .and_then(|r| r.strip_prefix('='))
                    .map(|v| (Some(v.to_string()), 1))
            }
        };
        if arg == "--pretty" {
            self.format = Some(None);
        } else if let Some(f) = arg
            .strip_prefix("--pretty=")
            .or_else(|| arg.strip_prefix("--format="))
        {
            self.format = Some(Some(f.as_bytes().to_vec()));
        } else if arg == "--oneline" {
            self.format = Some(Some(b"oneline".to_vec()));
            self.abbrev_commit = Some(true);
        } else if arg == "--abbrev-commit" {
            self.abbrev_commit = Some(true);
        } else if arg == "--no-abbrev-commit" {
            self.abbrev_commit = Some(false);
        } else if arg == "--abbrev" {
            self.abbrev = Some(None);
        } else if arg == "--no-abbrev" {
            self.abbrev = Some(Some(ObjectId::HEX_LEN));
        } else if let Some(n) = arg.strip_prefix("--abbrev=") {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            let n = digits.parse::<usize>().unwrap_or(0);
            self.abbrev = Some(Some(n.clamp(4, ObjectId::HEX_LEN)));
        } else if let Some((v, took)) = value("--date") {
            let Some(v) = v else {
                return Err(CliError::Fatal("Option '--date' requires a value".into()));
            };
            self.date = Some(v);
            return Ok(took);
        } else if arg == "--relative-date" {
            self.date = Some("relative".into());
        } else if arg == "--expand-tabs" {
            self.expand_tabs = Some(8);
        } else if arg == "--no-expand-tabs" {
            self.expand_tabs = Some(0);
        } else if let Some(n) = arg.strip_prefix("--expand-tabs=") {
            match n.parse::<i32>() {
                Ok(v) if v >= 0 => self.expand_tabs = Some(v as usize),
                _ => {
                    return Err(CliError::Fatal(format!(
                        "'{n}': not a non-negative integer"
                    )))
                }
            }
        } else if cmd == Command::Log && arg == "--decorate" {
            self.decorate = Some(Some(RefStyle::Short));
        } else if cmd == Command::Log && arg == "--no-decorate" {
            self.decorate = Some(None);
        } else if let Some(v) = arg
            .strip_prefix("--decorate=")
            .filter(|_| cmd == Command::Log)
        {
            match decoration_style(v) {
                Some(style) => self.decorate = Some(style),
                None => return Err(CliError::Fatal(format!("invalid --decorate option: {v}"))),
            }
        } else if matches!(arg, "--notes" | "--show-notes" | "--standard-notes") {
            self.notes_given = true;
            self.show_notes = true;
            self.default_notes = Some(true);
        } else if arg == "--no-standard-notes" {
            self.default_notes = Some(false);
        } else if arg == "--no-notes" {
            self.notes_given = true;
            self.show_notes = false;
            self.default_notes = None;
            self.notes_refs.clear();
        } else if let Some(r) = arg
            .strip_prefix("--notes=")
            .or_else(|| arg.strip_prefix("--show-notes="))
        {
            self.notes_given = true;
            self.show_notes = true;
            self.notes_refs.push(r.into());
        } else if cmd == Command::Log && matches!(arg, "--use-mailmap" | "--mailmap") {
            self.mailmap = Some(true);
        } else if cmd == Command::Log && matches!(arg, "--no-use-mailmap" | "--no-mailmap") {
            self.mailmap = Some(false);
        } else {
            return Ok(0);
        }
        Ok(1)
    }

    /// The formatter these options (and, for `log`, the config) ask for; `now` is for relative
    /// dates (git's `GIT_TEST_DATE_NOW`, else the clock).
    pub fn build<'r>(&self, repo: &'r Repository, cmd: Command) -> Result<Pretty<'r>, CliError> {
        let config = repo.config();
        let log = cmd == Command::Log;
        let text: Option<Vec<u8>> = match &self.format {
            Some(f) => f.clone(),
            None if log => config.get("format.pretty").map(|v| v.to_vec()),
            None => None,
        };
        let (format, implied_date) = match &text {
            Some(t) => (parse_format(repo, t, 0)?, CommitFormat::default_date(t)),
            None => (CommitFormat::default(), None),
        };
        let date_arg = self.date.clone().or_else(|| {
            log.then(|| config.get("log.date"))
                .flatten()
                .map(|d| d.to_str_lossy().into_owned())
        });
        let date = match date_arg {
            Some(d) => DateFormat::parse(&d).map_err(date_error)?,
            None => implied_date.unwrap_or_default(),
        };
        let config_bool = |key: &str| config.get_bool(key).ok().flatten();
        let raw = matches!(
            format,
            CommitFormat::Builtin(gitstore::pretty::Builtin::Raw)
        ) && self.format.is_some();
        let abbrev_commit = self
            .abbrev_commit
            .unwrap_or_else(|| log && !raw && config_bool("log.abbrevCommit").unwrap_or(false));
        let mut decorate = match self.decorate {
            Some(style) => style,
            None if log && !raw => config
                .get("log.decorate")
                .and_then(|v| decoration_style(&v.to_str_lossy()))
                .flatten(),
            None => None,
        };
        let wants = format.wants_decorations();
        let user_format = matches!(format, CommitFormat::User(_));
        let show_on_commit_line = decorate.is_some() && !user_format;
        if user_format && wants && decorate.is_none() {
            decorate = Some(RefStyle::Short);
        }
        let mut options = PrettyOptions::new(format);
        options.date = date;
        options.date_context = DateContext::from_env(repo.env());
        options.abbrev = self.abbrev.flatten();
        options.abbrev_commit = abbrev_commit;
        options.decorate = show_on_commit_line;
        options.expand_tabs = self.expand_tabs;
        options.mailmap = log
            && self
                .mailmap
                .unwrap_or_else(|| config_bool("log.mailmap").unwrap_or(true));
        let show_notes = match self.notes_given {
            true => self.show_notes,
            // `log` shows notes unless a format is given without %N
            false => log && (self.format.is_none() || options.format.wants_notes()),
        };
        let mut pretty = Pretty::new(repo, options);
        if show_notes {
            let refs = Notes::display_refs(repo, &self.notes_refs, self.default_notes)?;
            pretty = pretty.with_notes(Notes::load(repo, &refs)?);
        }
        match decorate.filter(|_| log && (show_on_commit_line || wants)) {
            Some(style) => {
                let all = config
                    .get("log.initialDecorationSet")
                    .is_some_and(|v| v.as_bytes() == b"all");
                let filter = if all {
                    DecorationFilter::All
                } else {
                    DecorationFilter::LogDefault
                };
                Ok(pretty.with_decorations(Decorations::load(repo, filter, style)?))
            }
            None => Ok(pretty),
        }
    }
}

fn date_error(e: DateFormatError) -> CliError {
    match e {
        DateFormatError::Unknown(f) => CliError::Fatal(format!("unknown date format {f}")),
        DateFormatError::MissingColon(f) => {
            CliError::Fatal(format!("date format missing colon separator: {f}"))
        }
        other => CliError::Fatal(other.to_string()),
    }
}

/// `--pretty=` with the user's `pretty.<name>` aliases (git's `find_commit_format`), which may
/// name each other (git gives up on a loop).
fn parse_format(repo: &Repository, text: &[u8], depth: usize) -> Result<CommitFormat, CliError> {
    match CommitFormat::parse(text) {
        Ok(f) => Ok(f),
        Err(PrettyError {
            kind: PrettyErrorKind::UnknownFormat,
            ..
        }) if depth < 10 => {
            let key = format!("pretty.{}", text.to_str_lossy());
            match repo.config().get(&key) {
                Some(alias) => parse_format(repo, alias, depth + 1),
                None => Err(pretty_error(CommitFormat::parse(text).unwrap_err())),
            }
        }
        Err(e) => Err(pretty_error(e)),
    }
}

fn pretty_error(e: PrettyError) -> CliError {
    match &e.kind {
        PrettyErrorKind::Date(d) => date_error(d.clone()),
        _ => CliError::Fatal(e.to_string()),
    }
}
