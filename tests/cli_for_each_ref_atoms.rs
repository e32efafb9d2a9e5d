//! `gitstore for-each-ref` against git 2.47 on `tests/fixtures/refs_format_atoms.sh`: every
//! atom (on the ref and on the peeled object), trailers, people with mailmaps, tracking of
//! upstreams and push destinations, `%(if)`/`%(align)`/`%(color)`, quoting, sort keys, the
//! filters, and git's refusals. Byte for byte: stdout, stderr, exit code.

mod common;

use common::{assert_identical_env, Fixture};

/// The refs most commands list: not `refs/broken/`, whose tags git chokes on.
const REFS: [&str; 3] = ["refs/heads", "refs/tags", "refs/remotes"];

fn fixture() -> Fixture {
    Fixture::from_script("refs_format_atoms")
}

/// `for-each-ref --format=FMT` over [`REFS`] for each format, through both.
fn same_formats(f: &Fixture, extra: &[&str], formats: &[&str]) {
    for fmt in formats {
        let format = format!("--format={fmt}");
        let mut args = vec!["for-each-ref", format.as_str()];
        args.extend_from_slice(extra);
        args.extend_from_slice(&REFS);
        f.assert_same(&args, b"");
    }
}

fn same_all(f: &Fixture, commands: &[&[&str]]) {
    for args in commands {
        f.assert_same(args, b"");
    }
}

#[test]
fn object_atoms_read_the_ref_and_the_peeled_object() {
    let f = fixture();
    same_formats(
        &f,
        &[],
        &[
            "%(objectname) %(objecttype) %(objectsize) %(objectsize:disk) %(deltabase)",
            "%(*objectname) %(*objecttype) %(*objectsize) %(*objectsize:disk) %(*deltabase)",
            "%(tree) %(tree:short) %(parent) %(parent:short=5) %(numparent)",
            "%(*tree) %(*tree:short=12) %(*parent) %(*numparent)",
            "%(raw:size) %(*raw:size)",
            "%(raw)|%(*raw)",
            "%(tag) %(type) %(object) %(*tag) %(*type) %(tag:ignored)",
            "%(refname) %(*refname) %(symref) %(symref:short) %(*symref) %(HEAD) %(worktreepath)",
            "%(refname:short) %(refname:lstrip=-1) %(refname:rstrip=2) %(refname:strip=1)",
        ],
    );
}

#[test]
fn worktree_paths_name_the_main_and_linked_worktrees() {
    let f = fixture();
    f.git(&["worktree", "add", "-q", "linked", "side"]);
    same_formats(&f, &[], &["%(refname) %(worktreepath) %(HEAD)"]);
}

#[test]
fn a_tag_whose_target_is_missing_makes_peeled_atoms_fatal() {
    let f = fixture();
    same_all(
        &f,
        &[
            &["for-each-ref", "refs/broken/missing"],
            &[
                "for-each-ref",
                "--format=%(refname) %(*objecttype)",
                "refs/broken/missing",
            ],
            &[
                "for-each-ref",
                "--format=%(*objectname)",
                "refs/broken/missing",
            ],
            &[
                "for-each-ref",
                "--format=%(object) %(type) %(tag)",
                "refs/broken/missing",
            ],
            &[
                "for-each-ref",
                "--format=%(*objecttype)",
                "refs/broken/wrong-type",
            ],
        ],
    );
}

#[test]
fn message_atoms_and_trailers_match_git() {
    let f = fixture();
    same_formats(
        &f,
        &[],
        &[
            "%(subject)|%(subject:sanitize)|%(body)|%(contents:size)",
            "%(contents:subject)|%(contents:body)|%(contents:signature)",
            "%(contents:lines=1)|%(contents:lines=3)|%(contents:lines=0)|%(*contents:lines=2)",
            "%(contents)",
            "%(trailers)",
            "%(trailers:only)|%(trailers:unfold)|%(trailers:key=signed-off-by)",
            "%(trailers:key=Signed-off-by:,valueonly,separator=%x2C)",
            "%(trailers:keyonly,separator=;,key_value_separator=%x3D)",
            "%(contents:trailers:only=no,unfold=yes)|%(*trailers:only)",
        ],
    );
}

