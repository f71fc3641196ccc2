//! Counts are sacred: `simulate` killed with SIGKILL at random moments, at
//! least 100 times; every tap it acknowledged is in the store afterwards.

use std::process::Command;
use std::time::Duration;

use rand::{RngExt, SeedableRng};

mod killing;

use killing::run_and_kill;

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
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"));
        cmd.args(["simulate", "--visits", "100000", "--seed", &round.to_string(), "--data"])
            .arg(data.path());
        // Let it run a random while, then kill it mid-work.
        let acked = run_and_kill(cmd, Duration::from_millis(rng.random_range(0..250)));
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
