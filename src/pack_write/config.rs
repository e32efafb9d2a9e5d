//! What `pack-objects` takes from the configuration when its options do not say
//! (`pack.window`, `pack.depth`, `pack.threads`, `pack.compression` else `core.compression`),
//! and git's cap on the delta chain depth.

use crate::config::Config;

/// The longest delta chain git writes: a deeper `--depth` or `pack.depth` is cut to it (with a
/// warning from git).
pub const MAX_DEPTH: usize = 4095;

/// The [`PackOptions`](super::PackOptions) the configuration sets; `None` where it sets
/// nothing (a value that does not read as a number counts as unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PackConfig {
    /// `pack.window`, negative as 0.
    pub window: Option<usize>,
    /// `pack.depth`, negative as 0 (not yet cut to [`MAX_DEPTH`]).
    pub depth: Option<usize>,
    /// `pack.threads`, negative as 0 (0: one per core).
    pub threads: Option<usize>,
    /// `pack.compression`, else `core.compression`; a negative level is no level.
    pub compression: Option<u32>,
}

impl PackConfig {
    /// Reads the pack settings of `config`.
    pub fn from_config(config: &Config) -> PackConfig {
        let int = |key: &str| config.get_int(key).ok().flatten();
        let count = |key: &str| int(key).map(|n| n.max(0) as usize);
        PackConfig {
            window: count("pack.window"),
            depth: count("pack.depth"),
            threads: count("pack.threads"),
            compression: int("pack.compression")
                .or(int("core.compression"))
                .and_then(|c| u32::try_from(c).ok()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Config {
        Config::parse(text.as_bytes(), std::path::Path::new("config")).unwrap()
    }

    #[test]
    fn pack_settings_fall_back_to_core_compression_and_clamp_negatives() {
        let config = read("[pack]\n\twindow = -3\n\tdepth = 5000\n[core]\n\tcompression = 2\n");
        let got = PackConfig::from_config(&config);
        assert_eq!(
            got,
            PackConfig {
                window: Some(0),
                depth: Some(5000),
                threads: None,
                compression: Some(2),
            }
        );
        let config = read("[pack]\n\tcompression = 9\n[core]\n\tcompression = 2\n");
        assert_eq!(PackConfig::from_config(&config).compression, Some(9));
        assert_eq!(PackConfig::from_config(&read("")), PackConfig::default());
    }
}
