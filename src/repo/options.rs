//! Shorthands for [`InitOptions`].

use super::InitOptions;

impl InitOptions {
    /// Options for a bare repository with git's default initial branch: what `git init --bare`
    /// makes.
    pub fn bare() -> InitOptions {
        InitOptions {
            bare: true,
            ..InitOptions::default()
        }
    }
}
