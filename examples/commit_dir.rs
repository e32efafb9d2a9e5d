//! Commit a directory of files into a bare repository (created if missing) and move a branch to
//! the new commit, as `git add -A && git commit` would from a work tree:
//! `cargo run --example commit_dir -- <dir> <bare-repo> [branch] [message]`.
//!
//! The author and committer are found as git finds them (`GIT_AUTHOR_NAME`, `user.name`…). The
//! branch moves only if nobody moved it since it was read (compare-and-swap), with the reflog
//! entry `git commit` writes.

use gitstore::object::EntryMode;
use gitstore::refs::RefName;
use gitstore::repo::InitOptions;
use gitstore::{Kind, ObjectId, Repository};
use std::path::Path;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Commits every file below `dir` into the bare repository `repo` on `branch`; returns the
/// commit's id.
pub fn commit_dir(dir: &Path, repo: &Path, branch: &str, msg: &str) -> Result<ObjectId> {
    let (repo, _) = Repository::init(repo, &InitOptions::bare())?;
    let branch = RefName::new(format!("refs/heads/{branch}"))?;
    let parent = repo.refs().resolve_id(branch.as_bytes());
    let mut tree = repo.edit_tree(None);
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let data = std::fs::read(entry.path())?;
            let rel = entry.path().strip_prefix(dir)?;
            let blob = repo.odb().write(Kind::Blob, &data)?;
            tree.insert(rel.as_os_str().as_encoded_bytes(), EntryMode::BLOB, blob)?;
        }
    }
    let commit = repo.new_commit(tree.write()?)?.with_parents(parent);
    Ok(repo.commit_and_move(&branch, &commit.with_message(msg), parent)?)
}

#[allow(dead_code)] // the integration test shares `commit_dir` and has a `main` of its own
fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, repo, rest @ ..] = &args[..] else {
        return Err("usage: commit_dir <dir> <bare-repo> [branch] [message]".into());
    };
    let branch = rest.first().map_or("main", String::as_str);
    let message = rest.get(1).map_or("Commit a directory\n", String::as_str);
    let id = commit_dir(Path::new(dir), Path::new(repo), branch, message)?;
    println!("{id}");
    Ok(())
}
