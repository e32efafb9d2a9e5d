//! git's usage text for each command: `gitstore <command> -h` prints it on the stream git prints
//! it to and exits 129 (git's parse-options answers a lone `-h` on stdout; a few commands print
//! `usage()` themselves first, on stderr), and an unknown option is answered with it as git
//! answers (parse-options: `error: unknown option` and the text; the others: the text alone).
//! `--help` stays gitstore's own.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// Where git prints a command's `-h` text.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// How the command reads its options, which decides git's answer to an unknown one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Parser {
    /// git's parse-options: `error: unknown option `x'` (or switch), then the usage text.
    ParseOptions,
    /// Its own loop: the usage text alone.
    Own,
}

/// Each command's `-h` text (git 2.47), where git prints it. `rev-parse`, whose `-h` depends
/// on what follows, answers it itself.
const USAGES: &[(&str, Stream, &str)] = &[
    (
        "merge-base",
        Stream::Out,
        include_str!("usage/merge-base.txt"),
    ),
    ("branch", Stream::Err, include_str!("usage/branch.txt")),
    ("cat-file", Stream::Out, include_str!("usage/cat-file.txt")),
    (
        "commit-tree",
        Stream::Err,
        include_str!("usage/commit-tree.txt"),
    ),
    (
        "count-objects",
        Stream::Out,
        include_str!("usage/count-objects.txt"),
    ),
    (
        "for-each-ref",
        Stream::Out,
        include_str!("usage/for-each-ref.txt"),
    ),
    (
        "diff-tree",
        Stream::Err,
        include_str!("usage/diff-tree.txt"),
    ),
    ("fsck", Stream::Out, include_str!("usage/fsck.txt")),
    (
        "hash-object",
        Stream::Out,
        include_str!("usage/hash-object.txt"),
    ),
    (
        "index-pack",
        Stream::Err,
        include_str!("usage/index-pack.txt"),
    ),
    ("init", Stream::Out, include_str!("usage/init.txt")),
    ("log", Stream::Out, include_str!("usage/log.txt")),
    ("ls-tree", Stream::Out, include_str!("usage/ls-tree.txt")),
    ("mktag", Stream::Out, include_str!("usage/mktag.txt")),
    ("mktree", Stream::Out, include_str!("usage/mktree.txt")),
    (
        "pack-objects",
        Stream::Out,
        include_str!("usage/pack-objects.txt"),
    ),
    (
        "prune-packed",
        Stream::Out,
        include_str!("usage/prune-packed.txt"),
    ),
    ("repack", Stream::Out, include_str!("usage/repack.txt")),
    ("rev-list", Stream::Err, include_str!("usage/rev-list.txt")),
    ("show-ref", Stream::Out, include_str!("usage/show-ref.txt")),
    (
        "symbolic-ref",
        Stream::Out,
        include_str!("usage/symbolic-ref.txt"),
    ),
    ("tag", Stream::Out, include_str!("usage/tag.txt")),
    (
        "unpack-objects",
        Stream::Err,
        include_str!("usage/unpack-objects.txt"),
    ),
    (
        "update-ref",
        Stream::Out,
        include_str!("usage/update-ref.txt"),
    ),
    (
        "verify-pack",
        Stream::Out,
        include_str!("usage/verify-pack.txt"),
    ),
];

/// git's answer to `<command> -h` when `rest`, the arguments after the command, is that lone
/// `-h`; `None` for anything else.
pub fn lone_dash_h(command: &str, rest: &[OsString]) -> Option<ExitCode> {
    if rest != ["-h"] {
        return None;
    }
    let (_, stream, text) = USAGES.iter().find(|(name, _, _)| *name == command)?;
    let _ = match stream {
        Stream::Out => std::io::stdout().write_all(text.as_bytes()),
        Stream::Err => std::io::stderr().write_all(text.as_bytes()),
    };
    Some(ExitCode::from(129))
}

/// The usage text git prints after an unknown option to `command`, and how it reads options;
/// `None` for a command that reports unknown options its own way (`rev-list`, `diff-tree`).
pub fn after_unknown_option(command: &str) -> Option<(&'static str, Parser)> {
    let parser = match command {
        "rev-list" | "diff-tree" => return None,
        "index-pack" | "unpack-objects" => Parser::Own,
        _ => Parser::ParseOptions,
    };
    let (_, _, text) = USAGES.iter().find(|(name, _, _)| *name == command)?;
    Some((text, parser))
}

/// git's answer to a `-h` that clap took for its help flag among other arguments (`update-ref -d
/// -h`): parse-options prints the usage text on stdout, a command with its own loop treats `-h`
/// as the unknown option it is. `None` when `rest` asked for `--help` (gitstore's own), or for
/// `show-ref`, whose `-h` among other arguments is `--head` in git.
pub fn dash_h_among(command: &str, rest: &[OsString]) -> Option<ExitCode> {
    if command == "show-ref"
        || rest
            .iter()
            .any(|a| a.to_string_lossy().starts_with("--help"))
    {
        return None;
    }
    let (text, parser) = after_unknown_option(command)?;
    let _ = match parser {
        Parser::ParseOptions => std::io::stdout().write_all(text.as_bytes()),
        Parser::Own => std::io::stderr().write_all(text.as_bytes()),
    };
    Some(ExitCode::from(129))
}
