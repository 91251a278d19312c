//! Checkers the tests run from PyPI, each in a virtualenv made once per test binary under the
//! target folder with its packages pinned.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The Python of a virtualenv named `name` holding exactly these pinned packages
/// ("icalendar==7.3.0"), made if it is missing.
pub fn venv_python(name: &str, pins: &[&str]) -> PathBuf {
    static MADE: OnceLock<Mutex<Vec<(String, PathBuf)>>> = OnceLock::new();
    let made = MADE.get_or_init(|| Mutex::new(Vec::new()));
    let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = made.iter().find(|(n, _)| n == name) {
        return p.clone();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let venv = target.join(name);
    let python = venv.join("bin/python");
    let ok = |c: &mut Command| {
        c.stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .status()
            .is_ok_and(|s| s.success())
    };
    let check = format!(
        "import importlib.metadata as m; assert all(m.version(p.split('==')[0]) == p.split('==')[1] for p in {pins:?})"
    );
    if !ok(Command::new(&python).args(["-c", &check])) {
        assert!(
            ok(Command::new("python3").args(["-m", "venv"]).arg(&venv)),
            "python3 -m venv failed: Python 3 with venv is needed for this test"
        );
        assert!(
            ok(Command::new(&python)
                .args(["-m", "pip", "install", "--quiet"])
                .args(pins)),
            "pip install {pins:?} failed: PyPI must be reachable for this test"
        );
    }
    made.push((name.to_string(), python.clone()));
    python
}

/// A script in `tests/tools`.
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools")
        .join(name)
}
