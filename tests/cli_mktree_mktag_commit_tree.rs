//! `gitstore mktree`, `mktag` and `commit-tree` against git: the same ids, objects that pass
//! `git fsck --strict`, and on every input an audit found them to differ on, the same stdout,
//! exact stderr and exit code (fsck checks and their configured severities, modes, argument
//! order, messages, encodings, identity errors).

mod common;

use common::fixtures::{refs_tag_of_tag, tree_with_gitlink};
use common::{assert_identical, assert_identical_env, run_with_stdin, Fixture};
use std::process::Output;

fn setup() -> (Fixture, String, String) {
    let f = Fixture::new();
    let blob = f.git_stdin(&["hash-object", "-w", "--stdin"], b"hi\n");
    let blob = String::from_utf8(blob).unwrap().trim().to_string();
    let tree = f.git_stdin(&["mktree"], format!("100644 blob {blob}\ta\n").as_bytes());
    let tree = String::from_utf8(tree).unwrap().trim().to_string();
    (f, blob, tree)
}

/// A repository with a blob, a tree holding it, a commit of the tree on `main` and an
/// annotated tag `v1` of the commit.
struct Repo {
    f: Fixture,
    blob: String,
    tree: String,
    commit: String,
}

fn repo() -> Repo {
    let f = Fixture::new();
    let blob = f.git_stdin(&["hash-object", "-w", "--stdin"], b"hi\n");
    let blob = String::from_utf8(blob).unwrap().trim().to_string();
    let tree = f.git_stdin(&["mktree"], format!("100644 blob {blob}\ta\n").as_bytes());
    let tree = String::from_utf8(tree).unwrap().trim().to_string();
    let commit = f.git_str(&["commit-tree", &tree, "-m", "first"]);
    f.git(&["update-ref", "refs/heads/main", &commit]);
    f.git(&["tag", "-a", "-m", "tag message", "v1", &commit]);
    Repo {
        f,
        blob,
        tree,
        commit,
    }
}

const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const TAGGER: &str = "tagger T <t@example.com> 1700000000 +0000\n";

fn stdout_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn mktree_matches_git() {
    let (f, blob, tree) = setup();
    let empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    f.git(&["mktree"]); // writes the empty tree
    let inputs = vec![
        format!("100644 blob {blob}\tb\n100644 blob {blob}\ta\n"),
        format!("100755 blob {blob}\tx\n040000 tree {empty}\td\n160000 commit 1111111111111111111111111111111111111111\tsub\n120000 blob {blob}\tl\n"),
        format!("100644 blob {blob}\ta.c\n040000 tree {tree}\ta\n100644 blob {blob}\ta-b\n"),
        format!("100644 blob {blob}\t\"q\\tx\\303\\251\"\n"),
        format!("100644 blob {blob}\ta\n100644 blob {blob}\ta\n"),
        String::new(),
        format!("100644 blob {blob}\ta/b\n"),
        format!("100644 tree {blob}\ta\n"),
        format!("040000 tree {blob}\ta\n"),
        "100644 blob 1111111111111111111111111111111111111111\ta\n".to_string(),
        "garbage\n".to_string(),
        format!("100644 blob {blob}\n"),
        format!("10064x blob {blob}\ta\n"),
    ];
    for input in &inputs {
        f.assert_same(&["mktree"], input.as_bytes());
    }
    f.assert_same(
        &["mktree", "--missing"],
        b"100644 blob 1111111111111111111111111111111111111111\ta\n",
    );
    f.assert_same(
        &["mktree", "--batch"],
        format!("100644 blob {blob}\ta\n\n100644 blob {blob}\tb\n").as_bytes(),
    );
    f.assert_same(
        &["mktree", "-z"],
        format!("100644 blob {blob}\tb\x00100644 blob {blob}\ta\x00").as_bytes(),
    );
}

#[test]
fn mktag_matches_git() {
    let (f, blob, tree) = setup();
    let ok = |kind: &str, id: &str, rest: &str| {
        format!(
            "object {id}\ntype {kind}\ntag t1\ntagger T <t@example.com> 1700000000 +0000\n{rest}"
        )
    };
    for input in [
        ok("blob", &blob, "\nmessage\n"),
        ok("tree", &tree, "\nmessage\n"),
        ok("blob", &blob, ""),
        ok("commit", &blob, "\nmsg\n"),
        ok(
            "blob",
            "1111111111111111111111111111111111111111",
            "\nmsg\n",
        ),
        format!("object {blob}\ntype blob\ntag t1\n\nmsg\n"),
        format!("object {blob}\ntype blob\n"),
        "garbage".to_string(),
        String::new(),
    ] {
        f.assert_same(&["mktag"], input.as_bytes());
    }
    f.git(&["fsck", "--strict", "--no-dangling"]);
}

