//! Signature lines: parsing never panics; what parses is written back the same way.
#![no_main]
use gitstore::object::SignatureRef;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sig) = SignatureRef::parse(data) {
        let mut out = Vec::new();
        sig.write_to(&mut out).unwrap();
        assert_eq!(out, data);
        let _ = (sig.seconds(), sig.offset_minutes());
    }
});
