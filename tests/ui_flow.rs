//! Headless UI tests: the real .slint UI through Slint's testing backend, found
//! by accessible-id, clicked with real pointer events, with mock time, and
//! checked on the screen state, the store's counts and pixels.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use i_slint_backend_testing::{ElementHandle, ElementQuery, TestingBackend, TestingBackendOptions};
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::content;
use rookvrij_kiosk::controller::{Controller, SystemClock};
use rookvrij_kiosk::kiosk::Kiosk;
use rookvrij_kiosk::store::{self, Store, StoreOptions};
use rookvrij_kiosk::ui::{self, Screen};
use slint::platform::{PointerEventButton, WindowEvent};
use slint::{ComponentHandle, LogicalPosition};

struct Rig {
    kiosk: Rc<Kiosk>,
    store: Arc<Store>,
    dir: tempfile::TempDir,
}

fn rig(width: u32, height: u32) -> Rig {
    slint::platform::set_platform(Box::new(TestingBackend::new(TestingBackendOptions {
        mock_time: true,
        threading: false,
        renderer_name: Some("software".into()),
    })))
    .ok();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path(), StoreOptions::default()));
    let config = Config {
        kiosk_id: "test".into(),
        vindplaats: "markt".into(),
        ..Config::default()
    };
    let controller = Controller::new(
        Rc::new(content::builtin()),
        config,
        Box::new(store.clone()),
        Box::new(SystemClock),
        11,
    );
    let kiosk = Kiosk::new(controller).unwrap();
    kiosk.app().show().unwrap();
    kiosk.app().window().set_size(slint::PhysicalSize::new(width, height));
    Rig { kiosk, store, dir }
}

impl Rig {
    fn screen(&self) -> Screen {
        self.kiosk.app().global::<ui::Nav>().get_screen()
    }

    fn find(&self, id: &str) -> ElementHandle {
        let wanted = id.to_string();
        ElementQuery::from_root(self.kiosk.app())
            .match_descendants()
            .match_predicate(move |e| e.accessible_id().as_deref() == Some(wanted.as_str()))
            .find_first()
            .unwrap_or_else(|| panic!("no element with accessible-id {id:?} on {:?}", self.screen()))
    }

    /// A real tap: pointer down and up in the middle of the element.
    fn tap(&self, id: &str) {
        let e = self.find(id);
        let p = e.absolute_position();
        let s = e.size();
        let at = LogicalPosition::new(p.x + s.width / 2.0, p.y + s.height / 2.0);
        self.tap_at(at);
    }

    fn tap_at(&self, position: LogicalPosition) {
        let w = self.kiosk.app().window();
        w.dispatch_event(WindowEvent::PointerMoved { position });
        w.dispatch_event(WindowEvent::PointerPressed {
            position,
            button: PointerEventButton::Left,
        });
        w.dispatch_event(WindowEvent::PointerReleased {
            position,
            button: PointerEventButton::Left,
        });
        i_slint_backend_testing::mock_elapsed_time(Duration::from_millis(20));
    }

    fn wait(&self, d: Duration) {
        let step = Duration::from_millis(100);
        let mut t = Duration::ZERO;
        while t < d {
            i_slint_backend_testing::mock_elapsed_time(step);
            t += step;
        }
    }

    fn counts(&self) -> Vec<(String, String, u64)> {
        assert!(self.store.flush(Duration::from_secs(10)));
        store::read_counts(self.dir.path())
            .unwrap()
            .into_iter()
            .map(|r| (r.event, r.item, r.count))
            .collect()
    }

    fn count(&self, event: &str, item: &str) -> u64 {
        self.counts()
            .iter()
            .filter(|(e, i, _)| e == event && i == item)
            .map(|(_, _, n)| n)
            .sum()
    }
}

