//! Path arguments of `log`, `rev-list` and `diff-tree`, read as git's `parse_pathspec` reads
//! them ([`Pathspec::parse`]), with git's words when one is not a pathspec.

use crate::CliError;
use bstr::ByteSlice;
use gitstore::pathspec::{Pathspec, PathspecError, PathspecGlobals};
use gitstore::Repository;

/// The pathspec `paths` make, from the directory `prefix` of `repo`'s work tree.
pub fn parse(
    repo: &Repository,
    paths: &[impl AsRef<[u8]>],
    prefix: &[u8],
) -> Result<Pathspec, CliError> {
    let top = repo.work_tree().and_then(|t| t.canonicalize().ok());
    let globals = PathspecGlobals::from_env(repo.env());
    Pathspec::parse(paths, prefix, top.as_deref(), globals)
        .map_err(|e| CliError::Fatal(message(repo, &e)))
}

/// git's message for `e` (after `fatal: `).
fn message(repo: &Repository, e: &PathspecError) -> String {
    match e {
        PathspecError::Empty => {
            "empty string is not a valid pathspec. please use . instead if you meant to match all paths".into()
        }
        PathspecError::Outside { arg, source } => {
            let hint = source
                .top
                .clone()
                .or_else(|| repo.work_tree().map(|t| t.to_path_buf()))
                .unwrap_or_else(|| repo.git_dir().to_path_buf());
            format!(
                "{}: '{}' is outside repository at '{}'",
                arg.as_bstr(),
                source.arg.as_bstr(),
                hint.display()
            )
        }
        PathspecError::InvalidMagic { word, arg } => {
            format!("Invalid pathspec magic '{}' in '{}'", word.as_bstr(), arg.as_bstr())
        }
        PathspecError::MissingParen { arg } => {
            format!("Missing ')' at the end of pathspec magic in '{}'", arg.as_bstr())
        }
        PathspecError::UnimplementedMagic { ch, arg } => {
            format!("Unimplemented pathspec magic '{}' in '{}'", char::from(*ch), arg.as_bstr())
        }
        PathspecError::Unsupported { magic, arg } => {
            format!("{}: pathspec magic not supported by this command: {magic}", arg.as_bstr())
        }
        // the library's words are git's for the rest
        other => other.to_string(),
    }
}
