//! The screen never waits: a sound device that never answers and a disk that
//! blocks the store while an export is written. The kiosk keeps answering
//! taps at once, says in one plain sentence what is happening, and loses no
//! acknowledged tap.

mod common;

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use common::*;
use rookvrij_kiosk::audio::Audio;
use rookvrij_kiosk::clock::ManualClock;
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::content;
use rookvrij_kiosk::store::StoreOptions;
use rookvrij_kiosk::ui::{self, Screen};
use slint::ComponentHandle;

fn clock() -> ManualClock {
    ManualClock::new(chrono::NaiveDateTime::parse_from_str("2026-11-23 14:10", "%Y-%m-%d %H:%M").unwrap())
}

fn health(r: &Rig) -> Vec<String> {
    use slint::Model;
    r.kiosk
        .app()
        .global::<ui::TeamAdapter>()
        .get_health()
        .iter()
        .map(|l| l.text.to_string())
        .collect()
}

fn open_team(r: &Rig) {
    r.hold("team-corner", Duration::from_millis(5200));
    for d in "1234".chars() {
        r.tap(&format!("pin-{d}"));
    }
    r.tap("pin-ok");
    assert_eq!(r.screen(), Screen::Team);
}

#[test]
fn a_sound_device_that_never_answers_holds_up_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let r = rig_faults_with(
        1280,
        800,
        test_config(),
        content::builtin(),
        dir,
        &clock(),
        StoreOptions::default(),
        Audio::hanging(),
    );
    // The first screens came without waiting for it.
    r.tap("attract");
    r.tap("tile-stories");
    assert_eq!(r.screen(), Screen::Stories);
    assert!(r.try_find("story-0").is_some());
    r.wait(Duration::from_secs(61));
    open_team(&r);
    r.tap("team-tab-4");
    let lines = health(&r);
    assert!(
        lines.iter().any(|l| l.contains("Het geluidsapparaat antwoordt niet")),
        "{lines:?}"
    );
}

/// A gate the store's writer waits at after its first commit: a disk that
/// blocks for as long as the test holds it shut.
#[derive(Clone, Default)]
struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    fn shut(&self) {
        *self.0.0.lock().unwrap() = true;
    }
    fn open(&self) {
        *self.0.0.lock().unwrap() = false;
        self.0.1.notify_all();
    }
    fn pass(&self) {
        let mut shut = self.0.0.lock().unwrap();
        while *shut {
            shut = self.0.1.wait(shut).unwrap();
        }
    }
}

#[test]
fn a_blocked_disk_and_a_slow_export_leave_the_screen_live() {
    let dir = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let gate = Gate::default();
    let passing = gate.clone();
    let options = StoreOptions {
        on_ack: Some(Box::new(move |_| passing.pass())),
        ..StoreOptions::default()
    };
    let config = Config {
        export_dir: stick.path().display().to_string(),
        ..test_config()
    };
    let r = rig_faults_with(
        1280,
        800,
        config,
        content::builtin(),
        dir,
        &clock(),
        options,
        Audio::silent(),
    );
    open_team(&r);
    r.tap("team-tab-4");
    // From here the disk blocks: the writer waits after its next commit.
    gate.shut();
    r.tap_now("team-close");
    r.tap_now("attract");
    r.tap_now("tile-wheel");
    assert_eq!(r.screen(), Screen::Wheel, "taps are answered while the disk blocks");
    r.kiosk.dispatch(rookvrij_kiosk::controller::Intent::IdleTimeout);
    r.hold("team-corner", Duration::from_millis(5200));
    for d in "1234".chars() {
        r.tap_now(&format!("pin-{d}"));
    }
    r.tap_now("pin-ok");
    // The PIN is checked on a worker: the answer comes when it is there.
    for _ in 0..2000 {
        if r.screen() == Screen::Team {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(10));
    }
    assert_eq!(r.screen(), Screen::Team);
    r.tap_now("team-tab-4");
    r.tap_now("team-export");
    let team = r.kiosk.app().global::<ui::TeamAdapter>();
    // After a moment (mock time; the workers are not waited for), it says why.
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(200));
    assert_eq!(team.get_export_message(), "Bezig met opslaan op de USB-stick…");
    assert!(team.get_export_busy());
    // Still live: another tab, and back.
    r.tap_now("team-tab-3");
    assert_eq!(team.get_tab(), 3);
    r.tap_now("team-tab-4");
    // The disk answers again: the export ends and says so.
    gate.open();
    r.settle();
    assert!(!team.get_export_busy());
    let message = team.get_export_message().to_string();
    assert!(message.contains("bestanden geschreven"), "{message}");
    assert!(r.total("visit_start") >= 1);
    assert_eq!(r.count("activity_open", "wheel"), 1);
}
