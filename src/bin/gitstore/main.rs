//! The `gitstore` command-line tool.
fn main() {}