#[test]
fn people_dates_and_mailmaps_match_git() {
    let f = fixture();
    same_formats(
        &f,
        &[],
        &[
            "%(author)|%(authorname)|%(authoremail)|%(authordate)",
            "%(authorname:mailmap) %(authoremail:mailmap) %(authoremail:trim) %(authoremail:localpart)",
            "%(authoremail:mailmap,trim) %(committeremail:localpart,mailmap)",
            "%(tagger)|%(taggername:mailmap)|%(taggeremail:mailmap,localpart)|%(*authorname)",
            "%(creator)|%(creatordate)|%(creator:x)|%(author:x)",
            "%(creatordate:format:%Y/%m %H) %(taggerdate:iso-strict) %(committerdate:raw)",
            "%(committerdate:short) %(authordate:rfc) %(*authordate:unix) %(authordate:human)",
        ],
    );
    let relative = [
        "for-each-ref",
        "--format=%(committerdate:relative) %(authordate:format-local:%H:%M)",
    ];
    let mut args = relative.to_vec();
    args.extend_from_slice(&REFS);
    assert_identical_env(
        &f,
        &args,
        b"",
        &[("GIT_TEST_DATE_NOW", "1700090000"), ("TZ", "UTC")],
        &[],
    );
    f.write(
        "extra.mailmap",
        "File Name <file@example.com> <committer@example.com>\n",
    );
    same_all(
        &f,
        &[&[
            "-c",
            "mailmap.file=extra.mailmap",
            "for-each-ref",
            "--format=%(committername:mailmap) %(committeremail:mailmap)",
            "refs/heads",
        ]],
    );
}

#[test]
fn a_bare_repository_reads_the_mailmap_of_its_head_tree_and_mailmap_blob() {
    let src = fixture();
    let f = Fixture::empty_dir();
    f.git(&["clone", "-q", "--bare", &src.path.to_string_lossy(), "."]);
    let format = "--format=%(authorname:mailmap) %(taggername:mailmap) %(authoremail:mailmap)";
    same_all(
        &f,
        &[
            &["for-each-ref", format, "refs/heads", "refs/tags"],
            &["-c", "mailmap.blob=", "for-each-ref", format, "refs/heads"],
            &[
                "-c",
                "mailmap.blob=main~2:.mailmap",
                "for-each-ref",
                format,
                "refs/tags",
            ],
        ],
    );
}

#[test]
fn upstream_and_push_come_from_the_branch_configuration() {
    let f = fixture();
    let formats = [
        "%(upstream) %(upstream:short) %(upstream:lstrip=2) %(upstream:rstrip=-1)",
        "%(upstream:track) %(upstream:trackshort) %(upstream:track,nobracket)",
        "%(upstream:remotename) %(upstream:remoteref)",
        "%(push) %(push:short) %(push:track) %(push:trackshort)",
        "%(push:remotename) %(push:remoteref)",
    ];
    same_formats(&f, &[], &formats);
    f.git(&["config", "remote.pushDefault", "origin"]);
    f.git(&[
        "config",
        "remote.origin.push",
        "refs/heads/*:refs/heads/up/*",
    ]);
    f.git(&[
        "update-ref",
        "refs/remotes/origin/up/topic",
        "refs/heads/main",
    ]);
    same_formats(&f, &[], &formats);
    f.git(&["config", "--unset", "remote.origin.push"]);
    same_formats(&f, &[], &formats);
    for default in ["current", "upstream", "nothing", "matching"] {
        f.git(&["config", "push.default", default]);
        same_formats(&f, &[], &formats);
    }
}