#[test]
fn commit_tree_matches_git() {
    let (f, blob, tree) = setup();
    let first = f.assert_same(&["commit-tree", &tree, "-m", "first"], b"");
    let first = String::from_utf8(first.stdout).unwrap().trim().to_string();
    f.assert_same(
        &["commit-tree", &tree],
        b"message from stdin\n\nwith body\n",
    );
    f.assert_same(&["commit-tree", &tree], b"no trailing newline");
    f.assert_same(&["commit-tree", &tree, "-m", "a", "-m", "b\n"], b"");
    f.assert_same(&["commit-tree", &tree, "-p", &first, "-m", "second"], b"");
    f.assert_same(
        &[
            "commit-tree",
            &tree,
            "-p",
            &first,
            "-p",
            &first,
            "-m",
            "dup",
        ],
        b"",
    );
    f.assert_same(
        &[
            "commit-tree",
            &tree[..10],
            "-p",
            &first[..9],
            "-m",
            "short ids",
        ],
        b"",
    );
    f.write("msg.txt", "from a file\n");
    f.assert_same(&["commit-tree", &tree, "-F", "msg.txt"], b"");
    // errors
    f.assert_same(&["commit-tree", &blob, "-m", "x"], b"");
    f.assert_same(&["commit-tree", &tree, "-p", &tree, "-m", "x"], b"");
    f.assert_same(&["commit-tree", "nonsense", "-m", "x"], b"");
    f.assert_same(
        &[
            "commit-tree",
            &tree,
            "-p",
            "1111111111111111111111111111111111111111",
            "-m",
            "x",
        ],
        b"",
    );
    let out = f.gitstore(&["commit-tree", &tree, "-p", &first, "-m", "tip"]);
    let tip = String::from_utf8(out).unwrap().trim().to_string();
    f.git(&["update-ref", "refs/heads/main", &tip]);
    f.git(&["fsck", "--strict"]);
}

#[test]
fn mktag_runs_gits_fsck_checks_with_its_messages() {
    let Repo { f, blob, tree, .. } = repo();
    let tag = |name: &str, rest: &str| format!("object {blob}\ntype blob\ntag {name}\n{rest}");
    let with_tagger = |tagger: &str| tag("t1", &format!("tagger {tagger}\n\nmsg\n"));
    let signature = "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
    let inputs: Vec<String> = vec![
        // accepted
        tag("t1", &format!("{TAGGER}\nmessage\n")),
        tag("t1", TAGGER),
        tag("t1", &format!("{TAGGER}\n")),
        tag("t1", &format!("{TAGGER}\nno trailing newline")),
        tag("t1", &format!("{TAGGER}\nbinary \0 message\n")),
        tag("t1", &format!("{TAGGER}\nsigned\n{signature}")),
        tag("@", &format!("{TAGGER}\nmsg\n")),
        tag("-dash", &format!("{TAGGER}\nmsg\n")),
        format!(
            "object {}\ntype blob\ntag t1\n{TAGGER}\nupper-case hex\n",
            blob.to_uppercase()
        ),
        format!("object {tree}\ntype tree\ntag t1\n{TAGGER}\nmsg\n"),
        format!("object {EMPTY_TREE}\ntype tree\ntag t1\n{TAGGER}\nthe empty tree\n"),
        with_tagger("T <t@x>  \t 1700000000 +0000"),
        with_tagger("T <t@x> 0 +0000"),
        with_tagger("T <t@x> 9223372036854775807 +0000"),
        // refused by fsck
        String::new(),
        "garbage".to_string(),
        format!("obj {blob}\n"),
        format!("object {}\ntype blob\ntag t1\n{TAGGER}", &blob[..39]),
        format!("object {blob}x\ntype blob\ntag t1\n{TAGGER}"),
        format!("object {blob}\ntyp blob\ntag t1\n{TAGGER}"),
        format!("object {blob}\ntype blob"),
        format!("object {blob}\ntype blob\n"),
        format!("object {blob}\ntype blobs\ntag t1\n{TAGGER}"),
        format!("object {blob}\ntype blob\ntags t1\n{TAGGER}"),
        tag("a..b", &format!("{TAGGER}\nmsg\n")),
        tag("", &format!("{TAGGER}\nmsg\n")),
        tag("t/*", &format!("{TAGGER}\nmsg\n")),
        tag("t.lock", &format!("{TAGGER}\nmsg\n")),
        tag("t1", ""),
        tag("t1", "\nold tag without tagger\n"),
        tag("t1", &format!("{TAGGER}foo bar\n\nmsg\n")),
        tag("t1", &format!("{TAGGER}x-header a\n b\n\nmsg\n")),
        tag("t1", TAGGER.trim_end()),
        tag("t1\0x", &format!("{TAGGER}\nmsg\n")),
        with_tagger("T <t@x> 99999999999999999999 +0000"),
        with_tagger("T <t@x> 9223372036854775808 +0000"),
        with_tagger("T <t@x> 01 +0000"),
        with_tagger("T <t@x> x +0000"),
        with_tagger("T <t@x> 1x +0000"),
        with_tagger("T <t@x>1 +0000"),
        with_tagger("T <t@x> 1 +000"),
        with_tagger("T <t@x> 1 +0000 "),
        with_tagger("T <t@x> 1"),
        with_tagger("T t@x> 1 +0000"),
        with_tagger("T<t@x> 1 +0000"),
        with_tagger("<t@x> 1 +0000"),
        with_tagger("T <t@x 1 +0000"),
        with_tagger("T <t<x> 1 +0000"),
        with_tagger("T"),
        tag("t1", "tagger <t@x> 00 +0000\nfoo\n\nmsg\n"),
        // refused after fsck: the object must exist with the claimed type
        format!("object {blob}\ntype commit\ntag t1\n{TAGGER}\nmsg\n"),
        format!("object {tree}\ntype blob\ntag t1\n{TAGGER}\nmsg\n"),
        format!("object 1111111111111111111111111111111111111111\ntype blob\ntag t1\n{TAGGER}"),
    ];
    let mut accepted = 0;
    for input in &inputs {
        for args in [
            &["mktag"][..],
            &["mktag", "--no-strict"],
            &["mktag", "--strict"],
        ] {
            let g = assert_identical(&f, args, input.as_bytes());
            accepted += usize::from(g.status.success());
        }
    }
    assert!(accepted > 14 * 3, "the table has accepted inputs");
    f.git(&["fsck", "--no-dangling"]);
}

