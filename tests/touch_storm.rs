//! A touch storm: children hammering the screen. Random pointer events —
//! taps on buttons and anywhere, drags and flicks, long presses, and pauses
//! long enough for the idle reset — through the real UI with mock time, across
//! every screen a finger can reach. Nothing panics, and the store holds
//! exactly the taps the controller counted.
//!
//! CI plays 20,000 pointer events; `TOUCH_STORM_EVENTS=100000` for the full storm.

use std::collections::BTreeSet;
use std::time::Duration;

use i_slint_backend_testing::{ElementQuery, mock_elapsed_time};
use rand::{RngExt, SeedableRng};
use slint::platform::{PointerEventButton, WindowEvent};
use slint::{ComponentHandle, LogicalPosition};

mod common;

use common::*;

#[test]
fn a_storm_of_touches_breaks_nothing_and_every_counted_tap_is_stored() {
    let wanted: u64 = std::env::var("TOUCH_STORM_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut seen = BTreeSet::new();
    let mut sent = 0u64;
    let mut round = 0u64;
    for (w, h) in [(800u32, 480u32), (720, 1280)] {
        let r = rig(w, h);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026 + round);
        round += 1;
        let window = r.kiosk.app().window();
        let press = |p: LogicalPosition| {
            window.dispatch_event(WindowEvent::PointerMoved { position: p });
            window.dispatch_event(WindowEvent::PointerPressed {
                position: p,
                button: PointerEventButton::Left,
            });
        };
        let release = |p: LogicalPosition| {
            window.dispatch_event(WindowEvent::PointerReleased {
                position: p,
                button: PointerEventButton::Left,
            });
        };
        let anywhere = |rng: &mut rand_chacha::ChaCha8Rng| {
            LogicalPosition::new(rng.random_range(0.0..w as f32), rng.random_range(0.0..h as f32))
        };
        while sent < wanted * round / 2 {
            seen.insert(format!("{:?}", r.screen()));
            match rng.random_range(0..100u32) {
                // A button: most fingers go for what looks tappable.
                0..55 => {
                    let buttons = ElementQuery::from_root(r.kiosk.app())
                        .match_descendants()
                        .match_predicate(|e| e.accessible_id().is_some())
                        .find_all();
                    if buttons.is_empty() {
                        continue;
                    }
                    let b = &buttons[rng.random_range(0..buttons.len())];
                    let (p, s) = (b.absolute_position(), b.size());
                    let at = LogicalPosition::new(p.x + s.width / 2.0, p.y + s.height / 2.0);
                    press(at);
                    mock_elapsed_time(Duration::from_millis(rng.random_range(20..200)));
                    release(at);
                    sent += 3;
                }
                // Anywhere at all.
                55..75 => {
                    let at = anywhere(&mut rng);
                    press(at);
                    mock_elapsed_time(Duration::from_millis(rng.random_range(10..150)));
                    release(at);
                    sent += 3;
                }
                // A drag or a flick (the wheel spins on one).
                75..90 => {
                    let (from, to) = (anywhere(&mut rng), anywhere(&mut rng));
                    press(from);
                    let steps = rng.random_range(2..8);
                    for k in 1..=steps {
                        let t = k as f32 / steps as f32;
                        let p = LogicalPosition::new(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
                        window.dispatch_event(WindowEvent::PointerMoved { position: p });
                        mock_elapsed_time(Duration::from_millis(rng.random_range(5..40)));
                    }
                    release(to);
                    sent += 2 + steps as u64 + 1;
                }
                // A long press (the team corner wants five seconds).
                90..96 => {
                    let at = if rng.random_bool(0.3) {
                        LogicalPosition::new(5.0, 5.0)
                    } else {
                        anywhere(&mut rng)
                    };
                    press(at);
                    for _ in 0..rng.random_range(1..14) {
                        mock_elapsed_time(Duration::from_millis(500));
                    }
                    release(at);
                    sent += 3;
                }
                // Nobody: animations run, and the visit may end by itself.
                _ => {
                    for _ in 0..rng.random_range(1..100) {
                        mock_elapsed_time(Duration::from_secs(1));
                    }
                }
            }
            mock_elapsed_time(Duration::from_millis(16));
        }
        assert!(r.store.flush(Duration::from_secs(30)));
        let stored: u64 = r.counts().iter().map(|c| c.2).sum();
        let counted = r.kiosk.controller().taps();
        assert!(counted > 100, "{w}x{h}: only {counted} taps counted");
        assert_eq!(stored, counted, "{w}x{h}: the store holds what the controller counted");
        eprintln!("{w}x{h}: {counted} taps counted and stored");
    }
    eprintln!("{sent} pointer events; screens reached: {seen:?}");
    for screen in ["Attract", "Home", "Wheel", "Quiz", "Stories", "Help", "Interest"] {
        assert!(seen.contains(screen), "the storm never reached {screen}: {seen:?}");
    }
}
