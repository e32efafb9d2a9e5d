//! `gitstore rev-parse [<options>] <args>...`: names to object ids, as `git rev-parse` prints
//! them (ranges as `B ^A`, `--verify`, `--short`, `--symbolic-full-name`, `--abbrev-ref`, the
//! repository queries), with git's messages and exit codes.

use crate::{stdout, CliError, CliResult, Context};
use bstr::{BStr, BString, ByteSlice};
use gitstore::date::DateContext;
use gitstore::history::walk::RefSelection;
use gitstore::pathspec::{looks_like_pathspec, names_existing_path};
use gitstore::revision::{self, Hint, ParentShorthand, Resolver};
use gitstore::{ObjectId, Repository};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

mod parseopt;
mod paths;

/// Arguments of `rev-parse`: read in order, as git does, so options and revisions mix.
#[derive(clap::Args)]
#[command(disable_help_flag = true)]
pub struct Args {
    /// Options and revisions, in order.
    #[arg(allow_hyphen_values = true, trailing_var_arg = true, num_args = 0..)]
    args: Vec<OsString>,
}

const DO_REVS: u8 = 1;
const DO_NOREV: u8 = 2;
const DO_FLAGS: u8 = 4;
const DO_NONFLAGS: u8 = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Symbolic {
    No,
    AsIs,
    Full,
}

/// The state `git rev-parse` keeps while it walks its arguments.
struct RevParse<'r> {
    resolver: Resolver<'r>,
    repo: &'r Repository,
    out: Vec<u8>,
    cwd: PathBuf,
    filter: u8,
    verify: bool,
    quiet: bool,
    abbrev: Option<usize>,
    symbolic: Symbolic,
    abbrev_ref: Option<bool>,
    reversed: bool,
    revs_count: usize,
    default: Option<BString>,
    /// `--sq`: shown words single-quoted on one line.
    sq: bool,
    /// `--path-format=`.
    path_format: Option<paths::PathFormat>,
    /// `--prefix <path>`: the prefix paths are taken from and file arguments shown with.
    prefix_option: Option<BString>,
}

pub fn run(args: Args, ctx: &Context) -> CliResult {
    let raw = crate::raw_args_after("rev-parse", &args.args);
    if raw.first().is_some_and(|a| a == "--sq-quote") {
        let mut line = Vec::new();
        gitstore::quote::sq_quote_argv(
            &mut line,
            &raw[1..]
                .iter()
                .map(|a| a.as_encoded_bytes())
                .collect::<Vec<_>>(),
        );
        line.push(b'\n');
        let mut out = stdout();
        out.write_all(&line)?;
        return crate::finish(out);
    }
    if raw.first().is_some_and(|a| a == "--parseopt") {
        let args: Vec<BString> = raw[1..]
            .iter()
            .map(|a| BString::from(a.as_encoded_bytes()))
            .collect();
        return parseopt::run(&args);
    }
    if raw.first().is_some_and(|a| a == "-h") {
        eprintln!(
            "usage: git rev-parse --parseopt [<options>] -- [<args>...]\n   \
             or: git rev-parse --sq-quote [<arg>...]\n   \
             or: git rev-parse [<options>] [<arg>...]\n\n\
             Run \"git rev-parse --parseopt -h\" for more information on the first usage."
        );
        return Err(CliError::Exit(129));
    }
    if let Some(out) = paths::without_repository(&raw)? {
        let mut stdout = stdout();
        stdout.write_all(&out)?;
        return crate::finish(stdout);
    }
    let repo = ctx.repo()?;
    let cwd = std::env::current_dir().map_err(|e| CliError::Fatal(e.to_string()))?;
    let mut rp = RevParse {
        resolver: Resolver::new(&repo),
        repo: &repo,
        out: Vec::new(),
        cwd,
        filter: DO_REVS | DO_NOREV | DO_FLAGS | DO_NONFLAGS,
        verify: false,
        quiet: false,
        abbrev: None,
        symbolic: Symbolic::No,
        abbrev_ref: None,
        reversed: false,
        revs_count: 0,
        default: None,
        sq: false,
        path_format: None,
        prefix_option: None,
    };
    let prefix = rp.prefix().map(BString::from);
    rp.resolver.set_prefix(prefix);
    let args: Vec<BString> = raw
        .iter()
        .map(|a| BString::from(a.as_encoded_bytes()))
        .collect();
    let result = rp.run(&args);
    let mut out = stdout();
    out.write_all(&rp.out)?;
    crate::finish(out)?;
    result
}