#[test]
fn mktag_reads_fsck_severities_from_config() {
    let Repo { f, blob, .. } = repo();
    let bad_name = format!("object {blob}\ntype blob\ntag a..b\n{TAGGER}\nmsg\n");
    let extra = format!("object {blob}\ntype blob\ntag t\n{TAGGER}x y\n\nmsg\n");
    for (key, value) in [
        ("fsck.badTagName", "ignore"),
        ("fsck.badTagName", "warn"),
        ("fsck.extraHeaderEntry", "ignore"),
        ("fsck.nulInHeader", "warn"),
        ("fsck.noSuchId", "warn"),
        ("fsck.badDate", "bogus"),
    ] {
        f.git(&["config", key, value]);
        for args in [&["mktag"][..], &["mktag", "--no-strict"]] {
            assert_identical(&f, args, bad_name.as_bytes());
            assert_identical(&f, args, extra.as_bytes());
        }
        f.git(&["config", "--unset", key]);
    }
}

#[test]
fn commit_tree_does_not_peel_its_tree_or_parents() {
    let Repo {
        f, tree, commit, ..
    } = repo();
    for args in [
        &["commit-tree", "HEAD", "-m", "x"][..],
        &["commit-tree", "v1", "-m", "x"],
        &["commit-tree", &tree, "-p", "v1", "-m", "x"],
        &["commit-tree", "HEAD^{tree}", "-p", "v1", "-m", "x"],
        &["commit-tree", &tree, "-p", "HEAD^{tree}", "-m", "x"],
        &[
            "commit-tree",
            &tree,
            "-p",
            "1111111111111111111111111111111111111111",
            "-m",
            "x",
        ],
        // what peeling would have given works when named directly
        &["commit-tree", "HEAD^{tree}", "-p", "v1^{commit}", "-m", "x"],
        &[
            "commit-tree",
            &tree,
            "-p",
            &commit,
            "-p",
            "HEAD",
            "-m",
            "dup",
        ],
    ] {
        assert_identical(&f, args, b"");
    }
}

#[test]
fn commit_tree_knows_the_empty_tree_without_storing_it() {
    let f = Fixture::new();
    let g = assert_identical(&f, &["commit-tree", EMPTY_TREE, "-m", "x"], b"");
    assert!(g.status.success());
    assert_identical(
        &f,
        &["commit-tree", EMPTY_TREE, "-p", EMPTY_TREE, "-m", "x"],
        b"",
    );
}

