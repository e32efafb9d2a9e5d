//! `branch --format`, `tag --format` (with `-l`/`--list` and patterns) and their `--sort` and
//! `branch.sort`/`tag.sort` against git 2.47 on `tests/fixtures/refs_upstreams.sh`: the
//! for-each-ref formatter behind both, git's default sort by name, branch's default listing
//! format when a sort key is given, and git's refusals. Byte for byte: stdout, stderr, exit
//! code.

mod common;

use common::Fixture;

fn fixture() -> Fixture {
    Fixture::from_script("refs_upstreams")
}

fn same_all(f: &Fixture, commands: &[&[&str]]) {
    for args in commands {
        f.assert_same(args, b"");
    }
}

#[test]
fn branch_format_lists_local_branches_sorted_by_name() {
    same_all(
        &fixture(),
        &[
            &["branch", "--format=%(refname) %(objectname:short) %(HEAD)"],
            &["branch", "--format=[%(refname:short)] %(symref) %(flag)"],
            &[
                "branch",
                "--format=%(refname:lstrip=2) %(upstream:short) %(upstream:track) %(push:short)",
            ],
            &[
                "branch",
                "--format=%(if)%(HEAD)%(then)current%(else)other%(end)",
            ],
            &["branch", "--format="],
        ],
    );
}

#[test]
fn branch_list_with_patterns_filters_short_names() {
    same_all(
        &fixture(),
        &[
            &["branch", "-l", "--format=%(refname:short)", "p*"],
            &["branch", "--list", "--format=%(refname)", "p*", "m*"],
            &["branch", "--list", "--format=%(refname)", "refs/heads/*"],
            &["branch", "--list", "--format=%(refname)", "no-such-*"],
        ],
    );
}

#[test]
fn branch_sort_keys_and_config_order_the_listing() {
    same_all(
        &fixture(),
        &[
            &["branch", "--sort=-refname"],
            &["branch", "--sort=objectname", "--format=%(refname)"],
            &[
                "branch",
                "--sort=-committerdate",
                "--sort=refname",
                "--format=%(refname)",
            ],
            &["-c", "branch.sort=-refname", "branch"],
            &[
                "-c",
                "branch.sort=-refname",
                "branch",
                "--format=%(refname)",
            ],
            &[
                "-c",
                "branch.sort=-refname",
                "branch",
                "--sort=refname",
                "--format=%(refname)",
            ],
        ],
    );
}

#[test]
fn branch_listing_marks_branches_checked_out_elsewhere() {
    let f = fixture();
    let wt = f.path.join("wt");
    f.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "pushy"]);
    same_all(
        &f,
        &[
            &["branch", "--sort=refname"],
            &[
                "branch",
                "--format=%(refname) %(if)%(worktreepath)%(then)+%(end)",
            ],
        ],
    );
}

#[test]
fn tag_format_lists_tags_sorted_by_name() {
    same_all(
        &fixture(),
        &[
            &[
                "tag",
                "--format=%(refname) %(objecttype) %(*objectname) %(subject)",
            ],
            &["tag", "-l", "--format=%(refname:short)", "v1*"],
            &[
                "tag",
                "--list",
                "--format=%(refname:short) %(flag)",
                "v*",
                "nothing",
            ],
            &["tag", "-l", "--format="],
        ],
    );
}

#[test]
fn tag_sort_keys_and_config_order_the_listing() {
    same_all(
        &fixture(),
        &[
            &["tag", "-l", "--sort=-refname"],
            &["tag", "--sort=-version:refname"],
            &["tag", "--sort=-taggerdate", "--format=%(refname:short)"],
            &["-c", "tag.sort=-refname", "tag"],
            &[
                "-c",
                "tag.sort=-refname",
                "tag",
                "-l",
                "--format=%(refname)",
            ],
        ],
    );
}

#[test]
fn bad_formats_and_sort_keys_are_refused_as_git_refuses_them() {
    same_all(
        &fixture(),
        &[
            &["branch", "--format=%(refname"],
            &["tag", "--format=%(refname"],
            &["branch", "--format=%(bad)"],
            &["tag", "-l", "--format=%(bad)"],
            &["branch", "--format=%(if)x"],
            &["branch", "--sort=bad"],
            &["tag", "--sort=bad"],
        ],
    );
}

#[test]
fn detached_head_comes_first_described_as_git_describes_it() {
    let f = fixture();
    let formats: [&[&str]; 4] = [
        &[
            "branch",
            "--format=%(refname)|%(refname:short)|%(HEAD)|%(upstream)|%(symref)",
        ],
        &["branch", "--sort=-refname"],
        &[
            "branch",
            "--sort=objectname",
            "--format=%(refname:lstrip=1)",
        ],
        &["branch", "-l", "--format=%(refname)", "l*"],
    ];
    // at a commit, at a tag, then moved on from where it was detached
    f.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    same_all(&f, &formats);
    f.git(&["checkout", "-q", "v1.0"]);
    same_all(&f, &formats);
    f.git(&["commit", "-q", "--allow-empty", "-m", "moved on"]);
    same_all(&f, &formats);
}

#[test]
fn branch_listing_is_gits_built_format_for_local_remote_and_all() {
    let f = fixture();
    let wt = f.path.join("wt");
    f.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "pushy"]);
    let listings: [&[&str]; 12] = [
        &["branch"],
        &["branch", "-r"],
        &["branch", "-a"],
        &["branch", "-v"],
        &["branch", "-vv"],
        &["branch", "-r", "-v"],
        &["branch", "-a", "-vv"],
        &["branch", "-r", "-l", "o*"],
        &["branch", "-a", "-l", "*main"],
        &["branch", "-a", "--sort=-refname"],
        &["branch", "-a", "--format=%(refname)"],
        &["branch", "-r", "--format=%(refname:short) %(symref)"],
    ];
    same_all(&f, &listings);
    f.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    same_all(&f, &listings);
}

#[test]
fn remote_and_all_take_no_branch_name() {
    same_all(
        &fixture(),
        &[&["branch", "-r", "new"], &["branch", "-a", "new", "main"]],
    );
}

#[test]
fn head_through_a_symbolic_branch_marks_only_the_branch_it_ends_at() {
    let f = fixture();
    f.git(&["symbolic-ref", "HEAD", "refs/heads/to-packed"]);
    same_all(
        &f,
        &[
            &["branch"],
            &["branch", "-vv"],
            &["branch", "--format=%(refname) %(HEAD) [%(worktreepath)]"],
            &[
                "for-each-ref",
                "--format=%(refname) %(HEAD) [%(worktreepath)]",
                "refs/heads",
            ],
        ],
    );
}
