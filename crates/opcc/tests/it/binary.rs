//! The real `opcc` binary serving a database, as an office runs it.

use crate::cli::{opcc, wait_for_line};
use std::process::{Child, Stdio};

/// A running `opcc serve`, stopped when dropped.
pub struct Served {
    child: Child,
    pub base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `opcc serve` on a free port from `cwd`, with these extra variables, and waits until it
/// listens (after loading whatever it loads into an empty database).
pub fn serve(url: &str, cwd: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> Served {
    let mut cmd = opcc();
    cmd.current_dir(cwd)
        .args(["--database-url", url, "serve", "--bind", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let line = wait_for_line(&mut child, "opcc is running at ");
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    Served {
        child,
        base: format!("http://{addr}"),
    }
}

pub async fn get(base: &str, path: &str) -> (u16, String) {
    let res = reqwest::get(format!("{base}{path}")).await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// A fresh empty folder, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "opcc-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
