//! Progress on stderr, against git's: `pack-objects` (`--progress`, `--all-progress`, `-q`),
//! `index-pack -v` (`--progress-title`, `--fix-thin`'s `completed with N local objects`),
//! and on a terminal (through `script`) `unpack-objects` and `repack`. git redraws a line
//! with `\r`; what is compared is each line's last text, with the rate (`| 1.23 MiB/s`)
//! blanked. Without a terminal and without `--progress`/`-v` nothing is printed.
//!
//! Two parts are blanked where they may differ: the bytes of a pack gitstore wrote
//! (`Writing objects: …, 21.44 KiB`: its zlib streams are zlib-rs's, not C zlib's), and
//! with more than one delta thread the delta counts of the `Total` line (git's threaded
//! search is not deterministic either; one thread is compared in full).

mod common;

use common::terminal::{final_text_with, on_terminal};
use common::Fixture;

/// Each line's final text, the rate blanked.
fn final_text(raw: &[u8]) -> String {
    final_text_with(raw, |last| match last.split_once(" | ") {
        Some((before, after)) => {
            let rest = after.find(", ").map_or("", |at| &after[at..]);
            format!("{before} | <rate>{rest}")
        }
        None => last.to_string(),
    })
}

fn object_list(f: &Fixture) -> Vec<u8> {
    f.git(&["rev-list", "--objects", "--all"])
}

/// The final text of `pack-objects <args>`'s stderr, by git and by gitstore.
fn pack_objects_stderr(f: &Fixture, args: &[&str], stdin: &[u8]) -> (String, String) {
    let g = f.git_output(args, stdin);
    let s = f.gitstore_output(args, stdin);
    assert!(g.status.success() && s.status.success(), "{s:?}");
    let blank = |raw: &[u8]| blank_deltas(&blank_written_bytes(&final_text(raw)), args);
    (blank(&g.stderr), blank(&s.stderr))
}

