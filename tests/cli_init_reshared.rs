//! `init --shared=…` run again in an existing repository, against git 2.47: the config gets
//! `core.sharedRepository` (git's spelling of the mode) and `receive.denyNonFastforwards`, the
//! git dir and its `refs` their shared permissions (nothing else), the config keeps its own
//! mode; without `--shared` the configured mode is applied again, and the message says
//! "shared". Compared: stdout (paths normalized), stderr, exit code, the config's bytes and
//! every path's permission bits.
#![cfg(unix)]

mod common;

use common::Fixture;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Every path below `root` with its permission bits, sorted.
fn modes(root: &Path) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(p) = todo.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        out.push((rel, meta.permissions().mode() & 0o7777));
        if meta.is_dir() {
            todo.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    out.sort();
    out
}

/// Runs `setup` (git commands) in two fresh directories, then `args` through git in one and
/// gitstore in the other, and compares what they print and leave.
fn same_reinit(setup: &[&[&str]], args: &[&str]) {
    let (g, s) = (Fixture::empty_dir(), Fixture::empty_dir());
    for f in [&g, &s] {
        for step in setup {
            f.git(step);
        }
    }
    let go = g.git_output(args, b"");
    let so = s.gitstore_output(args, b"");
    let text = |b: &[u8], f: &Fixture| {
        String::from_utf8_lossy(b).replace(f.path.to_str().unwrap(), "<dir>")
    };
    assert_eq!(
        text(&so.stdout, &s),
        text(&go.stdout, &g),
        "stdout for {args:?}"
    );
    assert_eq!(
        text(&so.stderr, &s),
        text(&go.stderr, &g),
        "stderr for {args:?}"
    );
    assert_eq!(so.status.code(), go.status.code(), "exit code for {args:?}");
    let config = |f: &Fixture| std::fs::read(f.git_dir().join("config")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&config(&s)),
        String::from_utf8_lossy(&config(&g)),
        "config after {setup:?} then {args:?}"
    );
    assert_eq!(
        modes(&s.path),
        modes(&g.path),
        "permissions after {setup:?} then {args:?}"
    );
}

#[test]
fn reinit_with_shared_sets_the_config_and_the_git_dirs_permissions() {
    for mode in ["group", "all", "true", "0640", "0664", "1", "2"] {
        same_reinit(
            &[&["init", "-q", "-b", "main"]],
            &["init", &format!("--shared={mode}")],
        );
    }
}

#[test]
fn reinit_of_a_bare_repository_with_shared() {
    same_reinit(
        &[&["init", "-q", "--bare", "-b", "main"]],
        &["init", "--bare", "--shared=group"],
    );
}

#[test]
fn reinit_without_shared_applies_the_configured_mode_again() {
    same_reinit(
        &[&["init", "-q", "--shared=group", "-b", "main"]],
        &["init"],
    );
    same_reinit(
        &[
            &["init", "-q", "-b", "main"],
            &["config", "core.sharedRepository", "all"],
            &["config", "receive.denyNonFastforwards", "false"],
        ],
        &["init", "-q"],
    );
}

#[test]
fn reinit_with_another_mode_replaces_the_configured_one() {
    same_reinit(
        &[&["init", "-q", "--shared=group", "-b", "main"]],
        &["init", "--shared=all"],
    );
    same_reinit(
        &[&["init", "-q", "--shared=0600", "-b", "main"]],
        &["init", "--shared=group"],
    );
    same_reinit(
        &[&["init", "-q", "--shared=group", "-b", "main"]],
        &["init", "--shared=umask"],
    );
}

#[test]
fn reinit_keeps_other_sections_and_puts_the_key_in_core() {
    same_reinit(
        &[
            &["init", "-q", "-b", "main"],
            &["config", "remote.origin.url", "../x"],
            &["config", "user.name", "someone"],
        ],
        &["init", "--shared=group"],
    );
}
