//! Counts are sacred: `simulate` killed with SIGKILL at random moments, at
//! least 100 times; every tap it acknowledged is in the store afterwards.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};

#[test]
fn every_acknowledged_tap_survives_kill_9() {
    let kills: u32 = std::env::var("KILL_LOOP_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let data = tempfile::tempdir().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let mut acked_total = 0u64;
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
            .args(["simulate", "--visits", "100000", "--seed", &round.to_string(), "--data"])
            .arg(data.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
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
        // Let it run a random while, then kill it mid-work.
        let wait = Duration::from_millis(rng.random_range(5..250));
        let start = Instant::now();
        while start.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let acked = rx.try_iter().max().unwrap_or(0);
        acked_total += acked;
        let stored: u64 = rookvrij_kiosk::store::read_counts(data.path())
            .unwrap_or_default()
            .iter()
            .map(|r| r.count)
            .sum();
        assert!(
            stored >= acked_total,
            "round {round}: {stored} stored < {acked_total} acknowledged"
        );
        // What was committed but not yet acknowledged when the kill came counts too.
        acked_total = stored;
    }
    assert_eq!(rookvrij_kiosk::store::integrity_check(data.path()).unwrap(), "ok");
    assert!(acked_total > 0, "the loop must have counted something");
}