#[test]
fn attract_home_every_screen_and_back_home() {
    let r = rig(1280, 800);
    assert_eq!(r.screen(), Screen::Attract);
    r.tap("attract");
    assert_eq!(r.screen(), Screen::Home);
    for (tile, screen) in [
        ("tile-wheel", Screen::Wheel),
        ("tile-quiz", Screen::Quiz),
        ("tile-stories", Screen::Stories),
        ("tile-help", Screen::Help),
    ] {
        r.tap(tile);
        assert_eq!(r.screen(), screen, "{tile}");
        r.tap("nav-home");
        assert_eq!(r.screen(), Screen::Home, "home from {tile}");
    }
    // Every activity screen has "Hulp bij stoppen".
    for tile in ["tile-wheel", "tile-quiz", "tile-stories"] {
        r.tap(tile);
        r.tap("nav-help");
        assert_eq!(r.screen(), Screen::Help, "help from {tile}");
        r.tap("nav-home");
    }
    assert_eq!(r.count("activity_open", "help"), 4);
    assert_eq!(r.count("visit_start", ""), 1);
}

#[test]
fn idle_returns_to_attract_and_the_next_touch_is_a_new_visit() {
    let r = rig(800, 480);
    r.tap("attract");
    r.tap("language");
    r.tap("lang-en");
    r.tap("tile-stories");
    r.tap("story-1");
    assert_eq!(r.screen(), Screen::Story);
    r.wait(Duration::from_secs(59));
    assert_eq!(r.screen(), Screen::Story, "not before the idle time");
    r.wait(Duration::from_secs(2));
    assert_eq!(r.screen(), Screen::Attract);
    r.tap("attract");
    assert_eq!(r.screen(), Screen::Home);
    // The visit is forgotten: back in the default language.
    assert_eq!(r.find("tile-wheel").accessible_label().unwrap(), "Draai het rad");
    assert_eq!(r.count("visit_start", ""), 2);
}

#[test]
fn the_language_button_switches_visible_text() {
    let r = rig(1280, 800);
    r.tap("attract");
    assert_eq!(r.find("tile-quiz").accessible_label().unwrap(), "Raad de peuken");
    r.tap("language");
    r.tap("lang-en");
    assert_eq!(r.find("tile-quiz").accessible_label().unwrap(), "Guess the butts");
    assert_eq!(r.find("language").accessible_label().unwrap(), "English");
    r.tap("tile-wheel");
    assert_eq!(r.find("nav-help").accessible_label().unwrap(), "Help to quit");
    assert_eq!(r.count("language_choose", "en"), 1);
}

#[test]
fn every_counted_tap_lands_in_the_store() {
    let r = rig(1280, 800);
    r.tap("attract");
    r.tap("tile-wheel");
    r.tap("wheel-spin");
    assert_eq!(r.screen(), Screen::WheelResult);
    let topic = r.kiosk.app().global::<ui::WheelAdapter>().get_topic().to_string();
    let topic_id = content::builtin()
        .topics
        .iter()
        .find(|t| t.label.get("nl") == topic)
        .unwrap()
        .id
        .clone();
    r.tap("wheel-done");
    assert_eq!(r.screen(), Screen::Interest);
    r.tap("interest-more");
    assert_eq!(r.screen(), Screen::Help);
    r.tap("help-option-0");
    assert_eq!(r.screen(), Screen::HelpContact);
    r.tap("help-contact-close");
    r.tap("nav-home");
    r.tap("tile-quiz");
    r.tap("quiz-choice-1");
    assert_eq!(r.screen(), Screen::QuizResult);
    r.tap("quiz-done");
    r.tap("interest-not-now");
    assert_eq!(r.screen(), Screen::Home);
    r.tap("tile-stories");
    r.tap("story-2");
    r.tap("story-done");
    r.tap("interest-quit");

    let c = content::builtin();
    let expected = [
        ("visit_start", "".to_string(), 1),
        ("activity_open", "wheel".to_string(), 1),
        ("wheel_spin", topic_id, 1),
        ("interest", "more_info".to_string(), 1),
        ("activity_open", "help".to_string(), 2),
        ("help_contact_show", c.help[0].id.clone(), 1),
        ("activity_open", "quiz".to_string(), 1),
        ("quiz_guess", c.jars[0].id.clone(), 1),
        ("interest", "not_now".to_string(), 1),
        ("activity_open", "stories".to_string(), 1),
        ("story_open", c.stories[2].id.clone(), 1),
        ("interest", "want_to_quit".to_string(), 1),
    ];
    for (event, item, n) in &expected {
        assert_eq!(r.count(event, item), *n, "{event} {item}");
    }
    let total: u64 = r.counts().iter().map(|(_, _, n)| n).sum();
    assert_eq!(total, expected.iter().map(|e| e.2).sum::<u64>());
    assert_eq!(
        total,
        r.kiosk.controller().taps(),
        "the store holds what the controller counted"
    );
    // Each row carries this kiosk and its vindplaats, and an hour bucket, nothing finer.
    for row in store::read_counts(r.dir.path()).unwrap() {
        assert_eq!((row.kiosk.as_str(), row.vindplaats.as_str()), ("test", "markt"));
        assert_eq!(row.hour.len(), 13, "{}", row.hour);
    }
}

