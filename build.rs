//! Links the unwinder statically on GNU/Linux, so a `gitstore` process does not load
//! `libgcc_s.so.1`.
//!
//! Why: that library's constructor (`__cpu_indicator_init`) runs about nine CPUID
//! instructions at every process start, whether or not anything asks for CPU features. On a
//! virtual machine each CPUID traps to the hypervisor (30 to 50 µs measured where the
//! benchmarks run), which made every short command (`rev-list --count` with a commit-graph,
//! `log -n`) start up to half a millisecond later than git, which does not link it. Rust's
//! standard library asks for `-lgcc_s` by name; a directory searched first that holds a
//! `libgcc_s.a` (gcc's static unwinder, `libgcc_eh.a`, under that name) makes the linker take
//! the static one. Only the `gitstore` binary is linked so (a link argument, not a search
//! path a library user would inherit); where the toolchain has no `libgcc_eh.a`, nothing
//! changes.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(unix)]
    static_unwinder();
}

#[cfg(unix)]
fn static_unwinder() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return;
    };
    if os != "linux" || env != "gnu" {
        return;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let Ok(found) = Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let path = PathBuf::from(String::from_utf8_lossy(&found.stdout).trim());
    // gcc prints the bare name back when it has no such file
    if !found.status.success() || !path.is_absolute() || !path.is_file() {
        return;
    }
    let dir = out.join("static-unwinder");
    let link = dir.join("libgcc_s.a");
    let placed = std::fs::create_dir_all(&dir).is_ok()
        && (std::fs::read_link(&link).is_ok_and(|p| p == path)
            || (std::fs::remove_file(&link).is_ok() || !link.exists())
                && std::os::unix::fs::symlink(&path, &link).is_ok());
    if placed {
        // GNU ld applies every -L to every -l, wherever it stands on the command line
        println!("cargo:rustc-link-arg-bins=-L{}", dir.display());
    }
}
