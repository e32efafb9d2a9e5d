//! `Repository::commit_encoding`: the `encoding` header git writes, from `i18n.commitEncoding`
//! (none for UTF-8 in any spelling).

mod common;

use common::library::open;
use common::Fixture;

#[test]
fn commit_encoding_is_the_configured_one_unless_utf8() {
    let f = Fixture::bare();
    assert_eq!(open(&f).commit_encoding(), None);
    for (value, expected) in [
        ("ISO-8859-1", Some("ISO-8859-1")),
        ("UTF-8", None),
        ("utf8", None),
    ] {
        f.git(&["config", "i18n.commitEncoding", value]);
        let got = open(&f).commit_encoding();
        assert_eq!(
            got.as_ref().map(|e| e.to_string()),
            expected.map(String::from)
        );
    }
}
