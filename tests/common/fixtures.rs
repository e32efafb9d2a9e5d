//! The fixture repositories several test files share, each a copy of what its script in
//! `tests/fixtures/` built (once per test binary, see [`super::built`]). Plain `fn() -> Fixture`
//! so they can be handed to [`super::twins::Twins::new`].

use super::Fixture;

/// `tests/fixtures/history_repo.sh`: the realistic repository (see [`super::history_repo`]).
pub fn history_repo() -> Fixture {
    Fixture::from_script("history_repo")
}

/// `refs_branch_tag.sh`: three commits on main, a topic branch, an annotated tag `v1`, a
/// lightweight tag `light`, all packed; a loose branch `loose`.
pub fn refs_branch_tag() -> Fixture {
    Fixture::from_script("refs_branch_tag")
}

/// `refs_tag_of_tag.sh`: three commits on main, a topic branch, `v1`, a tag of it `v1-outer`,
/// `light`, all packed; a loose branch `feature/x`.
pub fn refs_tag_of_tag() -> Fixture {
    Fixture::from_script("refs_tag_of_tag")
}

/// `refs_tag_of_tag_bare.sh`: [`refs_tag_of_tag`] cloned bare; `HEAD` names a branch no
/// worktree has checked out.
pub fn refs_tag_of_tag_bare() -> Fixture {
    Fixture::from_script("refs_tag_of_tag_bare")
}

/// `refs_loose_and_packed.sh`: [`refs_tag_of_tag`] with a body in the first commit, a two-line
/// subject in the third, and a loose annotated tag `v2`.
pub fn refs_loose_and_packed() -> Fixture {
    Fixture::from_script("refs_loose_and_packed")
}

/// `refs_all_packed.sh`: three commits on main, a topic branch, `v1`, `v1-outer`, `light`;
/// everything packed by `git pack-refs --all`.
pub fn refs_all_packed() -> Fixture {
    Fixture::from_script("refs_all_packed")
}

/// `tree_with_gitlink.sh`: one commit of a file at the top, one in a subdirectory with a space
/// in its name and a gitlink; an annotated tag `v1`.
pub fn tree_with_gitlink() -> Fixture {
    Fixture::from_script("tree_with_gitlink")
}

/// `small_packed.sh`: two commits, packed, plus a loose blob.
pub fn small_packed() -> Fixture {
    Fixture::from_script("small_packed")
}

/// `one_pack.sh` / `one_pack_stored.sh`: six commits in one pack (compression 0 when
/// `stored`, so entry data can be edited in place); the fixture and the pack's `.idx` path
/// relative to it.
pub fn one_pack(stored: bool) -> (Fixture, String) {
    let f = Fixture::from_script(if stored {
        "one_pack_stored"
    } else {
        "one_pack"
    });
    let idx = super::idx_files(&f.git_dir().join("objects/pack")).remove(0);
    let rel = f.rel(&idx);
    (f, rel)
}

/// `history_graph.sh`: a history for walks, diffs and merge bases: forks merged twice, an
/// octopus merge, three roots (one never merged, on `lonely`), dates going backwards, runs of
/// empty commits, deletions, type and mode changes, odd path bytes, a changing submodule entry;
/// half packed, half loose.
pub fn history_graph() -> Fixture {
    Fixture::from_script("history_graph")
}

/// `dates_across_dst.sh`: commits and reflog entries on both sides of 2023's summer-time
/// changes in the US and the EU, recorded in several zones; `main`, `topic`, and a `HEAD`
/// reflog with checkouts.
pub fn dates_across_dst() -> Fixture {
    Fixture::from_script("dates_across_dst")
}