#[test]
fn commit_tree_joins_messages_in_command_line_order() {
    let Repo { f, tree, .. } = repo();
    f.write("msgf", "from a file\n");
    f.write("nonl", "file without newline");
    f.write("blank", "\n\n");
    f.write("empty", "");
    let t = tree.as_str();
    let cases: &[(&[&str], &[u8])] = &[
        (&["-m", "a", "-m", "b"], b""),
        (&["-m", "a\n", "-m", "b\n\n"], b""),
        (&["-F", "msgf", "-m", "x"], b""),
        (&["-m", "x", "-F", "msgf"], b""),
        (&["-F", "nonl", "-m", "x"], b""),
        (&["-F", "nonl", "-F", "msgf"], b""),
        (&["-m", "x", "-F", "nonl"], b""),
        (&["-F", "blank", "-m", "x"], b""),
        (&["-F", "empty", "-m", "x"], b""),
        (&["-F", "empty"], b"stdin after an empty file\n"),
        (&["-m", ""], b""),
        (&["-m", ""], b"stdin after an empty -m\n"),
        (&["-m", "", "-m", ""], b""),
        (&["-m", "", "-m", "x"], b""),
        (&["-m", "a", "-m", "", "-m", "b"], b""),
        (&["-m", "a\n\n\n"], b""),
        (&["-F", "-"], b"from stdin\n"),
        (&["-F", "-", "-m", "after"], b"from stdin, no newline"),
        (&["-m", "before", "-F", "-"], b"from stdin\n"),
        (&["-F", "-", "-F", "-"], b"stdin is read once\n"),
        (&[], b"message on stdin\n\nwith a body\n"),
        (&[], b"no trailing newline"),
        (&[], b""),
        (&[], b"\n\n\n"),
        (&["-m", "nul"], b""),
        (&[], b"a NUL \0 in the message\n"),
        (&["-F", "/nonexistent"], b""),
        (&["-F", "."], b""),
    ];
    let mut ids = Vec::new();
    for (opts, stdin) in cases {
        let mut args = vec!["commit-tree", t];
        args.extend_from_slice(opts);
        let g = assert_identical(&f, &args, stdin);
        ids.push(stdout_line(&g));
    }
    assert!(
        ids.iter().filter(|id| id.len() == 40).count() > 20,
        "{ids:?}"
    );
}

#[test]
fn commit_tree_checks_arguments_in_gits_order() {
    let Repo { f, tree, .. } = repo();
    let t = tree.as_str();
    for args in [
        &["commit-tree", t, t, "-m", "x"][..],
        &["commit-tree", "-m", "x"],
        &["commit-tree", "-F", "/nonexistent"],
        &["commit-tree", "-p", "nonsense", t, "-F", "/nonexistent"],
        &["commit-tree", "-F", "/nonexistent", "-p", "nonsense", t],
        &["commit-tree", "nonsense", "-p", "v1", "-m", "x"],
        &["commit-tree", "nonsense", "-m", "x"],
    ] {
        assert_identical(&f, args, b"");
    }
}

#[test]
fn identity_errors_have_gits_layout() {
    let Repo { f, tree, .. } = repo();
    let args = ["commit-tree", tree.as_str(), "-m", "x"];
    let no_author = ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "EMAIL"];
    for (set, unset) in [
        (&[("GIT_COMMITTER_DATE", "garbage")][..], &[][..]),
        (&[("GIT_AUTHOR_DATE", "garbage")], &[]),
        (&[("GIT_AUTHOR_NAME", "")], &[]),
        (&[("GIT_AUTHOR_NAME", "<>")], &[]),
    ] {
        let g = assert_identical_env(&f, &args, b"", set, unset);
        assert!(!g.status.success());
    }

    // without a configured email, the guess from the host name decides; here git refuses when
    // the host name has no domain, and either way both must agree
    let g = f.git_output(&["var", "GIT_AUTHOR_IDENT"], b"");
    let mut cmd = f.git_command(&["var", "GIT_AUTHOR_IDENT"]);
    for k in no_author {
        cmd.env_remove(k);
    }
    let guessed = run_with_stdin(cmd, b"");
    assert!(g.status.success());
    if !guessed.status.success() {
        assert_identical_env(&f, &args, b"", &[], &no_author);
        let no_committer = ["GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"];
        assert_identical_env(&f, &["tag", "-a", "-m", "m", "t"], b"", &[], &no_committer);
    }

    // no guessing allowed: the same advice, whatever the machine
    f.git(&["config", "user.useConfigOnly", "true"]);
    for unset in [
        &["GIT_AUTHOR_EMAIL"][..],
        &["GIT_AUTHOR_NAME"],
        &["GIT_COMMITTER_EMAIL"],
    ] {
        let g = assert_identical_env(&f, &args, b"", &[], unset);
        assert!(String::from_utf8_lossy(&g.stderr).contains("identity unknown\n"));
    }
    assert_identical_env(
        &f,
        &["tag", "-a", "-m", "m", "t"],
        b"",
        &[],
        &["GIT_COMMITTER_EMAIL"],
    );
}

