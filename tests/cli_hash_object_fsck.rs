//! `hash-object -t TYPE --stdin` refuses exactly what git's refuses, with git's lines: a table of
//! trees, commits and tags (one or more for every fsck message id git can produce through
//! `hash-object`, and valid ones, odd but accepted) run through git and gitstore, with and
//! without `-w`, comparing stdout, stderr text and exit code; what gitstore writes, `git fsck
//! --strict` judges as it judges what git writes.

mod common;

use common::Fixture;
use std::process::Output;

/// The empty blob, which [`populate`] writes into every fixture.
const BLOB: &str = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const NULL: &str = "0000000000000000000000000000000000000000";
const MISSING: &str = "1111111111111111111111111111111111111111";

/// The objects every fixture holds before a case runs, so that what the cases name exists.
struct Known {
    /// A commit of the empty tree.
    commit: String,
    /// A blob with a 3000-byte line (too long for a `.gitattributes`).
    long_line: String,
}

fn populate(f: &Fixture) -> Known {
    let empty_blob = f.git_stdin(&["hash-object", "-w", "--stdin"], b"");
    assert_eq!(String::from_utf8_lossy(&empty_blob).trim(), BLOB);
    let empty_tree = f.git_stdin(&["mktree"], b"");
    assert_eq!(String::from_utf8_lossy(&empty_tree).trim(), TREE);
    let commit = f.git_str(&["commit-tree", "-m", "base", TREE]);
    let mut long = vec![b'x'; 3000];
    long.push(b'\n');
    let long_line = String::from_utf8(f.git_stdin(&["hash-object", "-w", "--stdin"], &long))
        .unwrap()
        .trim()
        .to_string();
    Known { commit, long_line }
}

/// A tree entry: `<mode> <name>\0<raw id>`.
fn ent(mode: &str, name: &[u8], hex: &str) -> Vec<u8> {
    let mut e = format!("{mode} ").into_bytes();
    e.extend_from_slice(name);
    e.push(0);
    e.extend_from_slice(
        gitstore::ObjectId::from_hex(hex.as_bytes())
            .unwrap()
            .as_bytes(),
    );
    e
}

fn ents(entries: &[(&str, &[u8], &str)]) -> Vec<u8> {
    entries
        .iter()
        .flat_map(|(mode, name, hex)| ent(mode, name, hex))
        .collect()
}

struct Case {
    name: &'static str,
    kind: &'static str,
    data: Vec<u8>,
    /// A config key and value set in the repository while the case runs.
    config: Option<(&'static str, &'static str)>,
}

fn case(name: &'static str, kind: &'static str, data: impl Into<Vec<u8>>) -> Case {
    Case {
        name,
        kind,
        data: data.into(),
        config: None,
    }
}

