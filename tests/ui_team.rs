//! The team side through the real UI: the hidden corner, the PIN pad and its
//! lock, the vindplaats, the clock, the charts, the switches and the export.

mod common;

use std::time::Duration;

use chrono::NaiveDateTime;
use common::*;
use rookvrij_kiosk::clock::ManualClock;
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::store::{self, Store, StoreOptions, Tap};
use rookvrij_kiosk::team::TeamSettings;
use rookvrij_kiosk::ui::{self, Screen};
use slint::{ComponentHandle, Model};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn team_config() -> Config {
    Config {
        kiosk_id: "noord".into(),
        vindplaats: "Markt Noord".into(),
        vindplaatsen: vec!["Markt Noord".into(), "Buurthuis De Boog".into(), "Bibliotheek".into()],
        ..Config::default()
    }
}

fn team_rig(dir: tempfile::TempDir, clock: &ManualClock) -> Rig {
    rig_team(1280, 800, team_config(), dir, clock)
}

fn type_pin(rig: &Rig, pin: &str) {
    for d in pin.chars() {
        rig.tap(&format!("pin-{d}"));
    }
    rig.tap("pin-ok");
}

fn open_team(rig: &Rig, pin: &str) {
    rig.hold("team-corner", Duration::from_millis(5200));
    assert_eq!(rig.screen(), Screen::Pin);
    type_pin(rig, pin);
}

fn text_of(rig: &Rig, id: &str) -> String {
    rig.find(id).accessible_label().unwrap_or_default().to_string()
}

fn team(rig: &Rig) -> ui::TeamAdapter<'_> {
    rig.kiosk.app().global::<ui::TeamAdapter>()
}

#[test]
fn holding_the_corner_and_the_pin_open_the_team_screen_and_a_short_touch_is_a_visit() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    assert_eq!(rig.screen(), Screen::Attract);
    // Four seconds is not enough: it is a touch like any other, and a visit starts.
    rig.hold("team-corner", Duration::from_secs(4));
    assert_eq!(rig.screen(), Screen::Home);
    assert_eq!(rig.total("visit_start"), 1);
    rig.wait(Duration::from_secs(61));
    assert_eq!(rig.screen(), Screen::Attract);

    rig.hold("team-corner", Duration::from_millis(5200));
    assert_eq!(rig.screen(), Screen::Pin, "held five seconds: the PIN pad, no visit");
    assert_eq!(rig.total("visit_start"), 1);
    for d in ["1", "2", "3"] {
        rig.tap(&format!("pin-{d}"));
    }
    assert_eq!(rig.find("pin-dots").accessible_label().as_deref(), Some("3"));
    rig.tap("pin-back");
    rig.tap("pin-3");
    rig.tap("pin-4");
    rig.tap("pin-ok");
    assert_eq!(rig.screen(), Screen::Team);
    assert!(team(&rig).get_default_pin(), "the default PIN warns");
    rig.tap("team-close");
    assert_eq!(rig.screen(), Screen::Attract);
    assert_eq!(rig.total("visit_start"), 1, "nothing on the team side is counted");
}

#[test]
fn five_wrong_pins_lock_for_five_minutes_even_across_a_restart() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    rig.hold("team-corner", Duration::from_millis(5200));
    for i in 0..4 {
        type_pin(&rig, "9999");
        assert!(text_of(&rig, "pin-message").contains("Verkeerde pincode"), "try {i}");
    }
    type_pin(&rig, "9999");
    assert!(text_of(&rig, "pin-message").contains("op slot"));
    // Locked: even the right PIN does not open it.
    type_pin(&rig, "1234");
    assert_eq!(rig.screen(), Screen::Pin);
    assert!(text_of(&rig, "pin-message").contains("op slot"));

    // Pulling the plug does not give five new tries.
    let dir = tempfile::TempDir::with_prefix("team").unwrap();
    let saved = TeamSettings::load(rig.dir.path()).unwrap();
    assert_eq!(saved.failed_pin_tries, 5);
    saved.save(dir.path()).unwrap();
    let again = team_rig(dir, &clock);
    again.hold("team-corner", Duration::from_millis(5200));
    type_pin(&again, "1234");
    assert_eq!(again.screen(), Screen::Pin);
    assert!(text_of(&again, "pin-message").contains("op slot"));

    // The pad closes by itself after two minutes; after five the PIN works again.
    // (Big steps of mock time: the attract wheel need not turn all the while.)
    i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(121));
    assert_eq!(rig.screen(), Screen::Attract);
    i_slint_backend_testing::mock_elapsed_time(Duration::from_secs(180));
    open_team(&rig, "1234");
    assert_eq!(rig.screen(), Screen::Team);
}

