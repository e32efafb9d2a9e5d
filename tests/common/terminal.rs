//! Running a command on a terminal (through `script`) and reading what it drew: progress
//! lines are redrawn with `\r`, so what counts is each line's last text.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `cmd` run with its stdin, stdout and stderr on a terminal (`script`; both streams come out
/// on stdout), stdin from the file `input` if given.
pub fn on_terminal(cmd: &Command, input: Option<&Path>) -> Output {
    let quote = |s: &std::ffi::OsStr| format!("'{}'", s.to_string_lossy().replace('\'', "'\\''"));
    let mut line = format!("exec {}", quote(cmd.get_program()));
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    if let Some(input) = input {
        line.push_str(&format!(" <{}", quote(input.as_os_str())));
    }
    let mut script = Command::new("script");
    script.args(["-qec", &line, "/dev/null"]);
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    script.env("SHELL", "/bin/sh").env("COLUMNS", "200");
    if let Some(dir) = cmd.get_current_dir() {
        script.current_dir(dir);
    }
    script.stdin(Stdio::null()).output().expect("script")
}

/// Each line's final text (the last `\r`-separated part that is not empty), passed through
/// `edit`, trailing blanks trimmed, one a line.
pub fn final_text_with(raw: &[u8], edit: impl Fn(&str) -> String) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::new();
    for line in text.split('\n') {
        if let Some(last) = line.split('\r').rfind(|p| !p.is_empty()) {
            out.push_str(edit(last).trim_end());
            out.push('\n');
        }
    }
    out
}

/// Each line's final text (the last `\r`-separated part that is not empty).
pub fn final_text(raw: &[u8]) -> String {
    final_text_with(raw, str::to_string)
}
