//! `gitstore update-ref --stdin`'s symbolic-ref commands (`symref-update`, `symref-create`,
//! `symref-delete`, `symref-verify`, git 2.46+) against git 2.47: the same scripts run through
//! git on one fixture and through gitstore on its identical twin; stdout, stderr, exit code and
//! the `.git` state (refs, reflogs) must be equal. Covers both forms (lines and `-z`), parse
//! errors, `no-deref`, old-target checks, creating over and deleting refs, and transactions
//! mixing them with the other commands.

mod common;

use common::fixtures::refs_loose_and_packed;
use common::twins::{id, Twins};

fn stdin(t: &Twins, args: &[&str], script: &str) {
    t.run(args, script.as_bytes());
}

#[test]
fn symref_commands_change_and_check_symbolic_refs_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    let a = id(&t.git, "HEAD~2");
    let s = &["update-ref", "-m", "sym", "--stdin"];
    stdin(&t, s, "symref-create refs/heads/s refs/heads/main\n");
    stdin(
        &t,
        s,
        "symref-create refs/heads/dangling refs/heads/nowhere\n",
    );
    // creating over an existing ref, symbolic or not
    stdin(
        &t,
        s,
        "option no-deref\nsymref-create refs/heads/s refs/heads/topic\n",
    );
    stdin(&t, s, "symref-create refs/heads/topic refs/heads/main\n");
    // updates with an old target or old id, right and wrong
    stdin(
        &t,
        s,
        "option no-deref\nsymref-update refs/heads/s refs/heads/topic ref refs/heads/main\n",
    );
    stdin(
        &t,
        s,
        "option no-deref\nsymref-update refs/heads/s refs/heads/main ref refs/heads/main\n",
    );
    stdin(
        &t,
        s,
        "option no-deref\nsymref-update refs/heads/topic refs/heads/main ref refs/heads/main\n",
    );
    stdin(
        &t,
        s,
        "option no-deref\nsymref-update refs/heads/missing refs/heads/main ref refs/heads/main\n",
    );
    stdin(
        &t,
        s,
        &format!("option no-deref\nsymref-update refs/heads/s refs/heads/main oid {a}\n"),
    );
    stdin(
        &t,
        s,
        "option no-deref\nsymref-update refs/heads/s refs/heads/main oid HEAD\n",
    );
    // verify: old target mismatch, missing ref, regular ref, must-not-exist
    for script in [
        "option no-deref\nsymref-verify refs/heads/s refs/heads/main\n",
        "option no-deref\nsymref-verify refs/heads/s refs/heads/topic\n",
        "option no-deref\nsymref-verify refs/heads/missing refs/heads/main\n",
        "option no-deref\nsymref-verify refs/heads/main refs/heads/main\n",
        "option no-deref\nsymref-verify refs/heads/missing\n",
        "option no-deref\nsymref-verify refs/heads/s\n",
        "symref-verify refs/heads/s refs/heads/main\n",
    ] {
        stdin(&t, s, script);
    }
    // delete: deref mode refused, wrong target, right target, a regular ref
    for script in [
        "symref-delete refs/heads/dangling\n",
        "option no-deref\nsymref-delete refs/heads/dangling refs/heads/main\n",
        "option no-deref\nsymref-delete refs/heads/dangling refs/heads/nowhere\n",
        "option no-deref\nsymref-delete refs/heads/topic refs/heads/main\n",
    ] {
        stdin(&t, s, script);
    }
    // without no-deref, the ref at the end of the chain becomes symbolic; both are logged
    stdin(&t, s, &format!("create refs/heads/t2 {a}\n"));
    stdin(&t, s, "symref-create refs/heads/t refs/heads/t2\n");
    stdin(&t, s, "symref-update refs/heads/t refs/heads/topic\n");
    stdin(
        &t,
        s,
        "symref-update refs/heads/t refs/heads/main ref refs/heads/topic\n",
    );
    stdin(
        &t,
        &["update-ref", "--no-deref", "--stdin"],
        "symref-delete refs/heads/s refs/heads/main\n",
    );
}

#[test]
fn symref_commands_mix_with_other_commands_in_transactions_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    let (a, b) = (id(&t.git, "HEAD~2"), id(&t.git, "HEAD"));
    let s = &["update-ref", "-m", "mixed", "--stdin"];
    stdin(
        &t,
        s,
        &format!(
            "start\nupdate refs/heads/x {a}\noption no-deref\nsymref-create refs/heads/y refs/heads/x\n\
             create refs/heads/z {b}\nprepare\ncommit\n"
        ),
    );
    stdin(
        &t,
        s,
        "start\noption no-deref\nsymref-update refs/heads/y refs/heads/z ref refs/heads/x\n\
         option no-deref\nsymref-verify refs/heads/y refs/heads/x\nprepare\ncommit\n",
    );
    // a failing check drops the whole transaction
    stdin(
        &t,
        s,
        &format!(
            "start\nupdate refs/heads/x {b}\noption no-deref\nsymref-verify refs/heads/y refs/heads/nope\n\
             prepare\ncommit\n"
        ),
    );
    stdin(
        &t,
        s,
        "start\noption no-deref\nsymref-delete refs/heads/y refs/heads/z\nabort\n\
         start\noption no-deref\nsymref-delete refs/heads/y refs/heads/z\ncommit\n",
    );
}

#[test]
fn symref_commands_parse_both_forms_and_refuse_bad_input_like_git() {
    let t = Twins::presence(refs_loose_and_packed);
    let s = &["update-ref", "--stdin"];
    for script in [
        "symref-update\n",
        "symref-update \n",
        "symref-update refs/heads/s\n",
        "symref-update refs/heads/s refs/heads/main ref\n",
        "symref-update refs/heads/s refs/heads/main foo HEAD\n",
        "symref-update refs/heads/s refs/heads/main ref ..bad\n",
        "symref-update refs/heads/s refs/heads/main oid nonsense\n",
        "symref-update refs/heads/s refs/heads/main ref refs/heads/main x\n",
        "symref-create refs/heads/s\n",
        "symref-create refs/heads/s ..x\n",
        "symref-create refs/heads/s refs/heads/main extra\n",
        "option no-deref\nsymref-delete \n",
        "option no-deref\nsymref-delete refs/heads/s refs/heads/a b\n",
        "option no-deref\nsymref-verify refs/heads/s refs/heads/a b\n",
        "symref-verify refs/heads/s\n",
    ] {
        stdin(&t, s, script);
    }
    let z = &["update-ref", "-m", "nul", "--stdin", "-z"];
    for script in [
        "symref-create refs/heads/n\0refs/heads/main\0",
        "option\0no-deref\0symref-update refs/heads/n\0refs/heads/topic\0ref\0refs/heads/main\0",
        "option\0no-deref\0symref-update refs/heads/n\0refs/heads/main\0ref\0refs/heads/main\0",
        "option\0no-deref\0symref-update refs/heads/n\0refs/heads/main\0ref\0refs/heads/topic\0",
        "option\0no-deref\0symref-update refs/heads/n\0refs/heads/main\0\0\0",
        "symref-update refs/heads/n\0refs/heads/main\0bad\0x\0",
        "symref-create refs/heads/n2\0\0",
        "option\0no-deref\0symref-verify refs/heads/n\0refs/heads/main\0",
        "option\0no-deref\0symref-verify refs/heads/n\0refs/heads/topic\0",
        "option\0no-deref\0symref-delete refs/heads/n\0refs/heads/main\0",
    ] {
        stdin(&t, z, script);
    }
}
