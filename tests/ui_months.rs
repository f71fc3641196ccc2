//! A kiosk left on for months: one 64-bit monotonic clock paces the spin, the
//! swipe, the idle reset and the PIN lock. Mock time is moved past 2^31 ms
//! (24.8 days, where a 32-bit millisecond clock stops), 2^32 ms (49.7 days)
//! and 400 days; everything still behaves as on day one.

mod common;

use std::time::Duration;

use common::*;
use rookvrij_kiosk::clock::ManualClock;
use rookvrij_kiosk::ui::{self, Screen};
use rookvrij_kiosk::wheel::spin::Spin;
use slint::platform::{PointerEventButton, WindowEvent};
use slint::{ComponentHandle, LogicalPosition};

const DAY_MS: u64 = 24 * 3600 * 1000;

/// A swipe over the top of the wheel with a known speed: 8 degrees each
/// 16 ms (8.7 radians a second), clockwise.
fn swipe(r: &Rig) {
    let wheel = r.find("wheel");
    let p = wheel.absolute_position();
    let size = wheel.size().width;
    let c = (p.x + size / 2.0, p.y + size / 2.0);
    let radius = size * 0.35;
    let at = |deg: f32| {
        let a = deg.to_radians();
        LogicalPosition::new(c.0 + radius * a.sin(), c.1 - radius * a.cos())
    };
    let w = r.kiosk.app().window();
    let mut deg = -40.0;
    w.dispatch_event(WindowEvent::PointerPressed {
        position: at(deg),
        button: PointerEventButton::Left,
    });
    for _ in 0..8 {
        deg += 8.0;
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(16));
        w.dispatch_event(WindowEvent::PointerMoved { position: at(deg) });
    }
    w.dispatch_event(WindowEvent::PointerReleased {
        position: at(deg),
        button: PointerEventButton::Left,
    });
}

/// From the attract screen: the wheel, a swipe, and how long (mock time, in
/// 50 ms steps) until the result card shows what it landed on.
fn swipe_a_spin(r: &Rig) -> (Spin, u64) {
    assert_eq!(r.screen(), Screen::Attract);
    r.tap("attract");
    r.tap("tile-wheel");
    swipe(r);
    let spin = r.kiosk.controller().visit().spin.expect("the swipe spins the wheel");
    let mut waited = 0;
    while r.screen() != Screen::WheelResult && waited < 20_000 {
        r.wait(Duration::from_millis(50));
        waited += 50;
    }
    assert_eq!(
        r.screen(),
        Screen::WheelResult,
        "the wheel comes to rest and shows its topic"
    );
    assert_eq!(r.kiosk.controller().visit().topic, Some(spin.target));
    let shown = r.kiosk.app().global::<ui::WheelAdapter>().get_topic();
    assert!(!shown.is_empty());
    (spin, waited)
}

/// Moves the kiosk's clock to `to_ms` (one jump: timers fire once).
fn jump_to(r: &Rig, to_ms: u64) {
    let now = r.kiosk.now_ms();
    assert!(to_ms > now);
    i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(to_ms - now));
    r.settle();
    assert!(r.kiosk.now_ms() >= to_ms);
}

#[test]
fn a_swipe_spins_and_rests_as_on_day_one_after_25_days_50_days_and_400_days() {
    let r = rig(1280, 800);
    let (first, first_took) = swipe_a_spin(&r);
    for to in [(1u64 << 31) + 60_000, (1u64 << 32) + 60_000, 400 * DAY_MS] {
        jump_to(&r, to);
        // Longer than the idle time: the visit is forgotten.
        r.wait(Duration::from_millis(100));
        assert_eq!(
            r.screen(),
            Screen::Attract,
            "idle brings back the attract screen at {to} ms"
        );
        let (spin, took) = swipe_a_spin(&r);
        assert_eq!(
            spin.seconds, first.seconds,
            "the same swipe spins as long at {to} ms (its speed is measured as sharply)"
        );
        assert!(
            took.abs_diff(first_took) <= 50,
            "at {to} ms it rested after {took} ms, on day one after {first_took} ms"
        );
        r.tap("wheel-done");
        r.tap("interest-not-now");
        r.wait(Duration::from_secs(61));
    }
}

#[test]
fn the_pin_lock_ends_after_five_minutes_after_400_days() {
    let clock = ManualClock::new(chrono::NaiveDateTime::parse_from_str("2026-11-23 14:10", "%Y-%m-%d %H:%M").unwrap());
    let r = rig_team(1280, 800, test_config(), tempfile::tempdir().unwrap(), &clock);
    jump_to(&r, 400 * DAY_MS);
    r.hold("team-corner", Duration::from_millis(5200));
    assert_eq!(r.screen(), Screen::Pin);
    for _ in 0..5 {
        for d in "9999".chars() {
            r.tap(&format!("pin-{d}"));
        }
        r.tap("pin-ok");
    }
    let message = || r.kiosk.app().global::<ui::TeamAdapter>().get_pin_message().to_string();
    assert!(message().contains("op slot"), "{}", message());
    // Four minutes on: still locked (touches keep the pad open).
    for _ in 0..4 {
        i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(60));
        r.tap("pin-1");
    }
    for d in "1234".chars() {
        r.tap(&format!("pin-{d}"));
    }
    r.tap("pin-ok");
    assert_eq!(r.screen(), Screen::Pin);
    assert!(message().contains("op slot"), "{}", message());
    // Five minutes and a bit: the right PIN opens the team screen.
    i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(61));
    for d in "1234".chars() {
        r.tap(&format!("pin-{d}"));
    }
    r.tap("pin-ok");
    assert_eq!(r.screen(), Screen::Team);
}
