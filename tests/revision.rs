mod common;

#[test]
#[ignore]
fn dump_fixture() {
    let f = common::history_repo();
    let _ = std::fs::remove_dir_all("/tmp/revfix");
    let st = std::process::Command::new("cp").args(["-a"]).arg(&f.path).arg("/tmp/revfix").status().unwrap();
    assert!(st.success());
}
