//! Running `simulate` and killing it mid-work with SIGKILL, for the kill -9
//! and power-cut tests.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Starts `cmd` (a `simulate` that prints `ack <n>`), kills it after `after`,
/// and returns the highest tap number it acknowledged before it died.
pub fn run_and_kill(mut cmd: Command, after: Duration) -> u64 {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("ack ").and_then(|n| n.parse::<u64>().ok()) {
                let _ = tx.send(n);
            }
        }
    });
    std::thread::sleep(after);
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    rx.try_iter().max().unwrap_or(0)
}
