//! git's words for the typed errors of the config, repository and object-database layers, made
//! by the CLI from their data: stderr and exit code compared with git's.

mod common;

use common::Fixture;

#[test]
fn repository_format_errors_are_worded_as_git_words_them() {
    for config in [
        "[core]\n\trepositoryformatversion = 2\n",
        "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tfoo = 1\n",
        "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tfoo = 1\n\tbar = 2\n",
        "[core]\n\trepositoryformatversion = 0\n[extensions]\n\trefstorage = files\n",
    ] {
        let f = Fixture::new();
        f.write(".git/config", config);
        // a command that needs the repository dies; one that can do without warns
        f.assert_same(&["cat-file", "-t", "HEAD"], b"");
        f.assert_same(&["hash-object", "--stdin"], b"hello\n");
    }
}

#[test]
fn config_value_errors_are_worded_as_git_words_them() {
    for (key, value) in [
        ("core.bare", "maybe"),
        ("core.compression", "12q"),
        ("core.compression", "99999999999999999999"),
        ("core.compression", "12"),
        ("core.loosecompression", "-2"),
        ("core.sharedrepository", "0400"),
    ] {
        let f = Fixture::new();
        f.git(&["config", key, value]);
        f.assert_same(&["hash-object", "-w", "--stdin"], b"hello\n");
    }
    let f = Fixture::new();
    f.write(".git/config", "[core]\n\tbare = false\n[broken\n");
    f.assert_same(&["rev-parse", "--git-dir"], b"");
}

#[test]
fn command_line_config_errors_are_worded_as_git_words_them() {
    let f = Fixture::new();
    for args in [
        &["-c", "nodot=1", "rev-parse", "--git-dir"][..],
        &["-c", "a.=1", "rev-parse", "--git-dir"],
        &["-c", "a.1b=1", "rev-parse", "--git-dir"],
        &["--config-env=a.b", "rev-parse", "--git-dir"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn a_bad_gitfile_and_a_bad_initial_branch_are_worded_as_git_words_them() {
    let f = Fixture::empty_dir();
    f.write(".git", "not a gitfile\n");
    f.assert_same(&["rev-parse", "--git-dir"], b"");
    let g = Fixture::empty_dir();
    g.assert_same(&["init", "-q", "--initial-branch=a..b", "x"], b"");
}

#[test]
fn a_missing_alternate_is_reported_as_git_reports_it() {
    let f = Fixture::new();
    f.write(
        ".git/objects/info/alternates",
        "/no/such/dir/objects\nrelative/objects\n",
    );
    f.assert_same(&["cat-file", "-e", "HEAD"], b"");
}