/// `Writing objects: …, <bytes> | <rate>, done.` with the bytes blanked.
fn blank_written_bytes(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("), ") {
            Some(at) if l.starts_with("Writing objects:") && l.contains(" | ") => {
                format!("{}, <bytes> | <rate>, done.\n", &l[..=at])
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

/// The `Total N (delta D), reused R (delta RD)` line with D, R and RD blanked, unless `args`
/// ask for one thread.
fn blank_deltas(text: &str, args: &[&str]) -> String {
    if args.contains(&"--threads=1") {
        return text.to_string();
    }
    text.lines()
        .map(|l| match l.strip_prefix("Total ") {
            Some(rest) => format!(
                "Total {} (delta D), reused R (delta RD), …\n",
                rest.split(' ').next().unwrap()
            ),
            None => format!("{l}\n"),
        })
        .collect()
}

#[test]
fn pack_objects_progress_matches_git_when_forced() {
    let f = common::history_repo();
    let list = object_list(&f);
    let base = f.path.join("out").display().to_string();
    for args in [
        &["pack-objects", "--progress", "--threads=2", &base][..],
        &["pack-objects", "--progress", "--threads=2", "--stdout"],
        &["pack-objects", "--all-progress", "--threads=2", "--stdout"],
        &[
            "pack-objects",
            "--progress",
            "--all-progress-implied",
            "--threads=2",
            "--stdout",
        ],
        &[
            "pack-objects",
            "-q",
            "--progress",
            "--threads=1",
            "--stdout",
        ],
        &[
            "pack-objects",
            "-q",
            "--progress",
            "--threads=2",
            "--stdout",
            "--no-reuse-delta",
        ],
        &[
            "pack-objects",
            "--progress",
            "--threads=2",
            "--window=0",
            &base,
        ],
    ] {
        let (git, ours) = pack_objects_stderr(&f, args, &list);
        assert!(git.contains("Counting objects: 100%"), "{args:?}: {git}");
        assert_eq!(ours, git, "{args:?}");
    }
}

#[test]
fn pack_objects_revs_progress_matches_git_when_forced() {
    let f = common::history_repo();
    let args = [
        "pack-objects",
        "--revs",
        "--progress",
        "--threads=2",
        "--stdout",
    ];
    let (git, ours) = pack_objects_stderr(&f, &args, b"main\n^main~5\n");
    assert!(git.starts_with("Enumerating objects: "), "{git}");
    assert_eq!(ours, git);
}

#[test]
fn pack_objects_is_silent_without_a_terminal_or_when_told() {
    let f = common::history_repo();
    let list = object_list(&f);
    let base = f.path.join("out").display().to_string();
    for args in [
        &["pack-objects", "--stdout"][..],
        &["pack-objects", &base],
        &["pack-objects", "--progress", "-q", "--stdout"],
        &["pack-objects", "--progress", "--no-progress", "--stdout"],
    ] {
        let out = f.gitstore_output(args, &list);
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        assert_eq!(f.git_output(args, &list).stderr, b"", "{args:?}");
    }
}

fn a_pack(f: &Fixture) -> Vec<u8> {
    f.git_stdin(&["pack-objects", "-q", "--stdout"], &object_list(f))
}

#[test]
fn index_pack_verbose_progress_matches_git() {
    let src = common::history_repo();
    let pack = a_pack(&src);
    let file = src.path.join("p.pack");
    std::fs::write(&file, &pack).unwrap();
    let file = file.display().to_string();
    for args in [
        &["index-pack", "-v", "--stdin"][..],
        &[
            "index-pack",
            "-v",
            "--stdin",
            "--progress-title",
            "Fetching objects",
        ],
        &["index-pack", "-v", "-o", "x.idx", &file],
        &[
            "index-pack",
            "--progress-title",
            "Checking",
            "-v",
            "-o",
            "y.idx",
            &file,
        ],
    ] {
        let (g, s) = (Fixture::bare(), Fixture::bare());
        let go = g.git_output(args, &pack);
        let so = s.gitstore_output(args, &pack);
        assert!(go.status.success(), "{go:?}");
        assert_eq!(so.stdout, go.stdout, "{args:?}");
        let git = final_text(&go.stderr);
        assert!(git.contains("Resolving deltas: 100%"), "{args:?}: {git}");
        assert_eq!(final_text(&so.stderr), git, "{args:?}");
    }
}

#[test]
fn index_pack_fix_thin_says_how_many_local_objects_like_git() {
    let src = common::history_repo();
    let thin = src.git_stdin(
        &["pack-objects", "-q", "--thin", "--revs", "--stdout"],
        b"main\n^main~6\n",
    );
    let (g, s) = (common::history_repo(), common::history_repo());
    let args = ["index-pack", "-v", "--stdin", "--fix-thin"];
    let go = g.git_output(&args, &thin);
    let so = s.gitstore_output(&args, &thin);
    assert!(go.status.success() && so.status.success(), "{so:?}");
    let git = final_text(&go.stderr);
    assert!(git.contains("local object"), "{git}");
    assert_eq!(final_text(&so.stderr), git);
}

#[test]
fn index_pack_is_silent_without_verbose() {
    let src = common::history_repo();
    let pack = a_pack(&src);
    let s = Fixture::bare();
    let out = s.gitstore_output(&["index-pack", "--stdin"], &pack);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn unpack_objects_shows_progress_on_a_terminal_like_git() {
    let src = common::history_repo();
    let file = src.path.join("p.pack");
    std::fs::write(&file, a_pack(&src)).unwrap();
    let (g, s) = (Fixture::bare(), Fixture::bare());
    let go = on_terminal(&g.git_command(&["unpack-objects"]), Some(&file));
    let so = on_terminal(&s.gitstore_command(&["unpack-objects"]), Some(&file));
    let git = final_text(&go.stdout);
    assert!(git.starts_with("Unpacking objects: 100% ("), "{git}");
    assert_eq!(final_text(&so.stdout), git);
    // -q on a terminal, and no terminal: nothing
    let quiet = on_terminal(
        &Fixture::bare().gitstore_command(&["unpack-objects", "-q"]),
        Some(&file),
    );
    assert_eq!(final_text(&quiet.stdout), "");
    let piped =
        Fixture::bare().gitstore_output(&["unpack-objects"], &std::fs::read(&file).unwrap());
    assert!(piped.status.success());
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
}

#[test]
fn repack_shows_pack_objects_progress_on_a_terminal_like_git() {
    for args in [
        &["repack", "-a", "-d", "--threads=2"][..],
        &["repack", "-d", "--threads=2"],
        &["repack", "-a", "-d", "-f", "--threads=2", "--window=5"],
    ] {
        let (g, s) = (common::history_repo(), common::history_repo());
        let git = blank_deltas(
            &final_text(&on_terminal(&g.git_command(args), None).stdout),
            args,
        );
        assert!(git.contains("Writing objects: 100% ("), "{args:?}: {git}");
        let ours = blank_deltas(
            &final_text(&on_terminal(&s.gitstore_command(args), None).stdout),
            args,
        );
        assert_eq!(ours, git, "{args:?}");
        // quiet on a terminal
        let mut quiet = args.to_vec();
        quiet.push("-q");
        let f = common::history_repo();
        assert_eq!(
            final_text(&on_terminal(&f.gitstore_command(&quiet), None).stdout),
            ""
        );
    }
}