#[test]
fn conditions_alignment_colors_and_quoting_match_git() {
    let f = fixture();
    same_formats(
        &f,
        &[],
        &[
            "%(if)%(upstream)%(then)%(refname) has %(upstream)%(else)%(refname)%(end)!",
            "%(if:equals=refs/heads/main)%(refname)%(then)MAIN%(else)%(refname:short)%(end)",
            "%(if:notequals=commit)%(objecttype)%(then)not a commit%(end)|%(if) %(then)y%(end)",
            "[%(align:width=20,position=middle)%(refname:short)%(end)][%(align:10)%(objecttype)%(end)]",
            "[%(align:left,5)%(refname)%(end)][%(align:12,right)%(objectname:short)%(end)]",
            "%(align:20)%(if)%(*objecttype)%(then)%(*objecttype)%(else)none%(end)%(end)|",
            "%(color:red)%(refname)%(color:reset) %(color:bold blue)x",
        ],
    );
    for quote in ["--shell", "--perl", "--python", "--tcl"] {
        same_formats(
            &f,
            &[quote],
            &[
                "%(refname) %(subject) %(contents)",
                "%(if)%(upstream)%(then)%(upstream:short)%(else)it's none%(end) x%(align:30,right)%(refname:short)%(end)",
            ],
        );
    }
    same_formats(&f, &["--perl"], &["%(raw)"]);
    same_formats(&f, &["--python"], &["%(raw:size)"]);
    for config in ["color.ui=always", "color.ui=never", "color.ui=auto"] {
        same_all(
            &f,
            &[&[
                "-c",
                config,
                "for-each-ref",
                "--format=%(color:red)%(refname)",
                "refs/heads",
            ]],
        );
    }
    for color in ["--color", "--color=always", "--color=never", "--color=auto"] {
        same_formats(
            &f,
            &[color],
            &[
                "%(color:red)%(refname)%(color:reset) %(color:bold blue)x",
                "%(color:#ff0000)%(refname)%(color:123 ul) %(color:brightgreen nobold)",
            ],
        );
    }
}

#[test]
fn describe_ahead_behind_and_unsigned_signatures_match_git() {
    let f = fixture();
    same_formats(
        &f,
        &[],
        &[
            "%(describe) %(describe:tags) %(describe:abbrev=4)",
            "%(describe:tags=no,match=v1.0*) %(describe:exclude=v1.0*,tags) %(*describe)",
            "%(describe:abbrev=0) %(describe:tags,abbrev=40) %(describe:match=v1.9) %(describe:exclude=v*)",
            "%(ahead-behind:main) %(ahead-behind:HEAD~2)",
        ],
    );
    same_all(
        &f,
        &[&[
            "for-each-ref",
            "--format=%(signature)|%(signature:grade)|%(signature:trustlevel)|%(signature:key)|%(signature:signer)|%(signature:fingerprint)|%(signature:primarykeyfingerprint)",
            "refs/heads/main",
            "refs/heads/side",
            "refs/tags",
        ]],
    );
}

#[test]
fn sort_keys_match_git() {
    let f = fixture();
    for key in [
        "objectsize",
        "-objectsize",
        "numparent",
        "*objecttype",
        "version:refname",
        "-v:refname",
        "taggerdate",
        "-creatordate",
        "upstream:track",
        "contents:size",
        "raw:size",
        "subject",
        "-tree",
        "describe",
        "*refname",
        "HEAD",
        "creatordate:relative",
        "authordate:short",
        "-authordate:short",
        "taggerdate:short",
        "*authordate:short",
    ] {
        let sort = format!("--sort={key}");
        let mut args = vec!["for-each-ref", sort.as_str()];
        args.extend_from_slice(&REFS);
        f.assert_same(&args, b"");
    }
    same_all(
        &f,
        &[
            &[
                "for-each-ref",
                "--sort=objecttype",
                "--sort=-creatordate",
                "refs/tags",
            ],
            &["for-each-ref", "--no-sort", "refs/tags"],
            &[
                "for-each-ref",
                "--sort=objecttype",
                "--no-sort",
                "refs/tags",
            ],
            &[
                "for-each-ref",
                "--no-sort",
                "--sort=objecttype",
                "refs/tags",
            ],
            &[
                "for-each-ref",
                "--ignore-case",
                "--sort=subject",
                "refs/tags",
            ],
            &["for-each-ref", "--sort=bogus"],
            &["for-each-ref", "--sort="],
        ],
    );
}