#[test]
fn a_new_pin_is_asked_twice_stored_hashed_and_the_old_one_stops_working() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    open_team(&rig, "1234");
    team(&rig).set_tab(4);
    rig.wait(Duration::from_millis(50));
    rig.tap("team-change-pin");
    type_pin(&rig, "12");
    assert!(text_of(&rig, "pin-message").contains("4 tot 8 cijfers"));
    type_pin(&rig, "48213");
    type_pin(&rig, "48210");
    assert!(text_of(&rig, "pin-message").contains("niet gelijk"));
    type_pin(&rig, "48213");
    type_pin(&rig, "48213");
    assert_eq!(rig.screen(), Screen::Team);
    assert!(!team(&rig).get_default_pin());
    let text = std::fs::read_to_string(rig.dir.path().join("team.toml")).unwrap();
    assert!(text.contains("$argon2id$") && !text.contains("48213"), "{text}");
    rig.tap("team-close");
    open_team(&rig, "1234");
    assert_eq!(rig.screen(), Screen::Pin);
    type_pin(&rig, "48213");
    assert_eq!(rig.screen(), Screen::Team);
}

#[test]
fn the_chosen_vindplaats_goes_on_new_counts_and_is_kept() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    open_team(&rig, "1234");
    assert_eq!(team(&rig).get_place(), "Markt Noord");
    rig.tap("place-1");
    assert_eq!(team(&rig).get_place(), "Buurthuis De Boog");
    rig.tap("team-close");
    rig.tap("attract");
    assert!(rig.store.flush(Duration::from_secs(10)));
    let rows = store::read_counts(rig.dir.path()).unwrap();
    let visit = rows.iter().find(|r| r.event == "visit_start").unwrap();
    assert_eq!(visit.vindplaats, "Buurthuis De Boog");
    assert_eq!(visit.hour, "2026-11-23T14");
    assert_eq!(
        TeamSettings::load(rig.dir.path()).unwrap().vindplaats.as_deref(),
        Some("Buurthuis De Boog")
    );
}

/// Counts put in the store as earlier visits would have.
fn seed_counts(dir: &std::path::Path, rows: &[(&str, &str, &str, &str, u32)]) {
    let store = Store::open(dir, StoreOptions::default());
    for (hour, place, event, item, n) in rows {
        for _ in 0..*n {
            store.record(Tap {
                hour: hour.to_string(),
                kiosk: "noord".into(),
                vindplaats: place.to_string(),
                event: event.to_string(),
                item: item.to_string(),
            });
        }
    }
    assert!(store.flush(Duration::from_secs(10)));
}

