//! The team side, without a screen: the PIN, the team's saved choices, the
//! export to a USB stick and the health of the kiosk's storage.

pub mod export;
pub mod pin;
pub mod settings;
pub mod today;

use std::path::Path;

pub use export::{ExportError, Exported};
pub use pin::{Attempt, PinGate};
pub use settings::TeamSettings;
pub use today::{Kind, Off, TodayJar};

/// Free bytes for the kiosk's data folder (what an ordinary user may still write).
#[cfg(unix)]
pub fn free_space(dir: &Path) -> Option<u64> {
    let mut at = dir;
    // The folder may not exist yet: ask its nearest existing parent.
    while !at.exists() {
        at = at.parent()?;
    }
    let s = rustix::fs::statvfs(at).ok()?;
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// No disk to ask (the studio's preview in a browser).
#[cfg(not(unix))]
pub fn free_space(_dir: &Path) -> Option<u64> {
    None
}

/// "1,2 GB", "340 MB", in Dutch notation.
pub fn human_bytes(n: u64) -> String {
    const MB: f64 = 1_000_000.0;
    let mb = n as f64 / MB;
    if mb >= 1000.0 {
        format!("{:.1} GB", mb / 1000.0).replace('.', ",")
    } else if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB").replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_is_read_for_a_folder_that_is_not_there_yet() {
        let dir = tempfile::tempdir().unwrap();
        assert!(free_space(&dir.path().join("a/b")).is_some_and(|n| n > 0));
        assert_eq!(human_bytes(1_234_000_000), "1,2 GB");
        assert_eq!(human_bytes(340_000_000), "340 MB");
        assert_eq!(human_bytes(2_500_000), "2,5 MB");
    }
}
