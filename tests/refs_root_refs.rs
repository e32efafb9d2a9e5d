//! The root refs `for-each-ref --include-root-refs` lists, read by the library
//! (`RefItem::root_refs`): `HEAD` and the `*_HEAD` pseudorefs in capitals, by name, each that
//! resolves.

mod common;

use common::fixtures::refs_branch_tag;
use common::library::{id, open};
use gitstore::refs::format::RefItem;

#[test]
fn root_refs_are_head_and_capital_pseudorefs_that_resolve() {
    let f = refs_branch_tag();
    f.git(&["update-ref", "ORIG_HEAD", "HEAD~1"]);
    let git_dir = f.git_dir();
    std::fs::write(
        git_dir.join("lower_HEAD"),
        f.git_str(&["rev-parse", "HEAD"]),
    )
    .unwrap();
    std::fs::write(git_dir.join("BROKEN_HEAD"), "not an id\n").unwrap();
    let repo = open(&f);

    let items = RefItem::root_refs(repo.refs());

    let names: Vec<String> = items.iter().map(|i| i.name.as_bstr().to_string()).collect();
    assert_eq!(names, ["HEAD", "ORIG_HEAD"]);
    assert_eq!(items[0].id, id(&f.git_str(&["rev-parse", "HEAD"])));
    assert_eq!(
        items[0].symref.as_ref().map(|s| s.as_bstr().to_string()),
        Some("refs/heads/main".to_string())
    );
    assert_eq!(items[1].id, id(&f.git_str(&["rev-parse", "HEAD~1"])));
    assert_eq!(items[1].symref, None);
}
