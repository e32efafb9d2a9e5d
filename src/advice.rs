//! git's advice switches: whether a `hint:` git would print is wanted.
//!
//! Advice is on unless `GIT_ADVICE` is a false value (`0`, `false`, `no`, `off` or empty) or
//! `advice.<key>` is configured false. The caller passes `GIT_ADVICE` in, so that this module
//! reads no environment of its own.
//!
//! ```
//! use gitstore::config::Config;
//! let config = Config::default();
//! assert!(gitstore::advice::enabled(&config, "refSyntax", None));
//! assert!(!gitstore::advice::enabled(&config, "refSyntax", Some("0".as_ref())));
//! ```

use crate::config::Config;
use std::ffi::OsStr;

/// Whether the advice `key` (as in `advice.<key>`, e.g. `refSyntax`) is shown, given the config
/// and the value of `GIT_ADVICE` (`None`: not set).
pub fn enabled(config: &Config, key: &str, git_advice: Option<&OsStr>) -> bool {
    if let Some(v) = git_advice {
        let v = v.to_string_lossy().to_ascii_lowercase();
        if matches!(v.as_str(), "0" | "false" | "no" | "off" | "") {
            return false;
        }
    }
    !matches!(config.get_bool(&format!("advice.{key}")), Ok(Some(false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_advice_false_values_silence_every_key() {
        let config = Config::default();
        for v in ["0", "false", "No", "OFF", ""] {
            assert!(!enabled(&config, "nestedTag", Some(OsStr::new(v))), "{v}");
        }
        assert!(enabled(&config, "nestedTag", Some(OsStr::new("1"))));
        assert!(enabled(&config, "nestedTag", None));
    }
}
