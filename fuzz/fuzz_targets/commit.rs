//! Commit bodies: parsing never panics; what parses serializes back to the same bytes.
#![no_main]
use gitstore::object::{CommitRef, WriteTo};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(commit) = CommitRef::parse(data) {
        assert_eq!(commit.size(), data.len() as u64);
        assert_eq!(commit.to_vec(), data);
        let owned = commit.to_owned();
        let _ = owned.validate();
        // The owned copy is exact unless a signature time is one git refuses.
        let exact_times = [commit.author, commit.committer]
            .iter()
            .all(|s| s.time.len() < 19 && (s.time.len() == 1 || !s.time.starts_with(b"0")));
        if exact_times {
            assert_eq!(owned.to_vec(), data);
            assert_eq!(owned.size(), data.len() as u64);
        }
    }
});
