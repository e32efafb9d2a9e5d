//! Tree bodies: parsing never panics; what parses serializes back to the same bytes, through
//! the borrowed view and through the owned copy; pretty-printing works.
#![no_main]
use gitstore::object::{TreeRef, TreeRefIter, WriteTo};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lazy_ok = TreeRefIter::new(data).all(|e| e.is_ok());
    match TreeRef::parse(data) {
        Ok(tree) => {
            assert!(lazy_ok);
            assert_eq!(tree.to_vec(), data);
            let owned = tree.to_owned();
            assert_eq!(owned.size(), data.len() as u64);
            assert_eq!(owned.to_vec(), data);
            let _ = owned.validate();
            let mut out = Vec::new();
            tree.write_pretty(&mut out).unwrap();
        }
        Err(_) => assert!(!lazy_ok),
    }
});