impl RevParse<'_> {
    fn run(&mut self, args: &[BString]) -> CliResult {
        let has_dashdash = args.iter().any(|a| a == "--");
        let mut as_is = 0u8;
        let mut seen_end_of_options = false;
        let mut verified: Option<(bool, ObjectId, BString)> = None;
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            i += 1;
            if as_is > 0 {
                if self.show_file(arg) && as_is < 2 {
                    self.verify_filename(arg, false)?;
                }
                continue;
            }
            if !seen_end_of_options && arg.starts_with(b"-") {
                if arg == "--" {
                    as_is = 2;
                    if self.filter & (DO_FLAGS | DO_REVS) != 0 {
                        self.show_file(arg);
                    }
                    continue;
                }
                if arg == "--end-of-options" {
                    seen_end_of_options = true;
                    if self.filter & (DO_FLAGS | DO_REVS) != 0 {
                        self.show_file(arg);
                    }
                    continue;
                }
                if self.option(arg, args, &mut i)? {
                    continue;
                }
                // an option rev-parse does not interpret: passed on
                if self.show_flag(arg) && self.verify {
                    return Err(self.no_single_rev());
                }
                continue;
            }
            if self.try_range(arg)? {
                continue;
            }
            if self.try_parent_shorthand(arg)? {
                continue;
            }
            let (name, reversed) = match arg.strip_prefix(b"^") {
                Some(rest) => (rest, true),
                None => (arg.as_slice(), false),
            };
            match self.lookup(name, Hint::Any, self.quiet)? {
                Some(id) => {
                    if self.verify {
                        self.revs_count += 1;
                        verified = Some((reversed, id, name.into()));
                    } else {
                        self.show_rev(reversed, &id, Some(name.as_bstr()))?;
                    }
                }
                None => {
                    if self.verify {
                        return Err(self.no_single_rev());
                    }
                    if has_dashdash {
                        return Err(CliError::Fatal(format!("bad revision '{arg}'")));
                    }
                    as_is = 1;
                    if !self.show_file(arg) {
                        continue;
                    }
                    self.verify_filename(arg, true)?;
                }
            }
        }
        if self.verify {
            if self.revs_count == 1 {
                if let Some((reversed, id, name)) = verified {
                    self.show_rev(reversed, &id, Some(name.as_bstr()))?;
                    return Ok(());
                }
            } else if self.revs_count == 0 && self.show_default()? {
                return Ok(());
            }
            return Err(self.no_single_rev());
        }
        self.show_default()?;
        Ok(())
    }

    /// Handles an option rev-parse knows; false when it does not know it.
    fn option(&mut self, arg: &BString, args: &[BString], i: &mut usize) -> Result<bool, CliError> {
        let a = arg.as_bytes();
        if self.layout_option(a, args, i)? {
            return Ok(true);
        }
        match a {
            b"--default" => {
                let Some(def) = args.get(*i) else {
                    return Err(CliError::Fatal("--default requires an argument".into()));
                };
                *i += 1;
                self.default = Some(def.clone());
            }
            b"--not" => self.reversed = !self.reversed,
            _ if date_option(a).is_some() => {
                let (flag, date) = date_option(a).unwrap_or_default();
                if self.filter & (DO_FLAGS | DO_REVS) == DO_FLAGS | DO_REVS {
                    let ctx = DateContext::from_env(self.repo.env());
                    let value = gitstore::date::approxidate(date, &ctx);
                    self.line(format!("{flag}{value}").as_bytes());
                }
            }
            b"--all" => self.show_refs(b"refs/", None)?,
            _ if ref_family(a).is_some() => {
                let (prefix, pattern) =
                    ref_family(a).map_or((&b"refs/"[..], None), |s| s.namespace());
                self.show_refs(prefix, pattern)?;
            }
            b"--symbolic" => self.symbolic = Symbolic::AsIs,
            b"--symbolic-full-name" => self.symbolic = Symbolic::Full,
            b"--verify" => {
                self.filter &= !(DO_FLAGS | DO_NOREV);
                self.verify = true;
            }
            b"-q" | b"--quiet" => self.quiet = true,
            b"--revs-only" => self.filter &= !DO_NOREV,
            b"--no-revs" => self.filter &= !DO_REVS,
            b"--flags" => self.filter &= !DO_NONFLAGS,
            b"--no-flags" => self.filter &= !DO_FLAGS,
            b"--git-dir" => {
                let text = self.git_dir_for_display();
                self.line(text.as_bytes());
            }
            b"--absolute-git-dir" => {
                let dir = self.repo.git_dir();
                let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
                self.line(dir.as_os_str().as_encoded_bytes());
            }
            b"--is-bare-repository" => {
                let bare = self.repo.is_bare();
                self.line(if bare { b"true" } else { b"false" });
            }
            b"--is-inside-work-tree" => {
                let inside = self.prefix().is_some();
                self.line(if inside { b"true" } else { b"false" });
            }
            b"--is-inside-git-dir" => {
                let inside =
                    canonical(self.repo.git_dir()).is_some_and(|g| self.cwd.starts_with(g));
                self.line(if inside { b"true" } else { b"false" });
            }
            b"--show-toplevel" => match self.repo.work_tree().and_then(canonical) {
                Some(top) if self.prefix().is_some() => {
                    self.line(top.as_os_str().as_encoded_bytes())
                }
                _ => {
                    return Err(CliError::Fatal(
                        "this operation must be run in a work tree".into(),
                    ))
                }
            },
            b"--show-prefix" => {
                let prefix = self.prefix().unwrap_or_default();
                self.line(&prefix);
            }
            b"--show-cdup" => {
                // outside the work tree (in .git) git knows no work tree to go up to
                if let Some(prefix) = self.prefix() {
                    let ups = prefix.iter().filter(|&&c| c == b'/').count();
                    self.line("../".repeat(ups).as_bytes());
                }
            }
            _ => {
                if let Some(mode) = a.strip_prefix(b"--abbrev-ref") {
                    let strict = match mode {
                        b"" | b"=strict" => true,
                        b"=loose" => false,
                        _ => {
                            let mode = mode.get(1..).unwrap_or_default().as_bstr();
                            return Err(CliError::Fatal(format!(
                                "unknown mode for --abbrev-ref: {mode}"
                            )));
                        }
                    };
                    self.abbrev_ref = Some(strict);
                } else if let Some(len) = a.strip_prefix(b"--short") {
                    if !len.is_empty() && !len.starts_with(b"=") {
                        return Ok(false);
                    }
                    self.filter &= !(DO_FLAGS | DO_NOREV);
                    self.verify = true;
                    self.abbrev = Some(match len.strip_prefix(b"=") {
                        None => revision::default_abbrev_len(self.repo),
                        Some(n) => strtoul(n).clamp(4, ObjectId::HEX_LEN),
                    });
                } else {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// `A..B` and `A...B` (git's `try_difference`).
    fn try_range(&mut self, arg: &[u8]) -> Result<bool, CliError> {
        let Some(range) = revision::parse_range(arg) else {
            return Ok(false);
        };
        let Some(from) = self.lookup(range.from, Hint::Committish, false)? else {
            return Ok(false);
        };
        let Some(to) = self.lookup(range.to, Hint::Committish, false)? else {
            return Ok(false);
        };
        self.show_rev(false, &to, Some(range.to.as_bstr()))?;
        self.show_rev(!range.symmetric, &from, Some(range.from.as_bstr()))?;
        if range.symmetric {
            let a = self.resolver.peel_to_commit(from)?;
            let b = self.resolver.peel_to_commit(to)?;
            if a.is_none() || b.is_none() {
                return Ok(false);
            }
            for base in self.resolver.merge_bases(from, to)? {
                self.show_rev(true, &base, None)?;
            }
        }
        Ok(true)
    }

    /// `A^@`, `A^!`, `A^-n` (git's `try_parent_shorthands`).
    fn try_parent_shorthand(&mut self, arg: &[u8]) -> Result<bool, CliError> {
        let Some(shorthand) = revision::parse_parent_shorthand(arg) else {
            return Ok(false);
        };
        let (rev, include_rev, include_parents, exclude) = match shorthand {
            ParentShorthand::Parents(rev) => (rev, false, true, None),
            ParentShorthand::Only(rev) => (rev, true, false, None),
            ParentShorthand::ExcludeParent(rev, n) => (rev, true, false, Some(n)),
        };
        let Some(id) = self.lookup(rev, Hint::Committish, false)? else {
            return Ok(false);
        };
        let Some(parents) = self.resolver.parents(id)? else {
            return Ok(false);
        };
        if exclude.is_some_and(|n| n > parents.len()) {
            return Ok(false);
        }
        if include_rev {
            self.show_rev(false, &id, Some(rev.as_bstr()))?;
        }
        for (i, parent) in parents.iter().enumerate() {
            let number = i + 1;
            if exclude.is_some_and(|n| n != number) {
                continue;
            }
            let name = (self.symbolic != Symbolic::No)
                .then(|| BString::from(format!("{}^{number}", rev.as_bstr())));
            self.show_rev(!include_parents, parent, name.as_ref().map(|n| n.as_bstr()))?;
        }
        Ok(true)
    }

    /// Resolves a name, printing what git prints on the way; fatal errors end the command.
    /// `quiet`: git's `GET_OID_QUIETLY`, which rev-parse's `-q` passes to the lookup of a plain
    /// revision only (not to those of ranges, parent shorthands or `--default`).
    fn lookup(
        &mut self,
        name: &[u8],
        hint: Hint,
        quiet: bool,
    ) -> Result<Option<ObjectId>, CliError> {
        self.resolver.set_quiet(quiet);
        let result = self.resolver.lookup(name, hint);
        self.report();
        match result {
            Ok(id) => Ok(Some(id)),
            Err(gitstore::Error::Revision(e)) if !e.is_fatal() => Ok(None),
            Err(gitstore::Error::Revision(_)) if quiet => Err(CliError::Exit(128)),
            Err(gitstore::Error::Revision(e)) => {
                Err(CliError::Fatal(crate::revarg::fatal_message(&e)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Prints (to stderr) the diagnostics gathered by the resolver.
    fn report(&mut self) {
        crate::revarg::report(&mut self.resolver);
    }

    /// git's `show_rev`.
    /// `--all`, `--branches[=P]`, `--tags[=P]`, `--remotes[=P]`: the refs under `prefix`
    /// (matching the glob `pattern`, always taken under `prefix`; a pattern without a glob
    /// character means everything below it), in ref order.
    fn show_refs(&mut self, prefix: &[u8], pattern: Option<&[u8]>) -> Result<(), CliError> {
        let glob = pattern.map(|p| gitstore::refs::pattern::glob_pattern(prefix, p));
        let list = self.repo.refs().list(prefix)?;
        for r in &list.refs {
            if let Some(g) = &glob {
                if !gitstore::refs::format::wildmatch(g, r.name.as_bytes(), false) {
                    continue;
                }
            }
            let Ok(Some(resolved)) = self.repo.refs().resolve(&r.name) else {
                continue;
            };
            let Some(id) = resolved.id() else { continue };
            self.show_rev(false, &id, Some(r.name.as_bstr()))?;
        }
        Ok(())
    }

    fn show_rev(
        &mut self,
        reversed: bool,
        id: &ObjectId,
        name: Option<&BStr>,
    ) -> Result<(), CliError> {
        if self.filter & DO_REVS == 0 {
            return Ok(());
        }
        self.default = None;
        self.revs_count += 1;
        match name {
            Some(name) if self.symbolic != Symbolic::No || self.abbrev_ref.is_some() => {
                if self.symbolic == Symbolic::Full || self.abbrev_ref.is_some() {
                    let found = self.resolver.dwim_ref(name)?;
                    self.report();
                    match (found.count, found.full_name) {
                        (0, _) | (_, None) => {}
                        (1, Some(full)) => {
                            let shown = match self.abbrev_ref {
                                Some(strict) => self.repo.refs().shorten(&full, strict),
                                None => full.into_bstring(),
                            };
                            self.show_with_type(reversed, &shown);
                        }
                        _ => eprintln!("error: refname '{name}' is ambiguous"),
                    }
                } else {
                    self.show_with_type(reversed, name);
                }
            }
            _ => {
                let text = match self.abbrev {
                    Some(len) => revision::abbreviate(self.repo, id, len)?,
                    None => id.to_hex(),
                };
                self.show_with_type(reversed, text.as_bytes());
            }
        }
        Ok(())
    }

    fn show_with_type(&mut self, reversed: bool, text: &[u8]) {
        if reversed != self.reversed {
            self.out.push(b'^');
        }
        self.show(text);
    }

    /// git's `show`: a line, or with `--sq` a single-quoted word and a space.
    fn show(&mut self, text: &[u8]) {
        if !self.sq {
            return self.line(text);
        }
        self.out.push(b'\'');
        for &c in text {
            if c == b'\'' {
                self.out.extend_from_slice(b"'\\'");
            }
            self.out.push(c);
        }
        self.out.extend_from_slice(b"' ");
    }

    fn line(&mut self, text: &[u8]) {
        self.out.extend_from_slice(text);
        self.out.push(b'\n');
    }

    /// Prints a non-revision argument when file names are wanted.
    fn show_file(&mut self, arg: &[u8]) -> bool {
        if self.filter & (DO_NONFLAGS | DO_NOREV) == DO_NONFLAGS | DO_NOREV {
            if let Some(prefix) = self.prefix_option.as_ref().filter(|_| arg != b"--") {
                let mut shown = Vec::new();
                if !arg.starts_with(b"/") {
                    shown.extend_from_slice(prefix);
                }
                shown.extend_from_slice(arg);
                self.show(&shown);
            } else {
                self.show(arg);
            }
            return true;
        }
        false
    }

    fn show_flag(&mut self, arg: &[u8]) -> bool {
        if self.filter & DO_FLAGS == 0 {
            return false;
        }
        if self.filter & DO_NOREV != 0 {
            self.show(arg);
            return true;
        }
        false
    }

    fn show_default(&mut self) -> Result<bool, CliError> {
        let Some(def) = self.default.clone() else {
            return Ok(false);
        };
        if let Some(id) = self.lookup(&def, Hint::Any, false)? {
            self.show_rev(false, &id, Some(def.as_bstr()))?;
            return Ok(true);
        }
        Ok(false)
    }

    fn no_single_rev(&self) -> CliError {
        if self.quiet {
            CliError::Exit(1)
        } else {
            CliError::Fatal("Needed a single revision".into())
        }
    }

    /// git's `verify_filename`: an argument that is neither a revision nor a file is fatal.
    fn verify_filename(&mut self, arg: &[u8], diagnose_rev: bool) -> CliResult {
        if arg.starts_with(b"-") {
            return Err(crate::revarg::option_after_arguments(arg));
        }
        if looks_like_pathspec(arg) || self.file_exists(arg) {
            return Ok(());
        }
        if !diagnose_rev {
            return Err(crate::revarg::no_such_path(arg));
        }
        // git's second pass, GET_OID_ONLY_TO_DIE | GET_OID_QUIETLY: what quiet does not silence
        // is said again
        self.resolver.set_quiet(true);
        let diagnosis = self
            .resolver
            .lookup_only_to_die(arg, Hint::Any, &self.cwd, true);
        self.report();
        match diagnosis {
            Err(gitstore::Error::Revision(e)) if e.is_fatal() => {
                return Err(CliError::Fatal(crate::revarg::fatal_message(&e)))
            }
            Err(gitstore::Error::Revision(_)) | Ok(_) => {}
            Err(e) => return Err(e.into()),
        }
        Err(crate::revarg::unknown_revision_or_path(arg))
    }

    fn file_exists(&self, arg: &[u8]) -> bool {
        let top = self.repo.work_tree().and_then(canonical);
        names_existing_path(arg, &self.cwd, top.as_deref())
    }

    /// Where the command runs relative to the top of the work tree (`src/`, empty at the top);
    /// `None` outside the work tree.
    fn prefix(&self) -> Option<Vec<u8>> {
        let top = canonical(self.repo.work_tree()?)?;
        if let Some(git_dir) = canonical(self.repo.git_dir()) {
            if self.cwd.starts_with(&git_dir) {
                return None;
            }
        }
        let rel = self.cwd.strip_prefix(&top).ok()?;
        let mut prefix = Vec::new();
        for comp in rel.components() {
            prefix.extend_from_slice(comp.as_os_str().as_encoded_bytes());
            prefix.push(b'/');
        }
        Some(prefix)
    }

    /// What `git rev-parse --git-dir` prints: relative at the top of the work tree or in the git
    /// directory itself, absolute elsewhere.
    fn git_dir_for_display(&self) -> String {
        if let Some(dir) = self.repo.env().var("GIT_DIR") {
            return dir.to_string_lossy().into_owned();
        }
        let git_dir = self.repo.git_dir();
        let abs = canonical(git_dir).unwrap_or_else(|| git_dir.to_path_buf());
        if self.cwd == abs {
            return ".".into();
        }
        if self.repo.work_tree().and_then(canonical).as_deref() == Some(self.cwd.as_path())
            && abs == self.cwd.join(".git")
        {
            return ".git".into();
        }
        abs.display().to_string()
    }
}

fn canonical(p: &Path) -> Option<PathBuf> {
    p.canonicalize().ok()
}

/// C's `strtoul` on the start of `digits`: 0 when there are none; saturating.
fn strtoul(digits: &[u8]) -> usize {
    digits
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0usize, |n, d| {
            n.saturating_mul(10).saturating_add(usize::from(d - b'0'))
        })
}

/// `--branches[=P]`, `--tags[=P]`, `--remotes[=P]`: the refs they select.
fn ref_family(arg: &[u8]) -> Option<RefSelection<'_>> {
    RefSelection::from_option(arg).filter(|s| {
        matches!(
            s,
            RefSelection::Branches(_) | RefSelection::Tags(_) | RefSelection::Remotes(_)
        )
    })
}

/// `--since=<date>`, `--after=` → (`--max-age=`, date); `--until=`, `--before=` → `--min-age=`.
fn date_option(arg: &[u8]) -> Option<(&'static str, &[u8])> {
    [
        ("--since=", "--max-age="),
        ("--after=", "--max-age="),
        ("--before=", "--min-age="),
        ("--until=", "--min-age="),
    ]
    .into_iter()
    .find_map(|(option, flag)| Some((flag, arg.strip_prefix(option.as_bytes())?)))
}