#[test]
fn mktree_takes_modes_as_git_reads_them() {
    let Repo {
        f,
        blob,
        tree,
        commit,
    } = repo();
    let missing = "1111111111111111111111111111111111111111";
    let mut inputs = Vec::new();
    for mode in [
        "644",
        "664",
        "755",
        "0",
        "7",
        "00644",
        "0100644",
        "100664",
        "100000",
        "1000644",
        "120755",
        "160644",
        "040755",
        "40000",
        "77777777777",
        "37777777777",
        "777777777777777777777777",
        " 644",
        "\t644",
        "+644",
        "-644",
        "",
        "+",
        "8",
        "64x",
        "0x644",
    ] {
        for (kind, id) in [
            ("blob", blob.as_str()),
            ("tree", tree.as_str()),
            ("tree", EMPTY_TREE),
            ("commit", commit.as_str()),
            ("commit", missing),
        ] {
            inputs.push(format!("{mode} {kind} {id}\ta\n"));
        }
    }
    for line in [
        format!("100644 blobx {blob}\ta\n"),
        format!("100644 tree {blob}\ta/b\n"),
        format!("100644 blob {blob}\ta/b\n"),
        format!("100644 blob {}\tupper\n", blob.to_uppercase()),
        format!("100644  blob {blob}\ta\n"),
        format!("100644 blob {blob} \ta\n"),
        format!("100644 blob {blob}\t\"a\"b\n"),
        format!("100644 blob {blob}\t\"a\\\"b\"\n"),
        format!("100644 blob {blob}\t\"a\n"),
        format!("100644 blob {blob}\t\"a\\q\"\n"),
        format!("100644 blob {blob}\t\"a/b\"\n"),
        format!("100644 blob {blob}\t\"\\303\\251\"\n"),
        format!("160000 commit {blob}\tsub\n"),
        format!("100644 blob {missing}\ta\n"),
    ] {
        inputs.push(line);
    }
    let mut accepted = 0;
    for input in &inputs {
        let g = assert_identical(&f, &["mktree"], input.as_bytes());
        accepted += usize::from(g.status.success());
        assert_identical(&f, &["mktree", "--missing"], input.as_bytes());
    }
    assert!(accepted > 20, "{accepted} accepted");
    assert_identical(
        &f,
        &["mktree", "-z"],
        format!("100644 blob {blob}\t\"q\"\0644 blob {blob}\tb\0").as_bytes(),
    );
}

#[test]
fn commit_tree_reads_non_utf8_as_latin1_unless_another_encoding_is_configured() {
    let Repo { f, tree, .. } = repo();
    let args = ["commit-tree", tree.as_str()];
    let odd: &[&[u8]] = &[
        b"caf\xe9\n",
        b"surrogate \xed\xa0\x80, non-character \xef\xbf\xbe, past U+10FFFF \xf4\x90\x80\x80\n",
        b"valid \xc3\xa9 \xe2\x82\xac\n",
        b"truncated \xe2\x82",
    ];
    for stdin in odd {
        assert_identical(&f, &args, stdin);
    }
    for encoding in ["latin1", "UTF-8", "utf8"] {
        f.git(&["config", "i18n.commitEncoding", encoding]);
        for stdin in odd {
            assert_identical(&f, &args, stdin);
        }
    }
}

#[test]
fn mktree_refuses_a_blank_line_outside_batch_mode_and_ignores_extra_arguments() {
    let f = tree_with_gitlink();
    let line = b"100644 blob ce013625030ba8dba906f756967f9e9ca394464a\ta\n";
    f.assert_same(&["mktree"], b"\n");
    f.assert_same(&["mktree"], &[&line[..], b"\n", &line[..]].concat());
    f.assert_same(&["mktree", "-z"], b"\0");
    f.assert_same(
        &["mktree", "--batch"],
        &[&line[..], b"\n", &line[..]].concat(),
    );
    f.assert_same(&["mktree", "extra", "args"], line);
}

#[test]
fn commit_tree_without_a_tree_is_a_usage_error() {
    let f = refs_tag_of_tag();
    f.assert_same(&["commit-tree"], b"");
    f.assert_same(&["commit-tree", "-m", "x"], b"");
    f.assert_same(
        &["commit-tree", "HEAD^{tree}", "HEAD^{tree}", "-m", "x"],
        b"",
    );
}