#[test]
fn filters_match_git() {
    let f = fixture();
    same_all(
        &f,
        &[
            &[
                "for-each-ref",
                "--merged",
                "main",
                "refs/heads",
                "refs/tags",
            ],
            &["for-each-ref", "--merged=topic", "refs/heads", "refs/tags"],
            &[
                "for-each-ref",
                "--no-merged",
                "main",
                "refs/heads",
                "refs/tags",
            ],
            &[
                "for-each-ref",
                "--merged",
                "main",
                "--merged",
                "origin/main",
                "refs/heads",
            ],
            &[
                "for-each-ref",
                "--contains",
                "topic",
                "refs/heads",
                "refs/tags",
            ],
            &[
                "for-each-ref",
                "--contains",
                "v1.9",
                "--no-contains",
                "main",
                "refs/heads",
            ],
            &[
                "for-each-ref",
                "--no-contains",
                "side",
                "refs/heads",
                "refs/tags",
            ],
            &["for-each-ref", "refs/heads", "--merged"],
            &["for-each-ref", "--merged", "nosuch"],
            &["for-each-ref", "--merged", "blob-tag"],
            &["for-each-ref", "--contains", "nosuch"],
            &["for-each-ref", "--contains", "light-blob"],
            &[
                "for-each-ref",
                "--points-at",
                "v1.0",
                "refs/heads",
                "refs/tags",
            ],
            &["for-each-ref", "--points-at", "main", "refs/tags"],
            &[
                "for-each-ref",
                "--exclude",
                "refs/tags/v1.0*",
                "--exclude",
                "refs/heads",
            ],
            &[
                "for-each-ref",
                "--exclude",
                "refs/tags/V*",
                "--ignore-case",
                "refs/tags",
            ],
            &["for-each-ref", "--ignore-case", "refs/TAGS/v*"],
            &[
                "for-each-ref",
                "--include-root-refs",
                "--exclude=refs/broken",
            ],
            &[
                "for-each-ref",
                "--omit-empty",
                "--format=%(if)%(upstream)%(then)%(refname)%(end)",
            ],
            &[
                "for-each-ref",
                "--count=3",
                "--sort=-objectsize",
                "refs/tags",
            ],
            &["for-each-ref", "--stdin", "refs/heads"],
        ],
    );
    f.assert_same(&["for-each-ref", "--stdin"], b"refs/heads\nrefs/tags/v1*\n");
}

#[test]
fn atoms_and_options_git_refuses_are_refused_in_its_words() {
    let f = fixture();
    for fmt in [
        "%(then)",
        "%(else)",
        "%(end)",
        "%(if)x",
        "%(if)%(else)",
        "%(if)%(then)%(then)%(end)",
        "%(if)%(then)%(else)%(else)%(end)",
        "%(if)%(then)%(else)%(then)%(end)",
        "%(if)%(end)",
        "%(align)",
        "%(align:x)",
        "%(align:width=x)",
        "%(align:position=up,3)",
        "%(align:left)",
        "%(contents:lines=x)",
        "%(contents:bogus)",
        "%(trailers:bogus)",
        "%(trailers:key)",
        "%(objectname:short=0)",
        "%(objectsize:x)",
        "%(HEAD:x)",
        "%(objecttype:x)",
        "%(describe:bogus)",
        "%(describe:abbrev=)",
        "%(describe:abbrev=1x)",
        "%(describe:match=)",
        "%(ahead-behind)",
        "%(ahead-behind:nosuch)",
        "%(is-base)",
        "%(rest)",
        "%(authorname:x)",
        "%(authoremail:trim,x)",
        "%(authordate:bogus)",
        "%(subject:x)",
        "%(signature:x)",
        "%(raw:x)",
        "%(deltabase:x)",
        "%(if:x)",
        "%(color:bogus)",
        "%(color)",
        "%(*)",
        "%(refname:lstrip=x)",
    ] {
        f.assert_same(
            &[
                "for-each-ref",
                &format!("--format={fmt}"),
                "refs/heads/main",
            ],
            b"",
        );
    }
    same_all(
        &f,
        &[
            &["for-each-ref", "--shell", "--python"],
            &["for-each-ref", "--shell", "--format=%(raw)"],
            &["for-each-ref", "--tcl", "--format=%(raw)"],
        ],
    );
}

#[test]
fn is_base_ahead_behind_and_describe_follow_a_branchy_history() {
    let f = fixture();
    same_formats(
        &f,
        &[],
        &["%(is-base:main) %(is-base:side) %(is-base:topic) %(is-base:origin/main) %(is-base:v1.9)"],
    );
    let g = Fixture::from_script("history_graph");
    let branches: Vec<String> =
        String::from_utf8(g.git(&["for-each-ref", "--format=%(refname:short)", "refs/heads"]))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
    for tip in branches.iter().take(4) {
        g.assert_same(
            &[
                "for-each-ref",
                &format!("--format=%(refname) %(is-base:{tip}) %(ahead-behind:{tip})"),
            ],
            b"",
        );
    }
    g.assert_same(
        &[
            "for-each-ref",
            "--format=%(refname) %(describe) %(describe:tags,abbrev=9)",
        ],
        b"",
    );
}