fn cases(k: &Known) -> Vec<Case> {
    let a = "author A U Thor <a@example.com> 1700000000 +0100";
    let c = "committer C O Mitter <c@example.com> 1700000000 +0100";
    let commit = |body: &str| body.replace("{T}", TREE).replace("{P}", &k.commit);
    let std_commit = |idents: &str| commit(&format!("tree {{T}}\n{idents}\n{c}\n\nmsg\n"));
    let tag = |rest: &str| format!("object {TREE}\ntype tree\ntag v1\n{rest}");
    let mut long_name = vec![b'n'; 4097];
    long_name.push(b'x');
    let mut truncated = ent("100644", b".", BLOB);
    truncated.extend_from_slice(b"100644 x\0abc");

    let mut v = vec![
        // trees git accepts
        case("tree_one_blob", "tree", ent("100644", b"a", BLOB)),
        case("tree_empty", "tree", ""),
        case(
            "tree_file_sorts_before_dir_of_prefix",
            "tree",
            ents(&[("100644", b"a.c", BLOB), ("40000", b"a", TREE)]),
        ),
        case(
            "tree_every_standard_mode",
            "tree",
            ents(&[
                ("100644", b"a", BLOB),
                ("100755", b"b", BLOB),
                ("120000", b"c", BLOB),
                ("40000", b"d", TREE),
                ("160000", b"e", MISSING),
            ]),
        ),
        case(
            "tree_mode_past_16_bits_wraps",
            "tree",
            ent("1100644", b"a", BLOB),
        ),
        case(
            "tree_names_near_dotgit",
            "tree",
            ents(&[
                ("100644", b".gitx", BLOB),
                ("100644", b"git~2", BLOB),
                ("100644", b"gitmodules", BLOB),
            ]),
        ),
        case(
            "tree_gitmodules_blob_present",
            "tree",
            ent("100644", b".gitmodules", BLOB),
        ),
        // accepted, but git says what it could not read
        case(
            "tree_gitmodules_missing",
            "tree",
            ent("100644", b".gitmodules", MISSING),
        ),
        case(
            "tree_gitmodules_not_a_blob",
            "tree",
            ent("100644", b".gitmodules", TREE),
        ),
        case(
            "tree_gitattributes_missing",
            "tree",
            ent("100644", b".gitattributes", MISSING),
        ),
        case(
            "tree_gitattributes_line_too_long",
            "tree",
            ent("100644", b".gitattributes", &k.long_line),
        ),
        // trees git refuses
        case("tree_null_sha1", "tree", ent("100644", b"a", NULL)),
        case("tree_zero_padded_mode", "tree", ent("0100644", b"a", BLOB)),
        case("tree_has_dot", "tree", ent("40000", b".", TREE)),
        case("tree_has_dotdot", "tree", ent("40000", b"..", TREE)),
        case("tree_has_dotgit", "tree", ent("40000", b".git", TREE)),
        case(
            "tree_has_dotgit_upper_case",
            "tree",
            ent("40000", b".GiT", TREE),
        ),
        case(
            "tree_has_dotgit_ntfs_short_name",
            "tree",
            ent("40000", b"GIT~1", TREE),
        ),
        case(
            "tree_has_dotgit_ntfs_trailing_space",
            "tree",
            ent("40000", b".git ", TREE),
        ),
        case(
            "tree_has_dotgit_ntfs_trailing_dots",
            "tree",
            ent("40000", b".git..", TREE),
        ),
        case(
            "tree_has_dotgit_ntfs_stream",
            "tree",
            ent("40000", b".git::$INDEX_ALLOCATION", TREE),
        ),
        case(
            "tree_has_dotgit_ntfs_backslash",
            "tree",
            ent("100644", b"a\\.git", BLOB),
        ),
        case(
            "tree_has_dotgit_hfs_zero_width_non_joiner",
            "tree",
            ent("40000", ".g\u{200c}it".as_bytes(), TREE),
        ),
        case(
            "tree_has_dotgit_hfs_byte_order_mark",
            "tree",
            ent("40000", ".GIT\u{feff}".as_bytes(), TREE),
        ),
        case(
            "tree_has_dotgit_hfs_then_not_utf8",
            "tree",
            ent("40000", b".git\xff", TREE),
        ),
        case("tree_full_pathname", "tree", ent("100644", b"a/b", BLOB)),
        case(
            "tree_empty_name_cannot_be_parsed",
            "tree",
            ent("100644", b"", BLOB),
        ),
        case("tree_bad_filemode_664", "tree", ent("100664", b"a", BLOB)),
        case("tree_bad_filemode_600", "tree", ent("100600", b"a", BLOB)),
        case(
            "tree_duplicate_entries",
            "tree",
            ents(&[("100644", b"a", BLOB), ("40000", b"a", TREE)]),
        ),
        case(
            "tree_duplicate_file_and_dir_apart",
            "tree",
            ents(&[
                ("100644", b"a", BLOB),
                ("100644", b"a.b", BLOB),
                ("40000", b"a", TREE),
            ]),
        ),
        case(
            "tree_not_sorted",
            "tree",
            ents(&[("100644", b"b", BLOB), ("100644", b"a", BLOB)]),
        ),
        case(
            "tree_dir_sorts_after_file_of_prefix",
            "tree",
            ents(&[("40000", b"a", TREE), ("100644", b"a.c", BLOB)]),
        ),
        case(
            "tree_gitmodules_symlink",
            "tree",
            ent("120000", b".gitmodules", BLOB),
        ),
        case(
            "tree_gitmodules_symlink_ntfs",
            "tree",
            ent("120000", b"GITMOD~1", BLOB),
        ),
        case(
            "tree_gitmodules_symlink_ntfs_fallback",
            "tree",
            ent("120000", b"gi7eba~9", BLOB),
        ),
        case(
            "tree_gitmodules_symlink_hfs",
            "tree",
            ent("120000", ".gitmodul\u{200d}es".as_bytes(), BLOB),
        ),
        case(
            "tree_gitattributes_symlink",
            "tree",
            ent("120000", b".gitattributes", BLOB),
        ),
        case(
            "tree_gitignore_symlink",
            "tree",
            ent("120000", b".gitignore", BLOB),
        ),
        case(
            "tree_mailmap_symlink",
            "tree",
            ent("120000", b".mailmap", BLOB),
        ),
        case(
            "tree_large_pathname",
            "tree",
            ent("100644", &long_name, BLOB),
        ),
        case("tree_too_short", "tree", &b"100644 a\0abc"[..]),
        case("tree_malformed_mode", "tree", ent("10064x", b"a", BLOB)),
        case(
            "tree_mode_with_leading_space",
            "tree",
            ent(" 100644", b"a", BLOB),
        ),
        case(
            "tree_several_problems_in_git_order",
            "tree",
            ents(&[("100644", b".", NULL), ("0100644", b"..", BLOB)]),
        ),
        case("tree_problems_before_truncation", "tree", truncated),
        // commits git accepts
        case(
            "commit_plain",
            "commit",
            commit(&format!("tree {{T}}\nparent {{P}}\n{a}\n{c}\n\nmsg\n")),
        ),
        case(
            "commit_upper_case_hex",
            "commit",
            commit(&format!("tree {}\n{a}\n{c}\n\nmsg\n", TREE.to_uppercase())),
        ),
        case(
            "commit_without_message",
            "commit",
            commit(&format!("tree {{T}}\n{a}\n{c}\n")),
        ),
        case(
            "commit_double_spaces_in_ident",
            "commit",
            std_commit("author A  U <a@example.com>  1700000000 +0100"),
        ),
        case(
            "commit_tab_before_date",
            "commit",
            std_commit("author A <a@e> \t1 +0100"),
        ),
        case(
            "commit_date_zero",
            "commit",
            std_commit("author A <a@e> 0 +0000"),
        ),
        case(
            "commit_empty_name",
            "commit",
            std_commit("author  <a@e> 1 +0000"),
        ),
        case(
            "commit_extra_headers",
            "commit",
            commit(&format!(
                "tree {{T}}\n{a}\n{c}\nencoding x\nfoo bar\n\nmsg\n"
            )),
        ),
        // commits git refuses
        case("commit_empty", "commit", ""),
        case(
            "commit_unterminated_header",
            "commit",
            commit(&format!("tree {{T}}\n{a}\n{c}")),
        ),
        case(
            "commit_nul_in_header",
            "commit",
            commit(&format!("tree {{T}}\n{a}\0\n{c}\n")),
        ),
        case(
            "commit_nul_in_body",
            "commit",
            commit(&format!("tree {{T}}\n{a}\n{c}\n\nm\0sg\n")),
        ),
        case("commit_missing_tree", "commit", format!("{a}\n{c}\n")),
        case("commit_blank_line_only", "commit", "\n"),
        case(
            "commit_bad_tree_sha1",
            "commit",
            format!("tree 123\n{a}\n{c}\n"),
        ),
        case(
            "commit_tree_line_with_cr",
            "commit",
            commit(&format!("tree {{T}}\r\n{a}\n{c}\n")),
        ),
        case(
            "commit_bad_parent_sha1",
            "commit",
            commit(&format!("tree {{T}}\nparent zz\n{a}\n{c}\n")),
        ),
        case(
            "commit_missing_author",
            "commit",
            commit(&format!("tree {{T}}\n{c}\n")),
        ),
        case("commit_tree_line_only", "commit", commit("tree {T}\n")),
        case(
            "commit_multiple_authors",
            "commit",
            std_commit(&format!("{a}\n{a}")),
        ),
        case(
            "commit_missing_committer",
            "commit",
            commit(&format!("tree {{T}}\n{a}\n\nmsg\n")),
        ),
        case(
            "commit_parent_after_author",
            "commit",
            commit(&format!("tree {{T}}\n{a}\nparent {{P}}\n{c}\n")),
        ),
        case(
            "commit_missing_name_before_email",
            "commit",
            std_commit("author <a@e> 1 +0000"),
        ),
        case(
            "commit_bad_name",
            "commit",
            std_commit("author A > <a@e> 1 +0000"),
        ),
        case(
            "commit_missing_email",
            "commit",
            std_commit("author A 1 +0000"),
        ),
        case(
            "commit_missing_space_before_email",
            "commit",
            std_commit("author A<a@e> 1 +0000"),
        ),
        case(
            "commit_bad_email",
            "commit",
            std_commit("author A <a@e 1 +0000"),
        ),
        case(
            "commit_bad_email_second_lt",
            "commit",
            std_commit("author A <a<e> 1 +0000"),
        ),
        case(
            "commit_missing_space_before_date",
            "commit",
            std_commit("author A <a@e>1 +0000"),
        ),
        case(
            "commit_bad_date",
            "commit",
            std_commit("author A <a@e> x +0000"),
        ),
        case(
            "commit_bad_date_trailing_junk",
            "commit",
            std_commit("author A <a@e> 12x +0000"),
        ),
        case(
            "commit_zero_padded_date",
            "commit",
            std_commit("author A <a@e> 01 +0000"),
        ),
        case(
            "commit_bad_date_overflow",
            "commit",
            std_commit("author A <a@e> 99999999999999999999 +0000"),
        ),
        case(
            "commit_bad_timezone_short",
            "commit",
            std_commit("author A <a@e> 1 +000"),
        ),
        case(
            "commit_bad_timezone_unsigned",
            "commit",
            std_commit("author A <a@e> 1 0000"),
        ),
        case(
            "commit_bad_timezone_trailing_space",
            "commit",
            std_commit("author A <a@e> 1 +0000 "),
        ),
        case(
            "commit_bad_committer",
            "commit",
            commit(&format!("tree {{T}}\n{a}\ncommitter C <c@e> 1 +00x0\n")),
        ),
        // tags git accepts
        case("tag_plain", "tag", tag("tagger T <t@e> 1 +0000\n\nmsg\n")),
        case(
            "tag_upper_case_hex",
            "tag",
            format!(
                "object {}\ntype tree\ntag v1\ntagger T <t@e> 1 +0000\n",
                TREE.to_uppercase()
            ),
        ),
        case(
            "tag_extra_header",
            "tag",
            tag("tagger T <t@e> 1 +0000\nfoo\n\nmsg\n"),
        ),
        case(
            "tag_bad_tagger_then_extra_header_is_accepted",
            "tag",
            tag("tagger <t@e> 1 +0000\nfoo\n"),
        ),
        // tags git refuses
        case("tag_missing_tagger", "tag", tag("\nmsg\n")),
        case(
            "tag_bad_tag_name",
            "tag",
            format!("object {TREE}\ntype tree\ntag a..b\ntagger T <t@e> 1 +0000\n"),
        ),
        case(
            "tag_bad_type",
            "tag",
            format!("object {TREE}\ntype bogus\ntag v1\n"),
        ),
        case("tag_missing_object", "tag", "type tree\n"),
        case("tag_bad_object_sha1", "tag", "object xyz\ntype tree\n"),
        case(
            "tag_missing_type_entry",
            "tag",
            format!("object {TREE}\ntag v1\n"),
        ),
        case(
            "tag_missing_tag_entry",
            "tag",
            format!("object {TREE}\ntype tree\ntagger x\n"),
        ),
        case("tag_bad_tagger", "tag", tag("tagger T <t@e> 1 +00\n")),
        case("tag_unterminated_header", "tag", format!("object {TREE}")),
    ];
    // hash-object reads no fsck.<msgId> config
    let mut ignored = case(
        "tree_fsck_config_is_not_read",
        "tree",
        ent("100644", b"a", NULL),
    );
    ignored.config = Some(("fsck.nullSha1", "ignore"));
    v.push(ignored);
    let mut ignored = case("commit_fsck_config_is_not_read", "commit", "\n");
    ignored.config = Some(("fsck.missingTree", "ignore"));
    v.push(ignored);
    v
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}, stdout {:?}, stderr {:?}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn same(a: &Output, b: &Output) -> bool {
    a.stdout == b.stdout && a.stderr == b.stderr && a.status.code() == b.status.code()
}

