//! `gitstore init` against git: the layout it creates, the directories of git's default
//! templates, the initial branch and its hint, re-initialising.

mod common;

use common::{assert_identical, Fixture};

/// Runs `args` through git in one empty directory and gitstore in another (`init` must create
/// in both); compares exit codes, stderr, and stdout with each directory's path replaced.
fn assert_identical_apart(args: &[&str], global_config: Option<&str>) -> (Fixture, Fixture) {
    let (g, s) = (Fixture::empty_dir(), Fixture::empty_dir());
    let run = |f: &Fixture, mut cmd: std::process::Command| {
        if let Some(text) = global_config {
            f.write("global.cfg", text);
            cmd.env("GIT_CONFIG_GLOBAL", f.path.join("global.cfg"));
        }
        let out = cmd.output().unwrap();
        let norm =
            |b: &[u8]| String::from_utf8_lossy(b).replace(&f.path.display().to_string(), "ROOT");
        (out.status.code(), norm(&out.stdout), norm(&out.stderr))
    };
    let go = run(&g, g.git_command(args));
    let so = run(&s, s.gitstore_command(args));
    assert_eq!(
        so, go,
        "gitstore (left) and git (right) differ for {args:?}"
    );
    (g, s)
}

#[test]
fn init_matches_git_layout() {
    for bare in [false, true] {
        let g = Fixture::empty_dir();
        let s = Fixture::empty_dir();
        let mut args = vec!["init", "-b", "trunk"];
        if bare {
            args.push("--bare");
        }
        args.push("repo");
        let go = g.git_output(&args, b"");
        let so = s.gitstore_output(&args, b"");
        assert!(go.status.success() && so.status.success());
        let norm = |o: &[u8], f: &Fixture| {
            String::from_utf8_lossy(o).replace(&f.path.display().to_string(), "ROOT")
        };
        assert_eq!(norm(&so.stdout, &s), norm(&go.stdout, &g));
        let git_dir = |f: &Fixture| {
            if bare {
                f.path.join("repo")
            } else {
                f.path.join("repo/.git")
            }
        };
        for file in ["HEAD", "config", "description", "info/exclude"] {
            assert_eq!(
                std::fs::read(git_dir(&s).join(file)).unwrap(),
                std::fs::read(git_dir(&g).join(file)).unwrap(),
                "{file}"
            );
        }
        for dir in ["objects/info", "objects/pack", "refs/heads", "refs/tags"] {
            assert!(git_dir(&s).join(dir).is_dir(), "{dir}");
        }
        // git accepts what gitstore made, and re-init says so
        let repo = s.path.join("repo");
        let out = common::fixed_command(common::git_bin())
            .args(["-C", repo.to_str().unwrap(), "fsck"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let again = s.gitstore_output(&args, b"");
        assert!(String::from_utf8_lossy(&again.stdout)
            .starts_with("Reinitialized existing Git repository in"));
    }
}

#[test]
fn init_without_a_branch_name_prints_gits_master_hint_unless_quiet() {
    assert_identical_apart(&["init", "r"], None);
    assert_identical_apart(&["init", "--bare", "r"], None);
    assert_identical_apart(&["init", "-q", "r"], None);
    assert_identical_apart(&["init", "-b", "main", "r"], None);
    assert_identical_apart(&["init", "r"], Some("[init]\n\tdefaultBranch = trunk\n"));
}

#[test]
fn reinit_ignores_the_branch_name_with_gits_warning() {
    let f = Fixture::new();
    for args in [
        &["init", "-b", "other"][..],
        &["init", "-q", "-b", "other"],
        &["init"],
        &["init", "-q"],
    ] {
        assert_identical(&f, args, b"");
    }
    assert_eq!(f.git_str(&["symbolic-ref", "HEAD"]), "refs/heads/main");
}

#[test]
fn init_creates_the_directories_gits_default_templates_create() {
    fn layout(root: &std::path::Path) -> Vec<String> {
        let mut seen: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.path() != root)
            .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
            // sample hooks are templates gitstore does not copy
            .filter(|p| !(p.contains("hooks/") && p.ends_with(".sample")))
            .collect();
        seen.sort();
        seen
    }
    for args in [
        &["init", "-q", "-b", "main", "r"][..],
        &["init", "-q", "--bare", "-b", "main", "r"],
    ] {
        let (g, s) = assert_identical_apart(args, None);
        let git = layout(&g.path.join("r"));
        assert!(git.iter().any(|p| p.ends_with("branches")), "{git:?}");
        assert_eq!(layout(&s.path.join("r")), git, "{args:?}");
    }
}
