//! Object headers `"<kind> <size>\0"`: parsing never panics; what parses is written back the
//! same way.
#![no_main]
use gitstore::object::{header_bytes, parse_header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((header, len)) = parse_header(data) {
        assert_eq!(header_bytes(header.kind, header.size), &data[..len]);
    }
});
