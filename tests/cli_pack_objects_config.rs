//! `gitstore pack-objects` reading its defaults from the configuration as git does: a
//! `pack.depth` (or `--depth`) past 4095 is cut with git's warning, and `pack.window=0` makes
//! no delta.

mod common;

use common::{fixtures, longest_chain};

#[test]
fn too_deep_a_depth_from_config_or_option_is_cut_with_git_s_warning() {
    let f = fixtures::history_repo();
    let list = f.git(&["rev-list", "--objects", "HEAD"]);
    for args in [
        &["-c", "pack.depth=5000", "pack-objects", "--stdout", "-q"][..],
        &["pack-objects", "--depth=9999", "--stdout", "-q"],
    ] {
        let git = f.git_output(args, &list);
        let ours = f.gitstore_output(args, &list);
        assert_eq!(
            String::from_utf8_lossy(&ours.stderr),
            String::from_utf8_lossy(&git.stderr),
            "{args:?}"
        );
        assert_eq!(ours.status.code(), git.status.code());
    }
}

#[test]
fn pack_window_zero_from_config_makes_no_delta() {
    let f = fixtures::history_repo();
    let list = f.git(&["rev-list", "--objects", "HEAD"]);
    let args = [
        "-c",
        "pack.window=0",
        "pack-objects",
        "--no-reuse-delta",
        "-q",
        "w",
    ];
    let out = f.gitstore_output(&args, &list);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = String::from_utf8(out.stdout).unwrap();
    assert_eq!(longest_chain(&f, &format!("w-{}.idx", name.trim_end())), 0);
}
