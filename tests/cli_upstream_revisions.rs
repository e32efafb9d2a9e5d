//! `<branch>@{upstream}`, `@{u}` and `@{push}` in revisions against git 2.47 on
//! `tests/fixtures/refs_upstreams.sh`: read from `branch.<name>.remote`/`merge`/`pushRemote`,
//! the remotes' fetch and push refspecs, `remote.pushDefault`, `remote.<name>.mirror` and
//! `push.default`; git's fatal words for each branch that has none; and the same answers in
//! `for-each-ref`'s `%(upstream)` and `%(push)` (one library module serves both). Byte for
//! byte: stdout, stderr, exit code.

mod common;

use common::Fixture;

fn fixture() -> Fixture {
    Fixture::from_script("refs_upstreams")
}

/// Every way rev-parse shows a revision, and two other commands that resolve one.
fn same_everywhere(f: &Fixture, config: &[&str], rev: &str) {
    let forms: [&[&str]; 7] = [
        &["rev-parse"],
        &["rev-parse", "--symbolic-full-name"],
        &["rev-parse", "--abbrev-ref"],
        &["rev-parse", "--verify"],
        &["rev-parse", "--verify", "-q"],
        &["cat-file", "-t"],
        &["rev-list", "-1"],
    ];
    for form in forms {
        let mut args: Vec<&str> = config.iter().flat_map(|c| ["-c", c]).collect();
        args.extend_from_slice(form);
        args.push(rev);
        f.assert_same(&args, b"");
    }
}

#[test]
fn upstream_marks_name_the_remote_tracking_ref_in_any_case() {
    let f = fixture();
    for rev in [
        "@{u}",
        "@{upstream}",
        "@{UPSTREAM}",
        "@{U}",
        "HEAD@{u}",
        "main@{u}",
        "main@{Upstream}",
        "pushy@{u}",
        "mirrored@{u}",
    ] {
        same_everywhere(&f, &[], rev);
    }
}

#[test]
fn upstream_through_the_remote_dot_is_the_local_branch() {
    same_everywhere(&fixture(), &[], "local@{u}");
}

#[test]
fn upstream_marks_take_suffix_operators_paths_and_reflogs() {
    let f = fixture();
    for rev in [
        "main@{u}~1",
        "@{u}^",
        "main@{u}^{tree}",
        "main@{upstream}:a.txt",
        "main@{u}@{0}",
    ] {
        same_everywhere(&f, &[], rev);
    }
}

#[test]
fn branch_without_upstream_is_fatal_in_gits_words() {
    let f = fixture();
    // no merge, no remote: "no upstream configured"; neither a branch: "no such branch"
    for rev in ["plain@{u}", "nomerge@{u}", "nosuch@{u}", "nosuch@{u}x"] {
        same_everywhere(&f, &[], rev);
    }
}

#[test]
fn merge_ref_the_fetch_refspecs_do_not_map_is_not_stored_as_remote_tracking() {
    same_everywhere(&fixture(), &[], "nomap@{u}");
}

#[test]
fn upstream_that_does_not_exist_names_nothing() {
    let f = fixture();
    // configured, but origin has no `gone` and there is no branch `ghost`
    for rev in ["gone@{u}", "ghost@{u}", "main@{u}x"] {
        same_everywhere(&f, &[], rev);
    }
}

#[test]
fn detached_head_has_no_upstream_nor_push() {
    let f = fixture();
    f.git(&["checkout", "-q", "--detach"]);
    same_everywhere(&f, &[], "@{u}");
    same_everywhere(&f, &[], "@{push}");
}

#[test]
fn unborn_current_branch_is_no_such_branch() {
    let f = fixture();
    f.git(&["symbolic-ref", "HEAD", "refs/heads/unborn"]);
    same_everywhere(&f, &[], "@{u}");
    same_everywhere(&f, &[], "@{push}");
}