#[test]
fn the_attract_wheel_turns_and_is_drawn() {
    let r = rig(800, 480);
    let snap = |r: &Rig| r.kiosk.app().window().take_snapshot().unwrap();
    let a = snap(&r);
    r.wait(Duration::from_secs(1));
    let b = snap(&r);
    assert_eq!((a.width(), a.height()), (800, 480));
    assert_ne!(a.as_bytes(), b.as_bytes(), "the wheel turns on the attract screen");
    // The wheel's colours are on screen (the orange of the money topic, for one).
    let orange = a
        .as_slice()
        .iter()
        .filter(|p| p.r > 200 && (120..150).contains(&p.g) && p.b < 70)
        .count();
    assert!(orange > 500, "orange pixels: {orange}");
}

#[test]
fn portrait_and_small_screens_keep_every_tile_on_screen() {
    for (w, h) in [(800, 480), (720, 1280), (1920, 1080)] {
        let r = rig(w, h);
        r.tap("attract");
        for tile in ["tile-wheel", "tile-quiz", "tile-stories", "tile-help", "language"] {
            let e = r.find(tile);
            let p = e.absolute_position();
            let s = e.size();
            assert!(p.x >= 0.0 && p.y >= 0.0, "{tile} at {w}x{h}");
            assert!(
                p.x + s.width <= w as f32 + 0.5 && p.y + s.height <= h as f32 + 0.5,
                "{tile} cut off at {w}x{h}"
            );
            assert!(
                s.height >= 64.0 && s.width >= 64.0,
                "{tile} smaller than a touch target at {w}x{h}"
            );
        }
    }
}

#[test]
fn the_invitation_is_reachable_from_home() {
    let r = rig(800, 480);
    r.tap("attract");
    r.tap("home-interest");
    assert_eq!(r.screen(), Screen::Interest);
    r.tap("interest-not-now");
    assert_eq!(r.screen(), Screen::Home);
    assert_eq!(r.count("interest", "not_now"), 1);
}

#[test]
fn every_activity_ends_in_the_invitation_and_leads_to_stop_help() {
    let r = rig(800, 480);
    r.tap("attract");
    let c = content::builtin();
    let endings: [(&str, &[&str]); 3] = [
        ("tile-wheel", &["wheel-spin", "wheel-done"]),
        ("tile-quiz", &["quiz-choice-0", "quiz-done"]),
        ("tile-stories", &["story-0", "story-done"]),
    ];
    for (i, (tile, steps)) in endings.iter().enumerate() {
        r.tap(tile);
        for step in *steps {
            r.tap(step);
        }
        assert_eq!(r.screen(), Screen::Interest, "{tile} ends in the invitation");
        r.tap(if i % 2 == 0 { "interest-quit" } else { "interest-more" });
        assert_eq!(r.screen(), Screen::Help);
        r.tap(&format!("help-option-{i}"));
        assert_eq!(r.screen(), Screen::HelpContact);
        assert!(
            r.kiosk.app().global::<ui::HelpAdapter>().get_opened_qr().size().width > 0,
            "a QR code is shown"
        );
        r.tap("help-contact-close");
        r.tap("nav-home");
    }
    assert_eq!(r.count("interest", "want_to_quit"), 2);
    assert_eq!(r.count("interest", "more_info"), 1);
    for option in &c.help[..3] {
        assert_eq!(r.count("help_contact_show", &option.id), 1, "{}", option.id);
    }
    assert_eq!(r.count("activity_open", "help"), 3);
}
