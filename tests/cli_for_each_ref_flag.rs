//! `%(flag)` in `for-each-ref` against git 2.47: `symref` for a symbolic ref, `packed` when
//! the value was read from `packed-refs` (for a symref, that of the ref it ends at), both
//! joined by a comma; an argument to the atom is accepted and ignored, as git does.

mod common;

use common::Fixture;

#[test]
fn flag_says_symref_and_packed_as_git_does() {
    let f = Fixture::from_script("refs_upstreams");
    for format in [
        "--format=%(refname) [%(flag)]",
        "--format=%(flag:whatever)|%(refname:short)",
    ] {
        f.assert_same(&["for-each-ref", format], b"");
        f.assert_same(&["for-each-ref", "--include-root-refs", format], b"");
    }
}

#[test]
fn loose_ref_shadowing_its_packed_twin_is_not_packed() {
    let f = Fixture::from_script("refs_upstreams");
    f.git(&["update-ref", "refs/heads/plain", "HEAD"]);
    f.assert_same(
        &["for-each-ref", "--format=%(refname) %(flag)", "refs/heads"],
        b"",
    );
    f.git(&["pack-refs", "--all"]);
    f.assert_same(
        &["for-each-ref", "--format=%(refname) %(flag)", "refs/heads"],
        b"",
    );
}
