//! Builds plugin crates the way a user would and finds their libraries. The test build itself
//! does not produce `cdylib` files, so every test binary builds what it loads first.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `target/<profile>`, the directory this test binary was built into.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps")
        .to_path_buf()
}

/// Runs `cargo build` for `packages` (with `features`) in this test's profile and target dir.
pub fn cargo_build(packages: &[&str], features: Option<&str>) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let profile = profile_dir();
    let mut cmd = Command::new(cargo);
    cmd.arg("build")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml"))
        .arg("--target-dir")
        .arg(profile.parent().expect("target dir"));
    match profile.file_name().and_then(|n| n.to_str()) {
        Some("debug") => {}
        Some("release") => {
            cmd.arg("--release");
        }
        Some(other) => {
            cmd.args(["--profile", other]);
        }
        None => panic!("unexpected target layout: {}", profile.display()),
    }
    for p in packages {
        cmd.args(["-p", p]);
    }
    if let Some(f) = features {
        cmd.args(["--features", f]);
    }
    let out = cmd.output().expect("run cargo build");
    assert!(
        out.status.success(),
        "cargo build {packages:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The file name the platform gives library `lib_name` (`libfoo.so`, `libfoo.dylib`, `foo.dll`).
pub fn lib_file(lib_name: &str) -> String {
    format!(
        "{}{lib_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// Where `cargo build` put library `lib_name`.
pub fn built_lib(lib_name: &str) -> PathBuf {
    let path = profile_dir().join(lib_file(lib_name));
    assert!(
        path.is_file(),
        "cargo build did not produce {}",
        path.display()
    );
    path
}