#[test]
fn hash_object_refuses_what_git_refuses_with_gits_lines() {
    let shared = Fixture::bare();
    let known = populate(&shared);
    let table = cases(&known);
    assert!(table.len() >= 40);
    let mut failures = Vec::new();
    for case in &table {
        let mut args = vec!["hash-object", "-t", case.kind, "--stdin"];
        if let Some((key, value)) = case.config {
            shared.git(&["config", key, value]);
        }
        let g = shared.git_output(&args, &case.data);
        let s = shared.gitstore_output(&args, &case.data);
        if let Some((key, _)) = case.config {
            shared.git(&["config", "--unset", key]);
        }
        if !same(&g, &s) {
            failures.push(format!(
                "{}: git {}\n  gitstore {}",
                case.name,
                show(&g),
                show(&s)
            ));
            continue;
        }

        // with -w, in a repository of its own each
        let (git_repo, store_repo) = (Fixture::bare(), Fixture::bare());
        for repo in [&git_repo, &store_repo] {
            populate(repo);
            if let Some((key, value)) = case.config {
                repo.git(&["config", key, value]);
            }
        }
        args.push("-w");
        let g = git_repo.git_output(&args, &case.data);
        let s = store_repo.gitstore_output(&args, &case.data);
        if !same(&g, &s) {
            failures.push(format!(
                "{} -w: git {}\n  gitstore {}",
                case.name,
                show(&g),
                show(&s)
            ));
            continue;
        }
        if g.status.success() {
            // accepted without a word: fsck passes too
            let quiet = g.stderr.is_empty();
            let fsck = ["fsck", "--strict", "--no-dangling"];
            let g = git_repo.git_output(&fsck, b"");
            let s = store_repo.git_output(&fsck, b"");
            if !same(&g, &s) || (quiet && !s.status.success()) {
                failures.push(format!(
                    "{}: git fsck --strict on git's object {}\n  on gitstore's {}",
                    case.name,
                    show(&g),
                    show(&s)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

#[test]
fn hash_object_literally_skips_the_checks() {
    let f = Fixture::bare();
    for (kind, data) in [
        ("tree", &b"100644 a\0abc"[..]),
        ("commit", b"garbage"),
        ("tag", b"\0"),
    ] {
        let args = ["hash-object", "-t", kind, "--literally", "--stdin"];
        let g = f.git_output(&args, data);
        let s = f.gitstore_output(&args, data);
        assert!(
            same(&g, &s),
            "{kind}: git {}; gitstore {}",
            show(&g),
            show(&s)
        );
        assert!(g.status.success());
    }
}