#[test]
fn the_charts_and_the_funnel_show_the_stores_numbers() {
    let dir = tempfile::tempdir().unwrap();
    seed_counts(
        dir.path(),
        &[
            ("2026-11-23T10", "Markt Noord", "visit_start", "", 3),
            ("2026-11-23T13", "Markt Noord", "visit_start", "", 2),
            ("2026-11-23T13", "Markt Noord", "activity_open", "wheel", 4),
            ("2026-11-23T13", "Markt Noord", "interest", "want_to_quit", 1),
            ("2026-11-23T13", "Markt Noord", "interest", "not_now", 2),
            ("2026-11-23T13", "Markt Noord", "help_contact_show", "stoploket", 1),
            ("2026-11-20T11", "Buurthuis De Boog", "visit_start", "", 4),
            // Older than 14 days: not in the charts.
            ("2026-11-01T11", "Buurthuis De Boog", "visit_start", "", 9),
        ],
    );
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(dir, &clock);
    open_team(&rig, "1234");
    rig.tap("team-tab-2");
    let bars = |chart: &str| -> Vec<(String, String)> {
        rig.find(chart)
            .query_descendants()
            .match_predicate(|e| e.accessible_value().is_some_and(|v| !v.is_empty()))
            .find_all()
            .into_iter()
            .map(|e| {
                (
                    e.accessible_label().unwrap_or_default().to_string(),
                    e.accessible_value().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let today = bars("chart-today");
    let value = |bars: &[(String, String)], name: &str| {
        bars.iter()
            .find(|(l, _)| l == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no bar {name} in {bars:?}"))
    };
    assert_eq!(value(&today, "10 uur"), "3");
    assert_eq!(value(&today, "13 uur"), "2");
    assert_eq!(value(&today, "11 uur"), "0");
    let days = bars("chart-days");
    assert_eq!(days.len(), 14);
    assert_eq!(value(&days, "23-11"), "5");
    assert_eq!(value(&days, "20-11"), "4");
    assert_eq!(value(&days, "10-11"), "0");
    let funnel: Vec<(String, String)> = (0..2)
        .map(|i| {
            let e = rig.find(&format!("funnel-{i}"));
            (
                e.accessible_label().unwrap().to_string(),
                e.accessible_value().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        funnel,
        vec![
            ("Buurthuis De Boog".to_string(), "4 0 0 0".to_string()),
            ("Markt Noord".to_string(), "5 4 1 1".to_string()),
        ]
    );
    // And the bars are drawn: the tallest bar's colour is on screen.
    let shot = rig.kiosk.app().window().take_snapshot().unwrap();
    let primary = (0x1f, 0x6f, 0x5c);
    let n = shot.as_slice().iter().filter(|p| (p.r, p.g, p.b) == primary).count();
    assert!(n > 2000, "bars drawn: {n} pixels");
}

#[test]
fn a_wrong_clock_keeps_counts_undated_until_the_team_sets_it() {
    let dir = tempfile::tempdir().unwrap();
    seed_counts(dir.path(), &[("2026-11-23T16", "Markt Noord", "visit_start", "", 1)]);
    // The Pi starts without a clock, and later jumps back by two days.
    let clock = ManualClock::new(at("1970-01-01 00:00"));
    let rig = team_rig(dir, &clock);
    rig.tap("attract");
    clock.advance(Duration::from_secs(30 * 60));
    rig.tap("tile-stories");
    assert!(rig.store.flush(Duration::from_secs(10)));
    let undated = |rig: &Rig| {
        store::read_counts(rig.dir.path())
            .unwrap()
            .iter()
            .filter(|r| r.hour == "onbekend")
            .map(|r| r.count)
            .sum::<u64>()
    };
    assert_eq!(undated(&rig), 2, "not on 1970, not on a made-up day");
    rig.wait(Duration::from_secs(61));

    open_team(&rig, "1234");
    assert!(!team(&rig).get_clock_ok());
    rig.tap("team-tab-1");
    assert!(text_of(&rig, "clock-now").contains("niet goed"));
    // The fields start at the newest counted hour: 23-11-2026 16:00. Go to 17:30.
    rig.tap("clock-up-3");
    for _ in 0..30 {
        rig.tap("clock-up-4");
    }
    rig.tap("clock-set");
    assert!(
        text_of(&rig, "clock-message").contains("2 tellingen zonder datum kregen hun uur"),
        "{}",
        text_of(&rig, "clock-message")
    );
    assert!(team(&rig).get_clock_ok());
    assert!(rig.store.flush(Duration::from_secs(10)));
    assert_eq!(undated(&rig), 0);
    let rows = store::read_counts(rig.dir.path()).unwrap();
    // Set at 17:30, 30 minutes after start: the visit began about 17:00.
    let visits: Vec<_> = rows
        .iter()
        .filter(|r| r.event == "visit_start")
        .map(|r| (r.hour.as_str(), r.count))
        .collect();
    assert_eq!(visits, vec![("2026-11-23T16", 1), ("2026-11-23T17", 1)]);

    // From now on the kiosk's time moves with the system clock: an hour on
    // is believed, a jump back by two days is noticed again.
    clock.advance(Duration::from_secs(3600));
    assert!(rig.kiosk.controller().time().plausible());
    clock.jump_to(at("1969-12-30 01:30"));
    assert!(!rig.kiosk.controller().time().plausible());
}

/// The clock's fields start at the kiosk's time to the minute; a held
/// button goes on stepping.
#[test]
fn the_clock_starts_at_the_time_and_a_held_button_repeats() {
    let clock = ManualClock::new(at("2026-11-23 14:07"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    open_team(&rig, "1234");
    rig.tap("team-tab-1");
    let fields = || {
        let f = team(&rig).get_clock_fields();
        (0..f.row_count())
            .map(|i| f.row_data(i).unwrap_or(-1))
            .collect::<Vec<i32>>()
    };
    assert_eq!(fields(), vec![23, 11, 2026, 14, 7]);
    rig.tap("clock-up-4");
    assert_eq!(fields()[4], 8, "one tap, one minute");
    rig.hold("clock-up-4", Duration::from_secs(2));
    let after = fields()[4];
    assert!(
        after >= 8 + 10,
        "two seconds held go on by ten minutes or more: {after}"
    );
    rig.tap("clock-down-3");
    assert_eq!(fields()[3], 13);
}

#[test]
fn switches_and_volume_change_the_kiosk_and_are_kept() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    open_team(&rig, "1234");
    rig.tap("team-tab-3");
    rig.tap("switch-conversation");
    rig.tap("switch-ambassador");
    rig.tap("switch-motion");
    assert_eq!(
        rig.find("switch-motion").accessible_checked(),
        Some(true),
        "the switch shows it is on"
    );
    assert!(rig.kiosk.app().global::<ui::WheelAdapter>().get_conversation_mode());
    assert!(rig.kiosk.app().global::<ui::HelpAdapter>().get_ambassador_present());
    // No sound device here: the volume buttons are off, the volume stays.
    assert!(!team(&rig).get_has_sound());
    assert_eq!(text_of(&rig, "volume"), "80%");
    let c = rig.kiosk.controller();
    assert!(c.config().conversation_mode && c.config().ambassador_present && c.config().reduced_motion);
    drop(c);
    let saved = TeamSettings::load(rig.dir.path()).unwrap();
    assert_eq!(
        (saved.conversation_mode, saved.ambassador_present, saved.reduced_motion),
        (Some(true), Some(true), Some(true))
    );
    rig.tap("switch-motion");
    assert!(!rig.kiosk.controller().config().reduced_motion);
}

#[test]
fn the_team_screen_closes_itself_after_two_minutes() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let rig = team_rig(tempfile::tempdir().unwrap(), &clock);
    open_team(&rig, "1234");
    rig.wait(Duration::from_secs(100));
    rig.tap("team-tab-2");
    rig.wait(Duration::from_secs(100));
    assert_eq!(rig.screen(), Screen::Team, "a touch keeps it open");
    rig.wait(Duration::from_secs(21));
    assert_eq!(rig.screen(), Screen::Attract);
}

#[test]
fn export_writes_four_files_to_the_stick_and_health_says_what_is_wrong() {
    let stick = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    seed_counts(
        dir.path(),
        &[
            ("2026-11-23T10", "Markt Noord", "visit_start", "", 3),
            ("2026-11-23T10", "Markt Noord", "activity_open", "quiz", 2),
        ],
    );
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let config = Config {
        export_dir: stick.path().display().to_string(),
        ..team_config()
    };
    let rig = rig_team(800, 480, config, dir, &clock);
    open_team(&rig, "1234");
    rig.tap("team-tab-4");
    let health: Vec<String> = (0..8)
        .filter_map(|i| rig.try_find(&format!("health-{i}")))
        .map(|e| e.accessible_label().unwrap_or_default().to_string())
        .collect();
    assert!(health.iter().any(|l| l.starts_with("Database in orde")), "{health:?}");
    assert!(health.iter().any(|l| l.starts_with("Vrije ruimte")), "{health:?}");
    assert!(health.iter().any(|l| l.contains("Geen geluidsapparaat")), "{health:?}");
    rig.tap("team-export");
    let message = text_of(&rig, "export-message");
    assert!(message.starts_with("4 bestanden geschreven"), "{message}");
    assert!(message.contains("2 rijen"), "{message}");
    let out = stick.path().join("rookvrij-export");
    for ext in ["json", "csv", "xlsx", "html"] {
        let f = out.join(format!("rookvrij-noord-2026-11-23.{ext}"));
        assert!(std::fs::metadata(&f).is_ok_and(|m| m.len() > 100), "{}", f.display());
    }
    let csv = std::fs::read_to_string(out.join("rookvrij-noord-2026-11-23.csv")).unwrap();
    assert!(csv.contains("2026-11-23T10;noord;Markt Noord;visit_start;;3"), "{csv}");
    // The stick pulled out: a plain message.
    drop(stick);
    rig.tap("team-export");
    assert!(text_of(&rig, "export-message").contains("Geen USB-stick"));
}

#[test]
fn restart_writes_every_count_first_and_then_asks_to_start_again() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen = asked.clone();
    let rig = rig_team_with(
        1280,
        800,
        team_config(),
        tempfile::tempdir().unwrap(),
        &clock,
        move |desk| {
            desk.restart = Some(Box::new(move || seen.set(seen.get() + 1)));
        },
    );
    rig.tap("attract");
    rig.tap("tile-wheel");
    rig.wait(Duration::from_secs(61));
    open_team(&rig, "1234");
    rig.tap("team-tab-4");
    rig.tap("team-restart");
    assert_eq!(asked.get(), 1);
    // Flushed before the restart was asked: nothing waits in memory.
    assert_eq!(rig.store.health().waiting, 0);
    assert_eq!(rig.total("visit_start"), 1);
    assert_eq!(rig.total("activity_open"), 1);
}

/// The *Inhoud* tab as a team uses it at the market, at 800x480: what is
/// in use, a stick with a broken folder and a good one, the problems of the
/// broken one with file and line, *Gebruiken* on the good one (kept on the
/// data disk, the kiosk asked to start again), back in one tap, and the
/// content written to the stick.
#[test]
fn the_content_tab_loads_from_a_stick_goes_back_and_writes_to_the_stick() {
    use rookvrij_kiosk::shelf::Shelf;
    let stick = tempfile::tempdir().unwrap();
    let good = stick.path().join("rookvrij-inhoud");
    let broken = stick.path().join("oud/inhoud");
    for (name, bytes) in rookvrij_kiosk::content::builtin_files() {
        for dir in [&good, &broken] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    let wheel = std::fs::read_to_string(broken.join("wheel.toml")).unwrap();
    std::fs::write(broken.join("wheel.toml"), wheel.replacen("[[topic]]", "[[topic]", 1)).unwrap();
    // The stick's content calls the first topic otherwise.
    std::fs::write(
        good.join("wheel.toml"),
        wheel.replacen("label.nl = \"Geld\"", "label.nl = \"Portemonnee\"", 1),
    )
    .unwrap();
    let first_topic = |rig: &Rig| rig.kiosk.controller().content().topics[0].label.get("nl").to_string();

    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let config = Config {
        export_dir: stick.path().display().to_string(),
        ..team_config()
    };
    let restarts = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen = restarts.clone();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let rig = rig_team_with(800, 480, config, dir, &clock, move |desk| {
        desk.restart = Some(Box::new(move || seen.set(seen.get() + 1)));
    });
    open_team(&rig, "1234");
    rig.tap("team-tab-5");
    assert!(text_of(&rig, "content-now").starts_with("De ingebouwde voorbeeldinhoud"));
    assert_eq!(
        rig.find("content-back").accessible_enabled(),
        Some(false),
        "nothing to go back to"
    );

    // Two folders on the stick: the team chooses.
    rig.tap("content-look");
    assert!(text_of(&rig, "content-message").contains("Kies er een"));
    let first = text_of(&rig, "content-folder-0");
    assert!(first.ends_with("rookvrij-inhoud"), "the named folder first: {first}");
    rig.tap("content-folder-1");
    assert!(text_of(&rig, "content-message").contains("fouten"));
    assert!(
        text_of(&rig, "content-problem-0").contains("wheel.toml:"),
        "file and line"
    );
    assert!(rig.try_find("content-use").is_none(), "a broken folder cannot be used");

    rig.tap("content-look");
    rig.tap("content-folder-0");
    assert!(text_of(&rig, "content-message").contains("bruikbaar"));
    // Before Gebruiken: the new content's screens at the kiosk's size,
    // drawn by the kiosk's own preview, in each of its languages.
    let shots = |rig: &Rig| -> Vec<slint::SharedPixelBuffer<slint::Rgba8Pixel>> {
        team(rig)
            .get_content_preview()
            .iter()
            .map(|i| i.to_rgba8().expect("pixels"))
            .collect()
    };
    let dutch = shots(&rig);
    assert_eq!(dutch.len(), 4, "{}", text_of(&rig, "content-preview-note"));
    assert!(dutch.iter().all(|s| (s.width(), s.height()) == (800, 480)));
    assert_eq!(team(&rig).get_content_preview_langs().row_count(), 4);
    rig.tap_scrolled("content-preview-lang-2");
    let arabic = shots(&rig);
    assert_eq!(arabic.len(), 4);
    assert_ne!(
        dutch[0].as_bytes(),
        arabic[0].as_bytes(),
        "the home screen in Arabic differs"
    );
    // A shot shown big, and closed with a touch.
    rig.tap_scrolled("content-preview-1");
    assert_eq!(team(&rig).get_content_preview_big(), 1);
    rig.tap("content-preview-close");
    assert_eq!(team(&rig).get_content_preview_big(), -1);
    assert_eq!(first_topic(&rig), "Geld", "nothing is used before Gebruiken");
    rig.tap_scrolled("content-use");
    assert!(text_of(&rig, "content-message").contains("in gebruik"));
    assert_eq!(team(&rig).get_content_preview().row_count(), 0, "the preview is let go");
    assert_eq!(
        rig.find("content-progress").accessible_value().as_deref(),
        Some("100%"),
        "the bar is full"
    );
    rig.settle();
    assert_eq!(first_topic(&rig), "Portemonnee", "the new content is shown at once");
    assert_eq!(restarts.get(), 0, "without a restart");
    let (in_use, origin) = Shelf::in_data(&data).in_use().expect("kept on the data disk");
    assert!(in_use.join("wheel.toml").is_file());
    assert_eq!(origin.unwrap().datum, "2026-11-23");
    assert!(text_of(&rig, "content-now").starts_with("Geladen van een USB-stick op 2026-11-23"));

    // Back in one tap: the built-in content again.
    rig.tap("content-back");
    rig.settle();
    assert!(Shelf::in_data(&data).in_use().is_none());
    assert_eq!(first_topic(&rig), "Geld");
    assert!(text_of(&rig, "content-message").contains("vorige inhoud is terug"));

    // The content in use onto the stick, replacing what was there.
    std::fs::remove_dir_all(&good).unwrap();
    rig.tap("content-to-stick");
    assert!(text_of(&rig, "content-message").contains("staat op de stick"));
    assert!(good.join("content.toml").is_file());

    // Nothing was counted as a resident's tap.
    assert_eq!(rig.total("visit_start"), 0);
}

/// Types on the on-screen keyboard: letters, digits, space and signs by their keys.
fn type_keys(rig: &Rig, text: &str) {
    for c in text.chars() {
        let lower: String = c.to_lowercase().collect();
        let key = match c {
            ' ' => "kb-space".to_string(),
            'İ' => "kb-İ".to_string(),
            _ => format!("kb-{lower}"),
        };
        let upper = c.is_uppercase() && c != 'İ';
        let shifted = team(rig).get_kb_shift();
        if upper != shifted {
            rig.tap("kb-shift");
        }
        rig.tap(&key);
    }
}

#[test]
fn places_are_added_renamed_and_removed_on_the_kiosk_and_counts_keep_their_name() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let dir = tempfile::tempdir().unwrap();
    let rig = rig_team(800, 480, team_config(), dir, &clock);
    // A visit at the market first: it keeps that name.
    rig.tap("attract");
    rig.wait(Duration::from_secs(61));
    open_team(&rig, "1234");

    // Add a place with letters of Turkish and Dutch names.
    rig.tap("place-add");
    assert!(team(&rig).get_kb_open());
    assert!(team(&rig).get_kb_shift(), "the first letter is a capital");
    type_keys(&rig, "Çarşı İzmir & Zoë's");
    assert_eq!(team(&rig).get_kb_text(), "Çarşı İzmir & Zoë's");
    rig.tap("kb-back");
    rig.tap("kb-s");
    rig.tap("kb-ok");
    assert!(!team(&rig).get_kb_open());
    let places: Vec<String> = team(&rig).get_places().iter().map(|p| p.to_string()).collect();
    assert_eq!(places[3], "Çarşı İzmir & Zoë's");

    // No two the same, and at most 40 letters: said on the keyboard.
    rig.tap("place-add");
    type_keys(&rig, "bibliotheek");
    rig.tap("kb-ok");
    assert!(team(&rig).get_kb_open());
    assert!(
        text_of(&rig, "kb-message").contains("al een plek"),
        "{}",
        text_of(&rig, "kb-message")
    );
    for _ in 0..40 {
        rig.tap("kb-a");
    }
    assert_eq!(
        team(&rig).get_kb_text().chars().count(),
        40,
        "the 41st letter is not taken"
    );
    assert!(text_of(&rig, "kb-message").contains("40"));
    rig.tap("kb-cancel");
    assert_eq!(team(&rig).get_places().row_count(), 4, "cancel adds nothing");

    // Rename the place in use: new counts carry the new name.
    rig.tap("place-rename-0");
    assert_eq!(team(&rig).get_kb_text(), "Markt Noord");
    for _ in 0.."Noord".len() {
        rig.tap("kb-back");
    }
    type_keys(&rig, "Zuid");
    rig.tap("kb-ok");
    assert_eq!(team(&rig).get_place(), "Markt Zuid");

    // Remove asks first.
    rig.tap("place-remove-2");
    assert_eq!(text_of(&rig, "place-remove-2"), "Echt Bibliotheek weghalen?");
    assert_eq!(team(&rig).get_places().row_count(), 4);
    rig.tap("place-remove-2");
    let places: Vec<String> = team(&rig).get_places().iter().map(|p| p.to_string()).collect();
    assert_eq!(places, ["Markt Zuid", "Buurthuis De Boog", "Çarşı İzmir & Zoë's"]);
    rig.tap("place-2");
    assert_eq!(team(&rig).get_place(), "Çarşı İzmir & Zoë's");

    // Kept in team.toml, and the next visit counts at the new place.
    let kept = TeamSettings::load(rig.dir.path()).unwrap();
    assert_eq!(kept.vindplaatsen.as_deref(), Some(&places[..]));
    rig.tap("team-close");
    rig.tap("attract");
    assert!(rig.store.flush(Duration::from_secs(10)));
    let rows = store::read_counts(rig.dir.path()).unwrap();
    let mut at: Vec<&str> = rows
        .iter()
        .filter(|r| r.event == "visit_start")
        .map(|r| r.vindplaats.as_str())
        .collect();
    at.sort();
    assert_eq!(
        at,
        ["Markt Noord", "Çarşı İzmir & Zoë's"],
        "earlier counts keep their name"
    );
}

#[test]
fn todays_jar_is_used_at_once_with_a_chart_of_its_own_and_kept() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let dir = tempfile::tempdir().unwrap();
    let rig = rig_team(800, 480, team_config(), dir, &clock);
    // A guess on the content's jar first.
    rig.tap("attract");
    rig.tap("tile-quiz");
    rig.tap("pad-3");
    rig.tap("quiz-guess");
    assert_eq!(rig.screen(), Screen::QuizResult);
    rig.wait(Duration::from_secs(61));

    open_team(&rig, "1234");
    rig.tap("team-tab-6");
    assert!(team(&rig).get_jar_now().contains("uit de inhoud"));
    rig.tap_scrolled("jar-choice-1");
    assert!(!team(&rig).get_jar_changed(), "no count yet");
    rig.tap_scrolled("jar-count-edit");
    assert!(team(&rig).get_kb_digits());
    for k in ["4", "1", "2"] {
        rig.tap(&format!("kb-{k}"));
    }
    rig.tap("kb-ok");
    assert_eq!(team(&rig).get_jar_count(), 412);
    assert_eq!(team(&rig).get_jar_place(), "Markt Noord");
    assert_eq!(team(&rig).get_jar_date(), "23-11-2026");
    rig.tap_scrolled("jar-day-minus");
    rig.tap_scrolled("jar-place-next");
    rig.tap_scrolled("jar-day-plus");
    rig.tap_scrolled("jar-day-plus");
    assert_eq!(team(&rig).get_jar_date(), "23-11-2026", "never after today");
    rig.tap_scrolled("jar-day-minus");
    assert_eq!(team(&rig).get_jar_place(), "Buurthuis De Boog");
    rig.tap_scrolled("jar-use");
    assert!(team(&rig).get_jar_message().contains("begint opnieuw"));
    assert!(
        team(&rig)
            .get_jar_now()
            .contains("412 peuken, opgeraapt bij Buurthuis De Boog op 22-11-2026")
    );

    // The resident's jar: 412, where and when, and a chart without the guess before.
    rig.tap("team-close");
    rig.tap("attract");
    rig.tap("tile-quiz");
    assert_eq!(
        text_of(&rig, "quiz-jar-place"),
        "Opgeraapt bij Buurthuis De Boog op 22-11-2026"
    );
    rig.tap("pad-4");
    rig.tap("quiz-guess");
    let quiz = rig.kiosk.app().global::<ui::QuizAdapter>();
    assert_eq!(quiz.get_answer(), 412);
    let bars: i32 = quiz.get_bars().iter().map(|b| b.count).sum();
    assert_eq!(bars, 1, "only this jar's guesses in its chart");
    assert!(rig.store.flush(Duration::from_secs(10)));
    assert_eq!(rig.count("quiz_guess", "eigen-pot-1"), 1);

    // Kept: a restart shows the same jar.
    let kept = TeamSettings::load(rig.dir.path()).unwrap().pot.unwrap();
    assert_eq!(
        (kept.aantal, kept.datum.as_str(), kept.nummer),
        (Some(412), "2026-11-22", 1)
    );

    // Back to the content's jars in one touch.
    rig.wait(Duration::from_secs(61));
    open_team(&rig, "1234");
    rig.tap("team-tab-6");
    rig.tap_scrolled("jar-choice-0");
    assert!(team(&rig).get_jar_now().contains("om de beurt"));
    assert!(rig.kiosk.controller().content().jars.len() > 1);
}

#[test]
fn items_switched_off_are_not_shown_but_six_topics_stay() {
    let clock = ManualClock::new(at("2026-11-23 14:10"));
    let dir = tempfile::tempdir().unwrap();
    let rig = rig_team(720, 1280, team_config(), dir, &clock);
    open_team(&rig, "1234");
    rig.tap("team-tab-6");
    let topics = rig.kiosk.controller().content().topics.len();
    let stories = rig.kiosk.controller().content().stories.len();
    assert!(topics > 6);
    for i in 0..topics {
        rig.tap_scrolled(&format!("show-topic-{i}"));
    }
    assert!(team(&rig).get_show_message().contains("minstens 6"));
    assert_eq!(rig.kiosk.controller().content().topics.len(), 6);
    assert_eq!(team(&rig).get_show_topics().row_data(0).map(|t| t.on), Some(false));
    assert_eq!(
        rig.find(&format!("show-topic-{}", topics - 1)).accessible_checked(),
        Some(true)
    );
    rig.tap_scrolled("show-story-0");
    assert_eq!(rig.kiosk.controller().content().stories.len(), stories - 1);
    // The demo's stories are examples, and say so.
    assert!(team(&rig).get_show_stories().iter().all(|s| s.example));
    // On again.
    rig.tap_scrolled("show-help-0");
    rig.tap_scrolled("show-help-0");
    assert!(TeamSettings::load(rig.dir.path()).unwrap().uit.hulp.is_empty());
    rig.tap("team-tab-0");
    rig.tap("team-tab-6");
    rig.tap_scrolled("show-topic-0");
    assert_eq!(rig.kiosk.controller().content().topics.len(), 7.min(topics));
    let kept = TeamSettings::load(rig.dir.path()).unwrap();
    assert_eq!(kept.uit.verhalen.len(), 1);
    // Nothing counted as a resident's tap.
    assert_eq!(rig.total("visit_start"), 0);
}
