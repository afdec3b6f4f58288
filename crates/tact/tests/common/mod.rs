//! Helpers shared by the integration tests that run the real `tact` binary: `tact serve --demo`
//! on a free port in a temporary directory, stopped with SIGTERM.
#![allow(dead_code)] // each test crate uses its own subset

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn tact() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tact"));
    c.env_remove("TACT_DATABASE_URL");
    c
}

/// Kills the server if a test fails before it stops it.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start(dir: &Path) -> (Server, String) {
    start_with(dir, None)
}

/// Starts `tact serve --demo` on a free port; with `database_url`, on that database through
/// the TACT_DATABASE_URL variable.
pub fn start_with(dir: &Path, database_url: Option<&str>) -> (Server, String) {
    let mut cmd = tact();
    if let Some(url) = database_url {
        cmd.env("TACT_DATABASE_URL", url);
    }
    let mut child = cmd
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tact serve");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    loop {
        assert!(Instant::now() < deadline, "no listening line: {seen:?}");
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("tact serve ended early: {seen:?}"))
            .unwrap();
        if let Some(url) = line.strip_prefix("Tact review desk listening on http://") {
            let addr = url.trim().to_owned();
            // Keep draining stdout so the server never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines.by_ref() {});
            return (server, addr);
        }
        seen.push(line);
    }
}

pub fn stop(mut server: Server) {
    let pid = server.0.id().to_string();
    let ok = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            assert!(status.success(), "graceful shutdown exits 0: {status}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the desk did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn random_hex() -> String {
    let mut b = [0u8; 8];
    getrandom::getrandom(&mut b).unwrap();
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tact-desk-test-{}", random_hex()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
