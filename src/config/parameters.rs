//! `GIT_CONFIG_PARAMETERS`: the `-c name=value` settings git passes to its child processes,
//! each `'name'='value'` single-quoted as git's `sq_quote_buf` writes it, and read back with
//! `sq_dequote_step`.

use super::*;

/// Reads one shell single-quoted word starting at `at` (git's `sq_dequote_step`): `'…'`, where
/// `'\''` and `'\!'` continue the word with a quote or a `!`. Returns the word and the offset
/// just after its closing quote (`None` at the end of `text`), or `None` when no word starts at
/// `at` or it is not closed.
pub(super) fn sq_dequote_step(text: &[u8], at: usize) -> Option<(Vec<u8>, Option<usize>)> {
    if text.get(at) != Some(&b'\'') {
        return None;
    }
    let mut word = Vec::new();
    let mut i = at + 1;
    loop {
        let c = *text.get(i)?;
        i += 1;
        if c != b'\'' {
            word.push(c);
            continue;
        }
        match (text.get(i), text.get(i + 1), text.get(i + 2)) {
            (None, _, _) => return Some((word, None)),
            (Some(b'\\'), Some(&c @ (b'\'' | b'!')), Some(b'\'')) => {
                word.push(c);
                i += 3;
            }
            (Some(_), _, _) => return Some((word, Some(i))),
        }
    }
}

/// Appends `word` single-quoted for a shell, as git's `sq_quote_buf`: `'` and `!` are written
/// outside the quotes, backslashed.
pub(super) fn sq_quote(out: &mut Vec<u8>, word: &[u8]) {
    out.push(b'\'');
    for &c in word {
        match c {
            b'\'' | b'!' => out.extend_from_slice(&[b'\'', b'\\', c, b'\'']),
            c => out.push(c),
        }
    }
    out.push(b'\'');
}

/// The value of `GIT_CONFIG_PARAMETERS` after git's `-c <setting>` (`git_config_push_parameter`):
/// the `old` value, a space, and `'name'='value'`; `'name'=` for a setting with no `=` (true).
/// The name is not checked here: git checks it when the config is read.
pub fn push_parameter(old: Option<&[u8]>, setting: &[u8]) -> Vec<u8> {
    match setting.find_byte(b'=') {
        Some(eq) => push_split_parameter(
            old,
            setting.get(..eq).unwrap_or_default(),
            Some(setting.get(eq + 1..).unwrap_or_default()),
        ),
        None => push_split_parameter(old, setting, None),
    }
}

/// The value of `GIT_CONFIG_PARAMETERS` after git's `--config-env=<name>=<envvar>`
/// (`git_config_push_env`): `name` is everything before the last `=`, and its value is the
/// variable's, which `lookup` gives (empty is a value; unset is an error). The errors are
/// git's fatal ones.
pub fn push_config_env(
    old: Option<&[u8]>,
    spec: &[u8],
    lookup: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, CommandLineError> {
    let Some(eq) = spec.rfind_byte(b'=') else {
        return Err(CommandLineError::ConfigEnvFormat { spec: spec.into() });
    };
    let name = spec.get(..eq).unwrap_or_default();
    let var = spec.get(eq + 1..).unwrap_or_default();
    if var.is_empty() {
        return Err(CommandLineError::ConfigEnvNoVariable { name: name.into() });
    }
    let value = lookup(var).ok_or_else(|| CommandLineError::ConfigEnvUnset {
        var: var.into(),
        name: name.into(),
    })?;
    Ok(push_split_parameter(old, name, Some(&value)))
}

pub(super) fn push_split_parameter(
    old: Option<&[u8]>,
    name: &[u8],
    value: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(old) = old.filter(|o| !o.is_empty()) {
        out.extend_from_slice(old);
        out.push(b' ');
    }
    sq_quote(&mut out, name);
    out.push(b'=');
    if let Some(value) = value {
        sq_quote(&mut out, value);
    }
    out
}