#[test]
fn push_follows_push_refspecs_mirrors_and_push_default() {
    let f = fixture();
    let branches = [
        "main", "local", "gone", "pushy", "mirrored", "plain", "nomap",
    ];
    for default in [
        None,
        Some("push.default=simple"),
        Some("push.default=current"),
        Some("push.default=matching"),
        Some("push.default=upstream"),
        Some("push.default=tracking"),
        Some("push.default=nothing"),
    ] {
        let config: Vec<&str> = default.into_iter().collect();
        for b in branches {
            same_everywhere(&f, &config, &format!("{b}@{{push}}"));
        }
    }
}

#[test]
fn push_remote_comes_from_push_default_remote_when_the_branch_has_none() {
    let f = fixture();
    for b in ["main", "pushy", "plain"] {
        same_everywhere(&f, &["remote.pushDefault=other"], &format!("{b}@{{push}}"));
        same_everywhere(
            &f,
            &["remote.pushDefault=other", "push.default=current"],
            &format!("{b}@{{PUSH}}"),
        );
    }
}

#[test]
fn push_refspecs_that_leave_the_branch_out_are_fatal() {
    let f = fixture();
    for spec in ["refs/heads/other:refs/heads/x", "refs/heads/main"] {
        let push = format!("remote.origin.push={spec}");
        same_everywhere(&f, &[&push], "main@{push}");
    }
}

#[test]
fn push_destination_without_a_tracking_ref_is_fatal() {
    let f = fixture();
    same_everywhere(&f, &["push.default=current"], "local@{push}");
    same_everywhere(
        &f,
        &["remote.other.push=refs/heads/*:refs/heads/nowhere/*"],
        "pushy@{push}",
    );
}

#[test]
fn for_each_ref_tracking_atoms_agree_with_the_revisions() {
    let f = fixture();
    let format = "--format=%(refname) %(upstream) %(upstream:short) %(upstream:track) \
                  %(upstream:trackshort) %(upstream:remotename) %(upstream:remoteref) | \
                  %(push) %(push:short) %(push:track) %(push:remotename) %(push:remoteref)";
    for config in [
        None,
        Some("push.default=current"),
        Some("push.default=upstream"),
        Some("push.default=nothing"),
        Some("remote.pushDefault=other"),
        Some("remote.origin.push=refs/heads/main"),
    ] {
        let mut args: Vec<&str> = config.iter().flat_map(|c| ["-c", *c]).collect();
        args.extend(["for-each-ref", format, "refs/heads"]);
        f.assert_same(&args, b"");
    }
}

#[test]
fn upstream_marks_work_in_ranges_and_other_commands() {
    let f = fixture();
    for range in [
        "@{u}..HEAD",
        "HEAD...@{u}",
        "@{u}..",
        "^@{u}",
        "@{push}..main",
        "@{u}^!",
    ] {
        for cmd in [
            &["rev-list"][..],
            &["rev-parse"],
            &["rev-parse", "--symbolic-full-name"],
            &["log", "--format=%s"],
        ] {
            let mut args = cmd.to_vec();
            args.push(range);
            f.assert_same(&args, b"");
        }
    }
    for args in [
        &["merge-base", "main", "@{u}"][..],
        &["rev-parse", "--abbrev-ref=strict", "@{u}"],
        &["rev-parse", "--abbrev-ref=loose", "main@{push}"],
        &["rev-parse", "--symbolic", "@{u}"],
        &["for-each-ref", "--points-at=@{u}"],
        &["for-each-ref", "--merged=@{u}", "--format=%(refname)"],
        &["diff-tree", "--name-only", "@{u}", "HEAD"],
        &["ls-tree", "@{u}"],
        &["cat-file", "-p", "@{u}:a.txt"],
        &["log", "--format=%s", "plain@{u}..main"],
    ] {
        f.assert_same(args, b"");
    }
}

#[test]
fn push_remote_configured_empty_is_no_remote_for_pushing() {
    let f = fixture();
    for config in ["branch.main.pushRemote=", "remote.pushDefault="] {
        same_everywhere(&f, &[config], "main@{push}");
        f.assert_same(
            &[
                "-c",
                config,
                "for-each-ref",
                "--format=%(push)|%(push:remotename)|%(push:remoteref)",
                "refs/heads",
            ],
            b"",
        );
    }
}
