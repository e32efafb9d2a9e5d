//! Tag bodies: parsing never panics; what parses serializes back to the same bytes.
#![no_main]
use gitstore::object::{TagRef, WriteTo};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(tag) = TagRef::parse(data) {
        assert_eq!(tag.size(), data.len() as u64);
        assert_eq!(tag.to_vec(), data);
        let owned = tag.to_owned();
        let _ = owned.validate();
        let exact_time = tag
            .tagger
            .is_none_or(|s| s.time.len() < 19 && (s.time.len() == 1 || !s.time.starts_with(b"0")));
        if exact_time {
            assert_eq!(owned.to_vec(), data);
            assert_eq!(owned.size(), data.len() as u64);
        }
    }
});
