//! git's words for what the library reports as data: the object database's complaints, and the
//! errors of the config, repository-format and loose-object layers.

use gitstore::odb::OdbWarning;
use std::path::Path;

/// `path` as git names it: below the primary object directory (`abs`, with a trailing `/`) as
/// `shown` (its name as git shows it, with a trailing `/`), else as it is.
fn under_objects(path: &Path, abs: &str, shown: &str) -> String {
    let text = path.display().to_string();
    match text.strip_prefix(abs) {
        Some(rest) => format!("{shown}{rest}"),
        None => text,
    }
}

/// git's `error:` text (without `error: `) for what the object database complained about when
/// it was opened. `abs` is the primary object directory and `shown` its name in git's
/// messages, each with a trailing `/`.
pub fn odb_warning(warning: &OdbWarning, abs: &str, shown: &str) -> String {
    match warning {
        OdbWarning::AlternateMissing { path } => format!(
            "object directory {} does not exist; check .git/objects/info/alternates",
            under_objects(path, abs, shown)
        ),
        OdbWarning::AlternateUnresolvable { path } => format!(
            "unable to normalize alternate object path: {}",
            under_objects(path, abs, shown)
        ),
        OdbWarning::AlternatesTooDeep { objects_dir } => format!(
            "{}: ignoring alternate object stores, nesting too deep",
            under_objects(objects_dir, abs, shown)
        ),
        OdbWarning::BadIndex { path, error } => {
            let named = under_objects(path, abs, shown);
            std::fs::read(path)
                .ok()
                .and_then(|bytes| gitstore::pack::index::git_rejection(&bytes, Path::new(&named)))
                .unwrap_or_else(|| error.to_string().replace(abs, shown))
        }
        other => format!("{other:?}"),
    }
}
