//! Running `simulate` and killing it mid-work with SIGKILL, for the kill -9
//! and power-cut tests.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long a slow machine may take to start `simulate` and commit its first
/// tap. Only a limit against a hang: the kill itself comes at a random
/// moment after the first acknowledgement, so the test never races the machine.
const FIRST_ACK_LIMIT: Duration = Duration::from_secs(120);

/// Starts `cmd` (a `simulate` that prints `ack <n>`), waits for its first
/// acknowledged tap, kills it `after` that, and returns the highest tap
/// number it acknowledged before it died.
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
    let first = rx.recv_timeout(FIRST_ACK_LIMIT);
    std::thread::sleep(after);
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    let first = first.unwrap_or_else(|_| panic!("simulate acknowledged no tap within {FIRST_ACK_LIMIT:?}"));
    rx.try_iter().max().unwrap_or(0).max(first)
}
